#pragma once
// A counter scale on a serial port (RS-232 via a USB adapter, or USB CDC-ACM), speaking one of
// the protocols in scale_protocols.hpp. Its own thread polls the port and a wake fd: idle CPU is
// nil, stop() is immediate, and a port that disappears is reopened until it comes back.
#include <atomic>
#include <optional>
#include <string>
#include <thread>

#include "drivers/device.hpp"
#include "drivers/serial/port_loop.hpp"
#include "drivers/serial/scale_protocols.hpp"
#include "drivers/serial/serial_port.hpp"
#include "shared/clock.hpp"

namespace hp::dev {

struct SerialScaleOptions {
  std::string path;  // /dev/serial/by-id/..., or empty / "auto" for discovery
  ScaleProtocolId protocol = ScaleProtocolId::Toledo8217;
  std::optional<SerialSettings> settings;  // when the scale was configured off its default
  std::string name;                        // default "<protocol title> (<path>)"
  Milligrams capacity_mg = 0;              // reported in readings; 0 = unknown
  std::chrono::milliseconds reopen_interval{1000};
};

class SerialScale final : public Scale {
 public:
  SerialScale(Clock clock, SerialScaleOptions options);
  ~SerialScale() override;
  SerialScale(const SerialScale&) = delete;
  SerialScale& operator=(const SerialScale&) = delete;

  std::string name() const override { return name_; }
  // Emits DeviceStatus Ready once the port opens (Disconnected while it cannot), then a
  // ScaleReading whenever what the scale shows changes.
  void start(DeviceSink sink) override;
  void stop() override;
  // The port thread sends the protocol's zero command and answers ScaleZeroed: {false,
  // "scale.zero_unsupported"} when the protocol has none (tare in software),
  // "scale.unplugged" while the port is away (never sent later), "scale.zero_failed".
  void request_zero() override;
  // Re-emits the last reading (nothing before the first valid frame).
  void request_reading() override;

  // Frames that were not valid answers since start (noise, wrong settings); for diagnostics.
  std::size_t bad_frames() const { return bad_frames_.load(); }

 private:
  void session(std::stop_token st, SerialPort& port, const DeviceSink& sink);
  // Answers every zero request queued so far with z.
  void answer_zero(const DeviceSink& sink, int requests, const ScaleZeroed& z);

  Clock clock_;
  SerialScaleOptions options_;
  const ScaleProtocol& protocol_;
  std::string name_;
  WakeFd wake_;
  std::atomic<int> zero_requests_{0};
  std::atomic<bool> reading_requested_{false};
  std::atomic<std::size_t> bad_frames_{0};
  std::jthread thread_;  // last member: joined before the rest goes away
};

}  // namespace hp::dev
