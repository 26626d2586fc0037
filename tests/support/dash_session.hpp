#pragma once
// A dashboard staff account and a signed-in session against a real kiosk-server, as a browser
// holds it: the session cookie and the CSRF token.
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "tests/support/server_process.hpp"

namespace hp::test {

inline constexpr const char* kDashPassword = "một mật khẩu dài";

inline void add_staff(const Centre& c, const std::string& user, const std::string& role,
                      std::vector<std::string> scope = {}) {
  std::vector<std::string> args{"staff", "add", "--username", user, "--name", "Người " + user, "--role", role};
  args.insert(args.end(), scope.begin(), scope.end());
  const std::string pw = std::string(kDashPassword) + "\n";
  auto r = c.admin_with_input(args, &pw);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
}

struct Dash {
  const Centre& c;
  std::string cookie, csrf;

  Dash(const Centre& centre, const std::string& user) : c(centre) {
    auto cl = c.client();
    httplib::Headers h{{"Origin", origin()}};
    auto r = cl->Post("/api/v1/dash/login", h, nlohmann::json{{"username", user}, {"password", kDashPassword}}.dump(),
                      "application/json");
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
    const std::string set = r->get_header_value("Set-Cookie");
    cookie = set.substr(0, set.find(';'));
    csrf = nlohmann::json::parse(r->body)["csrf"];
  }
  std::string origin() const { return "https://127.0.0.1:" + std::to_string(c.port()); }
  Reply get(const std::string& path) const {
    auto r = c.client()->Get(path.c_str(), httplib::Headers{{"Cookie", cookie}});
    if (!r) return {};
    return {r->status, nlohmann::json::parse(r->body, nullptr, false)};
  }
  Reply post(const std::string& path, const nlohmann::json& body) const {
    auto r = c.client()->Post(path.c_str(), httplib::Headers{{"Cookie", cookie}, {"Origin", origin()}, {"X-CSRF-Token", csrf}},
                              body.dump(), "application/json");
    if (!r) return {};
    return {r->status, nlohmann::json::parse(r->body, nullptr, false)};
  }
};

}  // namespace hp::test
