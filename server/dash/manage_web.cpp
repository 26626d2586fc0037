#include "server/dash/manage_web.hpp"

#include <algorithm>

#include "server/dash/farmer_admin.hpp"
#include "server/dash/indicators.hpp"
#include "server/dash/offices.hpp"
#include "server/dash/prices.hpp"
#include "server/dash/reply.hpp"
#include "server/dash/scope.hpp"
#include "server/dash/staff_changes.hpp"
#include "server/dash/web.hpp"
#include "shared/text.hpp"

namespace hp::server::dash {
namespace {

using httplib::Request;
using httplib::Response;
using nlohmann::json;

// An expected failure as the API answers it: bad input 400 (nothing changed), an unknown
// record named in the path 404, a clash with what exists 409; anything else is the storage's.
void send_failure(Response& res, const Error& e, bool id_in_path = false) {
  const std::string& c = e.code;
  auto ends = [&](std::string_view s) { return c.ends_with(s); };
  if (ends(".unknown") || ends(".unknown_schedule"))
    return send_error(res, id_in_path ? 404 : 400, c, e.detail);
  if (ends(".invalid") || ends(".invalid_ttl") || ends(".unknown_product")) return send_error(res, 400, c, e.detail);
  if (ends(".exists") || ends(".username_taken") || ends(".already_applied")) return send_error(res, 409, c, e.detail);
  send_storage_error(res, e);
}

// A string field of the body, or nullopt when missing or not a string.
std::optional<std::string> text(const json& b, const char* key) {
  auto it = b.find(key);
  if (it == b.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}
std::optional<std::int64_t> integer(const json& b, const char* key) {
  auto it = b.find(key);
  if (it == b.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<std::int64_t>();
}

json po_json(const PostOffice& p) { return {{"id", p.id}, {"name", p.name}, {"unit_id", p.unit_id}}; }

bool whole_city(const auth::Staff& s) { return s.role == "city" || s.role == "admin"; }

}  // namespace

std::optional<ManageApi::Call> ManageApi::begin(const Request& req, Response& res,
                                                std::initializer_list<const char*> roles, bool changes) {
  auto s = dash_.signed_in(req, res);
  if (!s) return std::nullopt;
  if (changes && !dash_.checked(req, res, *s)) return std::nullopt;
  if (std::none_of(roles.begin(), roles.end(), [&](const char* r) { return s->staff.role == r; })) {
    send_error(res, 403, "scope.forbidden", "your role may not do this");
    return std::nullopt;
  }
  json body;
  if (changes) {
    if (!req.get_header_value("Content-Type").starts_with("application/json")) {
      send_error(res, 415, "request.content_type", "send Content-Type: application/json");
      return std::nullopt;
    }
    body = json::parse(req.body.empty() ? "{}" : req.body, nullptr, false);
    if (!body.is_object()) {
      send_error(res, 400, "request.malformed", "the body is a JSON object");
      return std::nullopt;
    }
  }
  return Call{*s, std::move(body), Actor{s->staff.id, clock_.now()}};
}

void ManageApi::page(const Request& req, Response& res) {
  (void)req;
  dash_.page_file("manage.html", res);
}

// Post offices and kiosks: the administrator's (the technician who sets up counters).

void ManageApi::post_offices(const Request& req, Response& res) {
  auto c = begin(req, res, {"admin"}, false);
  if (!c) return;
  auto pos = load_post_offices(db_);
  if (!pos) return send_storage_error(res, pos.error());
  json out = json::array();
  for (const auto& p : *pos) out.push_back(po_json(p));
  send(res, 200, {{"post_offices", std::move(out)}});
}

void ManageApi::add_post_office(const Request& req, Response& res) {
  auto c = begin(req, res, {"admin"}, true);
  if (!c) return;
  auto id = text(c->body, "id"), name = text(c->body, "name");
  if (!id || !name) return send_error(res, 400, "request.malformed", "send {id, name, unit_id}");
  auto po = dash::add_post_office(db_, {*id, *name, text(c->body, "unit_id").value_or("")}, c->who);
  if (!po) return send_failure(res, po.error());
  send(res, 201, po_json(*po));
}

void ManageApi::edit_post_office(const Request& req, Response& res) {
  auto c = begin(req, res, {"admin"}, true);
  if (!c) return;
  auto name = text(c->body, "name");
  if (!name) return send_error(res, 400, "request.malformed", "send {name, unit_id}");
  auto po = dash::edit_post_office(db_, req.matches[1], *name, text(c->body, "unit_id"), c->who);
  if (!po) return send_failure(res, po.error(), true);
  send(res, 200, po_json(*po));
}

void ManageApi::kiosks(const Request& req, Response& res) {
  auto c = begin(req, res, {"admin"}, false);
  if (!c) return;
  auto ks = list_kiosks(db_);
  if (!ks) return send_storage_error(res, ks.error());
  send(res, 200, {{"kiosks", std::move(*ks)}});
}

void ManageApi::enrol_code(const Request& req, Response& res) {
  auto c = begin(req, res, {"admin"}, true);
  if (!c) return;
  auto po = text(c->body, "post_office_id");
  auto ttl = c->body.contains("ttl_seconds") ? integer(c->body, "ttl_seconds") : kDefaultEnrolTtlSeconds;
  if (!po || !ttl) return send_error(res, 400, "request.malformed", "send {post_office_id, ttl_seconds}");
  auto code = issue_enrol_code(db_, *po, *ttl, c->who);
  if (!code) return send_failure(res, code.error());
  // Shown once: the centre keeps only its hash.
  send(res, 201, {{"code", code->code}, {"post_office_id", code->post_office_id}, {"expires_at", code->expires_at}});
}

void ManageApi::revoke(const Request& req, Response& res) {
  auto c = begin(req, res, {"admin"}, true);
  if (!c) return;
  auto k = revoke_kiosk(db_, req.matches[1], c->who);
  if (!k) return send_failure(res, k.error(), true);
  send(res, 200, *k);
}

// Staff accounts: the administrator's alone.

void ManageApi::staff_list(const Request& req, Response& res) {
  auto c = begin(req, res, {"admin"}, false);
  if (!c) return;
  auto all = staff_.accounts();
  if (!all) return send_storage_error(res, all.error());
  json out = json::array();
  for (const auto& s : *all) out.push_back(auth::to_json(s));
  send(res, 200, {{"staff", std::move(out)}});
}

void ManageApi::staff_add(const Request& req, Response& res) {
  auto c = begin(req, res, {"admin"}, true);
  if (!c) return;
  auto username = text(c->body, "username"), name = text(c->body, "display_name"), role = text(c->body, "role"),
       password = text(c->body, "password");
  if (!username || !name || !role || !password)
    return send_error(res, 400, "request.malformed", "send {username, display_name, role, unit_id, post_office_id, password}");
  const auth::NewStaff n{to_nfc(trim(*username)), to_nfc(trim(*name)), *role, text(c->body, "unit_id").value_or(""),
                         text(c->body, "post_office_id").value_or("")};
  auto added = add_staff(staff_, db_, n, *password, ids_.next(), c->who);
  if (!added) return send_failure(res, added.error());
  send(res, 201, auth::to_json(auth::Account{*added, std::nullopt}));
}

void ManageApi::staff_role(const Request& req, Response& res) {
  auto c = begin(req, res, {"admin"}, true);
  if (!c) return;
  auto role = text(c->body, "role");
  if (!role) return send_error(res, 400, "request.malformed", "send {role, unit_id, post_office_id}");
  const std::string id = req.matches[1];
  // An administrator cannot demote themselves: the last one would lock everyone out.
  if (id == c->session.staff.id && *role != "admin")
    return send_error(res, 400, "staff.invalid", "you cannot change your own role");
  auto changed = change_staff_role(staff_, db_, id, *role, text(c->body, "unit_id").value_or(""),
                                   text(c->body, "post_office_id").value_or(""), c->who);
  if (!changed) return send_failure(res, changed.error(), true);
  send(res, 200, auth::to_json(*changed));
}

void ManageApi::staff_disable(const Request& req, Response& res) {
  auto c = begin(req, res, {"admin"}, true);
  if (!c) return;
  const std::string id = req.matches[1];
  if (id == c->session.staff.id) return send_error(res, 400, "staff.invalid", "you cannot disable your own account");
  auto done = disable_staff(staff_, db_, id, c->who);
  if (!done) return send_failure(res, done.error(), true);
  send(res, 200, auth::to_json(*done));
}

// Prices with effective dates: the city association's and the administrator's.

void ManageApi::prices(const Request& req, Response& res) {
  // Today's prices are the products' (GET /api/v1/dash/products); this is what waits.
  auto c = begin(req, res, {"city", "admin"}, false);
  if (!c) return;
  auto schedule = price_schedule(db_);
  if (!schedule) return send_storage_error(res, schedule.error());
  send(res, 200, {{"schedule", std::move(*schedule)}});
}

void ManageApi::schedule_price(const Request& req, Response& res) {
  auto c = begin(req, res, {"city", "admin"}, true);
  if (!c) return;
  auto product = text(c->body, "product_id"), grade = text(c->body, "grade"), date = text(c->body, "effective_date");
  auto price = integer(c->body, "price_vnd");
  if (!product || !grade || !price || !date)
    return send_error(res, 400, "request.malformed", "send {product_id, grade, price_vnd, effective_date}");
  auto s = dash::schedule_price(db_, ids_.next(), {*product, *grade, *price}, *date, c->who);
  if (!s) return send_failure(res, s.error());
  send(res, 201, *s);
}

void ManageApi::cancel_price(const Request& req, Response& res) {
  auto c = begin(req, res, {"city", "admin"}, true);
  if (!c) return;
  if (auto st = cancel_scheduled_price(db_, req.matches[1], c->who); !st) return send_failure(res, st.error(), true);
  send(res, 200, {{"id", req.matches[1]}, {"cancelled", true}});
}

// Farmers: everyone, within their scope.

void ManageApi::farmers(const Request& req, Response& res) {
  auto c = begin(req, res, {"city", "admin", "district", "commune", "post_office"}, false);
  if (!c) return;
  auto units = UnitTree::load(db_);
  auto pos = load_post_offices(db_);
  if (!units || !pos) return send_storage_error(res, !units ? units.error() : pos.error());
  auto scope = scope_for(c->session.staff, *pos, *units, "", "");
  if (!scope) return send_error(res, 403, scope.error().code, scope.error().detail);
  const std::string q = req.get_param_value("q");
  if (q.size() > 100) return send_error(res, 400, "request.malformed", "q has at most 100 characters");
  auto found = search_farmers(db_, *scope, whole_city(c->session.staff), q);
  if (!found) return send_storage_error(res, found.error());
  send(res, 200, {{"farmers", std::move(*found)}, {"limit", kFarmerPage}});
}

void ManageApi::edit_farmer(const Request& req, Response& res) {
  auto c = begin(req, res, {"city", "admin", "district", "commune", "post_office"}, true);
  if (!c) return;
  for (const char* k : {"phone", "branch", "cooperative"})
    if (c->body.contains(k) && !c->body[k].is_string())
      return send_error(res, 400, "request.malformed", std::string(k) + " is a string");
  auto units = UnitTree::load(db_);
  auto pos = load_post_offices(db_);
  if (!units || !pos) return send_storage_error(res, !units ? units.error() : pos.error());
  auto scope = scope_for(c->session.staff, *pos, *units, "", "");
  if (!scope) return send_error(res, 403, scope.error().code, scope.error().detail);
  auto f = dash::edit_farmer(db_, *scope, whole_city(c->session.staff), req.matches[1],
                             {text(c->body, "phone"), text(c->body, "branch"), text(c->body, "cooperative")}, c->who);
  if (!f) return send_failure(res, f.error(), true);
  send(res, 200, *f);
}

// Indicators: read by all (the overview names them), edited by the city and administrators.

void ManageApi::indicators(const Request& req, Response& res) {
  auto c = begin(req, res, {"city", "admin", "district", "commune", "post_office"}, false);
  if (!c) return;
  auto all = list_indicators(db_);
  if (!all) return send_storage_error(res, all.error());
  json measures = json::array();
  for (const char* m : kMeasures) measures.push_back(m);
  send(res, 200, {{"indicators", std::move(*all)}, {"measures", std::move(measures)}});
}

namespace {
std::optional<Indicator> indicator_of(const json& b, const std::string& id) {
  auto vi = text(b, "label_vi"), en = text(b, "label_en"), measure = text(b, "measure");
  auto from = integer(b, "active_from");
  if (!vi || !en || !measure || !from) return std::nullopt;
  return Indicator{id, *vi, *en, *measure, *from};
}
}  // namespace

void ManageApi::add_indicator(const Request& req, Response& res) {
  auto c = begin(req, res, {"city", "admin"}, true);
  if (!c) return;
  auto id = text(c->body, "id");
  auto in = id ? indicator_of(c->body, *id) : std::nullopt;
  if (!in) return send_error(res, 400, "request.malformed", "send {id, label_vi, label_en, measure, active_from}");
  auto saved = save_indicator(db_, *in, true, c->who);
  if (!saved) return send_failure(res, saved.error());
  send(res, 201, {{"id", saved->id}, {"label_vi", saved->label_vi}, {"label_en", saved->label_en},
                  {"measure", saved->measure}, {"active_from", saved->active_from}});
}

void ManageApi::edit_indicator(const Request& req, Response& res) {
  auto c = begin(req, res, {"city", "admin"}, true);
  if (!c) return;
  auto in = indicator_of(c->body, req.matches[1]);
  if (!in) return send_error(res, 400, "request.malformed", "send {label_vi, label_en, measure, active_from}");
  auto saved = save_indicator(db_, *in, false, c->who);
  if (!saved) return send_failure(res, saved.error(), true);
  send(res, 200, {{"id", saved->id}, {"label_vi", saved->label_vi}, {"label_en", saved->label_en},
                  {"measure", saved->measure}, {"active_from", saved->active_from}});
}

void ManageApi::audit(const Request& req, Response& res) {
  auto c = begin(req, res, {"city", "admin"}, false);
  if (!c) return;
  int limit = 100;
  if (req.has_param("limit")) {
    const std::string v = req.get_param_value("limit");
    if (v.empty() || v.size() > 4 || !std::all_of(v.begin(), v.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) ||
        std::stoi(v) < 1 || std::stoi(v) > 1000)
      return send_error(res, 400, "request.malformed", "limit is 1 to 1000");
    limit = std::stoi(v);
  }
  auto rows = audit_list(db_, limit);
  if (!rows) return send_storage_error(res, rows.error());
  send(res, 200, {{"audit", std::move(*rows)}});
}

void ManageApi::install(httplib::Server& server) {
  using H = void (ManageApi::*)(const Request&, Response&);
  auto h = [this](H f) { return [this, f](const Request& req, Response& res) { (this->*f)(req, res); }; };
  const std::string api = "/api/v1/dash/manage";
  const std::string id = R"(([A-Za-z0-9_.-]{1,64}))";
  server.Get("/dash/manage", h(&ManageApi::page));
  server.Get(api + "/post-offices", h(&ManageApi::post_offices));
  server.Post(api + "/post-offices", h(&ManageApi::add_post_office));
  server.Post(api + "/post-offices/" + id, h(&ManageApi::edit_post_office));
  server.Get(api + "/kiosks", h(&ManageApi::kiosks));
  server.Post(api + "/enrol-codes", h(&ManageApi::enrol_code));
  server.Post(api + "/kiosks/" + id + "/revoke", h(&ManageApi::revoke));
  server.Get(api + "/staff", h(&ManageApi::staff_list));
  server.Post(api + "/staff", h(&ManageApi::staff_add));
  server.Post(api + "/staff/" + id, h(&ManageApi::staff_role));
  server.Post(api + "/staff/" + id + "/disable", h(&ManageApi::staff_disable));
  server.Get(api + "/prices", h(&ManageApi::prices));
  server.Post(api + "/prices", h(&ManageApi::schedule_price));
  server.Post(api + "/prices/" + id + "/cancel", h(&ManageApi::cancel_price));
  server.Get(api + "/farmers", h(&ManageApi::farmers));
  server.Post(api + "/farmers/" + id, h(&ManageApi::edit_farmer));
  server.Get(api + "/indicators", h(&ManageApi::indicators));
  server.Post(api + "/indicators", h(&ManageApi::add_indicator));
  server.Post(api + "/indicators/" + id, h(&ManageApi::edit_indicator));
  server.Get(api + "/audit", h(&ManageApi::audit));
}

}  // namespace hp::server::dash
