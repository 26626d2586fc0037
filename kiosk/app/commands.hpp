#pragma once
// What the screens (and the scanner) ask for. The Controller applies them.
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "kiosk/app/state.hpp"

namespace hp::app::cmd {

struct Navigate { Screen screen; };
struct SetLanguage { std::string language; };
struct DismissNotice {};
// The button a notice offers (Notice::action), e.g. open the farmer who has that phone.
struct ActOnNotice {};
// The clerk's answer to state.question: yes does what was asked, no keeps the work.
struct Answer { bool yes; };
// A code that arrived from a scanner or was typed into the scan field.
struct Scan { std::string text; std::string symbology; };

// Drop-off
struct SearchFarmers { std::string query; };
struct SelectFarmer { std::string farmer_id; };
struct StartRegister {};
// citizen_id: the CCCD number as typed (may be empty); vietgap: the certificate's number, if any.
struct RegisterFarmer { std::string name, phone, commune, district, branch, cooperative, citizen_id = {}, vietgap = {}; };
struct ChooseDistrict { std::string district_id; };
struct ChangeFarmer {};
struct SelectProduct { std::string product_id; };
struct SelectGrade { std::string grade; };
struct TareFromScale {};          // the crate on the scale now is the tare
struct SetTare { Milligrams mg; }; // typed tare (a known crate weight)
struct ZeroScale {};
struct SetPieces { std::int64_t pieces; };
struct AddItem {};
struct RemoveItem { std::size_t index; };
struct ConfirmDropOff {};
struct CancelDropOff {};
// has_input: something was typed or chosen on the registration form (it asks before dropping it).
struct CancelRegistration { bool has_input; };
struct NewDropOff {};

// Sales agents (controller_agents.cpp, docs/agents.md). Empty code: open the picker.
struct StartAgentVisit { std::string code; };
struct CloseAgentPicker {};
struct FinishAgentVisit {};  // prints the agent's summary and ends the visit

// Pickup
struct LookupPickup { std::string code; };
struct VerifyPhone { std::string last4; };
struct ChoosePayment { PaymentMethod method; };
struct SetCashReceived { Dong amount; };
struct CashExact {};          // the buyer handed over exactly the amount due
struct ConfirmQrReceived {};  // the clerk saw the VietQR transfer arrive
struct ConfirmPickup {};
struct CancelPickup {};

// Packages (docs/packages.md). A label scanned (or typed): checked in on the Packages screen,
// matched at handover, scanned out on the returns list. Scanner codes get here by themselves.
struct ScanPackage { std::string text; };
struct SetPackagesMode { PackagesMode mode; };
struct SetShelf { std::string shelf; };  // the place for the package waiting to be checked in
struct ConfirmCheckIn {};
struct CancelCheckIn {};
struct PrintReturnList {};               // the list and one slip per entry
// Handover: refused item lines, the buyer's signature, a release without the phone digits.
struct RefuseItem { int line; store::RefusalReason reason; std::string note; };
struct UndoRefusal { int line; };
struct AddSignatureStroke { SignatureStroke points; };
struct ClearSignature {};
struct HandoverWithoutPhone {};          // needs a supervisor; logged

// Today
struct SearchToday { std::string query; };
struct Reprint { store::PrintKind kind; std::string ref_id; };
// The clerk's end-of-shift report: everything since the start of the local day.
struct PrintShiftReport {};

// Shifts and cash (docs/cash.md). A count is (banknote, pieces) as the clerk typed them.
using NoteCount = std::vector<std::pair<Dong, std::int64_t>>;
struct OpenShift { NoteCount notes; };
struct CashIn { Dong amount; std::string note; };   // from the safe; a supervisor approves
struct CashOut { Dong amount; std::string note; };  // to the safe or the bank; a supervisor approves
struct CountClose { NoteCount notes; };             // the closing count: shows expected, counted, over/short
struct ConfirmClose {};                              // asks about unsent events, then the supervisor's sign-off
struct CancelClose {};
// A farmer's payout: StartPayout for the farmer chosen on the drop-off screen, then the amount.
struct StartPayout {};
struct PayOut { Dong amount; };
struct CancelPayout {};
// Stock (controller_stock.cpp). A lot's label scanned on the Stock screen selects it, or
// counts it (with the scale's weight) while a count is open.
struct SelectLot { std::string lot_code; };
struct ShelveLot { std::string lot_code; std::string shelf; };
// Marked down, sent on, returned or written off; the last two need a supervisor and a reason
// (stock::kLeaveReasons). Sending on a lot that should not leave first asks the clerk.
struct MoveLot { std::string lot_code; store::LotMoveKind kind; std::string reason; };
struct StartStockCount {};
struct FinishStockCount {};  // to the differences, each to be given a reason
struct SetDifferenceReason { std::size_t index; std::string reason; std::string note; };
struct ConfirmStockCount {};
struct CancelStockCount {};

// Devices
struct SyncNow {};  // push and pull now, whatever the backoff

// Clerks (docs/clerks.md). A badge scan chooses the account too (cmd::Scan).
struct ChooseClerk { std::string clerk_id; };
struct SignIn { std::string pin; };
struct SignOut {};  // locks the screen now; the work in progress waits for this clerk
// The supervisor PIN dialog (state.approval).
struct ChooseApprover { std::string clerk_id; };
struct Approve { std::string pin; };
struct CancelApproval {};
// Actions that need a supervisor's approval.
struct ReleaseOrder {};   // the order on the pickup screen, locked after wrong phone digits
struct OpenDrawer {};     // the cash drawer without a sale
// Approvals at drop-off (docs/clerks.md, controller_overrides.cpp).
struct EnterWeight { Milligrams gross_mg; };                // by hand, only when the scale fails or is missing
struct OverridePrice { std::size_t index; Dong unit_price; };  // an item of the draft, price per kg or piece
struct VoidDropOff { std::string drop_off_id; std::string reason; };  // from Today
// A farmer's member card (printed at registration; this prints it again).
struct PrintMemberCard { std::string farmer_id; };

// The self-service kiosk's one button (back to the welcome screen), and the counter calling
// the next queue number (controller_queue.cpp, docs/self-service.md).
struct SelfServiceDone {};
struct CallNextTicket {};

using Command = std::variant<Navigate, SetLanguage, DismissNotice, ActOnNotice, Answer, Scan, SearchFarmers, SelectFarmer,
                             StartRegister, RegisterFarmer, ChooseDistrict, ChangeFarmer, SelectProduct,
                             SelectGrade, TareFromScale, SetTare, ZeroScale, SetPieces, AddItem, RemoveItem,
                             ConfirmDropOff, CancelDropOff, CancelRegistration, NewDropOff, LookupPickup, VerifyPhone,
                             ChoosePayment, SetCashReceived, CashExact, ConfirmQrReceived, ConfirmPickup, CancelPickup, SearchToday, Reprint, PrintShiftReport, SyncNow,
                             ChooseClerk, SignIn, SignOut, ChooseApprover, Approve, CancelApproval, ReleaseOrder, OpenDrawer,
                             ScanPackage, SetPackagesMode, SetShelf, ConfirmCheckIn, CancelCheckIn, PrintReturnList,
                             RefuseItem, UndoRefusal, AddSignatureStroke, ClearSignature, HandoverWithoutPhone,
                             EnterWeight, OverridePrice, VoidDropOff, PrintMemberCard,
                             OpenShift, CashIn, CashOut, CountClose, ConfirmClose, CancelClose, StartPayout, PayOut,
                             CancelPayout, SelectLot, ShelveLot, MoveLot, StartStockCount, FinishStockCount,
                             SetDifferenceReason, ConfirmStockCount, CancelStockCount, StartAgentVisit,
                             CloseAgentPicker, FinishAgentVisit, SelfServiceDone, CallNextTicket>;

}  // namespace hp::app::cmd
