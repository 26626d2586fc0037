// kioskctl pickup show CODE | pickup unlock CODE [--by NAME]  [--data DIR]
// The technician's view of an order at this counter, and the release of an order locked after
// too many wrong phone digits. The release is written to the outbox ("order.unlocked", with
// who released it), so the centre sees every one. Runs beside a running kiosk: the store is
// SQLite in WAL mode, and a write waits for the kiosk's.
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "kiosk/store/store.hpp"
#include "shared/clock.hpp"
#include "shared/ids.hpp"
#include "tools/kioskctl/commands.hpp"
#include "tools/kioskctl/output.hpp"

namespace hp::ctl {

namespace {

nlohmann::json order_json(const Order& o) {
  return {{"id", o.id},
          {"pickup_code", o.pickup_code},
          {"status", to_string(o.status)},
          {"buyer_name", o.buyer_name},
          {"phone_attempts", o.phone_attempts},
          {"locked", o.locked}};
}

}  // namespace

int cmd_pickup(const Args& args) {
  std::string data = default_data_dir(), by = "kioskctl";
  Args rest;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--data" && i + 1 < args.size()) data = args[++i];
    else if (args[i] == "--by" && i + 1 < args.size()) by = args[++i];
    else rest.push_back(args[i]);
  }
  if (rest.size() != 2 || (rest[0] != "show" && rest[0] != "unlock")) {
    std::fputs("usage: kioskctl pickup show CODE | pickup unlock CODE [--by NAME]  [--data DIR]\n", stderr);
    return 2;
  }
  auto store = store::Store::open(data + "/kiosk.db");
  if (!store) return report_error(store.error());
  if (rest[0] == "show") {
    auto o = store->order_by_pickup_code(rest[1]);
    if (!o) return report_error(o.error());
    if (!*o) return report_error(Error{"pickup.not_found", "no order with pickup code " + rest[1]});
    std::puts(order_json(**o).dump().c_str());
    return 0;
  }
  Clock clock;
  IdGenerator ids(clock);
  auto o = store->unlock_order(rest[1], ids.next(), by, clock.now(), ids.next());
  if (!o) return report_error(o.error());
  std::puts(order_json(*o).dump().c_str());
  return 0;
}

}  // namespace hp::ctl
