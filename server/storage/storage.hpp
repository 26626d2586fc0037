#pragma once
// What kiosk-server keeps, behind one interface so the embedded SQLite backend and a shared
// PostgreSQL backend answer the same conformance suite. Every method is one transaction;
// implementations are safe to call from the HTTP server's worker threads.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/clock.hpp"
#include "shared/result.hpp"

namespace hp::server {

struct PostOfficeInfo {
  std::string id;
  std::string name;
  std::string unit_id;
};

struct KioskAuth {
  std::string kiosk_id;
  std::string post_office_id;
  bool revoked = false;
};

struct KioskInfo {
  std::string id;
  std::string post_office_id;
  std::string name;
  UtcMillis enrolled_at = 0;
  std::optional<UtcMillis> revoked_at;
  nlohmann::json state;  // null until the first report
  std::optional<UtcMillis> state_at;
};

struct NewKiosk {
  std::string id;
  std::string credential_hash;
  std::string name;
  std::string app_version;
};

// An event whose envelope and payload passed validation (server/api/push_parse.hpp).
struct PushEvent {
  std::string id;
  std::int64_t seq = 0;
  std::string kind;
  int schema_version = 1;
  std::string entity_id;
  std::int64_t kiosk_time_ms = 0;
  nlohmann::json payload;    // parsed only for the kinds storage applies (server/api/push_parse.cpp)
  std::string payload_text;  // the payload's JSON as the kiosk sent it: what the centre stores
  std::string order_id;      // the order it concerns, for pickup/unlock/return; empty otherwise
  // A drop-off's farmer and total, read by the push parser: what it adds to the farmer's
  // balance, without parsing the payload again.
  std::string farmer_id = {};
  std::int64_t total = 0;
};

// Per-event answer: 201 stored, 200 already held, 4xx refused (with code and message).
struct EventAck {
  int status = 201;
  std::string code;
  std::string message;
};

struct StoredEvent {
  std::int64_t received_seq = 0;
  std::string id;
  std::string kiosk_id;
  std::int64_t kiosk_seq = 0;
  std::string kind;
  int schema_version = 1;
  std::string entity_id;
  std::int64_t kiosk_time_ms = 0;
  UtcMillis received_at = 0;
};

struct Change {
  std::int64_t seq = 0;
  std::string entity;
  std::string id;
  nlohmann::json data;
};

// A parsed cursor: the database epoch it was made by, the last change seq delivered, and
// whether a snapshot is being paged.
struct Cursor {
  std::string epoch;
  std::int64_t seq = 0;
  bool snapshot = false;
};

struct PullPage {
  std::vector<Change> changes;
  Cursor next;
  bool reset = false;  // this page starts a full snapshot
  bool more = false;
};

// Where a pull resumes, the same rule for every backend: from the kiosk's cursor when it is
// of this storage's epoch and not ahead of the newest change; otherwise a full snapshot from
// the start (page.reset set).
inline Cursor resume_from(const std::optional<Cursor>& cursor, const std::string& epoch, std::int64_t max_seq,
                          PullPage& page) {
  if (cursor && cursor->epoch == epoch && cursor->seq <= max_seq) return *cursor;
  page.reset = true;
  return Cursor{epoch, 0, true};
}

struct NewOrder {
  std::string platform;
  std::string external_ref;
  std::string post_office_id;
  std::string request_hash;  // SHA-256 of the canonical body: a reused ref with another body is a 422
  nlohmann::json record;     // the order record of docs/PROTOCOL.md 4.2, without id and pickup_code
};

struct OrderView {
  nlohmann::json record;  // the full order record
  bool created = false;   // false: the same external_ref was already there (200)
};

// A bank's payment notification, checked and parsed (server/api/bank.hpp).
struct BankNotification {
  std::string key_name;    // the bank key that signed it
  std::string transaction_id;
  std::string body_hash;   // SHA-256 of the body: the same transaction_id with another body is refused
  std::int64_t amount_vnd = 0;
  std::vector<std::string> pickup_codes;  // found in its description, in order
  nlohmann::json data;     // the notice as received, kept for review
};

// What the centre made of it: "confirmed" (the order's transfer is confirmed), "flagged"
// (matched an order, but something is wrong: reason), or "unmatched".
struct BankOutcome {
  std::string status;
  std::string order_id;
  std::string reason;
  bool replay = false;  // this transaction_id was already recorded; nothing changed
};

class Storage {
 public:
  virtual ~Storage() = default;

  virtual Status ping() = 0;
  virtual Result<std::vector<PostOfficeInfo>> post_offices() = 0;
  // Error: post_office.exists.
  virtual Status add_post_office(const PostOfficeInfo& po) = 0;
  // Loads the shared demo data set once (idempotent).
  virtual Status seed_demo(UtcMillis now) = 0;

  // Enrolment. Errors from enrol: enrol.code_unknown, enrol.code_used, enrol.code_expired.
  virtual Status add_enrol_code(const std::string& code_hash, const std::string& post_office_id,
                                UtcMillis expires_at) = 0;
  virtual Result<PostOfficeInfo> enrol(const std::string& code_hash, const NewKiosk& kiosk, UtcMillis now) = 0;
  virtual Result<std::optional<KioskAuth>> kiosk_by_credential(const std::string& credential_hash) = 0;
  // Error: kiosk.unknown.
  virtual Status revoke(const std::string& kiosk_id, UtcMillis now) = 0;
  virtual Result<std::vector<KioskInfo>> kiosks() = 0;
  // Writes the state only when it differs from the stored one; returns whether it wrote.
  virtual Result<bool> report_state(const std::string& kiosk_id, const nlohmann::json& state, UtcMillis now) = 0;
  // Last contact (server/api/seen.hpp): each kiosk's seen_at becomes the later of the stored
  // one and the given one, so processes sharing the database may flush in any order. One
  // transaction for the whole batch; unknown ids are ignored.
  virtual Status record_seen(const std::vector<std::pair<std::string, UtcMillis>>& seen) = 0;

  // Platforms. Error: api_key.name_taken.
  virtual Status add_api_key(const std::string& name, const std::string& key_hash, UtcMillis now) = 0;
  virtual Result<std::optional<std::string>> platform_by_key(const std::string& key_hash) = 0;

  // Push: one transaction, insert-or-ignore on the event id. acks[i] answers events[i].
  virtual Result<std::vector<EventAck>> push(const KioskAuth& kiosk, const std::vector<PushEvent>& events,
                                             UtcMillis now) = 0;
  virtual Result<std::vector<StoredEvent>> events() = 0;

  // Pull for a post office. An unknown or too old cursor (nullopt included) starts a snapshot.
  virtual Result<PullPage> pull(const std::string& post_office_id, const std::optional<Cursor>& cursor,
                                int limit) = 0;

  // Order intake. Errors: order.unknown_post_office, order.external_ref_reused.
  virtual Result<OrderView> create_order(const NewOrder& order, UtcMillis now) = 0;
  // Errors: order.not_found, order.not_cancellable.
  virtual Result<nlohmann::json> cancel_order(const std::string& platform, const std::string& id,
                                              const std::string& reason, UtcMillis now) = 0;
  virtual Result<std::optional<nlohmann::json>> order(const std::string& platform, const std::string& id) = 0;
  // Bank notifications (docs/PROTOCOL.md 6.4): recorded once per transaction_id, in the same
  // transaction as the order's confirmation. Error: bank.txn_reused.
  virtual Result<BankOutcome> record_bank_notification(const BankNotification& n, UtcMillis now) = 0;
  virtual Result<std::vector<nlohmann::json>> bank_notifications() = 0;
  // Messages to buyers waiting for a sender (docs/packages.md), oldest first.
  virtual Result<std::vector<nlohmann::json>> notifications() = 0;
  // One stored event's payload as the kiosk sent it (a pickup's signature, for a dispute).
  virtual Result<std::optional<std::string>> event_payload(const std::string& event_id) = 0;
  virtual Result<std::optional<nlohmann::json>> order_by_ref(const std::string& platform,
                                                             const std::string& external_ref) = 0;
};

// "sqlite" for a path (DIR/server.db), or a postgresql:// URL. Errors: storage.unsupported,
// and the backend's own.
Result<std::unique_ptr<Storage>> open_storage(const std::string& data_dir, const std::string& db_url);

std::string format_cursor(const Cursor& c);
std::optional<Cursor> parse_cursor(std::string_view text);

}  // namespace hp::server
