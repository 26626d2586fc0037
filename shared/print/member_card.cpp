#include "shared/print/member_card.hpp"

#include "shared/codes/citizen_id.hpp"

namespace hp::print {

Result<Document> member_card(const PrintConfig& cfg, const Farmer& f) {
  if (f.member_code.empty() || f.name.empty()) return fail("print.bad_member", "a member card needs a code and a name");
  Document d;
  if (!cfg.programme.empty()) d.text(cfg.programme, Align::Center);
  d.text(cfg.post_office_name, Align::Center, true);
  d.rule();
  d.text("THẺ HỘI VIÊN", Align::Center, true, TextSize::Double);
  d.feed();
  // Large: a farmer who reads slowly still knows the card is theirs.
  d.text(f.name, Align::Center, true, TextSize::Double);
  d.feed();
  d.add(QrCode{f.member_code, QrEcc::M, 6, ""});
  d.add(Barcode{BarcodeKind::Code128, f.member_code, "", 70});
  d.text(f.member_code, Align::Center, true, TextSize::Double);
  d.rule(true);
  if (!f.commune.empty()) d.pair("Địa chỉ:", f.commune + (f.district.empty() ? "" : ", " + f.district));
  if (!f.branch.empty()) d.pair("Chi hội:", f.branch);
  if (!f.cooperative.empty()) d.pair("HTX:", f.cooperative);
  if (!f.citizen_id.empty()) d.pair("CCCD:", codes::mask_citizen_id(f.citizen_id));
  if (!f.vietgap.empty()) d.pair("VietGAP:", f.vietgap);
  if (f.created_at > 0) d.pair("Ngày cấp:", format_local_date(f.created_at));
  d.rule(true);
  d.text("Mang thẻ này mỗi lần giao nông sản.", Align::Center);
  d.feed(2);
  return d;
}

}  // namespace hp::print
