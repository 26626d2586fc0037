// SIGKILL the real kiosk at random moments during scripted drop-offs, at least 50 times, and
// check after each kill: the file is intact, nothing is half-written, every drop-off whose
// receipt reached the printer spool is in the store, and no drop-off has two originals on
// paper. The simulated printer does not deduplicate (a job sent again comes out again, as on
// paper), so a second original would show. A final clean run finishes every interrupted job:
// each drop-off then has its receipt on paper, the original or, where the kill fell after it
// was handed to the printer, a copy marked BẢN SAO.
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <set>

#include "kiosk/store/demo_data.hpp"
#include "tests/e2e/e2e_checks.hpp"
#include "tests/e2e/kiosk_process.hpp"
#include "tests/support/test_support.hpp"

using namespace hp;
using namespace std::chrono_literals;

namespace {

constexpr int kKills = 50;

std::string drop_off_script() {
  static constexpr const char* kProducts[] = {"CA-CHUA", "BAP-CAI", "SU-HAO", "KHOAI-TAY", "CA-ROT", "DUA-HAU", "GAO", "THANH-LONG"};
  std::string s = "sign_in NV-0001 1111\n";  // each run starts at the sign-in screen
  for (int i = 0; i < 8; ++i) {
    s += "scan " + store::demo_member_code(i) + "\n";
    s += std::string("tap product_") + kProducts[i] + "\n";
    s += "weigh " + std::to_string(1500 + 731 * i) + " stable\n";
    s += "tap add_item\n";
    s += std::string("tap product_") + kProducts[(i + 3) % 8] + "\n";
    s += "weigh " + std::to_string(900 + 377 * i) + " stable\n";
    s += "tap add_item\n";
    s += "tap confirm\n";
    s += "tap next_dropoff\n";
  }
  return s + "quit\n";
}

struct Invariants {
  int drop_offs = 0;
  int spooled_receipts = 0;  // originals
  int spooled_copies = 0;
  int with_receipt = 0;      // drop-offs with at least one receipt on paper
};

Invariants check_invariants(const std::string& data) {
  Invariants inv;
  auto d = db::Db::open(data + "/kiosk.db");
  REQUIRE(d);
  CHECK(test::text(*d, "PRAGMA integrity_check") == "ok");
  CHECK(test::count(*d, "SELECT count(*) FROM pragma_foreign_key_check") == 0);
  inv.drop_offs = static_cast<int>(test::count(*d, "SELECT count(*) FROM drop_offs"));
  // Nothing half-written: every drop-off has its items, one lot per item, its event, its jobs.
  CHECK(test::count(*d, "SELECT count(*) FROM drop_offs d WHERE NOT EXISTS (SELECT 1 FROM drop_off_items i WHERE i.drop_off_id = d.id)") == 0);
  CHECK(test::count(*d, "SELECT count(*) FROM drop_off_items i WHERE NOT EXISTS (SELECT 1 FROM lots l WHERE l.item_id = i.id)") == 0);
  CHECK(test::count(*d, "SELECT count(*) FROM drop_offs d WHERE (SELECT count(*) FROM outbox o WHERE o.entity_id = d.id AND o.kind = 'dropoff.committed') <> 1") == 0);
  CHECK(test::count(*d, "SELECT count(*) FROM drop_offs d WHERE d.total <> (SELECT sum(value) FROM drop_off_items i WHERE i.drop_off_id = d.id)") == 0);
  CHECK(test::count(*d, "SELECT count(*) FROM drop_offs d WHERE (SELECT count(*) FROM print_jobs j WHERE j.ref_id = d.id AND j.kind = 'dropoff_receipt' AND j.copy = 0) <> 1") == 0);

  // Every receipt the farmer could be holding is backed by the store (its job, and through the
  // job the drop-off), and no drop-off has two originals.
  std::map<std::string, int> receipts, copies;
  for (const auto& j : test::spooled(data + "/spool")) {
    const auto rec = test::job_record(*d, j.job_id);
    CHECK_MESSAGE(!rec.kind.empty(), "spooled job unknown to the store: " << j.job_id);
    if (rec.kind != "dropoff_receipt") continue;
    if (rec.copy) {
      ++copies[rec.ref_id];
      ++inv.spooled_copies;
    } else {
      ++receipts[rec.ref_id];
      ++inv.spooled_receipts;
    }
    auto st = d->prepare("SELECT count(*) FROM drop_offs WHERE id = ?");
    REQUIRE(st);
    st->bind(1, rec.ref_id);
    REQUIRE(st->step().value_or(false));
    CHECK_MESSAGE(st->i64(0) == 1, "receipt spooled for a drop-off the store does not have: " << rec.ref_id);
  }
  for (const auto& [id, n] : receipts) CHECK_MESSAGE(n == 1, "original receipt printed " << n << " times: " << id);
  std::set<std::string> any;
  for (const auto& [id, n] : receipts) any.insert(id);
  for (const auto& [id, n] : copies) any.insert(id);
  inv.with_receipt = static_cast<int>(any.size());
  return inv;
}

}  // namespace

TEST_CASE("crash: SIGKILL during scripted drop-offs never loses a receipted drop-off") {
  test::TempDir tmp("crash");
  const std::string data = tmp.file("data");
  test::write_file(tmp.file("script.txt"), drop_off_script());
  // A short settle time puts more commits inside the kill window.
  test::write_file(tmp.file("kiosk.toml"), "scale_settle_ms = 50\n");
  const unsigned seed = std::random_device{}();
  INFO("seed " << seed);
  std::mt19937 rng(seed);
  // The kiosk is up after ~0.3-0.5 s and then commits a drop-off about every second.
  std::uniform_int_distribution<int> when(300, 6000);
  int killed = 0, finished = 0;
  Invariants last;
  for (int i = 0; i < kKills || killed < kKills; ++i) {
    if (i > kKills * 3) break;
    const auto run = test::run_kiosk({"--data", data, "--demo", "--config", tmp.file("kiosk.toml"), "--script", tmp.file("script.txt")}, 60s,
                                     std::chrono::milliseconds(when(rng)));
    if (run.killed) ++killed;
    else ++finished;
    if (!run.killed) REQUIRE_MESSAGE(run.exit_code == 0, run.output);
    last = check_invariants(data);
  }
  CHECK(killed >= kKills);
  MESSAGE("kills: " << killed << ", clean finishes: " << finished << ", drop-offs stored: " << last.drop_offs
                    << ", original receipts spooled: " << last.spooled_receipts << ", copies: " << last.spooled_copies);
  CHECK(last.drop_offs > 0);

  // A clean start finishes every print job the kills interrupted: never a second original.
  test::write_file(tmp.file("idle.txt"), "wait 300\nquit\n");
  const auto final_run = test::run_kiosk({"--data", data, "--devices", "sim", "--script", tmp.file("idle.txt")}, 60s);
  REQUIRE_MESSAGE(final_run.exit_code == 0, final_run.output);
  const Invariants after = check_invariants(data);
  MESSAGE("after the clean start: " << after.drop_offs << " drop-offs, " << after.spooled_receipts << " originals, "
                                      << after.spooled_copies << " copies on paper");
  CHECK(after.with_receipt == after.drop_offs);
  CHECK(after.spooled_receipts <= after.drop_offs);
  auto d = db::Db::open(data + "/kiosk.db");
  REQUIRE(d);
  CHECK(test::count(*d, "SELECT count(*) FROM print_jobs WHERE status NOT IN ('printed', 'superseded')") == 0);
  // A superseded original was replaced by exactly one copy.
  CHECK(test::count(*d, "SELECT count(*) FROM print_jobs o WHERE o.status = 'superseded' AND (SELECT count(*) FROM "
                        "print_jobs c WHERE c.ref_id = o.ref_id AND c.kind = o.kind AND c.copy = 1) < 1") == 0);
}
