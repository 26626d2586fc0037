#include "shared/codes/gs1.hpp"

#include <cstdio>

#include "shared/codes/check_digits.hpp"
#include "shared/codes/gs1_ai_table.hpp"

namespace hp::codes {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// GS1 AI encodable character set 82.
bool cset82(char c) {
  if (c >= 'A' && c <= 'Z') return true;
  if (c >= 'a' && c <= 'z') return true;
  if (c >= '0' && c <= '9') return true;
  switch (c) {
    case '!': case '"': case '%': case '&': case '\'': case '(': case ')': case '*':
    case '+': case ',': case '-': case '.': case '/': case ':': case ';': case '<':
    case '=': case '>': case '?': case '_':
      return true;
    default:
      return false;
  }
}

std::int64_t pow10(int n) {
  std::int64_t p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

std::int64_t to_int(std::string_view digits) {
  std::int64_t v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

int resolve_year(int yy, int reference_year) {
  if (reference_year <= 0) return 2000 + yy;
  const int current_yy = reference_year % 100;
  const int century = reference_year - current_yy;
  const int diff = yy - current_yy;
  if (diff >= 51) return century - 100 + yy;
  if (diff <= -50) return century + 100 + yy;
  return century + yy;
}

std::string quoted(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned char>(c));
      out += buf;
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

Result<Gs1Element> check_element(const AiMatch& m, std::string_view value,
                                 const Gs1Options& opt) {
  const AiDef& d = *m.def;
  const std::string ai(m.ai);
  if (value.size() < d.min_len || value.size() > d.max_len) {
    const std::string want = d.min_len == d.max_len
                                 ? std::to_string(d.min_len)
                                 : std::to_string(d.min_len) + "-" + std::to_string(d.max_len);
    return fail("gs1.length", "AI (" + ai + ") takes " + want + " characters, got " +
                                  std::to_string(value.size()));
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    const bool want_digit = d.numeric || i < d.numeric_head;
    if (want_digit ? !is_digit(value[i]) : !cset82(value[i]))
      return fail("gs1.bad_char", "AI (" + ai + ") value " + quoted(value) +
                                      (want_digit ? " must be digits" : " has a character outside GS1 set 82"));
  }
  Gs1Element e;
  e.ai = ai;
  e.value = std::string(value);
  switch (d.meaning) {
    case AiMeaning::plain:
      break;
    case AiMeaning::key:
      if (auto st = validate_gs1_key(value); !st)
        return fail("gs1.bad_check_digit", "AI (" + ai + "): " + st.error().detail);
      break;
    case AiMeaning::date: {
      const int yy = static_cast<int>(to_int(value.substr(0, 2)));
      const int mm = static_cast<int>(to_int(value.substr(2, 2)));
      const int dd = static_cast<int>(to_int(value.substr(4, 2)));
      if (mm < 1 || mm > 12)
        return fail("gs1.invalid_date", "AI (" + ai + ") month " + std::to_string(mm) + " is not 01-12");
      const int year = resolve_year(yy, opt.reference_year);
      const int last = days_in_month(year, mm);
      if (dd > last)
        return fail("gs1.invalid_date", "AI (" + ai + ") " + e.value + " has no day " + std::to_string(dd));
      e.date = Gs1Date{year, mm, dd == 0 ? last : dd};
      break;
    }
    case AiMeaning::weight_kg:
      e.number = Gs1Decimal{to_int(value), m.n};
      e.weight_mg = to_int(value) * pow10(6 - m.n);
      break;
    case AiMeaning::measure:
    case AiMeaning::amount:
      e.number = Gs1Decimal{to_int(value), m.n};
      break;
    case AiMeaning::currency_amount:
      e.currency = std::string(value.substr(0, 3));
      e.number = Gs1Decimal{to_int(value.substr(3)), m.n};
      break;
  }
  return e;
}

Status add_element(std::vector<Gs1Element>& out, Gs1Element e) {
  if (const Gs1Element* prev = find_element(out, e.ai)) {
    if (prev->value != e.value)
      return fail("gs1.duplicate_ai", "AI (" + e.ai + ") appears twice with different values");
    return {};
  }
  out.push_back(std::move(e));
  return {};
}

Result<AiMatch> lookup(std::string_view at) {
  auto m = match_ai(at);
  if (!m) {
    std::size_t n = 0;
    while (n < at.size() && n < 4 && is_digit(at[n])) ++n;
    if (n < 2) return fail("gs1.unknown_ai", "expected an AI (digits) at " + quoted(at.substr(0, 8)));
    return fail("gs1.unknown_ai", "unknown AI at " + quoted(at.substr(0, 4)));
  }
  return *m;
}

}  // namespace

std::string to_iso(const Gs1Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year % 10000, d.month % 100, d.day % 100);
  return buf;
}

Result<std::vector<Gs1Element>> parse_gs1(std::string_view raw, const Gs1Options& opt) {
  std::vector<Gs1Element> out;
  std::size_t pos = 0;
  while (pos < raw.size()) {
    if (raw[pos] == kGs) {  // FNC1 in first position, or a separator a scanner repeated
      ++pos;
      continue;
    }
    auto m = lookup(raw.substr(pos));
    if (!m) return std::unexpected(m.error());
    pos += m->ai.size();
    const AiDef& d = *m->def;
    std::string_view value;
    if (d.min_len == d.max_len) {
      value = raw.substr(pos, d.min_len);
      if (value.find(kGs) != std::string_view::npos || value.size() < d.min_len)
        return fail("gs1.length", "AI (" + std::string(m->ai) + ") takes " +
                                      std::to_string(d.min_len) + " characters");
    } else {
      const std::size_t end = raw.find(kGs, pos);
      value = raw.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    }
    pos += value.size();
    auto e = check_element(*m, value, opt);
    if (!e) return std::unexpected(e.error());
    if (auto st = add_element(out, std::move(*e)); !st) return std::unexpected(st.error());
  }
  if (out.empty()) return fail("gs1.empty", "no element strings");
  return out;
}

Result<std::vector<Gs1Element>> parse_gs1_bracketed(std::string_view hri, const Gs1Options& opt) {
  // A value may itself contain '(' (set 82 allows it), so a new element starts only at a
  // '(' followed by 2-4 digits and ')'.
  auto ai_at = [&](std::size_t p) -> std::size_t {  // length of "(nnnn)" at p, or 0
    if (p >= hri.size() || hri[p] != '(') return 0;
    std::size_t q = p + 1;
    while (q < hri.size() && is_digit(hri[q]) && q - p <= 4) ++q;
    const std::size_t digits = q - p - 1;
    if (digits < 2 || digits > 4 || q >= hri.size() || hri[q] != ')') return 0;
    return q + 1 - p;
  };
  std::vector<Gs1Element> out;
  std::size_t pos = 0;
  if (hri.empty()) return fail("gs1.empty", "no element strings");
  while (pos < hri.size()) {
    const std::size_t head = ai_at(pos);
    if (head == 0) return fail("gs1.bad_bracket", "expected '(AI)' at " + quoted(hri.substr(pos, 8)));
    const std::string_view ai = hri.substr(pos + 1, head - 2);
    auto m = find_ai(ai);
    if (!m) return fail("gs1.unknown_ai", "unknown AI (" + std::string(ai) + ")");
    std::size_t end = pos + head;
    while (end < hri.size() && ai_at(end) == 0) ++end;
    auto e = check_element(*m, hri.substr(pos + head, end - pos - head), opt);
    if (!e) return std::unexpected(e.error());
    if (auto st = add_element(out, std::move(*e)); !st) return std::unexpected(st.error());
    pos = end;
  }
  return out;
}

Result<Gs1Element> make_gs1_element(std::string_view ai, std::string_view value,
                                    const Gs1Options& opt) {
  auto m = find_ai(ai);
  if (!m) return fail("gs1.unknown_ai", "unknown AI (" + std::string(ai) + ")");
  return check_element(*m, value, opt);
}

Result<std::string> build_gs1(const std::vector<Gs1Field>& fields) {
  if (fields.empty()) return fail("gs1.empty", "no element strings");
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    auto e = make_gs1_element(fields[i].ai, fields[i].value);
    if (!e) return std::unexpected(e.error());
    out += fields[i].ai;
    out += fields[i].value;
    if (i + 1 < fields.size() && !predefined_length(fields[i].ai)) out.push_back(kGs);
  }
  return out;
}

Result<std::string> build_gs1_hri(const std::vector<Gs1Field>& fields) {
  if (fields.empty()) return fail("gs1.empty", "no element strings");
  std::string out;
  for (const auto& f : fields) {
    auto e = make_gs1_element(f.ai, f.value);
    if (!e) return std::unexpected(e.error());
    out += "(" + f.ai + ")" + f.value;
  }
  return out;
}

std::string gs1_hri(const std::vector<Gs1Element>& elements) {
  std::string out;
  for (const auto& e : elements) out += "(" + e.ai + ")" + e.value;
  return out;
}

const Gs1Element* find_element(const std::vector<Gs1Element>& elements, std::string_view ai) {
  for (const auto& e : elements)
    if (e.ai == ai) return &e;
  return nullptr;
}

}  // namespace hp::codes
