#pragma once
// How the dashboard's handlers answer: the security headers every page and JSON answer
// carries, and JSON bodies and errors in the API's one shape ({"error": {code, message}}).
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <string_view>

#include "shared/result.hpp"

namespace hp::server::dash {

inline constexpr const char* kPageCsp =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

void security_headers(httplib::Response& res, const char* csp = kPageCsp);
void send(httplib::Response& res, int status, const nlohmann::json& body);
void send_error(httplib::Response& res, int status, std::string_view code, std::string_view message);
void send_storage_error(httplib::Response& res, const Error& e);

}  // namespace hp::server::dash
