#include "server/api/api.hpp"

#include <chrono>
#include <regex>
#include <set>

#include "server/api/push_parse.hpp"
#include "server/crypto.hpp"
#include "shared/codes/agent_code.hpp"
#include "shared/codes/package_label.hpp"
#include "shared/text.hpp"

namespace hp::server {
namespace {

using nlohmann::json;
using httplib::Request;
using httplib::Response;

constexpr std::int64_t kClockWarnMs = 5 * 60 * 1000;
constexpr std::int64_t kHoldMs = 7LL * 24 * 3600 * 1000;

// Small answers go uncompressed: cpp-httplib gzips every JSON answer to a client that accepts
// gzip, and setting up a deflate stream (about 256 kB of state) costs more than it saves on a
// few hundred bytes, many times a second under a fleet's pulls. cpp-httplib 0.11 compresses
// the type "application/json" only when spelt exactly so; the same type with its charset
// parameter opts out.
constexpr std::size_t kCompressFrom = 1024;

void send(Response& res, int status, const json& body) {
  res.status = status;
  std::string text = body.dump();
  const bool small = text.size() < kCompressFrom;
  res.set_content(std::move(text), small ? "application/json; charset=utf-8" : "application/json");
}

void send_error(Response& res, int status, std::string_view code, std::string_view message) {
  send(res, status, {{"error", {{"code", code}, {"message", message}}}});
}

// Storage failures are the server's, never the client's: 503 while busy, 500 otherwise.
void send_storage_error(Response& res, const Error& e) {
  if (e.code == "db.locked") return send_error(res, 503, "server.unavailable", "storage busy; retry later");
  send_error(res, 500, "server.error", "storage failed: " + e.code);
}

// The JSON body of a request; on failure the error is already sent.
// The size and type every JSON body must have; false when an error was sent.
bool body_acceptable(const Request& req, Response& res) {
  if (req.body.size() > kMaxBody) {
    send_error(res, 413, "request.too_large", "a body holds at most 8 MiB");
    return false;
  }
  const std::string type = req.get_header_value("Content-Type");
  if (!type.starts_with("application/json")) {
    send_error(res, 415, "request.content_type", "send Content-Type: application/json");
    return false;
  }
  return true;
}

std::optional<json> body_json(const Request& req, Response& res, bool optional = false) {
  if (req.body.empty() && optional) return json::object();
  if (!body_acceptable(req, res)) return std::nullopt;
  json j = json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    send_error(res, 400, "request.malformed", "the body is not a JSON object");
    return std::nullopt;
  }
  return j;
}

std::string bearer(const Request& req) {
  const std::string h = req.get_header_value("Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  return h.starts_with(kPrefix) ? h.substr(kPrefix.size()) : std::string();
}

const json* field(const json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

// A required non-empty string field; on failure the error is sent.
std::optional<std::string> text_field(const json& j, const char* key, Response& res) {
  const json* v = field(j, key);
  if (!v) {
    send_error(res, 400, "request.missing_field", std::string(key) + " is required");
    return std::nullopt;
  }
  if (!v->is_string()) {
    send_error(res, 400, "request.malformed", std::string(key) + " must be a string");
    return std::nullopt;
  }
  return to_nfc(trim(v->get<std::string>()));
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

json order_status_view(const json& rec) {
  json v = {{"id", rec["id"]},
            {"external_ref", rec.value("external_ref", json(nullptr))},
            {"post_office_id", rec["post_office_id"]},
            {"pickup_code", rec["pickup_code"]},
            {"status", rec["status"]},
            {"collected_at", rec.value("collected_at", json(nullptr))},
            {"review", rec.value("review", json(nullptr))}};
  // Where each package is (docs/packages.md), and what the buyer refused.
  if (auto it = rec.find("packages"); it != rec.end()) v["packages"] = *it;
  if (auto it = rec.find("refusals"); it != rec.end()) v["refusals"] = *it;
  return v;
}

}  // namespace

std::optional<KioskAuth> Api::kiosk(const Request& req, Response& res) {
  const std::string token = bearer(req);
  if (token.starts_with("hpa_")) {
    send_error(res, 403, "auth.wrong_kind", "a platform API key cannot call kiosk endpoints");
    return std::nullopt;
  }
  if (!token.starts_with("hpk_")) {
    send_error(res, 401, "auth.invalid", "send Authorization: Bearer <kiosk credential>");
    return std::nullopt;
  }
  auto k = storage_.kiosk_by_credential(sha256_hex(token));
  if (!k) {
    send_storage_error(res, k.error());
    return std::nullopt;
  }
  if (!*k) {
    send_error(res, 401, "auth.invalid", "unknown credential");
    return std::nullopt;
  }
  if ((*k)->revoked) {
    send_error(res, 401, "auth.revoked", "this kiosk's credential was revoked; enrol again");
    return std::nullopt;
  }
  const UtcMillis now = clock_.now();
  metrics_.kiosk_seen((*k)->kiosk_id, now / 1000);
  seen_.saw((*k)->kiosk_id, now);  // in memory; written every few seconds, not per request
  return **k;
}

std::optional<std::string> Api::platform(const Request& req, Response& res) {
  const std::string token = bearer(req);
  if (token.starts_with("hpk_")) {
    send_error(res, 403, "auth.wrong_kind", "a kiosk credential cannot call platform endpoints");
    return std::nullopt;
  }
  if (!token.starts_with("hpa_")) {
    send_error(res, 401, "auth.invalid", "send Authorization: Bearer <API key>");
    return std::nullopt;
  }
  auto p = storage_.platform_by_key(sha256_hex(token));
  if (!p) {
    send_storage_error(res, p.error());
    return std::nullopt;
  }
  if (!*p) {
    send_error(res, 401, "auth.invalid", "unknown API key");
    return std::nullopt;
  }
  return **p;
}

void Api::enrol(const Request& req, Response& res) {
  auto body = body_json(req, res);
  if (!body) return;
  auto code = text_field(*body, "code", res);
  if (!code) return;
  auto opt_text = [&](const char* k) {
    const json* v = field(*body, k);
    return v && v->is_string() ? to_nfc(trim(v->get<std::string>())) : std::string();
  };
  const std::string credential = "hpk_" + random_token(32);
  NewKiosk k{.id = ids_.next(), .credential_hash = sha256_hex(credential), .name = opt_text("name"),
             .app_version = opt_text("app_version")};
  const UtcMillis now = clock_.now();
  auto po = storage_.enrol(sha256_hex(normalize_enrol_code(*code)), k, now);
  if (!po) {
    const auto& e = po.error();
    if (e.code == "enrol.code_unknown") return send_error(res, 401, e.code, e.detail);
    if (e.code == "enrol.code_used") return send_error(res, 409, e.code, e.detail);
    if (e.code == "enrol.code_expired") return send_error(res, 410, e.code, e.detail);
    return send_storage_error(res, e);
  }
  send(res, 201,
       {{"kiosk_id", k.id},
        {"credential", credential},
        {"post_office_id", po->id},
        {"post_office_name", po->name},
        {"server_time_ms", now}});
}

void Api::push(const Request& req, Response& res) {
  auto k = kiosk(req, res);
  if (!k) return;
  if (!body_acceptable(req, res)) {
    ++metrics_.batches_refused;
    return;
  }
  auto parsed = parse_push(req.body);
  if (auto* err = std::get_if<BatchError>(&parsed)) {
    ++metrics_.batches_refused;
    return send_error(res, err->status, err->code, err->message);
  }
  auto& events = std::get<std::vector<ParsedEvent>>(parsed);
  std::vector<PushEvent> valid;
  for (auto& e : events)
    if (auto* ev = std::get_if<PushEvent>(&e.value)) valid.push_back(std::move(*ev));  // only the id is read later
  std::vector<EventAck> stored_acks;
  if (!valid.empty()) {
    auto acks = storage_.push(*k, valid, clock_.now());
    if (!acks) return send_storage_error(res, acks.error());
    stored_acks = std::move(*acks);
  }
  json results = json::array();
  int stored = 0, dup = 0, refused = 0;
  std::size_t next = 0;
  for (const auto& e : events) {
    const EventAck a = std::holds_alternative<PushEvent>(e.value) ? stored_acks[next++] : std::get<EventAck>(e.value);
    json r = {{"id", e.id}, {"status", a.status}};
    if (a.status >= 400) {
      r["error"] = {{"code", a.code}, {"message", a.message}};
      ++refused;
    } else if (a.status == 201) {
      ++stored;
    } else {
      ++dup;
    }
    results.push_back(std::move(r));
  }
  metrics_.events_stored += stored;
  metrics_.events_duplicate += dup;
  metrics_.events_refused += refused;
  send(res, 200,
       {{"results", std::move(results)},
        {"stored", stored},
        {"duplicates", dup},
        {"refused", refused},
        {"server_time_ms", clock_.now()}});
}

void Api::pull(const Request& req, Response& res) {
  auto k = kiosk(req, res);
  if (!k) return;
  auto body = body_json(req, res, true);
  if (!body) return;
  std::optional<Cursor> cursor;
  if (const json* c = field(*body, "cursor"); c && !c->is_null()) {
    if (!c->is_string()) return send_error(res, 400, "request.malformed", "cursor must be a string or null");
    cursor = parse_cursor(c->get<std::string>());  // unparsable: a snapshot, as for an unknown cursor
  }
  int limit = 500;
  if (const json* l = field(*body, "limit"); l && !l->is_null()) {
    if (!l->is_number_integer() || l->get<std::int64_t>() < 1 || l->get<std::int64_t>() > 1000)
      return send_error(res, 400, "pull.bad_limit", "limit must be an integer from 1 to 1000");
    limit = l->get<int>();
  }
  const UtcMillis now = clock_.now();
  std::optional<std::int64_t> offset;
  if (const json* st = field(*body, "state"); st && !st->is_null()) {
    if (!st->is_object()) return send_error(res, 400, "request.malformed", "state must be an object");
    json state = json::object();
    for (const char* key : {"app_version", "unsent_count", "oldest_unsent_ms", "devices", "pull_interval_ms",
                            "dead_letters", "review_flags"})
      if (const json* v = field(*st, key)) state[key] = *v;
    if (const json* t = field(*st, "kiosk_time_ms"); t && t->is_number_integer()) {
      offset = t->get<std::int64_t>() - now;
      state["clock_offset_s"] = *offset / 1000;
    }
    if (auto r = storage_.report_state(k->kiosk_id, state, now); !r) return send_storage_error(res, r.error());
  }
  auto page = storage_.pull(k->post_office_id, cursor, limit);
  if (!page) return send_storage_error(res, page.error());
  json changes = json::array();
  for (auto& c : page->changes) changes.push_back({{"entity", c.entity}, {"id", c.id}, {"data", std::move(c.data)}});
  send(res, 200,
       {{"cursor", format_cursor(page->next)},
        {"reset", page->reset},
        {"more", page->more},
        {"server_time_ms", now},
        {"clock_offset_ms", offset ? json(*offset) : json(nullptr)},
        {"clock_warning", offset && (*offset > kClockWarnMs || *offset < -kClockWarnMs)},
        {"changes", std::move(changes)}});
}

void Api::create_order(const Request& req, Response& res) {
  auto p = platform(req, res);
  if (!p) return;
  auto body = body_json(req, res);
  if (!body) return;
  auto ref = text_field(*body, "external_ref", res);
  if (!ref) return;
  auto po = text_field(*body, "post_office_id", res);
  if (!po) return;
  auto buyer = text_field(*body, "buyer_name", res);
  if (!buyer) return;
  auto phone = text_field(*body, "buyer_phone", res);
  if (!phone) return;
  const json* cod = field(*body, "cash_on_delivery");
  const json* due = field(*body, "amount_due_vnd");
  const json* items = field(*body, "items");
  if (!cod || !due || !items)
    return send_error(res, 400, "request.missing_field", "cash_on_delivery, amount_due_vnd and items are required");
  if (!cod->is_boolean() || !due->is_number_integer() || !items->is_array())
    return send_error(res, 400, "request.malformed",
                      "cash_on_delivery is a boolean, amount_due_vnd an integer, items an array");
  if (ref->empty() || ref->size() > 100) return send_error(res, 422, "order.invalid", "external_ref: 1..100 characters");
  if (buyer->empty()) return send_error(res, 422, "order.invalid", "buyer_name is empty");
  if (phone->size() < 9 || phone->size() > 11 || !all_digits(*phone))
    return send_error(res, 422, "order.invalid", "buyer_phone: 9 to 11 digits");
  const std::int64_t amount_due = due->get<std::int64_t>();
  if (amount_due < 0) return send_error(res, 422, "order.invalid", "amount_due_vnd is negative");
  if (!cod->get<bool>() && amount_due != 0)
    return send_error(res, 422, "order.invalid", "amount_due_vnd must be 0 when cash_on_delivery is false");
  if (items->empty() || items->size() > 100) return send_error(res, 422, "order.invalid", "items: 1 to 100");
  json clean_items = json::array();
  std::int64_t total = 0;
  for (const auto& it : *items) {
    if (!it.is_object()) return send_error(res, 400, "request.malformed", "every item is an object");
    auto name = text_field(it, "name", res);
    if (!name) return;
    auto qty = text_field(it, "quantity_text", res);
    if (!qty) return;
    const json* amount = field(it, "amount_vnd");
    if (!amount) return send_error(res, 400, "request.missing_field", "items[].amount_vnd is required");
    if (!amount->is_number_integer()) return send_error(res, 400, "request.malformed", "amount_vnd must be an integer");
    if (name->empty() || qty->empty() || amount->get<std::int64_t>() < 0)
      return send_error(res, 422, "order.invalid", "an item needs a name, a quantity_text and amount_vnd >= 0");
    total += amount->get<std::int64_t>();
    clean_items.push_back({{"name", *name}, {"quantity_text", *qty}, {"amount_vnd", amount->get<std::int64_t>()}});
  }
  // Packages (optional, docs/packages.md): each label a UPU S10 with a right check digit or
  // the kiosk's own crate code, once per order, holding item lines the order has.
  json clean_packages = json::array();
  if (const json* pk = field(*body, "packages"); pk && !pk->is_null()) {
    if (!pk->is_array()) return send_error(res, 400, "request.malformed", "packages must be an array");
    if (pk->size() > 50) return send_error(res, 422, "order.invalid", "packages: at most 50");
    std::set<std::string> seen;
    for (const auto& it : *pk) {
      if (!it.is_object()) return send_error(res, 400, "request.malformed", "every package is an object");
      auto code = text_field(it, "code", res);
      if (!code) return;
      auto label = codes::package_label(*code);
      if (!label) return send_error(res, 422, "order.invalid", "package " + *code + ": " + label.error().detail);
      if (!seen.insert(*label).second) return send_error(res, 422, "order.invalid", "package " + *label + " is listed twice");
      json lines = json::array();
      if (const json* li = field(it, "items"); li && !li->is_null()) {
        if (!li->is_array()) return send_error(res, 400, "request.malformed", "packages[].items must be an array");
        for (const auto& n : *li) {
          if (!n.is_number_integer() || n.get<std::int64_t>() < 0 ||
              n.get<std::int64_t>() >= static_cast<std::int64_t>(clean_items.size()))
            return send_error(res, 422, "order.invalid", "package " + *label + " names an item line the order does not have");
          lines.push_back(n.get<std::int64_t>());
        }
      }
      clean_packages.push_back({{"code", *label}, {"items", std::move(lines)}});
    }
  }
  // The sales agent who sold the order (optional, docs/agents.md): credited once it is collected.
  std::string agent;
  if (const json* ag = field(*body, "agent_code"); ag && !ag->is_null()) {
    if (!ag->is_string()) return send_error(res, 400, "request.malformed", "agent_code must be a string");
    auto code = codes::agent_code(trim(ag->get<std::string>()));
    if (!code) return send_error(res, 422, "order.invalid", "agent_code: DL- and 4 to 9 digits, e.g. DL-0001");
    agent = *code;
  }
  // The idempotency fingerprint: the cleaned fields the order is made of (keys sorted by
  // nlohmann's object order), so formatting and unknown fields do not count as a change.
  json canonical = {{"external_ref", *ref},   {"post_office_id", *po},    {"buyer_name", *buyer},
                    {"buyer_phone", *phone},  {"cash_on_delivery", *cod}, {"amount_due_vnd", amount_due},
                    {"items", clean_items}};
  if (!clean_packages.empty()) canonical["packages"] = clean_packages;
  if (!agent.empty()) canonical["agent_code"] = agent;
  const UtcMillis now = clock_.now();
  json record = {{"post_office_id", *po},
                 {"external_ref", *ref},
                 {"buyer_name", *buyer},
                 {"buyer_phone", *phone},
                 {"status", "ready"},
                 {"cash_on_delivery", cod->get<bool>()},
                 {"amount_due_vnd", amount_due},
                 {"total_vnd", total},
                 {"shelf", ""},
                 {"hold_until", now + kHoldMs},
                 {"collected_at", nullptr},
                 {"items", clean_items},
                 {"review", nullptr}};
  if (!clean_packages.empty()) record["packages"] = std::move(clean_packages);
  if (!agent.empty()) record["agent_code"] = agent;
  auto made = storage_.create_order(
      NewOrder{*p, *ref, *po, sha256_hex(canonical.dump()), std::move(record)}, now);
  if (!made) {
    const auto& e = made.error();
    if (e.code == "order.unknown_post_office" || e.code == "order.external_ref_reused")
      return send_error(res, 422, e.code, e.detail);
    return send_storage_error(res, e);
  }
  const json& r = made->record;
  send(res, made->created ? 201 : 200,
       {{"id", r["id"]},
        {"pickup_code", r["pickup_code"]},
        {"status", r["status"]},
        {"external_ref", r["external_ref"]},
        {"post_office_id", r["post_office_id"]}});
}

void Api::cancel_order(const Request& req, Response& res) {
  auto p = platform(req, res);
  if (!p) return;
  auto body = body_json(req, res, true);
  if (!body) return;
  std::string reason;
  if (const json* r = field(*body, "reason"); r && r->is_string()) reason = to_nfc(trim(r->get<std::string>()));
  auto done = storage_.cancel_order(*p, req.matches[1], reason, clock_.now());
  if (!done) {
    const auto& e = done.error();
    if (e.code == "order.not_found") return send_error(res, 404, e.code, e.detail);
    if (e.code == "order.not_cancellable") {
      send(res, 409, {{"error", {{"code", e.code}, {"message", e.detail}}}, {"status", e.detail.substr(13)}});
      return;
    }
    return send_storage_error(res, e);
  }
  send(res, 200, {{"id", (*done)["id"]}, {"status", (*done)["status"]}});
}

void Api::order_status(const Request& req, Response& res) {
  auto p = platform(req, res);
  if (!p) return;
  auto o = storage_.order(*p, req.matches[1]);
  if (!o) return send_storage_error(res, o.error());
  if (!*o) return send_error(res, 404, "order.not_found", "no order " + std::string(req.matches[1]));
  send(res, 200, order_status_view(**o));
}

void Api::order_by_ref(const Request& req, Response& res) {
  auto p = platform(req, res);
  if (!p) return;
  if (!req.has_param("external_ref"))
    return send_error(res, 400, "request.missing_field", "external_ref is required");
  auto o = storage_.order_by_ref(*p, req.get_param_value("external_ref"));
  if (!o) return send_storage_error(res, o.error());
  if (!*o) return send_error(res, 404, "order.not_found", "no order with that external_ref");
  send(res, 200, order_status_view(**o));
}

void Api::bank_notification(const Request& req, Response& res) {
  if (!body_acceptable(req, res)) return;
  if (auto ok = verify_bank_signature(bank_keys_, req.get_header_value("X-HP-Key-Id"),
                                      req.get_header_value("X-HP-Timestamp"), req.get_header_value("X-HP-Signature"),
                                      req.body, clock_.now());
      !ok)
    return send_error(res, 401, ok.error().code, ok.error().detail);
  auto notice = parse_bank_notice(req.body);
  if (!notice) {
    const auto& e = notice.error();
    return send_error(res, e.code == "bank.invalid" ? 422 : 400, e.code, e.detail);
  }
  json data = json::parse(req.body);
  BankNotification n{.key_name = req.get_header_value("X-HP-Key-Id"),
                     .transaction_id = notice->transaction_id,
                     .body_hash = sha256_hex(data.dump()),
                     .amount_vnd = notice->amount_vnd,
                     .pickup_codes = pickup_codes_in(notice->description),
                     .data = std::move(data)};
  auto outcome = storage_.record_bank_notification(n, clock_.now());
  if (!outcome) {
    if (outcome.error().code == "bank.txn_reused") return send_error(res, 422, outcome.error().code, outcome.error().detail);
    return send_storage_error(res, outcome.error());
  }
  json answer = {{"transaction_id", n.transaction_id}, {"status", outcome->status}};
  if (!outcome->order_id.empty()) answer["order_id"] = outcome->order_id;
  if (!outcome->reason.empty()) answer["reason"] = outcome->reason;
  send(res, 200, answer);
}

void Api::install(httplib::Server& server) {
  using Handler = void (Api::*)(const Request&, Response&);
  auto timed = [this](Handler h) {
    return [this, h](const Request& req, Response& res) {
      const auto start = std::chrono::steady_clock::now();
      (this->*h)(req, res);
      metrics_.request(res.status, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    };
  };
  server.set_payload_max_length(kMaxBody);
  // Answers are small and follow a request: Nagle plus delayed ACKs would hold each ~40 ms.
  server.set_tcp_nodelay(true);
  server.Post("/api/v1/enrol", timed(&Api::enrol));
  // --fail-sync: a failure injected before the kiosk's request is even authenticated, as an
  // overloaded or broken node behind a balancer would answer.
  auto failing = [this](auto handler) {
    return [this, handler](const Request& req, Response& res) {
      if (fail_left_.load() > 0 && fail_left_.fetch_sub(1) > 0) {
        if (fail_status_ == 503) res.set_header("Retry-After", "1");
        send_error(res, fail_status_, fail_status_ == 503 ? "server.unavailable" : "server.error",
                   "failure injected by --fail-sync (fault tests)");
        metrics_.request(res.status, 0);
        return;
      }
      handler(req, res);
    };
  };
  server.Post("/api/v1/push", failing(timed(&Api::push)));
  server.Post("/api/v1/pull", failing(timed(&Api::pull)));
  server.Post("/api/v1/orders", timed(&Api::create_order));
  server.Get("/api/v1/orders", timed(&Api::order_by_ref));
  server.Post(R"(/api/v1/orders/([^/]{1,100})/cancel)", timed(&Api::cancel_order));
  server.Get(R"(/api/v1/orders/([^/]{1,100}))", timed(&Api::order_status));
  server.Post("/api/v1/bank/notifications", timed(&Api::bank_notification));
  server.Get("/healthz", [this](const Request&, Response& res) {
    if (auto s = storage_.ping(); !s) return send_error(res, 503, "server.unavailable", "storage: " + s.error().code);
    send(res, 200, {{"status", "ok"}});
  });
  server.Get("/metrics", [this](const Request&, Response& res) {
    res.set_content(metrics_.render(), "text/plain; version=0.0.4");
  });
  // Everything else: a JSON 404 (unknown version or endpoint) or 405.
  auto fallback = [](const Request& req, Response& res) {
    static const std::regex kVersion(R"(^/api/v(\d+)(/.*)?$)");
    std::smatch m;
    if (std::regex_match(req.path, m, kVersion) && m[1] != "1")
      return send_error(res, 404, "api.unknown_version", "this server speaks /api/v1");
    static const std::regex kKnown(R"(^/api/v1/(enrol|push|pull|orders.*|bank/notifications)$|^/healthz$|^/metrics$)");
    if (std::regex_match(req.path, kKnown)) return send_error(res, 405, "api.method", "wrong method for " + req.path);
    send_error(res, 404, "api.not_found", "no endpoint " + req.path);
  };
  server.Get(".*", fallback);
  server.Post(".*", fallback);
  server.Put(".*", fallback);
  server.Delete(".*", fallback);
  server.Patch(".*", fallback);
  server.set_error_handler(httplib::Server::HandlerWithResponse([](const Request&, Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    if (res.status == 413) send_error(res, 413, "request.too_large", "a body holds at most 8 MiB");
    else if (res.status == 400) send_error(res, 400, "request.malformed", "malformed HTTP request");
    else send_error(res, res.status, "api.error", "HTTP " + std::to_string(res.status));
    return httplib::Server::HandlerResponse::Handled;
  }));
  server.set_exception_handler([](const Request&, Response& res, std::exception_ptr) {
    send_error(res, 500, "server.error", "internal error");
  });
}

}  // namespace hp::server
