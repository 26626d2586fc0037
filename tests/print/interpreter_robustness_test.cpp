// The interpreter never crashes, never reads out of bounds (run under ASan in CI) and keeps
// memory bounded, whatever it is fed.
#include <doctest/doctest.h>

#include <random>

#include "shared/print/demo_data.hpp"
#include "shared/print/escpos_encoder.hpp"
#include "shared/print/escpos_interpreter.hpp"
#include "tests/print/print_fixture.hpp"

using namespace hp::print;

namespace {

std::vector<std::uint8_t> receipt(EscPosMode mode, FontCache& fonts, int items) {
  const auto d = demo_data(items);
  auto doc = dropoff_receipt(d.config, d.dropoff, d.farmer);
  REQUIRE(doc);
  EscPosOptions opt;
  opt.mode = mode;
  auto job = encode_escpos(*doc, *printer_profile("escpos-80"), opt, fonts);
  REQUIRE(job);
  return job->bytes;
}

}  // namespace

TEST_CASE("every prefix of a text-mode receipt") {
  auto fonts = hp::test::open_fonts();
  const auto bytes = receipt(EscPosMode::Text, fonts, 3);
  int truncated = 0;
  for (std::size_t n = 0; n <= bytes.size(); ++n) {
    const auto r = interpret_escpos(std::span(bytes).first(n), InterpretOptions{}, nullptr);
    truncated += r.truncated ? 1 : 0;
    CHECK(r.notes.size() <= 64);
  }
  CHECK(truncated > 0);  // cutting inside commands is noticed
  const auto whole = interpret_escpos(bytes, InterpretOptions{}, &fonts);
  CHECK_FALSE(whole.truncated);
  CHECK(whole.symbols.size() == 2);
}

TEST_CASE("prefixes of a raster receipt") {
  auto fonts = hp::test::open_fonts();
  const auto bytes = receipt(EscPosMode::Raster, fonts, 2);
  for (std::size_t n = 0; n <= bytes.size(); n += 1 + n / 64) {
    const auto r = interpret_escpos(std::span(bytes).first(n), InterpretOptions{}, nullptr);
    CHECK(r.image.width == 576);
  }
}

TEST_CASE("random bytes") {
  std::mt19937 rng(20261128);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> len(0, 3000);
  for (int round = 0; round < 1500; ++round) {
    std::vector<std::uint8_t> b(static_cast<std::size_t>(len(rng)));
    for (auto& x : b) x = static_cast<std::uint8_t>(byte(rng));
    // Bias towards command prefixes so the parsers, not just text, are exercised.
    for (std::size_t i = 0; i + 1 < b.size(); i += 7) b[i] = std::array<std::uint8_t, 4>{0x1b, 0x1d, 0x1c, 0x10}[i % 4];
    const auto r = interpret_escpos(b, InterpretOptions{}, nullptr);
    CHECK(r.image.height <= 16000);
    CHECK(r.notes.size() <= 64);
  }
}

TEST_CASE("hostile commands are bounded") {
  auto fonts = hp::test::open_fonts();
  const std::vector<std::vector<std::uint8_t>> cases = {
      {0x1d, 'v', '0', 0, 0xff, 0xff, 0xff, 0xff},               // 65535 x 65535 raster, no data
      {0x1d, '(', 'k', 0xff, 0xff, 49, 80, 48, 'x'},             // QR store claiming 64 KiB
      {0x1d, '8', 'L', 0xff, 0xff, 0xff, 0xff, 1},               // 4 GiB graphics
      {0x1b, '*', 33, 0xff, 0xff, 1, 2, 3},                      // bit image cut short
      {0x1c, 'q', 0xff, 0xff, 0xff, 0xff, 0xff},                 // NV images cut short
      {0x1d, 'k', 73, 0xff, '{'},                                // barcode cut short
      {0x1d, 'k', 4, 'A', 'B', 'C'},                             // function A without NUL
      {0x1d, '(', 'k', 3, 0, 49, 81, 48},                        // QR print with nothing stored
      {0x1d, '(', 'k', 1, 0, 49},                                // too short to hold fn
      {0x1d, 'k', 73, 3, 'x', 'y', 'z'},                         // Code 128 without subset
      {0x1d, 'k', 73, 4, '{', 'C', 200, 5},                      // subset C value over 99
      {0x1d, 'k', 73, 6, '{', 'C', '{', '1', 99, 99},            // GS1 that is not GS1
      {0x1b, '&', 3, 32, 126},                                   // user characters cut short
      {0x1b, 't', 52, 0xcc, 0xcc, 0xcc, 0xec, '\n'},             // marks without a base
      {0x1b, 0x7f, 0x1d, 0x7f, 0x1c, 0x7f, 0x10, 0x7f, 0x07},     // unknown commands
  };
  for (const auto& c : cases) {
    const auto r = interpret_escpos(c, InterpretOptions{}, &fonts);
    CHECK((r.truncated || !r.notes.empty() || !r.text.empty()));
    CHECK(r.image.height <= 16000);
  }
  // A long run of feeds stops at the paper limit rather than growing without bound.
  std::vector<std::uint8_t> feeds(20000, '\n');
  const auto r = interpret_escpos(feeds, InterpretOptions{}, nullptr);
  CHECK(r.out_of_paper);
  CHECK(r.image.height <= 16000);
  std::vector<std::uint8_t> notes;
  for (int i = 0; i < 500; ++i) notes.insert(notes.end(), {0x1b, 0x7f});
  const auto many = interpret_escpos(notes, InterpretOptions{}, nullptr);
  CHECK(many.notes.size() == 64);
  CHECK(many.notes_dropped == 436);
}

TEST_CASE("text mode bytes read back as the Vietnamese that was meant") {
  auto fonts = hp::test::open_fonts();
  Document d;
  d.text("Nguyễn Thị Hoà - Cà chua loại A - Ớt chỉ thiên - Đặng Văn Thưởng");
  EscPosOptions opt;
  opt.mode = EscPosMode::Text;
  auto job = encode_escpos(d, *printer_profile("escpos-80"), opt, fonts);
  REQUIRE(job);
  const auto r = interpret_escpos(job->bytes, InterpretOptions{}, &fonts);
  REQUIRE(r.text.size() >= 2);
  CHECK(r.text[0] + " " + r.text[1] == "Nguyễn Thị Hoà - Cà chua loại A - Ớt chỉ thiên - Đặng Văn Thưởng");
  // Another model's page number: without the right ESC t the text is not CP1258.
  InterpretOptions other;
  other.cp1258_page = 27;
  const auto wrong = interpret_escpos(job->bytes, other, &fonts);
  CHECK(wrong.text[0] != r.text[0]);
}
