#include "server/dash/trace.hpp"
#include "server/dash/json_fields.hpp"

#include <nlohmann/json.hpp>

#include "server/dash/period.hpp"
#include "server/dash/svg.hpp"

namespace hp::server::dash {
namespace {

using nlohmann::json;
using fields::str;

struct Lot {
  json item;
  json dropoff;
  std::string kiosk_id;
  UtcMillis at = 0;
};


Result<std::optional<Lot>> find_lot(SqlDb& db, LotIndex& lots, const std::string& lot_code) {
  auto id = lots.event_of(lot_code);
  if (!id) return std::unexpected(id.error());
  if (!*id) return std::optional<Lot>();
  auto rows = db.query("SELECT kiosk_id, kiosk_time_ms, payload FROM events WHERE id = ?1", {**id});
  if (!rows) return std::unexpected(rows.error());
  for (const auto& r : *rows) {
    json p = json::parse(to_text(r[2]), nullptr, false);
    if (!p.is_object() || !p.contains("items") || !p["items"].is_array()) continue;
    for (const auto& it : p["items"])
      if (str(it, "lot_code") == lot_code) return std::optional<Lot>(Lot{it, p, to_text(r[0]), to_int(r[1])});
  }
  return std::optional<Lot>();
}

Result<json> row_json(SqlDb& db, const std::string& sql, const std::string& key) {
  auto rows = db.query(sql, {key});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return json::object();
  json j = json::parse(to_text((*rows)[0][0]), nullptr, false);
  return j.is_object() ? j : json::object();
}

std::string page(const std::string& title, const std::string& body, bool en) {
  return "<!doctype html><html lang=\"" + std::string(en ? "en" : "vi") +
         "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" + xml_escape(title) + "</title><style>"
         "body{font-family:'Noto Sans','DejaVu Sans',sans-serif;margin:0;background:#f6f7f4;color:#1a1a1a;line-height:1.45}"
         "main{max-width:36rem;margin:0 auto;padding:1rem}h1{font-size:1.4rem;margin:.2rem 0 1rem;color:#1f4d33}"
         "dl{display:grid;grid-template-columns:minmax(7rem,auto) 1fr;gap:.45rem 1rem;background:#fff;padding:1rem;"
         "border-radius:.5rem;border:1px solid #d8ddd2}dt{color:#555}dd{margin:0;font-weight:600}"
         "ol{background:#fff;border:1px solid #d8ddd2;border-radius:.5rem;padding:1rem 1rem 1rem 2.2rem}"
         "footer{font-size:.85rem;color:#555;margin-top:1rem}.lot{font-family:monospace;font-size:1rem}"
         "</style></head><body><main>" + body + "</main></body></html>";
}

}  // namespace

bool valid_gtin14(const std::string& g) {
  if (g.size() != 14) return false;
  int sum = 0;
  for (int i = 0; i < 13; ++i) {
    if (g[i] < '0' || g[i] > '9') return false;
    sum += (g[i] - '0') * (i % 2 == 0 ? 3 : 1);
  }
  return g[13] >= '0' && g[13] <= '9' && (10 - sum % 10) % 10 == g[13] - '0';
}

std::string given_name(const std::string& full) {
  const auto end = full.find_last_not_of(' ');
  if (end == std::string::npos) return {};
  const auto start = full.find_last_of(' ', end);
  return full.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
}

Result<std::optional<std::string>> trace_gtin(SqlDb& db, LotIndex& lots, const std::string& lot_code) {
  auto lot = find_lot(db, lots, lot_code);
  if (!lot) return std::unexpected(lot.error());
  if (!*lot) return std::optional<std::string>();
  auto product = row_json(db, "SELECT data FROM products WHERE id = ?1", str((*lot)->item, "product_id"));
  if (!product) return std::unexpected(product.error());
  const std::string g = str(*product, "gtin");
  if (!valid_gtin14(g)) return std::optional<std::string>();
  return std::optional<std::string>(g);
}

Result<TracePage> trace_page(SqlDb& db, LotIndex& lots, const std::string& lot_code, const std::string& gtin, bool en) {
  const std::string not_found_title = en ? "Lot not found" : "Không tìm thấy lô hàng";
  const std::string not_found = page(not_found_title,
                                     "<h1>" + not_found_title + "</h1><p>" +
                                         (en ? "No lot with this code is known to the centre."
                                             : "Trung tâm chưa có lô hàng mang mã này.") +
                                         "</p><p class=\"lot\">" + xml_escape(lot_code) + "</p>",
                                     en);
  if (!gtin.empty() && !valid_gtin14(gtin)) return TracePage{404, not_found};
  auto lot = find_lot(db, lots, lot_code);
  if (!lot) return std::unexpected(lot.error());
  if (!*lot) return TracePage{404, not_found};
  const Lot& l = **lot;
  auto product = row_json(db, "SELECT data FROM products WHERE id = ?1", str(l.item, "product_id"));
  if (!product) return std::unexpected(product.error());
  if (!gtin.empty() && str(*product, "gtin") != gtin) return TracePage{404, not_found};
  auto farmer = row_json(db, "SELECT data FROM farmers WHERE id = ?1", str(l.dropoff, "farmer_id"));
  if (!farmer) return std::unexpected(farmer.error());
  auto po_rows = db.query("SELECT p.name FROM kiosks k JOIN post_offices p ON p.id = k.post_office_id WHERE k.id = ?1",
                          {l.kiosk_id});
  if (!po_rows) return std::unexpected(po_rows.error());
  const std::string post_office = po_rows->empty() ? "" : to_text((*po_rows)[0][0]);

  std::string name = str(*product, en ? "name_en" : "name_vi");
  if (name.empty()) name = str(l.item, "product_name");
  // Only the given name: the full name, phone and citizen id stay at the centre.
  const std::string first = given_name(str(*farmer, "name").empty() ? str(l.dropoff, "farmer_name") : str(*farmer, "name"));
  const std::string commune = str(*farmer, "commune"), district = str(*farmer, "district");
  const std::string coop = str(*farmer, "cooperative");
  const std::string grade = str(l.item, "grade");
  const std::string date = vn_date(l.at);
  const std::string dmy = date.substr(8, 2) + "/" + date.substr(5, 2) + "/" + date.substr(0, 4);
  const std::string dash = "—";
  auto row = [](const std::string& k, const std::string& v) {
    return "<dt>" + xml_escape(k) + "</dt><dd>" + (v.empty() ? "—" : xml_escape(v)) + "</dd>";
  };
  std::string body = "<h1>" + xml_escape(name) + "</h1><dl>";
  body += row(en ? "Grade" : "Loại", grade.empty() ? dash : (en ? "grade " : "loại ") + grade);
  body += row(en ? "Grown by" : "Người trồng", first);
  body += row(en ? "Commune" : "Xã", commune + (district.empty() ? "" : ", " + district));
  body += row(en ? "Cooperative" : "Hợp tác xã", coop);
  body += row(en ? "VietGAP certificate" : "Chứng nhận VietGAP", en ? "not recorded" : "chưa ghi nhận");
  body += row(en ? "Received on" : "Ngày nhận", dmy);
  body += row(en ? "At post office" : "Tại bưu cục", post_office);
  body += row(en ? "Lot" : "Lô", lot_code);
  if (!gtin.empty()) body += row("GTIN", gtin);
  body += "</dl><h2>" + std::string(en ? "Since then" : "Hành trình") + "</h2><ol>";
  body += "<li>" + xml_escape(dmy) + ": " +
          xml_escape(en ? "received at " + post_office + ", weighed and graded"
                        : "nhận tại " + post_office + ", cân và phân loại") +
          "</li>";
  body += "<li>" + xml_escape(en ? "In stock: no sale recorded yet" : "Đang lưu kho: chưa ghi nhận bán") + "</li></ol>";
  body += "<footer>" +
          xml_escape(en ? "Hai Phong farmers' programme · Farmers' Association and Vietnam Post"
                        : "Chương trình nông dân Hải Phòng · Hội Nông dân và Bưu điện") +
          "</footer>";
  return TracePage{200, page(name + " · " + lot_code, body, en)};
}

}  // namespace hp::server::dash
