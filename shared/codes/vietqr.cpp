#include "shared/codes/vietqr.hpp"

#include "shared/codes/check_digits.hpp"
#include "shared/codes/emv_qr.hpp"

namespace hp::codes {

namespace {

bool account_chars(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
  return true;
}

Status check_bin(std::string_view bin) {
  if (bin.size() != 6 || !all_digits(bin)) return fail("vietqr.bin", "the bank BIN is 6 digits");
  return {};
}

Status check_account(std::string_view account) {
  if (account.empty() || account.size() > 19 || !account_chars(account))
    return fail("vietqr.account", "the account or card number is 1-19 letters or digits");
  return {};
}

Result<Dong> parse_amount(std::string_view s) {
  // VND has no minor unit; some generators still write "70000.00".
  std::string_view whole = s;
  if (const auto dot = s.find('.'); dot != std::string_view::npos) {
    whole = s.substr(0, dot);
    const std::string_view frac = s.substr(dot + 1);
    if (!all_digits(frac) || frac.find_first_not_of('0') != std::string_view::npos)
      return fail("vietqr.amount", "the amount must be whole dong");
  }
  if (whole.empty() || whole.size() > 13 || !all_digits(whole))
    return fail("vietqr.amount", "the amount must be a whole number of dong");
  Dong v = 0;
  for (char c : whole) v = v * 10 + (c - '0');
  if (v <= 0) return fail("vietqr.amount", "the amount must be positive");
  return v;
}

}  // namespace

Result<VietQr> parse_vietqr(std::string_view payload) {
  auto top = parse_emv_objects(payload);
  if (!top) return std::unexpected(top.error());
  if (top->front().id != "00" || top->front().value != "01")
    return fail("vietqr.malformed", "a payload starts with 000201");
  if (top->back().id != "63" || top->back().value.size() != 4)
    return fail("vietqr.no_crc", "the payload must end with the CRC object 6304XXXX");
  const auto crc = emv_crc_ok(payload);
  if (!crc) return fail("vietqr.no_crc", "the CRC is not four hex digits");

  VietQr q;
  q.crc_ok = *crc;
  if (const auto* poi = find_object(*top, "01")) q.dynamic = poi->value == "12";

  const auto* merchant = find_object(*top, "38");
  if (!merchant) return fail("vietqr.not_vietqr", "no VietQR merchant account (tag 38)");
  auto m = parse_emv_objects(merchant->value);
  if (!m) return fail(m.error().code, "tag 38: " + m.error().detail);
  const auto* guid = find_object(*m, "00");
  if (!guid || guid->value != kNapasGuid)
    return fail("vietqr.not_vietqr", "tag 38 does not carry the NAPAS GUID A000000727");
  const auto* beneficiary = find_object(*m, "01");
  if (!beneficiary) return fail("vietqr.bin", "tag 38 has no beneficiary (01)");
  auto b = parse_emv_objects(beneficiary->value);
  if (!b) return fail(b.error().code, "tag 38/01: " + b.error().detail);
  const auto* bin = find_object(*b, "00");
  const auto* account = find_object(*b, "01");
  if (!bin) return fail("vietqr.bin", "tag 38/01 has no bank BIN (00)");
  if (auto st = check_bin(bin->value); !st) return std::unexpected(st.error());
  if (!account) return fail("vietqr.account", "tag 38/01 has no account (01)");
  if (auto st = check_account(account->value); !st) return std::unexpected(st.error());
  q.bank_bin = bin->value;
  q.account = account->value;
  const auto* service = find_object(*m, "02");
  if (!service || (service->value != "QRIBFTTA" && service->value != "QRIBFTTC"))
    return fail("vietqr.service", "tag 38/02 must be QRIBFTTA or QRIBFTTC");
  q.service = service->value;

  if (const auto* cur = find_object(*top, "53"); cur && cur->value != "704")
    return fail("vietqr.currency", "currency " + cur->value + " is not 704 (VND)");
  if (const auto* country = find_object(*top, "58"); country && country->value != "VN")
    return fail("vietqr.country", "country " + country->value + " is not VN");
  if (const auto* amount = find_object(*top, "54")) {
    auto v = parse_amount(amount->value);
    if (!v) return std::unexpected(v.error());
    q.amount_vnd = *v;
  }
  if (const auto* extra = find_object(*top, "62")) {
    auto e = parse_emv_objects(extra->value);
    if (!e) return fail(e.error().code, "tag 62: " + e.error().detail);
    if (const auto* p = find_object(*e, "08")) q.purpose = p->value;
    if (const auto* p = find_object(*e, "01")) q.bill_number = p->value;
  }
  return q;
}

Result<VietQr> read_vietqr(std::string_view payload) {
  auto q = parse_vietqr(payload);
  if (q && !q->crc_ok) return fail("vietqr.bad_crc", "the CRC (tag 63) does not match the payload");
  return q;
}

Result<std::string> build_vietqr(const VietQrRequest& r) {
  if (auto st = check_bin(r.bank_bin); !st) return std::unexpected(st.error());
  if (auto st = check_account(r.account); !st) return std::unexpected(st.error());
  if (r.amount_vnd && (*r.amount_vnd <= 0 || *r.amount_vnd > 9'999'999'999'999))
    return fail("vietqr.amount", "the amount must be 1 to 13 digits of dong");
  if (r.purpose) {
    if (r.purpose->empty() || r.purpose->size() > 25)
      return fail("vietqr.purpose", "the purpose has 1-25 characters");
    for (char c : *r.purpose)
      if (c < 0x20 || c > 0x7E)
        return fail("vietqr.purpose", "the purpose must be printable ASCII (fold Vietnamese accents first)");
  }
  // Every piece is validated above, so the objects below fit in two-digit lengths.
  const std::string beneficiary = *emv_object("00", r.bank_bin) + *emv_object("01", r.account);
  const std::string merchant = *emv_object("00", kNapasGuid) + *emv_object("01", beneficiary) +
                               *emv_object("02", r.to_card ? "QRIBFTTC" : "QRIBFTTA");
  std::string p = "000201";
  p += r.amount_vnd ? "010212" : "010211";
  p += *emv_object("38", merchant);
  p += "5303704";
  if (r.amount_vnd) p += *emv_object("54", std::to_string(*r.amount_vnd));
  p += "5802VN";
  if (r.purpose) p += *emv_object("62", *emv_object("08", *r.purpose));
  p += "6304";
  p += crc_hex(crc16_ccitt_false(p));
  return p;
}

}  // namespace hp::codes
