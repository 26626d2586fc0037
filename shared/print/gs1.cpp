#include "shared/print/gs1.hpp"

#include <algorithm>
#include <cctype>

namespace hp::print {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// GS1 General Specifications, figure 5.10.1-1 (AIs with predefined length) by first two
// digits, and the AI length by prefix. Enough for what is printed and read back here.
struct AiPrefix {
  const char* prefix;
  std::size_t ai_len;
  std::size_t fixed_len;  // 0 = variable
};
constexpr AiPrefix kPrefixes[] = {
    {"00", 2, 18}, {"01", 2, 14}, {"02", 2, 14}, {"03", 2, 14}, {"04", 2, 16}, {"10", 2, 0},
    {"11", 2, 6},  {"12", 2, 6},  {"13", 2, 6},  {"15", 2, 6},  {"16", 2, 6},  {"17", 2, 6},
    {"18", 2, 6},  {"19", 2, 6},  {"20", 2, 2},  {"21", 2, 0},  {"22", 2, 0},  {"23", 3, 0},
    {"24", 3, 0},  {"25", 3, 0},  {"30", 2, 0},  {"31", 4, 6},  {"32", 4, 6},  {"33", 4, 6},
    {"34", 4, 6},  {"35", 4, 6},  {"36", 4, 6},  {"37", 2, 0},  {"39", 4, 0},  {"40", 3, 0},
    {"41", 3, 13}, {"42", 3, 0},  {"43", 4, 0},  {"70", 4, 0},  {"71", 3, 0},  {"72", 4, 0},
    {"80", 4, 0},  {"81", 4, 0},  {"82", 4, 0},  {"90", 2, 0},  {"91", 2, 0},  {"92", 2, 0},
    {"93", 2, 0},  {"94", 2, 0},  {"95", 2, 0},  {"96", 2, 0},  {"97", 2, 0},  {"98", 2, 0},
    {"99", 2, 0},
};

const AiPrefix* find_prefix(std::string_view s) {
  if (s.size() < 2) return nullptr;
  for (const auto& p : kPrefixes) {
    if (s.substr(0, 2) == p.prefix) return &p;
  }
  return nullptr;
}

bool gs1_char_ok(char c) {
  // GS1 AI encodable character set 82 (printable ASCII without space, ", #, $, @, [, \, ], ^, `, {, |, }, ~).
  const auto u = static_cast<unsigned char>(c);
  if (u <= 32 || u >= 127) return false;
  return std::string_view("\"#$@[\\]^`{|}~").find(c) == std::string_view::npos;
}

}  // namespace

char gs1_check_digit(std::string_view d) {
  int sum = 0;
  for (std::size_t i = 0; i < d.size(); ++i) {
    const int v = d[d.size() - 1 - i] - '0';
    sum += (i % 2 == 0) ? v * 3 : v;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

bool gtin_valid(std::string_view digits) {
  if (!all_digits(digits)) return false;
  if (digits.size() != 8 && digits.size() != 12 && digits.size() != 13 && digits.size() != 14) {
    return false;
  }
  return gs1_check_digit(digits.substr(0, digits.size() - 1)) == digits.back();
}

std::optional<std::size_t> gs1_ai_length(std::string_view s) {
  const auto* p = find_prefix(s);
  if (!p || s.size() < p->ai_len || !all_digits(s.substr(0, p->ai_len))) return std::nullopt;
  return p->ai_len;
}

std::optional<std::size_t> gs1_fixed_value_length(std::string_view ai) {
  const auto* p = find_prefix(ai);
  if (!p || p->fixed_len == 0) return std::nullopt;
  return p->fixed_len;
}

Status gs1_validate(const std::vector<Gs1Element>& elements) {
  if (elements.empty()) return fail("print.gs1_empty", "no GS1 element to encode");
  for (const auto& e : elements) {
    const auto len = gs1_ai_length(e.ai);
    if (!len || *len != e.ai.size()) return fail("print.gs1_ai", "unknown AI (" + e.ai + ")");
    if (e.value.empty() || e.value.size() > 30) {
      return fail("print.gs1_value", "bad length for AI (" + e.ai + ")");
    }
    if (!std::all_of(e.value.begin(), e.value.end(), gs1_char_ok)) {
      return fail("print.gs1_value", "character not allowed in AI (" + e.ai + ")");
    }
    if (const auto fixed = gs1_fixed_value_length(e.ai)) {
      if (e.value.size() != *fixed || !all_digits(e.value)) {
        return fail("print.gs1_value", "AI (" + e.ai + ") takes " + std::to_string(*fixed) + " digits");
      }
    }
    if ((e.ai == "01" || e.ai == "02") && !gtin_valid(e.value)) {
      return fail("print.gtin_invalid", "GTIN " + e.value + " has a wrong check digit");
    }
  }
  return {};
}

std::string gs1_bracketed(const std::vector<Gs1Element>& elements) {
  std::string out;
  for (const auto& e : elements) out += "[" + e.ai + "]" + e.value;
  return out;
}

std::string gs1_human(const std::vector<Gs1Element>& elements) {
  std::string out;
  for (const auto& e : elements) out += "(" + e.ai + ")" + e.value;
  return out;
}

std::string gs1_transmitted(const std::vector<Gs1Element>& elements) {
  std::string out;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    out += elements[i].ai + elements[i].value;
    if (i + 1 < elements.size() && !gs1_fixed_value_length(elements[i].ai)) out += '\x1d';
  }
  return out;
}

Result<std::vector<Gs1Element>> gs1_parse_bracketed(std::string_view text) {
  std::vector<Gs1Element> out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '[') return fail("print.gs1_syntax", "expected '[' in GS1 data");
    const auto close = text.find(']', i);
    if (close == std::string_view::npos) return fail("print.gs1_syntax", "unclosed '['");
    Gs1Element e{std::string(text.substr(i + 1, close - i - 1)), {}};
    const auto next = text.find('[', close);
    e.value = std::string(text.substr(close + 1, next == std::string_view::npos ? next : next - close - 1));
    out.push_back(std::move(e));
    i = next == std::string_view::npos ? text.size() : next;
  }
  if (auto ok = gs1_validate(out); !ok) return std::unexpected(ok.error());
  return out;
}

Result<std::vector<Gs1Element>> gs1_parse_transmitted(std::string_view text) {
  std::vector<Gs1Element> out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '\x1d') {
      ++i;
      continue;
    }
    const auto ai_len = gs1_ai_length(text.substr(i));
    if (!ai_len) return fail("print.gs1_ai", "unknown AI in GS1 data");
    Gs1Element e{std::string(text.substr(i, *ai_len)), {}};
    i += *ai_len;
    if (const auto fixed = gs1_fixed_value_length(e.ai)) {
      if (i + *fixed > text.size()) return fail("print.gs1_value", "GS1 value cut short");
      e.value = std::string(text.substr(i, *fixed));
      i += *fixed;
    } else {
      const auto gs = text.find('\x1d', i);
      const auto end = gs == std::string_view::npos ? text.size() : gs;
      e.value = std::string(text.substr(i, end - i));
      i = end;
    }
    out.push_back(std::move(e));
  }
  if (auto ok = gs1_validate(out); !ok) return std::unexpected(ok.error());
  return out;
}

std::vector<int> gs1_code128_tokens(const std::vector<Gs1Element>& elements) {
  std::vector<int> t{kFnc1};
  for (std::size_t i = 0; i < elements.size(); ++i) {
    for (char c : elements[i].ai + elements[i].value) t.push_back(static_cast<unsigned char>(c));
    if (i + 1 < elements.size() && !gs1_fixed_value_length(elements[i].ai)) t.push_back(kFnc1);
  }
  return t;
}

Result<std::vector<Code128Step>> plan_code128(const std::vector<int>& tokens) {
  using Op = Code128Step::Op;
  std::vector<Code128Step> out;
  enum class Set { None, B, C } set = Set::None;
  auto digit_run = [&](std::size_t i) {
    std::size_t n = 0;
    while (i + n < tokens.size() && tokens[i + n] >= '0' && tokens[i + n] <= '9') ++n;
    return n;
  };
  auto next_data = [&](std::size_t i) {
    while (i < tokens.size() && tokens[i] == kFnc1) ++i;
    return i;
  };
  for (std::size_t i = 0; i < tokens.size();) {
    const int t = tokens[i];
    if (t != kFnc1 && (t < 32 || t > 126)) {
      return fail("print.symbol_invalid", "character " + std::to_string(t) + " cannot go in Code 128 B/C");
    }
    if (set == Set::None) {
      const std::size_t run = digit_run(next_data(i));
      const bool c = run >= 2 && run % 2 == 0;
      out.push_back({c ? Op::SetC : Op::SetB, 0});
      set = c ? Set::C : Set::B;
      continue;
    }
    if (t == kFnc1) {
      out.push_back({Op::Fnc1, 0});
      ++i;
      continue;
    }
    const std::size_t run = digit_run(i);
    if (set == Set::C) {
      if (run >= 2) {
        out.push_back({Op::Pair, (t - '0') * 10 + (tokens[i + 1] - '0')});
        i += 2;
      } else {
        out.push_back({Op::SetB, 0});
        set = Set::B;
      }
      continue;
    }
    // In B: a run of at least four digits is worth a switch (an odd one leaves its first
    // digit in B).
    if (run >= 4) {
      if (run % 2 == 1) {
        out.push_back({Op::Char, t});
        ++i;
      }
      out.push_back({Op::SetC, 0});
      set = Set::C;
      continue;
    }
    out.push_back({Op::Char, t});
    ++i;
  }
  if (out.empty()) return fail("print.symbol_empty", "nothing to encode");
  return out;
}

}  // namespace hp::print
