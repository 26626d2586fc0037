#include "drivers/serial/scale_protocols.hpp"

#include <array>
#include <cstdint>

namespace hp::dev {

using namespace std::chrono_literals;

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view strip_line_end(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string printable(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s.substr(0, 64)) {
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

auto garbled(std::string_view frame, std::string_view why) {
  return fail("scale.frame_garbled", std::string(why) + ": '" + printable(frame) + "'");
}

// "<number><spaces><unit>" with trailing spaces already trimmed: splits off the unit letters.
Result<Milligrams> parse_weight_and_unit(std::string_view field) {
  field = trim_spaces(field);
  std::size_t u = field.size();
  while (u > 0 && is_alpha(field[u - 1])) --u;
  if (u == field.size()) return fail("scale.frame_garbled", "weight without a unit");
  return parse_decimal_weight(field.substr(0, u), field.substr(u));
}

}  // namespace

Result<Milligrams> parse_decimal_weight(std::string_view number, std::string_view unit) {
  int unit_exp = 0;  // mg per unit = 10^unit_exp
  if (unit == "kg" || unit == "KG" || unit == "Kg") {
    unit_exp = 6;
  } else if (unit == "g" || unit == "G") {
    unit_exp = 3;
  } else if (unit == "mg") {
    unit_exp = 0;
  } else {
    // Pounds and ounces are refused rather than converted: a trade weight must be shown in the
    // unit the scale was verified in, and lb -> mg is not exact.
    return fail("scale.unit_unsupported", "unit '" + printable(unit) + "'");
  }
  number = trim_spaces(number);
  bool negative = false;
  if (!number.empty() && (number.front() == '+' || number.front() == '-')) {
    negative = number.front() == '-';
    number.remove_prefix(1);
    number = trim_spaces(number);  // OHAUS: "-  1.645"
  }
  std::int64_t value = 0;
  int digits = 0;
  int decimals = 0;
  bool point = false;
  bool significant = false;
  for (char c : number) {
    if (c == '.') {
      if (point) return fail("scale.frame_garbled", "two decimal points");
      point = true;
      continue;
    }
    if (!is_digit(c)) return fail("scale.frame_garbled", "not a number: '" + printable(number) + "'");
    ++digits;
    if (point) ++decimals;
    if (c != '0') significant = true;
    if (significant && value > 99'999'999'999'999LL) {
      return fail("scale.frame_garbled", "weight out of range");
    }
    value = value * 10 + (c - '0');
  }
  if (digits == 0) return fail("scale.frame_garbled", "no digits");
  int shift = unit_exp - decimals;
  for (; shift < 0; ++shift) {
    if (value % 10 != 0) return fail("scale.frame_precision", "finer than a milligram");
    value /= 10;
  }
  for (; shift > 0; --shift) {
    if (value > 922'337'203'685'477'580LL) return fail("scale.frame_garbled", "weight out of range");
    value *= 10;
  }
  return negative ? -value : value;
}

ScaleState frame_state(const ScaleFrame& f) {
  if (f.over_capacity) return ScaleState::OverCapacity;
  if (f.under_zero || (f.has_weight && f.mg < 0)) return ScaleState::UnderZero;
  if (f.outside_zero_range) return ScaleState::NeedsRezero;
  if (!f.stable) return ScaleState::InMotion;
  if (!f.has_weight) return f.center_of_zero ? ScaleState::Zero : ScaleState::Fault;
  return f.mg == 0 ? ScaleState::Zero : ScaleState::Stable;
}

// Toledo 8217 (Mettler Toledo "8217 mode", also spoken by Magellan scanner-scales and many
// POS scales): the host sends 'W'; the scale answers STX + weight + CR, or STX '?' + status
// byte + CR when it cannot give a weight (in motion, under zero, over capacity). Status bits:
// 0 motion, 1 over capacity, 2 under zero, 3 outside zero capture range, 4 center of zero,
// 5 net; bit 6 always set so the byte stays printable. Weight forms: "WW.WWW" kg, "WW.WW" lb,
// an 'N' suffix for net.
Result<ScaleFrame> parse_toledo8217_frame(std::string_view s) {
  const std::string_view frame = s;
  if (!s.empty() && s.front() == '\x02') s.remove_prefix(1);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);  // some firmwares pad
  if (s.empty()) return garbled(frame, "empty answer");
  ScaleFrame f;
  if (s.front() == '?') {
    if (s.size() != 2) return garbled(frame, "status answer is not one byte");
    const auto st = static_cast<unsigned char>(s[1]) & 0x7f;
    if ((st & 0x40) == 0) return garbled(frame, "status byte without bit 6");
    f.stable = (st & 0x01) == 0;
    f.over_capacity = (st & 0x02) != 0;
    f.under_zero = (st & 0x04) != 0;
    f.outside_zero_range = (st & 0x08) != 0;
    f.center_of_zero = (st & 0x10) != 0;
    f.net = (st & 0x20) != 0;
    return f;
  }
  if (s.back() == 'N') {
    f.net = true;
    s.remove_suffix(1);
  }
  const auto dot = s.find('.');
  if (dot == std::string_view::npos) return garbled(frame, "weight without a decimal point");
  const auto decimals = s.size() - dot - 1;
  if (decimals == 2) return fail("scale.unit_unsupported", "scale answers in pounds");
  if (decimals != 3) return garbled(frame, "weight is not WW.WWW");
  for (char c : s.substr(0, dot)) {
    if (!is_digit(c)) return garbled(frame, "weight is not a number");
  }
  auto mg = parse_decimal_weight(s, "kg");
  if (!mg) return std::unexpected(mg.error());
  f.has_weight = true;
  f.mg = *mg;
  f.stable = true;  // the scale only answers with a weight once it is stable
  f.center_of_zero = *mg == 0;
  return f;
}

// Continuous "ST,GS,+0001.234kg" family (T-Scale, CAS 22-byte and AND 18-byte formats, many
// Chinese indicators): ST/US stable or unstable, OL overload; GS/NT gross or net. Quirks: the
// T-Scale NHB leaves out the comma after GS and glues the unit to the number ("US,GS
// 92.6g  "); the CAS 22-byte format puts a device id and a lamp byte and a comma before the
// weight ("ST,GS,<id><lamp>,  0013.5 kg").
Result<ScaleFrame> parse_stgs_frame(std::string_view s) {
  const std::string_view frame = s;
  s = strip_line_end(s);
  if (s.size() < 5) return garbled(frame, "too short");
  const std::string_view head = s.substr(0, 2);
  ScaleFrame f;
  if (head == "ST") {
    f.stable = true;
  } else if (head == "US") {
    f.stable = false;
  } else if (head == "OL") {
    f.over_capacity = true;
  } else {
    return garbled(frame, "no ST/US/OL header");
  }
  s.remove_prefix(2);
  if (!s.empty() && s.front() == ',') s.remove_prefix(1);
  const std::string_view mode = s.substr(0, 2);
  if (mode == "GS") {
    f.net = false;
  } else if (mode == "NT") {
    f.net = true;
  } else {
    return garbled(frame, "no GS/NT mode");
  }
  s.remove_prefix(mode.size());
  if (!s.empty() && s.front() == ',') s.remove_prefix(1);
  if (const auto comma = s.rfind(','); comma != std::string_view::npos) {
    if (comma > 2) return garbled(frame, "unexpected field");
    s.remove_prefix(comma + 1);  // CAS device id and lamp bytes
  }
  auto mg = parse_weight_and_unit(s);
  if (!mg) {
    if (f.over_capacity) return f;  // overload frames often carry no number at all
    return std::unexpected(mg.error());
  }
  f.has_weight = true;
  f.mg = *mg;
  return f;
}

// OHAUS continuous / print output (Defender, Ranger, Valor): "<sign><weight> <unit> [?]G|N".
// The sign sits in the first column, padded from the digits; '?' marks an unstable reading.
Result<ScaleFrame> parse_ohaus_frame(std::string_view s) {
  const std::string_view frame = s;
  s = trim_spaces(strip_line_end(s));
  if (s.empty()) return garbled(frame, "empty");
  ScaleFrame f;
  f.stable = true;
  if (s.back() == 'G' || s.back() == 'N') {
    const std::size_t n = s.size();
    const char before = n >= 2 ? s[n - 2] : ' ';
    if (before == '?' || is_space(before)) {
      f.net = s.back() == 'N';
      s.remove_suffix(1);
      if (before == '?') {
        f.stable = false;
        s.remove_suffix(1);
      }
    }
  } else if (s.back() == '?') {
    f.stable = false;
    s.remove_suffix(1);
  }
  auto mg = parse_weight_and_unit(s);
  if (!mg) return std::unexpected(mg.error());
  f.has_weight = true;
  f.mg = *mg;
  return f;
}

// RADWAG answer to "SUI" (and "SI", "SU"): the command echoed, a stability column ('?'
// unstable, ' ' stable), a space, the sign column, the mass, the unit padded to 3, CR LF.
Result<ScaleFrame> parse_radwag_sui_frame(std::string_view s) {
  const std::string_view frame = s;
  s = strip_line_end(s);
  std::size_t cmd = 0;
  while (cmd < s.size() && cmd < 3 && s[cmd] >= 'A' && s[cmd] <= 'Z') ++cmd;
  if (cmd == 0 || s.front() != 'S') return garbled(frame, "not an S answer");
  if (s.size() < cmd + 4) return garbled(frame, "too short");
  ScaleFrame f;
  const char stability = s[cmd];
  if (stability == '?') {
    f.stable = false;
  } else if (stability == ' ') {
    f.stable = true;
  } else {
    // '^' / 'v' (over / under range) and 'E' error answers carry no weight to trust.
    return garbled(frame, "unknown stability marker");
  }
  auto mg = parse_weight_and_unit(s.substr(cmd + 1));
  if (!mg) return std::unexpected(mg.error());
  f.has_weight = true;
  f.mg = *mg;
  return f;
}

namespace {

constexpr std::array<ScaleProtocol, 4> kProtocols{{
    {ScaleProtocolId::Toledo8217, "toledo8217", "Toledo 8217",
     SerialSettings{9600, 7, Parity::Even, 1}, "W", "Z", '\x02', "\r", 24, true, 200ms, 2000ms,
     &parse_toledo8217_frame},
    {ScaleProtocolId::ContinuousStGs, "continuous_stgs", "ST/GS continuous",
     SerialSettings{9600, 8, Parity::None, 1}, "", "", '\0', "\r\n", 40, false, 0ms, 2000ms,
     &parse_stgs_frame},
    {ScaleProtocolId::OhausContinuous, "ohaus", "OHAUS continuous",
     SerialSettings{9600, 8, Parity::None, 1}, "", "", '\0', "\r\n", 40, false, 0ms, 2000ms,
     &parse_ohaus_frame},
    {ScaleProtocolId::RadwagSui, "radwag_sui", "RADWAG SUI",
     SerialSettings{9600, 8, Parity::None, 1}, "SUI\r\n", "Z\r\n", '\0', "\r\n", 40, false, 200ms,
     2000ms, &parse_radwag_sui_frame},
}};

}  // namespace

std::span<const ScaleProtocol> scale_protocols() { return kProtocols; }

const ScaleProtocol* find_scale_protocol(std::string_view key) {
  for (const auto& p : kProtocols)
    if (p.key == key) return &p;
  return nullptr;
}

const ScaleProtocol& scale_protocol(ScaleProtocolId id) {
  for (const auto& p : kProtocols)
    if (p.id == id) return p;
  return kProtocols.front();  // unreachable: every id is in the table
}

std::vector<std::string> FrameSplitter::push(std::string_view bytes) {
  std::vector<std::string> frames;
  for (char c : bytes) {
    if (seven_bit_) c = static_cast<char>(c & 0x7f);
    const bool is_end = end_.find(c) != std::string_view::npos;
    if (start_ != '\0') {
      if (c == start_) {
        dropped_ += buf_.size();  // a frame restarted before it ended: what came was noise
        buf_.clear();
        in_frame_ = true;
        continue;
      }
      if (!in_frame_) {
        ++dropped_;
        continue;
      }
    }
    if (is_end) {
      if (overflow_) {
        overflow_ = false;
      } else if (!buf_.empty()) {
        frames.push_back(std::move(buf_));
      }
      buf_.clear();
      in_frame_ = false;
      continue;
    }
    if (overflow_) {
      ++dropped_;
      continue;
    }
    buf_ += c;
    if (buf_.size() > max_) {
      dropped_ += buf_.size();
      buf_.clear();
      if (start_ != '\0') {
        in_frame_ = false;
      } else {
        overflow_ = true;
      }
    }
  }
  return frames;
}

}  // namespace hp::dev
