#include "server/dash/web.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "server/dash/agents.hpp"
#include "server/dash/forecast.hpp"
#include "server/dash/overview.hpp"
#include "server/dash/period.hpp"
#include "server/dash/indicators.hpp"
#include "server/dash/prices.hpp"
#include "server/dash/reply.hpp"
#include "server/dash/report.hpp"
#include "server/dash/scope.hpp"
#include "server/dash/svg.hpp"
#include "server/dash/trace.hpp"
#include "server/dash/units.hpp"
#include "shared/text.hpp"

namespace hp::server::dash {
namespace {

using httplib::Request;
using httplib::Response;
using nlohmann::json;

// __Host-: the browser keeps it only if Secure, Path=/ and no Domain, so no sibling host can
// plant or overwrite it.
constexpr const char* kCookie = "__Host-hp_session";

// The traceability page is one self-contained response: its style is inline, and nothing
// else may load.
constexpr const char* kTraceCsp = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

std::string cookie(const Request& req, std::string_view name) {
  const std::string all = req.get_header_value("Cookie");
  std::size_t at = 0;
  while (at < all.size()) {
    std::size_t end = all.find(';', at);
    if (end == std::string::npos) end = all.size();
    std::string_view part(all.data() + at, end - at);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.starts_with(name) && part.size() > name.size() && part[name.size()] == '=')
      return std::string(part.substr(name.size() + 1));
    at = end + 1;
  }
  return {};
}

bool same_secret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && !a.empty() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

json staff_json(const auth::Staff& s, const UnitTree& units, const std::vector<PostOffice>& pos) {
  std::string po_name;
  for (const auto& p : pos)
    if (p.id == s.post_office_id) po_name = p.name;
  return {{"id", s.id},
          {"username", s.username},
          {"display_name", s.display_name},
          {"role", s.role},
          {"unit_id", s.unit_id.empty() ? json(nullptr) : json(s.unit_id)},
          {"unit_name", s.unit_id.empty() ? json(nullptr) : json(units.name(s.unit_id))},
          {"post_office_id", s.post_office_id.empty() ? json(nullptr) : json(s.post_office_id)},
          {"post_office_name", po_name.empty() ? json(nullptr) : json(po_name)}};
}

std::optional<std::string> read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string content_type(const std::string& name) {
  if (name.ends_with(".html")) return "text/html; charset=utf-8";
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".json")) return "application/json";
  if (name.ends_with(".svg")) return "image/svg+xml";
  if (name.ends_with(".png")) return "image/png";
  return "application/octet-stream";
}

// Vietnamese writes a decimal comma (12,5 kg).
std::string kg_text(std::int64_t mg, bool en) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.1f kg", static_cast<double>(mg) / 1e6);
  std::string s = buf;
  if (!en)
    if (auto dot = s.find('.'); dot != std::string::npos) s[dot] = ',';
  return s;
}

}  // namespace

std::optional<auth::Session> Dashboard::signed_in(const Request& req, Response& res) {
  const std::string token = cookie(req, kCookie);
  if (token.empty()) {
    send_error(res, 401, "auth.required", "sign in first");
    return std::nullopt;
  }
  auto s = staff_.session(token, clock_.now());
  if (!s) {
    send_storage_error(res, s.error());
    return std::nullopt;
  }
  if (!*s) {
    send_error(res, 401, "auth.required", "the session ended; sign in again");
    return std::nullopt;
  }
  return **s;
}

bool Dashboard::checked(const Request& req, Response& res, const auth::Session& s) {
  // The Origin a browser sends must be this server's; then the token only this session's
  // pages hold. Either alone stops a cross-site form; together they also stop a same-site one.
  const std::string origin = req.get_header_value("Origin");
  if (origin.empty() || origin != "https://" + req.get_header_value("Host")) {
    send_error(res, 403, "csrf.origin", "the request does not come from this site");
    return false;
  }
  if (!same_secret(req.get_header_value("X-CSRF-Token"), s.csrf)) {
    send_error(res, 403, "csrf.token", "missing or wrong X-CSRF-Token");
    return false;
  }
  return true;
}

void Dashboard::page(const Request&, Response& res) { page_file("index.html", res); }

void Dashboard::page_file(const std::string& name, Response& res) {
  auto body = read_file(std::filesystem::path(assets_) / "web" / name);
  if (!body) return send_error(res, 500, "server.assets", "assets/web/" + name + " is missing");
  security_headers(res);
  res.set_header("Cache-Control", "no-cache");
  res.set_content(*body, "text/html; charset=utf-8");
}

void Dashboard::static_file(const Request& req, Response& res) {
  const std::string name = req.matches[1];
  // One folder level at most, plain names only: no way out of assets/web.
  static const std::regex kName(R"(^([a-z0-9_-]+/)?[a-z0-9_.-]+\.(html|css|js|json|svg|png)$)");
  if (!std::regex_match(name, kName) || name.find("..") != std::string::npos)
    return send_error(res, 404, "web.not_found", "no file " + name);
  auto body = read_file(std::filesystem::path(assets_) / "web" / name);
  if (!body) return send_error(res, 404, "web.not_found", "no file " + name);
  security_headers(res);
  res.set_header("Cache-Control", "no-cache");
  res.set_content(*body, content_type(name));
}

void Dashboard::login(const Request& req, Response& res) {
  const std::string origin = req.get_header_value("Origin");
  if (origin.empty() || origin != "https://" + req.get_header_value("Host"))
    return send_error(res, 403, "csrf.origin", "the request does not come from this site");
  if (!req.get_header_value("Content-Type").starts_with("application/json"))
    return send_error(res, 415, "request.content_type", "send Content-Type: application/json");
  const json body = json::parse(req.body, nullptr, false);
  if (!body.is_object() || !body.contains("username") || !body.contains("password") || !body["username"].is_string() ||
      !body["password"].is_string())
    return send_error(res, 400, "request.malformed", "send {\"username\", \"password\"}");
  const std::string username = to_nfc(trim(body["username"].get<std::string>()));
  // Bounded before anything is stored or hashed: a megabyte "user name" is no one's.
  if (username.size() > 64 || body["password"].get_ref<const std::string&>().size() > 1024)
    return send_error(res, 400, "request.malformed", "user name or password too long");
  auto s = staff_.login(username, body["password"].get<std::string>(), req.remote_addr, clock_.now());
  if (!s) {
    const auto& e = s.error();
    if (e.code == "auth.throttled") {
      res.set_header("Retry-After", e.detail);
      return send_error(res, 429, e.code, "too many failed sign-ins; wait " + e.detail + " s");
    }
    if (e.code == "auth.bad_credentials") return send_error(res, 401, e.code, e.detail);
    return send_storage_error(res, e);
  }
  res.set_header("Set-Cookie", std::string(kCookie) + "=" + s->token +
                                   "; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=" +
                                   std::to_string(auth::kSessionMs / 1000));
  auto units = UnitTree::load(db_);
  auto pos = load_post_offices(db_);
  if (!units || !pos) return send_storage_error(res, !units ? units.error() : pos.error());
  send(res, 200, {{"user", staff_json(s->staff, *units, *pos)}, {"csrf", s->csrf}});
}

void Dashboard::logout(const Request& req, Response& res) {
  auto s = signed_in(req, res);
  if (!s || !checked(req, res, *s)) return;
  if (auto r = staff_.logout(s->token); !r) return send_storage_error(res, r.error());
  res.set_header("Set-Cookie", std::string(kCookie) + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
  send(res, 200, {{"signed_out", true}});
}

void Dashboard::me(const Request& req, Response& res) {
  auto s = signed_in(req, res);
  if (!s) return;
  auto units = UnitTree::load(db_);
  auto pos = load_post_offices(db_);
  if (!units || !pos) return send_storage_error(res, !units ? units.error() : pos.error());
  send(res, 200, {{"user", staff_json(s->staff, *units, *pos)}, {"csrf", s->csrf}});
}

std::optional<nlohmann::json> Dashboard::scoped_overview(const Request& req, Response& res, const auth::Session& s) {
  auto period = make_period(req.get_param_value("from"), req.get_param_value("to"), clock_.now());
  if (!period) {
    send_error(res, 400, period.error().code, period.error().detail);
    return std::nullopt;
  }
  auto units = UnitTree::load(db_);
  auto pos = load_post_offices(db_);
  if (!units || !pos) {
    send_storage_error(res, !units ? units.error() : pos.error());
    return std::nullopt;
  }
  auto scope = scope_for(s.staff, *pos, *units, req.get_param_value("unit"), req.get_param_value("post_office"));
  if (!scope) {
    send_error(res, 403, scope.error().code, scope.error().detail);
    return std::nullopt;
  }
  auto o = overview(db_, *scope, *units, *period, clock_.now());
  if (!o) {
    send_storage_error(res, o.error());
    return std::nullopt;
  }
  return std::move(*o);
}

void Dashboard::get_overview(const Request& req, Response& res) {
  auto s = signed_in(req, res);
  if (!s) return;
  auto o = scoped_overview(req, res, *s);
  if (!o) return;
  send(res, 200, *o);
}

void Dashboard::get_units(const Request& req, Response& res) {
  auto s = signed_in(req, res);
  if (!s) return;
  auto units = UnitTree::load(db_);
  auto pos = load_post_offices(db_);
  if (!units || !pos) return send_storage_error(res, !units ? units.error() : pos.error());
  auto scope = scope_for(s->staff, *pos, *units, "", "");
  if (!scope) return send_error(res, 403, scope.error().code, scope.error().detail);
  json us = json::array();
  for (const auto& [id, u] : units->all())
    if (unit_in_scope(s->staff, *units, id))
      us.push_back({{"id", id}, {"code", u.code.empty() ? json(nullptr) : json(u.code)}, {"kind", u.kind},
                    {"name", u.name}, {"valid_from", u.valid_from}, {"valid_to", u.valid_to}});
  json ps = json::array();
  for (const auto& p : scope->post_offices) ps.push_back({{"id", p.id}, {"name", p.name}, {"unit_id", p.unit_id}});
  send(res, 200, {{"units", std::move(us)}, {"post_offices", std::move(ps)}});
}

void Dashboard::get_targets(const Request& req, Response& res) {
  auto s = signed_in(req, res);
  if (!s) return;
  const std::string year = req.get_param_value("year");
  if (!std::regex_match(year, std::regex(R"(^20\d\d$)"))) return send_error(res, 400, "targets.year", "year=YYYY");
  auto units = UnitTree::load(db_);
  if (!units) return send_storage_error(res, units.error());
  auto rows = db_.query("SELECT unit_id, indicator, target, updated_at, updated_by FROM dash_targets WHERE year = ?1 "
                        "ORDER BY unit_id, indicator",
                        {static_cast<std::int64_t>(std::stoll(year))});
  if (!rows) return send_storage_error(res, rows.error());
  json out = json::array();
  for (const auto& r : *rows)
    if (unit_in_scope(s->staff, *units, to_text(r[0])))
      out.push_back({{"unit_id", to_text(r[0])}, {"unit_name", units->name(to_text(r[0]))},
                     {"indicator", to_text(r[1])}, {"target", to_int(r[2])}, {"updated_at", to_int(r[3])},
                     {"updated_by", to_text(r[4])}});
  send(res, 200, {{"year", std::stoi(year)}, {"targets", std::move(out)}});
}

void Dashboard::put_target(const Request& req, Response& res) {
  auto s = signed_in(req, res);
  if (!s || !checked(req, res, *s)) return;
  if (s->staff.role != "city" && s->staff.role != "admin")
    return send_error(res, 403, "scope.forbidden", "only the city association and administrators set targets");
  if (!req.get_header_value("Content-Type").starts_with("application/json"))
    return send_error(res, 415, "request.content_type", "send Content-Type: application/json");
  const json b = json::parse(req.body, nullptr, false);
  if (!b.is_object() || !b.value("unit_id", json()).is_string() || !b.value("indicator", json()).is_string() ||
      !b.value("year", json()).is_number_integer() || !b.value("target", json()).is_number_integer())
    return send_error(res, 400, "request.malformed", "send {unit_id, year, indicator, target}");
  const std::string unit = b["unit_id"], indicator = b["indicator"];
  const std::int64_t year = b["year"], target = b["target"];
  auto units = UnitTree::load(db_);
  if (!units) return send_storage_error(res, units.error());
  if (!unit_in_scope(s->staff, *units, unit)) return send_error(res, 422, "targets.invalid", "unknown unit " + unit);
  if (auto st = set_target(db_, unit, year, indicator, target, s->staff.username, Actor{s->staff.id, clock_.now()}); !st) {
    if (st.error().code == "targets.invalid") return send_error(res, 422, st.error().code, st.error().detail);
    return send_storage_error(res, st.error());
  }
  send(res, 200, {{"unit_id", unit}, {"year", year}, {"indicator", indicator}, {"target", target}});
}

void Dashboard::get_products(const Request& req, Response& res) {
  auto s = signed_in(req, res);
  if (!s) return;
  auto rows = db_.query("SELECT data FROM products ORDER BY sku");
  if (!rows) return send_storage_error(res, rows.error());
  json out = json::array();
  for (const auto& r : *rows) {
    json p = json::parse(to_text(r[0]), nullptr, false);
    if (p.is_object()) out.push_back(std::move(p));
  }
  send(res, 200, {{"products", std::move(out)}});
}

void Dashboard::put_price(const Request& req, Response& res) {
  auto s = signed_in(req, res);
  if (!s || !checked(req, res, *s)) return;
  if (s->staff.role != "city" && s->staff.role != "admin")
    return send_error(res, 403, "scope.forbidden", "only the city association and administrators set prices");
  if (!req.get_header_value("Content-Type").starts_with("application/json"))
    return send_error(res, 415, "request.content_type", "send Content-Type: application/json");
  const json b = json::parse(req.body, nullptr, false);
  if (!b.is_object() || !b.value("product_id", json()).is_string() || !b.value("grade", json()).is_string() ||
      !b.value("price_vnd", json()).is_number_integer())
    return send_error(res, 400, "request.malformed", "send {product_id, grade, price_vnd}");
  auto rec = set_price(db_, {b["product_id"], b["grade"], b["price_vnd"]}, Actor{s->staff.id, clock_.now()});
  if (!rec) {
    const auto& e = rec.error();
    if (e.code == "prices.unknown_product" || e.code == "prices.invalid") return send_error(res, 422, e.code, e.detail);
    return send_storage_error(res, e);
  }
  send(res, 200, *rec);
}

void Dashboard::chart(const Request& req, Response& res) {
  auto s = signed_in(req, res);
  if (!s) return;
  const std::string which = req.matches[1];
  const bool en = req.get_param_value("lang") == "en";
  auto o = scoped_overview(req, res, *s);
  if (!o) return;
  std::vector<Bar> bars;
  std::string title;
  if (which == "products") {
    title = en ? "Received by product and grade (kg)" : "Nhận theo sản phẩm và loại (kg)";
    for (const auto& p : (*o)["by_product"])
      bars.push_back({p["name"].get<std::string>() + " · " + (en ? "grade " : "loại ") + p["grade"].get<std::string>(),
                      p["net_mg"].get<double>(), kg_text(p["net_mg"].get<std::int64_t>(), en)});
    std::stable_sort(bars.begin(), bars.end(), [](const Bar& a, const Bar& b) { return a.value > b.value; });
  } else {
    title = en ? "Units ranked by kg received" : "Xếp hạng đơn vị theo kg nhận";
    for (const auto& r : (*o)["ranking"])
      bars.push_back({std::to_string(r["rank"].get<int>()) + ". " + r["name"].get<std::string>(),
                      r["net_mg"].get<double>(), kg_text(r["net_mg"].get<std::int64_t>(), en)});
  }
  security_headers(res);
  res.set_header("Cache-Control", "no-store");
  res.set_content(bar_chart_svg(title, bars), "image/svg+xml");
}

// The yearly report's figures for the signed-in user: the whole year, in scope; on failure
// the error is sent.
namespace {
struct YearFigures {
  json overview;
  std::string scope_label;
  std::string query;
};
}  // namespace

static std::optional<YearFigures> year_figures(SqlDb& db, const auth::Staff& staff, const Request& req, Response& res,
                                               UtcMillis now, bool en) {
  const std::string year = req.has_param("year") ? req.get_param_value("year") : vn_date(now).substr(0, 4);
  if (!std::regex_match(year, std::regex(R"(^20\d\d$)"))) {
    send_error(res, 400, "report.year", "year=YYYY");
    return std::nullopt;
  }
  auto period = make_period(year + "-01-01", year + "-12-31", now);
  auto units = UnitTree::load(db);
  auto pos = load_post_offices(db);
  if (!period || !units || !pos) {
    send_storage_error(res, !period ? period.error() : !units ? units.error() : pos.error());
    return std::nullopt;
  }
  const std::string unit = req.get_param_value("unit"), po = req.get_param_value("post_office");
  auto scope = scope_for(staff, *pos, *units, unit, po);
  if (!scope) {
    send_error(res, 403, scope.error().code, scope.error().detail);
    return std::nullopt;
  }
  auto o = overview(db, *scope, *units, *period, now);
  if (!o) {
    send_storage_error(res, o.error());
    return std::nullopt;
  }
  std::string label = en ? "whole city" : "Toàn thành phố";
  if (!po.empty() || staff.role == "post_office") {
    label = scope->post_offices.empty() ? po : scope->post_offices[0].name;
  } else if (!unit.empty()) {
    label = units->name(unit);
  } else if (!staff.unit_id.empty()) {
    label = units->name(staff.unit_id);
  }
  httplib::Params q{{"year", year}};
  if (!unit.empty()) q.emplace("unit", unit);
  if (!po.empty()) q.emplace("post_office", po);
  return YearFigures{std::move(*o), label, httplib::detail::params_to_query_str(q)};
}

void Dashboard::report(const Request& req, Response& res) {
  auto s = signed_in(req, res);
  if (!s) return;
  const bool en = req.get_param_value("lang") == "en";
  auto f = year_figures(db_, s->staff, req, res, clock_.now(), en);
  if (!f) return;
  security_headers(res);
  res.set_header("Cache-Control", "no-store");
  res.set_content(report_html(f->overview, f->scope_label, f->query, en), "text/html; charset=utf-8");
}

void Dashboard::report_csv(const Request& req, Response& res) {
  auto s = signed_in(req, res);
  if (!s) return;
  auto f = year_figures(db_, s->staff, req, res, clock_.now(), false);
  if (!f) return;
  const std::string table = req.get_param_value("table");
  std::string body = dash::report_csv(f->overview, table);
  if (body.empty()) return send_error(res, 400, "report.table", "table is units, products, post_offices or organisations");
  security_headers(res);
  res.set_header("Cache-Control", "no-store");
  res.set_header("Content-Disposition", "attachment; filename=\"report-" + std::to_string(f->overview["year"].get<int>()) +
                                            "-" + table + ".csv\"");
  res.set_content(body, "text/csv; charset=utf-8");
}

void Dashboard::trace(const Request& req, Response& res) {
  auto page = trace_page(db_, lots_, req.matches[2], req.matches[1], req.get_param_value("lang") == "en");
  if (!page) return send_storage_error(res, page.error());
  security_headers(res, kTraceCsp);
  res.set_header("Cache-Control", "public, max-age=60");
  res.status = page->status;
  res.set_content(page->html, "text/html; charset=utf-8");
}

void Dashboard::trace_short(const Request& req, Response& res) {
  auto gtin = trace_gtin(db_, lots_, req.matches[1]);
  if (!gtin) return send_storage_error(res, gtin.error());
  security_headers(res, kTraceCsp);
  if (*gtin) {
    // The label's old address lands on the GS1 Digital Link of the lot.
    res.set_redirect("/01/" + **gtin + "/10/" + std::string(req.matches[1]), 301);
    return;
  }
  // A product without a GTIN has no Digital Link: the short address shows the page itself.
  auto page = trace_page(db_, lots_, req.matches[1], "", req.get_param_value("lang") == "en");
  if (!page) return send_storage_error(res, page.error());
  res.status = page->status;
  res.set_content(page->html, "text/html; charset=utf-8");
}

// Forecasts (docs/forecast.md): the scope as the overview's (unit, post_office), a product,
// and `at`, a past date the forecasts start from (default today).
void Dashboard::get_forecast(const Request& req, Response& res) {
  auto s = signed_in(req, res);
  if (!s) return;
  const UtcMillis now = clock_.now();
  ForecastRequest fr{req.get_param_value("product"), now};
  static const std::regex kProduct(R"(^[A-Za-z0-9-]{1,64}$)");
  if (req.has_param("product") && !std::regex_match(fr.product_id, kProduct))
    return send_error(res, 400, "forecast.product", "product=<product id>");
  if (req.has_param("at")) {
    const auto at = vn_midnight(req.get_param_value("at"));
    if (!at || *at > now || *at < *vn_midnight("2000-01-01"))
      return send_error(res, 400, "forecast.at", "at=YYYY-MM-DD, a date from 2000 to today");
    fr.at = *at;
  }
  auto units = UnitTree::load(db_);
  auto pos = load_post_offices(db_);
  if (!units || !pos) return send_storage_error(res, !units ? units.error() : pos.error());
  auto scope = scope_for(s->staff, *pos, *units, req.get_param_value("unit"), req.get_param_value("post_office"));
  if (!scope) return send_error(res, 403, scope.error().code, scope.error().detail);
  auto f = forecast(db_, *scope, *units, s->staff, fr);
  if (!f) {
    if (f.error().code == "forecast.product") return send_error(res, 400, f.error().code, f.error().detail);
    return send_storage_error(res, f.error());
  }
  send(res, 200, *f);
}

// Sales agents' credit over a period (docs/agents.md), within the session's scope: drop-offs
// and collected orders of the post offices the staff member sees. Only the city association
// and administrators see the agents' phone numbers (the CLI's agent list).
void Dashboard::get_agents(const Request& req, Response& res) {
  auto s = signed_in(req, res);
  if (!s) return;
  auto period = make_period(req.get_param_value("from"), req.get_param_value("to"), clock_.now());
  if (!period) return send_error(res, 400, period.error().code, period.error().detail);
  auto units = UnitTree::load(db_);
  auto pos = load_post_offices(db_);
  if (!units || !pos) return send_storage_error(res, !units ? units.error() : pos.error());
  auto scope = scope_for(s->staff, *pos, *units, req.get_param_value("unit"), req.get_param_value("post_office"));
  if (!scope) return send_error(res, 403, scope.error().code, scope.error().detail);
  std::set<std::string> seen;
  for (const auto& p : scope->post_offices) seen.insert(p.id);
  auto rows = agent_report(db_, *period, seen);
  if (!rows) return send_storage_error(res, rows.error());
  json out = json::array();
  for (const auto& c : *rows) out.push_back(credit_line(c));
  send(res, 200, {{"from", period->from}, {"to", period->to}, {"agents", std::move(out)}});
}

void Dashboard::install(httplib::Server& server) {
  using H = void (Dashboard::*)(const Request&, Response&);
  auto h = [this](H f) { return [this, f](const Request& req, Response& res) { (this->*f)(req, res); }; };
  server.Get("/", [](const Request&, Response& res) { res.set_redirect("/dash/", 302); });
  server.Get("/dash", [](const Request&, Response& res) { res.set_redirect("/dash/", 302); });
  server.Get("/dash/", h(&Dashboard::page));
  server.Get(R"(/web/(.{1,200}))", h(&Dashboard::static_file));
  server.Post("/api/v1/dash/login", h(&Dashboard::login));
  server.Post("/api/v1/dash/logout", h(&Dashboard::logout));
  server.Get("/api/v1/dash/me", h(&Dashboard::me));
  server.Get("/api/v1/dash/overview", h(&Dashboard::get_overview));
  server.Get("/api/v1/dash/units", h(&Dashboard::get_units));
  server.Get("/api/v1/dash/targets", h(&Dashboard::get_targets));
  server.Post("/api/v1/dash/targets", h(&Dashboard::put_target));
  server.Get(R"(/api/v1/dash/charts/(products|units)\.svg)", h(&Dashboard::chart));
  server.Get("/api/v1/dash/products", h(&Dashboard::get_products));
  server.Post("/api/v1/dash/prices", h(&Dashboard::put_price));
  server.Get("/dash/report", h(&Dashboard::report));
  server.Get("/api/v1/dash/report.csv", h(&Dashboard::report_csv));
  server.Get(R"(/01/(\d{14})/10/([A-Za-z0-9]{1,20}))", h(&Dashboard::trace));
  server.Get(R"(/t/([A-Za-z0-9]{1,20}))", h(&Dashboard::trace_short));
  // Data management (/dash/manage, /api/v1/dash/manage/...): server/dash/manage_web.cpp.
  manage_.install(server);
  // Forecasts (docs/forecast.md).
  server.Get("/api/v1/dash/forecast", h(&Dashboard::get_forecast));
  server.Get("/api/v1/dash/agents", h(&Dashboard::get_agents));
  // Operations (fleet): the kiosk list, alerts and conflicts queue (server/dash/web_ops.cpp).
  install_ops(server);
}

}  // namespace hp::server::dash
