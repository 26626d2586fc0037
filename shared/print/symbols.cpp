#include "shared/print/symbols.hpp"

#include <qrencode.h>
#include <zint.h>

#include <cerrno>
#include <memory>
#include <string>

namespace hp::print {

namespace {

struct ZintDeleter {
  void operator()(zint_symbol* s) const { ZBarcode_Delete(s); }
};
struct QrDeleter {
  void operator()(QRcode* q) const { QRcode_free(q); }
};

int zint_type(BarcodeKind kind) {
  switch (kind) {
    case BarcodeKind::Code128: return BARCODE_CODE128;
    case BarcodeKind::Gs1_128: return BARCODE_GS1_128;
    case BarcodeKind::Ean13: return BARCODE_EANX;
    case BarcodeKind::Upca: return BARCODE_UPCA;
    case BarcodeKind::Code39: return BARCODE_CODE39;
    case BarcodeKind::Ean8: return BARCODE_EANX;
    case BarcodeKind::Upce: return BARCODE_UPCE;
    case BarcodeKind::Itf: return BARCODE_C25INTER;
    case BarcodeKind::Codabar: return BARCODE_CODABAR;
    case BarcodeKind::Code93: return BARCODE_CODE93;
  }
  return BARCODE_CODE128;
}

}  // namespace

Result<std::vector<std::uint8_t>> barcode_modules(BarcodeKind kind, std::string_view data) {
  if (data.empty()) return fail("print.symbol_empty", "no barcode data");
  if (data.size() > 200) return fail("print.symbol_too_long", "barcode data over 200 bytes");
  std::unique_ptr<zint_symbol, ZintDeleter> s(ZBarcode_Create());
  if (!s) return fail("print.symbol_failed", "zint could not allocate a symbol");
  s->symbology = zint_type(kind);
  s->scale = 0.5f;  // one pixel per module in zint's raster output
  s->show_hrt = 0;
  s->height = 10;
  s->output_options = BARCODE_NO_QUIET_ZONES;
  if (kind == BarcodeKind::Gs1_128) s->input_mode = GS1_MODE;
  const int rc = ZBarcode_Encode_and_Buffer(s.get(), reinterpret_cast<const unsigned char*>(data.data()),
                                            static_cast<int>(data.size()), 0);
  if (rc >= ZINT_ERROR || (kind == BarcodeKind::Gs1_128 && rc == ZINT_WARN_NONCOMPLIANT)) {
    const std::string code = rc == ZINT_ERROR_TOO_LONG ? "print.symbol_too_long" : "print.symbol_invalid";
    return fail(code, std::string("zint: ") + s->errtxt);
  }
  if (!s->bitmap || s->bitmap_width <= 0 || s->bitmap_height <= 0) {
    return fail("print.symbol_failed", "zint produced no bitmap");
  }
  // Linear symbols are the same in every row; the middle row avoids any guard-bar extension.
  const int y = s->bitmap_height / 2;
  std::vector<std::uint8_t> modules(static_cast<std::size_t>(s->bitmap_width));
  for (int x = 0; x < s->bitmap_width; ++x) {
    const unsigned char r = s->bitmap[3 * (static_cast<std::size_t>(y) * s->bitmap_width + x)];
    modules[static_cast<std::size_t>(x)] = r < 128 ? 1 : 0;
  }
  return modules;
}

Bitmap barcode_bitmap(const std::vector<std::uint8_t>& modules, int module_dots, int height_dots,
                      int quiet_modules) {
  const int n = static_cast<int>(modules.size());
  Bitmap b((n + 2 * quiet_modules) * module_dots, height_dots);
  for (int i = 0; i < n; ++i) {
    if (modules[static_cast<std::size_t>(i)]) {
      b.fill_rect((quiet_modules + i) * module_dots, 0, module_dots, height_dots);
    }
  }
  return b;
}

Result<QrMatrix> qr_matrix(std::string_view data, QrEcc ecc) {
  if (data.empty()) return fail("print.symbol_empty", "no QR data");
  if (data.size() > 2953) return fail("print.symbol_too_long", "QR data over 2953 bytes");
  static constexpr QRecLevel kLevels[] = {QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H};
  const QRecLevel level = kLevels[static_cast<int>(ecc)];
  std::unique_ptr<QRcode, QrDeleter> q;
  errno = 0;
  if (data.find('\0') == std::string_view::npos) {
    const std::string s(data);
    q.reset(QRcode_encodeString(s.c_str(), 0, level, QR_MODE_8, 1));
  } else {
    q.reset(QRcode_encodeData(static_cast<int>(data.size()),
                              reinterpret_cast<const unsigned char*>(data.data()), 0, level));
  }
  if (!q) {
    if (errno == ERANGE) return fail("print.symbol_too_long", "QR data does not fit version 40");
    return fail("print.symbol_invalid", "libqrencode refused the data");
  }
  QrMatrix m;
  m.size = q->width;
  m.version = q->version;
  m.dark.resize(static_cast<std::size_t>(m.size) * m.size);
  for (std::size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = q->data[i] & 1;
  return m;
}

Bitmap qr_bitmap(const QrMatrix& qr, int module_dots, int quiet_modules) {
  const int side = (qr.size + 2 * quiet_modules) * module_dots;
  Bitmap b(side, side);
  for (int y = 0; y < qr.size; ++y) {
    for (int x = 0; x < qr.size; ++x) {
      if (qr.dark[static_cast<std::size_t>(y) * qr.size + x]) {
        b.fill_rect((quiet_modules + x) * module_dots, (quiet_modules + y) * module_dots, module_dots,
                    module_dots);
      }
    }
  }
  return b;
}

}  // namespace hp::print
