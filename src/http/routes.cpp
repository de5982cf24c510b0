#include "tienbo/http/routes.hpp"

#include <memory>

#include "tienbo/auth/password.hpp"
#include "tienbo/core/log.hpp"
#include "tienbo/core/version.hpp"
#include "tienbo/http/json_body.hpp"
#include "tienbo/http/problem.hpp"
#include "tienbo/http/static_files.hpp"
#include "api_handlers.hpp"

namespace tienbo::http {

using core::append_json_string;

namespace {

// GET /healthz: 200 when the database answers, 503 otherwise.
Response get_health(services::SystemService& system, Request& req) {
  auto h = system.health();
  if (!h) return problem_response(h.error(), req);
  std::string b = "{\"status\":";
  append_json_string(b, h->status);
  b += ",\"database\":";
  append_json_string(b, h->database);
  b += ",\"schemaVersion\":";
  append_json_string(b, h->schema_version);
  b += ",\"version\":";
  append_json_string(b, h->version);
  b += '}';
  auto r = json_response(200, std::move(b));
  r.set_header("Cache-Control", "no-store");
  return r;
}

// GET /api/v1/version
Response get_version(Request&) {
  std::string b = "{\"name\":\"tienbo\",\"version\":";
  append_json_string(b, core::program_version());
  b += '}';
  return json_response(200, std::move(b));
}

// POST /api/v1/password-policy/check {"password": "...", "login": "..."}
// Lets a sign-up or change-password form tell the person what is wrong as they type.
Response check_password_policy(Request& req) {
  auto body = parse_json_object(req);
  if (!body) return problem_response(body.error(), req);
  auto password = string_field(*body, "password", true);
  if (!password) return problem_response(password.error(), req);
  auto login = string_field(*body, "login", false);
  if (!login) return problem_response(login.error(), req);
  auto verdict = auth::check_password_policy(*password, *login);
  std::string b = "{\"valid\":";
  b += verdict ? "true" : "false";
  if (!verdict) {
    b += ",\"message\":";
    append_json_string(b, verdict.error().message_vi);
    b += ",\"messageEn\":";
    append_json_string(b, verdict.error().message_en);
  }
  b += '}';
  return json_response(200, std::move(b));
}

// The analytics cube's gauges for /metrics.
void collect_analytics(services::AnalyticsService& analytics, std::string& out) {
  const auto st = analytics.status();
  const auto gauge = [&out](std::string_view name, std::string_view help, double value) {
    metric_header(out, name, "gauge", help);
    metric_sample(out, name, "", value);
  };
  gauge("tienbo_analytics_cube_values", "Values in the served analytics cube.", static_cast<double>(st.values));
  gauge("tienbo_analytics_cube_series", "Series (unit, element, option) in the served cube.", static_cast<double>(st.series));
  gauge("tienbo_analytics_cube_bytes", "Memory the served cube holds, in bytes.", static_cast<double>(st.bytes));
  gauge("tienbo_analytics_cube_units", "Units the served snapshot numbers.", static_cast<double>(st.units));
  gauge("tienbo_analytics_snapshot", "Number of the served snapshot (1 = the start-up build).", static_cast<double>(st.snapshot));
  const double age = st.snapshot == 0 ? 0
                                      : std::chrono::duration<double>(std::chrono::system_clock::now() - st.built_time).count();
  gauge("tienbo_analytics_snapshot_age_seconds",
        "Seconds since the served snapshot was swapped in (values committed since are applied to it at once).", age);
  gauge("tienbo_analytics_build_seconds", "How long the served snapshot took to build.", st.build_seconds);
  gauge("tienbo_analytics_rebuild_pending", "1 while a newer snapshot is scheduled or being built.", st.rebuild_pending ? 1 : 0);
  gauge("tienbo_analytics_deferred_values", "Committed values waiting for a snapshot that knows their unit or element.",
        static_cast<double>(st.deferred_values));
}

// GET /metrics: the Prometheus text format, for loopback or the bearer token; 404 for anyone else.
Response get_metrics(const Metrics& metrics, const MetricsAccess& access, Request& req) {
  if (!metrics_allowed(req, access)) {
    return problem_response(core::make_error(core::ErrorCode::NotFound, "không có tài nguyên " + req.path,
                                             "there is no resource at " + req.path),
                            req);
  }
  Response r;
  r.body = metrics.render();
  r.set_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace

void register_routes(Router& router, ApiServices& services, const std::optional<std::filesystem::path>& web_root,
                     const ApiOptions& options) {
  auto& system = services.system;
  router.add("GET", "/healthz", [&system](Request& r) { return get_health(system, r); }, Execution::Blocking);
  router.add("GET", "/api/v1/version", get_version, Execution::Inline);
  router.add("POST", "/api/v1/password-policy/check", check_password_policy, Execution::Inline);
  api::register_user_routes(router, services, options);
  api::register_unit_routes(router, services);
  api::register_committee_routes(router, services);
  api::register_audit_routes(router, services);
  api::register_report_routes(router, services, options);
  api::register_analytics_routes(router, services);
  api::register_inbox_routes(router, services);
  if (options.metrics) {
    auto& analytics = services.analytics;
    options.metrics->add_collector([&analytics](std::string& out) { collect_analytics(analytics, out); });
    router.add("GET", "/metrics", [metrics = options.metrics, access = options.metrics_access](Request& r) {
      return get_metrics(*metrics, access, r);
    }, Execution::Inline);
  }
  if (web_root) {
    auto files = std::make_shared<StaticFiles>(*web_root);
    router.set_fallback([files](Request& r) { return files->serve(r); });
  }
}

}  // namespace tienbo::http
