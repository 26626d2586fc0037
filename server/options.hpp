#pragma once
// Command-line options of kiosk-server (docs/server.md).
#include <string>
#include <vector>

#include "shared/result.hpp"

namespace hp::server {

inline constexpr const char* kUsage =
    "usage: kiosk-server --data DIR [--listen HOST:PORT] [--db postgresql://...] [--demo] [--no-demo-history]\n"
    "                    [--assets DIR] [--seen-flush-ms N]\n"
    "                    [--fail-sync STATUS:COUNT]  (fault tests only: 500 or 503 to the next COUNT pushes/pulls)\n"
    "       kiosk-server admin --data DIR [--db URL] post-offices | post-office add --id ID --name NAME [--unit ID]\n"
    "             | enrol-code --post-office ID [--ttl-seconds N] | api-key add --name NAME | events | kiosks\n"
    "             | revoke --kiosk ID\n"
    "             | staff add --username U --name NAME --role city|district|commune|post_office|admin|technician\n"
    "                 [--unit ID] [--post-office ID] (password on stdin) | staff password --username U | staff list\n"
    "             | units load [--file FILE] | units list | product gtin --product ID --gtin GTIN\n";

struct Options {
  std::string data_dir;
  std::string host = "0.0.0.0";
  int port = 8443;
  std::string db_url;
  bool demo = false;
  // With --demo: also two years of seasonal history for the forecasts (server/dash/
  // demo_history.hpp); tests that need no history pass --no-demo-history to start quickly.
  bool demo_history = true;
  // Fault tests only (docs/server.md): answer fail_status to the first fail_count push and
  // pull requests, then serve normally. A proxy cannot forge an answer inside TLS.
  int fail_status = 0;
  int fail_count = 0;
  // How often the kiosks' last contact is written from memory (server/api/seen.hpp).
  int seen_flush_ms = 5000;
  std::string assets_dir;  // empty: beside the binary, else the source tree's assets/
};

// Error: options.invalid (detail says which).
Result<Options> parse_serve_options(const std::vector<std::string>& args);

}  // namespace hp::server
