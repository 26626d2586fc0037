#include "drivers/serial/port_loop.hpp"

#include <poll.h>

#include <optional>

namespace hp::dev {

namespace {

Result<SerialPort> open_spec(const PortSpec& spec) {
  if (!spec.path.empty() && spec.path != "auto") return SerialPort::open(spec.path, spec.settings);
  Error last{"serial.not_found", "no serial port found"};
  for (const auto& candidate : discover_serial_ports()) {
    auto port = SerialPort::open(candidate, spec.settings);
    if (port) return port;
    last = port.error();
  }
  return std::unexpected(last);
}

// Sleeps up to `d`, waking early for stop.
void pause(std::stop_token st, const WakeFd& wake, std::chrono::milliseconds d) {
  if (st.stop_requested()) return;
  pollfd p{wake.fd(), POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(d.count())) > 0) wake.drain();
}

}  // namespace

void run_port_loop(std::stop_token st, const PortLoop& loop,
                   const std::function<void(SerialPort&)>& session) {
  std::optional<Link> last_link;
  auto report = [&](Link link, std::string reason) {
    if (last_link == link) return;
    last_link = link;
    if (loop.sink) loop.sink(DeviceStatus{loop.kind, loop.name, link, std::move(reason)});
  };
  while (!st.stop_requested()) {
    auto port = open_spec(loop.spec);
    if (!port) {
      report(Link::Disconnected, port.error().code);
      if (loop.while_away) loop.while_away();
      pause(st, *loop.wake, loop.spec.reopen_interval);
      continue;
    }
    report(Link::Ready, {});
    session(*port);
    if (st.stop_requested()) return;
    report(Link::Disconnected, "serial.gone");
    if (loop.while_away) loop.while_away();
    // The device node may linger a moment after unplugging; retry after the interval.
    pause(st, *loop.wake, loop.spec.reopen_interval);
  }
}

}  // namespace hp::dev
