#include "kiosk/app/scan_kind.hpp"

#include "shared/codes/check_digits.hpp"
#include "shared/codes/classify.hpp"

namespace hp::app {

ScanMeaning interpret_scan(std::string_view text, std::string_view symbology) {
  // A scanner that reports the symbology separately gets it put back in front, so the codes
  // module sees exactly what a prefixing scanner would have sent.
  std::string input;
  if (!symbology.empty() && (text.size() < 3 || text[0] != ']')) input = std::string(symbology);
  input += text;
  const codes::Classification c = codes::classify(input);
  ScanMeaning m;
  m.raw_kind = std::string(codes::code_kind_name(c.kind));
  if (!c.valid) {
    m.kind = ScanMeaning::Kind::Invalid;
    m.error = c.error ? c.error->code + ": " + c.error->detail : "invalid";
    m.error_code = c.error ? c.error->code : std::string("code.unknown");
    return m;
  }
  using K = codes::CodeKind;
  switch (c.kind) {
    case K::member: m.kind = ScanMeaning::Kind::Member; m.code = c.code; break;
    case K::pickup: m.kind = ScanMeaning::Kind::Pickup; m.code = c.code; break;
    case K::lot: m.kind = ScanMeaning::Kind::Lot; m.code = c.code; break;
    case K::ean13:
    case K::ean8:
    case K::upca:
    case K::gtin14:
      m.kind = ScanMeaning::Kind::Product;
      m.code = std::string(14 - c.code.size(), '0') + c.code;  // as GTIN-14
      break;
    case K::gs1:
      for (const auto& e : c.gs1)
        if (e.ai == "01" || e.ai == "02") {
          m.kind = ScanMeaning::Kind::Product;
          m.code = e.value;
        }
      if (m.kind != ScanMeaning::Kind::Product) m.kind = ScanMeaning::Kind::Other;
      break;
    case K::variable_measure:
      m.kind = ScanMeaning::Kind::VariableMeasure;
      if (c.variable) {
        m.item = c.variable->item;
        m.weight_mg = c.variable->weight_mg;
      }
      break;
    default:
      m.kind = ScanMeaning::Kind::Other;
      break;
  }
  return m;
}

const char* invalid_scan_key(const ScanMeaning& m) {
  if (m.error_code == "code.empty") return "scan.empty";
  if (m.error_code == "code.too_long") return "scan.too_long";
  if (m.error_code == "code.unknown" || m.raw_kind == "unknown") return "scan.not_recognised";
  return "scan.damaged";  // a kind it knows, with a bad check digit or length
}

const char* other_scan_key(const ScanMeaning& m) {
  if (m.raw_kind == "s10") return "scan.postal_item";
  if (m.raw_kind == "vietqr") return "scan.payment_qr";
  if (m.raw_kind == "gs1") return "scan.gs1_no_product";
  return "scan.not_for_counter";
}

}  // namespace hp::app
