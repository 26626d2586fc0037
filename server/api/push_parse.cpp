#include "server/api/push_parse.hpp"

#include <array>

#include "server/api/json_tape.hpp"
#include "shared/ids.hpp"

namespace hp::server {
namespace {

using nlohmann::json;
using Type = JsonTape::Type;
using Index = JsonTape::Index;

struct KindRule {
  std::string_view kind;
  std::string_view entity_field;  // the payload field entity_id must equal
  bool concerns_order;            // the payload's order_id must be an order of the kiosk's post office
  bool applied;                   // the centre reads its payload when storing it (storage apply)
};
constexpr std::array kKinds{
    KindRule{"farmer.registered", "id", false, true},    KindRule{"dropoff.committed", "id", false, false},
    KindRule{"pickup.recorded", "id", true, true},       KindRule{"order.unlocked", "order_id", true, false},
    KindRule{"order.returned", "order_id", true, true},  KindRule{"audit.appended", "id", false, false},
    KindRule{"lot.moved", "id", false, false},           KindRule{"stock.counted", "id", false, false},
};

bool one_of(std::string_view v, std::initializer_list<std::string_view> allowed) {
  for (auto a : allowed)
    if (a == v) return true;
  return false;
}

EventAck refuse(int status, std::string code, std::string message) {
  return EventAck{status, std::move(code), std::move(message)};
}

// One JSON object of the body, read from the tape.
struct Obj {
  const JsonTape& t;
  Index at;

  std::optional<Index> get(std::string_view key) const { return t.find(at, key); }
  bool has(std::string_view key) const { return get(key).has_value(); }
  bool is_text(std::string_view key) const {
    auto v = get(key);
    return v && t.is(*v, Type::String) && t.raw(*v).size() > 2;
  }
  std::string text(std::string_view key) const { return t.string(*get(key)).value_or(std::string()); }
  std::optional<std::int64_t> integer(std::string_view key) const {
    auto v = get(key);
    return v ? t.int64(*v) : std::nullopt;
  }
  // Integer fields the centre reads must be integers when present.
  bool int_if_present(std::string_view key) const {
    auto v = get(key);
    return !v || t.is(*v, Type::Null) || t.int64(*v).has_value();
  }
};

std::optional<EventAck> check_payload(const KindRule& rule, const Obj& p, const std::string& entity_id) {
  const std::string field(rule.entity_field);
  if (!p.is_text(field)) return refuse(422, "event.bad_payload", "payload." + field + " is missing");
  if (!p.t.string_equals(*p.get(field), entity_id))
    return refuse(422, "event.bad_payload", "entity_id does not match payload." + field);
  if (rule.kind == "farmer.registered") {
    if (!p.is_text("name") || !p.is_text("phone"))
      return refuse(422, "event.bad_payload", "a farmer needs a name and a phone");
    if (!p.int_if_present("created_at")) return refuse(422, "event.bad_payload", "created_at must be an integer");
  } else if (rule.kind == "dropoff.committed") {
    if (!p.is_text("farmer_id")) return refuse(422, "event.bad_payload", "a drop-off needs a farmer_id");
    auto items = p.get("items");
    if (!items || !p.t.is(*items, Type::Array))
      return refuse(422, "event.bad_payload", "a drop-off needs an items array");
    for (Index item : p.t.elements(*items))
      if (!p.t.is(item, Type::Object) || !Obj{p.t, item}.is_text("id"))
        return refuse(422, "event.bad_payload", "every drop-off item needs an id");
  } else if (rule.kind == "pickup.recorded") {
    if (!p.is_text("order_id")) return refuse(422, "event.bad_payload", "a pickup needs an order_id");
    if (!p.int_if_present("collected_at")) return refuse(422, "event.bad_payload", "collected_at must be an integer");
  } else if (rule.kind == "order.returned") {
    if (!p.int_if_present("returned_at")) return refuse(422, "event.bad_payload", "returned_at must be an integer");
  } else if (rule.kind == "audit.appended") {
    // Stored whatever its hash says: a break in the chain is something for the centre to flag
    // (docs/audit.md), never a reason to lose the entry.
    auto seq = p.integer("seq");
    if (!seq || *seq < 1) return refuse(422, "event.bad_payload", "an audit entry needs seq >= 1");
    if (!p.is_text("actor") || !p.is_text("action") || !p.is_text("prev_hash") || !p.is_text("hash"))
      return refuse(422, "event.bad_payload", "an audit entry needs actor, action, prev_hash and hash");
    if (!p.integer("at")) return refuse(422, "event.bad_payload", "at must be an integer");
  } else if (rule.kind == "lot.moved") {
    if (!p.is_text("lot_id") || !p.is_text("lot_code") || !p.is_text("clerk_id"))
      return refuse(422, "event.bad_payload", "a lot move needs lot_id, lot_code and clerk_id");
    if (!one_of(p.text("kind"), {"shelved", "marked_down", "sent_on", "returned", "written_off"}))
      return refuse(422, "event.bad_payload", "a lot move's kind is shelved, marked_down, sent_on, returned or written_off");
    if (p.text("kind") == "shelved" && !p.is_text("shelf"))
      return refuse(422, "event.bad_payload", "a lot shelved needs its shelf");
    if (!p.integer("at")) return refuse(422, "event.bad_payload", "at must be an integer");
  } else if (rule.kind == "stock.counted") {
    if (!p.is_text("clerk_id")) return refuse(422, "event.bad_payload", "a stock count needs clerk_id");
    if (!p.integer("at")) return refuse(422, "event.bad_payload", "at must be an integer");
    auto diffs = p.get("differences");
    if (!diffs || !p.t.is(*diffs, Type::Array))
      return refuse(422, "event.bad_payload", "a stock count needs a differences array");
    for (Index d : p.t.elements(*diffs)) {
      if (!p.t.is(d, Type::Object)) return refuse(422, "event.bad_payload", "every difference is an object");
      const Obj o{p.t, d};
      if (!o.is_text("lot_code") || !one_of(o.text("kind"), {"missing", "unexpected", "weight"}) ||
          !one_of(o.text("reason"), {"spoiled", "shrinkage", "mix_up", "sold_unrecorded", "other"}))
        return refuse(422, "event.bad_payload", "every difference needs lot_code, kind and a known reason");
      if (!o.integer("expected_mg") || !o.integer("counted_mg"))
        return refuse(422, "event.bad_payload", "a difference's weights must be integers");
    }
  }
  return std::nullopt;
}

ParsedEvent parse_one(const JsonTape& t, Index at) {
  ParsedEvent out;
  if (!t.is(at, Type::Object)) {
    out.value = refuse(400, "event.malformed", "an event must be an object");
    return out;
  }
  const Obj e{t, at};
  if (auto id = e.get("id"); id && t.is(*id, Type::String)) out.id = *t.string(*id);
  if (!is_uuid(out.id)) {
    out.value = refuse(400, "event.malformed", "id must be a lower-case UUID");
    return out;
  }
  auto seq = e.integer("seq");
  if (!seq || *seq < 1) {
    out.value = refuse(400, "event.malformed", "seq must be an integer >= 1");
    return out;
  }
  if (!e.is_text("kind") || !e.is_text("entity_id")) {
    out.value = refuse(400, "event.malformed", "kind and entity_id must be non-empty strings");
    return out;
  }
  auto ver = e.integer("schema_version");
  if (!ver) {
    out.value = refuse(400, "event.malformed", "schema_version must be an integer");
    return out;
  }
  auto kiosk_time = e.integer("kiosk_time_ms");
  if (!kiosk_time) {
    out.value = refuse(400, "event.malformed", "kiosk_time_ms must be an integer");
    return out;
  }
  auto payload = e.get("payload");
  if (!payload || !t.is(*payload, Type::Object)) {
    out.value = refuse(400, "event.malformed", "payload must be an object");
    return out;
  }
  PushEvent ev{.id = out.id,
               .seq = *seq,
               .kind = e.text("kind"),
               .schema_version = 0,
               .entity_id = e.text("entity_id"),
               .kiosk_time_ms = *kiosk_time,
               .payload = {},
               .payload_text = {},
               .order_id = {}};
  const KindRule* rule = nullptr;
  for (const auto& k : kKinds)
    if (k.kind == ev.kind) rule = &k;
  if (!rule) {
    out.value = refuse(422, "event.unknown_kind", "unknown kind '" + ev.kind + "'");
    return out;
  }
  if (*ver != 1) {
    out.value = refuse(422, "event.unknown_schema",
                       "schema_version " + std::to_string(*ver) + " is not known for " + ev.kind);
    return out;
  }
  ev.schema_version = 1;
  const Obj p{t, *payload};
  if (auto refused = check_payload(*rule, p, ev.entity_id)) {
    out.value = *refused;
    return out;
  }
  if (rule->concerns_order) ev.order_id = p.text("order_id");
  // The payload is stored as the kiosk sent it: the tape checked it is JSON that any reader
  // at the centre parses to the same object.
  ev.payload_text = std::string(t.raw(*payload));
  if (rule->applied) ev.payload = json::parse(ev.payload_text);
  out.value = std::move(ev);
  return out;
}

}  // namespace

std::variant<std::vector<ParsedEvent>, BatchError> parse_push(std::string_view body) {
  auto tape = JsonTape::parse(body);
  if (!tape) return BatchError{400, "request.malformed", tape.error().detail};
  const JsonTape& t = *tape;
  if (!t.is(JsonTape::root(), Type::Object))
    return BatchError{400, "request.malformed", "the body must be a JSON object"};
  auto events = t.find(JsonTape::root(), "events");
  if (!events || !t.is(*events, Type::Array)) return BatchError{400, "request.malformed", "events must be an array"};
  const auto list = t.elements(*events);
  if (list.empty()) return BatchError{400, "request.malformed", "events is empty"};
  if (list.size() > kMaxBatch)
    return BatchError{413, "push.batch_too_large", "a batch holds at most " + std::to_string(kMaxBatch) + " events"};
  std::vector<ParsedEvent> out;
  out.reserve(list.size());
  for (Index e : list) out.push_back(parse_one(t, e));
  return out;
}

}  // namespace hp::server
