#pragma once
// Command-line options of the kiosk program.
#include <string>

#include "shared/result.hpp"

namespace hp::platform {

struct Options {
  std::string data_dir;        // kiosk.db, spool/; default ~/.local/share/haiphong-kiosk
  std::string config_path;     // default <data>/kiosk.toml, then config/kiosk.toml
  std::string assets_dir;      // i18n strings; default: installed beside the binary, else the source tree
  std::string script;
  std::string language;        // overrides the config
  std::string devices;         // "sim" or "usb"; default: sim with --demo, usb otherwise
  bool demo = false;
  bool windowed = false;
  int width = 1280, height = 800;
  bool report_first_frame = false;
  bool exit_after_first_frame = false;
  bool help = false;
};

Result<Options> parse_options(int argc, char** argv);
const char* usage();

}  // namespace hp::platform
