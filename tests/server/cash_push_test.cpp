// Shifts, cash movements and payouts pushed to a real kiosk-server (docs/PROTOCOL.md 3.2):
// stored once, bad payloads refused with 422 and nothing stored, and the farmer's balance
// (pull entity farmer_balance) made from drop-offs less payouts.
#include <doctest/doctest.h>

#include "tests/support/server_process.hpp"

using namespace hp::test;
using nlohmann::json;

namespace {

const std::string kFarmer = "01924f80-0000-7000-8000-200000000001";

json counts(std::vector<int> pieces) { return json(pieces); }

json shift_closed(const std::string& id) {
  return {{"id", id},
          {"clerk_id", "clerk-1"},
          {"clerk", "Lan"},
          {"opened_at", 1733100000000},
          {"closed_at", 1733130000000},
          {"float_count", counts({1, 0, 0, 0, 0, 0, 0, 0, 0})},  // 500.000
          {"float_vnd", 500000},
          {"closing_count", counts({1, 1, 0, 0, 0, 0, 0, 0, 0})},  // 700.000
          {"movements", {{"count", 3}, {"cod_cash_vnd", 250000}, {"payouts_vnd", 50000}, {"cash_in_vnd", 0},
                         {"cash_out_vnd", 0}, {"drawer_opens", 1}}},
          {"expected_vnd", 700000},
          {"counted_vnd", 700000},
          {"over_short_vnd", 0},
          {"signed_off_by", "sup-1"},
          {"unsent_events", 2},
          {"oldest_unsent_ms", 1733120000000}};
}

json payout(const std::string& id, std::int64_t amount) {
  return {{"id", id},           {"farmer_id", kFarmer},     {"farmer_name", "Nguyễn Văn An"}, {"amount_vnd", amount},
          {"shift_id", "s-1"},  {"at", 1733110000000},      {"clerk_id", "clerk-1"},          {"clerk", "Lan"},
          {"approved_by", "sup-1"}, {"available_before_vnd", 440000}};
}

}  // namespace

TEST_CASE("shift and cash events are stored once; a bad payload is refused 422 and stores nothing") {
  Centre c("push_cash");
  const std::string token = c.enrol_kiosk("po-an-duong");
  hp::Clock clock;
  hp::IdGenerator ids(clock);
  const std::string s = ids.next(), m = ids.next(), closed = ids.next();
  const json opened = event(ids.next(), 1, "shift.opened", s,
                            {{"id", s}, {"clerk_id", "clerk-1"}, {"clerk", "Lan"}, {"opened_at", 1733100000000},
                             {"float_count", counts({1, 0, 0, 0, 0, 0, 0, 0, 0})}, {"float_vnd", 500000}});
  const json moved = event(m, 2, "cash.moved", m,
                           {{"id", m}, {"shift_id", s}, {"kind", "drawer_open"}, {"amount_vnd", 0}, {"at", 1733100001000},
                            {"clerk_id", "clerk-1"}, {"approved_by", "sup-1"}});
  const json close = event(ids.next(), 3, "shift.closed", closed, shift_closed(closed));
  auto r = c.post("/api/v1/push", token, batch({opened, moved, close}));
  REQUIRE(r.status == 200);
  CHECK(r.body["stored"] == 3);
  auto again = c.post("/api/v1/push", token, batch({opened, moved, close}));
  CHECK(again.body["duplicates"] == 3);

  // Each wrong in its own way; each refused, none stored.
  auto bad_close = [&](auto change) {
    const std::string id = ids.next();
    json p = shift_closed(id);
    change(p);
    return event(ids.next(), 10, "shift.closed", id, p);
  };
  std::vector<json> bad = {
      bad_close([](json& p) { p["over_short_vnd"] = 1000; }),                                    // not counted - expected
      bad_close([](json& p) { p["counted_vnd"] = 600000; }),                                     // not the count's value
      bad_close([](json& p) { p["closing_count"] = counts({1, 1, 0, 0, 0, 0, 0, 0}); }),         // eight notes
      bad_close([](json& p) { p["closing_count"] = counts({1, 1, 0, 0, 0, 0, 0, 0, -1}); }),     // negative pieces
      bad_close([](json& p) { p["movements"]["cod_cash_vnd"] = 260000; }),                       // expected does not add up
      bad_close([](json& p) { p.erase("signed_off_by"); }),                                      // no sign-off
      bad_close([](json& p) { p["closed_at"] = 1733000000000; }),                                // closed before opened
  };
  const std::string m2 = ids.next(), m3 = ids.next(), p1 = ids.next(), p2 = ids.next();
  bad.push_back(event(m2, 11, "cash.moved", m2,
                      {{"id", m2}, {"kind", "cash_in"}, {"amount_vnd", 0}, {"at", 1}, {"clerk_id", "c"}}));  // cash in of 0
  bad.push_back(event(m3, 12, "cash.moved", m3,
                      {{"id", m3}, {"kind", "payout"}, {"amount_vnd", 5000}, {"at", 1}, {"clerk_id", "c"}}));  // not a kind alone
  json over = payout(p1, 500000);  // more than the balance it was paid from
  bad.push_back(event(p1, 13, "payout.recorded", p1, over));
  json unapproved = payout(p2, 1000);
  unapproved.erase("approved_by");
  bad.push_back(event(p2, 14, "payout.recorded", p2, unapproved));
  auto refused = c.post("/api/v1/push", token, batch(bad));
  REQUIRE(refused.status == 200);
  CHECK(refused.body["stored"] == 0);
  CHECK(refused.body["refused"] == bad.size());
  for (const auto& res : refused.body["results"]) {
    CHECK(res["status"] == 422);
    CHECK(res["error"]["code"] == "event.bad_payload");
  }
  CHECK(c.events().size() == 3);
}

TEST_CASE("a farmer's balance is their drop-offs' value less the payouts the centre received, pulled by every kiosk") {
  Centre c("push_balance");
  std::string kiosk_a;
  const std::string a = c.enrol_kiosk("po-an-duong", &kiosk_a);
  const std::string b = c.enrol_kiosk("po-an-lao");
  hp::Clock clock;
  hp::IdGenerator ids(clock);
  const auto start = pull_all(c, b, nullptr);
  REQUIRE(start.status == 200);

  // Two drop-offs of 220.000 đ (dropoff_event), then a payout of 150.000 đ at kiosk A.
  REQUIRE(c.post("/api/v1/push", a, batch({dropoff_event(ids, 1, kFarmer), dropoff_event(ids, 2, kFarmer)})).status == 200);
  const std::string p = ids.next();
  const json pay = event(p, 7, "payout.recorded", p, payout(p, 150000));
  auto r = c.post("/api/v1/push", a, batch({pay}));
  REQUIRE(r.status == 200);
  CHECK(r.body["results"][0]["status"] == 201);
  // A resend is acknowledged and not paid twice.
  REQUIRE(c.post("/api/v1/push", a, batch({pay})).body["duplicates"] == 1);

  const auto next = pull_all(c, b, start.cursor);
  REQUIRE(next.status == 200);
  json balance;
  for (const auto& ch : next.changes)
    if (ch["entity"] == "farmer_balance" && ch["id"] == kFarmer) balance = ch["data"];
  REQUIRE(balance.is_object());
  CHECK(balance["sold_value_vnd"] == 440000);
  CHECK(balance["paid_vnd"] == 150000);
  CHECK(balance["balance_vnd"] == 290000);
  CHECK(balance["paid_through"][kiosk_a] == 7);
  CHECK(balance["as_of"].is_number_integer());

  // Drop-offs on both sides of a payout in one batch (the centre sums a batch's drop-offs per
  // farmer), and the batch sent again: each counted once, the payout's mark kept.
  const std::string p2 = ids.next();
  const json mixed = batch({dropoff_event(ids, 8, kFarmer), event(p2, 9, "payout.recorded", p2, payout(p2, 50000)),
                            dropoff_event(ids, 10, kFarmer), dropoff_event(ids, 11, "farmer-other")});
  REQUIRE(c.post("/api/v1/push", a, mixed).body["stored"] == 4);
  REQUIRE(c.post("/api/v1/push", a, mixed).body["duplicates"] == 4);
  const auto last = pull_all(c, b, next.cursor);
  json after, other;
  for (const auto& ch : last.changes) {
    if (ch["entity"] == "farmer_balance" && ch["id"] == kFarmer) after = ch["data"];
    if (ch["entity"] == "farmer_balance" && ch["id"] == "farmer-other") other = ch["data"];
  }
  REQUIRE(after.is_object());
  CHECK(after["sold_value_vnd"] == 880000);
  CHECK(after["paid_vnd"] == 200000);
  CHECK(after["balance_vnd"] == 680000);
  CHECK(after["paid_through"][kiosk_a] == 9);
  REQUIRE(other.is_object());
  CHECK(other["balance_vnd"] == 220000);
}
