#pragma once
// How every kioskctl subcommand reports a failure: one JSON object on stdout, exit code 1.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "shared/result.hpp"

namespace hp::ctl {

inline int report_error(const Error& e) {
  std::puts(nlohmann::json({{"error", e.code}, {"detail", e.detail}}).dump().c_str());
  return 1;
}

}  // namespace hp::ctl
