#pragma once
// Administrative units as data (assets/units/haiphong.json): units keyed by official codes
// with the dates they were in force, and the reform's old-to-new links. Scope rules ask this
// tree whether one unit lies within another.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/dash/sql.hpp"

namespace hp::server::dash {

struct Unit {
  std::string id;
  std::string code;  // empty: no official code recorded
  std::string kind;  // province, district, ward, commune, special_zone
  std::string name;
  std::string parent_id;
  std::string valid_from;  // YYYY-MM-DD, empty: before the records here
  std::string valid_to;    // YYYY-MM-DD, empty: still in force
  bool verified = false;
};

struct UnitFile {
  std::vector<Unit> units;
  std::vector<std::pair<std::string, std::string>> links;  // from, to
};

// Error: units.invalid (detail says where).
Result<UnitFile> parse_unit_file(const nlohmann::json& doc);
// Replaces every unit and link in one transaction; with to_kiosks, also upserts them into the
// protocol's admin_units and publishes them for every kiosk to pull.
Status store_units(SqlDb& db, const UnitFile& file, bool to_kiosks);

class UnitTree {
 public:
  static Result<UnitTree> load(SqlDb& db);
  const Unit* find(const std::string& id) const;
  // Whether `unit` is `scope`, lies under it, or was formed from it by the reform.
  bool covers(const std::string& scope, const std::string& unit) const;
  std::string name(const std::string& id) const;
  const std::map<std::string, Unit>& all() const { return units_; }

 private:
  std::map<std::string, Unit> units_;
  std::multimap<std::string, std::string> links_;
};

}  // namespace hp::server::dash
