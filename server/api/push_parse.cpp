#include "server/api/push_parse.hpp"

#include <array>

#include "shared/ids.hpp"

namespace hp::server {
namespace {

using nlohmann::json;

struct KindRule {
  std::string_view kind;
  std::string_view entity_field;  // the payload field entity_id must equal
  bool concerns_order;            // the payload's order_id must be an order of the kiosk's post office
};
constexpr std::array kKinds{
    KindRule{"farmer.registered", "id", false}, KindRule{"dropoff.committed", "id", false},
    KindRule{"pickup.recorded", "id", true},    KindRule{"order.unlocked", "order_id", true},
    KindRule{"order.returned", "order_id", true},   KindRule{"audit.appended", "id", false},
};

EventAck refuse(int status, std::string code, std::string message) {
  return EventAck{status, std::move(code), std::move(message)};
}

bool is_text(const json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() && !it->get_ref<const std::string&>().empty();
}

// Integer fields the centre reads must be integers when present.
bool int_if_present(const json& o, const char* key) {
  auto it = o.find(key);
  return it == o.end() || it->is_null() || it->is_number_integer();
}

std::optional<EventAck> check_payload(const KindRule& rule, const PushEvent& e) {
  const json& p = e.payload;
  if (!is_text(p, std::string(rule.entity_field).c_str()))
    return refuse(422, "event.bad_payload", "payload." + std::string(rule.entity_field) + " is missing");
  if (p[std::string(rule.entity_field)].get<std::string>() != e.entity_id)
    return refuse(422, "event.bad_payload", "entity_id does not match payload." + std::string(rule.entity_field));
  if (rule.kind == "farmer.registered") {
    if (!is_text(p, "name") || !is_text(p, "phone"))
      return refuse(422, "event.bad_payload", "a farmer needs a name and a phone");
    if (!int_if_present(p, "created_at")) return refuse(422, "event.bad_payload", "created_at must be an integer");
  } else if (rule.kind == "dropoff.committed") {
    if (!is_text(p, "farmer_id")) return refuse(422, "event.bad_payload", "a drop-off needs a farmer_id");
    auto it = p.find("items");
    if (it == p.end() || !it->is_array()) return refuse(422, "event.bad_payload", "a drop-off needs an items array");
    for (const auto& item : *it)
      if (!item.is_object() || !is_text(item, "id"))
        return refuse(422, "event.bad_payload", "every drop-off item needs an id");
  } else if (rule.kind == "pickup.recorded") {
    if (!is_text(p, "order_id")) return refuse(422, "event.bad_payload", "a pickup needs an order_id");
    if (!int_if_present(p, "collected_at")) return refuse(422, "event.bad_payload", "collected_at must be an integer");
  } else if (rule.kind == "order.returned") {
    if (!int_if_present(p, "returned_at")) return refuse(422, "event.bad_payload", "returned_at must be an integer");
  } else if (rule.kind == "audit.appended") {
    // Stored whatever its hash says: a break in the chain is something for the centre to flag
    // (docs/audit.md), never a reason to lose the entry.
    auto seq = p.find("seq");
    if (seq == p.end() || !seq->is_number_integer() || seq->get<std::int64_t>() < 1)
      return refuse(422, "event.bad_payload", "an audit entry needs seq >= 1");
    if (!is_text(p, "actor") || !is_text(p, "action") || !is_text(p, "prev_hash") || !is_text(p, "hash"))
      return refuse(422, "event.bad_payload", "an audit entry needs actor, action, prev_hash and hash");
    if (!p.contains("at") || !p["at"].is_number_integer()) return refuse(422, "event.bad_payload", "at must be an integer");
  }
  return std::nullopt;
}

}  // namespace

namespace {

// movable: the same event, when its payload may be moved out instead of copied.
ParsedEvent parse_one(const json& e, json* movable) {
  ParsedEvent out;
  if (!e.is_object()) {
    out.value = refuse(400, "event.malformed", "an event must be an object");
    return out;
  }
  if (auto it = e.find("id"); it != e.end() && it->is_string()) out.id = it->get<std::string>();
  if (!is_uuid(out.id)) {
    out.value = refuse(400, "event.malformed", "id must be a lower-case UUID");
    return out;
  }
  auto seq = e.find("seq");
  auto ver = e.find("schema_version");
  auto at = e.find("kiosk_time_ms");
  auto payload = e.find("payload");
  if (seq == e.end() || !seq->is_number_integer() || seq->get<std::int64_t>() < 1) {
    out.value = refuse(400, "event.malformed", "seq must be an integer >= 1");
    return out;
  }
  if (!is_text(e, "kind") || !is_text(e, "entity_id")) {
    out.value = refuse(400, "event.malformed", "kind and entity_id must be non-empty strings");
    return out;
  }
  if (ver == e.end() || !ver->is_number_integer()) {
    out.value = refuse(400, "event.malformed", "schema_version must be an integer");
    return out;
  }
  if (at == e.end() || !at->is_number_integer()) {
    out.value = refuse(400, "event.malformed", "kiosk_time_ms must be an integer");
    return out;
  }
  if (payload == e.end() || !payload->is_object()) {
    out.value = refuse(400, "event.malformed", "payload must be an object");
    return out;
  }
  PushEvent ev{.id = out.id,
               .seq = seq->get<std::int64_t>(),
               .kind = e["kind"].get<std::string>(),
               .schema_version = 0,
               .entity_id = e["entity_id"].get<std::string>(),
               .kiosk_time_ms = at->get<std::int64_t>(),
               .payload = {},
               .payload_text = {},
               .order_id = {}};
  if (movable)
    ev.payload = std::move((*movable)["payload"]);
  else
    ev.payload = *payload;
  const KindRule* rule = nullptr;
  for (const auto& k : kKinds)
    if (k.kind == ev.kind) rule = &k;
  if (!rule) {
    out.value = refuse(422, "event.unknown_kind", "unknown kind '" + ev.kind + "'");
    return out;
  }
  if (ver->get<std::int64_t>() != 1) {
    out.value = refuse(422, "event.unknown_schema", "schema_version " + ver->dump() + " is not known for " + ev.kind);
    return out;
  }
  ev.schema_version = 1;
  if (auto refused = check_payload(*rule, ev)) {
    out.value = *refused;
    return out;
  }
  if (rule->concerns_order) ev.order_id = ev.payload["order_id"].get<std::string>();
  ev.payload_text = ev.payload.dump();
  out.value = std::move(ev);
  return out;
}

std::variant<std::vector<ParsedEvent>, BatchError> parse_all(const json& body, json* movable) {
  if (!body.is_object()) return BatchError{400, "request.malformed", "the body must be a JSON object"};
  auto it = body.find("events");
  if (it == body.end() || !it->is_array()) return BatchError{400, "request.malformed", "events must be an array"};
  if (it->empty()) return BatchError{400, "request.malformed", "events is empty"};
  if (it->size() > kMaxBatch)
    return BatchError{413, "push.batch_too_large", "a batch holds at most " + std::to_string(kMaxBatch) + " events"};
  std::vector<ParsedEvent> out;
  out.reserve(it->size());
  for (std::size_t i = 0; i < it->size(); ++i)
    out.push_back(parse_one((*it)[i], movable ? &(*movable)["events"][i] : nullptr));
  return out;
}

}  // namespace

ParsedEvent parse_event(const json& e) { return parse_one(e, nullptr); }

std::variant<std::vector<ParsedEvent>, BatchError> parse_push(const json& body) { return parse_all(body, nullptr); }

std::variant<std::vector<ParsedEvent>, BatchError> parse_push(json&& body) { return parse_all(body, &body); }

}  // namespace hp::server
