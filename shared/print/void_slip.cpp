#include "shared/print/void_slip.hpp"

namespace hp::print {

Result<Document> void_slip(const PrintConfig& cfg, const DropOff& dropoff, const DropOffVoid& v,
                           const std::string& approver_name) {
  if (v.drop_off_id != dropoff.id) return fail("print.bad_void", "the void is for another drop-off");
  Document d;
  d.text(cfg.post_office_name, Align::Center, true);
  d.rule();
  d.add(Line{{Cell{"PHIẾU HỦY NHẬN HÀNG", Align::Center, 0}}, true, TextSize::Double, true});
  d.pair("Số phiếu:", dropoff.number.empty() ? dropoff.id : dropoff.number, true);
  d.pair("Ngày nhận:", format_local_datetime(dropoff.created_at));
  d.pair("Nông dân:", dropoff.farmer_name);
  d.pair("Giá trị:", format_vnd(dropoff.total), true);
  d.pair("Số mặt hàng:", std::to_string(dropoff.items.size()));
  d.rule(true);
  d.pair("Thời gian hủy:", format_local_datetime(v.voided_at));
  d.text("Lý do: " + v.reason);
  d.pair("Người duyệt:", approver_name.empty() ? v.approved_by : approver_name);
  d.rule(true);
  d.text("Phiếu nhận số trên không còn giá trị.", Align::Center);
  d.feed();
  d.row({Cell{"Nhân viên", Align::Center, 50}, Cell{"Trưởng ca", Align::Center, 0}}, true);
  d.feed(3);
  return d;
}

}  // namespace hp::print
