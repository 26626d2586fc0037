#pragma once
// The counter's tones, generated in code (no sound files to ship): a rising pair of notes for a
// good scan, a low double buzz for an error, three rising notes for a finished transaction.
// Pure, so it is tested without a sound device; kiosk/platform/sound plays it.
#include <vector>

#include "kiosk/app/state.hpp"

namespace hp::app {

// The samples of a cue at `rate` Hz, mono float in [-1, 1]; empty for Cue::None.
std::vector<float> cue_samples(Cue cue, int rate);

}  // namespace hp::app
