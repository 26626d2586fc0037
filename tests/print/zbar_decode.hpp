#pragma once
// Decodes every barcode and QR code in a picture with zbar, independently of zint/qrencode.
#include <ostream>
#include <string>
#include <vector>

#include "shared/print/bitmap.hpp"

namespace hp::test {

struct Decoded {
  std::string type;  // zbar's name: "CODE-128", "QR-Code", "EAN-13"
  std::string data;  // GS1-128: FNC1 separators as GS, the leading one dropped
  bool gs1 = false;
  bool operator<(const Decoded& o) const { return type + data < o.type + o.data; }
  bool operator==(const Decoded&) const = default;
};

std::vector<Decoded> zbar_decode(const print::Bitmap& image);

// For doctest's messages.
inline std::ostream& operator<<(std::ostream& o, const Decoded& d) {
  return o << d.type << (d.gs1 ? "[gs1]" : "") << ":" << d.data;
}

}  // namespace hp::test
