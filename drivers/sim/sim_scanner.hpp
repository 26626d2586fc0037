#pragma once
// A barcode scanner driven by code: demo mode, scripted sessions and tests feed it text.
#include <mutex>
#include <string>

#include "drivers/device.hpp"

namespace hp::dev {

class SimScanner final : public Scanner {
 public:
  explicit SimScanner(std::string name = "Simulated scanner");
  ~SimScanner() override;
  SimScanner(const SimScanner&) = delete;
  SimScanner& operator=(const SimScanner&) = delete;

  std::string name() const override { return name_; }
  // Emits DeviceStatus (Ready, or Disconnected if set so) and keeps the sink.
  void start(DeviceSink sink) override;
  // After stop() returns the sink is never called again.
  void stop() override;

  // Emits Scan{text, symbology, name()} on the calling thread. Returns false (and emits
  // nothing) when not started or disconnected, like a trigger pulled on an unplugged scanner.
  bool feed(std::string text, std::string symbology = "");
  // Emits DeviceStatus Ready / Disconnected when started and the state changes.
  void set_connected(bool connected);
  bool connected() const;

 private:
  // Events are delivered while holding mu_, so stop() cannot return while one is in flight.
  // The sink must therefore not call back into this scanner.
  mutable std::mutex mu_;
  std::string name_;
  DeviceSink sink_;
  bool connected_ = true;
};

}  // namespace hp::dev
