#include "shared/print/produce_label.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "shared/codes/kiosk_codes.hpp"
#include "shared/money.hpp"
#include "shared/print/raster_render.hpp"
#include "shared/print/symbols.hpp"
#include "shared/weight.hpp"

namespace hp::print {

Result<ProduceLabel> produce_label(const PrintConfig& cfg, const DropOff& dropoff, const DropOffItem& item,
                                   const Farmer& farmer, const Product& product) {
  if (item.lot_code.empty()) return fail("print.no_lot", "item has no lot code");
  if (cfg.trace_server.empty()) return fail("print.no_trace_server", "no traceability server configured");
  ProduceLabel l;
  l.product = item.product_name.empty() ? product.name_vi : item.product_name;
  l.grade = item.grade;
  l.farmer = farmer.name.empty() ? dropoff.farmer_name : farmer.name;
  l.cooperative = farmer.cooperative;
  l.date = format_local_date(dropoff.created_at);
  l.lot_code = item.lot_code;
  l.trace_url = "https://" + cfg.trace_server + "/t/" + item.lot_code;
  if (product.gtin && !product.gtin->empty()) l.gs1.push_back({"01", *product.gtin});
  if (item.unit == PriceUnit::PerPiece) {
    if (item.pieces <= 0 || item.pieces > 99999999) return fail("print.bad_quantity", "piece count out of range");
    l.quantity = std::to_string(item.pieces) + " quả";
    l.counted = true;
    l.gs1.push_back({"30", std::to_string(item.pieces)});
  } else {
    // (3103): kilograms with three decimals = whole grams, rounded down so the label never
    // claims more than was weighed.
    const Milligrams grams = item.net_mg / 1000;
    if (item.net_mg <= 0 || grams > 999999) return fail("print.bad_quantity", "net weight out of range for (3103)");
    char buf[24];  // six digits by the check above; room for the compiler's worst case
    std::snprintf(buf, sizeof buf, "%06lld", static_cast<long long>(grams));
    l.quantity = format_weight(round_to_gram(item.net_mg));
    l.gs1.push_back({"3103", buf});
  }
  // The lot as 16 digits (codes::lot_batch_digits): half the symbol width of its letters.
  const auto batch = codes::lot_batch_digits(item.lot_code);
  if (!batch) return fail("print.no_lot", "not a lot code: " + item.lot_code);
  l.gs1.push_back({"10", *batch});
  if (auto ok = gs1_validate(l.gs1); !ok) return std::unexpected(ok.error());
  return l;
}

std::string quantity_caption(const ProduceLabel& l, bool short_form) {
  if (l.counted) return "Số lượng";
  return short_form ? "KL tịnh" : "Khối lượng tịnh";
}

namespace {

int gs1_modules(const std::vector<Gs1Element>& elements) {
  auto m = barcode_modules(BarcodeKind::Gs1_128, gs1_bracketed(elements));
  return m ? static_cast<int>(m->size()) : std::numeric_limits<int>::max();
}

}  // namespace

std::vector<std::vector<Gs1Element>> label_symbol_groups(const std::vector<Gs1Element>& elements, int width_dots) {
  const int max_modules = width_dots / kGs1ModuleDots - 20;
  std::vector<std::vector<Gs1Element>> groups;
  for (const auto& e : elements) {
    if (!groups.empty()) {
      auto trial = groups.back();
      trial.push_back(e);
      if (gs1_modules(trial) <= max_modules) {
        groups.back() = std::move(trial);
        continue;
      }
    }
    groups.push_back({e});
  }
  return groups;
}

bool gs1_symbol_fits(const std::vector<Gs1Element>& elements, int width_dots) {
  const int n = gs1_modules(elements);
  return n < std::numeric_limits<int>::max() / kGs1ModuleDots - 20 && (n + 20) * kGs1ModuleDots <= width_dots;
}

Document label_document(const ProduceLabel& l, int width_dots) {
  Document d;
  d.text(l.product + " - loại " + l.grade, Align::Center, true, TextSize::Double);
  d.text(quantity_caption(l) + ": " + l.quantity, Align::Center, true);
  d.pair("Nông dân:", l.farmer);
  if (!l.cooperative.empty()) d.pair("HTX:", l.cooperative);
  d.pair("Ngày nhận:", l.date);
  d.text("Mã lô: " + l.lot_code, Align::Left, true);
  // Bars at GS1's X-dimension, never turned; what does not fit across stays readable as text.
  for (const auto& g : label_symbol_groups(l.gs1, width_dots)) {
    if (gs1_symbol_fits(g, width_dots))
      d.add(Barcode{BarcodeKind::Gs1_128, gs1_bracketed(g), gs1_human(g), 80, kGs1ModuleDots});
    else
      d.text(gs1_human(g), Align::Center);
  }
  d.add(QrCode{l.trace_url, QrEcc::M, 5, "Truy xuất nguồn gốc"});
  d.feed(2);
  return d;
}

namespace {

// Draws a line at the largest size up to max_px that fits the width.
int fit_line(Bitmap& b, FontCache& fonts, int x, int y_top, int width, FontFace face, int max_px,
             const std::string& text) {
  int px = max_px;
  while (px > 10 && fonts.text_width(face, px, text) > width) --px;
  const int asc = fonts.ascender(face, px);
  fonts.draw_text(b, x, y_top + asc, face, px, text);
  return asc + fonts.descender(face, px);
}

}  // namespace

Result<LabelLayout> layout_label(const ProduceLabel& l, const PrinterProfile& profile, FontCache& fonts) {
  if (profile.language == PrinterLanguage::EscPos || profile.height_dots <= 0) {
    return fail("print.wrong_language", "profile '" + profile.name + "' is not a label printer");
  }
  LabelLayout out;
  out.width = profile.width_dots;
  out.height = profile.height_dots;
  out.text = Bitmap(out.width, out.height);
  const int margin = 12;
  // Horizontal symbols at GS1's X-dimension, stacked at the bottom, each with its caption.
  const auto groups = label_symbol_groups(l.gs1, out.width);
  const int caption_px = std::max(12, out.height / 20);
  const int caption_h = fonts.ascender(FontFace::Regular, caption_px) + fonts.descender(FontFace::Regular, caption_px);
  const int bar_h = std::max(48, out.height * 16 / 100);  // at least 6 mm
  int bottom = out.height - margin / 2;
  for (auto g = groups.rbegin(); g != groups.rend(); ++g) {
    LabelBarcode b;
    b.elements = *g;
    auto modules = barcode_modules(BarcodeKind::Gs1_128, gs1_bracketed(b.elements));
    if (!modules) return std::unexpected(modules.error());
    b.modules = std::move(*modules);
    const int n = static_cast<int>(b.modules.size());
    if ((n + 20) * kGs1ModuleDots > out.width)
      return fail("print.label_too_small", "a GS1-128 symbol of " + std::to_string(n) + " modules needs " +
                                               std::to_string((n + 20) * kGs1ModuleDots) + " dots across at 0.5 mm a module; the label has " +
                                               std::to_string(out.width) + " (use 100 mm wide labels)");
    b.module = kGs1ModuleDots;
    b.height = bar_h;
    b.x = (out.width - (n + 20) * b.module) / 2 + 10 * b.module;
    const std::string human = gs1_human(b.elements);
    int px = caption_px;
    while (px > 9 && fonts.text_width(FontFace::Regular, px, human) > out.width - 4) --px;
    const int w = fonts.text_width(FontFace::Regular, px, human);
    fonts.draw_text(out.text, (out.width - w) / 2, bottom - fonts.descender(FontFace::Regular, px), FontFace::Regular, px, human);
    b.y = bottom - caption_h - b.height;
    bottom = b.y - 4;
    out.barcodes.insert(out.barcodes.begin(), std::move(b));
  }
  const int symbols_top = out.barcodes.empty() ? out.height : out.barcodes.front().y;

  auto qr = qr_matrix(l.trace_url, QrEcc::M);
  if (!qr) return std::unexpected(qr.error());
  out.qr_size = qr->size;
  const int top_h = symbols_top - margin - 4;
  if (top_h < 80)  // room for the QR code and the lines of text (10 mm)
    return fail("print.label_too_small", std::to_string(out.barcodes.size()) + " GS1-128 symbols leave " +
                                             std::to_string(std::max(0, top_h)) + " dots for the text; use a taller label");
  const int qr_side_max = std::min(top_h, out.width * 40 / 100);
  out.qr_module = qr_side_max / (qr->size + 2);
  if (out.qr_module < 2) return fail("print.label_too_small", "the QR code does not fit the label");
  const int qr_side = out.qr_module * qr->size;
  out.qr_x = out.width - margin - qr_side;
  out.qr_y = margin;

  const int text_w = out.qr_x - margin - 8;
  std::vector<std::pair<FontFace, std::string>> lines = {
      {FontFace::Bold, l.product + " - loại " + l.grade},
      {FontFace::Bold, quantity_caption(l, true) + ": " + l.quantity},
      {FontFace::Regular, "ND: " + l.farmer},
  };
  if (!l.cooperative.empty()) lines.push_back({FontFace::Regular, l.cooperative});
  lines.push_back({FontFace::Regular, "Ngày: " + l.date});
  lines.push_back({FontFace::Bold, "Lô: " + l.lot_code});
  // The largest size at which all lines fit above the barcode.
  int line_px = 28;
  auto block_height = [&](int px) {
    int h = 0;
    for (const auto& [face, text] : lines) h += fonts.ascender(face, px) + fonts.descender(face, px) + 1;
    return h;
  };
  while (line_px > 10 && block_height(line_px) > top_h) --line_px;
  int y = margin - 2;
  for (const auto& [face, text] : lines) {
    y += fit_line(out.text, fonts, margin, y, text_w, face, line_px, text) + 1;
  }
  return out;
}

Bitmap render_label(const LabelLayout& layout, const ProduceLabel& l) {
  Bitmap b = layout.text;
  for (const auto& bc : layout.barcodes) b.draw(barcode_bitmap(bc.modules, bc.module, bc.height, 0), bc.x, bc.y);
  if (auto qr = qr_matrix(l.trace_url, QrEcc::M)) {
    b.draw(qr_bitmap(*qr, layout.qr_module, 0), layout.qr_x, layout.qr_y);
  }
  return b;
}

Result<std::string> zpl_gs1_field(const std::vector<Gs1Element>& elements) {
  auto plan = plan_code128(gs1_code128_tokens(elements));
  if (!plan) return std::unexpected(plan.error());
  std::string out;
  bool first = true;
  for (const auto& s : *plan) {
    switch (s.op) {
      case Code128Step::Op::SetB: out += first ? ">:" : ">6"; break;
      case Code128Step::Op::SetC: out += first ? ">;" : ">5"; break;
      case Code128Step::Op::Fnc1: out += ">8"; break;
      case Code128Step::Op::Pair: {
        out += static_cast<char>('0' + s.value / 10);
        out += static_cast<char>('0' + s.value % 10);
        break;
      }
      case Code128Step::Op::Char:
        if (s.value == '>') {
          out += "><";
        } else if (s.value == '^' || s.value == '~') {
          return fail("print.symbol_invalid", "ZPL control character in barcode data");
        } else {
          out += static_cast<char>(s.value);
        }
        break;
    }
    first = false;
  }
  return out;
}

namespace {

std::string hex_rows(const Bitmap& b, int width_bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  const auto data = pack_rows(b, 0, b.height, width_bytes);
  std::string out;
  out.reserve(data.size() * 2);
  for (auto byte : data) {
    out += kHex[byte >> 4];
    out += kHex[byte & 15];
  }
  return out;
}

Status check_quoted(const std::string& s) {
  if (s.find_first_of("\"\r\n^~") != std::string::npos) {
    return fail("print.symbol_invalid", "data contains a character the label language cannot quote");
  }
  return {};
}

}  // namespace

Result<std::string> encode_zpl(const ProduceLabel& l, const PrinterProfile& profile, FontCache& fonts) {
  if (profile.language != PrinterLanguage::Zpl) return fail("print.wrong_language", "not a ZPL profile");
  auto layout = layout_label(l, profile, fonts);
  if (!layout) return std::unexpected(layout.error());
  if (auto ok = check_quoted(l.trace_url); !ok) return std::unexpected(ok.error());
  const int wb = (layout->width + 7) / 8;
  const int total = wb * layout->height;
  std::string z;
  z += "^XA\n^CI28\n^PW" + std::to_string(layout->width) + "\n^LL" + std::to_string(layout->height) + "\n^LH0,0\n";
  z += "^FO0,0^GFA," + std::to_string(total) + "," + std::to_string(total) + "," + std::to_string(wb) + "," +
       hex_rows(layout->text, wb) + "^FS\n";
  for (const auto& bc : layout->barcodes) {
    auto field = zpl_gs1_field(bc.elements);
    if (!field) return std::unexpected(field.error());
    z += "^FO" + std::to_string(bc.x) + "," + std::to_string(bc.y) + "^BY" + std::to_string(bc.module) + "^BCN," +
         std::to_string(bc.height) + ",N,N,N^FD" + *field + "^FS\n";
  }
  z += "^FO" + std::to_string(layout->qr_x) + "," + std::to_string(layout->qr_y) + "^BQN,2," +
       std::to_string(layout->qr_module) + "^FDMA," + l.trace_url + "^FS\n";
  z += "^PQ1\n^XZ\n";
  return z;
}

Result<std::string> encode_tspl(const ProduceLabel& l, const PrinterProfile& profile, FontCache& fonts) {
  if (profile.language != PrinterLanguage::Tspl) return fail("print.wrong_language", "not a TSPL profile");
  auto layout = layout_label(l, profile, fonts);
  if (!layout) return std::unexpected(layout.error());
  if (auto ok = check_quoted(l.trace_url); !ok) return std::unexpected(ok.error());
  // Text and bars in one picture: TSPL's own GS1-128 syntax varies between firmware
  // families, a bitmap from zint does not.
  Bitmap picture = layout->text;
  for (const auto& bc : layout->barcodes) picture.draw(barcode_bitmap(bc.modules, bc.module, bc.height, 0), bc.x, bc.y);
  const int wb = (picture.width + 7) / 8;
  auto data = pack_rows(picture, 0, picture.height, wb);
  for (auto& byte : data) byte = static_cast<std::uint8_t>(~byte);  // TSPL: 0 = printed dot
  std::string t;
  t += "SIZE " + std::to_string(profile.label_width_mm) + " mm," + std::to_string(profile.label_height_mm) + " mm\r\n";
  t += "GAP 2 mm,0 mm\r\nDIRECTION 1\r\nREFERENCE 0,0\r\nCLS\r\n";
  t += "BITMAP 0,0," + std::to_string(wb) + "," + std::to_string(picture.height) + ",0,";
  t.append(reinterpret_cast<const char*>(data.data()), data.size());
  t += "\r\n";
  // ECC M, cell width in dots, automatic mode, no rotation.
  t += "QRCODE " + std::to_string(layout->qr_x) + "," + std::to_string(layout->qr_y) + ",M," +
       std::to_string(layout->qr_module) + ",A,0,\"" + l.trace_url + "\"\r\n";
  t += "PRINT 1,1\r\n";
  return t;
}

}  // namespace hp::print
