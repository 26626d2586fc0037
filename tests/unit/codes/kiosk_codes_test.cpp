// Member, pickup and lot codes: Crockford base32 with a Luhn mod 32 check character.
#include <doctest/doctest.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <random>

#include "shared/codes/classify.hpp"
#include "shared/codes/kiosk_codes.hpp"

using namespace hp::codes;

namespace {

constexpr KioskCodeKind kKinds[] = {KioskCodeKind::member, KioskCodeKind::pickup, KioskCodeKind::lot};

std::function<std::uint64_t()> seeded(std::uint64_t seed) {
  return [engine = std::mt19937_64(seed)]() mutable { return engine(); };
}

}  // namespace

TEST_CASE("kiosk codes: shapes and round trips") {
  auto random = seeded(42);
  for (auto kind : kKinds) {
    for (int i = 0; i < 300; ++i) {
      const std::string code = generate_kiosk_code(kind, random);
      CAPTURE(code);
      CHECK(code.starts_with(kiosk_code_prefix(kind)));
      CHECK(code.size() == kiosk_code_prefix(kind).size() + kiosk_code_payload_length(kind) + 1);
      const auto parsed = parse_kiosk_code(code);
      REQUIRE(parsed.has_value());
      CHECK(parsed->kind == kind);
      CHECK(parsed->code == code);
      const std::string payload = code.substr(kiosk_code_prefix(kind).size(), kiosk_code_payload_length(kind));
      CHECK(make_kiosk_code(kind, payload) == code);
    }
  }
  CHECK(generate_kiosk_code(KioskCodeKind::member, seeded(1)).size() == 12);
  CHECK(generate_kiosk_code(KioskCodeKind::pickup, seeded(1)).size() == 12);
  CHECK(generate_kiosk_code(KioskCodeKind::lot, seeded(1)).size() == 14);
  // The same random source gives the same code: nothing hidden feeds the generator.
  CHECK(generate_kiosk_code(KioskCodeKind::lot, seeded(7)) == generate_kiosk_code(KioskCodeKind::lot, seeded(7)));
}

TEST_CASE("kiosk codes: every single-character substitution is caught") {
  auto random = seeded(2024);
  for (auto kind : kKinds) {
    for (int n = 0; n < 20; ++n) {
      const std::string code = generate_kiosk_code(kind, random);
      for (std::size_t i = kiosk_code_prefix(kind).size(); i < code.size(); ++i) {
        for (char c : kCrockford) {
          if (c == code[i]) continue;
          std::string bad = code;
          bad[i] = c;
          CAPTURE(bad);
          CHECK_FALSE(parse_kiosk_code(bad).has_value());
        }
      }
    }
  }
}

TEST_CASE("kiosk codes: every adjacent transposition is caught") {
  auto random = seeded(99);
  for (auto kind : kKinds) {
    for (int n = 0; n < 300; ++n) {
      const std::string code = generate_kiosk_code(kind, random);
      for (std::size_t i = 0; i + 1 < code.size(); ++i) {
        if (code[i] == code[i + 1]) continue;
        std::string bad = code;
        std::swap(bad[i], bad[i + 1]);
        CAPTURE(code);
        CAPTURE(bad);
        CHECK_FALSE(parse_kiosk_code(bad).has_value());
      }
    }
  }
  // Luhn mod 32's one blind pair, which generated codes never contain side by side.
  const std::string zero_z = *make_kiosk_code(KioskCodeKind::member, "0Z000000");
  const std::string z_zero = *make_kiosk_code(KioskCodeKind::member, "Z0000000");
  CHECK(zero_z.back() == z_zero.back());
}

TEST_CASE("kiosk codes: forgiving input, canonical output") {
  const std::string code = *make_kiosk_code(KioskCodeKind::member, "01234567");
  std::string messy = code;
  for (char& c : messy) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  messy.insert(7, "-");
  messy.insert(3, " ");
  messy[3 + 1] = 'o';  // 0 typed as the letter O
  messy[5] = 'l';      // 1 typed as L
  CAPTURE(messy);
  const auto p = parse_kiosk_code(messy);
  REQUIRE(p.has_value());
  CHECK(p->code == code);
  CHECK(parse_kiosk_code("HPM-0I23-4567-" + code.substr(11))->code == code);

  const std::string lot = *make_kiosk_code(KioskCodeKind::lot, "1111111111");
  CHECK(parse_kiosk_code("hpl llll iiii 11" + lot.substr(13))->code == lot);

  CHECK(parse_kiosk_code("XYZ12345678").error().code == "kiosk.prefix");
  CHECK(parse_kiosk_code("HPM1234").error().code == "kiosk.length");
  CHECK(parse_kiosk_code("HPM1234567U0").error().code == "kiosk.bad_char");
  CHECK(parse_kiosk_code(code, KioskCodeKind::pickup).error().code == "kiosk.prefix");
  CHECK(make_kiosk_code(KioskCodeKind::pickup, "12345678").error().code == "kiosk.length");
  CHECK(make_kiosk_code(KioskCodeKind::pickup, "12345678I").error().code == "kiosk.bad_char");
  CHECK(crockford_value('o') == 0);
  CHECK(crockford_value('L') == 1);
  CHECK(crockford_value('z') == 31);
  CHECK(crockford_value('U') == std::nullopt);
}

TEST_CASE("kiosk codes: classified with their canonical form") {
  auto random = seeded(5);
  const std::string member = generate_kiosk_code(KioskCodeKind::member, random);
  const std::string pickup = generate_kiosk_code(KioskCodeKind::pickup, random);
  const std::string lot = generate_kiosk_code(KioskCodeKind::lot, random);
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  const auto m = classify(lower(member) + "\r\n");
  CHECK(m.kind == CodeKind::member);
  CHECK(m.valid);
  CHECK(to_json(m) == nlohmann::json{{"kind", "member"}, {"valid", true}, {"code", member}});
  const auto p = classify("]C0" + pickup);
  CHECK(p.kind == CodeKind::pickup);
  CHECK(p.valid);
  CHECK(to_json(p).at("code") == pickup);
  CHECK(to_json(p).at("symbology") == "Code 128");
  const auto l = classify(lot);
  CHECK(l.kind == CodeKind::lot);
  CHECK(l.code == lot);
  std::string bad = lot;
  bad.back() = bad.back() == '0' ? '1' : '0';
  const auto lb = classify(bad);
  CHECK(lb.kind == CodeKind::lot);
  CHECK_FALSE(lb.valid);
  CHECK(to_json(lb).at("error").get<std::string>().starts_with("kiosk.bad_check"));
  CHECK_FALSE(to_json(lb).contains("code"));
}

TEST_CASE("a lot code travels in a label's GS1 (10) as 12 digits (16 for older codes) and comes back whole") {
  const std::string zero = *make_kiosk_code(KioskCodeKind::lot, "0000000000");
  CHECK(lot_batch_digits(zero) == "000000000000");
  const std::string top = *make_kiosk_code(KioskCodeKind::lot, "ZZZZZZZZZZ");
  CHECK(lot_batch_digits(top) == "1125899906842623");  // 2^50 - 1: a code issued before lots were short
  CHECK(lot_code_from_batch_digits("1125899906842623") == top);
  // 10^12 - 1 is the last 12-digit batch; 10^12 takes 16.
  const auto last_short = lot_code_from_batch_digits("999999999999");
  REQUIRE(last_short);
  CHECK(lot_batch_digits(*last_short) == "999999999999");
  const auto first_long = lot_code_from_batch_digits("0001000000000000");
  REQUIRE(first_long);
  CHECK(lot_batch_digits(*first_long) == "0001000000000000");
  CHECK_FALSE(lot_code_from_batch_digits("0000999999999999"));  // a short lot in 16 digits: not what labels carry
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200; ++i) {
    const std::string lot = generate_kiosk_code(KioskCodeKind::lot, [&] { return rng(); });
    const auto digits = lot_batch_digits(lot);
    REQUIRE(digits);
    CHECK(lot.substr(3, 2) == "00");
    CHECK(digits->size() == 12);
    CHECK(lot_code_from_batch_digits(*digits) == lot);
    // Read forgivingly, like a scan: lower case and dashes give the same digits.
    std::string typed = lot;
    for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CHECK(lot_batch_digits(typed.substr(0, 3) + "-" + typed.substr(3)) == digits);
  }
  CHECK_FALSE(lot_batch_digits("HPL0000000000X"));  // bad check character
  CHECK_FALSE(lot_batch_digits(*make_kiosk_code(KioskCodeKind::member, "00000000")));
  CHECK_FALSE(lot_code_from_batch_digits("1125899906842624"));  // 2^50: eleven characters
  CHECK_FALSE(lot_code_from_batch_digits("123"));
  CHECK_FALSE(lot_code_from_batch_digits("00000000000000a0"));
}
