#include "api_common.hpp"

#include <cctype>
#include <cstdio>

#include <charconv>

namespace tienbo::http::api {

using core::ErrorCode;
using core::fail;

std::string cookie_value(const Request& req, std::string_view name) {
  std::string_view header = req.header("Cookie");
  while (!header.empty()) {
    auto semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
  }
  return {};
}

Handler secured(ApiServices& s, SecuredHandler handler, AllowWhilePasswordChange allow) {
  return [&s, handler = std::move(handler), allow](Request& req) -> Response {
    auto principal = s.sessions.authenticate(cookie_value(req, kSessionCookie), req.request_id);
    if (!principal) return problem(principal.error(), req);
    const bool unsafe = req.method != "GET" && req.method != "HEAD" && req.method != "OPTIONS";
    if (unsafe) {
      auto csrf = services::SessionService::check_csrf(*principal, req.header("X-CSRF-Token"));
      if (!csrf) return problem(csrf.error(), req);
    }
    if (principal->must_change_password && allow == AllowWhilePasswordChange::No) {
      return problem(
          core::make_error(ErrorCode::PasswordChangeRequired,
                           "bạn cần đổi mật khẩu trước khi tiếp tục (PUT /api/v1/me/password)",
                           "you must change your password before going on (PUT /api/v1/me/password)", "password"),
          req);
    }
    return handler(req, *principal);
  };
}

Response reply(unsigned status, const boost::json::value& v) {
  auto r = json_response(status, boost::json::serialize(v));
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response no_content() {
  Response r;
  r.status = 204;
  r.set_header("Cache-Control", "no-store");
  return r;
}

boost::json::array actions_json(const std::vector<std::string_view>& actions) {
  boost::json::array out;
  out.reserve(actions.size());
  for (const auto a : actions) out.emplace_back(a);
  return out;
}

std::string query(const Request& req, std::string_view name, std::string fallback) {
  auto v = req.query_param(name);
  return v ? *v : std::move(fallback);
}

core::Result<std::int64_t> query_int(const Request& req, std::string_view name, std::int64_t fallback, std::int64_t min,
                                     std::int64_t max) {
  auto v = req.query_param(name);
  if (!v) return fallback;
  std::int64_t out = 0;
  auto res = std::from_chars(v->data(), v->data() + v->size(), out);
  if (res.ec != std::errc{} || res.ptr != v->data() + v->size()) {
    return fail(ErrorCode::InvalidValue,
                "tham số " + std::string(name) + " phải là số nguyên, không phải \"" + *v + "\"",
                "parameter " + std::string(name) + " must be an integer, not \"" + *v + "\"", std::string(name));
  }
  if (out < min || out > max) {
    const std::string range = std::to_string(min) + "–" + std::to_string(max);
    return fail(ErrorCode::InvalidValue, "tham số " + std::string(name) + " phải trong khoảng " + range,
                "parameter " + std::string(name) + " must be within " + range, std::string(name));
  }
  return out;
}

core::Result<std::int64_t> path_id(const Request& req, std::string_view name, std::string_view what_vi,
                                   std::string_view what_en) {
  std::string_view v = req.param(name);
  std::int64_t out = 0;
  auto res = std::from_chars(v.data(), v.data() + v.size(), out);
  if (res.ec != std::errc{} || res.ptr != v.data() + v.size() || out <= 0) {
    return fail(ErrorCode::NotFound, "không tìm thấy " + std::string(what_vi) + " " + std::string(v),
                "not found: " + std::string(what_en) + " " + std::string(v));
  }
  return out;
}

core::Result<std::optional<bool>> bool_field(const boost::json::object& o, std::string_view field) {
  const auto* v = o.if_contains(field);
  if (v == nullptr || v->is_null()) return std::optional<bool>{};
  if (!v->is_bool()) {
    return fail(ErrorCode::InvalidValue, "trường \"" + std::string(field) + "\" phải là true hoặc false",
                "field \"" + std::string(field) + "\" must be true or false", std::string(field));
  }
  return std::optional<bool>(v->as_bool());
}

core::Result<std::vector<std::int64_t>> id_array_field(const boost::json::object& o, std::string_view field) {
  std::vector<std::int64_t> out;
  const auto* v = o.if_contains(field);
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) {
    return fail(ErrorCode::InvalidValue, "trường \"" + std::string(field) + "\" phải là một mảng số",
                "field \"" + std::string(field) + "\" must be an array of numbers", std::string(field));
  }
  for (const auto& item : v->as_array()) {
    if (!item.is_int64()) {
      return fail(ErrorCode::InvalidValue, "trường \"" + std::string(field) + "\" chỉ chứa số nguyên",
                  "field \"" + std::string(field) + "\" must hold integers only", std::string(field));
    }
    out.push_back(item.as_int64());
  }
  return out;
}

// An evidence file as a download: its type, its name (RFC 6266 / 5987: the UTF-8 name
// percent-encoded, and a plain ASCII fallback), never sniffed, never cached by a shared cache.
Response evidence_file(store::EvidenceRecord e) {
  Response r;
  r.status = 200;
  r.body = std::move(e.content);
  r.set_header("Content-Type", e.content_type);
  std::string encoded;
  std::string ascii;
  for (char ch : e.file_name) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      encoded += static_cast<char>(c);
      ascii += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      encoded += buf;
      if (c < 0x80 || c >= 0xC0) ascii += '_';  // one '_' per character, not per byte
    }
  }
  r.set_header("Content-Disposition", "attachment; filename=\"" + (ascii.empty() ? std::string("evidence") : ascii) +
                                          "\"; filename*=UTF-8''" + encoded);
  r.set_header("X-Content-Type-Options", "nosniff");
  r.set_header("Cache-Control", "private, no-store");
  r.set_header("X-Content-SHA256", e.sha256);  // lower-case hex, as in the evidence list
  return r;
}

}  // namespace tienbo::http::api
