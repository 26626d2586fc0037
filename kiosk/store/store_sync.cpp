// The store's side of sync with the centre: which events are unsent, what the centre answered
// for each, and a pulled batch applied with its cursor in one transaction.
#include <algorithm>

#include "kiosk/store/store_impl.hpp"

namespace hp::store {
namespace {

// Unsent: above the settled floor and with no outcome. The floor keeps the scan to the events
// not yet settled, however long the outbox grows.
constexpr const char* kUnsentWhere =
    "o.seq > (SELECT settled_floor FROM sync_state WHERE id = 1) "
    "AND NOT EXISTS (SELECT 1 FROM outbox_sync s WHERE s.seq = o.seq)";

}  // namespace

Status prepare_sync_statements(const db::Db& db, SyncStmts& s) {
  const std::string unsent = kUnsentWhere;
  if (auto r = prepare(db, s.unsent,
                       "SELECT o.seq, o.id, o.kind, o.entity_id, o.payload, o.created_at FROM outbox o WHERE " + unsent +
                           " ORDER BY o.seq LIMIT ?1");
      !r)
    return r;
  if (auto r = prepare(db, s.counts,
                       "SELECT (SELECT count(*) FROM outbox o WHERE " + unsent + "), (SELECT min(o.created_at) FROM outbox o WHERE " +
                           unsent + "), (SELECT count(*) FROM outbox_sync WHERE state = 'dead'), (SELECT count(*) FROM sync_flags)");
      !r)
    return r;
  if (auto r = prepare(db, s.settle,
                       "INSERT INTO outbox_sync(seq, state, at, code, reason) "
                       "SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM outbox WHERE seq = ?1) "
                       "ON CONFLICT(seq) DO NOTHING");
      !r)
    return r;
  // Every event at or below the floor is settled: the floor moves up to just below the oldest
  // unsettled event (or to the newest event when none is left).
  if (auto r = prepare(db, s.floor,
                       "UPDATE sync_state SET settled_floor = coalesce("
                       "(SELECT min(o.seq) - 1 FROM outbox o WHERE " + unsent + "), (SELECT max(seq) FROM outbox), 0) WHERE id = 1");
      !r)
    return r;
  if (auto r = prepare(db, s.dead,
                       "SELECT o.seq, o.id, o.kind, o.entity_id, o.payload, o.created_at, s.code, s.reason, s.at "
                       "FROM outbox_sync s JOIN outbox o ON o.seq = s.seq WHERE s.state = 'dead' ORDER BY s.seq DESC LIMIT ?1");
      !r)
    return r;
  if (auto r = prepare(db, s.record,
                       "SELECT pull_cursor, last_push_at, last_pull_at, clock_offset_ms, phase, reason_code, reason_detail, "
                       "offline_since FROM sync_state WHERE id = 1");
      !r)
    return r;
  if (auto r = prepare(db, s.save_cursor, "UPDATE sync_state SET pull_cursor = ?1, last_pull_at = ?2 WHERE id = 1"); !r)
    return r;
  if (auto r = prepare(db, s.contact_push, "UPDATE sync_state SET last_push_at = ?1, clock_offset_ms = ?2 WHERE id = 1");
      !r)
    return r;
  if (auto r = prepare(db, s.contact_pull, "UPDATE sync_state SET last_pull_at = ?1, clock_offset_ms = ?2 WHERE id = 1");
      !r)
    return r;
  if (auto r = prepare(db, s.flags,
                       "SELECT kind, entity_id, other_id, detail, at FROM sync_flags ORDER BY seq DESC LIMIT ?1");
      !r)
    return r;
  if (auto r = prepare(db, s.add_flag,
                       "INSERT INTO sync_flags(kind, entity_id, other_id, detail, at) VALUES (?1, ?2, ?3, ?4, ?5) "
                       "ON CONFLICT(kind, entity_id, other_id) DO NOTHING");
      !r)
    return r;
  // The local pickup of an order and whether the centre has acknowledged its event yet.
  if (auto r = prepare(db, s.pickup_of_order,
                       "SELECT p.id, EXISTS (SELECT 1 FROM outbox o JOIN outbox_sync s ON s.seq = o.seq AND s.state = 'acked' "
                       "WHERE o.kind = 'pickup.recorded' AND o.entity_id = p.id) FROM pickups p WHERE p.order_id = ?1");
      !r)
    return r;
  if (auto r = prepare(db, s.farmer_upsert,
                       "INSERT INTO farmers(id, member_code, name, search_key, phone, phone_rev, commune, district, "
                       "branch, cooperative, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
                       "ON CONFLICT(id) DO UPDATE SET member_code = excluded.member_code, name = excluded.name, "
                       "search_key = excluded.search_key, phone = excluded.phone, phone_rev = excluded.phone_rev, "
                       "commune = excluded.commune, district = excluded.district, branch = excluded.branch, "
                       "cooperative = excluded.cooperative");
      !r)
    return r;
  if (auto r = prepare(db, s.save_phase,
                       "UPDATE sync_state SET phase = ?1, reason_code = ?2, reason_detail = ?3, offline_since = ?4 WHERE id = 1");
      !r)
    return r;
  if (auto r = prepare(db, s.code_clash, "SELECT id FROM orders WHERE pickup_code = ?1 AND id <> ?2"); !r) return r;
  if (auto r = prepare(db, s.event_exists, "SELECT 1 FROM outbox WHERE seq = ?1"); !r) return r;
  if (auto r = prepare(db, s.add_merge,
                       "INSERT INTO farmer_merges(farmer_id, merged_into, merged_at) VALUES (?1, ?2, ?3) "
                       "ON CONFLICT(farmer_id) DO UPDATE SET merged_into = excluded.merged_into, merged_at = excluded.merged_at");
      !r)
    return r;
  return prepare(db, s.same_phone, "SELECT id FROM farmers WHERE phone = ?1 AND id <> ?2 ORDER BY id");
}

Result<std::vector<OutboxEvent>> Store::unsent_events(int limit) {
  impl_->owner.check("Store::unsent_events");
  std::vector<OutboxEvent> out;
  if (limit <= 0) return out;
  Use s(impl_->sync.unsent);
  s->bind(1, limit);
  return read_events(*s);
}

Result<Store::SyncCounts> Store::sync_counts() {
  impl_->owner.check("Store::sync_counts");
  Use s(impl_->sync.counts);
  auto row = s->step();
  if (!row) return std::unexpected(row.error());
  SyncCounts c;
  c.unsent = s->i64(0);
  c.oldest_unsent_at = s->opt_i64(1);
  c.dead = s->i64(2);
  c.flags = s->i64(3);
  return c;
}

Status Store::settle_events(const std::vector<EventOutcome>& outcomes, UtcMillis now) {
  impl_->owner.check("Store::settle_events");
  auto tx = db::Transaction::begin(impl_->db);
  if (!tx) return std::unexpected(tx.error());
  for (const auto& o : outcomes) {
    auto r = run(impl_->sync.settle, o.seq, o.acked ? "acked" : "dead", now, o.acked ? std::string() : clean(o.code),
                 o.acked ? std::string() : to_nfc(o.reason));
    if (!r) return r;
    if (impl_->db.changes() == 0) {
      // Either settled before (a repeated answer: nothing changes) or not an event of ours.
      Use e(impl_->sync.event_exists);
      e->bind(1, o.seq);
      auto row = e->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) return fail("sync.unknown_event", "no outbox event with seq " + std::to_string(o.seq));
    }
  }
  if (auto r = run(impl_->sync.floor); !r) return r;
  return tx->commit();
}

Result<std::vector<Store::DeadLetter>> Store::dead_letters(int limit) {
  impl_->owner.check("Store::dead_letters");
  std::vector<DeadLetter> out;
  if (limit <= 0) return out;
  Use s(impl_->sync.dead);
  s->bind(1, limit);
  while (true) {
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back(DeadLetter{.event = OutboxEvent{.seq = s->i64(0),
                                                  .id = s->text(1),
                                                  .kind = s->text(2),
                                                  .entity_id = s->text(3),
                                                  .payload = s->text(4),
                                                  .created_at = s->i64(5)},
                             .code = s->text(6),
                             .reason = s->text(7),
                             .at = s->i64(8)});
  }
  return out;
}

Result<Store::SyncRecord> Store::sync_record() {
  impl_->owner.check("Store::sync_record");
  Use s(impl_->sync.record);
  auto row = s->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return fail("db.corrupt", "sync_state has no row");
  return SyncRecord{.pull_cursor = s->text(0),
                    .last_push_at = s->i64(1),
                    .last_pull_at = s->i64(2),
                    .clock_offset_ms = s->i64(3),
                    .phase = s->text(4),
                    .reason_code = s->text(5),
                    .reason_detail = s->text(6),
                    .offline_since = s->i64(7)};
}

Status Store::save_sync_phase(std::string_view phase, std::string_view reason_code, std::string_view reason_detail,
                              UtcMillis offline_since) {
  impl_->owner.check("Store::save_sync_phase");
  return run(impl_->sync.save_phase, phase, clean(reason_code), to_nfc(reason_detail), offline_since);
}

Status Store::forget_pull_cursor() {
  impl_->owner.check("Store::forget_pull_cursor");
  return impl_->db.exec("UPDATE sync_state SET pull_cursor = '' WHERE id = 1");
}

Status Store::note_contact(bool pull, UtcMillis at, std::int64_t clock_offset_ms) {
  impl_->owner.check("Store::note_contact");
  return run(pull ? impl_->sync.contact_pull : impl_->sync.contact_push, at, clock_offset_ms);
}

Result<std::vector<Store::SyncFlag>> Store::sync_flags(int limit) {
  impl_->owner.check("Store::sync_flags");
  std::vector<SyncFlag> out;
  if (limit <= 0) return out;
  Use s(impl_->sync.flags);
  s->bind(1, limit);
  while (true) {
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back(SyncFlag{.kind = s->text(0), .entity_id = s->text(1), .other_id = s->text(2), .detail = s->text(3), .at = s->i64(4)});
  }
  return out;
}

namespace {

Status flag(SyncStmts& s, const char* kind, std::string_view entity, std::string_view other, std::string_view detail,
            UtcMillis at, const db::Db& db, int& flagged) {
  if (auto r = run(s.add_flag, kind, entity, other, detail, at); !r) return r;
  flagged += static_cast<int>(db.changes());
  return {};
}

// A pulled farmer, by id. Another farmer with the same phone is not a reason to fail: both are
// kept and flagged for merging (the centre decides who is who).
Status pull_farmer(SyncStmts& s, const db::Db& db, const Farmer& in, UtcMillis now, int& flagged) {
  Farmer f = in;
  f.id = clean(in.id);
  f.member_code = code_key(to_nfc(in.member_code));
  f.name = clean(in.name);
  f.phone = digits_only(in.phone);
  if (f.id.empty() || f.member_code.empty() || f.name.empty())
    return fail("sync.bad_batch", "a pulled farmer needs an id, a member code and a name");
  std::optional<std::string> phone, phone_rev;
  if (!f.phone.empty()) {
    phone = f.phone;
    phone_rev = std::string(f.phone.rbegin(), f.phone.rend());
  }
  if (auto r = run(s.farmer_upsert, f.id, f.member_code, f.name, search_key(f.name), phone, phone_rev,
                   clean(f.commune), clean(f.district), clean(f.branch), clean(f.cooperative), f.created_at);
      !r)
    return r;
  if (!phone) return {};
  std::vector<std::string> others;
  {
    Use q(s.same_phone);
    q->bind_all(f.phone, f.id);
    while (true) {
      auto row = q->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      others.push_back(q->text(0));
    }
  }
  for (const auto& other : others) {
    // One flag per pair, whichever of the two arrived first.
    const auto& a = std::min(f.id, other);
    const auto& b = std::max(f.id, other);
    if (auto r = flag(s, "duplicate_phone", a, b, f.phone, now, db, flagged); !r) return r;
  }
  return {};
}

}  // namespace

Result<Store::PullApplied> Store::apply_pull(const PullBatch& b, UtcMillis now) {
  impl_->owner.check("Store::apply_pull");
  auto& s = impl_->sync;
  PullApplied out;
  auto tx = db::Transaction::begin(impl_->db);
  if (!tx) return std::unexpected(tx.error());
  // Parents before children: units, then the catalogue and farmers, then orders.
  for (const auto& u : b.units) {
    if (auto r = upsert_admin_unit(u); !r) return std::unexpected(r.error());
    ++out.units;
  }
  for (const auto& name : b.branches) {
    if (auto r = upsert_branch(name); !r) return std::unexpected(r.error());
    ++out.branches;
  }
  for (const auto& p : b.products) {
    if (auto r = upsert_product_rows(impl_->catalogue, p); !r) return std::unexpected(r.error());
    ++out.products;
  }
  for (const auto& a : b.agents) {
    if (auto r = upsert_agent_row(impl_->db, a, now); !r) return std::unexpected(r.error());
    ++out.agents;
  }
  for (const auto& c : b.clerks) {
    if (auto r = upsert_clerk_rows(impl_->clerks, c, now); !r) return std::unexpected(r.error());
    ++out.clerks;
  }
  for (const auto& f : b.farmers) {
    if (auto r = pull_farmer(s, impl_->db, f, now, out.flagged); !r) return std::unexpected(r.error());
    ++out.farmers;
  }
  for (const auto& m : b.merges) {
    const std::string from = clean(m.farmer_id), into = clean(m.merged_into);
    if (from.empty() || into.empty() || from == into)
      return fail("sync.bad_batch", "a farmer merge names two different farmers");
    if (auto r = run(s.add_merge, from, into, m.merged_at); !r) return std::unexpected(r.error());
    ++out.merges;
  }
  for (const auto& o : b.orders) {
    const std::string id = clean(o.id);
    std::optional<std::string> pickup_id;
    bool pickup_acked = false;
    {
      Use q(s.pickup_of_order);
      q->bind(1, id);
      auto row = q->step();
      if (!row) return std::unexpected(row.error());
      if (*row) {
        pickup_id = q->text(0);
        pickup_acked = q->i64(1) != 0;
      }
    }
    if (pickup_id && (o.status == OrderStatus::Cancelled || o.status == OrderStatus::Returned)) {
      // Collected here while the centre cancelled it: the pickup stands, both sides review it.
      if (auto r = flag(s, "pickup_on_cancelled", id, *pickup_id, to_string(o.status), now, impl_->db, out.flagged); !r)
        return std::unexpected(r.error());
    }
    if (pickup_id && !pickup_acked) {
      // The centre has not heard of the pickup yet: its copy of the order is older than ours.
      ++out.orders_kept_local;
      continue;
    }
    {
      // Another order here holds the pickup code: storing this one would fail the whole pull
      // on UNIQUE(pickup_code), and every pull after it. It waits, flagged, for a person.
      Use q(s.code_clash);
      q->bind_all(code_key(to_nfc(o.pickup_code)), id);
      auto row = q->step();
      if (!row) return std::unexpected(row.error());
      if (*row) {
        const std::string other = q->text(0);
        if (auto r = flag(s, "order_review", id, other, "pickup_code_clash", now, impl_->db, out.flagged); !r)
          return std::unexpected(r.error());
        ++out.orders_kept_local;
        continue;
      }
    }
    if (auto r = upsert_order_rows(impl_->orders, o); !r) return std::unexpected(r.error());
    ++out.orders;
  }
  for (const auto& fb : b.balances) {
    if (auto r = upsert_farmer_balance(impl_->db, fb, now); !r) return std::unexpected(r.error());
    ++out.balances;
  }
  for (const auto& f : b.flags) {
    if (f.kind != "order_review" && f.kind != "duplicate_phone")
      return fail("sync.bad_batch", "unknown flag kind '" + f.kind + "'");
    if (auto r = flag(s, f.kind.c_str(), clean(f.entity_id), clean(f.other_id), clean(f.detail), now, impl_->db, out.flagged); !r)
      return std::unexpected(r.error());
  }
  if (auto r = run(s.save_cursor, b.cursor, now); !r) return std::unexpected(r.error());
  if (auto r = tx->commit(); !r) return std::unexpected(r.error());
  return out;
}

}  // namespace hp::store
