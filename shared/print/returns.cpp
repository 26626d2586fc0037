#include "shared/print/returns.hpp"

namespace hp::print {

std::string return_reason_vi(const std::string& reason) {
  if (reason == "expired") return "Quá hạn lưu giữ";
  if (reason == "refused") return "Người nhận từ chối";
  return reason;
}

Result<Document> return_list(const PrintConfig& cfg, const std::vector<ReturnLine>& lines, const std::string& clerk,
                             UtcMillis printed_at) {
  if (lines.empty()) return fail("print.empty_list", "nothing to return");
  Document d;
  d.text(cfg.post_office_name, Align::Center, true);
  d.text("DANH SÁCH HÀNG HOÀN TRẢ", Align::Center, true);
  d.text(format_local_datetime(printed_at), Align::Center);
  d.rule();
  int n = 0;
  for (const auto& l : lines) {
    d.text(std::to_string(++n) + ". " + l.code + (l.labelled ? "" : " (không nhãn)"), Align::Left, true);
    d.pair("Đơn hàng", l.order_ref);
    d.pair("Người nhận", l.buyer_name);
    if (!l.shelf.empty()) d.pair("Vị trí kệ", l.shelf);
    d.pair("Lý do", return_reason_vi(l.reason));
    for (const auto& it : l.items) d.text("  - " + it);
  }
  d.rule();
  d.pair("Tổng số kiện", std::to_string(lines.size()), true);
  d.pair("Giao dịch viên", clerk);
  d.feed();
  d.text("Tài xế nhận hàng (ký, ghi rõ họ tên):");
  d.feed(3);
  return d;
}

Result<Document> return_slip(const PrintConfig& cfg, const ReturnLine& l, UtcMillis printed_at) {
  Document d;
  d.text("HOÀN TRẢ", Align::Center, true, TextSize::Double);
  d.text(cfg.post_office_name, Align::Center);
  d.rule();
  d.add(Barcode{.kind = BarcodeKind::Code128, .data = l.code, .caption = l.code, .height_dots = 80, .module_dots = 0});
  d.pair("Đơn hàng", l.order_ref);
  d.pair("Người nhận", l.buyer_name);
  d.pair("Lý do", return_reason_vi(l.reason));
  for (const auto& it : l.items) d.text("- " + it);
  d.text(format_local_datetime(printed_at), Align::Right);
  d.feed(2);
  return d;
}

}  // namespace hp::print
