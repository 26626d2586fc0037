#pragma once
// Renders an ESC/POS byte stream to a picture at the printer's resolution, as a printer
// would print it: for the kiosk's on-screen preview, `kioskctl render`, and tests (which
// decode the symbols in the picture with an independent decoder).
//
// Any input is safe: every read is bounds-checked, memory is bounded (paper length and note
// count are capped), a command cut short stops interpretation (truncated = true), and an
// unknown command is skipped with a note.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "shared/print/bitmap.hpp"
#include "shared/print/font_cache.hpp"
#include "shared/print/printer_profile.hpp"

namespace hp::print {

struct InterpretOptions {
  int width_dots = 576;
  int cp1258_page = 52;     // the ESC t number that selects Windows-1258 on this model
  int max_height = 16000;   // about 2 m of paper; more is cut off (out_of_paper)
  std::size_t max_notes = 64;
  static InterpretOptions for_profile(const PrinterProfile& p);
};

struct PrintedSymbol {
  std::string kind;  // "qr", "code128", "gs1-128", "ean13", ...
  std::string data;  // for gs1-128 as a scanner transmits it (GS between fields)
  bool operator==(const PrintedSymbol&) const = default;
};

struct Interpretation {
  Bitmap image;
  std::vector<std::string> text;   // each printed text line, UTF-8 NFC, trailing blanks cut
  std::vector<std::string> notes;  // skipped or malformed commands, at most max_notes
  std::size_t notes_dropped = 0;
  std::vector<PrintedSymbol> symbols;
  int cuts = 0;
  int drawer_kicks = 0;
  int status_requests = 0;
  int wrapped_lines = 0;  // text lines the printer had to break because they were too long
  bool truncated = false;     // the stream ended inside a command
  bool out_of_paper = false;  // max_height reached
};

// fonts may be null: characters are then drawn as boxes.
Interpretation interpret_escpos(std::span<const std::uint8_t> bytes, const InterpretOptions& options,
                                FontCache* fonts);

// For the kiosk's preview of a print job: the picture only.
Bitmap render_preview(std::span<const std::uint8_t> job, const PrinterProfile& profile, FontCache* fonts);

}  // namespace hp::print
