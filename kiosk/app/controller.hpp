#pragma once
// Applies Commands and device events to the AppState. Runs on the UI thread and never waits:
// store work (and composing print jobs) goes to the StoreWorker through ask_store and comes
// back through the RunQueue. It has no ImGui and no SDL, so every flow is tested without a
// display. One file per flow: controller.cpp (plumbing, devices, scans), controller_dropoff,
// controller_pickup, controller_today, controller_print, controller_clerks, controller_shift.
#include <deque>
#include <functional>
#include <map>
#include <random>

#include "drivers/device.hpp"
#include "kiosk/app/commands.hpp"
#include "kiosk/app/config.hpp"
#include "kiosk/app/print_route.hpp"
#include "kiosk/app/job_composer.hpp"
#include "kiosk/app/run_queue.hpp"
#include "kiosk/app/state.hpp"
#include "shared/clock.hpp"
#include "shared/codes/kiosk_codes.hpp"
#include "shared/ids.hpp"

namespace hp::store {
class Store;
struct Handover;
}

namespace hp::app {

class StoreWorker;

// How the controller reaches the sync client (kiosk/sync) without knowing it: wake-ups only,
// never a wait. Empty when the kiosk is not enrolled.
struct SyncHooks {
  std::function<void()> poke;  // store work finished: outbox events may be waiting
  std::function<void()> now;   // "Sync now"
  std::function<void(std::map<std::string, std::string>)> devices;  // for the state report
};

struct Devices {
  dev::Scale* scale = nullptr;
  dev::Printer* printer = nullptr;
  dev::Printer* label_printer = nullptr;  // when the counter has one beside the receipt printer
};

class Controller {
 public:
  Controller(const KioskConfig& config, RunQueue& queue, StoreWorker& worker, IdGenerator& ids, const Clock& clock,
             Devices devices, const JobComposer& composer);

  const AppState& state() const { return state_; }

  // Loads the catalogue and administrative units, and finishes print jobs that a power cut or
  // an unplugged printer interrupted (never a second original: docs/ARCHITECTURE.md).
  void start();
  void apply(const cmd::Command& c);
  // Shown to the technician on the Devices screen; the kiosk runs on defaults meanwhile.
  void set_config_problems(std::vector<std::string> problems);
  void on_device(const dev::DeviceEvent& e);
  void set_sync(SyncHooks hooks);
  // The sync client's report, on the UI thread (posted through the RunQueue).
  void on_sync(const sync::SyncStatus& s);

  // True while something the clerk started has not finished (a store job, a lookup, a print
  // job, a mark still to be stored, a weight settling). Scripted sessions wait for this.
  bool busy() const;
  // When the UI must wake even without an event (a weight becomes stable, a retry is due), or 0.
  UtcMillis next_deadline() const;
  // Re-evaluates time-based state (scale stability, retries). Called each frame.
  void tick();

 private:
  // Runs job(store) on the store worker, then done(controller, result) on the UI thread. The
  // only place that counts store work in flight, so busy() cannot wedge. (ask_store.hpp)
  template <class Job, class Done>
  void ask_store(Job job, Done done);

  void notify(Level level, std::string key, std::string arg = {}, std::string detail = {});
  // Several "{}" in order (e.g. when and by whom an order was collected).
  void notify_args(Level level, std::string key, std::vector<std::string> args, std::string detail = {});
  void notify_error(const Error& e);
  void cue(Cue c);
  void ask(QuestionKind kind, std::string arg = {});
  void cancel_drop_off();
  void cancel_registration();
  void lookup_pickup(const std::string& code);
  // Packages (controller_packages.cpp). A scanner code that is a package's business on the
  // screen now (a label, or a pickup code on the returns list): handled, true.
  bool route_package_scan(const cmd::Scan& c);
  void check_in_scan(const std::string& label);
  void handover_scan(const std::string& label);
  void return_scan(const std::string& code);
  void load_returns();
  // Derived handover state: what is due after refusals, what still blocks Confirm.
  void refresh_handover();
  // What the store gets with the pickup (the signature is rendered on the store worker).
  store::Handover handover_record();

  // One handler per command kind.
  void handle(const cmd::Navigate& c);
  void handle(const cmd::SetLanguage& c);
  void handle(const cmd::DismissNotice& c);
  void handle(const cmd::ActOnNotice& c);
  void handle(const cmd::Answer& c);
  void handle(const cmd::Scan& c);
  void handle(const cmd::SearchFarmers& c);
  void handle(const cmd::SelectFarmer& c);
  void handle(const cmd::StartRegister& c);
  void handle(const cmd::RegisterFarmer& c);
  void handle(const cmd::ChooseDistrict& c);
  void handle(const cmd::ChangeFarmer& c);
  void handle(const cmd::SelectProduct& c);
  void handle(const cmd::SelectGrade& c);
  void handle(const cmd::TareFromScale& c);
  void handle(const cmd::SetTare& c);
  void handle(const cmd::ZeroScale& c);
  void handle(const cmd::SetPieces& c);
  void handle(const cmd::AddItem& c);
  void handle(const cmd::RemoveItem& c);
  void handle(const cmd::CancelRegistration& c);
  void handle(const cmd::ConfirmDropOff& c);
  void handle(const cmd::CancelDropOff& c);
  void handle(const cmd::NewDropOff& c);
  void handle(const cmd::LookupPickup& c);
  void handle(const cmd::VerifyPhone& c);
  void handle(const cmd::ChoosePayment& c);
  void handle(const cmd::SetCashReceived& c);
  void handle(const cmd::CashExact& c);
  void handle(const cmd::ConfirmQrReceived& c);
  void handle(const cmd::ConfirmPickup& c);
  void handle(const cmd::CancelPickup& c);
  void handle(const cmd::SearchToday& c);
  void handle(const cmd::Reprint& c);
  void handle(const cmd::PrintShiftReport& c);
  void handle(const cmd::SyncNow& c);
  // Stock (controller_stock.cpp)
  void handle(const cmd::SelectLot& c);
  void handle(const cmd::ShelveLot& c);
  void handle(const cmd::MoveLot& c);
  void handle(const cmd::StartStockCount& c);
  void handle(const cmd::FinishStockCount& c);
  void handle(const cmd::SetDifferenceReason& c);
  void handle(const cmd::ConfirmStockCount& c);
  void handle(const cmd::CancelStockCount& c);
  // Clerks (controller_clerks.cpp)
  void handle(const cmd::ChooseClerk& c);
  void handle(const cmd::SignIn& c);
  void handle(const cmd::SignOut& c);
  void handle(const cmd::ChooseApprover& c);
  void handle(const cmd::Approve& c);
  void handle(const cmd::CancelApproval& c);
  void handle(const cmd::ReleaseOrder& c);
  void handle(const cmd::OpenDrawer& c);
  // Packages (controller_packages.cpp)
  void handle(const cmd::ScanPackage& c);
  void handle(const cmd::SetPackagesMode& c);
  void handle(const cmd::SetShelf& c);
  void handle(const cmd::ConfirmCheckIn& c);
  void handle(const cmd::CancelCheckIn& c);
  void handle(const cmd::PrintReturnList& c);
  void handle(const cmd::RefuseItem& c);
  void handle(const cmd::UndoRefusal& c);
  void handle(const cmd::AddSignatureStroke& c);
  void handle(const cmd::ClearSignature& c);
  void handle(const cmd::HandoverWithoutPhone& c);
  // Approvals at drop-off, the member card (controller_overrides.cpp)
  void handle(const cmd::EnterWeight& c);
  void handle(const cmd::OverridePrice& c);
  void handle(const cmd::VoidDropOff& c);
  void handle(const cmd::PrintMemberCard& c);
  // The self-service kiosk and the queue (controller_queue.cpp, docs/self-service.md).
  bool self_service_allows(const cmd::Command& c) const;
  void handle(const cmd::SelfServiceDone& c);
  void handle(const cmd::CallNextTicket& c);
  void self_scan(const std::string& text);
  void self_refuse(std::string key, std::string arg = {});
  void refresh_queue();
  int queue_poll_ms() const;
  void tick_queue(UtcMillis now);
  UtcMillis queue_deadline() const;
  UtcMillis next_poll_ = 0;

  // Sales agents (controller_agents.cpp)
  void handle(const cmd::StartAgentVisit& c);
  void handle(const cmd::CloseAgentPicker& c);
  void handle(const cmd::FinishAgentVisit& c);
  // Shifts and cash (controller_shift.cpp)
  void handle(const cmd::OpenShift& c);
  void handle(const cmd::CashIn& c);
  void handle(const cmd::CashOut& c);
  void handle(const cmd::CountClose& c);
  void handle(const cmd::ConfirmClose& c);
  void handle(const cmd::CancelClose& c);
  void handle(const cmd::StartPayout& c);
  void handle(const cmd::PayOut& c);
  void handle(const cmd::CancelPayout& c);

 public:
  // The supervisor who approved an action on the spot.
  struct Approver {
    std::string clerk_id, name;
  };

 private:
  void load_clerks();
  // Locks the screen ("idle" or "by hand"); the work stays for the same clerk.
  void lock_screen(const char* why);
  void start_session(const store::Clerk& clerk);
  // A command a signed-out counter (or an open approval dialog) may still take.
  bool allowed_now(const cmd::Command& c) const;
  // Opens the supervisor PIN dialog; `then` runs on the UI thread once a supervisor's PIN is
  // right. One request at a time: a second one while the dialog is open is refused.
  void require_approval(ApprovalKind kind, std::string subject, std::function<void(Controller&, const Approver&)> then);
  void reprint(const cmd::Reprint& c, const Approver& a);
  // Shifts (controller_shift.cpp): the open shift and its figures, from the store.
  void load_shift();
  // A cash payment with no shift open: a notice with the way to open one.
  void offer_shift();
  void cash_movement(cash::MovementKind kind, Dong amount, std::string note, const Approver& a);
  void sign_off_close();
  void close_shift(const Approver& a);
  void pay_out(Dong amount, const Approver& a);
  const std::string& clerk_id() const;

  // Derived state the screens draw: the candidate item, totals, change.
  void derive();
  // manual_gross: a weight typed by hand (approved), instead of the scale's reading.
  Result<DraftItem> draft_item(std::optional<Milligrams> manual_gross = std::nullopt) const;
  // The scale can weigh now: connected, not faulted. Otherwise a weight may be typed by hand.
  bool scale_usable() const;
  void void_drop_off(const cmd::VoidDropOff& c, const Approver& a);
  void refresh_change();

  void on_scale(const dev::ScaleReading& r);
  void on_print_done(const dev::PrintDone& d);
  // By value: the farmer often comes from the search results this clears.
  void select_farmer(Farmer f);
  void refresh_today();
  void refresh_stock();
  void count_lot(const std::string& code);
  void move_lot(store::LotMove m, const std::string& approved_by);
  void save_move(store::LotMove m);
  void commit_drop_off(DropOff d, Farmer farmer, int attempt);
  // The agent's credit for a drop-off of the visit open now, if one is.
  std::optional<AgentCredit> agent_credit(Dong total) const;
  void visit_committed(const DropOff& d);
  void load_agent_visit();
  const Product* product(const std::string& id) const;
  std::string new_code(codes::KioskCodeKind kind);
  void request_reading();
  // The audit log (docs/audit.md): one entry by the signed-in clerk, appended on the store worker.
  void audit(std::string action, std::string subject, std::string detail);
  // Opens the cash drawer for a cash payment; the opening is logged when the printer confirms it.
  void kick_drawer(std::string subject, std::string detail = "cash payment");

  // Printing (controller_print.cpp): jobs already stored as queued are marked sent, then
  // handed to the printer; printed marks are stored when the printer confirms. A mark that
  // fails is retried with backoff and shown.
  void send_jobs(std::vector<store::NewPrintJob> jobs);
  // The printer a new job of this kind goes to (print_route.hpp), from the devices' state now.
  store::PrinterRole route(store::PrintKind kind) const;
  dev::Printer* printer_for(store::PrinterRole role) const;
  void mark_jobs(std::vector<std::string> ids, store::PrintStatus status, std::vector<store::NewPrintJob> then_send,
                 int attempt);
  void resume_print_jobs(std::vector<store::PrintJob> unfinished);
  void run_due_retries();

  struct Retry {
    UtcMillis due = 0;
    std::function<void(Controller&)> run;
  };

  KioskConfig config_;
  RunQueue& queue_;
  StoreWorker& worker_;
  IdGenerator& ids_;
  const Clock& clock_;
  Devices devices_;
  const JobComposer& composer_;
  std::mt19937_64 rng_;
  AppState state_;
  int in_flight_ = 0;  // store jobs whose results have not come back (ask_store only)
  int printing_ = 0;   // print jobs submitted and not done
  std::vector<Retry> retries_;
  int zeroing_ = 0;    // zero requests the scale has not answered
  struct Kick {
    std::string subject, detail;
  };
  std::deque<Kick> kicks_;  // what each drawer kick asked for and not yet answered was for
  SyncHooks sync_;
  UtcMillis last_activity_ = 0;  // the last command or scan: the idle lock counts from it
  std::string last_clerk_id_;     // whose work the screens hold
  // Work a clerk left when another signed in after the lock, kept until they sign in again.
  struct Parked {
    Screen screen = Screen::DropOff;
    DropOffState drop;
    PickupState pick;
  };
  std::map<std::string, Parked> parked_;
  std::function<void(Controller&, const Approver&)> approved_;  // what the open approval dialog is for
  std::optional<cmd::MoveLot> pending_move_;  // a lot sent on out of order, until the clerk answers
};

}  // namespace hp::app
