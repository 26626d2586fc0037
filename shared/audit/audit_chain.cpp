#include "shared/audit/audit_chain.hpp"

#include <nlohmann/json.hpp>

#include "shared/sha256.hpp"

namespace hp::audit {

std::string canonical_bytes(const Entry& e) {
  return nlohmann::json::array({e.seq, e.id, e.at, e.actor, e.action, e.subject, e.detail, e.prev_hash}).dump();
}

std::string entry_hash(const Entry& e) { return sha256_hex(canonical_bytes(e)); }

std::optional<Break> verify(std::span<const Entry> entries, std::int64_t first_seq, const std::string& expected_prev) {
  std::int64_t want = first_seq;
  std::string prev = expected_prev;
  for (const Entry& e : entries) {
    if (e.seq < want) return Break{e.seq, "order"};
    if (e.seq > want) return Break{want, "gap"};
    if (e.prev_hash != prev) return Break{e.seq, "prev_hash"};
    if (entry_hash(e) != e.hash) return Break{e.seq, "hash"};
    prev = e.hash;
    ++want;
  }
  return std::nullopt;
}

}  // namespace hp::audit
