// The tones are distinct and short, the sound switch is read from kiosk.toml, and the script
// steps the layout test and the bench use parse.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>

#include "kiosk/app/config.hpp"
#include "kiosk/app/cue_tones.hpp"
#include "kiosk/app/script.hpp"
#include "tests/support/test_support.hpp"

using namespace hp;

namespace {

// Zero crossings per second: a rough pitch, enough to tell the tones apart.
double crossings_per_s(const std::vector<float>& v, int rate) {
  int n = 0;
  for (std::size_t i = 1; i < v.size(); ++i)
    if ((v[i - 1] < 0) != (v[i] < 0)) ++n;
  return n / (static_cast<double>(v.size()) / rate);
}

}  // namespace

TEST_CASE("cue tones: short, bounded, distinct; no tone for no cue") {
  const int rate = 48000;
  const auto good = app::cue_samples(app::Cue::GoodScan, rate);
  const auto error = app::cue_samples(app::Cue::Error, rate);
  const auto done = app::cue_samples(app::Cue::Completed, rate);
  CHECK(app::cue_samples(app::Cue::None, rate).empty());
  for (const auto* v : {&good, &error, &done}) {
    REQUIRE(!v->empty());
    CHECK(v->size() < static_cast<std::size_t>(rate / 2));  // under half a second
    float peak = 0;
    for (float x : *v) peak = std::max(peak, std::abs(x));
    CHECK(peak > 0.1f);
    CHECK(peak <= 1.0f);
    CHECK(std::abs(v->front()) < 0.01f);  // ramps in and out: no click
    CHECK(std::abs(v->back()) < 0.05f);
  }
  // The error is low, the good scan high: told apart by pitch, not only by length.
  CHECK(crossings_per_s(error, rate) < 0.5 * crossings_per_s(good, rate));
  CHECK(good.size() != done.size());
}

TEST_CASE("config: sound is on by default and off with sound = false; a bad value is named") {
  test::TempDir dir("sound");
  CHECK(app::load_config(dir.file("none.toml")).config.sound);
  { std::ofstream(dir.file("off.toml")) << "sound = false\n"; }
  const auto off = app::load_config(dir.file("off.toml"));
  CHECK(off.problems.empty());
  CHECK_FALSE(off.config.sound);
  { std::ofstream(dir.file("bad.toml")) << "sound = \"loud\"\n"; }
  const auto bad = app::load_config(dir.file("bad.toml"));
  REQUIRE(bad.problems.size() == 1);
  CHECK(bad.problems[0].find("sound") != std::string::npos);
  CHECK(bad.config.sound);
}

TEST_CASE("scripts: dump, measure and await steps parse, and mistakes name their line") {
  auto ok = app::parse_script("dump /tmp/registry.json\nmeasure 300\nmeasure begin\nmeasure end\nawait /tmp/go now\n");
  REQUIRE(ok);
  REQUIRE(ok->size() == 5);
  CHECK((*ok)[0].kind == app::ScriptStep::Kind::Dump);
  CHECK((*ok)[0].arg == "/tmp/registry.json");
  CHECK((*ok)[1].kind == app::ScriptStep::Kind::Measure);
  CHECK((*ok)[1].wait_ms == 300);
  CHECK((*ok)[1].arg.empty());
  CHECK((*ok)[2].kind == app::ScriptStep::Kind::Measure);
  CHECK((*ok)[2].arg == "begin");
  CHECK((*ok)[3].arg == "end");
  CHECK((*ok)[4].kind == app::ScriptStep::Kind::Await);
  CHECK((*ok)[4].arg == "/tmp/go now");
  for (const char* bad : {"dump\n", "measure\n", "measure 0\n", "measure ten\n", "measure start\n", "await\n"}) {
    auto r = app::parse_script(std::string("wait\n") + bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().detail.find("line 2") != std::string::npos);
  }
}
