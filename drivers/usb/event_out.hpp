#pragma once
// Where a USB device's events go: the sink given to start(), from whichever thread reports.
#include <mutex>

#include "drivers/device.hpp"

namespace hp::usb {

class EventOut {
 public:
  void set(dev::DeviceSink sink) {
    std::lock_guard lock(m_);
    sink_ = std::move(sink);
  }
  void clear() { set({}); }
  void emit(dev::DeviceEvent e) {
    std::lock_guard lock(m_);
    if (sink_) sink_(std::move(e));
  }

 private:
  std::mutex m_;
  dev::DeviceSink sink_;
};

}  // namespace hp::usb
