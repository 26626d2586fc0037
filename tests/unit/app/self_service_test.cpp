// The self-service kiosk beside the counter (docs/self-service.md, issue 10 item 8): two
// controllers, each with its own store worker, on one kiosk.db, as the two processes are. A
// farmer's card and a buyer's pickup code give queue tickets; the counter calls them in turn
// with the drop-off or the order ready on its screen; no clerk command works at the
// customers' kiosk, and a code it cannot serve changes nothing.
#include <doctest/doctest.h>

#include "kiosk/store/store.hpp"
#include "tests/unit/app/controller_fixture.hpp"
#include "tests/unit/app/counter_helpers.hpp"

using namespace hp;
namespace cmd = app::cmd;
using namespace hp::test::counter;

namespace {

// The customers' kiosk on the counter's file (the counter seeded it and runs the queue).
std::unique_ptr<test::ControllerFixture> self_kiosk(test::ControllerFixture& counter) {
  auto t = std::make_unique<test::ControllerFixture>(nullptr, test::ControllerFixture::Resume{counter.db_path});
  t->now = counter.now;
  t->config.mode = "self-service";
  t->c = std::make_unique<app::Controller>(t->config, t->queue, *t->worker, t->ids, t->clock, app::Devices{}, *t->composer);
  t->c->start();
  t->settle();
  return t;
}

// Both kiosks look at the queue on their timers.
void poll(test::ControllerFixture& t) {
  t.now += 5'000;
  t.c->tick();
  t.settle();
}

test::ControllerFixture::Setup with_queue() {
  return {.configure = [](app::KioskConfig& c) { c.queue_poll_s = 3; }, .devices = {}, .composer = nullptr};
}

}  // namespace

TEST_CASE("self-service: a farmer's card and a buyer's code give tickets; the counter calls them with the work ready") {
  test::ControllerFixture counter(with_queue());
  auto self = self_kiosk(counter);
  auto& s = *self;
  REQUIRE(s.s().self_service);
  CHECK(s.s().self.step == app::SelfStep::Welcome);

  // A farmer: ticket 1, nobody ahead, printed.
  s.scan(store::demo_member_code(2));
  REQUIRE(s.s().self.step == app::SelfStep::Ticket);
  REQUIRE(s.s().self.ticket);
  CHECK(s.s().self.ticket->ticket.number == 1);
  CHECK(s.s().self.ticket->ahead == 0);
  CHECK(s.s().self.ticket->ticket.kind == store::TicketKind::DropOff);
  CHECK_FALSE(s.s().self.farmer_name.empty());
  const std::string first = payload_of(s, "queue_ticket");
  CHECK(first.find("SỐ THỨ TỰ: 1") != std::string::npos);
  CHECK(first.find("Gửi nông sản") != std::string::npos);
  // Scanned again while waiting: the same ticket, no second place, no second paper.
  s.scan(store::demo_member_code(2));
  REQUIRE(s.s().self.ticket);
  CHECK(s.s().self.ticket->again);
  CHECK(s.s().self.ticket->ticket.number == 1);
  CHECK(s.count("SELECT count(*) FROM print_jobs WHERE kind = 'queue_ticket'") == 1);

  // A buyer whose order is ready: ticket 2, one ahead.
  s.apply(cmd::SelfServiceDone{});
  CHECK(s.s().self.step == app::SelfStep::Welcome);
  s.scan(store::demo_pickup_code(3));
  REQUIRE(s.s().self.step == app::SelfStep::Ticket);
  CHECK(s.s().self.ticket->ticket.number == 2);
  CHECK(s.s().self.ticket->ahead == 1);
  CHECK(s.s().self.order_code == store::demo_pickup_code(3));
  CHECK(payload_of(s, "queue_ticket").find("Nhận hàng") != std::string::npos);
  CHECK(s.count("SELECT count(*) FROM queue_tickets WHERE status = 'waiting'") == 2);

  // The counter sees the queue at its next look, and calls number 1: the farmer's drop-off.
  poll(counter);
  CHECK(counter.s().queue.waiting == 2);
  counter.apply(cmd::Navigate{app::Screen::Today});
  counter.apply(cmd::CallNextTicket{});
  CHECK(counter.notice() == "queue.called");
  CHECK(counter.s().screen == app::Screen::DropOff);
  REQUIRE(counter.s().drop.farmer);
  CHECK(counter.s().drop.farmer->member_code == store::demo_member_code(2));
  REQUIRE(counter.s().queue.serving);
  CHECK(counter.s().queue.serving->number == 1);
  poll(s);
  REQUIRE(s.s().queue.serving);
  CHECK(s.s().queue.serving->number == 1);  // shown to everyone waiting
  CHECK(s.s().queue.waiting == 1);

  // The farmer at the counter comes first: items on the scale, no next number yet.
  counter.apply(cmd::SelectProduct{counter.product_id("CA-CHUA")});
  counter.weigh(5'000'000);
  counter.apply(cmd::AddItem{});
  REQUIRE(counter.s().drop.items.size() == 1);
  counter.apply(cmd::CallNextTicket{});
  CHECK(counter.notice() == "queue.finish_first");
  CHECK(counter.s().queue.serving->number == 1);
  counter.apply(cmd::ConfirmDropOff{});
  REQUIRE(counter.notice() == "dropoff.saved");
  counter.apply(cmd::NewDropOff{});

  // Number 2: the buyer's order, open at Pickup for the phone check.
  counter.apply(cmd::CallNextTicket{});
  CHECK(counter.s().queue.serving->number == 2);
  CHECK(counter.s().screen == app::Screen::Pickup);
  REQUIRE(counter.s().pick.order);
  CHECK(counter.s().pick.order->pickup_code == store::demo_pickup_code(3));
  CHECK(counter.s().pick.step == app::PickStep::Verify);
  CHECK(counter.count("SELECT count(*) FROM queue_tickets WHERE status = 'done'") == 1);
  counter.apply(cmd::CallNextTicket{});
  CHECK(counter.notice() == "queue.empty");
  CHECK(counter.count("SELECT count(*) FROM queue_tickets WHERE status = 'done'") == 2);

  // A new day numbers from 1 again.
  s.now += 24LL * 3600 * 1000;
  s.apply(cmd::SelfServiceDone{});
  s.scan(store::demo_member_code(4));
  REQUIRE(s.s().self.ticket);
  CHECK(s.s().self.ticket->ticket.number == 1);
}

TEST_CASE("self-service: no clerk command works there, and a code it cannot serve changes nothing") {
  test::ControllerFixture counter(with_queue());
  auto self = self_kiosk(counter);
  auto& s = *self;
  auto rows = [&] {
    return s.count("SELECT (SELECT count(*) FROM print_jobs) + (SELECT count(*) FROM outbox) + "
                   "(SELECT count(*) FROM audit_log) + (SELECT count(*) FROM queue_tickets) + "
                   "(SELECT count(*) FROM drop_offs) + (SELECT count(*) FROM cash_movements)");
  };
  const auto before = rows();
  const std::vector<cmd::Command> clerk_commands = {
      cmd::Navigate{app::Screen::Devices}, cmd::Navigate{app::Screen::Today}, cmd::ChooseClerk{"x"}, cmd::SignIn{"1111"},
      cmd::SearchFarmers{"Nguyễn"},     cmd::ConfirmDropOff{},                cmd::OpenDrawer{},           cmd::SyncNow{},
      cmd::PrintShiftReport{},          cmd::StartAgentVisit{"DL-0001"},      cmd::CallNextTicket{},       cmd::LookupPickup{store::demo_pickup_code(1)},
      cmd::ConfirmPickup{},             cmd::Reprint{store::PrintKind::DropOffReceipt, "x"},                    cmd::StartPayout{}};
  for (const auto& c : clerk_commands) {
    CAPTURE(c.index());
    s.apply(c);
    CHECK(s.notice() == "self.clerk_only");
    CHECK_FALSE(s.s().session);
    CHECK(s.s().self.step == app::SelfStep::Welcome);
  }
  CHECK_FALSE(s.s().pick.order);
  CHECK(rows() == before);

  // Codes it cannot serve: said plainly, nothing written.
  auto refused = [&](const std::string& code, const char* key) {
    CAPTURE(code);
    s.apply(cmd::SelfServiceDone{});
    s.scan(code);
    CHECK(s.s().self.step == app::SelfStep::Refused);
    CHECK(s.s().self.refusal == key);
  };
  refused("hello", "self.scan_unknown");
  refused("", "self.scan_unknown");
  auto stranger = codes::make_kiosk_code(codes::KioskCodeKind::member, "ZZZZ9999");
  REQUIRE(stranger);
  refused(*stranger, "self.unknown_card");
  refused(pickup_code(9), "self.unknown_order");
  refused(store::demo_pickup_code(20), "self.order_collected");
  // Parcels announced but not checked in yet: the buyer is told, not queued.
  add(counter, order_with(1, {{labels().good[0], {}}, {labels().good[1], {}}}));
  refused(order_with(1, {}).pickup_code, "self.order_not_here");
  CHECK(s.s().self.refusal_arg == "0/2");
  CHECK(rows() == before);

  // Left on a message, the screen goes back to its welcome by itself.
  s.now += 21'000;
  s.c->tick();
  CHECK(s.s().self.step == app::SelfStep::Welcome);
}
