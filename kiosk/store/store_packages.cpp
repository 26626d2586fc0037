// Packages of orders (docs/packages.md): checked in to a shelf place, handed over by scan with
// refusals and a signature, or scanned out to the driver when they go back. Every write here
// commits with its outbox event (and audit entries) in one transaction.
#include <algorithm>
#include <map>
#include <set>

#include "kiosk/store/store_impl.hpp"
#include "shared/base64.hpp"
#include "shared/codes/package_label.hpp"

namespace hp::store {
namespace {

constexpr const char* kPackageColumns =
    "p.code, p.order_id, p.line, p.items, p.status, p.shelf, coalesce(p.checked_in_at, 0), coalesce(p.hold_until, 0), "
    "coalesce(p.pickup_id, ''), coalesce(p.returned_at, 0), o.pickup_code, coalesce(o.number, ''), o.buyer_name, "
    "o.status, coalesce(p.handed_over_at, 0)";

std::string package_query(const char* where) {
  return std::string("SELECT ") + kPackageColumns + " FROM packages p JOIN orders o ON o.id = p.order_id WHERE " + where;
}

std::vector<int> lines_from(const std::string& text) {
  std::vector<int> out;
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_array())
    for (const auto& n : j)
      if (n.is_number_integer()) out.push_back(n.get<int>());
  return out;
}

Result<Package> read_package(const db::Stmt& s) {
  auto status = package_status_from(s.text(4));
  if (!status) return fail("db.corrupt", "package " + s.text(0) + " has unknown status '" + s.text(4) + "'");
  return Package{.code = s.text(0),
                 .order_id = s.text(1),
                 .line = static_cast<int>(s.i64(2)),
                 .items = lines_from(s.text(3)),
                 .status = *status,
                 .shelf = s.text(5),
                 .checked_in_at = s.i64(6),
                 .hold_until = s.i64(7),
                 .pickup_id = s.text(8),
                 .returned_at = s.i64(9),
                 .pickup_code = s.text(10),
                 .order_number = s.text(11),
                 .buyer_name = s.text(12)};
}

template <class... A>
Result<std::vector<Package>> packages_where(const db::Db& db, const char* where, const A&... a) {
  auto q = db.prepare(package_query(where) + " ORDER BY p.order_id, p.line");
  if (!q) return std::unexpected(q.error());
  q->bind_all(a...);
  std::vector<Package> out;
  while (true) {
    auto row = q->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    auto p = read_package(*q);
    if (!p) return std::unexpected(p.error());
    out.push_back(std::move(*p));
  }
  return out;
}

// The canonical label for what was scanned or typed, or the text upper-cased when it is not
// a label (so a lookup simply finds nothing).
std::string label_key(std::string_view code) {
  auto l = codes::package_label(code);
  return l ? *l : code_key(code);
}

struct ItemLine {
  std::string name;
  Dong amount = 0;
};

Result<std::vector<ItemLine>> order_lines(const db::Db& db, std::string_view order_id) {
  auto q = db.prepare(
      "SELECT i.product_name, i.amount FROM order_items i JOIN orders o ON o.seq = i.order_seq WHERE o.id = ?1 "
      "ORDER BY i.line");
  if (!q) return std::unexpected(q.error());
  q->bind_all(order_id);
  std::vector<ItemLine> out;
  while (true) {
    auto row = q->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back({q->text(0), q->i64(1)});
  }
  return out;
}

// The item lines a package holds: its list, or every line when it lists none.
std::vector<int> lines_of(const Package& p, std::size_t item_count) {
  if (!p.items.empty()) return p.items;
  std::vector<int> all;
  for (std::size_t i = 0; i < item_count; ++i) all.push_back(static_cast<int>(i));
  return all;
}

template <class... A>
Status exec_on(const db::Db& db, std::string_view sql, const A&... a) {
  auto s = db.prepare(sql);
  if (!s) return std::unexpected(s.error());
  s->bind_all(a...);
  return s->run();
}

}  // namespace

Status upsert_package_rows(OrderStmts& s, const Order& o) {
  for (std::size_t n = 0; n < o.packages.size(); ++n) {
    const auto& p = o.packages[n];
    // The counter's own state (checked in, handed over, returned) is never undone by a pull;
    // a label another order holds here stays with that order.
    if (auto r = run(s.upsert_package, label_key(p.code), clean(o.id), static_cast<std::int64_t>(n),
                     nlohmann::json(p.items).dump());
        !r)
      return r;
  }
  return {};
}

// [SECTION] Check-in

Result<std::vector<Package>> Store::packages_of_order(std::string_view order_id) {
  impl_->owner.check("Store::packages_of_order");
  return packages_where(impl_->db, "p.order_id = ?1", order_id);
}

Result<std::optional<Package>> Store::package_by_code(std::string_view code) {
  impl_->owner.check("Store::package_by_code");
  auto r = packages_where(impl_->db, "p.code = ?1", label_key(code));
  if (!r) return std::unexpected(r.error());
  if (r->empty()) return std::optional<Package>();
  return std::optional<Package>(std::move(r->front()));
}

Result<Package> Store::check_in_package(const CheckIn& c) {
  impl_->owner.check("Store::check_in_package");
  auto label = codes::package_label(c.code);
  if (!label) return std::unexpected(label.error());
  const std::string shelf = code_key(clean(c.shelf));
  if (shelf.empty() || shelf.size() > 12) return fail("package.shelf", "a shelf place has 1 to 12 characters");
  auto tx = db::Transaction::begin(impl_->db);
  if (!tx) return std::unexpected(tx.error());
  auto found = packages_where(impl_->db, "p.code = ?1", *label);
  if (!found) return std::unexpected(found.error());
  if (found->empty()) return fail("package.unknown", "no order here has a package " + *label);
  Package p = found->front();
  if (p.status != PackageStatus::Expected)
    return fail("package.already_checked_in", "package " + p.code + " is " + std::string(to_string(p.status)) +
                                                  (p.shelf.empty() ? "" : " at " + p.shelf));
  {
    auto st = impl_->db.prepare("SELECT status FROM orders WHERE id = ?1");
    if (!st) return std::unexpected(st.error());
    st->bind_all(p.order_id);
    auto row = st->step();
    if (!row) return std::unexpected(row.error());
    if (!*row || st->text(0) != "ready")
      return fail("package.order_not_ready", "order " + p.pickup_code + " is " + (*row ? st->text(0) : "gone"));
  }
  if (auto r = exec_on(impl_->db,
                       "UPDATE packages SET status = 'checked_in', shelf = ?2, checked_in_at = ?3, checked_in_by = ?4, "
                       "hold_until = ?5 WHERE code = ?1 AND status = 'expected'",
                       p.code, shelf, c.now, clean(c.clerk_id), c.hold_until);
      !r)
    return std::unexpected(r.error());
  if (impl_->db.changes() != 1) return fail("package.already_checked_in", "package " + p.code + " changed meanwhile");
  p.status = PackageStatus::CheckedIn;
  p.shelf = shelf;
  p.checked_in_at = c.now;
  p.hold_until = c.hold_until;
  const nlohmann::json payload = {{"code", p.code},           {"order_id", p.order_id},     {"pickup_code", p.pickup_code},
                                  {"shelf", p.shelf},         {"checked_in_at", c.now},     {"hold_until", c.hold_until},
                                  {"clerk_id", clean(c.clerk_id)}};
  if (auto r = append_event(impl_->queue, c.event_id, "package.checked_in", p.code, payload, c.now); !r)
    return std::unexpected(r.error());
  if (auto r = tx->commit(); !r) return std::unexpected(r.error());
  return p;
}

Result<std::string> Store::suggest_shelf(std::string_view order_id, int places_per_row) {
  impl_->owner.check("Store::suggest_shelf");
  // An order's packages wait together: the clerk fetches them from one place.
  {
    auto q = impl_->db.prepare(
        "SELECT shelf FROM packages WHERE order_id = ?1 AND status = 'checked_in' AND shelf <> '' ORDER BY line LIMIT 1");
    if (!q) return std::unexpected(q.error());
    q->bind_all(order_id);
    auto row = q->step();
    if (!row) return std::unexpected(row.error());
    if (*row) return q->text(0);
  }
  std::set<std::string> used;
  auto q = impl_->db.prepare("SELECT DISTINCT shelf FROM packages WHERE status IN ('checked_in', 'refused')");
  if (!q) return std::unexpected(q.error());
  while (true) {
    auto row = q->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    used.insert(q->text(0));
  }
  for (char row = 'A'; row <= 'Z'; ++row)
    for (int n = 1; n <= std::max(places_per_row, 1); ++n) {
      std::string place = std::string(1, row) + "-" + (n < 10 ? "0" : "") + std::to_string(n);
      if (!used.contains(place)) return place;
    }
  return std::string();  // every place taken: the clerk types one
}

// [SECTION] Handover

Result<HandoverPlan> plan_handover(const db::Db& db, std::string_view order_id, const Handover& h) {
  HandoverPlan plan;
  auto lines = order_lines(db, order_id);
  if (!lines) return std::unexpected(lines.error());
  auto packages = packages_where(db, "p.order_id = ?1", order_id);
  if (!packages) return std::unexpected(packages.error());
  plan.with_packages = !packages->empty();

  std::set<std::string> scanned;
  for (const auto& s : h.scanned) scanned.insert(label_key(s));
  std::set<std::string> of_order;
  for (const auto& p : *packages) of_order.insert(p.code);
  for (const auto& s : scanned)
    if (!of_order.contains(s)) return fail("pickup.package_wrong", "package " + s + " is not one of this order's");
  for (const auto& p : *packages) {
    if (p.status != PackageStatus::CheckedIn)
      return fail("pickup.package_not_here", "package " + p.code + " is " + std::string(to_string(p.status)));
    if (!scanned.contains(p.code)) return fail("pickup.package_unscanned", "package " + p.code + " was not scanned");
  }
  if (plan.with_packages && h.signature_png.empty())
    return fail("pickup.signature_missing", "a pickup of packages needs the buyer's signature");

  std::set<int> refused;
  for (const auto& r : h.refusals) {
    if (r.line < 0 || static_cast<std::size_t>(r.line) >= lines->size())
      return fail("pickup.refusal_invalid", "the order has no item line " + std::to_string(r.line));
    if (!refused.insert(r.line).second)
      return fail("pickup.refusal_invalid", "item line " + std::to_string(r.line) + " is refused twice");
    if (r.reason == RefusalReason::Other && clean(r.note).empty())
      return fail("pickup.refusal_invalid", "a refusal for another reason needs a note");
  }
  if (!lines->empty() && refused.size() == lines->size())
    return fail("pickup.refusal_invalid", "every item refused: nothing is handed over (the order waits for return)");

  for (const auto& r : h.refusals) {
    const auto& line = (*lines)[static_cast<std::size_t>(r.line)];
    plan.refused_amount += line.amount;
    std::string in_package;
    for (const auto& p : *packages) {
      const auto l = lines_of(p, lines->size());
      if (std::find(l.begin(), l.end(), r.line) != l.end()) {
        in_package = p.code;
        break;
      }
    }
    plan.refusals.push_back({r, line.name, line.amount, in_package});
  }
  for (const auto& p : *packages) {
    const auto l = lines_of(p, lines->size());
    const bool all_refused = !l.empty() && std::all_of(l.begin(), l.end(), [&](int n) { return refused.contains(n); });
    (all_refused ? plan.refused_packages : plan.handed_packages).push_back(p.code);
  }
  return plan;
}

Status write_handover(const db::Db& db, AuditStmts& audit, QueueStmts& queue, const Pickup& p, const HandoverPlan& plan,
                      const Handover& h) {
  for (const auto& code : plan.handed_packages) {
    if (auto r = exec_on(db,
                         "UPDATE packages SET status = 'handed_over', pickup_id = ?2, handed_over_at = ?3 "
                         "WHERE code = ?1 AND status = 'checked_in'",
                         code, p.id, p.collected_at);
        !r)
      return r;
    if (db.changes() != 1) return fail("pickup.package_not_here", "package " + code + " changed meanwhile");
  }
  for (const auto& code : plan.refused_packages) {
    if (auto r = exec_on(db,
                         "UPDATE packages SET status = 'refused', return_reason = 'refused', pickup_id = ?2, "
                         "handed_over_at = ?3 WHERE code = ?1 AND status = 'checked_in'",
                         code, p.id, p.collected_at);
        !r)
      return r;
    if (db.changes() != 1) return fail("pickup.package_not_here", "package " + code + " changed meanwhile");
  }
  for (const auto& r : plan.refusals) {
    if (auto x = exec_on(db,
                         "INSERT INTO pickup_refusals(pickup_id, line, order_id, product_name, amount, reason, note, "
                         "package_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                         p.id, static_cast<std::int64_t>(r.refusal.line), p.order_id, r.product_name, r.amount,
                         std::string(to_string(r.refusal.reason)), clean(r.refusal.note), r.package_code);
        !x)
      return x;
  }
  if (!h.signature_png.empty() || !h.phone_checked) {
    auto s = db.prepare("UPDATE pickups SET signature_png = ?2, phone_checked = ?3 WHERE id = ?1");
    if (!s) return std::unexpected(s.error());
    s->bind(1, p.id);
    if (h.signature_png.empty()) s->bind(2, std::nullopt);
    else s->bind_blob(2, h.signature_png.data(), h.signature_png.size());
    s->bind(3, h.phone_checked ? 1 : 0);
    if (auto r = s->run(); !r) return r;
  }
  // The audit log: a handover without the phone check, and each refusal (docs/audit.md).
  std::size_t next_id = 0;
  auto entry = [&](std::string action, std::string detail) -> Status {
    if (next_id >= h.audit_ids.size()) return fail("pickup.invalid", "not enough audit ids for the handover");
    const AuditRecord a{.id = h.audit_ids[next_id++], .at = p.collected_at, .actor = p.clerk_id.empty() ? p.clerk : p.clerk_id,
                        .action = std::move(action), .subject = p.pickup_code, .detail = std::move(detail)};
    return append_audit(audit, queue, a);
  };
  if (!h.phone_checked)
    if (auto r = entry("pickup.unverified_handover", "approved_by=" + clean(h.approved_by) + "; pickup=" + p.id); !r)
      return r;
  for (const auto& r : plan.refusals)
    if (auto x = entry("pickup.item_refused", "line=" + std::to_string(r.refusal.line) + "; item=" + r.product_name +
                                                  "; reason=" + std::string(to_string(r.refusal.reason)) +
                                                  (r.refusal.note.empty() ? "" : "; note=" + clean(r.refusal.note)));
        !x)
      return x;
  return {};
}

void add_handover(nlohmann::json& payload, const HandoverPlan& plan, const Handover& h) {
  if (plan.with_packages) {
    payload["packages"] = plan.handed_packages;
    payload["refused_packages"] = plan.refused_packages;
  }
  if (!plan.refusals.empty()) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& r : plan.refusals)
      list.push_back({{"line", r.refusal.line},
                      {"product_name", r.product_name},
                      {"amount", r.amount},
                      {"reason", std::string(to_string(r.refusal.reason))},
                      {"note", clean(r.refusal.note)},
                      {"package", r.package_code}});
    payload["refusals"] = std::move(list);
    payload["refused_amount"] = plan.refused_amount;
  }
  if (!h.signature_png.empty()) payload["signature_png_base64"] = base64_encode(h.signature_png);
  if (!h.phone_checked) {
    payload["phone_checked"] = false;
    payload["approved_by"] = clean(h.approved_by);
  }
}

Result<std::string> Store::pickup_signature(std::string_view pickup_id) {
  impl_->owner.check("Store::pickup_signature");
  auto q = impl_->db.prepare("SELECT signature_png FROM pickups WHERE id = ?1");
  if (!q) return std::unexpected(q.error());
  q->bind_all(pickup_id);
  auto row = q->step();
  if (!row) return std::unexpected(row.error());
  if (!*row || q->is_null(0)) return std::string();
  return q->blob(0);
}

// [SECTION] Returns

namespace {

Result<std::vector<ReturnEntry>> unlabelled_due(const db::Db& db, UtcMillis now, const std::string& only_code) {
  std::vector<ReturnEntry> out;
  // Orders that came without packages, past the centre's hold: their goods are on the shelf
  // under the order's own place.
  {
    auto q = db.prepare(
        "SELECT o.id, o.pickup_code, coalesce(o.number, ''), o.buyer_name, o.shelf, o.hold_until FROM orders o "
        "WHERE o.status = 'ready' AND o.hold_until > 0 AND o.hold_until <= ?1 AND (?2 = '' OR o.pickup_code = ?2) "
        "AND NOT EXISTS (SELECT 1 FROM packages p WHERE p.order_id = o.id) ORDER BY o.hold_until, o.id");
    if (!q) return std::unexpected(q.error());
    q->bind_all(now, only_code);
    while (true) {
      auto row = q->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      out.push_back(ReturnEntry{.code = q->text(1), .labelled = false, .order_id = q->text(0), .pickup_code = q->text(1),
                                .order_number = q->text(2), .buyer_name = q->text(3), .shelf = q->text(4),
                                .reason = "expired", .since = q->i64(5), .items = {}});
    }
  }
  // Items refused out of a package the buyer kept (or of an order without packages).
  {
    auto q = db.prepare(
        "SELECT r.order_id, o.pickup_code, coalesce(o.number, ''), o.buyer_name, r.product_name, pk.collected_at "
        "FROM pickup_refusals r JOIN orders o ON o.id = r.order_id JOIN pickups pk ON pk.id = r.pickup_id "
        "WHERE r.returned_at IS NULL AND (?1 = '' OR o.pickup_code = ?1) AND NOT EXISTS (SELECT 1 FROM packages p "
        "WHERE p.code = r.package_code AND p.status IN ('refused', 'returned')) ORDER BY pk.collected_at, r.order_id, r.line");
    if (!q) return std::unexpected(q.error());
    q->bind_all(only_code);
    while (true) {
      auto row = q->step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      if (out.empty() || out.back().order_id != q->text(0) || out.back().reason != "refused")
        out.push_back(ReturnEntry{.code = q->text(1), .labelled = false, .order_id = q->text(0), .pickup_code = q->text(1),
                                  .order_number = q->text(2), .buyer_name = q->text(3), .shelf = "", .reason = "refused",
                                  .since = q->i64(5), .items = {}});
      out.back().items.push_back(q->text(4));
    }
  }
  return out;
}

Status items_of(const db::Db& db, ReturnEntry& e, const Package& p) {
  auto lines = order_lines(db, p.order_id);
  if (!lines) return std::unexpected(lines.error());
  for (int n : lines_of(p, lines->size()))
    if (n >= 0 && static_cast<std::size_t>(n) < lines->size()) e.items.push_back((*lines)[static_cast<std::size_t>(n)].name);
  return {};
}

ReturnEntry entry_of(const Package& p, UtcMillis since) {
  return ReturnEntry{.code = p.code, .labelled = true, .order_id = p.order_id, .pickup_code = p.pickup_code,
                     .order_number = p.order_number, .buyer_name = p.buyer_name, .shelf = p.shelf,
                     .reason = p.status == PackageStatus::Refused ? "refused" : "expired", .since = since, .items = {}};
}

Result<std::vector<ReturnEntry>> labelled_due(const db::Db& db, UtcMillis now, const std::string& only_code) {
  auto q = db.prepare(package_query("((p.status = 'checked_in' AND o.status = 'ready' AND p.hold_until <= ?1) OR "
                                    "p.status = 'refused') AND (?2 = '' OR p.code = ?2)") +
                      " ORDER BY coalesce(p.handed_over_at, p.hold_until), p.order_id, p.line");
  if (!q) return std::unexpected(q.error());
  q->bind_all(now, only_code);
  std::vector<std::pair<Package, UtcMillis>> found;
  while (true) {
    auto row = q->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    auto p = read_package(*q);
    if (!p) return std::unexpected(p.error());
    const UtcMillis since = p->status == PackageStatus::Refused ? q->i64(14) : p->hold_until;
    found.emplace_back(std::move(*p), since);
  }
  std::vector<ReturnEntry> out;
  for (const auto& [p, since] : found) {
    out.push_back(entry_of(p, since));
    if (auto r = items_of(db, out.back(), p); !r) return std::unexpected(r.error());
  }
  return out;
}

}  // namespace

Result<std::vector<ReturnEntry>> Store::returns_due(UtcMillis now) {
  impl_->owner.check("Store::returns_due");
  auto labelled = labelled_due(impl_->db, now, "");
  if (!labelled) return std::unexpected(labelled.error());
  auto loose = unlabelled_due(impl_->db, now, "");
  if (!loose) return std::unexpected(loose.error());
  std::vector<ReturnEntry> out = std::move(*labelled);
  for (auto& e : *loose) out.push_back(std::move(e));
  std::stable_sort(out.begin(), out.end(), [](const ReturnEntry& a, const ReturnEntry& b) { return a.since < b.since; });
  return out;
}

Result<ReturnEntry> Store::return_out(std::string_view code, UtcMillis now, std::string_view clerk_id,
                                      const std::string& event_id, const std::string& order_event_id) {
  impl_->owner.check("Store::return_out");
  const db::Db& db = impl_->db;
  auto tx = db::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto labelled = labelled_due(db, now, label_key(code));
  if (!labelled) return std::unexpected(labelled.error());
  std::vector<ReturnEntry> loose;
  if (labelled->empty()) {
    auto l = unlabelled_due(db, now, code_key(code));
    if (!l) return std::unexpected(l.error());
    loose = std::move(*l);
  }
  if (labelled->empty() && loose.empty())
    return fail("return.not_listed", "nothing to return has the code " + code_key(code));
  ReturnEntry e = labelled->empty() ? loose.front() : labelled->front();
  for (std::size_t i = 1; i < loose.size(); ++i)  // an order both past its hold and with refused items: one scan
    for (auto& it : loose[i].items) e.items.push_back(it);

  bool order_back = false;
  if (e.labelled) {
    if (auto r = exec_on(db,
                         "UPDATE packages SET status = 'returned', returned_at = ?2, return_reason = ?3 "
                         "WHERE code = ?1 AND status IN ('checked_in', 'refused')",
                         e.code, now, e.reason);
        !r)
      return std::unexpected(r.error());
    if (db.changes() != 1) return fail("return.not_listed", "package " + e.code + " changed meanwhile");
    if (auto r = exec_on(db, "UPDATE pickup_refusals SET returned_at = ?2 WHERE package_code = ?1 AND returned_at IS NULL",
                         e.code, now);
        !r)
      return std::unexpected(r.error());
    // The order goes back once nothing of it waits here any more.
    if (e.reason == "expired") {
      auto q = db.prepare("SELECT count(*) FROM packages WHERE order_id = ?1 AND status = 'checked_in'");
      if (!q) return std::unexpected(q.error());
      q->bind_all(e.order_id);
      auto row = q->step();
      if (!row) return std::unexpected(row.error());
      order_back = q->i64(0) == 0;
    }
  } else {
    if (auto r = exec_on(db, "UPDATE pickup_refusals SET returned_at = ?2 WHERE order_id = ?1 AND returned_at IS NULL",
                         e.order_id, now);
        !r)
      return std::unexpected(r.error());
    for (const auto& l : loose) order_back = order_back || l.reason == "expired";
  }
  const nlohmann::json payload = {{"code", e.code},       {"order_id", e.order_id}, {"pickup_code", e.pickup_code},
                                  {"reason", e.reason},   {"returned_at", now},     {"labelled", e.labelled},
                                  {"items", e.items},     {"clerk_id", clean(clerk_id)}};
  // An order without packages going back whole is the order's event alone.
  const bool whole_unlabelled = !e.labelled && e.reason == "expired" && e.items.empty();
  if (!whole_unlabelled)
    if (auto r = append_event(impl_->queue, event_id, "package.returned", e.code, payload, now); !r)
      return std::unexpected(r.error());
  if (order_back) {
    if (auto r = exec_on(db, "UPDATE orders SET status = 'returned', returned_at = ?2 WHERE id = ?1 AND status = 'ready'",
                         e.order_id, now);
        !r)
      return std::unexpected(r.error());
    if (db.changes() == 1) {
      const nlohmann::json o = {{"order_id", e.order_id}, {"pickup_code", e.pickup_code}, {"returned_at", now},
                                {"clerk_id", clean(clerk_id)}};
      if (auto r = append_event(impl_->queue, order_event_id, "order.returned", e.order_id, o, now); !r)
        return std::unexpected(r.error());
    }
  }
  if (auto r = tx->commit(); !r) return std::unexpected(r.error());
  return e;
}

}  // namespace hp::store
