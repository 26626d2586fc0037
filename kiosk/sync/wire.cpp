#include "kiosk/sync/wire.hpp"

namespace hp::sync::wire {
namespace {

using nlohmann::json;

Result<json> parse_object(const std::string& body, const char* what) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail("sync.bad_answer", std::string(what) + ": the answer is not a JSON object");
  return j;
}

std::optional<UtcMillis> opt_ms(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<std::int64_t>();
}

// Field readers that throw json::exception on a wrong type; parse_pull_answer turns that into
// "sync.bad_answer" for the whole batch.
std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  return it->get<std::string>();
}
std::int64_t num(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return 0;
  return it->get<std::int64_t>();
}
bool flag(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

Order order_from(const json& d) {
  auto status = order_status_from(str(d, "status"));
  if (!status) throw std::invalid_argument("order " + str(d, "id") + " has unknown status '" + str(d, "status") + "'");
  Order o{.id = str(d, "id"),
          .pickup_code = str(d, "pickup_code"),
          .buyer_name = str(d, "buyer_name"),
          .buyer_phone = str(d, "buyer_phone"),
          .status = *status,
          .cash_on_delivery = d.value("cash_on_delivery", false),
          .amount_due = num(d, "amount_due_vnd"),
          .total = num(d, "total_vnd"),
          .shelf = str(d, "shelf"),
          .created_at = num(d, "created_at"),
          .hold_until = num(d, "hold_until"),
          .items = {}};
  if (auto it = d.find("items"); it != d.end() && it->is_array())
    for (const auto& i : *it)
      o.items.push_back(OrderItem{.product_name = str(i, "name"), .quantity_text = str(i, "quantity_text"), .amount = num(i, "amount_vnd")});
  // Packages (docs/PROTOCOL.md 4.2, "packages"): a label and the item lines it holds.
  if (auto it = d.find("packages"); it != d.end() && it->is_array())
    for (const auto& pk : *it) {
      OrderPackage p{.code = str(pk, "code"), .items = {}};
      if (p.code.empty()) throw std::invalid_argument("order " + o.id + " has a package without a code");
      if (auto li = pk.find("items"); li != pk.end() && li->is_array())
        for (const auto& n : *li) {
          if (!n.is_number_integer() || n.get<std::int64_t>() < 0 ||
              n.get<std::int64_t>() >= static_cast<std::int64_t>(o.items.size()))
            throw std::invalid_argument("order " + o.id + " package " + p.code + " names an item line it does not have");
          p.items.push_back(static_cast<int>(n.get<std::int64_t>()));
        }
      o.packages.push_back(std::move(p));
    }
  return o;
}

store::ClerkAccount clerk_from(const json& d) {
  const auto role = store::clerk_role_from(str(d, "role"));
  if (!role) throw std::invalid_argument("clerk " + str(d, "id") + " has unknown role '" + str(d, "role") + "'");
  return store::ClerkAccount{.id = str(d, "id"), .name = str(d, "name"), .role = *role, .badge = str(d, "badge"),
                             .pin_hash = str(d, "pin_hash"), .disabled = d.value("disabled", false)};
}

store::Agent agent_from(const json& d) {
  auto bp = d.find("commission_bp");
  if (bp == d.end() || !bp->is_number_integer())
    throw std::invalid_argument("agent " + str(d, "id") + " has no whole commission_bp");
  return store::Agent{.id = str(d, "id"), .code = str(d, "code"), .name = str(d, "name"), .phone = str(d, "phone"),
                      .commission_bp = bp->get<std::int64_t>(), .disabled = d.value("disabled", false)};
}

Product product_from(const json& d) {
  auto unit = price_unit_from(str(d, "unit"));
  if (!unit) throw std::invalid_argument("product " + str(d, "id") + " has unknown unit '" + str(d, "unit") + "'");
  Product p{.id = str(d, "id"), .sku = str(d, "sku"), .name_vi = str(d, "name_vi"), .name_en = str(d, "name_en"),
            .unit = *unit, .gtin = std::nullopt, .image = str(d, "image"), .prices = {}};
  if (auto g = str(d, "gtin"); !g.empty()) p.gtin = g;
  if (auto it = d.find("prices"); it != d.end() && it->is_array())
    for (const auto& g : *it) p.prices.push_back(GradePrice{.grade = str(g, "grade"), .price = num(g, "price_vnd")});
  // A centre older than v1.3.0 sends neither: the shelf life stays unknown.
  if (auto it = d.find("shelf_life_days"); it != d.end() && it->is_number_integer() && it->get<int>() >= 0)
    p.shelf_life_days = it->get<int>();
  if (auto it = d.find("shelf_warn_days"); it != d.end() && it->is_number_integer() && it->get<int>() >= 0)
    p.shelf_warn_days = it->get<int>();
  return p;
}

Farmer farmer_from(const json& d) {
  return Farmer{.id = str(d, "id"), .member_code = str(d, "member_code"), .name = str(d, "name"), .phone = str(d, "phone"),
                .commune = str(d, "commune"), .district = str(d, "district"), .branch = str(d, "branch"),
                .cooperative = str(d, "cooperative"), .created_at = num(d, "created_at")};
}

AdminUnit unit_from(const json& d) {
  AdminUnit u{.id = str(d, "id"), .kind = str(d, "kind"), .name = str(d, "name"), .parent_id = std::nullopt,
              .active = d.value("active", true)};
  if (auto p = str(d, "parent_id"); !p.empty()) u.parent_id = p;
  return u;
}

}  // namespace

Error error_of(int http_status, const std::string& body) {
  json j = json::parse(body, nullptr, false);
  if (!j.is_discarded() && j.is_object()) {
    if (auto e = j.find("error"); e != j.end() && e->is_object()) {
      auto code = e->value("code", std::string());
      auto message = e->value("message", std::string());
      if (!code.empty()) return Error{code, "HTTP " + std::to_string(http_status) + ": " + message};
    }
  }
  return Error{"http." + std::to_string(http_status), "HTTP " + std::to_string(http_status) + " without an error body"};
}

json enrol_body(const std::string& code, const std::string& name, const std::string& app_version) {
  json j = {{"code", code}, {"app_version", app_version}};
  if (!name.empty()) j["name"] = name;
  return j;
}

Result<Enrolled> parse_enrolled(const std::string& body) {
  auto j = parse_object(body, "enrol");
  if (!j) return std::unexpected(j.error());
  try {
    Enrolled e{.kiosk_id = str(*j, "kiosk_id"), .credential = str(*j, "credential"),
               .post_office_id = str(*j, "post_office_id"), .post_office_name = str(*j, "post_office_name"),
               .server_time = opt_ms(*j, "server_time_ms")};
    if (e.kiosk_id.empty() || e.credential.empty() || e.post_office_id.empty())
      return fail("sync.bad_answer", "enrol: the answer lacks kiosk_id, credential or post_office_id");
    return e;
  } catch (const std::exception& ex) {
    return fail("sync.bad_answer", std::string("enrol: ") + ex.what());
  }
}

Result<json> push_body(const std::vector<store::OutboxEvent>& events) {
  json list = json::array();
  for (const auto& e : events) {
    json payload = json::parse(e.payload, nullptr, false);
    if (payload.is_discarded() || !payload.is_object())
      return fail("sync.bad_event", "outbox event " + std::to_string(e.seq) + " has a payload that is not a JSON object");
    list.push_back({{"id", e.id},
                    {"seq", e.seq},
                    {"kind", e.kind},
                    {"schema_version", kPayloadSchemaVersion},
                    {"entity_id", e.entity_id},
                    {"kiosk_time_ms", e.created_at},
                    {"payload", std::move(payload)}});
  }
  return json{{"events", std::move(list)}};
}

Result<PushAnswer> parse_push_answer(const std::string& body, const std::vector<store::OutboxEvent>& sent) {
  auto j = parse_object(body, "push");
  if (!j) return std::unexpected(j.error());
  auto results = j->find("results");
  if (results == j->end() || !results->is_array()) return fail("sync.bad_answer", "push: the answer has no results array");
  std::map<std::string, std::int64_t> seq_of;
  for (const auto& e : sent) seq_of.emplace(e.id, e.seq);
  PushAnswer a;
  a.server_time = opt_ms(*j, "server_time_ms");
  for (const auto& r : *results) {
    if (!r.is_object() || !r.contains("id") || !r["id"].is_string() || !r.contains("status") || !r["status"].is_number_integer())
      return fail("sync.bad_answer", "push: a result without id and status");
    auto it = seq_of.find(r["id"].get<std::string>());
    if (it == seq_of.end()) continue;  // not one we sent in this batch
    const int status = r["status"].get<int>();
    if (status == 200 || status == 201) {
      a.outcomes.push_back({.seq = it->second, .acked = true, .code = {}, .reason = {}});
    } else if (status >= 400 && status < 500) {
      std::string code = "event.refused", reason;
      if (auto e = r.find("error"); e != r.end() && e->is_object()) {
        code = e->value("code", code);
        reason = e->value("message", std::string());
      }
      a.outcomes.push_back({.seq = it->second, .acked = false, .code = code, .reason = reason});
    }
    // Any other status is neither: the event stays unsent and goes again.
    seq_of.erase(it);  // an id answered twice counts once
  }
  return a;
}

json pull_body(const std::string& cursor, int limit, const KioskReport& r) {
  json devices = json::object();
  for (const auto& [k, v] : r.devices) devices[k] = v;
  json state = {{"app_version", r.app_version},
                {"unsent_count", r.unsent},
                {"oldest_unsent_ms", r.oldest_unsent_at ? json(*r.oldest_unsent_at) : json(nullptr)},
                {"kiosk_time_ms", r.kiosk_time},
                {"devices", std::move(devices)},
                {"pull_interval_ms", r.pull_interval_ms},
                {"dead_letters", r.dead_letters},
                {"review_flags", r.review_flags}};
  return json{{"cursor", cursor.empty() ? json(nullptr) : json(cursor)}, {"limit", limit}, {"state", std::move(state)}};
}

Result<PullAnswer> parse_pull_answer(const std::string& body) {
  auto j = parse_object(body, "pull");
  if (!j) return std::unexpected(j.error());
  PullAnswer a;
  try {
    auto cursor = j->find("cursor");
    if (cursor == j->end() || !cursor->is_string() || cursor->get<std::string>().empty())
      return fail("sync.bad_answer", "pull: the answer has no cursor");
    a.batch.cursor = cursor->get<std::string>();
    a.more = flag(*j, "more");
    a.reset = flag(*j, "reset");
    a.clock_warning = flag(*j, "clock_warning");
    a.server_time = opt_ms(*j, "server_time_ms");
    a.clock_offset_ms = opt_ms(*j, "clock_offset_ms");
    auto changes = j->find("changes");
    if (changes == j->end() || !changes->is_array()) return fail("sync.bad_answer", "pull: the answer has no changes array");
    for (const auto& c : *changes) {
      const std::string entity = str(c, "entity");
      const json& d = c.at("data");
      if (!d.is_object()) return fail("sync.bad_answer", "pull: a change without a data object");
      if (entity == "order") {
        a.batch.orders.push_back(order_from(d));
        if (auto review = str(d, "review"); !review.empty())
          a.batch.flags.push_back({.kind = "order_review", .entity_id = str(d, "id"), .other_id = "", .detail = review});
      } else if (entity == "product") {
        a.batch.products.push_back(product_from(d));
      } else if (entity == "farmer") {
        a.batch.farmers.push_back(farmer_from(d));
        if (auto dup = str(d, "duplicate_of"); !dup.empty()) {
          const std::string id = str(d, "id");
          a.batch.flags.push_back({.kind = "duplicate_phone", .entity_id = std::min(id, dup), .other_id = std::max(id, dup),
                                   .detail = str(d, "phone")});
        }
      } else if (entity == "farmer_merge") {
        auto at = d.find("merged_at");
        a.batch.merges.push_back({.farmer_id = str(d, "id"), .merged_into = str(d, "merged_into"),
                                  .merged_at = at != d.end() && at->is_number_integer() ? at->get<UtcMillis>() : 0});
      } else if (entity == "admin_unit") {
        a.batch.units.push_back(unit_from(d));
      } else if (entity == "clerk") {
        a.batch.clerks.push_back(clerk_from(d));
      } else if (entity == "agent") {
        a.batch.agents.push_back(agent_from(d));
      } else if (entity == "farmer_balance") {
        store::FarmerBalance fb{.farmer_id = str(d, "farmer_id"), .sold_value = d.value("sold_value_vnd", Dong{0}),
                                .paid = d.value("paid_vnd", Dong{0}), .balance = d.value("balance_vnd", Dong{0}),
                                .as_of = d.value("as_of", UtcMillis{0}), .paid_through = {}};
        if (auto t = d.find("paid_through"); t != d.end() && t->is_object())
          for (auto it = t->begin(); it != t->end(); ++it)
            if (it->is_number_integer()) fb.paid_through[it.key()] = it->get<std::int64_t>();
        a.batch.balances.push_back(std::move(fb));
      } else {
        ++a.unknown_entities;  // post_office, or a kind from a newer centre
      }
    }
  } catch (const std::exception& ex) {
    return fail("sync.bad_answer", std::string("pull: ") + ex.what());
  }
  return a;
}

}  // namespace hp::sync::wire
