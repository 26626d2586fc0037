// The operations page's routes (docs/dashboard.md "Operations"): /dash/ops, the kiosk list,
// the conflicts queue and the merge. Every role sees the kiosks of its own scope; merging
// is for administrators, the city association and technicians.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/dash/fleet.hpp"
#include "server/dash/web.hpp"
#include "shared/text.hpp"

namespace hp::server::dash {
namespace {

using httplib::Request;
using httplib::Response;
using nlohmann::json;

// The same headers as the rest of the dashboard (web.cpp).
constexpr const char* kCsp =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

void headers(Response& res) {
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "same-origin");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Content-Security-Policy", kCsp);
  res.set_header("Cache-Control", "no-store");
}

void send(Response& res, int status, const json& body) {
  headers(res);
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void send_error(Response& res, int status, std::string_view code, std::string_view message) {
  send(res, status, {{"error", {{"code", code}, {"message", message}}}});
}

// The whole city: farmers the centre registered itself (no kiosk) are in view.
bool whole_city(const auth::Staff& s) {
  return s.role == "city" || s.role == "admin" ||
         (s.role == "technician" && s.unit_id.empty() && s.post_office_id.empty());
}

}  // namespace

void Dashboard::ops_page(const Request&, Response& res) {
  std::ifstream in(std::filesystem::path(assets_) / "web" / "ops.html", std::ios::binary);
  if (!in) return send_error(res, 500, "server.assets", "assets/web/ops.html is missing");
  std::ostringstream body;
  body << in.rdbuf();
  headers(res);
  res.set_header("Cache-Control", "no-cache");
  res.set_content(body.str(), "text/html; charset=utf-8");
}

// The signed-in user's scope, narrowed by ?post_office= when asked; nullopt with the error sent.
static std::optional<Scope> ops_scope(SqlDb& db, const auth::Staff& staff, const Request& req, Response& res) {
  auto units = UnitTree::load(db);
  auto pos = load_post_offices(db);
  if (!units || !pos) {
    send_error(res, 500, "server.error", "storage failed: " + (!units ? units.error().code : pos.error().code));
    return std::nullopt;
  }
  auto scope = scope_for(staff, *pos, *units, req.get_param_value("unit"), req.get_param_value("post_office"));
  if (!scope) {
    send_error(res, 403, scope.error().code, scope.error().detail);
    return std::nullopt;
  }
  return std::move(*scope);
}

void Dashboard::ops_kiosks(const Request& req, Response& res) {
  auto s = signed_in(req, res);
  if (!s) return;
  auto scope = ops_scope(db_, s->staff, req, res);
  if (!scope) return;
  auto out = dash::ops_kiosks(db_, *scope, clock_.now());
  if (!out) return send_error(res, 500, "server.error", "storage failed: " + out.error().code);
  (*out)["may_merge"] = may_merge(s->staff);
  send(res, 200, *out);
}

void Dashboard::ops_conflicts(const Request& req, Response& res) {
  auto s = signed_in(req, res);
  if (!s) return;
  auto scope = ops_scope(db_, s->staff, req, res);
  if (!scope) return;
  auto out = farmer_conflicts(db_, *scope, whole_city(s->staff) && req.get_param_value("post_office").empty() &&
                                               req.get_param_value("unit").empty());
  if (!out) return send_error(res, 500, "server.error", "storage failed: " + out.error().code);
  (*out)["may_merge"] = may_merge(s->staff);
  send(res, 200, *out);
}

void Dashboard::ops_merge(const Request& req, Response& res) {
  auto s = signed_in(req, res);
  if (!s || !checked(req, res, *s)) return;
  if (!may_merge(s->staff))
    return send_error(res, 403, "scope.forbidden", "only administrators, the city association and technicians merge farmers");
  if (!req.get_header_value("Content-Type").starts_with("application/json"))
    return send_error(res, 415, "request.content_type", "send Content-Type: application/json");
  const json b = json::parse(req.body, nullptr, false);
  if (!b.is_object() || !b.value("keep_id", json()).is_string() || !b.value("duplicate_id", json()).is_string())
    return send_error(res, 400, "request.malformed", "send {keep_id, duplicate_id}");
  auto scope = ops_scope(db_, s->staff, req, res);
  if (!scope) return;
  auto done = merge_farmers(db_, *scope, whole_city(s->staff), s->staff, trim(b["keep_id"].get<std::string>()),
                            trim(b["duplicate_id"].get<std::string>()), clock_.now());
  if (!done) {
    const auto& e = done.error();
    if (e.code == "merge.invalid") return send_error(res, 422, e.code, e.detail);
    if (e.code == "scope.forbidden") return send_error(res, 403, e.code, e.detail);
    return send_error(res, 500, "server.error", "storage failed: " + e.code);
  }
  send(res, 200, *done);
}

void Dashboard::install_ops(httplib::Server& server) {
  using H = void (Dashboard::*)(const Request&, Response&);
  auto h = [this](H f) { return [this, f](const Request& req, Response& res) { (this->*f)(req, res); }; };
  server.Get("/dash/ops", h(&Dashboard::ops_page));
  server.Get("/api/v1/dash/ops/kiosks", h(&Dashboard::ops_kiosks));
  server.Get("/api/v1/dash/ops/conflicts", h(&Dashboard::ops_conflicts));
  server.Post("/api/v1/dash/ops/merge", h(&Dashboard::ops_merge));
}

}  // namespace hp::server::dash
