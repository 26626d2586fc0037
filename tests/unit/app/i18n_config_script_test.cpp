#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "drivers/device.hpp"
#include "kiosk/app/config.hpp"
#include "kiosk/app/i18n.hpp"
#include "kiosk/app/script.hpp"
#include "tests/support/test_support.hpp"

using namespace hp;

namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

template <class F>
void each_source(std::initializer_list<const char*> dirs, F f) {
  for (const char* dir : dirs)
    for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(HP_SOURCE_DIR) + "/" + dir))
      if (e.path().extension() == ".cpp" || e.path().extension() == ".hpp") f(read_file(e.path()));
}

void collect(const std::string& src, const std::regex& re, std::set<std::string>& out) {
  for (std::sregex_iterator it(src.begin(), src.end(), re), end; it != end; ++it) out.insert((*it)[1]);
}

// Every message key the kiosk's code names as a literal: tr("key"), notify(..., "key"), a key
// kept in a variable (state_key = "scale.none"), or returned (return "scan.damaged").
std::set<std::string> keys_used_in_sources() {
  std::set<std::string> keys;
  // A whole literal key (followed by "," or ")"), not a prefix that code completes.
  const std::regex call(R"re((?:tr|notify|notify_args)\((?:Level::\w+,\s*)?"([a-z_]+\.[a-z_.]+)"\s*[,)])re");
  const std::regex held(R"re((?:_key\s*=|return|\?|:)\s*"([a-z_]+\.[a-z_.]+)"\s*[;:,)])re");
  const std::regex comment(R"re(//[^\n]*)re");
  each_source({"kiosk/app", "kiosk/ui"}, [&](const std::string& src) {
    const std::string code = std::regex_replace(src, comment, "");  // examples in comments are not keys
    collect(code, call, keys);
    collect(code, held, keys);
  });
  return keys;
}

// Every error code that can reach notify_error or a device's reason: fail("code") and
// Error{"code"} in the kiosk, the store helpers and the print library; the drivers' reasons.
std::set<std::string> error_codes_in_sources() {
  std::set<std::string> codes;
  const std::regex failed(R"re((?:fail\(|Error\{)"([a-z_0-9]+\.[a-z_0-9.]+)")re");
  each_source({"kiosk", "shared/print", "shared/store"}, [&](const std::string& src) { collect(src, failed, codes); });
  const std::regex reason(R"re("((?:printer|scale|scanner|usb|serial|hid)\.[a-z_]+)")re");
  each_source({"drivers"}, [&](const std::string& src) { collect(src, reason, codes); });
  return codes;
}

bool has_letters(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
}

bool ascii_only(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// A Latin letter with a diacritic (U+00C0-U+024F, U+1E00-U+1EFF): Vietnamese in an English string.
bool has_vietnamese_letter(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = c;
    std::size_t n = 1;
    if (c >= 0xF0) { cp = c & 0x07; n = 4; }
    else if (c >= 0xE0) { cp = c & 0x0F; n = 3; }
    else if (c >= 0xC0) { cp = c & 0x1F; n = 2; }
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    if ((cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x1E00 && cp <= 0x1EFF)) return true;
    i += n;
  }
  return false;
}

}  // namespace

TEST_CASE("every UI string the code uses exists in Vietnamese and English, and they match") {
  auto t = app::Translator::load(std::string(HP_SOURCE_DIR) + "/assets/i18n");
  REQUIRE(t);
  const auto used = keys_used_in_sources();
  CHECK(used.size() > 150);
  for (const auto& k : used) {
    CHECK_MESSAGE(t->has("vi", k), "missing in vi.json: " << k);
    CHECK_MESSAGE(t->has("en", k), "missing in en.json: " << k);
  }
  const auto vi = t->keys("vi");
  const auto en = t->keys("en");
  CHECK(vi == en);
  // Screens build these keys from enums.
  std::vector<std::string> built = {"today.kind_dropoff", "today.kind_pickup", "err.db.full", "err.db.locked",
                                    "err.printer.paper_out", "err.pickup.already_collected",
                                    // Device reasons the Devices screen puts in words (drivers/usb).
                                    "err.printer.status_unavailable", "err.printer.stalled", "err.scanner.set_protocol",
                                    "err.scanner.set_idle", "device.sim_scale", "device.sim_scanner", "device.virtual_printer"};
  for (auto l : {dev::Link::Disconnected, dev::Link::Ready, dev::Link::Busy, dev::Link::Error})
    built.push_back(std::string("link.") + dev::to_string(l));
  for (auto k : {dev::DeviceKind::Scanner, dev::DeviceKind::Scale, dev::DeviceKind::Printer})
    built.push_back(std::string("device.") + dev::to_string(k));
  for (auto s : {dev::ScaleState::Fault, dev::ScaleState::Zero, dev::ScaleState::InMotion, dev::ScaleState::Stable,
                 dev::ScaleState::UnderZero, dev::ScaleState::OverCapacity, dev::ScaleState::NeedsCalibration,
                 dev::ScaleState::NeedsRezero})
    built.push_back(std::string("scale.state.") + dev::to_string(s));
  for (const auto& k : built) {
    CHECK_MESSAGE(t->has("vi", k), "missing in vi.json: " << k);
    CHECK_MESSAGE(t->has("en", k), "missing in en.json: " << k);
  }
  for (const auto& n : {"Simulated scale", "Simulated scanner", "Virtual printer"}) CHECK(!app::device_name_key(n).empty());
}

TEST_CASE("every error code the kiosk can show has words, its own or its family's, in both languages") {
  auto t = app::Translator::load(std::string(HP_SOURCE_DIR) + "/assets/i18n");
  REQUIRE(t);
  const auto codes = error_codes_in_sources();
  CHECK(codes.size() > 80);
  for (const std::string lang : {"vi", "en"}) {
    t->set_language(lang);
    for (const auto& c : codes) {
      // A code the controller shows as its own key (draft_item's refusals), or err.<code>.
      const std::string key = t->has(lang, c) ? c : t->resolve("err." + c);
      CHECK_MESSAGE(!key.empty(), "no words in " << lang << ".json for error " << c);
      if (!key.empty()) CHECK_MESSAGE(t->has(lang, key), lang << " lacks " << key << " (for " << c << ")");
    }
  }
  // The family fallback never reaches past the namespace, and an unknown key still shows itself.
  CHECK(t->resolve("err.printer.no_such_reason") == "err.printer");
  CHECK(t->resolve("err.nosuchfamily.x").empty());
  CHECK(std::string(t->tr("err.nosuchfamily.x")) == "err.nosuchfamily.x");
}

TEST_CASE("the Vietnamese UI shows no English, and the English UI no Vietnamese") {
  auto t = app::Translator::load(std::string(HP_SOURCE_DIR) + "/assets/i18n");
  REQUIRE(t);
  // Words that are the same in both languages (brands, the keypad's OK, the close button).
  const std::set<std::string> same_in_both = {"VietQR", "OK", "X"};
  // An example farmer's name is Vietnamese whatever the language of the screen.
  const std::set<std::string> vietnamese_in_en = {"register.name_hint"};
  for (const auto& k : t->keys("vi")) {
    t->set_language("vi");
    const std::string vi = t->tr(k);
    t->set_language("en");
    const std::string en = t->tr(k);
    CAPTURE(k);
    if (vi == en && ascii_only(vi) && has_letters(vi)) CHECK_MESSAGE(same_in_both.contains(vi), "vi.json has English: " << vi);
    if (!vietnamese_in_en.contains(k)) CHECK_MESSAGE(!has_vietnamese_letter(en), "en.json has Vietnamese: " << en);
  }
  CHECK(has_vietnamese_letter("Cân"));
  CHECK_FALSE(has_vietnamese_letter("Scale — 5 kg × 2"));
}

TEST_CASE("the language files are sorted, indented by one space, and hold only strings") {
  for (const char* lang : {"vi", "en"}) {
    const std::string path = std::string(HP_SOURCE_DIR) + "/assets/i18n/" + lang + ".json";
    const std::string text = read_file(path);
    const auto j = nlohmann::json::parse(text);
    for (const auto& [k, v] : j.items()) CHECK_MESSAGE(v.is_string(), k);
    // nlohmann's objects are sorted; dump(1) is the one layout both files keep.
    CHECK_MESSAGE(text == j.dump(1, ' ', false) + "\n", lang << ".json is not sorted with indent 1");
  }
}

TEST_CASE("several placeholders fill in order") {
  auto t = app::Translator::load(std::string(HP_SOURCE_DIR) + "/assets/i18n");
  REQUIRE(t);
  t->set_language("en");
  CHECK(t->tr("pickup.already_collected_by", std::vector<std::string>{"PK1", "02/12/2026 09:15", "Lan", "HP-01"}) ==
        "Order PK1 was collected at 02/12/2026 09:15 by Lan (counter HP-01). Do not hand it over again.");
  // An arg that itself holds "{}" is not filled again.
  CHECK(t->tr("pickup.already_collected_by", std::vector<std::string>{"{}", "a"}) ==
        "Order {} was collected at a by {} (counter {}). Do not hand it over again.");
}

TEST_CASE("translations: placeholders, language switch, fallbacks") {
  auto t = app::Translator::load(std::string(HP_SOURCE_DIR) + "/assets/i18n");
  REQUIRE(t);
  CHECK(std::string(t->tr("tab.pickup")) == "Trả hàng");
  CHECK(t->tr("dropoff.saved", std::vector<std::string>{"PN-2026-000042", "380.000 ₫"}) == "Đã lưu phiếu PN-2026-000042: 380.000 ₫");
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
    std::ofstream(dir.file("ok.toml")) << "kiosk_id = \"HP-AN-DUONG-02\"\nlanguage = \"en\"\nprinter_dots = 384\nscale_capacity_g = 15000\n"
                                       "sync_pull_interval_s = 5\n";
  }
  auto ok = app::load_config(dir.file("ok.toml"));
  CHECK(ok.problems.empty());
  CHECK(ok.config.kiosk_id == "HP-AN-DUONG-02");
  CHECK(ok.config.language == "en");
  CHECK(ok.config.printer_dots == 384);
  CHECK(ok.config.scale_capacity_mg == 15'000'000);
  CHECK(ok.config.sync_pull_interval_s == 5);

  {
    std::ofstream(dir.file("bad.toml")) << "language = \"fr\"\nprinter_dots = 500\nscale_settle_ms = -4\nclerk = 7\n"
                                        "sync_pull_interval_s = 0\n";
  }
  auto bad = app::load_config(dir.file("bad.toml"));
  CHECK(bad.problems.size() == 5);
  CHECK(bad.config.sync_pull_interval_s == 15);
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

TEST_CASE("config: the sync timeout and retry cap are read, and out-of-range values keep the defaults") {
  test::TempDir dir("config_sync");
  std::ofstream(dir.file("ok.toml")) << "sync_timeout_ms = 1500\nsync_retry_max_ms = 60000\n";
  auto ok = app::load_config(dir.file("ok.toml"));
  CHECK(ok.problems.empty());
  CHECK(ok.config.sync_timeout_ms == 1500);
  CHECK(ok.config.sync_retry_max_ms == 60'000);
  std::ofstream(dir.file("bad.toml")) << "sync_timeout_ms = 10\nsync_retry_max_ms = 0\n";
  auto bad = app::load_config(dir.file("bad.toml"));
  CHECK(bad.problems.size() == 2);
  CHECK(bad.config.sync_timeout_ms == 20'000);
  CHECK(bad.config.sync_retry_max_ms == 300'000);
  // The shipped file's values are the defaults.
  auto shipped = app::load_config(std::string(HP_SOURCE_DIR) + "/config/kiosk.toml");
  CHECK(shipped.problems.empty());
  CHECK(shipped.config.sync_timeout_ms == app::KioskConfig{}.sync_timeout_ms);
  CHECK(shipped.config.sync_retry_max_ms == app::KioskConfig{}.sync_retry_max_ms);
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
