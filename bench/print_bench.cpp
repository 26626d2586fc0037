// print_bench: composing and encoding a Vietnamese drop-off receipt (80 mm, raster, with a QR
// code) and rendering it back; text mode and a 20-item receipt for comparison with the npm
// encoders in bench/npm_peers/. Prints markdown rows
// `| benchmark | figure | baseline, same run | ratio | target |`.
//   print_bench [--dump-receipt FILE]   also writes the 20-item receipt's lines, and this run's
//                                       figures for it, as JSON for bench/npm_peers/peers.cjs
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shared/print/demo_data.hpp"
#include "shared/print/escpos_encoder.hpp"
#include "shared/print/escpos_interpreter.hpp"
#include "shared/print/receipts.hpp"

using namespace hp::print;
using Clock = std::chrono::steady_clock;

namespace {

struct Stats {
  double median_ms = 0, p99_ms = 0;
};

template <class F>
Stats time_it(int runs, F&& f) {
  std::vector<double> ms;
  ms.reserve(static_cast<std::size_t>(runs));
  for (int i = 0; i < runs; ++i) {
    const auto t0 = Clock::now();
    f();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]};
}

// No baseline of its own: the npm peers (bench/npm_peers/peers.cjs) stand beside the 20-item
// receipt in their own rows.
void row(const std::string& name, const std::string& figure, const std::string& target) {
  std::printf("| %s | %s | - | - | %s |\n", name.c_str(), figure.c_str(), target.c_str());
}

std::string fmt(double v, const char* unit) {
  char b[64];
  std::snprintf(b, sizeof b, "%.2f %s", v, unit);
  return b;
}

std::vector<std::uint8_t> encode(const DemoData& d, EscPosMode mode, FontCache& fonts, int* unmappable = nullptr) {
  auto doc = dropoff_receipt(d.config, d.dropoff, d.farmer);
  if (!doc) {
    std::fprintf(stderr, "print_bench: %s\n", doc.error().detail.c_str());
    std::exit(1);
  }
  EscPosOptions opt;
  opt.mode = mode;
  auto job = encode_escpos(*doc, *printer_profile("escpos-80"), opt, fonts);
  if (!job) {
    std::fprintf(stderr, "print_bench: %s\n", job.error().detail.c_str());
    std::exit(1);
  }
  if (unmappable) *unmappable = job->unmappable;
  return std::move(job->bytes);
}

int text_lines(const std::vector<std::uint8_t>& text_job) {
  const auto r = interpret_escpos(text_job, InterpretOptions{}, nullptr);
  return static_cast<int>(std::count_if(r.text.begin(), r.text.end(), [](const std::string& s) { return !s.empty(); }));
}

}  // namespace

int main(int argc, char** argv) {
  std::string dump;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--dump-receipt") == 0 && i + 1 < argc) dump = argv[++i];
  }
  auto fonts_or = FontCache::open();
  if (!fonts_or) {
    std::fprintf(stderr, "print_bench: %s\n", fonts_or.error().detail.c_str());
    return 1;
  }
  FontCache& fonts = *fonts_or;
  const auto profile = *printer_profile("escpos-80");

  // The smallest drop-off receipt with at least 30 printed lines.
  int items = 1;
  while (text_lines(encode(demo_data(items), EscPosMode::Text, fonts)) < 30) ++items;
  const auto d = demo_data(items);
  const int lines = text_lines(encode(d, EscPosMode::Text, fonts));
  const std::string what = "drop-off receipt, " + std::to_string(lines) + " lines (" + std::to_string(items) +
                           " items) + QR, 80 mm";

  {
    auto cold = FontCache::open();
    const auto t0 = Clock::now();
    const auto bytes = encode(d, EscPosMode::Raster, *cold);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    row(what + ", raster, first job (glyphs not cached)", fmt(ms, "ms"), "-");
  }
  std::vector<std::uint8_t> raster;
  const auto s = time_it(200, [&] { raster = encode(d, EscPosMode::Raster, fonts); });
  row(what + ", raster: compose + encode, median", fmt(s.median_ms, "ms"), "<= 5 ms");
  row(what + ", raster: compose + encode, p99", fmt(s.p99_ms, "ms"), "-");
  row(what + ", raster: job size", fmt(raster.size() / 1024.0, "KiB"), "<= 64 KiB");
  Interpretation r;
  const auto rs = time_it(50, [&] { r = interpret_escpos(raster, InterpretOptions::for_profile(profile), &fonts); });
  row(what + ", raster: render back to image, median", fmt(rs.median_ms, "ms") + " (" + std::to_string(r.image.width) +
                                                             "x" + std::to_string(r.image.height) + ")",
      "-");
  int unmappable = 0;
  std::vector<std::uint8_t> text;
  const auto ts = time_it(200, [&] { text = encode(d, EscPosMode::Text, fonts, &unmappable); });
  row(what + ", text CP1258: compose + encode, median", fmt(ts.median_ms, "ms"), "-");
  row(what + ", text CP1258: job size", std::to_string(text.size()) + " B", "-");
  const auto tr = time_it(50, [&] { r = interpret_escpos(text, InterpretOptions::for_profile(profile), &fonts); });
  row(what + ", text CP1258: render back to image, median", fmt(tr.median_ms, "ms"), "-");

  // The baseline's receipt: 20 items, Epson profile (baselines.md in the reference notes beside the checkout).
  const auto d20 = demo_data(20);
  std::vector<std::uint8_t> r20, t20;
  int wrong20 = 0;
  const auto s20 = time_it(100, [&] { r20 = encode(d20, EscPosMode::Raster, fonts); });
  const auto t20s = time_it(100, [&] { t20 = encode(d20, EscPosMode::Text, fonts, &wrong20); });
  const auto p20 = interpret_escpos(t20, InterpretOptions::for_profile(profile), &fonts);
  row("drop-off receipt, 20 items, raster: median / p99", fmt(s20.median_ms, "ms") + " / " + fmt(s20.p99_ms, "ms"),
      "notes: 189 ms (the only npm encoder printing right)");
  row("drop-off receipt, 20 items, raster: bytes", std::to_string(r20.size()) + " B", "-");
  row("drop-off receipt, 20 items, text CP1258: median / p99", fmt(t20s.median_ms, "ms") + " / " + fmt(t20s.p99_ms, "ms"),
      "notes: 2.3-4.9 ms (npm, printing wrong)");
  row("drop-off receipt, 20 items, text CP1258: bytes", std::to_string(t20.size()) + " B", "notes: 1679-1973 B (npm)");
  row("drop-off receipt, 20 items, text CP1258: characters printed wrong", std::to_string(wrong20), "0");
  row("glyphs cached after the runs", std::to_string(fonts.cached_glyphs()), "-");

  if (!dump.empty()) {
    nlohmann::json j;
    j["source"] = "print_bench: 20-item drop-off receipt, text lines as printed (80 mm, 48 columns)";
    j["lines"] = p20.text;
    // This run's kiosk figures for the same receipt, for the ratios beside the npm peers.
    j["kiosk_text"] = {{"median_ms", t20s.median_ms}, {"p99_ms", t20s.p99_ms}, {"bytes", t20.size()},
                       {"wrong", wrong20}};
    std::ofstream(dump) << j.dump(1) << "\n";
  }
  return 0;
}
