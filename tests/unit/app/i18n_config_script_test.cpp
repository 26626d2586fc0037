#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "kiosk/app/config.hpp"
#include "kiosk/app/i18n.hpp"
#include "kiosk/app/script.hpp"
#include "tests/support/test_support.hpp"

using namespace hp;

namespace {

// Every string key the kiosk's code asks for: tr("key"), notify(..., "key") and the error keys
// of the store, the codes module and the devices (err.<code>).
std::set<std::string> keys_used_in_sources() {
  std::set<std::string> keys;
  // A whole literal key (followed by "," or ")"), not a prefix that code completes.
  const std::regex literal(R"re((?:tr|notify)\((?:Level::\w+,\s*)?"([a-z_]+\.[a-z_.]+)"\s*[,)])re");
  for (const char* dir : {"kiosk/app", "kiosk/ui"}) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(HP_SOURCE_DIR) + "/" + dir)) {
      std::ifstream in(e.path());
      std::stringstream ss;
      ss << in.rdbuf();
      const std::string src = ss.str();
      for (std::sregex_iterator it(src.begin(), src.end(), literal), end; it != end; ++it) keys.insert((*it)[1]);
    }
  }
  return keys;
}

}  // namespace

TEST_CASE("every UI string the code uses exists in Vietnamese and English, and they match") {
  auto t = app::Translator::load(std::string(HP_SOURCE_DIR) + "/assets/i18n");
  REQUIRE(t);
  const auto used = keys_used_in_sources();
  CHECK(used.size() > 100);
  for (const auto& k : used) {
    CHECK_MESSAGE(t->has("vi", k), "missing in vi.json: " << k);
    CHECK_MESSAGE(t->has("en", k), "missing in en.json: " << k);
  }
  const auto vi = t->keys("vi");
  const auto en = t->keys("en");
  CHECK(vi == en);
  // Screens build these keys from enums.
  for (const char* k : {"scale.stable", "scale.settling", "scale.in_motion", "link.ready", "link.error", "link.disconnected",
                        "link.busy", "device.scanner", "device.scale", "device.printer", "today.kind_dropoff", "today.kind_pickup",
                        "err.db.full", "err.db.locked", "err.printer.paper_out", "err.pickup.already_collected",
                        // Device reasons the Devices screen puts in words (drivers/usb).
                        "err.printer.status_unavailable", "err.printer.stalled", "err.scanner.set_protocol",
                        "err.scanner.set_idle"})
    CHECK_MESSAGE(t->has("vi", k), k);
}

TEST_CASE("translations: placeholders, language switch, fallbacks") {
  auto t = app::Translator::load(std::string(HP_SOURCE_DIR) + "/assets/i18n");
  REQUIRE(t);
  CHECK(std::string(t->tr("tab.pickup")) == "Trả hàng");
  CHECK(t->tr("dropoff.saved", "380.000 ₫") == "Đã lưu phiếu: 380.000 ₫");
  t->set_language("en");
  CHECK(std::string(t->tr("tab.pickup")) == "Pickup");
  t->set_language("fr");  // unknown: stays English
  CHECK(t->language() == "en");
  CHECK(std::string(t->tr("no.such.key")) == "no.such.key");
  CHECK(t->all_text().find("₫") == std::string::npos);  // ₫ comes from formatting, not strings
  auto missing = app::Translator::load("/nonexistent");
  CHECK_FALSE(missing);
}

TEST_CASE("config: a missing file gives defaults; bad values are named and replaced by defaults") {
  test::TempDir dir("config");
  auto none = app::load_config(dir.file("nothing.toml"));
  CHECK(none.problems.empty());
  CHECK(none.config.printer_dots == 576);

  {
    std::ofstream(dir.file("ok.toml")) << "kiosk_id = \"HP-AN-DUONG-02\"\nlanguage = \"en\"\nprinter_dots = 384\nscale_capacity_g = 15000\n";
  }
  auto ok = app::load_config(dir.file("ok.toml"));
  CHECK(ok.problems.empty());
  CHECK(ok.config.kiosk_id == "HP-AN-DUONG-02");
  CHECK(ok.config.language == "en");
  CHECK(ok.config.printer_dots == 384);
  CHECK(ok.config.scale_capacity_mg == 15'000'000);

  {
    std::ofstream(dir.file("bad.toml")) << "language = \"fr\"\nprinter_dots = 500\nscale_settle_ms = -4\nclerk = 7\n";
  }
  auto bad = app::load_config(dir.file("bad.toml"));
  CHECK(bad.problems.size() == 4);
  CHECK(bad.config.language == "vi");
  CHECK(bad.config.printer_dots == 576);
  CHECK(bad.config.scale_settle_ms == 600);

  {
    std::ofstream(dir.file("broken.toml")) << "kiosk_id = \"unterminated\nx = [\n";
  }
  auto broken = app::load_config(dir.file("broken.toml"));
  REQUIRE(broken.problems.size() == 1);
  CHECK(broken.problems[0].find("broken.toml:1") != std::string::npos);
  CHECK(broken.config.kiosk_id == app::KioskConfig{}.kiosk_id);
}

TEST_CASE("scripts: every step parses, escapes work, mistakes name their line") {
  auto s = app::parse_script(
      "# comment\n\nscan ]C1010401234567890810ABC\\x1D21XYZ\nscan (01)x<GS>y\nweigh 12500\nweigh 850.5 moving\n"
      "weigh -300 stable\ntap confirm\ntype Nguyễn Văn A\nkey enter\nwait\nwait 250\nscreenshot /tmp/a.png\nquit\n");
  REQUIRE(s);
  REQUIRE(s->size() == 12);
  using K = app::ScriptStep::Kind;
  CHECK((*s)[0].kind == K::Scan);
  CHECK((*s)[0].arg == "]C1010401234567890810ABC\x1D" "21XYZ");
  CHECK((*s)[1].arg == "(01)x\x1Dy");
  CHECK((*s)[2].mg == 12'500'000);
  CHECK((*s)[2].stable);
  CHECK((*s)[3].mg == 850'500);
  CHECK_FALSE((*s)[3].stable);
  CHECK((*s)[4].mg == -300'000);
  CHECK((*s)[5].kind == K::Tap);
  CHECK((*s)[6].arg == "Nguyễn Văn A");
  CHECK((*s)[7].kind == K::Key);
  CHECK((*s)[9].wait_ms == 250);
  CHECK((*s)[11].kind == K::Quit);
  CHECK((*s)[5].line == 8);

  for (const char* bad : {"jump\n", "weigh\n", "weigh 12kg\n", "weigh 1.2345\n", "weigh 5 wobbly\n", "tap\n", "key space\n",
                          "wait -1\n", "wait soon\n", "screenshot\n", "scan\n"}) {
    auto r = app::parse_script(std::string("quit\n") + bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == "script.syntax");
    CHECK(r.error().detail.rfind("line 2:", 0) == 0);
  }
}
