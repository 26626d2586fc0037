// Every entry of tests/vectors/emv_vietqr.json.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "shared/codes/classify.hpp"
#include "shared/codes/emv_qr.hpp"
#include "shared/codes/vietqr.hpp"
#include "tests/support/test_support.hpp"

using namespace hp::codes;
using nlohmann::json;

namespace {

std::string first_word(const std::string& s) { return s.substr(0, s.find(' ')); }

std::vector<EmvObject> objects(std::string_view data) {
  auto o = parse_emv_objects(data);
  REQUIRE_MESSAGE(o.has_value(), (o ? "" : o.error().detail));
  return *o;
}

std::string value_of(const std::vector<EmvObject>& objs, std::string_view id) {
  const EmvObject* o = find_object(objs, id);
  REQUIRE_MESSAGE(o != nullptr, std::string(id));
  return o->value;
}

// "decoded" keys name EMV objects (or paths into templates); each is checked against the
// generic TLV reading of the payload.
void check_decoded_tlv(const std::string& payload, const json& decoded) {
  const auto top = objects(payload);
  for (const auto& [key, want] : decoded.items()) {
    CAPTURE(key);
    if (key == "poi") CHECK(value_of(top, "01") == first_word(want.get<std::string>()));
    else if (key == "mcc") CHECK(value_of(top, "52") == want.get<std::string>());
    else if (key == "currency") CHECK(value_of(top, "53") == want.get<std::string>());
    else if (key == "amount") CHECK(value_of(top, "54") == want.get<std::string>());
    else if (key == "55_tip_indicator") CHECK(value_of(top, "55") == want.get<std::string>());
    else if (key == "country") CHECK(value_of(top, "58") == want.get<std::string>());
    else if (key == "merchant_name") CHECK(value_of(top, "59") == want.get<std::string>());
    else if (key == "city") CHECK(value_of(top, "60") == want.get<std::string>());
    else if (key == "guid") CHECK(value_of(objects(value_of(top, "38")), "00") == want.get<std::string>());
    else if (key == "service") CHECK(value_of(objects(value_of(top, "38")), "02") == first_word(want.get<std::string>()));
    else if (key == "bin") {
      // The first vector's tag 38/01 is malformed (spec erratum); the BIN is still the
      // first inner object.
      const std::string beneficiary = value_of(objects(value_of(top, "38")), "01");
      CHECK(beneficiary.substr(0, 4) == "0006");
      CHECK(beneficiary.substr(4, 6) == want.get<std::string>());
    } else if (key == "account") {
      CHECK(value_of(objects(value_of(objects(value_of(top, "38")), "01")), "01") == want.get<std::string>());
    } else if (key == "62_01_bill_number") CHECK(value_of(objects(value_of(top, "62")), "01") == want.get<std::string>());
    else if (key == "62_08_purpose") CHECK(value_of(objects(value_of(top, "62")), "08") == want.get<std::string>());
    else if (key == "amount_vnd") CHECK(std::stoll(value_of(top, "54")) == want.get<std::int64_t>());
    else if (key == "62" || key == "64") {
      const auto inner = objects(value_of(top, key));
      for (const auto& [id, v] : want.items()) CHECK(value_of(inner, id) == v.get<std::string>());
    } else {
      FAIL("decoded key not understood by the test: " << key);
    }
  }
}

std::vector<std::string> top_ids(const std::string& payload) {
  std::vector<std::string> ids;
  for (const auto& o : objects(payload)) ids.push_back(o.id);
  return ids;
}

}  // namespace

TEST_CASE("emv_vietqr.json: CRC check value") {
  CHECK(crc_hex(crc16_ccitt_false("123456789")) == "29B1");
}

TEST_CASE("emv_vietqr.json: payloads") {
  const json v = hp::test::load_vectors("emv_vietqr.json");
  REQUIRE(!v.at("vectors").empty());
  for (const auto& t : v.at("vectors")) {
    const std::string payload = t.at("payload");
    CAPTURE(payload);
    const json& decoded = t.at("decoded");
    // CRC over the UTF-8 bytes up to and including "6304".
    const std::string crc = t.at("crc_tag63");
    CHECK(payload.substr(payload.size() - 8) == "6304" + crc);
    CHECK(crc_hex(crc16_ccitt_false(std::string_view(payload).substr(0, payload.size() - 4))) == crc);
    CHECK(emv_crc_ok(payload) == t.at("crc_verified").get<bool>());
    check_decoded_tlv(payload, decoded);

    const auto q = parse_vietqr(payload);
    const auto c = classify(payload);
    CHECK(c.kind == CodeKind::vietqr);
    CHECK(c.crc_ok == t.at("crc_verified").get<bool>());
    const std::string note = t.value("note", "");
    if (note.find("should reject") != std::string::npos) {
      // The spec's own example with the tag 38/01 length erratum.
      REQUIRE_FALSE(q.has_value());
      CHECK(q.error().code == "vietqr.truncated");
      CHECK_FALSE(c.valid);
      CHECK(to_json(c).at("crc_ok") == true);
      continue;
    }
    const bool napas = decoded.contains("bin");
    if (!napas) {
      // An EMVCo QR from another scheme: well formed, CRC fine, but not a VietQR.
      REQUIRE_FALSE(q.has_value());
      CHECK(q.error().code == "vietqr.not_vietqr");
      CHECK_FALSE(c.valid);
      continue;
    }
    REQUIRE_MESSAGE(q.has_value(), (q ? "" : q.error().detail));
    CHECK(q->crc_ok);
    CHECK(c.valid);
    CHECK(q->bank_bin == decoded.at("bin").get<std::string>());
    if (decoded.contains("account")) CHECK(q->account == decoded.at("account").get<std::string>());
    if (decoded.contains("amount_vnd")) CHECK(q->amount_vnd == decoded.at("amount_vnd").get<std::int64_t>());
    else CHECK_FALSE(q->amount_vnd.has_value());
    if (decoded.contains("62_08_purpose")) CHECK(q->purpose == decoded.at("62_08_purpose").get<std::string>());
    if (decoded.contains("poi")) CHECK(q->dynamic == (first_word(decoded.at("poi")) == "12"));

    const json j = to_json(c);
    CHECK(j.at("bank_bin") == q->bank_bin);
    CHECK(j.at("account") == q->account);
    CHECK(j.at("crc_ok") == true);
    CHECK(j.contains("amount_vnd") == q->amount_vnd.has_value());
    CHECK(j.contains("purpose") == q->purpose.has_value());

    // Building the same request gives a payload that reads back the same; where the vector
    // uses the NAPAS object order and no extra objects, it is the vector byte for byte.
    VietQrRequest r{q->bank_bin, q->account, q->service == "QRIBFTTC", q->amount_vnd, q->purpose};
    const auto built = build_vietqr(r);
    REQUIRE(built.has_value());
    const auto back = read_vietqr(*built);
    REQUIRE(back.has_value());
    CHECK(back->bank_bin == q->bank_bin);
    CHECK(back->account == q->account);
    CHECK(back->amount_vnd == q->amount_vnd);
    CHECK(back->purpose == q->purpose);
    if (top_ids(*built) == top_ids(payload) && !q->bill_number &&
        (q->dynamic == q->amount_vnd.has_value()))
      CHECK(*built == payload);

    // One changed character anywhere before the CRC is caught.
    std::string bad = payload;
    bad[20] = bad[20] == '1' ? '2' : '1';
    CHECK_FALSE(classify(bad).valid);
  }
}

TEST_CASE("VietQR: build, and the errors a payload can have") {
  const auto s = build_vietqr({"970423", "0099999999", false, std::nullopt, std::nullopt});
  REQUIRE(s.has_value());
  CHECK(*s == "00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4");
  const auto card = build_vietqr({"970423", "9704230000000001", true, 50000, "HP PK7K2M9QX4B"});
  REQUIRE(card.has_value());
  const auto rc = read_vietqr(*card);
  REQUIRE(rc.has_value());
  CHECK(rc->service == "QRIBFTTC");
  CHECK(rc->dynamic);
  CHECK(rc->amount_vnd == 50000);

  CHECK(build_vietqr({"97042", "1", false, {}, {}}).error().code == "vietqr.bin");
  CHECK(build_vietqr({"970423", "", false, {}, {}}).error().code == "vietqr.account");
  CHECK(build_vietqr({"970423", "12", false, 0, {}}).error().code == "vietqr.amount");
  CHECK(build_vietqr({"970423", "12", false, {}, "thanh toán"}).error().code == "vietqr.purpose");
  CHECK(build_vietqr({"970423", "12", false, {}, std::string(26, 'a')}).error().code == "vietqr.purpose");

  const std::string good = *s;
  CHECK(read_vietqr(good.substr(0, good.size() - 1) + "5").error().code == "vietqr.bad_crc");
  CHECK(parse_vietqr(good.substr(0, good.size() - 1) + "5")->crc_ok == false);
  CHECK(parse_vietqr(good.substr(0, 30)).error().code == "vietqr.truncated");
  CHECK(parse_vietqr("00020101021138XX").error().code == "vietqr.malformed");
  CHECK(parse_vietqr("000201010211").error().code == "vietqr.no_crc");
  CHECK(parse_vietqr("").error().code == "vietqr.malformed");
  // Lower-case CRC hex is accepted.
  std::string lower = good;
  for (std::size_t i = lower.size() - 4; i < lower.size(); ++i)
    lower[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(lower[i])));
  CHECK(read_vietqr(lower).has_value());

  auto with_crc = [](std::string body) {
    body += "6304";
    return body + crc_hex(crc16_ccitt_false(body));
  };
  const std::string m38 = "38540010A00000072701240006970423011000999999990208QRIBFTTA";
  CHECK(parse_vietqr(with_crc("000201010211" + m38 + "5303840")).error().code == "vietqr.currency");
  CHECK(parse_vietqr(with_crc("000201010211" + m38 + "5802TH")).error().code == "vietqr.country");
  CHECK(parse_vietqr(with_crc("000201010212" + m38 + "540512.50")).error().code == "vietqr.amount");
  CHECK(parse_vietqr(with_crc("000201010212" + m38 + "540612.000"))->amount_vnd == 12);
  CHECK(parse_vietqr(with_crc("000201010211" + std::string("38540010A000000728") + m38.substr(18)))
            .error().code == "vietqr.not_vietqr");
  // Invalid UTF-8 inside a value.
  CHECK(parse_vietqr(with_crc("000201010211" + m38 + "6203\xFF\xFE\xFD")).error().code ==
        "vietqr.malformed");
}
