// Produce held at the post office (docs/stock.md): lots are never updated; what happens to
// them is appended to lot_moves, and a lot is held until a move takes it away.
#include <algorithm>
#include <iterator>

#include "kiosk/store/store_impl.hpp"

namespace hp::store {

std::string_view lot_move_name(LotMoveKind k) {
  switch (k) {
    case LotMoveKind::Shelved: return "shelved";
    case LotMoveKind::MarkedDown: return "marked_down";
    case LotMoveKind::SentOn: return "sent_on";
    case LotMoveKind::Returned: return "returned";
    case LotMoveKind::WrittenOff: return "written_off";
  }
  return "shelved";
}

namespace {

constexpr const char* kGone = "('sent_on', 'returned', 'written_off')";

Status move_rows(StockStmts& s, QueueStmts& q, AuditStmts& a, const LotMove& m, const std::string& lot_id) {
  if (auto r = run(s.insert_move, m.id, lot_id, lot_move_name(m.kind), m.shelf, m.reason, m.clerk_id, m.at); !r) return r;
  const nlohmann::json payload = {{"id", m.id},         {"lot_id", lot_id},           {"lot_code", m.lot_code},
                                  {"kind", lot_move_name(m.kind)}, {"shelf", m.shelf}, {"reason", m.reason},
                                  {"clerk_id", m.clerk_id}, {"approved_by", m.approved_by}, {"at", m.at}};
  if (auto r = append_event(q, m.id, "lot.moved", m.id, payload, m.at); !r) return r;
  if (m.kind != LotMoveKind::Returned && m.kind != LotMoveKind::WrittenOff) return {};
  return append_audit(a, q, AuditRecord{.id = m.audit_id, .at = m.at, .actor = m.clerk_id,
                                        .action = std::string("lot.") + std::string(lot_move_name(m.kind)),
                                        .subject = m.lot_code,
                                        .detail = "reason=" + m.reason + "; approved_by=" + m.approved_by});
}

}  // namespace

Status prepare_stock_statements(const db::Db& db, StockStmts& s) {
  // The latest shelving and any mark-down per lot; lots gone are left out, and so are the lots
  // of a voided drop-off (schema 10's voided_at: never received, so never stock).
  if (auto r = prepare(db, s.held,
                       std::string("SELECT l.id, l.code, i.product_id, i.product_name, i.grade, i.unit, i.net_mg, i.pieces, "
                                   "l.created_at, d.farmer_name, "
                                   "coalesce((SELECT m.shelf FROM lot_moves m WHERE m.lot_id = l.id AND m.kind = 'shelved' "
                                   "ORDER BY m.at DESC, m.rowid DESC LIMIT 1), ''), "
                                   "EXISTS (SELECT 1 FROM lot_moves m WHERE m.lot_id = l.id AND m.kind = 'marked_down'), i.tare_mg "
                                   "FROM lots l JOIN drop_off_items i ON i.id = l.item_id JOIN drop_offs d ON d.id = l.drop_off_id "
                                   "WHERE l.voided_at IS NULL AND NOT EXISTS (SELECT 1 FROM lot_moves m WHERE m.lot_id = l.id AND m.kind IN ") +
                           kGone + ") ORDER BY l.created_at, l.code");
      !r)
    return r;
  if (auto r = prepare(db, s.lot_by_code,
                       std::string("SELECT l.id, l.voided_at IS NOT NULL OR EXISTS (SELECT 1 FROM lot_moves m WHERE m.lot_id = l.id "
                                   "AND m.kind IN ") +
                           kGone + ") FROM lots l WHERE l.code = ?1");
      !r)
    return r;
  if (auto r = prepare(db, s.insert_move,
                       "INSERT INTO lot_moves(id, lot_id, kind, shelf, reason, clerk_id, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
      !r)
    return r;
  if (auto r = prepare(db, s.insert_count,
                       "INSERT INTO stock_counts(id, clerk_id, at, lots_held, lots_counted) VALUES (?1, ?2, ?3, ?4, ?5)");
      !r)
    return r;
  return prepare(db, s.insert_difference,
                 "INSERT INTO stock_differences(count_id, lot_code, kind, expected_mg, counted_mg, reason, note) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
}

Result<std::vector<HeldLot>> Store::held_lots() {
  impl_->owner.check("Store::held_lots");
  Use s(impl_->stock.held);
  std::vector<HeldLot> out;
  while (true) {
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    auto unit = price_unit_from(s->text(5));
    if (!unit) return fail("db.corrupt", "lot " + s->text(1) + " has unknown unit '" + s->text(5) + "'");
    out.push_back(HeldLot{.lot_id = s->text(0),
                          .lot = stock::StockLot{.lot_code = s->text(1), .product_id = s->text(2), .grade = s->text(4),
                                                 .net_mg = s->i64(6), .pieces = s->i64(7), .received_at = s->i64(8),
                                                 .shelf = s->text(10)},
                          .product_name = s->text(3),
                          .farmer_name = s->text(9),
                          .unit = *unit,
                          .tare_mg = s->i64(12),
                          .marked_down = s->i64(11) != 0});
  }
  return out;
}

Status Store::move_lot(const LotMove& in) {
  impl_->owner.check("Store::move_lot");
  LotMove m = in;
  m.lot_code = code_key(in.lot_code);
  m.reason = clean(in.reason);
  if (m.id.empty() || m.clerk_id.empty()) return fail("stock.invalid", "a lot move needs an id and a clerk");
  if (m.kind == LotMoveKind::Shelved) {
    auto place = stock::shelf_place(in.shelf);
    if (!place) return std::unexpected(place.error());
    m.shelf = *place;
  } else {
    m.shelf.clear();
  }
  if (m.kind == LotMoveKind::Returned || m.kind == LotMoveKind::WrittenOff) {
    if (std::find(std::begin(stock::kLeaveReasons), std::end(stock::kLeaveReasons), m.reason) ==
        std::end(stock::kLeaveReasons))
      return fail("stock.reason", "a lot returned or written off needs a reason: spoiled, expired, damaged, "
                                  "farmer_took_back or other");
    if (m.audit_id.empty()) return fail("stock.invalid", "a lot returned or written off needs an audit entry id");
  }
  auto tx = db::Transaction::begin(impl_->db);
  if (!tx) return std::unexpected(tx.error());
  std::string lot_id;
  {
    Use s(impl_->stock.lot_by_code);
    s->bind(1, m.lot_code);
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return fail("stock.unknown_lot", m.lot_code);
    if (s->i64(1) != 0) return fail("stock.lot_gone", m.lot_code);
    lot_id = s->text(0);
  }
  if (auto r = move_rows(impl_->stock, impl_->queue, impl_->audit, m, lot_id); !r) return r;
  return tx->commit();
}

Status Store::record_stock_count(const StockCountRecord& c) {
  impl_->owner.check("Store::record_stock_count");
  if (c.id.empty() || c.clerk_id.empty()) return fail("stock.invalid", "a stock count needs an id and a clerk");
  std::size_t missing = 0;
  for (const auto& d : c.differences) {
    if (auto ok = stock::check_reason(d.reason, d.note); !ok) return ok;
    if (d.difference.kind == stock::DifferenceKind::Missing) ++missing;
  }
  if (c.audit_ids.size() != c.differences.size() || c.move_ids.size() < missing)
    return fail("stock.invalid", "a stock count needs an audit id per difference and a move id per missing lot");
  auto tx = db::Transaction::begin(impl_->db);
  if (!tx) return std::unexpected(tx.error());
  auto& st = impl_->stock;
  if (auto r = run(st.insert_count, c.id, c.clerk_id, c.at, c.lots_held, c.lots_counted); !r) return r;
  nlohmann::json diffs = nlohmann::json::array();
  std::size_t next_move = 0;
  for (std::size_t i = 0; i < c.differences.size(); ++i) {
    const auto& d = c.differences[i];
    const std::string code = code_key(d.difference.lot_code);
    const std::string kind(stock::difference_name(d.difference.kind));
    const std::string note = clean(d.note);
    if (auto r = run(st.insert_difference, c.id, code, kind, d.difference.expected_mg, d.difference.counted_mg, d.reason,
                     note);
        !r)
      return r;
    diffs.push_back({{"lot_code", code}, {"kind", kind}, {"expected_mg", d.difference.expected_mg},
                     {"counted_mg", d.difference.counted_mg}, {"reason", d.reason}, {"note", note}});
    if (auto r = append_audit(impl_->audit, impl_->queue,
                              AuditRecord{.id = c.audit_ids[i], .at = c.at, .actor = c.clerk_id,
                                          .action = "stock.difference", .subject = code,
                                          .detail = kind + "; expected_mg=" + std::to_string(d.difference.expected_mg) +
                                                    "; counted_mg=" + std::to_string(d.difference.counted_mg) +
                                                    "; reason=" + d.reason + (note.empty() ? "" : "; note=" + note)});
        !r)
      return r;
    if (d.difference.kind != stock::DifferenceKind::Missing) continue;
    // Not on the shelf: it leaves the stock, so the list and the next count stop expecting it.
    Use s(st.lot_by_code);
    s->bind(1, code);
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    if (!*row || s->i64(1) != 0) return fail("stock.lot_gone", code);
    const std::string lot_id = s->text(0);
    const std::string move_id = c.move_ids[next_move++];
    if (auto r = run(st.insert_move, move_id, lot_id, "written_off", std::string(), "count:" + d.reason, c.clerk_id, c.at);
        !r)
      return r;
    const nlohmann::json payload = {{"id", move_id},     {"lot_id", lot_id},          {"lot_code", code},
                                    {"kind", "written_off"}, {"shelf", ""},           {"reason", "count:" + d.reason},
                                    {"clerk_id", c.clerk_id}, {"approved_by", ""},   {"at", c.at}};
    if (auto r = append_event(impl_->queue, move_id, "lot.moved", move_id, payload, c.at); !r) return r;
  }
  const nlohmann::json payload = {{"id", c.id},
                                  {"clerk_id", c.clerk_id},
                                  {"at", c.at},
                                  {"lots_held", c.lots_held},
                                  {"lots_counted", c.lots_counted},
                                  {"differences", std::move(diffs)}};
  if (auto r = append_event(impl_->queue, c.id, "stock.counted", c.id, payload, c.at); !r) return r;
  return tx->commit();
}

}  // namespace hp::store
