#include "server/dash/indicators.hpp"

#include <algorithm>
#include <regex>

#include "shared/text.hpp"

namespace hp::server::dash {
namespace {

using nlohmann::json;

json indicator_json(const Indicator& i) {
  return {{"id", i.id}, {"label_vi", i.label_vi}, {"label_en", i.label_en}, {"measure", i.measure},
          {"active_from", i.active_from}};
}

Result<std::optional<Indicator>> find_indicator(SqlDb& db, const std::string& id) {
  auto rows = db.query("SELECT id, label_vi, label_en, measure, active_from FROM dash_indicators WHERE id = ?1", {id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::optional<Indicator>();
  const auto& r = (*rows)[0];
  return std::optional<Indicator>(Indicator{to_text(r[0]), to_text(r[1]), to_text(r[2]), to_text(r[3]), to_int(r[4])});
}

}  // namespace

bool is_measure(const std::string& name) {
  return std::any_of(std::begin(kMeasures), std::end(kMeasures), [&](const char* m) { return name == m; });
}

Status seed_indicators(SqlDb& db) {
  auto n = db.query("SELECT count(*) FROM dash_indicators");
  if (!n) return std::unexpected(n.error());
  if (to_int((*n)[0][0]) > 0) return {};
  const Indicator kPlan[] = {
      {"farmers_active", "Nông dân hoạt động", "Active farmers", "farmers_active", 2022},
      {"dropoff_kg", "Kg đã nhận", "Kg received", "dropoff_kg", 2022},
      {"payouts_vnd", "Chi trả cho nông dân (đ)", "Paid to farmers (VND)", "payouts_vnd", 2022},
      {"orders_collected", "Đơn đã nhận", "Orders collected", "orders_collected", 2022},
      {"sales_vnd", "Doanh số (đ)", "Sales (VND)", "sales_vnd", 2022},
  };
  for (const auto& i : kPlan)
    if (auto r = db.exec("INSERT INTO dash_indicators(id, label_vi, label_en, measure, active_from) VALUES (?1, ?2, ?3, ?4, ?5)",
                         {i.id, i.label_vi, i.label_en, i.measure, i.active_from});
        !r)
      return r;
  return {};
}

Result<json> list_indicators(SqlDb& db) {
  auto rows = db.query("SELECT id, label_vi, label_en, measure, active_from FROM dash_indicators ORDER BY active_from, id");
  if (!rows) return std::unexpected(rows.error());
  json out = json::array();
  for (const auto& r : *rows)
    out.push_back(indicator_json({to_text(r[0]), to_text(r[1]), to_text(r[2]), to_text(r[3]), to_int(r[4])}));
  return out;
}

Result<Indicator> save_indicator(SqlDb& db, const Indicator& raw, bool create, const Actor& who) {
  static const std::regex kId(R"(^[a-z][a-z0-9_]{0,47}$)");
  if (!std::regex_match(raw.id, kId)) return fail("indicators.invalid", "an indicator id has 1 to 48 of a-z 0-9 _");
  const Indicator in{raw.id, to_nfc(trim(raw.label_vi)), to_nfc(trim(raw.label_en)), raw.measure, raw.active_from};
  if (in.label_vi.empty() || in.label_vi.size() > 200 || in.label_en.empty() || in.label_en.size() > 200)
    return fail("indicators.invalid", "label_vi and label_en have 1 to 200 characters");
  if (!is_measure(in.measure))
    return fail("indicators.invalid", "measure is one of farmers_registered, farmers_active, dropoff_kg, dropoffs, "
                                      "orders_collected, sales_vnd, payouts_vnd");
  if (in.active_from < 2000 || in.active_from > 2200) return fail("indicators.invalid", "active_from is a year");
  Status st = db.transaction([&]() -> Status {
    auto before = find_indicator(db, in.id);
    if (!before) return std::unexpected(before.error());
    if (create && *before) return fail("indicators.exists", "an indicator " + in.id + " exists");
    if (!create && !*before) return fail("indicators.unknown", "no indicator " + in.id);
    auto r = create ? db.exec("INSERT INTO dash_indicators(id, label_vi, label_en, measure, active_from) "
                              "VALUES (?1, ?2, ?3, ?4, ?5)",
                              {in.id, in.label_vi, in.label_en, in.measure, in.active_from})
                    : db.exec("UPDATE dash_indicators SET label_vi = ?2, label_en = ?3, measure = ?4, active_from = ?5 "
                              "WHERE id = ?1",
                              {in.id, in.label_vi, in.label_en, in.measure, in.active_from});
    if (!r) return r;
    return write_audit(db, who, create ? "indicator.add" : "indicator.edit", {{"indicator", in.id}},
                       *before ? indicator_json(**before) : json(nullptr), indicator_json(in));
  });
  if (!st) return std::unexpected(st.error());
  return in;
}

Result<std::map<std::string, std::string>> indicator_measures(SqlDb& db, std::int64_t year) {
  auto rows = db.query("SELECT id, measure FROM dash_indicators WHERE active_from <= ?1", {year});
  if (!rows) return std::unexpected(rows.error());
  std::map<std::string, std::string> out;
  for (const auto& r : *rows) out[to_text(r[0])] = to_text(r[1]);
  return out;
}

Status set_target(SqlDb& db, const std::string& unit_id, std::int64_t year, const std::string& indicator,
                  std::int64_t target, const std::string& username, const Actor& who) {
  if (year < 2000 || year > 2200) return fail("targets.invalid", "year out of range");
  if (target < 0) return fail("targets.invalid", "a target is zero or more");
  return db.transaction([&]() -> Status {
    auto measures = indicator_measures(db, year);
    if (!measures) return std::unexpected(measures.error());
    if (!measures->contains(indicator))
      return fail("targets.invalid", "no indicator " + indicator + " counts in " + std::to_string(year));
    auto before = db.query("SELECT target FROM dash_targets WHERE unit_id = ?1 AND year = ?2 AND indicator = ?3",
                           {unit_id, year, indicator});
    if (!before) return std::unexpected(before.error());
    if (auto r = db.exec("INSERT INTO dash_targets(unit_id, year, indicator, target, updated_at, updated_by) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (unit_id, year, indicator) DO UPDATE SET "
                         "target = excluded.target, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                         {unit_id, year, indicator, target, who.now, username});
        !r)
      return r;
    return write_audit(db, who, "target.set", {{"unit_id", unit_id}, {"year", year}, {"indicator", indicator}},
                       before->empty() ? json(nullptr) : json{{"target", to_int((*before)[0][0])}},
                       {{"target", target}});
  });
}

}  // namespace hp::server::dash
