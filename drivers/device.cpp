#include "drivers/device.hpp"

namespace hp::dev {

const char* to_string(ScaleState s) {
  switch (s) {
    case ScaleState::Fault: return "fault";
    case ScaleState::Zero: return "zero";
    case ScaleState::InMotion: return "in_motion";
    case ScaleState::Stable: return "stable";
    case ScaleState::UnderZero: return "under_zero";
    case ScaleState::OverCapacity: return "over_weight";
    case ScaleState::NeedsCalibration: return "calibrate";
    case ScaleState::NeedsRezero: return "rezero";
  }
  return "fault";
}

const char* to_string(Link l) {
  switch (l) {
    case Link::Disconnected: return "disconnected";
    case Link::Ready: return "ready";
    case Link::Busy: return "busy";
    case Link::Error: return "error";
  }
  return "disconnected";
}

const char* to_string(DeviceKind k) {
  switch (k) {
    case DeviceKind::Scanner: return "scanner";
    case DeviceKind::Scale: return "scale";
    case DeviceKind::Printer: return "printer";
    case DeviceKind::LabelPrinter: return "label_printer";
  }
  return "scanner";
}

}  // namespace hp::dev
