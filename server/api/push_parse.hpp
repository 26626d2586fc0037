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

std::variant<std::vector<ParsedEvent>, BatchError> parse_push(const nlohmann::json& body);
// The same, moving each accepted payload out of body instead of copying it (the server's
// path: a 500-event batch is a few hundred kB of JSON tree).
std::variant<std::vector<ParsedEvent>, BatchError> parse_push(nlohmann::json&& body);
// One event (exposed for tests and the fuzz target).
ParsedEvent parse_event(const nlohmann::json& e);

}  // namespace hp::server
