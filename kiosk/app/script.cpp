#include "kiosk/app/script.hpp"

#include <charconv>
#include <sstream>

#include "shared/text.hpp"

namespace hp::app {

namespace {

// "\x1D" or "<GS>" stand for the GS1 separator a scanner sends; "\\" is a backslash.
std::string unescape(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 4, "<GS>") == 0) {
      out.push_back('\x1D');
      i += 3;
    } else if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] == 'x') {
      unsigned v = 0;
      auto [p, ec] = std::from_chars(s.data() + i + 2, s.data() + i + 4, v, 16);
      if (ec == std::errc() && p == s.data() + i + 4) {
        out.push_back(static_cast<char>(v));
        i += 3;
      } else {
        out.push_back(s[i]);
      }
    } else if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '\\') {
      out.push_back('\\');
      ++i;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

Error syntax(int line, const std::string& what) { return Error{"script.syntax", "line " + std::to_string(line) + ": " + what}; }

}  // namespace

Result<std::vector<ScriptStep>> parse_script(const std::string& text) {
  std::vector<ScriptStep> steps;
  std::istringstream in(text);
  std::string raw;
  int line = 0;
  while (std::getline(in, raw)) {
    ++line;
    std::string l = trim(raw);
    if (l.empty() || l[0] == '#') continue;
    const auto sp = l.find(' ');
    const std::string verb = l.substr(0, sp);
    const std::string rest = sp == std::string::npos ? "" : trim(l.substr(sp + 1));
    ScriptStep s{ScriptStep::Kind::Quit, {}, 0, true, 0, line};
    if (verb == "scan" || verb == "scan_timed" || verb == "type") {
      if (rest.empty()) return std::unexpected(syntax(line, verb + " needs text"));
      s.kind = verb == "type" ? ScriptStep::Kind::Type : ScriptStep::Kind::Scan;
      s.timed = verb == "scan_timed";
      s.arg = to_nfc(unescape(rest));
    } else if (verb == "weigh") {
      std::istringstream ws(rest);
      std::string grams, mode;
      ws >> grams >> mode;
      // Grams may have up to three decimals ("12500", "850.5").
      std::int64_t mg = 0;
      bool neg = false;
      std::size_t i = 0;
      if (!grams.empty() && grams[0] == '-') {
        neg = true;
        i = 1;
      }
      int decimals = -1;
      for (; i < grams.size(); ++i) {
        const char c = grams[i];
        if (c == '.' && decimals < 0) {
          decimals = 0;
          continue;
        }
        if (c < '0' || c > '9' || decimals >= 3 || mg > 1'000'000'000'000) return std::unexpected(syntax(line, "weigh GRAMS [stable|moving]"));
        mg = mg * 10 + (c - '0');
        if (decimals >= 0) ++decimals;
      }
      if (grams.empty() || grams == "-") return std::unexpected(syntax(line, "weigh GRAMS [stable|moving]"));
      for (int d = decimals < 0 ? 0 : decimals; d < 3; ++d) mg *= 10;
      s.kind = ScriptStep::Kind::Weigh;
      s.mg = neg ? -mg : mg;
      if (mode.empty() || mode == "stable") s.stable = true;
      else if (mode == "moving") s.stable = false;
      else return std::unexpected(syntax(line, "weigh mode must be stable or moving"));
    } else if (verb == "tap") {
      if (rest.empty()) return std::unexpected(syntax(line, "tap CONTROL"));
      s.kind = ScriptStep::Kind::Tap;
      s.arg = rest;
    } else if (verb == "key") {
      if (rest != "enter" && rest != "tab" && rest != "backspace" && rest != "escape")
        return std::unexpected(syntax(line, "key enter|tab|backspace|escape"));
      s.kind = ScriptStep::Kind::Key;
      s.arg = rest;
    } else if (verb == "wait") {
      s.kind = ScriptStep::Kind::Wait;
      if (!rest.empty()) {
        auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), s.wait_ms);
        if (ec != std::errc() || p != rest.data() + rest.size() || s.wait_ms < 0 || s.wait_ms > 600'000)
          return std::unexpected(syntax(line, "wait [MILLISECONDS]"));
      }
    } else if (verb == "await") {
      if (rest.empty()) return std::unexpected(syntax(line, "await PATH"));
      s.kind = ScriptStep::Kind::Await;
      s.arg = rest;
    } else if (verb == "screenshot") {
      if (rest.empty()) return std::unexpected(syntax(line, "screenshot PATH"));
      s.kind = ScriptStep::Kind::Screenshot;
      s.arg = rest;
    } else if (verb == "customer_screenshot" || verb == "customer_dump") {
      if (rest.empty()) return std::unexpected(syntax(line, verb + " PATH"));
      s.kind = verb == "customer_dump" ? ScriptStep::Kind::CustomerDump : ScriptStep::Kind::CustomerScreenshot;
      s.arg = rest;
    } else if (verb == "dump") {
      if (rest.empty()) return std::unexpected(syntax(line, "dump PATH"));
      s.kind = ScriptStep::Kind::Dump;
      s.arg = rest;
    } else if (verb == "measure" && (rest == "begin" || rest == "end")) {
      s.kind = ScriptStep::Kind::Measure;
      s.arg = rest;
    } else if (verb == "measure") {
      auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), s.wait_ms);
      if (rest.empty() || ec != std::errc() || p != rest.data() + rest.size() || s.wait_ms < 1 || s.wait_ms > 100'000)
        return std::unexpected(syntax(line, "measure FRAMES|begin|end"));
      s.kind = ScriptStep::Kind::Measure;
    } else if (verb == "sign_in" || verb == "approve") {
      // Shorthand for the taps a clerk makes (docs/scripts.md): the account by name or badge,
      // each PIN digit on the pad, then the button. WHO may contain spaces; PIN is the last word.
      const auto last = rest.rfind(' ');
      const std::string who = last == std::string::npos ? "" : trim(rest.substr(0, last));
      const std::string pin = last == std::string::npos ? "" : rest.substr(last + 1);
      const bool digits = !pin.empty() && pin.find_first_not_of("0123456789") == std::string::npos;
      if (who.empty() || !digits) return std::unexpected(syntax(line, verb + " NAME_OR_BADGE PIN"));
      const bool signin = verb == "sign_in";
      auto tap = [&](std::string id) { steps.push_back(ScriptStep{ScriptStep::Kind::Tap, std::move(id), 0, true, 0, line}); };
      tap((signin ? "signin_as:" : "approver_as:") + to_nfc(who));
      for (char d : pin) tap(std::string(signin ? "pad_" : "sup_pad_") + d);
      tap(signin ? "signin_go" : "approve");
      continue;
    } else if (verb == "quit") {
      s.kind = ScriptStep::Kind::Quit;
    } else {
      return std::unexpected(syntax(line, "unknown step '" + verb + "'"));
    }
    steps.push_back(std::move(s));
  }
  return steps;
}

}  // namespace hp::app
