#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "drivers/sim/virtual_printer.hpp"
#include "tests/support/test_support.hpp"
#include "tests/unit/sim/event_log.hpp"

using namespace hp;
using namespace hp::dev;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::size_t files_in(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

VirtualPrinterOptions options_for(const test::TempDir& tmp) {
  VirtualPrinterOptions o;
  o.spool_dir = tmp.path() / "spool";
  o.name = "Test printer";
  o.history = 3;
  return o;
}

}  // namespace

TEST_CASE("virtual printer: jobs are spooled in submit order as <id>.bin, each with PrintDone ok") {
  test::TempDir tmp("vprinter_order");
  test::EventLog log;
  VirtualPrinter printer(options_for(tmp));
  CHECK(printer.kind() == DeviceKind::Printer);
  CHECK_FALSE(printer.last_job().has_value());
  printer.start(log.sink());
  std::string binary("\x1b@\x00\xff receipt", 12);
  printer.submit({"job-1", "receipt", binary});
  printer.submit({"job-2", "label", "^XA label ^XZ"});
  printer.submit({"job-3", "receipt", "third"});
  REQUIRE(log.wait_count<PrintDone>(3));

  auto done = log.all<PrintDone>();
  CHECK(done[0].job_id == "job-1");
  CHECK(done[1].job_id == "job-2");
  CHECK(done[2].job_id == "job-3");
  for (const auto& d : done) {
    CHECK(d.ok);
    CHECK(d.reason.empty());
  }
  CHECK(slurp(printer.spool_path("job-1")) == binary);
  CHECK(slurp(tmp.path() / "spool" / "job-2.bin") == "^XA label ^XZ");
  CHECK(files_in(tmp.path() / "spool") == 3);  // no .tmp left behind
  CHECK(printer.queued() == 0);

  auto last = printer.last_job();
  REQUIRE(last);
  CHECK(last->job_id == "job-3");
  CHECK(last->kind == "receipt");
  CHECK(last->bytes == "third");

  REQUIRE(log.wait_for([](const auto& es) {
    const auto* s = std::get_if<DeviceStatus>(&es.back().event);
    return s && s->link == Link::Ready;
  }));
  auto statuses = log.all<DeviceStatus>();
  REQUIRE(statuses.size() == 3);  // Ready, Busy while the batch prints, Ready
  CHECK(statuses[0].link == Link::Ready);
  CHECK(statuses[1].link == Link::Busy);
}

TEST_CASE("virtual printer: like paper, a job submitted again comes out again") {
  test::TempDir tmp("vprinter_again");
  test::EventLog log;
  {
    VirtualPrinter printer(options_for(tmp));
    printer.start(log.sink());
    printer.submit({"r-42", "receipt", "original"});
    printer.submit({"r-42", "receipt", "DIFFERENT"});  // a retry within the same session
    REQUIRE(log.wait_count<PrintDone>(2));
    CHECK(log.all<PrintDone>()[1].ok);
    CHECK(printer.recent_jobs().size() == 2);
  }
  // A new process (after a crash) re-submits the same job: a third sheet.
  VirtualPrinter again(options_for(tmp));
  again.start(log.sink());
  again.submit({"r-42", "receipt", "THIRD"});
  REQUIRE(log.wait_count<PrintDone>(3));
  CHECK(log.all<PrintDone>()[2].ok);
  CHECK(slurp(again.spool_path("r-42")) == "original");
  CHECK(slurp(tmp.path() / "spool" / "r-42.2.bin") == "DIFFERENT");
  CHECK(slurp(tmp.path() / "spool" / "r-42.3.bin") == "THIRD");
  REQUIRE(again.last_job().has_value());
  CHECK(again.last_job()->bytes == "THIRD");
}

TEST_CASE("virtual printer: a leftover .tmp from a crash is not a printed job") {
  test::TempDir tmp("vprinter_tmp");
  fs::create_directories(tmp.path() / "spool");
  { std::ofstream(tmp.path() / "spool" / "j1.bin.tmp") << "half"; }
  test::EventLog log;
  VirtualPrinter printer(options_for(tmp));
  printer.start(log.sink());
  printer.submit({"j1", "receipt", "whole job"});
  REQUIRE(log.wait_count<PrintDone>(1));
  CHECK(slurp(printer.spool_path("j1")) == "whole job");
  CHECK_FALSE(fs::exists(tmp.path() / "spool" / "j1.bin.tmp"));
}

TEST_CASE("virtual printer: paper out holds jobs (Error printer.paper_out) until paper is back") {
  test::TempDir tmp("vprinter_paper");
  test::EventLog log;
  VirtualPrinter printer(options_for(tmp));
  printer.start(log.sink());
  printer.set_paper_out(true);
  REQUIRE(log.wait_for([](const auto& es) {
    for (const auto& e : es)
      if (const auto* s = std::get_if<DeviceStatus>(&e.event);
          s && s->link == Link::Error && s->reason == "printer.paper_out")
        return true;
    return false;
  }));
  printer.submit({"p1", "receipt", "a"});
  printer.submit({"p2", "receipt", "b"});
  std::this_thread::sleep_for(150ms);
  CHECK(log.all<PrintDone>().empty());
  CHECK(printer.queued() == 2);
  CHECK_FALSE(fs::exists(printer.spool_path("p1")));

  printer.set_paper_out(false);
  REQUIRE(log.wait_count<PrintDone>(2));
  auto done = log.all<PrintDone>();
  CHECK(done[0].job_id == "p1");
  CHECK(done[1].job_id == "p2");
  CHECK(done[0].ok);
  CHECK(done[1].ok);
  CHECK(fs::exists(printer.spool_path("p2")));
}

TEST_CASE("virtual printer: disconnected holds jobs, reconnect completes them") {
  test::TempDir tmp("vprinter_conn");
  test::EventLog log;
  VirtualPrinter printer(options_for(tmp));
  printer.set_connected(false);
  printer.submit({"c1", "label", "x"});  // submitted before start: waits for it
  printer.start(log.sink());
  REQUIRE(log.wait_count<DeviceStatus>(1));
  CHECK(log.all<DeviceStatus>()[0].link == Link::Disconnected);
  std::this_thread::sleep_for(100ms);
  CHECK(log.all<PrintDone>().empty());
  printer.set_connected(true);
  REQUIRE(log.wait_count<PrintDone>(1));
  CHECK(log.all<PrintDone>()[0].ok);
}

TEST_CASE("virtual printer: unsafe job ids are refused with printer.bad_job_id") {
  test::TempDir tmp("vprinter_bad");
  test::EventLog log;
  VirtualPrinter printer(options_for(tmp));
  printer.start(log.sink());
  printer.submit({"../escape", "receipt", "x"});
  printer.submit({"", "receipt", "x"});
  printer.submit({".hidden", "receipt", "x"});
  printer.submit({"ok_1", "receipt", "x"});
  REQUIRE(log.wait_count<PrintDone>(4));
  auto done = log.all<PrintDone>();
  for (int i = 0; i < 3; ++i) {
    CHECK_FALSE(done[i].ok);
    CHECK(done[i].reason == "printer.bad_job_id");
  }
  CHECK(done[3].ok);
  CHECK_FALSE(fs::exists(tmp.path() / "escape.bin"));
}

TEST_CASE("virtual printer: the preview keeps the last N jobs, oldest first") {
  test::TempDir tmp("vprinter_hist");
  test::EventLog log;
  VirtualPrinter printer(options_for(tmp));
  printer.start(log.sink());
  for (int i = 1; i <= 5; ++i) printer.submit({"h" + std::to_string(i), "receipt", std::to_string(i)});
  REQUIRE(log.wait_count<PrintDone>(5));
  auto recent = printer.recent_jobs();
  REQUIRE(recent.size() == 3);
  CHECK(recent[0].job_id == "h3");
  CHECK(recent[2].job_id == "h5");
  CHECK(printer.last_job()->bytes == "5");
}

TEST_CASE("virtual printer: stop joins; no events after it; queued jobs resume on restart") {
  test::TempDir tmp("vprinter_stop");
  test::EventLog log;
  VirtualPrinter printer(options_for(tmp));
  printer.start(log.sink());
  printer.set_paper_out(true);
  printer.submit({"s1", "receipt", "x"});
  REQUIRE(log.wait_count<DeviceStatus>(2));
  printer.stop();
  const auto n = log.size();
  printer.set_paper_out(false);
  printer.submit({"s2", "receipt", "y"});
  std::this_thread::sleep_for(100ms);
  CHECK(log.size() == n);
  CHECK(printer.queued() == 2);
  printer.start(log.sink());
  REQUIRE(log.wait_count<PrintDone>(2));
}

TEST_CASE("virtual printer: destruction while jobs are queued and being written is safe") {
  test::TempDir tmp("vprinter_destroy");
  test::EventLog log;
  for (int round = 0; round < 5; ++round) {
    VirtualPrinter printer(options_for(tmp));
    printer.start(log.sink());
    for (int i = 0; i < 20; ++i)
      printer.submit({"d" + std::to_string(round) + "_" + std::to_string(i), "receipt",
                      std::string(4096, 'x')});
    REQUIRE(log.wait_count<PrintDone>(static_cast<std::size_t>(round) + 1));
  }
  // Whatever finished is complete: every .bin holds the whole job.
  for (const auto& e : fs::directory_iterator(tmp.path() / "spool"))
    if (e.path().extension() == ".bin") CHECK(fs::file_size(e.path()) == 4096);
}

TEST_CASE("virtual printer: a drawer kick is answered by DrawerKicked; refused while disconnected") {
  test::TempDir tmp("vprinter_drawer");
  test::EventLog log;
  VirtualPrinter printer(options_for(tmp));
  printer.start(log.sink());
  printer.request_drawer_kick();
  REQUIRE(log.wait_count<DrawerKicked>(1));
  CHECK(log.all<DrawerKicked>()[0].ok);
  CHECK(printer.drawer_kicks() == 1);
  printer.set_connected(false);
  printer.request_drawer_kick();
  REQUIRE(log.wait_count<DrawerKicked>(2));
  CHECK_FALSE(log.all<DrawerKicked>()[1].ok);
  CHECK(log.all<DrawerKicked>()[1].reason == "printer.unplugged");
  CHECK(printer.drawer_kicks() == 1);
  CHECK(log.all<PrintDone>().empty());
}
