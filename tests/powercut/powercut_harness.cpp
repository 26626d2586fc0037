#include "tests/powercut/powercut_harness.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <map>
#include <optional>
#include <random>
#include <set>

#include "kiosk/store/store.hpp"
#include "tests/support/store_access.hpp"
#include "shared/money.hpp"
#include "tests/support/test_support.hpp"

namespace hp::test {
namespace {

using namespace hp::store;

constexpr UtcMillis kNow = 1'795'849'500'000;  // 2026-11-28 14:05 in Hai Phong
constexpr int kOrders = 600;                   // waiting on the shelves at the start

// Ids in UUIDv7 shape from a counter, so a seed replays a run exactly.
class Ids {
 public:
  std::string next() {
    char buf[40];
    std::snprintf(buf, sizeof buf, "019a0000-0000-7000-8000-%012llx", static_cast<unsigned long long>(++n_));
    return buf;
  }

 private:
  std::uint64_t n_ = 0;
};

struct DropOffRecord {
  std::string id, event_id;
  Dong total = 0;
  std::vector<std::string> lot_codes, job_ids;
};
struct PickupRecord {
  std::string id, order_id, event_id;
  std::vector<std::string> job_ids;
  Order order;
};
struct JobRecord {
  std::string status = "queued";
  int attempts = 0;
};

// What the store must hold: every call that returned success.
struct Model {
  std::vector<Farmer> farmers;
  std::vector<Product> products;
  std::vector<Order> ready;  // orders not yet collected
  std::map<std::string, DropOffRecord> drop_offs;
  std::map<std::string, PickupRecord> pickups;  // by order id
  std::map<std::string, JobRecord> jobs;
  std::set<std::string> events;

  void add(const DropOffRecord& d) {
    drop_offs[d.id] = d;
    events.insert(d.event_id);
    for (const auto& j : d.job_ids) jobs[j] = JobRecord{};
  }
  void add(const PickupRecord& p) {
    pickups[p.order_id] = p;
    events.insert(p.event_id);
    for (const auto& j : p.job_ids) jobs[j] = JobRecord{};
    std::erase_if(ready, [&](const Order& o) { return o.id == p.order_id; });
  }
  void forget_drop_off(const std::string& id) {
    const DropOffRecord d = drop_offs.at(id);
    drop_offs.erase(id);
    events.erase(d.event_id);
    for (const auto& j : d.job_ids) jobs.erase(j);
  }
  void forget_pickup(const std::string& order_id) {
    const PickupRecord p = pickups.at(order_id);
    pickups.erase(order_id);
    events.erase(p.event_id);
    for (const auto& j : p.job_ids) jobs.erase(j);
    ready.push_back(p.order);
  }
};

// The one call the power caught: it may have committed or not.
struct Caught {
  enum class Kind { None, DropOff, Pickup, Mark } kind = Kind::None;
  DropOffRecord drop_off;
  PickupRecord pickup;
  std::string job_id;
  JobRecord job_after;
};

std::string why(const Error& e) { return e.code + ": " + e.detail; }

using Rows = std::vector<std::vector<std::string>>;

Result<Rows> rows(const db::Db& db, const std::string& sql) {
  auto s = db.prepare(sql);
  if (!s) return std::unexpected(s.error());
  const int n = sqlite3_column_count(s->raw());
  Rows out;
  for (;;) {
    auto r = s->step();
    if (!r) return std::unexpected(r.error());
    if (!*r) break;
    std::vector<std::string> row;
    for (int i = 0; i < n; ++i) row.push_back(s->text(i));
    out.push_back(std::move(row));
  }
  return out;
}

// Upper case, as the store keeps codes.
std::string lot_code(const std::string& drop_off_id, int item) {
  std::string code = "HPL" + drop_off_id.substr(drop_off_id.size() - 8) + "L" + std::to_string(item);
  for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return code;
}

NewPrintJob job(Ids& ids, PrintKind kind, const std::string& ref) {
  return NewPrintJob{.id = ids.next(), .kind = kind, .ref_id = ref,
                     .payload = std::string("\x1b@") + std::string(to_string(kind)) + " " + ref + std::string("\0\xff", 2),
                     .copy = false};
}

Status seed(const std::string& path, Model& m, Ids& ids) {
  // Setting up is not under test: the default VFS, and no sync per commit.
  auto opened = Store::open(path, OpenOptions{.durability = db::Durability::Normal});
  if (!opened) return std::unexpected(opened.error());
  Store& s = *opened;
  const char* names[] = {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"};
  for (int i = 0; i < 4; ++i) {
    NewFarmer f{.id = ids.next(), .member_code = "HPMPWRCUT00" + std::to_string(i), .name = names[i],
                .phone = "09123456" + std::to_string(10 + i), .commune = "Đặng Cương", .district = "An Dương",
                .branch = "Hội Nông dân huyện An Dương", .cooperative = "", .created_at = kNow};
    const std::string event = ids.next();
    auto r = s.register_farmer(f, event);
    if (!r) return std::unexpected(r.error());
    m.farmers.push_back(*r);
    m.events.insert(event);
  }
  const char* skus[] = {"CA-CHUA", "BAP-CAI", "KHOAI-TAY"};
  const char* product_names[] = {"Cà chua", "Bắp cải", "Khoai tây"};
  for (int i = 0; i < 3; ++i) {
    Product p{.id = ids.next(), .sku = skus[i], .name_vi = product_names[i], .name_en = skus[i],
              .unit = PriceUnit::PerKg, .gtin = std::nullopt, .image = "", .prices = {{"A", 22000 + 1000 * i}}};
    if (auto r = s.upsert_product(p); !r) return r;
    m.products.push_back(p);
  }
  for (int i = 0; i < kOrders; ++i) {
    const bool cod = i % 3 == 0;
    const Dong total = 40000 + 500 * i;
    char code[16];
    std::snprintf(code, sizeof code, "PKPWR%07d", i);
    Order o{.id = ids.next(), .pickup_code = code, .buyer_name = "Ngô Thị Mai", .buyer_phone = "0901234567",
            .status = OrderStatus::Ready, .cash_on_delivery = cod, .amount_due = cod ? total : 0, .total = total,
            .shelf = "K1-03", .created_at = kNow - 3600'000, .hold_until = kNow + 7LL * 24 * 3600'000,
            .items = {{"Cà chua", "2 kg", total / 2}, {"Trứng gà", "10 quả", total - total / 2}}};
    if (auto r = s.upsert_order(o); !r) return r;
    m.ready.push_back(o);
  }
  return {};
}

class Cycle {
 public:
  Cycle(Store& store, Model& model, Ids& ids, std::mt19937_64& rng) : s_(store), m_(model), ids_(ids), rng_(rng) {}

  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  Caught::Kind next_kind() {
    const int r = pick(0, 99);
    if (r < 25 && !m_.ready.empty()) return Caught::Kind::Pickup;
    if (r < 50 && markable() != nullptr) return Caught::Kind::Mark;
    return Caught::Kind::DropOff;
  }

  // One call of the given kind; `caught` describes it, in case the power catches it.
  Status call(Caught::Kind kind, Caught& caught) {
    caught = Caught{};
    caught.kind = kind;
    switch (kind) {
      case Caught::Kind::DropOff: return drop_off(caught.drop_off);
      case Caught::Kind::Pickup: return pickup(caught.pickup);
      case Caught::Kind::Mark: return mark(caught);
      case Caught::Kind::None: break;
    }
    return {};
  }

  void acknowledge(const Caught& c) {
    if (c.kind == Caught::Kind::DropOff) m_.add(c.drop_off);
    if (c.kind == Caught::Kind::Pickup) m_.add(c.pickup);
    if (c.kind == Caught::Kind::Mark) m_.jobs[c.job_id] = c.job_after;
  }

 private:
  Status drop_off(DropOffRecord& rec) {
    const Farmer& f = m_.farmers[static_cast<std::size_t>(pick(0, static_cast<int>(m_.farmers.size()) - 1))];
    DropOff d{.id = ids_.next(), .farmer_id = f.id, .farmer_name = f.name, .clerk = "Chị Hạnh", .kiosk_id = "HP-K01",
              .created_at = kNow, .total = 0, .items = {}};
    const int n = pick(1, 4);
    for (int k = 0; k < n; ++k) {
      const Product& p = m_.products[static_cast<std::size_t>(pick(0, static_cast<int>(m_.products.size()) - 1))];
      const Milligrams gross = pick(500, 40'000) * 1000LL, tare = pick(0, 400) * 1000LL;
      const Dong price = p.prices.front().price;
      DropOffItem i{.id = ids_.next(), .product_id = p.id, .product_name = p.name_vi, .grade = "A",
                    .unit = PriceUnit::PerKg, .gross_mg = gross, .tare_mg = tare, .net_mg = gross - tare, .pieces = 0,
                    .unit_price = price, .value = value_by_weight(price, gross - tare), .lot_id = ids_.next(),
                    .lot_code = lot_code(d.id, k)};
      d.total += i.value;
      rec.lot_codes.push_back(i.lot_code);
      d.items.push_back(std::move(i));
    }
    std::vector<NewPrintJob> jobs{job(ids_, PrintKind::DropOffReceipt, d.id)};
    for (const auto& i : d.items) jobs.push_back(job(ids_, PrintKind::Label, i.lot_id));
    rec.id = d.id;
    rec.event_id = ids_.next();
    rec.total = d.total;
    for (const auto& j : jobs) rec.job_ids.push_back(j.id);
    return s_.commit_drop_off(d, rec.event_id, jobs);
  }

  Status pickup(PickupRecord& rec) {
    const Order& o = m_.ready[static_cast<std::size_t>(pick(0, static_cast<int>(m_.ready.size()) - 1))];
    Pickup p{.id = ids_.next(), .order_id = o.id, .pickup_code = o.pickup_code, .buyer_name = o.buyer_name,
             .method = o.cash_on_delivery ? PaymentMethod::Cash : PaymentMethod::Prepaid,
             .amount_paid = o.amount_due, .clerk = "Chị Hạnh", .kiosk_id = "HP-K01", .collected_at = kNow,
             .cash_tendered = o.amount_due};
    std::vector<NewPrintJob> jobs{job(ids_, PrintKind::PickupReceipt, p.id)};
    rec = PickupRecord{.id = p.id, .order_id = o.id, .event_id = ids_.next(), .job_ids = {jobs[0].id}, .order = o};
    return s_.record_pickup(p, rec.event_id, jobs);
  }

  // A job that can still move: queued, sent or failed (printed is final).
  const std::pair<const std::string, JobRecord>* markable() {
    // Jobs are kept in id order, which is creation order: the printer works oldest first,
    // with now and then a later one.
    const std::pair<const std::string, JobRecord>* first = nullptr;
    int seen = 0;
    for (const auto& entry : m_.jobs) {
      if (entry.second.status == "printed") continue;
      if (!first) first = &entry;
      if (++seen > 3) break;
      if (pick(0, 3) == 0) return &entry;
    }
    return first;
  }

  Status mark(Caught& c) {
    const auto* entry = markable();
    c.job_id = entry->first;
    const JobRecord before = entry->second;
    std::string to;
    // The kiosk's moves: handed to the printer (sent), then printed or failed; a failed job
    // is queued again by the clerk, or confirmed printed.
    if (before.status == "queued") to = "sent";
    else if (before.status == "sent") to = pick(0, 4) == 0 ? "failed" : "printed";
    else to = pick(0, 1) == 0 ? "queued" : "printed";
    const bool attempt = to == "printed" || to == "failed";
    c.job_after = JobRecord{.status = to, .attempts = before.attempts + (attempt ? 1 : 0)};
    return s_.mark_print_job(c.job_id, *print_status_from(to));
  }

  Store& s_;
  Model& m_;
  Ids& ids_;
  std::mt19937_64& rng_;
};

// Counts that must all be zero: each names a way of being half-written. Set differences
// (EXCEPT) where the key has no index, so a check stays cheap as the file grows.
constexpr std::pair<const char*, const char*> kWholeness[] = {
    {"a drop-off without items",
     "SELECT count(*) FROM drop_offs d WHERE NOT EXISTS (SELECT 1 FROM drop_off_items i WHERE i.drop_off_id = d.id)"},
    {"an item without its lot",
     "SELECT count(*) FROM drop_off_items i WHERE NOT EXISTS (SELECT 1 FROM lots l WHERE l.item_id = i.id)"},
    {"a drop-off whose total is not the sum of its items",
     "SELECT count(*) FROM drop_offs d WHERE d.total <> (SELECT coalesce(sum(value), 0) FROM drop_off_items i "
     "WHERE i.drop_off_id = d.id)"},
    {"a drop-off without its outbox event",
     "SELECT count(*) FROM (SELECT id FROM drop_offs EXCEPT SELECT entity_id FROM outbox "
     "WHERE kind = 'dropoff.committed')"},
    {"a drop-off event without its drop-off",
     "SELECT count(*) FROM (SELECT entity_id FROM outbox WHERE kind = 'dropoff.committed' "
     "EXCEPT SELECT id FROM drop_offs)"},
    {"a drop-off without its receipt job",
     "SELECT count(*) FROM (SELECT id FROM drop_offs EXCEPT SELECT ref_id FROM print_jobs "
     "WHERE kind = 'dropoff_receipt')"},
    {"a lot without its label job",
     "SELECT count(*) FROM (SELECT id FROM lots EXCEPT SELECT ref_id FROM print_jobs WHERE kind = 'label')"},
    {"a print job for a record that is not there",
     "SELECT count(*) FROM (SELECT ref_id FROM print_jobs EXCEPT SELECT id FROM drop_offs "
     "EXCEPT SELECT id FROM lots EXCEPT SELECT id FROM pickups)"},
    {"a pickup whose order is not collected",
     "SELECT count(*) FROM pickups p JOIN orders o ON o.id = p.order_id WHERE o.status <> 'collected'"},
    {"a collected order without its pickup",
     "SELECT count(*) FROM orders o WHERE o.status = 'collected' AND NOT EXISTS (SELECT 1 FROM pickups p "
     "WHERE p.order_id = o.id)"},
    {"a pickup without its outbox event",
     "SELECT count(*) FROM (SELECT id FROM pickups EXCEPT SELECT entity_id FROM outbox "
     "WHERE kind = 'pickup.recorded')"},
    {"a pickup event without its pickup",
     "SELECT count(*) FROM (SELECT entity_id FROM outbox WHERE kind = 'pickup.recorded' "
     "EXCEPT SELECT id FROM pickups)"},
    {"a pickup without its receipt job",
     "SELECT count(*) FROM (SELECT id FROM pickups EXCEPT SELECT ref_id FROM print_jobs "
     "WHERE kind = 'pickup_receipt')"},
};

class Checker {
 public:
  Checker(Model& m, const Caught& caught, PowerCutReport& rep, int cycle, bool tolerate_losses)
      : m_(m), caught_(caught), rep_(rep), cycle_(cycle), tolerate_(tolerate_losses) {}

  // Damage, half-written records, records never written: the run stops after this cycle.
  void fail(const std::string& what) {
    rep_.failures.push_back("cycle " + std::to_string(cycle_) + ": " + what);
    rep_.broken = true;
  }
  // A successful call that the cut undid: counted, forgotten, and a failure unless tolerated.
  void lose(const std::string& what) {
    if (!tolerate_) rep_.failures.push_back("cycle " + std::to_string(cycle_) + ": " + what);
  }

  // Reopens the file with the default VFS, checks it against the model, and settles the
  // caught call into the model by what the file holds.
  void check(const std::string& path, const std::vector<std::string>& this_cycle) {
    auto opened = Store::open(path);
    if (!opened) return fail("the store does not reopen: " + why(opened.error()));
    Store& s = *opened;
    const db::Db& db = StoreTestAccess::db(s);
    // The checker writes nothing; its close checkpoints, which needs no real fsync here: the
    // next cycle takes what is on the disk then as synced (the machine stays up in between).
    (void)db.exec("PRAGMA synchronous=OFF");

    auto integrity = rows(db, "PRAGMA integrity_check");
    if (!integrity) return fail("integrity_check: " + why(integrity.error()));
    if (integrity->size() != 1 || integrity->front().front() != "ok")
      return fail("integrity_check: " + integrity->front().front());
    auto fk = rows(db, "PRAGMA foreign_key_check");
    if (!fk || !fk->empty()) return fail("foreign_key_check finds dangling references");
    for (const auto& [what, sql] : kWholeness) {
      auto n = rows(db, sql);
      if (!n) return fail(std::string(what) + ": " + why(n.error()));
      if (n->front().front() != "0") fail("half-written: " + n->front().front() + " x " + what);
    }

    check_drop_offs(db);
    check_pickups(db);
    check_jobs_and_events(db);
    // The drop-offs of this cycle, read back whole through the store's own API.
    for (const auto& id : this_cycle) {
      auto it = m_.drop_offs.find(id);
      if (it == m_.drop_offs.end()) continue;
      auto d = s.drop_off_by_id(id);
      if (!d || !d->has_value()) continue;  // counted as lost above
      std::vector<std::string> codes;
      for (const auto& i : (*d)->items) codes.push_back(i.lot_code);
      if ((*d)->total != it->second.total || codes != it->second.lot_codes)
        fail("drop-off " + id + " reads back different from what was committed");
    }
  }

 private:
  void check_drop_offs(const db::Db& db) {
    auto found = rows(db, "SELECT d.id, count(i.id) FROM drop_offs d LEFT JOIN drop_off_items i "
                          "ON i.drop_off_id = d.id GROUP BY d.id");
    if (!found) return fail("drop-offs: " + why(found.error()));
    std::map<std::string, std::size_t> items;
    for (const auto& r : *found) items[r[0]] = std::stoul(r[1]);
    std::vector<std::string> lost;
    for (const auto& [id, d] : m_.drop_offs) {
      auto it = items.find(id);
      if (it == items.end()) {
        ++rep_.lost_drop_offs;
        lost.push_back(id);
        lose("drop-off " + id + " was committed (its receipt went to the printer) and is gone");
      } else if (it->second != d.lot_codes.size()) {
        fail("drop-off " + id + " has " + std::to_string(it->second) + " items, committed with " +
             std::to_string(d.lot_codes.size()));
      }
    }
    for (const auto& id : lost) m_.forget_drop_off(id);
    for (const auto& [id, n] : items) {
      if (m_.drop_offs.contains(id)) continue;
      if (caught_.kind == Caught::Kind::DropOff && caught_.drop_off.id == id) {
        if (n != caught_.drop_off.lot_codes.size()) fail("the caught drop-off " + id + " is half there");
        continue;
      }
      fail("drop-off " + id + " is in the file but was never written");
    }
  }

  void check_pickups(const db::Db& db) {
    auto found = rows(db, "SELECT order_id, id FROM pickups");
    if (!found) return fail("pickups: " + why(found.error()));
    std::map<std::string, std::string> pickups;
    for (const auto& r : *found) pickups[r[0]] = r[1];
    std::vector<std::string> lost;
    for (const auto& [order, p] : m_.pickups) {
      auto it = pickups.find(order);
      if (it == pickups.end() || it->second != p.id) {
        ++rep_.lost_pickups;
        lost.push_back(order);
        lose("pickup " + p.id + " was recorded and is gone");
      }
    }
    for (const auto& order : lost) m_.forget_pickup(order);
    for (const auto& [order, id] : pickups) {
      if (m_.pickups.contains(order)) continue;
      if (caught_.kind == Caught::Kind::Pickup && caught_.pickup.id == id) continue;
      fail("pickup " + id + " is in the file but was never written");
    }
  }

  void check_jobs_and_events(const db::Db& db) {
    auto found = rows(db, "SELECT id, status, attempts FROM print_jobs");
    if (!found) return fail("print jobs: " + why(found.error()));
    std::map<std::string, JobRecord> jobs;
    for (const auto& r : *found) jobs[r[0]] = JobRecord{.status = r[1], .attempts = std::stoi(r[2])};
    for (auto& [id, want] : m_.jobs) {
      auto it = jobs.find(id);
      if (it == jobs.end()) {
        fail("print job " + id + " is gone");
        continue;
      }
      const JobRecord& got = it->second;
      const bool same = got.status == want.status && got.attempts == want.attempts;
      // The caught mark may have landed; if not, the job is as last marked (or an earlier
      // successful mark was lost too, below).
      if (caught_.kind == Caught::Kind::Mark && caught_.job_id == id &&
          got.status == caught_.job_after.status && got.attempts == caught_.job_after.attempts)
        continue;
      if (!same) {
        ++rep_.lost_marks;
        lose("print job " + id + " is " + got.status + "/" + std::to_string(got.attempts) + ", marked " +
             want.status + "/" + std::to_string(want.attempts));
        want = got;
      }
    }
    auto events = rows(db, "SELECT id FROM outbox");
    if (!events) return fail("outbox: " + why(events.error()));
    std::set<std::string> ids;
    for (const auto& r : *events) ids.insert(r[0]);
    for (const auto& id : m_.events)
      if (!ids.contains(id)) fail("outbox event " + id + " is gone");

    // Settle the caught call: the whole of it is there, or none of it.
    std::vector<std::string> caught_jobs;
    std::string caught_event;
    if (caught_.kind == Caught::Kind::DropOff) {
      caught_jobs = caught_.drop_off.job_ids;
      caught_event = caught_.drop_off.event_id;
    } else if (caught_.kind == Caught::Kind::Pickup) {
      caught_jobs = caught_.pickup.job_ids;
      caught_event = caught_.pickup.event_id;
    }
    bool present = false;
    if (caught_.kind == Caught::Kind::Mark) {
      auto got = jobs.find(caught_.job_id);  // gone only with a lost record, forgotten above
      present = got != jobs.end() && got->second.status == caught_.job_after.status &&
                got->second.attempts == caught_.job_after.attempts;
      if (present) m_.jobs[caught_.job_id] = caught_.job_after;
    } else if (caught_.kind != Caught::Kind::None) {
      // The wholeness checks above tie the record to its event; here the event to the jobs.
      const bool record = ids.contains(caught_event);
      std::size_t jobs_there = 0;
      for (const auto& j : caught_jobs) jobs_there += jobs.contains(j) ? 1 : 0;
      if (record != (jobs_there == caught_jobs.size()) || (jobs_there != 0 && jobs_there != caught_jobs.size()))
        fail("the caught call is half there: event " + std::string(record ? "present" : "absent") + ", " +
             std::to_string(jobs_there) + " of " + std::to_string(caught_jobs.size()) + " print jobs");
      present = record;
      if (present && caught_.kind == Caught::Kind::DropOff) m_.add(caught_.drop_off);
      if (present && caught_.kind == Caught::Kind::Pickup) m_.add(caught_.pickup);
    }
    if (caught_.kind != Caught::Kind::None) ++(present ? rep_.caught_present : rep_.caught_absent);
    for (const auto& id : ids)
      if (!m_.events.contains(id) && id != caught_event) fail("outbox event " + id + " was never written");
    for (const auto& [id, j] : jobs)
      if (!m_.jobs.contains(id) && std::find(caught_jobs.begin(), caught_jobs.end(), id) == caught_jobs.end())
        fail("print job " + id + " was never written");
  }

  Model& m_;
  const Caught& caught_;
  PowerCutReport& rep_;
  int cycle_;
  bool tolerate_;
};

}  // namespace

std::string PowerCutReport::summary() const {
  char buf[1024];
  std::snprintf(buf, sizeof buf,
                "%d power cuts in %d cycles: %d inside a commit (drop-off %d, pickup %d, print mark %d), %d in the "
                "checkpoint after a returned commit, %d between calls, %d in a clean shutdown, %d just after one; "
                "the caught call was there %d times, not %d.\n"
                "landed on: write %lld, sync %lld, truncate %lld, delete %lld; db file %lld, WAL %lld, journal %lld.\n"
                "unsynced writes at reboot: %lld lost, %lld landed, %lld torn; %lld cuts in scramble mode; "
                "%lld new files vanished, %lld deleted files came back; %d cycles with a short auto-checkpoint.\n"
                "successful calls: %lld drop-offs, %lld pickups, %lld print marks; lost after a cut: %lld, %lld, %lld.",
                static_cast<int>(vfs.cuts), cycles, in_commit, in_drop_off, in_pickup, in_mark, after_commit,
                between_calls, in_shutdown, after_shutdown, caught_present, caught_absent, static_cast<long long>(vfs.cuts_on_write),
                static_cast<long long>(vfs.cuts_on_sync), static_cast<long long>(vfs.cuts_on_truncate),
                static_cast<long long>(vfs.cuts_on_delete), static_cast<long long>(vfs.cuts_on_db),
                static_cast<long long>(vfs.cuts_on_wal), static_cast<long long>(vfs.cuts_on_journal),
                static_cast<long long>(vfs.writes_lost), static_cast<long long>(vfs.writes_landed),
                static_cast<long long>(vfs.writes_torn), static_cast<long long>(vfs.scramble_cuts),
                static_cast<long long>(vfs.files_vanished), static_cast<long long>(vfs.files_resurrected),
                short_checkpoint_cycles, static_cast<long long>(drop_offs), static_cast<long long>(pickups),
                static_cast<long long>(marks), static_cast<long long>(lost_drop_offs),
                static_cast<long long>(lost_pickups), static_cast<long long>(lost_marks));
  std::string out = buf;
  // The first failures, and the last one: the one that stopped the run, if any.
  for (std::size_t i = 0; i < failures.size() && i < 8; ++i) out += "\n  " + failures[i];
  if (failures.size() > 9) out += "\n  ... " + std::to_string(failures.size() - 9) + " more";
  if (failures.size() > 8) out += "\n  " + failures.back();
  if (broken) out += "\n  (the run stopped there)";
  return out;
}

PowerCutReport run_power_cuts(const PowerCutRun& run) {
  PowerCutReport rep;
  TempDir dir("powercut");
  const std::string path = dir.file("kiosk.db");
  Ids ids;
  Model model;
  if (auto s = seed(path, model, ids); !s) {
    rep.failures.push_back("seeding the store: " + why(s.error()));
    rep.broken = true;
    return rep;
  }
  std::mt19937_64 rng(run.seed);
  PowerCutVfs vfs("hp-powercut", run.seed * 0x9E3779B97F4A7C15ULL + 1);

  auto stop = [&](const std::string& why_stopped) {
    rep.failures.push_back(why_stopped);
    rep.broken = true;
  };
  while (vfs.counts().cuts < run.cuts && !rep.broken) {
    const int cycle = ++rep.cycles;
    Caught caught;
    std::vector<std::string> this_cycle;
    {
      auto opened = Store::open(path, OpenOptions{.durability = run.sync == Sync::Normal ? db::Durability::Normal
                                                                                          : db::Durability::Full,
                                                  .vfs = vfs.name()});
      if (!opened) {
        stop("cycle " + std::to_string(cycle) + ": open through the VFS: " + why(opened.error()));
        break;
      }
      std::optional<Store> store(std::move(*opened));
      if (run.sync == Sync::Off && !StoreTestAccess::db(*store).exec("PRAGMA synchronous=OFF")) {
        stop("PRAGMA synchronous=OFF failed");
        break;
      }
      // The product checkpoints every 1,000 pages, which one cycle never reaches; checkpointing
      // often here puts cuts into the checkpoint, the WAL's restart and the file's truncation.
      const int every = std::array{1, 2, 8, 1000}[static_cast<std::size_t>(rng() % 4)];
      if (every < 1000) ++rep.short_checkpoint_cycles;
      (void)StoreTestAccess::db(*store).exec("PRAGMA wal_autocheckpoint=" + std::to_string(every));

      // How the cycle ends: mostly a cut at a random write or sync; one in eight a cut between
      // two calls; one in eight a clean shutdown (the store closes: a checkpoint, the WAL
      // deleted), with the cut landing inside it or just after it.
      Cycle work(*store, model, ids, rng);
      const int ending = static_cast<int>(rng() % 8);
      const bool idle = ending == 0, shutdown = ending == 1;
      const int calls_before_end = work.pick(0, 6);
      if (!idle && !shutdown) vfs.arm(work.pick(1, 160));
      for (int calls = 0; calls < 1000 && !vfs.power_is_off(); ++calls) {
        if ((idle || shutdown) && calls == calls_before_end) break;
        Caught c;
        const Status st = work.call(work.next_kind(), c);
        if (st) {
          work.acknowledge(c);
          if (c.kind == Caught::Kind::DropOff) {
            ++rep.drop_offs;
            this_cycle.push_back(c.drop_off.id);
          }
          rep.pickups += c.kind == Caught::Kind::Pickup;
          rep.marks += c.kind == Caught::Kind::Mark;
          if (vfs.power_is_off()) ++rep.after_commit;
        } else if (vfs.power_is_off()) {
          caught = c;
          ++rep.in_commit;
          rep.in_drop_off += c.kind == Caught::Kind::DropOff;
          rep.in_pickup += c.kind == Caught::Kind::Pickup;
          rep.in_mark += c.kind == Caught::Kind::Mark;
        } else {
          stop("cycle " + std::to_string(cycle) + ": a call failed with the power on: " + why(st.error()));
          break;
        }
      }
      if (!rep.broken && !vfs.power_is_off()) {
        if (shutdown) {
          vfs.arm(work.pick(1, 12));  // a closing checkpoint is a few writes and syncs
          store.reset();
          if (vfs.power_is_off()) {
            ++rep.in_shutdown;
          } else {
            vfs.cut_now();
            ++rep.after_shutdown;
          }
        } else if (idle) {
          vfs.cut_now();
          ++rep.between_calls;
        } else {
          stop("cycle " + std::to_string(cycle) + ": 1000 calls and no power cut");
        }
      }
    }  // the cut store closes here, as the process would have died
    if (rep.broken) break;
    if (!vfs.reboot(run.reboot)) {
      stop("cycle " + std::to_string(cycle) + ": reboot with files still open");
      break;
    }
    Checker(model, caught, rep, cycle, run.tolerate_losses).check(path, this_cycle);
  }
  rep.vfs = vfs.counts();
  return rep;
}

}  // namespace hp::test
