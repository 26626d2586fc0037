#pragma once
// A small USB device emulator on umockdev, for testing the real libusb code paths.
// Follows the umockdev reference kept beside the checkout (shared/reference/usb-emulation, shared/notes/usb-emulation.md): a fake
// sysfs device + /dev node, and a UMockdevIoctlBase that answers the usbdevfs ioctls
// libusb issues. The process must run with libumockdev-preload (umockdev-wrapper, or
// reexec_under_umockdev()).
//
// Order: Testbed -> fakes -> libusb context ... libusb_exit -> fakes freed -> Testbed.
#include <umockdev.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

namespace hp::usbtest {

// Re-executes the program under the umockdev preload library when it is not loaded.
// Returns only when already running under it.
void reexec_under_umockdev(int argc, char** argv);

class Testbed {
 public:
  Testbed();
  ~Testbed();
  Testbed(const Testbed&) = delete;
  Testbed& operator=(const Testbed&) = delete;
  UMockdevTestbed* get() const { return tb_; }

 private:
  UMockdevTestbed* tb_;
};

struct FakeSpec {
  std::string sysname = "1-1";  // sysfs name; the port path
  int busnum = 1;
  int devnum = 2;
  std::vector<std::uint8_t> descriptors;  // device descriptor + full configuration descriptor
  std::vector<std::string> strings;       // string descriptors 1..n
  std::string kernel_driver;              // bound to interface 0 until detached; empty: none
  bool refuse_claim = false;              // another program holds the device: claims fail EBUSY
  // Class/vendor control requests: return bytes of the data stage, -1 to stall, -2 for the
  // built-in standard requests.
  std::function<int(const std::uint8_t* setup, std::uint8_t* data, std::size_t length)> control;
  // Every completed OUT transfer (on umockdev's worker thread; may call queue_in).
  std::function<void(std::uint8_t ep, std::span<const std::uint8_t>)> on_out;
};

class FakeDevice {
 public:
  // nullptr on failure (the reason is printed).
  static std::unique_ptr<FakeDevice> add(UMockdevTestbed* tb, FakeSpec spec);
  ~FakeDevice();
  FakeDevice(const FakeDevice&) = delete;
  FakeDevice& operator=(const FakeDevice&) = delete;

  // The "remove" uevent and the sysfs device go; the ioctl handler stays until destruction
  // so libusb can still cancel what it had in flight.
  void unplug();
  // One IN packet for ep, completing one waiting IN transfer (thread safe).
  void queue_in(std::uint8_t ep, std::span<const std::uint8_t> data);
  // Returned for IN transfers on ep whenever the queue is empty; empty span clears it.
  void set_in_default(std::uint8_t ep, std::span<const std::uint8_t> data);
  // Bytes written to OUT ep so far, and clears them.
  std::vector<std::uint8_t> take_out(std::uint8_t ep);
  std::vector<std::uint8_t> peek_out(std::uint8_t ep);
  // While set, OUT transfers are held (the printer stopped taking data) until cancelled.
  void set_out_stall(bool stall);
  // While set, every OUT transfer ends with a STALL handshake (LIBUSB_ERROR_PIPE), however
  // often the host clears the halt: an endpoint that keeps stalling.
  void set_out_pipe_stall(bool stall);
  // CLEAR_HALT requests received so far.
  unsigned clear_halts();
  // While set, a cancelled (discarded) transfer is not given back: it stays in flight until
  // release_discarded(), as a transfer the host could not cancel in time.
  void set_hold_discarded(bool hold);
  // Gives back every held cancelled transfer (status cancelled); returns how many.
  std::size_t release_discarded();
  // Transfers cancelled and held back now.
  std::size_t held_discarded();
  // Claims fail with EBUSY while set (another program holds the device).
  void set_refuse_claim(bool refuse);
  unsigned claimed();
  bool kernel_driver_bound();
  int devnum() const { return spec_.devnum; }

  struct Impl;

 private:
  explicit FakeDevice(FakeSpec spec);
  FakeSpec spec_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hp::usbtest
