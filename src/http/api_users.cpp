// /api/v1/session, /api/v1/me, /api/v1/users
#include "api_common.hpp"
#include "api_handlers.hpp"

namespace tienbo::http::api {
namespace {

namespace json = boost::json;

json::object user_json(const services::UserView& v) {
  json::array roles;
  for (const auto& [role, unit] : v.roles) roles.push_back(json::object{{"role", role}, {"unit", unit}});
  return json::object{{"login", v.user.login},
                      {"displayName", v.user.display_name},
                      {"email", v.user.email},
                      {"unit", v.unit_code},
                      {"disabled", v.user.disabled},
                      {"mustChangePassword", v.user.must_change_password},
                      {"passwordChangedAt", v.user.password_changed_at},
                      {"roles", std::move(roles)}};
}

std::string session_cookie(const std::string& value, long long max_age, bool secure) {
  std::string c = std::string(kSessionCookie) + "=" + value +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (secure) c += "; Secure";
  return c;
}

//! Behind TLS: --secure-cookies, or a trusted proxy says so (from anyone else the header is
//! the client's own word, which would make a plain-HTTP cookie claim what it is not).
bool over_tls(const Request& req, const ApiOptions& o) {
  return o.secure_cookies || (req.from_trusted_proxy && iequals(req.header("X-Forwarded-Proto"), "https"));
}

}  // namespace

// POST /api/v1/session {"login","password"} -> 200 {user, csrfToken, expiresAt} + session cookie
Response sign_in(Api& s, Request& req) {
  auto body = parse_json_object(req);
  if (!body) return problem(body.error(), req);
  auto login = string_field(*body, "login", true);
  if (!login) return problem(login.error(), req);
  auto password = string_field(*body, "password", true);
  if (!password) return problem(password.error(), req);
  auto result =
      s.sessions.sign_in(*login, *password, req.remote, std::string(req.header("User-Agent")), req.request_id);
  if (!result) return problem(result.error(), req);  // with Retry-After when throttled
  auto me = s.users.me(result->principal);
  if (!me) return problem(me.error(), req);
  auto r = reply(
      200,
      json::object{{"user", user_json(*me)}, {"csrfToken", result->csrf_token}, {"expiresAt", result->expires_at}});
  r.set_header("Set-Cookie",
               session_cookie(result->token, s.sessions.options().absolute_timeout.count(), over_tls(req, s.options)));
  return r;
}

// DELETE /api/v1/session -> 204, cookie cleared
Response sign_out(Api& s, Request& req, const Principal& p) {
  auto done = s.sessions.sign_out(p);
  if (!done) return problem(done.error(), req);
  auto r = no_content();
  r.set_header("Set-Cookie", session_cookie("", 0, over_tls(req, s.options)));
  return r;
}

// GET /api/v1/me -> the signed-in user, with the CSRF token for the page
Response get_me(Api& s, Request& req, const Principal& p) {
  auto me = s.users.me(p);
  if (!me) return problem(me.error(), req);
  auto abilities = s.users.abilities(p);
  if (!abilities) return problem(abilities.error(), req);
  json::object o = user_json(*me);
  o["csrfToken"] = p.csrf_token;
  json::array can;
  for (const auto a : *abilities) can.emplace_back(a);
  o["abilities"] = std::move(can);
  return reply(200, o);
}

// PUT /api/v1/me/password {"currentPassword","newPassword"} -> 204
Response change_my_password(Api& s, Request& req, const Principal& p) {
  auto body = parse_json_object(req);
  if (!body) return problem(body.error(), req);
  auto current = string_field(*body, "currentPassword", true);
  if (!current) return problem(current.error(), req);
  auto next = string_field(*body, "newPassword", true);
  if (!next) return problem(next.error(), req);
  auto done = s.users.change_password(p, *current, *next);
  if (!done) return problem(done.error(), req);
  return no_content();
}

// GET /api/v1/me/notifications?unread=true&limit=
Response list_notifications(Api& s, Request& req, const Principal& p) {
  auto limit = query_int(req, "limit", 50, 1, 500);
  if (!limit) return problem(limit.error(), req);
  auto list = s.notifications.list(p, query(req, "unread") == "true", *limit);
  if (!list) return problem(list.error(), req);
  json::array arr;
  for (const auto& n : *list) {
    arr.push_back(json::object{{"id", n.id},
                               {"kind", n.kind},
                               {"title", n.title_vi},
                               {"titleEn", n.title_en},
                               {"link", n.link},
                               {"createdAt", n.created_at},
                               {"readAt", n.read_at ? json::value(*n.read_at) : json::value(nullptr)}});
  }
  return reply(200, json::object{{"notifications", std::move(arr)}});
}

// POST /api/v1/me/notifications/{id}/read
Response mark_notification_read(Api& s, Request& req, const Principal& p) {
  auto id = path_id(req, "id", "thông báo", "notification");
  if (!id) return problem(id.error(), req);
  auto done = s.notifications.mark_read(p, *id);
  if (!done) return problem(done.error(), req);
  return no_content();
}

// GET /api/v1/users?limit=
Response list_users(Api& s, Request& req, const Principal& p) {
  auto limit = query_int(req, "limit", 500, 1, 5000);
  if (!limit) return problem(limit.error(), req);
  auto list = s.users.list(p, *limit);
  if (!list) return problem(list.error(), req);
  json::array arr;
  for (const auto& u : *list) arr.push_back(user_json(u));
  return reply(200, json::object{{"users", std::move(arr)}});
}

// POST /api/v1/users {"login","displayName","email","role","unit","password"} -> 201
Response create_user(Api& s, Request& req, const Principal& p) {
  auto body = parse_json_object(req);
  if (!body) return problem(body.error(), req);
  services::AddUserCommand cmd;
  for (auto [field, target, required] :
       {std::tuple{"login", &cmd.login, true}, std::tuple{"displayName", &cmd.display_name, false},
        std::tuple{"email", &cmd.email, false}, std::tuple{"role", &cmd.role, true},
        std::tuple{"unit", &cmd.unit_code, true}, std::tuple{"password", &cmd.password, true}}) {
    auto v = string_field(*body, field, required);
    if (!v) return problem(v.error(), req);
    *target = std::move(*v);
  }
  auto made = s.users.create(p, cmd);
  if (!made) return problem(made.error(), req);
  return reply(201, user_json(*made));
}

// GET /api/v1/users/{login}
Response get_user(Api& s, Request& req, const Principal& p) {
  auto u = s.users.get(p, std::string(req.param("login")));
  if (!u) return problem(u.error(), req);
  return reply(200, user_json(*u));
}

// PUT /api/v1/users/{login} {"displayName","email","disabled"}
Response update_user(Api& s, Request& req, const Principal& p) {
  auto body = parse_json_object(req);
  if (!body) return problem(body.error(), req);
  services::UpdateUserCommand cmd;
  if (body->contains("displayName")) {
    auto v = string_field(*body, "displayName", true);
    if (!v) return problem(v.error(), req);
    cmd.display_name = std::move(*v);
  }
  if (body->contains("email")) {
    auto v = string_field(*body, "email", true);
    if (!v) return problem(v.error(), req);
    cmd.email = std::move(*v);
  }
  auto disabled = bool_field(*body, "disabled");
  if (!disabled) return problem(disabled.error(), req);
  cmd.disabled = *disabled;
  auto u = s.users.update(p, std::string(req.param("login")), cmd);
  if (!u) return problem(u.error(), req);
  return reply(200, user_json(*u));
}

// POST /api/v1/users/{login}/password {"newPassword"} -> 204 (administrator reset)
Response reset_password(Api& s, Request& req, const Principal& p) {
  auto body = parse_json_object(req);
  if (!body) return problem(body.error(), req);
  auto next = string_field(*body, "newPassword", true);
  if (!next) return problem(next.error(), req);
  auto done = s.users.reset_password(p, std::string(req.param("login")), *next);
  if (!done) return problem(done.error(), req);
  return no_content();
}

// POST /api/v1/users/{login}/roles {"role","unit"}
Response grant_role(Api& s, Request& req, const Principal& p) {
  auto body = parse_json_object(req);
  if (!body) return problem(body.error(), req);
  auto role = string_field(*body, "role", true);
  if (!role) return problem(role.error(), req);
  auto unit = string_field(*body, "unit", true);
  if (!unit) return problem(unit.error(), req);
  auto u = s.users.grant(p, std::string(req.param("login")), *role, *unit);
  if (!u) return problem(u.error(), req);
  return reply(200, user_json(*u));
}

// DELETE /api/v1/users/{login}/roles/{role}/{unit}
Response revoke_role(Api& s, Request& req, const Principal& p) {
  auto u = s.users.revoke(p, std::string(req.param("login")), std::string(req.param("role")),
                          std::string(req.param("unit")));
  if (!u) return problem(u.error(), req);
  return reply(200, user_json(*u));
}

}  // namespace tienbo::http::api
