#include "kiosk/app/controller.hpp"

#include <algorithm>

#include "kiosk/app/scan_kind.hpp"
#include "shared/codes/kiosk_codes.hpp"
#include "shared/codes/vietqr.hpp"
#include "shared/text.hpp"

namespace hp::app {

namespace {

template <class... F>
struct Overload : F... {
  using F::operator()...;
};

// A weight below this is noise at a produce counter (an empty crate's jitter).
constexpr Milligrams kMinItemWeightMg = 5'000;

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
  state_.clerk = config_.clerk;
  state_.kiosk_id = config_.kiosk_id;
  for (auto kind : {dev::DeviceKind::Scanner, dev::DeviceKind::Scale, dev::DeviceKind::Printer})
    state_.devices[kind].status = dev::DeviceStatus{kind, "", dev::Link::Disconnected, ""};
}

// [SECTION] Plumbing

void Controller::notify(Level level, std::string key, std::string arg, std::string detail) {
  state_.notice = Notice{level, std::move(key), std::move(arg), std::move(detail), ++state_.notice_serial};
}

void Controller::notify_error(const Error& e) { notify(Level::Error, "err." + e.code, {}, e.detail); }

bool Controller::busy() const {
  const bool settling = state_.scale.has_reading && state_.scale.reading.state == dev::ScaleState::Stable &&
                        !state_.scale.stable;
  return in_flight_ > 0 || worker_.pending() > 0 || printing_ > 0 || zeroing_ > 0 || settling;
}

UtcMillis Controller::next_deadline() const {
  const auto& s = state_.scale;
  if (s.has_reading && s.reading.state == dev::ScaleState::Stable && !s.stable)
    return s.value_since + config_.scale_settle_ms;
  return 0;
}

void Controller::tick() {
  auto& s = state_.scale;
  if (s.has_reading && s.reading.state == dev::ScaleState::Stable && !s.stable &&
      clock_.now() - s.value_since >= config_.scale_settle_ms)
    s.stable = true;
}

void Controller::start() {
  ++in_flight_;
  worker_.post([this](store::Store& st) {
    auto products = st.products();
    auto districts = st.admin_units("district", std::nullopt);
    auto branches = st.branches();
    auto jobs = st.queued_print_jobs();
    queue_.post([products = std::move(products), districts = std::move(districts), branches = std::move(branches),
                 jobs = std::move(jobs)](Controller& c) mutable {
      --c.in_flight_;
      if (!products) return c.notify_error(products.error());
      c.state_.products = std::move(*products);
      if (districts) c.state_.districts = std::move(*districts);
      if (branches) c.state_.branches = std::move(*branches);
      if (jobs && !jobs->empty()) {
        // Jobs stored but not confirmed printed before the last stop: finish them, once.
        std::vector<store::NewPrintJob> again;
        for (auto& j : *jobs) again.push_back({j.id, j.kind, j.ref_id, j.payload, j.copy});
        c.submit_jobs(again);
        c.notify(Level::Info, "print.resumed", std::to_string(again.size()));
      }
      c.refresh_today();
    });
  });
  request_reading();
}

void Controller::set_config_problems(std::vector<std::string> problems) {
  state_.config_problems = std::move(problems);
  if (!state_.config_problems.empty()) notify(Level::Error, "config.problems", std::to_string(state_.config_problems.size()));
}

void Controller::apply(const cmd::Command& c) {
  std::visit([this](const auto& x) { handle(x); }, c);
}

void Controller::on_device(const dev::DeviceEvent& e) {
  std::visit(Overload{
                 [this](const dev::DeviceStatus& s) {
                   auto& v = state_.devices[s.kind];
                   const bool changed = v.status.link != s.link || v.status.reason != s.reason;
                   v.status = s;
                   v.last_at = clock_.now();
                   if (changed && s.link == dev::Link::Error && !s.reason.empty())
                     notify(Level::Error, "err." + s.reason, s.name);
                 },
                 [this](const dev::Scan& s) {
                   ++state_.scans_seen;
                   auto& v = state_.devices[dev::DeviceKind::Scanner];
                   v.last_event = s.text;
                   v.last_at = clock_.now();
                   handle(cmd::Scan{s.text, s.symbology});
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
                   if (!k.ok) notify(Level::Error, "err." + k.reason);
                 },
             },
             e);
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
  v.last_event = format_weight(r.mg) + " " + dev::to_string(r.state);
  v.last_at = clock_.now();
}

void Controller::on_print_done(const dev::PrintDone& d) {
  if (printing_ > 0) --printing_;
  state_.print.queued = printing_;
  auto& v = state_.devices[dev::DeviceKind::Printer];
  v.last_event = d.ok ? "printed " + d.job_id.substr(0, 8) : "failed " + d.reason;
  v.last_at = clock_.now();
  if (!d.ok) notify(Level::Error, "err." + (d.reason.empty() ? std::string("printer.failed") : d.reason));
  // The job stays "queued" in the store unless the printer confirmed it, so a failed job is
  // resent at the next start instead of being lost.
  if (!d.ok) return;
  worker_.post([id = d.job_id](store::Store& st) { (void)st.mark_print_job(id, "printed"); });
}

void Controller::submit_jobs(const std::vector<store::NewPrintJob>& jobs) {
  for (const auto& j : jobs) {
    if (j.kind != "label") {
      state_.print.last_job_id = j.id;
      state_.print.last_payload = j.payload;
    }
    if (devices_.printer) {
      ++printing_;
      devices_.printer->submit(dev::PrintJobBytes{j.id, j.kind, j.payload});
    }
  }
  state_.print.queued = printing_;
}

// [SECTION] Navigation and scans

void Controller::handle(const cmd::Navigate& c) {
  state_.screen = c.screen;
  if (c.screen == Screen::Today) refresh_today();
  if (c.screen == Screen::DropOff) request_reading();
}

void Controller::handle(const cmd::SetLanguage& c) {
  if (c.language == "vi" || c.language == "en") state_.language = c.language;
}

void Controller::handle(const cmd::DismissNotice&) { state_.notice = Notice{}; }

void Controller::handle(const cmd::Scan& c) {
  const ScanMeaning m = interpret_scan(c.text, c.symbology);
  using K = ScanMeaning::Kind;
  if (m.kind == K::Invalid) return notify(Level::Error, "scan.invalid", m.raw_kind, m.error);
  const bool drop_in_progress = !state_.drop.items.empty() || state_.drop.committing;
  const bool pick_in_progress = state_.pick.step == PickStep::Verify || state_.pick.step == PickStep::Pay;

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
      {
        ++in_flight_;
        worker_.post([this, code = m.code](store::Store& st) {
          auto r = st.farmer_by_member_code(code);
          queue_.post([r = std::move(r), code](Controller& c) {
            --c.in_flight_;
            if (!r) return c.notify_error(r.error());
            if (!*r) return c.notify(Level::Error, "farmer.unknown_card", code);
            c.select_farmer(**r);
          });
        });
      }
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
      return notify(Level::Info, "scan.lot", m.code);
    case K::Other:
      return notify(Level::Error, "scan.not_for_counter", m.raw_kind);
    case K::Invalid:
      break;
  }
}

// [SECTION] Drop-off

void Controller::handle(const cmd::SearchFarmers& c) {
  auto& d = state_.drop;
  // A keyboard-wedge scanner types into whatever field has focus: a whole member code in the
  // search box is the card being scanned, not a name.
  if (const ScanMeaning m = interpret_scan(trim(c.query), ""); m.kind == ScanMeaning::Kind::Member) {
    d.query.clear();
    d.results.clear();
    ++d.query_serial;
    return handle(cmd::Scan{m.code, ""});
  }
  d.query = to_nfc(trim(c.query));
  const std::uint64_t serial = ++d.query_serial;
  if (d.query.empty()) {
    d.results.clear();
    return;
  }
  ++in_flight_;
  worker_.post([this, q = d.query, serial](store::Store& st) {
    auto r = st.search_farmers(q, 20);
    queue_.post([r = std::move(r), serial](Controller& c) {
      --c.in_flight_;
      if (serial != c.state_.drop.query_serial) return;  // a newer search is on its way
      if (!r) return c.notify_error(r.error());
      c.state_.drop.results = std::move(*r);
    });
  });
}

void Controller::select_farmer(Farmer f) {
  auto& d = state_.drop;
  d.farmer = f;
  d.step = DropStep::Items;
  d.results.clear();
  d.query.clear();
  d.done.reset();
  notify(Level::Info, "dropoff.farmer_selected", f.name);
  request_reading();
}

void Controller::handle(const cmd::SelectFarmer& c) {
  for (const auto& f : state_.drop.results)
    if (f.id == c.farmer_id) return select_farmer(f);
  notify(Level::Error, "farmer.not_found");
}

void Controller::handle(const cmd::StartRegister&) {
  state_.drop.step = DropStep::Register;
  state_.communes.clear();
}

void Controller::handle(const cmd::ChooseDistrict& c) {
  ++in_flight_;
  worker_.post([this, id = c.district_id](store::Store& st) {
    auto r = st.admin_units("commune", std::string_view(id));
    queue_.post([r = std::move(r)](Controller& c) {
      --c.in_flight_;
      if (!r) return c.notify_error(r.error());
      c.state_.communes = std::move(*r);
    });
  });
}

void Controller::handle(const cmd::RegisterFarmer& c) {
  store::NewFarmer f;
  f.name = to_nfc(trim(c.name));
  f.phone = digits_only(c.phone);
  f.commune = to_nfc(trim(c.commune));
  f.district = to_nfc(trim(c.district));
  f.branch = to_nfc(trim(c.branch));
  f.cooperative = to_nfc(trim(c.cooperative));
  if (f.name.size() < 2) return notify(Level::Error, "farmer.name_required");
  if (f.phone.size() != 10 || f.phone[0] != '0') return notify(Level::Error, "farmer.phone_invalid");
  if (f.district.empty() || f.commune.empty()) return notify(Level::Error, "farmer.place_required");
  f.id = ids_.next();
  f.member_code = new_code(codes::KioskCodeKind::member);
  f.created_at = clock_.now();
  ++in_flight_;
  worker_.post([this, f = std::move(f), event_id = ids_.next()](store::Store& st) {
    auto r = st.register_farmer(f, event_id);
    queue_.post([r = std::move(r)](Controller& c) {
      --c.in_flight_;
      if (!r) return c.notify_error(r.error());
      c.select_farmer(*r);
      c.notify(Level::Success, "farmer.registered", r->member_code);
    });
  });
}

void Controller::handle(const cmd::ChangeFarmer&) {
  auto& d = state_.drop;
  if (!d.items.empty()) return notify(Level::Error, "dropoff.items_pending");
  d.farmer.reset();
  d.step = DropStep::FindFarmer;
}

const Product* Controller::product(const std::string& id) const {
  for (const auto& p : state_.products)
    if (p.id == id) return &p;
  return nullptr;
}

void Controller::handle(const cmd::SelectProduct& c) {
  const Product* p = product(c.product_id);
  if (!p) return notify(Level::Error, "product.unknown");
  auto& d = state_.drop;
  d.product_id = p->id;
  // Keep the grade when the product has it; otherwise its first.
  const bool has = std::any_of(p->prices.begin(), p->prices.end(), [&](const GradePrice& g) { return g.grade == d.grade; });
  if (!has && !p->prices.empty()) d.grade = p->prices.front().grade;
  if (p->unit == PriceUnit::PerPiece && d.pieces <= 0) d.pieces = 0;
}

void Controller::handle(const cmd::SelectGrade& c) { state_.drop.grade = c.grade; }

void Controller::handle(const cmd::TareFromScale&) {
  const auto& s = state_.scale;
  if (!s.has_reading || s.reading.state != dev::ScaleState::Stable || !s.stable)
    return notify(Level::Error, "scale.wait_stable");
  state_.drop.tare_mg = s.reading.mg;
  notify(Level::Info, "scale.tare_set", format_weight(s.reading.mg));
}

void Controller::handle(const cmd::SetTare& c) {
  if (c.mg < 0 || c.mg > config_.scale_capacity_mg) return notify(Level::Error, "scale.tare_invalid");
  state_.drop.tare_mg = c.mg;
}

void Controller::handle(const cmd::ZeroScale&) {
  // A request: the scale's ScaleZeroed answer (on_device) sets the tare.
  if (!devices_.scale) return handle(cmd::TareFromScale{});
  ++zeroing_;
  devices_.scale->request_zero();
}

void Controller::handle(const cmd::SetPieces& c) {
  if (c.pieces < 0 || c.pieces > 100'000) return notify(Level::Error, "dropoff.pieces_invalid");
  state_.drop.pieces = c.pieces;
}

void Controller::handle(const cmd::AddItem&) {
  auto& d = state_.drop;
  if (!d.farmer) return notify(Level::Error, "dropoff.choose_farmer_first");
  if (!d.product_id) return notify(Level::Error, "dropoff.choose_product");
  const Product* p = product(*d.product_id);
  if (!p) return notify(Level::Error, "product.unknown");
  auto price = std::find_if(p->prices.begin(), p->prices.end(), [&](const GradePrice& g) { return g.grade == d.grade; });
  if (price == p->prices.end()) return notify(Level::Error, "product.no_price", d.grade);

  DraftItem it;
  it.product_id = p->id;
  it.product_name = p->name_vi;
  it.grade = d.grade;
  it.unit = p->unit;
  it.unit_price = price->price;
  if (p->unit == PriceUnit::PerKg) {
    const auto& s = state_.scale;
    if (!s.has_reading) return notify(Level::Error, "scale.no_reading");
    switch (s.reading.state) {
      case dev::ScaleState::Stable: break;
      case dev::ScaleState::InMotion: return notify(Level::Error, "scale.wait_stable");
      case dev::ScaleState::OverCapacity: return notify(Level::Error, "scale.over_capacity");
      case dev::ScaleState::UnderZero: return notify(Level::Error, "scale.under_zero");
      case dev::ScaleState::Zero: return notify(Level::Error, "scale.empty");
      default: return notify(Level::Error, "scale.fault");
    }
    if (!s.stable) return notify(Level::Error, "scale.wait_stable");
    if (s.reading.mg < 0) return notify(Level::Error, "scale.under_zero");
    if (s.reading.capacity_mg > 0 && s.reading.mg > s.reading.capacity_mg) return notify(Level::Error, "scale.over_capacity");
    if (s.reading.mg > config_.scale_capacity_mg) return notify(Level::Error, "scale.over_capacity");
    const Milligrams net = s.reading.mg - d.tare_mg;
    if (net < kMinItemWeightMg) return notify(Level::Error, "scale.net_too_small");
    it.gross_mg = s.reading.mg;
    it.tare_mg = d.tare_mg;
    it.value = value_by_weight(it.unit_price, net);
  } else {
    if (d.pieces <= 0) return notify(Level::Error, "dropoff.enter_pieces");
    it.pieces = d.pieces;
    it.value = it.unit_price * d.pieces;
  }
  d.items.push_back(std::move(it));
  d.pieces = 0;
  notify(Level::Success, "dropoff.item_added", d.items.back().product_name);
}

void Controller::handle(const cmd::RemoveItem& c) {
  auto& items = state_.drop.items;
  if (c.index < items.size()) items.erase(items.begin() + static_cast<std::ptrdiff_t>(c.index));
}

std::string Controller::new_code(codes::KioskCodeKind kind) {
  return codes::generate_kiosk_code(kind, [this] { return rng_(); });
}

// A weight already on the scale when a screen opens must show: ask for it again.
void Controller::request_reading() {
  if (devices_.scale) devices_.scale->request_reading();
}

void Controller::handle(const cmd::ConfirmDropOff&) {
  auto& d = state_.drop;
  if (d.committing) return;  // a second tap while the first commits must not double it
  if (!d.farmer) return notify(Level::Error, "dropoff.choose_farmer_first");
  if (d.items.empty()) return notify(Level::Error, "dropoff.no_items");
  DropOff rec;
  rec.id = ids_.next();
  rec.farmer_id = d.farmer->id;
  rec.farmer_name = d.farmer->name;
  rec.clerk = state_.clerk;
  rec.kiosk_id = state_.kiosk_id;
  rec.created_at = clock_.now();
  for (const auto& di : d.items) {
    DropOffItem it;
    it.id = ids_.next();
    it.product_id = di.product_id;
    it.product_name = di.product_name;
    it.grade = di.grade;
    it.unit = di.unit;
    it.gross_mg = di.gross_mg;
    it.tare_mg = di.tare_mg;
    it.net_mg = di.unit == PriceUnit::PerKg ? di.gross_mg - di.tare_mg : 0;
    it.pieces = di.pieces;
    it.unit_price = di.unit_price;
    it.value = di.value;
    it.lot_id = ids_.next();
    rec.total += it.value;
    rec.items.push_back(std::move(it));
  }
  d.committing = true;
  commit_drop_off(std::move(rec), 0);
}

void Controller::commit_drop_off(DropOff rec, int attempt) {
  for (auto& it : rec.items) it.lot_code = new_code(codes::KioskCodeKind::lot);
  const Farmer farmer = *state_.drop.farmer;
  std::vector<store::NewPrintJob> jobs;
  // Every job is composed before the commit, so a job that cannot be printed stops the
  // drop-off while nothing is written yet.
  auto receipt = composer_.drop_off_receipt(rec, farmer, false);
  if (!receipt) {
    state_.drop.committing = false;
    return notify_error(receipt.error());
  }
  jobs.push_back({ids_.next(), "dropoff_receipt", rec.id, std::move(*receipt), false});
  for (const auto& it : rec.items) {
    const Product* p = product(it.product_id);
    auto label = p ? composer_.label(rec, it, farmer, *p) : Result<std::string>(fail("product.unknown"));
    if (!label) {
      state_.drop.committing = false;
      return notify_error(label.error());
    }
    jobs.push_back({ids_.next(), "label", it.lot_id, std::move(*label), false});
  }
  ++in_flight_;
  worker_.post([this, rec, jobs, event_id = ids_.next(), attempt](store::Store& st) {
    auto r = st.commit_drop_off(rec, event_id, jobs);
    queue_.post([r = std::move(r), rec, jobs, attempt](Controller& c) {
      --c.in_flight_;
      if (!r) {
        // A lot code collided with one already stored: new codes, try again.
        if (r.error().code == "db.constraint" && attempt < 3) return c.commit_drop_off(rec, attempt + 1);
        c.state_.drop.committing = false;
        return c.notify_error(r.error());
      }
      auto& d = c.state_.drop;
      d.committing = false;
      d.items.clear();
      d.tare_mg = 0;
      d.pieces = 0;
      d.product_id.reset();
      d.done = rec;
      d.step = DropStep::Done;
      c.submit_jobs(jobs);
      c.notify(Level::Success, "dropoff.saved", format_vnd(rec.total));
      if (c.state_.screen == Screen::Today) c.refresh_today();
    });
  });
}

void Controller::handle(const cmd::CancelDropOff&) {
  auto& d = state_.drop;
  if (d.committing) return;
  d = DropOffState{};
  notify(Level::Info, "dropoff.cancelled");
}

void Controller::handle(const cmd::NewDropOff&) {
  if (state_.drop.committing) return;
  state_.drop = DropOffState{};
}

// [SECTION] Pickup

void Controller::handle(const cmd::LookupPickup& c) {
  auto& p = state_.pick;
  if (p.committing) return;
  const ScanMeaning m = interpret_scan(c.code, "");
  if (m.kind != ScanMeaning::Kind::Pickup) {
    if (m.kind == ScanMeaning::Kind::Invalid || m.kind == ScanMeaning::Kind::Other)
      return notify(Level::Error, "pickup.code_invalid", trim(c.code));
    return notify(Level::Error, "scan.not_pickup_code");
  }
  p = PickupState{};
  p.looking_up = true;
  ++in_flight_;
  worker_.post([this, code = m.code](store::Store& st) {
    auto r = st.order_by_pickup_code(code);
    queue_.post([r = std::move(r), code](Controller& c) {
      --c.in_flight_;
      auto& p = c.state_.pick;
      p.looking_up = false;
      if (!r) return c.notify_error(r.error());
      if (!*r) return c.notify(Level::Error, "pickup.not_found", code);
      const Order& o = **r;
      if (o.status == OrderStatus::Collected) return c.notify(Level::Error, "pickup.already_collected", code);
      if (o.status != OrderStatus::Ready) return c.notify(Level::Error, "pickup.not_ready", code);
      p.order = o;
      p.step = PickStep::Verify;
      c.notify(Level::Info, "pickup.check_phone", o.buyer_name);
    });
  });
}

void Controller::handle(const cmd::VerifyPhone& c) {
  auto& p = state_.pick;
  if (!p.order || p.step != PickStep::Verify) return;
  if (p.locked) return notify(Level::Error, "pickup.locked");
  const std::string digits = digits_only(c.last4);
  const std::string& phone = p.order->buyer_phone;
  if (digits.size() != 4 || phone.size() < 4 || phone.compare(phone.size() - 4, 4, digits) != 0) {
    if (++p.wrong_attempts >= config_.max_phone_attempts) {
      p.locked = true;
      return notify(Level::Error, "pickup.locked");
    }
    return notify(Level::Error, "pickup.phone_mismatch", std::to_string(config_.max_phone_attempts - p.wrong_attempts));
  }
  p.step = PickStep::Pay;
  if (!p.order->cash_on_delivery) {
    p.method = PaymentMethod::Prepaid;
    notify(Level::Success, "pickup.verified_prepaid");
  } else {
    p.method = PaymentMethod::Cash;
    notify(Level::Info, "pickup.collect_amount", format_vnd(p.order->amount_due));
  }
}

void Controller::handle(const cmd::ChoosePayment& c) {
  auto& p = state_.pick;
  if (!p.order || p.step != PickStep::Pay || !p.order->cash_on_delivery) return;
  if (c.method == PaymentMethod::Prepaid) return;
  p.method = c.method;
  if (c.method == PaymentMethod::VietQr) {
    codes::VietQrRequest q;
    q.bank_bin = config_.vietqr_bank_bin;
    q.account = config_.vietqr_account;
    q.amount_vnd = p.order->amount_due;
    q.purpose = "Nhan hang " + p.order->pickup_code;
    auto payload = codes::build_vietqr(q);
    if (!payload) return notify_error(payload.error());
    p.vietqr_payload = *payload;
  }
}

void Controller::handle(const cmd::SetCashReceived& c) {
  if (c.amount < 0) return;
  state_.pick.cash_received = c.amount;
}

void Controller::handle(const cmd::ConfirmPickup&) {
  auto& p = state_.pick;
  if (p.committing || !p.order || p.step != PickStep::Pay) return;
  const Order& o = *p.order;
  if (o.cash_on_delivery && p.method == PaymentMethod::Cash && p.cash_received > 0 && p.cash_received < o.amount_due)
    return notify(Level::Error, "pickup.cash_short", format_vnd(o.amount_due - p.cash_received));
  Pickup rec;
  rec.id = ids_.next();
  rec.order_id = o.id;
  rec.pickup_code = o.pickup_code;
  rec.buyer_name = o.buyer_name;
  rec.method = o.cash_on_delivery ? p.method : PaymentMethod::Prepaid;
  rec.amount_paid = o.cash_on_delivery ? o.amount_due : 0;
  rec.clerk = state_.clerk;
  rec.kiosk_id = state_.kiosk_id;
  rec.collected_at = clock_.now();
  auto receipt = composer_.pickup_receipt(o, rec, false);
  if (!receipt) return notify_error(receipt.error());
  std::vector<store::NewPrintJob> jobs{{ids_.next(), "pickup_receipt", rec.id, std::move(*receipt), false}};
  p.committing = true;
  ++in_flight_;
  worker_.post([this, rec, jobs, event_id = ids_.next()](store::Store& st) {
    auto r = st.record_pickup(rec, event_id, jobs);
    queue_.post([r = std::move(r), rec, jobs](Controller& c) {
      --c.in_flight_;
      auto& p = c.state_.pick;
      p.committing = false;
      if (!r) return c.notify_error(r.error());
      p.done = rec;
      p.step = PickStep::Done;
      if (p.order) p.order->status = OrderStatus::Collected;
      c.submit_jobs(jobs);
      c.notify(Level::Success, "pickup.saved", rec.pickup_code);
    });
  });
}

void Controller::handle(const cmd::CancelPickup&) {
  if (state_.pick.committing) return;
  state_.pick = PickupState{};
}

// [SECTION] Today and reprints

void Controller::refresh_today() {
  ++in_flight_;
  worker_.post([this, q = state_.today.query, start = local_day_start(clock_.now())](store::Store& st) {
    auto r = st.today(start, q, 500);
    queue_.post([r = std::move(r), q](Controller& c) {
      --c.in_flight_;
      if (!r) return c.notify_error(r.error());
      if (q != c.state_.today.query) return;
      auto& t = c.state_.today;
      t.entries = std::move(*r);
      t.dropoff_total = t.collected_total = 0;
      t.dropoffs = t.pickups = 0;
      for (const auto& e : t.entries) {
        if (e.kind == "dropoff") {
          ++t.dropoffs;
          t.dropoff_total += e.amount;
        } else {
          ++t.pickups;
          t.collected_total += e.amount;
        }
      }
    });
  });
}

void Controller::handle(const cmd::SearchToday& c) {
  state_.today.query = to_nfc(trim(c.query));
  refresh_today();
}

void Controller::handle(const cmd::Reprint& c) {
  if (c.job_kind != "dropoff_receipt") return notify(Level::Error, "print.reprint_unsupported");
  ++in_flight_;
  worker_.post([this, ref = c.ref_id](store::Store& st) {
    auto d = st.drop_off_by_id(ref);
    std::optional<Farmer> farmer;
    if (d && *d) {
      auto f = st.farmer_by_id((*d)->farmer_id);
      if (f && *f) farmer = **f;
    }
    std::optional<store::NewPrintJob> job;
    Status saved;
    if (d && *d && farmer) {
      auto bytes = composer_.drop_off_receipt(**d, *farmer, true);
      if (bytes) {
        job = store::NewPrintJob{ids_.next(), "dropoff_receipt", ref, std::move(*bytes), true};
        saved = st.add_print_job(*job, clock_.now());
      } else {
        saved = std::unexpected(bytes.error());
      }
    }
    queue_.post([ok = d.has_value() && d->has_value() && farmer.has_value(), job, saved](Controller& c) {
      --c.in_flight_;
      if (!ok) return c.notify(Level::Error, "print.reprint_not_found");
      if (!saved || !job) return c.notify_error(saved.error());
      c.submit_jobs({*job});
      c.notify(Level::Success, "print.reprinted");
    });
  });
}

void Controller::handle(const cmd::PrintShiftReport&) {
  ++in_flight_;
  const UtcMillis to = clock_.now();
  worker_.post([this, from = local_day_start(to), to, clerk = state_.clerk, kiosk = state_.kiosk_id](store::Store& st) {
    Result<store::NewPrintJob> job = fail("print.nothing");
    if (auto a = st.activity(from, to + 1); !a) {  // up to and including this millisecond
      job = std::unexpected(a.error());
    } else if (auto bytes = composer_.shift_report(clerk, kiosk, from, to, a->drop_offs, a->pickups); !bytes) {
      job = std::unexpected(bytes.error());
    } else {
      job = store::NewPrintJob{ids_.next(), "shift_report", kiosk, std::move(*bytes), false};
      if (auto saved = st.add_print_job(*job, to); !saved) job = std::unexpected(saved.error());
    }
    queue_.post([job = std::move(job)](Controller& c) {
      --c.in_flight_;
      if (!job) return c.notify_error(job.error());
      c.submit_jobs({*job});
      c.notify(Level::Success, "print.shift_report_sent");
    });
  });
}

}  // namespace hp::app
