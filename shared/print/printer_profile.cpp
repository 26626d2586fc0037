#include "shared/print/printer_profile.hpp"

namespace hp::print {

namespace {

PrinterProfile escpos(std::string name, int width, int columns, int page) {
  PrinterProfile p;
  p.name = std::move(name);
  p.width_dots = width;
  p.columns = columns;
  p.cp1258_page = page;
  return p;
}

PrinterProfile label(std::string name, PrinterLanguage lang, int w_mm, int h_mm) {
  PrinterProfile p;
  p.name = std::move(name);
  p.language = lang;
  p.width_dots = w_mm * 8;  // 203 dpi = 8 dots per mm
  p.height_dots = h_mm * 8;
  p.columns = 0;
  p.cp1258_page = -1;
  p.label_width_mm = w_mm;
  p.label_height_mm = h_mm;
  return p;
}

std::vector<PrinterProfile> all_profiles() {
  return {
      escpos("escpos-80", 576, 48, 52),          // Epson TM-T20/T88 and true compatibles
      escpos("escpos-58", 384, 32, 52),
      escpos("pos-5890", 384, 32, 27),           // also lists 94
      escpos("yhd-8390", 576, 48, 32),
      escpos("rp326", 576, 48, 35),
      escpos("nt-80-v-ul", 576, 48, 94),
      escpos("escpos-80-nocp", 576, 48, -1),     // no Vietnamese code page: raster only
      // The default: 100 mm is the narrowest stock that fits GTIN, weight and lot at GS1's
      // X-dimension (docs/printing.md, "Labels"). 60 and 50 mm stock is too narrow for a
      // weight's (3103) at 0.5 mm a module: such labels are refused (print.label_too_small).
      label("zpl", PrinterLanguage::Zpl, 100, 50),
      label("zpl-100x50", PrinterLanguage::Zpl, 100, 50),
      label("zpl-50x30", PrinterLanguage::Zpl, 50, 30),
      label("zpl-60x40", PrinterLanguage::Zpl, 60, 40),
      label("tspl", PrinterLanguage::Tspl, 100, 50),
      label("tspl-100x50", PrinterLanguage::Tspl, 100, 50),
      label("tspl-50x30", PrinterLanguage::Tspl, 50, 30),
      label("tspl-60x40", PrinterLanguage::Tspl, 60, 40),
  };
}

}  // namespace

Result<PrinterProfile> printer_profile(std::string_view name) {
  for (auto& p : all_profiles()) {
    if (p.name == name) return p;
  }
  return fail("print.unknown_profile", "unknown printer profile '" + std::string(name) + "'");
}

std::vector<std::string> printer_profile_names() {
  std::vector<std::string> out;
  for (const auto& p : all_profiles()) out.push_back(p.name);
  return out;
}

}  // namespace hp::print
