// kioskctl print-test [--config FILE] [--seconds N] [--drawer]: prints a test receipt on
// the USB printer and reports how it went, as one JSON object.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>

#include "drivers/usb/device_manager.hpp"
#include "tools/kioskctl/commands.hpp"
#include "tools/kioskctl/output.hpp"

namespace hp::ctl {

int cmd_print_test(const Args& args) {
  std::string config_path = default_devices_config();
  long seconds = 30;
  bool drawer = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size()) config_path = args[++i];
    else if (args[i] == "--seconds" && i + 1 < args.size()) seconds = std::strtol(args[++i].c_str(), nullptr, 10);
    else if (args[i] == "--drawer") drawer = true;
    else {
      std::fputs("usage: kioskctl print-test [--config FILE] [--seconds N] [--drawer]\n", stderr);
      return 2;
    }
  }
  auto config = usb::load_devices_config(config_path);
  if (!config) {
    return report_error(config.error());
  }
  std::mutex m;
  std::condition_variable cv;
  std::optional<dev::PrintDone> done;
  std::optional<dev::DrawerKicked> kicked;
  std::string last_reason, printer_name;
  usb::DeviceManager manager(
      [&](dev::DeviceEvent e) {
        std::lock_guard lock(m);
        if (auto* d = std::get_if<dev::PrintDone>(&e)) done = *d;
        if (auto* k = std::get_if<dev::DrawerKicked>(&e)) kicked = *k;
        if (auto* s = std::get_if<dev::DeviceStatus>(&e); s && s->kind == dev::DeviceKind::Printer) {
          printer_name = s->name;
          last_reason = s->reason;
          std::fprintf(stderr, "printer: %s %s\n", dev::to_string(s->link), s->reason.c_str());
        }
        cv.notify_all();
      },
      usb::ManagerOptions{.config = *config});
  if (auto s = manager.start(); !s) {
    return report_error(s.error());
  }
  // ESC @ (reset), plain ASCII (works on any code page), feed, partial cut.
  std::string job = "\x1B@";
  job += "HAI PHONG - KIOSK\nPrint test / In thu\n";
  job += "0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ\n\n\n\n";
  job += std::string("\x1D" "V\x01", 3);
  manager.printer().submit({"print-test", "test", job});
  bool ok;
  {
    std::unique_lock lock(m);
    ok = cv.wait_for(lock, std::chrono::seconds(seconds), [&] { return done.has_value(); });
  }
  // After the receipt, so the drawer opens on a printer that is known to be there.
  if (ok && drawer) {
    manager.printer().request_drawer_kick();
    std::unique_lock lock(m);
    cv.wait_for(lock, std::chrono::seconds(5), [&] { return kicked.has_value(); });
  }
  manager.stop();
  nlohmann::json j = {{"printer", printer_name}, {"printed", ok && done->ok}};
  if (drawer) j["drawer"] = kicked && kicked->ok;
  if (drawer && kicked && !kicked->ok) j["drawer_error"] = kicked->reason;
  if (!ok) j["error"] = last_reason.empty() ? "printer.not_found" : last_reason;
  std::puts(j.dump().c_str());
  return ok ? 0 : 1;
}

}  // namespace hp::ctl
