#include "shared/print/cp1258.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <array>

#include "shared/print/utf8.hpp"
#include "shared/text.hpp"

namespace hp::print {

namespace {

// 0x80-0xFF of windows-1258 (Unicode's bestfit/WHATWG mapping); 0xFFFD where undefined.
constexpr std::array<char16_t, 128> kHigh = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80
    0x02C6, 0x2030, 0xFFFD, 0x2039, 0x0152, 0xFFFD, 0xFFFD, 0xFFFD,  // 88
    0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90
    0x02DC, 0x2122, 0xFFFD, 0x203A, 0x0153, 0xFFFD, 0xFFFD, 0x0178,  // 98
    0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,  // A0
    0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,  // A8
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,  // B0
    0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,  // B8
    0x00C0, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x00C5, 0x00C6, 0x00C7,  // C0
    0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x0300, 0x00CD, 0x00CE, 0x00CF,  // C8
    0x0110, 0x00D1, 0x0309, 0x00D3, 0x00D4, 0x01A0, 0x00D6, 0x00D7,  // D0
    0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x01AF, 0x0303, 0x00DF,  // D8
    0x00E0, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x00E5, 0x00E6, 0x00E7,  // E0
    0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0301, 0x00ED, 0x00EE, 0x00EF,  // E8
    0x0111, 0x00F1, 0x0323, 0x00F3, 0x00F4, 0x01A1, 0x00F6, 0x00F7,  // F0
    0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x01B0, 0x20AB, 0x00FF,  // F8
};

int byte_for(char32_t cp) {
  if (cp < 0x80) return static_cast<int>(cp);
  for (std::size_t i = 0; i < kHigh.size(); ++i) {
    if (kHigh[i] == cp && cp != 0xFFFD) return static_cast<int>(0x80 + i);
  }
  return -1;
}

bool is_tone_mark(char32_t cp) {
  return cp == 0x0300 || cp == 0x0301 || cp == 0x0303 || cp == 0x0309 || cp == 0x0323;
}

}  // namespace

char32_t cp1258_code_point(unsigned char byte) {
  return byte < 0x80 ? char32_t{byte} : char32_t{kHigh[byte - 0x80]};
}

Cp1258Text utf8_to_cp1258(std::string_view utf8) {
  Cp1258Text out;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* nfc = U_SUCCESS(status) ? icu::Normalizer2::getNFCInstance(status) : nullptr;
  const std::string text = is_nfc(utf8) ? std::string(utf8) : to_nfc(utf8);
  out.bytes.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char32_t cp = next_code_point(text, i);
    if (const int b = byte_for(cp); b >= 0) {
      out.bytes += static_cast<char>(b);
      continue;
    }
    // Split off the tone mark; the rest (base letter with circumflex, breve or horn) must be
    // a CP1258 character of its own.
    icu::UnicodeString decomposition;
    bool ok = nfc != nullptr && nfd->getDecomposition(static_cast<UChar32>(cp), decomposition);
    UChar32 base = -1;
    UChar32 tone = -1;
    if (ok) {
      for (int32_t k = 0; k < decomposition.length();) {
        const UChar32 c = decomposition.char32At(k);
        k += U16_LENGTH(c);
        if (base < 0) {
          base = c;
        } else if (is_tone_mark(static_cast<char32_t>(c)) && tone < 0) {
          tone = c;
        } else {
          base = nfc->composePair(base, c);
          if (base < 0) {
            ok = false;
            break;
          }
        }
      }
    }
    const int base_byte = ok && base >= 0 ? byte_for(static_cast<char32_t>(base)) : -1;
    if (base_byte < 0) {
      out.bytes += '?';
      ++out.unmappable;
      continue;
    }
    out.bytes += static_cast<char>(base_byte);
    if (tone >= 0) out.bytes += static_cast<char>(byte_for(static_cast<char32_t>(tone)));
  }
  return out;
}

std::string cp1258_to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) append_utf8(out, cp1258_code_point(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace hp::print
