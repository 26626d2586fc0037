#pragma once
// The audit log's hash chain (docs/audit.md). Each entry names who did what, when, and is
// chained to the one before by SHA-256, so an edited, removed or inserted entry shows at the
// first place the chain no longer holds. The kiosk writes it; the centre checks it again from
// the synced entries.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "shared/clock.hpp"

namespace hp::audit {

// prev_hash of the first entry of a kiosk's chain.
inline constexpr const char* kGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

struct Entry {
  std::int64_t seq = 0;  // 1, 2, 3 ... on one kiosk, without gaps
  std::string id;        // UUIDv7
  UtcMillis at = 0;
  std::string actor;     // who: the signed-in clerk, or the technician's name at kioskctl
  std::string action;    // what: "order.unlocked", "drawer.opened", "dropoff.discarded", ...
  std::string subject;   // on what: a pickup code, a drop-off number, an order id
  std::string detail;    // anything else, as text
  std::string prev_hash;
  std::string hash;
};

// The bytes an entry's hash covers: the compact JSON array
// [seq, id, at, actor, action, subject, detail, prev_hash], UTF-8, no spaces.
std::string canonical_bytes(const Entry& e);
// sha256_hex(canonical_bytes(e)).
std::string entry_hash(const Entry& e);

struct Break {
  std::int64_t seq = 0;  // the first entry that does not hold (or the missing seq)
  std::string reason;    // "gap", "prev_hash", "hash", "order"
};

// Checks entries in seq order, from first_seq (1 for a whole chain) with expected_prev before
// it (kGenesis for a whole chain). nullopt when every link holds.
std::optional<Break> verify(std::span<const Entry> entries, std::int64_t first_seq = 1,
                            const std::string& expected_prev = kGenesis);

}  // namespace hp::audit
