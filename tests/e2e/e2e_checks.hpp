#pragma once
// Reads what a kiosk run left behind: the store and the spooled print jobs.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <map>
#include <string>
#include <vector>

#include "shared/store/sqlite.hpp"

namespace hp::test {

inline std::int64_t count(const db::Db& d, const std::string& sql) {
  auto st = d.prepare(sql);
  if (!st) return -1;
  auto row = st->step();
  return row && *row ? st->i64(0) : -1;
}

inline std::string text(const db::Db& d, const std::string& sql) {
  auto st = d.prepare(sql);
  if (!st) return "prepare failed";
  auto row = st->step();
  return row && *row ? st->text(0) : "";
}

struct SpooledJob {
  std::string job_id;
  std::string body;
};

inline std::vector<SpooledJob> spooled(const std::string& dir) {
  std::vector<SpooledJob> jobs;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() != ".bin") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    jobs.push_back({e.path().stem().string(), ss.str()});
  }
  return jobs;
}

// The drop-off id a receipt prints after "Mã phiếu: ".
inline std::string receipt_drop_off_id(const std::string& body) {
  const std::string tag = "Mã phiếu: ";
  const auto p = body.find(tag);
  if (p == std::string::npos) return {};
  return body.substr(p + tag.size(), 36);
}

}  // namespace hp::test
