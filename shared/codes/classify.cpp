#include "shared/codes/classify.hpp"

#include <nlohmann/json.hpp>

#include "shared/codes/check_digits.hpp"
#include "shared/codes/emv_qr.hpp"
#include "shared/text.hpp"

namespace hp::codes {

namespace {

bool is_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

// Blanks and control characters around a scan (a wedge scanner's CR/LF/TAB, a stray NUL).
// A leading GS stays: it is FNC1 in first position, the mark of GS1 data.
std::string_view trim_scan(std::string_view s) {
  auto blank = [](unsigned char c) { return c <= 0x20 || c == 0x7F; };
  std::size_t a = 0, b = s.size();
  while (a < b && blank(static_cast<unsigned char>(s[a])) && s[a] != kGs) ++a;
  while (b > a && blank(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}

void set_error(Classification& c, Error e) {
  c.valid = false;
  c.error = std::move(e);
}

void take_gs1(Classification& c, Result<std::vector<Gs1Element>> r) {
  c.kind = CodeKind::gs1;
  if (!r) return set_error(c, r.error());
  c.gs1 = std::move(*r);
  c.valid = true;
}

void classify_gtin(Classification& c, std::string_view digits, const ClassifyOptions& opt) {
  c.code = std::string(digits);
  switch (digits.size()) {
    case 8: c.kind = CodeKind::ean8; break;
    case 12: c.kind = CodeKind::upca; break;
    case 14: c.kind = CodeKind::gtin14; break;
    default: {
      const int prefix = (digits[0] - '0') * 10 + (digits[1] - '0');
      if (prefix >= 20 && prefix <= 29 && opt.layout.for_prefix(prefix)) {
        c.kind = CodeKind::variable_measure;
        auto vm = parse_variable_measure(digits, opt.layout);
        if (!vm) return set_error(c, vm.error());
        c.variable = std::move(*vm);
        c.valid = true;
        return;
      }
      c.kind = CodeKind::ean13;
    }
  }
  if (auto st = validate_gs1_key(digits); !st) return set_error(c, st.error());
  c.valid = true;
}

void classify_vietqr(Classification& c, std::string_view payload) {
  c.kind = CodeKind::vietqr;
  c.code = std::string(payload);
  c.crc_ok = emv_crc_ok(payload);
  auto q = parse_vietqr(payload);
  if (!q) return set_error(c, q.error());
  c.vietqr = std::move(*q);
  if (!c.vietqr->crc_ok)
    return set_error(c, Error{"vietqr.bad_crc", "the CRC (tag 63) does not match the payload"});
  c.valid = true;
}

// EAN/UPC primary with a GS1 Composite component: "2112345678900|]e099COMPOSITE<GS>98XYZ".
void classify_composite(Classification& c, std::string_view primary, std::string_view rest,
                        const ClassifyOptions& opt) {
  c.kind = CodeKind::gs1;
  auto gtin = validate_gtin(primary);
  if (!gtin) return set_error(c, gtin.error());
  auto sym = split_aim(rest);
  if (!sym || !sym->symbology || !sym->symbology->gs1)
    return set_error(c, Error{"gs1.composite", "the composite part has no GS1 symbology identifier"});
  auto cc = parse_gs1(sym->data, opt.gs1);
  if (!cc) return set_error(c, cc.error());
  std::string gtin14(14 - primary.size(), '0');
  gtin14 += primary;
  auto first = make_gs1_element("01", gtin14, opt.gs1);
  if (!first) return set_error(c, first.error());
  c.gs1.push_back(std::move(*first));
  for (auto& e : *cc) {
    if (e.ai == "01") return set_error(c, Error{"gs1.duplicate_ai", "the composite repeats AI (01)"});
    c.gs1.push_back(std::move(e));
  }
  c.valid = true;
}

void classify_text(Classification& c, std::string_view data, const ClassifyOptions& opt) {
  if (data.empty()) return set_error(c, Error{"code.empty", "nothing was scanned"});
  if (data[0] == kGs) return take_gs1(c, parse_gs1(data, opt.gs1));
  if (data.starts_with("000201")) return classify_vietqr(c, data);
  if (data[0] == '(' && data.size() > 3 && data[1] >= '0' && data[1] <= '9')
    return take_gs1(c, parse_gs1_bracketed(data, opt.gs1));
  if (data.find(kGs) != std::string_view::npos) return take_gs1(c, parse_gs1(data, opt.gs1));

  if (all_digits(data)) {
    const std::size_t n = data.size();
    if (n == 8 || n == 12 || n == 13 || n == 14) return classify_gtin(c, data, opt);
    // A GS1 element string whose FNC1 separators were not needed (or were lost).
    auto g = parse_gs1(data, opt.gs1);
    if (g || (n >= 16 && (data.starts_with("00") || data.starts_with("01") || data.starts_with("02"))))
      return take_gs1(c, std::move(g));
    c.code = std::string(data);
    return set_error(c, Error{"code.unknown", std::to_string(n) + " digits is not a known code"});
  }

  std::string compact;
  compact.reserve(data.size());
  for (char ch : data) {
    if (ch == ' ' || ch == '-') continue;
    compact.push_back((ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch);
  }
  const bool letters2 = compact.size() >= 2 && is_upper(compact[0]) && is_upper(compact[1]);
  const bool s10_shape = compact.size() == 13 && letters2 &&
                         all_digits(std::string_view(compact).substr(2, 9));
  if (!s10_shape) {
    if (const auto kind = kiosk_code_kind_of(compact)) {
      c.kind = *kind == KioskCodeKind::member   ? CodeKind::member
               : *kind == KioskCodeKind::pickup ? CodeKind::pickup
                                                : CodeKind::lot;
      auto k = parse_kiosk_code(data, *kind);
      if (!k) return set_error(c, k.error());
      c.code = k->code;
      c.valid = true;
      return;
    }
  }
  const bool s10_like = compact.size() >= 12 && compact.size() <= 14 && letters2 &&
                        is_upper(compact[compact.size() - 1]) &&
                        is_upper(compact[compact.size() - 2]);
  if (s10_shape || s10_like) {
    c.kind = CodeKind::s10;
    c.code = compact;
    auto s = parse_s10(compact);
    if (!s) return set_error(c, s.error());
    c.s10 = std::move(*s);
    c.valid = true;
    return;
  }
  c.code = std::string(data);
  set_error(c, Error{"code.unknown", "not a code this kiosk knows"});
}

}  // namespace

std::string_view code_kind_name(CodeKind kind) {
  switch (kind) {
    case CodeKind::ean13: return "ean13";
    case CodeKind::ean8: return "ean8";
    case CodeKind::upca: return "upca";
    case CodeKind::gtin14: return "gtin14";
    case CodeKind::gs1: return "gs1";
    case CodeKind::variable_measure: return "variable_measure";
    case CodeKind::s10: return "s10";
    case CodeKind::vietqr: return "vietqr";
    case CodeKind::member: return "member";
    case CodeKind::pickup: return "pickup";
    case CodeKind::lot: return "lot";
    case CodeKind::unknown: return "unknown";
  }
  return "unknown";
}

Classification classify(std::string_view scanned) { return classify(scanned, ClassifyOptions{}); }

Classification classify(std::string_view scanned, const ClassifyOptions& opt) {
  Classification c;
  if (scanned.size() > opt.max_length) {
    set_error(c, Error{"code.too_long", "a scan of " + std::to_string(scanned.size()) +
                                            " bytes is longer than any code"});
    return c;
  }
  std::string_view data = trim_scan(scanned);
  auto split = split_aim(data);
  if (!split) {
    set_error(c, split.error());
    return c;
  }
  c.symbology = split->symbology;
  data = trim_scan(split->data);

  // The CRC of a payment QR covers the bytes as printed, so it is read before any
  // normalisation; every other code is ASCII, for which NFC changes nothing.
  if (data.starts_with("000201")) {
    classify_vietqr(c, data);
    return c;
  }
  std::string nfc;
  if (!is_ascii(data)) {
    nfc = to_nfc(data);
    data = nfc;
  }

  if (c.symbology && c.symbology->gs1) {
    if (data.starts_with("("))
      take_gs1(c, parse_gs1_bracketed(data, opt.gs1));
    else
      take_gs1(c, parse_gs1(data, opt.gs1));
    return c;
  }
  if (c.symbology && c.symbology->code == 'E') {
    if (const auto bar = data.find('|'); bar != std::string_view::npos) {
      classify_composite(c, data.substr(0, bar), data.substr(bar + 1), opt);
      return c;
    }
    // ]E3: EAN-13 followed by its 2- or 5-digit add-on (a periodical's issue number);
    // the add-on identifies nothing the kiosk stocks, so the primary is what counts.
    if (c.symbology->modifier == '3' && (data.size() == 15 || data.size() == 18) && all_digits(data))
      data = data.substr(0, 13);
    // EAN/UPC readers send UPC-A (and UPC-E, expanded) as 13 digits with a leading 0.
    if (c.symbology->modifier == '0' && data.size() == 13 && data[0] == '0' && all_digits(data)) {
      classify_gtin(c, data.substr(1), opt);
      return c;
    }
  }
  classify_text(c, data, opt);
  return c;
}

nlohmann::json to_json(const Classification& c) {
  nlohmann::json j;
  j["kind"] = std::string(code_kind_name(c.kind));
  j["valid"] = c.valid;
  if (!c.valid) {
    const Error e = c.error.value_or(Error{"code.unknown", "not valid"});
    j["error"] = e.detail.empty() ? e.code : e.code + ": " + e.detail;
  }
  if (c.symbology) j["symbology"] = c.symbology->name;
  switch (c.kind) {
    case CodeKind::gs1:
      if (c.valid) {
        nlohmann::json ais = nlohmann::json::object();
        for (const auto& e : c.gs1) ais[e.ai] = e.value;
        j["ais"] = std::move(ais);
      }
      break;
    case CodeKind::variable_measure:
      if (c.variable) {
        j["item"] = c.variable->item;
        if (c.variable->weight_mg) j["weight_mg"] = *c.variable->weight_mg;
        if (c.variable->price_vnd) j["price_vnd"] = *c.variable->price_vnd;
        if (c.variable->count) j["count"] = *c.variable->count;
      }
      break;
    case CodeKind::s10:
      if (c.s10) {
        j["service"] = c.s10->service;
        j["serial"] = c.s10->serial;
        j["check"] = c.s10->check;
        j["country"] = c.s10->country;
      }
      break;
    case CodeKind::vietqr:
      if (c.vietqr) {
        j["bank_bin"] = c.vietqr->bank_bin;
        j["account"] = c.vietqr->account;
        if (c.vietqr->amount_vnd) j["amount_vnd"] = *c.vietqr->amount_vnd;
        if (c.vietqr->purpose) j["purpose"] = *c.vietqr->purpose;
      }
      if (c.crc_ok) j["crc_ok"] = *c.crc_ok;
      break;
    case CodeKind::member:
    case CodeKind::pickup:
    case CodeKind::lot:
      if (c.valid) j["code"] = c.code;
      break;
    default:
      break;
  }
  return j;
}

}  // namespace hp::codes
