// InterruptReader's lifetime against a transfer the device does not give back at once.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "drivers/usb/interrupt_reader.hpp"
#include "tests/usb/usb_fixture.hpp"

using namespace hp::usbtest;

namespace {

std::shared_ptr<hp::usb::ClaimedInterface> claim_first(libusb_context* ctx, std::uint16_t vid) {
  libusb_device** list = nullptr;
  ssize_t n = libusb_get_device_list(ctx, &list);
  std::shared_ptr<hp::usb::ClaimedInterface> claim;
  for (ssize_t i = 0; i < n; ++i) {
    libusb_device_descriptor d{};
    if (libusb_get_device_descriptor(list[i], &d) == 0 && d.idVendor == vid) {
      if (auto c = hp::usb::ClaimedInterface::open(list[i], 0)) claim = *c;
    }
  }
  if (list) libusb_free_device_list(list, 1);
  return claim;
}

}  // namespace

TEST_CASE("InterruptReader: freed only after its transfer came back, however long cancelling takes") {
  Testbed tb;
  auto kbd = add_keyboard_scanner(tb.get(), "1-2", 3);
  REQUIRE(kbd.dev);
  auto ctx = hp::usb::UsbContext::create();
  REQUIRE(ctx);
  libusb_context* c = (*ctx)->get();
  auto claim = claim_first(c, 0x1eab);
  REQUIRE(claim);

  std::atomic<int> reports{0};
  std::atomic<bool> cancelling{false}, freed{false};
  // The reader lives on one thread (its event thread), as in the manager.
  std::thread events([&] {
    auto reader = std::make_unique<hp::usb::InterruptReader>(
        c, claim, 0x81, 8, [&](std::span<const std::uint8_t>) { ++reports; }, [](int) {});
    if (!reader->start()) return;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (reports == 0 && std::chrono::steady_clock::now() < deadline) {
      timeval tv{0, 10'000};
      libusb_handle_events_timeout_completed(c, &tv, nullptr);
    }
    kbd.dev->set_hold_discarded(true);  // the next cancel is not given back until released
    cancelling = true;
    reader->stop();
    reader.reset();
    freed = true;
  });
  kbd.send(std::vector<std::uint8_t>(8, 0));
  for (int i = 0; i < 300 && kbd.dev->held_discarded() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(reports == 1);
  CHECK(cancelling);
  CHECK(kbd.dev->held_discarded() == 1);
  // Longer than any deadline a reader might give a cancel: still waiting, not freed.
  std::this_thread::sleep_for(std::chrono::milliseconds(1300));
  CHECK_FALSE(freed);
  CHECK(kbd.dev->release_discarded() == 1);
  events.join();
  CHECK(freed);
}
