#include "drivers/serial/serial_port.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <system_error>

namespace hp::dev {

namespace {

Result<speed_t> baud_constant(int baud) {
  switch (baud) {
    case 1200: return B1200;
    case 2400: return B2400;
    case 4800: return B4800;
    case 9600: return B9600;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    case 115200: return B115200;
    default: return fail("serial.bad_settings", "unsupported baud rate " + std::to_string(baud));
  }
}

Status apply_settings(int fd, const SerialSettings& s) {
  auto speed = baud_constant(s.baud);
  if (!speed) return std::unexpected(speed.error());
  termios tio{};
  if (::tcgetattr(fd, &tio) != 0) {
    return fail("serial.bad_settings", std::string("tcgetattr: ") + std::strerror(errno));
  }
  ::cfmakeraw(&tio);
  tio.c_cflag &= ~static_cast<tcflag_t>(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS);
  switch (s.data_bits) {
    case 5: tio.c_cflag |= CS5; break;
    case 6: tio.c_cflag |= CS6; break;
    case 7: tio.c_cflag |= CS7; break;
    case 8: tio.c_cflag |= CS8; break;
    default: return fail("serial.bad_settings", "data bits " + std::to_string(s.data_bits));
  }
  if (s.parity != Parity::None) tio.c_cflag |= PARENB;
  if (s.parity == Parity::Odd) tio.c_cflag |= PARODD;
  if (s.stop_bits == 2) {
    tio.c_cflag |= CSTOPB;
  } else if (s.stop_bits != 1) {
    return fail("serial.bad_settings", "stop bits " + std::to_string(s.stop_bits));
  }
  // CLOCAL: scales rarely wire modem lines, and a missing DCD must not block or hang us up.
  tio.c_cflag |= CLOCAL | CREAD;
  tio.c_cc[VMIN] = 0;
  tio.c_cc[VTIME] = 0;
  ::cfsetispeed(&tio, *speed);
  ::cfsetospeed(&tio, *speed);
  if (::tcsetattr(fd, TCSANOW, &tio) != 0) {
    return fail("serial.bad_settings", std::string("tcsetattr: ") + std::strerror(errno));
  }
  ::tcflush(fd, TCIOFLUSH);  // whatever was buffered before we came belongs to nobody
  return {};
}

}  // namespace

Result<SerialPort> SerialPort::open(const std::string& path, const SerialSettings& settings) {
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
  if (!fd) {
    const int e = errno;
    const std::string detail = path + ": " + std::strerror(e);
    if (e == ENOENT || e == ENODEV || e == ENXIO) return fail("serial.not_found", detail);
    if (e == EBUSY || e == EACCES || e == EPERM) return fail("serial.busy", detail);
    return fail("serial.open_failed", detail);
  }
  // Exclusive: a second program (or ModemManager probing a CDC-ACM device) must not interleave
  // bytes with ours. Pseudo-terminals in tests accept it too.
  if (::ioctl(fd.get(), TIOCEXCL) != 0 && errno != ENOTTY) {
    return fail("serial.busy", path + ": " + std::strerror(errno));
  }
  if (::isatty(fd.get()) == 0) return fail("serial.open_failed", path + " is not a tty");
  if (auto st = apply_settings(fd.get(), settings); !st) return std::unexpected(st.error());
  return SerialPort(std::move(fd), path);
}

SerialPort::Wait SerialPort::wait(int stop_fd, std::chrono::milliseconds timeout) const {
  owner_.check("SerialPort::wait (polls up to its timeout)");
  pollfd fds[2] = {{fd_.get(), POLLIN, 0}, {stop_fd, POLLIN, 0}};
  const int ms = static_cast<int>(std::clamp<std::int64_t>(timeout.count(), 0, 60'000));
  for (;;) {
    const int n = ::poll(fds, stop_fd >= 0 ? 2 : 1, ms);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Wait::Gone;
    }
    if (n == 0) return Wait::Timeout;
    if (stop_fd >= 0 && (fds[1].revents & POLLIN)) return Wait::Stopped;
    // Bytes that arrived before a hang-up are still read first; the next read reports it.
    if (fds[0].revents & POLLIN) return Wait::Readable;
    if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) return Wait::Gone;
    return Wait::Timeout;
  }
}

Result<std::string> SerialPort::read_available() {
  std::string out;
  char buf[512];
  for (;;) {
    const ssize_t n = ::read(fd_.get(), buf, sizeof buf);
    if (n > 0) {
      out.append(buf, static_cast<std::size_t>(n));
      if (out.size() > 64 * 1024) return out;  // let the caller digest a flood in parts
      continue;
    }
    if (n == 0) {
      // Raw mode with VMIN=0: 0 means "nothing now" on a real port, but on a pty whose master
      // closed it means gone; poll() told us there was something, so treat it as gone when
      // nothing at all came.
      if (out.empty()) return fail("serial.gone", path_ + ": end of file");
      return out;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return out;
    return fail("serial.gone", path_ + ": " + std::strerror(errno));
  }
}

Status SerialPort::write_all(std::string_view bytes, std::chrono::milliseconds timeout) {
  owner_.check("SerialPort::write_all (waits up to its timeout)");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_.get(), bytes.data(), bytes.size());
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
      return fail("serial.gone", path_ + ": " + std::strerror(errno));
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return fail("serial.write_timeout", path_);
    pollfd p{fd_.get(), POLLOUT, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) < 0 && errno != EINTR) {
      return fail("serial.gone", path_ + ": " + std::strerror(errno));
    }
    if (p.revents & (POLLHUP | POLLERR | POLLNVAL)) return fail("serial.gone", path_ + ": hang-up");
  }
  return {};
}

std::vector<std::string> discover_serial_ports(const std::filesystem::path& dev_root) {
  namespace fs = std::filesystem;
  std::vector<std::string> by_id;
  std::vector<std::string> plain;
  std::error_code ec;
  for (fs::directory_iterator it(dev_root / "serial" / "by-id", ec), end; !ec && it != end;
       it.increment(ec)) {
    by_id.push_back(it->path().string());
  }
  ec.clear();
  for (fs::directory_iterator it(dev_root, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.starts_with("ttyACM") || name.starts_with("ttyUSB")) plain.push_back(it->path().string());
  }
  std::sort(by_id.begin(), by_id.end());
  std::sort(plain.begin(), plain.end());
  by_id.insert(by_id.end(), plain.begin(), plain.end());
  return by_id;
}

WakeFd::WakeFd() : fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

void WakeFd::signal() const {
  const std::uint64_t one = 1;
  // Nothing to do on failure: the counter is already non-zero, so the poller wakes anyway.
  [[maybe_unused]] const auto n = ::write(fd_.get(), &one, sizeof one);
}

void WakeFd::drain() const {
  std::uint64_t v = 0;
  [[maybe_unused]] const auto n = ::read(fd_.get(), &v, sizeof v);
}

}  // namespace hp::dev
