#pragma once
// hp::ThreadOwner: the one thread allowed to run an object's blocking paths (USB control and
// bulk transfers, serial writes, any wait with a timeout). Any other caller — typically the UI
// thread about to wait on a device — is a programmer error: check() prints what was called
// from where and aborts. Always on, not only in debug builds: a thread-id compare costs nothing
// and the tests run with NDEBUG.
//
//   hp::ThreadOwner owner_;                 // in the driver
//   owner_.claim();                         // first thing on the driver's own thread
//   owner_.check("UsbScale zero (control transfer)");  // first thing in a blocking path
#include <atomic>
#include <thread>

namespace hp {

class ThreadOwner {
 public:
  ThreadOwner() = default;  // owned by no thread until claim(): check() aborts
  struct Here {};
  explicit ThreadOwner(Here) : owner_(std::this_thread::get_id()) {}
  // A copy (a moved port, say) belongs to the same thread.
  ThreadOwner(const ThreadOwner& o) : owner_(o.owner_.load()) {}
  ThreadOwner& operator=(const ThreadOwner& o) {
    owner_.store(o.owner_.load());
    return *this;
  }

  void claim() { owner_.store(std::this_thread::get_id()); }
  void release() { owner_.store(std::thread::id{}); }
  bool here() const { return owner_.load() == std::this_thread::get_id(); }
  void check(const char* what) const {
    if (!here()) fail(what);
  }

 private:
  [[noreturn]] void fail(const char* what) const;
  std::atomic<std::thread::id> owner_{};
};

}  // namespace hp
