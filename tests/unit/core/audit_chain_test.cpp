// The audit chain (shared/audit): the hash a second implementation computes, and every way
// a chain can be tampered with shows at the first entry that no longer holds.
#include <doctest/doctest.h>

#include <vector>

#include "shared/audit/audit_chain.hpp"

using namespace hp;

namespace {

std::vector<audit::Entry> chain(int n) {
  std::vector<audit::Entry> out;
  std::string prev = audit::kGenesis;
  for (int i = 1; i <= n; ++i) {
    audit::Entry e{.seq = i, .id = "01924f80-0000-7000-8000-a0000000000" + std::to_string(i), .at = 1'733'100'000'000 + i,
                   .actor = "Nguyễn Thị Lan", .action = "drawer.opened", .subject = "PK7H3N8P5RT9", .detail = "",
                   .prev_hash = prev, .hash = {}};
    e.hash = audit::entry_hash(e);
    prev = e.hash;
    out.push_back(e);
  }
  return out;
}

}  // namespace

TEST_CASE("an entry's hash is SHA-256 of its compact JSON array, as another implementation computes it") {
  const audit::Entry e{.seq = 1, .id = "01924f80-0000-7000-8000-a00000000001", .at = 1'733'100'000'000,
                       .actor = "Nguyễn Thị Lan", .action = "order.unlocked", .subject = "PK7H3N8P5RT9",
                       .detail = "wrong_attempts=3", .prev_hash = audit::kGenesis, .hash = {}};
  CHECK(audit::canonical_bytes(e) ==
        "[1,\"01924f80-0000-7000-8000-a00000000001\",1733100000000,\"Nguyễn Thị Lan\",\"order.unlocked\","
        "\"PK7H3N8P5RT9\",\"wrong_attempts=3\",\"0000000000000000000000000000000000000000000000000000000000000000\"]");
  // Python: hashlib.sha256(json.dumps(entry, ensure_ascii=False, separators=(',', ':')).encode())
  CHECK(audit::entry_hash(e) == "fc73aa2693cb4cf1872435f2dc1d57f4a473e3b1f6562494d585d4d93a4a0695");
}

TEST_CASE("an intact chain holds; an edit, a removal, an insertion or a swap shows where it happened") {
  auto c = chain(5);
  CHECK_FALSE(audit::verify(c));
  CHECK_FALSE(audit::verify({}));

  auto edited = c;
  edited[2].detail = "100.000 ₫";  // a changed word, hash left as it was
  auto b = audit::verify(edited);
  REQUIRE(b);
  CHECK(b->seq == 3);
  CHECK(b->reason == "hash");

  auto rehashed = edited;  // the editor recomputes that entry's hash too: the next link breaks
  rehashed[2].hash = audit::entry_hash(rehashed[2]);
  b = audit::verify(rehashed);
  REQUIRE(b);
  CHECK(b->seq == 4);
  CHECK(b->reason == "prev_hash");

  auto removed = c;
  removed.erase(removed.begin() + 1);
  b = audit::verify(removed);
  REQUIRE(b);
  CHECK(b->seq == 2);
  CHECK(b->reason == "gap");

  auto swapped = c;
  std::swap(swapped[1], swapped[2]);
  b = audit::verify(swapped);
  REQUIRE(b);
  CHECK(b->seq == 2);
  CHECK(b->reason == "gap");

  auto first_gone = c;
  first_gone.erase(first_gone.begin());
  b = audit::verify(first_gone);
  REQUIRE(b);
  CHECK(b->seq == 1);

  // A chain checked from the middle, given where it left off.
  std::vector<audit::Entry> tail(c.begin() + 3, c.end());
  CHECK_FALSE(audit::verify(tail, 4, c[2].hash));
  CHECK(audit::verify(tail, 4, c[1].hash));
}
