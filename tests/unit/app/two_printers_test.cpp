// A counter with a receipt printer and a label printer beside it: each job goes to the printer
// for its kind, in that printer's language, with the configured fallback when one is missing.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "drivers/sim/virtual_printer.hpp"
#include "kiosk/app/print_route.hpp"
#include "tests/unit/app/controller_fixture.hpp"

using namespace hp;
namespace cmd = app::cmd;
using store::PrinterRole;
using store::PrintKind;

namespace {

std::vector<std::string> spooled(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  if (!std::filesystem::exists(dir)) return out;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".bin") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return out;
}

struct TwoPrinters {
  test::TempDir spool{"two_printers_spool"};
  dev::VirtualPrinter receipt{{.spool_dir = spool.path() / "receipt"}};
  dev::VirtualPrinter label{{.spool_dir = spool.path() / "label", .name = "Virtual label printer",
                             .role = dev::DeviceKind::LabelPrinter}};
  test::ControllerFixture t;

  explicit TwoPrinters(std::function<void(app::KioskConfig&)> configure)
      : t(test::ControllerFixture::Setup{
            .configure = std::move(configure),
            .devices = {nullptr, &receipt, &label},
            .composer = [](const app::KioskConfig& c) -> std::unique_ptr<app::JobComposer> {
              auto made = app::EscPosJobComposer::create(c);
              REQUIRE(made);
              return std::move(*made);
            }}) {
    auto sink = [this](dev::DeviceEvent e) { t.queue.post([e](app::Controller& c) { c.on_device(e); }); };
    receipt.start(sink);
    label.start(sink);
  }
  ~TwoPrinters() {
    receipt.stop();
    label.stop();
    t.settle();
  }
  // Until the controller has seen the label printer in this state.
  void wait_label(dev::Link link) {
    for (int i = 0; i < 1000; ++i) {
      t.settle();
      auto it = t.s().devices.find(dev::DeviceKind::LabelPrinter);
      if (it != t.s().devices.end() && it->second.status.link == link) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    FAIL("the label printer never reached " << dev::to_string(link));
  }
  // Until `printed` jobs are marked printed (the printers' threads spool each file before they
  // report it), then a moment more so a stray extra job would show in the counts.
  void settle_printing(int printed) {
    for (int i = 0; i < 6000; ++i) {
      t.settle();
      if (!t.c->busy() && t.s().print.queued == 0 && t.s().print.marks_pending == 0 &&
          t.count("SELECT count(*) FROM print_jobs WHERE status = 'queued'") == 0 &&
          t.count("SELECT count(*) FROM print_jobs WHERE status = 'printed'") >= printed)
        break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    for (int i = 0; i < 40; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      t.settle();
    }
  }
  // Two crates of rice for one farmer: a receipt and two labels.
  void drop_off(int farmer, int printed) {
    t.scan(store::demo_member_code(farmer));
    t.apply(cmd::SelectProduct{t.product_id("GAO")});
    t.weigh(25'000'000);
    t.apply(cmd::AddItem{});
    t.weigh(0, dev::ScaleState::Zero);
    t.weigh(12'500'000);
    t.apply(cmd::AddItem{});
    t.apply(cmd::ConfirmDropOff{});
    REQUIRE(t.notice() == "dropoff.saved");
    settle_printing(printed);
  }
};

bool is_escpos(const std::string& bytes) { return bytes.rfind("\x1b@", 0) == 0; }
bool is_zpl(const std::string& bytes) { return bytes.find("^XA") != std::string::npos && !is_escpos(bytes); }

}  // namespace

TEST_CASE("print_route: each kind to its printer, the fallback only as configured") {
  app::KioskConfig none;
  CHECK(app::print_route(PrintKind::Label, none, {true, true}) == PrinterRole::Receipt);
  CHECK(app::print_route(PrintKind::DropOffReceipt, none, {false, true}) == PrinterRole::Receipt);

  app::KioskConfig zpl;
  zpl.label_printer = "zpl";
  CHECK(app::print_route(PrintKind::Label, zpl, {true, true}) == PrinterRole::Label);
  CHECK(app::print_route(PrintKind::Label, zpl, {true, false}) == PrinterRole::Receipt);  // label_fallback
  CHECK(app::print_route(PrintKind::Label, zpl, {false, false}) == PrinterRole::Label);   // waits for its own
  CHECK(app::print_route(PrintKind::DropOffReceipt, zpl, {true, true}) == PrinterRole::Receipt);
  CHECK(app::print_route(PrintKind::PickupReceipt, zpl, {false, true}) == PrinterRole::Receipt);  // no fallback set
  CHECK(app::print_route(PrintKind::ShiftReport, zpl, {false, true}) == PrinterRole::Receipt);
  zpl.label_fallback = false;
  CHECK(app::print_route(PrintKind::Label, zpl, {true, false}) == PrinterRole::Label);

  app::KioskConfig escpos_labels;
  escpos_labels.label_printer = "escpos-58";
  escpos_labels.receipt_fallback = true;
  CHECK(app::print_route(PrintKind::DropOffReceipt, escpos_labels, {false, true}) == PrinterRole::Label);
  CHECK(app::print_route(PrintKind::DropOffReceipt, escpos_labels, {false, false}) == PrinterRole::Receipt);
  CHECK(app::print_route(PrintKind::DropOffReceipt, escpos_labels, {true, true}) == PrinterRole::Receipt);
}

TEST_CASE("config: a receipt fallback is refused for a ZPL or TSPL label printer, and an unknown model named") {
  test::TempDir dir("two_printers_config");
  {
    std::ofstream f(dir.file("kiosk.toml"));
    f << "label_printer = \"zpl\"\nreceipt_fallback = true\n";
  }
  auto loaded = app::load_config(dir.file("kiosk.toml"));
  CHECK(loaded.config.label_printer == "zpl");
  CHECK_FALSE(loaded.config.receipt_fallback);
  REQUIRE(loaded.problems.size() == 1);
  CHECK(loaded.problems[0].find("receipt_fallback") != std::string::npos);
  {
    std::ofstream f(dir.file("kiosk.toml"));
    f << "label_printer = \"brother\"\n";
  }
  loaded = app::load_config(dir.file("kiosk.toml"));
  CHECK(loaded.config.label_printer.empty());
  REQUIRE(loaded.problems.size() == 1);
  CHECK(loaded.problems[0].find("label_printer") != std::string::npos);
}

TEST_CASE("a drop-off with two printers: the receipt on the receipt printer, each crate's ZPL label on the label printer") {
  TwoPrinters p([](app::KioskConfig& c) { c.label_printer = "zpl"; });
  CHECK(p.t.s().devices.count(dev::DeviceKind::LabelPrinter) == 1);
  p.wait_label(dev::Link::Ready);
  p.drop_off(5, 3);
  const auto receipts = spooled(p.spool.path() / "receipt");
  const auto labels = spooled(p.spool.path() / "label");
  REQUIRE(receipts.size() == 1);
  CHECK(is_escpos(receipts[0]));
  REQUIRE(labels.size() == 2);
  for (const auto& l : labels) {
    CHECK(is_zpl(l));
    CHECK(l.find("^XZ") != std::string::npos);
  }
  CHECK(p.t.count("SELECT count(*) FROM print_jobs WHERE kind = 'label' AND printer = 'label' AND status = 'printed'") == 2);
  CHECK(p.t.count("SELECT count(*) FROM print_jobs WHERE kind = 'dropoff_receipt' AND printer = 'receipt' "
                  "AND status = 'printed'") == 1);
  // Both printers are in view, each with its last job.
  CHECK(p.t.s().devices.at(dev::DeviceKind::LabelPrinter).last_event_key == "devices.job_printed");
  CHECK(p.t.s().devices.at(dev::DeviceKind::Printer).last_event_key == "devices.job_printed");
}

TEST_CASE("a TSPL label printer gets TSPL labels") {
  TwoPrinters p([](app::KioskConfig& c) { c.label_printer = "tspl"; });
  p.wait_label(dev::Link::Ready);
  p.drop_off(6, 3);
  const auto labels = spooled(p.spool.path() / "label");
  REQUIRE(labels.size() == 2);
  for (const auto& l : labels) {
    CHECK(l.rfind("SIZE ", 0) == 0);
    CHECK(l.find("PRINT 1") != std::string::npos);
  }
}

TEST_CASE("the label printer unplugged: labels fall back to the receipt printer, as ESC/POS, or wait when told to") {
  SUBCASE("fallback on") {
    TwoPrinters p([](app::KioskConfig& c) { c.label_printer = "zpl"; });
    p.label.set_connected(false);
    p.wait_label(dev::Link::Disconnected);
    // The fallback needs the receipt printer seen ready too: its first status comes from its
    // own thread, and under load it may not have landed yet.
    for (int i = 0; i < 1000; ++i) {
      p.t.settle();
      if (p.t.s().devices.at(dev::DeviceKind::Printer).status.link == dev::Link::Ready) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    REQUIRE(p.t.s().devices.at(dev::DeviceKind::Printer).status.link == dev::Link::Ready);
    p.drop_off(5, 3);
    const auto receipts = spooled(p.spool.path() / "receipt");
    REQUIRE(receipts.size() == 3);  // the receipt and both labels, all ESC/POS
    for (const auto& r : receipts) CHECK(is_escpos(r));
    CHECK(spooled(p.spool.path() / "label").empty());
    CHECK(p.t.count("SELECT count(*) FROM print_jobs WHERE kind = 'label' AND printer = 'receipt'") == 2);
  }
  SUBCASE("fallback off: the labels wait for the label printer and print on it when it is back") {
    TwoPrinters p([](app::KioskConfig& c) {
      c.label_printer = "zpl";
      c.label_fallback = false;
    });
    p.label.set_connected(false);
    p.wait_label(dev::Link::Disconnected);
    p.drop_off(5, 1);
    CHECK(spooled(p.spool.path() / "receipt").size() == 1);
    CHECK(spooled(p.spool.path() / "label").empty());
    CHECK(p.t.count("SELECT count(*) FROM print_jobs WHERE kind = 'label' AND printer = 'label' AND status = 'sent'") == 2);
    p.label.set_connected(true);
    p.settle_printing(3);
    const auto labels = spooled(p.spool.path() / "label");
    REQUIRE(labels.size() == 2);
    for (const auto& l : labels) CHECK(is_zpl(l));
    CHECK(p.t.count("SELECT count(*) FROM print_jobs WHERE kind = 'label' AND status = 'printed'") == 2);
  }
}

TEST_CASE("a job resumed after a restart goes to the printer it was composed for") {
  test::TempDir dir("two_printers_resume");
  const std::string db = dir.file("kiosk.db");
  UtcMillis now = 1'795'850'000'000;
  Clock clock{[&] { return now; }};
  IdGenerator ids{clock};
  {
    auto st = store::Store::open(db);
    REQUIRE(st);
    REQUIRE(store::seed_demo(*st, ids, clock));
  }
  app::KioskConfig config;
  config.label_printer = "zpl";
  config.label_fallback = false;
  auto composer = app::EscPosJobComposer::create(config);
  REQUIRE(composer);
  // One session of the counter on kiosk.db with these printers, until `done` holds.
  auto session = [&](app::Devices devices, const std::function<void(app::Controller&, std::function<void()>)>& run) {
    auto st = store::Store::open(db);
    REQUIRE(st);
    app::StoreWorker worker(std::move(*st));
    app::RunQueue queue;
    app::Controller c(config, queue, worker, ids, clock, devices, **composer);
    auto sink = [&queue](dev::DeviceEvent e) { queue.post([e](app::Controller& cc) { cc.on_device(e); }); };
    for (dev::Printer* p : {devices.printer, devices.label_printer})
      if (p) p->start(sink);
    c.start();
    auto settle = [&] {
      for (int i = 0; i < 50; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        worker.flush();
        queue.drain(c);
      }
    };
    settle();
    run(c, settle);
    for (dev::Printer* p : {devices.printer, devices.label_printer})
      if (p) p->stop();
    worker.flush();
    queue.drain(c);
  };
  auto count = [&](const std::string& sql) {
    auto d = db::Db::open(db);
    REQUIRE(d);
    auto q = d->prepare(sql);
    REQUIRE(q);
    REQUIRE(q->step().value_or(false));
    return q->i64(0);
  };

  // The first session has no label printer attached: the label stays queued for it.
  dev::VirtualPrinter receipt({.spool_dir = dir.path() / "receipt"});
  session({nullptr, &receipt, nullptr}, [&](app::Controller& c, std::function<void()> settle) {
    const auto& clerk = store::demo_clerks()[0];
    c.apply(cmd::ChooseClerk{std::string(clerk.id)});
    c.apply(cmd::SignIn{std::string(clerk.pin)});
    for (int i = 0; i < 20 && !c.state().session; ++i) settle();
    REQUIRE(c.state().session);
    c.on_device(dev::Scan{store::demo_member_code(5), "", "test"});
    settle();
    std::string rice;
    for (const auto& p : c.state().products)
      if (p.sku == "GAO") rice = p.id;
    c.apply(cmd::SelectProduct{rice});
    settle();
    c.on_device(dev::ScaleReading{dev::ScaleState::Stable, 25'000'000, 30'000'000, now});
    now += config.scale_settle_ms + 1;
    c.tick();
    c.apply(cmd::AddItem{});
    settle();
    c.apply(cmd::ConfirmDropOff{});
    for (int i = 0; i < 20 && spooled(dir.path() / "receipt").empty(); ++i) settle();
  });
  CHECK(spooled(dir.path() / "receipt").size() == 1);
  CHECK(count("SELECT count(*) FROM print_jobs WHERE kind = 'label' AND printer = 'label' AND status = 'queued'") == 1);

  // The next start has the label printer: the queued label comes out there, as the original.
  dev::VirtualPrinter label({.spool_dir = dir.path() / "label", .role = dev::DeviceKind::LabelPrinter});
  dev::VirtualPrinter receipt2({.spool_dir = dir.path() / "receipt2"});
  session({nullptr, &receipt2, &label}, [&](app::Controller&, std::function<void()> settle) {
    for (int i = 0; i < 20 && spooled(dir.path() / "label").empty(); ++i) settle();
  });
  const auto labels = spooled(dir.path() / "label");
  REQUIRE(labels.size() == 1);
  CHECK(is_zpl(labels[0]));
  CHECK(spooled(dir.path() / "receipt2").empty());
  CHECK(count("SELECT count(*) FROM print_jobs WHERE kind = 'label' AND status = 'printed'") == 1);
}
