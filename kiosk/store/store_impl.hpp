#pragma once
// Private to kiosk/store: the Store's connection, its cached statements and shared helpers.
// Each store_*.cpp prepares the statements it uses once, when the store opens.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "kiosk/store/store.hpp"
#include "shared/thread_owner.hpp"
#include "shared/text.hpp"

namespace hp::store {

// Resets a cached statement on entry (clearing old bindings) and on exit, so no statement keeps
// a read snapshot open between calls.
class Use {
 public:
  explicit Use(db::Stmt& s) : s_(s) { s_.reset(); }
  ~Use() { sqlite3_reset(s_.raw()); }
  Use(const Use&) = delete;
  Use& operator=(const Use&) = delete;
  db::Stmt* operator->() { return &s_; }
  db::Stmt& operator*() { return s_; }

 private:
  db::Stmt& s_;
};

template <class... A>
Status run(db::Stmt& s, const A&... a) {
  s.reset();
  s.bind_all(a...);
  return s.run();
}

struct FarmerStmts {
  db::Stmt by_code, by_id, by_phone, by_name, insert, merged_into;
};
struct CatalogueStmts {
  db::Stmt units_root, units_child, upsert_unit, branches, upsert_branch;
  db::Stmt products, upsert_product, delete_prices, insert_price;
};
struct DropOffStmts {
  db::Stmt insert, insert_item, insert_lot, by_id, items, last_number;
  db::Stmt insert_void, void_of, void_lots;  // voids (schema 9)
};
struct OrderStmts {
  db::Stmt upsert, delete_items, insert_item, by_code, by_id, count;
  db::Stmt state, set_attempts, mark_collected, insert_pickup, pickup_by_order, pickup_by_id;
  db::Stmt upsert_package;  // store_packages.cpp
};
struct ActivityStmts {
  db::Stmt today, drop_off_ids, pickups;
};
struct QueueStmts {
  db::Stmt insert_job, unfinished_jobs, job_status, update_job, insert_event, events_after;
};
struct SyncStmts {
  db::Stmt unsent, counts, settle, floor, dead, record, save_cursor, contact_push, contact_pull, flags, add_flag;
  db::Stmt event_exists, farmer_upsert, same_phone, pickup_of_order, save_phase, code_clash, add_merge;
};
struct SettingStmts {
  db::Stmt get, set;
};
struct AuditStmts {
  db::Stmt last, insert, after;
};
struct ClerkStmts {
  db::Stmt upsert, old_hash, free_badge, clear_tries, all, by_who, set_tries;
};

struct ShiftStmts {
  db::Stmt open_id, insert_movement;
};

struct StockStmts {
  db::Stmt held, lot_by_code, insert_move, insert_count, insert_difference;
};

struct Store::Impl {
  db::Db db;  // declared first: destroyed after the statements
  int version = 0;
  // The thread that may call the store (every call blocks on the disk): the one that opened
  // it, until another adopts it (the kiosk's store worker). A call from any other thread,
  // the UI's above all, aborts as a programmer error.
  ThreadOwner owner{ThreadOwner::Here{}};
  FarmerStmts farmers;
  CatalogueStmts catalogue;
  DropOffStmts drop_offs;
  OrderStmts orders;
  ActivityStmts activity;
  QueueStmts queue;
  SettingStmts settings;
  SyncStmts sync;
  AuditStmts audit;
  ClerkStmts clerks;
  ShiftStmts shifts;
  StockStmts stock;
};

Status prepare_farmer_statements(const db::Db& db, FarmerStmts& s);
Status prepare_catalogue_statements(const db::Db& db, CatalogueStmts& s);
Status prepare_drop_off_statements(const db::Db& db, DropOffStmts& s);
Status prepare_order_statements(const db::Db& db, OrderStmts& s);
Status prepare_activity_statements(const db::Db& db, ActivityStmts& s);
Status prepare_queue_statements(const db::Db& db, QueueStmts& s);
Status prepare_setting_statements(const db::Db& db, SettingStmts& s);
Status prepare_sync_statements(const db::Db& db, SyncStmts& s);
Status prepare_audit_statements(const db::Db& db, AuditStmts& s);
Status prepare_clerk_statements(const db::Db& db, ClerkStmts& s);
Status prepare_shift_statements(const db::Db& db, ShiftStmts& s);
// The open shift's id, if one is open (inside the caller's transaction).
Result<std::optional<std::string>> open_shift_id(ShiftStmts& s);
// One cash movement row (inside the caller's transaction); checked with cash::check.
Status insert_movement(ShiftStmts& s, const CashMovement& mv);
// One farmer balance from the centre (inside the caller's transaction).
Status upsert_farmer_balance(const db::Db& db, const FarmerBalance& b, UtcMillis now);
Status prepare_stock_statements(const db::Db& db, StockStmts& s);
// One agent from the centre (inside the caller's transaction).
Status upsert_agent_row(const db::Db& db, const Agent& a, UtcMillis now);
// One account from the centre (inside the caller's transaction); a new PIN clears its tries.
Status upsert_clerk_rows(ClerkStmts& s, const ClerkAccount& a, UtcMillis now);

// The rows of one order or product, inside the caller's transaction (an upsert alone, or a
// pulled batch).
Status upsert_order_rows(OrderStmts& s, const Order& o);
Status upsert_product_rows(CatalogueStmts& c, const Product& p);

// Packages (store_packages.cpp). The order's packages as the centre sent them, inside the
// caller's transaction.
Status upsert_package_rows(OrderStmts& s, const Order& o);
// What a handover does to an order's packages and refused lines, checked before anything is
// written (docs/packages.md).
struct HandoverPlan {
  bool with_packages = false;
  Dong refused_amount = 0;
  struct Line {
    Refusal refusal;
    std::string product_name;
    Dong amount = 0;
    std::string package_code;
  };
  std::vector<Line> refusals;
  std::vector<std::string> handed_packages, refused_packages;
};
Result<HandoverPlan> plan_handover(const db::Db& db, std::string_view order_id, const Handover& h);
// Writes it for the pickup just inserted, with its audit entries (inside the caller's transaction).
Status write_handover(const db::Db& db, AuditStmts& audit, QueueStmts& queue, const Pickup& p, const HandoverPlan& plan,
                      const Handover& h);
// The pickup event's payload gains the labels, refusals and signature (base64).
void add_handover(nlohmann::json& payload, const HandoverPlan& plan, const Handover& h);

// Prepares sql into out.
Status prepare(const db::Db& db, db::Stmt& out, std::string_view sql);

// Text on its way in: NFC, trimmed.
inline std::string clean(std::string_view s) { return to_nfc(trim(s)); }
// Codes (member, pickup, lot) are ASCII: trimmed and upper-cased so a scan matches a typed code.
std::string code_key(std::string_view s);

// The pickups columns read_pickup expects, in its order.
inline constexpr const char* kPickupColumns =
    "id, order_id, pickup_code, buyer_name, method, amount_paid, clerk, kiosk_id, collected_at, cash_tendered, clerk_id";
// One pickup row (kPickupColumns); an unknown payment method is an error, not a default.
Result<Pickup> read_pickup(const db::Stmt& s);

// Outbox rows (seq, id, kind, entity_id, payload, created_at) from a statement already bound.
Result<std::vector<OutboxEvent>> read_events(db::Stmt& s);

// Writes the outbox row and the print jobs of a business write (inside the caller's transaction).
Status append_event(QueueStmts& q, const std::string& event_id, std::string_view kind, std::string_view entity_id,
                    const nlohmann::json& payload, UtcMillis at);
Status append_jobs(QueueStmts& q, const std::vector<NewPrintJob>& jobs, UtcMillis at);
// Chains an audit entry to the last one and writes it with its outbox event
// ("audit.appended", event id = the entry's id), inside the caller's transaction.
Status append_audit(AuditStmts& a, QueueStmts& q, const AuditRecord& r);

}  // namespace hp::store
