#pragma once
// Queue tickets (docs/self-service.md): taken at the self-service kiosk by a buyer who scanned
// a pickup code or a farmer who scanned a member card, called at the counter. Numbered from 1
// each day (Vietnam's day).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/clock.hpp"

namespace hp::store {

enum class TicketKind { Pickup, DropOff };
enum class TicketStatus { Waiting, Called, Done };

constexpr std::string_view to_string(TicketKind k) { return k == TicketKind::Pickup ? "pickup" : "dropoff"; }
constexpr std::string_view to_string(TicketStatus s) {
  return s == TicketStatus::Waiting ? "waiting" : s == TicketStatus::Called ? "called" : "done";
}

struct QueueTicket {
  std::string id;
  int number = 0;
  TicketKind kind = TicketKind::Pickup;
  std::string farmer_id;    // a drop-off's farmer
  std::string pickup_code;  // a pickup's order
  std::string label;        // what the counter shows: the farmer's name, or the order's code
  TicketStatus status = TicketStatus::Waiting;
  UtcMillis created_at = 0;
  UtcMillis called_at = 0;
  std::string called_by;  // the clerk's id
};

// Today's queue: who waits, oldest first, and the ticket last called.
struct QueueView {
  std::vector<QueueTicket> waiting;
  std::optional<QueueTicket> serving;
};

// A ticket taken: the new one, or the one already waiting for the same farmer or order (a
// second scan never takes a second place in the queue).
struct IssuedTicket {
  QueueTicket ticket;
  int ahead = 0;  // tickets waiting before it
  bool again = false;
};

}  // namespace hp::store
