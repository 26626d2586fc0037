#pragma once
// Turns records into the bytes a printer gets. The controller composes every job before the
// record is committed, so the job is stored in the same transaction as what it prints.
#include <string>

#include "kiosk/app/config.hpp"
#include "shared/domain.hpp"

namespace hp::app {

class JobComposer {
 public:
  virtual ~JobComposer() = default;
  virtual std::string drop_off_receipt(const DropOff& d, const Farmer& f, bool copy) const = 0;
  virtual std::string label(const DropOff& d, const DropOffItem& item, const Farmer& f, bool copy) const = 0;
  virtual std::string pickup_receipt(const Order& o, const Pickup& p, bool copy) const = 0;
};

// Plain UTF-8 text jobs: what the virtual printer shows and what tests read back.
class TextJobComposer final : public JobComposer {
 public:
  explicit TextJobComposer(const KioskConfig& config) : config_(config) {}
  std::string drop_off_receipt(const DropOff& d, const Farmer& f, bool copy) const override;
  std::string label(const DropOff& d, const DropOffItem& item, const Farmer& f, bool copy) const override;
  std::string pickup_receipt(const Order& o, const Pickup& p, bool copy) const override;

 private:
  const KioskConfig& config_;
};

}  // namespace hp::app
