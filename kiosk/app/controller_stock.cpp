// The Stock screen (docs/stock.md): the lots held here with their shelf places and what to do
// about each before it spoils, moving lots (oldest first), and stock counts.
#include <algorithm>

#include "kiosk/app/ask_store.hpp"
#include "kiosk/app/controller.hpp"
#include "kiosk/store/store.hpp"

namespace hp::app {

namespace {

// A crate weighed at a count may differ this much from its drop-off weight and still be the
// same produce: a crate of greens loses water by the hour.
constexpr Milligrams kCountToleranceMg = 200'000;

stock::ShelfLifeOf shelf_life_of(const std::vector<Product>& products) {
  return [&products](std::string_view id) -> std::optional<stock::ShelfLife> {
    for (const auto& p : products)
      if (p.id == id && p.shelf_life_days) return stock::ShelfLife{*p.shelf_life_days, p.shelf_warn_days};
    return std::nullopt;
  };
}

int urgency(stock::Action a) {
  switch (a) {
    case stock::Action::Return: return 0;
    case stock::Action::MarkDown: return 1;
    case stock::Action::SendOn: return 2;
    case stock::Action::Ok: return 3;
  }
  return 3;
}

}  // namespace

void Controller::refresh_stock() {
  ask_store([](store::Store& st) { return st.held_lots(); },
            [](Controller& c, Result<std::vector<store::HeldLot>> r) {
              if (!r) return c.notify_error(r.error());
              auto& s = c.state_.stock;
              std::vector<stock::StockLot> lots;
              for (const auto& h : *r) lots.push_back(h.lot);
              const auto life = shelf_life_of(c.state_.products);
              const auto advice = stock::stock_advice(lots, life, c.clock_.now());
              s.rows.clear();
              s.to_act = 0;
              for (auto& h : *r) {
                StockRow row{.held = std::move(h)};
                if (auto l = life(row.held.lot.product_id)) {
                  row.shelf_life_known = true;
                  if (l->days > 0) row.sell_by = row.held.lot.received_at + l->days * stock::kDayMs;
                }
                for (const auto& a : advice)
                  if (a.lot_code == row.held.lot.lot_code) row.action = a.action;
                if (row.action != stock::Action::Ok) ++s.to_act;
                s.rows.push_back(std::move(row));
              }
              // What must be done first on top; otherwise the oldest first.
              std::stable_sort(s.rows.begin(), s.rows.end(), [](const StockRow& a, const StockRow& b) {
                if (urgency(a.action) != urgency(b.action)) return urgency(a.action) < urgency(b.action);
                if (a.action != stock::Action::Ok && a.sell_by != b.sell_by) return a.sell_by < b.sell_by;
                return false;
              });
              s.loaded = true;
              if (!s.selected.empty() &&
                  std::none_of(s.rows.begin(), s.rows.end(), [&](const StockRow& x) { return x.held.lot.lot_code == s.selected; }))
                s.selected.clear();
            });
}

void Controller::handle(const cmd::SelectLot& c) {
  auto& s = state_.stock;
  if (s.mode == StockMode::Count) return count_lot(c.lot_code);
  if (s.mode == StockMode::Review) return notify(Level::Error, "stock.finish_review");
  for (const auto& r : s.rows)
    if (r.held.lot.lot_code == c.lot_code) {
      s.selected = c.lot_code;
      return;
    }
  notify(Level::Error, "stock.not_held", c.lot_code);
}

void Controller::count_lot(const std::string& code) {
  auto& s = state_.stock;
  for (const auto& l : s.counted)
    if (l.lot_code == code) return notify(Level::Error, "stock.counted_twice", code);
  const StockRow* row = nullptr;
  for (const auto& r : s.rows)
    if (r.held.lot.lot_code == code) row = &r;
  CountedLine line{.lot_code = code};
  const bool weighed = !row || row->held.unit == PriceUnit::PerKg;
  if (weighed) {
    // The crate on the scale, as it was weighed at the drop-off: gross less its tare.
    if (!state_.scale.stable || state_.scale.reading.mg <= 0) return notify(Level::Error, "stock.weigh_first", code);
    line.net_mg = state_.scale.reading.mg - (row ? row->held.tare_mg : 0);
  }
  if (row) line.product_name = row->held.product_name;
  s.counted.push_back(std::move(line));
  cue(Cue::GoodScan);
  notify(row ? Level::Success : Level::Error, row ? "stock.counted" : "stock.counted_unexpected", code);
}

void Controller::handle(const cmd::ShelveLot& c) {
  auto place = stock::shelf_place(c.shelf);
  if (!place) return notify(Level::Error, "err." + place.error().code, {}, place.error().detail);
  save_move(store::LotMove{.id = ids_.next(), .lot_code = c.lot_code, .kind = store::LotMoveKind::Shelved,
                           .shelf = *place, .clerk_id = clerk_id(), .at = clock_.now()});
}

void Controller::handle(const cmd::MoveLot& c) {
  const StockRow* row = nullptr;
  for (const auto& r : state_.stock.rows)
    if (r.held.lot.lot_code == c.lot_code) row = &r;
  if (!row) return notify(Level::Error, "stock.not_held", c.lot_code);
  store::LotMove m{.id = ids_.next(), .lot_code = c.lot_code, .kind = c.kind, .reason = c.reason,
                   .clerk_id = clerk_id(), .at = clock_.now()};
  switch (c.kind) {
    case store::LotMoveKind::Shelved: return handle(cmd::ShelveLot{c.lot_code, c.reason});
    case store::LotMoveKind::MarkedDown: return save_move(std::move(m));
    case store::LotMoveKind::SentOn: {
      // Oldest first: the lot that spoils soonest of the same product and grade leaves first.
      if (pending_move_ && pending_move_->lot_code == c.lot_code) {
        pending_move_.reset();
        return save_move(std::move(m));
      }
      std::vector<stock::StockLot> lots;
      for (const auto& r : state_.stock.rows) lots.push_back(r.held.lot);
      const auto order = stock::oldest_first(lots, shelf_life_of(state_.products), row->held.lot.product_id,
                                             std::string_view(row->held.lot.grade));
      if (!order.empty() && order.front().lot_code != c.lot_code) {
        pending_move_ = c;
        const auto& first = order.front();
        return ask(QuestionKind::NotOldestFirst, first.lot_code + (first.shelf.empty() ? "" : " (" + first.shelf + ")"));
      }
      return save_move(std::move(m));
    }
    case store::LotMoveKind::Returned:
    case store::LotMoveKind::WrittenOff:
      if (std::find(std::begin(stock::kLeaveReasons), std::end(stock::kLeaveReasons), c.reason) ==
          std::end(stock::kLeaveReasons))
        return notify(Level::Error, "stock.choose_reason");
      // Produce leaving without a sale is money gone: a supervisor approves it.
      require_approval(ApprovalKind::LotOut, c.lot_code, [m = std::move(m)](Controller& self, const Approver& a) mutable {
        self.move_lot(std::move(m), a.clerk_id);
      });
      return;
  }
}

void Controller::move_lot(store::LotMove m, const std::string& approved_by) {
  m.approved_by = approved_by;
  m.audit_id = ids_.next();
  save_move(std::move(m));
}

void Controller::save_move(store::LotMove m) {
  const std::string key = "stock.moved." + std::string(store::lot_move_name(m.kind));
  const std::string code = m.lot_code;
  ask_store([m = std::move(m)](store::Store& st) { return st.move_lot(m); },
            [key, code](Controller& c, Status r) {
              if (!r) return c.notify_error(r.error());
              c.notify(Level::Success, key, code);
              c.refresh_stock();
            });
}

void Controller::handle(const cmd::StartStockCount&) {
  auto& s = state_.stock;
  if (s.mode != StockMode::List) return;
  s.mode = StockMode::Count;
  s.counted.clear();
  s.differences.clear();
  s.selected.clear();
}

void Controller::handle(const cmd::FinishStockCount&) {
  auto& s = state_.stock;
  if (s.mode != StockMode::Count) return;
  std::vector<stock::StockLot> held;
  for (const auto& r : s.rows) held.push_back(r.held.lot);
  std::vector<stock::Counted> counted;
  for (const auto& l : s.counted) counted.push_back({l.lot_code, l.net_mg});
  auto diffs = stock::count_differences(held, counted, kCountToleranceMg);
  if (!diffs) return notify_error(diffs.error());
  s.differences.clear();
  for (auto& d : *diffs) {
    DifferenceLine line{.difference = d};
    for (const auto& r : s.rows)
      if (r.held.lot.lot_code == d.lot_code) line.product_name = r.held.product_name;
    // A piece-counted lot has no weight to differ by.
    s.differences.push_back(std::move(line));
  }
  s.mode = StockMode::Review;
}

void Controller::handle(const cmd::SetDifferenceReason& c) {
  auto& s = state_.stock;
  if (s.mode != StockMode::Review || c.index >= s.differences.size()) return;
  s.differences[c.index].reason = c.reason;
  s.differences[c.index].note = c.note;
}

void Controller::handle(const cmd::ConfirmStockCount&) {
  auto& s = state_.stock;
  if (s.mode != StockMode::Review || s.saving) return;
  store::StockCountRecord rec{.id = ids_.next(), .clerk_id = clerk_id(), .at = clock_.now(),
                              .lots_held = static_cast<std::int64_t>(s.rows.size()),
                              .lots_counted = static_cast<std::int64_t>(s.counted.size())};
  for (const auto& d : s.differences) {
    if (auto ok = stock::check_reason(d.reason, d.note); !ok)
      return notify_args(Level::Error, "stock.difference_needs_reason", {d.difference.lot_code}, ok.error().detail);
    rec.differences.push_back({d.difference, d.reason, d.note});
    rec.audit_ids.push_back(ids_.next());
    if (d.difference.kind == stock::DifferenceKind::Missing) rec.move_ids.push_back(ids_.next());
  }
  s.saving = true;
  const int n = static_cast<int>(s.differences.size());
  ask_store([rec = std::move(rec)](store::Store& st) { return st.record_stock_count(rec); },
            [n](Controller& c, Status r) {
              auto& s = c.state_.stock;
              s.saving = false;
              if (!r) return c.notify_error(r.error());  // the count stays on screen, to try again
              s.mode = StockMode::List;
              s.counted.clear();
              s.differences.clear();
              c.notify(Level::Success, "stock.count_saved", std::to_string(n));
              c.cue(Cue::Completed);
              c.refresh_stock();
            });
}

void Controller::handle(const cmd::CancelStockCount&) {
  auto& s = state_.stock;
  if (s.mode == StockMode::List || s.saving) return;
  if (!s.counted.empty()) return ask(QuestionKind::CancelStockCount);
  s.mode = StockMode::List;
  s.differences.clear();
}

}  // namespace hp::app
