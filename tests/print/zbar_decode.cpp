#include "tests/print/zbar_decode.hpp"

#include <zbar.h>

#include <algorithm>
#include <memory>

namespace hp::test {

std::vector<Decoded> zbar_decode(const print::Bitmap& image) {
  std::vector<Decoded> out;
  if (image.empty()) return out;
  std::unique_ptr<zbar::zbar_image_scanner_t, void (*)(zbar::zbar_image_scanner_t*)> scanner(
      zbar::zbar_image_scanner_create(), zbar::zbar_image_scanner_destroy);
  // Only what the project prints, so text can never be mistaken for a symbol.
  zbar::zbar_image_scanner_set_config(scanner.get(), zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 0);
  for (auto t : {zbar::ZBAR_CODE128, zbar::ZBAR_QRCODE, zbar::ZBAR_EAN13}) {
    zbar::zbar_image_scanner_set_config(scanner.get(), t, zbar::ZBAR_CFG_ENABLE, 1);
  }
  std::unique_ptr<zbar::zbar_image_t, void (*)(zbar::zbar_image_t*)> img(zbar::zbar_image_create(),
                                                                         zbar::zbar_image_destroy);
  zbar::zbar_image_set_format(img.get(), zbar_fourcc('Y', '8', '0', '0'));
  zbar::zbar_image_set_size(img.get(), static_cast<unsigned>(image.width), static_cast<unsigned>(image.height));
  // Thresholded like the printer would print it.
  std::vector<unsigned char> grey(image.pixels.size());
  std::transform(image.pixels.begin(), image.pixels.end(), grey.begin(),
                 [](unsigned char p) { return p < 128 ? 0 : 255; });
  zbar::zbar_image_set_data(img.get(), grey.data(), grey.size(), nullptr);
  zbar::zbar_scan_image(scanner.get(), img.get());
  for (auto* s = zbar::zbar_image_first_symbol(img.get()); s; s = zbar::zbar_symbol_next(s)) {
    Decoded d;
    d.type = zbar::zbar_get_symbol_name(zbar::zbar_symbol_get_type(s));
    d.data.assign(zbar::zbar_symbol_get_data(s), zbar::zbar_symbol_get_data_length(s));
    d.gs1 = (zbar::zbar_symbol_get_modifiers(s) & (1u << zbar::ZBAR_MOD_GS1)) != 0;
    out.push_back(std::move(d));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace hp::test
