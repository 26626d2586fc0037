#include "kiosk/app/controller.hpp"

#include <algorithm>
#include <cctype>

#include "kiosk/app/ask_store.hpp"
#include "kiosk/app/scan_kind.hpp"
#include "shared/codes/agent_code.hpp"
#include "kiosk/store/store.hpp"
#include "shared/codes/kiosk_codes.hpp"
#include "shared/text.hpp"

namespace hp::app {

namespace {

UtcMillis notice_expiry(const Notice& n) {
  if (n.action != NoticeAction::None) return n.at + kActionNoticeMs;
  return n.at + (n.level == Level::Error ? kErrorNoticeMs : kNoticeMs);
}

template <class... F>
struct Overload : F... {
  using F::operator()...;
};

}  // namespace

Controller::Controller(const KioskConfig& config, RunQueue& queue, StoreWorker& worker, IdGenerator& ids,
                       const Clock& clock, Devices devices, const JobComposer& composer)
    : config_(config),
      queue_(queue),
      worker_(worker),
      ids_(ids),
      clock_(clock),
      devices_(std::move(devices)),
      composer_(composer),
      rng_(std::random_device{}()) {
  state_.language = config_.language;
  state_.clerk = config_.clerk;  // until someone signs in
  state_.kiosk_id = config_.kiosk_id;
  state_.self_service = config_.mode == "self-service";
  state_.queue.shown = state_.self_service || config_.queue_poll_s > 0;
  for (auto kind : {dev::DeviceKind::Scanner, dev::DeviceKind::Scale, dev::DeviceKind::Printer})
    state_.devices[kind].status = dev::DeviceStatus{kind, "", dev::Link::Disconnected, ""};
  // Shown only on a counter set up with one: elsewhere its absence is no fault.
  if (!config_.label_printer.empty())
    state_.devices[dev::DeviceKind::LabelPrinter].status =
        dev::DeviceStatus{dev::DeviceKind::LabelPrinter, "", dev::Link::Disconnected, ""};
}

// [SECTION] Plumbing

void Controller::notify(Level level, std::string key, std::string arg, std::string detail) {
  notify_args(level, std::move(key), {std::move(arg)}, std::move(detail));
}

void Controller::notify_args(Level level, std::string key, std::vector<std::string> args, std::string detail) {
  Notice n;
  n.level = level;
  n.key = std::move(key);
  n.args = std::move(args);
  n.detail = std::move(detail);
  n.serial = ++state_.notice_serial;
  n.at = clock_.now();
  state_.notice = std::move(n);
  // Errors stay for the technician with their detail; the clerk's line shows only the words.
  if (level == Level::Error) {
    constexpr std::size_t kKeep = 20;
    if (state_.problems.size() >= kKeep) state_.problems.erase(state_.problems.begin());
    state_.problems.push_back(state_.notice);
  }
  if (level == Level::Error) cue(Cue::Error);
}

void Controller::cue(Cue c) {
  state_.cue = c;
  ++state_.cue_serial;
}

void Controller::ask(QuestionKind kind, std::string arg) { state_.question = Question{kind, std::move(arg)}; }

void Controller::handle(const cmd::Answer& c) {
  const Question q = std::exchange(state_.question, Question{});
  if (!c.yes) {
    if (q.kind == QuestionKind::NotOldestFirst) pending_move_.reset();
    return;
  }
  switch (q.kind) {
    case QuestionKind::CancelDropOff: return cancel_drop_off();
    case QuestionKind::CancelRegistration: return cancel_registration();
    case QuestionKind::CancelPayment:
      if (!state_.pick.committing) state_.pick = PickupState{};
      return;
    case QuestionKind::ReplacePickup:
      if (state_.pick.committing || state_.pick.checking_phone) return;
      return lookup_pickup(q.arg);
    case QuestionKind::CloseWithUnsent: return sign_off_close();
    case QuestionKind::NotOldestFirst:
      if (pending_move_) handle(*pending_move_);
      return;
    case QuestionKind::CancelStockCount:
      if (state_.stock.saving) return;
      state_.stock.mode = StockMode::List;
      state_.stock.counted.clear();
      state_.stock.differences.clear();
      return;
    case QuestionKind::None: return;
  }
}

void Controller::notify_error(const Error& e) { notify(Level::Error, "err." + e.code, {}, e.detail); }

bool Controller::busy() const {
  const bool settling = state_.scale.has_reading && state_.scale.reading.state == dev::ScaleState::Stable &&
                        !state_.scale.stable;
  return in_flight_ > 0 || worker_.pending() > 0 || printing_ > 0 || zeroing_ > 0 || !retries_.empty() || settling;
}

UtcMillis Controller::next_deadline() const {
  UtcMillis next = 0;
  auto consider = [&](UtcMillis t) {
    if (t > 0 && (next == 0 || t < next)) next = t;
  };
  const auto& s = state_.scale;
  if (s.has_reading && s.reading.state == dev::ScaleState::Stable && !s.stable) consider(s.value_since + config_.scale_settle_ms);
  if (!state_.notice.key.empty()) consider(notice_expiry(state_.notice));
  for (const auto& r : retries_) consider(r.due);
  if (state_.session && config_.idle_lock_s > 0) consider(last_activity_ + UtcMillis{config_.idle_lock_s} * 1000);
  // A lock's time left is shown by the minute: redraw when it changes, and when it ends.
  const UtcMillis lock = state_.session ? state_.approval.locked_until : state_.signin.locked_until;
  if (lock > clock_.now()) consider(std::min(lock, clock_.now() + 60'000 - (lock - clock_.now()) % 60'000));
  consider(queue_deadline());
  return next;
}

void Controller::tick() {
  auto& s = state_.scale;
  if (s.has_reading && s.reading.state == dev::ScaleState::Stable && !s.stable &&
      clock_.now() - s.value_since >= config_.scale_settle_ms) {
    s.stable = true;
    derive();
  }
  if (!state_.notice.key.empty() && clock_.now() >= notice_expiry(state_.notice)) state_.notice = Notice{};
  run_due_retries();
  tick_queue(clock_.now());
  // The idle lock waits for work under way to land (a commit, a lookup, a PIN being checked),
  // so no result arrives for a clerk who is not there.
  const bool working = state_.drop.committing || state_.pick.committing || state_.pick.checking_phone ||
                       state_.pick.looking_up || state_.approval.checking || state_.packages.checkin.working ||
                       state_.packages.returns.working || in_flight_ > 0;
  if (state_.session && config_.idle_lock_s > 0 && !working &&
      clock_.now() - last_activity_ >= UtcMillis{config_.idle_lock_s} * 1000)
    lock_screen("idle");
  const UtcMillis now = clock_.now();
  if (state_.signin.locked_until > 0 && state_.signin.locked_until <= now) {
    state_.signin.locked_until = 0;
    if (state_.signin.refusal == "signin.locked" || state_.signin.refusal == "signin.locked_now") state_.signin.refusal.clear();
  }
  if (state_.approval.locked_until > 0 && state_.approval.locked_until <= now) {
    state_.approval.locked_until = 0;
    if (state_.approval.refusal == "signin.locked" || state_.approval.refusal == "signin.locked_now") state_.approval.refusal.clear();
  }
}

void Controller::start() {
  struct Loaded {
    Result<std::vector<Product>> products;
    Result<std::vector<AdminUnit>> districts;
    Result<std::vector<std::string>> branches;
    Result<std::vector<store::PrintJob>> jobs;
  };
  ask_store(
      [](store::Store& st) {
        return Loaded{st.products(), st.admin_units("district", std::nullopt), st.branches(), st.unfinished_print_jobs()};
      },
      [](Controller& c, Loaded l) {
        // Each failure is shown, and stays listed on the Devices screen: a counter that cannot
        // list districts cannot register a farmer, and one that cannot read its print queue
        // may owe a farmer a receipt.
        auto problem = [&c](const char* what, const Error& e) {
          c.state_.config_problems.push_back(std::string("start: ") + what + ": " + e.code + ": " + e.detail);
          c.notify_error(e);
        };
        if (!l.products) problem("products", l.products.error());
        else c.state_.products = std::move(*l.products);
        if (!l.districts) problem("districts", l.districts.error());
        else c.state_.districts = std::move(*l.districts);
        if (!l.branches) problem("branches", l.branches.error());
        else c.state_.branches = std::move(*l.branches);
        if (!l.jobs) problem("print queue", l.jobs.error());
        else {
          // Each kiosk on a shared kiosk.db finishes only its own paper: the self-service
          // kiosk its queue tickets, the counter everything else.
          std::erase_if(*l.jobs, [&c](const store::PrintJob& j) {
            return (j.kind == store::PrintKind::QueueTicket) != c.state_.self_service;
          });
          if (!l.jobs->empty()) c.resume_print_jobs(std::move(*l.jobs));
        }
        c.refresh_today();
      });
  // The customers' kiosk signs no one in and keeps no drawer or visit: nothing of the counter's to load.
  if (!state_.self_service) {
    load_clerks();
    load_shift();        // a shift left open (a restart mid-shift) is still open
    load_agent_visit();  // and an agent's visit cut off before its summary
  }
  last_activity_ = clock_.now();
  request_reading();
}


void Controller::set_sync(SyncHooks hooks) { sync_ = std::move(hooks); }

void Controller::on_sync(const sync::SyncStatus& s) {
  const bool newly_rejected = s.phase == sync::SyncPhase::Rejected && state_.sync.phase != sync::SyncPhase::Rejected;
  // A pull may have brought accounts (new ones, a PIN reset, a disabled clerk).
  if (s.last_ok_at != state_.sync.last_ok_at) load_clerks();
  state_.sync = s;
  if (newly_rejected) notify(Level::Error, "sync.rejected_notice", {}, s.reason_code + ": " + s.reason_detail);
}

void Controller::handle(const cmd::SyncNow&) {
  if (!sync_.now) return notify(Level::Error, "sync.not_enrolled");
  sync_.now();
  notify(Level::Info, "sync.started");
}

void Controller::set_config_problems(std::vector<std::string> problems) {
  state_.config_problems = std::move(problems);
  if (!state_.config_problems.empty()) notify(Level::Error, "config.problems", std::to_string(state_.config_problems.size()));
}

void Controller::apply(const cmd::Command& c) {
  last_activity_ = clock_.now();
  // The customers' kiosk: no clerk function, whatever a script or a stray touch asks for.
  if (state_.self_service) {
    if (!self_service_allows(c)) return notify(Level::Error, "self.clerk_only");
    std::visit([this](const auto& x) { handle(x); }, c);
    return;
  }
  if (!allowed_now(c)) {
    notify(Level::Error, state_.session ? "approval.pending" : "signin.required");
    return;
  }
  std::visit([this](const auto& x) { handle(x); }, c);
  derive();
}

void Controller::on_device(const dev::DeviceEvent& e) {
  std::visit(Overload{
                 [this](const dev::DeviceStatus& s) {
                   auto& v = state_.devices[s.kind];
                   const bool changed = v.status.link != s.link || v.status.reason != s.reason;
                   v.status = s;
                   v.last_at = clock_.now();
                   if (changed && sync_.devices) {
                     std::map<std::string, std::string> report;
                     for (const auto& [kind, view] : state_.devices)
                       report[dev::to_string(kind)] = view.status.link == dev::Link::Error && !view.status.reason.empty()
                                                          ? view.status.reason
                                                          : dev::to_string(view.status.link);
                     sync_.devices(std::move(report));
                   }
                   if (changed && s.link == dev::Link::Error && !s.reason.empty())
                     notify(Level::Error, "err." + s.reason, s.name);
                   // A scale unplugged weighs nothing: its last reading is not shown or taken
                   // (and a weight may then be typed by hand, controller_overrides.cpp).
                   if (s.kind == dev::DeviceKind::Scale && s.link == dev::Link::Disconnected) {
                     state_.scale.has_reading = false;
                     state_.scale.stable = false;
                   }
                 },
                 [this](const dev::Scan& s) {
                   ++state_.scans_seen;
                   auto& v = state_.devices[dev::DeviceKind::Scanner];
                   v.last_event = s.text;
                   v.last_event_key = "devices.scanned";
                   v.last_at = clock_.now();
                   // A code the counter took gets the good-scan tone; a refused one got the
                   // error tone from its notice.
                   const std::uint64_t cues = state_.cue_serial;
                   handle(cmd::Scan{s.text, s.symbology});
                   if (state_.cue_serial == cues) cue(Cue::GoodScan);
                 },
                 [this](const dev::ScaleReading& r) { on_scale(r); },
                 [this](const dev::PrintDone& d) { on_print_done(d); },
                 [this](const dev::ScaleZeroed& z) {
                   if (zeroing_ == 0) return;  // not asked for by this controller
                   --zeroing_;
                   if (z.ok) {
                     state_.drop.tare_mg = 0;
                     return notify(Level::Info, "scale.zeroed");
                   }
                   // The scale cannot zero itself (or refused): tare in software with what is on it now.
                   handle(cmd::TareFromScale{});
                 },
                 [this](const dev::DrawerKicked& k) {
                   Kick kick{{}, "cash payment"};
                   if (!kicks_.empty()) {
                     kick = std::move(kicks_.front());
                     kicks_.pop_front();
                   }
                   if (!k.ok) return notify(Level::Error, "err." + k.reason);
                   audit("drawer.opened", kick.subject, kick.detail);
                 },
             },
             e);
  derive();
}

void Controller::on_scale(const dev::ScaleReading& r) {
  ++state_.readings_seen;
  auto& s = state_.scale;
  const bool same_value = s.has_reading && s.reading.state == r.state && s.reading.mg == r.mg;
  if (!same_value) {
    s.value_since = clock_.now();
    s.stable = false;
  }
  s.has_reading = true;
  s.reading = r;
  if (r.state != dev::ScaleState::Stable) s.stable = false;
  tick();
  auto& v = state_.devices[dev::DeviceKind::Scale];
  v.last_event = format_weight(r.mg);
  v.last_event_key = std::string("scale.state.") + dev::to_string(r.state);
  v.last_at = clock_.now();
}

// [SECTION] Navigation and scans

void Controller::handle(const cmd::Navigate& c) {
  // The technician's screen: devices, settings, sync, logs, dead letters.
  if (c.screen == Screen::Devices && !is_technician(state_)) return notify(Level::Error, "signin.technician_only");
  state_.screen = c.screen;
  if (c.screen == Screen::Today) refresh_today();
  if (c.screen == Screen::Stock) refresh_stock();
  if (c.screen == Screen::DropOff) request_reading();
  if (c.screen == Screen::Packages && state_.packages.mode == PackagesMode::Returns) load_returns();
  if (c.screen == Screen::Shift) load_shift();
}

void Controller::handle(const cmd::SetLanguage& c) {
  if (c.language == "vi" || c.language == "en") state_.language = c.language;
}

void Controller::handle(const cmd::DismissNotice&) { state_.notice = Notice{}; }

void Controller::handle(const cmd::ActOnNotice&) {
  const NoticeAction a = state_.notice.action;
  state_.notice = Notice{};
  if (a == NoticeAction::OpenFarmer && state_.drop.phone_owner && state_.drop.items.empty() && !state_.drop.committing) {
    Farmer f = *state_.drop.phone_owner;
    state_.drop.phone_owner.reset();
    state_.screen = Screen::DropOff;
    select_farmer(std::move(f));
  }
  if (a == NoticeAction::OpenShift) {
    state_.screen = Screen::Shift;
    return load_shift();
  }
  auto& d = state_.drop;
  if (a == NoticeAction::UndoRemoveItem && d.removed && d.farmer && !d.committing) {
    const std::size_t at = std::min(d.removed->index, d.items.size());
    d.items.insert(d.items.begin() + static_cast<std::ptrdiff_t>(at), std::move(d.removed->item));
    d.removed.reset();
  }
}

void Controller::handle(const cmd::Scan& c) {
  last_activity_ = clock_.now();
  if (state_.self_service) return self_scan(c.text);
  // A staff badge chooses the account to sign in, or the supervisor who approves.
  if (!state_.session || state_.approval.open) {
    std::string key(trim(c.text));
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
    for (const auto& k : state_.signin.clerks) {
      if (k.badge.empty() || k.badge != key) continue;
      if (state_.session) return handle(cmd::ChooseApprover{k.id});
      return handle(cmd::ChooseClerk{k.id});
    }
    return notify(Level::Error, state_.session ? "approval.scan_badge" : "signin.scan_badge");
  }
  // Package labels on the Packages screen and at handover (controller_packages.cpp).
  if (route_package_scan(c)) return;
  const bool drop_in_progress = !state_.drop.items.empty() || state_.drop.committing;
  const bool pick_in_progress = state_.pick.step == PickStep::Verify || state_.pick.step == PickStep::Pay;
  // An agent's card starts the agent's visit at drop-off, as a member card opens the farmer's
  // (controller_agents.cpp).
  if (codes::is_agent_code(trim(c.text))) {
    if (state_.screen != Screen::DropOff) {
      if (pick_in_progress) return notify(Level::Error, "scan.wrong_screen_member");
      state_.screen = Screen::DropOff;
    }
    return handle(cmd::StartAgentVisit{std::string(trim(c.text))});
  }
  const ScanMeaning m = interpret_scan(c.text, c.symbology);
  using K = ScanMeaning::Kind;
  if (m.kind == K::Invalid) return notify(Level::Error, invalid_scan_key(m), {}, m.raw_kind + ": " + m.error);

  switch (m.kind) {
    case K::Pickup:
      if (state_.screen != Screen::Pickup) {
        if (drop_in_progress) return notify(Level::Error, "scan.wrong_screen_pickup");
        state_.screen = Screen::Pickup;
      }
      return handle(cmd::LookupPickup{m.code});
    case K::Member:
      if (state_.screen != Screen::DropOff) {
        if (pick_in_progress) return notify(Level::Error, "scan.wrong_screen_member");
        state_.screen = Screen::DropOff;
      }
      if (drop_in_progress) return notify(Level::Error, "scan.finish_current_dropoff");
      ask_store([code = m.code](store::Store& st) { return st.farmer_by_member_code(code); },
                [code = m.code](Controller& c, Result<std::optional<Farmer>> r) {
                  if (!r) return c.notify_error(r.error());
                  if (!*r) return c.notify(Level::Error, "farmer.unknown_card", code);
                  c.select_farmer(**r);
                });
      return;
    case K::Product:
    case K::VariableMeasure: {
      if (state_.screen != Screen::DropOff) return notify(Level::Error, "scan.product_on_pickup");
      if (!state_.drop.farmer) return notify(Level::Error, "dropoff.choose_farmer_first");
      const Product* found = nullptr;
      for (const auto& p : state_.products) {
        if (m.kind == K::Product && p.gtin && *p.gtin == m.code) found = &p;
        if (m.kind == K::VariableMeasure && p.sku == m.item) found = &p;
      }
      if (!found) return notify(Level::Error, "scan.product_unknown", m.code.empty() ? m.item : m.code);
      handle(cmd::SelectProduct{found->id});
      return;
    }
    case K::Lot:
      // A crate's label: its lot in the stock (or counted, while a count is open).
      if (state_.screen != Screen::Stock) {
        if (drop_in_progress || pick_in_progress) return notify(Level::Info, "scan.lot", m.code);
        state_.screen = Screen::Stock;
        refresh_stock();
        state_.stock.selected = m.code;
        return;
      }
      return handle(cmd::SelectLot{m.code});
    case K::Other:
      return notify(Level::Error, other_scan_key(m), {}, "a " + m.raw_kind + " code");
    case K::Invalid:
      break;
  }
}

void Controller::derive() {
  auto& d = state_.drop;
  d.total = 0;
  for (const auto& it : d.items) d.total += it.value;
  d.candidate = Candidate{};
  // In whole grams, like the item it would become (draft_item).
  if (state_.scale.has_reading) d.candidate.net_mg = round_to_gram(state_.scale.reading.mg) - round_to_gram(d.tare_mg);
  d.manual_weight_allowed = !scale_usable();
  if (d.farmer && d.product_id) {
    auto it = draft_item();
    if (it) d.candidate.item = std::move(*it);
    else d.candidate.refusal = it.error().code;
  }
  refresh_handover();
  refresh_change();
}

}  // namespace hp::app
