#include "shared/codes/aim.hpp"

namespace hp::codes {

namespace {

struct Family {
  char code;
  std::string_view name;
};

// ISO/IEC 15424 code characters. 'J' (DotCode) was assigned after the first edition; GS1
// scanners send ]J1 for GS1 DotCode, so it is accepted.
constexpr Family kFamilies[] = {
    {'A', "Code 39"},
    {'B', "Telepen"},
    {'C', "Code 128"},
    {'D', "Code One"},
    {'E', "EAN/UPC"},
    {'F', "Codabar"},
    {'G', "Code 93"},
    {'H', "Code 11"},
    {'I', "ITF (Interleaved 2 of 5)"},
    {'J', "DotCode"},
    {'K', "Code 16K"},
    {'L', "PDF417"},
    {'M', "MSI"},
    {'N', "Anker"},
    {'O', "Codablock"},
    {'P', "Plessey"},
    {'Q', "QR Code"},
    {'R', "Straight 2 of 5 (2-bar start/stop)"},
    {'S', "Straight 2 of 5 (3-bar start/stop)"},
    {'T', "Code 49"},
    {'U', "MaxiCode"},
    {'X', "Other barcode"},
    {'Y', "System expansion"},
    {'Z', "Non-barcode"},
    {'c', "Channel Code"},
    {'d', "Data Matrix"},
    {'e', "RSS / GS1 DataBar / Composite"},
    {'o', "OCR"},
    {'p', "PosiCode"},
    {'s', "SuperCode"},
    {'z', "Aztec Code"},
};

struct Specific {
  char code;
  char modifier;
  std::string_view name;
  bool gs1;
};

// Identifiers whose modifier names a specific symbology or says the data is GS1.
constexpr Specific kSpecific[] = {
    {'A', '0', "Code 39", false},
    {'C', '0', "Code 128", false},
    {'C', '1', "GS1-128", true},
    {'C', '2', "Code 128 (FNC1 in second position)", false},
    {'C', '4', "Code 128 (ISBT concatenation)", false},
    {'d', '1', "Data Matrix", false},
    {'d', '2', "GS1 DataMatrix", true},
    {'E', '0', "EAN-13", false},
    {'E', '1', "EAN two-digit add-on", false},
    {'E', '2', "EAN five-digit add-on", false},
    {'E', '3', "EAN-13 with add-on", false},
    {'E', '4', "EAN-8", false},
    {'e', '0', "GS1 DataBar", true},
    {'e', '1', "GS1 Composite", true},
    {'e', '2', "GS1 Composite (escape mode)", true},
    {'e', '3', "GS1 DataBar with Composite", true},
    {'I', '0', "ITF", false},
    {'I', '1', "ITF (check digit validated)", false},
    {'J', '0', "DotCode", false},
    {'J', '1', "GS1 DotCode", true},
    {'L', '0', "PDF417", false},
    {'Q', '0', "QR Code (model 1)", false},
    {'Q', '1', "QR Code", false},
    {'Q', '2', "QR Code (ECI)", false},
    {'Q', '3', "GS1 QR Code", true},
    {'Q', '4', "GS1 QR Code (ECI)", true},
    {'Q', '5', "QR Code (FNC1 in second position)", false},
    {'z', '0', "Aztec Code", false},
};

bool valid_modifier(char code, char modifier) {
  if (modifier >= '0' && modifier <= '9') return true;
  // Only Aztec uses letters (A-C: structured append and reader initialisation).
  return code == 'z' && modifier >= 'A' && modifier <= 'C';
}

}  // namespace

std::optional<std::string_view> aim_family(char code) {
  for (const auto& f : kFamilies)
    if (f.code == code) return f.name;
  return std::nullopt;
}

Result<Symbology> parse_aim(std::string_view identifier) {
  if (identifier.empty() || identifier[0] != ']')
    return fail("aim.not_aim", "a symbology identifier starts with ']'");
  if (identifier.size() < 3)
    return fail("aim.truncated", "a symbology identifier has three characters");
  const char code = identifier[1];
  const char modifier = identifier[2];
  const auto family = aim_family(code);
  if (!family) return fail("aim.unknown_code", "unknown symbology code character");
  if (!valid_modifier(code, modifier))
    return fail("aim.bad_modifier", "invalid symbology modifier character");
  Symbology s;
  s.identifier = std::string(identifier.substr(0, 3));
  s.code = code;
  s.modifier = modifier;
  s.family = std::string(*family);
  s.name = s.family;
  for (const auto& sp : kSpecific) {
    if (sp.code == code && sp.modifier == modifier) {
      s.name = std::string(sp.name);
      s.gs1 = sp.gs1;
      break;
    }
  }
  return s;
}

Result<AimSplit> split_aim(std::string_view scan) {
  if (scan.empty() || scan[0] != ']') return AimSplit{std::nullopt, scan};
  auto sym = parse_aim(scan);
  if (!sym) return std::unexpected(sym.error());
  return AimSplit{std::move(*sym), scan.substr(3)};
}

}  // namespace hp::codes
