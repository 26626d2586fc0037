// kioskctl devices [--config FILE] [--wait MS]: the USB devices and the driver each got.
// Also holds the event watch shared by `scale watch` and `scan watch`.
#include <pthread.h>
#include <signal.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "drivers/usb/device_manager.hpp"
#include "tools/kioskctl/commands.hpp"
#include "tools/kioskctl/output.hpp"

namespace hp::ctl {

std::string default_devices_config() {
  const char* packaged = "/etc/haiphong-kiosk/devices.toml";
  std::error_code ec;
  return std::filesystem::exists(packaged, ec) ? packaged : "config/devices.toml";
}

namespace {

struct UsbArgs {
  std::string config = default_devices_config();
  long seconds = 0;  // 0: until Ctrl+C
  long wait_ms = 1500;
};

Result<UsbArgs> parse_usb_args(const Args& args) {
  UsbArgs a;
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto value = [&]() -> Result<std::string> {
      if (i + 1 >= args.size()) return fail("usage", args[i] + " needs a value");
      return args[++i];
    };
    try {
      if (args[i] == "--config") {
        auto v = value();
        if (!v) return std::unexpected(v.error());
        a.config = *v;
      } else if (args[i] == "--seconds") {
        auto v = value();
        if (!v) return std::unexpected(v.error());
        a.seconds = std::stol(*v);
      } else if (args[i] == "--wait") {
        auto v = value();
        if (!v) return std::unexpected(v.error());
        a.wait_ms = std::stol(*v);
      } else {
        return fail("usage", "unknown option " + args[i]);
      }
    } catch (const std::exception&) {
      return fail("usage", "not a number: " + args[i]);
    }
  }
  return a;
}

// Ctrl+C and SIGTERM are taken by sigtimedwait on this thread (blocked everywhere else,
// including the driver threads started after this), so the manager always shuts down
// cleanly and gives the interfaces back to the kernel drivers.
class StopSignals {
 public:
  StopSignals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
  }
  // True when a stop signal came within ms (ms <= 0: wait forever).
  bool wait(long ms) {
    if (ms <= 0) {
      int sig = 0;
      return sigwait(&set_, &sig) == 0;
    }
    timespec ts{ms / 1000, (ms % 1000) * 1'000'000};
    return sigtimedwait(&set_, nullptr, &ts) > 0;
  }

 private:
  sigset_t set_;
};

std::string hex4(unsigned v) {
  char b[8];
  std::snprintf(b, sizeof b, "%04x", v);
  return b;
}

nlohmann::json to_json(const dev::DeviceEvent& e) {
  nlohmann::json j;
  if (auto* s = std::get_if<dev::DeviceStatus>(&e)) {
    j = {{"event", "status"}, {"kind", dev::to_string(s->kind)}, {"name", s->name}, {"link", dev::to_string(s->link)}};
    if (!s->reason.empty()) j["reason"] = s->reason;
  } else if (auto* r = std::get_if<dev::ScaleReading>(&e)) {
    j = {{"event", "reading"}, {"status", dev::to_string(r->state)}, {"mg", r->mg}, {"at", r->at}};
  } else if (auto* sc = std::get_if<dev::Scan>(&e)) {
    j = {{"event", "scan"}, {"text", sc->text}, {"symbology", sc->symbology}, {"source", sc->source}};
  } else if (auto* p = std::get_if<dev::PrintDone>(&e)) {
    j = {{"event", "print_done"}, {"job_id", p->job_id}, {"ok", p->ok}};
    if (!p->reason.empty()) j["reason"] = p->reason;
  } else if (auto* z = std::get_if<dev::ScaleZeroed>(&e)) {
    j = {{"event", "scale_zeroed"}, {"ok", z->ok}};
    if (!z->reason.empty()) j["reason"] = z->reason;
  } else if (auto* k = std::get_if<dev::DrawerKicked>(&e)) {
    j = {{"event", "drawer_kicked"}, {"ok", k->ok}};
    if (!k->reason.empty()) j["reason"] = k->reason;
  }
  return j;
}

}  // namespace

int watch_devices(const Args& args, WatchWhat what) {
  auto a = parse_usb_args(args);
  if (!a) {
    std::fprintf(stderr, "kioskctl: %s\n", a.error().detail.c_str());
    return 2;
  }
  auto config = usb::load_devices_config(a->config);
  if (!config) {
    return report_error(config.error());
  }
  StopSignals signals;
  std::mutex out;
  auto wanted = [what](const dev::DeviceEvent& e) {
    if (auto* s = std::get_if<dev::DeviceStatus>(&e))
      return what == WatchWhat::All || (what == WatchWhat::Scale && s->kind == dev::DeviceKind::Scale) ||
             (what == WatchWhat::Scanner && s->kind == dev::DeviceKind::Scanner);
    if (std::holds_alternative<dev::ScaleReading>(e)) return what != WatchWhat::Scanner;
    if (std::holds_alternative<dev::Scan>(e)) return what != WatchWhat::Scale;
    return what == WatchWhat::All;
  };
  usb::DeviceManager manager(
      [&](dev::DeviceEvent e) {
        if (!wanted(e)) return;
        std::lock_guard lock(out);
        std::puts(to_json(e).dump().c_str());
        std::fflush(stdout);
      },
      usb::ManagerOptions{.config = *config});
  if (auto s = manager.start(); !s) {
    return report_error(s.error());
  }
  if (what == WatchWhat::Scale) {
    // A weight already on the scale is shown too.
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    manager.scale().refresh();
  }
  signals.wait(a->seconds * 1000);
  manager.stop();
  return 0;
}

int cmd_devices(const Args& args) {
  auto a = parse_usb_args(args);
  if (!a) {
    std::fprintf(stderr, "usage: kioskctl devices [--config FILE] [--wait MS]\n%s\n", a.error().detail.c_str());
    return 2;
  }
  auto config = usb::load_devices_config(a->config);
  if (!config) {
    return report_error(config.error());
  }
  StopSignals signals;
  usb::DeviceManager manager([](dev::DeviceEvent) {}, usb::ManagerOptions{.config = *config, .log = [](const std::string&) {}});
  if (auto s = manager.start(); !s) {
    return report_error(s.error());
  }
  signals.wait(a->wait_ms);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& d : manager.devices()) {
    list.push_back({{"vid_pid", hex4(d.vid) + ":" + hex4(d.pid)},
                    {"bus", d.bus},
                    {"address", d.address},
                    {"name", d.name},
                    {"driver", d.driver.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.driver)},
                    {"state", d.state}});
  }
  bool hotplug = manager.hotplug();
  manager.stop();
  std::puts(nlohmann::json({{"devices", list}, {"hotplug", hotplug}}).dump(2).c_str());
  return 0;
}

}  // namespace hp::ctl
