#include "drivers/hid/keyboard_decoder.hpp"

#include <doctest/doctest.h>

#include "tests/support/test_support.hpp"
#include "tests/unit/hid/hex.hpp"

using hp::hid::KeyAction;
using hp::hid::KeyboardScanDecoder;
using hp::test::unhex;

namespace {

std::vector<std::uint8_t> key(std::uint8_t mods, std::uint8_t k) { return {mods, 0, k, 0, 0, 0, 0, 0}; }
const std::vector<std::uint8_t> kRelease(8, 0);

// Feeds reports at a scanner's pace (one every step_ms from start_ms); returns the scans
// that came out.
std::vector<std::string> feed_all(KeyboardScanDecoder& d, const std::vector<std::vector<std::uint8_t>>& reports,
                                  std::int64_t start_ms = 0, std::int64_t step_ms = 5) {
  std::vector<std::string> out;
  std::int64_t t = start_ms;
  for (const auto& r : reports) {
    auto got = d.feed(r, t);
    t += step_ms;
    REQUIRE(got.has_value());
    if (*got) out.push_back(**got);
  }
  return out;
}

}  // namespace

TEST_CASE("every keyboard sequence vector decodes to its text, and the trailing control chord is dropped") {
  auto doc = hp::test::load_vectors("hid_keyboard.json");
  REQUIRE(!doc["sequences"].empty());
  for (const auto& s : doc["sequences"]) {
    KeyboardScanDecoder d(hp::hid::us_layout());
    std::vector<std::vector<std::uint8_t>> reports;
    for (const auto& h : s["reports_hex"]) reports.push_back(unhex(h.get<std::string>()));
    auto scans = feed_all(d, reports);
    std::string expect = s["expect_text"].get<std::string>();
    REQUIRE(expect.back() == '\r');  // the Enter suffix ends the scan and is not part of it
    expect.pop_back();
    REQUIRE(scans.size() == 1);
    CHECK(scans[0] == expect);
    CHECK(d.idle());  // Ctrl+Shift+J typed nothing
  }
}

TEST_CASE("every single-report vector types its character") {
  auto doc = hp::test::load_vectors("hid_keyboard.json");
  for (const auto& s : doc["single_reports"]) {
    KeyboardScanDecoder d(hp::hid::us_layout());
    auto scans = feed_all(d, {unhex(s["report_hex"].get<std::string>()), kRelease, key(0, 0x28), kRelease});
    REQUIRE(scans.size() == 1);
    CHECK(scans[0] == s["expect_char"].get<std::string>());
  }
}

TEST_CASE("the US layout agrees with every entry of the vector table") {
  auto doc = hp::test::load_vectors("hid_keyboard.json");
  int n = 0;
  for (auto& [hex, pair] : doc["table_unshifted_shifted"].items()) {
    auto usage = static_cast<std::uint8_t>(std::stoul(hex, nullptr, 16));
    for (int shifted = 0; shifted < 2; ++shifted) {
      CAPTURE(hex);
      CAPTURE(shifted);
      std::string want = pair[shifted].get<std::string>();
      auto a = hp::hid::key_action(hp::hid::us_layout(), shifted ? 0x02 : 0x00, usage);
      if (want == "\r") CHECK(a.kind == KeyAction::Kind::Enter);
      else if (want == "\t") CHECK(a.kind == KeyAction::Kind::Tab);
      else if (want == "\x1b" || want == "\b") CHECK(a.kind == KeyAction::Kind::Control);  // never typed into data
      else {
        CHECK(a.kind == KeyAction::Kind::Text);
        CHECK(a.text == want);
      }
      ++n;
    }
  }
  CHECK(n == 106);
}

TEST_CASE("right shift, keypad digits and keypad Enter") {
  KeyboardScanDecoder d(hp::hid::us_layout());
  auto scans = feed_all(d, {key(0x20, 0x04), kRelease, key(0, 0x59), kRelease, key(0, 0x62), kRelease,
                            key(0, 0x63), kRelease, key(0, 0x58), kRelease});
  REQUIRE(scans.size() == 1);
  CHECK(scans[0] == "A10.");
}

TEST_CASE("GS survives as Ctrl+] and as Alt+keypad 029, other control chords do not leak") {
  KeyboardScanDecoder d(hp::hid::us_layout());
  auto scans = feed_all(d, {key(0, 0x1F), kRelease,                                          // 2
                            key(0x01, 0x30), kRelease,                                       // Ctrl+] = GS
                            key(0, 0x20), kRelease,                                          // 3
                            key(0x04, 0), key(0x04, 0x62), key(0x04, 0), key(0x04, 0x5A),   // Alt 0 2
                            key(0x04, 0), key(0x04, 0x61), key(0x04, 0), kRelease,          // 9, release Alt
                            key(0, 0x21), kRelease,                                          // 4
                            key(0x01, 0x06), kRelease,                                       // Ctrl+C: dropped
                            key(0, 0x29), kRelease, key(0, 0x2A), kRelease,                  // Esc, Backspace
                            key(0x08, 0x04), kRelease,                                       // GUI+a
                            key(0, 0x28), kRelease});
  REQUIRE(scans.size() == 1);
  CHECK(scans[0] == "2\x1D" "3\x1D" "4");
}

TEST_CASE("Tab also ends a scan unless configured off, and an empty Enter is no scan") {
  KeyboardScanDecoder d(hp::hid::us_layout());
  CHECK(feed_all(d, {key(0, 0x28), kRelease}).empty());
  auto scans = feed_all(d, {key(0, 0x1E), kRelease, key(0, 0x2B), kRelease});
  REQUIRE(scans.size() == 1);
  CHECK(scans[0] == "1");
  KeyboardScanDecoder keep_tab(hp::hid::us_layout(), {.enter_ends_scan = true, .tab_ends_scan = false});
  scans = feed_all(keep_tab, {key(0, 0x1E), kRelease, key(0, 0x2B), kRelease, key(0, 0x1F), kRelease, key(0, 0x28)});
  REQUIRE(scans.size() == 1);
  CHECK(scans[0] == "1\t2");
}

TEST_CASE("keys held across reports and several keys in one report") {
  KeyboardScanDecoder d(hp::hid::us_layout());
  // 'a' held for two reports, then 'a'+'b' pressed together (rollover), then Enter.
  auto scans = feed_all(d, {key(0, 0x04), key(0, 0x04), {0, 0, 0x04, 0x05, 0, 0, 0, 0}, kRelease, key(0, 0x28)});
  REQUIRE(scans.size() == 1);
  CHECK(scans[0] == "ab");
  // Phantom (error roll-over) reports add nothing.
  scans = feed_all(d, {{0, 0, 1, 1, 1, 1, 1, 1}, key(0, 0x06), kRelease, key(0, 0x28)});
  REQUIRE(scans.size() == 1);
  CHECK(scans[0] == "c");
}

TEST_CASE("French AZERTY and German QWERTZ decode the same codes their scanners type") {
  auto fr = hp::hid::keyboard_layout("fr");
  auto de = hp::hid::keyboard_layout("de");
  REQUIRE(fr);
  REQUIRE(de);
  CHECK(hp::hid::keyboard_layout("xx") == nullptr);
  // A scanner set to AZERTY types "A1" as the usage of Q and Shift+&.
  KeyboardScanDecoder f(*fr);
  auto scans = feed_all(f, {key(0x02, 0x14), kRelease, key(0x02, 0x1E), kRelease, key(0, 0x1E), kRelease,
                            key(0x40, 0x27), kRelease, key(0, 0x28)});
  REQUIRE(scans.size() == 1);
  CHECK(scans[0] == "A1&@");
  // The same usages under US would have been "Q!1)".
  KeyboardScanDecoder u(hp::hid::us_layout());
  scans = feed_all(u, {key(0x02, 0x14), kRelease, key(0x02, 0x1E), kRelease, key(0, 0x1E), kRelease,
                       key(0x02, 0x27), kRelease, key(0, 0x28)});
  REQUIRE(scans.size() == 1);
  CHECK(scans[0] == "Q!1)");
  KeyboardScanDecoder g(*de);
  scans = feed_all(g, {key(0, 0x1C), kRelease, key(0, 0x1D), kRelease, key(0x02, 0x24), kRelease, key(0x40, 0x14),
                       kRelease, key(0, 0x33), kRelease, key(0, 0x28)});
  REQUIRE(scans.size() == 1);
  CHECK(scans[0] == "zy/@ö");
}

TEST_CASE("bad reports are errors; a runaway scan is dropped") {
  KeyboardScanDecoder d(hp::hid::us_layout(), {.max_length = 4});
  std::int64_t t = 0;
  CHECK(d.feed(std::vector<std::uint8_t>(7, 0), t).error().code == "scanner.report_size");
  CHECK(d.feed(std::vector<std::uint8_t>(9, 0), t).error().code == "scanner.report_size");
  bool too_long = false;
  for (int i = 0; i < 6; ++i) {
    auto r = d.feed(key(0, 0x1E), t += 5);
    if (!r) too_long = too_long || r.error().code == "scanner.too_long";
    REQUIRE(d.feed(kRelease, t += 5).has_value());
  }
  CHECK(too_long);
  auto end = d.feed(key(0, 0x28), t += 5);
  REQUIRE(end);
  CHECK_FALSE(*end);  // the overlong scan does not come out on Enter
  REQUIRE(d.feed(kRelease, t += 5));
  auto scans = feed_all(d, {key(0, 0x1F), kRelease, key(0, 0x28)}, t + 5);
  REQUIRE(scans.size() == 1);
  CHECK(scans[0] == "2");
}

TEST_CASE("keys with no Enter for 100 ms are dropped, by the time the reports arrived") {
  KeyboardScanDecoder d(hp::hid::us_layout());
  // A stray "1" at 0..5 ms, then nothing until 105 ms: dropped, not glued onto the scan.
  REQUIRE(d.feed(key(0, 0x1E), 0));
  REQUIRE(d.feed(kRelease, 5));
  CHECK_FALSE(d.idle());
  auto scans = feed_all(d, {key(0, 0x05), kRelease, key(0, 0x28), kRelease}, 105);
  REQUIRE(scans.size() == 1);
  CHECK(scans[0] == "b");
  // 99 ms after the last report it is still the same scan.
  REQUIRE(d.feed(key(0, 0x1E), 200));
  REQUIRE(d.feed(kRelease, 205));
  scans = feed_all(d, {key(0, 0x1F), kRelease, key(0, 0x28), kRelease}, 304);
  REQUIRE(scans.size() == 1);
  CHECK(scans[0] == "12");
  // expire() drops it without waiting for a report, and says whether there was anything.
  REQUIRE(d.feed(key(0, 0x1E), 400));
  REQUIRE(d.feed(kRelease, 405));
  CHECK_FALSE(d.expire(504));
  CHECK(d.expire(505));
  CHECK(d.idle());
  CHECK_FALSE(d.expire(10'000));
  // Half an Alt+keypad code goes too.
  REQUIRE(d.feed(key(0x04, 0x62), 11'000));
  CHECK_FALSE(d.idle());
  CHECK(d.expire(11'100));
  // A long code typed steadily (a report every 4 ms, 1.6 s in all) is never cut.
  std::vector<std::vector<std::uint8_t>> many;
  for (int i = 0; i < 200; ++i) {
    many.push_back(key(0, 0x04));
    many.push_back(kRelease);
  }
  many.push_back(key(0, 0x28));
  scans = feed_all(d, many, 20'000, 4);
  REQUIRE(scans.size() == 1);
  CHECK(scans[0] == std::string(200, 'a'));
  // A scanner set to a slow inter-character delay: the timeout is an option.
  KeyboardScanDecoder slow(hp::hid::us_layout(), {.key_timeout_ms = 300});
  REQUIRE(slow.feed(key(0, 0x1E), 0));
  REQUIRE(slow.feed(kRelease, 5));
  scans = feed_all(slow, {key(0, 0x1F), kRelease, key(0, 0x28)}, 250);
  REQUIRE(scans.size() == 1);
  CHECK(scans[0] == "12");
}
