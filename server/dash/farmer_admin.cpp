#include "server/dash/farmer_admin.hpp"

#include <regex>

#include "server/dash/publish.hpp"
#include "shared/text.hpp"

namespace hp::server::dash {
namespace {

using nlohmann::json;

// A farmer with the post office whose kiosk registered them (the first registration).
constexpr const char* kFarmers =
    "SELECT f.id, f.data, f.duplicate_of, "
    " (SELECT k.post_office_id FROM events e JOIN kiosks k ON k.id = e.kiosk_id "
    "  WHERE e.kind = 'farmer.registered' AND e.entity_id = f.id ORDER BY e.received_seq LIMIT 1) "
    "FROM farmers f";

bool visible(const Scope& scope, bool whole_city, const std::string& po) {
  return whole_city || (!po.empty() && scope.contains(po));
}

json row_json(const SqlRow& r) {
  json d = json::parse(to_text(r[1]), nullptr, false);
  if (!d.is_object()) d = json::object();
  d["id"] = to_text(r[0]);
  d["duplicate_of"] = r[2] ? json(*r[2]) : json(nullptr);
  d["post_office_id"] = to_text(r[3]);
  return d;
}

Result<std::string> org_name(const std::string& raw, const char* field) {
  std::string v = to_nfc(trim(raw));
  if (v.size() > 120) return fail("farmers.invalid", std::string(field) + " has at most 120 characters");
  return v;
}

}  // namespace

Result<json> search_farmers(SqlDb& db, const Scope& scope, bool whole_city, const std::string& q) {
  auto rows = db.query(std::string(kFarmers) + " ORDER BY f.id");
  if (!rows) return std::unexpected(rows.error());
  const std::string key = search_key(trim(q));
  json out = json::array();
  for (const auto& r : *rows) {
    if (!visible(scope, whole_city, to_text(r[3]))) continue;
    json f = row_json(r);
    if (!key.empty()) {
      const std::string hay = search_key(f.value("name", "")) + " " + f.value("phone", "") + " " +
                              search_key(f.value("member_code", ""));
      if (hay.find(key) == std::string::npos) continue;
    }
    out.push_back(std::move(f));
    if (out.size() >= static_cast<std::size_t>(kFarmerPage)) break;
  }
  return out;
}

Result<json> edit_farmer(SqlDb& db, const Scope& scope, bool whole_city, const std::string& id, const FarmerEdit& e,
                         const Actor& who) {
  static const std::regex kPhone(R"(^0\d{9}$)");
  if (!e.phone && !e.branch && !e.cooperative) return fail("farmers.invalid", "nothing to change: phone, branch or cooperative");
  if (e.phone && !std::regex_match(*e.phone, kPhone)) return fail("farmers.invalid", "a phone number is 10 digits from 0");
  std::optional<std::string> branch, coop;
  if (e.branch) {
    auto v = org_name(*e.branch, "branch");
    if (!v) return std::unexpected(v.error());
    branch = *v;
  }
  if (e.cooperative) {
    auto v = org_name(*e.cooperative, "cooperative");
    if (!v) return std::unexpected(v.error());
    coop = *v;
  }
  json after;
  Status st = db.transaction([&]() -> Status {
    auto rows = db.query(std::string(kFarmers) + " WHERE f.id = ?1", {id});
    if (!rows) return std::unexpected(rows.error());
    // Outside the scope reads as unknown: the answer tells nothing of others' farmers.
    if (rows->empty() || !visible(scope, whole_city, to_text((*rows)[0][3])))
      return fail("farmers.unknown", "no farmer " + id + " in your scope");
    json rec = json::parse(to_text((*rows)[0][1]));
    const json before = {{"phone", rec.value("phone", "")}, {"branch", rec.value("branch", "")},
                         {"cooperative", rec.value("cooperative", "")}};
    if (e.phone) rec["phone"] = *e.phone;
    if (branch) rec["branch"] = *branch;
    if (coop) rec["cooperative"] = *coop;
    if (auto r = db.exec("UPDATE farmers SET phone = ?1, data = ?2 WHERE id = ?3", {rec.value("phone", ""), rec.dump(), id});
        !r)
      return r;
    // Every kiosk holds every farmer (docs/PROTOCOL.md 4.2 farmer): the correction goes to all.
    if (auto r = publish_change(db, "*", "farmer", id, rec); !r) return r;
    const json changed = {{"phone", rec.value("phone", "")}, {"branch", rec.value("branch", "")},
                          {"cooperative", rec.value("cooperative", "")}};
    if (auto r = write_audit(db, who, "farmer.edit", {{"farmer_id", id}}, before, changed); !r) return r;
    auto again = db.query(std::string(kFarmers) + " WHERE f.id = ?1", {id});
    if (!again) return std::unexpected(again.error());
    after = row_json((*again)[0]);
    return {};
  });
  if (!st) return std::unexpected(st.error());
  return after;
}

}  // namespace hp::server::dash
