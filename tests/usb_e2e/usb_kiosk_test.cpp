// The kiosk through its real USB drivers. This process hosts the emulated devices (umockdev
// testbed + ioctl handlers); the kiosk runs with libumockdev-preload, so its libusb finds them.
// The script's "scan" and "weigh" steps come back to this process through a pipe and are
// played as HID reports by the emulated scanner and scale.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <map>
#include <span>
#include <thread>

#include "kiosk/store/demo_data.hpp"
#include "shared/print/escpos_interpreter.hpp"
#include "shared/print/receipts.hpp"
#include "shared/store/sqlite.hpp"
#include "tests/e2e/kiosk_process.hpp"
#include "tests/print/zbar_decode.hpp"
#include "tests/support/test_support.hpp"
#include "tests/unit/serial/pty.hpp"
#include "tests/usb/fake_models.hpp"

using namespace hp;
using namespace std::chrono_literals;

namespace {

// A HID POS scale report for a weight in grams: report 3, status, unit, exponent, LE weight.
std::vector<std::uint8_t> scale_report(Milligrams mg, bool stable) {
  std::uint8_t status = mg < 0 ? 0x05 : mg == 0 ? 0x02 : stable ? 0x04 : 0x03;
  std::int64_t g = (mg < 0 ? -mg : mg) / 1000;
  std::uint8_t unit = 0x02, exponent = 0;  // grams
  if (g > 0xFFFF) {
    unit = 0x03;  // kilograms with one decimal
    exponent = static_cast<std::uint8_t>(-1);
    g /= 100;
  }
  return {0x03, status, unit, exponent, static_cast<std::uint8_t>(g & 0xFF), static_cast<std::uint8_t>((g >> 8) & 0xFF)};
}

std::string unhex(const std::string& h) {
  std::string out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2) out.push_back(static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16)));
  return out;
}

std::int64_t count(const db::Db& d, const std::string& sql) {
  auto st = d.prepare(sql);
  REQUIRE(st);
  REQUIRE(st->step().value_or(false));
  return st->i64(0);
}

std::string text(const db::Db& d, const std::string& sql) {
  auto st = d.prepare(sql);
  REQUIRE(st);
  REQUIRE(st->step().value_or(false));
  return st->text(0);
}


// Plays the script's "scan" and "weigh" steps, which the kiosk writes to a pipe, on the
// emulated devices, in order.
class DevicePipe {
 public:
  using OnScan = std::function<void(const std::string&)>;
  using OnWeigh = std::function<void(Milligrams, bool stable)>;
  DevicePipe(std::string path, OnScan on_scan, OnWeigh on_weigh)
      : path_(std::move(path)), on_scan_(std::move(on_scan)), on_weigh_(std::move(on_weigh)) {
    REQUIRE(::mkfifo(path_.c_str(), 0600) == 0);
    thread_ = std::thread([this] { run(); });
  }
  ~DevicePipe() { finish(); }
  DevicePipe(const DevicePipe&) = delete;
  DevicePipe& operator=(const DevicePipe&) = delete;
  // Waits for the kiosk's side to close; unblocks the reader if the kiosk never opened it.
  void finish() {
    if (!thread_.joinable()) return;
    const int fd = ::open(path_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0) ::close(fd);
    thread_.join();
  }
  const std::string& path() const { return path_; }
  int played() const { return played_; }

 private:
  void run() {
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    std::string buf;
    char chunk[512];
    ssize_t n;
    while ((n = ::read(fd, chunk, sizeof chunk)) > 0) {
      buf.append(chunk, static_cast<std::size_t>(n));
      for (auto nl = buf.find('\n'); nl != std::string::npos; nl = buf.find('\n')) {
        const std::string line = buf.substr(0, nl);
        buf.erase(0, nl + 1);
        if (line.rfind("scan ", 0) == 0) on_scan_(unhex(line.substr(5)));
        if (line.rfind("weigh ", 0) == 0) {
          const auto sp = line.find(' ', 6);
          on_weigh_(std::stoll(line.substr(6, sp - 6)), line.substr(sp + 1) == "stable");
        }
        ++played_;
      }
    }
    ::close(fd);
  }
  std::string path_;
  OnScan on_scan_;
  OnWeigh on_weigh_;
  std::atomic<int> played_{0};
  std::thread thread_;
};

// The kiosk on the emulated devices: it finds the testbed through UMOCKDEV_DIR (set by
// umockdev_testbed_new) and the preload library; its script's device steps go to the pipe.
test::KioskRun run_kiosk_on_emulated_devices(const std::string& data, const std::string& script, DevicePipe& pipe) {
  ::setenv("LD_PRELOAD", "libumockdev-preload.so.0", 1);
  ::setenv("HP_DEVICE_EMULATOR_PIPE", pipe.path().c_str(), 1);
  auto run = test::run_kiosk({"--data", data, "--demo", "--devices", "usb", "--script", script}, 120s);
  ::unsetenv("LD_PRELOAD");
  ::unsetenv("HP_DEVICE_EMULATOR_PIPE");
  pipe.finish();
  return run;
}

// A counter on one emulated USB bus: scale, keyboard-wedge scanner and receipt printer, the
// scale reading zero, and the pipe that plays the script's device steps on them.
struct UsbCounter {
  test::TempDir tmp;
  std::string data = tmp.file("data");
  usbtest::Testbed tb;
  usbtest::FakeScale scale = usbtest::add_scale(tb.get(), "1-1", 2);
  usbtest::FakeKeyboardScanner scanner = usbtest::add_keyboard_scanner(tb.get(), "1-2", 3);
  usbtest::FakePrinter printer = usbtest::add_printer(tb.get(), "1-3", 4);
  DevicePipe pipe{tmp.file("devices.pipe"), [this](const std::string& text) { scanner.type(text); },
                  [this](Milligrams mg, bool stable) { scale.send_continuously(scale_report(mg, stable)); }};

  explicit UsbCounter(const std::string& tag) : tmp(tag) {
    std::filesystem::create_directories(data);
    REQUIRE(scale.dev);
    REQUIRE(scanner.dev);
    REQUIRE(printer.dev);
    scale.send_continuously(scale_report(0, true));
  }
};

}  // namespace

TEST_CASE("drop-off and pickup through the real USB drivers: emulated scale, scanner and printer") {
  UsbCounter c("usb-kiosk");
  const std::string& data = c.data;
  auto& tmp = c.tmp;
  auto& pipe = c.pipe;
  auto& printer = c.printer;

  const std::string member = store::demo_member_code(0);
  const std::string pickup = store::demo_pickup_code(1);  // COD, phone ...3344
  test::write_file(data + "/kiosk.toml", "scale_settle_ms = 100\n");
  test::write_file(data + "/devices.toml", "scale_hold_ms = 100\n");
  test::write_file(tmp.file("script.txt"),
                   "sign_in NV-0001 1111\n"
                   "scan " + member + "\n"
                   "tap product_CA-CHUA\n"
                   "weigh 800 stable\n"
                   "tap tare\n"
                   "weigh 13300 stable\n"
                   "tap add_item\n"
                   "tap confirm\n"
                   "screenshot " + std::string(HP_BINARY_DIR) + "/test-artifacts/usb-kiosk-dropoff.png\n"
                   "weigh 0 stable\n"
                   "scan " + pickup + "\n"
                   "tap last4\n"
                   "type 3344\n"
                   "tap verify\n"
                   "tap pay_cash\n"
                   "tap cash_exact\n"
                   "tap handover\n"
                   "quit\n");
  std::filesystem::create_directories(std::string(HP_BINARY_DIR) + "/test-artifacts");

  const auto run = run_kiosk_on_emulated_devices(data, tmp.file("script.txt"), pipe);
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  CHECK(pipe.played() == 5);

  auto d = db::Db::open(data + "/kiosk.db");
  REQUIRE(d);
  CHECK(count(*d, "SELECT count(*) FROM drop_offs") == 1);
  CHECK(count(*d, "SELECT net_mg FROM drop_off_items") == 12'500'000);
  CHECK(count(*d, "SELECT tare_mg FROM drop_off_items") == 800'000);
  CHECK(count(*d, "SELECT total FROM drop_offs") == 275'000);
  CHECK(text(*d, "SELECT status FROM orders WHERE pickup_code = '" + pickup + "'") == "collected");
  CHECK(count(*d, "SELECT count(*) FROM print_jobs WHERE status <> 'printed'") == 0);

  // The printer received the three jobs (receipt, label, pickup receipt), once each; read
  // back, the receipt's barcode is the drop-off id.
  const auto bytes = printer.printed();
  int cuts = 0;
  for (std::size_t i = 0; i + 1 < bytes.size(); ++i)
    if (bytes[i] == 0x1D && bytes[i + 1] == 'V') ++cuts;
  CHECK(cuts == 3);
  auto profile = print::printer_profile("escpos-80");
  REQUIRE(profile);
  const print::Bitmap paper = print::render_preview(std::span<const std::uint8_t>(bytes.data(), bytes.size()), *profile, nullptr);
  (void)print::write_png(paper, std::string(HP_BINARY_DIR) + "/test-artifacts/usb-kiosk-paper.png");
  const std::string drop_off_id = text(*d, "SELECT id FROM drop_offs");
  bool found = false;
  for (const auto& sym : test::zbar_decode(paper))
    if (print::dropoff_id_from_barcode(sym.data) == drop_off_id) found = true;
  CHECK_MESSAGE(found, "the printed receipt's barcode reads back as the drop-off id");
}

TEST_CASE("two printers over USB: the receipt on the receipt printer, each crate's ZPL label on the Zebra") {
  UsbCounter c("usb-two-printers");
  auto label = usbtest::add_printer(c.tb.get(), "1-4", 5, std::make_shared<usbtest::PrinterState>(),
                                    usbtest::zebra_label_printer());
  REQUIRE(label.dev);
  const std::string& data = c.data;
  auto& tmp = c.tmp;
  auto& pipe = c.pipe;
  auto& receipt = c.printer;

  test::write_file(data + "/kiosk.toml", "scale_settle_ms = 100\nlabel_printer = \"zpl\"\n");
  test::write_file(data + "/devices.toml", "scale_hold_ms = 100\n");
  test::write_file(tmp.file("script.txt"), "sign_in NV-0001 1111\n"
                                           "scan " + store::demo_member_code(2) + "\n"
                                           "tap product_CA-CHUA\n"
                                           "weigh 12500 stable\n"
                                           "tap add_item\n"
                                           "weigh 0 stable\n"
                                           "weigh 8000 stable\n"
                                           "tap add_item\n"
                                           "tap confirm\n"
                                           "quit\n");
  const auto run = run_kiosk_on_emulated_devices(data, tmp.file("script.txt"), pipe);
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  auto d = db::Db::open(data + "/kiosk.db");
  REQUIRE(d);
  CHECK(count(*d, "SELECT count(*) FROM drop_off_items") == 2);
  CHECK(count(*d, "SELECT count(*) FROM print_jobs WHERE status <> 'printed'") == 0);
  CHECK(count(*d, "SELECT count(*) FROM print_jobs WHERE kind = 'label' AND printer = 'label'") == 2);
  CHECK(count(*d, "SELECT count(*) FROM print_jobs WHERE kind = 'dropoff_receipt' AND printer = 'receipt'") == 1);

  // The receipt printer got the receipt only (one cut, no ZPL); the Zebra got two ZPL labels,
  // each naming its own lot, and no ESC/POS (no status request either: ZPL has none).
  const auto r = receipt.printed();
  const std::string receipt_bytes(r.begin(), r.end());
  int cuts = 0;
  for (std::size_t i = 0; i + 1 < r.size(); ++i)
    if (r[i] == 0x1D && r[i + 1] == 'V') ++cuts;
  CHECK(cuts == 1);
  CHECK(receipt_bytes.find("^XA") == std::string::npos);
  const auto l = label.printed();
  const std::string zpl(l.begin(), l.end());
  std::size_t labels = 0;
  for (auto at = zpl.find("^XA"); at != std::string::npos; at = zpl.find("^XA", at + 3)) ++labels;
  CHECK(labels == 2);
  CHECK(zpl.find('\x1b') == std::string::npos);
  CHECK(label.state->status_requests == 0);
  auto lots = d->prepare("SELECT code FROM lots");
  REQUIRE(lots);
  int seen = 0;
  while (lots->step().value_or(false)) {
    const std::string lot_code = lots->text(0);
    CHECK_MESSAGE(zpl.find(lot_code) != std::string::npos, "the label printer printed lot " << lot_code);
    ++seen;
  }
  CHECK(seen == 2);
}

TEST_CASE("a serial counter scale (continuous ST,GS frames on a serial port) with the USB scanner and printer") {
  test::TempDir tmp("serial-kiosk");
  const std::string data = tmp.file("data");
  std::filesystem::create_directories(data);
  // The scale: a pseudo-terminal reached through a stable link, as /dev/serial/by-id/ is.
  test::Pty pty;
  REQUIRE(pty.ok());
  const std::string port = tmp.file("scale-port");
  test::point_link(port, pty.slave_path());
  std::atomic<Milligrams> load{0};
  std::atomic<bool> stable{true};
  std::jthread scale_thread([&](std::stop_token st) {
    while (!st.stop_requested()) {
      const Milligrams g = load.load() / 1000;
      char frame[64];
      std::snprintf(frame, sizeof frame, "%s,GS,+%04lld.%03lldkg\r\n", stable ? "ST" : "US",
                    static_cast<long long>(g / 1000), static_cast<long long>(g % 1000));
      pty.write(frame);
      pty.read(std::chrono::milliseconds(0));  // drain anything the driver sent
      std::this_thread::sleep_for(50ms);
    }
  });

  usbtest::Testbed tb;
  auto scanner = usbtest::add_keyboard_scanner(tb.get(), "1-2", 3);
  auto printer = usbtest::add_printer(tb.get(), "1-3", 4);
  REQUIRE(scanner.dev);
  REQUIRE(printer.dev);

  DevicePipe pipe(
      tmp.file("devices.pipe"), [&](const std::string& text) { scanner.type(text); },
      [&](Milligrams mg, bool is_stable) {
        stable = is_stable;
        load = mg;
      });

  test::write_file(data + "/kiosk.toml", "scale_settle_ms = 100\nserial_scale_port = \"" + port +
                                             "\"\nserial_scale_protocol = \"continuous_stgs\"\n");
  test::write_file(tmp.file("script.txt"), "sign_in NV-0001 1111\nscan " + store::demo_member_code(3) + "\n"
                                           "tap product_KHOAI-TAY\n"
                                           "weigh 7250 stable\n"
                                           "tap add_item\n"
                                           "tap confirm\n"
                                           "quit\n");
  const auto run = run_kiosk_on_emulated_devices(data, tmp.file("script.txt"), pipe);
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  CHECK(pipe.played() == 2);
  auto d = db::Db::open(data + "/kiosk.db");
  REQUIRE(d);
  CHECK(count(*d, "SELECT net_mg FROM drop_off_items") == 7'250'000);
  CHECK(count(*d, "SELECT total FROM drop_offs") == 145'000);  // 7,25 kg x 20.000 ₫
  CHECK(count(*d, "SELECT count(*) FROM print_jobs WHERE status <> 'printed'") == 0);
}
