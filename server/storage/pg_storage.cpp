#include "server/storage/pg_storage.hpp"

#include <libpq-fe.h>

#include <condition_variable>
#include <iterator>
#include <map>
#include <mutex>
#include <unordered_set>
#include <vector>

#include "server/crypto.hpp"
#include "server/storage/records.hpp"
#include "shared/codes/kiosk_codes.hpp"
#include "shared/demo/demo_records.hpp"
#include "shared/ids.hpp"

namespace hp::server {
namespace {

using nlohmann::json;
using Param = std::optional<std::string>;
using Row = std::vector<std::optional<std::string>>;
using Rows = std::vector<Row>;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS post_offices (id TEXT PRIMARY KEY, name TEXT NOT NULL, unit_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS admin_units (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS products (id TEXT PRIMARY KEY, sku TEXT NOT NULL UNIQUE, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS farmers (id TEXT PRIMARY KEY, phone TEXT NOT NULL, duplicate_of TEXT, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS farmers_by_phone ON farmers(phone, id);
CREATE TABLE IF NOT EXISTS orders (
  id TEXT PRIMARY KEY, post_office_id TEXT NOT NULL REFERENCES post_offices(id), platform TEXT, external_ref TEXT,
  request_hash TEXT, pickup_code TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('ready', 'collected', 'cancelled', 'returned')),
  pickup_id TEXT, data TEXT NOT NULL, UNIQUE (platform, external_ref));
CREATE TABLE IF NOT EXISTS changes (
  seq BIGINT PRIMARY KEY, scope TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE SEQUENCE IF NOT EXISTS changes_seq;
CREATE INDEX IF NOT EXISTS changes_by_entity ON changes(entity, entity_id, seq);
CREATE TABLE IF NOT EXISTS enrol_codes (
  hash TEXT PRIMARY KEY, post_office_id TEXT NOT NULL REFERENCES post_offices(id), expires_at BIGINT NOT NULL,
  used_at BIGINT, kiosk_id TEXT);
CREATE TABLE IF NOT EXISTS kiosks (
  id TEXT PRIMARY KEY, post_office_id TEXT NOT NULL REFERENCES post_offices(id), credential_hash TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL, app_version TEXT NOT NULL, enrolled_at BIGINT NOT NULL, revoked_at BIGINT, state TEXT,
  state_at BIGINT);
CREATE TABLE IF NOT EXISTS api_keys (hash TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
  received_seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, kiosk_id TEXT NOT NULL, kiosk_seq BIGINT NOT NULL,
  kind TEXT NOT NULL, schema_version INTEGER NOT NULL, entity_id TEXT NOT NULL, kiosk_time_ms BIGINT NOT NULL,
  received_at BIGINT NOT NULL, payload TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_by_kiosk ON events(kiosk_id, kiosk_seq);
CREATE TABLE IF NOT EXISTS farmer_balances (
  farmer_id TEXT PRIMARY KEY, sold_value BIGINT NOT NULL, paid BIGINT NOT NULL, paid_through TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS bank_notifications (
  transaction_id TEXT PRIMARY KEY, body_hash TEXT NOT NULL, status TEXT NOT NULL, order_id TEXT,
  received_at BIGINT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notifications (
  id TEXT PRIMARY KEY, order_id TEXT NOT NULL, created_at BIGINT NOT NULL, sent_at BIGINT, data TEXT NOT NULL);
)sql";

// Numbered migrations after the schema above (version 1), recorded in meta 'schema_version'
// and run under the schema lock (8008000), so processes starting together run each once.
// 2: kiosks.seen_at, the last contact flushed from memory (server/api/seen.hpp).
constexpr const char* kMigrations[] = {
    "ALTER TABLE kiosks ADD COLUMN IF NOT EXISTS seen_at BIGINT",
};

// The advisory lock every transaction that publishes changes takes first.
constexpr const char* kChangesLock = "SELECT pg_advisory_xact_lock(8008001)";
constexpr const char* kDemoVersion = "1";

std::int64_t int_or(const json& j, const char* key, std::int64_t fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

Param p(const std::string& s) { return s; }
Param p(const char* s) { return std::string(s); }
Param p(std::int64_t v) { return std::to_string(v); }
Param p(int v) { return std::to_string(v); }
Param p(const std::optional<std::string>& v) { return v; }

std::int64_t to_i64(const std::optional<std::string>& s) { return s ? std::stoll(*s) : 0; }
std::optional<std::int64_t> to_opt_i64(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  return std::stoll(*s);
}

Error pg_error(PGconn* c, const PGresult* r, std::string_view what) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  const std::string detail = std::string(what) + ": " + (r ? PQresultErrorMessage(r) : PQerrorMessage(c));
  if (state && std::string_view(state) == "23505") return Error{"db.constraint", detail};
  if (state && (std::string_view(state) == "40001" || std::string_view(state) == "40P01"))
    return Error{"db.locked", detail};
  if (PQstatus(c) != CONNECTION_OK) return Error{"db.io", detail};
  return Error{"db.error", detail};
}

class Conn {
 public:
  explicit Conn(PGconn* c) : c_(c) {}
  PGconn* raw() const { return c_; }
  Result<Rows> q(const std::string& sql, const std::vector<Param>& params = {}) {
    std::vector<const char*> values;
    for (const auto& v : params) values.push_back(v ? v->c_str() : nullptr);
    PGresult* r = PQexecParams(c_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                               nullptr, 0);
    const auto st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      Error e = pg_error(c_, r, sql.substr(0, 60));
      PQclear(r);
      return std::unexpected(e);
    }
    Rows rows;
    const int n = PQntuples(r), f = PQnfields(r);
    rows.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      Row row;
      for (int j = 0; j < f; ++j)
        row.push_back(PQgetisnull(r, i, j) ? std::nullopt : std::optional<std::string>(PQgetvalue(r, i, j)));
      rows.push_back(std::move(row));
    }
    last_changes_ = std::atoll(PQcmdTuples(r));
    PQclear(r);
    return rows;
  }
  Status x(const std::string& sql, const std::vector<Param>& params = {}) {
    auto r = q(sql, params);
    if (!r) return std::unexpected(r.error());
    return {};
  }
  std::int64_t changes() const { return last_changes_; }
  // Several statements, no parameters (the schema only).
  Status script(const char* sql) {
    PGresult* r = PQexec(c_, sql);
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    Error e = ok ? Error{} : pg_error(c_, r, "schema");
    PQclear(r);
    if (!ok) return std::unexpected(e);
    return {};
  }

 private:
  PGconn* c_;
  std::int64_t last_changes_ = 0;
};

// Rolls back unless committed.
class Tx {
 public:
  explicit Tx(Conn& c) : c_(c) {}
  ~Tx() {
    if (!done_) (void)c_.x("ROLLBACK");
  }
  Status begin() { return c_.x("BEGIN"); }
  Status commit() {
    done_ = true;
    return c_.x("COMMIT");
  }

 private:
  Conn& c_;
  bool done_ = false;
};

class PgStorage final : public Storage {
 public:
  PgStorage(std::string url, std::string epoch) : url_(std::move(url)), epoch_(std::move(epoch)), ids_(clock_) {}
  ~PgStorage() override {
    for (PGconn* c : idle_) PQfinish(c);
  }

  Status ping() override {
    return with([&](Conn& c) -> Status { return c.x("SELECT 1"); });
  }

  Result<std::vector<PostOfficeInfo>> post_offices() override {
    return with([&](Conn& c) -> Result<std::vector<PostOfficeInfo>> {
      auto rows = c.q("SELECT id, name, unit_id FROM post_offices ORDER BY id");
      if (!rows) return std::unexpected(rows.error());
      std::vector<PostOfficeInfo> out;
      for (auto& r : *rows) out.push_back({*r[0], *r[1], *r[2]});
      return out;
    });
  }

  Status add_post_office(const PostOfficeInfo& po) override {
    return in_tx(true, [&](Conn& c) -> Status {
      auto rows = c.q("SELECT 1 FROM post_offices WHERE id = $1", {p(po.id)});
      if (!rows) return std::unexpected(rows.error());
      if (!rows->empty()) return fail("post_office.exists", "post office " + po.id + " exists");
      if (auto r = c.x("INSERT INTO post_offices(id, name, unit_id) VALUES ($1, $2, $3)", {p(po.id), p(po.name), p(po.unit_id)}); !r)
        return r;
      return publish(c, po.id, "post_office", po.id, post_office_record(demo::PostOffice{po.id, po.name, po.unit_id}));
    });
  }

  Status seed_demo(UtcMillis now) override {
    return in_tx(true, [&](Conn& c) -> Status {
      auto seeded = c.q("SELECT value FROM meta WHERE key = 'demo.version'");
      if (!seeded) return std::unexpected(seeded.error());
      if (!seeded->empty() && (*seeded)[0][0] == kDemoVersion) return {};
      for (const auto& u : demo::admin_units()) {
        if (auto r = c.x("INSERT INTO admin_units(id, data) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET data = excluded.data",
                         {p(u.id), p(admin_unit_record(u).dump())});
            !r)
          return r;
        if (auto r = publish(c, "*", "admin_unit", u.id, admin_unit_record(u)); !r) return r;
      }
      for (const auto& po : demo::post_offices()) {
        if (auto r = c.x("INSERT INTO post_offices(id, name, unit_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                         {p(po.id), p(po.name), p(po.unit_id)});
            !r)
          return r;
        if (auto r = publish(c, po.id, "post_office", po.id, post_office_record(po)); !r) return r;
      }
      for (const auto& pr : demo::products()) {
        if (auto r = c.x("INSERT INTO products(id, sku, data) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                         {p(pr.id), p(pr.sku), p(product_record(pr).dump())});
            !r)
          return r;
        if (auto r = publish(c, "*", "product", pr.id, product_record(pr)); !r) return r;
      }
      for (const auto& f : demo::farmers(now)) {
        if (auto r = c.x("INSERT INTO farmers(id, phone, data) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                         {p(f.id), p(f.phone), p(farmer_record(f).dump())});
            !r)
          return r;
        if (auto r = publish(c, "*", "farmer", f.id, farmer_record(f)); !r) return r;
      }
      const Pickup pickup = demo::pickup(now);
      for (const auto& o : demo::orders(now)) {
        json rec = order_record(o, demo::kPostOffice);
        const bool collected = o.id == pickup.order_id;
        if (collected) {
          rec["status"] = "collected";
          rec["collected_at"] = pickup.collected_at;
        }
        if (auto r = c.x("INSERT INTO orders(id, post_office_id, pickup_code, status, pickup_id, data) "
                         "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                         {p(o.id), p(demo::kPostOffice), p(o.pickup_code), p(rec["status"].get<std::string>()),
                          collected ? p(pickup.id) : Param(), p(rec.dump())});
            !r)
          return r;
        if (auto r = publish(c, demo::kPostOffice, "order", o.id, rec); !r) return r;
      }
      return c.x("INSERT INTO meta(key, value) VALUES ('demo.version', $1) ON CONFLICT (key) DO UPDATE SET value = "
                 "excluded.value",
                 {p(kDemoVersion)});
    });
  }

  Status add_enrol_code(const std::string& code_hash, const std::string& post_office_id, UtcMillis expires_at) override {
    return in_tx(false, [&](Conn& c) -> Status {
      auto rows = c.q("SELECT 1 FROM post_offices WHERE id = $1", {p(post_office_id)});
      if (!rows) return std::unexpected(rows.error());
      if (rows->empty()) return fail("post_office.unknown", "no post office " + post_office_id);
      return c.x("INSERT INTO enrol_codes(hash, post_office_id, expires_at) VALUES ($1, $2, $3)",
                 {p(code_hash), p(post_office_id), p(expires_at)});
    });
  }

  Result<PostOfficeInfo> enrol(const std::string& code_hash, const NewKiosk& kiosk, UtcMillis now) override {
    PostOfficeInfo po;
    auto s = in_tx(false, [&](Conn& c) -> Status {
      // FOR UPDATE: two processes trading the same code at once serialise here; one wins.
      auto rows = c.q("SELECT e.post_office_id, e.expires_at, e.used_at, p.name, p.unit_id FROM enrol_codes e "
                      "JOIN post_offices p ON p.id = e.post_office_id WHERE e.hash = $1 FOR UPDATE OF e",
                      {p(code_hash)});
      if (!rows) return std::unexpected(rows.error());
      if (rows->empty()) return fail("enrol.code_unknown", "no such enrolment code");
      const Row& r = (*rows)[0];
      if (r[2]) return fail("enrol.code_used", "this enrolment code was already used");
      if (now >= to_i64(r[1])) return fail("enrol.code_expired", "this enrolment code has expired");
      po = PostOfficeInfo{*r[0], *r[3], *r[4]};
      if (auto x = c.x("INSERT INTO kiosks(id, post_office_id, credential_hash, name, app_version, enrolled_at) "
                       "VALUES ($1, $2, $3, $4, $5, $6)",
                       {p(kiosk.id), p(po.id), p(kiosk.credential_hash), p(kiosk.name), p(kiosk.app_version), p(now)});
          !x)
        return x;
      return c.x("UPDATE enrol_codes SET used_at = $1, kiosk_id = $2 WHERE hash = $3", {p(now), p(kiosk.id), p(code_hash)});
    });
    if (!s) return std::unexpected(s.error());
    return po;
  }

  Result<std::optional<KioskAuth>> kiosk_by_credential(const std::string& credential_hash) override {
    return with([&](Conn& c) -> Result<std::optional<KioskAuth>> {
      auto rows = c.q("SELECT id, post_office_id, revoked_at FROM kiosks WHERE credential_hash = $1", {p(credential_hash)});
      if (!rows) return std::unexpected(rows.error());
      if (rows->empty()) return std::optional<KioskAuth>();
      const Row& r = (*rows)[0];
      return std::optional<KioskAuth>(KioskAuth{*r[0], *r[1], r[2].has_value()});
    });
  }

  Status revoke(const std::string& kiosk_id, UtcMillis now) override {
    return with([&](Conn& c) -> Status {
      auto r = c.q("UPDATE kiosks SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2", {p(now), p(kiosk_id)});
      if (!r) return std::unexpected(r.error());
      if (c.changes() == 0) return fail("kiosk.unknown", "no kiosk " + kiosk_id);
      return {};
    });
  }

  Result<std::vector<KioskInfo>> kiosks() override {
    return with([&](Conn& c) -> Result<std::vector<KioskInfo>> {
      auto rows = c.q("SELECT id, post_office_id, name, enrolled_at, revoked_at, state, state_at FROM kiosks "
                      "ORDER BY enrolled_at, id");
      if (!rows) return std::unexpected(rows.error());
      std::vector<KioskInfo> out;
      for (auto& r : *rows) {
        KioskInfo k{*r[0], *r[1], *r[2], to_i64(r[3]), to_opt_i64(r[4]), nullptr, to_opt_i64(r[6])};
        if (r[5]) k.state = json::parse(*r[5], nullptr, false);
        out.push_back(std::move(k));
      }
      return out;
    });
  }

  Result<bool> report_state(const std::string& kiosk_id, const json& state, UtcMillis now) override {
    return with([&](Conn& c) -> Result<bool> {
      auto r = c.q("UPDATE kiosks SET state = $1, state_at = $2 WHERE id = $3 AND state IS DISTINCT FROM $1",
                   {p(state.dump()), p(now), p(kiosk_id)});
      if (!r) return std::unexpected(r.error());
      return c.changes() > 0;
    });
  }

  Status record_seen(const std::vector<std::pair<std::string, UtcMillis>>& seen) override {
    if (seen.empty()) return {};
    // One statement for the batch; GREATEST keeps the latest contact whichever process
    // flushes last.
    json rows = json::array();
    for (const auto& [id, at] : seen) rows.push_back({{"id", id}, {"at", at}});
    return with([&](Conn& c) -> Status {
      auto r = c.q("UPDATE kiosks k SET seen_at = GREATEST(coalesce(k.seen_at, 0), s.at) FROM "
                   "(SELECT * FROM json_to_recordset($1::json) AS x(id text, at bigint)) s WHERE k.id = s.id",
                   {p(rows.dump())});
      if (!r) return std::unexpected(r.error());
      return {};
    });
  }

  Status add_api_key(const std::string& name, const std::string& key_hash, UtcMillis now) override {
    return with([&](Conn& c) -> Status {
      auto r = c.q("INSERT INTO api_keys(hash, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
                   {p(key_hash), p(name), p(now)});
      if (!r) return std::unexpected(r.error());
      if (c.changes() == 0) return fail("api_key.name_taken", "an API key named '" + name + "' exists");
      return {};
    });
  }

  Result<std::optional<std::string>> platform_by_key(const std::string& key_hash) override {
    return with([&](Conn& c) -> Result<std::optional<std::string>> {
      auto rows = c.q("SELECT name FROM api_keys WHERE hash = $1", {p(key_hash)});
      if (!rows) return std::unexpected(rows.error());
      if (rows->empty()) return std::optional<std::string>();
      return std::optional<std::string>(*(*rows)[0][0]);
    });
  }

  Result<std::vector<EventAck>> push(const KioskAuth& kiosk, const std::vector<PushEvent>& events,
                                     UtcMillis now) override {
    std::vector<EventAck> acks;
    // Every batch may publish changes (a drop-off changes its farmer's balance), so it takes
    // the changes lock.
    auto s = in_tx(true, [&](Conn& c) -> Status {
      acks.clear();
      acks.reserve(events.size());
      // Runs of drop-offs (they change nothing else at the centre) go in as one statement each;
      // an event that concerns an order or a farmer is stored and applied on its own, in order.
      std::size_t i = 0;
      while (i < events.size()) {
        std::size_t end = i;
        while (end < events.size() && events[end].kind == "dropoff.committed" && events[end].order_id.empty()) ++end;
        if (end > i) {
          const std::size_t first_ack = acks.size();
          if (auto r = insert_run(c, kiosk, events, i, end, now, acks); !r) return r;
          // Each drop-off stored now adds to its farmer's balance (docs/cash.md): summed per
          // farmer, all of the run's farmers in one statement.
          std::map<std::string, std::int64_t> sold;
          for (std::size_t k = i; k < end; ++k)
            if (acks[first_ack + (k - i)].status == 201 && !events[k].farmer_id.empty())
              sold[events[k].farmer_id] += events[k].total;
          if (auto r = add_sold(c, sold, now); !r) return r;
          i = end;
          continue;
        }
        const PushEvent& e = events[i++];
        std::optional<OrderRow> order;
        if (!e.order_id.empty()) {
          auto o = load_order(c, "id", e.order_id, true);
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
        auto r = c.q("INSERT INTO events(id, kiosk_id, kiosk_seq, kind, schema_version, entity_id, kiosk_time_ms, "
                     "received_at, payload) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING",
                     {p(e.id), p(kiosk.kiosk_id), p(e.seq), p(e.kind), p(e.schema_version), p(e.entity_id),
                      p(e.kiosk_time_ms), p(now), p(e.payload_text)});
        if (!r) return std::unexpected(r.error());
        if (c.changes() == 0) {
          acks.push_back({200, "", ""});
          continue;
        }
        if (auto a = apply(c, e, order, now); !a) return a;
        if (e.kind == "payout.recorded")
          if (auto a = add_to_balance(c, e.payload.value("farmer_id", std::string()), 0, int_or(e.payload, "amount_vnd", 0),
                                      kiosk.kiosk_id, e.seq, now);
              !a)
            return a;
        acks.push_back({201, "", ""});
      }
      return {};
    });
    if (!s) return std::unexpected(s.error());
    return acks;
  }

  Result<std::vector<StoredEvent>> events() override {
    return with([&](Conn& c) -> Result<std::vector<StoredEvent>> {
      auto rows = c.q("SELECT received_seq, id, kiosk_id, kiosk_seq, kind, schema_version, entity_id, kiosk_time_ms, "
                      "received_at FROM events ORDER BY received_seq");
      if (!rows) return std::unexpected(rows.error());
      std::vector<StoredEvent> out;
      for (auto& r : *rows)
        out.push_back({to_i64(r[0]), *r[1], *r[2], to_i64(r[3]), *r[4], static_cast<int>(to_i64(r[5])), *r[6],
                       to_i64(r[7]), to_i64(r[8])});
      return out;
    });
  }

  Result<PullPage> pull(const std::string& post_office_id, const std::optional<Cursor>& cursor, int limit) override {
    PullPage page;
    auto s = with([&](Conn& c) -> Status {
      // One snapshot for the page and the last seq.
      if (auto r = c.x("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !r) return r;
      Tx tx(c);
      auto last = c.q("SELECT coalesce(max(seq), 0) FROM changes");
      if (!last) return std::unexpected(last.error());
      const std::int64_t max_seq = to_i64((*last)[0][0]);
      const Cursor from = resume_from(cursor, epoch_, max_seq, page);
      const std::string sql =
          from.snapshot
              ? "SELECT seq, entity, entity_id, data FROM changes c WHERE seq > $1 AND scope IN ($2, '*') AND "
                "seq = (SELECT max(seq) FROM changes c2 WHERE c2.entity = c.entity AND c2.entity_id = c.entity_id) "
                "ORDER BY seq LIMIT $3"
              : "SELECT seq, entity, entity_id, data FROM changes WHERE seq > $1 AND scope IN ($2, '*') "
                "ORDER BY seq LIMIT $3";
      auto rows = c.q(sql, {p(from.seq), p(post_office_id), p(static_cast<std::int64_t>(limit) + 1)});
      if (!rows) return std::unexpected(rows.error());
      for (auto& r : *rows) {
        if (static_cast<int>(page.changes.size()) == limit) {
          page.more = true;
          break;
        }
        page.changes.push_back({to_i64(r[0]), *r[1], *r[2], json::parse(*r[3])});
      }
      page.next = Cursor{epoch_, page.changes.empty() ? from.seq : page.changes.back().seq, from.snapshot && page.more};
      return tx.commit();
    });
    if (!s) return std::unexpected(s.error());
    return page;
  }

  Result<OrderView> create_order(const NewOrder& order, UtcMillis now) override {
    OrderView view;
    auto s = in_tx(true, [&](Conn& c) -> Status {
      // Under the changes lock, so two processes cannot both create the same external_ref.
      auto rows = c.q("SELECT request_hash, data FROM orders WHERE platform = $1 AND external_ref = $2",
                      {p(order.platform), p(order.external_ref)});
      if (!rows) return std::unexpected(rows.error());
      if (!rows->empty()) {
        if ((*rows)[0][0] != order.request_hash)
          return fail("order.external_ref_reused", "external_ref '" + order.external_ref + "' was used with another body");
        view = OrderView{json::parse(*(*rows)[0][1]), false};
        return {};
      }
      auto po = c.q("SELECT 1 FROM post_offices WHERE id = $1", {p(order.post_office_id)});
      if (!po) return std::unexpected(po.error());
      if (po->empty()) return fail("order.unknown_post_office", "no post office " + order.post_office_id);
      json rec = order.record;
      rec["id"] = ids_.next();
      std::string code;
      for (int attempt = 0; attempt < 20 && code.empty(); ++attempt) {
        std::string cand = codes::generate_kiosk_code(codes::KioskCodeKind::pickup, [] { return random_u64(); });
        auto taken = c.q("SELECT 1 FROM orders WHERE pickup_code = $1", {p(cand)});
        if (!taken) return std::unexpected(taken.error());
        if (taken->empty()) code = std::move(cand);
      }
      if (code.empty()) return fail("order.no_code", "could not find a free pickup code");
      rec["pickup_code"] = code;
      rec["created_at"] = now;
      const std::string id = rec["id"].get<std::string>();
      if (auto x = c.x("INSERT INTO orders(id, post_office_id, platform, external_ref, request_hash, pickup_code, "
                       "status, data) VALUES ($1, $2, $3, $4, $5, $6, 'ready', $7)",
                       {p(id), p(order.post_office_id), p(order.platform), p(order.external_ref), p(order.request_hash),
                        p(code), p(rec.dump())});
          !x)
        return x;
      if (auto x = publish(c, order.post_office_id, "order", id, rec); !x) return x;
      view = OrderView{std::move(rec), true};
      return {};
    });
    if (!s) return std::unexpected(s.error());
    return view;
  }

  Result<json> cancel_order(const std::string& platform, const std::string& id, const std::string& reason,
                            UtcMillis now) override {
    json out;
    auto s = in_tx(true, [&](Conn& c) -> Status {
      auto o = load_order(c, "id", id, true);
      if (!o) return std::unexpected(o.error());
      if (!*o || (*o)->platform != platform) return fail("order.not_found", "no order " + id);
      OrderRow& row = **o;
      const std::string status = row.data["status"].get<std::string>();
      out = row.data;
      if (status == "cancelled") return {};
      if (status != "ready") return fail("order.not_cancellable", "the order is " + status);
      row.data["status"] = "cancelled";
      row.data["cancelled_at"] = now;
      row.data["cancel_reason"] = reason;
      out = row.data;
      return save_order(c, row);
    });
    if (!s) return std::unexpected(s.error());
    return out;
  }

  Result<BankOutcome> record_bank_notification(const BankNotification& n, UtcMillis now) override {
    BankOutcome outcome{.status = "unmatched", .order_id = {}, .reason = "no_pickup_code", .replay = false};
    auto s = in_tx(true, [&](Conn& c) -> Status {
      // Two processes given the same notification at once: the second waits on the first's
      // row here, then finds it (READ COMMITTED sees the committed row on conflict).
      auto claimed = c.q("INSERT INTO bank_notifications(transaction_id, body_hash, status, received_at, data) "
                         "VALUES ($1, $2, 'unmatched', $3, '{}') ON CONFLICT (transaction_id) DO NOTHING RETURNING 1",
                         {p(n.transaction_id), p(n.body_hash), p(now)});
      if (!claimed) return std::unexpected(claimed.error());
      if (claimed->empty()) {
        auto held = c.q("SELECT body_hash, data FROM bank_notifications WHERE transaction_id = $1", {p(n.transaction_id)});
        if (!held) return std::unexpected(held.error());
        if (held->empty() || *(*held)[0][0] != n.body_hash)
          return fail("bank.txn_reused", "transaction " + n.transaction_id + " was notified with another body");
        const json rec = json::parse(*(*held)[0][1]);
        outcome = BankOutcome{rec["status"], rec["order_id"], rec["reason"], true};
        return {};
      }
      for (const auto& code : n.pickup_codes) {
        auto o = load_order(c, "pickup_code", code, true);
        if (!o) return std::unexpected(o.error());
        if (!*o) continue;
        outcome = judge_bank_transfer((*o)->data, n, now);
        if (auto e = save_order(c, **o); !e) return e;
        break;
      }
      return c.x("UPDATE bank_notifications SET status = $2, order_id = $3, data = $4 WHERE transaction_id = $1",
                 {p(n.transaction_id), p(outcome.status), p(outcome.order_id),
                  p(bank_notification_record(n, outcome, now).dump())});
    });
    if (!s) return std::unexpected(s.error());
    return outcome;
  }

  Result<std::optional<std::string>> event_payload(const std::string& event_id) override {
    return with([&](Conn& c) -> Result<std::optional<std::string>> {
      auto rows = c.q("SELECT payload FROM events WHERE id = $1", {p(event_id)});
      if (!rows) return std::unexpected(rows.error());
      if (rows->empty()) return std::optional<std::string>();
      return std::optional<std::string>(*(*rows)[0][0]);
    });
  }

  Result<std::vector<json>> notifications() override {
    return with([&](Conn& c) -> Result<std::vector<json>> {
      auto rows = c.q("SELECT data FROM notifications ORDER BY created_at, id");
      if (!rows) return std::unexpected(rows.error());
      std::vector<json> out;
      for (const auto& r : *rows) out.push_back(json::parse(*r[0]));
      return out;
    });
  }

  Result<std::vector<json>> bank_notifications() override {
    return with([&](Conn& c) -> Result<std::vector<json>> {
      auto rows = c.q("SELECT data FROM bank_notifications ORDER BY received_at, transaction_id");
      if (!rows) return std::unexpected(rows.error());
      std::vector<json> out;
      for (const auto& r : *rows) out.push_back(json::parse(*r[0]));
      return out;
    });
  }

  Result<std::optional<json>> order(const std::string& platform, const std::string& id) override {
    return with([&](Conn& c) -> Result<std::optional<json>> {
      auto o = load_order(c, "id", id, false);
      if (!o) return std::unexpected(o.error());
      if (!*o || (*o)->platform != platform) return std::optional<json>();
      return std::optional<json>((*o)->data);
    });
  }

  Result<std::optional<json>> order_by_ref(const std::string& platform, const std::string& external_ref) override {
    return with([&](Conn& c) -> Result<std::optional<json>> {
      auto rows = c.q("SELECT data FROM orders WHERE platform = $1 AND external_ref = $2", {p(platform), p(external_ref)});
      if (!rows) return std::unexpected(rows.error());
      if (rows->empty()) return std::optional<json>();
      return std::optional<json>(json::parse(*(*rows)[0][0]));
    });
  }

  Status connect_first() {
    PGconn* c = PQconnectdb(url_.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
      Error e{"db.io", std::string("cannot connect: ") + PQerrorMessage(c)};
      PQfinish(c);
      return std::unexpected(e);
    }
    idle_.push_back(c);
    return {};
  }

 private:
  struct OrderRow {
    std::string id;
    std::string post_office_id;
    std::string platform;
    std::optional<std::string> pickup_id;
    json data;
  };

  // A connection from the pool for the length of f; a broken one is dropped, not reused.
  template <class F>
  auto with(F&& f) -> decltype(f(std::declval<Conn&>())) {
    PGconn* raw = nullptr;
    {
      std::unique_lock lock(mutex_);
      if (!idle_.empty()) {
        raw = idle_.back();
        idle_.pop_back();
      }
    }
    if (!raw) {
      raw = PQconnectdb(url_.c_str());
      if (PQstatus(raw) != CONNECTION_OK) {
        Error e{"db.locked", std::string("cannot connect: ") + PQerrorMessage(raw)};
        PQfinish(raw);
        return std::unexpected(e);
      }
    }
    Conn conn(raw);
    auto result = f(conn);
    std::unique_lock lock(mutex_);
    if (PQstatus(raw) == CONNECTION_OK && PQtransactionStatus(raw) == PQTRANS_IDLE && idle_.size() < 16)
      idle_.push_back(raw);
    else
      PQfinish(raw);
    return result;
  }

  // One transaction; `publishes`: it may add changes, so it takes the changes lock first.
  template <class F>
  Status in_tx(bool publishes, F&& f) {
    return with([&](Conn& c) -> Status {
      Tx tx(c);
      if (auto r = tx.begin(); !r) return r;
      if (publishes)
        if (auto r = c.x(kChangesLock); !r) return r;
      if (auto r = f(c); !r) return r;
      return tx.commit();
    });
  }

  Status publish(Conn& c, const std::string& scope, const char* entity, const std::string& id, const json& data) {
    return c.x("INSERT INTO changes(seq, scope, entity, entity_id, data) VALUES (nextval('changes_seq'), $1, $2, $3, $4)",
               {p(scope), p(entity), p(id), p(data.dump())});
  }

  Result<std::optional<OrderRow>> load_order(Conn& c, const char* column, const std::string& value, bool for_update) {
    auto rows = c.q(std::string("SELECT id, post_office_id, coalesce(platform, ''), pickup_id, data FROM orders WHERE ") +
                        column + " = $1" + (for_update ? " FOR UPDATE" : ""),
                    {p(value)});
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty()) return std::optional<OrderRow>();
    Row& r = (*rows)[0];
    return std::optional<OrderRow>(OrderRow{*r[0], *r[1], *r[2], r[3], json::parse(*r[4])});
  }

  Status save_order(Conn& c, const OrderRow& row) {
    if (auto r = c.x("UPDATE orders SET status = $1, pickup_id = $2, data = $3 WHERE id = $4",
                     {p(row.data["status"].get<std::string>()), p(row.pickup_id), p(row.data.dump()), p(row.id)});
        !r)
      return r;
    return publish(c, row.post_office_id, "order", row.id, row.data);
  }

  // events[from, to) in one round trip: INSERT ... SELECT FROM unnest(arrays) ... ON CONFLICT
  // (id) DO NOTHING RETURNING id; an id returned was stored now (201), any other was already
  // held (200), including the second of one id sent twice in the run.
  Status insert_run(Conn& c, const KioskAuth& kiosk, const std::vector<PushEvent>& events, std::size_t from,
                    std::size_t to, UtcMillis now, std::vector<EventAck>& acks) {
    std::string ids, seqs, kinds, versions, entities, times, payloads;
    for (std::size_t i = from; i < to; ++i) {
      const PushEvent& e = events[i];
      const char* sep = i == from ? "{" : ",";
      append_array_text(ids += sep, e.id);
      seqs += sep;
      seqs += std::to_string(e.seq);
      append_array_text(kinds += sep, e.kind);
      versions += sep;
      versions += std::to_string(e.schema_version);
      append_array_text(entities += sep, e.entity_id);
      times += sep;
      times += std::to_string(e.kiosk_time_ms);
      append_array_text(payloads += sep, e.payload_text);
    }
    for (std::string* a : {&ids, &seqs, &kinds, &versions, &entities, &times, &payloads}) *a += '}';
    auto rows = c.q(
        "INSERT INTO events(id, kiosk_id, kiosk_seq, kind, schema_version, entity_id, kiosk_time_ms, received_at, "
        "payload) SELECT u.id, $1, u.seq, u.kind, u.ver, u.entity_id, u.at, $2, u.payload FROM unnest($3::text[], "
        "$4::bigint[], $5::text[], $6::int[], $7::text[], $8::bigint[], $9::text[]) WITH ORDINALITY "
        "AS u(id, seq, kind, ver, entity_id, at, payload, n) ORDER BY u.n ON CONFLICT (id) DO NOTHING RETURNING id",
        {p(kiosk.kiosk_id), p(now), p(ids), p(seqs), p(kinds), p(versions), p(entities), p(times), p(payloads)});
    if (!rows) return std::unexpected(rows.error());
    std::unordered_set<std::string> stored;
    stored.reserve(rows->size());
    for (auto& r : *rows) stored.insert(std::move(*r[0]));
    for (std::size_t i = from; i < to; ++i) acks.push_back(stored.erase(events[i].id) ? EventAck{201, "", ""}
                                                                                     : EventAck{200, "", ""});
    return {};
  }

  // One element of a PostgreSQL text-array literal: quoted, with " and \ escaped.
  static void append_array_text(std::string& out, const std::string& v) {
    out += '"';
    for (char ch : v) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }

  // A farmer's balance (pull entity farmer_balance, docs/cash.md): the value of their
  // drop-offs less the payouts received, published to every kiosk on each change.
  Status add_to_balance(Conn& c, const std::string& farmer_id, std::int64_t sold, std::int64_t paid,
                        const std::string& kiosk_id, std::int64_t kiosk_seq, UtcMillis at) {
    if (farmer_id.empty()) return {};
    auto rows = c.q("SELECT sold_value, paid, paid_through FROM farmer_balances WHERE farmer_id = $1 FOR UPDATE", {p(farmer_id)});
    if (!rows) return std::unexpected(rows.error());
    std::int64_t old_sold = 0, old_paid = 0;
    json through = json::object();
    if (!rows->empty()) {
      old_sold = to_i64((*rows)[0][0]);
      old_paid = to_i64((*rows)[0][1]);
      through = json::parse((*rows)[0][2].value_or("{}"), nullptr, false);
      if (!through.is_object()) through = json::object();
    }
    if (paid > 0) through[kiosk_id] = std::max(int_or(through, kiosk_id.c_str(), 0), kiosk_seq);
    const json rec = {{"farmer_id", farmer_id},          {"sold_value_vnd", old_sold + sold}, {"paid_vnd", old_paid + paid},
                      {"balance_vnd", old_sold + sold - old_paid - paid}, {"as_of", at}, {"paid_through", through}};
    if (auto x = c.x("INSERT INTO farmer_balances(farmer_id, sold_value, paid, paid_through) VALUES ($1, $2, $3, $4) "
                     "ON CONFLICT (farmer_id) DO UPDATE SET sold_value = excluded.sold_value, paid = excluded.paid, "
                     "paid_through = excluded.paid_through",
                     {p(farmer_id), p(old_sold + sold), p(old_paid + paid), p(through.dump())});
        !x)
      return x;
    return publish(c, "*", "farmer_balance", farmer_id, rec);
  }

  // The run's drop-offs on their farmers' balances, and each new balance published, in one
  // round trip (a statement per farmer made a push of 500 drop-offs 1,500 round trips).
  Status add_sold(Conn& c, const std::map<std::string, std::int64_t>& sold, UtcMillis at) {
    if (sold.empty()) return {};
    std::string farmers, values;
    for (const auto& [farmer, value] : sold) {
      const char* sep = farmers.empty() ? "{" : ",";
      append_array_text(farmers += sep, farmer);
      values += sep;
      values += std::to_string(value);
    }
    farmers += '}';
    values += '}';
    // The changes lock is held (push's in_tx(true)): nextval in farmer order, as publish does.
    return c.x(
        "WITH up AS (INSERT INTO farmer_balances(farmer_id, sold_value, paid, paid_through) "
        "SELECT u.farmer_id, u.sold, 0, '{}' FROM unnest($1::text[], $2::bigint[]) AS u(farmer_id, sold) "
        "ON CONFLICT (farmer_id) DO UPDATE SET sold_value = farmer_balances.sold_value + excluded.sold_value "
        "RETURNING farmer_id, sold_value, paid, paid_through) "
        "INSERT INTO changes(seq, scope, entity, entity_id, data) "
        "SELECT nextval('changes_seq'), '*', 'farmer_balance', farmer_id, json_build_object('farmer_id', farmer_id, "
        "'sold_value_vnd', sold_value, 'paid_vnd', paid, 'balance_vnd', sold_value - paid, 'as_of', $3::bigint, "
        "'paid_through', paid_through::json)::text "
        "FROM (SELECT * FROM up ORDER BY farmer_id) AS b",
        {p(farmers), p(values), p(at)});
  }

  Status apply(Conn& c, const PushEvent& e, std::optional<OrderRow>& order, UtcMillis now) {
    if (e.kind == "pickup.recorded" && order) {
      const std::string status = order->data["status"].get<std::string>();
      const std::string pickup_id = e.payload.value("id", std::string());
      if (status == "ready") {
        order->data["status"] = "collected";
        order->data["collected_at"] = int_or(e.payload, "collected_at", e.kiosk_time_ms);
        order->pickup_id = pickup_id;
      } else if (status == "collected" && order->pickup_id == pickup_id) {
        return {};
      } else {
        order->data["review"] = status == "cancelled" ? "collected_after_cancel"
                                : status == "returned" ? "collected_after_return"
                                                       : "collected_twice";
      }
      apply_handover(order->data, e.payload);
      return save_order(c, *order);
    }
    if ((e.kind == "package.checked_in" || e.kind == "package.returned") && order) {
      if (!apply_package_event(order->data, e)) return {};
      if (e.kind == "package.checked_in") {
        const json n = arrival_notification(order->data, e, now);
        auto r = c.x("INSERT INTO notifications(id, order_id, created_at, data) VALUES ($1, $2, $3, $4) "
                     "ON CONFLICT (id) DO NOTHING",
                     {p(e.id), p(order->id), p(n["created_at"].get<std::int64_t>()), p(n.dump())});
        if (!r) return r;
      }
      return save_order(c, *order);
    }
    if (e.kind == "order.returned" && order) {
      if (order->data["status"] != "ready") return {};
      order->data["status"] = "returned";
      order->data["returned_at"] = int_or(e.payload, "returned_at", e.kiosk_time_ms);
      return save_order(c, *order);
    }
    if (e.kind == "farmer.registered") {
      json rec = farmer_record_from_payload(e.payload);
      const std::string phone = rec["phone"].get<std::string>();
      auto dup = c.q("SELECT id FROM farmers WHERE phone = $1 AND id <> $2 ORDER BY id LIMIT 1", {p(phone), p(e.entity_id)});
      if (!dup) return std::unexpected(dup.error());
      Param dup_id;
      if (!dup->empty()) dup_id = (*dup)[0][0];
      if (dup_id) rec["duplicate_of"] = *dup_id;
      auto r = c.q("INSERT INTO farmers(id, phone, duplicate_of, data) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING",
                   {p(e.entity_id), p(phone), dup_id, p(rec.dump())});
      if (!r) return std::unexpected(r.error());
      if (c.changes() == 0) return {};
      return publish(c, "*", "farmer", e.entity_id, rec);
    }
    return {};
  }

  std::string url_;
  std::string epoch_;
  Clock clock_;
  IdGenerator ids_;
  std::mutex mutex_;
  std::vector<PGconn*> idle_;
};

}  // namespace

Result<std::unique_ptr<Storage>> open_pg_storage(const std::string& url) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    Error e{"db.io", std::string("cannot connect to PostgreSQL: ") + PQerrorMessage(c)};
    PQfinish(c);
    return std::unexpected(e);
  }
  Conn conn(c);
  // The schema is made once, by whichever process gets the lock first.
  auto s = [&]() -> Result<std::string> {
    if (auto r = conn.x("BEGIN"); !r) return std::unexpected(r.error());
    if (auto r = conn.x("SELECT pg_advisory_xact_lock(8008000)"); !r) return std::unexpected(r.error());
    if (auto r = conn.x("SET LOCAL client_min_messages = warning"); !r) return std::unexpected(r.error());
    if (auto r = conn.script(kSchema); !r) return std::unexpected(r.error());
    if (auto r = conn.x("INSERT INTO meta(key, value) VALUES ('epoch', $1) ON CONFLICT (key) DO NOTHING",
                        {p(random_token(9))});
        !r)
      return std::unexpected(r.error());
    auto v = conn.q("SELECT value FROM meta WHERE key = 'schema_version'");
    if (!v) return std::unexpected(v.error());
    std::int64_t version = v->empty() ? 1 : std::stoll(*(*v)[0][0]);
    const auto latest = 1 + static_cast<std::int64_t>(std::size(kMigrations));
    if (version > latest)
      return fail("storage.version", "the database has schema version " + std::to_string(version) +
                                         ", newer than this program");
    for (; version < latest; ++version)
      if (auto r = conn.x(kMigrations[version - 1]); !r) return std::unexpected(r.error());
    if (auto r = conn.x("INSERT INTO meta(key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE "
                        "SET value = excluded.value",
                        {p(version)});
        !r)
      return std::unexpected(r.error());
    auto e = conn.q("SELECT value FROM meta WHERE key = 'epoch'");
    if (!e) return std::unexpected(e.error());
    if (auto r = conn.x("COMMIT"); !r) return std::unexpected(r.error());
    return *(*e)[0][0];
  }();
  PQfinish(c);
  if (!s) return std::unexpected(s.error());
  auto st = std::make_unique<PgStorage>(url, *s);
  if (auto r = st->connect_first(); !r) return std::unexpected(r.error());
  return std::unique_ptr<Storage>(std::move(st));
}

}  // namespace hp::server
