#include "server/storage/records.hpp"

namespace hp::server {

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
          {"prices", std::move(prices)}};
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

}  // namespace hp::server
