#include "shared/print/receipts.hpp"

#include <algorithm>
#include <set>

#include "shared/ids.hpp"
#include "shared/money.hpp"
#include "shared/weight.hpp"

namespace hp::print {

namespace {

void header(Document& d, const PrintConfig& cfg) {
  if (!cfg.logo.empty()) d.add(Picture{cfg.logo, Align::Center});
  if (!cfg.programme.empty()) d.text(cfg.programme, Align::Center);
  d.text(cfg.post_office_name, Align::Center, true);
  if (!cfg.post_office_address.empty()) d.text(cfg.post_office_address, Align::Center);
  if (!cfg.post_office_phone.empty()) d.text("ĐT: " + cfg.post_office_phone, Align::Center);
  d.rule();
}

void copy_banner(Document& d, const PrintCopy& copy) {
  if (!copy.reprint) return;
  d.add(Line{{Cell{"BẢN SAO", Align::Center, 0}}, true, TextSize::Double, true});
  d.text("In lại lúc " + format_local_datetime(copy.reprinted_at), Align::Center);
}

void footer(Document& d, const PrintConfig& cfg, const PrintCopy& copy) {
  if (!cfg.footer.empty()) {
    d.feed();
    d.text(cfg.footer, Align::Center);
  }
  if (copy.reprint) {
    d.feed();
    d.add(Line{{Cell{"BẢN SAO", Align::Center, 0}}, true, TextSize::Double, true});
  }
  d.feed(2);
}

std::string quantity(const DropOffItem& it) {
  if (it.unit == PriceUnit::PerPiece) return std::to_string(it.pieces) + " quả";
  return format_weight(it.net_mg);  // whole grams since the rounding rule; older lines as they were weighed
}

// The line's figures must be the ones its value was computed from (docs/printing.md,
// "Rounding"): a farmer multiplies what is printed. A weighed line stored before the counter
// weighed in whole grams (a reprint of an old drop-off) prints as it was and is not checked.
Status check_line(const DropOffItem& it, std::size_t line) {
  if (it.unit == PriceUnit::PerKg && (it.gross_mg % 1000 != 0 || it.tare_mg % 1000 != 0)) return {};
  const Dong expected =
      it.unit == PriceUnit::PerPiece ? it.unit_price * it.pieces : value_by_weight(it.unit_price, it.net_mg);
  if (it.unit == PriceUnit::PerKg && it.net_mg != it.gross_mg - it.tare_mg)
    return fail("print.weight_mismatch", "line " + std::to_string(line) + ": gross - tare is not net");
  if (it.value != expected)
    return fail("print.value_mismatch", "line " + std::to_string(line) + " says " + std::to_string(it.value) +
                                            ", its printed quantity x price gives " + std::to_string(expected));
  return {};
}

std::string unit_price(const DropOffItem& it) {
  return format_vnd(it.unit_price) + (it.unit == PriceUnit::PerPiece ? "/quả" : "/kg");
}

const char* payment_text(PaymentMethod m) {
  switch (m) {
    case PaymentMethod::Prepaid: return "Đã thanh toán trước";
    case PaymentMethod::Cash: return "Tiền mặt";
    case PaymentMethod::VietQr: return "Chuyển khoản VietQR";
  }
  return "";
}

}  // namespace

std::string dropoff_url(const PrintConfig& cfg, const DropOff& dropoff) {
  return "https://" + cfg.trace_server + "/d/" + dropoff.id;
}

std::optional<std::string> dropoff_barcode_digits(std::string_view uuid) {
  if (!is_uuid(uuid)) return std::nullopt;
  unsigned __int128 v = 0;
  for (char c : uuid) {
    if (c == '-') continue;
    const int d = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    v = (v << 4) | static_cast<unsigned>(d);
  }
  std::string out(40, '0');
  for (int i = 39; i >= 0 && v != 0; --i) {
    out[static_cast<std::size_t>(i)] = static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  }
  return out;
}

std::optional<std::string> dropoff_id_from_barcode(std::string_view digits) {
  if (digits.size() != 40) return std::nullopt;
  unsigned __int128 v = 0;
  const unsigned __int128 max = ~static_cast<unsigned __int128>(0);
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    if (v > (max - static_cast<unsigned>(c - '0')) / 10) return std::nullopt;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(32, '0');
  for (int i = 31; i >= 0; --i) {
    hex[static_cast<std::size_t>(i)] = kHex[static_cast<int>(v & 0xF)];
    v >>= 4;
  }
  const std::string id = hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
                         hex.substr(16, 4) + "-" + hex.substr(20);
  if (!is_uuid(id)) return std::nullopt;
  return id;
}

Result<Document> dropoff_receipt(const PrintConfig& cfg, const DropOff& dropoff, const Farmer& farmer,
                                 const PrintCopy& copy) {
  const auto digits = dropoff_barcode_digits(dropoff.id);
  if (!digits) return fail("print.bad_id", "drop-off id is not a UUID: " + dropoff.id);
  Document d;
  copy_banner(d, copy);
  header(d, cfg);
  d.text("PHIẾU NHẬN NÔNG SẢN", Align::Center, true, TextSize::Double);
  // The short number people say and search by; the UUID stays in the barcode.
  if (!dropoff.number.empty()) d.pair("Số phiếu:", dropoff.number, true);
  if (!dropoff.kiosk_id.empty()) d.pair("Quầy:", dropoff.kiosk_id);
  d.pair("Thời gian:", format_local_datetime(dropoff.created_at));
  d.pair("Nhân viên:", dropoff.clerk);
  d.pair("Nông dân:", farmer.name.empty() ? dropoff.farmer_name : farmer.name, true);
  // The screen's term: the code on the "thẻ hội viên".
  if (!farmer.member_code.empty()) d.pair("Mã hội viên:", farmer.member_code);
  if (!farmer.phone.empty()) d.pair("Điện thoại:", farmer.phone);
  if (!farmer.commune.empty()) d.pair("Địa chỉ:", farmer.commune + (farmer.district.empty() ? "" : ", " + farmer.district));
  if (!farmer.cooperative.empty()) d.pair("HTX:", farmer.cooperative);
  // Brought by a sales agent: the farmer sees who carried the produce in (the agent keeps the
  // visit's summary; the commission is not the farmer's business and is not printed here).
  if (dropoff.agent) d.pair("Đại lý giao:", dropoff.agent->name + " (" + dropoff.agent->code + ")");
  d.rule();
  d.pair("Mặt hàng", "Thành tiền", true);
  d.rule(true);
  Dong sum = 0;
  for (std::size_t i = 0; i < dropoff.items.size(); ++i) {
    const auto& it = dropoff.items[i];
    if (auto ok = check_line(it, i + 1); !ok) return std::unexpected(ok.error());
    d.text(std::to_string(i + 1) + ". " + it.product_name + " - loại " + it.grade, Align::Left, true);
    // Gross, tare and net, so the farmer sees what the crate weighed and what was taken off.
    if (it.unit == PriceUnit::PerKg)
      d.text("   Cả bì " + format_weight(it.gross_mg) + " - bì " + format_weight(it.tare_mg) + " = tịnh " + quantity(it));
    else
      d.text("   Số lượng: " + quantity(it));
    // Approved on the spot (docs/clerks.md): the farmer sees the weight was typed by hand and
    // what the list price was.
    if (it.weight_manual) d.text("   Cân tay (trưởng ca duyệt)");
    if (it.list_price > 0 && it.list_price != it.unit_price)
      d.text("   Giá niêm yết " + format_vnd(it.list_price) + ", giá áp dụng " + unit_price(it));
    d.row({Cell{"   " + quantity(it) + " × " + unit_price(it), Align::Left, 0},
           Cell{format_vnd(it.value), Align::Right, 35}});
    if (!it.lot_code.empty()) d.text("   Lô: " + it.lot_code);
    sum += it.value;
  }
  if (sum != dropoff.total) {
    return fail("print.total_mismatch", "items add up to " + std::to_string(sum) + ", total says " +
                                            std::to_string(dropoff.total));
  }
  d.rule();
  d.add(Line{{Cell{"TỔNG CỘNG", Align::Left, 0}, Cell{format_vnd(dropoff.total), Align::Right, 50}},
             true, TextSize::Normal, false});
  d.text("Bằng chữ: " + vnd_in_words(dropoff.total) + ".");
  d.rule();
  d.add(Barcode{BarcodeKind::Code128, *digits, "", 70});
  d.text("Số phiếu: " + (dropoff.number.empty() ? dropoff.id : dropoff.number), Align::Center);
  if (!cfg.trace_server.empty()) {
    d.add(QrCode{dropoff_url(cfg, dropoff), QrEcc::M, 4, "Quét để xem phiếu và lô hàng"});
  }
  d.feed();
  d.row({Cell{"Người giao hàng", Align::Center, 50}, Cell{"Nhân viên bưu cục", Align::Center, 0}}, true);
  d.row({Cell{"(ký, ghi rõ họ tên)", Align::Center, 50}, Cell{"(ký, ghi rõ họ tên)", Align::Center, 0}});
  d.feed(3);
  d.row({Cell{farmer.name.empty() ? dropoff.farmer_name : farmer.name, Align::Center, 50},
         Cell{dropoff.clerk, Align::Center, 0}});
  footer(d, cfg, copy);
  return d;
}

Result<Document> pickup_receipt(const PrintConfig& cfg, const Order& order, const Pickup& pickup,
                                const PrintCopy& copy) {
  if (pickup.order_id != order.id) return fail("print.mismatch", "pickup is for another order");
  Document d;
  copy_banner(d, copy);
  header(d, cfg);
  d.text("PHIẾU GIAO HÀNG", Align::Center, true, TextSize::Double);
  d.pair("Thời gian:", format_local_datetime(pickup.collected_at));
  // The centre's short number; until it sends one, the pickup code below names the order.
  if (!order.number.empty()) d.text("Đơn hàng: " + order.number, Align::Left, true);
  d.pair("Mã nhận hàng:", order.pickup_code);
  d.pair("Người nhận:", pickup.buyer_name.empty() ? order.buyer_name : pickup.buyer_name, true);
  if (order.buyer_phone.size() >= 4) {
    d.pair("Điện thoại:", "******" + order.buyer_phone.substr(order.buyer_phone.size() - 4));
  }
  d.pair("Nhân viên:", pickup.clerk);
  d.rule();
  d.pair("Mặt hàng", "Thành tiền", true);
  d.rule(true);
  for (std::size_t i = 0; i < order.items.size(); ++i) {
    const auto& it = order.items[i];
    d.row({Cell{std::to_string(i + 1) + ". " + it.product_name + " (" + it.quantity_text + ")", Align::Left, 0},
           Cell{format_vnd(it.amount), Align::Right, 35}});
  }
  d.rule();
  d.add(Line{{Cell{"TỔNG CỘNG", Align::Left, 0}, Cell{format_vnd(order.total), Align::Right, 50}},
             true, TextSize::Normal, false});
  d.pair("Hình thức:", payment_text(pickup.method));
  if (pickup.method != PaymentMethod::Prepaid) {
    d.pair("Đã thu:", format_vnd(pickup.amount_paid), true);
    d.text("Bằng chữ: " + vnd_in_words(pickup.amount_paid) + ".");
  }
  d.feed();
  d.row({Cell{"Người nhận hàng", Align::Center, 50}, Cell{"Nhân viên bưu cục", Align::Center, 0}}, true);
  d.feed(3);
  d.row({Cell{pickup.buyer_name.empty() ? order.buyer_name : pickup.buyer_name, Align::Center, 50},
         Cell{pickup.clerk, Align::Center, 0}});
  footer(d, cfg, copy);
  return d;
}

ShiftSummary summarize_shift(std::string clerk, std::string kiosk_id, UtcMillis opened_at,
                             UtcMillis closed_at, std::span<const DropOff> dropoffs,
                             std::span<const Pickup> pickups) {
  ShiftSummary s;
  s.clerk = std::move(clerk);
  s.kiosk_id = std::move(kiosk_id);
  s.opened_at = opened_at;
  s.closed_at = closed_at;
  std::set<std::string> farmers;
  for (const auto& d : dropoffs) {
    ++s.dropoffs;
    farmers.insert(d.farmer_id);
    s.dropoff_value += d.total;
    for (const auto& it : d.items) {
      ++s.dropoff_items;
      s.weight_mg += it.net_mg;
    }
  }
  s.farmers = static_cast<int>(farmers.size());
  for (const auto& p : pickups) {
    ++s.pickups;
    if (p.method == PaymentMethod::Cash) s.cash_collected += p.amount_paid;
    if (p.method == PaymentMethod::VietQr) s.vietqr_collected += p.amount_paid;
    if (p.method == PaymentMethod::Prepaid) ++s.prepaid_pickups;
  }
  return s;
}

namespace {

// The close's count by banknote and what the drawer should hold: over, short or exact.
void cash_section(Document& d, const cash::CashCount& count, const cash::Balance& b) {
  d.text("KIỂM QUỸ TIỀN MẶT", Align::Left, true);
  d.row({Cell{"Mệnh giá", Align::Left, 0}, Cell{"Số tờ", Align::Right, 25}, Cell{"Thành tiền", Align::Right, 40}},
        true);
  for (std::size_t i = 0; i < cash::kDenominations.size(); ++i)
    d.row({Cell{group_thousands(cash::kDenominations[i]), Align::Left, 0},
           Cell{std::to_string(count.pieces[i]), Align::Right, 25},
           Cell{group_thousands(cash::kDenominations[i] * count.pieces[i]), Align::Right, 40}});
  d.pair("Tiền đếm được:", format_vnd(b.counted), true);
  d.rule();
  d.pair("Tiền đầu ca:", format_vnd(b.opening_float));
  d.pair("+ Thu tiền mặt (COD):", format_vnd(b.cod_cash));
  d.pair("- Chi trả nông dân:", format_vnd(b.payouts));
  if (b.cash_in) d.pair("+ Nộp thêm vào két:", format_vnd(b.cash_in));
  if (b.cash_out) d.pair("- Rút khỏi két:", format_vnd(b.cash_out));
  d.pair("Số mở két không bán:", std::to_string(b.drawer_opens));
  d.pair("Tiền phải có:", format_vnd(b.expected), true);
  const std::string verdict = b.over_short > 0 ? "THỪA" : b.over_short < 0 ? "THIẾU" : "KHỚP";
  d.add(Line{{Cell{verdict, Align::Left, 0},
              Cell{format_vnd(b.over_short < 0 ? -b.over_short : b.over_short), Align::Right, 45}},
             true, TextSize::Normal, false});
  d.text("Tiền đếm được bằng chữ: " + vnd_in_words(b.counted) + ".");
}

}  // namespace

Result<Document> shift_report(const PrintConfig& cfg, const ShiftSummary& s, UtcMillis printed_at) {
  if (s.closed_at < s.opened_at) return fail("print.bad_shift", "shift closes before it opens");
  Document d;
  header(d, cfg);
  d.text("BÁO CÁO CA LÀM VIỆC", Align::Center, true, TextSize::Double);
  d.pair("Nhân viên:", s.clerk, true);
  d.pair("Quầy:", s.kiosk_id);
  d.pair("Bắt đầu:", format_local_datetime(s.opened_at));
  d.pair("Kết thúc:", format_local_datetime(s.closed_at));
  d.rule();
  d.text("NHẬN NÔNG SẢN", Align::Left, true);
  d.pair("Số phiếu:", std::to_string(s.dropoffs));
  d.pair("Số mặt hàng:", std::to_string(s.dropoff_items));
  d.pair("Số nông dân:", std::to_string(s.farmers));
  d.pair("Tổng khối lượng:", format_weight(s.weight_mg));
  d.pair("Giá trị:", format_vnd(s.dropoff_value), true);
  d.rule(true);
  d.text("GIAO HÀNG", Align::Left, true);
  d.pair("Số đơn đã giao:", std::to_string(s.pickups));
  d.pair("Đã thanh toán trước:", std::to_string(s.prepaid_pickups));
  d.pair("Thu tiền mặt:", format_vnd(s.cash_collected), true);
  d.pair("Thu VietQR:", format_vnd(s.vietqr_collected));
  d.rule();
  if (s.balance && s.closing_count) {
    cash_section(d, *s.closing_count, *s.balance);
  } else {
    d.add(Line{{Cell{"TIỀN MẶT NỘP QUỸ", Align::Left, 0}, Cell{format_vnd(s.cash_collected), Align::Right, 45}},
               true, TextSize::Normal, false});
    d.text("Bằng chữ: " + vnd_in_words(s.cash_collected) + ".");
  }
  if (s.unsent_events > 0) {
    d.rule();
    d.text("CHƯA GỬI VỀ TRUNG TÂM", Align::Left, true);
    std::string line = std::to_string(s.unsent_events) + " sự kiện chưa gửi";
    if (s.oldest_unsent_at) line += ", cũ nhất lúc " + format_local_datetime(*s.oldest_unsent_at);
    d.text(line + ".");
  }
  d.text("In lúc " + format_local_datetime(printed_at), Align::Right);
  if (!s.signed_off_by.empty())
    d.text("Kiểm soát duyệt: " + s.signed_off_by + ", " + format_local_datetime(s.signed_off_at));
  d.feed();
  d.row({Cell{"Nhân viên", Align::Center, 50}, Cell{"Kiểm soát", Align::Center, 0}}, true);
  d.feed(4);
  return d;
}

Result<Document> queue_ticket(const PrintConfig& cfg, const QueueTicket& t) {
  if (t.number <= 0 || t.number > 9999) return fail("print.bad_ticket", "ticket number out of range");
  Document d;
  d.text(cfg.post_office_name, Align::Center, true);
  d.text("SỐ THỨ TỰ", Align::Center, true);
  std::string n = std::to_string(t.number);
  if (n.size() < 3) n.insert(0, 3 - n.size(), '0');
  d.text(n, Align::Center, true, TextSize::Double);
  d.text(t.service, Align::Center, true);
  d.text("Số người đang chờ trước bạn: " + std::to_string(t.waiting_ahead), Align::Center);
  d.text(format_local_datetime(t.issued_at), Align::Center);
  d.text("Vui lòng chờ gọi số.", Align::Center);
  d.feed(2);
  return d;
}

}  // namespace hp::print
