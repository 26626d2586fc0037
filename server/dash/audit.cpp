#include "server/dash/audit.hpp"

namespace hp::server::dash {

using nlohmann::json;

Status write_audit(SqlDb& db, const Actor& who, const std::string& action, const json& subject, const json& before,
                   const json& after) {
  return db.exec("INSERT INTO dash_audit(at, staff_id, action, detail) VALUES (?1, ?2, ?3, ?4)",
                 {who.now, who.staff_id, action, json{{"subject", subject}, {"before", before}, {"after", after}}.dump()});
}

Result<json> audit_list(SqlDb& db, int limit) {
  auto rows = db.query(
      "SELECT a.at, a.staff_id, coalesce(s.username, a.staff_id), a.action, a.detail FROM dash_audit a "
      "LEFT JOIN dash_staff s ON s.id = a.staff_id ORDER BY a.at DESC LIMIT ?1",
      {static_cast<std::int64_t>(limit)});
  if (!rows) return std::unexpected(rows.error());
  json out = json::array();
  for (const auto& r : *rows) {
    json detail = json::parse(to_text(r[4]), nullptr, false);
    // Rows written before the trail kept before/after hold the change's fields alone.
    if (detail.is_discarded()) detail = to_text(r[4]);
    out.push_back({{"at", to_int(r[0])}, {"staff_id", to_text(r[1])}, {"username", to_text(r[2])},
                   {"action", to_text(r[3])}, {"detail", std::move(detail)}});
  }
  return out;
}

}  // namespace hp::server::dash
