#include "server/dash/report.hpp"

#include <cstdio>
#include <vector>

#include "server/dash/svg.hpp"
#include "server/dash/words.hpp"

namespace hp::server::dash {
namespace {

using nlohmann::json;

// 1234567 -> "1.234.567" (Vietnamese digit grouping).
std::string grouped(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string kg(std::int64_t mg, bool en) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(mg) / 1e6);
  std::string s = buf;
  const auto dot = s.find('.');
  std::string whole = grouped(std::stoll(s.substr(0, dot)));
  return whole + (en ? "." : ",") + s.substr(dot + 1);
}

std::string dmy(const std::string& date) { return date.substr(8, 2) + "/" + date.substr(5, 2) + "/" + date.substr(0, 4); }

struct Words {
  const char* vi;
  const char* en;
};

std::string row(const std::vector<std::string>& cells, bool head = false, const std::vector<bool>& num = {}) {
  std::string s = head ? "<thead><tr>" : "<tr>";
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const char* tag = head ? "th" : "td";
    const bool right = i < num.size() && num[i];
    s += std::string("<") + tag + (right ? " class=\"num\"" : "") + ">" + xml_escape(cells[i]) + "</" + tag + ">";
  }
  return s + (head ? "</tr></thead>" : "</tr>");
}

std::string csv_field(const std::string& v) {
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string csv(const std::vector<std::vector<std::string>>& rows) {
  std::string out = "\xEF\xBB\xBF";  // a BOM, so spreadsheet programs read UTF-8
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < r.size(); ++i) out += (i ? "," : "") + csv_field(r[i]);
    out += "\r\n";
  }
  return out;
}

std::string rag_word(const std::string& rag, bool en) {
  if (rag == "green") return en ? "on track" : "đạt tiến độ";
  if (rag == "amber") return en ? "slightly behind" : "chậm nhẹ";
  return en ? "behind" : "chậm";
}

std::string indicator_word(const std::string& i, bool en) {
  if (i == "farmers_active") return en ? "active farmers" : "nông dân hoạt động";
  if (i == "dropoff_kg") return en ? "kg received" : "kg đã nhận";
  if (i == "payouts_vnd") return en ? "paid to farmers (VND)" : "chi trả cho nông dân (đ)";
  if (i == "orders_collected") return en ? "orders collected" : "đơn đã nhận";
  if (i == "sales_vnd") return en ? "sales (VND)" : "doanh số (đ)";
  return i;
}

}  // namespace

std::string report_html(const json& o, const std::string& scope_label, const std::string& query, bool en) {
  auto T = [en](const char* vi, const char* e) { return std::string(en ? e : vi); };
  const json& t = o["totals"];
  const std::string year = std::to_string(o["year"].get<int>());
  std::string h = "<!doctype html><html lang=\"" + T("vi", "en") +
                  "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, "
                  "initial-scale=1\"><title>" +
                  xml_escape(T("Báo cáo năm ", "Yearly report ") + year) +
                  "</title><link rel=\"stylesheet\" href=\"/web/report.css\"></head><body><main>";
  h += "<h1>" + xml_escape(T("Báo cáo năm ", "Yearly report ") + year + T(": Chương trình nông dân Hải Phòng",
                                                                          ": Hai Phong farmers' programme")) +
       "</h1>";
  h += "<p class=\"meta\">" + xml_escape(T("Phạm vi: ", "Scope: ") + scope_label + " · " + T("Kỳ báo cáo: ", "Period: ") +
                                          dmy(o["period"]["from"]) + " – " + dmy(o["period"]["to"])) +
       "</p>";
  h += "<p class=\"csv\">CSV: ";
  for (const char* table : {"units", "products", "post_offices", "organisations"})
    h += "<a href=\"/api/v1/dash/report.csv?" + xml_escape(query) + "&amp;table=" + table + "\">" + table + "</a> ";
  h += "</p>";

  h += "<h2>" + T("1. Tổng hợp", "1. Summary") + "</h2><table>";
  const std::vector<bool> num{false, true};
  h += row({T("Nông dân đăng ký", "Farmers registered"), grouped(t["farmers_registered"])}, false, num);
  h += row({T("Nông dân hoạt động", "Active farmers"), grouped(t["farmers_active"])}, false, num);
  h += row({T("Lượt giao hàng", "Drop-offs"), grouped(t["dropoffs"])}, false, num);
  h += row({T("Kg đã nhận", "Kg received"), kg(t["net_mg"], en)}, false, num);
  h += row({T("Chi trả cho nông dân (đồng)", "Paid to farmers (VND)"), grouped(t["payouts_vnd"])}, false, num);
  h += "<tr class=\"words\"><td colspan=\"2\">" + xml_escape(T("Bằng chữ: ", "In words (Vietnamese): ") +
                                                               vn_number_words(t["payouts_vnd"]) + " đồng") +
       "</td></tr>";
  h += row({T("Đơn đã nhận", "Orders collected"), grouped(t["orders_collected"])}, false, num);
  h += row({T("Đơn chờ nhận", "Orders waiting"), grouped(t["orders_uncollected"])}, false, num);
  h += row({T("Đơn hoàn trả", "Orders returned"), grouped(t["orders_returned"])}, false, num);
  h += row({T("Doanh số (đồng)", "Sales (VND)"), grouped(t["sales_vnd"])}, false, num);
  h += "<tr class=\"words\"><td colspan=\"2\">" +
       xml_escape(T("Bằng chữ: ", "In words (Vietnamese): ") + vn_number_words(t["sales_vnd"]) + " đồng") + "</td></tr>";
  h += "</table>";

  h += "<h2>" + T("2. Theo đơn vị và chỉ tiêu", "2. By unit, against targets") + "</h2><table>";
  h += row({T("Hạng", "Rank"), T("Đơn vị", "Unit"), T("Nông dân hoạt động", "Active farmers"), T("Kg đã nhận", "Kg"),
            T("Chi trả (đ)", "Paid (VND)"), T("Doanh số (đ)", "Sales (VND)"), T("Chỉ tiêu năm", "Yearly targets")},
           true, {true, false, true, true, true, true, false});
  for (const auto& r : o["ranking"]) {
    const json* u = nullptr;
    for (const auto& x : o["by_unit"])
      if (x["unit_id"] == r["unit_id"]) u = &x;
    if (!u) continue;
    std::string targets;
    for (const auto& g : (*u)["targets"]) {
      char pct[16];
      std::snprintf(pct, sizeof pct, "%.0f%%", g["progress"].get<double>() * 100);
      targets += (targets.empty() ? "" : "; ") + indicator_word(g["indicator"], en) + ": " +
                 grouped(g["actual"]) + "/" + grouped(g["target"]) + " (" + pct + ", " + rag_word(g["rag"], en) + ")";
    }
    h += row({std::to_string(r["rank"].get<int>()), (*u)["name"], grouped((*u)["farmers_active"]), kg((*u)["net_mg"], en),
              grouped((*u)["payouts_vnd"]), grouped((*u)["sales_vnd"]), targets.empty() ? "—" : targets},
             false, {true, false, true, true, true, true, false});
  }
  h += "</table>";

  h += "<h2>" + T("3. Theo sản phẩm và loại", "3. By product and grade") + "</h2><table>";
  h += row({T("Sản phẩm", "Product"), T("Loại", "Grade"), "Kg", T("Số quả/chiếc", "Pieces"), T("Giá trị (đ)", "Value (VND)")},
           true, {false, false, true, true, true});
  for (const auto& p : o["by_product"])
    h += row({p["name"], p["grade"], kg(p["net_mg"], en), grouped(p["pieces"]), grouped(p["value_vnd"])}, false,
             {false, false, true, true, true});
  h += "</table>";

  h += "<h2>" + T("4. Theo bưu cục", "4. By post office") + "</h2><table>";
  h += row({T("Bưu cục", "Post office"), T("Đơn vị", "Unit"), T("Lượt giao", "Drop-offs"), "Kg", T("Chi trả (đ)", "Paid (VND)"),
            T("Đơn đã nhận", "Collected"), T("Doanh số (đ)", "Sales (VND)")},
           true, {false, false, true, true, true, true, true});
  for (const auto& p : o["by_post_office"])
    h += row({p["name"], p["unit_name"], grouped(p["dropoffs"]), kg(p["net_mg"], en), grouped(p["payouts_vnd"]),
              grouped(p["orders_collected"]), grouped(p["sales_vnd"])},
             false, {false, false, true, true, true, true, true});
  h += "</table>";

  h += "<h2>" + T("5. Theo tổ chức", "5. By organisation") + "</h2><table>";
  h += row({T("Loại", "Kind"), T("Tổ chức", "Organisation"), T("Nông dân", "Farmers"), "Kg", T("Chi trả (đ)", "Paid (VND)")},
           true, {false, false, true, true, true});
  for (const auto& g : o["by_organisation"])
    h += row({g["kind"] == "branch" ? T("Chi hội", "Branch") : T("Hợp tác xã", "Cooperative"),
              g["name"].get<std::string>().empty() ? T("(không có)", "(none)") : g["name"].get<std::string>(),
              grouped(g["farmers_active"]), kg(g["net_mg"], en), grouped(g["payouts_vnd"])},
             false, {false, false, true, true, true});
  h += "</table></main></body></html>";
  return h;
}

std::string report_csv(const json& o, const std::string& table) {
  std::vector<std::vector<std::string>> rows;
  auto s = [](const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };
  if (table == "units") {
    rows.push_back({"unit_id", "name", "farmers_registered", "farmers_active", "dropoffs", "net_mg", "payouts_vnd",
                    "orders_collected", "orders_returned", "sales_vnd"});
    for (const auto& u : o["by_unit"])
      rows.push_back({s(u["unit_id"]), s(u["name"]), s(u["farmers_registered"]), s(u["farmers_active"]), s(u["dropoffs"]),
                      s(u["net_mg"]), s(u["payouts_vnd"]), s(u["orders_collected"]), s(u["orders_returned"]),
                      s(u["sales_vnd"])});
  } else if (table == "products") {
    rows.push_back({"product_id", "name", "grade", "net_mg", "pieces", "value_vnd", "items"});
    for (const auto& p : o["by_product"])
      rows.push_back({s(p["product_id"]), s(p["name"]), s(p["grade"]), s(p["net_mg"]), s(p["pieces"]), s(p["value_vnd"]),
                      s(p["items"])});
  } else if (table == "post_offices") {
    rows.push_back({"post_office_id", "name", "unit_id", "dropoffs", "net_mg", "payouts_vnd", "orders_collected",
                    "orders_uncollected", "orders_returned", "sales_vnd"});
    for (const auto& p : o["by_post_office"])
      rows.push_back({s(p["id"]), s(p["name"]), s(p["unit_id"]), s(p["dropoffs"]), s(p["net_mg"]), s(p["payouts_vnd"]),
                      s(p["orders_collected"]), s(p["orders_uncollected"]), s(p["orders_returned"]), s(p["sales_vnd"])});
  } else if (table == "organisations") {
    rows.push_back({"kind", "name", "farmers_active", "dropoffs", "net_mg", "payouts_vnd"});
    for (const auto& g : o["by_organisation"])
      rows.push_back({s(g["kind"]), s(g["name"]), s(g["farmers_active"]), s(g["dropoffs"]), s(g["net_mg"]),
                      s(g["payouts_vnd"])});
  } else {
    return {};
  }
  return csv(rows);
}

}  // namespace hp::server::dash
