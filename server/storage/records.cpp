#include "server/storage/records.hpp"

namespace hp::server {

using nlohmann::json;

nlohmann::json order_record(const Order& o, const std::string& post_office_id) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& i : o.items)
    items.push_back({{"name", i.product_name}, {"quantity_text", i.quantity_text}, {"amount_vnd", i.amount}});
  return {{"id", o.id},
          {"post_office_id", post_office_id},
          {"external_ref", nullptr},
          {"pickup_code", o.pickup_code},
          {"buyer_name", o.buyer_name},
          {"buyer_phone", o.buyer_phone},
          {"status", to_string(o.status)},
          {"cash_on_delivery", o.cash_on_delivery},
          {"amount_due_vnd", o.amount_due},
          {"total_vnd", o.total},
          {"shelf", o.shelf},
          {"created_at", o.created_at},
          {"hold_until", o.hold_until},
          {"collected_at", nullptr},
          {"items", std::move(items)},
          {"review", nullptr}};
}

nlohmann::json product_record(const Product& p) {
  nlohmann::json prices = nlohmann::json::array();
  for (const auto& g : p.prices) prices.push_back({{"grade", g.grade}, {"price_vnd", g.price}});
  return {{"id", p.id},
          {"sku", p.sku},
          {"name_vi", p.name_vi},
          {"name_en", p.name_en},
          {"unit", to_string(p.unit)},
          {"gtin", p.gtin ? nlohmann::json(*p.gtin) : nlohmann::json(nullptr)},
          {"image", p.image},
          {"prices", std::move(prices)},
          {"shelf_life_days", p.shelf_life_days ? nlohmann::json(*p.shelf_life_days) : nlohmann::json(nullptr)},
          {"shelf_warn_days", p.shelf_warn_days}};
}

nlohmann::json farmer_record(const Farmer& f) {
  return {{"id", f.id},         {"member_code", f.member_code}, {"name", f.name},
          {"phone", f.phone},   {"commune", f.commune},         {"district", f.district},
          {"branch", f.branch}, {"cooperative", f.cooperative}, {"created_at", f.created_at},
          {"duplicate_of", nullptr}};
}

nlohmann::json admin_unit_record(const AdminUnit& u) {
  return {{"id", u.id},
          {"kind", u.kind},
          {"name", u.name},
          {"parent_id", u.parent_id ? nlohmann::json(*u.parent_id) : nlohmann::json(nullptr)},
          {"active", u.active}};
}

nlohmann::json post_office_record(const demo::PostOffice& p) {
  return {{"id", p.id}, {"name", p.name}, {"unit_id", p.unit_id}};
}

nlohmann::json farmer_record_from_payload(const nlohmann::json& payload) {
  auto text = [&](const char* k) {
    auto it = payload.find(k);
    return it != payload.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto it = payload.find("created_at");
  const std::int64_t created = it != payload.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
  return {{"id", text("id")},         {"member_code", text("member_code")}, {"name", text("name")},
          {"phone", text("phone")},   {"commune", text("commune")},         {"district", text("district")},
          {"branch", text("branch")}, {"cooperative", text("cooperative")}, {"created_at", created},
          {"duplicate_of", nullptr}};
}

BankOutcome judge_bank_transfer(json& order, const BankNotification& n, UtcMillis now) {
  BankOutcome out{.status = "flagged", .order_id = order.value("id", std::string()), .reason = {}, .replay = false};
  const std::string status = order.value("status", std::string());
  const auto paid = order.find("bank_payment");
  if (status == "cancelled" || status == "returned")
    out.reason = "order_" + status;  // money for an order no one will collect: a refund to review
  else if (!order.value("cash_on_delivery", false))
    out.reason = "order_prepaid";
  else if (paid != order.end() && paid->is_object() && paid->value("transaction_id", std::string()) != n.transaction_id)
    out.reason = "paid_twice";
  else if (n.amount_vnd != order.value("amount_due_vnd", std::int64_t{-1}))
    out.reason = "amount_mismatch";
  if (!out.reason.empty()) {
    order["bank_review"] = {{"reason", out.reason}, {"transaction_id", n.transaction_id}, {"amount_vnd", n.amount_vnd},
                            {"at", now}};
    return out;
  }
  out.status = "confirmed";
  order["bank_payment"] = {{"transaction_id", n.transaction_id}, {"amount_vnd", n.amount_vnd}, {"confirmed_at", now}};
  return out;
}

json bank_notification_record(const BankNotification& n, const BankOutcome& o, UtcMillis now) {
  return {{"transaction_id", n.transaction_id}, {"key", n.key_name},     {"amount_vnd", n.amount_vnd},
          {"status", o.status},                 {"order_id", o.order_id}, {"reason", o.reason},
          {"received_at", now},                 {"notice", n.data}};
}

namespace {

json* package_in(json& order, const std::string& code) {
  auto it = order.find("packages");
  if (it == order.end() || !it->is_array()) return nullptr;
  for (auto& p : *it)
    if (p.is_object() && p.value("code", std::string()) == code) return &p;
  return nullptr;
}

std::int64_t int_in(const json& j, const char* key, std::int64_t fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

}  // namespace

bool apply_package_event(json& order, const PushEvent& e) {
  json* p = package_in(order, e.entity_id);
  if (!p) return false;
  if (e.kind == "package.checked_in") {
    (*p)["status"] = "checked_in";
    (*p)["shelf"] = e.payload.value("shelf", std::string());
    (*p)["checked_in_at"] = int_in(e.payload, "checked_in_at", e.kiosk_time_ms);
    (*p)["hold_until"] = int_in(e.payload, "hold_until", 0);
  } else if (e.kind == "package.returned") {
    (*p)["status"] = "returned";
    (*p)["returned_at"] = int_in(e.payload, "returned_at", e.kiosk_time_ms);
    (*p)["return_reason"] = e.payload.value("reason", std::string());
  }
  return true;
}

void apply_handover(json& order, const json& payload) {
  if (auto it = payload.find("packages"); it != payload.end() && it->is_array())
    for (const auto& code : *it)
      if (code.is_string())
        if (json* p = package_in(order, code.get<std::string>())) (*p)["status"] = "handed_over";
  if (auto it = payload.find("refused_packages"); it != payload.end() && it->is_array())
    for (const auto& code : *it)
      if (code.is_string())
        if (json* p = package_in(order, code.get<std::string>())) (*p)["status"] = "refused";
  if (auto it = payload.find("refusals"); it != payload.end() && it->is_array() && !it->empty()) order["refusals"] = *it;
}

json arrival_notification(const json& order, const PushEvent& e, UtcMillis now) {
  const std::string shelf = e.payload.value("shelf", std::string());
  const std::string code = order.value("pickup_code", std::string());
  // Vietnamese, as the buyer reads it; the sender chooses SMS or Zalo.
  std::string text = "Buu cuc da nhan kien hang " + e.entity_id + " cua don " + code +
                     ". Vui long den nhan, mang ma nhan hang " + code + ".";
  return {{"id", e.id},
          {"kind", "package.arrived"},
          {"order_id", order.value("id", std::string())},
          {"pickup_code", code},
          {"package", e.entity_id},
          {"shelf", shelf},
          {"hold_until", int_in(e.payload, "hold_until", 0)},
          {"phone", order.value("buyer_phone", std::string())},
          {"text", text},
          {"created_at", now},
          {"sent_at", nullptr}};
}

}  // namespace hp::server
