#include "server/dash/dash_admin.hpp"

#include <charconv>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "server/auth/clerks.hpp"
#include "server/auth/staff.hpp"
#include "server/dash/agents.hpp"
#include "server/dash/publish.hpp"
#include "server/dash/schema.hpp"
#include "server/dash/staff_changes.hpp"
#include "server/dash/trace.hpp"
#include "server/dash/units.hpp"
#include "shared/clock.hpp"
#include "shared/ids.hpp"
#include "shared/text.hpp"

namespace hp::server::dash {
namespace {

using nlohmann::json;

int failed(std::ostream& err, const std::string& what) {
  err << "kiosk-server admin: " << what << "\n";
  return 1;
}
int failed(std::ostream& err, const Error& e) { return failed(err, e.code + ": " + e.detail); }

std::string flag(std::map<std::string, std::string>& flags, const char* name) {
  auto it = flags.find(name);
  return it == flags.end() ? std::string() : it->second;
}

// A whole number flag; nullopt when absent or not a number.
std::optional<std::int64_t> int_flag(std::map<std::string, std::string>& flags, const char* name) {
  const std::string v = flag(flags, name);
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || ec != std::errc() || p != v.data() + v.size()) return std::nullopt;
  return n;
}

// Sales agents (docs/agents.md), audited as the command line's changes.
int run_agent_command(const std::string& cmd, std::map<std::string, std::string>& flags, SqlDb& db, std::ostream& out,
                      std::ostream& err) {
  const Clock clock;
  const Actor who{kCliActor, clock.now()};
  AgentStore agents(db);
  if (cmd == "agent list") {
    auto all = agents.list();
    if (!all) return failed(err, all.error());
    for (const auto& a : *all) out << agent_line(a).dump() << "\n";
    return 0;
  }
  if (cmd == "agent report") {
    auto period = make_period(flag(flags, "--from"), flag(flags, "--to"), clock.now());
    if (!period) return failed(err, period.error());
    auto rows = agent_report(db, *period, std::nullopt);
    if (!rows) return failed(err, rows.error());
    for (const auto& c : *rows) out << credit_line(c).dump() << "\n";
    return 0;
  }
  Result<SalesAgent> r = fail("agent.invalid", "");
  if (cmd == "agent add") {
    const auto bp = int_flag(flags, "--commission-bp");
    if (!bp) return failed(err, "agent add --code DL-NNNN --name NAME --phone DIGITS --commission-bp N (500 = 5 %)");
    IdGenerator ids(clock);
    r = agents.add({ids.next(), flag(flags, "--code"), flag(flags, "--name"), flag(flags, "--phone"), *bp, false}, who);
  } else if (cmd == "agent rate") {
    const auto bp = int_flag(flags, "--commission-bp");
    if (!bp) return failed(err, "agent rate --code DL-NNNN --commission-bp N (500 = 5 %)");
    r = agents.set_rate(flag(flags, "--code"), *bp, who);
  } else if (cmd == "agent disable") {
    r = agents.disable(flag(flags, "--code"), who);
  } else {
    return failed(err, "agent add, agent list, agent rate, agent disable or agent report");
  }
  if (!r) return failed(err, r.error());
  out << agent_line(*r).dump() << "\n";
  return 0;
}

Result<UnitFile> read_unit_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return fail("units.io", "cannot read " + path);
  json doc = json::parse(in, nullptr, false);
  if (doc.is_discarded()) return fail("units.invalid", path + " is not JSON");
  return parse_unit_file(doc);
}

}  // namespace

bool is_dash_command(const std::string& word) {
  return word == "staff" || word == "units" || word == "product" || word == "clerk" || word == "agent";
}

std::string default_assets_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto beside = exe.parent_path().parent_path() / "share" / "haiphong-kiosk" / "assets";
    if (std::filesystem::exists(beside / "web", ec)) return beside.string();
  }
  return HP_SOURCE_ASSETS;
}

int load_units_if_empty(const std::string& data_dir, const std::string& db_url, const std::string& assets_dir,
                        std::ostream& err) {
  auto db = open_sql(data_dir, db_url);
  if (!db) return failed(err, db.error());
  if (auto s = ensure_schema(**db); !s) return failed(err, s.error());
  auto n = (*db)->query("SELECT count(*) FROM dash_units");
  if (!n) return failed(err, n.error());
  if (to_int((*n)[0][0]) > 0) return 0;
  auto file = read_unit_file((std::filesystem::path(assets_dir) / "units" / "haiphong.json").string());
  if (!file) return failed(err, file.error());
  // The dashboard's copy only: the demo kiosks keep the demo's units (shared/demo), the same
  // on both sides; `units load` publishes to kiosks.
  if (auto s = store_units(**db, *file, false); !s) return failed(err, s.error());
  return 0;
}

int run_dash_admin(const std::vector<std::string>& words, std::map<std::string, std::string>& flags, std::istream& in,
                   std::ostream& out, std::ostream& err) {
  auto db = open_sql(flags["--data"], flag(flags, "--db"));
  if (!db) return failed(err, db.error());
  if (auto s = ensure_schema(**db); !s) return failed(err, s.error());
  const std::string cmd = words[0] + (words.size() > 1 ? " " + words[1] : "");
  const Clock clock;
  auth::StaffStore staff(**db);

  if (cmd == "staff add" || cmd == "staff password") {
    // The password comes on stdin, never on the command line (ps and shell history see that).
    std::string password;
    std::getline(in, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (cmd == "staff password") {
      if (auto s = staff.set_password(flag(flags, "--username"), password); !s) return failed(err, s.error());
      out << json{{"username", flag(flags, "--username")}, {"password_set", true}}.dump() << "\n";
      return 0;
    }
    IdGenerator ids(clock);
    auto s = add_staff(staff, **db,
                       {flag(flags, "--username"), to_nfc(trim(flag(flags, "--name"))), flag(flags, "--role"),
                        flag(flags, "--unit"), flag(flags, "--post-office")},
                       password, ids.next(), Actor{kCliActor, clock.now()});
    if (!s) return failed(err, s.error());
    out << auth::to_json(*s).dump() << "\n";
    return 0;
  }
  // The counter's accounts (docs/clerks.md). The PIN comes on stdin, never on the command line.
  if (cmd == "clerk add" || cmd == "clerk pin") {
    std::string pin;
    std::getline(in, pin);
    if (!pin.empty() && pin.back() == '\r') pin.pop_back();
    auth::ClerkStore clerks(**db);
    Result<auth::CounterClerk> r = fail("clerk.invalid", "");
    if (cmd == "clerk pin") {
      r = clerks.set_pin(flag(flags, "--id"), pin, clock.now());
    } else {
      IdGenerator ids(clock);
      r = clerks.add({ids.next(), flag(flags, "--post-office"), flag(flags, "--name"), flag(flags, "--role"),
                      flag(flags, "--badge"), false},
                     pin, clock.now());
    }
    if (!r) return failed(err, r.error());
    out << auth::clerk_line(*r).dump() << "\n";
    return 0;
  }
  if (cmd == "clerk list" || cmd == "clerk disable") {
    auth::ClerkStore clerks(**db);
    if (cmd == "clerk disable") {
      auto r = clerks.disable(flag(flags, "--id"), clock.now());
      if (!r) return failed(err, r.error());
      out << auth::clerk_line(*r).dump() << "\n";
      return 0;
    }
    auto all = clerks.list(flag(flags, "--post-office"));
    if (!all) return failed(err, all.error());
    for (const auto& c : *all) out << auth::clerk_line(c).dump() << "\n";
    return 0;
  }
  if (words[0] == "agent") return run_agent_command(cmd, flags, **db, out, err);
  if (cmd == "staff list") {
    auto all = staff.accounts();
    if (!all) return failed(err, all.error());
    for (const auto& s : *all) out << auth::to_json(s).dump() << "\n";
    return 0;
  }
  if (cmd == "units load") {
    std::string path = flag(flags, "--file");
    if (path.empty()) path = (std::filesystem::path(default_assets_dir()) / "units" / "haiphong.json").string();
    auto file = read_unit_file(path);
    if (!file) return failed(err, file.error());
    if (auto s = store_units(**db, *file, true); !s) return failed(err, s.error());
    out << json{{"units", file->units.size()}, {"links", file->links.size()}}.dump() << "\n";
    return 0;
  }
  if (cmd == "units list") {
    auto t = UnitTree::load(**db);
    if (!t) return failed(err, t.error());
    for (const auto& [id, u] : t->all())
      out << json{{"id", id}, {"code", u.code.empty() ? json(nullptr) : json(u.code)}, {"kind", u.kind},
                  {"name", u.name}, {"parent_id", u.parent_id.empty() ? json(nullptr) : json(u.parent_id)},
                  {"valid_from", u.valid_from.empty() ? json(nullptr) : json(u.valid_from)},
                  {"valid_to", u.valid_to.empty() ? json(nullptr) : json(u.valid_to)}}
                 .dump()
          << "\n";
    return 0;
  }
  if (cmd == "product gtin") {
    const std::string id = flag(flags, "--product"), gtin = flag(flags, "--gtin");
    if (id.empty() || !valid_gtin14(gtin)) return failed(err, "product gtin --product ID --gtin GTIN-14 (check digit included)");
    Status s = (*db)->transaction([&]() -> Status {
      auto rows = (*db)->query("SELECT data FROM products WHERE id = ?1 OR sku = ?1", {id});
      if (!rows) return std::unexpected(rows.error());
      if (rows->empty()) return fail("product.unknown", "no product " + id);
      json rec = json::parse(to_text((*rows)[0][0]));
      rec["gtin"] = gtin;
      const std::string pid = rec["id"].get<std::string>();
      if (auto r = (*db)->exec("UPDATE products SET data = ?1 WHERE id = ?2", {rec.dump(), pid}); !r) return r;
      return publish_change(**db, "*", "product", pid, rec);
    });
    if (!s) return failed(err, s.error());
    out << json{{"product", id}, {"gtin", gtin}}.dump() << "\n";
    return 0;
  }
  return failed(err, "unknown command '" + cmd + "'");
}

}  // namespace hp::server::dash
