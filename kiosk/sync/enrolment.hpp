#pragma once
// The kiosk's enrolment with a centre: traded once for a one-time code (docs/PROTOCOL.md, 2)
// and kept in the store's settings; the CA it was given is copied into the data folder and is
// the only one trusted from then on.
#include <optional>
#include <string>

#include "kiosk/store/store.hpp"
#include "shared/result.hpp"

namespace hp::sync {

struct Enrolment {
  std::string url;
  std::string kiosk_id;
  std::string credential;  // the bearer token ("hpk_..."); the centre keeps only its hash
  std::string post_office_id;
  std::string post_office_name;
  std::string ca_path;     // <data>/tls/centre-ca.pem
};

// The enrolment kept in the store, or nullopt when the kiosk never enrolled.
Result<std::optional<Enrolment>> load_enrolment(store::Store& store);

struct EnrolRequest {
  std::string data_dir, url, code, ca_file, name, app_version;
};
// Trades the code for a credential over HTTPS pinned to ca_file and keeps the result (nothing
// is kept when it fails). Errors: "sync.bad_url", "sync.no_ca", "sync.unreachable",
// "sync.wrong_ca", "sync.tls", "sync.timeout", the centre's own ("enrol.code_unknown",
// "enrol.code_used", "enrol.code_expired"), "sync.bad_answer".
Result<Enrolment> enrol(store::Store& store, const EnrolRequest& request);
// What went wrong, in a sentence for the person at the command line.
std::string enrol_message(const Error& e, const EnrolRequest& request);

}  // namespace hp::sync
