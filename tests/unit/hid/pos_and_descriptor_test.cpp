#include <doctest/doctest.h>

#include "drivers/hid/pos_scanner_report.hpp"
#include "drivers/hid/report_descriptor.hpp"
#include "drivers/usb/printer_protocol.hpp"
#include "tests/support/test_support.hpp"

namespace {

std::vector<std::uint8_t> pos_report(const std::string& aim, const std::string& data, bool more) {
  std::vector<std::uint8_t> r(64, 0);
  r[0] = 2;
  r[1] = static_cast<std::uint8_t>(data.size());
  for (std::size_t i = 0; i < aim.size() && i < 3; ++i) r[2 + i] = static_cast<std::uint8_t>(aim[i]);
  for (std::size_t i = 0; i < data.size() && i < 56; ++i) r[5 + i] = static_cast<std::uint8_t>(data[i]);
  r[63] = more ? 1 : 0;
  return r;
}

}  // namespace

TEST_CASE("HID POS scanner: symbology passed on, text without it, long codes joined") {
  hp::hid::PosScanAssembler a;
  auto one = a.feed(pos_report("E0", "2112345678900", false));
  REQUIRE(one);
  REQUIRE(*one);
  CHECK((*one)->symbology == "]E0");
  CHECK((*one)->text == "2112345678900");
  // Same, with the ']' sent by the scanner.
  one = a.feed(pos_report("]d2", "01123123123123331", false));
  REQUIRE(one);
  REQUIRE(*one);
  CHECK((*one)->symbology == "]d2");
  // A 70-byte GS1 string in two reports, GS kept.
  std::string gs1 = "0112312312312333" "10ABC123\x1D" "99TESTINGTESTINGTESTINGTESTINGTESTINGTESTING";
  REQUIRE(gs1.size() > 56);
  auto first = a.feed(pos_report("C1", gs1.substr(0, 56), true));
  REQUIRE(first);
  CHECK_FALSE(*first);
  auto second = a.feed(pos_report("C1", gs1.substr(56), false));
  REQUIRE(second);
  REQUIRE(*second);
  CHECK((*second)->symbology == "]C1");
  CHECK((*second)->text == gs1);
  // No identifier in the header but one at the start of the data.
  one = a.feed(pos_report("", "]Q3HELLO", false));
  REQUIRE(one);
  REQUIRE(*one);
  CHECK((*one)->symbology == "]Q3");
  CHECK((*one)->text == "HELLO");
}

TEST_CASE("AIM vectors: the identifier splits off the data") {
  auto doc = hp::test::load_vectors("aim_symbology.json");
  int n = 0;
  for (const auto& id : doc["identifiers"]) {
    if (!id.contains("example")) continue;
    for (const auto& ex : id["example"]) {
      std::string scan;
      if (ex.contains("scan_hex")) {
        auto h = ex["scan_hex"].get<std::string>();
        for (std::size_t i = 0; i + 1 < h.size(); i += 2) scan += static_cast<char>(std::stoul(h.substr(i, 2), nullptr, 16));
      } else if (ex.contains("scan")) {
        scan = ex["scan"].get<std::string>();
      } else {
        continue;
      }
      auto s = hp::hid::split_aim_prefix(scan);
      // A composite ("]E0...|]e0...") starts with its first component's identifier.
      std::string want = id["identifier"].get<std::string>();
      CHECK((s.symbology == want || scan.find("|" + want) != std::string::npos));
      CHECK(s.symbology + s.text == scan);
      ++n;
    }
  }
  CHECK(n > 3);
}

TEST_CASE("HID POS scanner: bad reports are errors") {
  hp::hid::PosScanAssembler a(60);
  CHECK(a.feed(std::vector<std::uint8_t>(63, 0)).error().code == "scanner.report_size");
  auto r = pos_report("E0", "1", false);
  r[0] = 3;
  CHECK(a.feed(r).error().code == "scanner.report_id");
  r = pos_report("E0", "1", false);
  r[1] = 57;
  CHECK(a.feed(r).error().code == "scanner.length");
  REQUIRE(a.feed(pos_report("E0", std::string(56, '1'), true)));
  CHECK(a.feed(pos_report("E0", std::string(56, '1'), false)).error().code == "scanner.too_long");
  auto empty = a.feed(pos_report("E0", "", false));
  REQUIRE(empty);
  CHECK_FALSE(*empty);
}

TEST_CASE("report descriptor: scale with a zero control, keyboard, scanner, garbage") {
  const std::vector<std::uint8_t> scale = {
      0x05, 0x8D, 0x09, 0x01, 0xA1, 0x01, 0x85, 0x03, 0x15, 0x00, 0x26, 0xFF, 0x00, 0x75, 0x08, 0x95, 0x05,
      0x09, 0x70, 0x81, 0x02, 0x85, 0x02, 0x75, 0x01, 0x95, 0x02, 0x09, 0x81, 0x09, 0x80, 0x91, 0x02, 0xC0};
  auto s = hp::hid::parse_report_descriptor(scale);
  REQUIRE(s);
  CHECK(s->has_application_page(hp::hid::kPageScale));
  auto zero = s->writable({hp::hid::kPageScale, hp::hid::kUsageZeroScale});
  REQUIRE(zero);
  CHECK(zero->report_id == 2);
  const std::vector<std::uint8_t> kbd = {0x05, 0x01, 0x09, 0x06, 0xA1, 0x01, 0x05, 0x07, 0x19, 0xE0, 0x29, 0xE7,
                                         0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0xC0};
  auto k = hp::hid::parse_report_descriptor(kbd);
  REQUIRE(k);
  REQUIRE(k->applications.size() == 1);
  CHECK(k->applications[0] == hp::hid::HidUsage{1, 6});
  CHECK_FALSE(k->writable({hp::hid::kPageScale, hp::hid::kUsageZeroScale}));
  const std::vector<std::uint8_t> pos = {0x06, 0x8C, 0x00, 0x09, 0x02, 0xA1, 0x01, 0xC0};
  auto p = hp::hid::parse_report_descriptor(pos);
  REQUIRE(p);
  CHECK(p->has_application_page(hp::hid::kPageBarcodeScanner));
  CHECK(hp::hid::parse_report_descriptor(std::vector<std::uint8_t>{0x05}).error().code == "hid.descriptor");
  CHECK(hp::hid::parse_report_descriptor(std::vector<std::uint8_t>(100, 0xA1)).error().code == "hid.descriptor");
}

TEST_CASE("IEEE 1284 device id") {
  std::string id = "MFG:EPSON;CMD:ESC/POS;MDL:TM-T20;CLS:PRINTER;DES:TM-T20;";
  std::vector<std::uint8_t> b = {0, static_cast<std::uint8_t>(id.size() + 2)};
  b.insert(b.end(), id.begin(), id.end());
  auto d = hp::usb::parse_device_id(b);
  REQUIRE(d);
  CHECK(d->manufacturer() == "EPSON");
  CHECK(d->model() == "TM-T20");
  CHECK(d->command_set() == "ESC/POS");
  std::string long_form = "MANUFACTURER:Xprinter ;MODEL:XP-58;COMMAND SET:ESC";
  std::vector<std::uint8_t> le = {static_cast<std::uint8_t>(long_form.size() + 2), 0};
  le.insert(le.end(), long_form.begin(), long_form.end());
  auto x = hp::usb::parse_device_id(le);
  REQUIRE(x);
  CHECK(x->manufacturer() == "Xprinter");
  CHECK(x->model() == "XP-58");
  CHECK(hp::usb::parse_device_id(std::vector<std::uint8_t>{0x40, 0x40, 'A'}).error().code == "printer.device_id");
  CHECK(hp::usb::parse_device_id(std::vector<std::uint8_t>{}).error().code == "printer.device_id");
}

TEST_CASE("ESC/POS real-time status bytes") {
  using hp::usb::StatusQuery;
  hp::usb::PrinterStatus s;
  REQUIRE(hp::usb::apply_status_byte(s, StatusQuery::Printer, 0x12));
  REQUIRE(hp::usb::apply_status_byte(s, StatusQuery::OfflineCause, 0x12));
  REQUIRE(hp::usb::apply_status_byte(s, StatusQuery::ErrorCause, 0x12));
  REQUIRE(hp::usb::apply_status_byte(s, StatusQuery::PaperSensor, 0x12));
  CHECK(s.blocking_reason().empty());
  REQUIRE(hp::usb::apply_status_byte(s, StatusQuery::Printer, 0x1E));
  CHECK(s.offline);
  CHECK(s.drawer_signal);
  CHECK(s.blocking_reason() == "printer.offline");
  REQUIRE(hp::usb::apply_status_byte(s, StatusQuery::OfflineCause, 0x16));
  CHECK(s.blocking_reason() == "printer.cover_open");
  REQUIRE(hp::usb::apply_status_byte(s, StatusQuery::PaperSensor, 0x7E));
  CHECK(s.paper_near_end);
  CHECK(s.blocking_reason() == "printer.paper_out");
  CHECK(hp::usb::apply_status_byte(s, StatusQuery::Printer, 0x00).error().code == "printer.status_byte");
  CHECK(hp::usb::apply_status_byte(s, StatusQuery::Printer, 0x92).error().code == "printer.status_byte");
  CHECK(hp::usb::drawer_kick_command() == std::string("\x1B" "p\x00\x19\xFA", 5));
}
