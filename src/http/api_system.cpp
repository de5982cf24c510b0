// /healthz, /api/v1/version, /api/v1/password-policy/check, /metrics
#include <chrono>

#include "api_handlers.hpp"
#include "tienbo/auth/password.hpp"
#include "tienbo/core/version.hpp"

namespace tienbo::http::api {

namespace json = boost::json;

// GET /healthz: 200 when the database answers, 503 otherwise.
Response get_health(Api& s, Request& req) {
  auto h = s.system.health();
  if (!h) return problem(h.error(), req);
  return reply(200, json::object{{"status", h->status},
                                 {"database", h->database},
                                 {"schemaVersion", h->schema_version},
                                 {"version", h->version}});
}

// GET /api/v1/version
Response get_version(Api&, Request&) {
  return reply(200, json::object{{"name", "tienbo"}, {"version", core::program_version()}});
}

// POST /api/v1/password-policy/check {"password": "...", "login": "..."}
// Lets a sign-up or change-password form tell the person what is wrong as they type.
Response check_password_policy(Api&, Request& req) {
  auto body = parse_json_object(req);
  if (!body) return problem(body.error(), req);
  auto password = string_field(*body, "password", true);
  if (!password) return problem(password.error(), req);
  auto login = string_field(*body, "login", false);
  if (!login) return problem(login.error(), req);
  auto verdict = auth::check_password_policy(*password, *login);
  json::object o{{"valid", verdict.has_value()}};
  if (!verdict) {
    o["message"] = verdict.error().message_vi;
    o["messageEn"] = verdict.error().message_en;
  }
  return reply(200, o);
}

// GET /metrics: the Prometheus text format, for loopback or the bearer token; 404 for anyone else
// and when the server keeps no metrics.
Response get_metrics(Api& s, Request& req) {
  if (!s.options.metrics || !metrics_allowed(req, s.options.metrics_access)) {
    return problem(core::make_error(core::ErrorCode::NotFound, "không có tài nguyên " + req.path,
                                    "there is no resource at " + req.path),
                   req);
  }
  Response r;
  r.body = s.options.metrics->render();
  r.set_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  r.set_header("Cache-Control", "no-store");
  return r;
}

// The analytics cube's gauges for /metrics.
void collect_analytics_metrics(services::AnalyticsService& analytics, std::string& out) {
  const auto st = analytics.status();
  const auto gauge = [&out](std::string_view name, std::string_view help, double value) {
    metric_header(out, name, "gauge", help);
    metric_sample(out, name, "", value);
  };
  gauge("tienbo_analytics_cube_values", "Values in the served analytics cube.", static_cast<double>(st.values));
  gauge("tienbo_analytics_cube_series", "Series (unit, element, option) in the served cube.",
        static_cast<double>(st.series));
  gauge("tienbo_analytics_cube_bytes", "Memory the served cube holds, in bytes.", static_cast<double>(st.bytes));
  gauge("tienbo_analytics_cube_units", "Units the served snapshot numbers.", static_cast<double>(st.units));
  gauge("tienbo_analytics_snapshot", "Number of the served snapshot (1 = the start-up build).",
        static_cast<double>(st.snapshot));
  const double age =
      st.snapshot == 0 ? 0 : std::chrono::duration<double>(std::chrono::system_clock::now() - st.built_time).count();
  gauge("tienbo_analytics_snapshot_age_seconds",
        "Seconds since the served snapshot was swapped in (values committed since are applied to it at once).", age);
  gauge("tienbo_analytics_build_seconds", "How long the served snapshot took to build.", st.build_seconds);
  gauge("tienbo_analytics_rebuild_pending", "1 while a newer snapshot is scheduled or being built.",
        st.rebuild_pending ? 1 : 0);
  gauge("tienbo_analytics_deferred_values", "Committed values waiting for a snapshot that knows their unit or element.",
        static_cast<double>(st.deferred_values));
}

}  // namespace tienbo::http::api
