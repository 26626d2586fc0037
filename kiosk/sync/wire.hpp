#pragma once
// The sync protocol's bodies (docs/PROTOCOL.md, version 1), as JSON in and records out. No
// network here: what the client sends and how it reads what the centre answers, testable alone.
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/store/store.hpp"
#include "shared/result.hpp"

namespace hp::sync::wire {

inline constexpr int kPayloadSchemaVersion = 1;
inline constexpr int kMaxBatch = 1000;

// The error object of a 4xx/5xx answer: {"error": {"code", "message"}}; "http.<status>" when the
// body has none (a proxy's page, a cut-off answer).
Error error_of(int http_status, const std::string& body);

// POST /api/v1/enrol
nlohmann::json enrol_body(const std::string& code, const std::string& name, const std::string& app_version);
struct Enrolled {
  std::string kiosk_id, credential, post_office_id, post_office_name;
  std::optional<UtcMillis> server_time;
};
Result<Enrolled> parse_enrolled(const std::string& body);

// POST /api/v1/push: the events in outbox order. "sync.bad_event" when an event's stored
// payload is not a JSON object (it cannot be: the outbox checks json_valid; fail closed).
Result<nlohmann::json> push_body(const std::vector<store::OutboxEvent>& events);
struct PushAnswer {
  std::vector<store::Store::EventOutcome> outcomes;  // one per event sent, acknowledged or refused
  std::optional<UtcMillis> server_time;
};
// Matches results to the events sent, by id. An event the answer does not mention stays unsent
// (sent again next time: the centre's insert-or-ignore makes that safe). "sync.bad_answer"
// when the body is not a push answer.
Result<PushAnswer> parse_push_answer(const std::string& body, const std::vector<store::OutboxEvent>& sent);

// POST /api/v1/pull, with the kiosk's state report.
struct KioskReport {
  std::string app_version;
  std::int64_t unsent = 0;
  std::optional<UtcMillis> oldest_unsent_at;
  UtcMillis kiosk_time = 0;
  std::map<std::string, std::string> devices;  // "scale" -> "ok"
  // For the centre's operations page (docs/PROTOCOL.md 4): how often this kiosk pulls, the
  // events the centre refused (dead letters) and the conflicts kept for review.
  std::int64_t pull_interval_ms = 0;
  std::int64_t dead_letters = 0;
  std::int64_t review_flags = 0;
};
nlohmann::json pull_body(const std::string& cursor, int limit, const KioskReport& report);
struct PullAnswer {
  store::Store::PullBatch batch;
  bool more = false;
  bool reset = false;
  std::optional<UtcMillis> server_time;
  std::optional<std::int64_t> clock_offset_ms;
  bool clock_warning = false;
  int unknown_entities = 0;  // kinds this kiosk does not keep (post_office): skipped, counted
};
// "sync.bad_answer" when the body or one of its records cannot be read: nothing of it is
// applied (a batch is applied whole or not at all).
Result<PullAnswer> parse_pull_answer(const std::string& body);

}  // namespace hp::sync::wire
