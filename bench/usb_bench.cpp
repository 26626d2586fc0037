// USB device latency and idle cost, against umockdev-emulated devices through the real
// libusb, and what classifying a scan costs once it has arrived. Needs the umockdev preload:
// it re-executes itself under it (so `build/bin/usb_bench` and
// `umockdev-wrapper build/bin/usb_bench` both work).
// Prints markdown rows: | benchmark | figure | baseline, same run | ratio | target |
#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "drivers/usb/device_manager.hpp"
#include "shared/codes/classify.hpp"
#include "shared/codes/kiosk_codes.hpp"
#include "tests/usb/fake_models.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// CPU seconds used so far by this process's threads whose name starts with prefix.
double thread_cpu_seconds(const std::string& prefix) {
  double total = 0;
  DIR* d = opendir("/proc/self/task");
  if (!d) return 0;
  long ticks = sysconf(_SC_CLK_TCK);
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    std::string base = std::string("/proc/self/task/") + e->d_name;
    std::ifstream comm(base + "/comm");
    std::string name;
    std::getline(comm, name);
    if (name.rfind(prefix, 0) != 0) continue;
    std::ifstream stat(base + "/stat");
    std::string line;
    std::getline(stat, line);
    auto close = line.rfind(')');
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    std::vector<std::string> f;
    while (rest >> field) f.push_back(field);
    // After "pid (comm) ", utime and stime are fields 12 and 13 (0-based from state).
    if (f.size() > 12) total += (std::stod(f[11]) + std::stod(f[12])) / static_cast<double>(ticks);
  }
  closedir(d);
  return total;
}

struct Latency {
  double p50_ms, p99_ms;
};

Latency report_to_sink_latency(int samples) {
  hp::usbtest::Testbed tb;
  auto scale = hp::usbtest::add_scale(tb.get(), "1-1", 2);
  std::mutex m;
  std::condition_variable cv;
  hp::Milligrams last_mg = -1;
  Clock::time_point delivered;
  hp::usb::ManagerOptions o;
  o.config.scale_hold_ms = 0;  // every new weight is emitted at once
  o.log = [](const std::string&) {};
  hp::usb::DeviceManager mgr(
      [&](hp::dev::DeviceEvent e) {
        if (auto* r = std::get_if<hp::dev::ScaleReading>(&e)) {
          std::lock_guard lock(m);
          last_mg = r->mg;
          delivered = Clock::now();
          cv.notify_all();
        }
      },
      std::move(o));
  if (!mgr.start()) return {-1, -1};
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  scale.send_once({3, 4, 2, 0, 1, 0});  // the stale first reading, dropped
  std::vector<double> ms;
  for (int i = 0; i < samples; ++i) {
    std::uint16_t grams = static_cast<std::uint16_t>(100 + i % 20000);
    std::vector<std::uint8_t> report = {3, 4, 2, 0, static_cast<std::uint8_t>(grams & 0xff),
                                        static_cast<std::uint8_t>(grams >> 8)};
    auto t0 = Clock::now();
    scale.send_once(report);
    std::unique_lock lock(m);
    if (!cv.wait_for(lock, std::chrono::seconds(1), [&] { return last_mg == grams * 1000LL; })) continue;
    ms.push_back(std::chrono::duration<double, std::milli>(delivered - t0).count());
  }
  mgr.stop();
  if (ms.empty()) return {-1, -1};
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]};
}

// Share of one core used by the manager's threads over `seconds` with the given devices.
double idle_cpu_percent(int devices, double seconds) {
  hp::usbtest::Testbed tb;
  std::vector<std::shared_ptr<hp::usbtest::FakeDevice>> keep;
  if (devices >= 1) keep.push_back(hp::usbtest::add_scale(tb.get(), "1-1", 2).dev);
  if (devices >= 2) keep.push_back(hp::usbtest::add_keyboard_scanner(tb.get(), "1-2", 3).dev);
  if (devices >= 3) keep.push_back(hp::usbtest::add_printer(tb.get(), "1-3", 4).dev);
  std::atomic<int> ready{0};
  hp::usb::ManagerOptions o;
  o.log = [](const std::string&) {};
  hp::usb::DeviceManager mgr(
      [&](hp::dev::DeviceEvent e) {
        if (auto* s = std::get_if<hp::dev::DeviceStatus>(&e); s && s->link == hp::dev::Link::Ready) ++ready;
      },
      std::move(o));
  if (!mgr.start()) return -1;
  for (int i = 0; i < 200 && ready < devices; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  double c0 = thread_cpu_seconds("hp-usb");
  auto t0 = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  double c1 = thread_cpu_seconds("hp-usb");
  double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  mgr.stop();
  return 100.0 * (c1 - c0) / wall;
}

// Median and p99 microseconds to classify one scan, over the kinds a counter sees (a member
// card, an EAN-13, a weighed item, a parcel number, a GS1 crate label, a VietQR).
struct Micros {
  double p50_us, p99_us;
};

Micros classify_us(int rounds) {
  using namespace hp::codes;
  const std::string inputs[] = {
      make_kiosk_code(KioskCodeKind::member, "0123456X").value_or(""), "5901234123457", "2112345678900",
      "EE123456785VN", "]C1011231231231233310ABC123\x1D" "99TESTING",
      "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho "
      "lu lut6304C15C",
  };
  const ClassifyOptions opt;
  std::vector<double> us;
  us.reserve(static_cast<std::size_t>(rounds) * std::size(inputs));
  std::size_t valid = 0;
  for (int r = 0; r < rounds; ++r) {
    for (const auto& s : inputs) {
      const auto t0 = Clock::now();
      valid += classify(s, opt).valid ? 1 : 0;
      us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    }
  }
  if (valid != us.size()) std::fprintf(stderr, "usb_bench: %zu of %zu scans did not classify as valid\n", us.size() - valid, us.size());
  std::sort(us.begin(), us.end());
  return {us[us.size() / 2], us[std::min(us.size() - 1, us.size() * 99 / 100)]};
}

}  // namespace

int main(int argc, char** argv) {
  hp::usbtest::reexec_under_umockdev(argc, argv);
  auto lat = report_to_sink_latency(2000);
  std::printf("| usb scale report -> sink p50 (umockdev) | %.3f ms | - | - | - |\n", lat.p50_ms);
  std::printf("| usb scale report -> sink p99 (umockdev) | %.3f ms | - | - | <= 2 ms |\n", lat.p99_ms);
  std::printf("| usb manager idle CPU, no device | %.2f %% of a core | - | - | <= 1 %% |\n", idle_cpu_percent(0, 3.0));
  std::printf("| usb manager idle CPU, 3 devices (umockdev busy-polls) | %.2f %% of a core | - | - | <= 1 %% |\n",
              idle_cpu_percent(3, 3.0));
  const auto cls = classify_us(2000);
  std::printf("| scan classified (member card, EAN-13, weighed item, S10, GS1, VietQR) p50 / p99 | %.2f µs / %.2f µs | - | - | "
              "p99 <= 50 µs |\n",
              cls.p50_us, cls.p99_us);
  return 0;
}
