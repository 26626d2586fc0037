// Orders (sent by the centre) and their collection at the counter.
#include <algorithm>

#include "kiosk/store/store_impl.hpp"

namespace hp::store {
namespace {

constexpr const char* kOrderColumns =
    "o.id, o.pickup_code, o.buyer_name, o.buyer_phone, o.status, o.cash_on_delivery, o.amount_due, o.total, o.shelf, "
    "o.created_at, o.hold_until, i.product_name, i.quantity_text, i.amount, o.phone_attempts, o.locked_at, "
    "coalesce(o.number, '')";

// One statement per lookup: the order row and its items (by the order's integer key, in line
// order) come back together.
std::string order_query(const char* where) {
  return std::string("SELECT ") + kOrderColumns +
         " FROM orders o LEFT JOIN order_items i ON i.order_seq = o.seq WHERE " + where + " ORDER BY i.line";
}

// An unknown status fails closed: an order the counter cannot read is not handed over.
Result<Order> read_order(const db::Stmt& s) {
  auto status = order_status_from(s.text(4));
  if (!status) return fail("db.corrupt", "order " + s.text(0) + " has unknown status '" + s.text(4) + "'");
  return Order{.id = s.text(0),
               .number = s.text(16),
               .pickup_code = s.text(1),
               .buyer_name = s.text(2),
               .buyer_phone = s.text(3),
               .status = *status,
               .cash_on_delivery = s.i64(5) != 0,
               .amount_due = s.i64(6),
               .total = s.i64(7),
               .shelf = s.text(8),
               .created_at = s.i64(9),
               .hold_until = s.i64(10),
               .items = {},
               .phone_attempts = static_cast<int>(s.i64(14)),
               .locked = !s.is_null(15)};
}

nlohmann::json to_json(const Pickup& p) {
  return {{"id", p.id},
          {"order_id", p.order_id},
          {"pickup_code", p.pickup_code},
          {"buyer_name", p.buyer_name},
          {"method", to_string(p.method)},
          {"amount_paid", p.amount_paid},
          {"clerk", p.clerk},
          {"kiosk_id", p.kiosk_id},
          {"collected_at", p.collected_at},
          {"cash_tendered", p.cash_tendered},
          {"clerk_id", p.clerk_id},
          {"order_status", "collected"}};
}

}  // namespace

Status prepare_order_statements(const db::Db& db, OrderStmts& s) {
  // A stale copy from the centre never turns a collected order back into a ready one.
  if (auto r = prepare(db, s.upsert,
                       "INSERT INTO orders(id, pickup_code, buyer_name, buyer_phone, status, cash_on_delivery, amount_due, "
                       "total, shelf, created_at, hold_until, number) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, nullif(?12, '')) "
                       "ON CONFLICT(id) DO UPDATE SET pickup_code = excluded.pickup_code, buyer_name = excluded.buyer_name, "
                       "buyer_phone = excluded.buyer_phone, "
                       "status = CASE WHEN orders.status = 'collected' THEN 'collected' ELSE excluded.status END, "
                       "cash_on_delivery = excluded.cash_on_delivery, amount_due = excluded.amount_due, "
                       "total = excluded.total, shelf = excluded.shelf, created_at = excluded.created_at, "
                       "hold_until = excluded.hold_until, number = coalesce(excluded.number, orders.number) RETURNING seq");
      !r)
    return r;
  if (auto r = prepare(db, s.delete_items, "DELETE FROM order_items WHERE order_seq = ?1"); !r) return r;
  if (auto r = prepare(db, s.insert_item,
                       "INSERT INTO order_items(order_seq, line, product_name, quantity_text, amount) "
                       "VALUES (?1, ?2, ?3, ?4, ?5)");
      !r)
    return r;
  if (auto r = prepare(db, s.by_code, order_query("o.pickup_code = ?1")); !r) return r;
  if (auto r = prepare(db, s.by_id, order_query("o.id = ?1")); !r) return r;
  if (auto r = prepare(db, s.count, "SELECT count(*) FROM orders"); !r) return r;
  if (auto r = prepare(db, s.state,
                       "SELECT id, pickup_code, status, cash_on_delivery, amount_due, buyer_phone, phone_attempts, "
                       "locked_at FROM orders WHERE id = ?1");
      !r)
    return r;
  if (auto r = prepare(db, s.set_attempts, "UPDATE orders SET phone_attempts = ?2, locked_at = ?3 WHERE id = ?1"); !r)
    return r;
  if (auto r = prepare(db, s.mark_collected, "UPDATE orders SET status = 'collected' WHERE id = ?1 AND status = 'ready'");
      !r)
    return r;
  if (auto r = prepare(db, s.insert_pickup,
                       "INSERT INTO pickups(id, order_id, pickup_code, buyer_name, search_key, method, amount_paid, clerk, "
                       "kiosk_id, collected_at, cash_tendered, clerk_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
      !r)
    return r;
  if (auto r = prepare(db, s.pickup_by_order, std::string("SELECT ") + kPickupColumns + " FROM pickups WHERE order_id = ?1");
      !r)
    return r;
  if (auto r = prepare(db, s.upsert_package,
                       "INSERT INTO packages(code, order_id, line, items) VALUES (?1, ?2, ?3, ?4) "
                       "ON CONFLICT(code) DO UPDATE SET line = excluded.line, items = excluded.items "
                       "WHERE packages.order_id = excluded.order_id");
      !r)
    return r;
  return prepare(db, s.pickup_by_id, std::string("SELECT ") + kPickupColumns + " FROM pickups WHERE id = ?1");
}

Status upsert_order_rows(OrderStmts& s, const Order& o) {
  Order c = o;
  c.id = clean(o.id);
  c.pickup_code = code_key(to_nfc(o.pickup_code));
  c.buyer_name = clean(o.buyer_name);
  c.buyer_phone = digits_only(o.buyer_phone);
  c.shelf = clean(o.shelf);
  c.number = clean(o.number);
  if (c.id.empty() || c.pickup_code.empty()) return fail("order.invalid", "an order needs an id and a pickup code");

  std::int64_t seq = 0;
  {
    Use q(s.upsert);
    q->bind_all(c.id, c.pickup_code, c.buyer_name, c.buyer_phone, to_string(c.status), c.cash_on_delivery ? 1 : 0,
                c.amount_due, c.total, c.shelf, c.created_at, c.hold_until, c.number);
    auto row = q->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return fail("db.error", "upsert of order " + c.id + " returned no row");
    seq = q->i64(0);
  }
  if (auto r = run(s.delete_items, seq); !r) return r;
  for (std::size_t n = 0; n < c.items.size(); ++n) {
    const auto& i = c.items[n];
    if (auto r = run(s.insert_item, seq, static_cast<std::int64_t>(n), clean(i.product_name), clean(i.quantity_text),
                     i.amount);
        !r)
      return r;
  }
  return upsert_package_rows(s, c);
}

Status Store::upsert_order(const Order& o) {
  impl_->owner.check("Store::upsert_order");
  auto tx = db::Transaction::begin(impl_->db);
  if (!tx) return std::unexpected(tx.error());
  if (auto r = upsert_order_rows(impl_->orders, o); !r) return r;
  return tx->commit();
}

namespace {

Result<std::optional<Order>> order_with_items(db::Stmt& stmt, std::string_view key) {
  Use q(stmt);
  q->bind(1, key);
  std::optional<Order> o;
  while (true) {
    auto row = q->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    if (!o) {
      auto r = read_order(*q);
      if (!r) return std::unexpected(r.error());
      o = std::move(*r);
    }
    if (!q->is_null(11))
      o->items.push_back(OrderItem{.product_name = q->text(11), .quantity_text = q->text(12), .amount = q->i64(13)});
  }
  return o;
}

}  // namespace

Result<std::optional<Order>> Store::order_by_pickup_code(std::string_view code) {
  impl_->owner.check("Store::order_by_pickup_code");
  return order_with_items(impl_->orders.by_code, code_key(code));
}

Result<std::optional<Order>> Store::order_by_id(std::string_view id) {
  impl_->owner.check("Store::order_by_id");
  return order_with_items(impl_->orders.by_id, id);
}

Result<std::int64_t> Store::order_count() {
  impl_->owner.check("Store::order_count");
  Use q(impl_->orders.count);
  auto row = q->step();
  if (!row) return std::unexpected(row.error());
  return q->i64(0);
}

namespace {

Result<std::optional<Pickup>> one_pickup(db::Stmt& stmt, std::string_view key) {
  Use q(stmt);
  q->bind(1, key);
  auto row = q->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<Pickup>();
  auto p = read_pickup(*q);
  if (!p) return std::unexpected(p.error());
  return std::optional<Pickup>(std::move(*p));
}

}  // namespace

Result<std::optional<Pickup>> Store::pickup_by_order(std::string_view order_id) {
  impl_->owner.check("Store::pickup_by_order");
  return one_pickup(impl_->orders.pickup_by_order, order_id);
}

Result<std::optional<Pickup>> Store::pickup_by_id(std::string_view id) {
  impl_->owner.check("Store::pickup_by_id");
  return one_pickup(impl_->orders.pickup_by_id, id);
}

Result<Store::PhoneCheck> Store::check_pickup_phone(std::string_view order_id, std::string_view last4, int max_attempts,
                                                    UtcMillis now) {
  impl_->owner.check("Store::check_pickup_phone");
  if (last4.size() != 4 || digits_only(last4) != last4)
    return fail("pickup.phone_format", "the check takes exactly four digits");
  auto& s = impl_->orders;
  auto tx = db::Transaction::begin(impl_->db);
  if (!tx) return std::unexpected(tx.error());
  PhoneCheck c;
  {
    Use q(s.state);
    q->bind(1, order_id);
    auto row = q->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return fail("pickup.not_found", "no order " + std::string(order_id));
    const std::string phone = q->text(5);
    c.attempts = static_cast<int>(q->i64(6));
    c.locked = !q->is_null(7);
    if (c.locked) return c;  // no more guesses until a supervisor or technician releases it
    c.ok = phone.size() >= 4 && phone.compare(phone.size() - 4, 4, last4) == 0;
  }
  if (c.ok) {
    c.attempts = 0;  // the buyer proved the number: earlier slips do not follow them
    if (auto r = run(s.set_attempts, order_id, 0, std::nullopt); !r) return std::unexpected(r.error());
  } else {
    ++c.attempts;
    c.locked = c.attempts >= max_attempts;
    auto r = run(s.set_attempts, order_id, c.attempts, c.locked ? std::optional<UtcMillis>(now) : std::nullopt);
    if (!r) return std::unexpected(r.error());
  }
  if (auto r = tx->commit(); !r) return std::unexpected(r.error());
  return c;
}

Result<Order> Store::unlock_order(std::string_view code, const std::string& event_id, std::string_view by, UtcMillis now,
                                  const std::string& audit_id) {
  impl_->owner.check("Store::unlock_order");
  auto& s = impl_->orders;
  auto tx = db::Transaction::begin(impl_->db);
  if (!tx) return std::unexpected(tx.error());
  auto o = order_with_items(s.by_code, code_key(code));
  if (!o) return std::unexpected(o.error());
  if (!*o) return fail("pickup.not_found", "no order with pickup code " + code_key(code));
  if (!(*o)->locked && (*o)->phone_attempts == 0) return fail("pickup.not_locked", "order " + (*o)->pickup_code + " is not locked");
  if (auto r = run(s.set_attempts, (*o)->id, 0, std::nullopt); !r) return std::unexpected(r.error());
  const nlohmann::json payload = {{"order_id", (*o)->id},
                                  {"pickup_code", (*o)->pickup_code},
                                  {"wrong_attempts", (*o)->phone_attempts},
                                  {"released_by", clean(by)},
                                  {"released_at", now}};
  if (auto r = append_event(impl_->queue, event_id, "order.unlocked", (*o)->id, payload, now); !r)
    return std::unexpected(r.error());
  const AuditRecord entry{.id = audit_id, .at = now, .actor = clean(by), .action = "order.unlocked",
                          .subject = (*o)->pickup_code,
                          .detail = "wrong_attempts=" + std::to_string((*o)->phone_attempts)};
  if (auto r = append_audit(impl_->audit, impl_->queue, entry); !r) return std::unexpected(r.error());
  if (auto r = tx->commit(); !r) return std::unexpected(r.error());
  (*o)->phone_attempts = 0;
  (*o)->locked = false;
  return **o;
}

Status Store::record_pickup(const Pickup& in, const std::string& event_id, const std::vector<NewPrintJob>& jobs) {
  return record_pickup(in, Handover{}, event_id, jobs);
}

Status Store::record_pickup(const Pickup& in, const Handover& handover, const std::string& event_id,
                            const std::vector<NewPrintJob>& jobs) {
  impl_->owner.check("Store::record_pickup");
  Pickup p = in;
  p.id = clean(in.id);
  p.order_id = clean(in.order_id);
  p.buyer_name = clean(in.buyer_name);
  p.clerk = clean(in.clerk);
  p.clerk_id = clean(in.clerk_id);
  p.kiosk_id = clean(in.kiosk_id);
  if (p.id.empty()) return fail("pickup.invalid", "a pickup needs an id");
  if (p.amount_paid < 0) return fail("pickup.invalid", "a pickup cannot pay a negative amount");

  auto& s = impl_->orders;
  auto tx = db::Transaction::begin(impl_->db);
  if (!tx) return std::unexpected(tx.error());

  // The order may be named by its pickup code alone.
  if (p.order_id.empty()) {
    Use q(s.by_code);
    q->bind(1, code_key(in.pickup_code));
    auto row = q->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return fail("pickup.not_found", "no order with pickup code " + code_key(in.pickup_code));
    p.order_id = q->text(0);
  }
  // Packages scanned, refusals and signature (store_packages.cpp): refused lines are not paid for.
  auto plan = plan_handover(impl_->db, p.order_id, handover);
  if (!plan) return std::unexpected(plan.error());
  // Read inside the write transaction, so no other writer can collect the order in between.
  {
    Use q(s.state);
    q->bind(1, p.order_id);
    auto row = q->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return fail("pickup.not_found", "no order " + p.order_id);
    p.pickup_code = q->text(1);  // the order's code, whatever was typed
    const auto status = order_status_from(q->text(2));
    if (!status) return fail("db.corrupt", "order " + p.pickup_code + " has unknown status '" + q->text(2) + "'");
    if (status == OrderStatus::Collected)
      return fail("pickup.already_collected", "order " + p.pickup_code + " was collected before");
    if (status != OrderStatus::Ready)
      return fail("pickup.not_ready", "order " + p.pickup_code + " is " + q->text(2));
    if (!q->is_null(7)) return fail("pickup.locked", "order " + p.pickup_code + " is locked after wrong phone digits");
    const bool cod = q->i64(3) != 0;
    const Dong due = std::max<Dong>(0, q->i64(4) - plan->refused_amount);
    if (cod && p.amount_paid != due)
      return fail("pickup.amount_mismatch",
                  "order " + p.pickup_code + " is due " + std::to_string(due) + ", paid " + std::to_string(p.amount_paid));
    if (!cod && (p.amount_paid != 0 || p.method != PaymentMethod::Prepaid))
      return fail("pickup.amount_mismatch", "order " + p.pickup_code + " is prepaid: nothing is taken at the counter");
    if (cod && p.method == PaymentMethod::Prepaid)
      return fail("pickup.amount_mismatch", "order " + p.pickup_code + " is cash on delivery: it needs cash or VietQR");
    if (p.method == PaymentMethod::Cash ? p.cash_tendered < p.amount_paid : p.cash_tendered != 0)
      return fail("pickup.cash_short", "order " + p.pickup_code + ": cash handed over " + std::to_string(p.cash_tendered) +
                                           " for " + std::to_string(p.amount_paid));
  }
  if (auto r = run(s.mark_collected, p.order_id); !r) return r;
  if (impl_->db.changes() != 1) return fail("pickup.already_collected", "order " + p.pickup_code + " changed meanwhile");
  if (auto r = run(s.insert_pickup, p.id, p.order_id, p.pickup_code, p.buyer_name, search_key(p.buyer_name),
                   to_string(p.method), p.amount_paid, p.clerk, p.kiosk_id, p.collected_at, p.cash_tendered, p.clerk_id);
      !r)
    return r;
  if (auto r = write_handover(impl_->db, impl_->audit, impl_->queue, p, *plan, handover); !r) return r;
  // Cash taken goes into the drawer's open shift (docs/cash.md); with none open it is still
  // recorded, outside any shift, and the next float count holds it. The pickup's own event
  // carries it to the centre.
  if (p.method == PaymentMethod::Cash && p.amount_paid > 0) {
    auto shift = open_shift_id(impl_->shifts);
    if (!shift) return std::unexpected(shift.error());
    const CashMovement mv{p.id, *shift, cash::Movement{cash::MovementKind::CodCash, p.amount_paid, p.collected_at,
                                                       p.clerk_id.empty() ? p.clerk : p.clerk_id, p.pickup_code, ""}};
    if (auto r = insert_movement(impl_->shifts, mv); !r) return r;
  }
  nlohmann::json payload = to_json(p);
  add_handover(payload, *plan, handover);
  if (auto r = append_event(impl_->queue, event_id, "pickup.recorded", p.id, payload, p.collected_at); !r) return r;
  if (auto r = append_jobs(impl_->queue, jobs, p.collected_at); !r) return r;
  return tx->commit();
}

}  // namespace hp::store
