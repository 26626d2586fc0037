#pragma once
// A kernel serial port (USB-serial adapters, CDC-ACM devices, pseudo-terminals in tests) in raw
// mode at fixed line settings, non-blocking, with reads and waits that also watch a stop fd.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/serial/serial_settings.hpp"
#include "drivers/serial/unique_fd.hpp"
#include "shared/result.hpp"
#include "shared/thread_owner.hpp"

namespace hp::dev {

// Owned by the thread that opened it (the device's port thread): wait() and write_all(),
// which block up to a timeout, abort on any other thread.
class SerialPort {
 public:
  // Opens `path` (a /dev/serial/by-id/ link is best: it survives re-plugging into another
  // socket) and sets raw mode at `settings`. Errors: "serial.not_found", "serial.busy"
  // (another program holds it), "serial.open_failed", "serial.bad_settings".
  static Result<SerialPort> open(const std::string& path, const SerialSettings& settings);

  int fd() const { return fd_.get(); }
  const std::string& path() const { return path_; }

  enum class Wait { Readable, Stopped, Timeout, Gone };
  // Waits until the port has bytes, `stop_fd` is readable, or the timeout passes. Gone when the
  // device went away (hang-up or error on the fd).
  Wait wait(int stop_fd, std::chrono::milliseconds timeout) const;

  // Reads what is there (possibly nothing). "serial.gone" when the device went away.
  Result<std::string> read_available();
  // Writes all bytes, waiting for room up to `timeout`.
  Status write_all(std::string_view bytes, std::chrono::milliseconds timeout);

 private:
  SerialPort(UniqueFd fd, std::string path) : fd_(std::move(fd)), path_(std::move(path)) {}
  UniqueFd fd_;
  std::string path_;
  ThreadOwner owner_{ThreadOwner::Here{}};
};

// Candidate ports, most stable names first: /dev/serial/by-id/* (sorted), then /dev/ttyACM*
// and /dev/ttyUSB* (sorted). `dev_root` is "/dev" except in tests.
std::vector<std::string> discover_serial_ports(const std::filesystem::path& dev_root = "/dev");

// An eventfd a device thread polls beside its port, so stop() wakes it at once.
class WakeFd {
 public:
  WakeFd();
  int fd() const { return fd_.get(); }
  void signal() const;
  void drain() const;

 private:
  UniqueFd fd_;
};

}  // namespace hp::dev
