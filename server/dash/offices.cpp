#include "server/dash/offices.hpp"

#include <regex>

#include "server/crypto.hpp"
#include "server/dash/publish.hpp"
#include "shared/text.hpp"

namespace hp::server::dash {
namespace {

using nlohmann::json;

json po_json(const PostOffice& p) { return {{"id", p.id}, {"name", p.name}, {"unit_id", p.unit_id}}; }

Result<std::optional<PostOffice>> find_post_office(SqlDb& db, const std::string& id) {
  auto rows = db.query("SELECT id, name, unit_id FROM post_offices WHERE id = ?1", {id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::optional<PostOffice>();
  const auto& r = (*rows)[0];
  return std::optional<PostOffice>(PostOffice{to_text(r[0]), to_text(r[1]), to_text(r[2])});
}

// A name as people type it: trimmed, NFC, 1 to 120 bytes. Error: post_office.invalid.
Result<std::string> clean_name(const std::string& raw) {
  std::string name = to_nfc(trim(raw));
  if (name.empty() || name.size() > 120) return fail("post_office.invalid", "a post office name has 1 to 120 characters");
  return name;
}

// An empty unit is allowed (a post office not yet placed); any other must be a known unit.
Status check_unit(SqlDb& db, const std::string& unit_id) {
  if (unit_id.empty()) return {};
  auto u = db.query("SELECT 1 FROM dash_units WHERE id = ?1", {unit_id});
  if (!u) return std::unexpected(u.error());
  if (u->empty()) return fail("post_office.invalid", "no administrative unit " + unit_id);
  return {};
}

}  // namespace

Result<PostOffice> add_post_office(SqlDb& db, const PostOffice& in, const Actor& who) {
  static const std::regex kId(R"(^[a-z0-9][a-z0-9_-]{0,63}$)");
  if (!std::regex_match(in.id, kId))
    return fail("post_office.invalid", "a post office id has 1 to 64 of a-z 0-9 - _ (e.g. po-an-hai)");
  auto name = clean_name(in.name);
  if (!name) return std::unexpected(name.error());
  const PostOffice po{in.id, *name, in.unit_id};
  Status st = db.transaction([&]() -> Status {
    if (auto u = check_unit(db, po.unit_id); !u) return u;
    auto existing = find_post_office(db, po.id);
    if (!existing) return std::unexpected(existing.error());
    if (*existing) return fail("post_office.exists", "post office " + po.id + " exists");
    if (auto r = db.exec("INSERT INTO post_offices(id, name, unit_id) VALUES (?1, ?2, ?3)", {po.id, po.name, po.unit_id});
        !r)
      return r;
    if (auto r = publish_change(db, po.id, "post_office", po.id, po_json(po)); !r) return r;
    return write_audit(db, who, "post_office.add", {{"post_office_id", po.id}}, nullptr, po_json(po));
  });
  if (!st) return std::unexpected(st.error());
  return po;
}

Result<PostOffice> edit_post_office(SqlDb& db, const std::string& id, const std::string& raw_name,
                                    const std::optional<std::string>& unit_id, const Actor& who) {
  auto name = clean_name(raw_name);
  if (!name) return std::unexpected(name.error());
  PostOffice after;
  Status st = db.transaction([&]() -> Status {
    auto before = find_post_office(db, id);
    if (!before) return std::unexpected(before.error());
    if (!*before) return fail("post_office.unknown", "no post office " + id);
    after = PostOffice{id, *name, unit_id.value_or((*before)->unit_id)};
    if (auto u = check_unit(db, after.unit_id); !u) return u;
    if (auto r = db.exec("UPDATE post_offices SET name = ?1, unit_id = ?2 WHERE id = ?3", {after.name, after.unit_id, id});
        !r)
      return r;
    if (auto r = publish_change(db, id, "post_office", id, po_json(after)); !r) return r;
    return write_audit(db, who, "post_office.edit", {{"post_office_id", id}}, po_json(**before), po_json(after));
  });
  if (!st) return std::unexpected(st.error());
  return after;
}

Result<EnrolCode> issue_enrol_code(SqlDb& db, const std::string& post_office_id, std::int64_t ttl_seconds,
                                   const Actor& who) {
  if (ttl_seconds < 0 || ttl_seconds > kMaxEnrolTtlSeconds)
    return fail("enrol.invalid_ttl", "an enrolment code is valid 0 to " + std::to_string(kMaxEnrolTtlSeconds) + " s");
  EnrolCode out{make_enrol_code(), post_office_id, who.now + ttl_seconds * 1000};
  Status st = db.transaction([&]() -> Status {
    auto po = find_post_office(db, post_office_id);
    if (!po) return std::unexpected(po.error());
    if (!*po) return fail("post_office.unknown", "no post office " + post_office_id);
    if (auto r = db.exec("INSERT INTO enrol_codes(hash, post_office_id, expires_at) VALUES (?1, ?2, ?3)",
                         {sha256_hex(normalize_enrol_code(out.code)), post_office_id, out.expires_at});
        !r)
      return r;
    // The code itself never reaches the trail: it is a credential until used.
    return write_audit(db, who, "enrol_code.issue", {{"post_office_id", post_office_id}}, nullptr,
                       {{"expires_at", out.expires_at}});
  });
  if (!st) return std::unexpected(st.error());
  return out;
}

namespace {
constexpr const char* kKioskColumns =
    "SELECT id, post_office_id, name, app_version, enrolled_at, revoked_at, state, state_at FROM kiosks";

json kiosk_json(const SqlRow& r) {
  json state = r[6] ? json::parse(*r[6], nullptr, false) : json(nullptr);
  if (state.is_discarded()) state = nullptr;
  return {{"id", to_text(r[0])},
          {"post_office_id", to_text(r[1])},
          {"name", to_text(r[2])},
          {"app_version", to_text(r[3])},
          {"enrolled_at", to_int(r[4])},
          {"revoked", r[5].has_value()},
          {"revoked_at", r[5] ? json(to_int(r[5])) : json(nullptr)},
          {"state", std::move(state)},
          {"state_at", r[7] ? json(to_int(r[7])) : json(nullptr)}};
}
}  // namespace

Result<json> list_kiosks(SqlDb& db) {
  auto rows = db.query(std::string(kKioskColumns) + " ORDER BY enrolled_at, id");
  if (!rows) return std::unexpected(rows.error());
  json out = json::array();
  for (const auto& r : *rows) out.push_back(kiosk_json(r));
  return out;
}

Result<json> revoke_kiosk(SqlDb& db, const std::string& kiosk_id, const Actor& who) {
  json after;
  Status st = db.transaction([&]() -> Status {
    auto before = db.query(std::string(kKioskColumns) + " WHERE id = ?1", {kiosk_id});
    if (!before) return std::unexpected(before.error());
    if (before->empty()) return fail("kiosk.unknown", "no kiosk " + kiosk_id);
    if ((*before)[0][5]) {  // already revoked: nothing changes, nothing to audit
      after = kiosk_json((*before)[0]);
      return {};
    }
    if (auto r = db.exec("UPDATE kiosks SET revoked_at = ?1 WHERE id = ?2", {who.now, kiosk_id}); !r) return r;
    auto now = db.query(std::string(kKioskColumns) + " WHERE id = ?1", {kiosk_id});
    if (!now) return std::unexpected(now.error());
    after = kiosk_json((*now)[0]);
    const json b = kiosk_json((*before)[0]);
    return write_audit(db, who, "kiosk.revoke", {{"kiosk_id", kiosk_id}},
                       {{"revoked_at", nullptr}, {"post_office_id", b["post_office_id"]}},
                       {{"revoked_at", who.now}, {"post_office_id", b["post_office_id"]}});
  });
  if (!st) return std::unexpected(st.error());
  return after;
}

}  // namespace hp::server::dash
