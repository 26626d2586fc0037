#pragma once
// The centre's check of every kiosk's audit chain (docs/audit.md, docs/dashboard.md
// "Operations"). Kiosks push each audit entry as an "audit.appended" event; this check reads
// a kiosk's entries in the order the kiosk made them (kiosk_seq) from where it last stopped,
// and keeps, per kiosk, the last entry that held (seq and hash), or the first break: the
// entry's seq and the reason ("gap", "order", "prev_hash", "hash", "malformed"). A broken
// chain stays broken: entries after the break are not trusted, and the alert stays until
// someone looks at the kiosk.
#include <map>
#include <optional>
#include <string>

#include "server/dash/sql.hpp"
#include "shared/clock.hpp"

namespace hp::server::dash {

struct ChainState {
  std::int64_t entries = 0;  // the entries that held, 1..entries
  std::optional<std::int64_t> broken_seq;
  std::string reason;
  UtcMillis broken_at = 0;  // when the centre found it
};

// Reads the entries that arrived since the last check, for every kiosk, in one transaction.
Status check_audit_chains(SqlDb& db, UtcMillis now);
Result<std::map<std::string, ChainState>> audit_chains(SqlDb& db);

}  // namespace hp::server::dash
