#pragma once
// Parsing and checking a push batch (docs/PROTOCOL.md 3): pure functions on untrusted bytes,
// no storage, so the fuzz target can drive them directly.
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/storage/storage.hpp"

namespace hp::server {

inline constexpr std::size_t kMaxBatch = 1000;

// One event of a batch: accepted for storage, or refused with its ack (4xx).
struct ParsedEvent {
  std::string id;  // as sent (may be empty when the event is not even an object)
  std::variant<PushEvent, EventAck> value;
};

// Envelope errors (the whole batch refused, nothing stored): request.malformed,
// push.batch_too_large.
struct BatchError {
  int status = 400;
  std::string code;
  std::string message;
};

// The body as sent (after any gzip): read with JsonTape, so each accepted event's payload_text
// is the kiosk's own bytes and only the kinds the centre applies get a parsed payload.
std::variant<std::vector<ParsedEvent>, BatchError> parse_push(std::string_view body);

}  // namespace hp::server
