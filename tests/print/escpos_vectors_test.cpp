// Byte-for-byte agreement with tests/vectors/escpos.json, entry by entry, and the
// interpreter understanding every one of them.
#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <string>

#include "shared/print/demo_data.hpp"
#include "shared/print/escpos_commands.hpp"
#include "shared/print/escpos_encoder.hpp"
#include "shared/print/escpos_interpreter.hpp"
#include "shared/print/printer_profile.hpp"
#include "tests/print/print_fixture.hpp"
#include "tests/support/test_support.hpp"

using namespace hp::print;
namespace esc = hp::print::escpos;

namespace {

std::string to_hex(const std::vector<std::uint8_t>& b) {
  static constexpr char k[] = "0123456789abcdef";
  std::string s;
  for (auto x : b) {
    s += k[x >> 4];
    s += k[x & 15];
  }
  return s;
}

std::vector<std::uint8_t> from_hex(const std::string& h) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2) out.push_back(static_cast<std::uint8_t>(std::stoi(h.substr(i, 2), nullptr, 16)));
  return out;
}

using Builder = std::function<void(esc::Bytes&)>;

const std::map<std::string, Builder>& builders() {
  static const std::map<std::string, Builder> m = {
      {"1b40", [](auto& o) { esc::init(o); }},
      {"1b4500", [](auto& o) { esc::bold(o, false); }},
      {"1b2d02", [](auto& o) { esc::underline(o, 2); }},
      {"1b6100", [](auto& o) { esc::align(o, 0); }},
      {"1b6102", [](auto& o) { esc::align(o, 2); }},
      {"1b4d00", [](auto& o) { esc::font(o, 0); }},
      {"1d2100", [](auto& o) { esc::char_size(o, 1, 1); }},
      {"1d2103", [](auto& o) { esc::char_size(o, 1, 4); }},
      {"1d4201", [](auto& o) { esc::reverse(o, true); }},
      {"1b32", [](auto& o) { esc::line_spacing_default(o); }},
      {"1b7434", [](auto& o) { esc::code_page(o, printer_profile("escpos-80")->cp1258_page); }},
      {"1b741f", [](auto& o) { esc::code_page(o, 31); }},
      {"1d564200", [](auto& o) { esc::cut_partial_after_feed(o, 0); }},
      {"1d5601", [](auto& o) { esc::cut_partial(o); }},
      {"1b70313c78", [](auto& o) { esc::drawer_kick(o, 5, 120, 240); }},
      {"1b70003232", [](auto& o) { esc::drawer_kick(o, 2, 100, 100); }},
      {"100401", [](auto& o) { esc::status_request(o, 1); }},
      {"100403", [](auto& o) { esc::status_request(o, 3); }},
      {"1d6b430c303132333435363738393031", [](auto& o) { esc::barcode(o, 67, "012345678901"); }},
      {"1d6b410b3031323334353637383930", [](auto& o) { esc::barcode(o, 65, "01234567890"); }},
      {"1d6b49097b4130313241424344", [](auto& o) { esc::barcode(o, 73, "{A012ABCD"); }},
      {"1d7703", [](auto& o) { esc::barcode_width(o, 3); }},
      {"1d286b0400314132001d286b03003143031d286b03003145301d286b0700315030313233341d286b0300315130",
       [](auto& o) {
         esc::qr_model(o, 2);
         esc::qr_module_size(o, 3);
         esc::qr_error_correction(o, 'L');
         esc::qr_store(o, "1234");
         esc::qr_print(o);
       }},
      {"1d286b0300314307", [](auto& o) { esc::qr_module_size(o, 7); }},
  };
  return m;
}

}  // namespace

TEST_CASE("every ESC/POS command vector is produced byte for byte") {
  const auto v = hp::test::load_vectors("escpos.json");
  REQUIRE(v["commands"].size() >= 20);
  for (const auto& c : v["commands"]) {
    const std::string hex = c["bytes_hex"];
    CAPTURE(hex);
    CAPTURE(c["meaning"].get<std::string>());
    const auto it = builders().find(hex);
    REQUIRE_MESSAGE(it != builders().end(), "no builder covers this vector");
    esc::Bytes out;
    it->second(out);
    CHECK(to_hex(out) == hex);
  }
}

TEST_CASE("the interpreter understands every command vector") {
  auto fonts = hp::test::open_fonts();
  const auto v = hp::test::load_vectors("escpos.json");
  for (const auto& c : v["commands"]) {
    const std::string hex = c["bytes_hex"];
    CAPTURE(hex);
    const auto r = interpret_escpos(from_hex(hex), InterpretOptions{}, &fonts);
    CHECK_FALSE(r.truncated);
    CHECK(r.notes.empty());
  }
  auto symbols = [&](const std::string& hex) { return interpret_escpos(from_hex(hex), InterpretOptions{}, &fonts).symbols; };
  CHECK(symbols("1d6b430c303132333435363738393031") == std::vector<PrintedSymbol>{{"ean13", "012345678901"}});
  CHECK(symbols("1d6b410b3031323334353637383930") == std::vector<PrintedSymbol>{{"upca", "01234567890"}});
  CHECK(symbols("1d6b49097b4130313241424344") == std::vector<PrintedSymbol>{{"code128", "012ABCD"}});
  CHECK(symbols("1d286b0400314132001d286b03003143031d286b03003145301d286b0700315030313233341d286b0300315130") ==
        std::vector<PrintedSymbol>{{"qr", "1234"}});
  CHECK(interpret_escpos(from_hex("1b70313c781b70003232"), InterpretOptions{}, &fonts).drawer_kicks == 2);
  CHECK(interpret_escpos(from_hex("1d5642001d5601"), InterpretOptions{}, &fonts).cuts == 2);
  CHECK(interpret_escpos(from_hex("100401100403"), InterpretOptions{}, &fonts).status_requests == 2);
}

TEST_CASE("jobs use the vector bytes: init, code page per model, native QR, cut, drawer") {
  auto fonts = hp::test::open_fonts();
  Document d;
  d.text("Xin chào");
  d.add(QrCode{"1234", hp::print::QrEcc::L, 3, ""});
  EscPosOptions opt;
  opt.mode = EscPosMode::Text;
  opt.kick_drawer = true;
  for (const auto& [profile, page] : std::vector<std::pair<std::string, std::string>>{
           {"escpos-80", "1b7434"}, {"pos-5890", "1b741b"}, {"yhd-8390", "1b7420"}, {"rp326", "1b7423"},
           {"nt-80-v-ul", "1b745e"}}) {
    CAPTURE(profile);
    auto p = printer_profile(profile);
    REQUIRE(p);
    auto job = encode_escpos(d, *p, opt, fonts);
    REQUIRE(job);
    const std::string hex = to_hex(job->bytes);
    CHECK(hex.rfind("1b40" + page, 0) == 0);
    CHECK(hex.find("1d286b0400314132001d286b03003143031d286b03003145301d286b0700315030313233341d286b0300315130") !=
          std::string::npos);
    CHECK(hex.size() >= 18);
    CHECK(hex.substr(hex.size() - 18) == "1b70003232" "1d564200");
  }
  auto none = printer_profile("escpos-80-nocp");
  REQUIRE(none);
  auto refused = encode_escpos(d, *none, opt, fonts);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == "print.no_vietnamese_codepage");
}
