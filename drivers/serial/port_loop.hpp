#pragma once
// The life of a serial device thread: open the port (retrying while it is absent), report
// Ready, run a session until the port disappears, report Disconnected, and again, until stop.
#include <chrono>
#include <functional>
#include <stop_token>
#include <string>

#include "drivers/device.hpp"
#include "drivers/serial/serial_port.hpp"

namespace hp::dev {

struct PortSpec {
  // A fixed path (a /dev/serial/by-id/ link, or a symlink a test re-points), or empty / "auto"
  // to take the first discovered port that opens (ports another driver holds are busy).
  std::string path;
  SerialSettings settings;
  std::chrono::milliseconds reopen_interval{1000};
};

struct PortLoop {
  DeviceKind kind;
  std::string name;
  PortSpec spec;
  const WakeFd* wake;
  DeviceSink sink;
  // Called on the port thread each time the port could not be opened (and after each wake
  // while it cannot), so requests are answered while the device is away.
  std::function<void()> while_away;
};

// `session` runs with the open port and returns when the port is gone or the thread must stop.
void run_port_loop(std::stop_token st, const PortLoop& loop,
                   const std::function<void(SerialPort&)>& session);

}  // namespace hp::dev
