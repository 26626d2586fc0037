// kioskctl sync status [--data DIR]: the kiosk's sync with the centre, as one JSON object: the
// enrolment (never the credential), the client's last phase, the unsent events and the age of
// the oldest, the dead letters and the conflicts kept for review.
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "kiosk/records/sync_status.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/sync/enrolment.hpp"
#include "tools/kioskctl/commands.hpp"
#include "tools/kioskctl/output.hpp"

namespace hp::ctl {

int cmd_sync(const Args& args) {
  if (args.empty() || args[0] != "status") {
    std::fputs("usage: kioskctl sync status [--data DIR]\n", stderr);
    return 2;
  }
  std::string data;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--data" && i + 1 < args.size()) {
      data = args[++i];
    } else {
      std::fprintf(stderr, "kioskctl sync status: unknown argument '%s'\n", args[i].c_str());
      return 2;
    }
  }
  if (data.empty()) data = default_data_dir();
  auto store = store::Store::open(data + "/kiosk.db");
  if (!store) return report_error(store.error());
  auto enrolment = sync::load_enrolment(*store);
  if (!enrolment) return report_error(enrolment.error());
  auto counts = store->sync_counts();
  if (!counts) return report_error(counts.error());
  auto rec = store->sync_record();
  if (!rec) return report_error(rec.error());
  auto dead = store->dead_letters(100);
  if (!dead) return report_error(dead.error());
  auto flags = store->sync_flags(100);
  if (!flags) return report_error(flags.error());

  using nlohmann::json;
  const UtcMillis now = Clock().now();
  json out = {{"enrolled", enrolment->has_value()},
              {"phase", rec->phase},
              {"reason_code", rec->reason_code},
              {"reason_detail", rec->reason_detail},
              {"offline_since_ms", rec->offline_since ? json(rec->offline_since) : json(nullptr)},
              {"unsent", counts->unsent},
              {"oldest_unsent_ms", counts->oldest_unsent_at ? json(*counts->oldest_unsent_at) : json(nullptr)},
              {"oldest_unsent_age_s", counts->oldest_unsent_at ? json((now - *counts->oldest_unsent_at) / 1000) : json(nullptr)},
              {"dead_letters_count", counts->dead},
              {"review_count", counts->flags},
              {"pull_cursor", rec->pull_cursor},
              {"last_push_ms", rec->last_push_at},
              {"last_pull_ms", rec->last_pull_at},
              {"clock_offset_ms", rec->clock_offset_ms},
              {"clock_warning", std::llabs(rec->clock_offset_ms) > sync::kClockWarnMs}};
  if (*enrolment) {
    const auto& e = **enrolment;
    out["url"] = e.url;
    out["kiosk_id"] = e.kiosk_id;
    out["post_office_id"] = e.post_office_id;
    out["post_office_name"] = e.post_office_name;
    out["ca"] = e.ca_path;
  }
  json letters = json::array();
  for (const auto& d : *dead)
    letters.push_back({{"seq", d.event.seq}, {"id", d.event.id}, {"kind", d.event.kind}, {"entity_id", d.event.entity_id},
                       {"code", d.code}, {"reason", d.reason}, {"at_ms", d.at}});
  out["dead_letters"] = std::move(letters);
  json review = json::array();
  for (const auto& f : *flags)
    review.push_back({{"kind", f.kind}, {"entity_id", f.entity_id}, {"other_id", f.other_id}, {"detail", f.detail}, {"at_ms", f.at}});
  out["review"] = std::move(review);
  std::puts(out.dump(-1, ' ', false, json::error_handler_t::replace).c_str());
  return 0;
}

}  // namespace hp::ctl
