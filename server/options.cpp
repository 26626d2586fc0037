#include "server/options.hpp"

#include <charconv>
#include <optional>

namespace hp::server {

Result<Options> parse_serve_options(const std::vector<std::string>& args) {
  Options o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    if (a == "--demo") {
      o.demo = true;
    } else if (a == "--no-demo-history") {
      o.demo_history = false;
    } else if (a == "--data" || a == "--listen" || a == "--db" || a == "--assets") {
      auto v = value();
      if (!v) return fail("options.invalid", a + " needs a value");
      if (a == "--data") o.data_dir = *v;
      if (a == "--db") o.db_url = *v;
      if (a == "--assets") o.assets_dir = *v;
      if (a == "--listen") {
        const auto colon = v->rfind(':');
        if (colon == std::string::npos || colon == 0) return fail("options.invalid", "--listen takes HOST:PORT");
        o.host = v->substr(0, colon);
        const std::string p = v->substr(colon + 1);
        int port = -1;
        auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
        if (ec != std::errc() || ptr != p.data() + p.size() || port < 0 || port > 65535)
          return fail("options.invalid", "--listen: bad port '" + p + "'");
        o.port = port;
      }
    } else if (a == "--seen-flush-ms") {
      auto v = value();
      int ms = 0;
      if (!v) return fail("options.invalid", "--seen-flush-ms needs a value");
      auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), ms);
      if (ec != std::errc() || ptr != v->data() + v->size() || ms < 100 || ms > 600'000)
        return fail("options.invalid", "--seen-flush-ms: 100 to 600000");
      o.seen_flush_ms = ms;
    } else if (a == "--fail-sync") {
      auto v = value();
      const auto colon = v ? v->find(':') : std::string::npos;
      if (colon == std::string::npos) return fail("options.invalid", "--fail-sync takes STATUS:COUNT");
      int status = 0, count = -1;
      const std::string st = v->substr(0, colon), n = v->substr(colon + 1);
      auto [p1, e1] = std::from_chars(st.data(), st.data() + st.size(), status);
      auto [p2, e2] = std::from_chars(n.data(), n.data() + n.size(), count);
      if (e1 != std::errc() || p1 != st.data() + st.size() || e2 != std::errc() || p2 != n.data() + n.size() ||
          (status != 500 && status != 503) || count < 0)
        return fail("options.invalid", "--fail-sync: STATUS is 500 or 503, COUNT a number >= 0");
      o.fail_status = status;
      o.fail_count = count;
    } else {
      return fail("options.invalid", "unknown argument '" + a + "'");
    }
  }
  if (o.data_dir.empty()) return fail("options.invalid", "--data DIR is required");
  return o;
}

}  // namespace hp::server
