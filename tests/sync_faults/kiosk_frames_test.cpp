// The real kiosk binary under Xvfb, enrolled through the fault proxy, making drop-offs at the
// counter while its sync thread first works normally, then is held by a stalled connection,
// then meets a centre that was SIGKILLed, then a restarted one. The UI thread must never wait
// on the network: the script's `measure begin` / `measure end` time every frame and every gap
// between frames through each phase (docs/scripts.md), and no frame or gap may come near a
// bound a blocked thread would break. These are correctness bounds ("never blocked on the
// network"; the stall holds the sync thread 1.5 s each time), not performance targets:
// performance is in `make bench`.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <fstream>
#include <limits>
#include <regex>
#include <sstream>

#include "kiosk/store/demo_data.hpp"
#include "kiosk/store/store.hpp"
#include "tests/sync_faults/faults_fixture.hpp"

extern char** environ;

using namespace hp;
using namespace hp::test;
using namespace std::chrono_literals;
using Mode = FaultProxy::Mode;

namespace {

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The kiosk as a child process, its stdout and stderr in a log file the test reads as it goes.
class KioskChild {
 public:
  KioskChild(const std::vector<std::string>& args, std::string log) : log_(std::move(log)) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    std::vector<std::string> argv_s{HP_KIOSK_BIN};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    const int r = posix_spawn(&pid_, HP_KIOSK_BIN, &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    REQUIRE(r == 0);
  }
  ~KioskChild() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  std::string log() const { return read_text_file(log_); }
  // The exit code, or -1 if it had not exited by then (it is then killed).
  int wait(std::chrono::milliseconds within) {
    int status = 0;
    const bool exited = eventually([&] { return waitpid(pid_, &status, WNOHANG) == pid_; }, within, 20ms);
    if (!exited) return -1;
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  void terminate() { ::kill(pid_, SIGTERM); }

 private:
  std::string log_;
  pid_t pid_ = -1;
};

struct FrameLine {
  double p99 = 0, max = 0, gap_p99 = 0, gap_max = 0, between_p99 = 0, between_max = 0;
  int frames = 0;
};

std::vector<FrameLine> frame_lines(const std::string& log) {
  std::vector<FrameLine> out;
  static const std::regex kLine(
      R"(frame_ms frames=(\d+) mean=[\d.]+ median=[\d.]+ p95=[\d.]+ p99=([\d.]+) max=([\d.]+) gap_p99=([\d.]+) )"
      R"(gap_max=([\d.]+) between_p99=([\d.]+) between_max=([\d.]+))");
  for (auto it = std::sregex_iterator(log.begin(), log.end(), kLine); it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    out.push_back({std::stod(m[2]), std::stod(m[3]), std::stod(m[4]), std::stod(m[5]), std::stod(m[6]), std::stod(m[7]),
                   std::stoi(m[1])});
  }
  return out;
}

}  // namespace

TEST_CASE("the real kiosk keeps drawing while sync stalls and the centre is killed (frame times measured)") {
  FaultRig rig("faults_frames");
  // Short sync timeouts, so the test sees a stall end and a retry within seconds.
  std::ofstream(rig.kiosk_dir + "/kiosk.toml") << "sync_timeout_ms = 1500\nsync_retry_max_ms = 1000\n";
  const std::string member = store::demo_member_code(0);
  const std::string drop_off = "scan " + member + "\ntap product_CA-CHUA\nweigh 13300 stable\ntap add_item\n"
                               "tap confirm\ntap next_dropoff\n";
  // Each block: time for the test to switch the fault, then every frame timed through a
  // drop-off (its commit pokes the sync client, whose push meets the fault) and 2 s more.
  std::string script = "sign_in NV-0001 1111\n";
  for (int i = 0; i < 4; ++i) script += "wait 500\nmeasure begin\n" + drop_off + "wait 2000\nmeasure end\n";
  script += "quit\n";
  const std::string script_path = rig.kiosk_tmp.file("script.txt");
  std::ofstream(script_path) << script;

  const std::string log_path = rig.kiosk_tmp.file("kiosk.log");
  KioskChild kiosk({"--data", rig.kiosk_dir, "--demo", "--script", script_path}, log_path);
  auto lines_seen = [&](std::size_t n) {
    return eventually([&] { return frame_lines(kiosk.log()).size() >= n; }, 60s, 10ms);
  };

  REQUIRE_MESSAGE(lines_seen(1), kiosk.log());  // normal sync
  rig.proxy.set_mode(Mode::Stall);
  rig.post_order();
  REQUIRE_MESSAGE(lines_seen(2), kiosk.log());  // the sync thread held by stalled connections
  const int stalls = rig.proxy.faults();
  rig.proxy.set_mode(Mode::Pass);
  rig.centre.kill_hard();
  REQUIRE_MESSAGE(lines_seen(3), kiosk.log());  // the centre gone: connections refused
  rig.centre.start();
  rig.proxy.set_upstream(rig.centre.port());
  rig.post_order();
  REQUIRE_MESSAGE(lines_seen(4), kiosk.log());  // back
  const int code = kiosk.wait(30s);
  const std::string log = kiosk.log();
  REQUIRE_MESSAGE(code == 0, log);
  CHECK_MESSAGE(stalls > 0, "the stall phase held no connection");
  MESSAGE("the stall held " << stalls << " of the kiosk's connections or requests");

  const auto measured = frame_lines(log);
  REQUIRE(measured.size() == 4);
  const std::string phase[] = {"syncing normally", "sync stalled", "centre killed", "centre restarted"};
  double worst_gap = 0, worst_between = 0;
  for (std::size_t i = 0; i < measured.size(); ++i) {
    const auto& m = measured[i];
    MESSAGE(phase[i] << ": " << m.frames << " frames; frame (build + render) p99 " << m.p99 << " ms, max " << m.max
                     << " ms; frame start to start p99 " << m.gap_p99 << " ms, max " << m.gap_max
                     << " ms; outside drawing p99 " << m.between_p99 << " ms, max " << m.between_max << " ms");
    worst_gap = std::max(worst_gap, m.gap_max);
    worst_between = std::max(worst_between, m.between_max);
  }
  // Outside drawing is where the UI thread would wait on sync (a store result's poke, a
  // status): under 500 ms, where each stall holds the sync thread 1.5 s. Drawing itself never
  // touches sync, but on a 2-core machine shared with builds llvmpipe alone took 750 ms for a
  // frame: the whole frame is held only to a bound a loaded machine keeps.
  CHECK(worst_between < 500.0);
  CHECK(worst_gap < 2000.0);

  // The session's drop-offs, and the orders posted meanwhile, end up on both sides once. The
  // kiosk pulls at start and every 15 s: a second run, ended once it has caught up, brings the
  // orders posted during the faults.
  std::ofstream(script_path) << "wait 30000\nquit\n";
  UtcMillis pulled_before = 0;
  {
    auto opened = store::Store::open(rig.db());
    REQUIRE(opened.has_value());
    pulled_before = opened->sync_record()->last_pull_at;
  }
  KioskChild again({"--data", rig.kiosk_dir, "--demo", "--script", script_path}, rig.kiosk_tmp.file("kiosk2.log"));
  {
    auto opened = store::Store::open(rig.db());
    REQUIRE(opened.has_value());
    CHECK(eventually([&] {
      auto rec = opened->sync_record();
      if (!rec || rec->last_pull_at <= pulled_before) return false;  // this run has pulled
      for (const auto& c : rig.pickup_codes) {
        auto o = opened->order_by_pickup_code(c);
        if (!o || !o->has_value()) return false;
      }
      auto counts = opened->sync_counts();
      return counts && counts->unsent == 0;
    }, 20s));
  }
  again.terminate();
  CHECK(again.wait(15s) == 0);
  auto opened = store::Store::open(rig.db());
  REQUIRE(opened.has_value());
  auto at_kiosk = opened->activity(0, std::numeric_limits<UtcMillis>::max() / 2);
  REQUIRE(at_kiosk.has_value());
  CHECK(at_kiosk->drop_offs.size() == 4);
  check_nothing_lost_nothing_doubled(rig, *opened);
}
