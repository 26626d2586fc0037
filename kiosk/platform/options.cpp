#include "kiosk/platform/options.hpp"

#include <cstdlib>
#include <filesystem>
#include <string_view>

namespace hp::platform {

const char* usage() {
  return "usage: kiosk [options]\n"
         "  --data DIR            data folder (kiosk.db, spool/); default ~/.local/share/haiphong-kiosk\n"
         "  --demo                load demo data and show the simulated-device panel\n"
         "  --script FILE         run a scripted session (docs/scripts.md)\n"
         "  --config FILE         settings (default DIR/kiosk.toml)\n"
         "  --devices-config FILE USB devices: pins, drivers' settings (default DIR/devices.toml)\n"
         "  --lang vi|en          start in this language\n"
         "  --mode counter|self-service\n"
         "                        the clerk's counter (default), or the customers' self-service kiosk\n"
         "                        beside it, on the counter's data folder (docs/self-service.md)\n"
         "  --devices sim|usb     simulated devices (default with --demo) or USB devices\n"
         "  --windowed            a 1280x800 window instead of full screen (F11 toggles)\n"
         "  --size WxH            window size with --windowed\n"
         "  --report-first-frame  print first_frame_ms (from $HP_T0_NS) after the first frame\n"
         "  --exit-after-first-frame\n"
         "  --enrol URL CODE --ca FILE\n"
         "                        enrol with the centre (the code from kiosk-server admin enrol-code,\n"
         "                        the centre's CA file) and exit; an enrolled kiosk syncs whenever it runs\n";
}

Result<Options> parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    auto value = [&](const char* name) -> Result<std::string> {
      if (i + 1 >= argc) return fail("options", std::string(name) + " needs a value");
      return std::string(argv[++i]);
    };
    if (a == "--help" || a == "-h") o.help = true;
    else if (a == "--demo") o.demo = true;
    else if (a == "--windowed") o.windowed = true;
    else if (a == "--report-first-frame") o.report_first_frame = true;
    else if (a == "--exit-after-first-frame") o.exit_after_first_frame = true;
    else if (a == "--enrol") {
      if (i + 2 >= argc) return fail("options", "--enrol needs a URL and a code");
      o.enrol_url = argv[++i];
      o.enrol_code = argv[++i];
    } else if (a == "--ca") {
      auto v = value("--ca");
      if (!v) return std::unexpected(v.error());
      o.enrol_ca = *v;
    }
    else if (a == "--data" || a == "--script" || a == "--config" || a == "--lang" || a == "--assets" || a == "--size" ||
               a == "--devices" || a == "--devices-config" || a == "--mode") {
      auto v = value(argv[i]);
      if (!v) return std::unexpected(v.error());
      if (a == "--data") o.data_dir = *v;
      else if (a == "--script") o.script = *v;
      else if (a == "--config") o.config_path = *v;
      else if (a == "--devices-config") o.devices_config_path = *v;
      else if (a == "--assets") o.assets_dir = *v;
      else if (a == "--devices") {
        if (*v != "sim" && *v != "usb") return fail("options", "--devices must be sim or usb");
        o.devices = *v;
      }
      else if (a == "--mode") {
        if (*v != "counter" && *v != "self-service") return fail("options", "--mode must be counter or self-service");
        o.mode = *v;
      }
      else if (a == "--lang") {
        if (*v != "vi" && *v != "en") return fail("options", "--lang must be vi or en");
        o.language = *v;
      } else {
        const auto x = v->find('x');
        if (x == std::string::npos) return fail("options", "--size WxH");
        o.width = std::atoi(v->substr(0, x).c_str());
        o.height = std::atoi(v->substr(x + 1).c_str());
        if (o.width < 640 || o.height < 480 || o.width > 8192 || o.height > 8192) return fail("options", "--size out of range");
      }
    } else {
      return fail("options", "unknown option " + std::string(a));
    }
  }
  if (!o.enrol_url.empty() && o.enrol_ca.empty()) return fail("options", "--enrol needs --ca FILE (the centre's CA)");
  if (o.enrol_url.empty() && !o.enrol_ca.empty()) return fail("options", "--ca goes with --enrol URL CODE");
  if (o.devices.empty()) o.devices = o.demo ? "sim" : "usb";
  if (o.data_dir.empty()) {
    const char* home = std::getenv("HOME");
    o.data_dir = std::string(home ? home : ".") + "/.local/share/haiphong-kiosk";
  }
  if (o.config_path.empty()) o.config_path = o.data_dir + "/kiosk.toml";
  if (o.devices_config_path.empty()) o.devices_config_path = o.data_dir + "/devices.toml";
  if (o.assets_dir.empty()) o.assets_dir = default_assets_dir();
  return o;
}

std::string default_assets_dir() {
  // share/ beside bin/ first, so an installed (or relocated) binary uses its own assets even
  // where a source tree exists; then the tree a developer build came from; then the package's
  // location, for a binary copied somewhere else.
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto beside = exe.parent_path().parent_path() / "share" / "haiphong-kiosk" / "assets";
    if (std::filesystem::exists(beside / "i18n", ec)) return beside.string();
  }
  if (std::filesystem::exists(std::filesystem::path(HP_SOURCE_ASSETS) / "i18n", ec)) return HP_SOURCE_ASSETS;
  return HP_INSTALLED_ASSETS;
}

}  // namespace hp::platform
