// `kioskctl code TEXT` as a technician or a script runs it: one JSON line, exit 0 or 1.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/wait.h>

namespace {

struct Run {
  int exit_code = -1;
  std::string out;
};

// Single-quotes an argument for /bin/sh.
std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') q += "'\\''";
    else q.push_back(c);
  }
  return q + "'";
}

Run kioskctl(const std::string& args) {
  const std::string cmd = std::string(HP_BINARY_DIR "/bin/kioskctl") + " " + args + " 2>/dev/null";
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 512> buf{};
  while (std::fgets(buf.data(), static_cast<int>(buf.size()), p) != nullptr) r.out += buf.data();
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace

TEST_CASE("kioskctl code prints one JSON object per scan") {
  REQUIRE_MESSAGE(std::filesystem::exists(HP_BINARY_DIR "/bin/kioskctl"),
                  "build the kioskctl target before this suite");

  auto r = kioskctl("code 5901234123457");
  CHECK(r.exit_code == 0);
  REQUIRE(r.out.ends_with("\n"));
  CHECK(r.out.find('\n') == r.out.size() - 1);
  CHECK(nlohmann::json::parse(r.out) == nlohmann::json{{"kind", "ean13"}, {"valid", true}});

  r = kioskctl("code " + shell_quote("(01)38425876095074(17)260400(10)123456"));
  CHECK(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j.at("kind") == "gs1");
  CHECK(j.at("ais").at("10") == "123456");

  r = kioskctl("code " + shell_quote("00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C"));
  CHECK(r.exit_code == 0);
  j = nlohmann::json::parse(r.out);
  CHECK(j.at("kind") == "vietqr");
  CHECK(j.at("amount_vnd") == 120000);
  CHECK(j.at("crc_ok") == true);

  r = kioskctl("code EE123456784VN");
  CHECK(r.exit_code == 1);
  j = nlohmann::json::parse(r.out);
  CHECK(j.at("kind") == "s10");
  CHECK(j.at("valid") == false);
  CHECK(j.at("error").get<std::string>().starts_with("s10.bad_check_digit"));

  r = kioskctl("code ''");
  CHECK(r.exit_code == 1);
  CHECK(nlohmann::json::parse(r.out).at("kind") == "unknown");

  // Invalid UTF-8 still yields valid JSON.
  r = kioskctl("code \"$(printf '\\377\\376abc')\"");
  CHECK(r.exit_code == 1);
  CHECK_FALSE(nlohmann::json::parse(r.out, nullptr, false).is_discarded());

  r = kioskctl("code");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
}
