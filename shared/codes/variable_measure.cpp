#include "shared/codes/variable_measure.hpp"

#include <nlohmann/json.hpp>

#include "shared/codes/check_digits.hpp"

namespace hp::codes {

namespace {

std::int64_t pow10(int n) {
  std::int64_t p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

Result<Measure> measure_from(std::string_view s) {
  if (s == "weight") return Measure::weight;
  if (s == "price") return Measure::price;
  if (s == "count") return Measure::count;
  return fail("vm.layout", "measure must be weight, price or count, got '" + std::string(s) + "'");
}

Status check_decimals(Measure m, int decimals) {
  switch (m) {
    case Measure::weight:
      if (decimals < 0 || decimals > 6) return fail("vm.layout", "weight decimals must be 0-6");
      break;
    case Measure::price:
      if (decimals < -6 || decimals > 6) return fail("vm.layout", "price decimals must be -6..6");
      break;
    case Measure::count:
      if (decimals != 0) return fail("vm.layout", "count decimals must be 0");
      break;
  }
  return {};
}

// Adds the prefixes named by "NN" or "NN-MM" to `out` (a bit per prefix 20-29).
Status add_prefixes(std::string_view s, unsigned& out) {
  auto two = [](std::string_view t) -> int {
    if (t.size() != 2 || !all_digits(t)) return -1;
    return (t[0] - '0') * 10 + (t[1] - '0');
  };
  int lo = 0, hi = 0;
  if (s.size() == 2) {
    lo = hi = two(s);
  } else if (s.size() == 5 && s[2] == '-') {
    lo = two(s.substr(0, 2));
    hi = two(s.substr(3, 2));
  } else {
    lo = -1;
  }
  if (lo < 20 || hi > 29 || lo > hi)
    return fail("vm.layout", "prefixes must be \"NN\" or \"NN-MM\" within 20-29, got '" +
                                 std::string(s) + "'");
  for (int p = lo; p <= hi; ++p) {
    const unsigned bit = 1u << (p - 20);
    if (out & bit) return fail("vm.layout", "prefix " + std::to_string(p) + " is listed twice");
    out |= bit;
  }
  return {};
}

// Rules built in code rather than from a pattern are checked before use.
bool rule_in_bounds(const VariableMeasureRule& r) {
  auto inside = [](int off, int len) { return off >= 2 && len >= 1 && off + len <= 12; };
  if (!inside(r.item_offset, r.item_length) || !inside(r.value_offset, r.value_length)) return false;
  if (r.value_length > 10) return false;
  if (r.check_offset >= 0 && (r.check_offset < 2 || r.check_offset > 11 ||
                              (r.value_length != 4 && r.value_length != 5)))
    return false;
  return static_cast<bool>(check_decimals(r.measure, r.decimals));
}

}  // namespace

std::string_view measure_name(Measure m) {
  switch (m) {
    case Measure::weight: return "weight";
    case Measure::price: return "price";
    case Measure::count: return "count";
  }
  return "weight";
}

VariableMeasureLayout default_variable_measure_layout() {
  VariableMeasureLayout l;
  const VariableMeasureRule weight{2, 5, 7, 5, -1, Measure::weight, 3};
  const VariableMeasureRule price{2, 4, 6, 6, -1, Measure::price, 0};
  for (int p = 20; p <= 24; ++p) l.rules[static_cast<std::size_t>(p - 20)] = weight;
  for (int p = 25; p <= 29; ++p) l.rules[static_cast<std::size_t>(p - 20)] = price;
  return l;
}

Result<VariableMeasureRule> rule_from_pattern(std::string_view pattern, Measure measure,
                                              int decimals) {
  if (pattern.size() != 13)
    return fail("vm.layout", "pattern must have 13 characters, got " + std::to_string(pattern.size()));
  if (pattern.substr(0, 2) != "PP" || pattern[12] != 'C')
    return fail("vm.layout", "pattern must start with PP and end with C");
  VariableMeasureRule r;
  r.measure = measure;
  r.decimals = decimals;
  r.item_offset = r.value_offset = -1;
  r.item_length = r.value_length = 0;
  for (int i = 2; i < 12; ++i) {
    const char c = pattern[static_cast<std::size_t>(i)];
    const char prev = pattern[static_cast<std::size_t>(i - 1)];
    switch (c) {
      case 'I':
        if (r.item_offset >= 0 && prev != 'I') return fail("vm.layout", "item digits must be one run");
        if (r.item_offset < 0) r.item_offset = i;
        ++r.item_length;
        break;
      case 'V':
        if (r.value_offset >= 0 && prev != 'V') return fail("vm.layout", "value digits must be one run");
        if (r.value_offset < 0) r.value_offset = i;
        ++r.value_length;
        break;
      case 'K':
        if (r.check_offset >= 0) return fail("vm.layout", "only one K (value check digit)");
        r.check_offset = i;
        break;
      case 'X':
        break;
      default:
        return fail("vm.layout", std::string("unexpected pattern character '") + c +
                                     "' (use P, I, V, K, X, C)");
    }
  }
  if (r.item_length == 0) return fail("vm.layout", "pattern has no item digits (I)");
  if (r.value_length == 0) return fail("vm.layout", "pattern has no value digits (V)");
  if (r.value_length > 10) return fail("vm.layout", "at most 10 value digits");
  if (r.check_offset >= 0 && r.value_length != 4 && r.value_length != 5)
    return fail("vm.layout", "a value check digit (K) needs 4 or 5 value digits");
  if (auto st = check_decimals(measure, decimals); !st) return std::unexpected(st.error());
  return r;
}

std::string pattern_of(const VariableMeasureRule& r) {
  std::string p = "PPXXXXXXXXXXC";
  for (int i = 0; i < r.item_length; ++i) p[static_cast<std::size_t>(r.item_offset + i)] = 'I';
  for (int i = 0; i < r.value_length; ++i) p[static_cast<std::size_t>(r.value_offset + i)] = 'V';
  if (r.check_offset >= 0) p[static_cast<std::size_t>(r.check_offset)] = 'K';
  return p;
}

Result<VariableMeasureLayout> layout_from_json(const nlohmann::json& spec) {
  if (!spec.is_object() || !spec.contains("rules") || !spec["rules"].is_array())
    return fail("vm.layout", "expected an object with a \"rules\" array");
  VariableMeasureLayout layout;
  unsigned seen = 0;
  std::size_t index = 0;
  for (const auto& r : spec["rules"]) {
    const std::string where = "rule " + std::to_string(index++) + ": ";
    if (!r.is_object()) return fail("vm.layout", where + "not an object");
    auto str = [&](const char* key) -> std::optional<std::string> {
      if (!r.contains(key) || !r[key].is_string()) return std::nullopt;
      return r[key].get<std::string>();
    };
    const auto pattern = str("pattern");
    const auto measure_text = str("measure");
    if (!pattern || !measure_text)
      return fail("vm.layout", where + "needs \"pattern\" and \"measure\" strings");
    auto measure = measure_from(*measure_text);
    if (!measure) return fail("vm.layout", where + measure.error().detail);
    int decimals = *measure == Measure::weight ? 3 : 0;
    if (r.contains("decimals")) {
      if (!r["decimals"].is_number_integer())
        return fail("vm.layout", where + "\"decimals\" must be an integer");
      const auto d = r["decimals"].get<std::int64_t>();
      if (d < -6 || d > 6) return fail("vm.layout", where + "\"decimals\" out of range");
      decimals = static_cast<int>(d);
    }
    auto rule = rule_from_pattern(*pattern, *measure, decimals);
    if (!rule) return fail("vm.layout", where + rule.error().detail);
    unsigned mine = 0;
    if (!r.contains("prefixes")) return fail("vm.layout", where + "needs \"prefixes\"");
    const auto& pf = r["prefixes"];
    if (pf.is_string()) {
      if (auto st = add_prefixes(pf.get<std::string>(), mine); !st)
        return fail("vm.layout", where + st.error().detail);
    } else if (pf.is_array()) {
      for (const auto& one : pf) {
        if (!one.is_string()) return fail("vm.layout", where + "prefixes must be strings");
        if (auto st = add_prefixes(one.get<std::string>(), mine); !st)
          return fail("vm.layout", where + st.error().detail);
      }
    } else {
      return fail("vm.layout", where + "\"prefixes\" must be a string or a list");
    }
    if (seen & mine) return fail("vm.layout", where + "a prefix already has a rule");
    seen |= mine;
    for (int p = 20; p <= 29; ++p)
      if (mine & (1u << (p - 20))) layout.rules[static_cast<std::size_t>(p - 20)] = *rule;
  }
  return layout;
}

Result<VariableMeasureLayout> parse_layout(std::string_view json_text) {
  const auto spec = nlohmann::json::parse(json_text, nullptr, false);
  if (spec.is_discarded()) return fail("vm.layout", "not valid JSON");
  return layout_from_json(spec);
}

nlohmann::json layout_to_json(const VariableMeasureLayout& layout) {
  nlohmann::json rules = nlohmann::json::array();
  for (int p = 20; p <= 29; ++p) {
    const auto& r = layout.for_prefix(p);
    if (!r) continue;
    rules.push_back({{"prefixes", std::to_string(p)},
                     {"pattern", pattern_of(*r)},
                     {"measure", std::string(measure_name(r->measure))},
                     {"decimals", r->decimals}});
  }
  return {{"rules", rules}};
}

Result<VariableMeasure> parse_variable_measure(std::string_view ean13,
                                               const VariableMeasureLayout& layout) {
  if (auto st = validate_gtin(ean13, GtinKind::ean13); !st) return std::unexpected(st.error());
  const int prefix = (ean13[0] - '0') * 10 + (ean13[1] - '0');
  if (prefix < 20 || prefix > 29)
    return fail("vm.not_variable", "variable-measure codes start with 20-29");
  const auto& rule = layout.for_prefix(prefix);
  if (!rule) return fail("vm.no_rule", "no variable-measure rule for prefix " + std::to_string(prefix));
  if (!rule_in_bounds(*rule))
    return fail("vm.layout", "rule for prefix " + std::to_string(prefix) + " is out of bounds");
  const auto at = [&](int off, int len) {
    return ean13.substr(static_cast<std::size_t>(off), static_cast<std::size_t>(len));
  };
  const std::string_view value_digits = at(rule->value_offset, rule->value_length);
  if (rule->check_offset >= 0) {
    const int expected = *price_check_digit(value_digits);
    const int got = ean13[static_cast<std::size_t>(rule->check_offset)] - '0';
    if (expected != got)
      return fail("vm.bad_check_digit", "value check digit: expected " + std::to_string(expected) +
                                            ", got " + std::to_string(got));
  }
  VariableMeasure vm;
  vm.prefix = prefix;
  vm.item = std::string(at(rule->item_offset, rule->item_length));
  vm.measure = rule->measure;
  vm.decimals = rule->decimals;
  for (char c : value_digits) vm.value = vm.value * 10 + (c - '0');
  switch (rule->measure) {
    case Measure::weight:
      vm.weight_mg = vm.value * pow10(6 - rule->decimals);
      break;
    case Measure::price:
      if (rule->decimals <= 0) vm.price_vnd = vm.value * pow10(-rule->decimals);
      break;
    case Measure::count:
      vm.count = vm.value;
      break;
  }
  return vm;
}

Result<std::string> build_variable_measure(int prefix, std::string_view item, std::int64_t value,
                                           const VariableMeasureLayout& layout) {
  if (prefix < 20 || prefix > 29) return fail("vm.no_rule", "prefix must be 20-29");
  const auto& rule = layout.for_prefix(prefix);
  if (!rule) return fail("vm.no_rule", "no variable-measure rule for prefix " + std::to_string(prefix));
  if (!rule_in_bounds(*rule))
    return fail("vm.layout", "rule for prefix " + std::to_string(prefix) + " is out of bounds");
  if (item.size() != static_cast<std::size_t>(rule->item_length) || !all_digits(item))
    return fail("vm.item", "item must be " + std::to_string(rule->item_length) + " digits");
  if (value < 0 || value >= pow10(rule->value_length))
    return fail("vm.value", "value does not fit in " + std::to_string(rule->value_length) + " digits");
  std::string code(12, '0');
  code[0] = static_cast<char>('0' + prefix / 10);
  code[1] = static_cast<char>('0' + prefix % 10);
  for (int i = 0; i < rule->item_length; ++i)
    code[static_cast<std::size_t>(rule->item_offset + i)] = item[static_cast<std::size_t>(i)];
  std::int64_t v = value;
  for (int i = rule->value_length - 1; i >= 0; --i) {
    code[static_cast<std::size_t>(rule->value_offset + i)] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  if (rule->check_offset >= 0) {
    const int k = *price_check_digit(std::string_view(code).substr(
        static_cast<std::size_t>(rule->value_offset), static_cast<std::size_t>(rule->value_length)));
    code[static_cast<std::size_t>(rule->check_offset)] = static_cast<char>('0' + k);
  }
  return complete_gtin(code, GtinKind::ean13);
}

}  // namespace hp::codes
