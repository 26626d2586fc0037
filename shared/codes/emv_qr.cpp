#include "shared/codes/emv_qr.hpp"

namespace hp::codes {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

// Bytes of the UTF-8 character starting at s[i], or 0 if invalid.
std::size_t utf8_len(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t n;
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) n = 2;
  else if (b >= 0xE0 && b <= 0xEF) n = 3;
  else if (b >= 0xF0 && b <= 0xF4) n = 4;
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  return n;
}

std::size_t count_chars(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) {
    const std::size_t l = utf8_len(s, i);
    i += l == 0 ? 1 : l;
  }
  return n;
}

}  // namespace

std::uint16_t crc16_ccitt_false(std::string_view bytes) {
  std::uint16_t crc = 0xFFFF;
  for (char ch : bytes) {
    crc ^= static_cast<std::uint16_t>(static_cast<unsigned char>(ch) << 8);
    for (int k = 0; k < 8; ++k)
      crc = (crc & 0x8000) ? static_cast<std::uint16_t>((crc << 1) ^ 0x1021)
                           : static_cast<std::uint16_t>(crc << 1);
  }
  return crc;
}

std::string crc_hex(std::uint16_t crc) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string s(4, '0');
  for (int i = 3; i >= 0; --i) {
    s[static_cast<std::size_t>(i)] = kHex[crc & 0xF];
    crc = static_cast<std::uint16_t>(crc >> 4);
  }
  return s;
}

Result<std::vector<EmvObject>> parse_emv_objects(std::string_view data) {
  if (data.empty()) return fail("vietqr.malformed", "no data objects");
  std::vector<EmvObject> out;
  std::size_t pos = 0;
  while (pos < data.size()) {
    if (data.size() - pos < 4)
      return fail("vietqr.truncated", "data ends inside an ID/length header at offset " +
                                          std::to_string(pos));
    const std::string_view head = data.substr(pos, 4);
    if (!digit(head[0]) || !digit(head[1]) || !digit(head[2]) || !digit(head[3]))
      return fail("vietqr.malformed", "ID and length must be digits at offset " + std::to_string(pos));
    const std::size_t len = static_cast<std::size_t>((head[2] - '0') * 10 + (head[3] - '0'));
    pos += 4;
    const std::size_t start = pos;
    for (std::size_t c = 0; c < len; ++c) {
      if (pos >= data.size())
        return fail("vietqr.truncated", "object " + std::string(head.substr(0, 2)) + " declares " +
                                            std::to_string(len) + " characters but the data ends");
      const std::size_t l = utf8_len(data, pos);
      if (l == 0) return fail("vietqr.malformed", "invalid UTF-8 in object " + std::string(head.substr(0, 2)));
      pos += l;
    }
    out.push_back({std::string(head.substr(0, 2)), std::string(data.substr(start, pos - start))});
  }
  return out;
}

const EmvObject* find_object(const std::vector<EmvObject>& objects, std::string_view id) {
  for (const auto& o : objects)
    if (o.id == id) return &o;
  return nullptr;
}

std::optional<bool> emv_crc_ok(std::string_view payload) {
  if (payload.size() < 8) return std::nullopt;
  const std::string_view tail = payload.substr(payload.size() - 8);
  if (tail.substr(0, 4) != "6304") return std::nullopt;
  std::string given(tail.substr(4));
  for (char& c : given) {
    if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
    if (!digit(c) && !(c >= 'A' && c <= 'F')) return std::nullopt;
  }
  return crc_hex(crc16_ccitt_false(payload.substr(0, payload.size() - 4))) == given;
}

std::optional<std::string> emv_object(std::string_view id, std::string_view value) {
  if (id.size() != 2 || !digit(id[0]) || !digit(id[1])) return std::nullopt;
  const std::size_t n = count_chars(value);
  if (n > 99) return std::nullopt;
  std::string out(id);
  out.push_back(static_cast<char>('0' + n / 10));
  out.push_back(static_cast<char>('0' + n % 10));
  out += value;
  return out;
}

}  // namespace hp::codes
