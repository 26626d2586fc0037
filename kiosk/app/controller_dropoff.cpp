// The drop-off flow: find or register the farmer, weigh or count each item, confirm.
#include <algorithm>

#include "kiosk/app/ask_store.hpp"
#include "kiosk/app/controller.hpp"
#include "kiosk/app/scan_kind.hpp"
#include "shared/codes/agent_code.hpp"
#include "kiosk/store/store.hpp"
#include "shared/codes/citizen_id.hpp"
#include "shared/text.hpp"

namespace hp::app {

namespace {

// A weight below this is noise at a produce counter (an empty crate's jitter).
constexpr Milligrams kMinItemWeightMg = 5'000;

}  // namespace

// [SECTION] Drop-off

void Controller::handle(const cmd::SearchFarmers& c) {
  auto& d = state_.drop;
  // A keyboard-wedge scanner types into whatever field has focus: a whole member code in the
  // search box is the card being scanned, not a name.
  // An agent's card, typed or scanned into the search, starts the agent's visit.
  if (codes::is_agent_code(trim(c.query))) {
    d.query.clear();
    d.results.clear();
    ++d.query_serial;
    return handle(cmd::StartAgentVisit{std::string(trim(c.query))});
  }
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
  ask_store([q = d.query](store::Store& st) { return st.search_farmers(q, 20); },
            [serial](Controller& c, Result<std::vector<Farmer>> r) {
              if (serial != c.state_.drop.query_serial) return;  // a newer search is on its way
              if (!r) return c.notify_error(r.error());
              c.state_.drop.results = std::move(*r);
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
  ask_store([id = c.district_id](store::Store& st) { return st.admin_units("commune", std::string_view(id)); },
            [](Controller& c, Result<std::vector<AdminUnit>> r) {
              if (!r) return c.notify_error(r.error());
              c.state_.communes = std::move(*r);
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
  f.vietgap = to_nfc(trim(c.vietgap));
  if (f.name.size() < 2) return notify(Level::Error, "farmer.name_required");
  if (f.phone.size() != 10 || f.phone[0] != '0') return notify(Level::Error, "farmer.phone_invalid");
  if (f.district.empty() || f.commune.empty()) return notify(Level::Error, "farmer.place_required");
  // The CCCD is optional (not every farmer brings the card), but what is typed must have its form.
  if (!trim(c.citizen_id).empty()) {
    auto cccd = codes::check_citizen_id(c.citizen_id, std::stoi(format_local_date(clock_.now()).substr(6, 4)));
    if (!cccd) return notify(Level::Error, cccd.error().code, {}, cccd.error().detail);
    f.citizen_id = std::move(*cccd);
  }
  if (f.vietgap.size() > 64) return notify(Level::Error, "farmer.vietgap_too_long");
  f.id = ids_.next();
  f.member_code = new_code(codes::KioskCodeKind::member);
  f.created_at = clock_.now();
  struct Registered {
    Result<Farmer> farmer;
    std::optional<Farmer> phone_owner;  // who has the phone, when that is why it failed
    std::vector<store::NewPrintJob> jobs;  // the member card
  };
  state_.drop.phone_owner.reset();
  ask_store(
      [this, f = std::move(f), event_id = ids_.next(), job_id = ids_.next(),
       to = route(store::PrintKind::MemberCard)](store::Store& st) {
        // The member card is composed first and stored with the farmer: a card that cannot be
        // printed stops the registration while nothing is written.
        const Farmer as_card{.id = f.id, .member_code = f.member_code, .name = f.name, .phone = f.phone,
                             .commune = f.commune, .district = f.district, .branch = f.branch,
                             .cooperative = f.cooperative, .created_at = f.created_at, .citizen_id = f.citizen_id,
                             .vietgap = f.vietgap};
        auto card = composer_.member_card(as_card);
        if (!card) return Registered{std::unexpected(card.error()), std::nullopt, {}};
        std::vector<store::NewPrintJob> jobs{{job_id, store::PrintKind::MemberCard, f.id, std::move(*card), false, to}};
        Registered out{st.register_farmer(f, event_id, jobs), std::nullopt, {}};
        if (out.farmer) out.jobs = std::move(jobs);
        if (!out.farmer && out.farmer.error().code == "farmer.phone_taken") {
          // All ten digits: the search matches the whole number, so the first is the owner.
          if (auto found = st.search_farmers(f.phone, 1); found && !found->empty() && found->front().phone == f.phone)
            out.phone_owner = found->front();
        }
        return out;
      },
      [](Controller& c, Registered r) {
        if (!r.farmer) {
          if (!r.phone_owner) return c.notify_error(r.farmer.error());
          // Say who has it and offer to open them: the farmer is most likely already registered.
          c.notify_args(Level::Error, "farmer.phone_taken_by", {r.phone_owner->name, r.phone_owner->member_code},
                        r.farmer.error().detail);
          c.state_.notice.action = NoticeAction::OpenFarmer;
          c.state_.notice.action_key = "farmer.open_existing";
          c.state_.drop.phone_owner = std::move(r.phone_owner);
          return;
        }
        c.select_farmer(*r.farmer);
        c.send_jobs(std::move(r.jobs));
        c.notify(Level::Success, "farmer.registered", r.farmer->member_code);
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
  // A new product starts at its own default grade (its first): a grade kept from the last
  // product would change the price without the clerk choosing it.
  if (!d.product_id || *d.product_id != p->id) d.grade = p->prices.empty() ? std::string() : p->prices.front().grade;
  d.product_id = p->id;
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

Result<DraftItem> Controller::draft_item(std::optional<Milligrams> manual_gross) const {
  const auto& d = state_.drop;
  if (!d.farmer) return fail("dropoff.choose_farmer_first");
  if (!d.product_id) return fail("dropoff.choose_product");
  const Product* p = product(*d.product_id);
  if (!p) return fail("product.unknown");
  auto price = std::find_if(p->prices.begin(), p->prices.end(), [&](const GradePrice& g) { return g.grade == d.grade; });
  if (price == p->prices.end()) return fail("product.no_price", d.grade);

  DraftItem it;
  it.product_id = p->id;
  it.product_name = p->name_vi;
  it.grade = d.grade;
  it.unit = p->unit;
  it.unit_price = price->price;
  if (p->unit == PriceUnit::PerKg && manual_gross) {
    // Typed by hand (controller_overrides.cpp checked the scale cannot weigh): the same
    // range and rounding rules as a reading.
    if (*manual_gross <= 0 || *manual_gross > config_.scale_capacity_mg) return fail("weight.manual_invalid");
    it.gross_mg = round_to_gram(*manual_gross);
    it.tare_mg = round_to_gram(d.tare_mg);
    const Milligrams net = it.gross_mg - it.tare_mg;
    if (net < kMinItemWeightMg) return fail("scale.net_too_small");
    it.value = value_by_weight(it.unit_price, net);
    it.weight_manual = true;
  } else if (p->unit == PriceUnit::PerKg) {
    const auto& s = state_.scale;
    if (!s.has_reading) return fail("scale.no_reading");
    switch (s.reading.state) {
      case dev::ScaleState::Stable: break;
      case dev::ScaleState::InMotion: return fail("scale.wait_stable");
      case dev::ScaleState::OverCapacity: return fail("scale.over_capacity");
      case dev::ScaleState::UnderZero: return fail("scale.under_zero");
      case dev::ScaleState::Zero: return fail("scale.empty");
      default: return fail("scale.fault");
    }
    if (!s.stable) return fail("scale.wait_stable");
    if (s.reading.mg < 0) return fail("scale.under_zero");
    if (s.reading.capacity_mg > 0 && s.reading.mg > s.reading.capacity_mg) return fail("scale.over_capacity");
    if (s.reading.mg > config_.scale_capacity_mg) return fail("scale.over_capacity");
    // Whole grams, as shown and printed, so gross - tare = net and net x price = value hold on
    // paper (docs/printing.md, "Rounding").
    it.gross_mg = round_to_gram(s.reading.mg);
    it.tare_mg = round_to_gram(d.tare_mg);
    const Milligrams net = it.gross_mg - it.tare_mg;
    if (net < kMinItemWeightMg) return fail("scale.net_too_small");
    it.value = value_by_weight(it.unit_price, net);
  } else {
    if (d.pieces <= 0) return fail("dropoff.enter_pieces");
    it.pieces = d.pieces;
    it.value = it.unit_price * d.pieces;
  }
  return it;
}

void Controller::handle(const cmd::AddItem&) {
  auto it = draft_item();
  // The grade is the argument of product.no_price; every other refusal has none.
  if (!it) return notify(Level::Error, it.error().code, it.error().detail);
  auto& d = state_.drop;
  d.items.push_back(std::move(*it));
  d.pieces = 0;
  notify(Level::Success, "dropoff.item_added", d.items.back().product_name);
}

void Controller::handle(const cmd::RemoveItem& c) {
  auto& d = state_.drop;
  if (c.index >= d.items.size() || d.committing) return;
  d.removed = DropOffState::Removed{c.index, std::move(d.items[c.index])};
  d.items.erase(d.items.begin() + static_cast<std::ptrdiff_t>(c.index));
  notify(Level::Info, "dropoff.item_removed", d.removed->item.product_name);
  state_.notice.action = NoticeAction::UndoRemoveItem;
  state_.notice.action_key = "dropoff.undo_remove";
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
  rec.clerk_id = clerk_id();
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
    it.weight_manual = di.weight_manual;
    it.weight_by = di.weight_by;
    it.list_price = di.list_price;
    it.price_by = di.price_by;
    it.lot_id = ids_.next();
    rec.total += it.value;
    rec.items.push_back(std::move(it));
  }
  rec.agent = agent_credit(rec.total);
  d.committing = true;
  commit_drop_off(std::move(rec), *d.farmer, 0);
}

void Controller::commit_drop_off(DropOff rec, Farmer farmer, int attempt) {
  for (auto& it : rec.items) it.lot_code = new_code(codes::KioskCodeKind::lot);
  std::vector<Product> products;
  for (const auto& it : rec.items)
    if (const Product* p = product(it.product_id)) products.push_back(*p);
  struct Committed {
    Status status;
    std::vector<store::NewPrintJob> jobs;
    std::string number;  // the short number the receipt printed
  };
  std::vector<std::string> job_ids;
  for (std::size_t i = 0; i <= rec.items.size(); ++i) job_ids.push_back(ids_.next());
  // Composed and rendered on the store worker, never on the UI thread. Every job is composed
  // before the commit, so a job that cannot be printed stops the drop-off while nothing is
  // written yet.
  ask_store(
      [this, rec, farmer, products = std::move(products), job_ids, event_id = ids_.next(),
       receipt_to = route(store::PrintKind::DropOffReceipt), labels_to = route(store::PrintKind::Label)](store::Store& st) mutable {
        Committed out;
        // Taken here, on the store thread, right before the commit that stores it.
        auto number = st.next_drop_off_number(rec.created_at);
        if (!number) return Committed{std::unexpected(number.error()), {}, {}};
        rec.number = out.number = *number;
        auto receipt = composer_.drop_off_receipt(rec, farmer, false);
        if (!receipt) return Committed{std::unexpected(receipt.error()), {}, {}};
        out.jobs.push_back({job_ids[0], store::PrintKind::DropOffReceipt, rec.id, std::move(*receipt), false, receipt_to});
        for (std::size_t i = 0; i < rec.items.size(); ++i) {
          const auto& it = rec.items[i];
          auto p = std::find_if(products.begin(), products.end(), [&](const Product& x) { return x.id == it.product_id; });
          if (p == products.end()) return Committed{fail("product.unknown"), {}, {}};
          auto label = labels_to == store::PrinterRole::Label ? composer_.label_printer_label(rec, it, farmer, *p)
                                                              : composer_.label(rec, it, farmer, *p);
          if (!label) return Committed{std::unexpected(label.error()), {}, {}};
          out.jobs.push_back({job_ids[i + 1], store::PrintKind::Label, it.lot_id, std::move(*label), false, labels_to});
        }
        out.status = st.commit_drop_off(rec, event_id, out.jobs);
        return out;
      },
      [rec, farmer, attempt](Controller& c, Committed r) mutable {
        if (!r.status) {
          // A lot code (or, with another writer, the number) collided with one already stored:
          // new codes, try again.
          if (r.status.error().code == "db.constraint" && attempt < 3) return c.commit_drop_off(rec, farmer, attempt + 1);
          c.state_.drop.committing = false;
          return c.notify_error(r.status.error());
        }
        auto& d = c.state_.drop;
        d.committing = false;
        d.items.clear();
        d.removed.reset();
        d.tare_mg = 0;
        d.pieces = 0;
        d.product_id.reset();
        rec.number = r.number;
        d.done = rec;
        d.step = DropStep::Done;
        c.visit_committed(rec);
        c.send_jobs(std::move(r.jobs));
        c.notify_args(Level::Success, "dropoff.saved", {rec.number, format_vnd(rec.total)});
        c.cue(Cue::Completed);
        if (c.state_.screen == Screen::Today) c.refresh_today();
      });
}

void Controller::handle(const cmd::CancelDropOff&) {
  auto& d = state_.drop;
  if (d.committing) return;
  // Items weighed are work: throwing them away takes a second, deliberate tap.
  if (!d.items.empty()) return ask(QuestionKind::CancelDropOff, std::to_string(d.items.size()));
  cancel_drop_off();
}

void Controller::handle(const cmd::CancelRegistration& c) {
  if (state_.drop.step != DropStep::Register) return;
  // A name and a phone typed for a farmer waiting at the counter are work too.
  if (c.has_input) return ask(QuestionKind::CancelRegistration);
  cancel_registration();
}

void Controller::cancel_registration() {
  if (state_.drop.step != DropStep::Register) return;
  state_.drop = DropOffState{};
  notify(Level::Info, "register.cancelled");
}

void Controller::cancel_drop_off() {
  auto& d = state_.drop;
  if (d.committing) return;
  // Weighed produce thrown away is logged: who, for which farmer, how much.
  if (!d.items.empty())
    audit("dropoff.discarded", d.farmer ? d.farmer->member_code : std::string(),
          std::to_string(d.items.size()) + " items, " + format_vnd(d.total));
  d = DropOffState{};
  notify(Level::Info, "dropoff.cancelled");
}

void Controller::handle(const cmd::NewDropOff&) {
  if (state_.drop.committing) return;
  state_.drop = DropOffState{};
}

}  // namespace hp::app
