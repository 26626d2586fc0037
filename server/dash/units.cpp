#include "server/dash/units.hpp"
#include "server/dash/json_fields.hpp"

#include <regex>

#include "server/dash/publish.hpp"

namespace hp::server::dash {
namespace {

using nlohmann::json;
using fields::str;

bool is_date(const std::string& s) {
  static const std::regex kDate(R"(^\d{4}-\d{2}-\d{2}$)");
  return std::regex_match(s, kDate);
}


}  // namespace

Result<UnitFile> parse_unit_file(const json& doc) {
  if (!doc.is_object() || !doc.contains("units") || !doc["units"].is_array())
    return fail("units.invalid", "the file needs a \"units\" array");
  UnitFile f;
  std::set<std::string> ids;
  for (std::size_t i = 0; i < doc["units"].size(); ++i) {
    const json& u = doc["units"][i];
    const std::string where = "units[" + std::to_string(i) + "]";
    if (!u.is_object()) return fail("units.invalid", where + " is not an object");
    Unit x{str(u, "id"), str(u, "code"), str(u, "kind"), str(u, "name"), str(u, "parent_id"),
           str(u, "valid_from"), str(u, "valid_to"), u.value("verified", false)};
    if (x.id.empty() || x.name.empty() || x.kind.empty()) return fail("units.invalid", where + " needs id, kind and name");
    static const std::set<std::string> kKinds{"province", "district", "ward", "commune", "special_zone"};
    if (!kKinds.contains(x.kind)) return fail("units.invalid", where + ": unknown kind " + x.kind);
    if ((!x.valid_from.empty() && !is_date(x.valid_from)) || (!x.valid_to.empty() && !is_date(x.valid_to)))
      return fail("units.invalid", where + ": dates are YYYY-MM-DD");
    if (!ids.insert(x.id).second) return fail("units.invalid", where + ": duplicate id " + x.id);
    f.units.push_back(std::move(x));
  }
  for (const auto& u : f.units)
    if (!u.parent_id.empty() && !ids.contains(u.parent_id))
      return fail("units.invalid", u.id + ": unknown parent " + u.parent_id);
  if (doc.contains("links")) {
    if (!doc["links"].is_array()) return fail("units.invalid", "\"links\" is an array");
    for (const json& l : doc["links"]) {
      const std::string from = str(l, "from"), to = str(l, "to");
      if (!ids.contains(from) || !ids.contains(to)) return fail("units.invalid", "link " + from + " -> " + to + ": unknown unit");
      // Land handed over without its people carries no farmers and no post office: the old
      // unit's officers do not see the new one through it (docs/dashboard.md).
      if (str(l, "transfer") == "part_area") continue;
      f.links.emplace_back(from, to);
    }
  }
  return f;
}

Status store_units(SqlDb& db, const UnitFile& file, bool to_kiosks) {
  return db.transaction([&]() -> Status {
    if (auto r = db.exec("DELETE FROM dash_unit_links"); !r) return r;
    if (auto r = db.exec("DELETE FROM dash_units"); !r) return r;
    auto opt = [](const std::string& s) { return s.empty() ? SqlValue() : SqlValue(s); };
    for (const auto& u : file.units)
      if (auto r = db.exec("INSERT INTO dash_units(id, code, kind, name, parent_id, valid_from, valid_to, verified) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                           {u.id, opt(u.code), u.kind, u.name, opt(u.parent_id), u.valid_from, opt(u.valid_to),
                            std::int64_t{u.verified ? 1 : 0}});
          !r)
        return r;
    for (const auto& [from, to] : file.links)
      if (auto r = db.exec("INSERT INTO dash_unit_links(from_id, to_id) VALUES (?1, ?2)", {from, to}); !r) return r;
    if (!to_kiosks) return {};
    // The kiosks' view (docs/PROTOCOL.md 4.2 admin_unit): three levels, retired units inactive.
    for (const auto& u : file.units) {
      const json rec = {{"id", u.id},
                        {"kind", u.kind == "province" || u.kind == "district" ? u.kind : "commune"},
                        {"name", u.name},
                        {"parent_id", u.parent_id.empty() ? json(nullptr) : json(u.parent_id)},
                        {"active", u.valid_to.empty()}};
      if (auto r = db.exec("INSERT INTO admin_units(id, data) VALUES (?1, ?2) "
                           "ON CONFLICT (id) DO UPDATE SET data = excluded.data",
                           {u.id, rec.dump()});
          !r)
        return r;
      if (auto r = publish_change(db, "*", "admin_unit", u.id, rec); !r) return r;
    }
    return {};
  });
}

Result<UnitTree> UnitTree::load(SqlDb& db) {
  UnitTree t;
  auto rows = db.query(
      "SELECT id, coalesce(code, ''), kind, name, coalesce(parent_id, ''), valid_from, coalesce(valid_to, ''), verified "
      "FROM dash_units");
  if (!rows) return std::unexpected(rows.error());
  for (const auto& r : *rows)
    t.units_[to_text(r[0])] = Unit{to_text(r[0]), to_text(r[1]), to_text(r[2]), to_text(r[3]),
                                   to_text(r[4]), to_text(r[5]), to_text(r[6]), to_int(r[7]) != 0};
  auto links = db.query("SELECT from_id, to_id FROM dash_unit_links");
  if (!links) return std::unexpected(links.error());
  for (const auto& r : *links) t.links_.emplace(to_text(r[0]), to_text(r[1]));
  return t;
}

const Unit* UnitTree::find(const std::string& id) const {
  auto it = units_.find(id);
  return it == units_.end() ? nullptr : &it->second;
}

std::string UnitTree::name(const std::string& id) const {
  const Unit* u = find(id);
  return u ? u->name : id;
}

bool UnitTree::covers(const std::string& scope, const std::string& unit) const {
  if (scope.empty() || unit.empty()) return false;
  // Up the parent chain and back along the reform's links, with a bound against bad data.
  std::vector<std::string> todo{unit};
  std::set<std::string> seen;
  while (!todo.empty() && seen.size() < 1000) {
    const std::string u = todo.back();
    todo.pop_back();
    if (u == scope) return true;
    if (!seen.insert(u).second) continue;
    if (const Unit* x = find(u); x && !x->parent_id.empty() && x->kind != "province") todo.push_back(x->parent_id);
    for (const auto& [from, to] : links_)
      if (to == u && find(from) && find(from)->kind != "province") todo.push_back(from);
  }
  return false;
}

}  // namespace hp::server::dash
