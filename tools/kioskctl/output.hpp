#pragma once
// How every kioskctl subcommand reports a failure: one JSON object on stdout, exit code 1.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <nlohmann/json.hpp>

#include "shared/result.hpp"

namespace hp::ctl {

inline int report_error(const Error& e) {
  std::puts(nlohmann::json({{"error", e.code}, {"detail", e.detail}}).dump().c_str());
  return 1;
}

// The kiosk's data folder when --data is not given (the packaged kiosk passes its own).
inline std::string default_data_dir() {
  const char* home = std::getenv("HOME");
  return std::string(home ? home : ".") + "/.local/share/haiphong-kiosk";
}

}  // namespace hp::ctl
