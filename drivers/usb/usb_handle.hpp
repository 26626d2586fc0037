#pragma once
// RAII over libusb: a context, and an open device with one claimed interface. Claiming
// detaches the kernel driver (usbhid, usblp) so a scanner never types into another window;
// releasing gives the interface back to it (libusb's auto-detach re-attaches on release).
#include <libusb.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "shared/result.hpp"

namespace hp::usb {

class UsbContext {
 public:
  static Result<std::unique_ptr<UsbContext>> create();
  ~UsbContext();
  UsbContext(const UsbContext&) = delete;
  UsbContext& operator=(const UsbContext&) = delete;
  libusb_context* get() const { return ctx_; }

 private:
  explicit UsbContext(libusb_context* c) : ctx_(c) {}
  libusb_context* ctx_;
};

class ClaimedInterface {
 public:
  // Errors: "usb.open" (permissions: see config/udev), "usb.claim" (busy).
  static Result<std::shared_ptr<ClaimedInterface>> open(libusb_device* dev, std::uint8_t interface);
  ~ClaimedInterface();
  ClaimedInterface(const ClaimedInterface&) = delete;
  ClaimedInterface& operator=(const ClaimedInterface&) = delete;

  libusb_device_handle* handle() const { return h_; }
  std::uint8_t interface() const { return iface_; }

 private:
  ClaimedInterface(libusb_device_handle* h, std::uint8_t iface) : h_(h), iface_(iface) {}
  libusb_device_handle* h_;
  std::uint8_t iface_;
};

// "Manufacturer Product" from the string descriptors, empty when the device has none.
std::string read_product_name(libusb_device_handle* h);

// The HID report descriptor of a claimed interface (standard GET_DESCRIPTOR to the interface).
Result<std::vector<std::uint8_t>> read_report_descriptor(libusb_device_handle* h, std::uint8_t interface);

std::string usb_error(int code);  // "LIBUSB_ERROR_TIMEOUT (Operation timed out)"

}  // namespace hp::usb
