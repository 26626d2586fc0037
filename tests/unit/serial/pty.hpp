#pragma once
// A pseudo-terminal standing in for a serial device: the test plays the device on the master
// side; the driver opens `link`, a symlink the test re-points to simulate re-plugging.
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

#include "drivers/serial/unique_fd.hpp"

namespace hp::test {

class Pty {
 public:
  Pty() {
    master_.reset(::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK));
    if (!master_ || ::grantpt(master_.get()) != 0 || ::unlockpt(master_.get()) != 0) return;
    char name[128] = {};
    if (::ptsname_r(master_.get(), name, sizeof name) != 0) return;
    slave_path_ = name;
    // Raw from the start, so nothing is echoed back before the driver sets its own mode.
    dev::UniqueFd slave(::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC));
    termios tio{};
    if (slave && ::tcgetattr(slave.get(), &tio) == 0) {
      ::cfmakeraw(&tio);
      ::tcsetattr(slave.get(), TCSANOW, &tio);
    }
  }
  bool ok() const { return master_ && !slave_path_.empty(); }
  const std::string& slave_path() const { return slave_path_; }
  int master() const { return master_.get(); }
  void close() { master_.reset(); }

  bool write(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::write(master_.get(), bytes.data(), bytes.size());
      if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) {
          pollfd p{master_.get(), POLLOUT, 0};
          ::poll(&p, 1, 100);
          continue;
        }
        return false;
      }
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Reads what arrives within `timeout` (returns early once something came).
  std::string read(std::chrono::milliseconds timeout) {
    std::string out;
    pollfd p{master_.get(), POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return out;
    char buf[256];
    for (;;) {
      const ssize_t n = ::read(master_.get(), buf, sizeof buf);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
  }

 private:
  dev::UniqueFd master_;
  std::string slave_path_;
};

// Points `link` at `target`, replacing any previous link atomically.
inline void point_link(const std::filesystem::path& link, const std::string& target) {
  const auto tmp = link.string() + ".new";
  std::filesystem::remove(tmp);
  std::filesystem::create_symlink(target, tmp);
  std::filesystem::rename(tmp, link);
}

}  // namespace hp::test
