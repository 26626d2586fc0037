// The real kiosk under Xvfb: a full drop-off and a full pickup, driven by a script through the
// same taps, typing, scans and weights a clerk's session produces.
#include <doctest/doctest.h>

#include <map>
#include <span>

#include "kiosk/store/demo_data.hpp"
#include "shared/codes/kiosk_codes.hpp"
#include "shared/print/escpos_interpreter.hpp"
#include "shared/print/receipts.hpp"
#include "tests/print/zbar_decode.hpp"
#include "tests/e2e/e2e_checks.hpp"
#include "tests/e2e/kiosk_process.hpp"
#include "tests/support/test_support.hpp"

using namespace hp;
using namespace std::chrono_literals;

namespace {

std::string artifacts() {
  const std::string dir = std::string(HP_BINARY_DIR) + "/test-artifacts";
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("a full drop-off and a full cash-on-delivery pickup through the real kiosk") {
  test::TempDir tmp("e2e");
  const std::string data = tmp.file("data");
  const std::string shots = artifacts();
  const std::string member = store::demo_member_code(0);   // Nguyễn Văn An
  const std::string pickup = store::demo_pickup_code(1);   // Đặng Văn Long, COD, phone ...3344
  REQUIRE(!member.empty());
  REQUIRE(!pickup.empty());
  const std::string script =
      "# the demo clerk signs in (PIN 1111)\n"
      "sign_in NV-0001 1111\n"
      "# drop-off: card, tomatoes weighed in a crate, eggs counted\n"
      "scan " + member + "\n"
      "tap product_CA-CHUA\n"
      "weigh 800 stable\n"
      "tap tare\n"
      "weigh 13300 stable\n"
      "tap add_item\n"
      "tap product_TRUNG-GA\n"
      "tap pieces\n"
      "type 30\n"
      "tap add_item\n"
      "screenshot " + shots + "/e2e-dropoff-items.png\n"
      "tap confirm\n"
      "screenshot " + shots + "/e2e-dropoff-done.png\n"
      "# pickup: code, wrong digits once, right digits, cash\n"
      "tap tab_pickup\n"
      "tap pickup_code\n"
      "type " + pickup + "\n"
      "key enter\n"
      "tap last4\n"
      "type 1111\n"
      "tap verify\n"
      "tap last4\n"
      "type 3344\n"
      "tap verify\n"
      "tap pay_cash\n"
      "tap cash\n"
      "type 200000\n"
      "screenshot " + shots + "/e2e-pickup-pay.png\n"
      "tap handover\n"
      "screenshot " + shots + "/e2e-pickup-done.png\n"
      "quit\n";
  test::write_file(tmp.file("script.txt"), script);
  const auto run = test::run_kiosk({"--data", data, "--demo", "--script", tmp.file("script.txt")}, 120s);
  INFO(run.output);
  REQUIRE(run.exit_code == 0);

  auto d = db::Db::open(data + "/kiosk.db");
  REQUIRE(d);
  // Drop-off: 12,5 kg net tomatoes at 22.000 ₫ + 30 eggs at 3.500 ₫.
  CHECK(test::count(*d, "SELECT count(*) FROM drop_offs") == 1);
  CHECK(test::count(*d, "SELECT total FROM drop_offs") == 275000 + 105000);
  CHECK(test::count(*d, "SELECT count(*) FROM drop_off_items") == 2);
  CHECK(test::count(*d, "SELECT net_mg FROM drop_off_items WHERE unit = 'kg'") == 12'500'000);
  CHECK(test::count(*d, "SELECT tare_mg FROM drop_off_items WHERE unit = 'kg'") == 800'000);
  CHECK(test::count(*d, "SELECT pieces FROM drop_off_items WHERE unit = 'piece'") == 30);
  CHECK(test::count(*d, "SELECT count(*) FROM lots") == 2);
  CHECK(test::count(*d, "SELECT count(*) FROM outbox WHERE entity_id = (SELECT id FROM drop_offs)") == 1);
  CHECK(test::text(*d, "SELECT f.name FROM drop_offs d JOIN farmers f ON f.id = d.farmer_id") == "Nguyễn Văn An");
  // Pickup: collected once, cash, the amount due.
  CHECK(test::count(*d, "SELECT count(*) FROM pickups") == 2);  // the demo's earlier pickup + this one
  CHECK(test::text(*d, "SELECT status FROM orders WHERE pickup_code = '" + pickup + "'") == "collected");
  CHECK(test::text(*d, "SELECT method FROM pickups WHERE pickup_code = '" + pickup + "'") == "cash");
  CHECK(test::count(*d, "SELECT amount_paid FROM pickups WHERE pickup_code = '" + pickup + "'") ==
        test::count(*d, "SELECT amount_due FROM orders WHERE pickup_code = '" + pickup + "'"));
  // Every job printed once and marked so.
  CHECK(test::count(*d, "SELECT count(*) FROM print_jobs WHERE status <> 'printed'") == 0);
  const auto jobs = test::spooled(data + "/spool");
  CHECK(jobs.size() == 4);  // receipt, two labels, pickup receipt
  std::map<std::string, int> kinds;
  const std::string drop_off_id = test::text(*d, "SELECT id FROM drop_offs");
  auto profile = print::printer_profile("escpos-80");
  REQUIRE(profile);
  for (const auto& j : jobs) {
    const auto rec = test::job_record(*d, j.job_id);
    ++kinds[rec.kind];
    // What came out of the printer, read back by the interpreter and an independent decoder.
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(j.body.data());
    const print::Bitmap picture = print::render_preview(std::span<const std::uint8_t>(bytes, j.body.size()), *profile, nullptr);
    REQUIRE(picture.height > 100);
    const auto symbols = test::zbar_decode(picture);
    if (rec.kind == "dropoff_receipt") {
      CHECK(rec.ref_id == drop_off_id);
      (void)print::write_png(picture, shots + "/e2e-dropoff-receipt.png");
      bool found = false;
      for (const auto& sym : symbols)
        if (print::dropoff_id_from_barcode(sym.data) == drop_off_id) found = true;
      CHECK_MESSAGE(found, "the receipt's barcode must read back as the drop-off id");
    }
    if (rec.kind == "label") {
      const std::string lot_code = test::text(*d, "SELECT code FROM lots WHERE id = '" + rec.ref_id + "'");
      bool lot = false, batch = false;
      for (const auto& sym : symbols) {
        if (sym.data.find(lot_code) != std::string::npos) lot = true;
        // The GS1-128 symbol of (10): at 0.5 mm a module it fits 80 mm paper because the
        // kiosk's lot codes are short (12 digits), and it reads back as the lot.
        if (sym.gs1 && sym.data.starts_with("10") && codes::lot_code_from_batch_digits(sym.data.substr(2)) == lot_code) batch = true;
      }
      CHECK_MESSAGE(lot, "each label carries its lot code in a symbol");
      CHECK_MESSAGE(batch, "each label's GS1-128 (10) reads back as its lot code");
    }
  }
  CHECK(kinds["dropoff_receipt"] == 1);
  CHECK(kinds["label"] == 2);
  CHECK(kinds["pickup_receipt"] == 1);
  CHECK(std::filesystem::file_size(shots + "/e2e-dropoff-done.png") > 10'000);
}

TEST_CASE("bad input on screen changes nothing: unknown code, product code on pickup, collected order") {
  test::TempDir tmp("e2e-bad");
  const std::string data = tmp.file("data");
  const std::string collected = store::demo_pickup_code(store::kDemoReadyOrders);
  const std::string script =
      "sign_in NV-0001 1111\n"
      "scan NOT-A-CODE\n"
      "scan HPM00000000\n"          // member-card shape with a wrong check character
      "tap tab_pickup\n"
      "scan 4006381333931\n"        // an EAN-13 product barcode on the pickup screen
      "scan " + collected + "\n"    // already collected
      "weigh -300 stable\n"
      "weigh 99000000 stable\n"     // 99 t: over capacity
      "screenshot " + artifacts() + "/e2e-bad-input.png\n"
      "quit\n";
  test::write_file(tmp.file("script.txt"), script);
  const auto run = test::run_kiosk({"--data", data, "--demo", "--script", tmp.file("script.txt")}, 60s);
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  auto d = db::Db::open(data + "/kiosk.db");
  REQUIRE(d);
  CHECK(test::count(*d, "SELECT count(*) FROM drop_offs") == 0);
  CHECK(test::count(*d, "SELECT count(*) FROM pickups") == 1);  // only the demo's own
  CHECK(test::count(*d, "SELECT count(*) FROM outbox WHERE kind = 'dropoff.committed'") == 0);
  CHECK(test::count(*d, "SELECT count(*) FROM orders WHERE status = 'collected'") == 1);
  CHECK(test::spooled(data + "/spool").empty());
}

TEST_CASE("a script that names a control that is not on screen fails clearly") {
  test::TempDir tmp("e2e-script");
  test::write_file(tmp.file("script.txt"), "tap no_such_button\nquit\n");
  const auto run = test::run_kiosk({"--data", tmp.file("data"), "--demo", "--script", tmp.file("script.txt")}, 60s);
  CHECK(run.exit_code == 3);
  CHECK(run.output.find("no control 'no_such_button'") != std::string::npos);
  test::write_file(tmp.file("bad.txt"), "jump 3\n");
  const auto bad = test::run_kiosk({"--data", tmp.file("data"), "--script", tmp.file("bad.txt")}, 30s);
  CHECK(bad.exit_code == 1);
  CHECK(bad.output.find("line 1") != std::string::npos);
}
