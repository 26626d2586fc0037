#pragma once
// What a receipt or label says, independent of the printer: lines of columns, rules,
// symbols and pictures. Encoders (ESC/POS raster or text, ZPL, TSPL) decide how it looks.
#include <string>
#include <variant>
#include <vector>

#include "shared/print/bitmap.hpp"
#include "shared/print/symbols.hpp"

namespace hp::print {

enum class Align { Left, Center, Right };
enum class TextSize { Normal, Double };  // Double: twice as wide and tall

struct Cell {
  std::string text;  // UTF-8, NFC
  Align align = Align::Left;
  int width_pct = 0;  // share of the line; 0 = whatever the other cells leave
};

// One logical line; a cell's text wraps inside its cell when too long.
struct Line {
  std::vector<Cell> cells;
  bool bold = false;
  TextSize size = TextSize::Normal;
  bool inverse = false;  // white on black, for what must not be missed ("BẢN SAO")
};

struct Rule {
  bool dashed = false;
};

struct Barcode {
  BarcodeKind kind = BarcodeKind::Code128;
  std::string data;       // see BarcodeKind
  std::string caption;    // printed under the bars; empty = none
  int height_dots = 80;
  // 0: the widest of 2 or 3 dots a module that fits across, or turned to run along the paper
  // when neither does. Otherwise exactly this many dots a module (a GS1 X-dimension), never
  // narrower and never turned: a symbol that does not fit across is print.symbol_too_long.
  int module_dots = 0;
};

struct QrCode {
  std::string data;
  QrEcc ecc = QrEcc::M;
  int module_dots = 5;
  std::string caption;
};

struct Picture {
  Bitmap image;
  Align align = Align::Center;
};

struct Feed {
  int lines = 1;
};

using Block = std::variant<Line, Rule, Barcode, QrCode, Picture, Feed>;

struct Document {
  std::vector<Block> blocks;

  Document& text(std::string s, Align a = Align::Left, bool bold = false,
                 TextSize size = TextSize::Normal);
  // Label on the left, value on the right, e.g. "Tổng cộng" ... "187.500 ₫".
  Document& pair(std::string left, std::string right, bool bold = false);
  Document& row(std::vector<Cell> cells, bool bold = false);
  Document& rule(bool dashed = false);
  Document& feed(int lines = 1);
  Document& add(Block b);
};

}  // namespace hp::print
