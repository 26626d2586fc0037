#include "shared/print/escpos_interpreter.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <optional>

#include "shared/print/cp1258.hpp"
#include "shared/print/gs1.hpp"
#include "shared/print/symbols.hpp"
#include "shared/print/utf8.hpp"
#include "shared/text.hpp"

namespace hp::print {

InterpretOptions InterpretOptions::for_profile(const PrinterProfile& p) {
  InterpretOptions o;
  o.width_dots = p.width_dots;
  o.cp1258_page = p.cp1258_page;
  return o;
}

namespace {

constexpr std::uint8_t NUL = 0x00, HT = 0x09, LF = 0x0A, FF = 0x0C, CR = 0x0D, DLE = 0x10, CAN = 0x18,
                       ESC = 0x1B, FS = 0x1C, GS = 0x1D;

struct Style {
  bool bold = false;
  int underline = 0;
  bool font_b = false;
  int wmul = 1;
  int hmul = 1;
  bool reverse = false;
};

struct Cell {
  char32_t base = ' ';
  char32_t marks[2] = {0, 0};
  int x = 0;
  Style style;
  int width() const { return (style.font_b ? 9 : 12) * style.wmul; }
  int height() const { return (style.font_b ? 17 : 24) * style.hmul; }
};

class Interpreter {
 public:
  Interpreter(std::span<const std::uint8_t> in, const InterpretOptions& o, FontCache* fonts)
      : in_(in), o_(o), fonts_(fonts) {
    r_.image = Bitmap(std::clamp(o.width_dots, 8, 4096), 0);
    UErrorCode status = U_ZERO_ERROR;
    nfc_ = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) nfc_ = nullptr;
    status = U_ZERO_ERROR;
    nfd_ = icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status)) nfd_ = nullptr;
  }

  Interpretation run() {
    while (pos_ < in_.size() && !stop_) step();
    if (!stop_) flush_line(false);
    return std::move(r_);
  }

 private:
  // --- input -------------------------------------------------------------------------------
  bool need(std::size_t n) {
    if (in_.size() - pos_ >= n) return true;
    r_.truncated = true;
    stop_ = true;
    note("stream ends inside a command at byte " + std::to_string(pos_));
    return false;
  }
  std::uint8_t at(std::size_t k) const { return in_[pos_ + k]; }
  void skip(std::size_t n) { pos_ = std::min(in_.size(), pos_ + n); }

  void note(std::string s) {
    if (r_.notes.size() < o_.max_notes) {
      r_.notes.push_back(std::move(s));
    } else {
      ++r_.notes_dropped;
    }
  }

  // --- paper -------------------------------------------------------------------------------
  int width() const { return r_.image.width; }

  // Makes rows [y, y+h) exist; false (and stop) past the paper limit.
  bool ensure(int h) {
    if (y_ + h > o_.max_height) {
      r_.out_of_paper = true;
      stop_ = true;
      note("paper limit reached at " + std::to_string(y_) + " rows");
      return false;
    }
    r_.image.grow_to_height(y_ + h);
    return true;
  }

  int align_x(int content_w) const {
    if (align_ == 1) return std::max(0, (width() - content_w) / 2);
    if (align_ == 2) return std::max(0, width() - content_w);
    return 0;
  }

  // --- text --------------------------------------------------------------------------------
  char32_t decode(std::uint8_t b) {
    if (b < 0x80) return b;
    if (code_page_ == o_.cp1258_page) return cp1258_code_point(b);
    if (!warned_page_) {
      note("code page " + std::to_string(code_page_) + " shown as Latin-1");
      warned_page_ = true;
    }
    return b;
  }

  void put_char(std::uint8_t b) {
    const char32_t cp = decode(b);
    if (is_combining(cp)) {
      if (line_.empty()) {
        add_cell(' ');
      }
      auto& c = line_.back();
      if (!c.marks[0]) {
        c.marks[0] = cp;
      } else if (!c.marks[1]) {
        c.marks[1] = cp;
      }
      return;
    }
    add_cell(cp);
  }

  void add_cell(char32_t cp) {
    Cell c;
    c.base = cp;
    c.style = style_;
    if (x_ + c.width() > width()) {  // the printer wraps
      ++r_.wrapped_lines;
      flush_line(true);
    }
    if (stop_) return;
    c.x = x_;
    x_ += c.width() + right_spacing_;
    line_.push_back(c);
  }

  char32_t composed(const Cell& c) const {
    char32_t cp = c.base;
    for (char32_t m : c.marks) {
      if (!m || !nfc_) continue;
      const UChar32 p = nfc_->composePair(static_cast<UChar32>(cp), static_cast<UChar32>(m));
      if (p < 0) return 0;  // draw base and marks separately
      cp = static_cast<char32_t>(p);
    }
    return cp;
  }

  void draw_cell(const Cell& c, int top) {
    const int cw = c.style.font_b ? 9 : 12;
    // Headroom above the cell for marks over capitals; it overlaps the line spacing above.
    const int head = 8;
    const int ch = (c.style.font_b ? 17 : 24) + head;
    Bitmap cell(cw, ch);
    const bool inverse = c.style.reverse;
    if (fonts_) {
      const int px = c.style.font_b ? 14 : 20;
      const int baseline = (c.style.font_b ? 13 : 19) + head;
      const char32_t whole = composed(c);
      auto draw = [&](char32_t cp) {
        fonts_->draw_glyph(cell, 0, baseline, fonts_->glyph(FontFace::Mono, px, cp));
        if (c.style.bold) fonts_->draw_glyph(cell, 1, baseline, fonts_->glyph(FontFace::Mono, px, cp));
      };
      if (whole && fonts_->has_glyph(FontFace::Mono, whole)) {
        draw(whole);
      } else {
        // The monospace face lacks many toned letters: draw the letter without its tone (â, ư
        // and the like it has) and the tone mark over it, raised clear of a circumflex.
        char32_t base = c.base;
        std::vector<char32_t> marks;
        for (char32_t m : c.marks) {
          if (m) marks.push_back(m);
        }
        if (whole && nfd_) {
          icu::UnicodeString dec;
          if (nfd_->getDecomposition(static_cast<UChar32>(whole), dec) && dec.length() > 0) {
            base = static_cast<char32_t>(dec.char32At(0));
            marks.clear();
            for (int32_t k = U16_LENGTH(dec.char32At(0)); k < dec.length();) {
              const UChar32 m = dec.char32At(k);
              k += U16_LENGTH(m);
              const UChar32 p = nfc_ ? nfc_->composePair(static_cast<UChar32>(base), m) : -1;
              if (p >= 0 && m != 0x0300 && m != 0x0301 && m != 0x0303 && m != 0x0309 && m != 0x0323 &&
                  fonts_->has_glyph(FontFace::Mono, static_cast<char32_t>(p))) {
                base = static_cast<char32_t>(p);
              } else {
                marks.push_back(static_cast<char32_t>(m));
              }
            }
          }
        }
        draw(base);
        // Marks in this face sit at x-height; capitals and letters that already carry a
        // circumflex, breve or horn need them higher.
        const bool capital = u_isupper(static_cast<UChar32>(base));
        const bool accented = base >= 0xC0;
        for (char32_t m : marks) {
          const int lift = m == 0x0323 ? 0 : (capital ? 3 : 0) + (accented ? 3 : 0);
          fonts_->draw_glyph(cell, 0, baseline - lift, fonts_->glyph(FontFace::Mono, px, m));
        }
      }
    } else if (c.base != ' ') {
      cell.fill_rect(2, 4, cw - 4, 1);
      cell.fill_rect(2, ch - 5, cw - 4, 1);
      cell.fill_rect(2, 4, 1, ch - 8);
      cell.fill_rect(cw - 3, 4, 1, ch - 8);
    }
    if (c.style.underline > 0) cell.fill_rect(0, ch - c.style.underline, cw, c.style.underline);
    if (inverse) {
      for (int y = head; y < ch; ++y) {
        for (int x = 0; x < cw; ++x) {
          auto& p = cell.pixels[static_cast<std::size_t>(y) * cw + x];
          p = static_cast<std::uint8_t>(255 - p);
        }
      }
    }
    const Bitmap big = (c.style.wmul > 1 || c.style.hmul > 1) ? scaled(cell, c.style.wmul, c.style.hmul) : cell;
    top -= head * c.style.hmul;
    if (inverse) {
      // Reverse printing paints the whole cell, so copy rather than darken.
      for (int y = 0; y < big.height; ++y) {
        for (int x = 0; x < big.width; ++x) {
          const int tx = c.x + shift_ + x, ty = top + y;
          if (y < head * c.style.hmul) {  // the headroom is not part of the reversed cell
            if (tx >= 0 && tx < width() && ty >= 0 && ty < r_.image.height && big.at(x, y) < 128) {
              auto& p = r_.image.pixels[static_cast<std::size_t>(ty) * width() + tx];
              p = std::min(p, big.at(x, y));
            }
            continue;
          }
          if (tx >= 0 && tx < width() && ty >= 0 && ty < r_.image.height) {
            r_.image.pixels[static_cast<std::size_t>(ty) * width() + tx] = big.at(x, y);
          }
        }
      }
    } else {
      Bitmap& img = r_.image;
      const int saved_x = c.x + shift_;
      img.draw(big, saved_x, top);
    }
  }

  // Prints the line buffer and feeds; `wrapped` = the printer broke an over-long line.
  void flush_line(bool wrapped) {
    (void)wrapped;
    int line_h = 0;
    for (const auto& c : line_) line_h = std::max(line_h, c.height());
    line_h = std::max(line_h, min_line_h_);
    const int feed = std::max(line_spacing_, line_h);
    if (line_.empty() && min_line_h_ == 0) {
      if (!ensure(feed)) return;
      y_ += feed;
      r_.text.emplace_back();
      x_ = 0;
      return;
    }
    if (!ensure(std::max(feed, line_h))) return;
    shift_ = align_x(x_);
    std::string text;
    for (const auto& c : line_) {
      draw_cell(c, y_ + line_h - c.height());
      append_utf8(text, c.base);
      for (char32_t m : c.marks) {
        if (m) append_utf8(text, m);
      }
    }
    text.erase(text.find_last_not_of(' ') + 1);
    r_.text.push_back(to_nfc(text));
    y_ += feed;
    line_.clear();
    x_ = 0;
    shift_ = 0;
    min_line_h_ = 0;
  }

  // Block graphics (raster, symbols) start on a fresh line.
  void flush_pending() {
    if (!line_.empty()) flush_line(false);
  }

  void place_block(const Bitmap& b, bool use_align) {
    if (!ensure(b.height)) return;
    const int x = use_align ? align_x(b.width) : 0;
    r_.image.draw(b, x, y_);
    y_ += b.height;
  }

  // --- commands ----------------------------------------------------------------------------
  void step() {
    const std::uint8_t b = in_[pos_];
    switch (b) {
      case LF: ++pos_; flush_line(false); return;
      case FF: ++pos_; flush_line(false); return;
      case CR: ++pos_; return;
      case NUL: ++pos_; return;
      case CAN: ++pos_; line_.clear(); x_ = 0; return;
      case HT: {
        ++pos_;
        const int tab = 8 * (style_.font_b ? 9 : 12);
        x_ = std::min(width(), (x_ / tab + 1) * tab);
        return;
      }
      case ESC: esc(); return;
      case GS: gs(); return;
      case FS: fs(); return;
      case DLE: dle(); return;
      default: break;
    }
    if (b < 0x20) {
      ++pos_;
      note("control byte " + std::to_string(b) + " ignored");
      return;
    }
    ++pos_;
    put_char(b);
  }

  void reset() {
    style_ = Style{};
    align_ = 0;
    code_page_ = 0;
    line_spacing_ = 30;
    right_spacing_ = 0;
    bar_height_ = 162;
    bar_module_ = 3;
    hri_ = 0;
    qr_module_ = 3;
    qr_ecc_ = QrEcc::L;
    qr_data_.clear();
  }

  void esc() {
    if (!need(2)) return;
    const std::uint8_t c = at(1);
    auto arg = [&](std::size_t n) -> bool {
      if (!need(2 + n)) return false;
      return true;
    };
    switch (c) {
      case '@': skip(2); flush_pending(); reset(); return;
      case '2': skip(2); line_spacing_ = 30; return;
      case 'i': case 'm': skip(2); flush_pending(); ++r_.cuts; draw_cut(); return;
      case 'L': case 'S': case 'v': skip(2); note("ESC " + std::string(1, static_cast<char>(c)) + " ignored"); return;
      case '!': if (!arg(1)) return; {
          const int n = at(2);
          style_.font_b = n & 1;
          style_.bold = n & 8;
          style_.hmul = (n & 16) ? 2 : 1;
          style_.wmul = (n & 32) ? 2 : 1;
          style_.underline = (n & 128) ? 1 : 0;
        }
        skip(3);
        return;
      case 'E': case 'G': if (!arg(1)) return; style_.bold = at(2) & 1; skip(3); return;
      case '-': if (!arg(1)) return; style_.underline = std::clamp(at(2) & 3, 0, 2); skip(3); return;
      case 'M': if (!arg(1)) return; style_.font_b = (at(2) & 1) != 0; skip(3); return;
      case 'a': if (!arg(1)) return; align_ = std::clamp(at(2) % 48, 0, 2); skip(3); return;
      case 't': if (!arg(1)) return; code_page_ = at(2); warned_page_ = false; skip(3); return;
      case '3': if (!arg(1)) return; line_spacing_ = at(2); skip(3); return;
      case ' ': if (!arg(1)) return; right_spacing_ = at(2); skip(3); return;
      case 'd': if (!arg(1)) return; {
          const int n = at(2);
          skip(3);
          flush_line(false);
          for (int i = 1; i < n && !stop_; ++i) flush_line(false);
        }
        return;
      case 'J': if (!arg(1)) return; {
          const int n = at(2);
          skip(3);
          if (!line_.empty()) {
            const int saved = line_spacing_;
            line_spacing_ = n;
            flush_line(false);
            line_spacing_ = saved;
          } else if (ensure(n)) {
            y_ += n;
          }
        }
        return;
      case 'K': case 'e': if (!arg(1)) return; skip(3); note("reverse feed ignored"); return;
      case '%': case '=': case '?': case 'R': case 'T': case 'U': case 'V': case 'r': case 'u': case '{':
        if (!arg(1)) return;
        skip(3);
        return;
      case '$': if (!arg(2)) return; {
          const int n = at(2) | (at(3) << 8);
          if (n < width()) x_ = n;
          skip(4);
        }
        return;
      case '\\': if (!arg(2)) return; {
          const int n = static_cast<std::int16_t>(at(2) | (at(3) << 8));
          x_ = std::clamp(x_ + n, 0, width());
          skip(4);
        }
        return;
      case 'c': if (!arg(2)) return; skip(4); return;
      case 'p': if (!arg(3)) return; ++r_.drawer_kicks; skip(5); return;
      case 'W': if (!arg(8)) return; skip(10); note("ESC W (page mode area) ignored"); return;
      case 'D': {  // tab stops, NUL-terminated, at most 32
        std::size_t k = 2;
        while (k < 2 + 33 && pos_ + k < in_.size() && at(k) != 0) ++k;
        if (pos_ + k >= in_.size()) {
          need(k + 1);
          return;
        }
        skip(k + 1);
        return;
      }
      case '*': bit_image(); return;
      case '&': user_chars(); return;
      case '(': if (!arg(2)) return; {
          const std::size_t len = at(2) | (at(3) << 8);
          if (!need(4 + len)) return;
          note("ESC ( " + std::string(1, static_cast<char>(at(1))) + " skipped");
          skip(4 + len);
        }
        return;
      default:
        note("unknown command ESC 0x" + hex(c) + " skipped");
        skip(2);
        return;
    }
  }

  static std::string hex(int v) {
    static constexpr char k[] = "0123456789abcdef";
    return std::string{k[(v >> 4) & 15], k[v & 15]};
  }

  void draw_cut() {
    if (!ensure(8)) return;
    for (int x = 0; x < width(); x += 8) r_.image.fill_rect(x, y_ + 3, 4, 1, 160);
    y_ += 8;
  }

  void bit_image() {  // ESC * m nL nH d...
    if (!need(5)) return;
    const int m = at(2);
    const std::size_t n = at(3) | (at(4) << 8);
    const int rows = (m == 32 || m == 33) ? 24 : 8;
    const std::size_t k = n * static_cast<std::size_t>(rows / 8);
    if (m != 0 && m != 1 && m != 32 && m != 33) {
      note("ESC * with unknown mode");
    }
    if (!need(5 + k)) return;
    Bitmap b(static_cast<int>(std::min<std::size_t>(n, static_cast<std::size_t>(width()))), rows);
    const int xscale = (m == 0 || m == 32) ? 2 : 1;
    for (std::size_t col = 0; col < n; ++col) {
      for (int r = 0; r < rows; ++r) {
        const std::uint8_t byte = at(5 + col * (rows / 8) + static_cast<std::size_t>(r / 8));
        if (byte & (0x80 >> (r % 8))) b.fill_rect(static_cast<int>(col), r, 1, 1);
      }
    }
    skip(5 + k);
    const Bitmap img = xscale > 1 ? scaled(b, 2, 1) : b;
    if (!ensure(rows)) return;
    r_.image.draw(img, x_, y_);
    x_ = std::min(width(), x_ + img.width);
    min_line_h_ = std::max(min_line_h_, rows);
  }

  void user_chars() {  // ESC & y c1 c2 [x d1...d(y*x)]...
    if (!need(5)) return;
    const int y = at(2), c1 = at(3), c2 = at(4);
    std::size_t k = 5;
    for (int ch = c1; ch <= c2; ++ch) {
      if (!need(k + 1)) return;
      const std::size_t x = at(k);
      k += 1 + static_cast<std::size_t>(y) * x;
      if (!need(k)) return;
    }
    note("user-defined characters ignored");
    skip(k);
  }

  void gs() {
    if (!need(2)) return;
    const std::uint8_t c = at(1);
    switch (c) {
      case '!': if (!need(3)) return; style_.wmul = ((at(2) >> 4) & 7) + 1; style_.hmul = (at(2) & 7) + 1; skip(3); return;
      case 'B': if (!need(3)) return; style_.reverse = at(2) & 1; skip(3); return;
      case 'h': if (!need(3)) return; bar_height_ = std::max<int>(1, at(2)); skip(3); return;
      case 'w': if (!need(3)) return; bar_module_ = std::clamp<int>(at(2), 1, 6); skip(3); return;
      case 'H': if (!need(3)) return; hri_ = at(2) % 48; skip(3); return;
      case 'f': case 'a': case 'b': case 'I': case 'r': case 'E': case 'T': case 'j': case '/':
        if (!need(3)) return;
        skip(3);
        return;
      case 'L': case 'W': case '$': case '\\': case 'P': if (!need(4)) return; skip(4); return;
      case '^': case 'z': if (!need(5)) return; skip(5); return;
      case ':': case 'c': skip(2); return;
      case 'g': if (!need(6)) return; skip(6); return;
      case 'V': cut(); return;
      case 'v': raster(); return;
      case 'k': barcode(); return;
      case '(': gs_paren(); return;
      case '8': {  // GS 8 L p1 p2 p3 p4 ...: long-form graphics
        if (!need(7)) return;
        const std::size_t len = static_cast<std::size_t>(at(3)) | (static_cast<std::size_t>(at(4)) << 8) |
                                (static_cast<std::size_t>(at(5)) << 16) | (static_cast<std::size_t>(at(6)) << 24);
        if (!need(7 + len)) return;
        note("GS 8 graphics skipped");
        skip(7 + len);
        return;
      }
      case '*': {
        if (!need(4)) return;
        const std::size_t k = static_cast<std::size_t>(at(2)) * at(3) * 8;
        if (!need(4 + k)) return;
        note("GS * downloaded image skipped");
        skip(4 + k);
        return;
      }
      default:
        note("unknown command GS 0x" + hex(c) + " skipped");
        skip(2);
        return;
    }
  }

  void cut() {
    if (!need(3)) return;
    const int m = at(2);
    const bool with_n = m == 65 || m == 66 || m == 97 || m == 98 || m == 103 || m == 104;
    if (with_n && !need(4)) return;
    const int n = with_n ? at(3) : 0;
    skip(with_n ? 4 : 3);
    flush_pending();
    if (m == 65 || m == 66) {  // feed to the cutter first
      if (!ensure(n)) return;
      y_ += n;
    }
    ++r_.cuts;
    draw_cut();
  }

  void raster() {  // GS v 0 m xL xH yL yH d...
    if (!need(8)) return;
    if (at(2) != '0') {
      note("GS v with unknown function");
      skip(3);
      return;
    }
    const int m = at(3) & 3;
    const std::size_t wb = at(4) | (at(5) << 8);
    const std::size_t h = at(6) | (at(7) << 8);
    const std::size_t k = wb * h;
    if (!need(8 + k)) return;
    flush_pending();
    const int sx = (m & 1) ? 2 : 1, sy = (m & 2) ? 2 : 1;
    const int w = static_cast<int>(std::min<std::size_t>(wb * 8, static_cast<std::size_t>(width())));
    if (w > 0 && h > 0) {
      Bitmap b(w, static_cast<int>(std::min<std::size_t>(h, static_cast<std::size_t>(o_.max_height))));
      for (int y = 0; y < b.height; ++y) {
        for (int x = 0; x < b.width; ++x) {
          if (at(8 + static_cast<std::size_t>(y) * wb + static_cast<std::size_t>(x / 8)) & (0x80 >> (x % 8))) {
            b.pixels[static_cast<std::size_t>(y) * b.width + x] = 0;
          }
        }
      }
      skip(8 + k);
      place_block(sx > 1 || sy > 1 ? scaled(b, sx, sy) : b, true);
      return;
    }
    skip(8 + k);
  }

  // Epson Code 128 data: "{A" "{B" "{C" select a subset, "{1" is FNC1, "{{" a brace, and in
  // subset C every byte is a value 0-99 (two digits).
  std::vector<int> code128_tokens(std::string_view d) {
    std::vector<int> t;
    char set = 'B';
    if (d.size() < 2 || d[0] != '{' || (d[1] != 'A' && d[1] != 'B' && d[1] != 'C')) {
      note("Code 128 data without a subset selection");
    }
    for (std::size_t i = 0; i < d.size(); ++i) {
      const auto b = static_cast<unsigned char>(d[i]);
      if (b == '{' && i + 1 < d.size() && set != 'C') {
        const char n = d[++i];
        if (n == 'A' || n == 'B' || n == 'C') set = n;
        else if (n == '1') t.push_back(kFnc1);
        else if (n == '{') t.push_back('{');
        continue;
      }
      if (set == 'C') {
        if (b == '{' && i + 1 < d.size()) {
          const char n = d[++i];
          if (n == 'A' || n == 'B') set = n;
          else if (n == '1') t.push_back(kFnc1);
          continue;
        }
        if (b > 99) {
          note("Code 128 subset C value over 99");
          continue;
        }
        t.push_back('0' + b / 10);
        t.push_back('0' + b % 10);
        continue;
      }
      t.push_back(b);
    }
    return t;
  }

  void barcode() {  // GS k m ...
    if (!need(3)) return;
    const int m = at(2);
    std::string data;
    if (m <= 6) {
      std::size_t k = 3;
      while (pos_ + k < in_.size() && at(k) != 0 && k < 3 + 255) ++k;
      if (pos_ + k >= in_.size()) {
        need(k + 1);
        return;
      }
      data.assign(reinterpret_cast<const char*>(&in_[pos_ + 3]), k - 3);
      skip(at(k) == 0 ? k + 1 : k);
    } else {
      if (!need(4)) return;
      const std::size_t n = at(3);
      if (!need(4 + n)) return;
      data.assign(reinterpret_cast<const char*>(&in_[pos_ + 4]), n);
      skip(4 + n);
    }
    flush_pending();
    const int sys = m <= 6 ? m + 65 : m;
    BarcodeKind kind = BarcodeKind::Code128;
    std::string name;
    std::string symbol_data = data;
    std::string human = data;
    switch (sys) {
      case 65: kind = BarcodeKind::Upca; name = "upca"; break;
      case 66: kind = BarcodeKind::Upce; name = "upce"; break;
      case 67: kind = BarcodeKind::Ean13; name = "ean13"; break;
      case 68: kind = BarcodeKind::Ean8; name = "ean8"; break;
      case 69: kind = BarcodeKind::Code39; name = "code39"; break;
      case 70: kind = BarcodeKind::Itf; name = "itf"; break;
      case 71: kind = BarcodeKind::Codabar; name = "codabar"; break;
      case 72: kind = BarcodeKind::Code93; name = "code93"; break;
      case 73: {
        const auto t = code128_tokens(data);
        std::string raw;
        for (std::size_t i = 0; i < t.size(); ++i) {
          if (t[i] == kFnc1) {
            if (i > 0) raw += '\x1d';
          } else {
            raw += static_cast<char>(t[i]);
          }
        }
        if (!t.empty() && t[0] == kFnc1) {
          auto els = gs1_parse_transmitted(raw);
          if (!els) {
            note("GS1-128 data not understood: " + els.error().detail);
            return;
          }
          kind = BarcodeKind::Gs1_128;
          name = "gs1-128";
          symbol_data = gs1_bracketed(*els);
          human = gs1_human(*els);
        } else {
          name = "code128";
          symbol_data = raw;
          human = raw;
        }
        data = raw;
        break;
      }
      default:
        note("barcode system " + std::to_string(m) + " not supported");
        return;
    }
    auto modules = barcode_modules(kind, symbol_data);
    if (!modules) {
      note("barcode not printed: " + modules.error().detail);
      return;
    }
    const Bitmap bars = barcode_bitmap(*modules, bar_module_, bar_height_, 10);
    if (bars.width > width() + 20 * bar_module_) {
      note("barcode wider than the paper, not printed");
      return;
    }
    r_.symbols.push_back({name, data});
    if (hri_ == 1 || hri_ == 3) hri_line(human);
    place_block(bars, true);
    if (hri_ == 2 || hri_ == 3) hri_line(human);
  }

  void hri_line(const std::string& text) {
    const Style saved = style_;
    style_ = Style{};
    const int saved_align = align_;
    align_ = 1;
    for (char c : text) put_char(static_cast<std::uint8_t>(c));
    flush_line(false);
    style_ = saved;
    align_ = saved_align;
  }

  void gs_paren() {  // GS ( X pL pH ...
    if (!need(5)) return;
    const std::uint8_t fn_class = at(2);
    const std::size_t len = at(3) | (at(4) << 8);
    if (!need(5 + len)) return;
    if (fn_class != 'k' || len < 2) {
      note("GS ( " + std::string(1, static_cast<char>(fn_class)) + " skipped");
      skip(5 + len);
      return;
    }
    const int cn = at(5), fn = at(6);
    const std::size_t params = 7;
    if (cn != 49) {
      note("2D symbol type " + std::to_string(cn) + " not supported");
      skip(5 + len);
      return;
    }
    switch (fn) {
      case 65: break;  // model; 2 assumed
      case 67: if (len >= 3) qr_module_ = std::clamp<int>(at(params), 1, 16); break;
      case 69:
        if (len >= 3) {
          const int e = at(params);
          qr_ecc_ = e == 49 ? QrEcc::M : e == 50 ? QrEcc::Q : e == 51 ? QrEcc::H : QrEcc::L;
        }
        break;
      case 80:
        if (len >= 3) qr_data_.assign(reinterpret_cast<const char*>(&in_[pos_ + params + 1]), len - 3);
        break;
      case 81: {
        skip(5 + len);
        print_qr();
        return;
      }
      default: note("QR function " + std::to_string(fn) + " ignored"); break;
    }
    skip(5 + len);
  }

  void print_qr() {
    flush_pending();
    if (qr_data_.empty()) {
      note("QR print with no stored data");
      return;
    }
    auto m = qr_matrix(qr_data_, qr_ecc_);
    if (!m) {
      note("QR not printed: " + m.error().detail);
      return;
    }
    const Bitmap b = qr_bitmap(*m, qr_module_, 4);
    if (b.width > width() + 8 * qr_module_) {
      note("QR wider than the paper, not printed");
      return;
    }
    r_.symbols.push_back({"qr", qr_data_});
    place_block(b, true);
  }

  void fs() {
    if (!need(2)) return;
    const std::uint8_t c = at(1);
    switch (c) {
      case '&': case '.': skip(2); return;
      case '!': case '-': case 'C': case 'W': if (!need(3)) return; skip(3); return;
      case 'S': case 'p': if (!need(4)) return; skip(4); return;
      case '(': {
        if (!need(5)) return;
        const std::size_t len = at(3) | (at(4) << 8);
        if (!need(5 + len)) return;
        skip(5 + len);
        return;
      }
      case 'q': {  // FS q n [xL xH yL yH d...]n: NV images
        if (!need(3)) return;
        const int n = at(2);
        std::size_t k = 3;
        for (int i = 0; i < n; ++i) {
          if (!need(k + 4)) return;
          const std::size_t bytes = static_cast<std::size_t>(at(k) | (at(k + 1) << 8)) *
                                    static_cast<std::size_t>(at(k + 2) | (at(k + 3) << 8)) * 8;
          k += 4 + bytes;
          if (!need(k)) return;
        }
        note("FS q NV images skipped");
        skip(k);
        return;
      }
      default:
        note("unknown command FS 0x" + hex(c) + " skipped");
        skip(2);
        return;
    }
  }

  void dle() {
    if (!need(3)) return;
    const std::uint8_t c = at(1);
    if (c == 0x04) {
      const int n = at(2);
      ++r_.status_requests;
      if (n == 7 || n == 8) {
        if (!need(4)) return;
        skip(4);
      } else {
        skip(3);
      }
      return;
    }
    if (c == 0x05) {
      skip(3);
      return;
    }
    if (c == 0x14) {
      if (!need(5)) return;
      skip(5);
      return;
    }
    // A lone DLE is printable on some code pages; Epson treats it as a command prefix only.
    note("DLE 0x" + hex(c) + " skipped");
    skip(2);
  }

  std::span<const std::uint8_t> in_;
  const InterpretOptions& o_;
  FontCache* fonts_;
  const icu::Normalizer2* nfc_ = nullptr;
  const icu::Normalizer2* nfd_ = nullptr;
  Interpretation r_;
  std::size_t pos_ = 0;
  bool stop_ = false;
  int y_ = 0;
  int x_ = 0;
  int shift_ = 0;
  int min_line_h_ = 0;
  std::vector<Cell> line_;
  Style style_;
  int align_ = 0;
  int code_page_ = 0;
  bool warned_page_ = false;
  int line_spacing_ = 30;
  int right_spacing_ = 0;
  int bar_height_ = 162;
  int bar_module_ = 3;
  int hri_ = 0;
  int qr_module_ = 3;
  QrEcc qr_ecc_ = QrEcc::L;
  std::string qr_data_;
};

}  // namespace

Interpretation interpret_escpos(std::span<const std::uint8_t> bytes, const InterpretOptions& options,
                                FontCache* fonts) {
  Interpreter it(bytes, options, fonts);
  return it.run();
}

Bitmap render_preview(std::span<const std::uint8_t> job, const PrinterProfile& profile, FontCache* fonts) {
  return interpret_escpos(job, InterpretOptions::for_profile(profile), fonts).image;
}

}  // namespace hp::print
