#pragma once
// A controller wired to a real store file, without a display: commands in, state and the
// store checked out. Device events are handed in directly, as the device threads would.
#include <functional>
#include <memory>

#include "kiosk/app/controller.hpp"
#include "kiosk/app/store_worker.hpp"
#include "kiosk/store/demo_data.hpp"
#include "tests/support/test_support.hpp"

namespace hp::test {

struct ControllerFixture {
  TempDir dir{"controller"};
  UtcMillis now = 1'795'850'000'000;  // 28/11/2026 14:13 in Hanoi
  Clock clock{[this] { return now; }};
  IdGenerator ids{clock};
  app::KioskConfig config;
  app::RunQueue queue;
  std::unique_ptr<app::StoreWorker> worker;
  std::unique_ptr<app::JobComposer> composer;
  std::unique_ptr<app::Controller> c;

  std::string db_path = dir.file("kiosk.db");

  // The demo's accounts (kiosk/store/demo_data.cpp): clerk 1111, supervisor 2222, technician 3333.
  static const store::DemoClerk& demo_clerk(store::ClerkRole role) {
    for (const auto& d : store::demo_clerks())
      if (d.role == role) return d;
    FAIL("no demo clerk with that role");
    return store::demo_clerks()[0];
  }
  static std::string clerk_id(store::ClerkRole role) { return std::string(demo_clerk(role).id); }
  // Signs in through the screen's commands (the PIN checked on the store worker).
  void sign_in(store::ClerkRole role = store::ClerkRole::Clerk) {
    const auto& d = demo_clerk(role);
    apply(app::cmd::ChooseClerk{std::string(d.id)});
    apply(app::cmd::SignIn{std::string(d.pin)});
    REQUIRE(c->state().session);
  }
  // The supervisor's PIN for the approval dialog now open.
  void approve(const std::string& pin = "2222") {
    REQUIRE(c->state().approval.open);
    apply(app::cmd::ChooseApprover{clerk_id(store::ClerkRole::Supervisor)});
    apply(app::cmd::Approve{pin});
  }

  // Signed in as the demo clerk, unless signed_in is false.
  struct SignedOut {};
  explicit ControllerFixture(SignedOut) : ControllerFixture(nullptr, nullptr, false) {}

  explicit ControllerFixture(dev::Printer* printer = nullptr, dev::Scale* scale = nullptr, bool signed_in = true) {
    auto st = store::Store::open(db_path);
    REQUIRE(st);
    REQUIRE(store::seed_demo(*st, ids, clock));
    worker = std::make_unique<app::StoreWorker>(std::move(*st));
    composer = std::make_unique<app::TextJobComposer>(config);
    c = std::make_unique<app::Controller>(config, queue, *worker, ids, clock, app::Devices{scale, printer}, *composer);
    c->start();
    settle();
    if (signed_in) sign_in();
  }
  // A counter set up by the test: its settings, its devices and the composer made from them.
  struct Setup {
    std::function<void(app::KioskConfig&)> configure;
    app::Devices devices;
    std::function<std::unique_ptr<app::JobComposer>(const app::KioskConfig&)> composer;
  };
  explicit ControllerFixture(Setup setup) {
    if (setup.configure) setup.configure(config);
    auto st = store::Store::open(db_path);
    REQUIRE(st);
    REQUIRE(store::seed_demo(*st, ids, clock));
    worker = std::make_unique<app::StoreWorker>(std::move(*st));
    composer = setup.composer ? setup.composer(config) : std::make_unique<app::TextJobComposer>(config);
    REQUIRE(composer);
    c = std::make_unique<app::Controller>(config, queue, *worker, ids, clock, setup.devices, *composer);
    c->start();
    settle();
    sign_in();
  }
  // A second session on a store an earlier one left behind: nothing seeded, not started (the
  // test wires its devices, then calls c->start()).
  struct Resume {
    std::string db_path;
  };
  ControllerFixture(dev::Printer* printer, Resume r) : db_path(std::move(r.db_path)) {
    auto st = store::Store::open(db_path);
    REQUIRE(st);
    worker = std::make_unique<app::StoreWorker>(std::move(*st));
    composer = std::make_unique<app::TextJobComposer>(config);
    c = std::make_unique<app::Controller>(config, queue, *worker, ids, clock, app::Devices{nullptr, printer}, *composer);
  }
  ~ControllerFixture() {
    worker->flush();
    queue.drain(*c);
  }

  // Runs store jobs and their results until nothing is left in flight.
  void settle() {
    for (int i = 0; i < 1000; ++i) {
      worker->flush();
      if (queue.drain(*c) == 0 && worker->pending() == 0) return;
    }
  }
  void apply(app::cmd::Command cmd) {
    c->apply(cmd);
    settle();
  }
  void scan(const std::string& text) {
    c->on_device(dev::Scan{text, "", "test"});
    settle();
  }
  // A reading that the scale reports as stable and that then holds for the settle time.
  void weigh(Milligrams mg, dev::ScaleState state = dev::ScaleState::Stable) {
    c->on_device(dev::ScaleReading{state, mg, 30'000'000, now});
    now += config.scale_settle_ms + 1;
    c->tick();
  }
  const app::AppState& s() const { return c->state(); }
  const std::string& notice() const { return c->state().notice.key; }
  std::string product_id(const std::string& sku) const {
    for (const auto& p : s().products)
      if (p.sku == sku) return p.id;
    return {};
  }
  std::int64_t count(const std::string& sql) {
    auto d = db::Db::open(db_path);
    REQUIRE(d);
    auto st = d->prepare(sql);
    REQUIRE(st);
    REQUIRE(st->step().value_or(false));
    return st->i64(0);
  }
};

// The first column of the first row of a query on the store file, as text.
inline std::string text_of(ControllerFixture& t, const std::string& sql) {
  auto d = db::Db::open(t.db_path);
  REQUIRE(d);
  auto st = d->prepare(sql);
  REQUIRE(st);
  REQUIRE(st->step().value_or(false));
  return st->text(0);
}

}  // namespace hp::test
