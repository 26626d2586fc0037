#include "shared/print/escpos_encoder.hpp"

#include <algorithm>
#include <array>
#include <span>

#include "shared/print/cp1258.hpp"
#include "shared/print/escpos_commands.hpp"
#include "shared/print/gs1.hpp"
#include "shared/print/layout.hpp"
#include "shared/print/raster_render.hpp"
#include "shared/print/utf8.hpp"

namespace hp::print {

Result<std::string> epson_code128_data(const std::vector<int>& tokens) {
  auto plan = plan_code128(tokens);
  if (!plan) return std::unexpected(plan.error());
  std::string out;
  bool in_b = false;
  for (const auto& s : *plan) {
    switch (s.op) {
      case Code128Step::Op::SetB: out += "{B"; in_b = true; break;
      case Code128Step::Op::SetC: out += "{C"; in_b = false; break;
      case Code128Step::Op::Fnc1: out += "{1"; break;
      case Code128Step::Op::Pair: out += static_cast<char>(s.value); break;
      case Code128Step::Op::Char:
        out += static_cast<char>(s.value);
        if (in_b && s.value == '{') out += '{';  // a literal brace is "{{"
        break;
    }
  }
  if (out.size() > 255) return fail("print.symbol_too_long", "Code 128 data over 255 bytes");
  return out;
}

namespace {

using escpos::Bytes;

struct NativeBarcode {
  std::uint8_t m = 73;
  std::string data;
  int modules = 0;
};

Result<NativeBarcode> native_barcode(const Barcode& b) {
  auto modules = barcode_modules(b.kind, b.data);
  if (!modules) return std::unexpected(modules.error());
  NativeBarcode n;
  n.modules = static_cast<int>(modules->size());
  switch (b.kind) {
    case BarcodeKind::Ean13: n.m = 67; n.data = b.data.substr(0, 12); return n;
    case BarcodeKind::Upca: n.m = 65; n.data = b.data.substr(0, 11); return n;
    case BarcodeKind::Code39: n.m = 69; n.data = b.data; return n;
    case BarcodeKind::Ean8: n.m = 68; n.data = b.data.substr(0, 7); return n;
    case BarcodeKind::Upce: n.m = 66; n.data = b.data; return n;
    case BarcodeKind::Itf: n.m = 70; n.data = b.data; return n;
    case BarcodeKind::Codabar: n.m = 71; n.data = b.data; return n;
    case BarcodeKind::Code93: n.m = 72; n.data = b.data; return n;
    case BarcodeKind::Code128: {
      std::vector<int> tokens;
      for (char c : b.data) tokens.push_back(static_cast<unsigned char>(c));
      auto d = epson_code128_data(tokens);
      if (!d) return std::unexpected(d.error());
      n.data = *d;
      return n;
    }
    case BarcodeKind::Gs1_128: {
      auto els = gs1_parse_bracketed(b.data);
      if (!els) return std::unexpected(els.error());
      auto d = epson_code128_data(gs1_code128_tokens(*els));
      if (!d) return std::unexpected(d.error());
      n.data = *d;
      return n;
    }
  }
  return fail("print.symbol_invalid", "unknown barcode kind");
}

class Encoder {
 public:
  Encoder(const PrinterProfile& profile, const EscPosOptions& options, FontCache& fonts)
      : profile_(profile), options_(options), fonts_(fonts),
        style_(RasterStyle::for_width(profile.width_dots)) {}

  Result<EscPosJob> run(const Document& doc) {
    escpos::init(job_.bytes);
    if (options_.mode == EscPosMode::Text) {
      if (profile_.cp1258_page < 0) {
        return fail("print.no_vietnamese_codepage",
                    "printer '" + profile_.name + "' has no Windows-1258 code page; use raster mode");
      }
      escpos::code_page(job_.bytes, profile_.cp1258_page);
    }
    std::size_t pending_from = 0;  // first block not yet sent, for raster runs
    const auto& blocks = doc.blocks;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      const auto& block = blocks[i];
      if (options_.mode == EscPosMode::Raster) {
        if (!is_native_symbol(block)) continue;
        if (auto ok = flush_raster(std::span(blocks).subspan(pending_from, i - pending_from)); !ok) {
          return std::unexpected(ok.error());
        }
        pending_from = i + 1;
      }
      if (auto ok = text_block(block); !ok) return std::unexpected(ok.error());
    }
    if (options_.mode == EscPosMode::Raster) {
      if (auto ok = flush_raster(std::span(blocks).subspan(pending_from)); !ok) {
        return std::unexpected(ok.error());
      }
    }
    if (options_.kick_drawer) escpos::drawer_kick(job_.bytes, 2, 100, 100);
    if (options_.cut) escpos::cut_partial_after_feed(job_.bytes, 0);
    return std::move(job_);
  }

 private:
  bool native_symbols() const {
    if (options_.symbols == SymbolMode::Native) return true;
    if (options_.symbols == SymbolMode::Raster) return false;
    return options_.mode == EscPosMode::Text;
  }

  bool is_native_symbol(const Block& b) const {
    if (!native_symbols()) return false;
    if (std::holds_alternative<QrCode>(b)) return profile_.native_qr;
    return std::holds_alternative<Barcode>(b);
  }

  // One block at a time into a reused picture: small, and no fresh memory per receipt.
  Status flush_raster(std::span<const Block> blocks) {
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      if (auto ok = render_blocks_into(scratch_, blocks.subspan(i, 1), profile_.width_dots, fonts_, style_); !ok) {
        return ok;
      }
      emit_raster(scratch_);
    }
    return {};
  }

  // Last inked column + 1 of row y, 0 when the row is blank.
  static int ink_end(const Bitmap& b, int y) {
    const std::uint8_t* row = b.pixels.data() + static_cast<std::size_t>(y) * b.width;
    for (int x = b.width - 1; x >= 0; --x) {
      if (row[x] < 128) return x + 1;
    }
    return 0;
  }

  void emit_raster(const Bitmap& b) {
    escpos::align(job_.bytes, 0);
    int y = 0;
    while (y < b.height) {
      if (ink_end(b, y) == 0) {
        int run = 1;
        while (y + run < b.height && ink_end(b, y + run) == 0) ++run;
        escpos::feed_dots(job_.bytes, run);
        y += run;
        continue;
      }
      int rows = 0;
      int right = 0;
      while (y + rows < b.height && rows < options_.band_rows) {
        const int end = ink_end(b, y + rows);
        if (end == 0) break;
        right = std::max(right, end);
        ++rows;
      }
      escpos::raster(job_.bytes, b, y, rows, (right + 7) / 8);
      job_.raster_rows += rows;
      y += rows;
    }
  }

  Status text_block(const Block& block) {
    return std::visit([this](const auto& b) { return this->emit(b); }, block);
  }

  void send_text(std::string_view utf8) {
    auto enc = utf8_to_cp1258(utf8);
    job_.unmappable += enc.unmappable;
    escpos::text(job_.bytes, enc.bytes);
  }

  static std::string pad(const std::string& s, int width, Align a) {
    const int gap = std::max(0, width - display_columns(s));
    const int left = a == Align::Right ? gap : a == Align::Center ? gap / 2 : 0;
    return std::string(static_cast<std::size_t>(left), ' ') + s +
           std::string(static_cast<std::size_t>(gap - left), ' ');
  }

  Status emit(const Line& line) {
    const bool dbl = line.size == TextSize::Double;
    const int cols = dbl ? profile_.columns / 2 : profile_.columns;
    if (line.bold) escpos::bold(job_.bytes, true);
    if (dbl) escpos::char_size(job_.bytes, 2, 2);
    if (line.inverse) escpos::reverse(job_.bytes, true);
    const auto widths = cell_widths(line.cells, cols, 1);
    const Measure measure = [](std::string_view s) { return display_columns(s); };
    std::vector<std::vector<std::string>> wrapped;
    std::size_t rows = 1;
    for (std::size_t i = 0; i < line.cells.size(); ++i) {
      wrapped.push_back(wrap_text(line.cells[i].text, widths[i], measure));
      rows = std::max(rows, wrapped.back().size());
    }
    for (std::size_t r = 0; r < rows; ++r) {
      std::string row;
      for (std::size_t i = 0; i < line.cells.size(); ++i) {
        if (i > 0) row += ' ';
        row += pad(r < wrapped[i].size() ? wrapped[i][r] : std::string(), widths[i], line.cells[i].align);
      }
      // Trailing spaces would only cost bytes (and, reversed, print a black tail).
      if (!line.inverse) row.erase(row.find_last_not_of(' ') + 1);
      send_text(row);
      escpos::lf(job_.bytes);
    }
    if (line.inverse) escpos::reverse(job_.bytes, false);
    if (dbl) escpos::char_size(job_.bytes, 1, 1);
    if (line.bold) escpos::bold(job_.bytes, false);
    return {};
  }

  Status emit(const Rule& rule) {
    std::string s;
    for (int i = 0; i < profile_.columns; ++i) s += (rule.dashed && i % 2 == 1) ? ' ' : '-';
    escpos::text(job_.bytes, s);
    escpos::lf(job_.bytes);
    return {};
  }

  Status emit(const Feed& f) {
    escpos::feed_lines(job_.bytes, std::clamp(f.lines, 0, 20));
    return {};
  }

  Status emit(const Picture& p) {
    if (p.image.empty()) return {};
    Bitmap line(profile_.width_dots, p.image.height);
    const int x = p.align == Align::Left ? 0
                  : p.align == Align::Right ? line.width - p.image.width
                                            : (line.width - p.image.width) / 2;
    line.draw(p.image, x, 0);
    emit_raster(line);
    return {};
  }

  Status too_long(const Barcode& b, int modules) {
    return fail("print.symbol_too_long", "a symbol of " + std::to_string(modules) + " modules at " + std::to_string(b.module_dots) +
                                             " dots a module does not fit across " + std::to_string(profile_.width_dots) + " dots");
  }

  Status emit_symbol_raster(const Block& b) {
    std::array<Block, 1> one{b};
    return flush_raster(one);
  }

  Status emit(const Barcode& b) {
    if (!native_symbols()) return emit_symbol_raster(b);
    auto n = native_barcode(b);
    if (!n) return std::unexpected(n.error());
    // Epson accepts GS w 2..6; a symbol that only fits at one dot per module goes as raster.
    int module = std::min(3, profile_.width_dots / (n->modules + 20));
    if (b.module_dots > 0) {
      if ((n->modules + 20) * b.module_dots > profile_.width_dots) return too_long(b, n->modules);
      module = b.module_dots;
    }
    if (module < 2) return emit_symbol_raster(b);
    escpos::align(job_.bytes, 1);
    escpos::barcode_height(job_.bytes, b.height_dots);
    escpos::barcode_width(job_.bytes, module);
    escpos::barcode_hri(job_.bytes, 0);
    escpos::barcode(job_.bytes, n->m, n->data);
    escpos::align(job_.bytes, 0);
    if (!b.caption.empty()) return emit(Line{{Cell{b.caption, Align::Center, 0}}, false, TextSize::Normal, false});
    return {};
  }

  Status emit(const QrCode& q) {
    if (!native_symbols() || !profile_.native_qr) return emit_symbol_raster(q);
    auto m = qr_matrix(q.data, q.ecc);  // checks that it fits, and the size the printer will make
    if (!m) return std::unexpected(m.error());
    const int module = std::min(q.module_dots, profile_.width_dots / (m->size + 8));
    if (module < 1) return fail("print.symbol_too_long", "QR code too large for the paper width");
    static constexpr char kLevels[] = {'L', 'M', 'Q', 'H'};
    escpos::align(job_.bytes, 1);
    escpos::qr_model(job_.bytes, 2);
    escpos::qr_module_size(job_.bytes, module);
    escpos::qr_error_correction(job_.bytes, kLevels[static_cast<int>(q.ecc)]);
    escpos::qr_store(job_.bytes, q.data);
    escpos::qr_print(job_.bytes);
    escpos::lf(job_.bytes);
    escpos::align(job_.bytes, 0);
    if (!q.caption.empty()) return emit(Line{{Cell{q.caption, Align::Center, 0}}, false, TextSize::Normal, false});
    return {};
  }

  const PrinterProfile& profile_;
  const EscPosOptions& options_;
  FontCache& fonts_;
  RasterStyle style_;
  EscPosJob job_;
  Bitmap scratch_;
};

}  // namespace

Result<EscPosJob> encode_escpos(const Document& doc, const PrinterProfile& profile,
                                const EscPosOptions& options, FontCache& fonts) {
  if (profile.language != PrinterLanguage::EscPos) {
    return fail("print.wrong_language", "profile '" + profile.name + "' is not an ESC/POS printer");
  }
  Encoder e(profile, options, fonts);
  return e.run(doc);
}

}  // namespace hp::print
