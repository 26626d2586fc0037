#pragma once
// What the screens (and the scanner) ask for. The Controller applies them.
#include <cstdint>
#include <string>
#include <variant>

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
struct RegisterFarmer { std::string name, phone, commune, district, branch, cooperative; };
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

// Pickup
struct LookupPickup { std::string code; };
struct VerifyPhone { std::string last4; };
struct ChoosePayment { PaymentMethod method; };
struct SetCashReceived { Dong amount; };
struct CashExact {};          // the buyer handed over exactly the amount due
struct ConfirmQrReceived {};  // the clerk saw the VietQR transfer arrive
struct ConfirmPickup {};
struct CancelPickup {};

// Today
struct SearchToday { std::string query; };
struct Reprint { store::PrintKind kind; std::string ref_id; };
// The clerk's end-of-shift report: everything since the start of the local day.
struct PrintShiftReport {};

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

using Command = std::variant<Navigate, SetLanguage, DismissNotice, ActOnNotice, Answer, Scan, SearchFarmers, SelectFarmer,
                             StartRegister, RegisterFarmer, ChooseDistrict, ChangeFarmer, SelectProduct,
                             SelectGrade, TareFromScale, SetTare, ZeroScale, SetPieces, AddItem, RemoveItem,
                             ConfirmDropOff, CancelDropOff, CancelRegistration, NewDropOff, LookupPickup, VerifyPhone,
                             ChoosePayment, SetCashReceived, CashExact, ConfirmQrReceived, ConfirmPickup, CancelPickup, SearchToday, Reprint, PrintShiftReport,
                             SelectLot, ShelveLot, MoveLot, StartStockCount, FinishStockCount, SetDifferenceReason,
                             ConfirmStockCount, CancelStockCount, SyncNow,
                             ChooseClerk, SignIn, SignOut, ChooseApprover, Approve, CancelApproval, ReleaseOrder, OpenDrawer>;

}  // namespace hp::app::cmd
