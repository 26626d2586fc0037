#include "kiosk/sync/enrolment.hpp"

#include <chrono>
#include <thread>

#include <filesystem>

#include "kiosk/sync/http.hpp"
#include "kiosk/sync/wire.hpp"

namespace hp::sync {
namespace {

constexpr const char* kUrl = "sync.url";
constexpr const char* kKioskId = "sync.kiosk_id";
constexpr const char* kCredential = "sync.credential";
constexpr const char* kPostOffice = "sync.post_office_id";
constexpr const char* kPostOfficeName = "sync.post_office_name";
constexpr const char* kCaPath = "sync.ca_path";

}  // namespace

Result<std::optional<Enrolment>> load_enrolment(store::Store& store) {
  Enrolment e;
  for (auto [key, field] : {std::pair{kUrl, &e.url}, {kKioskId, &e.kiosk_id}, {kCredential, &e.credential},
                            {kPostOffice, &e.post_office_id}, {kPostOfficeName, &e.post_office_name}, {kCaPath, &e.ca_path}}) {
    auto v = store.setting(key);
    if (!v) return std::unexpected(v.error());
    if (v->has_value()) *field = **v;
  }
  if (e.url.empty() || e.credential.empty()) return std::optional<Enrolment>();
  return std::optional<Enrolment>(std::move(e));
}

Result<Enrolment> enrol(store::Store& store, const EnrolRequest& r) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_regular_file(r.ca_file, ec)) return fail("sync.no_ca", "no CA file at " + r.ca_file);
  auto http = Http::open(r.url, r.ca_file, {}, HttpTimeouts{.connect_ms = 5'000, .read_ms = 15'000, .write_ms = 15'000});
  if (!http) return std::unexpected(http.error());
  auto answer = http->post("/api/v1/enrol", wire::enrol_body(r.code, r.name, r.app_version));
  // A 5xx is the centre's storage failing before its transaction committed (a busy database
  // at start-up): the code is still unused, so asking again cannot enrol twice. 4xx is final.
  for (int retry = 1; retry <= 4 && answer && answer->status >= 500; ++retry) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500 * retry));
    answer = http->post("/api/v1/enrol", wire::enrol_body(r.code, r.name, r.app_version));
  }
  if (!answer) return std::unexpected(answer.error());
  if (answer->status != 201 && answer->status != 200) return std::unexpected(wire::error_of(answer->status, answer->body));
  auto enrolled = wire::parse_enrolled(answer->body);
  if (!enrolled) return std::unexpected(enrolled.error());

  // The CA is copied beside the store, so the kiosk keeps trusting exactly it whatever happens
  // to the file it was given. Written to a temporary name and renamed: never half a file.
  const fs::path tls = fs::path(r.data_dir) / "tls";
  fs::create_directories(tls, ec);
  if (ec) return fail("sync.io", "cannot create " + tls.string() + ": " + ec.message());
  const fs::path ca = tls / "centre-ca.pem";
  const fs::path tmp = tls / "centre-ca.pem.tmp";
  fs::copy_file(r.ca_file, tmp, fs::copy_options::overwrite_existing, ec);
  if (!ec) fs::rename(tmp, ca, ec);
  if (ec) return fail("sync.io", "cannot keep the CA at " + ca.string() + ": " + ec.message());

  Enrolment e{.url = r.url, .kiosk_id = enrolled->kiosk_id, .credential = enrolled->credential,
              .post_office_id = enrolled->post_office_id, .post_office_name = enrolled->post_office_name,
              .ca_path = fs::absolute(ca, ec).string()};
  // A new enrolment starts from a full snapshot. Forgotten first: a cut before the credential
  // is kept leaves the old enrolment with a fresh pull, never the new one with an old cursor.
  if (auto s = store.forget_pull_cursor(); !s) return std::unexpected(s.error());
  // The credential last: load_enrolment sees an enrolment only once everything else is kept.
  for (auto [key, value] : {std::pair{kUrl, &e.url}, {kKioskId, &e.kiosk_id}, {kPostOffice, &e.post_office_id},
                            {kPostOfficeName, &e.post_office_name}, {kCaPath, &e.ca_path}, {kCredential, &e.credential}})
    if (auto s = store.set_setting(key, *value); !s) return std::unexpected(s.error());
  return e;
}

std::string enrol_message(const Error& e, const EnrolRequest& r) {
  const std::string& c = e.code;
  if (c == "sync.bad_url") return "'" + r.url + "' is not a centre address (https://HOST:PORT)";
  if (c == "sync.no_ca") return "there is no CA file at " + r.ca_file;
  if (c == "sync.unreachable" || c == "sync.timeout") return "cannot reach the centre at " + r.url;
  if (c == "sync.wrong_ca") return "the centre at " + r.url + " did not present a certificate from the CA in " + r.ca_file;
  if (c == "sync.tls") return "the secure connection to " + r.url + " failed";
  if (c == "enrol.code_unknown") return "the centre does not know this enrolment code";
  if (c == "enrol.code_used") return "this enrolment code was used already; ask for a new one";
  if (c == "enrol.code_expired") return "this enrolment code has expired; ask for a new one";
  if (c == "sync.bad_answer") return "the centre's answer could not be read";
  return "the centre refused the enrolment (" + c + (e.detail.empty() ? "" : ": " + e.detail) + ")";
}

}  // namespace hp::sync
