#pragma once
// The store's own connection, for tests that check what the product has no API for (raw SQL
// against the schema's constraints, pragmas, a full disk, a lowered synchronous setting).
#include "kiosk/store/store.hpp"
#include "kiosk/store/store_impl.hpp"

namespace hp::store {

struct StoreTestAccess {
  static const db::Db& db(const Store& s) { return s.impl_->db; }
};

}  // namespace hp::store
