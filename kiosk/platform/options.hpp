#pragma once
// Command-line options of the kiosk program.
#include <string>

#include "shared/result.hpp"

namespace hp::platform {

struct Options {
  std::string data_dir;        // kiosk.db, spool/; default ~/.local/share/haiphong-kiosk
  std::string config_path;     // default <data>/kiosk.toml, then config/kiosk.toml
  std::string devices_config_path;  // default <data>/devices.toml (missing file: defaults)
  std::string assets_dir;      // i18n strings; default: default_assets_dir()
  std::string script;
  std::string language;        // overrides the config
  std::string devices;         // "sim" or "usb"; default: sim with --demo, usb otherwise
  std::string mode;            // "counter" or "self-service" (docs/self-service.md); overrides the config
  bool demo = false;
  bool windowed = false;
  int width = 1280, height = 800;
  bool report_first_frame = false;
  bool exit_after_first_frame = false;
  bool help = false;
  // --enrol URL CODE --ca FILE: trade the code for a credential, keep it, and exit.
  std::string enrol_url, enrol_code, enrol_ca;
};

Result<Options> parse_options(int argc, char** argv);
const char* usage();
// share/haiphong-kiosk/assets beside bin/, else the source tree (HP_SOURCE_ASSETS), else the
// packaged location (HP_INSTALLED_ASSETS).
std::string default_assets_dir();

}  // namespace hp::platform
