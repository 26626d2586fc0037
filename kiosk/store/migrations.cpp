#include "kiosk/store/migrations.hpp"

#include <array>
#include <string>

#include "kiosk/store/store.hpp"

namespace hp::store {
namespace {

// Version 1: the whole kiosk schema.
// CHECK constraints hold the invariants that must survive any bug above the store: weights and
// money are never negative, net = gross - tare for weighed items, statuses are closed sets.
// Tables whose inserts must append (outbox, print jobs) keep an integer rowid as their order.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE admin_units (
  id        TEXT PRIMARY KEY,
  kind      TEXT NOT NULL CHECK (kind IN ('province', 'district', 'commune')),
  name      TEXT NOT NULL CHECK (name <> ''),
  parent_id TEXT REFERENCES admin_units(id) DEFERRABLE INITIALLY DEFERRED,
  active    INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE INDEX admin_units_by_parent ON admin_units(kind, parent_id);

CREATE TABLE branches (
  name TEXT PRIMARY KEY CHECK (name <> '')
);

CREATE TABLE farmers (
  id          TEXT PRIMARY KEY,
  member_code TEXT NOT NULL UNIQUE CHECK (member_code <> ''),
  name        TEXT NOT NULL CHECK (name <> ''),
  search_key  TEXT NOT NULL,
  phone       TEXT UNIQUE CHECK (phone IS NULL OR (length(phone) BETWEEN 8 AND 15 AND phone NOT GLOB '*[^0-9]*')),
  phone_rev   TEXT,
  commune     TEXT NOT NULL DEFAULT '',
  district    TEXT NOT NULL DEFAULT '',
  branch      TEXT NOT NULL DEFAULT '',
  cooperative TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL
);
CREATE INDEX farmers_by_search_key ON farmers(search_key);
CREATE INDEX farmers_by_phone_rev ON farmers(phone_rev);

CREATE TABLE products (
  id      TEXT PRIMARY KEY,
  sku     TEXT NOT NULL UNIQUE CHECK (sku <> ''),
  name_vi TEXT NOT NULL CHECK (name_vi <> ''),
  name_en TEXT NOT NULL DEFAULT '',
  unit    TEXT NOT NULL CHECK (unit IN ('kg', 'piece')),
  gtin    TEXT CHECK (gtin IS NULL OR (length(gtin) = 14 AND gtin NOT GLOB '*[^0-9]*')),
  image   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE product_prices (
  product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
  grade      TEXT NOT NULL CHECK (grade <> ''),
  price      INTEGER NOT NULL CHECK (price >= 0),
  PRIMARY KEY (product_id, grade)
) WITHOUT ROWID;

CREATE TABLE drop_offs (
  id          TEXT PRIMARY KEY,
  farmer_id   TEXT NOT NULL REFERENCES farmers(id),
  farmer_name TEXT NOT NULL,
  search_key  TEXT NOT NULL,
  clerk       TEXT NOT NULL,
  kiosk_id    TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  total       INTEGER NOT NULL CHECK (total >= 0)
);
CREATE INDEX drop_offs_by_time ON drop_offs(created_at);

CREATE TABLE drop_off_items (
  id           TEXT PRIMARY KEY,
  drop_off_id  TEXT NOT NULL REFERENCES drop_offs(id),
  line         INTEGER NOT NULL CHECK (line >= 0),
  product_id   TEXT NOT NULL REFERENCES products(id),
  product_name TEXT NOT NULL,
  grade        TEXT NOT NULL,
  unit         TEXT NOT NULL CHECK (unit IN ('kg', 'piece')),
  gross_mg     INTEGER NOT NULL CHECK (gross_mg >= 0),
  tare_mg      INTEGER NOT NULL CHECK (tare_mg >= 0),
  net_mg       INTEGER NOT NULL CHECK (net_mg >= 0),
  pieces       INTEGER NOT NULL CHECK (pieces >= 0),
  unit_price   INTEGER NOT NULL CHECK (unit_price >= 0),
  value        INTEGER NOT NULL CHECK (value >= 0),
  UNIQUE (drop_off_id, line),
  CHECK ((unit = 'kg' AND net_mg = gross_mg - tare_mg) OR (unit = 'piece' AND net_mg = 0))
);

CREATE TABLE lots (
  id          TEXT PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE CHECK (code <> ''),
  item_id     TEXT NOT NULL UNIQUE REFERENCES drop_off_items(id),
  drop_off_id TEXT NOT NULL REFERENCES drop_offs(id),
  created_at  INTEGER NOT NULL
);

CREATE TABLE orders (
  seq              INTEGER PRIMARY KEY,
  id               TEXT NOT NULL UNIQUE,
  pickup_code      TEXT NOT NULL UNIQUE CHECK (pickup_code <> ''),
  buyer_name       TEXT NOT NULL,
  buyer_phone      TEXT NOT NULL CHECK (buyer_phone NOT GLOB '*[^0-9]*'),
  status           TEXT NOT NULL CHECK (status IN ('ready', 'collected', 'cancelled', 'returned')),
  cash_on_delivery INTEGER NOT NULL CHECK (cash_on_delivery IN (0, 1)),
  amount_due       INTEGER NOT NULL CHECK (amount_due >= 0),
  total            INTEGER NOT NULL CHECK (total >= 0),
  shelf            TEXT NOT NULL DEFAULT '',
  created_at       INTEGER NOT NULL,
  hold_until       INTEGER NOT NULL,
  CHECK (cash_on_delivery = 1 OR amount_due = 0)
);

-- Items hang off the order's integer key: short keys keep the pickup lookup to small seeks.
CREATE TABLE order_items (
  order_seq     INTEGER NOT NULL REFERENCES orders(seq) ON DELETE CASCADE,
  line          INTEGER NOT NULL CHECK (line >= 0),
  product_name  TEXT NOT NULL,
  quantity_text TEXT NOT NULL,
  amount        INTEGER NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (order_seq, line)
) WITHOUT ROWID;

CREATE TABLE pickups (
  id           TEXT PRIMARY KEY,
  order_id     TEXT NOT NULL UNIQUE REFERENCES orders(id),
  pickup_code  TEXT NOT NULL,
  buyer_name   TEXT NOT NULL,
  search_key   TEXT NOT NULL,
  method       TEXT NOT NULL CHECK (method IN ('prepaid', 'cash', 'vietqr')),
  amount_paid  INTEGER NOT NULL CHECK (amount_paid >= 0),
  clerk        TEXT NOT NULL,
  kiosk_id     TEXT NOT NULL,
  collected_at INTEGER NOT NULL
);
CREATE INDEX pickups_by_time ON pickups(collected_at);

CREATE TABLE print_jobs (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL CHECK (kind <> ''),
  ref_id     TEXT NOT NULL,
  payload    BLOB NOT NULL,
  copy       INTEGER NOT NULL CHECK (copy IN (0, 1)),
  status     TEXT NOT NULL CHECK (status IN ('queued', 'printed', 'failed')),
  attempts   INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  created_at INTEGER NOT NULL
);
CREATE INDEX print_jobs_by_status ON print_jobs(status, seq);

CREATE TABLE outbox (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL CHECK (kind <> ''),
  entity_id  TEXT NOT NULL,
  payload    TEXT NOT NULL CHECK (json_valid(payload)),
  created_at INTEGER NOT NULL
);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
)sql";

// Trust: print jobs learn "sent" (handed to the printer, unconfirmed: never sent again as an
// original) and "superseded" (replaced by a copy); their kinds become a closed set. Wrong phone
// attempts are kept per order, so a rescan, a restart or another clerk does not reset them.
// A pickup records the cash the buyer handed over.
constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE print_jobs_v2 (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL CHECK (kind IN ('dropoff_receipt', 'label', 'pickup_receipt', 'shift_report')),
  ref_id     TEXT NOT NULL,
  payload    BLOB NOT NULL,
  copy       INTEGER NOT NULL CHECK (copy IN (0, 1)),
  status     TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'printed', 'failed', 'superseded')),
  attempts   INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  created_at INTEGER NOT NULL
);
INSERT INTO print_jobs_v2(seq, id, kind, ref_id, payload, copy, status, attempts, created_at)
  SELECT seq, id, kind, ref_id, payload, copy, status, attempts, created_at FROM print_jobs;
DROP TABLE print_jobs;
ALTER TABLE print_jobs_v2 RENAME TO print_jobs;
CREATE INDEX print_jobs_by_status ON print_jobs(status, seq);

ALTER TABLE orders ADD COLUMN phone_attempts INTEGER NOT NULL DEFAULT 0 CHECK (phone_attempts >= 0);
ALTER TABLE orders ADD COLUMN locked_at INTEGER;

ALTER TABLE pickups ADD COLUMN cash_tendered INTEGER NOT NULL DEFAULT 0 CHECK (cash_tendered >= 0);
)sql";

// Sync with the centre. The outbox stays append-only: what became of each event lives beside
// it in outbox_sync (acknowledged by the centre, or refused with a reason: a dead letter the
// technician sees, which never holds back the events behind it). An event with no row there
// is unsent. sync_state is one row: the pull cursor (the centre's, opaque) saved in the
// transaction that applies what was pulled, the floor below which every event is settled (so
// finding the next batch never rescans the settled past), and the last contact.
// Farmers lose UNIQUE(phone): a farmer registered offline at two counters with one phone is
// kept twice and flagged for merging (sync_flags), so a pull never fails on it. The counter's
// own registration still refuses a phone it already holds (Store::register_farmer).
constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE outbox_sync (
  seq        INTEGER PRIMARY KEY REFERENCES outbox(seq),
  state      TEXT NOT NULL CHECK (state IN ('acked', 'dead')),
  at         INTEGER NOT NULL,
  code       TEXT NOT NULL DEFAULT '',
  reason     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_sync_dead ON outbox_sync(state, seq);

CREATE TABLE sync_state (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  pull_cursor      TEXT NOT NULL DEFAULT '',
  settled_floor    INTEGER NOT NULL DEFAULT 0 CHECK (settled_floor >= 0),
  last_push_at     INTEGER NOT NULL DEFAULT 0,
  last_pull_at     INTEGER NOT NULL DEFAULT 0,
  clock_offset_ms  INTEGER NOT NULL DEFAULT 0,
  -- The sync client's phase as it last published it, for kioskctl and the next start.
  phase            TEXT NOT NULL DEFAULT 'not_enrolled'
                   CHECK (phase IN ('not_enrolled', 'syncing', 'up_to_date', 'offline', 'rejected')),
  reason_code      TEXT NOT NULL DEFAULT '',
  reason_detail    TEXT NOT NULL DEFAULT '',
  offline_since    INTEGER NOT NULL DEFAULT 0
);
INSERT INTO sync_state(id) VALUES (1);

-- Conflicts the written rules keep and flag for review (docs/PROTOCOL.md): a pickup recorded
-- for an order the centre cancelled, two farmers with one phone.
CREATE TABLE sync_flags (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  kind       TEXT NOT NULL CHECK (kind IN ('pickup_on_cancelled', 'duplicate_phone', 'order_review')),
  entity_id  TEXT NOT NULL,
  other_id   TEXT NOT NULL DEFAULT '',
  detail     TEXT NOT NULL DEFAULT '',
  at         INTEGER NOT NULL,
  UNIQUE (kind, entity_id, other_id)
);

CREATE TABLE farmers_v3 (
  id          TEXT PRIMARY KEY,
  member_code TEXT NOT NULL UNIQUE CHECK (member_code <> ''),
  name        TEXT NOT NULL CHECK (name <> ''),
  search_key  TEXT NOT NULL,
  phone       TEXT CHECK (phone IS NULL OR (length(phone) BETWEEN 8 AND 15 AND phone NOT GLOB '*[^0-9]*')),
  phone_rev   TEXT,
  commune     TEXT NOT NULL DEFAULT '',
  district    TEXT NOT NULL DEFAULT '',
  branch      TEXT NOT NULL DEFAULT '',
  cooperative TEXT NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL
);
INSERT INTO farmers_v3 SELECT id, member_code, name, search_key, phone, phone_rev, commune, district, branch,
  cooperative, created_at FROM farmers;
DROP TABLE farmers;
ALTER TABLE farmers_v3 RENAME TO farmers;
CREATE INDEX farmers_by_search_key ON farmers(search_key);
CREATE INDEX farmers_by_phone ON farmers(phone);
CREATE INDEX farmers_by_phone_rev ON farmers(phone_rev);
)sql";

// Version 4: short numbers people can say, print and search (docs/store.md, "Short numbers").
constexpr const char* kSchemaV4 = R"sql(
ALTER TABLE drop_offs ADD COLUMN number TEXT CHECK (number IS NULL OR number GLOB 'PN-[0-9][0-9][0-9][0-9]-[0-9]*');
CREATE UNIQUE INDEX drop_offs_by_number ON drop_offs(number);
ALTER TABLE orders ADD COLUMN number TEXT CHECK (number IS NULL OR number <> '');
CREATE INDEX orders_by_number ON orders(number);
)sql";

// Version 5: the audit log (docs/audit.md). Append-only and hash-chained: each row's hash
// covers its fields and the row before's hash. Triggers refuse an UPDATE or DELETE, so an edit
// needs a tool that bypasses SQLite's rules, and then the chain shows it.
constexpr const char* kSchemaV5 = R"sql(
CREATE TABLE audit_log (
  seq        INTEGER PRIMARY KEY CHECK (seq >= 1),
  id         TEXT NOT NULL UNIQUE,
  at         INTEGER NOT NULL,
  actor      TEXT NOT NULL CHECK (actor <> ''),
  action     TEXT NOT NULL CHECK (action <> ''),
  subject    TEXT NOT NULL DEFAULT '',
  detail     TEXT NOT NULL DEFAULT '',
  prev_hash  TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash       TEXT NOT NULL CHECK (length(hash) = 64)
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)sql";

// A counter with a label printer beside the receipt printer: each job names the printer it
// was composed for.
constexpr const char* kSchemaV6 = R"sql(
ALTER TABLE print_jobs ADD COLUMN printer TEXT NOT NULL DEFAULT 'receipt' CHECK (printer IN ('receipt', 'label'));
)sql";

// Version 7: farmers merged at the centre (the dashboard's conflicts queue, docs/PROTOCOL.md
// 4.2 farmer_merge). The duplicate's row stays, so its drop-offs keep their reference; the
// mark hides it from search and sends its member card to the farmer kept. A mark may arrive
// before the duplicate's record does, so it references nothing.
constexpr const char* kSchemaV7 = R"sql(
CREATE TABLE farmer_merges (
  farmer_id   TEXT PRIMARY KEY,
  merged_into TEXT NOT NULL CHECK (merged_into <> farmer_id),
  merged_at   INTEGER NOT NULL
);
)sql";

// Version 8: clerks' accounts from the centre and their sign-in tries (docs/clerks.md), and the
// clerk's account id on every record. Failed tries and the lock live in their own table, so a
// pull that brings the account again does not reset them, and a restart keeps a lockout.
constexpr const char* kSchemaV8 = R"sql(
CREATE TABLE clerks (
  id         TEXT PRIMARY KEY CHECK (id <> ''),
  name       TEXT NOT NULL CHECK (name <> ''),
  role       TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'technician')),
  badge      TEXT CHECK (badge IS NULL OR badge <> ''),
  pin_hash   TEXT NOT NULL CHECK (pin_hash GLOB '$argon2id$*'),
  disabled   INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX clerks_by_badge ON clerks(badge) WHERE badge IS NOT NULL;
CREATE TABLE clerk_tries (
  clerk_id     TEXT PRIMARY KEY REFERENCES clerks(id),
  failed       INTEGER NOT NULL DEFAULT 0 CHECK (failed >= 0),
  locked_until INTEGER NOT NULL DEFAULT 0
);
ALTER TABLE drop_offs ADD COLUMN clerk_id TEXT NOT NULL DEFAULT '';
ALTER TABLE pickups ADD COLUMN clerk_id TEXT NOT NULL DEFAULT '';
)sql";

// Packages of orders from arrival to handover or return (docs/packages.md).
constexpr const char* kSchemaV9 = R"sql(
CREATE TABLE packages (
  code           TEXT PRIMARY KEY CHECK (code <> ''),  -- the label: UPU S10 or a kiosk crate code
  order_id       TEXT NOT NULL REFERENCES orders(id),
  line           INTEGER NOT NULL CHECK (line >= 0),   -- its place in the order's list
  items          TEXT NOT NULL DEFAULT '[]',           -- JSON array of the order's item lines it holds
  status         TEXT NOT NULL DEFAULT 'expected'
                 CHECK (status IN ('expected', 'checked_in', 'handed_over', 'refused', 'returned')),
  shelf          TEXT NOT NULL DEFAULT '',
  checked_in_at  INTEGER,
  checked_in_by  TEXT NOT NULL DEFAULT '',
  hold_until     INTEGER,
  pickup_id      TEXT REFERENCES pickups(id),
  handed_over_at INTEGER,
  returned_at    INTEGER,
  return_reason  TEXT NOT NULL DEFAULT '' CHECK (return_reason IN ('', 'expired', 'refused')),
  CHECK (status = 'expected' OR checked_in_at IS NOT NULL)
);
CREATE INDEX packages_by_order ON packages(order_id, line);
CREATE INDEX packages_on_shelf ON packages(status, hold_until);
-- Item lines the buyer refused at the counter; they go back with the return run.
CREATE TABLE pickup_refusals (
  pickup_id    TEXT NOT NULL REFERENCES pickups(id),
  line         INTEGER NOT NULL CHECK (line >= 0),
  order_id     TEXT NOT NULL REFERENCES orders(id),
  product_name TEXT NOT NULL,
  amount       INTEGER NOT NULL CHECK (amount >= 0),
  reason       TEXT NOT NULL CHECK (reason IN ('damaged', 'wrong_item', 'changed_mind', 'other')),
  note         TEXT NOT NULL DEFAULT '',
  package_code TEXT NOT NULL DEFAULT '',  -- the package it came in, '' when the order has none
  returned_at  INTEGER,
  PRIMARY KEY (pickup_id, line),
  CHECK (reason <> 'other' OR note <> '')
) WITHOUT ROWID;
-- Proof of pickup: the buyer's signature (PNG) and whether the phone digits were checked.
ALTER TABLE pickups ADD COLUMN signature_png BLOB;
ALTER TABLE pickups ADD COLUMN phone_checked INTEGER NOT NULL DEFAULT 1 CHECK (phone_checked IN (0, 1));
ALTER TABLE orders ADD COLUMN returned_at INTEGER;
-- Print jobs gain the return list and the return slips (the closed set of kinds is a CHECK).
CREATE TABLE print_jobs_v9 (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL CHECK (kind IN ('dropoff_receipt', 'label', 'pickup_receipt', 'shift_report', 'return_list',
                                           'return_slip')),
  ref_id     TEXT NOT NULL,
  payload    BLOB NOT NULL,
  copy       INTEGER NOT NULL CHECK (copy IN (0, 1)),
  status     TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'printed', 'failed', 'superseded')),
  attempts   INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  created_at INTEGER NOT NULL,
  printer    TEXT NOT NULL DEFAULT 'receipt' CHECK (printer IN ('receipt', 'label'))
);
INSERT INTO print_jobs_v9(seq, id, kind, ref_id, payload, copy, status, attempts, created_at, printer)
  SELECT seq, id, kind, ref_id, payload, copy, status, attempts, created_at, printer FROM print_jobs;
DROP TABLE print_jobs;
ALTER TABLE print_jobs_v9 RENAME TO print_jobs;
CREATE INDEX print_jobs_by_status ON print_jobs(status, seq);
)sql";

// Version 10: supervisor approvals at drop-off and farmers' registration (docs/clerks.md,
// docs/store.md). An item records a weight typed by hand and a price other than the list's,
// and who approved each. A void is a row of its own (the drop-off is never changed or
// deleted), one per drop-off; its lots are marked. Farmers get the CCCD number (kept here
// for the member card's mask and the centre; never shown whole) and the VietGAP certificate.
// Print jobs learn two kinds (the member card, the void slip): the closed set of kinds is
// widened by rebuilding the table, as versions 2 and 9 did.
constexpr const char* kSchemaV10 = R"sql(
ALTER TABLE drop_off_items ADD COLUMN weight_manual INTEGER NOT NULL DEFAULT 0 CHECK (weight_manual IN (0, 1));
ALTER TABLE drop_off_items ADD COLUMN weight_by TEXT NOT NULL DEFAULT '';
ALTER TABLE drop_off_items ADD COLUMN list_price INTEGER NOT NULL DEFAULT 0 CHECK (list_price >= 0);
ALTER TABLE drop_off_items ADD COLUMN price_by TEXT NOT NULL DEFAULT '';

CREATE TABLE drop_off_voids (
  id          TEXT PRIMARY KEY CHECK (id <> ''),
  drop_off_id TEXT NOT NULL UNIQUE REFERENCES drop_offs(id),
  reason      TEXT NOT NULL CHECK (reason <> ''),
  clerk_id    TEXT NOT NULL,
  approved_by TEXT NOT NULL CHECK (approved_by <> ''),
  voided_at   INTEGER NOT NULL
);
ALTER TABLE lots ADD COLUMN voided_at INTEGER;

ALTER TABLE farmers ADD COLUMN citizen_id TEXT NOT NULL DEFAULT ''
  CHECK (citizen_id = '' OR (length(citizen_id) = 12 AND citizen_id NOT GLOB '*[^0-9]*'));
ALTER TABLE farmers ADD COLUMN vietgap TEXT NOT NULL DEFAULT '';

CREATE TABLE print_jobs_v10 (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL CHECK (kind IN ('dropoff_receipt', 'label', 'pickup_receipt', 'shift_report', 'return_list',
                                           'return_slip', 'member_card', 'void_slip')),
  ref_id     TEXT NOT NULL,
  payload    BLOB NOT NULL,
  copy       INTEGER NOT NULL CHECK (copy IN (0, 1)),
  status     TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'printed', 'failed', 'superseded')),
  attempts   INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  created_at INTEGER NOT NULL,
  printer    TEXT NOT NULL DEFAULT 'receipt' CHECK (printer IN ('receipt', 'label'))
);
INSERT INTO print_jobs_v10(seq, id, kind, ref_id, payload, copy, status, attempts, created_at, printer)
  SELECT seq, id, kind, ref_id, payload, copy, status, attempts, created_at, printer FROM print_jobs;
DROP TABLE print_jobs;
ALTER TABLE print_jobs_v10 RENAME TO print_jobs;
CREATE INDEX print_jobs_by_status ON print_jobs(status, seq);
)sql";

// Version 11: shifts at the cash drawer and every movement of its cash (docs/cash.md), farmers'
// payouts, and farmers' balances from the centre. One open shift at a time (the drawer's). A
// count is kept as the pieces of each banknote, largest first (a JSON array of nine). A cash
// movement taken while no shift was open has no shift (the next float count holds that cash).
// print_jobs is rebuilt to allow the payout receipt.
constexpr const char* kSchemaV11 = R"sql(
CREATE TABLE shifts (
  id               TEXT PRIMARY KEY CHECK (id <> ''),
  clerk_id         TEXT NOT NULL CHECK (clerk_id <> ''),
  clerk            TEXT NOT NULL,
  opened_at        INTEGER NOT NULL,
  float_count      TEXT NOT NULL CHECK (json_valid(float_count) AND json_array_length(float_count) = 9),
  float_total      INTEGER NOT NULL CHECK (float_total >= 0),
  closed_at        INTEGER,
  closing_count    TEXT CHECK (closing_count IS NULL OR (json_valid(closing_count) AND json_array_length(closing_count) = 9)),
  expected         INTEGER,
  counted          INTEGER CHECK (counted IS NULL OR counted >= 0),
  difference       INTEGER,
  signed_off_by    TEXT,
  unsent_at_close  INTEGER CHECK (unsent_at_close IS NULL OR unsent_at_close >= 0),
  oldest_unsent_at INTEGER,
  CHECK ((closed_at IS NULL) = (counted IS NULL) AND (closed_at IS NULL) = (signed_off_by IS NULL)),
  CHECK (closed_at IS NULL OR (closed_at >= opened_at AND difference = counted - expected))
);
CREATE UNIQUE INDEX shifts_one_open ON shifts((closed_at IS NULL)) WHERE closed_at IS NULL;

CREATE TABLE cash_movements (
  id          TEXT PRIMARY KEY CHECK (id <> ''),
  shift_id    TEXT REFERENCES shifts(id),
  kind        TEXT NOT NULL CHECK (kind IN ('float', 'cod_cash', 'payout', 'cash_in', 'cash_out', 'drawer_open')),
  amount      INTEGER NOT NULL CHECK (amount >= 0 AND ((kind = 'drawer_open') = (amount = 0) OR kind = 'float')),
  at          INTEGER NOT NULL,
  clerk_id    TEXT NOT NULL,
  ref         TEXT NOT NULL DEFAULT '',
  approved_by TEXT NOT NULL DEFAULT '',
  CHECK (kind IN ('cod_cash', 'drawer_open') OR shift_id IS NOT NULL)
);
CREATE INDEX cash_movements_by_shift ON cash_movements(shift_id, at);

CREATE TABLE payouts (
  id               TEXT PRIMARY KEY REFERENCES cash_movements(id),
  farmer_id        TEXT NOT NULL REFERENCES farmers(id),
  farmer_name      TEXT NOT NULL,
  amount           INTEGER NOT NULL CHECK (amount > 0),
  shift_id         TEXT NOT NULL REFERENCES shifts(id),
  at               INTEGER NOT NULL,
  clerk_id         TEXT NOT NULL,
  clerk            TEXT NOT NULL,
  approved_by      TEXT NOT NULL CHECK (approved_by <> ''),
  available_before INTEGER NOT NULL CHECK (available_before >= amount),
  signature_ref    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX payouts_by_farmer ON payouts(farmer_id, at);

CREATE TABLE farmer_balances (
  farmer_id    TEXT PRIMARY KEY CHECK (farmer_id <> ''),
  sold_value   INTEGER NOT NULL,
  paid         INTEGER NOT NULL,
  balance      INTEGER NOT NULL,
  as_of        INTEGER NOT NULL,
  paid_through TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(paid_through)),
  pulled_at    INTEGER NOT NULL
);

CREATE TABLE print_jobs_v11 (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL CHECK (kind IN ('dropoff_receipt', 'label', 'pickup_receipt', 'shift_report', 'return_list',
                                           'return_slip', 'member_card', 'void_slip', 'payout_receipt')),
  ref_id     TEXT NOT NULL,
  payload    BLOB NOT NULL,
  copy       INTEGER NOT NULL CHECK (copy IN (0, 1)),
  status     TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'printed', 'failed', 'superseded')),
  attempts   INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  created_at INTEGER NOT NULL,
  printer    TEXT NOT NULL DEFAULT 'receipt' CHECK (printer IN ('receipt', 'label'))
);
INSERT INTO print_jobs_v11(seq, id, kind, ref_id, payload, copy, status, attempts, created_at, printer)
  SELECT seq, id, kind, ref_id, payload, copy, status, attempts, created_at, printer FROM print_jobs;
DROP TABLE print_jobs;
ALTER TABLE print_jobs_v11 RENAME TO print_jobs;
CREATE INDEX print_jobs_by_status ON print_jobs(status, seq);
)sql";

// Version 12: produce held at the post office (docs/stock.md). Each product's shelf life comes
// from the centre (NULL: not known). What happens to a lot is appended, never updated: it is
// shelved (a place), marked down, or leaves (sent on, returned, written off); its place and
// whether it is still held are the latest of those. A stock count keeps every difference with
// its reason.
constexpr const char* kSchemaV12 = R"sql(
ALTER TABLE products ADD COLUMN shelf_life_days INTEGER CHECK (shelf_life_days IS NULL OR shelf_life_days >= 0);
ALTER TABLE products ADD COLUMN shelf_warn_days INTEGER NOT NULL DEFAULT 0 CHECK (shelf_warn_days >= 0);
CREATE TABLE lot_moves (
  id       TEXT PRIMARY KEY,
  lot_id   TEXT NOT NULL REFERENCES lots(id),
  kind     TEXT NOT NULL CHECK (kind IN ('shelved', 'marked_down', 'sent_on', 'returned', 'written_off')),
  shelf    TEXT NOT NULL DEFAULT '',
  reason   TEXT NOT NULL DEFAULT '',
  clerk_id TEXT NOT NULL,
  at       INTEGER NOT NULL
);
CREATE INDEX lot_moves_by_lot ON lot_moves(lot_id, at);
CREATE TABLE stock_counts (
  id          TEXT PRIMARY KEY,
  clerk_id    TEXT NOT NULL,
  at          INTEGER NOT NULL,
  lots_held   INTEGER NOT NULL CHECK (lots_held >= 0),
  lots_counted INTEGER NOT NULL CHECK (lots_counted >= 0)
);
CREATE TABLE stock_differences (
  count_id    TEXT NOT NULL REFERENCES stock_counts(id),
  lot_code    TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('missing', 'unexpected', 'weight')),
  expected_mg INTEGER NOT NULL,
  counted_mg  INTEGER NOT NULL,
  reason      TEXT NOT NULL CHECK (reason IN ('spoiled', 'shrinkage', 'mix_up', 'sold_unrecorded', 'other')),
  note        TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (count_id, lot_code)
) WITHOUT ROWID;
)sql";

// Version 13: sales agents (docs/agents.md). Agents come from the centre; a drop-off an agent
// brought names them, its visit, and the commission at the rate of the day. The print jobs
// gain the agent's summary of a visit and the self-service kiosk's queue ticket (the kind list is checked, so the table is rebuilt as
// in 6, 9 and 11).
constexpr const char* kSchemaV13 = R"sql(
CREATE TABLE agents (
  id            TEXT PRIMARY KEY CHECK (id <> ''),
  code          TEXT NOT NULL UNIQUE CHECK (code <> ''),
  name          TEXT NOT NULL CHECK (name <> ''),
  phone         TEXT NOT NULL,
  commission_bp INTEGER NOT NULL CHECK (commission_bp BETWEEN 0 AND 3000),
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  pulled_at     INTEGER NOT NULL
);
ALTER TABLE drop_offs ADD COLUMN agent_id TEXT NOT NULL DEFAULT '';
ALTER TABLE drop_offs ADD COLUMN agent_code TEXT NOT NULL DEFAULT '';
ALTER TABLE drop_offs ADD COLUMN agent_name TEXT NOT NULL DEFAULT '';
ALTER TABLE drop_offs ADD COLUMN agent_visit_id TEXT NOT NULL DEFAULT '';
ALTER TABLE drop_offs ADD COLUMN agent_commission_bp INTEGER NOT NULL DEFAULT 0
  CHECK (agent_commission_bp BETWEEN 0 AND 3000);
ALTER TABLE drop_offs ADD COLUMN agent_commission INTEGER NOT NULL DEFAULT 0 CHECK (agent_commission >= 0);
CREATE INDEX drop_offs_by_visit ON drop_offs(agent_visit_id) WHERE agent_visit_id <> '';

CREATE TABLE print_jobs_v13 (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  id         TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL CHECK (kind IN ('dropoff_receipt', 'label', 'pickup_receipt', 'shift_report', 'return_list',
                                           'return_slip', 'member_card', 'void_slip', 'payout_receipt',
                                           'agent_summary', 'queue_ticket')),
  ref_id     TEXT NOT NULL,
  payload    BLOB NOT NULL,
  copy       INTEGER NOT NULL CHECK (copy IN (0, 1)),
  status     TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'printed', 'failed', 'superseded')),
  attempts   INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  created_at INTEGER NOT NULL,
  printer    TEXT NOT NULL DEFAULT 'receipt' CHECK (printer IN ('receipt', 'label'))
);
INSERT INTO print_jobs_v13(seq, id, kind, ref_id, payload, copy, status, attempts, created_at, printer)
  SELECT seq, id, kind, ref_id, payload, copy, status, attempts, created_at, printer FROM print_jobs;
DROP TABLE print_jobs;
ALTER TABLE print_jobs_v13 RENAME TO print_jobs;
CREATE INDEX print_jobs_by_status ON print_jobs(status, seq);
)sql";

// Version 14: queue tickets (docs/self-service.md), taken at the self-service kiosk and
// called at the counter; numbered from 1 each day.
constexpr const char* kSchemaV14 = R"sql(
CREATE TABLE queue_tickets (
  id          TEXT PRIMARY KEY,
  day         INTEGER NOT NULL,
  number      INTEGER NOT NULL CHECK (number > 0),
  kind        TEXT NOT NULL CHECK (kind IN ('pickup', 'dropoff')),
  farmer_id   TEXT NOT NULL DEFAULT '',
  pickup_code TEXT NOT NULL DEFAULT '',
  label       TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'done')),
  created_at  INTEGER NOT NULL,
  called_at   INTEGER NOT NULL DEFAULT 0,
  called_by   TEXT NOT NULL DEFAULT '',
  UNIQUE (day, number)
);
CREATE INDEX queue_tickets_open ON queue_tickets(day, status, number);
)sql";

constexpr std::array kMigrations{
    Migration{1, "kiosk schema", kSchemaV1},
    Migration{2, "trust: print job states, phone attempts, cash tendered", kSchemaV2},
    Migration{3, "sync: acknowledgements, dead letters, pull cursor, flags; farmers' phones not unique", kSchemaV3,
              true},
    Migration{4, "short drop-off and order numbers", kSchemaV4},
    Migration{5, "hash-chained audit log", kSchemaV5},
    Migration{6, "print jobs name their printer (receipt or label)", kSchemaV6},
    Migration{7, "farmers merged at the centre", kSchemaV7},
    Migration{8, "clerks, sign-in tries, the clerk's id on records", kSchemaV8},
    Migration{9, "packages: check-in, handover by scan, refusals, signature, returns", kSchemaV9, true},
    Migration{10, "approvals at drop-off (manual weight, price, void), CCCD and VietGAP, member cards", kSchemaV10},
    Migration{11, "shifts, cash movements, payouts, farmers' balances; the payout receipt", kSchemaV11, true},
    Migration{12, "stock: shelf life, lot moves, stock counts", kSchemaV12},
    Migration{13, "sales agents: their drop-offs, visits and commission; the agent's summary", kSchemaV13, true},
    Migration{14, "queue tickets of the self-service kiosk", kSchemaV14},
};

static_assert(kMigrations.back().version == kSchemaVersion, "kSchemaVersion must name the last migration");

constexpr const char* kBootstrap = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER) * 1000)
);
)sql";

}  // namespace

std::span<const Migration> kiosk_migrations() { return kMigrations; }

Result<int> schema_version_of(const db::Db& db) {
  auto s = db.prepare("PRAGMA user_version");
  if (!s) return std::unexpected(s.error());
  auto row = s->step();
  if (!row) return std::unexpected(row.error());
  return *row ? static_cast<int>(s->i64(0)) : 0;
}

Result<int> migrate(const db::Db& db, std::span<const Migration> steps) {
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].version != static_cast<int>(i) + 1)
      return fail("db.migration", "migration steps must be numbered 1, 2, 3... without gaps");
  }
  const int latest = static_cast<int>(steps.size());

  auto current = schema_version_of(db);
  if (!current) return std::unexpected(current.error());
  if (*current > latest)
    return fail("db.schema_too_new", "the database is at schema version " + std::to_string(*current) +
                                         " but this program knows only up to " + std::to_string(latest) +
                                         "; refusing to open it (install the newer program)");

  int applied = 0;
  for (int v = *current + 1; v <= latest; ++v) {
    const Migration& m = steps[static_cast<std::size_t>(v - 1)];
    // A table rebuilt under its references (SQLite's documented procedure): foreign keys off
    // for the step (the pragma is a no-op inside a transaction), checked before the commit.
    if (m.rebuilds_tables)
      if (auto s = db.exec("PRAGMA foreign_keys = OFF"); !s) return std::unexpected(s.error());
    struct KeysBackOn {
      const db::Db& db;
      bool on;
      ~KeysBackOn() {
        if (on) (void)db.exec("PRAGMA foreign_keys = ON");
      }
    } keys_back_on{db, m.rebuilds_tables};
    auto tx = db::Transaction::begin(db);
    if (!tx) return std::unexpected(tx.error());
    if (auto s = db.exec(kBootstrap); !s) return std::unexpected(s.error());
    if (auto s = db.exec(m.sql); !s)
      return fail(s.error().code, "migration " + std::to_string(v) + " (" + m.name + "): " + s.error().detail);
    auto rec = db.prepare("INSERT INTO schema_migrations(version, name) VALUES (?1, ?2)");
    if (!rec) return std::unexpected(rec.error());
    if (auto s = rec->bind_all(v, m.name).run(); !s) return std::unexpected(s.error());
    // A pragma takes no parameters; v is the program's own constant, not data.
    if (auto s = db.exec("PRAGMA user_version = " + std::to_string(v)); !s) return std::unexpected(s.error());
    if (m.rebuilds_tables) {
      auto check = db.prepare("PRAGMA foreign_key_check");
      if (!check) return std::unexpected(check.error());
      auto row = check->step();
      if (!row) return std::unexpected(row.error());
      if (*row)
        return fail("db.migration", "migration " + std::to_string(v) + " (" + m.name + ") breaks a reference from " +
                                        check->text(0));
    }
    if (auto s = tx->commit(); !s) return std::unexpected(s.error());
    ++applied;
  }
  return applied;
}

}  // namespace hp::store
