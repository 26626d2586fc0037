#include "server/dash/fleet.hpp"
#include "server/dash/json_fields.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "server/dash/audit_chain.hpp"
#include "server/dash/fleet_rule.hpp"
#include "server/dash/publish.hpp"

namespace hp::server::dash {
namespace {

using nlohmann::json;
using fields::str;
using fields::num;


// A device's state word as the kiosk reports it (kiosk/app/controller.cpp): the link
// ("ready", "busy", "disconnected", "error") or, for an error with a reason, the reason's
// message key ("printer.paper_out", "scale.overload").
bool paper_out(const std::string& v) { return v.find("paper_out") != std::string::npos || v.find("no_paper") != std::string::npos; }
bool device_fault(const std::string& v) {
  return v == "error" || v == "fault" || v.find('.') != std::string::npos;
}

int link_rank(const std::string& link) {
  if (link == "offline") return 0;
  if (link == "late") return 1;
  if (link == "online") return 2;
  return 3;  // revoked
}

struct FarmerRow {
  std::string id;
  json data;
  std::string post_office_id;  // where it was registered; empty: the centre's own
  UtcMillis registered_at = 0;
};

// Farmers that share a phone with another, not merged, with where they were registered.
Result<std::vector<std::vector<FarmerRow>>> duplicate_groups(SqlDb& db) {
  auto rows = db.query("SELECT id, phone, data FROM farmers WHERE phone <> '' AND phone IN "
                       "(SELECT phone FROM farmers WHERE phone <> '' GROUP BY phone HAVING count(*) > 1) ORDER BY phone, id");
  if (!rows) return std::unexpected(rows.error());
  std::map<std::string, std::vector<FarmerRow>> by_phone;
  std::vector<std::string> ids;
  for (const auto& r : *rows) {
    json d = json::parse(to_text(r[2]), nullptr, false);
    if (!d.is_object() || !str(d, "merged_into").empty()) continue;
    by_phone[to_text(r[1])].push_back({to_text(r[0]), std::move(d), "", 0});
    ids.push_back(to_text(r[0]));
  }
  std::erase_if(by_phone, [](const auto& kv) { return kv.second.size() < 2; });
  std::vector<std::vector<FarmerRow>> out;
  if (by_phone.empty()) return out;
  // Where each was registered: the kiosk that pushed its farmer.registered event.
  std::string in;
  for (std::size_t i = 0; i < ids.size(); ++i) in += (i ? ", ?" : "?") + std::to_string(i + 1);
  auto reg = db.query("SELECT e.entity_id, k.post_office_id, e.kiosk_time_ms FROM events e JOIN kiosks k ON "
                      "k.id = e.kiosk_id WHERE e.kind = 'farmer.registered' AND e.entity_id IN (" + in + ")",
                      std::vector<SqlValue>(ids.begin(), ids.end()));
  if (!reg) return std::unexpected(reg.error());
  std::map<std::string, std::pair<std::string, UtcMillis>> where;
  for (const auto& r : *reg) where.try_emplace(to_text(r[0]), to_text(r[1]), to_int(r[2]));
  for (auto& [phone, group] : by_phone) {
    for (auto& f : group)
      if (auto it = where.find(f.id); it != where.end()) std::tie(f.post_office_id, f.registered_at) = it->second;
    // The farmer registered first is offered as the one to keep.
    std::sort(group.begin(), group.end(), [](const FarmerRow& a, const FarmerRow& b) {
      const auto ka = num(a.data, "created_at"), kb = num(b.data, "created_at");
      return ka != kb ? ka < kb : a.id < b.id;
    });
    out.push_back(std::move(group));
  }
  return out;
}

bool visible(const FarmerRow& f, const Scope& scope, bool all_city) {
  return f.post_office_id.empty() ? all_city : scope.contains(f.post_office_id);
}

json farmer_json(const FarmerRow& f, const Scope& scope) {
  std::string po_name;
  for (const auto& p : scope.post_offices)
    if (p.id == f.post_office_id) po_name = p.name;
  return {{"id", f.id},
          {"member_code", str(f.data, "member_code")},
          {"name", str(f.data, "name")},
          {"phone", str(f.data, "phone")},
          {"commune", str(f.data, "commune")},
          {"created_at", num(f.data, "created_at")},
          {"post_office_id", f.post_office_id.empty() ? json(nullptr) : json(f.post_office_id)},
          {"post_office_name", po_name.empty() ? json(nullptr) : json(po_name)}};
}

}  // namespace

Result<json> ops_kiosks(SqlDb& db, const Scope& scope, UtcMillis now) {
  if (auto s = check_audit_chains(db, now); !s) return std::unexpected(s.error());
  auto chains = audit_chains(db);
  if (!chains) return std::unexpected(chains.error());
  auto rows = db.query("SELECT id, post_office_id, name, enrolled_at, revoked_at, state, state_at, seen_at FROM kiosks "
                       "ORDER BY id");
  if (!rows) return std::unexpected(rows.error());
  std::map<std::string, std::string> po_name;
  for (const auto& p : scope.post_offices) po_name[p.id] = p.name;
  json kiosks = json::array();
  std::map<std::string, int> counts{{"online", 0}, {"late", 0}, {"offline", 0}, {"revoked", 0}};
  int with_alerts = 0;
  for (const auto& r : *rows) {
    const std::string id = to_text(r[0]), po = to_text(r[1]);
    if (!scope.contains(po)) continue;
    json st = r[5] ? json::parse(*r[5], nullptr, false) : json::object();
    if (!st.is_object()) st = json::object();
    // The last contact: the last request the centre saw, else the enrolment itself.
    const UtcMillis enrolled = to_int(r[3]);
    const UtcMillis last = std::max(enrolled, r[7] ? to_int(r[7]) : 0);
    const std::int64_t interval = effective_interval_ms(num(st, "pull_interval_ms"));
    const bool revoked = r[4].has_value();
    const std::string link = revoked ? "revoked" : to_string(link_state(now, last, interval));
    ++counts[link];
    json alerts = json::array();
    json devices = st.contains("devices") && st["devices"].is_object() ? st["devices"] : json::object();
    if (!revoked) {
      if (offline_long(now, last, interval)) alerts.push_back({{"code", "offline_long"}, {"detail", (now - last) / 1000}});
      for (const auto& [name, v] : devices.items()) {
        const std::string word = v.is_string() ? v.get<std::string>() : std::string();
        if (name == "printer" && paper_out(word)) alerts.push_back({{"code", "printer_paper_out"}, {"detail", word}});
        else if (name == "scale" && device_fault(word)) alerts.push_back({{"code", "scale_fault"}, {"detail", word}});
      }
      if (num(st, "review_flags") > 0) alerts.push_back({{"code", "conflicts_flagged"}, {"detail", num(st, "review_flags")}});
      if (num(st, "dead_letters") > 0) alerts.push_back({{"code", "dead_letters"}, {"detail", num(st, "dead_letters")}});
    }
    json audit = {{"entries", 0}, {"broken_seq", nullptr}, {"reason", nullptr}};
    if (auto c = chains->find(id); c != chains->end()) {
      audit = {{"entries", c->second.entries},
               {"broken_seq", c->second.broken_seq ? json(*c->second.broken_seq) : json(nullptr)},
               {"reason", c->second.broken_seq ? json(c->second.reason) : json(nullptr)}};
      if (c->second.broken_seq)
        alerts.push_back({{"code", "audit_chain_break"},
                          {"detail", "seq " + std::to_string(*c->second.broken_seq) + ": " + c->second.reason}});
    }
    if (!alerts.empty()) ++with_alerts;
    kiosks.push_back({{"id", id},
                      {"name", to_text(r[2])},
                      {"post_office_id", po},
                      {"post_office_name", po_name[po]},
                      {"enrolled_at", enrolled},
                      {"last_seen_ms", last},
                      {"seen_ago_s", std::max<std::int64_t>(0, now - last) / 1000},
                      {"link", link},
                      {"pull_interval_ms", interval},
                      {"unsent_count", st.value("unsent_count", json(nullptr))},
                      {"oldest_unsent_ms", st.value("oldest_unsent_ms", json(nullptr))},
                      {"app_version", st.value("app_version", json(nullptr))},
                      {"clock_offset_s", st.value("clock_offset_s", json(nullptr))},
                      {"devices", std::move(devices)},
                      {"dead_letters", st.value("dead_letters", json(nullptr))},
                      {"review_flags", st.value("review_flags", json(nullptr))},
                      {"state_at", r[6] ? json(to_int(r[6])) : json(nullptr)},
                      {"audit", std::move(audit)},
                      {"alerts", std::move(alerts)}});
  }
  std::stable_sort(kiosks.begin(), kiosks.end(), [](const json& a, const json& b) {
    const int ra = link_rank(a["link"]), rb = link_rank(b["link"]);
    if (ra != rb) return ra < rb;
    if (a["alerts"].size() != b["alerts"].size()) return a["alerts"].size() > b["alerts"].size();
    return a["name"].get<std::string>() < b["name"].get<std::string>();
  });
  return json{{"now_ms", now},
              {"rule", {{"online_within_intervals", 1.5}, {"late_within_intervals", 10}, {"offline_long_ms", kOfflineLongMs},
                        {"default_pull_interval_ms", kDefaultPullIntervalMs}}},
              {"counts", {{"online", counts["online"]}, {"late", counts["late"]}, {"offline", counts["offline"]},
                          {"revoked", counts["revoked"]}, {"with_alerts", with_alerts}}},
              {"kiosks", std::move(kiosks)}};
}

Result<json> farmer_conflicts(SqlDb& db, const Scope& scope, bool all_city) {
  auto groups = duplicate_groups(db);
  if (!groups) return std::unexpected(groups.error());
  json out = json::array();
  for (const auto& g : *groups)
    for (std::size_t i = 1; i < g.size(); ++i)
      if (visible(g[0], scope, all_city) || visible(g[i], scope, all_city))
        out.push_back({{"reason", "same_phone"}, {"phone", str(g[0].data, "phone")}, {"keep", farmer_json(g[0], scope)},
                       {"duplicate", farmer_json(g[i], scope)}});
  return json{{"conflicts", std::move(out)}};
}

bool may_merge(const auth::Staff& staff) {
  return staff.role == "admin" || staff.role == "city" || staff.role == "technician";
}

Result<json> merge_farmers(SqlDb& db, const Scope& scope, bool all_city, const auth::Staff& staff,
                           const std::string& keep_id, const std::string& duplicate_id, UtcMillis now) {
  if (keep_id == duplicate_id) return fail("merge.invalid", "a farmer cannot be merged into itself");
  json record;
  Status st = db.transaction([&]() -> Status {
    // Read again inside the transaction: a second merge of the same pair finds it done.
    auto groups = duplicate_groups(db);
    if (!groups) return std::unexpected(groups.error());
    const FarmerRow *keep = nullptr, *dup = nullptr;
    for (const auto& g : *groups) {
      const FarmerRow *k = nullptr, *d = nullptr;
      for (const auto& f : g) {
        if (f.id == keep_id) k = &f;
        if (f.id == duplicate_id) d = &f;
      }
      if (k && d) keep = k, dup = d;
    }
    if (!keep || !dup)
      return fail("merge.invalid", "these two farmers are not a conflict waiting (unknown, already merged, or "
                                   "different phones)");
    if (!visible(*keep, scope, all_city) && !visible(*dup, scope, all_city))
      return fail("scope.forbidden", "these farmers were registered outside your scope");
    auto row = db.query("SELECT data FROM farmers WHERE id = ?1", {duplicate_id});
    if (!row) return std::unexpected(row.error());
    json data = json::parse(to_text((*row)[0][0]));
    data["merged_into"] = keep_id;
    data["merged_at"] = now;
    if (auto r = db.exec("UPDATE farmers SET data = ?1 WHERE id = ?2", {data.dump(), duplicate_id}); !r) return r;
    record = {{"id", duplicate_id}, {"merged_into", keep_id}, {"merged_at", now}};
    // Every kiosk holds every farmer (farmers are published to '*'), so every kiosk gets the
    // merge; a kiosk that never had the duplicate keeps the mark for a later copy.
    if (auto r = publish_change(db, "*", "farmer_merge", duplicate_id, record); !r) return r;
    return db.exec("INSERT INTO dash_audit(at, staff_id, action, detail) VALUES (?1, ?2, 'farmer.merged', ?3)",
                   {now, staff.id,
                    json{{"keep_id", keep_id}, {"duplicate_id", duplicate_id},
                         {"keep_member_code", str(keep->data, "member_code")},
                         {"duplicate_member_code", str(dup->data, "member_code")}}
                        .dump()});
  });
  if (!st) return std::unexpected(st.error());
  return record;
}

}  // namespace hp::server::dash
