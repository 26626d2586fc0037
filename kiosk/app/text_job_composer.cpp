#include "kiosk/app/job_composer.hpp"

#include <sstream>

#include "shared/codes/citizen_id.hpp"
#include "shared/money.hpp"
#include "shared/print/agent_summary.hpp"

namespace hp::app {

namespace {

const char* kRule = "------------------------------------------------\n";

std::string quantity(const DropOffItem& it) {
  return it.unit == PriceUnit::PerKg ? format_weight(round_to_gram(it.net_mg)) : std::to_string(it.pieces) + " quả/cái";
}

const char* method_vi(PaymentMethod m) {
  switch (m) {
    case PaymentMethod::Prepaid: return "Đã thanh toán trực tuyến";
    case PaymentMethod::Cash: return "Tiền mặt";
    case PaymentMethod::VietQr: return "Chuyển khoản VietQR";
  }
  return "";
}

}  // namespace

Result<std::string> TextJobComposer::drop_off_receipt(const DropOff& d, const Farmer& f, bool copy) const {
  std::ostringstream o;
  if (copy) o << "*** BẢN SAO ***\n";
  o << config_.post_office_name << "\n" << config_.post_office_address << "\n" << kRule;
  o << "BIÊN NHẬN GIAO NÔNG SẢN\n";
  o << "Số phiếu: " << (d.number.empty() ? d.id : d.number) << " (quầy " << d.kiosk_id << ")\n";
  o << "Thời gian: " << format_local_datetime(d.created_at) << "\n";
  o << "Giao dịch viên: " << d.clerk << "\n";
  o << "Nông dân: " << f.name << "\n";
  o << "Mã hội viên: " << f.member_code << "\n";
  o << "Điện thoại: " << f.phone << "\n";
  if (!f.cooperative.empty()) o << "HTX: " << f.cooperative << "\n";
  if (d.agent) o << "Đại lý giao: " << d.agent->name << " (" << d.agent->code << ")\n";
  o << kRule;
  int n = 1;
  for (const auto& it : d.items) {
    o << n++ << ". " << it.product_name << " - Loại " << it.grade << "\n";
    if (it.unit == PriceUnit::PerKg)
      o << "   Cả bì " << format_weight(round_to_gram(it.gross_mg)) << " - bì " << format_weight(round_to_gram(it.tare_mg))
        << " = tịnh " << quantity(it) << "\n";
    if (it.weight_manual) o << "   Cân tay (trưởng ca duyệt)\n";
    if (it.list_price > 0 && it.list_price != it.unit_price)
      o << "   Giá niêm yết " << format_vnd(it.list_price) << ", giá áp dụng " << format_vnd(it.unit_price) << "\n";
    o << "   " << quantity(it) << " x " << format_vnd(it.unit_price) << " = " << format_vnd(it.value) << "\n";
    o << "   Lô: " << it.lot_code << "\n";
  }
  o << kRule;
  o << "TỔNG CỘNG: " << format_vnd(d.total) << "\n";
  o << "Bằng chữ: " << vnd_in_words(d.total) << "\n" << kRule;
  o << "Nông dân ký          Giao dịch viên ký\n\n\n";
  return o.str();
}

Result<std::string> TextJobComposer::label(const DropOff& d, const DropOffItem& it, const Farmer& f, const Product&) const {
  std::ostringstream o;
  o << it.product_name << " - Loại " << it.grade << "\n";
  o << (it.unit == PriceUnit::PerKg ? "Khối lượng tịnh: " : "Số lượng: ") << quantity(it) << "\n";
  o << "Nông dân: " << f.name << "\n";
  if (!f.cooperative.empty()) o << "HTX: " << f.cooperative << "\n";
  o << "Ngày giao: " << format_local_date(d.created_at) << "\n";
  o << "Lô: " << it.lot_code << "\n";
  o << "Truy xuất: " << config_.trace_base_url << it.lot_code << "\n";
  return o.str();
}

Result<std::string> TextJobComposer::pickup_receipt(const Order& ord, const Pickup& p, bool copy) const {
  std::ostringstream o;
  if (copy) o << "*** BẢN SAO ***\n";
  o << config_.post_office_name << "\n" << config_.post_office_address << "\n" << kRule;
  o << "BIÊN NHẬN NHẬN HÀNG\n";
  if (!ord.number.empty()) o << "Đơn hàng: " << ord.number << "\n";
  o << "Mã nhận hàng: " << ord.pickup_code << "\n";
  o << "Người nhận: " << ord.buyer_name << "\n";
  o << "Thời gian: " << format_local_datetime(p.collected_at) << "\n" << kRule;
  for (const auto& it : ord.items) o << it.product_name << "  " << it.quantity_text << "  " << format_vnd(it.amount) << "\n";
  o << kRule;
  o << "Tổng đơn: " << format_vnd(ord.total) << "\n";
  o << "Đã thu: " << format_vnd(p.amount_paid) << " - " << method_vi(p.method) << "\n";
  o << "Giao dịch viên: " << p.clerk << "\n\n";
  return o.str();
}

Result<std::string> TextJobComposer::shift_report(const std::string& clerk, const std::string& kiosk_id, UtcMillis from,
                                                  UtcMillis to, const std::vector<DropOff>& drop_offs,
                                                  const std::vector<Pickup>& pickups) const {
  Dong owed = 0, cash = 0, vietqr = 0;
  Milligrams weight = 0;
  for (const auto& d : drop_offs) {
    owed += d.total;
    for (const auto& it : d.items) weight += it.net_mg;
  }
  for (const auto& p : pickups) {
    if (p.method == PaymentMethod::Cash) cash += p.amount_paid;
    if (p.method == PaymentMethod::VietQr) vietqr += p.amount_paid;
  }
  std::ostringstream o;
  o << config_.post_office_name << "\n" << kRule << "BÁO CÁO CA\n";
  o << "Giao dịch viên: " << clerk << " (" << kiosk_id << ")\n";
  o << "Từ " << format_local_datetime(from) << " đến " << format_local_datetime(to) << "\n" << kRule;
  o << "Phiếu nhận: " << drop_offs.size() << ", " << format_weight(weight) << "\n";
  o << "Phải trả nông dân: " << format_vnd(owed) << "\n";
  o << "Đơn đã trả: " << pickups.size() << "\n";
  o << "Thu tiền mặt: " << format_vnd(cash) << "\n";
  o << "Thu VietQR: " << format_vnd(vietqr) << "\n";
  return o.str();
}

namespace {

std::string reason_vi(const std::string& r) { return r == "expired" ? "Quá hạn lưu giữ" : r == "refused" ? "Người nhận từ chối" : r; }

}  // namespace

Result<std::string> JobComposer::return_list(const std::vector<store::ReturnEntry>& entries, const std::string& clerk,
                                             UtcMillis at) const {
  if (entries.empty()) return fail("print.empty_list", "nothing to return");
  std::ostringstream o;
  o << "DANH SÁCH HÀNG HOÀN TRẢ\n" << format_local_datetime(at) << "\n" << kRule;
  int n = 0;
  for (const auto& e : entries) {
    o << ++n << ". " << e.code << (e.labelled ? "" : " (không nhãn)") << "\n";
    o << "   Đơn: " << (e.order_number.empty() ? e.pickup_code : e.order_number) << "  " << e.buyer_name << "\n";
    if (!e.shelf.empty()) o << "   Kệ: " << e.shelf << "\n";
    o << "   Lý do: " << reason_vi(e.reason) << "\n";
    for (const auto& it : e.items) o << "   - " << it << "\n";
  }
  o << kRule << "Tổng số kiện: " << entries.size() << "\nGiao dịch viên: " << clerk << "\nTài xế nhận hàng (ký):\n\n";
  return o.str();
}

Result<std::string> JobComposer::return_slip(const store::ReturnEntry& e, UtcMillis at) const {
  std::ostringstream o;
  o << "HOÀN TRẢ\n" << e.code << "\nĐơn: " << (e.order_number.empty() ? e.pickup_code : e.order_number) << "\n";
  o << "Người nhận: " << e.buyer_name << "\nLý do: " << reason_vi(e.reason) << "\n";
  for (const auto& it : e.items) o << "- " << it << "\n";
  o << format_local_datetime(at) << "\n\n";
  return o.str();
}

Result<std::string> TextJobComposer::member_card(const Farmer& f) const {
  if (f.member_code.empty() || f.name.empty()) return fail("print.bad_member", "a member card needs a code and a name");
  std::ostringstream o;
  o << config_.post_office_name << "\n" << kRule << "THẺ HỘI VIÊN\n";
  o << f.name << "\n";
  o << "Mã hội viên: " << f.member_code << "\n";
  if (!f.cooperative.empty()) o << "HTX: " << f.cooperative << "\n";
  if (!f.citizen_id.empty()) o << "CCCD: " << codes::mask_citizen_id(f.citizen_id) << "\n";
  if (!f.vietgap.empty()) o << "VietGAP: " << f.vietgap << "\n";
  return o.str();
}

Result<std::string> TextJobComposer::void_slip(const DropOff& d, const DropOffVoid& v, const std::string& approver) const {
  if (v.drop_off_id != d.id) return fail("print.bad_void", "the void is for another drop-off");
  std::ostringstream o;
  o << config_.post_office_name << "\n" << kRule << "PHIẾU HỦY NHẬN HÀNG\n";
  o << "Số phiếu: " << (d.number.empty() ? d.id : d.number) << "\n";
  o << "Nông dân: " << d.farmer_name << "\n";
  o << "Giá trị: " << format_vnd(d.total) << "\n";
  o << "Thời gian hủy: " << format_local_datetime(v.voided_at) << "\n";
  o << "Lý do: " << v.reason << "\n";
  o << "Người duyệt: " << (approver.empty() ? v.approved_by : approver) << "\n";
  return o.str();
}

Result<std::string> TextJobComposer::closed_shift_report(const store::Shift& closed, const store::ShiftFigures& f,
                                                         const std::string& kiosk_id, const std::vector<DropOff>& drop_offs,
                                                         const std::vector<Pickup>& pickups) const {
  auto head = shift_report(closed.clerk, kiosk_id, closed.opened_at, closed.closed_at.value_or(closed.opened_at), drop_offs, pickups);
  if (!head) return head;
  const cash::Balance& b = f.balance;
  std::ostringstream o;
  o << *head << kRule << "KIỂM QUỸ TIỀN MẶT\n";
  for (std::size_t i = 0; i < cash::kDenominations.size(); ++i)
    o << group_thousands(cash::kDenominations[i]) << " x " << closed.closing.pieces[i] << "\n";
  o << "Tiền đầu ca: " << format_vnd(b.opening_float) << "\n";
  o << "+ Thu tiền mặt (COD): " << format_vnd(b.cod_cash) << "\n";
  o << "- Chi trả nông dân: " << format_vnd(b.payouts) << "\n";
  o << "+ Nộp thêm vào két: " << format_vnd(b.cash_in) << "\n";
  o << "- Rút khỏi két: " << format_vnd(b.cash_out) << "\n";
  o << "Số mở két không bán: " << b.drawer_opens << "\n";
  o << "Tiền phải có: " << format_vnd(b.expected) << "\n";
  o << "Tiền đếm được: " << format_vnd(b.counted) << "\n";
  const Dong diff = b.over_short < 0 ? -b.over_short : b.over_short;
  o << (b.over_short > 0 ? "THỪA " : b.over_short < 0 ? "THIẾU " : "KHỚP ") << format_vnd(diff) << "\n";
  if (f.unsent > 0) {
    o << "CHƯA GỬI VỀ TRUNG TÂM: " << f.unsent << " sự kiện";
    if (f.oldest_unsent_at) o << ", cũ nhất lúc " << format_local_datetime(*f.oldest_unsent_at);
    o << "\n";
  }
  o << "Kiểm soát duyệt: " << (closed.signed_off_name.empty() ? closed.signed_off_by : closed.signed_off_name) << "\n";
  return o.str();
}

Result<std::string> TextJobComposer::payout_receipt(const store::Payout& p, bool copy) const {
  if (p.amount <= 0 || p.amount > p.available_before) return fail("print.bad_payout", "payout above the balance");
  std::ostringstream o;
  if (copy) o << "*** BẢN SAO ***\n";
  o << config_.post_office_name << "\n" << kRule << "PHIẾU CHI TRẢ NÔNG DÂN\n";
  o << "Nông dân: " << p.farmer_name << " (" << p.member_code << ")\n";
  o << "Thời gian: " << format_local_datetime(p.at) << "\n";
  o << "Số dư trước: " << format_vnd(p.available_before) << "\n";
  o << "SỐ TIỀN CHI: " << format_vnd(p.amount) << "\n";
  o << "Bằng chữ: " << vnd_in_words(p.amount) << ".\n";
  o << "Số dư còn lại: " << format_vnd(p.available_before - p.amount) << "\n";
  o << "Nhân viên chi: " << p.clerk << "\nKiểm soát duyệt: " << p.approved_name << "\n";
  o << "Người nhận tiền (ký, ghi rõ họ tên):\n\n\n" << p.farmer_name << "\n";
  return o.str();
}

Result<std::string> TextJobComposer::agent_summary(const std::vector<DropOff>& drop_offs, UtcMillis at) const {
  auto totals = print::agent_visit_totals(drop_offs);
  if (!totals) return std::unexpected(totals.error());
  const AgentCredit& a = *drop_offs.front().agent;
  std::ostringstream o;
  o << config_.post_office_name << "\n" << kRule << "BẢNG KÊ GIAO HÀNG ĐẠI LÝ\n";
  o << "Đại lý: " << a.name << " (" << a.code << ")\n";
  o << "Thời gian: " << format_local_datetime(at) << "\n" << kRule;
  for (const auto& d : drop_offs)
    o << d.farmer_name << " | " << (d.number.empty() ? d.id : d.number) << " | " << format_vnd(d.total) << "\n";
  o << kRule << "Số nông dân: " << totals->farmers << "\n";
  o << "Tổng giá trị: " << format_vnd(totals->value) << "\n";
  o << "Hoa hồng (" << print::percent_of_bp(a.commission_bp) << "): " << format_vnd(totals->commission) << "\n";
  return o.str();
}

}  // namespace hp::app

namespace hp::app {

std::string ticket_service(const store::QueueTicket& t) {
  return t.kind == store::TicketKind::DropOff ? "Gửi nông sản" : "Nhận hàng";
}

Result<std::string> TextJobComposer::queue_ticket(const store::QueueTicket& t, int ahead) const {
  if (t.number <= 0 || t.number > 9999) return fail("print.bad_ticket", "ticket number out of range");
  std::ostringstream o;
  o << config_.post_office_name << "\n" << kRule << "SỐ THỨ TỰ: " << t.number << "\n" << ticket_service(t) << "\n";
  o << "Số người đang chờ trước bạn: " << ahead << "\n" << format_local_datetime(t.created_at) << "\n";
  o << "Vui lòng chờ gọi số.\n";
  return o.str();
}

}  // namespace hp::app
