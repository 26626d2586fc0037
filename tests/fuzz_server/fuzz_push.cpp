// Fuzz target for the server's request parsing: a push body (server/api/push_parse.hpp) and a
// pull cursor, from untrusted bytes. Invariants are checked, not just "no crash": one result
// per event, and an accepted event always has a UUID id, seq >= 1, schema 1 and a payload.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "server/api/bank.hpp"
#include "server/api/push_parse.hpp"
#include "server/crypto.hpp"
#include "shared/ids.hpp"

namespace {
void require(bool ok) {
  if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)hp::server::parse_cursor(text);
  (void)hp::server::normalize_enrol_code(text);
  if (auto notice = hp::server::parse_bank_notice(text))
    require(!notice->transaction_id.empty() && notice->amount_vnd > 0);
  for (const auto& code : hp::server::pickup_codes_in(text)) require(code.size() == 12 && code.starts_with("PK"));
  // The push parser reads the body with its own JSON reader (server/api/json_tape.hpp): what
  // it accepts must be JSON to nlohmann too, and every stored payload must parse back.
  const auto body = nlohmann::json::parse(text, nullptr, false);
  const auto parsed = hp::server::parse_push(text);
  if (const auto* events = std::get_if<std::vector<hp::server::ParsedEvent>>(&parsed)) {
    require(!body.is_discarded());
    require(body.is_object() && body["events"].is_array() && events->size() == body["events"].size());
    require(events->size() <= hp::server::kMaxBatch);
    for (std::size_t i = 0; i < events->size(); ++i) {
      const auto& e = (*events)[i];
      if (const auto* ev = std::get_if<hp::server::PushEvent>(&e.value)) {
        require(hp::is_uuid(ev->id) && ev->seq >= 1 && ev->schema_version == 1);
        require(!ev->kind.empty() && !ev->entity_id.empty());
        const auto payload = nlohmann::json::parse(ev->payload_text, nullptr, false);
        require(payload.is_object() && payload == body["events"][i]["payload"]);
        require(ev->payload.is_null() || ev->payload == payload);
        require(ev->id == body["events"][i]["id"] && ev->entity_id == body["events"][i]["entity_id"]);
      } else {
        const auto& ack = std::get<hp::server::EventAck>(e.value);
        require(ack.status >= 400 && ack.status < 500 && !ack.code.empty() && !ack.message.empty());
      }
    }
  } else {
    const auto& err = std::get<hp::server::BatchError>(parsed);
    require(err.status >= 400 && err.status < 500 && !err.code.empty() && !err.message.empty());
  }
  return 0;
}
