#pragma once
// Barcode and QR symbols, made by libzint (linear codes, GS1-128) and libqrencode (QR).
#include <cstdint>
#include <string_view>
#include <vector>

#include "shared/print/bitmap.hpp"
#include "shared/result.hpp"

namespace hp::print {

enum class BarcodeKind {
  Code128,  // data: printable ASCII
  Gs1_128,  // data: bracketed element string "[01]...[3103]...[10]..."
  Ean13,    // data: 12 or 13 digits
  Upca,     // data: 11 or 12 digits
  Code39,
  Ean8,     // data: 7 or 8 digits
  Upce,
  Itf,      // interleaved 2 of 5
  Codabar,
  Code93,
};

enum class QrEcc { L, M, Q, H };

// Bars and spaces of a linear symbol, one byte per module (1 = bar), without quiet zones.
Result<std::vector<std::uint8_t>> barcode_modules(BarcodeKind kind, std::string_view data);

// module_dots per module, with quiet_modules of paper on each side.
Bitmap barcode_bitmap(const std::vector<std::uint8_t>& modules, int module_dots, int height_dots,
                      int quiet_modules = 10);

struct QrMatrix {
  int size = 0;  // modules per side
  int version = 0;
  std::vector<std::uint8_t> dark;  // size * size, 1 = dark module
};

Result<QrMatrix> qr_matrix(std::string_view data, QrEcc ecc);
Bitmap qr_bitmap(const QrMatrix& qr, int module_dots, int quiet_modules = 4);

}  // namespace hp::print
