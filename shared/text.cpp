#include "shared/text.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

namespace hp {

namespace {

Result<std::string> normalize_checked(std::string_view utf8, bool nfd) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = nfd ? icu::Normalizer2::getNFDInstance(status)
                                  : icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status) || n == nullptr)
    return fail("text.normalize", std::string("ICU normalizer unavailable: ") + u_errorName(status));
  const icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString out = n->normalize(in, status);
  if (U_FAILURE(status)) return fail("text.normalize", std::string("ICU normalize failed: ") + u_errorName(status));
  std::string result;
  out.toUTF8String(result);
  return result;
}

std::string normalize(std::string_view utf8, bool nfd) {
  return normalize_checked(utf8, nfd).value_or(std::string(utf8));
}

}  // namespace

Result<std::string> normalize_nfc(std::string_view utf8) { return normalize_checked(utf8, false); }

std::string to_nfc(std::string_view utf8) { return normalize(utf8, false); }

Status check_text_support() {
  // "Nguyễn" typed with combining marks (e + U+0302 + U+0303) must come out precomposed.
  auto r = normalize_nfc("Nguye\xCC\x82\xCC\x83n");
  if (!r) return std::unexpected(r.error());
  if (*r != "Nguy\xE1\xBB\x85n") return fail("text.normalize", "ICU did not compose a Vietnamese sample to NFC");
  return {};
}

bool is_nfc(std::string_view utf8) { return to_nfc(utf8) == utf8; }

std::string search_key(std::string_view utf8) {
  const std::string decomposed = normalize(utf8, true);
  const icu::UnicodeString in = icu::UnicodeString::fromUTF8(decomposed);
  icu::UnicodeString out;
  bool last_space = true;
  for (int32_t i = 0; i < in.length();) {
    UChar32 c = in.char32At(i);
    i += U16_LENGTH(c);
    if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == 0x0111 || c == 0x0110) c = 'd';
    if (u_isspace(c)) {
      if (!last_space) out.append(static_cast<UChar32>(' '));
      last_space = true;
      continue;
    }
    out.append(u_tolower(c));
    last_space = false;
  }
  std::string result;
  out.toUTF8String(result);
  while (!result.empty() && result.back() == ' ') result.pop_back();
  return result;
}

std::string trim(std::string_view s) {
  auto is_ws = [](unsigned char c) { return c <= 0x20 || c == 0x7F; };
  std::size_t a = 0, b = s.size();
  while (a < b && is_ws(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && is_ws(static_cast<unsigned char>(s[b - 1]))) --b;
  return std::string(s.substr(a, b - a));
}

std::string digits_only(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c >= '0' && c <= '9') out.push_back(c);
  return out;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace hp
