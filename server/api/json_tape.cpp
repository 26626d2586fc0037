#include "server/api/json_tape.hpp"

#include "shared/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>

namespace hp::server {
namespace {

using Type = JsonTape::Type;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Four hex digits at s[i..i+4), or -1.
long hex4(std::string_view s, std::size_t i) {
  if (i + 4 > s.size()) return -1;
  long v = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    const int h = hex_value(s[i + k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

// The length of one well-formed UTF-8 sequence at s[i] (a lead byte >= 0x80), or 0: no
// overlong forms, no surrogates, nothing above U+10FFFF (RFC 3629).
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const auto cont = [&](std::size_t k) { return k < s.size() && (b(k) & 0xC0) == 0x80; };
  const unsigned char c = b(i);
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(i + 1) || !cont(i + 2)) return 0;
    if (c == 0xE0 && b(i + 1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(i + 1) >= 0xA0) return 0;  // a surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    if (c == 0xF0 && b(i + 1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(i + 1) >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

// Decodes the string whose raw text (quotes included) is raw; the text was checked by the
// parser, so every escape here is well formed.
std::string decode(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
    if (raw[i] != '\\') {
      out += raw[i];
      continue;
    }
    const char e = raw[++i];
    switch (e) {
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        auto cp = static_cast<std::uint32_t>(hex4(raw, i + 1));
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          const auto lo = static_cast<std::uint32_t>(hex4(raw, i + 3));
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          i += 6;
        }
        append_utf8(out, static_cast<char32_t>(cp));
        break;
      }
      default: out += e;  // " \ /
    }
  }
  return out;
}

class Parser {
 public:
  Parser(std::string_view text, std::vector<JsonTape::Node>& nodes) : s_(text), nodes_(nodes) {}

  Status run() {
    if (s_.size() > std::numeric_limits<std::uint32_t>::max() / 2) return error("the body is too large");
    skip_space();
    if (auto r = value(0); !r) return r;
    skip_space();
    if (i_ != s_.size()) return error("text after the JSON value");
    return {};
  }

 private:
  Status error(const std::string& what) const {
    return fail("request.malformed", "the body is not valid JSON: " + what + " at byte " + std::to_string(i_));
  }
  void skip_space() {
    while (i_ < s_.size() && is_space(s_[i_])) ++i_;
  }
  std::uint32_t pos() const { return static_cast<std::uint32_t>(i_); }

  std::uint32_t push(Type t) {
    nodes_.push_back({.type = t, .begin = pos()});
    return static_cast<std::uint32_t>(nodes_.size() - 1);
  }
  void close(std::uint32_t n) {
    nodes_[n].end = pos();
    nodes_[n].after = static_cast<std::uint32_t>(nodes_.size());
  }

  // Containers recurse at most kMaxDepth deep, so the stack is bounded by the constant, not
  // by the body.
  Status value(int depth) {
    if (i_ >= s_.size()) return error("unexpected end");
    switch (s_[i_]) {
      case '{': return object(depth + 1);
      case '[': return array(depth + 1);
      case '"': return string();
      case 't': return literal("true", Type::True);
      case 'f': return literal("false", Type::False);
      case 'n': return literal("null", Type::Null);
      default: return number();
    }
  }

  Status literal(std::string_view word, Type t) {
    if (s_.substr(i_, word.size()) != word) return error("unexpected character");
    const auto n = push(t);
    i_ += word.size();
    close(n);
    return {};
  }

  Status number() {
    const auto n = push(Type::Number);
    const std::size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    if (i_ >= s_.size() || !is_digit(s_[i_])) return error("unexpected character");
    if (s_[i_] == '0')
      ++i_;
    else
      while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
    bool integral = true;
    if (i_ < s_.size() && s_[i_] == '.') {
      integral = false;
      ++i_;
      if (i_ >= s_.size() || !is_digit(s_[i_])) return error("a digit must follow the decimal point");
      while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      integral = false;
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (i_ >= s_.size() || !is_digit(s_[i_])) return error("a digit must follow the exponent");
      while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
    }
    // A number no double can hold (1e400, or 400 digits) is refused, as nlohmann refuses it;
    // one that rounds to zero is fine.
    if (const std::string_view tok = s_.substr(start, i_ - start); !integral || tok.size() > 18) {
      const std::string copy(tok);
      if (!std::isfinite(std::strtod(copy.c_str(), nullptr))) return error("a number out of range");
    }
    nodes_[n].integral = integral;
    close(n);
    return {};
  }

  Status string() {
    const auto n = push(Type::String);
    ++i_;  // the opening quote
    bool escaped = false;
    while (true) {
      if (i_ >= s_.size()) return error("unterminated string");
      const auto c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') break;
      if (c < 0x20) return error("a control character in a string");
      if (c == '\\') {
        escaped = true;
        if (++i_ >= s_.size()) return error("unterminated string");
        const char e = s_[i_];
        if (e == 'u') {
          const long cp = hex4(s_, i_ + 1);
          if (cp < 0) return error("a bad \\u escape");
          i_ += 5;
          if (cp >= 0xDC00 && cp <= 0xDFFF) return error("a lone low surrogate");
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            const long lo = s_.substr(i_, 2) == "\\u" ? hex4(s_, i_ + 2) : -1;
            if (lo < 0xDC00 || lo > 0xDFFF) return error("a high surrogate without its low surrogate");
            i_ += 6;
          }
          continue;
        }
        if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't')
          return error("a bad escape");
        ++i_;
        continue;
      }
      if (c >= 0x80) {
        const std::size_t len = utf8_length(s_, i_);
        if (len == 0) return error("invalid UTF-8");
        i_ += len;
        continue;
      }
      ++i_;
    }
    ++i_;  // the closing quote
    nodes_[n].escaped = escaped;
    close(n);
    return {};
  }

  Status array(int depth) {
    if (depth > JsonTape::kMaxDepth) return error("nesting deeper than " + std::to_string(JsonTape::kMaxDepth));
    const auto n = push(Type::Array);
    ++i_;
    skip_space();
    std::uint32_t count = 0;
    if (i_ < s_.size() && s_[i_] == ']') {
      ++i_;
    } else {
      for (bool next = true; next;) {
        if (auto r = value(depth); !r) return r;
        ++count;
        auto more = another(']');
        if (!more) return error("expected ',' or ']'");
        next = *more;
      }
    }
    nodes_[n].size = count;
    close(n);
    return {};
  }

  Status object(int depth) {
    if (depth > JsonTape::kMaxDepth) return error("nesting deeper than " + std::to_string(JsonTape::kMaxDepth));
    const auto n = push(Type::Object);
    ++i_;
    skip_space();
    std::vector<std::uint32_t> keys;
    if (i_ < s_.size() && s_[i_] == '}') {
      ++i_;
    } else {
      for (bool next = true; next;) {
        if (i_ >= s_.size() || s_[i_] != '"') return error("expected a key");
        keys.push_back(static_cast<std::uint32_t>(nodes_.size()));
        if (auto r = string(); !r) return r;
        skip_space();
        if (i_ >= s_.size() || s_[i_] != ':') return error("expected ':'");
        ++i_;
        skip_space();
        if (auto r = value(depth); !r) return r;
        auto more = another('}');
        if (!more) return error("expected ',' or '}'");
        next = *more;
      }
    }
    if (auto r = unique(keys); !r) return r;
    nodes_[n].size = static_cast<std::uint32_t>(keys.size());
    close(n);
    return {};
  }

  // After a member or element: true at ',' (another follows), false at the closing bracket.
  std::optional<bool> another(char close) {
    skip_space();
    if (i_ < s_.size() && s_[i_] == ',') {
      ++i_;
      skip_space();
      return true;
    }
    if (i_ < s_.size() && s_[i_] == close) {
      ++i_;
      return false;
    }
    return std::nullopt;
  }

  std::string_view raw(std::uint32_t k) const { return s_.substr(nodes_[k].begin, nodes_[k].end - nodes_[k].begin); }

  Status unique(const std::vector<std::uint32_t>& keys) {
    if (keys.size() < 2) return {};
    // A kiosk's objects have a handful of plain keys: compare them in place, no copies.
    const bool plain = std::none_of(keys.begin(), keys.end(), [&](auto k) { return nodes_[k].escaped; });
    if (plain && keys.size() <= 16) {
      for (std::size_t a = 1; a < keys.size(); ++a)
        for (std::size_t b = 0; b < a; ++b)
          if (raw(keys[a]) == raw(keys[b]))
            return error("the key " + std::string(raw(keys[a])) + " appears twice in one object");
      return {};
    }
    std::vector<std::string> decoded;
    decoded.reserve(keys.size());
    for (auto k : keys) {
      const std::string_view r = raw(k);
      decoded.push_back(nodes_[k].escaped ? decode(r) : std::string(r.substr(1, r.size() - 2)));
    }
    std::sort(decoded.begin(), decoded.end());
    if (auto d = std::adjacent_find(decoded.begin(), decoded.end()); d != decoded.end())
      return error("the key \"" + *d + "\" appears twice in one object");
    return {};
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::vector<JsonTape::Node>& nodes_;
};

}  // namespace

Result<JsonTape> JsonTape::parse(std::string_view text) {
  JsonTape tape(text);
  tape.nodes_.reserve(text.size() / 8 + 4);
  Parser p(text, tape.nodes_);
  if (auto r = p.run(); !r) return std::unexpected(r.error());
  return tape;
}

std::optional<JsonTape::Index> JsonTape::find(Index obj, std::string_view key) const {
  if (!is(obj, Type::Object)) return std::nullopt;
  Index i = obj + 1;
  for (std::uint32_t m = 0; m < nodes_[obj].size; ++m) {
    const Index value = i + 1;
    if (string_equals(i, key)) return value;
    i = nodes_[value].after;
  }
  return std::nullopt;
}

std::vector<JsonTape::Index> JsonTape::elements(Index arr) const {
  std::vector<Index> out;
  if (!is(arr, Type::Array)) return out;
  out.reserve(nodes_[arr].size);
  Index i = arr + 1;
  for (std::uint32_t e = 0; e < nodes_[arr].size; ++e) {
    out.push_back(i);
    i = nodes_[i].after;
  }
  return out;
}

std::optional<std::string> JsonTape::string(Index i) const {
  if (!is(i, Type::String)) return std::nullopt;
  const std::string_view r = raw(i);
  return nodes_[i].escaped ? decode(r) : std::string(r.substr(1, r.size() - 2));
}

bool JsonTape::string_equals(Index i, std::string_view text) const {
  if (!is(i, Type::String)) return false;
  const std::string_view r = raw(i);
  return nodes_[i].escaped ? decode(r) == text : r.substr(1, r.size() - 2) == text;
}

std::optional<std::int64_t> JsonTape::int64(Index i) const {
  if (!is(i, Type::Number) || !nodes_[i].integral) return std::nullopt;
  const std::string_view r = raw(i);
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(r.data(), r.data() + r.size(), v);
  if (ec != std::errc() || p != r.data() + r.size()) return std::nullopt;
  return v;
}

}  // namespace hp::server
