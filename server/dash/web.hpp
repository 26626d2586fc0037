#pragma once
// The dashboard's HTTP side on kiosk-server (docs/dashboard.md): static pages from
// assets/web, sign-in, the JSON API under /api/v1/dash/, server-rendered SVG charts and the
// public traceability page. Installed before the kiosk protocol's catch-all routes.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>

#include "server/auth/staff.hpp"
#include "server/dash/lots.hpp"
#include "server/dash/manage_web.hpp"
#include "server/dash/sql.hpp"
#include "shared/clock.hpp"
#include "shared/ids.hpp"

namespace hp::server::dash {

class Dashboard {
 public:
  Dashboard(SqlDb& db, const Clock& clock, std::string assets_dir)
      : db_(db), clock_(clock), assets_(std::move(assets_dir)), staff_(db), ids_(clock), lots_(db),
        manage_(*this, db, clock) {}
  void install(httplib::Server& server);

  // The signed-in session, or nullopt with 401 sent.
  std::optional<auth::Session> signed_in(const httplib::Request& req, httplib::Response& res);
  // A state-changing request: same origin and the session's CSRF token, or 403 sent.
  bool checked(const httplib::Request& req, httplib::Response& res, const auth::Session& s);
  // assets/web/NAME as a page, with the pages' headers.
  void page_file(const std::string& name, httplib::Response& res);

 private:
  void page(const httplib::Request& req, httplib::Response& res);
  void static_file(const httplib::Request& req, httplib::Response& res);
  void login(const httplib::Request& req, httplib::Response& res);
  void logout(const httplib::Request& req, httplib::Response& res);
  void me(const httplib::Request& req, httplib::Response& res);
  void get_overview(const httplib::Request& req, httplib::Response& res);
  void get_units(const httplib::Request& req, httplib::Response& res);
  void get_targets(const httplib::Request& req, httplib::Response& res);
  void put_target(const httplib::Request& req, httplib::Response& res);
  void chart(const httplib::Request& req, httplib::Response& res);
  void get_products(const httplib::Request& req, httplib::Response& res);
  void put_price(const httplib::Request& req, httplib::Response& res);
  void report(const httplib::Request& req, httplib::Response& res);
  void report_csv(const httplib::Request& req, httplib::Response& res);
  void trace(const httplib::Request& req, httplib::Response& res);
  void trace_short(const httplib::Request& req, httplib::Response& res);
  // Forecasts (docs/forecast.md).
  void get_forecast(const httplib::Request& req, httplib::Response& res);
  // Sales agents' credit (docs/agents.md).
  void get_agents(const httplib::Request& req, httplib::Response& res);
  // Operations (fleet): server/dash/web_ops.cpp.
  void install_ops(httplib::Server& server);
  void ops_page(const httplib::Request& req, httplib::Response& res);
  void ops_kiosks(const httplib::Request& req, httplib::Response& res);
  void ops_conflicts(const httplib::Request& req, httplib::Response& res);
  void ops_merge(const httplib::Request& req, httplib::Response& res);

  // The overview the request asks for (period, unit, post office) within the session's scope,
  // or nullopt with the 400, 403 or storage error sent.
  std::optional<nlohmann::json> scoped_overview(const httplib::Request& req, httplib::Response& res,
                                                const auth::Session& s);

  SqlDb& db_;
  const Clock& clock_;
  std::string assets_;
  auth::StaffStore staff_;
  IdGenerator ids_;
  LotIndex lots_;
  ManageApi manage_;
};

}  // namespace hp::server::dash
