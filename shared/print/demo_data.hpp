#pragma once
// Vietnamese sample records for `kioskctl sample`, the tests and the benchmark. Fixed data,
// no clock or randomness, so outputs are reproducible.
#include <vector>

#include "shared/domain.hpp"
#include "shared/print/print_config.hpp"
#include "shared/print/receipts.hpp"

namespace hp::print {

struct DemoData {
  PrintConfig config;
  Farmer farmer;
  std::vector<Product> products;
  DropOff dropoff;
  Order order;
  Pickup pickup;
  ShiftSummary shift;
  QueueTicket ticket;
  UtcMillis now = 0;
};

// A drop-off with `items` items (cycling through the sample products).
DemoData demo_data(int items = 6);

}  // namespace hp::print
