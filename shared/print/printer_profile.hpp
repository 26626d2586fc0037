#pragma once
// What the encoders need to know about a printer model. The CP1258 code page number differs
// by model (Epson 52; clones 27, 32, 35 or 94; escpos-printer-db profiles).
#include <string>
#include <string_view>
#include <vector>

#include "shared/result.hpp"

namespace hp::print {

enum class PrinterLanguage { EscPos, Zpl, Tspl };

struct PrinterProfile {
  std::string name;
  PrinterLanguage language = PrinterLanguage::EscPos;
  int width_dots = 576;   // printable width
  int height_dots = 0;    // labels: label length; receipts: 0 (continuous)
  int dpi = 203;
  int columns = 48;       // font A (12x24) characters per line
  int cp1258_page = 52;   // ESC t n selecting Windows-1258; -1 when the model has none
  bool native_qr = true;  // GS ( k QR (model 2)
  int label_width_mm = 0;
  int label_height_mm = 0;
};

Result<PrinterProfile> printer_profile(std::string_view name);
std::vector<std::string> printer_profile_names();

}  // namespace hp::print
