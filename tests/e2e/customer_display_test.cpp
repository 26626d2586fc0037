// The customer display (issue 10 item 9) of the real kiosk under Xvfb: a second window, drawn
// from the counter's state. Xvfb has one screen, so kiosk.toml asks for a window of its own.
// Its registry says what it showed and that it fits; its picture is read back by zbar, so the
// VietQR code the buyer scans is checked as a phone would read it.
#include <doctest/doctest.h>
#include <stb_image.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "kiosk/store/demo_data.hpp"
#include "shared/print/bitmap.hpp"
#include "tests/e2e/kiosk_process.hpp"
#include "tests/print/zbar_decode.hpp"
#include "tests/support/test_support.hpp"

using namespace hp;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

struct Shown {
  json dump;
  bool has(const std::string& id) const {
    for (const auto& c : dump["controls"])
      if (c["id"] == id) return true;
    return false;
  }
  // Every part inside the window: nothing cut off at an edge.
  bool fits() const {
    const double w = dump["window"]["w"], h = dump["window"]["h"];
    for (const auto& c : dump["controls"]) {
      const auto& r = c["full"];
      if (r["x"].get<double>() < 0 || r["y"].get<double>() < 0 || r["x"].get<double>() + r["w"].get<double>() > w + 0.5 ||
          r["y"].get<double>() + r["h"].get<double>() > h + 0.5) {
        MESSAGE("outside the window: " << c.dump());
        return false;
      }
    }
    return true;
  }
};

Shown shown(const std::string& path) { return {json::parse(test::read_file(path))}; }

print::Bitmap grey(const std::string& png) {
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(png.c_str(), &w, &h, &n, 1);
  REQUIRE(px != nullptr);
  print::Bitmap b(w, h);
  std::copy(px, px + static_cast<std::size_t>(w) * h, b.pixels.begin());
  stbi_image_free(px);
  return b;
}

}  // namespace

TEST_CASE("the customer display shows the live weight, the items and the total, then the VietQR to pay") {
  test::TempDir tmp("customer_display");
  const std::string data = tmp.file("data");
  const std::string member = store::demo_member_code(0);  // Nguyễn Văn An
  const std::string pickup = store::demo_pickup_code(1);  // Đặng Văn Long, COD, phone ...3344
  test::write_file(tmp.file("kiosk.toml"), "customer_display = \"window\"\nscale_settle_ms = 50\n");
  const std::string script =
      "sign_in NV-0001 1111\n"
      "customer_dump " + tmp.file("welcome.json") + "\n"
      "scan " + member + "\n"
      "tap product_CA-CHUA\n"
      "weigh 800 stable\n"
      "tap tare\n"
      "weigh 9000 moving\n"
      "customer_dump " + tmp.file("moving.json") + "\n"
      "weigh 13300 stable\n"
      "tap add_item\n"
      "customer_dump " + tmp.file("items.json") + "\n"
      "customer_screenshot " + tmp.file("items.png") + "\n"
      "tap confirm\n"
      "customer_dump " + tmp.file("thanks.json") + "\n"
      "tap tab_pickup\n"
      "tap pickup_code\n"
      "type " + pickup + "\n"
      "key enter\n"
      "customer_dump " + tmp.file("verify.json") + "\n"
      "tap last4\n"
      "type 3344\n"
      "tap verify\n"
      "tap pay_vietqr\n"
      "customer_dump " + tmp.file("pay.json") + "\n"
      "customer_screenshot " + tmp.file("pay.png") + "\n"
      "quit\n";
  test::write_file(tmp.file("script.txt"), script);
  const auto run = test::run_kiosk(
      {"--data", data, "--demo", "--config", tmp.file("kiosk.toml"), "--script", tmp.file("script.txt")}, 120s);
  INFO(run.output);
  REQUIRE(run.exit_code == 0);

  const auto welcome = shown(tmp.file("welcome.json"));
  CHECK(welcome.has("customer.hello"));
  CHECK_FALSE(welcome.has("customer.total"));
  // A weight not yet settled is shown as it is, marked as moving.
  const auto moving = shown(tmp.file("moving.json"));
  CHECK(moving.has("customer.weight"));
  CHECK(moving.has("customer.weight_state"));
  const auto items = shown(tmp.file("items.json"));
  CHECK(items.has("customer.line.0"));
  CHECK(items.has("customer.total"));
  CHECK(items.has("customer.weight"));
  CHECK(items.fits());
  CHECK(shown(tmp.file("thanks.json")).has("customer.receipt"));
  // Before the phone check the order is not the buyer's yet: nothing of it is shown.
  const auto verify = shown(tmp.file("verify.json"));
  CHECK_FALSE(verify.has("customer.total"));
  CHECK_FALSE(verify.has("customer.line.0"));
  const auto pay = shown(tmp.file("pay.json"));
  CHECK(pay.has("customer.qr"));
  CHECK(pay.has("customer.total"));
  CHECK(pay.fits());

  // The QR on the customer's screen is the VietQR payload for this order, as a phone reads it.
  const auto symbols = test::zbar_decode(grey(tmp.file("pay.png")));
  REQUIRE(symbols.size() == 1);
  CHECK(symbols[0].type == "QR-Code");
  CHECK(symbols[0].data.starts_with("000201"));  // EMVCo merchant-presented QR
  CHECK(symbols[0].data.find("Nhan hang " + pickup) != std::string::npos);
  // No QR while weighing.
  CHECK(test::zbar_decode(grey(tmp.file("items.png"))).empty());
  std::filesystem::create_directories(std::string(HP_BINARY_DIR) + "/test-artifacts");
  for (const char* f : {"items.png", "pay.png"})
    std::filesystem::copy_file(tmp.file(f), std::string(HP_BINARY_DIR) + "/test-artifacts/customer-" + f,
                               std::filesystem::copy_options::overwrite_existing);
}
