// A real power cut, simulated below SQLite (PowerCutVfs, powercut_vfs.hpp says what it models
// and what not). SIGKILL (tests/e2e/crash_test.cpp) leaves the operating system's page cache
// intact, so it never tests synchronous=FULL; these cuts throw away whatever was not synced.
//
// First the simulator itself, through SQLite's VFS interface; then hundreds of cuts under the
// real store with the product's setting (FULL), which must lose nothing; then the same with
// synchronous=OFF, which must be caught losing committed drop-offs (the test can fail), and
// with NORMAL, which may lose the last commits but never half of one.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include "tests/powercut/powercut_harness.hpp"
#include "tests/powercut/powercut_vfs.hpp"
#include "tests/support/test_support.hpp"

using namespace hp::test;

namespace {

// A file opened through a VFS by its raw interface, as SQLite's pager would.
class RawFile {
 public:
  RawFile(sqlite3_vfs* vfs, const std::string& path, int flags)
      : mem_(new std::max_align_t[static_cast<std::size_t>(vfs->szOsFile) / sizeof(std::max_align_t) + 1]) {
    f_ = reinterpret_cast<sqlite3_file*>(mem_.get());
    rc_ = vfs->xOpen(vfs, path.c_str(), f_, flags | SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  }
  ~RawFile() { close(); }
  RawFile(const RawFile&) = delete;
  RawFile& operator=(const RawFile&) = delete;

  int open_rc() const { return rc_; }
  int write(const std::string& data, sqlite3_int64 at) {
    return f_->pMethods->xWrite(f_, data.data(), static_cast<int>(data.size()), at);
  }
  int sync() { return f_->pMethods->xSync(f_, SQLITE_SYNC_NORMAL); }
  int read(std::string& out, int n, sqlite3_int64 at) {
    out.assign(static_cast<std::size_t>(n), '\0');
    return f_->pMethods->xRead(f_, out.data(), n, at);
  }
  void close() {
    if (rc_ == SQLITE_OK && f_->pMethods) f_->pMethods->xClose(f_);
    rc_ = SQLITE_CANTOPEN;
  }

 private:
  std::unique_ptr<std::max_align_t[]> mem_;
  sqlite3_file* f_ = nullptr;
  int rc_ = SQLITE_CANTOPEN;
};

// By hand: HP_POWERCUT_SEED=n runs the cuts with another seed, HP_POWERCUT_CUTS=n makes the
// FULL case longer; HP_POWERCUT_SYNC=off (or normal) lowers its setting, and it must then fail.
std::uint64_t seed_from_env() {
  const char* s = std::getenv("HP_POWERCUT_SEED");
  return s ? std::strtoull(s, nullptr, 10) : 20261128;
}
int full_case_cuts() {
  const char* s = std::getenv("HP_POWERCUT_CUTS");
  return s ? std::atoi(s) : 250;
}
Sync full_case_sync() {
  const std::string s = std::getenv("HP_POWERCUT_SYNC") ? std::getenv("HP_POWERCUT_SYNC") : "";
  return s == "off" ? Sync::Off : s == "normal" ? Sync::Normal : Sync::Full;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("the power-cut VFS keeps synced writes, loses unsynced ones and may tear the last; no I/O after a cut") {
  TempDir dir("powercut_vfs");
  const std::string path = dir.file("a.db");
  int torn = 0, lost = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    std::ofstream(path, std::ios::trunc).close();  // on the disk before the power is ever cut
    PowerCutVfs vfs("hp-powercut-unit", seed);
    sqlite3_vfs* v = sqlite3_vfs_find(vfs.name().c_str());
    REQUIRE(v != nullptr);
    CHECK(sqlite3_vfs_find(nullptr) != v);  // registered beside the default, not as it
    {
      RawFile f(v, path, SQLITE_OPEN_MAIN_DB);
      REQUIRE(f.open_rc() == SQLITE_OK);
      REQUIRE(f.write(std::string(4096, 'a'), 0) == SQLITE_OK);
      REQUIRE(f.sync() == SQLITE_OK);
      REQUIRE(f.write(std::string(4096, 'b'), 0) == SQLITE_OK);  // unsynced, not the last: lost
      vfs.arm(1);
      CHECK(f.write(std::string(2048, 'c'), 4096) == SQLITE_IOERR_WRITE);  // the power fails during it
      CHECK(vfs.power_is_off());
      std::string back;
      CHECK(f.read(back, 16, 0) == SQLITE_IOERR_READ);
      CHECK(f.write("x", 0) == SQLITE_IOERR_WRITE);
      CHECK(f.sync() == SQLITE_IOERR_FSYNC);
    }
    REQUIRE(vfs.reboot(PowerCutVfs::Mode::Drop));
    CHECK_FALSE(vfs.power_is_off());
    const std::string disk = slurp(path);
    REQUIRE(disk.size() >= 4096);
    CHECK(disk.substr(0, 4096) == std::string(4096, 'a'));
    if (disk.size() == 4096) {
      ++lost;
    } else {  // torn: whole 512-byte sectors of the write, then one sector of noise, nothing after
      ++torn;
      const std::size_t extra = disk.size() - 4096;
      CHECK(extra % 512 == 0);
      CHECK(extra <= 2048);
      CHECK(disk.substr(4096, extra - 512) == std::string(extra - 512, 'c'));
    }
  }
  CHECK(torn > 0);
  CHECK(lost > 0);
}

TEST_CASE("the power-cut VFS: a new WAL is in the directory once synced; a deletion holds once the directory is") {
  TempDir dir("powercut_dir");
  const std::string path = dir.file("a.db-wal");
  std::ofstream(dir.file("a.db")).close();  // the unix VFS gives a WAL its database's permissions
  PowerCutVfs vfs("hp-powercut-unit", 7);
  sqlite3_vfs* v = sqlite3_vfs_find(vfs.name().c_str());
  REQUIRE(v != nullptr);
  auto write_file = [&](bool synced) {
    RawFile f(v, path, SQLITE_OPEN_WAL);
    REQUIRE(f.open_rc() == SQLITE_OK);
    REQUIRE(f.write("frames", 0) == SQLITE_OK);
    if (synced) REQUIRE(f.sync() == SQLITE_OK);
  };
  auto cut = [&] {
    vfs.cut_now();
    REQUIRE(vfs.reboot(PowerCutVfs::Mode::Drop));
  };

  write_file(false);
  cut();
  CHECK_FALSE(std::filesystem::exists(path));

  write_file(true);
  cut();
  CHECK(slurp(path) == "frames");

  CHECK(v->xDelete(v, path.c_str(), 0) == SQLITE_OK);  // no directory sync asked for
  CHECK_FALSE(std::filesystem::exists(path));
  cut();
  CHECK(slurp(path) == "frames");

  CHECK(v->xDelete(v, path.c_str(), 1) == SQLITE_OK);
  cut();
  CHECK_FALSE(std::filesystem::exists(path));
  CHECK(vfs.counts().files_vanished == 1);
  CHECK(vfs.counts().files_resurrected == 1);
}

TEST_CASE("250 power cuts under the store with synchronous=FULL: the file is whole and every commit is there") {
  const PowerCutReport rep = run_power_cuts(PowerCutRun{.sync = full_case_sync(), .cuts = full_case_cuts(), .seed = seed_from_env()});
  MESSAGE(rep.summary());
  CHECK(rep.failures.empty());
  CHECK(rep.vfs.cuts >= 250);
  // The cuts fell where they matter: inside commits of each kind, in checkpoints, on both files.
  CHECK(rep.in_drop_off > 0);
  CHECK(rep.in_pickup > 0);
  CHECK(rep.in_mark > 0);
  CHECK(rep.between_calls > 0);
  CHECK(rep.in_shutdown > 0);
  CHECK(rep.after_shutdown > 0);
  CHECK(rep.vfs.files_resurrected > 0);  // the WAL a shutdown deleted, back after the cut
  CHECK(rep.vfs.cuts_on_sync > 0);
  CHECK(rep.vfs.cuts_on_db > 0);
  CHECK(rep.vfs.writes_torn > 0);
  CHECK(rep.caught_present + rep.caught_absent == rep.in_commit);
}

TEST_CASE("with synchronous=OFF the same cuts are caught losing committed drop-offs, and worse") {
  // Unsynced writes all lost, none torn: the file goes back to the cycle's start, whole, and the
  // commits whose receipts were printed are gone.
  const PowerCutReport dropped = run_power_cuts(
      PowerCutRun{.sync = Sync::Off, .cuts = 40, .seed = seed_from_env(), .reboot = PowerCutVfs::Mode::DropUntorn});
  MESSAGE(dropped.summary());
  CHECK(dropped.lost_drop_offs > 0);
  CHECK_FALSE(dropped.failures.empty());
  // Some unsynced writes landing or torn: checkpointed pages reach the file with no sync
  // ordering them, and a torn page has no synced WAL frame to repair it.
  const PowerCutReport mixed = run_power_cuts(PowerCutRun{.sync = Sync::Off, .cuts = 40, .seed = seed_from_env()});
  MESSAGE(mixed.summary());
  CHECK_FALSE(mixed.failures.empty());
}

TEST_CASE("with synchronous=NORMAL a cut may lose the last commits, but never half of one") {
  const PowerCutReport rep =
      run_power_cuts(PowerCutRun{.sync = Sync::Normal, .cuts = 60, .seed = seed_from_env(), .tolerate_losses = true});
  MESSAGE(rep.summary());
  CHECK(rep.failures.empty());
  CHECK(rep.lost_drop_offs + rep.lost_pickups + rep.lost_marks > 0);
}
