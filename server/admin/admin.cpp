#include "server/admin/admin.hpp"

#include <charconv>
#include <iostream>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "server/api/bank.hpp"
#include "server/crypto.hpp"
#include "server/dash/dash_admin.hpp"
#include "server/dash/offices.hpp"
#include "server/dash/schema.hpp"
#include "server/storage/storage.hpp"
#include "shared/clock.hpp"

namespace hp::server {
namespace {

using nlohmann::json;

int failed(std::ostream& err, const std::string& what) {
  err << "kiosk-server admin: " << what << "\n";
  return 1;
}

int failed(std::ostream& err, const Error& e) { return failed(err, e.code + ": " + e.detail); }

bool is_fleet_command(const std::string& cmd) {
  return cmd == "post-offices" || cmd == "post-office add" || cmd == "post-office edit" || cmd.starts_with("enrol-code") ||
         cmd == "kiosks" || cmd.starts_with("revoke");
}

int run_fleet_command(const std::string& cmd, std::map<std::string, std::string>& flags, dash::SqlDb& db,
                      const dash::Actor& who, std::ostream& out, std::ostream& err) {
  auto po_line = [](const dash::PostOffice& p) { return json{{"id", p.id}, {"name", p.name}, {"unit_id", p.unit_id}}; };
  if (cmd == "post-offices") {
    auto pos = dash::load_post_offices(db);
    if (!pos) return failed(err, pos.error());
    for (const auto& p : *pos) out << po_line(p).dump() << "\n";
    return 0;
  }
  if (cmd == "post-office add") {
    if (!flags.contains("--id") || !flags.contains("--name")) return failed(err, "post-office add --id ID --name NAME");
    auto po = dash::add_post_office(db, {flags["--id"], flags["--name"], flags.contains("--unit") ? flags["--unit"] : ""}, who);
    if (!po) return failed(err, po.error());
    out << po_line(*po).dump() << "\n";
    return 0;
  }
  if (cmd == "post-office edit") {
    if (!flags.contains("--id") || !flags.contains("--name"))
      return failed(err, "post-office edit --id ID --name NAME [--unit UNIT_ID]");
    auto unit = flags.contains("--unit") ? std::optional<std::string>(flags["--unit"]) : std::nullopt;
    auto po = dash::edit_post_office(db, flags["--id"], flags["--name"], unit, who);
    if (!po) return failed(err, po.error());
    out << po_line(*po).dump() << "\n";
    return 0;
  }
  if (cmd.starts_with("enrol-code")) {
    if (!flags.contains("--post-office")) return failed(err, "enrol-code --post-office ID");
    std::int64_t ttl = dash::kDefaultEnrolTtlSeconds;
    if (flags.contains("--ttl-seconds")) {
      const std::string& v = flags["--ttl-seconds"];
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), ttl);
      if (ec != std::errc() || p != v.data() + v.size() || ttl < 0) return failed(err, "--ttl-seconds takes N >= 0");
    }
    auto code = dash::issue_enrol_code(db, flags["--post-office"], ttl, who);
    if (!code) return failed(err, code.error());
    out << json{{"post_office_id", code->post_office_id}, {"expires_at", code->expires_at}}.dump() << "\n"
        << code->code << "\n";
    return 0;
  }
  if (cmd == "kiosks") {
    auto ks = dash::list_kiosks(db);
    if (!ks) return failed(err, ks.error());
    for (const auto& k : *ks) out << k.dump() << "\n";
    return 0;
  }
  // revoke
  if (!flags.contains("--kiosk")) return failed(err, "revoke --kiosk ID");
  auto k = dash::revoke_kiosk(db, flags["--kiosk"], who);
  if (!k) return failed(err, k.error());
  out << json{{"kiosk_id", flags["--kiosk"]}, {"revoked", true}}.dump() << "\n";
  return 0;
}

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
                                        "events, kiosks, revoke, bank-key add, bank-notifications, staff, clerk, agent, units, product gtin");
  if (dash::is_dash_command(words[0])) return dash::run_dash_admin(words, flags, std::cin, out, err);
  auto storage = open_storage(flags["--data"], flags.contains("--db") ? flags["--db"] : "");
  if (!storage) return failed(err, storage.error());
  Storage& st = **storage;
  const Clock clock;
  const std::string cmd = words[0] + (words.size() > 1 ? " " + words[1] : "");

  // Post offices, enrolment codes and kiosks: the same functions as the data-management
  // page (server/dash/offices.hpp), audited as the command line's changes.
  if (is_fleet_command(cmd)) {
    auto db = dash::open_sql(flags["--data"], flags.contains("--db") ? flags["--db"] : "");
    if (!db) return failed(err, db.error());
    if (auto s = dash::ensure_schema(**db); !s) return failed(err, s.error());
    return run_fleet_command(cmd, flags, **db, dash::Actor{dash::kCliActor, clock.now()}, out, err);
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
  if (cmd == "event") {
    if (!flags.contains("--id")) return failed(err, "event --id EVENT_ID");
    auto payload = st.event_payload(flags["--id"]);
    if (!payload) return failed(err, payload.error());
    if (!*payload) return failed(err, "no event " + flags["--id"]);
    out << **payload << "\n";
    return 0;
  }
  if (cmd == "notifications") {
    auto rows = st.notifications();
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
  return failed(err, "unknown command '" + cmd + "'");
}

}  // namespace hp::server
