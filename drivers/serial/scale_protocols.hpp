#pragma once
// Counter-scale serial protocols kept as data: line settings, the request to send, how answers
// are framed, and a pure parser per protocol. Parsers take one frame's bytes (with or without
// its start/end bytes) and never throw; anything else on the line is an error value, never a
// weight. Weights are converted to integer milligrams by exact decimal arithmetic.
#include <chrono>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/device.hpp"
#include "drivers/serial/serial_settings.hpp"
#include "shared/result.hpp"
#include "shared/weight.hpp"

namespace hp::dev {

// What one frame says. A status-only frame (Toledo "?A") has no weight.
struct ScaleFrame {
  bool has_weight = false;
  Milligrams mg = 0;  // signed; only when has_weight
  bool stable = false;
  bool net = false;  // net (tared) rather than gross
  bool over_capacity = false;
  bool under_zero = false;
  bool outside_zero_range = false;  // Toledo bit 3: the scale must be re-zeroed
  bool center_of_zero = false;      // Toledo bit 4
};

// The kiosk-facing state of a frame; over capacity and under zero win over motion.
ScaleState frame_state(const ScaleFrame& f);

Result<ScaleFrame> parse_toledo8217_frame(std::string_view bytes);
Result<ScaleFrame> parse_stgs_frame(std::string_view bytes);
Result<ScaleFrame> parse_ohaus_frame(std::string_view bytes);
Result<ScaleFrame> parse_radwag_sui_frame(std::string_view bytes);

// Exact decimal text ("+0001.234", "-  1.645", "92.6") times the unit ("kg", "g") in mg.
// Spaces between sign and digits are allowed (OHAUS pads there). No floating point.
Result<Milligrams> parse_decimal_weight(std::string_view number, std::string_view unit);

enum class ScaleProtocolId { Toledo8217, ContinuousStGs, OhausContinuous, RadwagSui };

struct ScaleProtocol {
  ScaleProtocolId id;
  std::string_view key;    // the name used in config: "toledo8217"
  std::string_view title;  // for logs and the device name
  SerialSettings settings;
  // Sent to ask for one weight; empty for scales that stream continuously.
  std::string_view request;
  // Sent by zero(); empty when the protocol has no zero command.
  std::string_view zero_command;
  // Frame start byte (0 = none, frames start after the previous end) and end bytes.
  char frame_start;
  std::string_view frame_end;
  std::size_t max_frame;  // longer runs without an end byte are garbage, dropped
  bool seven_bit;         // 7-bit data: bit 7 of each byte is masked off
  std::chrono::milliseconds poll_interval;  // request protocols: between requests
  std::chrono::milliseconds silence_limit;  // no valid frame for this long: not responding
  Result<ScaleFrame> (*parse)(std::string_view frame);
};

std::span<const ScaleProtocol> scale_protocols();
// nullptr when unknown.
const ScaleProtocol* find_scale_protocol(std::string_view key);
const ScaleProtocol& scale_protocol(ScaleProtocolId id);

// Splits a byte stream into frames by a protocol's start/end bytes, dropping bytes outside
// frames and over-long runs so a noisy line resynchronises on the next frame.
class FrameSplitter {
 public:
  FrameSplitter(char start, std::string_view end, std::size_t max_frame, bool seven_bit)
      : start_(start), end_(end), max_(max_frame), seven_bit_(seven_bit) {}
  explicit FrameSplitter(const ScaleProtocol& p)
      : FrameSplitter(p.frame_start, p.frame_end, p.max_frame, p.seven_bit) {}

  // Appends bytes; returns the complete frames (without start and end bytes), empty ones
  // skipped.
  std::vector<std::string> push(std::string_view bytes);
  std::size_t dropped_bytes() const { return dropped_; }
  void reset() {
    buf_.clear();
    in_frame_ = false;
  }

 private:
  char start_;
  std::string_view end_;
  std::size_t max_;
  bool seven_bit_;
  std::string buf_;
  bool in_frame_ = false;
  bool overflow_ = false;
  std::size_t dropped_ = 0;
};

}  // namespace hp::dev
