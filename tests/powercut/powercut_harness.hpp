#pragma once
// Power cuts under the kiosk's store: the real Store, in this process, over PowerCutVfs.
//
// Each cycle opens the store through the VFS, arms a cut at a random write or sync (or cuts
// between two calls, or in or just after a clean shutdown), and runs the counter's writes until
// the power fails: drop-offs with their receipt and label jobs, pickups with their receipt, print jobs
// marked printed or failed. The cut store is closed, the disk "reboots", and the file is
// reopened with SQLite's default VFS and checked: integrity_check is ok, foreign keys hold,
// nothing is half-written, and every call that returned success (for a drop-off: its receipt
// was handed to the printer) is there. The one call the power caught may be there or not, but
// whole. The next cycle goes on with the same file.
#include <cstdint>
#include <string>
#include <vector>

#include "tests/powercut/powercut_vfs.hpp"

namespace hp::test {

// The store's synchronous setting for the run. The product offers Full (the counter) and
// Normal (bulk loads); Off is set by PRAGMA on the open connection, to prove the test fails.
enum class Sync { Full, Normal, Off };

struct PowerCutRun {
  Sync sync = Sync::Full;
  int cuts = 250;
  std::uint64_t seed = 1;
  // A lost successful call is counted but is not a failure: for Normal, which promises a
  // whole file but not the last commits.
  bool tolerate_losses = false;
  PowerCutVfs::Mode reboot = PowerCutVfs::Mode::Either;
};

struct PowerCutReport {
  PowerCutCounts vfs;
  int cycles = 0;
  // Where the cuts fell, by the call that was running.
  int in_commit = 0;  // inside a write call (BEGIN .. COMMIT), which then failed
  int in_drop_off = 0, in_pickup = 0, in_mark = 0;
  int after_commit = 0;  // COMMIT had returned ok; the cut fell in the auto-checkpoint after it
  int between_calls = 0;
  int in_shutdown = 0, after_shutdown = 0;  // the store closing cleanly: in its checkpoint, or just after
  int caught_present = 0, caught_absent = 0;  // the call the power caught, after reboot
  int short_checkpoint_cycles = 0;  // cycles run with a short auto-checkpoint
  std::int64_t drop_offs = 0, pickups = 0, marks = 0;  // calls that returned success
  std::int64_t lost_drop_offs = 0, lost_pickups = 0, lost_marks = 0;  // of those, missing after a cut
  // Every failed check. A lost call is forgotten and the run goes on (it is a failure unless
  // tolerate_losses); anything else (damage, a half-written or unknown record) stops the run.
  std::vector<std::string> failures;
  bool broken = false;

  std::string summary() const;
};

PowerCutReport run_power_cuts(const PowerCutRun& run);

}  // namespace hp::test
