// Today's list at the counter: drop-offs and pickups of one local day, newest first.
#include "kiosk/store/store_impl.hpp"

namespace hp::store {

Status prepare_activity_statements(const db::Db& db, ActivityStmts& s) {
  // ?3 is the query's search key ('' lists everything), ?4 the query as a code, ?5 as digits.
  // Both halves are range scans on the time indexes.
  if (auto st = prepare(db, s.drop_off_ids,
                        "SELECT id FROM drop_offs d WHERE created_at >= ?1 AND created_at < ?2 "
                        "AND NOT EXISTS (SELECT 1 FROM drop_off_voids v WHERE v.drop_off_id = d.id) ORDER BY created_at");
      !st)
    return st;
  if (auto st = prepare(db, s.pickups,
                        std::string("SELECT ") + kPickupColumns +
                            " FROM pickups WHERE collected_at >= ?1 AND collected_at < ?2 ORDER BY collected_at");
      !st)
    return st;
  return prepare(db, s.today,
                 "SELECT 'dropoff', d.id, d.created_at, d.farmer_name, "
                 "  (SELECT count(*) FROM drop_off_items i WHERE i.drop_off_id = d.id), d.total, '', '', coalesce(d.number, ''), "
                 "  EXISTS (SELECT 1 FROM drop_off_voids v WHERE v.drop_off_id = d.id) "
                 "FROM drop_offs d JOIN farmers f ON f.id = d.farmer_id "
                 "WHERE d.created_at >= ?1 AND d.created_at < ?2 AND (?3 = '' OR instr(d.search_key, ?3) > 0 "
                 "  OR f.member_code = ?4 OR (length(?5) >= 3 AND instr(coalesce(f.phone, ''), ?5) > 0) "
                 "  OR (length(?4) >= 3 AND instr(replace(coalesce(d.number, ''), '-', ''), replace(?4, '-', '')) > 0)) "
                 "UNION ALL "
                 "SELECT 'pickup', p.id, p.collected_at, p.buyer_name, 0, p.amount_paid, p.pickup_code, p.method, "
                 "  coalesce(o.number, ''), 0 "
                 "FROM pickups p JOIN orders o ON o.id = p.order_id "
                 "WHERE p.collected_at >= ?1 AND p.collected_at < ?2 AND (?3 = '' OR instr(p.search_key, ?3) > 0 "
                 "  OR (length(?4) >= 3 AND instr(p.pickup_code, ?4) > 0) "
                 "  OR (length(?5) >= 3 AND instr(o.buyer_phone, ?5) > 0) "
                 "  OR (length(?4) >= 3 AND instr(replace(coalesce(o.number, ''), '-', ''), replace(?4, '-', '')) > 0)) "
                 "ORDER BY 3 DESC, 2 DESC LIMIT ?6");
}

Result<std::vector<TodayEntry>> Store::today(UtcMillis day_start, std::string_view query, int limit) {
  impl_->owner.check("Store::today");
  constexpr UtcMillis kDayMs = 24LL * 3600 * 1000;
  std::vector<TodayEntry> out;
  if (limit <= 0) return out;
  const std::string q = trim(query);
  Use s(impl_->activity.today);
  s->bind_all(day_start, day_start + kDayMs, search_key(q), code_key(q), digits_only(q), limit);
  while (true) {
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    const bool drop = s->text(0) == "dropoff";
    TodayEntry e{.kind = drop ? EntryKind::DropOff : EntryKind::Pickup,
                 .id = s->text(1),
                 .number = s->text(8),
                 .at = s->i64(2),
                 .who = s->text(3),
                 .items = static_cast<int>(s->i64(4)),
                 .pickup_code = s->text(6),
                 .method = PaymentMethod::Prepaid,
                 .amount = s->i64(5),
                 .voided = s->i64(9) != 0};
    if (!drop) {
      auto m = payment_method_from(s->text(7));
      if (!m) return fail("db.corrupt", "pickup " + e.id + " has unknown payment method '" + s->text(7) + "'");
      e.method = *m;
    }
    out.push_back(std::move(e));
  }
  return out;
}

Result<Store::Activity> Store::activity(UtcMillis from, UtcMillis to) {
  impl_->owner.check("Store::activity");
  Activity a;
  std::vector<std::string> ids;
  {
    Use s(impl_->activity.drop_off_ids);
    s->bind_all(from, to);
    while (true) {
      auto row = s->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      ids.push_back(s->text(0));
    }
  }
  for (const auto& id : ids) {
    auto d = drop_off_by_id(id);
    if (!d) return std::unexpected(d.error());
    if (*d) a.drop_offs.push_back(std::move(**d));
  }
  Use s(impl_->activity.pickups);
  s->bind_all(from, to);
  while (true) {
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    auto p = read_pickup(*s);
    if (!p) return std::unexpected(p.error());
    a.pickups.push_back(std::move(*p));
  }
  return a;
}

}  // namespace hp::store
