#pragma once
// Everything the screens draw. Only the Controller changes it (on the UI thread); screens read
// it and emit Commands.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "drivers/device.hpp"
#include "kiosk/records/agent.hpp"
#include "kiosk/records/clerk.hpp"
#include "kiosk/records/package.hpp"
#include "kiosk/records/held_lot.hpp"
#include "kiosk/records/print_job.hpp"
#include "kiosk/records/queue_ticket.hpp"
#include "kiosk/records/shift.hpp"
#include "kiosk/records/signature_strokes.hpp"
#include "kiosk/records/sync_status.hpp"
#include "kiosk/records/today_entry.hpp"
#include "shared/domain.hpp"

namespace hp::app {

// Packages: check-in of packages arriving from the hub, and returns (docs/packages.md).
// Shift: the drawer's shift and its cash (docs/cash.md). Stock: the lots held (docs/stock.md).
enum class Screen { DropOff, Pickup, Today, Shift, Stock, Devices, Packages };

enum class Level { Info, Success, Error };

// What a notice offers to do next, as a button beside it (cmd::ActOnNotice).
enum class NoticeAction { None, OpenFarmer, UndoRemoveItem, OpenShift };

// A message for the clerk. `key` is translated (assets/i18n); `args` fill its "{}" in order.
// `detail` is technical English for the log and the technician (Devices screen), never part
// of what the clerk reads.
struct Notice {
  Level level = Level::Info;
  std::string key;
  std::vector<std::string> args;
  std::string detail;
  std::uint64_t serial = 0;
  UtcMillis at = 0;     // when it was raised: notices expire (kNoticeMs, kErrorNoticeMs)
  NoticeAction action = NoticeAction::None;
  std::string action_key;  // the button's label key, e.g. "farmer.open_existing"
};

// How long a notice stays up: long enough to read twice; an error a little longer, since the
// clerk must act on it.
inline constexpr UtcMillis kNoticeMs = 4'000;
inline constexpr UtcMillis kErrorNoticeMs = 8'000;
// A notice that offers to undo stays as long as an error: the clerk must see it and reach it.
inline constexpr UtcMillis kActionNoticeMs = kErrorNoticeMs;

// A tap or scan that would throw work away waits for the clerk's answer (cmd::Answer).
// CloseWithUnsent: events are still waiting for the centre when the shift closes (arg: how many).
enum class QuestionKind {
  None, CancelDropOff, CancelRegistration, CancelPayment, ReplacePickup, CloseWithUnsent, NotOldestFirst, CancelStockCount
};
struct Question {
  QuestionKind kind = QuestionKind::None;
  std::string arg;  // ReplacePickup: the code scanned; NotOldestFirst: the lot that should go first
};

// What the counter should sound like for what just happened; the platform plays a short tone
// each time `serial` changes (kiosk.toml: sound).
enum class Cue { None, GoodScan, Error, Completed };

struct DeviceView {
  dev::DeviceStatus status;
  std::string last_event;      // the data: "12,5 kg", the scanned text, a job id
  std::string last_event_key;  // what happened, translated: "scale.state.stable", "devices.job_printed"; may be empty
  UtcMillis last_at = 0;
};

struct ScaleView {
  bool has_reading = false;
  dev::ScaleReading reading;
  bool stable = false;      // device says stable and the value held for the settle time
  UtcMillis value_since = 0;
};

enum class DropStep { FindFarmer, Register, Items, Done };

struct DraftItem {
  std::string product_id;
  std::string product_name;
  std::string grade;
  PriceUnit unit = PriceUnit::PerKg;
  Milligrams gross_mg = 0;
  Milligrams tare_mg = 0;
  std::int64_t pieces = 0;
  Dong unit_price = 0;
  Dong value = 0;
  // Supervisor approvals (docs/clerks.md): a weight typed by hand, a price other than the list's.
  bool weight_manual = false;
  std::string weight_by = {};  // the supervisor's id
  Dong list_price = 0;    // set when overridden: the catalogue's price
  std::string price_by = {};
};

// What "Add" would add now, worked out by the controller with the same rules AddItem applies
// (stable, in range, net above the noise floor), so the screen never shows a value the
// controller would refuse or price differently.
struct Candidate {
  std::optional<DraftItem> item;  // set when Add would succeed
  std::string refusal;            // message key when it would not ("scale.wait_stable", ...)
  Milligrams net_mg = 0;          // gross - tare of the reading shown (weighed products)
};

struct DropOffState {
  DropStep step = DropStep::FindFarmer;
  std::string query;
  std::uint64_t query_serial = 0;
  std::vector<Farmer> results;
  std::optional<Farmer> farmer;
  std::optional<std::string> product_id;
  std::string grade = "A";
  Milligrams tare_mg = 0;
  std::int64_t pieces = 0;
  std::vector<DraftItem> items;
  Dong total = 0;  // of items
  Candidate candidate;
  bool committing = false;
  std::optional<DropOff> done;  // the last confirmed drop-off, shown on the Done step
  // The farmer who already has the phone a registration tried (err.farmer.phone_taken): the
  // notice offers to open them.
  std::optional<Farmer> phone_owner;
  // The item last removed, and where it was: "Xóa" is one tap, so its notice offers to undo it.
  struct Removed {
    std::size_t index = 0;
    DraftItem item;
  };
  std::optional<Removed> removed;
  // The scale failed or is missing: a weight may be typed by hand, with a supervisor's PIN.
  bool manual_weight_allowed = false;
};

// A sales agent's visit (docs/agents.md): produce for several farmers, each drop-off the
// farmer's own, all credited to the agent at the rate the visit started with.
struct AgentVisit {
  store::Agent agent;
  std::string visit_id;
  std::vector<DropOff> drop_offs;  // committed in this visit, oldest first
  Dong value = 0, commission = 0;  // of those
  bool finishing = false;          // the summary is being printed
};

struct AgentState {
  std::optional<AgentVisit> visit;
  bool choosing = false;               // the agent picker is open
  std::vector<store::Agent> choices;   // this post office's agents, for the picker
};

// The self-service kiosk (docs/self-service.md): a customer scans, sees, takes a ticket.
enum class SelfStep { Welcome, Ticket, Refused };

struct SelfServiceState {
  SelfStep step = SelfStep::Welcome;
  bool looking = false;      // a scan is being looked up
  std::string refusal;       // Refused: the message key ("self.unknown_card", ...)
  std::string refusal_arg;
  // Ticket: who it is for and what happens next.
  std::optional<store::IssuedTicket> ticket;
  std::string farmer_name;   // a drop-off ticket's
  std::string order_code;    // a pickup ticket's order, and where its parcels wait
  std::string shelf;
  int packages = 0;
  UtcMillis shown_at = 0;    // back to Welcome a while after this
};

// Today's queue as the counter (and the self-service kiosk) sees it; polled from the store,
// which both processes share.
struct QueueState {
  bool shown = false;                       // this counter has a self-service kiosk (config)
  int waiting = 0;
  std::optional<store::QueueTicket> serving;
  bool calling = false;
  bool polling = false;
};

enum class PickStep { EnterCode, Verify, Pay, Done };

struct PickupState {
  PickStep step = PickStep::EnterCode;
  std::optional<Order> order;  // its phone_attempts and locked come from the store
  bool checking_phone = false;
  PaymentMethod method = PaymentMethod::Cash;
  Dong cash_received = 0;      // what the clerk keyed in or tapped "exact amount" for
  Dong change = 0;             // cash_received - amount_due when enough was handed over
  bool cash_enough = false;    // a cash pickup may be confirmed
  std::string vietqr_payload;
  bool qr_received = false;    // the clerk confirmed the VietQR transfer arrived
  bool committing = false;
  bool looking_up = false;
  std::optional<Pickup> done;

  // The parcel counter's handover (docs/packages.md), for orders that came with packages.
  std::vector<store::Package> packages;  // the order's, with the shelf place to fetch each from
  std::vector<std::string> scanned;      // labels scanned at handover, in order
  std::vector<store::Refusal> refusals;  // item lines the buyer does not take
  Dong due_before_refusals = 0;          // order->amount_due is what is due for what is taken
  std::vector<SignatureStroke> signature;
  bool phone_checked = true;             // false: a supervisor released it without the digits
  std::string approved_by;
  // Why Confirm is not enabled yet (message key: "pickup.scan_all_packages", "pickup.sign_first"),
  // empty when it may be pressed. Worked out by the controller each time.
  std::string blocker;
  int packages_left = 0;                 // of the order's packages, not scanned yet
};

enum class PackagesMode { CheckIn, Returns };

struct CheckInState {
  std::optional<store::Package> pending;  // scanned, waiting for the clerk to confirm its place
  std::string shelf;                      // the suggested place, as the clerk edited it
  UtcMillis hold_until = 0;               // now + hold_days, shown
  bool working = false;
  std::vector<store::Package> recent;     // checked in at this counter since it started, newest first
};

struct ReturnsState {
  std::vector<store::ReturnEntry> due;    // still to scan out
  std::vector<store::ReturnEntry> out;    // scanned out to the driver since the list was loaded
  bool loading = false;
  bool working = false;
};

struct PackagesState {
  PackagesMode mode = PackagesMode::CheckIn;
  CheckInState checkin;
  ReturnsState returns;
};

// One product's part of the day's drop-offs, for the Today chart.
struct ProductDay {
  std::string name;
  PriceUnit unit = PriceUnit::PerKg;
  Milligrams net_mg = 0;      // weighed products
  std::int64_t pieces = 0;    // counted products
  Dong value = 0;
};

struct TodayState {
  std::string query;
  // The whole day's drop-offs by product (whatever the search), largest value first.
  std::vector<ProductDay> by_product;
  std::vector<store::TodayEntry> entries;
  Dong dropoff_total = 0;
  Dong collected_total = 0;  // cash + VietQR actually taken
  Dong cash_total = 0;
  Dong vietqr_total = 0;
  int dropoffs = 0;
  int pickups = 0;
  int prepaid_pickups = 0;
  int voided = 0;  // drop-offs voided today: listed, in no total
};

// The drawer's shift (docs/cash.md): the open one and its figures so far, the close under way,
// the last one closed.
struct ShiftState {
  bool loaded = false;           // the store answered whether a shift is open
  std::optional<store::Shift> open;
  cash::Balance so_far;          // the open shift's movements (what the drawer should hold now)
  int movements = 0;
  bool committing = false;       // an open, a movement or the close is being stored
  // The close: the count entered and the figures against it, shown before the sign-off.
  struct Close {
    cash::CashCount count;
    cash::Balance balance;
    std::int64_t unsent = 0;
    std::optional<UtcMillis> oldest_unsent_at;
  };
  std::optional<Close> closing;
  std::optional<store::Shift> last_closed;
};

// A cash payout to the farmer chosen on the drop-off screen (docs/cash.md, Payouts).
struct PayoutState {
  std::optional<Farmer> farmer;
  bool loading = false;
  std::optional<store::PayoutRoom> room;
  bool committing = false;
  std::optional<store::Payout> done;
};

// The produce held here (docs/stock.md): the lots with their places and what to do about them,
// and a stock count in progress.
struct StockRow {
  store::HeldLot held = {};
  stock::Action action = stock::Action::Ok;
  UtcMillis sell_by = 0;  // 0: keeps, or its shelf life is not known
  bool shelf_life_known = false;
};
enum class StockMode { List, Count, Review };
struct CountedLine {
  std::string lot_code = {};
  std::string product_name = {};  // empty: not a lot held here
  Milligrams net_mg = 0;
};
struct DifferenceLine {
  stock::Difference difference = {};
  std::string product_name = {};
  std::string reason = {}, note = {};
};
struct StockState {
  bool loaded = false;
  std::vector<StockRow> rows;  // oldest first
  int to_act = 0;              // lots whose action is not ok
  std::string selected;        // a lot code
  StockMode mode = StockMode::List;
  std::vector<CountedLine> counted;
  std::vector<DifferenceLine> differences;
  bool saving = false;
};

struct PrintView {
  std::string last_job_id;
  std::string last_payload;  // the last receipt's bytes, for the preview (labels are not previewed)
  int queued = 0;
  // A printed/sent mark that did not reach the store yet: retried, and shown until it lands.
  int marks_pending = 0;
};

// Who is at the counter (docs/clerks.md). Without a session only the sign-in screen is drawn;
// the work of a clerk whose screen locked waits for them.
struct Session {
  std::string clerk_id;
  std::string name;
  store::ClerkRole role = store::ClerkRole::Clerk;
};

struct SignInState {
  std::vector<store::Clerk> clerks;  // this post office's accounts (disabled ones too, for the badge check)
  bool loaded = false;
  std::string chosen_id;       // the account chosen from the list or by its badge
  bool checking = false;       // the PIN is being checked on the store worker
  std::string refusal;         // message key of the last refusal, shown under the pad
  UtcMillis locked_until = 0;  // the chosen account's lock, for "locked, N min left"
  int tries_left = 0;          // after a wrong PIN
  std::uint64_t serial = 0;    // bumps after each check: the screen clears the PIN it holds
};

// What a supervisor's PIN is asked for on the spot (docs/clerks.md). Not every kind has its
// action at the counter yet; the dialog and the controller's require_approval serve them all.
enum class ApprovalKind { ManualWeight, PriceOverride, VoidDropOff, ReleaseOrder, HandoverUnchecked, OpenDrawer, PayOut, Reprint,
                          CashIn, CashOut, ShiftSignOff, LotOut };
const char* to_string(ApprovalKind k);  // "order.release", "drawer.open_no_sale", ...

struct ApprovalState {
  bool open = false;
  ApprovalKind kind = ApprovalKind::Reprint;
  std::string subject;         // what it is about: a pickup code, a drop-off number
  std::string chosen_id;       // the supervisor chosen from the list or by badge
  bool checking = false;
  std::string refusal;
  UtcMillis locked_until = 0;
  std::uint64_t serial = 0;
};

struct AppState {
  Screen screen = Screen::DropOff;
  std::string language = "vi";
  Notice notice;
  std::uint64_t notice_serial = 0;
  // The last errors with their technical detail, newest last, for the technician (Devices screen).
  std::vector<Notice> problems;
  Question question;
  Cue cue = Cue::None;
  std::uint64_t cue_serial = 0;
  std::vector<std::string> config_problems;

  std::vector<Product> products;
  std::vector<AdminUnit> districts;
  std::vector<AdminUnit> communes;
  std::vector<std::string> branches;

  std::map<dev::DeviceKind, DeviceView> devices;
  // How many scans and scale readings have arrived: a script waits for its own to land.
  std::uint64_t scans_seen = 0;
  std::uint64_t readings_seen = 0;
  ScaleView scale;
  PrintView print;
  // The sync client's last report (not_enrolled until it has one): always in view.
  sync::SyncStatus sync;

  DropOffState drop;
  AgentState agents;
  // --mode self-service: the customers' kiosk; no clerk function is reachable.
  bool self_service = false;
  SelfServiceState self;
  QueueState queue;
  PickupState pick;
  TodayState today;
  PackagesState packages;
  ShiftState shift;
  PayoutState payout;
  StockState stock;

  std::string clerk;  // the signed-in clerk's name, as receipts print it
  std::string kiosk_id;

  std::optional<Session> session;
  SignInState signin;
  ApprovalState approval;
};

inline bool is_technician(const AppState& s) { return s.session && s.session->role == store::ClerkRole::Technician; }

}  // namespace hp::app
