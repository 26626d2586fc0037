// DLE EOT answers from tests/vectors/escpos.json ("dle_eot_status"), every one: the valid ones
// read as their source says, the invalid ones refused without touching the status.
#include <doctest/doctest.h>

#include <map>
#include <regex>
#include <string>
#include <utility>

#include "drivers/usb/printer_protocol.hpp"
#include "tests/support/test_support.hpp"
#include "tests/unit/hid/hex.hpp"

using hp::usb::PrinterStatus;
using hp::usb::StatusQuery;

namespace {

// What each vector's "meaning" says, as fields: (request, response) -> status read from a
// printer that was fine before. A vector missing here fails the test.
const std::map<std::pair<std::string, std::string>, PrinterStatus>& expected() {
  static const std::map<std::pair<std::string, std::string>, PrinterStatus> m = {
      {{"100401", "12"}, PrinterStatus{}},                         // on-line, drawer pin 3 low
      {{"100401", "1a"}, PrinterStatus{.offline = true}},          // off-line
      {{"100404", "12"}, PrinterStatus{}},                         // paper adequate
      {{"100404", "1e"}, PrinterStatus{.paper_near_end = true}},   // near end
      {{"100404", "72"}, PrinterStatus{.paper_out = true}},        // paper end
      {{"100404", "7e"}, PrinterStatus{.paper_near_end = true, .paper_out = true}},
  };
  return m;
}

StatusQuery query_of(const std::string& request_hex) {
  const auto req = hp::test::unhex(request_hex);
  REQUIRE(req.size() == 3);
  REQUIRE(req[0] == hp::usb::kDle);
  REQUIRE(req[1] == hp::usb::kEot);
  REQUIRE(req[2] >= 1);
  REQUIRE(req[2] <= 4);
  return static_cast<StatusQuery>(req[2]);
}

// A status with every field set the other way from a fine printer, to see that a refused
// answer changes nothing.
PrinterStatus everything_wrong() {
  return PrinterStatus{.offline = true, .cover_open = true, .paper_near_end = true, .paper_out = true,
                       .drawer_signal = true, .error = true};
}

}  // namespace

TEST_CASE("DLE EOT vectors: every valid answer reads as its source says") {
  const auto v = hp::test::load_vectors("escpos.json").at("dle_eot_status");
  REQUIRE(v.at("responses").size() >= 6);
  for (const auto& r : v.at("responses")) {
    const std::string request = r.at("request_hex"), response = r.at("response_hex");
    CAPTURE(request);
    CAPTURE(response);
    CAPTURE(r.at("meaning").get<std::string>());
    const auto it = expected().find({request, response});
    REQUIRE_MESSAGE(it != expected().end(), "no expectation for this vector");
    const StatusQuery q = query_of(request);
    const auto answer = hp::test::unhex(response);

    PrinterStatus s;
    REQUIRE(hp::usb::apply_status_answer(s, q, answer));
    CHECK(s == it->second);
    // The same answer after a byte left over from an earlier question reads the same.
    PrinterStatus late;
    std::vector<std::uint8_t> with_leftover = {0x12};
    with_leftover.insert(with_leftover.end(), answer.begin(), answer.end());
    REQUIRE(hp::usb::apply_status_answer(late, q, with_leftover));
    CHECK(late == it->second);
  }
  // Paper end stops printing; near end alone does not.
  PrinterStatus s;
  REQUIRE(hp::usb::apply_status_answer(s, StatusQuery::PaperSensor, hp::test::unhex("1e")));
  CHECK(s.blocking_reason().empty());
  REQUIRE(hp::usb::apply_status_answer(s, StatusQuery::PaperSensor, hp::test::unhex("72")));
  CHECK(s.blocking_reason() == "printer.paper_out");
  PrinterStatus off;
  REQUIRE(hp::usb::apply_status_answer(off, StatusQuery::Printer, hp::test::unhex("1a")));
  CHECK(off.blocking_reason() == "printer.offline");
}

TEST_CASE("DLE EOT vectors: every invalid answer is refused for every question and changes nothing") {
  const auto v = hp::test::load_vectors("escpos.json").at("dle_eot_status");
  const auto& invalid = v.at("invalid_responses_hex").at("values");
  REQUIRE(invalid.size() >= 3);
  for (const auto& hex : invalid) {
    const auto answer = hp::test::unhex(hex.get<std::string>());
    for (int n = 1; n <= 4; ++n) {
      CAPTURE(hex.get<std::string>());
      CAPTURE(n);
      PrinterStatus fine;
      auto r = hp::usb::apply_status_answer(fine, static_cast<StatusQuery>(n), answer);
      REQUIRE_FALSE(r);
      CHECK((r.error().code == "printer.status_answer" || r.error().code == "printer.status_byte"));
      CHECK(fine == PrinterStatus{});
      PrinterStatus bad = everything_wrong();
      CHECK_FALSE(hp::usb::apply_status_answer(bad, static_cast<StatusQuery>(n), answer));
      CHECK(bad == everything_wrong());
    }
  }
  // A valid status byte after something that is not one is not an answer either.
  PrinterStatus s;
  CHECK_FALSE(hp::usb::apply_status_answer(s, StatusQuery::Printer, hp::test::unhex("81011a")));
  CHECK(s == PrinterStatus{});
}

TEST_CASE("DLE EOT vectors: the fixed-bit pattern decides, byte by byte") {
  const auto v = hp::test::load_vectors("escpos.json").at("dle_eot_status");
  // The vector states the pattern as bits 7..0, e.g. "0xx1xx10".
  std::smatch m;
  const std::string text = v.at("fixed_bits");
  REQUIRE(std::regex_search(text, m, std::regex("[01x]{8}")));
  const std::string pattern = m.str();
  for (int b = 0; b < 256; ++b) {
    bool fits = true;
    for (int bit = 0; bit < 8; ++bit) {
      const char want = pattern[static_cast<std::size_t>(7 - bit)];
      if (want != 'x' && ((b >> bit) & 1) != (want - '0')) fits = false;
    }
    CAPTURE(b);
    PrinterStatus s;
    const std::uint8_t one[1] = {static_cast<std::uint8_t>(b)};
    CHECK(static_cast<bool>(hp::usb::apply_status_answer(s, StatusQuery::OfflineCause, one)) == fits);
  }
}
