#pragma once
// The counter's devices as the kiosk program sees them: simulated (demo, scripted tests) or
// real USB devices through libusb. main() picks one; everything else goes through this.
#include <memory>
#include <string>

#include "drivers/device.hpp"
#include "kiosk/app/controller.hpp"
#include "shared/result.hpp"

namespace hp::platform {

// Where a script's "scan" and "weigh" steps go: the simulated devices, or an emulator that
// plays real USB devices (the USB end-to-end test).
class ScriptDevices {
 public:
  virtual ~ScriptDevices() = default;
  virtual Status scan(const std::string& text) = 0;
  virtual Status weigh(Milligrams mg, bool stable) = 0;
};

class DeviceSet {
 public:
  virtual ~DeviceSet() = default;
  virtual Status start(dev::DeviceSink sink) = 0;
  virtual void stop() = 0;
  virtual app::Devices controller_devices() = 0;
  // A code typed on the keyboard with no field focused (a keyboard-wedge scanner the kernel
  // still owns, or a clerk typing a code).
  virtual void keyboard_scan(const std::string& text) = 0;
  // Demo panel (simulated devices only).
  virtual void demo_load(Milligrams mg) = 0;
  // nullptr when scripts cannot drive these devices.
  virtual ScriptDevices* script_devices() = 0;
};

struct DeviceSetOptions {
  std::string kind;          // "sim" or "usb"
  std::string spool_dir;     // sim printer
  // sim: a second virtual printer, the label printer, spooling to spool_dir/label.
  bool label_printer = false;
  std::string devices_toml;  // usb configuration (missing file: defaults)
  Milligrams capacity_mg = 30'000'000;
  // usb: a serial counter scale takes the place of a USB scale when a port is set.
  std::string serial_scale_port;
  std::string serial_scale_protocol;
  // USB end-to-end tests: script "scan"/"weigh" steps are written here, one per line, for the
  // emulator that plays the devices ($HP_DEVICE_EMULATOR_PIPE).
  std::string emulator_pipe;
};

Result<std::unique_ptr<DeviceSet>> make_device_set(const DeviceSetOptions& options, const Clock& clock);

}  // namespace hp::platform
