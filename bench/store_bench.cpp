// The kiosk store under load: pickup-code lookups among 1,000,000 orders, and drop-off commits
// with synchronous=FULL, each beside bare SQLite doing the same work in the same run (same file
// and query for lookups, same rows in one transaction for commits), taken in turns so both see
// the same machine. Prints markdown table rows
// `| benchmark | figure | baseline, same run | ratio | target |`.
//
//   store_bench [--db PATH] [--orders N] [--lookups N] [--commits N]
//
// The 1M-order store is kept (default: <build>/bench-data/store_bench_orders.db) and reused
// when it already holds the right count; --db names another file, so other benchmarks (UI
// start-up) can open the same store.
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "kiosk/store/demo_data.hpp"
#include "kiosk/store/store.hpp"
#include "shared/ids.hpp"
#include "shared/text.hpp"

namespace fs = std::filesystem;
using namespace hp;
using Micros = std::chrono::duration<double, std::micro>;

namespace {

struct Options {
  std::string db;
  std::int64_t orders = 1'000'000;
  int lookups = 100'000;
  int commits = 500;
};

fs::path build_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return fs::current_path();
  return exe.parent_path().parent_path();  // <build>/bin/store_bench
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

void remove_db(const fs::path& p) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p.string() + suffix, ec);
}

int fail(const std::string& what, const Error& e) {
  std::fprintf(stderr, "store_bench: %s: %s (%s)\n", what.c_str(), e.code.c_str(), e.detail.c_str());
  return 1;
}

// The disk's own commit cost at this moment (4 KiB write + fdatasync, ms): this machine's disk
// is shared, and a commit with synchronous=FULL can never beat one sync.
std::vector<double> fsync_probe(const fs::path& dir, int n) {
  std::vector<double> ms;
  const fs::path p = dir / "fsync_probe";
  const int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return ms;
  const std::string page(4096, 'x');
  for (int i = 0; i < n; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    if (::pwrite(fd, page.data(), page.size(), 0) != static_cast<ssize_t>(page.size()) || ::fdatasync(fd) != 0) break;
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  ::close(fd);
  std::error_code ec;
  fs::remove(p, ec);
  return ms;
}

std::string fmt(const char* f, double a, double b) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, a, b);
  return buf;
}

void row(const std::string& name, const std::string& figure, const std::string& baseline, const std::string& ratio,
         const std::string& target) {
  std::printf("| %s | %s | %s | %s | %s |\n", name.c_str(), figure.c_str(), baseline.c_str(), ratio.c_str(),
              target.c_str());
}

// "1.4× / 1.2×": kiosk over baseline, at p50 and p99.
std::string ratios(const std::vector<double>& kiosk, const std::vector<double>& bare) {
  const double b50 = percentile(bare, 0.50), b99 = percentile(bare, 0.99);
  if (b50 <= 0 || b99 <= 0) return "-";
  return fmt("%.2f× / %.2f×", percentile(kiosk, 0.50) / b50, percentile(kiosk, 0.99) / b99);
}

// Bare SQLite through its C API, no project code: the baseline.
class Bare {
 public:
  explicit Bare(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
      std::fprintf(stderr, "store_bench: bare open %s: %s\n", path.c_str(), sqlite3_errmsg(db_));
      std::exit(1);
    }
  }
  ~Bare() {
    for (auto* s : stmts_) sqlite3_finalize(s);
    sqlite3_close(db_);
  }
  Bare(const Bare&) = delete;
  Bare& operator=(const Bare&) = delete;

  void exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::fprintf(stderr, "store_bench: bare %s: %s\n", sql, err ? err : "?");
      std::exit(1);
    }
  }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK) {
      std::fprintf(stderr, "store_bench: bare prepare: %s\n", sqlite3_errmsg(db_));
      std::exit(1);
    }
    stmts_.push_back(s);
    return s;
  }
  void done(sqlite3_stmt* s) {
    if (sqlite3_step(s) != SQLITE_DONE) {
      std::fprintf(stderr, "store_bench: bare step: %s\n", sqlite3_errmsg(db_));
      std::exit(1);
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
  }

 private:
  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> stmts_;
};

void bind(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}
void bind(sqlite3_stmt* s, int i, std::int64_t v) { sqlite3_bind_int64(s, i, v); }
void bind(sqlite3_stmt* s, int i, store::PrintKind k) {
  const std::string_view v = store::to_string(k);
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}
template <class... T>
void bind_all(sqlite3_stmt* s, const T&... v) {
  int i = 0;
  (bind(s, ++i, v), ...);
}

// The store's lookup statement (kiosk/store/store_orders.cpp), word for word.
constexpr const char* kLookupSql =
    "SELECT o.id, o.pickup_code, o.buyer_name, o.buyer_phone, o.status, o.cash_on_delivery, o.amount_due, o.total, "
    "o.shelf, o.created_at, o.hold_until, i.product_name, i.quantity_text, i.amount, o.phone_attempts, o.locked_at "
    "FROM orders o LEFT JOIN order_items i ON i.order_seq = o.seq WHERE o.pickup_code = ?1 ORDER BY i.line";

// One lookup the bare way: step the rows and touch every column. True when the order exists.
bool bare_lookup(sqlite3_stmt* q, const std::string& code, std::size_t& touched) {
  bind(q, 1, code);
  bool found = false;
  while (sqlite3_step(q) == SQLITE_ROW) {
    found = true;
    for (int c = 0; c < 14; ++c) {
      if (sqlite3_column_type(q, c) == SQLITE_INTEGER) touched += static_cast<std::size_t>(sqlite3_column_int64(q, c));
      else touched += static_cast<std::size_t>(sqlite3_column_bytes(q, c));
    }
  }
  sqlite3_reset(q);
  return found;
}

// The rows one drop-off commit writes, as the store binds them (kiosk/store/store_drop_offs.cpp
// and store_queue.cpp): the drop-off, its items and lots, the outbox event, the print jobs.
struct BareDropOff {
  sqlite3_stmt *drop_off, *item, *lot, *event, *job;
  explicit BareDropOff(Bare& b)
      : drop_off(b.prepare("INSERT INTO drop_offs(id, farmer_id, farmer_name, search_key, clerk, kiosk_id, created_at, "
                           "total) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")),
        item(b.prepare("INSERT INTO drop_off_items(id, drop_off_id, line, product_id, product_name, grade, unit, "
                       "gross_mg, tare_mg, net_mg, pieces, unit_price, value) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)")),
        lot(b.prepare("INSERT INTO lots(id, code, item_id, drop_off_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)")),
        event(b.prepare("INSERT INTO outbox(id, kind, entity_id, payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5)")),
        job(b.prepare("INSERT INTO print_jobs(id, kind, ref_id, payload, copy, status, attempts, created_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, 'queued', 0, ?6)")) {}
};

void bare_commit(Bare& b, BareDropOff& s, const DropOff& d, const std::string& search, const std::string& event_id,
                 const std::string& payload, const std::vector<store::NewPrintJob>& jobs) {
  b.exec("BEGIN IMMEDIATE");
  bind_all(s.drop_off, d.id, d.farmer_id, d.farmer_name, search, d.clerk, d.kiosk_id, d.created_at, d.total);
  b.done(s.drop_off);
  for (std::size_t n = 0; n < d.items.size(); ++n) {
    const auto& i = d.items[n];
    bind_all(s.item, i.id, d.id, static_cast<std::int64_t>(n), i.product_id, i.product_name, i.grade,
             std::string("kg"), i.gross_mg, i.tare_mg, i.net_mg, i.pieces, i.unit_price, i.value);
    b.done(s.item);
    bind_all(s.lot, i.lot_id, i.lot_code, i.id, d.id, d.created_at);
    b.done(s.lot);
  }
  bind_all(s.event, event_id, std::string("dropoff.committed"), d.id, payload, d.created_at);
  b.done(s.event);
  for (const auto& j : jobs) {
    bind_all(s.job, j.id, j.kind, j.ref_id);
    sqlite3_bind_blob(s.job, 4, j.payload.data(), static_cast<int>(j.payload.size()), SQLITE_STATIC);
    sqlite3_bind_int64(s.job, 5, j.copy ? 1 : 0);
    sqlite3_bind_int64(s.job, 6, d.created_at);
    b.done(s.job);
  }
  b.exec("COMMIT");
}

// The outbox payload the store writes for a drop-off (same fields), made before the clock runs.
std::string drop_off_json(const DropOff& d) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& i : d.items) {
    items.push_back({{"id", i.id}, {"product_id", i.product_id}, {"product_name", i.product_name}, {"grade", i.grade},
                     {"unit", "kg"}, {"gross_mg", i.gross_mg}, {"tare_mg", i.tare_mg}, {"net_mg", i.net_mg},
                     {"pieces", i.pieces}, {"unit_price", i.unit_price}, {"value", i.value}, {"lot_id", i.lot_id},
                     {"lot_code", i.lot_code}});
  }
  return nlohmann::json{{"id", d.id}, {"farmer_id", d.farmer_id}, {"farmer_name", d.farmer_name}, {"clerk", d.clerk},
                        {"kiosk_id", d.kiosk_id}, {"created_at", d.created_at}, {"total", d.total},
                        {"items", std::move(items)}}
      .dump();
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "store_bench: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--db") opt.db = next();
    else if (a == "--orders") opt.orders = std::atoll(next().c_str());
    else if (a == "--lookups") opt.lookups = std::atoi(next().c_str());
    else if (a == "--commits") opt.commits = std::atoi(next().c_str());
    else {
      std::fprintf(stderr, "usage: store_bench [--db PATH] [--orders N] [--lookups N] [--commits N]\n");
      return 2;
    }
  }
  if (opt.orders < 1 || opt.lookups < 1 || opt.commits < 1) {
    std::fprintf(stderr, "store_bench: counts must be positive\n");
    return 2;
  }
  const fs::path data_dir = build_dir() / "bench-data";
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  const fs::path db_path = opt.db.empty() ? data_dir / "store_bench_orders.db" : fs::path(opt.db);

  Clock clock;
  IdGenerator ids(clock);

  // [SECTION] The big store, built once and reused
  double build_s = -1, build_cpu_s = -1;
  {
    std::int64_t have = -1;
    {
      auto probe = store::Store::open(db_path.string());
      if (probe) {
        if (auto n = probe->order_count()) have = *n;
      }
    }
    if (have != opt.orders) {
      remove_db(db_path);
      auto fresh = store::Store::open(db_path.string());
      if (!fresh) return fail("open " + db_path.string(), fresh.error());
      const auto t0 = std::chrono::steady_clock::now();
      const std::clock_t c0 = std::clock();
      auto added = fresh->seed_bulk_orders(opt.orders, ids, clock);
      if (!added) return fail("seed orders", added.error());
      build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      build_cpu_s = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
      // Fold the WAL into the main file so later opens start clean.
      if (auto s = fresh->checkpoint(); !s) return fail("checkpoint", s.error());
    }
  }
  std::fprintf(stderr, "store_bench: store with %lld orders: %s\n", static_cast<long long>(opt.orders),
               db_path.c_str());

  // [SECTION] Lookups, the store's and bare SQLite's, in turns of 1,000 codes
  std::vector<double> lookup_us, bare_us;
  std::int64_t hits = 0, bare_hits = 0;
  {
    auto opened = store::Store::open(db_path.string());
    if (!opened) return fail("open " + db_path.string(), opened.error());
    store::Store& st = *opened;
    // Same file, same page-cache and memory-map settings as the store's connection.
    Bare bare(db_path.string());
    bare.exec(("PRAGMA mmap_size = " + std::to_string(store::OpenOptions{}.mmap_bytes)).c_str());
    sqlite3_stmt* bare_q = bare.prepare(kLookupSql);
    std::size_t touched = 0;

    std::mt19937_64 rng(20261128);
    std::uniform_int_distribution<std::int64_t> pick(0, opt.orders - 1);
    std::vector<std::string> codes;
    codes.reserve(static_cast<std::size_t>(opt.lookups));
    for (int i = 0; i < opt.lookups; ++i) {
      // Four in five are on the shelf; the rest are valid codes of no order here.
      const bool hit = i % 5 != 4;
      codes.push_back(store::bulk_pickup_code(hit ? pick(rng) : opt.orders + pick(rng)));
    }
    for (int i = 0; i < std::min(opt.lookups, 2000); ++i) {
      (void)st.order_by_pickup_code(codes[static_cast<std::size_t>(i)]);
      (void)bare_lookup(bare_q, codes[static_cast<std::size_t>(i)], touched);
    }
    lookup_us.reserve(codes.size());
    bare_us.reserve(codes.size());
    auto kiosk_turn = [&](std::size_t from, std::size_t to) -> bool {
      for (std::size_t k = from; k < to; ++k) {
        const auto t0 = std::chrono::steady_clock::now();
        auto r = st.order_by_pickup_code(codes[k]);
        const auto t1 = std::chrono::steady_clock::now();
        if (!r) {
          fail("lookup", r.error());
          return false;
        }
        if (r->has_value()) ++hits;
        lookup_us.push_back(Micros(t1 - t0).count());
      }
      return true;
    };
    auto bare_turn = [&](std::size_t from, std::size_t to) {
      for (std::size_t k = from; k < to; ++k) {
        const auto t0 = std::chrono::steady_clock::now();
        const bool found = bare_lookup(bare_q, codes[k], touched);
        const auto t1 = std::chrono::steady_clock::now();
        if (found) ++bare_hits;
        bare_us.push_back(Micros(t1 - t0).count());
      }
    };
    // Each side goes first in every other turn, so neither always finds the other's pages in
    // the CPU cache.
    constexpr std::size_t kTurn = 1000;
    for (std::size_t from = 0, turn = 0; from < codes.size(); from += kTurn, ++turn) {
      const std::size_t to = std::min(codes.size(), from + kTurn);
      if (turn % 2 == 0) {
        if (!kiosk_turn(from, to)) return 1;
        bare_turn(from, to);
      } else {
        bare_turn(from, to);
        if (!kiosk_turn(from, to)) return 1;
      }
    }
    if (touched == 0) std::fprintf(stderr, "store_bench: the bare lookups read nothing\n");
  }

  // [SECTION] Drop-off commits: the store's and bare SQLite's, in turns, each in a fresh file
  // beside the big one with the same schema, farmer and product
  std::vector<double> commit_ms, bare_commit_ms;
  const fs::path commit_path = data_dir / "store_bench_commits.db";
  const fs::path bare_path = data_dir / "store_bench_bare_commits.db";
  {
    const store::NewFarmer nf{.id = ids.next(), .member_code = "HPM7K2M9QX4B", .name = "Nguyễn Văn An",
                              .phone = "0912345678", .commune = "Đặng Cương", .district = "An Dương",
                              .branch = "Hội Nông dân huyện An Dương", .cooperative = "", .created_at = clock.now()};
    const std::string farmer_event = ids.next();
    const Product p{.id = ids.next(), .sku = "CA-CHUA", .name_vi = "Cà chua", .name_en = "Tomatoes",
                    .unit = PriceUnit::PerKg, .gtin = std::nullopt, .image = "", .prices = {{"A", 22000}}};
    auto open_seeded = [&](const fs::path& path) -> Result<std::pair<store::Store, Farmer>> {
      remove_db(path);
      auto opened = store::Store::open(path.string(), db::Durability::Full);
      if (!opened) return std::unexpected(opened.error());
      auto farmer = opened->register_farmer(nf, farmer_event);
      if (!farmer) return std::unexpected(farmer.error());
      if (auto s = opened->upsert_product(p); !s) return std::unexpected(s.error());
      return std::pair<store::Store, Farmer>(std::move(*opened), std::move(*farmer));
    };
    auto kiosk_side = open_seeded(commit_path);
    if (!kiosk_side) return fail("open " + commit_path.string(), kiosk_side.error());
    store::Store& st = kiosk_side->first;
    const Farmer& farmer = kiosk_side->second;
    {
      auto bare_seed = open_seeded(bare_path);  // closed again before the bare connection opens
      if (!bare_seed) return fail("open " + bare_path.string(), bare_seed.error());
    }
    Bare bare(bare_path.string());
    bare.exec("PRAGMA journal_mode=WAL");
    bare.exec("PRAGMA synchronous=FULL");
    bare.exec("PRAGMA foreign_keys=ON");
    BareDropOff bare_stmts(bare);
    const std::string farmer_search = search_key(farmer.name);

    const std::string receipt(1800, 'r');  // about a 20-line receipt's bytes
    const std::string label(600, 'l');
    commit_ms.reserve(static_cast<std::size_t>(opt.commits));
    bare_commit_ms.reserve(static_cast<std::size_t>(opt.commits));
    for (int n = 0; n < opt.commits; ++n) {
      DropOff d{.id = ids.next(), .farmer_id = farmer.id, .farmer_name = farmer.name, .clerk = "Chị Hạnh",
                .kiosk_id = "HP-K01", .created_at = clock.now(), .total = 0, .items = {}};
      std::vector<store::NewPrintJob> jobs{{ids.next(), store::PrintKind::DropOffReceipt, d.id, receipt, false}};
      for (int k = 0; k < 3; ++k) {
        const Milligrams gross = 5'000'000 + 250'000 * k + n, tare = 300'000;
        char lot[32];
        std::snprintf(lot, sizeof lot, "HPL%06d%04d", n, k);
        DropOffItem it{.id = ids.next(), .product_id = p.id, .product_name = p.name_vi, .grade = "A",
                       .unit = PriceUnit::PerKg, .gross_mg = gross, .tare_mg = tare, .net_mg = gross - tare,
                       .pieces = 0, .unit_price = 22000, .value = value_by_weight(22000, gross - tare),
                       .lot_id = ids.next(), .lot_code = lot};
        d.total += it.value;
        jobs.push_back({ids.next(), store::PrintKind::Label, it.lot_id, label, false});
        d.items.push_back(std::move(it));
      }
      const std::string event_id = ids.next();
      const std::string payload = drop_off_json(d);
      auto kiosk_commit = [&]() -> bool {
        const auto t0 = std::chrono::steady_clock::now();
        auto s = st.commit_drop_off(d, event_id, jobs);
        const auto t1 = std::chrono::steady_clock::now();
        if (!s) {
          fail("commit", s.error());
          return false;
        }
        commit_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
        return true;
      };
      auto bare_side = [&] {
        const auto t0 = std::chrono::steady_clock::now();
        bare_commit(bare, bare_stmts, d, farmer_search, event_id, payload, jobs);
        const auto t1 = std::chrono::steady_clock::now();
        bare_commit_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      };
      if (n % 2 == 0) {
        if (!kiosk_commit()) return 1;
        bare_side();
      } else {
        bare_side();
        if (!kiosk_commit()) return 1;
      }
    }
  }
  remove_db(commit_path);
  remove_db(bare_path);
  const std::vector<double> sync_ms = fsync_probe(data_dir, 100);

  // [SECTION] Results
  const std::string n_orders = opt.orders == 1'000'000 ? "1M" : std::to_string(opt.orders);
  if (build_s >= 0)
    row("store build: " + n_orders + " orders (bulk insert, synchronous=FULL)",
        fmt("%.1f s (%.1f s CPU)", build_s, build_cpu_s), "-", "-", "< 60 s");
  else
    row("store build: " + n_orders + " orders", "reused " + db_path.string(), "-", "-", "< 60 s");
  row("order lookup by pickup code (" + n_orders + " orders) p50 / p99; baseline: bare SQLite, same file, query and codes",
      fmt("%.1f µs / %.1f µs", percentile(lookup_us, 0.50), percentile(lookup_us, 0.99)),
      fmt("%.1f µs / %.1f µs", percentile(bare_us, 0.50), percentile(bare_us, 0.99)), ratios(lookup_us, bare_us),
      "p99 <= 50 µs");
  row("order lookup: lookups, hits", std::to_string(opt.lookups) + ", " + std::to_string(hits),
      std::to_string(opt.lookups) + ", " + std::to_string(bare_hits), "-", "80% hits, same as baseline");
  row("drop-off commit (3 items + lots + outbox + 4 print jobs, synchronous=FULL) p50 / p99; baseline: bare SQLite, "
      "same rows, one transaction",
      fmt("%.2f ms / %.2f ms", percentile(commit_ms, 0.50), percentile(commit_ms, 0.99)),
      fmt("%.2f ms / %.2f ms", percentile(bare_commit_ms, 0.50), percentile(bare_commit_ms, 0.99)),
      ratios(commit_ms, bare_commit_ms), "p99 <= 20 ms");
  row("disk sync now (4 KiB write + fdatasync) p50 / p99, for context",
      fmt("%.2f ms / %.2f ms", percentile(sync_ms, 0.50), percentile(sync_ms, 0.99)), "-", "-", "-");
  return 0;
}
