#include "kiosk/app/cue_tones.hpp"

#include <algorithm>
#include <cmath>

namespace hp::app {

namespace {

struct Note {
  float hz;
  int ms;
};

// Distinct by pitch and rhythm, not only by loudness: rising = good, low and repeated = error,
// three rising notes = done.
std::vector<Note> notes(Cue cue) {
  switch (cue) {
    case Cue::GoodScan: return {{1320, 60}, {1760, 70}};
    case Cue::Error: return {{220, 140}, {0, 60}, {220, 140}};
    case Cue::Completed: return {{880, 90}, {1109, 90}, {1319, 160}};
    case Cue::None: break;
  }
  return {};
}

}  // namespace

std::vector<float> cue_samples(Cue cue, int rate) {
  std::vector<float> out;
  constexpr float kTwoPi = 6.2831853f;
  for (const Note& n : notes(cue)) {
    const int count = rate * n.ms / 1000;
    const int ramp = std::max(1, rate * 5 / 1000);  // 5 ms in and out: no clicks
    for (int i = 0; i < count; ++i) {
      const float env = std::min({1.0f, static_cast<float>(i) / ramp, static_cast<float>(count - i) / ramp});
      const float t = static_cast<float>(i) / static_cast<float>(rate);
      // A square-ish wave (sine plus its third harmonic) carries over a noisy post office.
      const float v = n.hz > 0 ? std::sin(kTwoPi * n.hz * t) + 0.3f * std::sin(3 * kTwoPi * n.hz * t) : 0.0f;
      out.push_back(0.35f * env * v);
    }
  }
  return out;
}

}  // namespace hp::app
