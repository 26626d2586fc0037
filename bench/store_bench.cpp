// The kiosk store under load: pickup-code lookups among 1,000,000 orders, and drop-off commits
// with synchronous=FULL. Prints markdown table rows `| benchmark | figure | target |`.
//
//   store_bench [--db PATH] [--orders N] [--lookups N] [--commits N]
//
// The 1M-order store is kept (default: <build>/bench-data/store_bench_orders.db) and reused
// when it already holds the right count; --db names another file, so other benchmarks (UI
// start-up) can open the same store.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "kiosk/store/demo_data.hpp"
#include "kiosk/store/store.hpp"
#include "shared/ids.hpp"

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

  // [SECTION] Lookups
  std::vector<double> lookup_us;
  std::int64_t hits = 0;
  {
    auto opened = store::Store::open(db_path.string());
    if (!opened) return fail("open " + db_path.string(), opened.error());
    store::Store& st = *opened;
    std::mt19937_64 rng(20261128);
    std::uniform_int_distribution<std::int64_t> pick(0, opt.orders - 1);
    std::vector<std::string> codes;
    codes.reserve(static_cast<std::size_t>(opt.lookups));
    for (int i = 0; i < opt.lookups; ++i) {
      // Four in five are on the shelf; the rest are valid codes of no order here.
      const bool hit = i % 5 != 4;
      codes.push_back(store::bulk_pickup_code(hit ? pick(rng) : opt.orders + pick(rng)));
    }
    for (int i = 0; i < std::min(opt.lookups, 2000); ++i) (void)st.order_by_pickup_code(codes[static_cast<std::size_t>(i)]);
    lookup_us.reserve(codes.size());
    for (const auto& c : codes) {
      const auto t0 = std::chrono::steady_clock::now();
      auto r = st.order_by_pickup_code(c);
      const auto t1 = std::chrono::steady_clock::now();
      if (!r) return fail("lookup", r.error());
      if (r->has_value()) ++hits;
      lookup_us.push_back(Micros(t1 - t0).count());
    }
  }

  // [SECTION] Drop-off commits (a fresh file beside the big one)
  std::vector<double> commit_ms;
  {
    const fs::path commit_path = data_dir / "store_bench_commits.db";
    remove_db(commit_path);
    auto opened = store::Store::open(commit_path.string(), db::Durability::Full);
    if (!opened) return fail("open " + commit_path.string(), opened.error());
    store::Store& st = *opened;
    store::NewFarmer nf{.id = ids.next(), .member_code = "HPM7K2M9QX4B", .name = "Nguyễn Văn An",
                        .phone = "0912345678", .commune = "Đặng Cương", .district = "An Dương",
                        .branch = "Hội Nông dân huyện An Dương", .cooperative = "", .created_at = clock.now()};
    auto farmer = st.register_farmer(nf, ids.next());
    if (!farmer) return fail("farmer", farmer.error());
    Product p{.id = ids.next(), .sku = "CA-CHUA", .name_vi = "Cà chua", .name_en = "Tomatoes",
              .unit = PriceUnit::PerKg, .gtin = std::nullopt, .image = "", .prices = {{"A", 22000}}};
    if (auto s = st.upsert_product(p); !s) return fail("product", s.error());

    const std::string receipt(1800, 'r');  // about a 20-line receipt's bytes
    const std::string label(600, 'l');
    commit_ms.reserve(static_cast<std::size_t>(opt.commits));
    for (int n = 0; n < opt.commits; ++n) {
      DropOff d{.id = ids.next(), .farmer_id = farmer->id, .farmer_name = farmer->name, .clerk = "Chị Hạnh",
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
      const auto t0 = std::chrono::steady_clock::now();
      auto s = st.commit_drop_off(d, event_id, jobs);
      const auto t1 = std::chrono::steady_clock::now();
      if (!s) return fail("commit", s.error());
      commit_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
  }
  remove_db(data_dir / "store_bench_commits.db");
  const std::vector<double> sync_ms = fsync_probe(data_dir, 100);

  // [SECTION] Results
  const std::string n_orders = opt.orders == 1'000'000 ? "1M" : std::to_string(opt.orders);
  if (build_s >= 0)
    std::printf("| store build: %s orders (bulk insert, synchronous=FULL) | %.1f s (%.1f s CPU) | < 60 s |\n",
                n_orders.c_str(), build_s, build_cpu_s);
  else
    std::printf("| store build: %s orders | reused %s | < 60 s |\n", n_orders.c_str(), db_path.c_str());
  std::printf("| order lookup by pickup code (%s orders) p50 / p99 | %s | p99 <= 50 µs |\n", n_orders.c_str(),
              fmt("%.1f µs / %.1f µs", percentile(lookup_us, 0.50), percentile(lookup_us, 0.99)).c_str());
  std::printf("| order lookup: lookups, hits | %d, %lld | 80%% hits |\n", opt.lookups, static_cast<long long>(hits));
  std::printf("| drop-off commit (3 items + lots + outbox + 4 print jobs, synchronous=FULL) p50 / p99 | %s | p99 <= 20 ms |\n",
              fmt("%.2f ms / %.2f ms", percentile(commit_ms, 0.50), percentile(commit_ms, 0.99)).c_str());
  std::printf("| disk sync now (4 KiB write + fdatasync) p50 / p99, for context | %s | - |\n",
              fmt("%.2f ms / %.2f ms", percentile(sync_ms, 0.50), percentile(sync_ms, 0.99)).c_str());
  return 0;
}
