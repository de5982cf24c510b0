// The route table: every route of tienbo in one place, each with its method, path, who may call it,
// where it runs and its handler (named functions in api_<resource>.cpp, declared in api_handlers.hpp).
// register_routes() wraps each signed-in row in the one authentication step (api::secured).
#include "tienbo/http/routes.hpp"

#include <algorithm>
#include <memory>
#include <string_view>

#include "api_handlers.hpp"
#include "report_cache.hpp"
#include "tienbo/http/static_files.hpp"

namespace tienbo::http {

namespace api {

Api::Api(ApiServices services, ApiOptions opts)
    : ApiServices(services),
      options(std::move(opts)),
      report_cache(
          std::make_shared<ReportCache>(ReportCache::Options{options.report_cache_ttl, options.report_cache_bytes})) {}

}  // namespace api

namespace {

using namespace api;  // NOLINT(google-build-using-namespace): the table names every handler
using enum Execution;

//! Who may call a route.
enum class Auth : std::uint8_t {
  Public,    //!< anyone; the handler decides itself (sign-in, health, /metrics with its own check)
  SignedIn,  //!< a session; X-CSRF-Token on unsafe methods; refused while a password change is due
  Pending,   //!< as SignedIn, and allowed while the password must still be changed
};

//! A row's handler: the kind of function says whether the route needs a signed-in caller.
struct HandlerRef {
  constexpr HandlerRef(OpenHandler f) : open(f), takes_caller(false) {}          // NOLINT(google-explicit-constructor)
  constexpr HandlerRef(SignedInHandler f) : signed_in(f), takes_caller(true) {}  // NOLINT(google-explicit-constructor)
  OpenHandler open = nullptr;
  SignedInHandler signed_in = nullptr;
  bool takes_caller;
};

struct RouteRow {
  std::string_view method;
  std::string_view path;
  Auth auth;
  Execution runs_on;  //!< Inline on the I/O thread, Blocking on the workers, Credentials on the hashing pool
  HandlerRef handler;
  KeptAnswer kept = nullptr;  //!< a Blocking route's first try on the I/O thread (router.hpp FastPath)
};

// clang-format off
constexpr RouteRow kRoutes[] = {
    // method    path                                                  auth            runs on      handler
    // api_system.cpp
    {"GET",    "/healthz",                                           Auth::Public,   Blocking,    get_health},
    {"GET",    "/api/v1/version",                                    Auth::Public,   Inline,      get_version},
    {"POST",   "/api/v1/password-policy/check",                      Auth::Public,   Inline,      check_password_policy},
    {"GET",    "/metrics",                                           Auth::Public,   Inline,      get_metrics},
    // api_users.cpp
    {"POST",   "/api/v1/session",                                    Auth::Public,   Credentials, sign_in},
    {"DELETE", "/api/v1/session",                                    Auth::Pending,  Blocking,    sign_out},
    {"GET",    "/api/v1/me",                                         Auth::Pending,  Blocking,    get_me},
    {"PUT",    "/api/v1/me/password",                                Auth::Pending,  Credentials, change_my_password},
    {"GET",    "/api/v1/me/notifications",                           Auth::Pending,  Blocking,    list_notifications},
    {"POST",   "/api/v1/me/notifications/{id}/read",                 Auth::Pending,  Blocking,    mark_notification_read},
    {"GET",    "/api/v1/users",                                      Auth::SignedIn, Blocking,    list_users},
    {"POST",   "/api/v1/users",                                      Auth::SignedIn, Blocking,    create_user},
    {"GET",    "/api/v1/users/{login}",                              Auth::SignedIn, Blocking,    get_user},
    {"PUT",    "/api/v1/users/{login}",                              Auth::SignedIn, Blocking,    update_user},
    {"POST",   "/api/v1/users/{login}/password",                     Auth::SignedIn, Credentials, reset_password},
    {"POST",   "/api/v1/users/{login}/roles",                        Auth::SignedIn, Blocking,    grant_role},
    {"DELETE", "/api/v1/users/{login}/roles/{role}/{unit}",          Auth::SignedIn, Blocking,    revoke_role},
    // api_units.cpp
    {"GET",    "/api/v1/search",                                     Auth::SignedIn, Blocking,    search},
    {"GET",    "/api/v1/units",                                      Auth::SignedIn, Blocking,    list_units},
    {"POST",   "/api/v1/units",                                      Auth::SignedIn, Blocking,    create_unit},
    {"GET",    "/api/v1/units/{code}",                               Auth::SignedIn, Blocking,    get_unit},
    {"PUT",    "/api/v1/units/{code}",                               Auth::SignedIn, Blocking,    update_unit},
    {"GET",    "/api/v1/units/{code}/ancestors",                     Auth::SignedIn, Blocking,    list_ancestors},
    {"GET",    "/api/v1/units/{code}/descendants",                   Auth::SignedIn, Blocking,    list_descendants},
    {"GET",    "/api/v1/units/{code}/lineage",                       Auth::SignedIn, Blocking,    get_lineage},
    {"GET",    "/api/v1/units/{code}/rebased",                       Auth::SignedIn, Blocking,    get_rebased},
    // api_committees.cpp
    {"GET",    "/api/v1/committees",                                 Auth::SignedIn, Blocking,    list_committees},
    {"POST",   "/api/v1/committees",                                 Auth::SignedIn, Blocking,    create_committee},
    {"GET",    "/api/v1/committees/{id}",                            Auth::SignedIn, Blocking,    get_committee},
    {"PUT",    "/api/v1/committees/{id}",                            Auth::SignedIn, Blocking,    update_committee},
    {"GET",    "/api/v1/committees/{id}/members",                    Auth::SignedIn, Blocking,    list_members},
    {"POST",   "/api/v1/committees/{id}/members",                    Auth::SignedIn, Blocking,    add_member},
    {"POST",   "/api/v1/committees/{id}/members/{member}/end",       Auth::SignedIn, Blocking,    end_membership},
    {"GET",    "/api/v1/committees/{id}/consolidations",             Auth::SignedIn, Blocking,    list_consolidations},
    {"POST",   "/api/v1/committees/{id}/consolidations",             Auth::SignedIn, Blocking,    consolidate_committee},
    {"GET",    "/api/v1/committees/{id}/stats",                      Auth::SignedIn, Blocking,    get_committee_stats},
    // api_audit.cpp
    {"GET",    "/api/v1/audit",                                      Auth::SignedIn, Blocking,    list_audit},
    // api_reports.cpp
    {"GET",    "/api/v1/forms",                                      Auth::SignedIn, Blocking,    list_forms},
    {"GET",    "/api/v1/forms/{code}",                               Auth::SignedIn, Blocking,    get_form},
    {"PUT",    "/api/v1/forms/{code}/deadlines/{unitType}",          Auth::SignedIn, Blocking,    put_deadline},
    {"GET",    "/api/v1/reports/{form}/{unit}/{period}",             Auth::SignedIn, Blocking,    get_report, get_kept_report},
    {"PUT",    "/api/v1/reports/{form}/{unit}/{period}",             Auth::SignedIn, Blocking,    save_report},
    {"POST",   "/api/v1/reports/{form}/{unit}/{period}/submit",      Auth::SignedIn, Blocking,    submit_report},
    {"POST",   "/api/v1/reports/{form}/{unit}/{period}/approve",     Auth::SignedIn, Blocking,    approve_report},
    {"POST",   "/api/v1/reports/{form}/{unit}/{period}/return",      Auth::SignedIn, Blocking,    return_report},
    {"POST",   "/api/v1/reports/{form}/{unit}/{period}/reopen",      Auth::SignedIn, Blocking,    reopen_report},
    {"POST",   "/api/v1/reports/{form}/{unit}/{period}/withdraw",    Auth::SignedIn, Blocking,    withdraw_report},
    {"POST",   "/api/v1/reports/{form}/{unit}/{period}/consolidate", Auth::SignedIn, Blocking,    consolidate_report},
    {"POST",   "/api/v1/reports/{form}/{unit}/{period}/waive-children", Auth::SignedIn, Blocking,    waive_children},
    {"GET",    "/api/v1/reports/{form}/{unit}/{period}/revisions",   Auth::SignedIn, Blocking,    list_revisions},
    {"GET",    "/api/v1/reports/{form}/{unit}/{period}/diff",        Auth::SignedIn, Blocking,    get_diff},
    {"GET",    "/api/v1/completeness",                               Auth::SignedIn, Blocking,    get_completeness},
    {"GET",    "/api/v1/me/reports-due",                             Auth::SignedIn, Blocking,    list_reports_due},
    // api_evidence.cpp
    {"POST",   "/api/v1/reports/{form}/{unit}/{period}/evidence",    Auth::SignedIn, Blocking,    attach_evidence},
    {"GET",    "/api/v1/reports/{form}/{unit}/{period}/evidence",    Auth::SignedIn, Blocking,    list_evidence},
    {"GET",    "/api/v1/evidence/{id}",                              Auth::SignedIn, Blocking,    download_evidence},
    {"DELETE", "/api/v1/evidence/{id}",                              Auth::SignedIn, Blocking,    delete_evidence},
    // api_inbox.cpp
    {"GET",    "/api/v1/reports",                                    Auth::SignedIn, Blocking,    list_reports},
    {"POST",   "/api/v1/reports/approvals",                          Auth::SignedIn, Blocking,    approve_reports},
    {"POST",   "/api/v1/completeness/reminders",                     Auth::SignedIn, Blocking,    send_reminders},
    // api_analytics.cpp
    {"GET",    "/api/v1/indicators",                                 Auth::SignedIn, Blocking,    list_indicators},
    {"GET",    "/api/v1/indicators/{code}",                          Auth::SignedIn, Blocking,    get_indicator},
    {"PUT",    "/api/v1/indicators/{code}/targets/{unit}",           Auth::SignedIn, Blocking,    put_unit_targets},
    {"GET",    "/api/v1/indicators/{code}/progress",                 Auth::SignedIn, Blocking,    get_indicator_progress},
    {"GET",    "/api/v1/progress",                                   Auth::SignedIn, Blocking,    get_progress},
    {"GET",    "/api/v1/analytics",                                  Auth::SignedIn, Blocking,    get_analytics},
    {"GET",    "/api/v1/official-values",                            Auth::SignedIn, Blocking,    list_official_values},
    {"PUT",    "/api/v1/official-values/{element}/{unit}/{period}",  Auth::SignedIn, Blocking,    put_official_value},
    {"DELETE", "/api/v1/official-values/{element}/{unit}/{period}",  Auth::SignedIn, Blocking,    delete_official_value},
    {"GET",    "/api/v1/analytics/status",                           Auth::SignedIn, Blocking,    get_analytics_status},
};
// clang-format on

//! A public route has an open handler, a signed-in one a handler that takes the caller.
constexpr bool consistent(const RouteRow& r) { return (r.auth == Auth::Public) != r.handler.takes_caller; }
static_assert(std::all_of(std::begin(kRoutes), std::end(kRoutes), consistent),
              "every route's authentication must match its handler's kind");

Handler handler_of(const std::shared_ptr<Api>& api, const RouteRow& row) {
  if (!row.handler.takes_caller) {
    return [api, fn = row.handler.open](Request& req) { return fn(*api, req); };
  }
  const auto allow = row.auth == Auth::Pending ? AllowWhilePasswordChange::Yes : AllowWhilePasswordChange::No;
  return secured(
      *api, [api, fn = row.handler.signed_in](Request& req, const Principal& p) { return fn(*api, req, p); }, allow);
}

}  // namespace

void register_routes(Router& router, ApiServices& services, const std::optional<std::filesystem::path>& web_root,
                     const ApiOptions& options) {
  auto api = std::make_shared<Api>(services, options);
  for (const auto& row : kRoutes) {
    if (row.kept != nullptr) {  // only Blocking routes have a first try on the I/O thread (router.hpp)
      router.add(std::string(row.method), std::string(row.path), handler_of(api, row),
                 [api, fn = row.kept](Request& req) { return fn(*api, req); });
    } else {
      router.add(std::string(row.method), std::string(row.path), handler_of(api, row), row.runs_on);
    }
  }
  if (options.metrics) {
    // Weakly held: the Api holds the options, which hold the metrics (a strong hold would be a cycle).
    const std::weak_ptr<Api> held = api;
    options.metrics->add_collector([held](std::string& out) {
      if (auto a = held.lock()) a->report_cache->write_metrics(out);
    });
    options.metrics->add_collector([held](std::string& out) {
      if (auto a = held.lock()) collect_analytics_metrics(a->analytics, out);
    });
  }
  if (web_root) {
    auto files = std::make_shared<StaticFiles>(*web_root);
    router.set_fallback([files](Request& r) { return files->serve(r); });
  }
}

}  // namespace tienbo::http
