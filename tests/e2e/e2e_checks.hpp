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
    // <job_id>.bin, or <job_id>.<n>.bin when the same job came out again.
    const std::string stem = e.path().stem().string();
    jobs.push_back({stem.substr(0, stem.find('.')), ss.str()});
  }
  return jobs;
}

// What the store says a spooled job is: its kind and what it prints ("" when unknown).
struct JobRecord {
  std::string kind;
  std::string ref_id;
  bool copy = false;
};

inline JobRecord job_record(const db::Db& d, const std::string& job_id) {
  auto st = d.prepare("SELECT kind, ref_id, copy FROM print_jobs WHERE id = ?");
  if (!st) return {};
  st->bind(1, job_id);
  auto row = st->step();
  if (!row || !*row) return {};
  return {st->text(0), st->text(1), st->i64(2) != 0};
}

}  // namespace hp::test
