// Clerks' accounts and their PIN tries (docs/clerks.md). The accounts come from the centre;
// the tries are the kiosk's own, kept in clerk_tries so neither a pull nor a restart resets
// a lockout.
#include "kiosk/store/store_impl.hpp"
#include "shared/auth/pin.hpp"

namespace hp::store {
namespace {

constexpr const char* kClerkColumns =
    "c.id, c.name, c.role, coalesce(c.badge, ''), c.disabled, coalesce(t.failed, 0), coalesce(t.locked_until, 0), "
    "c.pin_hash FROM clerks c LEFT JOIN clerk_tries t ON t.clerk_id = c.id";

Result<Clerk> read_clerk(const db::Stmt& s) {
  auto role = clerk_role_from(s.text(2));
  if (!role) return fail("db.corrupt", "clerk " + s.text(0) + " has unknown role '" + s.text(2) + "'");
  return Clerk{.id = s.text(0),
               .name = s.text(1),
               .role = *role,
               .badge = s.text(3),
               .disabled = s.i64(4) != 0,
               .failed = static_cast<int>(s.i64(5)),
               .locked_until = s.i64(6)};
}

}  // namespace

Status prepare_clerk_statements(const db::Db& db, ClerkStmts& s) {
  if (auto r = prepare(db, s.upsert,
                       "INSERT INTO clerks(id, name, role, badge, pin_hash, disabled, updated_at) "
                       "VALUES (?1, ?2, ?3, nullif(?4, ''), ?5, ?6, ?7) "
                       "ON CONFLICT(id) DO UPDATE SET name = excluded.name, role = excluded.role, badge = excluded.badge, "
                       "pin_hash = excluded.pin_hash, disabled = excluded.disabled, updated_at = excluded.updated_at");
      !r)
    return r;
  if (auto r = prepare(db, s.old_hash, "SELECT pin_hash FROM clerks WHERE id = ?1"); !r) return r;
  // A badge moved to another account at the centre: the old holder loses it here first, so
  // the unique index never refuses a pull.
  if (auto r = prepare(db, s.free_badge, "UPDATE clerks SET badge = NULL WHERE badge = ?1 AND id <> ?2"); !r) return r;
  if (auto r = prepare(db, s.clear_tries, "DELETE FROM clerk_tries WHERE clerk_id = ?1"); !r) return r;
  if (auto r = prepare(db, s.all, std::string("SELECT ") + kClerkColumns + " ORDER BY c.name, c.id"); !r) return r;
  if (auto r = prepare(db, s.by_who, std::string("SELECT ") + kClerkColumns + " WHERE c.id = ?1 OR c.badge = ?1"); !r)
    return r;
  return prepare(db, s.set_tries,
                 "INSERT INTO clerk_tries(clerk_id, failed, locked_until) VALUES (?1, ?2, ?3) "
                 "ON CONFLICT(clerk_id) DO UPDATE SET failed = excluded.failed, locked_until = excluded.locked_until");
}

Status upsert_clerk_rows(ClerkStmts& s, const ClerkAccount& in, UtcMillis now) {
  const ClerkAccount a{.id = clean(in.id), .name = clean(in.name), .role = in.role, .badge = code_key(in.badge),
                       .pin_hash = in.pin_hash, .disabled = in.disabled};
  if (a.id.empty() || a.name.empty()) return fail("clerk.invalid", "a clerk needs an id and a name");
  if (!a.pin_hash.starts_with("$argon2id$")) return fail("clerk.invalid", "clerk " + a.id + ": the PIN hash is not Argon2id");
  bool new_pin = true;
  {
    Use q(s.old_hash);
    q->bind(1, a.id);
    auto row = q->step();
    if (!row) return std::unexpected(row.error());
    if (*row) new_pin = q->text(0) != a.pin_hash;
  }
  if (!a.badge.empty())
    if (auto r = run(s.free_badge, a.badge, a.id); !r) return r;
  if (auto r = run(s.upsert, a.id, a.name, to_string(a.role), a.badge, a.pin_hash, a.disabled ? 1 : 0, now); !r) return r;
  if (new_pin)
    if (auto r = run(s.clear_tries, a.id); !r) return r;
  return {};
}

Status Store::upsert_clerk(const ClerkAccount& a, UtcMillis now) {
  impl_->owner.check("Store::upsert_clerk");
  auto tx = db::Transaction::begin(impl_->db);
  if (!tx) return std::unexpected(tx.error());
  if (auto s = upsert_clerk_rows(impl_->clerks, a, now); !s) return s;
  return tx->commit();
}

Result<std::vector<Clerk>> Store::clerks() {
  impl_->owner.check("Store::clerks");
  std::vector<Clerk> out;
  Use q(impl_->clerks.all);
  while (true) {
    auto row = q->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    auto c = read_clerk(*q);
    if (!c) return std::unexpected(c.error());
    out.push_back(std::move(*c));
  }
  return out;
}

Result<PinCheck> Store::check_clerk_pin(const PinAttempt& a) {
  impl_->owner.check("Store::check_clerk_pin");
  auto& s = impl_->clerks;
  const std::string who = clean(a.who);
  PinCheck out;
  std::string hash;
  auto read = [&](const std::string& key) -> Result<bool> {
    Use q(s.by_who);
    q->bind(1, key);
    auto row = q->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return false;
    auto c = read_clerk(*q);
    if (!c) return std::unexpected(c.error());
    out.clerk = std::move(*c);
    hash = q->text(7);
    return true;
  };
  auto found = read(who);
  if (!found) return std::unexpected(found.error());
  // A badge is stored as its code key (upper case): one typed in lower case still matches.
  if (!*found && !who.empty() && code_key(who) != who) {
    found = read(code_key(who));
    if (!found) return std::unexpected(found.error());
  }
  if (who.empty() || !*found) {
    out.outcome = PinCheck::Outcome::Unknown;
    return out;
  }

  Clerk& c = out.clerk;
  const bool locked = c.locked_until > a.now;
  bool right = false;
  if (c.disabled) out.outcome = PinCheck::Outcome::Disabled;
  else if (a.approval && c.role != ClerkRole::Supervisor) out.outcome = PinCheck::Outcome::NotAllowed;
  else if (locked) out.outcome = PinCheck::Outcome::Locked;
  else {
    // The slow part, outside any transaction: the sync thread may write meanwhile.
    right = auth::verify_pin(hash, a.pin);
    out.outcome = right ? PinCheck::Outcome::Ok : PinCheck::Outcome::Wrong;
  }

  AuditRecord entry{.id = a.audit_id, .at = a.now, .actor = c.id, .action = {}, .subject = c.name, .detail = {}};
  const std::string what = a.approval ? "approval " + a.action : std::string("sign-in");
  bool write_tries = false;
  switch (out.outcome) {
    case PinCheck::Outcome::Ok:
      write_tries = c.failed != 0 || c.locked_until != 0;
      c.failed = 0;
      c.locked_until = 0;
      entry.action = a.approval ? "supervisor.approved" : "clerk.signed_in";
      entry.detail = a.approval ? a.action : std::string();
      break;
    case PinCheck::Outcome::Wrong:
      write_tries = true;
      ++c.failed;
      entry.action = "clerk.pin_wrong";
      entry.detail = what + ": wrong PIN, try " + std::to_string(c.failed) + " of " + std::to_string(a.max_tries);
      if (c.failed >= a.max_tries) {
        c.locked_until = a.now + a.lock_ms;
        c.failed = 0;  // the lock replaces the count: once it passes, the clerk has all tries again
        entry.action = "clerk.locked_out";
        entry.detail = what + ": " + std::to_string(a.max_tries) + " wrong PINs, locked until " +
                       format_local_datetime(c.locked_until);
      }
      break;
    case PinCheck::Outcome::Locked:
      entry.action = "clerk.refused";
      entry.detail = what + ": locked until " + format_local_datetime(c.locked_until);
      break;
    case PinCheck::Outcome::Disabled:
      entry.action = "clerk.refused";
      entry.detail = what + ": account disabled";
      break;
    case PinCheck::Outcome::NotAllowed:
      entry.action = "clerk.refused";
      entry.detail = what + ": not a supervisor";
      break;
    case PinCheck::Outcome::Unknown:
      break;
  }
  auto tx = db::Transaction::begin(impl_->db);
  if (!tx) return std::unexpected(tx.error());
  if (write_tries)
    if (auto r = run(s.set_tries, c.id, c.failed, c.locked_until); !r) return std::unexpected(r.error());
  if (auto r = append_audit(impl_->audit, impl_->queue, entry); !r) return std::unexpected(r.error());
  if (auto r = tx->commit(); !r) return std::unexpected(r.error());
  return out;
}

}  // namespace hp::store
