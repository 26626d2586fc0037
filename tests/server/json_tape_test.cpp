// The push path's JSON reader (server/api/json_tape.hpp) against nlohmann::json, the reader
// everything else at the centre uses: on every input both must agree on whether it is JSON
// and on what it says, apart from the three refusals the tape adds on purpose.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include <nlohmann/json.hpp>

#include "server/api/json_tape.hpp"

using hp::server::JsonTape;
using nlohmann::json;

namespace {

// The tape's reading of node i, as a nlohmann value.
json to_json(const JsonTape& t, JsonTape::Index i) {
  switch (t.type(i)) {
    case JsonTape::Type::Null: return nullptr;
    case JsonTape::Type::True: return true;
    case JsonTape::Type::False: return false;
    case JsonTape::Type::Number:
      if (auto v = t.int64(i)) return *v;
      return json::parse(t.raw(i));
    case JsonTape::Type::String: return *t.string(i);
    case JsonTape::Type::Array: {
      json a = json::array();
      for (auto e : t.elements(i)) a.push_back(to_json(t, e));
      return a;
    }
    case JsonTape::Type::Object: {
      json o = json::object();
      JsonTape::Index k = i + 1;
      for (std::uint32_t m = 0; m < t.node(i).size; ++m) {
        o[*t.string(k)] = to_json(t, k + 1);
        CHECK(t.find(i, *t.string(k)) == k + 1);
        k = t.node(k + 1).after;
      }
      return o;
    }
  }
  return nullptr;
}

bool refused_on_purpose(const hp::Error& e) {
  return e.detail.find("appears twice") != std::string::npos || e.detail.find("nesting deeper") != std::string::npos;
}

// Both readers on one input; returns whether it was accepted.
bool agree(const std::string& text) {
  const json n = json::parse(text, nullptr, false);
  auto t = JsonTape::parse(text);
  INFO("input: " << text);
  if (!t) {
    CHECK(t.error().code == "request.malformed");
    CHECK(t.error().detail.find("at byte") != std::string::npos);
    if (!n.is_discarded()) CHECK(refused_on_purpose(t.error()));
    return false;
  }
  REQUIRE_FALSE(n.is_discarded());
  CHECK(to_json(*t, JsonTape::root()) == n);
  return true;
}

const std::string kBatch =
    R"({"events": [{"id": "01924f80-0000-7000-8000-000000000001", "seq": 1, "kind": "dropoff.committed",)"
    R"( "schema_version": 1, "entity_id": "d1", "kiosk_time_ms": 1733000000000, "payload": {"id": "d1",)"
    R"( "farmer_id": "f1", "total": 44000, "note": "V\u1ea3i thi\u1ec1u \"lo\u1ea1i 1\"\n\ud83c\udf4f",)"
    R"( "name": "Nguyễn Thị Hoa", "ratio": -1.5e-3, "ok": true, "none": null, "items": [{"id": "i1",)"
    R"( "net_mg": 1250000, "pieces": 0}, {"id": "i2", "net_mg": 0, "tags": [[], {}, [1, [2, [3]]]]}]}}]})";

}  // namespace

TEST_CASE("json tape: a real push body reads the same as nlohmann's, payload bytes kept as sent") {
  CHECK(agree(kBatch));
  auto t = JsonTape::parse(kBatch);
  REQUIRE(t);
  auto events = t->find(JsonTape::root(), "events");
  REQUIRE(events);
  auto first = t->elements(*events).at(0);
  auto payload = t->find(first, "payload");
  REQUIRE(payload);
  CHECK(t->raw(*payload).starts_with(R"({"id": "d1", "farmer_id": "f1")"));
  CHECK(json::parse(t->raw(*payload)) == json::parse(kBatch)["events"][0]["payload"]);
  CHECK(t->string(*t->find(*payload, "name")) == "Nguyễn Thị Hoa");
  CHECK(t->string(*t->find(*payload, "note")) == "Vải thiều \"loại 1\"\n\xF0\x9F\x8D\x8F");
  CHECK(t->string_equals(*t->find(*payload, "note"), "Vải thiều \"loại 1\"\n\xF0\x9F\x8D\x8F"));
  CHECK_FALSE(t->find(*payload, "missing"));
  CHECK_FALSE(t->find(*t->find(*payload, "items"), "id"));  // not an object
}

TEST_CASE("json tape: hand-picked inputs, accepted and refused as nlohmann does") {
  const char* accepted[] = {"{}", "[]", " {\"a\" : [ 1 , 2 ] } ", "0", "-0", "\"\"", "null", "true", "1e5", "-12.5E-2",
                            R"({"a":{"b":{"c":[true,false,null]}}})", R"(["\u00e9", "\/", "\b\f\n\r\t"])",
                            "{\"k\":\"\xE1\xBB\x87\"}", "\"\xF4\x8F\xBF\xBF\"", "1e-400", "123456789012345678901234567890"};
  for (const char* in : accepted) CHECK(agree(in));
  const char* refused[] = {"", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "01", "1.", ".5", "-",
                           "1e", "+1", "tru", "nul", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"",
                           "\"\\ud800\\u0041\"", "\"a\tb\"", "{} {}", "[1] x", "NaN", "[\"\xC0\x80\"]",
                           "[\"\xED\xA0\x80\"]", "[\"\xF5\x80\x80\x80\"]", "[\"\xE1\xBB\"]", "[\"\x80\"]",
                           "\"\xF4\x90\x80\x80\"", "\"\xE0\x80\xAF\"", "1e400", "-1e400",
                           "[1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000]"};
  for (const char* in : refused) CHECK_FALSE(agree(in));
}

TEST_CASE("json tape: refusals of its own: a key twice, nesting past the limit, both stated") {
  for (const char* dup : {R"({"a":1,"a":2})", R"({"a":1,"b":2,"\u0061":3})", R"([{"x":{"id":1,"id":1}}])"}) {
    auto t = JsonTape::parse(dup);
    REQUIRE_FALSE(t);
    CHECK(t.error().detail.find("appears twice") != std::string::npos);
  }
  const auto nested = [](int depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  CHECK(JsonTape::parse(nested(JsonTape::kMaxDepth)));
  auto deep = JsonTape::parse(nested(JsonTape::kMaxDepth + 1));
  REQUIRE_FALSE(deep);
  CHECK(deep.error().detail.find("nesting deeper than 64") != std::string::npos);
  // A body of nothing but brackets ends in a message, not a blown stack.
  CHECK_FALSE(JsonTape::parse(std::string(1 << 20, '[')));
  CHECK_FALSE(JsonTape::parse(std::string(1 << 20, '{')));
}

TEST_CASE("json tape: integers are read only when integral and within 64 bits") {
  auto t = JsonTape::parse(R"([9223372036854775807, -9223372036854775808, 9223372036854775808, 1.0, 1e3, -0, 42])");
  REQUIRE(t);
  auto e = t->elements(JsonTape::root());
  CHECK(t->int64(e[0]) == INT64_MAX);
  CHECK(t->int64(e[1]) == INT64_MIN);
  CHECK_FALSE(t->int64(e[2]));
  CHECK_FALSE(t->int64(e[3]));
  CHECK_FALSE(t->int64(e[4]));
  CHECK(t->int64(e[5]) == 0);
  CHECK(t->int64(e[6]) == 42);
}

TEST_CASE("json tape: 20,000 mutations of a push body: the two readers agree on each") {
  std::mt19937 rng(20261202);
  const std::string alphabet = "{}[]\",:\\/ u0123456789aeE.-+tfnl\x80\xC3\xA9\xED\xF0\t\n";
  int accepted = 0, refused = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string s = kBatch;
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < edits; ++k) {
      const std::size_t at = rng() % s.size();
      switch (rng() % 4) {
        case 0: s[at] = alphabet[rng() % alphabet.size()]; break;
        case 1: s.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
        case 2: s.erase(at, 1 + rng() % 4); break;
        default: s.resize(at); break;
      }
      if (s.empty()) s = "x";
    }
    (agree(s) ? accepted : refused)++;
  }
  // Both outcomes must be common, or the comparison proved nothing.
  CHECK(accepted > 1000);
  CHECK(refused > 1000);
}
