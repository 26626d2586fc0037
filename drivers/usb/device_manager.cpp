#include "drivers/usb/device_manager.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <pthread.h>

#include "drivers/hid/report_descriptor.hpp"

namespace hp::usb {

struct DeviceManager::Record {
  libusb_device* dev = nullptr;  // holds a reference
  DeviceInfo info;
  std::optional<DriverMatch> match;
  std::shared_ptr<ClaimedInterface> claim;
  std::unique_ptr<InterruptReader> reader;
  int slot = 0;
  bool failed = false;  // the reader stopped; closed on the next loop turn
  int failed_status = LIBUSB_TRANSFER_NO_DEVICE;
  std::int64_t retry_at_ms = 0;  // when a device that could not be claimed is tried again
};

namespace {

constexpr std::int64_t kClaimRetryMs = 2000;

char hex_digit(int v) { return "0123456789abcdef"[v & 15]; }

std::string vid_pid(std::uint16_t vid, std::uint16_t pid) {
  std::string s;
  for (int shift : {12, 8, 4, 0}) s += hex_digit(vid >> shift);
  s += ':';
  for (int shift : {12, 8, 4, 0}) s += hex_digit(pid >> shift);
  return s;
}

dev::DeviceKind kind_of(DriverKind k) {
  switch (k) {
    case DriverKind::HidScale: return dev::DeviceKind::Scale;
    case DriverKind::Printer: return dev::DeviceKind::Printer;
    case DriverKind::LabelPrinter: return dev::DeviceKind::LabelPrinter;
    default: return dev::DeviceKind::Scanner;
  }
}

// Message keys: both printers share the printer's ("printer.unplugged"); the device's kind
// says which one it was.
std::string reason_prefix(DriverKind k) {
  return k == DriverKind::LabelPrinter ? "printer" : dev::to_string(kind_of(k));
}
std::string unplugged_reason(DriverKind k) { return reason_prefix(k) + ".unplugged"; }

UsbIdentity identify(libusb_device* dev, const libusb_device_descriptor& d) {
  UsbIdentity id{d.idVendor, d.idProduct, {}};
  libusb_config_descriptor* cfg = nullptr;
  if (libusb_get_active_config_descriptor(dev, &cfg) != 0 && libusb_get_config_descriptor(dev, 0, &cfg) != 0)
    return id;
  for (int i = 0; i < cfg->bNumInterfaces; ++i) {
    if (cfg->interface[i].num_altsetting < 1) continue;
    const libusb_interface_descriptor& alt = cfg->interface[i].altsetting[0];
    InterfaceInfo info;
    info.number = alt.bInterfaceNumber;
    info.cls = alt.bInterfaceClass;
    info.subclass = alt.bInterfaceSubClass;
    info.protocol = alt.bInterfaceProtocol;
    for (int e = 0; e < alt.bNumEndpoints; ++e) {
      const auto& ep = alt.endpoint[e];
      auto type = ep.bmAttributes & 0x03;
      if (type != LIBUSB_TRANSFER_TYPE_BULK && type != LIBUSB_TRANSFER_TYPE_INTERRUPT) continue;
      if ((ep.bEndpointAddress & 0x80) && info.in_ep == 0) {
        info.in_ep = ep.bEndpointAddress;
        info.in_max_packet = ep.wMaxPacketSize;
      } else if (!(ep.bEndpointAddress & 0x80) && info.out_ep == 0) {
        info.out_ep = ep.bEndpointAddress;
      }
    }
    id.interfaces.push_back(std::move(info));
  }
  libusb_free_config_descriptor(cfg);
  return id;
}

// The kernel's copy of the report descriptor, read without touching the device, so probing
// never takes a touch screen or keyboard away from the desktop even for a moment.
std::optional<std::vector<std::uint8_t>> sysfs_report_descriptor(libusb_device* dev, std::uint8_t iface) {
  std::uint8_t ports[8];
  int n = libusb_get_port_numbers(dev, ports, sizeof ports);
  if (n <= 0) return std::nullopt;
  std::string name = std::to_string(libusb_get_bus_number(dev)) + "-";
  for (int i = 0; i < n; ++i) name += (i ? "." : "") + std::to_string(ports[i]);
  libusb_config_descriptor* cfg = nullptr;
  int config_value = 1;
  if (libusb_get_active_config_descriptor(dev, &cfg) == 0) {
    config_value = cfg->bConfigurationValue;
    libusb_free_config_descriptor(cfg);
  }
  std::filesystem::path dir = "/sys/bus/usb/devices/" + name + ":" + std::to_string(config_value) + "." +
                              std::to_string(iface);
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    auto file = entry.path() / "report_descriptor";
    if (!std::filesystem::exists(file, ec)) continue;
    std::ifstream in(file, std::ios::binary);
    std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!bytes.empty()) return bytes;
  }
  return std::nullopt;
}

std::optional<hid::HidDescriptorSummary> summary_of(const std::vector<std::uint8_t>& bytes) {
  auto s = hid::parse_report_descriptor(bytes);
  if (!s) return std::nullopt;
  return *s;
}

}  // namespace

DeviceManager::DeviceManager(dev::DeviceSink sink, ManagerOptions options)
    : options_(std::move(options)), sink_(std::move(sink)), clock_(options_.clock ? options_.clock : &system_clock_) {
  auto logger = [this](const std::string& line) { log(line); };
  layout_ = hid::keyboard_layout(options_.config.keyboard_layout);
  if (!layout_) layout_ = &hid::us_layout();
  scale_ = std::make_unique<UsbScale>(*clock_,
                                      dev::ScaleFilterOptions{.hold_ms = options_.config.scale_hold_ms}, logger,
                                      event_thread_);
  scanner_ = std::make_unique<UsbScanner>(
      *layout_,
      hid::KeyboardDecoderOptions{.enter_ends_scan = options_.config.enter_ends_scan,
                                  .tab_ends_scan = options_.config.tab_ends_scan,
                                  .key_timeout_ms = options_.config.key_timeout_ms},
      options_.config.scan_gap_ms, logger);
  const PrinterOptions printer{.chunk_bytes = options_.config.printer_chunk_bytes,
                               .write_timeout_ms = options_.config.printer_write_timeout_ms,
                               .status_timeout_ms = options_.config.printer_status_timeout_ms,
                               .retry_ms = options_.config.printer_retry_ms,
                               .status_probe = {.backoff_ms = options_.config.printer_status_backoff_ms,
                                                .attempts = options_.config.printer_status_attempts}};
  printer_ = std::make_unique<UsbPrinter>(printer, logger);
  PrinterOptions label = printer;
  label.role = dev::DeviceKind::LabelPrinter;
  label.escpos_status = options_.config.label_printer_escpos_status;
  label_printer_ = std::make_unique<UsbPrinter>(label, logger);
}

DeviceManager::~DeviceManager() { stop(); }

void DeviceManager::log(const std::string& line) const {
  if (options_.log) options_.log(line);
  else std::fprintf(stderr, "usb: %s\n", line.c_str());
}

std::int64_t DeviceManager::now_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

Status DeviceManager::start() {
  if (running_) return {};
  if (options_.context) {
    ctx_ = options_.context;
  } else {
    auto c = UsbContext::create();
    if (!c) return std::unexpected(c.error());
    owned_ = std::move(*c);
    ctx_ = owned_->get();
  }
  scale_->start(sink_);
  scanner_->start(sink_);
  printer_->start(sink_);
  label_printer_->start(sink_);
  scale_->set_wake([ctx = ctx_] { libusb_interrupt_event_handler(ctx); });
  if (!options_.force_polling && libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG)) {
    libusb_hotplug_callback_handle h{};
    int r = libusb_hotplug_register_callback(
        ctx_, static_cast<libusb_hotplug_event>(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT),
        LIBUSB_HOTPLUG_ENUMERATE, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
        &DeviceManager::on_hotplug, this, &h);
    if (r == 0) hotplug_handle_ = h;
    else log("hotplug unavailable (" + usb_error(r) + "); polling the bus");
  }
  running_ = true;
  thread_ = std::thread([this] { run(); });
  return {};
}

void DeviceManager::stop() {
  if (!running_) return;
  // The printer's synchronous transfers need the event thread: stop the printer first.
  printer_->shutdown();
  label_printer_->shutdown();
  scale_->stop();
  scanner_->stop();
  printer_->stop();
  label_printer_->stop();
  running_ = false;
  scale_->set_wake({});
  libusb_interrupt_event_handler(ctx_);
  if (thread_.joinable()) thread_.join();
  if (hotplug_handle_) libusb_hotplug_deregister_callback(ctx_, *hotplug_handle_);
  hotplug_handle_.reset();
  std::lock_guard lock(m_);
  for (auto& [d, arrived] : pending_) libusb_unref_device(d);
  pending_.clear();
  owned_.reset();
  ctx_ = nullptr;
}

int LIBUSB_CALL DeviceManager::on_hotplug(libusb_context*, libusb_device* dev, libusb_hotplug_event event, void* user) {
  auto* self = static_cast<DeviceManager*>(user);
  std::lock_guard lock(self->m_);
  self->pending_.emplace_back(libusb_ref_device(dev), event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED);
  return 0;
}

void DeviceManager::process_pending() {
  std::vector<std::pair<libusb_device*, bool>> batch;
  {
    std::lock_guard lock(m_);
    batch.swap(pending_);
  }
  for (auto& [d, arrived] : batch) {
    if (arrived) arrive(d);
    else leave(d);
    libusb_unref_device(d);
  }
  // Readers that stopped (I/O error, device gone before the hotplug event).
  for (auto& r : records_) {
    if (r->failed && r->claim) {
      r->failed = false;
      std::string reason = "usb.io_error";
      if (r->match) {
        reason = r->failed_status == LIBUSB_TRANSFER_NO_DEVICE
                     ? unplugged_reason(r->match->driver)
                     : reason_prefix(r->match->driver) + ".io_error";
      }
      close_record(*r, reason);
      std::lock_guard lock(m_);
      r->info.state = "error: " + reason;
    }
  }
}

void DeviceManager::run() {
  pthread_setname_np(pthread_self(), "hp-usb-events");  // for top, and the idle CPU bench
  event_thread_.claim();
  if (!hotplug_handle_) poll_bus();
  auto last_poll = now_ms();
  while (running_) {
    timeval tv{0, 100'000};
    libusb_handle_events_timeout_completed(ctx_, &tv, nullptr);
    process_pending();
    auto now = now_ms();
    if (!hotplug_handle_ && now - last_poll >= options_.poll_interval_ms) {
      poll_bus();
      last_poll = now;
    }
    scale_->tick(now);
    scale_->run_requests();
    retry_claims(now);
  }
  std::vector<std::unique_ptr<Record>> records;
  {
    std::lock_guard lock(m_);
    records.swap(records_);
  }
  for (auto& r : records) {
    close_record(*r, "");
    libusb_unref_device(r->dev);
  }
}

void DeviceManager::retry_claims(std::int64_t now) {
  std::vector<libusb_device*> again;
  for (auto& r : records_)
    if (r->retry_at_ms && now >= r->retry_at_ms) again.push_back(libusb_ref_device(r->dev));
  for (auto* d : again) {
    {
      std::lock_guard lock(m_);
      auto it = std::find_if(records_.begin(), records_.end(), [&](const auto& r) { return r->dev == d; });
      if (it != records_.end()) {
        libusb_unref_device((*it)->dev);
        records_.erase(it);
      }
    }
    arrive(d, /*retry=*/true);
    libusb_unref_device(d);
  }
}

void DeviceManager::poll_bus() {
  libusb_device** list = nullptr;
  ssize_t n = libusb_get_device_list(ctx_, &list);
  if (n < 0) return;
  std::vector<libusb_device*> now(list, list + n);
  std::vector<libusb_device*> gone;
  for (auto& r : records_)
    if (std::find(now.begin(), now.end(), r->dev) == now.end()) gone.push_back(r->dev);
  for (auto* d : gone) leave(d);
  for (auto* d : now) {
    bool known = std::any_of(records_.begin(), records_.end(), [&](const auto& r) { return r->dev == d; });
    if (!known) arrive(d);
  }
  libusb_free_device_list(list, 1);
}

void DeviceManager::arrive(libusb_device* dev, bool retry) {
  event_thread_.check("DeviceManager::arrive (opens, claims and asks the device)");
  if (std::any_of(records_.begin(), records_.end(), [&](const auto& r) { return r->dev == dev; })) return;
  libusb_device_descriptor d{};
  if (libusb_get_device_descriptor(dev, &d) != 0 || d.bDeviceClass == LIBUSB_CLASS_HUB) return;

  auto rec = std::make_unique<Record>();
  rec->dev = libusb_ref_device(dev);
  rec->info.vid = d.idVendor;
  rec->info.pid = d.idProduct;
  rec->info.bus = libusb_get_bus_number(dev);
  rec->info.address = libusb_get_device_address(dev);
  rec->info.state = "unclaimed";
  const KnownDevice* known = find_known(d.idVendor, d.idProduct);
  rec->info.name = (known ? std::string(known->name) : std::string("USB device")) + " (" + vid_pid(d.idVendor, d.idProduct) + ")";

  UsbIdentity id = identify(dev, d);
  bool pinned_or_known = known || std::any_of(options_.config.pins.begin(), options_.config.pins.end(), [&](const Pin& p) {
                           return p.vid == d.idVendor && p.pid == d.idProduct;
                         });
  if (!pinned_or_known) {
    for (auto& iface : id.interfaces) {
      if (!wants_report_descriptor(id, iface, options_.config)) continue;
      if (auto bytes = sysfs_report_descriptor(dev, iface.number)) {
        iface.hid = summary_of(*bytes);
        continue;
      }
      // No kernel copy: read it from the device, but only when no kernel driver holds the
      // interface (claiming would take it away from the desktop).
      libusb_device_handle* h = nullptr;
      if (libusb_open(dev, &h) != 0) continue;
      int active = libusb_kernel_driver_active(h, iface.number);
      if (active == 0 && libusb_claim_interface(h, iface.number) == 0) {
        if (auto bytes = read_report_descriptor(h, iface.number)) iface.hid = summary_of(*bytes);
        libusb_release_interface(h, iface.number);
      }
      libusb_close(h);
    }
  }
  rec->match = match_device(id, options_.config);
  Record& r = *rec;
  {
    std::lock_guard lock(m_);
    records_.push_back(std::move(rec));
  }
  if (!r.match) return;
  auto set_state = [&](std::string s) {
    std::lock_guard lock(m_);
    r.info.state = std::move(s);
    r.info.driver = to_string(r.match->driver);
  };
  set_state("standby");
  const DriverKind kind = r.match->driver;
  if ((kind == DriverKind::HidScale && scale_->connected()) || (kind == DriverKind::Printer && printer_->connected()) ||
      (kind == DriverKind::LabelPrinter && label_printer_->connected())) {
    log(r.info.name + ": standby, another device of this kind is in use");
    return;
  }
  const InterfaceInfo* iface = nullptr;
  for (const auto& i : id.interfaces)
    if (i.number == r.match->interface) iface = &i;
  if (!iface) return;

  auto claim = ClaimedInterface::open(dev, iface->number);
  if (!claim) {
    set_state("error: " + claim.error().code);
    if (!retry) {  // said once, not every retry
      log(r.info.name + ": " + claim.error().code + " " + claim.error().detail);
      sink_(dev::DeviceStatus{kind_of(kind), r.info.name, dev::Link::Error, claim.error().code});
    }
    // Another program (kioskctl, a second kiosk) may let go of it: try again later.
    r.retry_at_ms = now_ms() + kClaimRetryMs;
    return;
  }
  r.claim = *claim;
  auto* h = r.claim->handle();
  if (auto product = read_product_name(h); !product.empty()) {
    std::lock_guard lock(m_);
    r.info.name = product + " (" + vid_pid(d.idVendor, d.idProduct) + ")";
  }
  // Before the driver reports Ready, so devices() agrees with the events.
  set_state("ready");

  Record* rp = &r;
  auto on_gone = [this, rp](int status) {
    log(rp->info.name + ": transfer ended (" + libusb_error_name(status) + ")");
    rp->failed = true;
    rp->failed_status = status;
  };
  std::size_t report_len = iface->in_max_packet ? iface->in_max_packet : 64;
  switch (kind) {
    case DriverKind::HidScale: {
      std::optional<std::uint8_t> zero_id;
      bool feature = false;
      if (auto bytes = read_report_descriptor(h, iface->number)) {
        if (auto s = hid::parse_report_descriptor(*bytes)) {
          if (const auto* f = s->writable({hid::kPageScale, hid::kUsageZeroScale})) {
            zero_id = f->report_id;
            feature = f->kind == hid::HidField::Kind::Feature;
          }
        }
      }
      scale_->attach(r.claim, r.info.name, zero_id, feature);
      auto now = [this] { return now_ms(); };
      r.reader = std::make_unique<InterruptReader>(
          ctx_, r.claim, iface->in_ep, report_len,
          [this, now](std::span<const std::uint8_t> b) { scale_->on_report(b, now()); }, on_gone,
          [this](const std::string& line) { log(line); });
      break;
    }
    case DriverKind::KeyboardScanner:
    case DriverKind::HidPosScanner: {
      std::string warning;
      if (kind == DriverKind::KeyboardScanner) {
        // Boot protocol gives the fixed 8-byte report whatever the report descriptor says;
        // idle rate 0 sends a report only on a change. A scanner that refuses either may
        // still work (many send boot reports anyway), so it is used, and the refusal is
        // logged and shown as a warning: if scans come out wrong, this is why.
        struct Request {
          std::uint8_t code;
          const char* name;
          const char* reason;
        };
        for (auto q : {Request{0x0B, "SET_PROTOCOL (boot)", "scanner.set_protocol"},
                       Request{0x0A, "SET_IDLE (0)", "scanner.set_idle"}}) {
          int rc = libusb_control_transfer(h, 0x21, q.code, 0, iface->number, nullptr, 0, 200);
          if (rc < 0) {
            log(r.info.name + ": " + q.name + " refused: " + usb_error(rc));
            if (warning.empty()) warning = q.reason;
          }
        }
      }
      r.slot = next_slot_++;
      scanner_->attach(r.slot, r.info.name,
                       kind == DriverKind::KeyboardScanner ? UsbScanner::Mode::Keyboard : UsbScanner::Mode::HidPos,
                       warning);
      int slot = r.slot;
      r.reader = std::make_unique<InterruptReader>(
          ctx_, r.claim, iface->in_ep, report_len,
          [this, slot](std::span<const std::uint8_t> b) { scanner_->on_report(slot, b, now_ms()); }, on_gone,
          [this](const std::string& line) { log(line); });
      break;
    }
    case DriverKind::Printer:
    case DriverKind::LabelPrinter: {
      unsigned char buf[1024];
      int n = libusb_control_transfer(h, 0xA1, 0x00 /* GET_DEVICE_ID */, 0,
                                      static_cast<std::uint16_t>(iface->number << 8), buf, sizeof buf, 500);
      if (n > 0) {
        if (auto idv = parse_device_id(std::span<const std::uint8_t>(buf, static_cast<std::size_t>(n)))) {
          auto mfg = idv->manufacturer(), mdl = idv->model();
          std::lock_guard lock(m_);
          if (!mdl.empty())
            r.info.name = (mfg.empty() || mdl.rfind(mfg, 0) == 0 ? mdl : mfg + " " + mdl) + " (" +
                          vid_pid(d.idVendor, d.idProduct) + ")";
        }
      }
      (kind == DriverKind::Printer ? printer_ : label_printer_)->attach(r.claim, iface->out_ep, iface->in_ep, r.info.name);
      break;
    }
    case DriverKind::Ignore: break;
  }
  if (r.reader) {
    if (auto s = r.reader->start(); !s) {
      log(r.info.name + ": " + s.error().detail);
      r.failed = true;
    }
  }
}

void DeviceManager::close_record(Record& r, const std::string& reason) {
  if (r.reader) {
    r.reader->stop();
    r.reader.reset();
  }
  if (r.claim && r.match) {
    switch (r.match->driver) {
      case DriverKind::HidScale: scale_->detach(reason); break;
      case DriverKind::KeyboardScanner:
      case DriverKind::HidPosScanner: scanner_->detach(r.slot, reason); break;
      case DriverKind::Printer: printer_->detach(reason); break;
      case DriverKind::LabelPrinter: label_printer_->detach(reason); break;
      case DriverKind::Ignore: break;
    }
  }
  r.claim.reset();
}

void DeviceManager::leave(libusb_device* dev) {
  auto it = std::find_if(records_.begin(), records_.end(), [&](const auto& r) { return r->dev == dev; });
  if (it == records_.end()) return;
  bool was_bound = (*it)->claim != nullptr;
  close_record(**it, (*it)->match ? unplugged_reason((*it)->match->driver) : "");
  std::unique_ptr<Record> gone;
  {
    std::lock_guard lock(m_);
    gone = std::move(*it);
    records_.erase(it);
  }
  libusb_unref_device(gone->dev);
  if (!was_bound) return;
  // A device of the same kind waiting in standby takes over.
  std::vector<libusb_device*> standby;
  for (auto& r : records_)
    if (r->match && !r->claim && r->match->driver == gone->match->driver) standby.push_back(libusb_ref_device(r->dev));
  for (auto* d : standby) {
    {
      std::lock_guard lock(m_);
      auto s = std::find_if(records_.begin(), records_.end(), [&](const auto& r) { return r->dev == d; });
      if (s != records_.end()) {
        libusb_unref_device((*s)->dev);
        records_.erase(s);
      }
    }
    arrive(d);
    libusb_unref_device(d);
  }
}

std::vector<DeviceInfo> DeviceManager::devices() const {
  std::lock_guard lock(m_);
  std::vector<DeviceInfo> out;
  for (const auto& r : records_) out.push_back(r->info);
  return out;
}

}  // namespace hp::usb
