#include "drivers/usb/usb_handle.hpp"

namespace hp::usb {

Result<std::unique_ptr<UsbContext>> UsbContext::create() {
  libusb_context* c = nullptr;
  int r = libusb_init(&c);
  if (r != 0) return fail("usb.init", usb_error(r));
  return std::unique_ptr<UsbContext>(new UsbContext(c));
}

UsbContext::~UsbContext() { libusb_exit(ctx_); }

Result<std::shared_ptr<ClaimedInterface>> ClaimedInterface::open(libusb_device* dev, std::uint8_t iface) {
  libusb_device_handle* h = nullptr;
  int r = libusb_open(dev, &h);
  if (r != 0) return fail("usb.open", usb_error(r));
  // Not supported everywhere (then the claim fails with BUSY when a kernel driver holds it).
  libusb_set_auto_detach_kernel_driver(h, 1);
  r = libusb_claim_interface(h, iface);
  if (r != 0) {
    libusb_close(h);
    return fail("usb.claim", usb_error(r));
  }
  return std::shared_ptr<ClaimedInterface>(new ClaimedInterface(h, iface));
}

ClaimedInterface::~ClaimedInterface() {
  libusb_release_interface(h_, iface_);
  libusb_close(h_);
}

std::string read_product_name(libusb_device_handle* h) {
  libusb_device_descriptor d{};
  if (libusb_get_device_descriptor(libusb_get_device(h), &d) != 0) return {};
  auto str = [&](std::uint8_t index) -> std::string {
    if (index == 0) return {};
    unsigned char buf[128];
    int n = libusb_get_string_descriptor_ascii(h, index, buf, sizeof buf);
    return n > 0 ? std::string(reinterpret_cast<char*>(buf), static_cast<std::size_t>(n)) : std::string{};
  };
  std::string mfg = str(d.iManufacturer), product = str(d.iProduct);
  if (mfg.empty()) return product;
  if (product.empty()) return mfg;
  if (product.rfind(mfg, 0) == 0) return product;
  return mfg + " " + product;
}

Result<std::vector<std::uint8_t>> read_report_descriptor(libusb_device_handle* h, std::uint8_t iface) {
  std::vector<std::uint8_t> buf(4096);
  int n = libusb_control_transfer(h, 0x81 /* IN, standard, interface */, LIBUSB_REQUEST_GET_DESCRIPTOR,
                                  LIBUSB_DT_REPORT << 8, iface, buf.data(), static_cast<std::uint16_t>(buf.size()), 500);
  if (n < 0) return fail("usb.report_descriptor", usb_error(n));
  buf.resize(static_cast<std::size_t>(n));
  return buf;
}

std::string usb_error(int code) {
  return std::string(libusb_error_name(code)) + " (" + libusb_strerror(code) + ")";
}

}  // namespace hp::usb
