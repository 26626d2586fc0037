#pragma once
// The device seam. Drivers (simulated, USB, serial) run on their own threads and report
// through a DeviceSink; the kiosk's sink appends to the UI event queue and wakes the main
// loop, so the UI thread never waits on a device.
//
// Every operation the kiosk asks of a device (zero, request a reading, print, drawer kick) is
// a request: the call only queues it and returns at once, from any thread; the answer comes
// back through the sink as an event (ScaleZeroed, ScaleReading, PrintDone, DrawerKicked).
// Whatever can block (a USB transfer, a serial write, anything with a timeout) runs on the
// device's own thread, which checks it is that thread (hp::ThreadOwner) and aborts otherwise.
#include <cstdint>
#include <functional>
#include <string>
#include <variant>

#include "shared/clock.hpp"
#include "shared/weight.hpp"

namespace hp::dev {

// A counter has a receipt printer and may have a label printer beside it (ZPL, TSPL or an
// ESC/POS label model): two printers, each its own kind, so the kiosk routes and shows both.
enum class DeviceKind { Scanner, Scale, Printer, LabelPrinter };

enum class Link {
  Disconnected,  // not plugged in / not found
  Ready,         // connected and usable
  Busy,          // connected, working (printing)
  Error,         // connected but not usable now (paper out, cover open, fault)
};

struct DeviceStatus {
  DeviceKind kind;
  std::string name;    // "Simulated scale", "Dymo M25 (0922:8004)"
  Link link = Link::Disconnected;
  std::string reason;  // a message key when Error, e.g. "printer.paper_out"
};

struct Scan {
  std::string text;       // decoded data, AIM prefix removed
  std::string symbology;  // AIM identifier such as "]E0", empty when unknown
  std::string source;     // device name
};

enum class ScaleState { Fault, Zero, InMotion, Stable, UnderZero, OverCapacity, NeedsCalibration, NeedsRezero };

struct ScaleReading {
  ScaleState state = ScaleState::Fault;
  Milligrams mg = 0;          // meaningful for Zero, InMotion, Stable
  Milligrams capacity_mg = 0; // 0 when unknown
  UtcMillis at = 0;
};

struct PrintJobBytes {
  std::string job_id;
  std::string kind;
  std::string bytes;
};

struct PrintDone {
  std::string job_id;
  bool ok = false;
  std::string reason;  // message key when not ok
  DeviceKind device = DeviceKind::Printer;  // which printer (Printer or LabelPrinter)
};

// The answer to Scale::request_zero().
struct ScaleZeroed {
  bool ok = false;
  // When not ok, a message key: "scale.zero_unsupported" (the scale has no zero command: the
  // kiosk tares in software), "scale.zero_failed", "scale.unplugged", "scale.fault".
  std::string reason;
};

// The answer to Printer::request_drawer_kick().
struct DrawerKicked {
  bool ok = false;
  std::string reason;  // when not ok: "printer.unplugged", "printer.not_responding", "printer.stalled"
};

using DeviceEvent = std::variant<DeviceStatus, Scan, ScaleReading, PrintDone, ScaleZeroed, DrawerKicked>;
using DeviceSink = std::function<void(DeviceEvent)>;

const char* to_string(ScaleState s);
const char* to_string(Link l);
const char* to_string(DeviceKind k);

class Device {
 public:
  virtual ~Device() = default;
  virtual DeviceKind kind() const = 0;
  virtual std::string name() const = 0;
  // Starts the device's thread; events go to sink until stop() or destruction.
  virtual void start(DeviceSink sink) = 0;
  virtual void stop() = 0;
};

class Scanner : public Device {
 public:
  DeviceKind kind() const override { return DeviceKind::Scanner; }
};

class Scale : public Device {
 public:
  DeviceKind kind() const override { return DeviceKind::Scale; }
  // Asks the scale to zero itself. Never blocks; the answer is one ScaleZeroed (not ok with
  // "scale.zero_unsupported" when the device cannot zero: the kiosk then tares in software).
  virtual void request_zero() = 0;
  // Asks for the current reading again, so a weight already on the scale when a screen opens
  // is shown. Never blocks; drivers that keep no reading send nothing.
  virtual void request_reading() {}
};

class Printer : public Device {
 public:
  // DeviceKind::Printer (receipts) or DeviceKind::LabelPrinter.
  explicit Printer(DeviceKind role = DeviceKind::Printer) : role_(role) {}
  DeviceKind kind() const override { return role_; }
  // Queues a job; a PrintDone follows. Never blocks the caller.
  virtual void submit(PrintJobBytes job) = 0;
  // Asks for a cash drawer kick (pulse on the drawer port). Never blocks; one DrawerKicked
  // follows. A kick that cannot go out now fails rather than waits: a drawer must not spring
  // open minutes later.
  virtual void request_drawer_kick() = 0;

 private:
  DeviceKind role_;
};

}  // namespace hp::dev
