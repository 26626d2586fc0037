#include "server/dash/demo_history.hpp"

#include <cmath>
#include <map>
#include <cstdio>
#include <numbers>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/dash/forecast_weeks.hpp"
#include "server/dash/period.hpp"
#include "server/dash/publish.hpp"
#include "server/dash/scope.hpp"

namespace hp::server::dash {
namespace {

using nlohmann::json;

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;
constexpr std::int64_t kHourMs = 3600LL * 1000;
constexpr int kRowsPerInsert = 100;

// A small deterministic generator (no global state): the same history on every machine.
struct Lcg {
  std::uint64_t s;
  double next() {  // in [0, 1)
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 11) / 9007199254740992.0;
  }
};

double bump(double w, double centre, double width) { return std::exp(-(w - centre) * (w - centre) / (2 * width * width)); }
double wave(double w, double peak) { return std::cos(2 * std::numbers::pi * (w - peak) / 52.0); }

struct Crop {
  const char* sku;
  const char* name;
  std::int64_t price;
  // Weekly kg at an average post office in week-of-year w (0 = the week of 1 January).
  double (*kg)(double w);
};
constexpr Crop kCrops[] = {
    {"VAI-THIEU", "Vải thiều", 35000, [](double w) { return std::abs(w - 24) <= 5 ? 900 * bump(w, 24, 2) : 0.0; }},
    {"CA-CHUA", "Cà chua", 22000, [](double w) { return 120 + 80 * wave(w, 1); }},
    {"BAP-CAI", "Bắp cải", 12000, [](double w) { return 150 + 120 * wave(w, 2); }},
    {"SU-HAO", "Su hào", 15000, [](double w) { return 80 + 60 * wave(w, 3); }},
    {"RAU-MUONG", "Rau muống", 18000, [](double w) { return 60 + 50 * wave(w, 28); }},
    {"DUA-HAU", "Dưa hấu", 15000, [](double w) { return std::abs(w - 20) <= 10 ? 400 * bump(w, 20, 4) : 0.0; }},
    {"GAO", "Gạo", 22000, [](double w) {
       const double v = 300 * (bump(w, 25, 2) + bump(w, 42, 2));
       return v < 5 ? 0.0 : v;
     }},
};

std::string hist_id(int family, std::int64_t n) {
  char b[40];
  std::snprintf(b, sizeof b, "01900000-%04x-7000-8000-%012llx", 0xd000 + family, static_cast<unsigned long long>(n));
  return b;
}

// Rows of one table, inserted kRowsPerInsert to a statement.
class Inserter {
 public:
  Inserter(SqlDb& db, std::string head, int columns) : db_(db), head_(std::move(head)), columns_(columns) {}
  Status add(std::vector<SqlValue> row) {
    for (auto& v : row) params_.push_back(std::move(v));
    if (++rows_ == kRowsPerInsert) return flush();
    return {};
  }
  Status flush() {
    if (rows_ == 0) return {};
    std::string sql = head_ + " VALUES ";
    for (int r = 0; r < rows_; ++r) {
      sql += r ? ", (" : "(";
      for (int c = 0; c < columns_; ++c) sql += (c ? ", ?" : "?") + std::to_string(r * columns_ + c + 1);
      sql += ")";
    }
    rows_ = 0;
    auto st = db_.exec(sql, params_);
    params_.clear();
    return st;
  }

 private:
  SqlDb& db_;
  std::string head_;
  int columns_;
  int rows_ = 0;
  std::vector<SqlValue> params_;
};

}  // namespace

Result<HistoryCounts> seed_demo_history(SqlDb& db, UtcMillis now) {
  HistoryCounts counts;
  Status st = db.transaction([&]() -> Status {
    if (db.postgres())
      if (auto r = db.exec("SELECT pg_advisory_xact_lock(8008004)"); !r) return r;
    auto seeded = db.query("SELECT value FROM meta WHERE key = 'demo.history'");
    if (!seeded) return std::unexpected(seeded.error());
    if (!seeded->empty()) return {};

    // Lychee is not in the kiosks' demo catalogue: the centre adds it, and kiosks pull it.
    const json lychee = {{"id", kLycheeId}, {"sku", "VAI-THIEU"}, {"name_vi", "Vải thiều"}, {"name_en", "Lychee"},
                         {"unit", "kg"}, {"gtin", nullptr}, {"image", ""},
                         {"prices", json::array({{{"grade", "A"}, {"price_vnd", 35000}},
                                                 {{"grade", "B"}, {"price_vnd", 28000}},
                                                 {{"grade", "C"}, {"price_vnd", 20000}}})}};
    auto have = db.query("SELECT 1 FROM products WHERE sku = 'VAI-THIEU'");
    if (!have) return std::unexpected(have.error());
    if (have->empty()) {
      if (auto r = db.exec("INSERT INTO products(id, sku, data) VALUES (?1, 'VAI-THIEU', ?2)", {kLycheeId, lychee.dump()}); !r)
        return r;
      if (auto r = publish_change(db, "*", "product", kLycheeId, lychee); !r) return r;
    }
    std::map<std::string, std::string> product_ids;  // sku -> id
    auto ps = db.query("SELECT sku, id FROM products");
    if (!ps) return std::unexpected(ps.error());
    for (const auto& r : *ps) product_ids[to_text(r[0])] = to_text(r[1]);
    auto farmers = db.query("SELECT id FROM farmers ORDER BY id");
    if (!farmers) return std::unexpected(farmers.error());
    auto pos = load_post_offices(db);
    if (!pos) return std::unexpected(pos.error());

    const std::int64_t last = week_of(now);  // the current week gets no history
    const std::int64_t first = last - kHistoryWeeks;
    // Each post office's history comes from a kiosk of its own, revoked: it can sign nothing.
    for (const auto& p : *pos)
      if (auto r = db.exec("INSERT INTO kiosks(id, post_office_id, credential_hash, name, app_version, enrolled_at, "
                           "revoked_at) VALUES (?1, ?2, ?3, 'Lịch sử demo · demo history', 'history', ?4, ?5) "
                           "ON CONFLICT (id) DO NOTHING",
                           {"history-" + p.id, p.id, "revoked:history-" + p.id, week_start(first), now});
          !r)
        return r;

    Inserter events(db, "INSERT INTO events(id, kiosk_id, kiosk_seq, kind, schema_version, entity_id, kiosk_time_ms, "
                        "received_at, payload)", 9);
    Inserter orders(db, "INSERT INTO orders(id, post_office_id, pickup_code, status, pickup_id, data)", 6);
    std::int64_t n = 0;
    for (std::size_t pi = 0; pi < pos->size(); ++pi) {
      const auto& p = (*pos)[pi];
      const std::string kiosk = "history-" + p.id;
      const double size = 0.6 + 0.8 * static_cast<double>(pi % 5) / 4.0;  // post offices differ in size
      Lcg rng{0x9e3779b97f4a7c15ULL ^ (pi + 1)};
      std::int64_t kiosk_seq = 0;
      for (std::int64_t wk = first; wk < last; ++wk) {
        const UtcMillis monday = week_start(wk);
        const std::string year = vn_date(monday + 3 * kDayMs).substr(0, 4);
        const double w = static_cast<double>(monday - *vn_midnight(year + "-01-01")) / (7.0 * kDayMs);
        // The programme grows: a fifth more each year, so last season alone forecasts low.
        const double growth = 1 + 0.2 * static_cast<double>(wk - first) / 52.0;
        // Three drop-offs a week (Tuesday, Thursday, Saturday at 9:00), each a third of the
        // week's crops.
        for (int d = 0; d < 3; ++d) {
          const UtcMillis at = monday + (1 + 2 * d) * kDayMs + 2 * kHourMs;  // 09:00 in Vietnam
          json items = json::array();
          std::int64_t total = 0;
          for (const Crop& c : kCrops) {
            const auto id = product_ids.find(c.sku);
            const double kg = c.kg(w) * size * growth * (0.9 + 0.2 * rng.next()) / 3.0;
            if (id == product_ids.end() || kg < 0.5) continue;
            const std::int64_t mg = static_cast<std::int64_t>(kg * 1000) * 1000;
            const std::int64_t value = mg / 1000 * c.price / 1000;
            total += value;
            items.push_back({{"id", hist_id(2, ++n)}, {"product_id", id->second}, {"product_name", c.name},
                             {"grade", "A"}, {"unit", "kg"}, {"gross_mg", mg}, {"tare_mg", 0}, {"net_mg", mg},
                             {"pieces", 0}, {"unit_price", c.price}, {"value", value}});
          }
          if (items.empty() || farmers->empty()) continue;
          const std::string id = hist_id(1, ++n);
          const std::string farmer = to_text((*farmers)[static_cast<std::size_t>(n) % farmers->size()][0]);
          const json payload = {{"id", id}, {"farmer_id", farmer}, {"farmer_name", ""}, {"clerk", "demo"},
                                {"kiosk_id", kiosk}, {"created_at", at}, {"total", total}, {"items", std::move(items)}};
          if (auto r = events.add({id, kiosk, ++kiosk_seq, std::string("dropoff.committed"), std::int64_t{1}, id, at, at,
                                   payload.dump()});
              !r)
            return r;
          ++counts.dropoffs;
        }
        // Orders collected: busiest in the weeks before Tết (late January, early February).
        const int k = static_cast<int>(std::lround(size * growth * (6 + 4 * wave(w, 5)) * (0.85 + 0.3 * rng.next())));
        for (int o = 0; o < k; ++o) {
          const UtcMillis at = monday + 2 * kDayMs + 10 * kHourMs + o * 600000;  // Wednesday from 17:00
          const std::string order_id = hist_id(3, ++n), pickup_id = hist_id(4, n);
          const std::string pickup_code = "HIST" + std::to_string(n);
          const std::int64_t amount = 150000 + (n % 7) * 25000;
          const json rec = {{"id", order_id}, {"post_office_id", p.id}, {"external_ref", nullptr},
                            {"pickup_code", pickup_code}, {"buyer_name", "Khách demo"}, {"buyer_phone", "0900000000"},
                            {"status", "collected"}, {"cash_on_delivery", false}, {"amount_due_vnd", 0},
                            {"total_vnd", amount}, {"shelf", ""}, {"created_at", at - 2 * kDayMs},
                            {"hold_until", at + 5 * kDayMs}, {"collected_at", at},
                            {"items", json::array({{{"name", "Rau củ"}, {"quantity_text", "1"}, {"amount_vnd", amount}}})},
                            {"review", nullptr}};
          if (auto r = orders.add({order_id, p.id, pickup_code, std::string("collected"), pickup_id, rec.dump()}); !r)
            return r;
          const json pickup = {{"id", pickup_id}, {"order_id", order_id}, {"pickup_code", pickup_code},
                               {"buyer_name", "Khách demo"}, {"method", "prepaid"}, {"amount_paid", 0},
                               {"clerk", "demo"}, {"kiosk_id", kiosk}, {"collected_at", at}, {"order_status", "collected"}};
          if (auto r = events.add({pickup_id, kiosk, ++kiosk_seq, std::string("pickup.recorded"), std::int64_t{1}, pickup_id,
                                   at, at, pickup.dump()});
              !r)
            return r;
          ++counts.orders;
        }
      }
    }
    if (auto r = orders.flush(); !r) return r;
    if (auto r = events.flush(); !r) return r;
    return db.exec("INSERT INTO meta(key, value) VALUES ('demo.history', '1')");
  });
  if (!st) return std::unexpected(st.error());
  return counts;
}

}  // namespace hp::server::dash
