#pragma once
// The kiosk's local store: one SQLite file (WAL, synchronous=FULL, foreign keys on),
// versioned migrations, prepared statements only. Every business write and its outbox event
// (and the print jobs it causes) commit in one transaction.
//
// A Store is used from one thread at a time (the kiosk's store worker); it is not shared.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/records/agent.hpp"
#include "kiosk/records/clerk.hpp"
#include "kiosk/records/package.hpp"
#include "kiosk/records/held_lot.hpp"
#include "kiosk/records/print_job.hpp"
#include "kiosk/records/queue_ticket.hpp"
#include "kiosk/records/shift.hpp"
#include "kiosk/records/today_entry.hpp"
#include "shared/audit/audit_chain.hpp"
#include "shared/domain.hpp"
#include "shared/ids.hpp"
#include "shared/result.hpp"
#include "shared/store/sqlite.hpp"

namespace hp::store {

inline constexpr int kSchemaVersion = 14;

struct OpenOptions {
  db::Durability durability = db::Durability::Full;
  // How long a write waits for another connection's write lock before failing "db.locked".
  // The sync thread's writes are short, but one fsync on a busy disk can take seconds, and a
  // drop-off that fails for that is worse than one that waits (the UI never waits on it).
  int busy_timeout_ms = 10000;
  // Reads through a memory map of up to this many bytes (0: plain reads). It saves a copy per
  // page read; the price is that an I/O error while reading the mapped file raises SIGBUS
  // instead of returning "db.io". Writes never go through the map.
  std::int64_t mmap_bytes = std::int64_t{1} << 30;
  // The SQLite VFS the file is opened through, by its registered name; empty: SQLite's
  // default (the operating system's files). The power-cut test puts a simulator here.
  std::string vfs = {};
};

struct NewFarmer {
  std::string id;           // UUIDv7 from the caller
  std::string member_code;  // from shared/codes
  std::string name, phone, commune, district, branch, cooperative;
  UtcMillis created_at = 0;
  std::string citizen_id = {};  // 12 digits, form checked by the caller; empty: not given
  std::string vietgap = {};     // the VietGAP certificate's number; empty: none
};

// One audit entry to append (docs/audit.md): the store numbers and chains it.
struct AuditRecord {
  std::string id;  // UUIDv7; also the id of its "audit.appended" outbox event
  UtcMillis at = 0;
  std::string actor, action;
  std::string subject = {}, detail = {};
};

// A clerk's account as the centre sends it (docs/PROTOCOL.md, pull entity "clerk").
struct ClerkAccount {
  std::string id, name;
  ClerkRole role = ClerkRole::Clerk;
  std::string badge;     // empty: no badge
  std::string pin_hash;  // Argon2id (crypto_pwhash_str)
  bool disabled = false;
};

// One PIN typed at the counter: to sign in, or a supervisor's approval (docs/clerks.md).
struct PinAttempt {
  std::string who;  // the clerk's id, or their badge's code
  std::string pin;
  UtcMillis now = 0;
  int max_tries = 5;            // the try that reaches this locks the account
  UtcMillis lock_ms = 300'000;  // for this long
  bool approval = false;        // a supervisor PIN: only a supervisor's account may answer
  std::string audit_id;         // UUIDv7 for the audit entry this attempt writes
  std::string action = {};      // approval: what is being approved ("receipt.reprint", ...), for the log
};

struct PinCheck {
  // Unknown: no such account or badge. NotAllowed: an approval by an account that is not a
  // supervisor's (no try counted).
  enum class Outcome { Ok, Wrong, Locked, Disabled, Unknown, NotAllowed } outcome = Outcome::Unknown;
  Clerk clerk;  // as it stands after this attempt (failed, locked_until)
};

// What a pickup of an order with packages adds (docs/packages.md): the labels scanned at
// handover, the refused item lines, the buyer's signature, and whether the phone digits were
// checked (false: a supervisor released it without them; logged).
struct Handover {
  std::vector<std::string> scanned;
  std::vector<Refusal> refusals;
  std::string signature_png;  // PNG bytes; empty when none was drawn
  bool phone_checked = true;
  std::string approved_by;    // the supervisor who released it without the phone check
  std::vector<std::string> audit_ids;  // UUIDv7s for the audit entries it writes (one per refusal, one if unchecked)
};

// One package scanned in at the counter.
struct CheckIn {
  std::string code;  // as scanned; made canonical by the store
  std::string shelf;
  UtcMillis hold_until = 0;
  UtcMillis now = 0;
  std::string clerk_id;
  std::string event_id;
};

struct OutboxEvent {
  std::int64_t seq = 0;  // local order, for sync batching
  std::string id;
  std::string kind;
  std::string entity_id;
  std::string payload;  // JSON
  UtcMillis created_at = 0;
};

class Store {
 public:
  // Opens the file, applies pending migrations in order inside transactions.
  static Result<Store> open(const std::string& path, db::Durability durability = db::Durability::Full);
  // As above; "db.schema_too_new" when the file was written by a newer program (it is not touched).
  static Result<Store> open(const std::string& path, const OpenOptions& options);

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  int schema_version() const;
  // Every call blocks on the disk, so the store belongs to one thread: the one that opened it,
  // until another adopts it. A call from any other thread aborts (a programmer error: the UI
  // thread must go through the store worker).
  void adopt_thread();

  // What the technician checks: the connection's settings and the file's integrity.
  struct Health {
    std::string journal_mode;  // "wal"
    int synchronous = 0;       // 2 = FULL
    bool foreign_keys = false;
    std::string integrity;     // "ok", or SQLite's first complaint
  };
  Result<Health> health();

  // Many ready orders in few large transactions, for benchmarks (pickup codes from
  // bulk_pickup_code(i)). Returns how many were added.
  Result<std::int64_t> seed_bulk_orders(std::int64_t n, IdGenerator& ids, const Clock& clock);
  // Folds the WAL into the main file (a clean file to copy or to open quickly).
  Status checkpoint();

  // Farmers
  Result<std::optional<Farmer>> farmer_by_member_code(std::string_view code);
  Result<std::optional<Farmer>> farmer_by_id(std::string_view id);
  // Phone digits match as a prefix or suffix; otherwise accent-insensitive name match
  // ("nguyen van" finds "Nguyễn Văn An").
  Result<std::vector<Farmer>> search_farmers(std::string_view query, int limit);
  // Inserts the farmer and a "farmer.registered" outbox event in one transaction.
  // "farmer.phone_taken" when another farmer has the phone.
  Result<Farmer> register_farmer(const NewFarmer& f, const std::string& event_id);
  // The same, with the print jobs it causes (the member card) in the same transaction.
  Result<Farmer> register_farmer(const NewFarmer& f, const std::string& event_id, const std::vector<NewPrintJob>& jobs);

  // Administrative units
  // Units of a kind ("province", "district", "commune") under parent_id, or all units of the kind
  // when parent_id is nullopt; in the order they were first stored. Retired units are included
  // (active = false) so old registrations still resolve; the UI offers only active ones.
  Result<std::vector<AdminUnit>> admin_units(std::string_view kind, std::optional<std::string_view> parent_id);
  Status upsert_admin_unit(const AdminUnit& u);
  Result<std::vector<std::string>> branches();
  // Association branches are listed in the order they were first added.
  Status upsert_branch(std::string_view name);

  // Catalogue
  Result<std::vector<Product>> products();
  Status upsert_product(const Product& p);

  // Drop-off: the drop-off, its items, one lot per item, the outbox event and the print jobs,
  // all in one transaction. Ids, lot codes and values are already set by the caller.
  // "db.constraint" when a lot code collides (the caller makes new codes and retries).
  Status commit_drop_off(const DropOff& d, const std::string& event_id, const std::vector<NewPrintJob>& jobs);
  Result<std::optional<DropOff>> drop_off_by_id(std::string_view id);
  // Voids a drop-off (docs/clerks.md): in one transaction the void's own row (the drop-off and
  // its items stay as they were), its lots marked voided, a "dropoff.voided" outbox event, the
  // audit entry and the print jobs (the void slip). Returns the drop-off voided.
  // "void.not_found", "void.already_voided" (nothing changes), "void.reason_required".
  Result<DropOff> void_drop_off(const DropOffVoid& v, const std::string& event_id, const AuditRecord& audit,
                                const std::vector<NewPrintJob>& jobs);
  Result<std::optional<DropOffVoid>> drop_off_void(std::string_view drop_off_id);
  // The next short number for a drop-off made at `at`: "PN-<local year>-<six digits>", one more
  // than the year's highest so far (docs/store.md). Taken in the commit's job on the store
  // thread; the UNIQUE index refuses a duplicate (db.constraint), and the caller tries again.
  Result<std::string> next_drop_off_number(UtcMillis at);

  // Orders (sent by the central server; demo data for now)
  Status upsert_order(const Order& o);
  // The code is matched after trimming and upper-casing (codes are ASCII).
  Result<std::optional<Order>> order_by_pickup_code(std::string_view code);
  Result<std::optional<Order>> order_by_id(std::string_view id);
  Result<std::int64_t> order_count();
  Result<std::optional<Pickup>> pickup_by_order(std::string_view order_id);
  Result<std::optional<Pickup>> pickup_by_id(std::string_view id);
  // Marks the order collected and records the pickup, its outbox event and print jobs in one
  // transaction. "pickup.already_collected" when it was collected before (nothing changes),
  // "pickup.not_ready" when cancelled or returned, "pickup.not_found" when there is no such order,
  // "pickup.amount_mismatch" when a cash-on-delivery order is not paid exactly its amount due.
  // Also "pickup.locked" when the order is locked, and "pickup.cash_short" when cash handed
  // over is less than the amount taken.
  Status record_pickup(const Pickup& p, const std::string& event_id, const std::vector<NewPrintJob>& jobs);
  // The same with the parcel counter's handover (store_packages.cpp): when the order has
  // packages, every one must be checked in and scanned ("pickup.package_not_here",
  // "pickup.package_unscanned", "pickup.package_wrong") and a signature drawn
  // ("pickup.signature_missing"). A cash-on-delivery order is then due its amount less the
  // refused lines' amounts ("pickup.refusal_invalid" for a line it has not, twice, every line,
  // or "other" without a note).
  Status record_pickup(const Pickup& p, const Handover& h, const std::string& event_id,
                       const std::vector<NewPrintJob>& jobs);
  // The pickup's signature picture (PNG bytes), empty when it has none.
  Result<std::string> pickup_signature(std::string_view pickup_id);

  // Packages (store_packages.cpp, docs/packages.md). An order's packages, in its order.
  Result<std::vector<Package>> packages_of_order(std::string_view order_id);
  // The package with this label (any canonical or scanned form), or nullopt.
  Result<std::optional<Package>> package_by_code(std::string_view code);
  // Checks the package in at its shelf place with its "package.checked_in" event, in one
  // transaction. "package.label" (and s10.*) for a label that is not one, "package.unknown",
  // "package.already_checked_in" (nothing changes), "package.order_not_ready", "package.shelf".
  Result<Package> check_in_package(const CheckIn& c);
  // A shelf place for the next package of the order: the place its other packages already
  // have, else the first free one of A-01..Z-NN (places_per_row per letter).
  Result<std::string> suggest_shelf(std::string_view order_id, int places_per_row);
  // What goes back with the driver at `now`: packages checked in whose hold ended, refused
  // packages, orders without packages whose hold ended, and refused items of packages the
  // buyer kept. Oldest first.
  Result<std::vector<ReturnEntry>> returns_due(UtcMillis now);
  // Scans one entry of that list out (a package label or an order's pickup code): status
  // returned, "package.returned" event, and "order.returned" when nothing of a ready order is
  // left here, in one transaction. "return.not_listed" when the code is not on the list.
  Result<ReturnEntry> return_out(std::string_view code, UtcMillis now, std::string_view clerk_id,
                                 const std::string& event_id, const std::string& order_event_id);

  // The buyer's last four phone digits, checked against the order in one write transaction.
  // A wrong guess is counted on the order (a rescan, a restart or another clerk does not reset
  // it); at max_attempts the order locks and further checks answer locked without comparing.
  // A right one clears the count. "pickup.phone_format" (nothing counted) unless exactly four
  // digits.
  struct PhoneCheck {
    bool ok = false;
    int attempts = 0;  // wrong tries so far
    bool locked = false;
  };
  Result<PhoneCheck> check_pickup_phone(std::string_view order_id, std::string_view last4, int max_attempts,
                                        UtcMillis now);
  // Releases a locked order (by pickup code) and records who did it in an "order.unlocked"
  // outbox event and in the audit log (entry audit_id). "pickup.not_found", "pickup.not_locked".
  Result<Order> unlock_order(std::string_view pickup_code, const std::string& event_id, std::string_view by,
                             UtcMillis now, const std::string& audit_id);

  // Stock (store_stock.cpp, docs/stock.md). Every lot not yet gone, oldest first, with its
  // latest shelf place.
  Result<std::vector<HeldLot>> held_lots();
  // Appends one move with its "lot.moved" event (and an audit entry when it writes off or
  // returns the lot) in one transaction. "stock.unknown_lot", "stock.lot_gone" (it left
  // already), "stock.bad_shelf", "stock.reason" (nothing changes).
  Status move_lot(const LotMove& m);
  // The count, its differences (each with a valid reason: stock.reason, stock.note), an audit
  // entry per difference, and a write-off for every missing lot, with one "stock.counted"
  // event, in one transaction.
  Status record_stock_count(const StockCountRecord& c);

  // The audit log (docs/audit.md). audit() appends one entry in its own transaction;
  // "audit.invalid" when it has no id, actor or action.
  Status audit(const AuditRecord& r);
  // Entries after seq, oldest first.
  Result<std::vector<audit::Entry>> audit_entries(std::int64_t after_seq, int limit);

  // Today (local day starting at day_start), newest first; query filters by name (accent-
  // insensitive), member code, pickup code or phone. A pickup's amount is what was paid at the
  // counter (0 for prepaid orders).
  Result<std::vector<TodayEntry>> today(UtcMillis day_start, std::string_view query, int limit);

  // Everything recorded in [from, to): the clerk's end-of-shift report. A voided drop-off is
  // not part of it (its figures left the day's).
  struct Activity {
    std::vector<DropOff> drop_offs;
    std::vector<Pickup> pickups;
  };
  Result<Activity> activity(UtcMillis from, UtcMillis to);

  // Print jobs
  // Jobs not finished, oldest first: queued ones (never handed to the printer) and sent ones
  // (handed over, never confirmed: they may be on paper).
  Result<std::vector<PrintJob>> unfinished_print_jobs();
  // Moves jobs in one transaction. Allowed: queued -> sent, sent -> printed | failed |
  // superseded, failed -> queued | printed. Marking a job with the status it has is a no-op.
  // Each move to printed or failed counts one attempt. "print.not_found",
  // "print.bad_transition" (nothing changes): a sent job never goes back to queued, so it is
  // never sent again as an original.
  Status mark_print_jobs(const std::vector<std::string>& ids, PrintStatus status);
  Status mark_print_job(std::string_view id, PrintStatus status);
  Status add_print_job(const NewPrintJob& j, UtcMillis now);
  // A job someone asked for that the audit log must show (a reprinted receipt), in one
  // transaction with its entry.
  Status add_print_job(const NewPrintJob& j, UtcMillis now, const AuditRecord& audit);
  // A job that was sent but never confirmed is replaced by `copy` (marked BẢN SAO where the
  // document has a copy mark) in one transaction: the original becomes superseded.
  Status supersede_print_job(std::string_view id, const NewPrintJob& copy, UtcMillis now);

  // Outbox
  Result<std::vector<OutboxEvent>> outbox_after(std::int64_t seq, int limit);

  // Sync with the centre (store_sync.cpp). The sync client runs these on its own connection.
  // Events neither acknowledged nor refused, oldest first: the next batch to push. Refused
  // events (dead letters) are skipped, so they never hold back the events behind them.
  Result<std::vector<OutboxEvent>> unsent_events(int limit);
  struct SyncCounts {
    std::int64_t unsent = 0;
    std::optional<UtcMillis> oldest_unsent_at;  // the kiosk's clock when the oldest was recorded
    std::int64_t dead = 0;                      // refused by the centre
    std::int64_t flags = 0;                     // conflicts kept for review
  };
  Result<SyncCounts> sync_counts();
  // What the centre answered for one pushed event: acknowledged (stored, or held already), or
  // refused with a reason. An event settles once; a later answer for it changes nothing.
  struct EventOutcome {
    std::int64_t seq = 0;
    bool acked = false;
    std::string code;    // refused: the centre's error code
    std::string reason;  // refused: its reason, for the technician
  };
  // Settles the events in one transaction. "sync.unknown_event" when a seq is not in the outbox.
  Status settle_events(const std::vector<EventOutcome>& outcomes, UtcMillis now);
  struct DeadLetter {
    OutboxEvent event;
    std::string code, reason;
    UtcMillis at = 0;
  };
  // Refused events, newest first.
  Result<std::vector<DeadLetter>> dead_letters(int limit);

  // What one pull brought: applied, with its cursor, in one transaction (apply_pull).
  struct PullBatch {
    std::string cursor;  // the centre's, opaque; saved with the batch
    std::vector<AdminUnit> units;
    std::vector<std::string> branches;
    std::vector<Product> products;
    std::vector<Farmer> farmers;
    std::vector<Order> orders;
    std::vector<ClerkAccount> clerks = {};  // this post office's accounts (docs/clerks.md)
    std::vector<Agent> agents = {};         // this post office's sales agents (docs/agents.md)
    // Flags the centre set: an order's review reason ("order_review"), a farmer's duplicate_of
    // ("duplicate_phone"). Kept beside the records for the technician.
    struct Flag {
      std::string kind, entity_id, other_id, detail;
    };
    std::vector<Flag> flags = {};
    // Farmers the centre merged (farmer_id into merged_into), docs/PROTOCOL.md 4.2.
    struct Merge {
      std::string farmer_id, merged_into;
      UtcMillis merged_at = 0;
    };
    std::vector<Merge> merges = {};
    std::vector<FarmerBalance> balances = {};  // farmers' balances (pull entity farmer_balance)
  };
  struct PullApplied {
    int units = 0, branches = 0, products = 0, farmers = 0, orders = 0, merges = 0, clerks = 0, balances = 0, agents = 0;
    int orders_kept_local = 0;  // a pickup recorded here and not yet acknowledged: the pulled copy waits
    int flagged = 0;            // conflicts flagged for review
  };
  // Applies the batch and saves its cursor in ONE transaction: either both land or neither.
  // The centre is the authority for orders, prices and units, with two rules (docs/PROTOCOL.md):
  // a pulled order never overwrites an order whose pickup was recorded here and not yet
  // acknowledged (and a pickup for an order the centre cancelled is kept and flagged); a farmer
  // whose phone another farmer already has is stored too, and both are flagged for merging.
  Result<PullApplied> apply_pull(const PullBatch& batch, UtcMillis now);
  struct SyncRecord {
    std::string pull_cursor;
    UtcMillis last_push_at = 0;  // last push the centre answered
    UtcMillis last_pull_at = 0;  // last pull the centre answered
    std::int64_t clock_offset_ms = 0;  // the kiosk's clock minus the centre's, at the last contact
    std::string phase = "not_enrolled";  // sync::SyncPhase as text, as the client last saw it
    std::string reason_code, reason_detail;
    UtcMillis offline_since = 0;
  };
  Result<SyncRecord> sync_record();
  // Forgets the pull cursor, so the next pull asks for a full snapshot: a kiosk enrolled again
  // (another centre, post office or identity) must not resume from the old one's position.
  Status forget_pull_cursor();
  // Records a push or pull the centre answered, and the clock offset it showed.
  Status note_contact(bool pull, UtcMillis at, std::int64_t clock_offset_ms);
  // The client's phase ("syncing", "up_to_date", "offline", "rejected") and why.
  Status save_sync_phase(std::string_view phase, std::string_view reason_code, std::string_view reason_detail,
                         UtcMillis offline_since);
  struct SyncFlag {
    std::string kind;  // "pickup_on_cancelled", "duplicate_phone", "order_review" (the centre asks)
    std::string entity_id, other_id, detail;
    UtcMillis at = 0;
  };
  Result<std::vector<SyncFlag>> sync_flags(int limit);

  // Clerks (store_clerks.cpp). A new PIN hash from the centre clears the account's failed tries
  // and its lock (a PIN reset is how a supervisor releases a clerk early).
  Status upsert_clerk(const ClerkAccount& a, UtcMillis now);
  // Every account of this post office, disabled ones too, by name.
  Result<std::vector<Clerk>> clerks();
  // Checks a PIN (Argon2id, about 0.2 s: never on the UI thread) and, in one transaction,
  // counts the try, locks the account at max_tries and writes the audit entry: clerk.signed_in,
  // clerk.pin_wrong, clerk.locked_out, clerk.refused (disabled, locked, or not a supervisor).
  // A locked or disabled account is refused without looking at the PIN.
  Result<PinCheck> check_clerk_pin(const PinAttempt& a);

  // Sales agents (store_agents.cpp, docs/agents.md). "sync.bad_batch" for a record the
  // centre should never have sent (no code, a rate out of range).
  Status upsert_agent(const Agent& a, UtcMillis now);
  // The agents who may bring produce here (not disabled), by name.
  Result<std::vector<Agent>> agents();
  // By the code on the agent's card, disabled ones too (the controller says so).
  Result<std::optional<Agent>> agent_by_code(std::string_view code);
  // The drop-offs of one agent's visit, oldest first, for the agent's summary.
  Result<std::vector<DropOff>> visit_drop_offs(std::string_view visit_id);
  // The drop-offs of the last visit whose summary was never printed (a restart or a power
  // cut ended it): the counter takes the visit up again. Empty when there is none.
  Result<std::vector<DropOff>> unfinished_visit();

  // Queue tickets (store_tickets.cpp, docs/self-service.md). The ticket and its print job
  // (made by `print` once the number is known) in one transaction; an open ticket of the same
  // farmer or order today is given back instead, with no job.
  using TicketPrint = std::function<Result<NewPrintJob>(const QueueTicket& t, int ahead)>;
  Result<IssuedTicket> issue_ticket(QueueTicket t, UtcMillis now, const TicketPrint& print);
  Result<QueueView> queue_today(UtcMillis now);
  // The counter calls the next number: its clerk's ticket called before is done, the oldest
  // waiting one is called. nullopt when nobody waits.
  Result<std::optional<QueueTicket>> call_next(const std::string& clerk_id, UtcMillis now);

  // Shifts and cash (store_shifts.cpp, docs/cash.md). One shift is open at a time: the drawer's.
  Result<std::optional<Shift>> current_shift();
  // Opens a shift with its float (a "float" movement) and a "shift.opened" event (id event_id),
  // with the audit entry, in one transaction. "shift.already_open", "shift.invalid".
  Status open_shift(const Shift& s, const std::string& event_id, const AuditRecord& audit);
  // A cash_in, cash_out or drawer_open movement into the open shift (a drawer opening may
  // come with none open), its "cash.moved" event (id = the movement's) and audit entry, in one
  // transaction. "shift.none_open", "cash.amount", "shift.invalid".
  Status record_cash_movement(const CashMovement& mv, const AuditRecord& audit);
  // The open shift's movements, and the reconciliation against `closing`. "shift.none_open".
  Result<ShiftFigures> shift_figures(const cash::CashCount& closing);
  struct ShiftClose {
    std::string shift_id;
    cash::CashCount closing;
    UtcMillis closed_at = 0;
    Dong expected = 0;  // as shown to the clerk and the supervisor: a change since is refused
    std::string signed_off_by, signed_off_name;
    // The unsent events the clerk was shown and answered about (the sign-off itself writes
    // an audit entry, so a count taken at the commit is never zero).
    std::int64_t unsent = 0;
    std::optional<UtcMillis> oldest_unsent_at;
    std::string kiosk_id;
    std::string event_id;
    AuditRecord audit;
    std::vector<NewPrintJob> jobs;  // the end-of-shift report
  };
  // Closes the open shift with its count and sign-off, its "shift.closed" event (the whole
  // report), audit entry and report, in one transaction. "shift.none_open", "shift.changed"
  // (a movement landed after the figures were shown; nothing changes).
  Result<Shift> close_shift(const ShiftClose& c);
  // What may be paid to a farmer now (docs/cash.md, Payouts).
  Result<PayoutRoom> payout_room(std::string_view farmer_id);
  // The payout, its movement in the open shift, its "payout.recorded" event, the audit entry
  // and the receipt, in one transaction. "shift.none_open", "payout.no_balance",
  // "payout.over_balance" (more than payout_room allows now), "payout.invalid".
  Status record_payout(const Payout& p, const AuditRecord& audit, const std::vector<NewPrintJob>& jobs);

  // Settings (kiosk id, clerk, enrolment)
  Result<std::optional<std::string>> setting(std::string_view key);
  Status set_setting(std::string_view key, std::string_view value);

 private:
  // Tests reach the connection through this (tests/unit/store/store_fixture.hpp); the product
  // has no way to.
  friend struct StoreTestAccess;
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace hp::store
