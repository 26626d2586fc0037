#pragma once
// The dashboard's admin commands (kiosk-server admin staff|units|product ..., docs/dashboard.md).
#include <istream>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace hp::server::dash {

bool is_dash_command(const std::string& word);
int run_dash_admin(const std::vector<std::string>& words, std::map<std::string, std::string>& flags, std::istream& in,
                   std::ostream& out, std::ostream& err);

// assets/ beside the binary's share/, else the source tree's (a developer build).
std::string default_assets_dir();
// Loads assets/units/haiphong.json when no unit is stored yet (the demo's first start).
int load_units_if_empty(const std::string& data_dir, const std::string& db_url, const std::string& assets_dir,
                        std::ostream& err);

}  // namespace hp::server::dash
