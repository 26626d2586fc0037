#include "server/dash/prices.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <regex>

#include "server/dash/period.hpp"
#include "server/dash/publish.hpp"

namespace hp::server::dash {
namespace {

using nlohmann::json;

constexpr const char* kScheduleColumns =
    "SELECT id, product_id, grade, price_vnd, effective_date, effective_at, created_at, created_by, applied_at "
    "FROM dash_price_schedule";

json schedule_json(const SqlRow& r) {
  return {{"id", to_text(r[0])},          {"product_id", to_text(r[1])},  {"grade", to_text(r[2])},
          {"price_vnd", to_int(r[3])},    {"effective_date", to_text(r[4])}, {"effective_at", to_int(r[5])},
          {"created_at", to_int(r[6])},   {"created_by", to_text(r[7])},
          {"applied_at", r[8] ? json(to_int(r[8])) : json(nullptr)}};
}

Status product_exists(SqlDb& db, const std::string& id) {
  auto rows = db.query("SELECT 1 FROM products WHERE id = ?1", {id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return fail("prices.unknown_product", "no product " + id);
  return {};
}

}  // namespace

Status check_price(const PriceChange& p) {
  if (p.grade != "A" && p.grade != "B" && p.grade != "C") return fail("prices.invalid", "grade is A, B or C");
  if (p.price_vnd < 0 || p.price_vnd > kMaxPriceVnd) return fail("prices.invalid", "price_vnd: 0 to 100,000,000");
  return {};
}

Result<json> set_price(SqlDb& db, const PriceChange& p, const Actor& who, const std::string& action) {
  if (auto c = check_price(p); !c) return std::unexpected(c.error());
  json rec;
  Status st = db.transaction([&]() -> Status {
    auto rows = db.query("SELECT data FROM products WHERE id = ?1", {p.product_id});
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty()) return fail("prices.unknown_product", "no product " + p.product_id);
    rec = json::parse(to_text((*rows)[0][0]));
    json before = nullptr, prices = json::array();
    bool replaced = false;
    for (auto& g : rec["prices"]) {
      if (g.value("grade", "") == p.grade) {
        before = g.value("price_vnd", json(nullptr));
        if (p.price_vnd == 0) continue;  // 0: the grade is no longer bought
        g["price_vnd"] = p.price_vnd;
        replaced = true;
      }
      prices.push_back(g);
    }
    if (!replaced && p.price_vnd > 0) prices.push_back({{"grade", p.grade}, {"price_vnd", p.price_vnd}});
    std::sort(prices.begin(), prices.end(), [](const json& a, const json& b) { return a["grade"] < b["grade"]; });
    rec["prices"] = std::move(prices);
    if (auto r = db.exec("UPDATE products SET data = ?1 WHERE id = ?2", {rec.dump(), p.product_id}); !r) return r;
    // Kiosks get the new price with their next pull (docs/PROTOCOL.md 4.2 product).
    if (auto r = publish_change(db, "*", "product", p.product_id, rec); !r) return r;
    return write_audit(db, who, action, {{"product_id", p.product_id}, {"grade", p.grade}}, {{"price_vnd", before}},
                       {{"price_vnd", p.price_vnd == 0 ? json(nullptr) : json(p.price_vnd)}});
  });
  if (!st) return std::unexpected(st.error());
  return rec;
}

Result<json> schedule_price(SqlDb& db, const std::string& id, const PriceChange& p, const std::string& date,
                            const Actor& who) {
  if (auto c = check_price(p); !c) return std::unexpected(c.error());
  static const std::regex kDate(R"(^\d{4}-\d{2}-\d{2}$)");
  const auto at = std::regex_match(date, kDate) ? vn_midnight(date) : std::nullopt;
  if (!at || vn_date(*at) != date) return fail("prices.invalid", "effective_date is a date, YYYY-MM-DD");
  const std::string today = vn_date(who.now);
  if (date < today) return fail("prices.invalid", "effective_date " + date + " has passed (today is " + today + ")");
  if (date > vn_date(who.now + 400LL * 86'400'000))
    return fail("prices.invalid", "effective_date is at most about a year ahead");
  json out;
  Status st = db.transaction([&]() -> Status {
    if (auto e = product_exists(db, p.product_id); !e) return e;
    const bool now = date == today;
    if (auto r = db.exec("INSERT INTO dash_price_schedule(id, product_id, grade, price_vnd, effective_date, effective_at, "
                         "created_at, created_by, applied_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                         {id, p.product_id, p.grade, p.price_vnd, date, *at, who.now, who.staff_id,
                          now ? SqlValue(who.now) : SqlValue()});
        !r)
      return r;
    if (now) {
      if (auto r = set_price(db, p, who); !r) return std::unexpected(r.error());
    } else if (auto r = write_audit(db, who, "price.schedule", {{"product_id", p.product_id}, {"grade", p.grade}, {"schedule_id", id}},
                                    nullptr, {{"price_vnd", p.price_vnd}, {"effective_date", date}});
               !r) {
      return r;
    }
    auto row = db.query(std::string(kScheduleColumns) + " WHERE id = ?1", {id});
    if (!row) return std::unexpected(row.error());
    out = schedule_json((*row)[0]);
    return {};
  });
  if (!st) return std::unexpected(st.error());
  return out;
}

Status cancel_scheduled_price(SqlDb& db, const std::string& id, const Actor& who) {
  return db.transaction([&]() -> Status {
    auto row = db.query(std::string(kScheduleColumns) + " WHERE id = ?1", {id});
    if (!row) return std::unexpected(row.error());
    if (row->empty()) return fail("prices.unknown_schedule", "no scheduled price " + id);
    const json before = schedule_json((*row)[0]);
    if (!before["applied_at"].is_null()) return fail("prices.already_applied", "the price " + id + " already applies");
    if (auto r = db.exec("DELETE FROM dash_price_schedule WHERE id = ?1", {id}); !r) return r;
    return write_audit(db, who, "price.cancel", {{"schedule_id", id}}, before, nullptr);
  });
}

Result<json> price_schedule(SqlDb& db) {
  auto pending = db.query(std::string(kScheduleColumns) + " WHERE applied_at IS NULL ORDER BY effective_at, created_at");
  if (!pending) return std::unexpected(pending.error());
  auto applied = db.query(std::string(kScheduleColumns) + " WHERE applied_at IS NOT NULL ORDER BY applied_at DESC LIMIT 50");
  if (!applied) return std::unexpected(applied.error());
  json p = json::array(), a = json::array();
  for (const auto& r : *pending) p.push_back(schedule_json(r));
  for (const auto& r : *applied) a.push_back(schedule_json(r));
  return json{{"pending", std::move(p)}, {"applied", std::move(a)}};
}

Result<int> apply_due_prices(SqlDb& db, UtcMillis now) {
  int applied = 0;
  Status st = db.transaction([&]() -> Status {
    // One applier at a time across processes: the second waits here, then finds the rows
    // the first applied marked (SQLite's BEGIN IMMEDIATE serialises the same way).
    if (db.postgres())
      if (auto r = db.exec("SELECT pg_advisory_xact_lock(8008003)"); !r) return r;
    auto due = db.query(std::string(kScheduleColumns) +
                            " WHERE applied_at IS NULL AND effective_at <= ?1 ORDER BY effective_at, created_at, id",
                        {now});
    if (!due) return std::unexpected(due.error());
    for (const auto& r : *due) {
      const json s = schedule_json(r);
      // The officer who scheduled it stays the author; the trail says when it applied.
      const PriceChange p{s["product_id"], s["grade"], s["price_vnd"]};
      if (auto set = set_price(db, p, Actor{s["created_by"], now}, "price.apply"); !set) {
        if (set.error().code != "prices.unknown_product") return std::unexpected(set.error());
      }
      if (auto u = db.exec("UPDATE dash_price_schedule SET applied_at = ?1 WHERE id = ?2 AND applied_at IS NULL",
                           {now, s["id"].get<std::string>()});
          !u)
        return u;
      ++applied;
    }
    return {};
  });
  if (!st) return std::unexpected(st.error());
  return applied;
}

Result<std::optional<UtcMillis>> next_due_price(SqlDb& db) {
  auto rows = db.query("SELECT min(effective_at) FROM dash_price_schedule WHERE applied_at IS NULL");
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty() || !(*rows)[0][0]) return std::optional<UtcMillis>();
  return std::optional<UtcMillis>(to_int((*rows)[0][0]));
}

PriceScheduler::PriceScheduler(SqlDb& db, const Clock& clock, std::int64_t poll_ms)
    : db_(db), clock_(clock), poll_ms_(poll_ms), thread_([this] { run(); }) {}

PriceScheduler::~PriceScheduler() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void PriceScheduler::run() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    lock.unlock();
    std::int64_t wait_ms = poll_ms_;
    if (auto n = apply_due_prices(db_, clock_.now()); !n)
      std::cerr << "kiosk-server: scheduled prices: " << n.error().code << ": " << n.error().detail << "\n";
    if (auto next = next_due_price(db_); next && *next)
      wait_ms = std::clamp<std::int64_t>(**next - clock_.now(), 1, poll_ms_);
    lock.lock();
    wake_.wait_for(lock, std::chrono::milliseconds(wait_ms), [this] { return stop_; });
  }
}

}  // namespace hp::server::dash
