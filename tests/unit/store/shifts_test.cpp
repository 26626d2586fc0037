// Shifts, cash movements and payouts in the store (docs/cash.md): one open shift, each record
// in one transaction with its event, the cash pickup's movement in the pickup's transaction,
// a close that refuses figures that moved, payouts never above the balance.
#include <nlohmann/json.hpp>

#include "store_fixture.hpp"

using namespace hp;
using namespace hp::store;
using namespace hp::store::testing;

namespace {

Shift new_shift(IdGenerator& ids, Dong fifty_thousands) {
  Shift s;
  s.id = ids.next();
  s.clerk_id = "clerk-1";
  s.clerk = "Nguyễn Thị Lan";
  s.opened_at = kNow;
  s.opening.pieces[3] = fifty_thousands;  // 50.000 đ notes
  return s;
}

AuditRecord entry(IdGenerator& ids, const std::string& action) {
  return AuditRecord{.id = ids.next(), .at = kNow, .actor = "clerk-1", .action = action};
}

std::int64_t scalar(const Store& s, const std::string& sql) {
  auto st = db_of(s).prepare(sql);
  REQUIRE(st.has_value());
  REQUIRE(st->step().value_or(false));
  return st->i64(0);
}

Status pay(Store& store, IdGenerator& ids, const Farmer& f, Dong amount) {
  Payout p{.id = ids.next(), .farmer_id = f.id, .farmer_name = f.name, .member_code = f.member_code, .amount = amount,
           .shift_id = {}, .at = kNow, .clerk_id = "clerk-1", .clerk = "Lan", .approved_by = "sup-1",
           .approved_name = "Hùng", .available_before = 0, .signature_ref = {}};
  return store.record_payout(p, entry(ids, "payout.paid"), {});
}

}  // namespace

TEST_CASE("one shift is open at a time; its float, movements and events are written together") {
  Fixture fx("store_shift_open");
  Store store = fx.open();
  auto none = store.current_shift();
  REQUIRE(none.has_value());
  CHECK_FALSE(none->has_value());
  const Shift s = new_shift(fx.ids, 10);
  REQUIRE(store.open_shift(s, fx.ids.next(), entry(fx.ids, "shift.opened")).has_value());
  auto again = store.open_shift(new_shift(fx.ids, 1), fx.ids.next(), entry(fx.ids, "shift.opened"));
  REQUIRE_FALSE(again.has_value());
  CHECK(again.error().code == "shift.already_open");
  CHECK(count_rows(store, "shifts") == 1);
  CHECK(scalar(store, "SELECT count(*) FROM outbox WHERE kind = 'shift.opened'") == 1);
  CHECK(scalar(store, "SELECT count(*) FROM cash_movements WHERE kind = 'float' AND amount = 500000") == 1);

  auto open = store.current_shift();
  REQUIRE(open.has_value());
  REQUIRE(open->has_value());
  CHECK((*open)->opening == s.opening);

  // A cash in, out and a drawer opening; an amount of 0 for cash in is refused, nothing written.
  const auto outbox = count_rows(store, "outbox");
  auto zero = store.record_cash_movement({fx.ids.next(), std::nullopt, {cash::MovementKind::CashIn, 0, kNow, "clerk-1", "", "sup-1"}},
                                         entry(fx.ids, "cash.cash_in"));
  REQUIRE_FALSE(zero.has_value());
  CHECK(zero.error().code == "cash.amount");
  CHECK(count_rows(store, "outbox") == outbox);
  REQUIRE(store.record_cash_movement({fx.ids.next(), std::nullopt, {cash::MovementKind::CashIn, 100000, kNow, "clerk-1", "", "sup-1"}},
                                     entry(fx.ids, "cash.cash_in")).has_value());
  REQUIRE(store.record_cash_movement({fx.ids.next(), std::nullopt, {cash::MovementKind::CashOut, 30000, kNow, "clerk-1", "", "sup-1"}},
                                     entry(fx.ids, "cash.cash_out")).has_value());
  REQUIRE(store.record_cash_movement({fx.ids.next(), std::nullopt, {cash::MovementKind::DrawerOpen, 0, kNow, "clerk-1", "no sale", "sup-1"}},
                                     entry(fx.ids, "cash.drawer_open")).has_value());
  CHECK(scalar(store, "SELECT count(*) FROM outbox WHERE kind = 'cash.moved'") == 3);
  CHECK(scalar(store, "SELECT count(*) FROM outbox WHERE kind = 'audit.appended'") == 4);

  auto f = store.shift_figures(cash::CashCount{});
  REQUIRE(f.has_value());
  CHECK(f->balance.expected == 570000);
  CHECK(f->balance.drawer_opens == 1);
  CHECK(f->movements.size() == 4);
}

TEST_CASE("a cash pickup's movement lands in the open shift in the pickup's transaction, or outside any shift") {
  Fixture fx("store_shift_pickup");
  Store store = fx.open();
  Order before = ready_order(fx.ids, "PK4D7K9MQ2XA", true, 150000);
  REQUIRE(store.upsert_order(before).has_value());
  auto pickup = [&](const Order& o) {
    return Pickup{.id = fx.ids.next(), .order_id = o.id, .pickup_code = o.pickup_code, .buyer_name = o.buyer_name,
                  .method = PaymentMethod::Cash, .amount_paid = o.amount_due, .clerk = "Lan", .kiosk_id = "HP-K01",
                  .collected_at = kNow, .cash_tendered = 200000, .clerk_id = "clerk-1"};
  };
  REQUIRE(store.record_pickup(pickup(before), fx.ids.next(), {}).has_value());
  CHECK(scalar(store, "SELECT count(*) FROM cash_movements WHERE kind = 'cod_cash' AND shift_id IS NULL AND amount = 150000") == 1);

  REQUIRE(store.open_shift(new_shift(fx.ids, 2), fx.ids.next(), entry(fx.ids, "shift.opened")).has_value());
  Order o = ready_order(fx.ids, "PK7RH3MT9WQA", true, 85000);
  REQUIRE(store.upsert_order(o).has_value());
  const Pickup p = pickup(o);
  REQUIRE(store.record_pickup(p, fx.ids.next(), {}).has_value());
  CHECK(scalar(store, "SELECT count(*) FROM cash_movements WHERE kind = 'cod_cash' AND shift_id IS NOT NULL AND id = '" + p.id +
                          "' AND amount = 85000") == 1);
  // A second pickup of the same order is refused: no second movement.
  auto twice = store.record_pickup(pickup(o), fx.ids.next(), {});
  REQUIRE_FALSE(twice.has_value());
  CHECK(scalar(store, "SELECT count(*) FROM cash_movements WHERE kind = 'cod_cash'") == 2);
  auto f = store.shift_figures(cash::CashCount{});
  REQUIRE(f.has_value());
  CHECK(f->balance.cod_cash == 85000);
  CHECK(f->balance.expected == 185000);
}

TEST_CASE("the close stores the count and sign-off with its event; figures that moved since are refused") {
  Fixture fx("store_shift_close");
  Store store = fx.open();
  REQUIRE(store.open_shift(new_shift(fx.ids, 4), fx.ids.next(), entry(fx.ids, "shift.opened")).has_value());
  cash::CashCount counted;
  counted.pieces[1] = 1;  // 200.000, the float 200.000 exactly
  auto f = store.shift_figures(counted);
  REQUIRE(f.has_value());
  CHECK(f->balance.over_short == 0);
  CHECK(f->unsent > 0);
  Store::ShiftClose c{.shift_id = f->shift.id, .closing = counted, .closed_at = kNow + 3'600'000, .expected = 150000,
                      .signed_off_by = "sup-1", .signed_off_name = "Hùng", .unsent = f->unsent,
                      .oldest_unsent_at = f->oldest_unsent_at, .kiosk_id = "HP-K01", .event_id = fx.ids.next(),
                      .audit = entry(fx.ids, "shift.closed"), .jobs = {}};
  auto stale = store.close_shift(c);
  REQUIRE_FALSE(stale.has_value());
  CHECK(stale.error().code == "shift.changed");
  CHECK(scalar(store, "SELECT count(*) FROM shifts WHERE closed_at IS NULL") == 1);
  CHECK(scalar(store, "SELECT count(*) FROM outbox WHERE kind = 'shift.closed'") == 0);
  c.expected = 200000;
  c.jobs = {{fx.ids.next(), PrintKind::ShiftReport, f->shift.id, "report", false, PrinterRole::Receipt}};
  auto closed = store.close_shift(c);
  REQUIRE_MESSAGE(closed.has_value(), (closed ? "" : closed.error().detail));
  CHECK(closed->difference == 0);
  CHECK(closed->unsent_at_close == f->unsent);
  CHECK(scalar(store, "SELECT count(*) FROM shifts WHERE closed_at IS NOT NULL AND counted = 200000 AND signed_off_by = 'sup-1'") == 1);
  CHECK(scalar(store, "SELECT count(*) FROM outbox WHERE kind = 'shift.closed' AND json_extract(payload, '$.verdict') = 'exact' "
                      "AND json_array_length(json_extract(payload, '$.closing_count')) = 9") == 1);
  CHECK(scalar(store, "SELECT count(*) FROM print_jobs WHERE kind = 'shift_report'") == 1);
  auto now_open = store.current_shift();
  REQUIRE(now_open.has_value());
  CHECK_FALSE(now_open->has_value());
  // A new shift may open after it; the closed one cannot close again.
  auto twice = store.close_shift(c);
  REQUIRE_FALSE(twice.has_value());
  CHECK(twice.error().code == "shift.none_open");
}

TEST_CASE("payouts: never above the balance from the centre less this kiosk's payouts it has not counted") {
  Fixture fx("store_payouts");
  Store store = fx.open();
  const Farmer f = add_farmer(store, fx.ids, "Nguyễn Văn An", "0912345678", "HPM00000001C");
  auto no_shift = pay(store, fx.ids, f, 1000);
  REQUIRE_FALSE(no_shift.has_value());
  CHECK(no_shift.error().code == "shift.none_open");
  REQUIRE(store.open_shift(new_shift(fx.ids, 20), fx.ids.next(), entry(fx.ids, "shift.opened")).has_value());
  auto no_balance = pay(store, fx.ids, f, 1000);
  REQUIRE_FALSE(no_balance.has_value());
  CHECK(no_balance.error().code == "payout.no_balance");

  Store::PullBatch b;
  b.cursor = "c:1";
  b.balances.push_back({.farmer_id = f.id, .sold_value = 500000, .paid = 100000, .balance = 400000, .as_of = kNow,
                        .paid_through = {}});
  REQUIRE(store.apply_pull(b, kNow).has_value());
  REQUIRE(pay(store, fx.ids, f, 300000).has_value());
  const auto before = counts(store);
  auto over = pay(store, fx.ids, f, 100001);
  REQUIRE_FALSE(over.has_value());
  CHECK(over.error().code == "payout.over_balance");
  CHECK(counts(store) == before);
  CHECK(count_rows(store, "payouts") == 1);
  auto room = store.payout_room(f.id);
  REQUIRE(room.has_value());
  CHECK(room->local_since == 300000);
  CHECK(room->available == 100000);

  // The centre counted this kiosk's payout (its outbox seq under this kiosk's id): not twice.
  REQUIRE(store.set_setting("sync.kiosk_id", "kiosk-a").has_value());
  const auto seq = scalar(store, "SELECT o.seq FROM outbox o JOIN payouts p ON p.id = o.id");
  b.balances[0] = {.farmer_id = f.id, .sold_value = 500000, .paid = 400000, .balance = 100000, .as_of = kNow + 1,
                   .paid_through = {{"kiosk-a", seq}}};
  REQUIRE(store.apply_pull(b, kNow).has_value());
  room = store.payout_room(f.id);
  REQUIRE(room.has_value());
  CHECK(room->local_since == 0);
  CHECK(room->available == 100000);
  // An older balance arriving late does not replace a newer one.
  b.balances[0] = {.farmer_id = f.id, .sold_value = 500000, .paid = 0, .balance = 500000, .as_of = kNow - 1, .paid_through = {}};
  REQUIRE(store.apply_pull(b, kNow).has_value());
  room = store.payout_room(f.id);
  REQUIRE(room.has_value());
  CHECK(room->available == 100000);
  CHECK(scalar(store, "SELECT count(*) FROM outbox WHERE kind = 'payout.recorded' AND json_extract(payload, '$.amount_vnd') = 300000") == 1);
  CHECK(scalar(store, "SELECT count(*) FROM cash_movements WHERE kind = 'payout' AND amount = 300000 AND approved_by = 'sup-1'") == 1);
}
