// libFuzzer entry point for everything that reads bytes from a serial line. Invariants are
// checked with abort() so a violation is a crash the fuzzer keeps.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "drivers/serial/scale_protocols.hpp"
#include "drivers/serial/serial_scanner.hpp"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

void check_frame(const hp::Result<hp::dev::ScaleFrame>& f) {
  if (!f) {
    check(!f.error().code.empty());
    return;
  }
  // A weight is at most 15 significant digits of the largest unit: far inside int64.
  if (f->has_weight) check(f->mg > -1'000'000'000'000'000'000LL && f->mg < 1'000'000'000'000'000'000LL);
  const auto state = hp::dev::frame_state(*f);
  check(hp::dev::to_string(state) != nullptr);
  if (state == hp::dev::ScaleState::Stable) check(f->has_weight && f->mg > 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const auto& p : hp::dev::scale_protocols()) {
    check_frame(p.parse(bytes));
    hp::dev::FrameSplitter splitter(p);
    // Fed in two parts, so frames that straddle reads are exercised too.
    auto frames = splitter.push(bytes.substr(0, size / 2));
    auto rest = splitter.push(bytes.substr(size / 2));
    frames.insert(frames.end(), rest.begin(), rest.end());
    std::size_t total = 0;
    for (const auto& fr : frames) {
      check(!fr.empty() && fr.size() <= p.max_frame);
      total += fr.size();
      check_frame(p.parse(fr));
    }
    check(total <= size);
  }
  // The same number in g and in kg differ by exactly 1000 whenever both fit.
  const auto in_g = hp::dev::parse_decimal_weight(bytes, "g");
  const auto in_kg = hp::dev::parse_decimal_weight(bytes, "kg");
  if (in_g && in_kg) check(*in_kg == *in_g * 1000);
  if (in_kg) check(in_g.has_value() || in_g.error().code == "scale.frame_precision");
  if (auto s = hp::dev::parse_scanner_line(bytes, "fuzz"); s) {
    check(!s->text.empty());
    check(s->symbology.empty() || s->symbology.size() == 3);
  }
  return 0;
}
