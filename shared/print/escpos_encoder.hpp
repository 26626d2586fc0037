#pragma once
// Document -> ESC/POS bytes.
//   Raster (default): the whole document drawn by FreeType and sent as GS v 0 bands; right
//   on every printer. Blank rows become ESC J feeds and bands are trimmed at the right, which
//   keeps a receipt small.
//   Text: the printer's own font with Windows-1258 (ESC t per model); tone marks go out as
//   combining characters and take no column. Symbols native (GS k, GS ( k) unless they do
//   not fit, then raster.
#include <cstdint>
#include <vector>

#include "shared/print/document.hpp"
#include "shared/print/font_cache.hpp"
#include "shared/print/printer_profile.hpp"
#include "shared/result.hpp"

namespace hp::print {

enum class EscPosMode { Raster, Text };
enum class SymbolMode { Auto, Native, Raster };

struct EscPosOptions {
  EscPosMode mode = EscPosMode::Raster;
  SymbolMode symbols = SymbolMode::Auto;  // Auto: raster in raster mode, native in text mode
  bool cut = true;
  bool kick_drawer = false;
  int band_rows = 128;  // rows per GS v 0; small bands suit clones with small buffers
};

struct EscPosJob {
  std::vector<std::uint8_t> bytes;
  int unmappable = 0;  // text mode: characters sent as '?'
  int raster_rows = 0;
};

Result<EscPosJob> encode_escpos(const Document& doc, const PrinterProfile& profile,
                                const EscPosOptions& options, FontCache& fonts);

// Epson GS k 73 data for Code 128 tokens (see gs1.hpp): "{B"/"{C" subset codes, "{1" FNC1,
// subset C digits as byte values 0-99.
Result<std::string> epson_code128_data(const std::vector<int>& tokens);

}  // namespace hp::print
