#pragma once
// A strict, non-allocating-per-value JSON reader for untrusted request bodies: one pass over
// the text builds a flat "tape" of nodes (pre-order, each knowing where its subtree ends) that
// point back into the text. The push path reads the few fields it checks from the tape and
// stores each payload's own bytes, so a 500-event batch is neither built into a tree of maps
// nor serialised again (docs/server.md "Ingest").
//
// What it accepts is RFC 8259 JSON that nlohmann::json also accepts, minus three things a
// kiosk never sends and the centre must not have to guess about: nesting deeper than
// kMaxDepth (a parser's stack is not the attacker's to choose), an object naming one key
// twice (two readers could see two different values), and text after the value.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/result.hpp"

namespace hp::server {

class JsonTape {
 public:
  enum class Type : std::uint8_t { Null, False, True, Number, String, Array, Object };
  static constexpr int kMaxDepth = 64;

  struct Node {
    Type type;
    bool escaped = false;    // a string with a backslash in it: decode before comparing
    bool integral = false;   // a number with no fraction or exponent
    std::uint32_t begin = 0;  // byte offsets into the text: the whole value (quotes included)
    std::uint32_t end = 0;
    std::uint32_t after = 0;  // the index of the node after this value's subtree
    std::uint32_t size = 0;   // members of an object, elements of an array
  };
  using Index = std::uint32_t;

  // The text must outlive the tape. Errors are request.malformed with the byte offset.
  [[nodiscard]] static Result<JsonTape> parse(std::string_view text);

  const Node& node(Index i) const { return nodes_[i]; }
  Type type(Index i) const { return nodes_[i].type; }
  bool is(Index i, Type t) const { return nodes_[i].type == t; }
  static constexpr Index root() { return 0; }

  // The value of key in the object at obj, if present.
  std::optional<Index> find(Index obj, std::string_view key) const;
  // The elements of the array at arr, in order.
  std::vector<Index> elements(Index arr) const;
  // The raw bytes of a value, exactly as sent.
  std::string_view raw(Index i) const { return text_.substr(nodes_[i].begin, nodes_[i].end - nodes_[i].begin); }
  // A string's decoded text (nullopt when i is not a string).
  std::optional<std::string> string(Index i) const;
  // Whether a string value equals text, decoded.
  bool string_equals(Index i, std::string_view text) const;
  // An integral number that fits in 64 bits (nullopt otherwise).
  std::optional<std::int64_t> int64(Index i) const;

 private:
  explicit JsonTape(std::string_view text) : text_(text) {}
  std::string_view text_;
  std::vector<Node> nodes_;
};

}  // namespace hp::server
