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
  api::register_report_routes(router, services);
  api::register_analytics_routes(router, services);
  if (web_root) {
    auto files = std::make_shared<StaticFiles>(*web_root);
    router.set_fallback([files](Request& r) { return files->serve(r); });
  }
}

}  // namespace tienbo::http
