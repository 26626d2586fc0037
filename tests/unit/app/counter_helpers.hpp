#pragma once
// What several counter tests do the same way: count banknotes, bring a farmer's balance or an
// order with packages as the centre's pull would, check packages in, open a pickup, sign,
// acknowledge the outbox, read a print job or a value back from the store file.
#include <map>
#include <string>
#include <vector>

#include "kiosk/app/signature.hpp"
#include "kiosk/store/store.hpp"
#include "shared/cash/cash.hpp"
#include "shared/codes/kiosk_codes.hpp"
#include "tests/unit/app/controller_fixture.hpp"

namespace hp::test::counter {

// The notes a clerk would count for `amount` (fewest notes).
inline app::cmd::NoteCount notes_for(Dong amount) {
  auto c = cash::change_for(0, amount);
  REQUIRE(c);
  REQUIRE(c->remainder == 0);
  app::cmd::NoteCount out;
  for (std::size_t i = 0; i < cash::kDenominations.size(); ++i)
    if (c->notes.pieces[i] > 0) out.emplace_back(cash::kDenominations[i], c->notes.pieces[i]);
  return out;
}

inline void open_shift(ControllerFixture& t, Dong float_vnd) {
  t.apply(app::cmd::Navigate{app::Screen::Shift});
  t.apply(app::cmd::OpenShift{notes_for(float_vnd)});
  REQUIRE(t.s().shift.open);
  CHECK(t.s().shift.open->opening.total() == float_vnd);
}

// A cash pickup of demo order `index` (kiosk/store/demo_data.cpp), 50.000 đ more tendered than
// due; returns the amount taken.
inline Dong cash_pickup(ControllerFixture& t, int index, const std::string& last4) {
  t.apply(app::cmd::Navigate{app::Screen::Pickup});
  t.scan(store::demo_pickup_code(index));
  REQUIRE(t.s().pick.order);
  t.apply(app::cmd::VerifyPhone{last4});
  REQUIRE(t.s().pick.step == app::PickStep::Pay);
  const Dong due = t.s().pick.order->amount_due;
  t.apply(app::cmd::SetCashReceived{due + 50'000});
  t.apply(app::cmd::ConfirmPickup{});
  REQUIRE(t.s().pick.step == app::PickStep::Done);
  t.apply(app::cmd::CancelPickup{});
  return due;
}

// One drop-off of weighed crates (gross, an 800 g crate as the tare) of one product, from the
// farmer's card to "saved"; returns its value.
inline Dong drop_off(ControllerFixture& t, int farmer, const std::string& sku, std::vector<Milligrams> gross) {
  t.apply(app::cmd::Navigate{app::Screen::DropOff});
  t.scan(store::demo_member_code(farmer));
  REQUIRE(t.s().drop.farmer);
  t.apply(app::cmd::SelectProduct{t.product_id(sku)});
  t.weigh(800'000);
  t.apply(app::cmd::TareFromScale{});
  for (auto g : gross) {
    t.weigh(g);
    t.apply(app::cmd::AddItem{});
    t.weigh(0, dev::ScaleState::Zero);
  }
  const Dong total = t.s().drop.total;
  t.apply(app::cmd::ConfirmDropOff{});
  REQUIRE(t.notice() == "dropoff.saved");
  t.apply(app::cmd::NewDropOff{});
  return total;
}

// The centre's balance for a farmer, as a pull would bring it.
inline void pull_balance(ControllerFixture& t, const std::string& farmer_id, Dong balance,
                         std::map<std::string, std::int64_t> through = {}) {
  store::Store::PullBatch b;
  b.cursor = "test:1";
  b.balances.push_back({.farmer_id = farmer_id, .sold_value = balance + 10'000, .paid = 10'000, .balance = balance,
                        .as_of = t.now, .paid_through = std::move(through)});
  bool ok = false;
  t.worker->post([&](store::Store& st) { ok = st.apply_pull(b, t.now).has_value(); });
  t.worker->flush();
  REQUIRE(ok);
}

// Marks every outbox event acknowledged, as a sync round would.
inline void all_sent(ControllerFixture& t) {
  bool ok = false;
  t.worker->post([&](store::Store& st) {
    auto ev = st.unsent_events(100000);
    REQUIRE(ev);
    std::vector<store::Store::EventOutcome> outcomes;
    for (const auto& e : *ev) outcomes.push_back({.seq = e.seq, .acked = true, .code = {}, .reason = {}});
    ok = outcomes.empty() || st.settle_events(outcomes, t.now).has_value();
  });
  t.worker->flush();
  REQUIRE(ok);
}

// The newest print job of a kind, as it was composed.
inline std::string payload_of(ControllerFixture& t, const std::string& kind) {
  auto d = db::Db::open(t.db_path);
  REQUIRE(d);
  auto st = d->prepare("SELECT payload FROM print_jobs WHERE kind = ?1 ORDER BY seq DESC LIMIT 1");
  REQUIRE(st);
  st->bind(1, kind);
  REQUIRE(st->step().value_or(false));
  return st->blob(0);
}

// Valid S10 ids from tests/vectors/upu_s10.json (13 characters, right check digit), and the one
// with a wrong check digit.
struct Labels {
  std::vector<std::string> good;
  std::string bad_check;
};

inline const Labels& labels() {
  static const Labels l = [] {
    Labels out;
    const auto all = load_vectors("upu_s10.json");
    for (const auto& v : all.at("vectors")) {
      const std::string id = v["id"].get<std::string>();
      if (v["expect_valid"].get<bool>() && id.size() == 13) out.good.push_back(id);
      if (!v["expect_valid"].get<bool>() && v.value("invalid_reason", "") == "check_digit") out.bad_check = id;
    }
    return out;
  }();
  REQUIRE(l.good.size() >= 6);
  REQUIRE(!l.bad_check.empty());
  return l;
}

inline std::string pickup_code(int n) {
  auto c = codes::make_kiosk_code(codes::KioskCodeKind::pickup, "PKT00000" + std::to_string(n));
  REQUIRE(c);
  return *c;
}

// An order as the centre sends it, with its packages; the phone ends 6789.
inline Order order_with(int n, std::vector<OrderPackage> packages, bool cod = true) {
  Order o;
  o.id = "0193a000-0000-7000-8000-00000000010" + std::to_string(n);
  o.pickup_code = pickup_code(n);
  o.buyer_name = "Phạm Thị Hoa";
  o.buyer_phone = "0912346789";
  o.status = OrderStatus::Ready;
  o.cash_on_delivery = cod;
  o.items = {{"Vải thiều", "2 kg", 100'000}, {"Nhãn lồng", "1 kg", 50'000}};
  o.total = 150'000;
  o.amount_due = cod ? 150'000 : 0;
  o.created_at = 1'795'800'000'000;
  o.packages = std::move(packages);
  return o;
}

// The order arrives as a pull brings it.
inline void add(ControllerFixture& t, const Order& o) {
  bool ok = false;
  t.worker->post([&](store::Store& st) { ok = st.upsert_order(o).has_value(); });
  t.worker->flush();
  REQUIRE(ok);
}

inline void check_in(ControllerFixture& t, const std::string& label) {
  t.apply(app::cmd::SetPackagesMode{app::PackagesMode::CheckIn});
  t.scan(label);
  REQUIRE(t.s().packages.checkin.pending);
  t.apply(app::cmd::ConfirmCheckIn{});
  REQUIRE(t.notice() == "checkin.done");
}

// Code and the last four digits: the handover's Pay step.
inline void open_pickup(ControllerFixture& t, const Order& o) {
  t.apply(app::cmd::Navigate{app::Screen::Pickup});
  t.scan(o.pickup_code);
  REQUIRE(t.s().pick.step == app::PickStep::Verify);
  t.apply(app::cmd::VerifyPhone{"6789"});
  REQUIRE(t.s().pick.step == app::PickStep::Pay);
}

inline void sign(ControllerFixture& t) {
  app::SignatureStroke s;
  for (int x = 50; x <= 450; x += 10) s.push_back({x, 100 + (x / 10 % 2) * 40});
  t.apply(app::cmd::AddSignatureStroke{s});
}

}  // namespace hp::test::counter
