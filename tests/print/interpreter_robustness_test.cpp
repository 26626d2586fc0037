// The interpreter never crashes, never reads out of bounds (run under ASan in CI) and keeps
// memory bounded, whatever it is fed; a job cut off inside a command says so (truncated), and
// one cut off between commands does not.
#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <random>
#include <sstream>

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

// Where each command of a job starts, from Epson's command reference and independent of the
// interpreter; it knows only the commands the encoder emits (text, LF, ESC @ 2 a E - M t d J p,
// GS ! B h w H V k ( v, DLE EOT) and fails the test on anything else. The result holds every
// offset at which a command starts, and the job's size.
std::vector<std::size_t> command_starts(std::span<const std::uint8_t> b) {
  std::vector<std::size_t> starts;
  std::size_t i = 0;
  auto at = [&](std::size_t k) -> std::size_t {
    REQUIRE_MESSAGE(i + k < b.size(), "the job itself ends inside a command at byte " << i);
    return b[i + k];
  };
  while (i < b.size()) {
    starts.push_back(i);
    const std::size_t c = b[i];
    std::optional<std::size_t> len;
    if (c == 0x0A || c >= 0x20) {
      len = 1;  // LF or one text byte (CP1258 above 0x7F)
    } else if (c == 0x1B) {
      switch (at(1)) {
        case '@': case '2': len = 2; break;
        case 'a': case 'E': case '-': case 'M': case 't': case 'd': case 'J': len = 3; break;
        case 'p': len = 5; break;
        default: break;
      }
    } else if (c == 0x1D) {
      switch (at(1)) {
        case '!': case 'B': case 'h': case 'w': case 'H': len = 3; break;
        case 'V': len = (at(2) == 65 || at(2) == 66) ? 4 : 3; break;
        case 'k': len = at(2) >= 65 ? 4 + at(3) : std::optional<std::size_t>(); break;
        case '(': len = 5 + (at(3) | (at(4) << 8)); break;
        case 'v': len = 8 + (at(4) | (at(5) << 8)) * (at(6) | (at(7) << 8)); break;
        default: break;
      }
    } else if (c == 0x10 && at(1) == 0x04) {
      len = 3;
    }
    REQUIRE_MESSAGE(len.has_value(), "command the test does not know at byte " << i);
    i += *len;
  }
  REQUIRE(i == b.size());
  starts.push_back(b.size());
  return starts;
}

// Interprets each prefix `n` in `cuts` and returns those whose `truncated` is wrong: a prefix
// ends inside a command exactly when n is not a command start.
std::string wrong_truncation(std::span<const std::uint8_t> job, const std::vector<std::size_t>& starts,
                             const std::vector<std::size_t>& cuts, FontCache* fonts) {
  std::ostringstream wrong;
  int count = 0;
  for (const std::size_t n : cuts) {
    const bool boundary = std::binary_search(starts.begin(), starts.end(), n);
    const auto r = interpret_escpos(job.first(n), InterpretOptions{}, fonts);
    CHECK(r.notes.size() <= 64);
    if (r.truncated == boundary) {
      if (++count <= 12) wrong << " " << n << (boundary ? " (a command start, reported truncated)" : " (inside a command, not reported)");
    }
  }
  if (count > 12) wrong << " ... " << count << " in all";
  return wrong.str();
}

}  // namespace

TEST_CASE("every prefix of a text-mode receipt: truncated exactly when cut inside a command") {
  auto fonts = hp::test::open_fonts();
  const auto bytes = receipt(EscPosMode::Text, fonts, 3);
  const auto starts = command_starts(bytes);
  REQUIRE(starts.size() < bytes.size());  // some commands are longer than one byte
  std::vector<std::size_t> every(bytes.size() + 1);
  for (std::size_t n = 0; n < every.size(); ++n) every[n] = n;
  const std::string wrong = wrong_truncation(bytes, starts, every, nullptr);
  CHECK_MESSAGE(wrong.empty(), "prefixes with the wrong `truncated`:" << wrong);
  const auto whole = interpret_escpos(bytes, InterpretOptions{}, &fonts);
  CHECK_FALSE(whole.truncated);
  CHECK(whole.symbols.size() == 2);
}

TEST_CASE("every command of a raster receipt cut short is noticed") {
  auto fonts = hp::test::open_fonts();
  const auto bytes = receipt(EscPosMode::Raster, fonts, 2);
  const auto starts = command_starts(bytes);
  // Every command start, and inside every command one byte in, half-way and one byte short
  // (every prefix of the raster bands would take minutes).
  std::vector<std::size_t> cuts;
  for (std::size_t k = 0; k + 1 < starts.size(); ++k) {
    const std::size_t a = starts[k], e = starts[k + 1];
    cuts.push_back(a);
    if (e - a > 1) cuts.insert(cuts.end(), {a + 1, a + (e - a) / 2, e - 1});
  }
  cuts.push_back(bytes.size());
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  const std::string wrong = wrong_truncation(bytes, starts, cuts, nullptr);
  CHECK_MESSAGE(wrong.empty(), "prefixes with the wrong `truncated`:" << wrong);
  for (const std::size_t n : {std::size_t{0}, bytes.size() / 3, bytes.size()}) {
    CHECK(interpret_escpos(std::span(bytes).first(n), InterpretOptions{}, nullptr).image.width == 576);
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
