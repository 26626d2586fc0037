#include "kiosk/platform/device_set.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <optional>

#include "drivers/serial/scale_protocols.hpp"
#include "drivers/serial/serial_scale.hpp"
#include "drivers/serial/unique_fd.hpp"
#include "drivers/sim/sim_scale.hpp"
#include "drivers/sim/sim_scanner.hpp"
#include "drivers/sim/virtual_printer.hpp"
#include "drivers/usb/device_manager.hpp"

namespace hp::platform {

namespace {

// [SECTION] Simulated devices

class SimDevices final : public DeviceSet, public ScriptDevices {
 public:
  SimDevices(const DeviceSetOptions& o, const Clock& clock)
      : scale_(clock, dev::SimScaleOptions{.capacity_mg = o.capacity_mg}),
        printer_(dev::VirtualPrinterOptions{.spool_dir = o.spool_dir}) {
    if (o.label_printer)
      label_printer_.emplace(dev::VirtualPrinterOptions{.spool_dir = std::filesystem::path(o.spool_dir) / "label",
                                                        .name = "Virtual label printer",
                                                        .role = dev::DeviceKind::LabelPrinter});
  }

  Status start(dev::DeviceSink sink) override {
    scanner_.start(sink);
    scale_.start(sink);
    printer_.start(sink);
    if (label_printer_) label_printer_->start(sink);
    return {};
  }
  void stop() override {
    scanner_.stop();
    scale_.stop();
    printer_.stop();
    if (label_printer_) label_printer_->stop();
  }
  app::Devices controller_devices() override {
    return {&scale_, &printer_, label_printer_ ? &*label_printer_ : nullptr};
  }
  void keyboard_scan(const std::string& text) override { scanner_.feed(text); }
  void demo_load(Milligrams mg) override { scale_.set_load(mg); }
  ScriptDevices* script_devices() override { return this; }

  Status scan(const std::string& text) override {
    if (!scanner_.feed(text)) return fail("script.device", "the simulated scanner is not connected");
    return {};
  }
  Status weigh(Milligrams mg, bool stable) override {
    return scale_.set_load_immediately(mg, stable ? dev::ScaleState::Stable : dev::ScaleState::InMotion);
  }

 private:
  dev::SimScanner scanner_;
  dev::SimScale scale_;
  dev::VirtualPrinter printer_;
  std::optional<dev::VirtualPrinter> label_printer_;
};

// [SECTION] USB devices

// Script steps written to the emulator's pipe: "scan <hex of the text>" or
// "weigh <milligrams> stable|moving".
class EmulatorPipe final : public ScriptDevices {
 public:
  explicit EmulatorPipe(dev::UniqueFd fd) : fd_(std::move(fd)) {}
  Status scan(const std::string& text) override {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string line = "scan ";
    for (unsigned char c : text) {
      line.push_back(kHex[c >> 4]);
      line.push_back(kHex[c & 15]);
    }
    return write_line(line);
  }
  Status weigh(Milligrams mg, bool stable) override {
    return write_line("weigh " + std::to_string(mg) + (stable ? " stable" : " moving"));
  }

 private:
  Status write_line(std::string line) {
    line.push_back('\n');
    if (::write(fd_.get(), line.data(), line.size()) != static_cast<ssize_t>(line.size()))
      return fail("script.device", "cannot write to the device emulator");
    return {};
  }
  dev::UniqueFd fd_;
};

// USB scanner and printer, and a USB HID scale or a serial counter scale.
class UsbDevices final : public DeviceSet {
 public:
  UsbDevices(usb::DevicesConfig config, const Clock& clock, std::unique_ptr<EmulatorPipe> pipe,
             std::unique_ptr<dev::SerialScale> serial_scale)
      : config_(std::move(config)), clock_(clock), pipe_(std::move(pipe)), serial_scale_(std::move(serial_scale)) {}

  Status start(dev::DeviceSink sink) override {
    sink_ = sink;
    dev::DeviceSink usb_sink = sink;
    if (serial_scale_) {
      serial_scale_->start(sink);
      // The serial scale is the counter's scale; a USB scale that happens to be plugged in too
      // must not put its weight on the screen.
      usb_sink = [sink](dev::DeviceEvent e) {
        if (std::holds_alternative<dev::ScaleReading>(e)) return;
        if (auto* s = std::get_if<dev::DeviceStatus>(&e); s && s->kind == dev::DeviceKind::Scale) return;
        sink(std::move(e));
      };
    }
    manager_ = std::make_unique<usb::DeviceManager>(usb_sink, usb::ManagerOptions{.config = config_, .clock = &clock_});
    return manager_->start();
  }
  void stop() override {
    if (manager_) manager_->stop();
    if (serial_scale_) serial_scale_->stop();
  }
  app::Devices controller_devices() override {
    if (serial_scale_) return {serial_scale_.get(), &manager_->printer(), &manager_->label_printer()};
    return {&manager_->scale(), &manager_->printer(), &manager_->label_printer()};
  }
  void keyboard_scan(const std::string& text) override {
    if (sink_) sink_(dev::Scan{text, "", "keyboard"});
  }
  void demo_load(Milligrams) override {}
  ScriptDevices* script_devices() override { return pipe_.get(); }

 private:
  usb::DevicesConfig config_;
  const Clock& clock_;
  std::unique_ptr<EmulatorPipe> pipe_;
  std::unique_ptr<dev::SerialScale> serial_scale_;
  dev::DeviceSink sink_;
  std::unique_ptr<usb::DeviceManager> manager_;
};

}  // namespace

Result<std::unique_ptr<DeviceSet>> make_device_set(const DeviceSetOptions& o, const Clock& clock) {
  if (o.kind == "sim") return std::unique_ptr<DeviceSet>(std::make_unique<SimDevices>(o, clock));
  if (o.kind != "usb") return fail("options", "--devices must be sim or usb");
  auto config = usb::load_devices_config(o.devices_toml);
  if (!config) return std::unexpected(config.error());
  std::unique_ptr<EmulatorPipe> pipe;
  if (!o.emulator_pipe.empty()) {
    dev::UniqueFd fd(::open(o.emulator_pipe.c_str(), O_WRONLY | O_CLOEXEC));
    if (fd.get() < 0) return fail("script.device", "cannot open " + o.emulator_pipe);
    pipe = std::make_unique<EmulatorPipe>(std::move(fd));
  }
  std::unique_ptr<dev::SerialScale> serial_scale;
  if (!o.serial_scale_port.empty()) {
    const dev::ScaleProtocol* protocol = dev::find_scale_protocol(o.serial_scale_protocol);
    if (!protocol) return fail("config.serial_scale_protocol", "unknown protocol " + o.serial_scale_protocol);
    dev::SerialScaleOptions so;
    so.path = o.serial_scale_port;
    so.protocol = protocol->id;
    so.capacity_mg = o.capacity_mg;
    serial_scale = std::make_unique<dev::SerialScale>(clock, std::move(so));
  }
  return std::unique_ptr<DeviceSet>(
      std::make_unique<UsbDevices>(std::move(*config), clock, std::move(pipe), std::move(serial_scale)));
}

}  // namespace hp::platform
