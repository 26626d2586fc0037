// `kioskctl scale decode HEX` prints one JSON object that agrees with every scale vector.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/support/test_support.hpp"

namespace {

std::pair<int, std::string> run(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  int rc = pclose(p);
  return {WEXITSTATUS(rc), out};
}

}  // namespace

TEST_CASE("kioskctl scale decode: every vector, and bad input") {
  std::string bin = std::string(HP_BINARY_DIR) + "/bin/kioskctl";
  REQUIRE(std::filesystem::exists(bin));
  auto doc = hp::test::load_vectors("usb_hid_scale.json");
  for (const auto& v : doc["vectors"]) {
    std::string hex = v["report_hex"].get<std::string>();
    CAPTURE(hex);
    auto [rc, out] = run(bin + " scale decode " + hex);
    CHECK(rc == 0);
    auto j = nlohmann::json::parse(out);
    const auto& e = v["expect"];
    CHECK(j["status"] == e["status"]);
    CHECK(j["unit"] == e["unit"]);
    CHECK(j["value"].get<double>() == doctest::Approx(e["value"].get<double>()));
    if (e["grams"].is_null()) CHECK(j["mg"].is_null());
    else CHECK(j["mg"].get<long long>() == std::llround(e["grams"].get<double>() * 1000.0));
  }
  auto [rc, out] = run(bin + " scale decode 0304020000");
  CHECK(rc == 1);
  CHECK(nlohmann::json::parse(out)["error"] == "scale.report_size");
  auto [rc2, out2] = run(bin + " scale decode nothex");
  CHECK(rc2 == 1);
  CHECK(nlohmann::json::parse(out2)["error"] == "scale.hex");
  auto [rc3, out3] = run(bin + " scale decode 2>/dev/null");
  CHECK(rc3 == 2);
  CHECK(out3.empty());
}
