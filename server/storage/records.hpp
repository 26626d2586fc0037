#pragma once
// The JSON records a pull delivers (docs/PROTOCOL.md 4.2), built from the shared domain
// records, so every backend sends the same shapes.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "server/storage/storage.hpp"
#include "shared/demo/demo_records.hpp"
#include "shared/domain.hpp"

namespace hp::server {

nlohmann::json order_record(const Order& o, const std::string& post_office_id);
nlohmann::json product_record(const Product& p);
nlohmann::json farmer_record(const Farmer& f);
nlohmann::json admin_unit_record(const AdminUnit& u);
nlohmann::json post_office_record(const demo::PostOffice& p);

// A farmer record from a farmer.registered payload (fields missing in the payload are empty).
nlohmann::json farmer_record_from_payload(const nlohmann::json& payload);

// What a bank transfer means for the order whose pickup code it names (docs/PROTOCOL.md 6.4),
// written into the order's record: bank_payment when it is confirmed, bank_review when it is
// flagged. The same rule for every backend.
BankOutcome judge_bank_transfer(nlohmann::json& order, const BankNotification& n, UtcMillis now);
// The bank_notifications row's JSON, as `admin bank-notifications` prints it.
nlohmann::json bank_notification_record(const BankNotification& n, const BankOutcome& o, UtcMillis now);

// Packages (docs/packages.md), the same rule for every backend. A package event changes the
// matching entry of the order record's "packages" (status, shelf, hold_until, returned_at);
// false when the order lists no such package (the event is kept, the order unchanged).
bool apply_package_event(nlohmann::json& order, const PushEvent& e);
// A pickup's packages and refusals written into the order record (handed_over / refused).
void apply_handover(nlohmann::json& order, const nlohmann::json& pickup_payload);
// The buyer's "your package has arrived" message for a package.checked_in event: a row of the
// notifications outbox that an SMS/Zalo sender (not built) sends from; `admin notifications`
// lists it.
nlohmann::json arrival_notification(const nlohmann::json& order, const PushEvent& e, UtcMillis now);

}  // namespace hp::server
