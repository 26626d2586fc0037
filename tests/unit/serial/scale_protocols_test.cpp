#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "drivers/serial/scale_protocols.hpp"
#include "tests/support/test_support.hpp"

using namespace hp;
using namespace hp::dev;

namespace {

std::string from_hex(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

using Parser = Result<ScaleFrame> (*)(std::string_view);

Parser parser_for(const std::string& protocol) {
  if (protocol.find("Toledo 8217") != std::string::npos) return &parse_toledo8217_frame;
  if (protocol.find("ST/US") != std::string::npos) return &parse_stgs_frame;
  if (protocol.find("OHAUS") != std::string::npos) return &parse_ohaus_frame;
  if (protocol.find("RADWAG") != std::string::npos) return &parse_radwag_sui_frame;
  return nullptr;
}

Milligrams expected_mg(double value, const std::string& unit) {
  const double per = unit == "kg" ? 1e6 : unit == "g" ? 1e3 : 0;
  REQUIRE(per > 0);
  return std::llround(value * per);
}

}  // namespace

TEST_CASE("serial scale frames: every reference vector") {
  const auto doc = test::load_vectors("serial_scale_frames.json");
  int checked = 0;
  for (const auto& v : doc.at("vectors")) {
    const std::string protocol = v.at("protocol");
    const std::string bytes = from_hex(v.at("frame_hex"));
    const auto& meaning = v.at("meaning");
    CAPTURE(protocol);
    CAPTURE(v.at("frame_repr").get<std::string>());
    if (v.at("direction") == "host->scale") {
      REQUIRE(protocol.find("Toledo 8217") != std::string::npos);
      CHECK(meaning.at("command") == "request weight");
      CHECK(scale_protocol(ScaleProtocolId::Toledo8217).request == bytes);
      ++checked;
      continue;
    }
    const Parser parse = parser_for(protocol);
    REQUIRE_MESSAGE(static_cast<bool>(parse), "no parser for this protocol");
    auto f = parse(bytes);
    REQUIRE_MESSAGE(f.has_value(), (f ? std::string() : f.error().detail));
    if (meaning.contains("value")) {
      REQUIRE(f->has_weight);
      CHECK(f->mg == expected_mg(meaning.at("value"), meaning.at("unit")));
      CHECK(f->stable == meaning.at("stable").get<bool>());
      if (meaning.contains("mode")) CHECK(f->net == (meaning.at("mode") == "net"));
    }
    if (meaning.contains("state")) {
      CHECK_FALSE(f->has_weight);
      CHECK(std::string(to_string(frame_state(*f))) == meaning.at("state").get<std::string>());
    }
    // The same frame without its line end parses the same (frames reach parsers both ways).
    std::string bare = bytes;
    while (!bare.empty() && (bare.back() == '\r' || bare.back() == '\n')) bare.pop_back();
    auto g = parse(bare);
    REQUIRE(g.has_value());
    CHECK(g->mg == f->mg);
    CHECK(g->stable == f->stable);
    ++checked;
  }
  CHECK(checked == static_cast<int>(doc.at("vectors").size()));
}

TEST_CASE("toledo 8217: every status bit from the service manual table") {
  const auto doc = test::load_vectors("serial_scale_frames.json");
  const auto& bits = doc.at("toledo_8217_status_byte").at("bits");
  REQUIRE(bits.size() == 8);
  auto status = [](unsigned char b) { return parse_toledo8217_frame(std::string("\x02?") + static_cast<char>(b) + "\r"); };
  // bit 0 motion, 1 over capacity, 2 under zero, 3 outside zero range, 4 center of zero, 5 net
  CHECK_FALSE(status(0x41)->stable);
  CHECK(status(0x42)->over_capacity);
  CHECK(status(0x44)->under_zero);
  CHECK(status(0x48)->outside_zero_range);
  CHECK(status(0x50)->center_of_zero);
  CHECK(status(0x60)->net);
  CHECK(frame_state(*status(0x42)) == ScaleState::OverCapacity);
  CHECK(frame_state(*status(0x43)) == ScaleState::OverCapacity);  // moving and over: over wins
  CHECK(frame_state(*status(0x44)) == ScaleState::UnderZero);
  CHECK(frame_state(*status(0x48)) == ScaleState::NeedsRezero);
  CHECK(frame_state(*status(0x50)) == ScaleState::Zero);
  CHECK(frame_state(*status(0x41)) == ScaleState::InMotion);
  // bit 7 is the parity bit, stripped by a 7E1 UART; if it slips through it is ignored.
  CHECK(frame_state(*status(0xC4)) == ScaleState::UnderZero);
  // bit 6 must be set: anything else is not a status byte.
  CHECK_FALSE(status(0x01).has_value());
  CHECK(status(0x01).error().code == "scale.frame_garbled");
}

TEST_CASE("toledo 8217: weight answers in kg, net suffix, pounds refused, garbage refused") {
  auto w = parse_toledo8217_frame("\x02" "12.500\r");
  REQUIRE(w);
  CHECK(w->has_weight);
  CHECK(w->stable);
  CHECK(w->mg == 12'500'000);
  CHECK(frame_state(*w) == ScaleState::Stable);

  auto z = parse_toledo8217_frame("\x02" "00.000\r");
  REQUIRE(z);
  CHECK(frame_state(*z) == ScaleState::Zero);

  auto n = parse_toledo8217_frame("\x02" "01.234N\r");
  REQUIRE(n);
  CHECK(n->net);
  CHECK(n->mg == 1'234'000);

  auto lb = parse_toledo8217_frame("\x02" "12.50\r");
  REQUIRE_FALSE(lb);
  CHECK(lb.error().code == "scale.unit_unsupported");

  for (const char* bad : {"", "\x02\r", "\x02" "12,500\r", "\x02" "1x.500\r", "\x02" "12.5a0\r",
                          "\x02" "1250\r", "\x02?\r", "\x02?AB\r", "\x02" "12.500.1\r", "\x02-1.000\r"}) {
    CAPTURE(std::string(bad));
    auto r = parse_toledo8217_frame(bad);
    CHECK_FALSE(r.has_value());
  }
}

TEST_CASE("ST/GS continuous: the documented layouts and the brief's example") {
  auto a = parse_stgs_frame("ST,GS,+0001.234kg\r\n");
  REQUIRE(a);
  CHECK(a->mg == 1'234'000);
  CHECK(a->stable);
  CHECK_FALSE(a->net);
  CHECK(frame_state(*a) == ScaleState::Stable);

  auto net = parse_stgs_frame("US,NT,-0000.450kg");
  REQUIRE(net);
  CHECK(net->net);
  CHECK_FALSE(net->stable);
  CHECK(net->mg == -450'000);
  CHECK(frame_state(*net) == ScaleState::UnderZero);

  // CAS 22-byte: device id and lamp bytes, then a comma, then 8 bytes of weight, space, unit.
  auto cas = parse_stgs_frame(std::string("ST,GS,\x01\x80,00013.5 kg\r\n"));
  REQUIRE(cas);
  CHECK(cas->mg == 13'500'000);

  // AND 18-byte: 8 bytes of weight and a 2-byte unit.
  auto und = parse_stgs_frame("ST,GS,+0013.50 g\r\n");
  REQUIRE(und);
  CHECK(und->mg == 13'500);

  auto ol = parse_stgs_frame("OL,GS,+9999.99kg\r\n");
  REQUIRE(ol);
  CHECK(frame_state(*ol) == ScaleState::OverCapacity);
  auto ol_blank = parse_stgs_frame("OL,GS,        kg\r\n");
  REQUIRE(ol_blank);
  CHECK(frame_state(*ol_blank) == ScaleState::OverCapacity);

  auto zero = parse_stgs_frame("ST,GS,+0000.000kg");
  REQUIRE(zero);
  CHECK(frame_state(*zero) == ScaleState::Zero);

  for (const char* bad : {"", "ST", "XX,GS,+0001.234kg", "ST,XX,+0001.234kg", "ST,GS,+0001.234",
                          "ST,GS,+00O1.234kg", "ST,GS,+0001.234lb", "ST,GS,abc,def,1.0kg",
                          "ST,GS,--1.0kg", "ST,GS,1.2.3kg", "ST,GS, . kg"}) {
    CAPTURE(std::string(bad));
    CHECK_FALSE(parse_stgs_frame(bad).has_value());
  }
  CHECK(parse_stgs_frame("ST,GS,+0001.234lb").error().code == "scale.unit_unsupported");
}

TEST_CASE("OHAUS and RADWAG: stability markers and refusals") {
  auto o = parse_ohaus_frame("  12.345 kg     G\r\n");
  REQUIRE(o);
  CHECK(o->stable);
  CHECK(o->mg == 12'345'000);
  auto u = parse_ohaus_frame("   250.5 g   ?\r\n");
  REQUIRE(u);
  CHECK_FALSE(u->stable);
  CHECK(u->mg == 250'500);
  CHECK_FALSE(parse_ohaus_frame("  12.345    G\r\n").has_value());
  CHECK_FALSE(parse_ohaus_frame("\r\n").has_value());

  auto r = parse_radwag_sui_frame("SUI    12.500 kg \r\n");
  REQUIRE(r);
  CHECK(r->stable);
  CHECK(r->mg == 12'500'000);
  CHECK_FALSE(parse_radwag_sui_frame("SUI^ +   99.999 kg \r\n").has_value());
  CHECK_FALSE(parse_radwag_sui_frame("ES\r\n").has_value());
  CHECK_FALSE(parse_radwag_sui_frame("XUI    12.500 kg \r\n").has_value());
}

TEST_CASE("decimal weights are exact integers of milligrams") {
  CHECK(*parse_decimal_weight("0.001", "kg") == 1'000);
  CHECK(*parse_decimal_weight("245.6", "g") == 245'600);
  CHECK(*parse_decimal_weight("+ 7.9", "g") == 7'900);
  CHECK(*parse_decimal_weight("-  1.645", "kg") == -1'645'000);
  CHECK(*parse_decimal_weight("30", "kg") == 30'000'000);
  CHECK(*parse_decimal_weight("0.1000", "g") == 100);  // trailing zeros beyond a mg are fine
  CHECK(*parse_decimal_weight("000000000000000000012.5", "kg") == 12'500'000);  // leading zeros
  CHECK(parse_decimal_weight("0.0001", "g").error().code == "scale.frame_precision");
  CHECK(parse_decimal_weight("99999999999999999999", "kg").error().code == "scale.frame_garbled");
  CHECK(parse_decimal_weight("999999999999999", "kg").error().code == "scale.frame_garbled");  // > int64 mg
  CHECK(*parse_decimal_weight("999999999999999", "g") == 999'999'999'999'999'000LL);
  CHECK(parse_decimal_weight("1.0", "oz").error().code == "scale.unit_unsupported");
  CHECK(parse_decimal_weight("", "kg").error().code == "scale.frame_garbled");
  CHECK(parse_decimal_weight(".", "kg").error().code == "scale.frame_garbled");
  CHECK(parse_decimal_weight("1e3", "kg").error().code == "scale.frame_garbled");
}

TEST_CASE("the protocol table: settings, requests, lookup by config key") {
  const auto* t = find_scale_protocol("toledo8217");
  REQUIRE(t);
  CHECK(t->settings.baud == 9600);
  CHECK(t->settings.data_bits == 7);
  CHECK(t->settings.parity == Parity::Even);
  CHECK(t->settings.stop_bits == 1);
  CHECK(to_string(t->settings) == "9600 7E1");
  CHECK(t->request == "W");
  CHECK(t->frame_start == '\x02');
  CHECK(find_scale_protocol("continuous_stgs")->request.empty());
  CHECK(find_scale_protocol("nope") == nullptr);
  for (const auto& p : scale_protocols()) {
    CHECK(&scale_protocol(p.id) == &p);
    CHECK(find_scale_protocol(p.key) == &p);
  }
}

TEST_CASE("frame splitter: resyncs on noise, drops over-long runs, strips bit 7 on 7-bit lines") {
  FrameSplitter toledo(scale_protocol(ScaleProtocolId::Toledo8217));
  auto f = toledo.push("junk\x02?A\r\x02" "12.");
  REQUIRE(f.size() == 1);
  CHECK(f[0] == "?A");
  f = toledo.push("500\r");
  REQUIRE(f.size() == 1);
  CHECK(f[0] == "12.500");
  CHECK(toledo.dropped_bytes() == 4);
  // A frame interrupted by a new STX is noise; the new frame counts.
  f = toledo.push("\x02" "99\x02" "01.000\r");
  REQUIRE(f.size() == 1);
  CHECK(f[0] == "01.000");
  // Parity bit set on every byte (port opened 8N1 by mistake upstream): still readable.
  std::string hi = "\x82" "\xb1\xb2.\xb5\xb0\xb0\x8d";
  f = toledo.push(hi);
  REQUIRE(f.size() == 1);
  CHECK(f[0] == "12.500");

  FrameSplitter lines('\0', "\r\n", 10, false);
  f = lines.push("ST,GS,1kg\r\n\r\nABCDEFGHIJKLMNOP\r\nok\n");
  REQUIRE(f.size() == 2);
  CHECK(f[0] == "ST,GS,1kg");
  CHECK(f[1] == "ok");
}
