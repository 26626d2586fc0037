// The audit log from the controller's side (docs/audit.md): what a clerk did that the log
// must show is appended on the store worker, like every other write. A failure to log is shown,
// since an action the log misses is one nobody can trace.
#include "kiosk/app/ask_store.hpp"
#include "kiosk/app/controller.hpp"
#include "kiosk/store/store.hpp"

namespace hp::app {

void Controller::audit(std::string action, std::string subject, std::string detail) {
  store::AuditRecord entry{.id = ids_.next(), .at = clock_.now(), .actor = clerk_id(), .action = std::move(action),
                           .subject = std::move(subject), .detail = std::move(detail)};
  ask_store([entry = std::move(entry)](store::Store& st) { return st.audit(entry); },
            [](Controller& c, Status s) {
              if (!s) c.notify_error(s.error());
            });
}

void Controller::kick_drawer(std::string subject, std::string detail) {
  if (!devices_.printer) return;
  kicks_.push_back(Kick{std::move(subject), std::move(detail)});
  devices_.printer->request_drawer_kick();
}

}  // namespace hp::app
