// Many orders, fast, for benchmarks: big transactions and statements prepared once.
#include <array>

#include "kiosk/store/demo_data.hpp"
#include "kiosk/store/store_impl.hpp"
#include "shared/codes/kiosk_codes.hpp"

namespace hp::store {
namespace {

constexpr std::uint64_t kPayloadBits = 45;  // 9 Crockford characters
constexpr std::uint64_t kMask = (std::uint64_t{1} << kPayloadBits) - 1;

// A bijection on 45-bit numbers (odd multipliers and xor-shifts are invertible mod 2^45), so
// distinct indexes give distinct, scattered payloads: inserts hit the pickup-code index the
// way random codes do.
std::uint64_t scramble(std::uint64_t x) {
  x = (x * 0x1E3779B97F4A7C15ull) & kMask;
  x ^= x >> 22;
  x = (x * 0x0BF58476D1CE4E5Bull) & kMask;
  x ^= x >> 19;
  return x;
}

// Random pickup codes dirty index pages all over; each commit writes every dirty page to the
// WAL, so few, large transactions write each page about once.
constexpr std::int64_t kBatch = 250'000;
constexpr UtcMillis kHoldMs = UtcMillis{7} * 24 * 3600 * 1000;

struct ProductLine {
  const char* name;
  const char* qty;
  Dong amount;
};
constexpr std::array kLines{
    ProductLine{"Cà chua", "2 kg", 44000},   ProductLine{"Bắp cải", "1,5 kg", 18000},
    ProductLine{"Trứng gà", "10 quả", 35000}, ProductLine{"Gạo", "5 kg", 110000},
    ProductLine{"Nấm rơm", "500 g", 45000},  ProductLine{"Thanh long", "2,5 kg", 75000},
};

}  // namespace

std::string bulk_pickup_code(std::int64_t i) {
  std::uint64_t v = scramble(static_cast<std::uint64_t>(i) & kMask);
  std::string payload(9, '0');
  for (int k = 8; k >= 0; --k) {
    payload[static_cast<std::size_t>(k)] = codes::kCrockford[v & 31u];
    v >>= 5;
  }
  return codes::make_kiosk_code(codes::KioskCodeKind::pickup, payload).value_or("");
}

Result<std::int64_t> Store::seed_bulk_orders(std::int64_t n, IdGenerator& ids, const Clock& clock) {
  impl_->owner.check("Store::seed_bulk_orders");
  const db::Db& db = impl_->db;
  auto order = db.prepare(
      "INSERT INTO orders(id, pickup_code, buyer_name, buyer_phone, status, cash_on_delivery, amount_due, total, shelf, "
      "created_at, hold_until) VALUES (?1, ?2, ?3, ?4, 'ready', ?5, ?6, ?7, ?8, ?9, ?10) "
      "ON CONFLICT DO NOTHING");
  if (!order) return std::unexpected(order.error());
  auto item = db.prepare(
      "INSERT INTO order_items(order_seq, line, product_name, quantity_text, amount) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!item) return std::unexpected(item.error());

  // A bigger page cache while the random pickup-code index grows keeps the batches from
  // spilling to the WAL mid-transaction; it is set back afterwards.
  if (auto s = db.exec("PRAGMA cache_size = -262144"); !s) return std::unexpected(s.error());
  struct RestoreCache {
    const db::Db& db;
    ~RestoreCache() { (void)db.exec("PRAGMA cache_size = -2000"); }
  } restore{db};

  const UtcMillis now = clock.now();
  std::int64_t added = 0;
  for (std::int64_t start = 0; start < n; start += kBatch) {
    auto tx = db::Transaction::begin(db);
    if (!tx) return std::unexpected(tx.error());
    const std::int64_t end = std::min(n, start + kBatch);
    for (std::int64_t i = start; i < end; ++i) {
      const std::string id = ids.next();
      const std::int64_t lines = 1 + i % 3;
      Dong total = 0;
      for (std::int64_t l = 0; l < lines; ++l) total += kLines[static_cast<std::size_t>((i + l) % kLines.size())].amount;
      const bool cod = i % 2 == 1;
      const std::string phone = "09" + std::to_string(10'000'000 + i % 90'000'000);
      const std::string shelf = "K" + std::to_string(1 + i % 9) + "-" + std::to_string(10 + i % 90);
      const UtcMillis created = now - (i % (7 * 24 * 60)) * 60'000;
      order->reset();
      order->bind_all(id, bulk_pickup_code(i), "Khách hàng " + std::to_string(i), phone, cod ? 1 : 0, cod ? total : 0,
                      total, shelf, created, UtcMillis{created + kHoldMs});
      if (auto s = order->run(); !s) return std::unexpected(s.error());
      if (db.changes() == 0) continue;  // a code that happened to exist already
      ++added;
      const std::int64_t seq = sqlite3_last_insert_rowid(db.raw());
      for (std::int64_t l = 0; l < lines; ++l) {
        const auto& pl = kLines[static_cast<std::size_t>((i + l) % kLines.size())];
        item->reset();
        item->bind_all(seq, l, pl.name, pl.qty, pl.amount);
        if (auto s = item->run(); !s) return std::unexpected(s.error());
      }
    }
    if (auto s = tx->commit(); !s) return std::unexpected(s.error());
  }
  return added;
}

}  // namespace hp::store
