#pragma once
// Private: the API's handlers, by the resource file that holds them. The route table
// (routes.cpp) is the one place that gives each its method, path, authentication and thread.

#include <memory>
#include <optional>

#include "api_common.hpp"

namespace tienbo::http {
class ReportCache;
}

namespace tienbo::http::api {

using services::Principal;

//! What every handler may use: the services, the API's options and the rendered reports kept in
//! memory. One per router, alive as long as it.
struct Api : ApiServices {
  Api(ApiServices services, ApiOptions opts);
  ApiOptions options;
  std::shared_ptr<ReportCache> report_cache;
};

//! A handler for anyone (it decides itself whom to answer) and one for a signed-in caller.
using OpenHandler = Response (*)(Api&, Request&);
using SignedInHandler = Response (*)(Api&, Request&, const Principal&);
//! A first try on the I/O thread, without the database: the answer, or nullopt for the handler.
using KeptAnswer = std::optional<Response> (*)(Api&, Request&);

// api_system.cpp
Response get_health(Api&, Request&);
Response get_version(Api&, Request&);
Response check_password_policy(Api&, Request&);
Response get_metrics(Api&, Request&);
void collect_analytics_metrics(services::AnalyticsService& analytics, std::string& out);

// api_users.cpp
Response sign_in(Api&, Request&);
Response sign_out(Api&, Request&, const Principal&);
Response get_me(Api&, Request&, const Principal&);
Response change_my_password(Api&, Request&, const Principal&);
Response list_notifications(Api&, Request&, const Principal&);
Response mark_notification_read(Api&, Request&, const Principal&);
Response list_users(Api&, Request&, const Principal&);
Response create_user(Api&, Request&, const Principal&);
Response get_user(Api&, Request&, const Principal&);
Response update_user(Api&, Request&, const Principal&);
Response reset_password(Api&, Request&, const Principal&);
Response grant_role(Api&, Request&, const Principal&);
Response revoke_role(Api&, Request&, const Principal&);

// api_units.cpp
Response search(Api&, Request&, const Principal&);
Response list_units(Api&, Request&, const Principal&);
Response create_unit(Api&, Request&, const Principal&);
Response get_unit(Api&, Request&, const Principal&);
Response update_unit(Api&, Request&, const Principal&);
Response list_ancestors(Api&, Request&, const Principal&);
Response list_descendants(Api&, Request&, const Principal&);
Response get_lineage(Api&, Request&, const Principal&);
Response get_rebased(Api&, Request&, const Principal&);

// api_committees.cpp
Response list_committees(Api&, Request&, const Principal&);
Response create_committee(Api&, Request&, const Principal&);
Response get_committee(Api&, Request&, const Principal&);
Response update_committee(Api&, Request&, const Principal&);
Response list_members(Api&, Request&, const Principal&);
Response add_member(Api&, Request&, const Principal&);
Response end_membership(Api&, Request&, const Principal&);
Response list_consolidations(Api&, Request&, const Principal&);
Response consolidate_committee(Api&, Request&, const Principal&);
Response get_committee_stats(Api&, Request&, const Principal&);

// api_audit.cpp
Response list_audit(Api&, Request&, const Principal&);

// api_reports.cpp
Response list_forms(Api&, Request&, const Principal&);
Response get_form(Api&, Request&, const Principal&);
Response put_deadline(Api&, Request&, const Principal&);
Response get_report(Api&, Request&, const Principal&);
std::optional<Response> get_kept_report(Api&, Request&);
Response save_report(Api&, Request&, const Principal&);
Response submit_report(Api&, Request&, const Principal&);
Response approve_report(Api&, Request&, const Principal&);
Response return_report(Api&, Request&, const Principal&);
Response reopen_report(Api&, Request&, const Principal&);
Response withdraw_report(Api&, Request&, const Principal&);
Response consolidate_report(Api&, Request&, const Principal&);
Response waive_children(Api&, Request&, const Principal&);
Response list_revisions(Api&, Request&, const Principal&);
Response get_diff(Api&, Request&, const Principal&);
Response get_completeness(Api&, Request&, const Principal&);
Response list_reports_due(Api&, Request&, const Principal&);

// api_evidence.cpp
Response attach_evidence(Api&, Request&, const Principal&);
Response list_evidence(Api&, Request&, const Principal&);
Response download_evidence(Api&, Request&, const Principal&);
Response delete_evidence(Api&, Request&, const Principal&);

// api_inbox.cpp
Response list_reports(Api&, Request&, const Principal&);
Response approve_reports(Api&, Request&, const Principal&);
Response send_reminders(Api&, Request&, const Principal&);

// api_analytics.cpp
Response list_indicators(Api&, Request&, const Principal&);
Response get_indicator(Api&, Request&, const Principal&);
Response put_unit_targets(Api&, Request&, const Principal&);
Response get_indicator_progress(Api&, Request&, const Principal&);
Response get_progress(Api&, Request&, const Principal&);
Response get_analytics(Api&, Request&, const Principal&);
Response list_official_values(Api&, Request&, const Principal&);
Response put_official_value(Api&, Request&, const Principal&);
Response delete_official_value(Api&, Request&, const Principal&);
Response get_analytics_status(Api&, Request&, const Principal&);

}  // namespace tienbo::http::api
