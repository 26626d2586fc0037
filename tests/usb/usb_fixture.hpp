#pragma once
// One emulated USB bus per test case: testbed, fake devices, then the DeviceManager (its
// libusb context is made after the testbed and ended before the fakes go).
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "drivers/usb/device_manager.hpp"
#include "tests/usb/fake_models.hpp"

namespace hp::usbtest {

inline nlohmann::json load_vectors(const std::string& name) {
  std::ifstream in(std::string(HP_TEST_VECTORS) + "/" + name);
  return nlohmann::json::parse(in);
}

inline std::vector<std::uint8_t> unhex(const std::string& hex) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
  return out;
}

class EventLog {
 public:
  dev::DeviceSink sink() {
    return [this](dev::DeviceEvent e) {
      std::lock_guard lock(m_);
      events_.push_back(std::move(e));
      cv_.notify_all();
    };
  }
  // Waits until an event at or after `from` satisfies pred; returns its index or -1.
  template <class T, class Pred>
  long wait_for(Pred pred, std::size_t from = 0, int ms = 2000) {
    std::unique_lock lock(m_);
    long found = -1;
    cv_.wait_for(lock, std::chrono::milliseconds(ms), [&] {
      for (std::size_t i = from; i < events_.size(); ++i)
        if (auto* e = std::get_if<T>(&events_[i]); e && pred(*e)) {
          found = static_cast<long>(i);
          return true;
        }
      return false;
    });
    return found;
  }
  template <class T>
  std::vector<T> all(std::size_t from = 0) {
    std::lock_guard lock(m_);
    std::vector<T> out;
    for (std::size_t i = from; i < events_.size(); ++i)
      if (auto* e = std::get_if<T>(&events_[i])) out.push_back(*e);
    return out;
  }
  std::size_t size() {
    std::lock_guard lock(m_);
    return events_.size();
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  std::vector<dev::DeviceEvent> events_;
};

inline std::function<bool(const dev::DeviceStatus&)> status_is(dev::DeviceKind kind, dev::Link link,
                                                               std::string reason = {}) {
  return [=](const dev::DeviceStatus& s) { return s.kind == kind && s.link == link && s.reason == reason; };
}

inline usb::DevicesConfig fast_config() {
  usb::DevicesConfig c;
  c.scale_hold_ms = 30;
  c.printer_write_timeout_ms = 200;
  c.printer_status_timeout_ms = 100;
  c.printer_retry_ms = 50;
  c.printer_status_backoff_ms = 50;
  return c;
}

struct UsbBus {
  Testbed tb;  // first in, last out
  std::vector<std::shared_ptr<FakeDevice>> fakes;  // freed after the manager
  EventLog events;
  std::unique_ptr<usb::DeviceManager> manager;
  std::vector<std::string> logs;
  std::mutex log_mutex;

  void start(usb::DevicesConfig config = fast_config(), bool polling = false) {
    usb::ManagerOptions o;
    o.config = std::move(config);
    o.force_polling = polling;
    o.poll_interval_ms = 100;
    o.log = [this](const std::string& line) {
      std::lock_guard lock(log_mutex);
      logs.push_back(line);
    };
    manager = std::make_unique<usb::DeviceManager>(events.sink(), std::move(o));
    auto s = manager->start();
    if (!s) throw std::runtime_error(s.error().detail);
  }
  template <class M>
  M hold(M model) {
    REQUIRE(model.dev);
    fakes.push_back(model.dev);
    return model;
  }
  FakeScale scale(const std::string& sysname, int devnum, ScaleModel m = {}) {
    return hold(add_scale(tb.get(), sysname, devnum, std::move(m)));
  }
  FakeKeyboardScanner keyboard(const std::string& sysname, int devnum, KeyboardModel m = {}) {
    return hold(add_keyboard_scanner(tb.get(), sysname, devnum, m));
  }
  FakePosScanner pos_scanner(const std::string& sysname, int devnum) {
    return hold(add_pos_scanner(tb.get(), sysname, devnum));
  }
  FakePrinter printer(const std::string& sysname, int devnum,
                      std::shared_ptr<PrinterState> state = std::make_shared<PrinterState>(), PrinterModel m = {}) {
    return hold(add_printer(tb.get(), sysname, devnum, std::move(state), m));
  }
  bool logged(const std::string& part) {
    std::lock_guard lock(log_mutex);
    for (const auto& l : logs)
      if (l.find(part) != std::string::npos) return true;
    return false;
  }
  ~UsbBus() { manager.reset(); }
};

}  // namespace hp::usbtest
