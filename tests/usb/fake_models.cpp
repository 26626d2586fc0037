#include "tests/usb/fake_models.hpp"

#include <cstring>

namespace hp::usbtest {
namespace {

std::vector<std::uint8_t> hid_device(std::uint16_t vid, std::uint16_t pid, std::uint8_t subclass, std::uint8_t protocol,
                                     std::uint8_t ep, std::uint16_t max_packet, std::size_t report_desc_len,
                                     bool with_strings) {
  std::uint8_t sl = static_cast<std::uint8_t>(report_desc_len & 0xff), sh = static_cast<std::uint8_t>(report_desc_len >> 8);
  return {// device
          0x12, 0x01, 0x10, 0x01, 0x00, 0x00, 0x00, 0x08, std::uint8_t(vid & 0xff), std::uint8_t(vid >> 8),
          std::uint8_t(pid & 0xff), std::uint8_t(pid >> 8), 0x00, 0x01, std::uint8_t(with_strings ? 1 : 0),
          std::uint8_t(with_strings ? 2 : 0), 0x00, 0x01,
          // configuration, total 34 bytes
          0x09, 0x02, 0x22, 0x00, 0x01, 0x01, 0x00, 0x80, 0x32,
          // interface 0, HID
          0x09, 0x04, 0x00, 0x00, 0x01, 0x03, subclass, protocol, 0x00,
          // HID descriptor
          0x09, 0x21, 0x11, 0x01, 0x00, 0x01, 0x22, sl, sh,
          // interrupt IN
          0x07, 0x05, ep, 0x03, std::uint8_t(max_packet & 0xff), std::uint8_t(max_packet >> 8), 0x0A};
}

struct HidControl {
  std::vector<std::uint8_t> report_desc;
  std::shared_ptr<std::atomic<int>> zero_requests;
  bool zero_control = false;
  bool stall_set_protocol = false;
  bool stall_set_idle = false;
  std::shared_ptr<Gate> zero_gate;
};

std::function<int(const std::uint8_t*, std::uint8_t*, std::size_t)> hid_control(HidControl c) {
  return [c, report_desc = c.report_desc, zero_requests = c.zero_requests, zero_control = c.zero_control](
             const std::uint8_t* s, std::uint8_t* data, std::size_t len) -> int {
    if (s[0] == 0x81 && s[1] == 0x06 && s[3] == 0x22) {
      std::size_t n = std::min(len, report_desc.size());
      std::memcpy(data, report_desc.data(), n);
      return static_cast<int>(n);
    }
    if (s[0] == 0x21 && s[1] == 0x0B) return c.stall_set_protocol ? -1 : 0;  // SET_PROTOCOL
    if (s[0] == 0x21 && s[1] == 0x0A) return c.stall_set_idle ? -1 : 0;      // SET_IDLE
    if (s[0] == 0x21 && s[1] == 0x09) {  // SET_REPORT
      if (c.zero_gate) c.zero_gate->pass();
      if (!zero_control || len < 2) return -1;
      if (data[0] == 0x02 && (data[1] & 0x02) && zero_requests) ++*zero_requests;
      return static_cast<int>(len);
    }
    return -2;
  };
}

// Usage page 0x8D scale: input report 3 (5 bytes after the id), output report 2 with
// Enforced Zero Return and Zero Scale bits.
std::vector<std::uint8_t> scale_report_descriptor(bool zero_control) {
  std::vector<std::uint8_t> d = {0x05, 0x8D, 0x09, 0x01, 0xA1, 0x01, 0x85, 0x03, 0x15, 0x00, 0x26, 0xFF, 0x00,
                                 0x75, 0x08, 0x95, 0x05, 0x09, 0x70, 0x81, 0x02};
  if (zero_control)
    d.insert(d.end(), {0x85, 0x02, 0x75, 0x01, 0x95, 0x02, 0x15, 0x00, 0x25, 0x01, 0x09, 0x81, 0x09, 0x80, 0x91, 0x02,
                       0x75, 0x06, 0x95, 0x01, 0x91, 0x03});
  d.push_back(0xC0);
  return d;
}

const std::vector<std::uint8_t> kKeyboardReportDescriptor = {
    0x05, 0x01, 0x09, 0x06, 0xA1, 0x01, 0x05, 0x07, 0x19, 0xE0, 0x29, 0xE7, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01,
    0x95, 0x08, 0x81, 0x02, 0x95, 0x01, 0x75, 0x08, 0x81, 0x01, 0x95, 0x06, 0x75, 0x08, 0x15, 0x00, 0x25, 0x65,
    0x05, 0x07, 0x19, 0x00, 0x29, 0x65, 0x81, 0x00, 0xC0};

const std::vector<std::uint8_t> kPosScannerReportDescriptor = {
    0x06, 0x8C, 0x00, 0x09, 0x02, 0xA1, 0x01, 0x85, 0x02, 0x15, 0x00, 0x26, 0xFF, 0x00,
    0x75, 0x08, 0x95, 0x3F, 0x09, 0xFE, 0x81, 0x02, 0xC0};

}  // namespace

FakeScale add_scale(UMockdevTestbed* tb, const std::string& sysname, int devnum, ScaleModel model) {
  FakeScale s;
  auto rd = scale_report_descriptor(model.zero_control);
  FakeSpec spec;
  spec.sysname = sysname;
  spec.devnum = devnum;
  spec.descriptors = hid_device(model.vid, model.pid, 0, 0, 0x82, 8, rd.size(), true);
  spec.strings = {"DYMO", model.product};
  spec.kernel_driver = model.kernel_driver;
  spec.refuse_claim = model.refuse_claim;
  HidControl c;
  c.report_desc = rd;
  c.zero_requests = s.zero_requests;
  c.zero_control = model.zero_control;
  c.zero_gate = model.zero_gate;
  spec.control = hid_control(c);
  s.dev = FakeDevice::add(tb, std::move(spec));
  return s;
}

void FakeKeyboardScanner::type(const std::string& text) {
  const std::vector<std::uint8_t> release(8, 0);
  for (char c : text) {
    std::uint8_t mod = 0, key = 0;
    if (c >= '1' && c <= '9') key = static_cast<std::uint8_t>(0x1E + (c - '1'));
    else if (c == '0') key = 0x27;
    else if (c >= 'a' && c <= 'z') key = static_cast<std::uint8_t>(0x04 + (c - 'a'));
    else if (c >= 'A' && c <= 'Z') { key = static_cast<std::uint8_t>(0x04 + (c - 'A')); mod = 0x02; }
    else if (c == ']') key = 0x30;
    else if (c == '-') key = 0x2D;
    else if (c == '\x1D') { key = 0x30; mod = 0x01; }
    else continue;
    send({mod, 0, key, 0, 0, 0, 0, 0});
    send(release);
  }
  send({0, 0, 0x28, 0, 0, 0, 0, 0});
  send(release);
}

FakeKeyboardScanner add_keyboard_scanner(UMockdevTestbed* tb, const std::string& sysname, int devnum,
                                         KeyboardModel model) {
  FakeKeyboardScanner s;
  FakeSpec spec;
  spec.sysname = sysname;
  spec.devnum = devnum;
  spec.descriptors = hid_device(0x1eab, 0x1a03, 1, 1, 0x81, 8, kKeyboardReportDescriptor.size(), true);
  spec.strings = {"Newland", "NLS-HR22 Barcode Scanner"};
  spec.kernel_driver = "usbhid";
  HidControl c;
  c.report_desc = kKeyboardReportDescriptor;
  c.stall_set_protocol = model.stall_set_protocol;
  c.stall_set_idle = model.stall_set_idle;
  spec.control = hid_control(c);
  s.dev = FakeDevice::add(tb, std::move(spec));
  return s;
}

void FakePosScanner::scan(const std::string& aim, const std::string& code) {
  std::size_t pos = 0;
  do {
    std::size_t n = std::min<std::size_t>(56, code.size() - pos);
    std::vector<std::uint8_t> r(64, 0);
    r[0] = 2;
    r[1] = static_cast<std::uint8_t>(n);
    for (std::size_t i = 0; i < aim.size() && i < 3; ++i) r[2 + i] = static_cast<std::uint8_t>(aim[i]);
    std::memcpy(r.data() + 5, code.data() + pos, n);
    pos += n;
    r[63] = pos < code.size() ? 1 : 0;
    dev->queue_in(0x81, r);
  } while (pos < code.size());
}

FakePosScanner add_pos_scanner(UMockdevTestbed* tb, const std::string& sysname, int devnum) {
  FakePosScanner s;
  FakeSpec spec;
  spec.sysname = sysname;
  spec.devnum = devnum;
  spec.descriptors = hid_device(0x0c2e, 0x0b87, 0, 0, 0x81, 64, kPosScannerReportDescriptor.size(), true);
  spec.strings = {"Honeywell", "Voyager 1470g HID POS"};
  HidControl c;
  c.report_desc = kPosScannerReportDescriptor;
  spec.control = hid_control(c);
  s.dev = FakeDevice::add(tb, std::move(spec));
  return s;
}

std::vector<std::uint8_t> strip_status_requests(const std::vector<std::uint8_t>& b) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i + 2 < b.size() && b[i] == 0x10 && b[i + 1] == 0x04 && b[i + 2] >= 1 && b[i + 2] <= 4) {
      i += 2;
      continue;
    }
    out.push_back(b[i]);
  }
  return out;
}

std::vector<std::uint8_t> FakePrinter::printed() { return strip_status_requests(dev->peek_out(0x01)); }

PrinterModel zebra_label_printer() {
  return PrinterModel{.bidirectional = true,
                      .vid = 0x0a5f,
                      .pid = 0x0164,
                      .manufacturer = "Zebra Technologies",
                      .product = "ZTC ZD220-203dpi ZPL",
                      .device_id = "MFG:Zebra Technologies;CMD:ZPL;MDL:ZTC ZD220-203dpi ZPL;CLS:PRINTER;"};
}

FakePrinter add_printer(UMockdevTestbed* tb, const std::string& sysname, int devnum, std::shared_ptr<PrinterState> state,
                        PrinterModel model) {
  FakePrinter p;
  p.state = state;
  FakeSpec spec;
  spec.sysname = sysname;
  spec.devnum = devnum;
  spec.descriptors = {// device
                      0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40, std::uint8_t(model.vid & 0xff),
                      std::uint8_t(model.vid >> 8), std::uint8_t(model.pid & 0xff), std::uint8_t(model.pid >> 8), 0x00,
                      0x01, 0x01, 0x02,
                      0x03, 0x01,
                      // configuration, interface class 7 / 1 / 2 (bidirectional)
                      0x09, 0x02, 0x20, 0x00, 0x01, 0x01, 0x00, 0xc0, 0x01, 0x09, 0x04, 0x00, 0x00, 0x02, 0x07, 0x01,
                      0x02, 0x00,
                      // bulk OUT 0x01, bulk IN 0x82
                      0x07, 0x05, 0x01, 0x02, 0x40, 0x00, 0x00, 0x07, 0x05, 0x82, 0x02, 0x40, 0x00, 0x00};
  if (!model.bidirectional) {
    // Printer protocol 1 (unidirectional), bulk OUT only: total length 25, one endpoint.
    spec.descriptors.resize(spec.descriptors.size() - 7);
    spec.descriptors[18 + 2] = 0x19;
    spec.descriptors[18 + 9 + 4] = 0x01;
    spec.descriptors[18 + 9 + 7] = 0x01;
  }
  spec.strings = {model.manufacturer, model.product, "TEST0001"};
  auto tail = std::make_shared<std::vector<std::uint8_t>>();
  FakeDevice* raw = nullptr;
  auto dev_slot = std::make_shared<FakeDevice*>(nullptr);
  spec.on_out = [state, tail, dev_slot](std::uint8_t, std::span<const std::uint8_t> data) {
    // DLE EOT n can straddle two transfers: keep the last two bytes.
    std::vector<std::uint8_t> buf(*tail);
    buf.insert(buf.end(), data.begin(), data.end());
    for (std::size_t i = 0; i + 2 < buf.size(); ++i) {
      if (buf[i] == 0x10 && buf[i + 1] == 0x04 && buf[i + 2] >= 1 && buf[i + 2] <= 4) {
        ++state->status_requests;
        bool silent = state->silent > 0 && state->silent-- > 0;
        if (state->answers && !silent && *dev_slot) {
          std::uint8_t b = buf[i + 2] == 1 ? state->printer.load()
                           : buf[i + 2] == 2 ? state->offline_cause.load()
                           : buf[i + 2] == 3 ? state->error_cause.load()
                                             : state->paper.load();
          if (state->garbled > 0 && state->garbled-- > 0) b = 0xFF;
          (*dev_slot)->queue_in(0x82, std::span<const std::uint8_t>(&b, 1));
        }
        i += 2;
      }
    }
    std::size_t keep = std::min<std::size_t>(2, buf.size());
    tail->assign(buf.end() - static_cast<std::ptrdiff_t>(keep), buf.end());
  };
  spec.control = [id = model.device_id](const std::uint8_t* s, std::uint8_t* data, std::size_t len) -> int {
    if (s[0] == 0xA1 && s[1] == 0x00) {
      std::size_t l = id.size() + 2;
      std::vector<std::uint8_t> v = {std::uint8_t(l >> 8), std::uint8_t(l & 0xff)};
      v.insert(v.end(), id.begin(), id.end());
      std::size_t n = std::min(len, v.size());
      std::memcpy(data, v.data(), n);
      return static_cast<int>(n);
    }
    return -2;
  };
  p.dev = FakeDevice::add(tb, std::move(spec));
  raw = p.dev.get();
  *dev_slot = raw;
  return p;
}

}  // namespace hp::usbtest
