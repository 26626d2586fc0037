#include "kiosk/platform/sound.hpp"

#include "kiosk/app/cue_tones.hpp"

namespace hp::platform {

Sound::Sound(bool enabled) {
  if (!enabled) return;
  if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) return;
  SDL_AudioSpec want{}, have{};
  want.freq = rate_;
  want.format = AUDIO_F32SYS;
  want.channels = 1;
  want.samples = 1024;
  device_ = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
  if (device_ == 0) {
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
    return;
  }
  rate_ = have.freq;
  SDL_PauseAudioDevice(device_, 0);
}

Sound::~Sound() {
  if (!device_) return;
  SDL_CloseAudioDevice(device_);
  SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

void Sound::follow(const app::AppState& s) {
  if (s.cue_serial == last_serial_) return;
  last_serial_ = s.cue_serial;
  if (!device_ || s.cue == app::Cue::None) return;
  // A new cue cuts the one still playing: the newest event is the one that matters.
  SDL_ClearQueuedAudio(device_);
  const auto samples = app::cue_samples(s.cue, rate_);
  SDL_QueueAudio(device_, samples.data(), static_cast<Uint32>(samples.size() * sizeof(float)));
}

}  // namespace hp::platform
