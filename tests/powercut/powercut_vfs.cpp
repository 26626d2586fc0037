#include "tests/powercut/powercut_vfs.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <new>
#include <optional>
#include <random>
#include <vector>

namespace hp::test {
namespace {

// The unit a disk writes in. Smaller than SQLite's assumed 4096-byte sector, so a tear can
// also split a WAL frame or a database page in the middle.
constexpr std::size_t kSector = 512;

// One write or truncation not yet made durable by xSync.
struct Op {
  bool truncate = false;
  std::int64_t offset = 0;  // a truncation: the new size
  std::string data;
};

// A file's content on the disk: as of its last sync, and what came after.
struct Inode {
  std::string synced;
  std::vector<Op> pending;
};

enum class Kind { Db, Wal, Journal, Other };
enum class CutOp { Write, Sync, Truncate, Delete };

struct PathState {
  std::shared_ptr<Inode> live;     // what the directory entry names now (null: no file)
  std::shared_ptr<Inode> durable;  // what it names after a power cut (null: no file)
  Kind kind = Kind::Other;
};

void apply_op(std::string& image, const Op& op) {
  if (op.truncate) {
    image.resize(static_cast<std::size_t>(op.offset), '\0');
    return;
  }
  const auto at = static_cast<std::size_t>(op.offset);
  if (image.size() < at + op.data.size()) image.resize(at + op.data.size(), '\0');
  std::memcpy(image.data() + at, op.data.data(), op.data.size());
}

std::optional<std::string> read_whole(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string out;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

bool write_whole(const std::string& path, const std::string& content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return done == content.size();
}

Kind kind_of_flags(int flags) {
  if (flags & SQLITE_OPEN_MAIN_DB) return Kind::Db;
  if (flags & SQLITE_OPEN_WAL) return Kind::Wal;
  if (flags & (SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_SUPER_JOURNAL)) return Kind::Journal;
  return Kind::Other;
}

Kind kind_of_name(const std::string& path) {
  if (path.ends_with("-wal")) return Kind::Wal;
  if (path.ends_with("-journal")) return Kind::Journal;
  return Kind::Other;
}

}  // namespace

struct PowerCutVfs::Impl {
  std::string name;
  sqlite3_vfs vfs{};
  sqlite3_vfs* base = nullptr;
  sqlite3_io_methods methods[4]{};  // by the real file's io methods version
  std::mt19937_64 rng;
  std::map<std::string, PathState> paths;
  int open_files = 0;
  std::int64_t io = 0;
  std::int64_t trigger = 0;  // 0: not armed
  bool off = false;
  PowerCutCounts counts;

  enum class Go { Yes, Cut, Dead };
  // Counts one durable-state operation; says whether it may run, is the one the power fails
  // at, or comes after the power failed.
  Go tick(Kind kind, CutOp op) {
    if (off) return Go::Dead;
    ++io;
    if (trigger == 0 || io < trigger) return Go::Yes;
    power_cut(kind);
    switch (op) {
      case CutOp::Write: ++counts.cuts_on_write; break;
      case CutOp::Sync: ++counts.cuts_on_sync; break;
      case CutOp::Truncate: ++counts.cuts_on_truncate; break;
      case CutOp::Delete: ++counts.cuts_on_delete; break;
    }
    return Go::Cut;
  }

  void power_cut(Kind kind) {
    off = true;
    trigger = 0;
    ++counts.cuts;
    if (kind == Kind::Db) ++counts.cuts_on_db;
    if (kind == Kind::Wal) ++counts.cuts_on_wal;
    if (kind == Kind::Journal) ++counts.cuts_on_journal;
  }

  // Everything the directory now names becomes what it names after a cut.
  void sync_directory() {
    for (auto& [path, st] : paths) st.durable = st.live;
  }

  // A write the power failed during: a prefix of its sectors landed, the next one holds noise.
  // Only bytes inside the write change (powersafe overwrite).
  void tear(std::string& image, const Op& op) {
    const auto begin = static_cast<std::size_t>(op.offset);
    const std::size_t end = begin + op.data.size();
    std::vector<std::size_t> bounds{begin};
    for (std::size_t s = (begin / kSector + 1) * kSector; s < end; s += kSector) bounds.push_back(s);
    bounds.push_back(end);
    const std::size_t chunks = bounds.size() - 1;
    const std::size_t kept = static_cast<std::size_t>(rng() % chunks);
    Op landed{.truncate = false, .offset = op.offset, .data = op.data.substr(0, bounds[kept] - begin)};
    apply_op(image, landed);
    std::string noise(bounds[kept + 1] - bounds[kept], '\0');
    for (char& c : noise) c = static_cast<char>(rng());
    apply_op(image, Op{.truncate = false, .offset = static_cast<std::int64_t>(bounds[kept]), .data = std::move(noise)});
    ++counts.writes_torn;
  }

  std::string after_cut(const Inode& inode, bool scramble, bool may_tear) {
    std::string image = inode.synced;
    for (std::size_t i = 0; i < inode.pending.size(); ++i) {
      const Op& op = inode.pending[i];
      const bool last = i + 1 == inode.pending.size();
      if (op.truncate) {
        if (scramble && rng() % 2 == 0) apply_op(image, op);
        continue;
      }
      // Drop: only the file's last unsynced write may be torn (the disk may have been writing
      // it when the power failed), at even odds. Scramble: test6.c's odds, 3/8 landed, 1/2
      // lost, 1/8 torn.
      const unsigned r = static_cast<unsigned>(rng() % 8);
      if (scramble ? r == 7 : (may_tear && last && r < 4)) {
        tear(image, op);
      } else if (scramble && r < 3) {
        apply_op(image, op);
        ++counts.writes_landed;
      } else {
        ++counts.writes_lost;
      }
    }
    return image;
  }

  bool reboot(PowerCutVfs::Mode mode) {
    if (open_files != 0) return false;
    const bool scramble = mode == PowerCutVfs::Mode::Either ? rng() % 2 == 0 : mode == PowerCutVfs::Mode::Scramble;
    if (scramble) ++counts.scramble_cuts;
    for (auto& [path, st] : paths) {
      if (!st.durable) {
        if (::unlink(path.c_str()) == 0) ++counts.files_vanished;
      } else {
        if (!st.live) ++counts.files_resurrected;
        if (!write_whole(path, after_cut(*st.durable, scramble, mode != PowerCutVfs::Mode::DropUntorn))) return false;
      }
      // The WAL index is shared memory: gone with the power; SQLite rebuilds it from the WAL.
      if (st.kind == Kind::Db) ::unlink((path + "-shm").c_str());
    }
    return forget_all();
  }

  bool forget_all() {
    if (open_files != 0) return false;
    paths.clear();
    io = 0;
    trigger = 0;
    off = false;
    return true;
  }
};

namespace {

using Impl = PowerCutVfs::Impl;

struct CutFile {
  sqlite3_file file;  // first: this is what SQLite holds
  Impl* vfs = nullptr;
  std::shared_ptr<Inode> inode;  // null: an untracked temporary file
  Kind kind = Kind::Other;
  bool syncs_directory = false;  // the unix VFS syncs the directory at a new journal's first sync
  sqlite3_file* real = nullptr;
};

constexpr std::size_t kHeader = (sizeof(CutFile) + 15) / 16 * 16;

CutFile* cf(sqlite3_file* f) { return reinterpret_cast<CutFile*>(f); }
sqlite3_file* real(sqlite3_file* f) { return cf(f)->real; }

int cf_close(sqlite3_file* f) {
  CutFile* c = cf(f);
  const int rc = c->real->pMethods ? c->real->pMethods->xClose(c->real) : SQLITE_OK;
  --c->vfs->open_files;
  c->~CutFile();
  return rc;
}

int cf_read(sqlite3_file* f, void* buf, int n, sqlite3_int64 at) {
  if (cf(f)->vfs->off) return SQLITE_IOERR_READ;
  return real(f)->pMethods->xRead(real(f), buf, n, at);
}

int cf_write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 at) {
  CutFile* c = cf(f);
  if (!c->inode) return c->vfs->off ? SQLITE_IOERR_WRITE : c->real->pMethods->xWrite(c->real, buf, n, at);
  Op op{.truncate = false, .offset = at, .data = std::string(static_cast<const char*>(buf), static_cast<std::size_t>(n))};
  switch (c->vfs->tick(c->kind, CutOp::Write)) {
    case Impl::Go::Dead: return SQLITE_IOERR_WRITE;
    case Impl::Go::Cut:  // in flight when the power failed: it may land torn
      c->inode->pending.push_back(std::move(op));
      return SQLITE_IOERR_WRITE;
    case Impl::Go::Yes: break;
  }
  const int rc = c->real->pMethods->xWrite(c->real, buf, n, at);
  if (rc == SQLITE_OK) c->inode->pending.push_back(std::move(op));
  return rc;
}

int cf_truncate(sqlite3_file* f, sqlite3_int64 size) {
  CutFile* c = cf(f);
  if (!c->inode) return c->vfs->off ? SQLITE_IOERR_TRUNCATE : c->real->pMethods->xTruncate(c->real, size);
  Op op{.truncate = true, .offset = size, .data = {}};
  switch (c->vfs->tick(c->kind, CutOp::Truncate)) {
    case Impl::Go::Dead: return SQLITE_IOERR_TRUNCATE;
    case Impl::Go::Cut: c->inode->pending.push_back(std::move(op)); return SQLITE_IOERR_TRUNCATE;
    case Impl::Go::Yes: break;
  }
  const int rc = c->real->pMethods->xTruncate(c->real, size);
  if (rc == SQLITE_OK) c->inode->pending.push_back(std::move(op));
  return rc;
}

int cf_sync(sqlite3_file* f, int /*flags*/) {
  CutFile* c = cf(f);
  if (!c->inode) return c->vfs->off ? SQLITE_IOERR_FSYNC : SQLITE_OK;
  if (c->vfs->tick(c->kind, CutOp::Sync) != Impl::Go::Yes) return SQLITE_IOERR_FSYNC;
  for (const Op& op : c->inode->pending) apply_op(c->inode->synced, op);
  c->inode->pending.clear();
  if (c->syncs_directory) {
    c->vfs->sync_directory();
    c->syncs_directory = false;
  }
  return SQLITE_OK;
}

int cf_file_size(sqlite3_file* f, sqlite3_int64* size) {
  if (cf(f)->vfs->off) return SQLITE_IOERR_FSTAT;
  return real(f)->pMethods->xFileSize(real(f), size);
}

int cf_lock(sqlite3_file* f, int level) {
  if (cf(f)->vfs->off) return SQLITE_IOERR_LOCK;
  return real(f)->pMethods->xLock(real(f), level);
}

// Releasing locks always works, so a connection that lived through the cut can close.
int cf_unlock(sqlite3_file* f, int level) { return real(f)->pMethods->xUnlock(real(f), level); }

int cf_check_reserved(sqlite3_file* f, int* out) {
  if (cf(f)->vfs->off) return SQLITE_IOERR_CHECKRESERVEDLOCK;
  return real(f)->pMethods->xCheckReservedLock(real(f), out);
}

int cf_file_control(sqlite3_file* f, int op, void* arg) {
  CutFile* c = cf(f);
  if (op != SQLITE_FCNTL_SIZE_HINT) return c->real->pMethods->xFileControl(c->real, op, arg);
  // With a memory map the unix VFS grows the file by ftruncate here: a truncation to record.
  if (c->vfs->off) return SQLITE_IOERR_TRUNCATE;
  sqlite3_int64 before = 0, after = 0;
  if (c->inode) c->real->pMethods->xFileSize(c->real, &before);
  const int rc = c->real->pMethods->xFileControl(c->real, op, arg);
  if (c->inode && c->real->pMethods->xFileSize(c->real, &after) == SQLITE_OK && after != before)
    c->inode->pending.push_back(Op{.truncate = true, .offset = after, .data = {}});
  return rc;
}

int cf_sector_size(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
int cf_device_characteristics(sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }

// Shared memory is memory: it needs no power model (reboot() deletes the -shm file).
int cf_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return real(f)->pMethods->xShmMap(real(f), region, size, extend, out);
}
int cf_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
}
void cf_shm_barrier(sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); }
int cf_shm_unmap(sqlite3_file* f, int delete_flag) { return real(f)->pMethods->xShmUnmap(real(f), delete_flag); }

int cf_fetch(sqlite3_file* f, sqlite3_int64 at, int n, void** out) {
  if (cf(f)->vfs->off) {
    *out = nullptr;  // SQLite falls back to xRead, which fails
    return SQLITE_OK;
  }
  return real(f)->pMethods->xFetch(real(f), at, n, out);
}
int cf_unfetch(sqlite3_file* f, sqlite3_int64 at, void* p) { return real(f)->pMethods->xUnfetch(real(f), at, p); }

Impl* impl_of(sqlite3_vfs* v) { return static_cast<Impl*>(v->pAppData); }

int vfs_open(sqlite3_vfs* v, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  Impl* impl = impl_of(v);
  auto* c = new (file) CutFile{};
  c->vfs = impl;
  c->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kHeader);
  c->real->pMethods = nullptr;
  auto fail = [&](int rc) {
    c->~CutFile();
    file->pMethods = nullptr;
    return rc;
  };
  if (impl->off) return fail(SQLITE_CANTOPEN);

  const bool tracked = name != nullptr && (flags & SQLITE_OPEN_DELETEONCLOSE) == 0;
  // Not xAccess: the unix VFS counts an empty file as absent, the disk does not.
  struct stat st_before {};
  const bool existed = tracked && ::stat(name, &st_before) == 0;
  const int rc = impl->base->xOpen(impl->base, name, c->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    if (c->real->pMethods) c->real->pMethods->xClose(c->real);
    return fail(rc);
  }

  if (tracked) {
    const std::string path(name);
    const bool known = impl->paths.contains(path);
    PathState& st = impl->paths[path];
    st.kind = kind_of_flags(flags);
    c->kind = st.kind;
    if (existed && known && st.live) {
      c->inode = st.live;
    } else if (existed) {  // first seen in this run: what is on the disk now is durable
      c->inode = std::make_shared<Inode>();
      sqlite3_int64 size = 0;
      c->real->pMethods->xFileSize(c->real, &size);
      c->inode->synced.resize(static_cast<std::size_t>(size));
      if (size > 0 && c->real->pMethods->xRead(c->real, c->inode->synced.data(), static_cast<int>(size), 0) != SQLITE_OK) {
        c->real->pMethods->xClose(c->real);
        return fail(SQLITE_IOERR_READ);
      }
      st.live = c->inode;
      if (!known) st.durable = c->inode;
    } else {  // a new file: in the directory once the directory is synced
      c->inode = std::make_shared<Inode>();
      st.live = c->inode;
      c->syncs_directory = (flags & SQLITE_OPEN_CREATE) && (st.kind == Kind::Wal || st.kind == Kind::Journal);
    }
  }

  const int version = c->real->pMethods->iVersion;
  file->pMethods = &impl->methods[version < 1 ? 1 : version > 3 ? 3 : version];
  ++impl->open_files;
  return SQLITE_OK;
}

int vfs_delete(sqlite3_vfs* v, const char* name, int sync_dir) {
  Impl* impl = impl_of(v);
  const std::string path(name);
  auto it = impl->paths.find(path);
  const Kind kind = it != impl->paths.end() ? it->second.kind : kind_of_name(path);
  if (impl->tick(kind, CutOp::Delete) != Impl::Go::Yes) return SQLITE_IOERR_DELETE;
  if (it == impl->paths.end()) {  // first seen in this run: keep what the disk holds
    PathState st;
    st.kind = kind;
    if (auto content = read_whole(path)) {
      st.live = std::make_shared<Inode>();
      st.live->synced = std::move(*content);
      st.durable = st.live;
    }
    it = impl->paths.emplace(path, std::move(st)).first;
  }
  // The real directory sync is skipped, like the real fsync: the model decides.
  const int rc = impl->base->xDelete(impl->base, name, 0);
  if (rc == SQLITE_OK || rc == SQLITE_IOERR_DELETE_NOENT) {
    it->second.live = nullptr;
    if (sync_dir) impl->sync_directory();
  }
  return rc;
}

int vfs_access(sqlite3_vfs* v, const char* name, int flags, int* out) {
  Impl* impl = impl_of(v);
  if (impl->off) return SQLITE_IOERR_ACCESS;
  return impl->base->xAccess(impl->base, name, flags, out);
}

int vfs_full_pathname(sqlite3_vfs* v, const char* name, int n, char* out) {
  return impl_of(v)->base->xFullPathname(impl_of(v)->base, name, n, out);
}
void* vfs_dl_open(sqlite3_vfs* v, const char* name) { return impl_of(v)->base->xDlOpen(impl_of(v)->base, name); }
void vfs_dl_error(sqlite3_vfs* v, int n, char* out) { impl_of(v)->base->xDlError(impl_of(v)->base, n, out); }
void (*vfs_dl_sym(sqlite3_vfs* v, void* h, const char* sym))(void) {
  return impl_of(v)->base->xDlSym(impl_of(v)->base, h, sym);
}
void vfs_dl_close(sqlite3_vfs* v, void* h) { impl_of(v)->base->xDlClose(impl_of(v)->base, h); }
int vfs_randomness(sqlite3_vfs* v, int n, char* out) { return impl_of(v)->base->xRandomness(impl_of(v)->base, n, out); }
int vfs_sleep(sqlite3_vfs* v, int us) { return impl_of(v)->base->xSleep(impl_of(v)->base, us); }
int vfs_current_time(sqlite3_vfs* v, double* out) { return impl_of(v)->base->xCurrentTime(impl_of(v)->base, out); }
int vfs_get_last_error(sqlite3_vfs* v, int n, char* out) {
  return impl_of(v)->base->xGetLastError(impl_of(v)->base, n, out);
}
int vfs_current_time_int64(sqlite3_vfs* v, sqlite3_int64* out) {
  return impl_of(v)->base->xCurrentTimeInt64(impl_of(v)->base, out);
}

}  // namespace

PowerCutVfs::PowerCutVfs(std::string name, std::uint64_t seed) : impl_(std::make_unique<Impl>()) {
  impl_->name = std::move(name);
  impl_->rng.seed(seed);
  impl_->base = sqlite3_vfs_find(nullptr);

  sqlite3_io_methods m{};
  m.xClose = cf_close;
  m.xRead = cf_read;
  m.xWrite = cf_write;
  m.xTruncate = cf_truncate;
  m.xSync = cf_sync;
  m.xFileSize = cf_file_size;
  m.xLock = cf_lock;
  m.xUnlock = cf_unlock;
  m.xCheckReservedLock = cf_check_reserved;
  m.xFileControl = cf_file_control;
  m.xSectorSize = cf_sector_size;
  m.xDeviceCharacteristics = cf_device_characteristics;
  m.xShmMap = cf_shm_map;
  m.xShmLock = cf_shm_lock;
  m.xShmBarrier = cf_shm_barrier;
  m.xShmUnmap = cf_shm_unmap;
  m.xFetch = cf_fetch;
  m.xUnfetch = cf_unfetch;
  for (int v = 1; v <= 3; ++v) {
    impl_->methods[v] = m;
    impl_->methods[v].iVersion = v;
  }

  sqlite3_vfs& vfs = impl_->vfs;
  vfs.iVersion = 2;
  vfs.szOsFile = static_cast<int>(kHeader) + impl_->base->szOsFile;
  vfs.mxPathname = impl_->base->mxPathname;
  vfs.zName = impl_->name.c_str();
  vfs.pAppData = impl_.get();
  vfs.xOpen = vfs_open;
  vfs.xDelete = vfs_delete;
  vfs.xAccess = vfs_access;
  vfs.xFullPathname = vfs_full_pathname;
  vfs.xDlOpen = vfs_dl_open;
  vfs.xDlError = vfs_dl_error;
  vfs.xDlSym = vfs_dl_sym;
  vfs.xDlClose = vfs_dl_close;
  vfs.xRandomness = vfs_randomness;
  vfs.xSleep = vfs_sleep;
  vfs.xCurrentTime = vfs_current_time;
  vfs.xGetLastError = vfs_get_last_error;
  vfs.xCurrentTimeInt64 = vfs_current_time_int64;
  sqlite3_vfs_register(&vfs, 0);
}

PowerCutVfs::~PowerCutVfs() { sqlite3_vfs_unregister(&impl_->vfs); }

const std::string& PowerCutVfs::name() const { return impl_->name; }

void PowerCutVfs::arm(std::int64_t n) { impl_->trigger = impl_->io + (n < 1 ? 1 : n); }

void PowerCutVfs::cut_now() {
  if (impl_->off) return;
  impl_->power_cut(Kind::Other);
  ++impl_->counts.cuts_idle;
}

bool PowerCutVfs::power_is_off() const { return impl_->off; }
std::int64_t PowerCutVfs::io_count() const { return impl_->io; }
bool PowerCutVfs::reboot(Mode mode) { return impl_->reboot(mode); }
bool PowerCutVfs::forget() { return !impl_->off && impl_->forget_all(); }
const PowerCutCounts& PowerCutVfs::counts() const { return impl_->counts; }

}  // namespace hp::test
