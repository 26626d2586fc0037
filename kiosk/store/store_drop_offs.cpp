// Drop-offs: the drop-off, its items, one lot per item, the outbox event and the print jobs
// commit together or not at all.
#include "kiosk/store/store_impl.hpp"

namespace hp::store {
namespace {

nlohmann::json to_json(const DropOff& d) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& i : d.items) {
    items.push_back({{"id", i.id},
                     {"product_id", i.product_id},
                     {"product_name", i.product_name},
                     {"grade", i.grade},
                     {"unit", to_string(i.unit)},
                     {"gross_mg", i.gross_mg},
                     {"tare_mg", i.tare_mg},
                     {"net_mg", i.net_mg},
                     {"pieces", i.pieces},
                     {"unit_price", i.unit_price},
                     {"value", i.value},
                     {"lot_id", i.lot_id},
                     {"lot_code", i.lot_code}});
    // Approvals (docs/clerks.md), only on the items that had one.
    if (i.weight_manual) {
      items.back()["weight_manual"] = true;
      items.back()["weight_by"] = i.weight_by;
    }
    if (!i.price_by.empty()) {
      items.back()["list_price"] = i.list_price;
      items.back()["price_by"] = i.price_by;
    }
  }
  return {{"id", d.id},     {"number", d.number}, {"farmer_id", d.farmer_id},   {"farmer_name", d.farmer_name},
          {"clerk", d.clerk}, {"kiosk_id", d.kiosk_id}, {"created_at", d.created_at},
          {"total", d.total}, {"items", std::move(items)}, {"clerk_id", d.clerk_id}};
}

// Only on a drop-off an agent brought (docs/PROTOCOL.md): the commission as recorded here.
void add_agent(nlohmann::json& j, const DropOff& d) {
  if (!d.agent) return;
  j["agent_id"] = d.agent->agent_id;
  j["agent_code"] = d.agent->code;
  j["agent_visit_id"] = d.agent->visit_id;
  j["agent_commission_bp"] = d.agent->commission_bp;
  j["agent_commission"] = d.agent->commission;
}

DropOff cleaned(const DropOff& in) {
  DropOff d{.id = clean(in.id),
            .number = clean(in.number),
            .farmer_id = clean(in.farmer_id),
            .farmer_name = clean(in.farmer_name),
            .clerk = clean(in.clerk),
            .kiosk_id = clean(in.kiosk_id),
            .created_at = in.created_at,
            .total = in.total,
            .items = {},
            .clerk_id = clean(in.clerk_id),
            .agent = in.agent};
  if (d.agent) {
    d.agent->agent_id = clean(d.agent->agent_id);
    d.agent->code = code_key(d.agent->code);
    d.agent->name = clean(d.agent->name);
    d.agent->visit_id = clean(d.agent->visit_id);
  }
  d.items.reserve(in.items.size());
  for (const auto& i : in.items) {
    DropOffItem c = i;
    c.id = clean(i.id);
    c.product_id = clean(i.product_id);
    c.product_name = clean(i.product_name);
    c.grade = clean(i.grade);
    c.lot_id = clean(i.lot_id);
    c.lot_code = code_key(to_nfc(i.lot_code));
    c.weight_by = clean(i.weight_by);
    c.price_by = clean(i.price_by);
    d.items.push_back(std::move(c));
  }
  return d;
}

}  // namespace

Status prepare_drop_off_statements(const db::Db& db, DropOffStmts& s) {
  if (auto r = prepare(db, s.insert,
                       "INSERT INTO drop_offs(id, farmer_id, farmer_name, search_key, clerk, kiosk_id, created_at, total, number, "
                       "clerk_id, agent_id, agent_code, agent_name, agent_visit_id, agent_commission_bp, agent_commission) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, nullif(?9, ''), ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
      !r)
    return r;
  if (auto r = prepare(db, s.insert_item,
                       "INSERT INTO drop_off_items(id, drop_off_id, line, product_id, product_name, grade, unit, gross_mg, "
                       "tare_mg, net_mg, pieces, unit_price, value, weight_manual, weight_by, list_price, price_by) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
      !r)
    return r;
  if (auto r = prepare(db, s.insert_lot,
                       "INSERT INTO lots(id, code, item_id, drop_off_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");
      !r)
    return r;
  if (auto r = prepare(db, s.by_id,
                       "SELECT id, farmer_id, farmer_name, clerk, kiosk_id, created_at, total, coalesce(number, ''), clerk_id, "
                       "agent_id, agent_code, agent_name, agent_visit_id, agent_commission_bp, agent_commission "
                       "FROM drop_offs WHERE id = ?1");
      !r)
    return r;
  // The highest sequence of the year so far ("PN-2026-" is ?1): numbers are zero-padded to six
  // digits, so text order is number order up to 999999 a year at one kiosk.
  if (auto r = prepare(db, s.last_number,
                       "SELECT coalesce(max(CAST(substr(number, 9) AS INTEGER)), 0) FROM drop_offs "
                       "WHERE number GLOB ?1 || '[0-9]*'");
      !r)
    return r;
  if (auto r = prepare(db, s.insert_void,
                       "INSERT INTO drop_off_voids(id, drop_off_id, reason, clerk_id, approved_by, voided_at) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
      !r)
    return r;
  if (auto r = prepare(db, s.void_of,
                       "SELECT id, drop_off_id, reason, clerk_id, approved_by, voided_at FROM drop_off_voids "
                       "WHERE drop_off_id = ?1");
      !r)
    return r;
  // Lots are stock: a voided drop-off's crates are not on the shelf to sell.
  if (auto r = prepare(db, s.void_lots, "UPDATE lots SET voided_at = ?2 WHERE drop_off_id = ?1 AND voided_at IS NULL");
      !r)
    return r;
  return prepare(db, s.items,
                 "SELECT i.id, i.product_id, i.product_name, i.grade, i.unit, i.gross_mg, i.tare_mg, i.net_mg, i.pieces, "
                 "i.unit_price, i.value, l.id, l.code, i.weight_manual, i.weight_by, i.list_price, i.price_by "
                 "FROM drop_off_items i JOIN lots l ON l.item_id = i.id WHERE i.drop_off_id = ?1 ORDER BY i.line");
}

Status Store::commit_drop_off(const DropOff& in, const std::string& event_id, const std::vector<NewPrintJob>& jobs) {
  impl_->owner.check("Store::commit_drop_off");
  const DropOff d = cleaned(in);
  if (d.id.empty() || d.farmer_id.empty()) return fail("dropoff.invalid", "a drop-off needs an id and a farmer");
  if (d.items.empty()) return fail("dropoff.empty", "a drop-off needs at least one item");
  Dong sum = 0;
  for (const auto& i : d.items) {
    if (i.id.empty() || i.lot_id.empty() || i.lot_code.empty())
      return fail("dropoff.invalid", "every item needs an id, a lot id and a lot code");
    sum += i.value;
  }
  if (sum != d.total)
    return fail("dropoff.total_mismatch",
                "total " + std::to_string(d.total) + " is not the sum of the items " + std::to_string(sum));
  if (d.agent) {
    const AgentCredit& a = *d.agent;
    if (a.agent_id.empty() || a.code.empty() || a.visit_id.empty())
      return fail("dropoff.invalid", "an agent's drop-off needs the agent and the visit");
    if (a.commission_bp < 0 || a.commission_bp > kMaxCommissionBp || a.commission != commission_of(d.total, a.commission_bp))
      return fail("dropoff.invalid", "the agent's commission " + std::to_string(a.commission) + " is not " +
                                         std::to_string(a.commission_bp) + " basis points of " + std::to_string(d.total));
  }

  auto& s = impl_->drop_offs;
  auto tx = db::Transaction::begin(impl_->db);
  if (!tx) return std::unexpected(tx.error());
  const AgentCredit none;
  const AgentCredit& a = d.agent ? *d.agent : none;
  if (auto r = run(s.insert, d.id, d.farmer_id, d.farmer_name, search_key(d.farmer_name), d.clerk, d.kiosk_id,
                   d.created_at, d.total, d.number, d.clerk_id, a.agent_id, a.code, a.name, a.visit_id, a.commission_bp,
                   a.commission);
      !r)
    return r;
  for (std::size_t n = 0; n < d.items.size(); ++n) {
    const auto& i = d.items[n];
    if (i.weight_manual && i.weight_by.empty())
      return fail("dropoff.invalid", "a weight typed by hand needs the supervisor who approved it");
    if (!i.price_by.empty() && i.list_price <= 0) return fail("dropoff.invalid", "a price override needs the list price");
    if (auto r = run(s.insert_item, i.id, d.id, static_cast<std::int64_t>(n), i.product_id, i.product_name, i.grade,
                     to_string(i.unit), i.gross_mg, i.tare_mg, i.net_mg, i.pieces, i.unit_price, i.value,
                     std::int64_t{i.weight_manual ? 1 : 0}, i.weight_by, i.list_price, i.price_by);
        !r)
      return r;
    if (auto r = run(s.insert_lot, i.lot_id, i.lot_code, i.id, d.id, d.created_at); !r) return r;
  }
  nlohmann::json payload = to_json(d);
  add_agent(payload, d);
  if (auto r = append_event(impl_->queue, event_id, "dropoff.committed", d.id, payload, d.created_at); !r) return r;
  if (auto r = append_jobs(impl_->queue, jobs, d.created_at); !r) return r;
  return tx->commit();
}

Result<std::optional<DropOff>> Store::drop_off_by_id(std::string_view id) {
  impl_->owner.check("Store::drop_off_by_id");
  auto& s = impl_->drop_offs;
  DropOff d;
  {
    Use q(s.by_id);
    q->bind(1, id);
    auto row = q->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return std::optional<DropOff>();
    d.id = q->text(0);
    d.farmer_id = q->text(1);
    d.farmer_name = q->text(2);
    d.clerk = q->text(3);
    d.kiosk_id = q->text(4);
    d.created_at = q->i64(5);
    d.total = q->i64(6);
    d.number = q->text(7);
    d.clerk_id = q->text(8);
    if (!q->text(9).empty())
      d.agent = AgentCredit{.agent_id = q->text(9), .code = q->text(10), .name = q->text(11), .visit_id = q->text(12),
                            .commission_bp = q->i64(13), .commission = q->i64(14)};
  }
  Use q(s.items);
  q->bind(1, id);
  while (true) {
    auto row = q->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    // An unknown unit fails closed: a weighed item read as counted would pay the wrong amount.
    auto unit = price_unit_from(q->text(4));
    if (!unit) return fail("db.corrupt", "drop-off item " + q->text(0) + " has unknown unit '" + q->text(4) + "'");
    d.items.push_back(DropOffItem{.id = q->text(0),
                                  .product_id = q->text(1),
                                  .product_name = q->text(2),
                                  .grade = q->text(3),
                                  .unit = *unit,
                                  .gross_mg = q->i64(5),
                                  .tare_mg = q->i64(6),
                                  .net_mg = q->i64(7),
                                  .pieces = q->i64(8),
                                  .unit_price = q->i64(9),
                                  .value = q->i64(10),
                                  .lot_id = q->text(11),
                                  .lot_code = q->text(12),
                                  .weight_manual = q->i64(13) != 0,
                                  .weight_by = q->text(14),
                                  .list_price = q->i64(15),
                                  .price_by = q->text(16)});
  }
  return std::optional<DropOff>(std::move(d));
}

Result<std::optional<DropOffVoid>> Store::drop_off_void(std::string_view drop_off_id) {
  impl_->owner.check("Store::drop_off_void");
  Use q(impl_->drop_offs.void_of);
  q->bind(1, drop_off_id);
  auto row = q->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<DropOffVoid>();
  return std::optional<DropOffVoid>(DropOffVoid{.id = q->text(0), .drop_off_id = q->text(1), .reason = q->text(2),
                                                .clerk_id = q->text(3), .approved_by = q->text(4), .voided_at = q->i64(5)});
}

Result<DropOff> Store::void_drop_off(const DropOffVoid& in, const std::string& event_id, const AuditRecord& audit,
                                     const std::vector<NewPrintJob>& jobs) {
  impl_->owner.check("Store::void_drop_off");
  const DropOffVoid v{.id = clean(in.id), .drop_off_id = clean(in.drop_off_id), .reason = clean(in.reason),
                      .clerk_id = clean(in.clerk_id), .approved_by = clean(in.approved_by), .voided_at = in.voided_at};
  if (v.id.empty() || v.drop_off_id.empty() || v.approved_by.empty())
    return fail("dropoff.invalid", "a void needs an id, a drop-off and the supervisor who approved it");
  if (v.reason.empty()) return fail("void.reason_required", "a void needs a reason");
  auto tx = db::Transaction::begin(impl_->db);
  if (!tx) return std::unexpected(tx.error());
  auto d = drop_off_by_id(v.drop_off_id);
  if (!d) return std::unexpected(d.error());
  if (!*d) return fail("void.not_found", "no drop-off " + v.drop_off_id);
  auto before = drop_off_void(v.drop_off_id);
  if (!before) return std::unexpected(before.error());
  if (*before) return fail("void.already_voided", "drop-off " + v.drop_off_id + " was voided at " +
                                                      std::to_string((*before)->voided_at));
  auto& s = impl_->drop_offs;
  if (auto r = run(s.insert_void, v.id, v.drop_off_id, v.reason, v.clerk_id, v.approved_by, v.voided_at); !r)
    return std::unexpected(r.error());
  if (auto r = run(s.void_lots, v.drop_off_id, v.voided_at); !r) return std::unexpected(r.error());
  // What the centre needs to take the drop-off out of its figures without reading it again:
  // its number, farmer, total and when it was made (the day it was counted on).
  const nlohmann::json payload = {{"id", v.id},
                                  {"drop_off_id", v.drop_off_id},
                                  {"number", (*d)->number},
                                  {"farmer_id", (*d)->farmer_id},
                                  {"kiosk_id", (*d)->kiosk_id},
                                  {"total", (*d)->total},
                                  {"created_at", (*d)->created_at},
                                  {"reason", v.reason},
                                  {"clerk_id", v.clerk_id},
                                  {"approved_by", v.approved_by},
                                  {"voided_at", v.voided_at}};
  if (auto r = append_event(impl_->queue, event_id, "dropoff.voided", v.drop_off_id, payload, v.voided_at); !r)
    return std::unexpected(r.error());
  if (auto r = append_audit(impl_->audit, impl_->queue, audit); !r) return std::unexpected(r.error());
  if (auto r = append_jobs(impl_->queue, jobs, v.voided_at); !r) return std::unexpected(r.error());
  if (auto r = tx->commit(); !r) return std::unexpected(r.error());
  return std::move(**d);
}

Result<std::string> Store::next_drop_off_number(UtcMillis at) {
  const std::string prefix = "PN-" + format_local_date(at).substr(6, 4) + "-";
  Use q(impl_->drop_offs.last_number);
  q->bind(1, std::string_view(prefix));
  auto row = q->step();
  if (!row) return std::unexpected(row.error());
  std::string n = std::to_string((*row ? q->i64(0) : 0) + 1);
  if (n.size() < 6) n.insert(0, 6 - n.size(), '0');
  return prefix + n;
}

}  // namespace hp::store
