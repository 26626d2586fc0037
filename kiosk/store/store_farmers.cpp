// Farmers: lookup by member card, search by phone or accent-insensitive name, registration.
#include <algorithm>

#include "kiosk/store/store_impl.hpp"

namespace hp::store {
namespace {

constexpr const char* kFarmerColumns =
    "id, member_code, name, coalesce(phone, ''), commune, district, branch, cooperative, created_at, citizen_id, vietgap";

Farmer read_farmer(const db::Stmt& s) {
  return Farmer{.id = s.text(0),
                .member_code = s.text(1),
                .name = s.text(2),
                .phone = s.text(3),
                .commune = s.text(4),
                .district = s.text(5),
                .branch = s.text(6),
                .cooperative = s.text(7),
                .created_at = s.i64(8),
                .citizen_id = s.text(9),
                .vietgap = s.text(10)};
}

Result<std::optional<Farmer>> one_farmer(db::Stmt& stmt, std::string_view key) {
  Use s(stmt);
  s->bind(1, key);
  auto row = s->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<Farmer>();
  return std::optional<Farmer>(read_farmer(*s));
}

Result<std::vector<Farmer>> all_farmers(Use& s) {
  std::vector<Farmer> out;
  while (true) {
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back(read_farmer(*s));
  }
  return out;
}

// Digits sort before ':', so [p, p + ":") is every string of digits that starts with p.
std::string digits_upper_bound(const std::string& p) { return p + ":"; }

nlohmann::json to_json(const Farmer& f) {
  nlohmann::json j = {{"id", f.id},           {"member_code", f.member_code}, {"name", f.name},
                      {"phone", f.phone},     {"commune", f.commune},         {"district", f.district},
                      {"branch", f.branch},   {"cooperative", f.cooperative}, {"created_at", f.created_at}};
  // Only when given: the centre keeps the CCCD number for the association's register and
  // never publishes it (docs/PROTOCOL.md, farmer.registered).
  if (!f.citizen_id.empty()) j["citizen_id"] = f.citizen_id;
  if (!f.vietgap.empty()) j["vietgap"] = f.vietgap;
  return j;
}

}  // namespace

Status prepare_farmer_statements(const db::Db& db, FarmerStmts& s) {
  const std::string cols = kFarmerColumns;
  if (auto r = prepare(db, s.by_code, "SELECT " + cols + " FROM farmers WHERE member_code = ?1"); !r) return r;
  if (auto r = prepare(db, s.by_id, "SELECT " + cols + " FROM farmers WHERE id = ?1"); !r) return r;
  // Both ranges are index seeks (phone, phone_rev).
  if (auto r = prepare(db, s.by_phone,
                       "SELECT " + cols + " FROM farmers "
                       "WHERE ((phone >= ?1 AND phone < ?2) OR (phone_rev >= ?3 AND phone_rev < ?4)) "
                       "AND id NOT IN (SELECT farmer_id FROM farmer_merges) "
                       "ORDER BY search_key, id LIMIT ?5");
      !r)
    return r;
  // Every query word must start a word of the name ("van an" and "nguyen van" both find
  // "Nguyễn Văn An"); unused word slots are bound to '' and always match. Names whose key starts
  // with the query come first. A member code typed in full also matches.
  if (auto r = prepare(db, s.by_name,
                       "SELECT " + cols + " FROM farmers "
                       "WHERE ((instr(' ' || search_key, ' ' || ?1) > 0 AND instr(' ' || search_key, ' ' || ?2) > 0 "
                       "  AND instr(' ' || search_key, ' ' || ?3) > 0 AND instr(' ' || search_key, ' ' || ?4) > 0) "
                       "   OR member_code = ?5) AND id NOT IN (SELECT farmer_id FROM farmer_merges) "
                       "ORDER BY member_code = ?5 DESC, substr(search_key, 1, length(?6)) = ?6 DESC, search_key, id "
                       "LIMIT ?7");
      !r)
    return r;
  // A farmer the centre merged into another (store_sync.cpp): search hides it, its card leads
  // to the one kept.
  if (auto r = prepare(db, s.merged_into, "SELECT merged_into FROM farmer_merges WHERE farmer_id = ?1"); !r) return r;
  return prepare(db, s.insert,
                 "INSERT INTO farmers(id, member_code, name, search_key, phone, phone_rev, commune, district, "
                 "branch, cooperative, created_at, citizen_id, vietgap) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
}

Result<std::optional<Farmer>> Store::farmer_by_member_code(std::string_view code) {
  impl_->owner.check("Store::farmer_by_member_code");
  auto found = one_farmer(impl_->farmers.by_code, code_key(code));
  if (!found || !*found) return found;
  // The card of a farmer merged at the centre opens the farmer kept (a chain of merges is
  // followed a few steps; a kept farmer not pulled yet leaves the card's own).
  for (int hop = 0; hop < 4; ++hop) {
    std::string into;
    {
      Use m(impl_->farmers.merged_into);
      m->bind(1, (*found)->id);
      auto row = m->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      into = m->text(0);
    }
    auto kept = one_farmer(impl_->farmers.by_id, into);
    if (!kept || !*kept) break;
    found = std::move(kept);
  }
  return found;
}

Result<std::optional<Farmer>> Store::farmer_by_id(std::string_view id) {
  impl_->owner.check("Store::farmer_by_id");
  return one_farmer(impl_->farmers.by_id, id);
}

Result<std::vector<Farmer>> Store::search_farmers(std::string_view query, int limit) {
  impl_->owner.check("Store::search_farmers");
  if (limit <= 0) return std::vector<Farmer>();
  const std::string q = trim(query);
  if (q.empty()) return std::vector<Farmer>();

  // A phone is typed as digits, maybe with spaces, dots or a leading +.
  const bool looks_like_phone =
      std::all_of(q.begin(), q.end(), [](char c) { return (c >= '0' && c <= '9') || c == ' ' || c == '.' || c == '+' || c == '-'; });
  if (looks_like_phone) {
    std::string d = digits_only(q);
    // "+84 912 345 678" is the international form of "0912345678".
    if (q.starts_with("+84") && d.size() > 2) d = "0" + d.substr(2);
    if (d.empty()) return std::vector<Farmer>();
    std::string rev(d.rbegin(), d.rend());
    Use s(impl_->farmers.by_phone);
    s->bind_all(d, digits_upper_bound(d), rev, digits_upper_bound(rev), limit);
    return all_farmers(s);
  }

  const std::string key = search_key(q);
  std::vector<std::string> words;
  for (std::size_t i = 0; i < key.size();) {
    const std::size_t j = std::min(key.find(' ', i), key.size());
    if (j > i) words.push_back(key.substr(i, j - i));
    i = j + 1;
  }
  // Words beyond the fourth stay joined to it, still matched as one phrase.
  constexpr std::size_t kSlots = 4;
  if (words.size() > kSlots) {
    for (std::size_t i = kSlots; i < words.size(); ++i) words[kSlots - 1] += " " + words[i];
    words.resize(kSlots);
  }
  words.resize(kSlots);

  Use s(impl_->farmers.by_name);
  s->bind_all(words[0], words[1], words[2], words[3], code_key(q), key, limit);
  return all_farmers(s);
}

Result<Farmer> Store::register_farmer(const NewFarmer& nf, const std::string& event_id) {
  return register_farmer(nf, event_id, {});
}

Result<Farmer> Store::register_farmer(const NewFarmer& nf, const std::string& event_id,
                                      const std::vector<NewPrintJob>& jobs) {
  impl_->owner.check("Store::register_farmer");
  Farmer f{.id = clean(nf.id),
           .member_code = code_key(to_nfc(nf.member_code)),
           .name = clean(nf.name),
           .phone = digits_only(nf.phone),
           .commune = clean(nf.commune),
           .district = clean(nf.district),
           .branch = clean(nf.branch),
           .cooperative = clean(nf.cooperative),
           .created_at = nf.created_at,
           .citizen_id = digits_only(nf.citizen_id),
           .vietgap = clean(nf.vietgap)};
  if (f.id.empty() || f.member_code.empty() || f.name.empty())
    return fail("farmer.invalid", "a farmer needs an id, a member code and a name");
  // The form is checked by the controller (codes::check_citizen_id); here only what the
  // table's CHECK also says, as a clear error instead of a constraint failure.
  if (!f.citizen_id.empty() && f.citizen_id.size() != 12)
    return fail("cccd.length", "a CCCD number has 12 digits");

  auto tx = db::Transaction::begin(impl_->db);
  if (!tx) return std::unexpected(tx.error());

  // Checked first so the clerk sees which field clashes; the UNIQUE constraints still guard.
  if (auto existing = one_farmer(impl_->farmers.by_code, f.member_code); !existing) {
    return std::unexpected(existing.error());
  } else if (*existing) {
    return fail("farmer.member_code_taken", "member code " + f.member_code + " belongs to another farmer");
  }
  std::optional<std::string> phone, phone_rev;
  if (!f.phone.empty()) {
    Use s(impl_->farmers.by_phone);
    s->bind_all(f.phone, f.phone + "\x01", std::nullopt, std::nullopt, 1);
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    if (*row) return fail("farmer.phone_taken", "phone " + f.phone + " belongs to another farmer");
    phone = f.phone;
    phone_rev = std::string(f.phone.rbegin(), f.phone.rend());
  }

  if (auto r = run(impl_->farmers.insert, f.id, f.member_code, f.name, search_key(f.name), phone, phone_rev, f.commune,
                   f.district, f.branch, f.cooperative, f.created_at, f.citizen_id, f.vietgap);
      !r)
    return std::unexpected(r.error());
  if (auto r = append_event(impl_->queue, event_id, "farmer.registered", f.id, to_json(f), f.created_at); !r)
    return std::unexpected(r.error());
  if (auto r = append_jobs(impl_->queue, jobs, f.created_at); !r) return std::unexpected(r.error());
  if (auto r = tx->commit(); !r) return std::unexpected(r.error());
  return f;
}

}  // namespace hp::store
