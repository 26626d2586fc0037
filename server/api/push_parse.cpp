#include "server/api/push_parse.hpp"

#include <array>

#include "server/api/json_tape.hpp"
#include "shared/base64.hpp"
#include "shared/codes/citizen_id.hpp"
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
    // Packages (docs/packages.md): entity_id is the package's label.
    KindRule{"package.checked_in", "code", true, true},  KindRule{"package.returned", "code", true, true},
    // A void is a record of its own, keyed by the drop-off it voids (docs/clerks.md).
    KindRule{"dropoff.voided", "drop_off_id", false, false},
    // The drawer's shifts and cash (docs/cash.md): stored for the centre's reports; a payout
    // is applied (it is paid off the farmer's balance, pull entity farmer_balance).
    KindRule{"shift.opened", "id", false, false},        KindRule{"shift.closed", "id", false, false},
    KindRule{"cash.moved", "id", false, false},          KindRule{"payout.recorded", "id", false, true},
    // Stock held at the post office (docs/stock.md): stored for the centre's reports.
    KindRule{"lot.moved", "id", false, false},           KindRule{"stock.counted", "id", false, false},
};

// The CCCD number's form (shared/codes/citizen_id.hpp), when a farmer.registered has one. The
// number itself is never put in an answer or a log.
bool citizen_id_ok(const std::string& digits) {
  return codes::check_citizen_id(digits, 9999).has_value() && digits.size() == 12;
}

// The VND banknotes a count names, largest first (shared/cash/cash.hpp's kDenominations).
constexpr std::array<std::int64_t, 9> kNotes{500000, 200000, 100000, 50000, 20000, 10000, 5000, 2000, 1000};

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

// Why a buyer refused an item at the counter (docs/packages.md).
bool known_refusal(std::string_view r) {
  return r == "damaged" || r == "wrong_item" || r == "changed_mind" || r == "other";
}

// What a pickup of an order with packages adds (docs/PROTOCOL.md 3.3): the labels handed
// over, the refused item lines with their reasons, and the buyer's signature as a PNG.
std::optional<EventAck> check_handover(const Obj& p) {
  if (auto v = p.get("packages"); v && !p.t.is(*v, Type::Null)) {
    if (!p.t.is(*v, Type::Array)) return refuse(422, "event.bad_payload", "packages must be an array");
    for (Index e : p.t.elements(*v))
      if (!p.t.is(e, Type::String) || p.t.raw(e).size() <= 2)
        return refuse(422, "event.bad_payload", "every package handed over is a label");
  }
  if (auto v = p.get("refusals"); v && !p.t.is(*v, Type::Null)) {
    if (!p.t.is(*v, Type::Array)) return refuse(422, "event.bad_payload", "refusals must be an array");
    for (Index e : p.t.elements(*v)) {
      if (!p.t.is(e, Type::Object)) return refuse(422, "event.bad_payload", "every refusal is an object");
      const Obj r{p.t, e};
      auto line = r.integer("line");
      if (!line || *line < 0) return refuse(422, "event.bad_payload", "a refusal needs an item line >= 0");
      if (!r.is_text("reason") || !known_refusal(r.text("reason")))
        return refuse(422, "event.bad_payload", "a refusal's reason is damaged, wrong_item, changed_mind or other");
      if (r.text("reason") == "other" && !r.is_text("note"))
        return refuse(422, "event.bad_payload", "a refusal for another reason needs a note");
      if (!r.int_if_present("amount")) return refuse(422, "event.bad_payload", "a refusal's amount must be an integer");
    }
  }
  if (auto v = p.get("signature_png_base64"); v && !p.t.is(*v, Type::Null)) {
    if (!p.t.is(*v, Type::String)) return refuse(422, "event.bad_payload", "signature_png_base64 must be a string");
    auto png = base64_decode(p.t.string(*v).value_or(std::string()));
    static constexpr std::string_view kPngMagic = "\x89PNG\r\n\x1a\n";
    if (!png || !png->starts_with(kPngMagic))
      return refuse(422, "event.bad_payload", "signature_png_base64 is not a base64 PNG");
  }
  return std::nullopt;
}

// A count by banknote: nine integers 0..100000 (kNotes' order); its value, or nullopt.
std::optional<std::int64_t> count_value(const Obj& p, std::string_view key) {
  auto v = p.get(key);
  if (!v || !p.t.is(*v, Type::Array)) return std::nullopt;
  const auto items = p.t.elements(*v);
  if (items.size() != kNotes.size()) return std::nullopt;
  std::int64_t total = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto n = p.t.int64(items[i]);
    if (!n || *n < 0 || *n > 100000) return std::nullopt;
    total += *n * kNotes[i];
  }
  return total;
}

std::optional<EventAck> check_cash(const KindRule& rule, const Obj& p) {
  auto bad = [](std::string m) { return refuse(422, "event.bad_payload", std::move(m)); };
  if (rule.kind == "shift.opened") {
    if (!p.is_text("clerk_id")) return bad("a shift needs a clerk_id");
    if (!p.integer("opened_at")) return bad("opened_at must be an integer");
    auto total = count_value(p, "float_count");
    if (!total) return bad("float_count must be nine counts of 0..100000");
    if (p.integer("float_vnd") != total) return bad("float_vnd is not the value of float_count");
  } else if (rule.kind == "shift.closed") {
    auto opened = p.integer("opened_at"), closed = p.integer("closed_at");
    if (!opened || !closed || *closed < *opened) return bad("opened_at and closed_at must be integers, closed after opened");
    if (!p.is_text("clerk_id") || !p.is_text("signed_off_by")) return bad("a closed shift needs clerk_id and signed_off_by");
    auto fl = count_value(p, "float_count");
    auto counted = count_value(p, "closing_count");
    if (!fl || !counted) return bad("float_count and closing_count must be nine counts of 0..100000");
    auto expected = p.integer("expected_vnd"), over_short = p.integer("over_short_vnd");
    if (p.integer("counted_vnd") != counted) return bad("counted_vnd is not the value of closing_count");
    if (!expected || !over_short || *over_short != *counted - *expected)
      return bad("over_short_vnd must be counted_vnd - expected_vnd");
    auto mv = p.get("movements");
    if (!mv || !p.t.is(*mv, Type::Object)) return bad("a closed shift needs its movements summary");
    const Obj m{p.t, *mv};
    for (auto k : {"cod_cash_vnd", "payouts_vnd", "cash_in_vnd", "cash_out_vnd"})
      if (auto v = m.integer(k); !v || *v < 0) return bad(std::string("movements.") + k + " must be an integer >= 0");
    if (p.integer("float_vnd") != fl) return bad("float_vnd is not the value of float_count");
    if (*expected != *fl + *m.integer("cod_cash_vnd") - *m.integer("payouts_vnd") + *m.integer("cash_in_vnd") -
                         *m.integer("cash_out_vnd"))
      return bad("expected_vnd is not float + cash taken - payouts + cash in - cash out");
  } else if (rule.kind == "cash.moved") {
    const std::string kind = p.text("kind");
    auto amount = p.integer("amount_vnd");
    if (kind != "cash_in" && kind != "cash_out" && kind != "drawer_open")
      return bad("kind must be cash_in, cash_out or drawer_open");
    if (!amount || *amount < 0 || (kind == "drawer_open") != (*amount == 0))
      return bad("amount_vnd must be > 0 for cash in or out, 0 for a drawer opening");
    if (!p.integer("at") || !p.is_text("clerk_id")) return bad("a movement needs at and clerk_id");
  } else if (rule.kind == "payout.recorded") {
    if (!p.is_text("farmer_id") || !p.is_text("approved_by") || !p.is_text("shift_id"))
      return bad("a payout needs farmer_id, shift_id and approved_by");
    auto amount = p.integer("amount_vnd");
    if (!amount || *amount <= 0) return bad("amount_vnd must be an integer > 0");
    auto before = p.integer("available_before_vnd");
    if (!before || *before < *amount) return bad("available_before_vnd must be at least amount_vnd");
    if (!p.integer("at")) return bad("at must be an integer");
  }
  return std::nullopt;
}

std::optional<EventAck> check_payload(const KindRule& rule, const Obj& p, const std::string& entity_id) {
  const std::string field(rule.entity_field);
  if (!p.is_text(field)) return refuse(422, "event.bad_payload", "payload." + field + " is missing");
  if (!p.t.string_equals(*p.get(field), entity_id))
    return refuse(422, "event.bad_payload", "entity_id does not match payload." + field);
  if (rule.kind == "farmer.registered") {
    if (!p.is_text("name") || !p.is_text("phone"))
      return refuse(422, "event.bad_payload", "a farmer needs a name and a phone");
    if (!p.int_if_present("created_at")) return refuse(422, "event.bad_payload", "created_at must be an integer");
    // Optional, since PROTOCOL 1.x (issue 10, item 5): the CCCD's form, the VietGAP certificate's text.
    if (auto c = p.get("citizen_id"); c && !p.t.is(*c, Type::Null)) {
      if (!p.t.is(*c, Type::String) || !citizen_id_ok(p.text("citizen_id")))
        return refuse(422, "event.bad_payload", "citizen_id must be a CCCD number of 12 digits of the right form");
    }
    if (auto v = p.get("vietgap"); v && !p.t.is(*v, Type::Null) && !p.t.is(*v, Type::String))
      return refuse(422, "event.bad_payload", "vietgap must be a string");
  } else if (rule.kind == "dropoff.voided") {
    if (!p.is_text("id") || !is_uuid(p.text("id"))) return refuse(422, "event.bad_payload", "a void needs its own id");
    if (!p.is_text("reason")) return refuse(422, "event.bad_payload", "a void needs a reason");
    if (!p.is_text("approved_by")) return refuse(422, "event.bad_payload", "a void needs the supervisor who approved it");
    if (!p.integer("voided_at")) return refuse(422, "event.bad_payload", "voided_at must be an integer");
    if (!p.int_if_present("total") || !p.int_if_present("created_at"))
      return refuse(422, "event.bad_payload", "total and created_at must be integers");
  } else if (rule.kind == "dropoff.committed") {
    if (!p.is_text("farmer_id")) return refuse(422, "event.bad_payload", "a drop-off needs a farmer_id");
    if (!p.int_if_present("total")) return refuse(422, "event.bad_payload", "total must be an integer");
    auto items = p.get("items");
    if (!items || !p.t.is(*items, Type::Array))
      return refuse(422, "event.bad_payload", "a drop-off needs an items array");
    for (Index item : p.t.elements(*items))
      if (!p.t.is(item, Type::Object) || !Obj{p.t, item}.is_text("id"))
        return refuse(422, "event.bad_payload", "every drop-off item needs an id");
  } else if (rule.kind == "pickup.recorded") {
    if (!p.is_text("order_id")) return refuse(422, "event.bad_payload", "a pickup needs an order_id");
    if (!p.int_if_present("collected_at")) return refuse(422, "event.bad_payload", "collected_at must be an integer");
    if (auto refused = check_handover(p)) return refused;
  } else if (rule.kind == "package.checked_in") {
    if (!p.is_text("order_id")) return refuse(422, "event.bad_payload", "a package needs an order_id");
    if (!p.is_text("shelf")) return refuse(422, "event.bad_payload", "a package checked in needs a shelf place");
    if (!p.integer("checked_in_at") || !p.integer("hold_until"))
      return refuse(422, "event.bad_payload", "checked_in_at and hold_until must be integers");
  } else if (rule.kind == "package.returned") {
    if (!p.is_text("order_id")) return refuse(422, "event.bad_payload", "a package needs an order_id");
    if (!p.integer("returned_at")) return refuse(422, "event.bad_payload", "returned_at must be an integer");
    if (!p.is_text("reason") || (p.text("reason") != "expired" && p.text("reason") != "refused"))
      return refuse(422, "event.bad_payload", "a return's reason is expired or refused");
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
  } else {
    return check_cash(rule, p);
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
  if (rule->kind == "dropoff.committed") {
    ev.farmer_id = p.text("farmer_id");
    ev.total = p.integer("total").value_or(0);
  }
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
