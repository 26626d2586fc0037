#pragma once
// The data-management page's HTTP side (/dash/manage and /api/v1/dash/manage/...,
// docs/dashboard.md "Data management"): post offices, kiosks and enrolment codes, staff
// accounts, prices with effective dates, farmers, indicators and the audit trail. Who may do
// what: admin everything; city prices, indicators and targets, farmers, the audit trail;
// district, commune and post office staff their own scope's farmers.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <initializer_list>
#include <optional>
#include <string>

#include "server/auth/staff.hpp"
#include "server/dash/audit.hpp"
#include "server/dash/sql.hpp"
#include "shared/clock.hpp"
#include "shared/ids.hpp"

namespace hp::server::dash {

class Dashboard;

class ManageApi {
 public:
  ManageApi(Dashboard& dash, SqlDb& db, const Clock& clock) : dash_(dash), db_(db), clock_(clock), staff_(db), ids_(clock) {}
  void install(httplib::Server& server);

 private:
  struct Call {
    auth::Session session;
    nlohmann::json body;  // the JSON object sent (state-changing calls), else null
    Actor who;
  };
  // The signed-in session, of one of `roles`; for a state-changing call also the CSRF check
  // and a JSON object body. nullopt with the 401, 403, 415 or 400 sent.
  std::optional<Call> begin(const httplib::Request& req, httplib::Response& res, std::initializer_list<const char*> roles,
                            bool changes);

  void page(const httplib::Request& req, httplib::Response& res);
  void post_offices(const httplib::Request& req, httplib::Response& res);
  void add_post_office(const httplib::Request& req, httplib::Response& res);
  void edit_post_office(const httplib::Request& req, httplib::Response& res);
  void kiosks(const httplib::Request& req, httplib::Response& res);
  void enrol_code(const httplib::Request& req, httplib::Response& res);
  void revoke(const httplib::Request& req, httplib::Response& res);
  void staff_list(const httplib::Request& req, httplib::Response& res);
  void staff_add(const httplib::Request& req, httplib::Response& res);
  void staff_role(const httplib::Request& req, httplib::Response& res);
  void staff_disable(const httplib::Request& req, httplib::Response& res);
  void prices(const httplib::Request& req, httplib::Response& res);
  void schedule_price(const httplib::Request& req, httplib::Response& res);
  void cancel_price(const httplib::Request& req, httplib::Response& res);
  void farmers(const httplib::Request& req, httplib::Response& res);
  void edit_farmer(const httplib::Request& req, httplib::Response& res);
  void indicators(const httplib::Request& req, httplib::Response& res);
  void add_indicator(const httplib::Request& req, httplib::Response& res);
  void edit_indicator(const httplib::Request& req, httplib::Response& res);
  void audit(const httplib::Request& req, httplib::Response& res);

  Dashboard& dash_;
  SqlDb& db_;
  const Clock& clock_;
  auth::StaffStore staff_;
  IdGenerator ids_;
};

}  // namespace hp::server::dash
