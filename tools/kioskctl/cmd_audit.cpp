// kioskctl audit list|verify [--data DIR]
// The counter's audit log (docs/audit.md): `list` prints every entry as one JSON line, oldest
// first; `verify` checks the hash chain and prints {"ok":true,"entries":N}, or the first entry
// where it breaks (exit 1): an edited, removed or inserted entry shows there.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "kiosk/store/store.hpp"
#include "shared/audit/audit_chain.hpp"
#include "tools/kioskctl/commands.hpp"
#include "tools/kioskctl/output.hpp"

namespace hp::ctl {

int cmd_audit(const Args& args) {
  std::string data = default_data_dir();
  Args rest;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--data" && i + 1 < args.size()) data = args[++i];
    else rest.push_back(args[i]);
  }
  if (rest.size() != 1 || (rest[0] != "list" && rest[0] != "verify")) {
    std::fputs("usage: kioskctl audit list|verify [--data DIR]\n", stderr);
    return 2;
  }
  auto store = store::Store::open(data + "/kiosk.db");
  if (!store) return report_error(store.error());
  std::vector<audit::Entry> all;
  for (std::int64_t after = 0;;) {
    auto page = store->audit_entries(after, 1000);
    if (!page) return report_error(page.error());
    if (page->empty()) break;
    after = page->back().seq;
    all.insert(all.end(), std::make_move_iterator(page->begin()), std::make_move_iterator(page->end()));
  }
  using nlohmann::json;
  if (rest[0] == "list") {
    for (const auto& e : all)
      std::puts(json{{"seq", e.seq}, {"id", e.id}, {"at", e.at}, {"actor", e.actor}, {"action", e.action},
                     {"subject", e.subject}, {"detail", e.detail}, {"hash", e.hash}}
                    .dump()
                    .c_str());
    return 0;
  }
  if (auto broken = audit::verify(all)) {
    std::puts(json{{"ok", false}, {"entries", all.size()}, {"break", {{"seq", broken->seq}, {"reason", broken->reason}}}}
                  .dump()
                  .c_str());
    return 1;
  }
  std::puts(json{{"ok", true}, {"entries", all.size()}}.dump().c_str());
  return 0;
}

}  // namespace hp::ctl
