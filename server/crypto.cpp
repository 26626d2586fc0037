#include "server/crypto.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cctype>
#include <stdexcept>

namespace hp::server {

namespace {
void random_bytes(unsigned char* out, std::size_t n) {
  // A CSPRNG that cannot be seeded is a broken host, not an input error.
  if (RAND_bytes(out, static_cast<int>(n)) != 1) throw std::runtime_error("RAND_bytes failed");
}
}  // namespace

std::string random_token(std::size_t bytes) {
  std::string raw(bytes, '\0');
  random_bytes(reinterpret_cast<unsigned char*>(raw.data()), bytes);
  static constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : raw) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kB64[(acc >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kB64[(acc << (6 - bits)) & 0x3F]);
  return out;
}

unsigned long long random_u64() {
  unsigned long long v = 0;
  random_bytes(reinterpret_cast<unsigned char*>(&v), sizeof v);
  return v;
}

std::string make_enrol_code() {
  static constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::array<unsigned char, 16> b{};
  random_bytes(b.data(), b.size());
  std::string out;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i > 0 && i % 4 == 0) out.push_back('-');
    out.push_back(kCrockford[b[i] & 0x1F]);
  }
  return out;
}

std::string normalize_enrol_code(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (u == 'O') u = '0';
    if (u == 'I' || u == 'L') u = '1';
    out.push_back(u);
  }
  return out;
}

}  // namespace hp::server
