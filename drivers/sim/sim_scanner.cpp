#include "drivers/sim/sim_scanner.hpp"

#include <utility>

namespace hp::dev {

SimScanner::SimScanner(std::string name) : name_(std::move(name)) {}

SimScanner::~SimScanner() { stop(); }

void SimScanner::start(DeviceSink sink) {
  std::lock_guard lock(mu_);
  sink_ = std::move(sink);
  if (sink_) sink_(DeviceStatus{DeviceKind::Scanner, name_, connected_ ? Link::Ready : Link::Disconnected, {}});
}

void SimScanner::stop() {
  std::lock_guard lock(mu_);
  sink_ = nullptr;
}

bool SimScanner::feed(std::string text, std::string symbology) {
  std::lock_guard lock(mu_);
  if (!sink_ || !connected_) return false;
  sink_(Scan{std::move(text), std::move(symbology), name_});
  return true;
}

void SimScanner::set_connected(bool connected) {
  std::lock_guard lock(mu_);
  if (connected_ == connected) return;
  connected_ = connected;
  if (sink_) sink_(DeviceStatus{DeviceKind::Scanner, name_, connected ? Link::Ready : Link::Disconnected, {}});
}

bool SimScanner::connected() const {
  std::lock_guard lock(mu_);
  return connected_;
}

}  // namespace hp::dev
