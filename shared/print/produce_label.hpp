#pragma once
// The crate label: product and grade, net weight, farmer and cooperative, drop-off date, lot
// code; a GS1-128 barcode ((01) GTIN when the product has one, (3103) net weight or (30)
// count, (10) lot) and a QR code with the lot's traceability address on the central server.
// The same content goes to ESC/POS (as a Document), ZPL II and TSPL label printers.
#include <string>
#include <vector>

#include "shared/domain.hpp"
#include "shared/print/document.hpp"
#include "shared/print/font_cache.hpp"
#include "shared/print/gs1.hpp"
#include "shared/print/print_config.hpp"
#include "shared/print/printer_profile.hpp"
#include "shared/result.hpp"

namespace hp::print {

struct ProduceLabel {
  std::string product;
  std::string grade;
  std::string quantity;  // "12,5 kg" or "30 quả"
  bool counted = false;  // a piece count ("Số lượng"), not a net weight ("Khối lượng tịnh")
  std::string farmer;
  std::string cooperative;  // may be empty
  std::string date;         // drop-off date, "28/11/2026"
  std::string lot_code;
  std::vector<Gs1Element> gs1;
  std::string trace_url;  // https://<server>/t/<lot code>
};

Result<ProduceLabel> produce_label(const PrintConfig& cfg, const DropOff& dropoff, const DropOffItem& item,
                                   const Farmer& farmer, const Product& product);

// "Khối lượng tịnh" (short: "KL tịnh") for a weight, "Số lượng" for a count.
std::string quantity_caption(const ProduceLabel& label, bool short_form = false);

// For a receipt printer (ESC/POS): the label as a short document, its GS1-128 split to stay
// horizontal at GS1's X-dimension on paper width_dots wide (80 mm: 576). An element too long
// for one symbol across that paper is printed as its human-readable text only.
Document label_document(const ProduceLabel& label, int width_dots = 576);

// The X-dimension (narrowest bar) of every GS1-128 symbol on a label: 4 dots, 0.50 mm at
// 203 dpi, which meets GS1's 0.495 mm minimum for GS1-128 (docs/printing.md, "Labels").
inline constexpr int kGs1ModuleDots = 4;

// The label's GS1 elements split, in order, into as few GS1-128 symbols as fit across
// width_dots at kGs1ModuleDots per module with their 10-module quiet zones, so no symbol
// has to turn or shrink. An element that does not fit alone gets a symbol of its own
// (gs1_symbol_fits tells).
std::vector<std::vector<Gs1Element>> label_symbol_groups(const std::vector<Gs1Element>& elements, int width_dots);
// Whether one GS1-128 symbol of these elements fits across width_dots at kGs1ModuleDots, quiet
// zones included.
bool gs1_symbol_fits(const std::vector<Gs1Element>& elements, int width_dots);

// One horizontal GS1-128 symbol on a label.
struct LabelBarcode {
  std::vector<Gs1Element> elements;
  std::vector<std::uint8_t> modules;
  int x = 0, y = 0, module = kGs1ModuleDots, height = 0;
};

// Where things go on a label of the profile's size (dots, 203 dpi).
struct LabelLayout {
  int width = 0, height = 0;
  Bitmap text;  // everything but the symbols, full label size
  std::vector<LabelBarcode> barcodes;  // top to bottom
  int qr_x = 0, qr_y = 0, qr_module = 2;
  int qr_size = 0;  // modules per side
};

Result<LabelLayout> layout_label(const ProduceLabel& label, const PrinterProfile& profile, FontCache& fonts);

// The whole label as a picture (text, barcode and QR), as the printer should print it.
Bitmap render_label(const LabelLayout& layout, const ProduceLabel& label);

// ZPL II: text as ^GFA graphic, each GS1-128 as ^BC with >;>8 (start C, FNC1), QR as ^BQ.
Result<std::string> encode_zpl(const ProduceLabel& label, const PrinterProfile& profile, FontCache& fonts);
// TSPL: text and the GS1-128 symbol as BITMAP (binary, 0 = printed dot), QR as QRCODE.
Result<std::string> encode_tspl(const ProduceLabel& label, const PrinterProfile& profile, FontCache& fonts);

// ZPL ^BC field data for GS1 elements (">;>8..." with >5/>6 subset switches).
Result<std::string> zpl_gs1_field(const std::vector<Gs1Element>& elements);

}  // namespace hp::print
