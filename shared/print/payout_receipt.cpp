#include "shared/print/payout_receipt.hpp"

#include "shared/money.hpp"

namespace hp::print {

Result<Document> payout_receipt(const PrintConfig& cfg, const PayoutSlip& s, const PrintCopy& copy) {
  if (s.amount <= 0 || s.amount > s.available_before)
    return fail("print.bad_payout", "payout of " + std::to_string(s.amount) + " against " + std::to_string(s.available_before));
  Document d;
  if (!cfg.programme.empty()) d.text(cfg.programme, Align::Center);
  d.text(cfg.post_office_name, Align::Center, true);
  if (!cfg.post_office_address.empty()) d.text(cfg.post_office_address, Align::Center);
  d.rule();
  if (copy.reprint) d.add(Line{{Cell{"BẢN SAO", Align::Center, 0}}, true, TextSize::Double, true});
  d.text("PHIẾU CHI TRẢ NÔNG DÂN", Align::Center, true, TextSize::Double);
  d.pair("Số phiếu:", s.id.substr(0, 8));
  d.pair("Thời gian:", format_local_datetime(s.at));
  d.pair("Nông dân:", s.farmer_name, true);
  if (!s.member_code.empty()) d.pair("Mã thành viên:", s.member_code);
  d.rule();
  d.pair("Số dư trước:", format_vnd(s.available_before));
  d.add(Line{{Cell{"SỐ TIỀN CHI", Align::Left, 0}, Cell{format_vnd(s.amount), Align::Right, 50}}, true, TextSize::Normal, false});
  d.text("Bằng chữ: " + vnd_in_words(s.amount) + ".");
  d.pair("Số dư còn lại:", format_vnd(s.available_before - s.amount));
  d.rule();
  d.pair("Nhân viên chi:", s.clerk);
  d.pair("Kiểm soát duyệt:", s.approved_name);
  d.feed();
  d.row({Cell{"Người nhận tiền", Align::Center, 50}, Cell{"Nhân viên bưu cục", Align::Center, 0}}, true);
  if (s.signed_on_screen) d.text("(Đã ký trên màn hình)", Align::Center);
  d.feed(3);
  d.row({Cell{s.farmer_name, Align::Center, 50}, Cell{s.clerk, Align::Center, 0}});
  if (copy.reprint) d.text("In lại lúc " + format_local_datetime(copy.reprinted_at), Align::Center);
  d.feed(2);
  return d;
}

}  // namespace hp::print
