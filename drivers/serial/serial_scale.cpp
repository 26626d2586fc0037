#include "drivers/serial/serial_scale.hpp"

#include <algorithm>

namespace hp::dev {

namespace {
using Clk = std::chrono::steady_clock;
using std::chrono::milliseconds;

milliseconds until(Clk::time_point t) {
  return std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(t - Clk::now()) + milliseconds(1));
}
}  // namespace

SerialScale::SerialScale(Clock clock, SerialScaleOptions options)
    : clock_(std::move(clock)),
      options_(std::move(options)),
      protocol_(scale_protocol(options_.protocol)),
      name_(options_.name.empty()
                ? std::string(protocol_.title) + " (" +
                      (options_.path.empty() ? std::string("auto") : options_.path) + ")"
                : options_.name) {}

SerialScale::~SerialScale() { stop(); }

void SerialScale::start(DeviceSink sink) {
  stop();
  wake_.drain();
  bad_frames_ = 0;
  thread_ = std::jthread([this, sink = std::move(sink)](std::stop_token st) {
    PortLoop loop{DeviceKind::Scale, name_,
                  PortSpec{options_.path, options_.settings.value_or(protocol_.settings),
                           options_.reopen_interval},
                  &wake_, sink, [&] {
                    if (int n = zero_requests_.exchange(0))
                      answer_zero(sink, n,
                                  {false, protocol_.zero_command.empty() ? "scale.zero_unsupported" : "scale.unplugged"});
                  }};
    run_port_loop(st, loop, [&](SerialPort& port) { session(st, port, sink); });
  });
}

void SerialScale::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  wake_.signal();
  thread_.join();
}

void SerialScale::request_zero() {
  ++zero_requests_;
  wake_.signal();
}

void SerialScale::answer_zero(const DeviceSink& sink, int requests, const ScaleZeroed& z) {
  for (int i = 0; i < requests && sink; ++i) sink(z);
}

void SerialScale::request_reading() {
  reading_requested_ = true;
  wake_.signal();
}

void SerialScale::session(std::stop_token st, SerialPort& port, const DeviceSink& sink) {
  // A zero pressed while the scale was away must not fire later onto whatever load is on it.
  if (int n = zero_requests_.exchange(0))
    answer_zero(sink, n, {false, protocol_.zero_command.empty() ? "scale.zero_unsupported" : "scale.unplugged"});
  FrameSplitter splitter(protocol_);
  const bool polled = !protocol_.request.empty();
  const milliseconds write_timeout(500);
  auto next_request = Clk::now();
  auto last_valid = Clk::now();
  bool responding = true;
  // A plain pair, not std::optional: g++ 12 warns (maybe-uninitialized) on the variant copy.
  bool have_last = false;
  ScaleReading last{};

  auto emit_reading = [&](const ScaleReading& r, bool force) {
    const bool changed = !have_last || last.state != r.state || last.mg != r.mg;
    last = r;
    have_last = true;
    if ((changed || force) && sink) sink(r);
  };

  while (!st.stop_requested()) {
    if (int n = zero_requests_.exchange(0)) {
      if (protocol_.zero_command.empty()) {
        answer_zero(sink, n, {false, "scale.zero_unsupported"});
      } else if (!port.write_all(protocol_.zero_command, write_timeout)) {
        answer_zero(sink, n, {false, "scale.zero_failed"});
        return;
      } else {
        answer_zero(sink, n, {true, {}});
      }
    }
    if (reading_requested_.exchange(false) && have_last) {
      ScaleReading r = last;
      r.at = clock_.now();
      emit_reading(r, true);
    }
    auto now = Clk::now();
    if (polled && now >= next_request) {
      if (!port.write_all(protocol_.request, write_timeout)) return;
      next_request = now + protocol_.poll_interval;
    }
    auto deadline = last_valid + protocol_.silence_limit;
    if (polled) deadline = std::min(deadline, next_request);
    if (!responding) deadline = polled ? next_request : Clk::now() + milliseconds(60'000);

    switch (port.wait(wake_.fd(), until(deadline))) {
      case SerialPort::Wait::Stopped:
        wake_.drain();
        continue;
      case SerialPort::Wait::Gone:
        return;
      case SerialPort::Wait::Timeout:
        if (responding && Clk::now() - last_valid >= protocol_.silence_limit) {
          // Cable in, scale off (or wrong settings): the port is there, the scale is not.
          responding = false;
          have_last = false;
          if (sink) sink(DeviceStatus{DeviceKind::Scale, name_, Link::Error, "scale.not_responding"});
        }
        continue;
      case SerialPort::Wait::Readable:
        break;
    }
    auto bytes = port.read_available();
    if (!bytes) return;
    for (const auto& frame : splitter.push(*bytes)) {
      auto parsed = protocol_.parse(frame);
      if (!parsed) {
        ++bad_frames_;
        continue;
      }
      last_valid = Clk::now();
      if (!responding) {
        responding = true;
        if (sink) sink(DeviceStatus{DeviceKind::Scale, name_, Link::Ready, {}});
      }
      ScaleReading r;
      r.state = frame_state(*parsed);
      r.mg = parsed->has_weight ? parsed->mg : 0;
      r.capacity_mg = options_.capacity_mg;
      r.at = clock_.now();
      emit_reading(r, false);
    }
  }
}

}  // namespace hp::dev
