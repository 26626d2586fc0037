// doctest main that re-executes itself under the umockdev preload library, so `ctest`,
// `umockdev-wrapper build/bin/test_usb` and plain `build/bin/test_usb` all work.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "tests/usb/fake_usb.hpp"

int main(int argc, char** argv) {
  hp::usbtest::reexec_under_umockdev(argc, argv);
  doctest::Context c(argc, argv);
  return c.run();
}
