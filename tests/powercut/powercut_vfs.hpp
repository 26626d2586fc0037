#pragma once
// A test-only SQLite VFS that simulates a power cut below SQLite, after the manner of SQLite's
// own crash-test VFS (src/test6.c in SQLite's sources), written afresh for this project.
//
// It wraps the default VFS (the operating system's files) and is registered under its own
// name, never as the default. Writes reach the real file at once, as they reach the page cache
// of a running machine, so every read sees them; what the VFS adds is a model of what a disk
// would hold if the power failed now:
//  - per file, the content as of its last xSync, and the writes and truncations since;
//  - per path, which file the directory entry names after a power cut: a new file is there
//    only once a directory sync follows its creation (the unix VFS syncs the directory at the
//    first xSync of a new journal or WAL, and never for a new database), and a deletion holds
//    only once a directory sync follows it (xDelete asked to sync, or a new journal's first
//    sync); until then the deleted file comes back with its synced content.
// The power is cut at the n-th write, truncation, sync or deletion after arm(n), or at once by
// cut_now(). From then on every I/O fails (SQLITE_IOERR_*), so the process cannot write again;
// closing still works. reboot(), once every file is closed, rewrites every file to what the disk
// holds, in one of two modes, chosen at random per cut unless the caller names one:
//  - "drop": every write and truncation not followed by a sync is lost, except that the last
//    unsynced write of each file (the one the disk may have been busy with) may be torn: a
//    random prefix of its 512-byte sectors lands and the next sector holds random bytes;
//  - "scramble" (test6.c's model): each unsynced write independently lands, is lost or is torn,
//    and each unsynced truncation lands or not, in any combination.
// It also deletes the WAL index (-shm): it is shared memory, and memory does not survive.
//
// What it does not model: a disk that lies about xSync (reports a flush it did not make), data
// damaged outside the byte range of an unsynced write (the unix VFS claims powersafe overwrite,
// SQLITE_IOCAP_POWERSAFE_OVERWRITE, and SQLite relies on it), bit rot in synced data, reordering
// between files beyond "unsynced writes may land in any subset", and directories other than
// the one the files are in (one directory sync covers them all). xSync does not call the real
// fsync: durability is what this model says, and skipping the real disk keeps hundreds of cuts
// fast. Temporary files (no name, or delete-on-close) pass through untracked.
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>

namespace hp::test {

struct PowerCutCounts {
  std::int64_t cuts = 0;
  std::int64_t cuts_on_write = 0, cuts_on_sync = 0, cuts_on_truncate = 0, cuts_on_delete = 0, cuts_idle = 0;
  std::int64_t cuts_on_db = 0, cuts_on_wal = 0, cuts_on_journal = 0;  // which file the cut landed on
  std::int64_t scramble_cuts = 0;                                     // cuts rebooted in "scramble" mode
  std::int64_t writes_lost = 0, writes_landed = 0, writes_torn = 0;  // unsynced writes, as rebooted
  std::int64_t files_vanished = 0, files_resurrected = 0;  // creations / deletions undone by a cut
};

class PowerCutVfs {
 public:
  // Registers the VFS as `name` (not the default); seed drives every random choice it makes.
  PowerCutVfs(std::string name, std::uint64_t seed);
  ~PowerCutVfs();  // unregisters
  PowerCutVfs(const PowerCutVfs&) = delete;
  PowerCutVfs& operator=(const PowerCutVfs&) = delete;

  const std::string& name() const;

  // The power fails at the n-th write, truncation, sync or deletion from now (n >= 1).
  void arm(std::int64_t n);
  // The power fails now, between two I/O calls.
  void cut_now();
  bool power_is_off() const;
  // Writes, truncations, syncs and deletions seen since the last reboot() or forget().
  std::int64_t io_count() const;

  // What a disk holds after the power cut, then power back on with nothing tracked. Every file
  // opened through the VFS must be closed. Returns false (and does nothing) otherwise.
  // Either: Drop or Scramble, at random. DropUntorn: every unsynced write lost, none torn.
  enum class Mode { Either, Drop, Scramble, DropUntorn };
  bool reboot(Mode mode = Mode::Either);
  // Forgets every file without a cut: a clean shutdown, where the machine stayed up and the
  // operating system wrote everything back. Every file must be closed.
  bool forget();

  const PowerCutCounts& counts() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace hp::test
