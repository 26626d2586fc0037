#pragma once
// Plays the controller's cues (kiosk/app/cue_tones) through SDL audio; off with `sound = false` in kiosk.toml. Tests run with SDL's dummy
// audio driver, which plays nothing.
#include <SDL.h>

#include <cstdint>

#include "kiosk/app/state.hpp"

namespace hp::platform {

class Sound {
 public:
  // Opens the default output; without one (no sound card) the kiosk stays silent.
  explicit Sound(bool enabled);
  ~Sound();
  Sound(const Sound&) = delete;
  Sound& operator=(const Sound&) = delete;

  // Plays state.cue when its serial moved on since the last call.
  void follow(const app::AppState& s);

 private:
  SDL_AudioDeviceID device_ = 0;
  int rate_ = 48000;
  std::uint64_t last_serial_ = 0;
};

}  // namespace hp::platform
