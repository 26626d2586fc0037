#include "server/storage/sqlite_storage.hpp"

#include <iterator>
#include <map>
#include <mutex>

#include "server/crypto.hpp"
#include "server/storage/records.hpp"
#include "shared/codes/kiosk_codes.hpp"
#include "shared/demo/demo_records.hpp"
#include "shared/ids.hpp"
#include "shared/store/sqlite.hpp"

namespace hp::server {
namespace {

using nlohmann::json;

constexpr const char* kSchema = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE post_offices (id TEXT PRIMARY KEY, name TEXT NOT NULL, unit_id TEXT NOT NULL);
CREATE TABLE admin_units (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE products (id TEXT PRIMARY KEY, sku TEXT NOT NULL UNIQUE, data TEXT NOT NULL);
CREATE TABLE farmers (
  id           TEXT PRIMARY KEY,
  phone        TEXT NOT NULL,
  duplicate_of TEXT,
  data         TEXT NOT NULL
);
CREATE INDEX farmers_by_phone ON farmers(phone, id);
CREATE TABLE orders (
  id             TEXT PRIMARY KEY,
  post_office_id TEXT NOT NULL REFERENCES post_offices(id),
  platform       TEXT,
  external_ref   TEXT,
  request_hash   TEXT,
  pickup_code    TEXT NOT NULL UNIQUE,
  status         TEXT NOT NULL CHECK (status IN ('ready', 'collected', 'cancelled', 'returned')),
  pickup_id      TEXT,
  data           TEXT NOT NULL,
  UNIQUE (platform, external_ref)
);
-- Every change a pull delivers, numbered in commit order (one writer at a time).
CREATE TABLE changes (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  scope     TEXT NOT NULL,   -- a post office id, or '*' for every kiosk
  entity    TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  data      TEXT NOT NULL
);
CREATE INDEX changes_by_entity ON changes(entity, entity_id, seq);
CREATE TABLE enrol_codes (
  hash           TEXT PRIMARY KEY,
  post_office_id TEXT NOT NULL REFERENCES post_offices(id),
  expires_at     INTEGER NOT NULL,
  used_at        INTEGER,
  kiosk_id       TEXT
) WITHOUT ROWID;
CREATE TABLE kiosks (
  id              TEXT PRIMARY KEY,
  post_office_id  TEXT NOT NULL REFERENCES post_offices(id),
  credential_hash TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  app_version     TEXT NOT NULL,
  enrolled_at     INTEGER NOT NULL,
  revoked_at      INTEGER,
  state           TEXT,
  state_at        INTEGER
);
CREATE TABLE api_keys (hash TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL) WITHOUT ROWID;
-- Kiosk events in the centre's receipt order; the id is the exactly-once key.
CREATE TABLE events (
  received_seq   INTEGER PRIMARY KEY AUTOINCREMENT,
  id             TEXT NOT NULL UNIQUE,
  kiosk_id       TEXT NOT NULL,
  kiosk_seq      INTEGER NOT NULL,
  kind           TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  entity_id      TEXT NOT NULL,
  kiosk_time_ms  INTEGER NOT NULL,
  received_at    INTEGER NOT NULL,
  payload        TEXT NOT NULL
);
CREATE INDEX events_by_kiosk ON events(kiosk_id, kiosk_seq);
)sql";

// Tables added after schema version 1, made on every open: additive, so older files gain
// them and no version bump is needed.
constexpr const char* kAdditions = R"sql(
CREATE TABLE IF NOT EXISTS farmer_balances (
  farmer_id    TEXT PRIMARY KEY,
  sold_value   INTEGER NOT NULL,
  paid         INTEGER NOT NULL,
  paid_through TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bank_notifications (
  transaction_id TEXT PRIMARY KEY,
  body_hash      TEXT NOT NULL,
  status         TEXT NOT NULL,
  order_id       TEXT,
  received_at    INTEGER NOT NULL,
  data           TEXT NOT NULL
) WITHOUT ROWID;
-- Messages to buyers (docs/packages.md): written here, sent by an SMS/Zalo sender not built yet.
CREATE TABLE IF NOT EXISTS notifications (
  id         TEXT PRIMARY KEY,  -- the event that caused it: a retried push never notifies twice
  order_id   TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  sent_at    INTEGER,
  data       TEXT NOT NULL
) WITHOUT ROWID;
)sql";

// Numbered migrations after version 1 (the schema above): step N takes user_version N-1 to N,
// in one transaction with the version bump.
// 2: kiosks.seen_at, the last contact flushed from memory (server/api/seen.hpp).
constexpr const char* kMigrations[] = {
    "ALTER TABLE kiosks ADD COLUMN seen_at INTEGER",
};
constexpr std::int64_t kServerSchemaVersion = 1 + static_cast<std::int64_t>(std::size(kMigrations));

constexpr const char* kDemoVersion = "1";

std::int64_t int_or(const json& j, const char* key, std::int64_t fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

class SqliteStorage final : public Storage {
 public:
  SqliteStorage(db::Db db, db::Db reader, std::string epoch)
      : db_(std::move(db)), reader_(std::move(reader)), epoch_(std::move(epoch)), ids_(clock_) {}

  Status ping() override {
    std::lock_guard lock(mutex_);
    auto s = db_.prepare("SELECT 1");
    if (!s) return std::unexpected(s.error());
    auto r = s->step();
    if (!r) return std::unexpected(r.error());
    return {};
  }

  Result<std::vector<PostOfficeInfo>> post_offices() override {
    std::lock_guard lock(mutex_);
    auto s = db_.prepare("SELECT id, name, unit_id FROM post_offices ORDER BY id");
    if (!s) return std::unexpected(s.error());
    std::vector<PostOfficeInfo> out;
    while (true) {
      auto r = s->step();
      if (!r) return std::unexpected(r.error());
      if (!*r) break;
      out.push_back({s->text(0), s->text(1), s->text(2)});
    }
    return out;
  }

  Status add_post_office(const PostOfficeInfo& po) override {
    std::lock_guard lock(mutex_);
    auto tx = db::Transaction::begin(db_);
    if (!tx) return std::unexpected(tx.error());
    auto existing = post_office(po.id);
    if (!existing) return std::unexpected(existing.error());
    if (*existing) return fail("post_office.exists", "post office " + po.id + " exists");
    if (auto r = exec("INSERT INTO post_offices(id, name, unit_id) VALUES (?1, ?2, ?3)", po.id, po.name, po.unit_id); !r)
      return r;
    if (auto r = publish(po.id, "post_office", po.id, post_office_record(demo::PostOffice{po.id, po.name, po.unit_id}));
        !r)
      return r;
    return tx->commit();
  }

  Status seed_demo(UtcMillis now) override {
    std::lock_guard lock(mutex_);
    auto tx = db::Transaction::begin(db_);
    if (!tx) return std::unexpected(tx.error());
    auto seeded = meta("demo.version");
    if (!seeded) return std::unexpected(seeded.error());
    if (*seeded == kDemoVersion) return {};
    for (const auto& u : demo::admin_units())
      if (auto r = upsert_simple("admin_units", "admin_unit", u.id, admin_unit_record(u)); !r) return r;
    for (const auto& p : demo::post_offices()) {
      if (auto r = exec("INSERT INTO post_offices(id, name, unit_id) VALUES (?1, ?2, ?3) ON CONFLICT(id) DO NOTHING",
                        p.id, p.name, p.unit_id);
          !r)
        return r;
      if (auto r = publish(p.id, "post_office", p.id, post_office_record(p)); !r) return r;
    }
    for (const auto& p : demo::products()) {
      if (auto r = exec("INSERT INTO products(id, sku, data) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING", p.id, p.sku,
                        product_record(p).dump());
          !r)
        return r;
      if (auto r = publish("*", "product", p.id, product_record(p)); !r) return r;
    }
    for (const auto& f : demo::farmers(now)) {
      if (auto r = exec("INSERT INTO farmers(id, phone, data) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING", f.id, f.phone,
                        farmer_record(f).dump());
          !r)
        return r;
      if (auto r = publish("*", "farmer", f.id, farmer_record(f)); !r) return r;
    }
    const auto orders = demo::orders(now);
    const Pickup pickup = demo::pickup(now);
    for (const auto& o : orders) {
      json rec = order_record(o, demo::kPostOffice);
      const bool collected = o.id == pickup.order_id;
      if (collected) {
        rec["status"] = "collected";
        rec["collected_at"] = pickup.collected_at;
      }
      if (auto r = exec("INSERT INTO orders(id, post_office_id, pickup_code, status, pickup_id, data) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
                        o.id, demo::kPostOffice, o.pickup_code, rec["status"].get<std::string>(),
                        collected ? std::optional<std::string>(pickup.id) : std::nullopt, rec.dump());
          !r)
        return r;
      if (auto r = publish(demo::kPostOffice, "order", o.id, rec); !r) return r;
    }
    if (auto r = set_meta("demo.version", kDemoVersion); !r) return r;
    return tx->commit();
  }

  Status add_enrol_code(const std::string& code_hash, const std::string& post_office_id, UtcMillis expires_at) override {
    std::lock_guard lock(mutex_);
    auto tx = db::Transaction::begin(db_);
    if (!tx) return std::unexpected(tx.error());
    auto po = post_office(post_office_id);
    if (!po) return std::unexpected(po.error());
    if (!*po) return fail("post_office.unknown", "no post office " + post_office_id);
    if (auto r = exec("INSERT INTO enrol_codes(hash, post_office_id, expires_at) VALUES (?1, ?2, ?3)", code_hash,
                      post_office_id, expires_at);
        !r)
      return r;
    return tx->commit();
  }

  Result<PostOfficeInfo> enrol(const std::string& code_hash, const NewKiosk& kiosk, UtcMillis now) override {
    std::lock_guard lock(mutex_);
    auto tx = db::Transaction::begin(db_);
    if (!tx) return std::unexpected(tx.error());
    auto s = db_.prepare("SELECT post_office_id, expires_at, used_at FROM enrol_codes WHERE hash = ?1");
    if (!s) return std::unexpected(s.error());
    s->bind_all(code_hash);
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return fail("enrol.code_unknown", "no such enrolment code");
    const std::string po_id = s->text(0);
    const UtcMillis expires = s->i64(1);
    if (!s->is_null(2)) return fail("enrol.code_used", "this enrolment code was already used");
    if (now >= expires) return fail("enrol.code_expired", "this enrolment code has expired");
    auto po = post_office(po_id);
    if (!po) return std::unexpected(po.error());
    if (!*po) return fail("post_office.unknown", "the code's post office is gone");
    if (auto r = exec("INSERT INTO kiosks(id, post_office_id, credential_hash, name, app_version, enrolled_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                      kiosk.id, po_id, kiosk.credential_hash, kiosk.name, kiosk.app_version, now);
        !r)
      return std::unexpected(r.error());
    if (auto r = exec("UPDATE enrol_codes SET used_at = ?1, kiosk_id = ?2 WHERE hash = ?3", now, kiosk.id, code_hash); !r)
      return std::unexpected(r.error());
    if (auto r = tx->commit(); !r) return std::unexpected(r.error());
    return **po;
  }

  // Every request's credential check and every pull read on their own connection (WAL: a
  // reader sees the last commit and never waits for a writer), so a fleet's pulls do not queue
  // behind a push's fsync.
  Result<std::optional<KioskAuth>> kiosk_by_credential(const std::string& credential_hash) override {
    std::lock_guard lock(read_mutex_);
    auto s = reader_.prepare("SELECT id, post_office_id, revoked_at FROM kiosks WHERE credential_hash = ?1");
    if (!s) return std::unexpected(s.error());
    s->bind_all(credential_hash);
    auto r = s->step();
    if (!r) return std::unexpected(r.error());
    if (!*r) return std::optional<KioskAuth>();
    return std::optional<KioskAuth>(KioskAuth{s->text(0), s->text(1), !s->is_null(2)});
  }

  Status revoke(const std::string& kiosk_id, UtcMillis now) override {
    std::lock_guard lock(mutex_);
    auto tx = db::Transaction::begin(db_);
    if (!tx) return std::unexpected(tx.error());
    if (auto r = exec("UPDATE kiosks SET revoked_at = coalesce(revoked_at, ?1) WHERE id = ?2", now, kiosk_id); !r) return r;
    if (db_.changes() == 0) return fail("kiosk.unknown", "no kiosk " + kiosk_id);
    return tx->commit();
  }

  Result<std::vector<KioskInfo>> kiosks() override {
    std::lock_guard lock(mutex_);
    auto s = db_.prepare(
        "SELECT id, post_office_id, name, enrolled_at, revoked_at, state, state_at FROM kiosks ORDER BY enrolled_at, id");
    if (!s) return std::unexpected(s.error());
    std::vector<KioskInfo> out;
    while (true) {
      auto r = s->step();
      if (!r) return std::unexpected(r.error());
      if (!*r) break;
      KioskInfo k{s->text(0), s->text(1), s->text(2), s->i64(3), s->opt_i64(4), nullptr, s->opt_i64(6)};
      if (auto st = s->opt_text(5)) k.state = json::parse(*st, nullptr, false);
      out.push_back(std::move(k));
    }
    return out;
  }

  Result<bool> report_state(const std::string& kiosk_id, const json& state, UtcMillis now) override {
    const std::string text = state.dump();
    {
      // Most reports repeat the last: seen on the reader, they take no write lock at all.
      std::lock_guard lock(read_mutex_);
      auto same = reader_.prepare("SELECT 1 FROM kiosks WHERE id = ?1 AND state IS ?2");
      if (!same) return std::unexpected(same.error());
      same->bind_all(kiosk_id, text);
      auto r = same->step();
      if (!r) return std::unexpected(r.error());
      if (*r) return false;
    }
    std::lock_guard lock(mutex_);
    // The comparison is in the UPDATE itself: an unchanged state writes nothing.
    if (auto r = exec("UPDATE kiosks SET state = ?1, state_at = ?2 WHERE id = ?3 AND state IS NOT ?1", text, now,
                      kiosk_id);
        !r)
      return std::unexpected(r.error());
    return db_.changes() > 0;
  }

  Status record_seen(const std::vector<std::pair<std::string, UtcMillis>>& seen) override {
    if (seen.empty()) return {};
    std::lock_guard lock(mutex_);
    auto tx = db::Transaction::begin(db_);
    if (!tx) return std::unexpected(tx.error());
    auto s = db_.prepare("UPDATE kiosks SET seen_at = ?1 WHERE id = ?2 AND (seen_at IS NULL OR seen_at < ?1)");
    if (!s) return std::unexpected(s.error());
    for (const auto& [id, at] : seen) {
      s->reset().bind_all(at, id);
      if (auto r = s->run(); !r) return std::unexpected(r.error());
    }
    return tx->commit();
  }

  Status add_api_key(const std::string& name, const std::string& key_hash, UtcMillis now) override {
    std::lock_guard lock(mutex_);
    auto tx = db::Transaction::begin(db_);
    if (!tx) return std::unexpected(tx.error());
    auto s = db_.prepare("SELECT 1 FROM api_keys WHERE name = ?1");
    if (!s) return std::unexpected(s.error());
    s->bind_all(name);
    auto r = s->step();
    if (!r) return std::unexpected(r.error());
    if (*r) return fail("api_key.name_taken", "an API key named '" + name + "' exists");
    if (auto e = exec("INSERT INTO api_keys(hash, name, created_at) VALUES (?1, ?2, ?3)", key_hash, name, now); !e) return e;
    return tx->commit();
  }

  Result<std::optional<std::string>> platform_by_key(const std::string& key_hash) override {
    std::lock_guard lock(mutex_);
    auto s = db_.prepare("SELECT name FROM api_keys WHERE hash = ?1");
    if (!s) return std::unexpected(s.error());
    s->bind_all(key_hash);
    auto r = s->step();
    if (!r) return std::unexpected(r.error());
    if (!*r) return std::optional<std::string>();
    return std::optional<std::string>(s->text(0));
  }

  Result<std::vector<EventAck>> push(const KioskAuth& kiosk, const std::vector<PushEvent>& events,
                                     UtcMillis now) override {
    std::lock_guard lock(mutex_);
    auto tx = db::Transaction::begin(db_);
    if (!tx) return std::unexpected(tx.error());
    auto ins = db_.prepare(
        "INSERT INTO events(id, kiosk_id, kiosk_seq, kind, schema_version, entity_id, kiosk_time_ms, received_at, "
        "payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT(id) DO NOTHING");
    if (!ins) return std::unexpected(ins.error());
    std::vector<EventAck> acks;
    acks.reserve(events.size());
    // What the batch's drop-offs add to their farmers' balances, summed per farmer and written
    // (and published) once: before any other event, so a payout after them sees them, and at
    // the end.
    std::map<std::string, std::int64_t> sold;
    auto flush = [&]() -> Status {
      for (const auto& [farmer, value] : sold)
        if (auto r = add_to_balance(farmer, value, 0, kiosk.kiosk_id, 0, now); !r) return r;
      sold.clear();
      return {};
    };
    for (const auto& e : events) {
      const bool dropoff = e.kind == "dropoff.committed";
      if (!dropoff && !sold.empty())
        if (auto r = flush(); !r) return std::unexpected(r.error());
      std::optional<OrderRow> order;
      if (!e.order_id.empty()) {
        auto o = load_order("id", e.order_id);
        if (!o) return std::unexpected(o.error());
        if (!*o) {
          acks.push_back({422, "event.unknown_order", "the centre holds no order " + e.order_id});
          continue;
        }
        if ((*o)->post_office_id != kiosk.post_office_id) {
          acks.push_back({403, "scope.other_post_office", "order " + e.order_id + " belongs to another post office"});
          continue;
        }
        order = std::move(**o);
      }
      ins->reset().bind_all(e.id, kiosk.kiosk_id, e.seq, e.kind, e.schema_version, e.entity_id, e.kiosk_time_ms, now,
                            e.payload_text);
      if (auto r = ins->run(); !r) return std::unexpected(r.error());
      if (db_.changes() == 0) {
        acks.push_back({200, "", ""});
        continue;
      }
      if (dropoff) {
        if (!e.farmer_id.empty()) sold[e.farmer_id] += e.total;
      } else if (auto r = apply(kiosk, e, order, now); !r) {
        return std::unexpected(r.error());
      }
      acks.push_back({201, "", ""});
    }
    if (auto r = flush(); !r) return std::unexpected(r.error());
    if (auto r = tx->commit(); !r) return std::unexpected(r.error());
    return acks;
  }

  Result<std::vector<StoredEvent>> events() override {
    std::lock_guard lock(mutex_);
    auto s = db_.prepare(
        "SELECT received_seq, id, kiosk_id, kiosk_seq, kind, schema_version, entity_id, kiosk_time_ms, received_at "
        "FROM events ORDER BY received_seq");
    if (!s) return std::unexpected(s.error());
    std::vector<StoredEvent> out;
    while (true) {
      auto r = s->step();
      if (!r) return std::unexpected(r.error());
      if (!*r) break;
      out.push_back({s->i64(0), s->text(1), s->text(2), s->i64(3), s->text(4), static_cast<int>(s->i64(5)), s->text(6),
                     s->i64(7), s->i64(8)});
    }
    return out;
  }

  Result<PullPage> pull(const std::string& post_office_id, const std::optional<Cursor>& cursor, int limit) override {
    std::lock_guard lock(read_mutex_);
    // A read transaction: the page and the last seq come from one snapshot.
    if (auto r = reader_.exec("BEGIN"); !r) return std::unexpected(r.error());
    auto result = pull_locked(reader_, post_office_id, cursor, limit);
    (void)reader_.exec(result ? "COMMIT" : "ROLLBACK");
    return result;
  }

  Result<OrderView> create_order(const NewOrder& order, UtcMillis now) override {
    std::lock_guard lock(mutex_);
    auto tx = db::Transaction::begin(db_);
    if (!tx) return std::unexpected(tx.error());
    auto s = db_.prepare("SELECT request_hash, data FROM orders WHERE platform = ?1 AND external_ref = ?2");
    if (!s) return std::unexpected(s.error());
    s->bind_all(order.platform, order.external_ref);
    auto r = s->step();
    if (!r) return std::unexpected(r.error());
    if (*r) {
      if (s->text(0) != order.request_hash)
        return fail("order.external_ref_reused", "external_ref '" + order.external_ref + "' was used with another body");
      return OrderView{json::parse(s->text(1)), false};
    }
    auto po = post_office(order.post_office_id);
    if (!po) return std::unexpected(po.error());
    if (!*po) return fail("order.unknown_post_office", "no post office " + order.post_office_id);
    json rec = order.record;
    rec["id"] = ids_.next();
    std::string code;
    for (int attempt = 0; attempt < 20 && code.empty(); ++attempt) {
      std::string c = codes::generate_kiosk_code(codes::KioskCodeKind::pickup, [] { return random_u64(); });
      auto taken = load_order("pickup_code", c);
      if (!taken) return std::unexpected(taken.error());
      if (!*taken) code = std::move(c);
    }
    if (code.empty()) return fail("order.no_code", "could not find a free pickup code");
    rec["pickup_code"] = code;
    rec["created_at"] = now;
    if (auto e = exec("INSERT INTO orders(id, post_office_id, platform, external_ref, request_hash, pickup_code, "
                      "status, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'ready', ?7)",
                      rec["id"].get<std::string>(), order.post_office_id, order.platform, order.external_ref,
                      order.request_hash, code, rec.dump());
        !e)
      return std::unexpected(e.error());
    if (auto e = publish(order.post_office_id, "order", rec["id"].get<std::string>(), rec); !e)
      return std::unexpected(e.error());
    if (auto e = tx->commit(); !e) return std::unexpected(e.error());
    return OrderView{std::move(rec), true};
  }

  Result<json> cancel_order(const std::string& platform, const std::string& id, const std::string& reason,
                            UtcMillis now) override {
    std::lock_guard lock(mutex_);
    auto tx = db::Transaction::begin(db_);
    if (!tx) return std::unexpected(tx.error());
    auto o = load_order("id", id);
    if (!o) return std::unexpected(o.error());
    if (!*o || (*o)->platform != platform) return fail("order.not_found", "no order " + id);
    OrderRow& row = **o;
    const std::string status = row.data["status"].get<std::string>();
    if (status == "cancelled") return row.data;
    if (status != "ready") return fail("order.not_cancellable", "the order is " + status);
    row.data["status"] = "cancelled";
    row.data["cancelled_at"] = now;
    row.data["cancel_reason"] = reason;
    if (auto r = save_order(row); !r) return std::unexpected(r.error());
    if (auto r = tx->commit(); !r) return std::unexpected(r.error());
    return row.data;
  }

  Result<std::optional<json>> order(const std::string& platform, const std::string& id) override {
    std::lock_guard lock(mutex_);
    auto o = load_order("id", id);
    if (!o) return std::unexpected(o.error());
    if (!*o || (*o)->platform != platform) return std::optional<json>();
    return std::optional<json>((*o)->data);
  }

  Result<BankOutcome> record_bank_notification(const BankNotification& n, UtcMillis now) override {
    std::lock_guard lock(mutex_);
    auto tx = db::Transaction::begin(db_);
    if (!tx) return std::unexpected(tx.error());
    auto held = db_.prepare("SELECT body_hash, data FROM bank_notifications WHERE transaction_id = ?1");
    if (!held) return std::unexpected(held.error());
    held->bind_all(n.transaction_id);
    auto r = held->step();
    if (!r) return std::unexpected(r.error());
    if (*r) {
      if (held->text(0) != n.body_hash)
        return fail("bank.txn_reused", "transaction " + n.transaction_id + " was notified with another body");
      const json rec = json::parse(held->text(1));
      return BankOutcome{rec["status"], rec["order_id"], rec["reason"], true};
    }
    held = db::Stmt();
    BankOutcome outcome{.status = "unmatched", .order_id = {}, .reason = "no_pickup_code", .replay = false};
    for (const auto& code : n.pickup_codes) {
      auto o = load_order("pickup_code", code);
      if (!o) return std::unexpected(o.error());
      if (!*o) continue;
      outcome = judge_bank_transfer((*o)->data, n, now);
      if (auto e = save_order(**o); !e) return std::unexpected(e.error());
      break;
    }
    if (auto e = exec("INSERT INTO bank_notifications(transaction_id, body_hash, status, order_id, received_at, data) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                      n.transaction_id, n.body_hash, outcome.status, outcome.order_id, now,
                      bank_notification_record(n, outcome, now).dump());
        !e)
      return std::unexpected(e.error());
    if (auto e = tx->commit(); !e) return std::unexpected(e.error());
    return outcome;
  }

  Result<std::optional<std::string>> event_payload(const std::string& event_id) override {
    std::lock_guard lock(mutex_);
    auto s = db_.prepare("SELECT payload FROM events WHERE id = ?1");
    if (!s) return std::unexpected(s.error());
    s->bind_all(event_id);
    auto r = s->step();
    if (!r) return std::unexpected(r.error());
    if (!*r) return std::optional<std::string>();
    return std::optional<std::string>(s->text(0));
  }

  Result<std::vector<json>> notifications() override {
    std::lock_guard lock(mutex_);
    auto s = db_.prepare("SELECT data FROM notifications ORDER BY created_at, id");
    if (!s) return std::unexpected(s.error());
    std::vector<json> out;
    while (true) {
      auto r = s->step();
      if (!r) return std::unexpected(r.error());
      if (!*r) break;
      out.push_back(json::parse(s->text(0)));
    }
    return out;
  }

  Result<std::vector<json>> bank_notifications() override {
    std::lock_guard lock(mutex_);
    auto s = db_.prepare("SELECT data FROM bank_notifications ORDER BY received_at, transaction_id");
    if (!s) return std::unexpected(s.error());
    std::vector<json> out;
    while (true) {
      auto r = s->step();
      if (!r) return std::unexpected(r.error());
      if (!*r) break;
      out.push_back(json::parse(s->text(0)));
    }
    return out;
  }

  Result<std::optional<json>> order_by_ref(const std::string& platform, const std::string& external_ref) override {
    std::lock_guard lock(mutex_);
    auto s = db_.prepare("SELECT data FROM orders WHERE platform = ?1 AND external_ref = ?2");
    if (!s) return std::unexpected(s.error());
    s->bind_all(platform, external_ref);
    auto r = s->step();
    if (!r) return std::unexpected(r.error());
    if (!*r) return std::optional<json>();
    return std::optional<json>(json::parse(s->text(0)));
  }

 private:
  struct OrderRow {
    std::string id;
    std::string post_office_id;
    std::string platform;
    std::optional<std::string> pickup_id;
    json data;
  };

  template <class... A>
  Status exec(std::string_view sql, const A&... a) {
    auto s = db_.prepare(sql);
    if (!s) return std::unexpected(s.error());
    s->bind_all(a...);
    return s->run();
  }

  Result<std::string> meta(const std::string& key) {
    auto s = db_.prepare("SELECT value FROM meta WHERE key = ?1");
    if (!s) return std::unexpected(s.error());
    s->bind_all(key);
    auto r = s->step();
    if (!r) return std::unexpected(r.error());
    return *r ? s->text(0) : std::string();
  }
  Status set_meta(const std::string& key, const std::string& value) {
    return exec("INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                key, value);
  }

  Result<std::optional<PostOfficeInfo>> post_office(const std::string& id) {
    auto s = db_.prepare("SELECT id, name, unit_id FROM post_offices WHERE id = ?1");
    if (!s) return std::unexpected(s.error());
    s->bind_all(id);
    auto r = s->step();
    if (!r) return std::unexpected(r.error());
    if (!*r) return std::optional<PostOfficeInfo>();
    return std::optional<PostOfficeInfo>(PostOfficeInfo{s->text(0), s->text(1), s->text(2)});
  }

  Status publish(const std::string& scope, const char* entity, const std::string& id, const json& data) {
    return exec("INSERT INTO changes(scope, entity, entity_id, data) VALUES (?1, ?2, ?3, ?4)", scope, entity, id,
                data.dump());
  }

  Status upsert_simple(const char* table, const char* entity, const std::string& id, const json& data) {
    if (auto r = exec(std::string("INSERT INTO ") + table +
                          "(id, data) VALUES (?1, ?2) ON CONFLICT(id) DO UPDATE SET data = excluded.data",
                      id, data.dump());
        !r)
      return r;
    return publish("*", entity, id, data);
  }

  // column is "id" or "pickup_code" (never user input).
  Result<std::optional<OrderRow>> load_order(const char* column, const std::string& value) {
    auto s = db_.prepare(std::string("SELECT id, post_office_id, coalesce(platform, ''), pickup_id, data FROM orders "
                                     "WHERE ") +
                         column + " = ?1");
    if (!s) return std::unexpected(s.error());
    s->bind_all(value);
    auto r = s->step();
    if (!r) return std::unexpected(r.error());
    if (!*r) return std::optional<OrderRow>();
    return std::optional<OrderRow>(OrderRow{s->text(0), s->text(1), s->text(2), s->opt_text(3), json::parse(s->text(4))});
  }

  Status save_order(const OrderRow& row) {
    if (auto r = exec("UPDATE orders SET status = ?1, pickup_id = ?2, data = ?3 WHERE id = ?4",
                      row.data["status"].get<std::string>(), row.pickup_id, row.data.dump(), row.id);
        !r)
      return r;
    return publish(row.post_office_id, "order", row.id, row.data);
  }

  // What a newly stored event changes at the centre (docs/PROTOCOL.md 3.4 and 5).
  // A farmer's balance (pull entity farmer_balance, docs/cash.md): the value of their
  // drop-offs (the centre knows no more of what sold: orders do not name lots) less the
  // payouts received; each change published to every kiosk.
  Status add_to_balance(const std::string& farmer_id, std::int64_t sold, std::int64_t paid, const std::string& kiosk_id,
                        std::int64_t kiosk_seq, UtcMillis at) {
    if (farmer_id.empty()) return {};
    auto s = db_.prepare("SELECT sold_value, paid, paid_through FROM farmer_balances WHERE farmer_id = ?1");
    if (!s) return std::unexpected(s.error());
    s->bind_all(farmer_id);
    auto r = s->step();
    if (!r) return std::unexpected(r.error());
    std::int64_t old_sold = 0, old_paid = 0;
    json through = json::object();
    if (*r) {
      old_sold = s->i64(0);
      old_paid = s->i64(1);
      through = json::parse(s->text(2), nullptr, false);
      if (!through.is_object()) through = json::object();
    }
    if (paid > 0) through[kiosk_id] = std::max(int_or(through, kiosk_id.c_str(), 0), kiosk_seq);
    const json rec = {{"farmer_id", farmer_id},          {"sold_value_vnd", old_sold + sold}, {"paid_vnd", old_paid + paid},
                      {"balance_vnd", old_sold + sold - old_paid - paid}, {"as_of", at}, {"paid_through", through}};
    if (auto x = exec("INSERT INTO farmer_balances(farmer_id, sold_value, paid, paid_through) VALUES (?1, ?2, ?3, ?4) "
                      "ON CONFLICT(farmer_id) DO UPDATE SET sold_value = excluded.sold_value, paid = excluded.paid, "
                      "paid_through = excluded.paid_through",
                      farmer_id, old_sold + sold, old_paid + paid, through.dump());
        !x)
      return x;
    return publish("*", "farmer_balance", farmer_id, rec);
  }

  Status apply(const KioskAuth& kiosk, const PushEvent& e, std::optional<OrderRow>& order, UtcMillis now) {
    if (e.kind == "payout.recorded")
      return add_to_balance(e.payload.value("farmer_id", std::string()), 0, int_or(e.payload, "amount_vnd", 0),
                            kiosk.kiosk_id, e.seq, now);
    if (e.kind == "pickup.recorded" && order) {
      const std::string status = order->data["status"].get<std::string>();
      const std::string pickup_id = e.payload.value("id", std::string());
      if (status == "ready") {
        order->data["status"] = "collected";
        order->data["collected_at"] = int_or(e.payload, "collected_at", e.kiosk_time_ms);
        order->pickup_id = pickup_id;
      } else if (status == "collected" && order->pickup_id == pickup_id) {
        return {};  // the pickup the centre already knows (the demo's collected order)
      } else {
        order->data["review"] = status == "cancelled" ? "collected_after_cancel"
                                : status == "returned" ? "collected_after_return"
                                                       : "collected_twice";
      }
      apply_handover(order->data, e.payload);
      return save_order(*order);
    }
    if ((e.kind == "package.checked_in" || e.kind == "package.returned") && order) {
      if (!apply_package_event(order->data, e)) return {};  // kept in events; the order lists no such label
      if (e.kind == "package.checked_in") {
        const json n = arrival_notification(order->data, e, now);
        if (auto r = exec("INSERT INTO notifications(id, order_id, created_at, data) VALUES (?1, ?2, ?3, ?4) "
                          "ON CONFLICT(id) DO NOTHING",
                          e.id, order->id, n["created_at"].get<std::int64_t>(), n.dump());
            !r)
          return r;
      }
      return save_order(*order);
    }
    if (e.kind == "order.returned" && order) {
      if (order->data["status"] != "ready") return {};
      order->data["status"] = "returned";
      order->data["returned_at"] = int_or(e.payload, "returned_at", e.kiosk_time_ms);
      return save_order(*order);
    }
    if (e.kind == "farmer.registered") {
      json rec = farmer_record_from_payload(e.payload);
      const std::string phone = rec["phone"].get<std::string>();
      auto s = db_.prepare("SELECT id FROM farmers WHERE phone = ?1 AND id <> ?2 ORDER BY id LIMIT 1");
      if (!s) return std::unexpected(s.error());
      s->bind_all(phone, e.entity_id);
      auto r = s->step();
      if (!r) return std::unexpected(r.error());
      std::optional<std::string> dup;
      if (*r) dup = s->text(0);
      if (dup) rec["duplicate_of"] = *dup;
      if (auto x = exec("INSERT INTO farmers(id, phone, duplicate_of, data) VALUES (?1, ?2, ?3, ?4) "
                        "ON CONFLICT(id) DO NOTHING",
                        e.entity_id, phone, dup, rec.dump());
          !x)
        return x;
      if (db_.changes() == 0) return {};  // a farmer the centre already holds (the demo's)
      return publish("*", "farmer", e.entity_id, rec);
    }
    return {};
  }

  Result<PullPage> pull_locked(db::Db& db, const std::string& post_office_id, const std::optional<Cursor>& cursor,
                               int limit) {
    auto last = db.prepare("SELECT coalesce(max(seq), 0) FROM changes");
    if (!last) return std::unexpected(last.error());
    auto lr = last->step();
    if (!lr) return std::unexpected(lr.error());
    const std::int64_t max_seq = last->i64(0);
    PullPage page;
    const Cursor from = resume_from(cursor, epoch_, max_seq, page);
    const std::string sql =
        from.snapshot
            ? "SELECT seq, entity, entity_id, data FROM changes c WHERE seq > ?1 AND scope IN (?2, '*') AND "
              "seq = (SELECT max(seq) FROM changes c2 WHERE c2.entity = c.entity AND c2.entity_id = c.entity_id) "
              "ORDER BY seq LIMIT ?3"
            : "SELECT seq, entity, entity_id, data FROM changes WHERE seq > ?1 AND scope IN (?2, '*') "
              "ORDER BY seq LIMIT ?3";
    auto s = db.prepare(sql);
    if (!s) return std::unexpected(s.error());
    s->bind_all(from.seq, post_office_id, static_cast<std::int64_t>(limit) + 1);
    while (true) {
      auto r = s->step();
      if (!r) return std::unexpected(r.error());
      if (!*r) break;
      if (static_cast<int>(page.changes.size()) == limit) {
        page.more = true;
        break;
      }
      page.changes.push_back({s->i64(0), s->text(1), s->text(2), json::parse(s->text(3))});
    }
    page.next = Cursor{epoch_, page.changes.empty() ? from.seq : page.changes.back().seq, from.snapshot && page.more};
    return page;
  }

  db::Db db_;
  db::Db reader_;
  std::string epoch_;
  Clock clock_;
  IdGenerator ids_;
  std::mutex mutex_;
  std::mutex read_mutex_;
};

}  // namespace

Result<std::unique_ptr<Storage>> open_sqlite_storage(const std::string& path) {
  auto db = db::Db::open(path, db::Durability::Full);
  if (!db) return std::unexpected(db.error());
  // Admin commands and a second process may share the file: wait rather than fail.
  if (auto r = db->exec("PRAGMA busy_timeout = 5000"); !r) return std::unexpected(r.error());
  auto ver = db->prepare("PRAGMA user_version");
  if (!ver) return std::unexpected(ver.error());
  if (auto r = ver->step(); !r) return std::unexpected(r.error());
  const std::int64_t version = ver->i64(0);
  ver = db::Stmt();
  if (version == 0) {
    auto tx = db::Transaction::begin(*db);
    if (!tx) return std::unexpected(tx.error());
    // Another process may have migrated while this one waited for the write lock.
    auto again = db->prepare("PRAGMA user_version");
    if (!again) return std::unexpected(again.error());
    if (auto r = again->step(); !r) return std::unexpected(r.error());
    const bool fresh = again->i64(0) == 0;
    again = db::Stmt();
    if (fresh) {
      if (auto r = db->exec(kSchema); !r) return std::unexpected(r.error());
      auto s = db->prepare("INSERT INTO meta(key, value) VALUES ('epoch', ?1)");
      if (!s) return std::unexpected(s.error());
      s->bind_all(random_token(9));
      if (auto r = s->run(); !r) return std::unexpected(r.error());
      if (auto r = db->exec("PRAGMA user_version = 1"); !r) return std::unexpected(r.error());
    }
    if (auto r = tx->commit(); !r) return std::unexpected(r.error());
  } else if (version > kServerSchemaVersion) {
    return fail("storage.version", "server.db has schema version " + std::to_string(version) + ", newer than this program");
  }
  // Each step under the write lock, re-reading the version: another process may be ahead.
  while (true) {
    auto tx = db::Transaction::begin(*db);
    if (!tx) return std::unexpected(tx.error());
    auto cur = db->prepare("PRAGMA user_version");
    if (!cur) return std::unexpected(cur.error());
    if (auto r = cur->step(); !r) return std::unexpected(r.error());
    const std::int64_t at = cur->i64(0);
    cur = db::Stmt();
    if (at >= kServerSchemaVersion) break;
    if (auto r = db->exec(kMigrations[at - 1]); !r) return std::unexpected(r.error());
    if (auto r = db->exec("PRAGMA user_version = " + std::to_string(at + 1)); !r) return std::unexpected(r.error());
    if (auto r = tx->commit(); !r) return std::unexpected(r.error());
  }
  if (auto r = db->exec(kAdditions); !r) return std::unexpected(r.error());
  auto s = db->prepare("SELECT value FROM meta WHERE key = 'epoch'");
  if (!s) return std::unexpected(s.error());
  auto r = s->step();
  if (!r) return std::unexpected(r.error());
  if (!*r) return fail("storage.corrupt", "server.db has no epoch");
  std::string epoch = s->text(0);
  s = db::Stmt();
  auto reader = db::Db::open(path, db::Durability::Full);
  if (!reader) return std::unexpected(reader.error());
  if (auto r = reader->exec("PRAGMA busy_timeout = 5000"); !r) return std::unexpected(r.error());
  return std::unique_ptr<Storage>(new SqliteStorage(std::move(*db), std::move(*reader), std::move(epoch)));
}

}  // namespace hp::server
