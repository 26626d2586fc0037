// Printing at least once, never two originals, seen from the controller: a mark that cannot be
// stored is retried and shown, and at the next start a job that may be on paper comes out as a
// copy while one that never reached the printer comes out as the original.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "drivers/sim/virtual_printer.hpp"
#include "tests/unit/app/controller_fixture.hpp"

using namespace hp;
namespace cmd = app::cmd;

namespace {

void wait_idle(test::ControllerFixture& t) {
  for (int i = 0; i < 1000 && t.c->busy(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    t.now += 100;  // retries are due by the controller's clock
    t.c->tick();
    t.settle();
  }
}

void one_drop_off(test::ControllerFixture& t, int farmer) {
  t.scan(store::demo_member_code(farmer));
  t.apply(cmd::SelectProduct{t.product_id("GAO")});
  t.weigh(25'000'000);
  t.apply(cmd::AddItem{});
  t.apply(cmd::ConfirmDropOff{});
}

}  // namespace

TEST_CASE("a printed mark that cannot be stored is retried and shown, then lands") {
  test::TempDir spool("print_marks_spool");
  dev::VirtualPrinter printer({.spool_dir = spool.path()});
  test::ControllerFixture t(&printer);
  printer.set_paper_out(true);  // jobs wait at the printer
  printer.start([&t](dev::DeviceEvent e) { t.queue.post([e](app::Controller& c) { c.on_device(e); }); });
  one_drop_off(t, 5);
  wait_idle(t);  // the jobs are marked sent and wait for paper
  CHECK(t.count("SELECT count(*) FROM print_jobs WHERE status = 'sent'") == 2);

  // Another connection holds the write lock: the marks cannot be stored for now.
  auto blocker = db::Db::open(t.dir.file("kiosk.db"));
  REQUIRE(blocker);
  REQUIRE(blocker->exec("BEGIN IMMEDIATE").has_value());
  printer.set_paper_out(false);
  for (int i = 0; i < 400 && t.s().print.marks_pending == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    t.settle();
  }
  for (int i = 0; i < 2000 && t.notice() != "print.mark_failed"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    t.settle();
  }
  CHECK(t.notice() == "print.mark_failed");
  CHECK(t.s().print.marks_pending > 0);
  CHECK(t.c->busy());  // a script would wait for the mark
  REQUIRE(blocker->exec("ROLLBACK").has_value());
  wait_idle(t);
  CHECK_FALSE(t.c->busy());
  CHECK(t.s().print.marks_pending == 0);
  CHECK(t.count("SELECT count(*) FROM print_jobs WHERE status = 'printed'") == 2);
  printer.stop();
}

TEST_CASE("at the next start a sent job becomes a copy, a queued one prints as the original") {
  test::TempDir spool("print_resume_spool");
  std::string data;
  std::string sent_receipt_ref;
  {
    // First session: no printer at all, so every job stays queued.
    test::ControllerFixture first;
    one_drop_off(first, 5);
    one_drop_off(first, 6);
    data = first.dir.file("kiosk.db");
    // As if the first drop-off's jobs had been handed to a printer when the power went.
    auto d = db::Db::open(data);
    REQUIRE(d);
    REQUIRE(d->exec("UPDATE print_jobs SET status = 'sent' WHERE seq IN (SELECT seq FROM print_jobs ORDER BY seq LIMIT 2)")
                .has_value());
    auto st = d->prepare("SELECT ref_id FROM print_jobs WHERE kind = 'dropoff_receipt' ORDER BY seq LIMIT 1");
    REQUIRE(st);
    REQUIRE(st->step().value_or(false));
    sent_receipt_ref = st->text(0);
    // Keep the store for the second session (the file and its WAL: the first session is idle).
    std::filesystem::copy_file(data, spool.file("kiosk.db"));
    std::filesystem::copy_file(data + "-wal", spool.file("kiosk.db-wal"));
  }
  dev::VirtualPrinter printer({.spool_dir = spool.path() / "paper"});
  test::ControllerFixture second(&printer, test::ControllerFixture::Resume{spool.file("kiosk.db")});
  printer.start([&second](dev::DeviceEvent e) { second.queue.post([e](app::Controller& c) { c.on_device(e); }); });
  second.c->start();
  wait_idle(second);
  // Two originals (the second drop-off's receipt and label, never sent) and two copies.
  CHECK(second.count("SELECT count(*) FROM print_jobs WHERE status = 'superseded'") == 2);
  CHECK(second.count("SELECT count(*) FROM print_jobs WHERE copy = 1 AND status = 'printed'") == 2);
  CHECK(second.count("SELECT count(*) FROM print_jobs WHERE copy = 0 AND status = 'printed'") == 2);
  CHECK(second.count("SELECT count(*) FROM print_jobs WHERE copy = 1 AND kind = 'dropoff_receipt' AND ref_id = '" +
                     sent_receipt_ref + "'") == 1);
  bool copy_marked = false;
  for (const auto& j : printer.recent_jobs())
    if (j.kind == "dropoff_receipt" && j.bytes.find("BẢN SAO") != std::string::npos) copy_marked = true;
  CHECK(copy_marked);
  printer.stop();
}
