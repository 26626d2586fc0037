#include "shared/ids.hpp"

#include <array>

namespace hp {

IdGenerator::IdGenerator(const Clock& clock) : clock_(clock) {
  std::random_device rd;
  std::seed_seq seq{rd(), rd(), rd(), rd(), rd(), rd()};
  rng_.seed(seq);
}

std::string IdGenerator::next() {
  std::array<std::uint8_t, 16> b{};
  std::uint64_t rnd;
  std::int64_t ms;
  std::uint32_t counter;
  {
    std::lock_guard lock(mutex_);
    ms = clock_.now();
    if (ms > last_ms_) {
      last_ms_ = ms;
      counter_ = static_cast<std::uint32_t>(rng_() & 0x1FF);  // leave room to count up
    } else {
      ms = last_ms_;
      if (++counter_ > 0xFFF) {  // counter exhausted: borrow the next millisecond
        ++last_ms_;
        ms = last_ms_;
        counter_ = 0;
      }
    }
    counter = counter_;
    rnd = rng_();
  }
  const auto ums = static_cast<std::uint64_t>(ms);
  for (int i = 0; i < 6; ++i) b[i] = static_cast<std::uint8_t>(ums >> (40 - 8 * i));
  b[6] = static_cast<std::uint8_t>(0x70 | ((counter >> 8) & 0x0F));
  b[7] = static_cast<std::uint8_t>(counter & 0xFF);
  for (int i = 0; i < 8; ++i) b[8 + i] = static_cast<std::uint8_t>(rnd >> (8 * i));
  b[8] = static_cast<std::uint8_t>(0x80 | (b[8] & 0x3F));

  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  s.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s.push_back('-');
    s.push_back(kHex[b[i] >> 4]);
    s.push_back(kHex[b[i] & 0xF]);
  }
  return s;
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < 36; ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

}  // namespace hp
