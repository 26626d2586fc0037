// kioskctl: the technician's command line. Every subcommand prints machine-readable output
// (one JSON object where it reports on one thing) so scripts and tests can rely on it.
#include <cstdio>
#include <cstring>
#include <string>

#include "tools/kioskctl/commands.hpp"

namespace {

struct Command {
  const char* name;
  int (*run)(const hp::ctl::Args&);
  const char* help;
};

constexpr Command kCommands[] = {
    {"code", hp::ctl::cmd_code, "code TEXT            what a scanned text is, as JSON"},
    {"render", hp::ctl::cmd_render, "render IN.bin OUT.png [--printer P]  ESC/POS job to a picture"},
    {"sample", hp::ctl::cmd_sample, "sample KIND --printer P [--mode raster|text] --out FILE  demo print job"},
    {"devices", hp::ctl::cmd_devices, "devices [--config F]  USB devices: VID:PID, driver, state"},
    {"scale", hp::ctl::cmd_scale, "scale decode HEX | scale watch  HID scale report as JSON; live readings"},
    {"scan", hp::ctl::cmd_scan, "scan watch [--config F]  live scans from USB scanners"},
    {"audit", hp::ctl::cmd_audit, "audit list|verify [--data DIR]  the audit log, and whether its hash chain holds"},
    {"sync", hp::ctl::cmd_sync, "sync status [--data DIR]  sync with the centre: state, unsent, dead letters"},
    {"print-test", hp::ctl::cmd_print_test, "print-test [--drawer]  test receipt on the USB printer"},
    {"pickup", hp::ctl::cmd_pickup, "pickup show|unlock CODE [--by NAME] [--data DIR]  an order; release a locked one"},
};

void usage() {
  std::fputs("usage: kioskctl COMMAND [ARGS]\n\ncommands:\n", stderr);
  for (const auto& c : kCommands) std::fprintf(stderr, "  %s\n", c.help);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    usage();
    return argc < 2 ? 2 : 0;
  }
  for (const auto& c : kCommands) {
    if (std::strcmp(argv[1], c.name) == 0) return c.run(hp::ctl::Args(argv + 2, argv + argc));
  }
  std::fprintf(stderr, "kioskctl: unknown command '%s'\n", argv[1]);
  usage();
  return 2;
}
