#include "server/admin/admin.hpp"

#include <charconv>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "server/api/bank.hpp"
#include "server/crypto.hpp"
#include "server/dash/dash_admin.hpp"
#include "server/storage/storage.hpp"
#include "shared/clock.hpp"

namespace hp::server {
namespace {

using nlohmann::json;

constexpr std::int64_t kDefaultTtlSeconds = 24 * 3600;

int failed(std::ostream& err, const std::string& what) {
  err << "kiosk-server admin: " << what << "\n";
  return 1;
}

int failed(std::ostream& err, const Error& e) { return failed(err, e.code + ": " + e.detail); }

}  // namespace

int run_admin(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::map<std::string, std::string> flags;
  std::vector<std::string> words;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i].starts_with("--")) {
      if (i + 1 >= args.size()) return failed(err, args[i] + " needs a value");
      flags[args[i]] = args[i + 1];
      ++i;
    } else {
      words.push_back(args[i]);
    }
  }
  if (!flags.contains("--data")) return failed(err, "--data DIR is required");
  if (words.empty()) return failed(err, "which command? post-offices, post-office add, enrol-code, api-key add, "
                                        "events, kiosks, revoke, bank-key add, bank-notifications, staff, units, product gtin");
  if (dash::is_dash_command(words[0])) return dash::run_dash_admin(words, flags, std::cin, out, err);
  auto storage = open_storage(flags["--data"], flags.contains("--db") ? flags["--db"] : "");
  if (!storage) return failed(err, storage.error());
  Storage& st = **storage;
  const Clock clock;
  const std::string cmd = words[0] + (words.size() > 1 ? " " + words[1] : "");

  if (cmd == "post-offices") {
    auto pos = st.post_offices();
    if (!pos) return failed(err, pos.error());
    for (const auto& p : *pos) out << json{{"id", p.id}, {"name", p.name}, {"unit_id", p.unit_id}}.dump() << "\n";
    return 0;
  }
  if (cmd == "post-office add") {
    if (!flags.contains("--id") || !flags.contains("--name")) return failed(err, "post-office add --id ID --name NAME");
    PostOfficeInfo po{flags["--id"], flags["--name"], flags.contains("--unit") ? flags["--unit"] : ""};
    if (auto s = st.add_post_office(po); !s) return failed(err, s.error());
    out << json{{"id", po.id}, {"name", po.name}, {"unit_id", po.unit_id}}.dump() << "\n";
    return 0;
  }
  if (words[0] == "enrol-code") {
    if (!flags.contains("--post-office")) return failed(err, "enrol-code --post-office ID");
    std::int64_t ttl = kDefaultTtlSeconds;
    if (flags.contains("--ttl-seconds")) {
      const std::string& v = flags["--ttl-seconds"];
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), ttl);
      if (ec != std::errc() || p != v.data() + v.size() || ttl < 0) return failed(err, "--ttl-seconds takes N >= 0");
    }
    const std::string code = make_enrol_code();
    const UtcMillis expires = clock.now() + ttl * 1000;
    if (auto s = st.add_enrol_code(sha256_hex(normalize_enrol_code(code)), flags["--post-office"], expires); !s)
      return failed(err, s.error());
    out << json{{"post_office_id", flags["--post-office"]}, {"expires_at", expires}}.dump() << "\n" << code << "\n";
    return 0;
  }
  if (cmd == "api-key add") {
    if (!flags.contains("--name") || flags["--name"].empty()) return failed(err, "api-key add --name NAME");
    const std::string key = "hpa_" + random_token(32);
    if (auto s = st.add_api_key(flags["--name"], sha256_hex(key), clock.now()); !s) return failed(err, s.error());
    out << json{{"name", flags["--name"]}}.dump() << "\n" << key << "\n";
    return 0;
  }
  if (cmd == "bank-key add") {
    if (!flags.contains("--name")) return failed(err, "bank-key add --name NAME");
    auto key = add_bank_key(bank_keys_path(flags["--data"]), flags["--name"]);
    if (!key) return failed(err, key.error());
    out << json{{"name", flags["--name"]}, {"file", bank_keys_path(flags["--data"])}}.dump() << "\n" << *key << "\n";
    return 0;
  }
  if (cmd == "bank-notifications") {
    auto rows = st.bank_notifications();
    if (!rows) return failed(err, rows.error());
    for (const auto& r : *rows) out << r.dump() << "\n";
    return 0;
  }
  if (cmd == "events") {
    auto events = st.events();
    if (!events) return failed(err, events.error());
    for (const auto& e : *events)
      out << json{{"id", e.id},
                  {"kiosk_id", e.kiosk_id},
                  {"kind", e.kind},
                  {"entity_id", e.entity_id},
                  {"kiosk_seq", e.kiosk_seq},
                  {"schema_version", e.schema_version},
                  {"kiosk_time_ms", e.kiosk_time_ms},
                  {"received_seq", e.received_seq},
                  {"received_at", e.received_at}}
                 .dump()
          << "\n";
    return 0;
  }
  if (cmd == "kiosks") {
    auto ks = st.kiosks();
    if (!ks) return failed(err, ks.error());
    for (const auto& k : *ks)
      out << json{{"id", k.id},
                  {"post_office_id", k.post_office_id},
                  {"name", k.name},
                  {"enrolled_at", k.enrolled_at},
                  {"revoked", k.revoked_at.has_value()},
                  {"revoked_at", k.revoked_at ? json(*k.revoked_at) : json(nullptr)},
                  {"state", k.state},
                  {"state_at", k.state_at ? json(*k.state_at) : json(nullptr)}}
                 .dump()
          << "\n";
    return 0;
  }
  if (cmd == "revoke") {
    if (!flags.contains("--kiosk")) return failed(err, "revoke --kiosk ID");
    if (auto s = st.revoke(flags["--kiosk"], clock.now()); !s) return failed(err, s.error());
    out << json{{"kiosk_id", flags["--kiosk"]}, {"revoked", true}}.dump() << "\n";
    return 0;
  }
  return failed(err, "unknown command '" + cmd + "'");
}

}  // namespace hp::server
