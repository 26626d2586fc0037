// ZPL II and TSPL crate labels at 100x50 mm (and the 60x40 and 50x30 mm stock they refuse):
// structure of the commands, the ^GFA / BITMAP pictures decoded back, and the label as printed
// read by zbar.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "shared/codes/kiosk_codes.hpp"
#include "shared/print/demo_data.hpp"
#include "shared/print/produce_label.hpp"
#include "tests/print/print_fixture.hpp"
#include "tests/print/zbar_decode.hpp"

using namespace hp::print;

namespace {

std::string between(const std::string& s, const std::string& a, const std::string& b, std::size_t from = 0) {
  const auto i = s.find(a, from);
  if (i == std::string::npos) return {};
  const auto j = s.find(b, i + a.size());
  if (j == std::string::npos) return {};
  return s.substr(i + a.size(), j - i - a.size());
}

int count(const std::string& s, const std::string& what) {
  int n = 0;
  for (auto i = s.find(what); i != std::string::npos; i = s.find(what, i + 1)) ++n;
  return n;
}

ProduceLabel sample_label(int item) {
  const auto d = demo_data(8);
  const auto& it = d.dropoff.items[static_cast<std::size_t>(item)];
  const hp::Product* product = nullptr;
  for (const auto& p : d.products) {
    if (p.id == it.product_id) product = &p;
  }
  REQUIRE(product);
  auto l = produce_label(d.config, d.dropoff, it, d.farmer, *product);
  REQUIRE(l);
  return *l;
}

}  // namespace

TEST_CASE("label content: GS1 elements and traceability address") {
  const auto with_gtin = sample_label(0);
  REQUIRE(with_gtin.gs1.size() == 3);
  CHECK(with_gtin.gs1[0].ai == "01");
  CHECK(with_gtin.gs1[1] == Gs1Element{"3103", "012500"});  // 13,25 kg gross - 0,75 kg tare
  CHECK(with_gtin.gs1[2].ai == "10");
  // The lot as 12 digits (subset C), which maps back to the printed lot code.
  CHECK(with_gtin.gs1[2].value.size() == 12);
  CHECK(with_gtin.gs1[2].value == hp::codes::lot_batch_digits(with_gtin.lot_code));
  CHECK(hp::codes::lot_code_from_batch_digits(with_gtin.gs1[2].value) == with_gtin.lot_code);
  CHECK(with_gtin.trace_url == "https://nongsan.haiphong.example/t/" + with_gtin.lot_code);
  const auto no_gtin = sample_label(1);
  REQUIRE(no_gtin.gs1.size() == 2);
  CHECK(no_gtin.gs1[0].ai == "3103");
  const auto pieces = sample_label(3);  // Bưởi, sold per piece
  CHECK(pieces.gs1[0].ai == "30");
  CHECK(pieces.quantity.ends_with("quả"));
}

TEST_CASE("ZPL labels are well formed and carry the same content") {
  auto fonts = hp::test::open_fonts();
  for (const std::string name : {"zpl-50x30", "zpl-60x40", "zpl"}) {
    for (int item : {0, 1, 3}) {
      CAPTURE(name);
      CAPTURE(item);
      const auto label = sample_label(item);
      const auto profile = printer_profile(name);
      REQUIRE(profile);
      const auto groups = label_symbol_groups(label.gs1, profile->width_dots);
      auto z = encode_zpl(label, *profile, fonts);
      if (name != "zpl") {
        // At 0.5 mm a module, not even the lot's (10) fits across 60 mm: the label must grow
        // (100 mm), never the bars shrink or turn.
        REQUIRE_FALSE(z);
        CHECK(z.error().code == "print.label_too_small");
        continue;
      }
      // 100 mm: the GTIN alone, then the weight (or count) with the lot.
      CHECK(groups.size() == (item == 0 ? 2u : 1u));
      REQUIRE_MESSAGE(z, (z ? "" : z.error().detail));
      CHECK(z->starts_with("^XA"));
      CHECK(z->find("^XZ") == z->size() - 4);
      CHECK(count(*z, "^XA") == 1);
      CHECK(count(*z, "^FS") == 2 + static_cast<int>(groups.size()));
      CHECK(between(*z, "^PW", "\n") == std::to_string(profile->width_dots));
      CHECK(between(*z, "^LL", "\n") == std::to_string(profile->height_dots));
      // ^GFA,total,total,bytes per row,hex: consistent sizes, and the picture has the text.
      const std::string gf = between(*z, "^GFA,", "^FS");
      const auto c1 = gf.find(','), c2 = gf.find(',', c1 + 1), c3 = gf.find(',', c2 + 1);
      REQUIRE(c3 != std::string::npos);
      const int total = std::stoi(gf.substr(0, c1));
      const int per_row = std::stoi(gf.substr(c2 + 1, c3 - c2 - 1));
      const std::string hex = gf.substr(c3 + 1);
      CHECK(std::stoi(gf.substr(c1 + 1, c2 - c1 - 1)) == total);
      CHECK(per_row == (profile->width_dots + 7) / 8);
      CHECK(total == per_row * profile->height_dots);
      CHECK(static_cast<int>(hex.size()) == 2 * total);
      CHECK(hex.find_first_not_of("0123456789ABCDEF") == std::string::npos);
      CHECK(std::count(hex.begin(), hex.end(), '0') < static_cast<long>(hex.size()));  // some ink
      // GS1-128 natively, one ^BC per symbol: start C, FNC1, then the element string, at four
      // dots (0.5 mm, GS1's X-dimension) per module.
      std::size_t from = 0;
      for (const auto& g : groups) {
        auto field = zpl_gs1_field(g);
        REQUIRE(field);
        CHECK(field->starts_with(">;>8"));
        const auto at = z->find("^BCN,", from);
        REQUIRE(at != std::string::npos);
        CHECK(between(*z, "^BCN,", "^FS", from).find("^FD" + *field) != std::string::npos);
        const auto by = z->rfind("^BY", at);
        REQUIRE(by != std::string::npos);
        CHECK(std::stoi(z->substr(by + 3)) == kGs1ModuleDots);
        from = at + 1;
      }
      CHECK(between(*z, "^BQN,2,", "^FS").find("^FDMA," + label.trace_url) != std::string::npos);
      // The label as it should print, read by an independent decoder at its own resolution.
      auto layout = layout_label(label, *profile, fonts);
      REQUIRE(layout);
      std::vector<hp::test::Decoded> want{{"QR-Code", label.trace_url, false}};
      for (const auto& g : groups) want.push_back({"CODE-128", gs1_transmitted(g), true});
      std::sort(want.begin(), want.end());
      for (const auto& b : layout->barcodes) CHECK(b.module == kGs1ModuleDots);
      CHECK(hp::test::zbar_decode(render_label(*layout, label)) == want);
    }
  }
}

TEST_CASE("ZPL GS1 field data switches subsets where the data needs it") {
  CHECK(*zpl_gs1_field({{"01", "08930000000019"}, {"3103", "012500"}, {"10", "HPL8K3M2N4P5QX"}}) ==
        ">;>80108930000000019310301250010>6HPL8K3M2N4P5QX");
  CHECK(*zpl_gs1_field({{"30", "15"}, {"10", "AB"}}) == ">;>83015>810>6AB");
}

TEST_CASE("TSPL labels are well formed and carry the same content") {
  auto fonts = hp::test::open_fonts();
  for (const auto& [name, item] : {std::pair<std::string, int>{"tspl-100x50", 1}, {"tspl", 0}, {"tspl", 3}}) {
    CAPTURE(name);
    const auto label = sample_label(item);
    const auto profile = printer_profile(name);
    REQUIRE(profile);
    auto t = encode_tspl(label, *profile, fonts);
    REQUIRE(t);
    CHECK(t->starts_with("SIZE " + std::to_string(profile->label_width_mm) + " mm," +
                         std::to_string(profile->label_height_mm) + " mm\r\n"));
    CHECK(t->find("\r\nCLS\r\n") != std::string::npos);
    CHECK(t->ends_with("PRINT 1,1\r\n"));
    // BITMAP x,y,width bytes,height,mode,data: exactly width*height bytes of data.
    const auto b = t->find("BITMAP 0,0,");
    REQUIRE(b != std::string::npos);
    const std::string head = t->substr(b + 11, 20);
    const int wb = std::stoi(head);
    const int h = std::stoi(head.substr(head.find(',') + 1));
    CHECK(wb == (profile->width_dots + 7) / 8);
    CHECK(h == profile->height_dots);
    const auto data_at = t->find(",0,", b + 11) + 3;
    const std::size_t n = static_cast<std::size_t>(wb) * static_cast<std::size_t>(h);
    REQUIRE(data_at + n + 2 <= t->size());
    CHECK(t->substr(data_at + n, 2) == "\r\n");
    CHECK(t->find("QRCODE ", data_at + n) != std::string::npos);
    CHECK(t->find(",M,", data_at + n) != std::string::npos);
    CHECK(t->find("\"" + label.trace_url + "\"", data_at + n) != std::string::npos);
    // Decode the BITMAP back (0 = printed dot) and read the barcode in it with zbar.
    Bitmap picture(profile->width_dots, h);
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < profile->width_dots; ++x) {
        const auto byte = static_cast<unsigned char>((*t)[data_at + static_cast<std::size_t>(y * wb + x / 8)]);
        if (!(byte & (0x80 >> (x % 8)))) picture.pixels[static_cast<std::size_t>(y) * picture.width + x] = 0;
      }
    }
    const auto groups = label_symbol_groups(label.gs1, profile->width_dots);
    std::vector<hp::test::Decoded> want;
    for (const auto& g : groups) want.push_back({"CODE-128", gs1_transmitted(g), true});
    std::sort(want.begin(), want.end());
    CHECK(hp::test::zbar_decode(picture) == want);
  }
  for (const std::string name : {"tspl-60x40", "tspl-50x30"}) {
    auto t = encode_tspl(sample_label(1), *printer_profile(name), fonts);
    REQUIRE_FALSE(t);
    CHECK(t.error().code == "print.label_too_small");
  }
}

TEST_CASE("label errors are values") {
  auto fonts = hp::test::open_fonts();
  auto d = demo_data(2);
  auto it = d.dropoff.items[0];
  it.lot_code.clear();
  CHECK(produce_label(d.config, d.dropoff, it, d.farmer, d.products[0]).error().code == "print.no_lot");
  auto cfg = d.config;
  cfg.trace_server.clear();
  CHECK(produce_label(cfg, d.dropoff, d.dropoff.items[0], d.farmer, d.products[0]).error().code ==
        "print.no_trace_server");
  auto product = d.products[0];
  product.gtin = "08930000000010";  // wrong check digit
  CHECK(produce_label(d.config, d.dropoff, d.dropoff.items[0], d.farmer, product).error().code ==
        "print.gtin_invalid");
  it = d.dropoff.items[0];
  it.net_mg = 1'000'000'001;  // over 999,999 kg
  CHECK(produce_label(d.config, d.dropoff, it, d.farmer, d.products[0]).error().code == "print.bad_quantity");
  const auto label = sample_label(0);
  CHECK(encode_zpl(label, *printer_profile("tspl"), fonts).error().code == "print.wrong_language");
  CHECK(encode_tspl(label, *printer_profile("escpos-80"), fonts).error().code == "print.wrong_language");
}
