#include "server/dash/reply.hpp"

#include <string>

namespace hp::server::dash {

void security_headers(httplib::Response& res, const char* csp) {
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "same-origin");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Content-Security-Policy", csp);
}

void send(httplib::Response& res, int status, const nlohmann::json& body) {
  security_headers(res);
  res.set_header("Cache-Control", "no-store");
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void send_error(httplib::Response& res, int status, std::string_view code, std::string_view message) {
  send(res, status, {{"error", {{"code", code}, {"message", message}}}});
}

void send_storage_error(httplib::Response& res, const Error& e) {
  send_error(res, 500, "server.error", "storage failed: " + e.code);
}

}  // namespace hp::server::dash
