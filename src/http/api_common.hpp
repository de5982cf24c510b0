#pragma once
// Private helpers for the API handlers: the authentication wrapper every
// signed-in route goes through, query parameters and JSON rendering.

#include <boost/json.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tienbo/http/json_body.hpp"
#include "tienbo/http/problem.hpp"
#include "tienbo/http/routes.hpp"

namespace tienbo::http::api {

using SecuredHandler = std::function<Response(Request&, const services::Principal&)>;

enum class AllowWhilePasswordChange : bool { No, Yes };

//! Wraps a handler: reads the session cookie, authenticates through
//! SessionService, requires X-CSRF-Token on unsafe methods, and holds back users
//! who must change their password first. The handler gets the Principal.
Handler secured(ApiServices& s, SecuredHandler handler, AllowWhilePasswordChange allow = AllowWhilePasswordChange::No);

//! The value of cookie `name` in the Cookie header, or empty.
std::string cookie_value(const Request& req, std::string_view name);

inline constexpr std::string_view kSessionCookie = "tienbo_session";

Response reply(unsigned status, const boost::json::value& v);
Response no_content();
//! The actions a resource's reader may take, as the services answered them (reports, committees).
boost::json::array actions_json(const std::vector<std::string_view>& actions);
inline Response problem(const core::Error& e, const Request& r) { return problem_response(e, r); }

//! A query parameter, or `fallback` when absent.
std::string query(const Request& req, std::string_view name, std::string fallback = {});
//! An integer query parameter; 422 naming it when malformed.
//! An integer query parameter within [min, max] (both documented in docs/openapi.yaml);
//! `fallback` when absent; 422 naming the parameter and the range otherwise.
core::Result<std::int64_t> query_int(const Request& req, std::string_view name, std::int64_t fallback, std::int64_t min,
                                     std::int64_t max);
//! A path parameter parsed as a positive id; 404 when malformed.
core::Result<std::int64_t> path_id(const Request& req, std::string_view name, std::string_view what_vi,
                                   std::string_view what_en);

//! Optional typed members of a JSON body; 422 naming the field when the type is wrong.
core::Result<std::optional<bool>> bool_field(const boost::json::object& o, std::string_view field);
core::Result<std::vector<std::int64_t>> id_array_field(const boost::json::object& o, std::string_view field);

//! An evidence file as a download (type, RFC 6266 name, nosniff, no shared caching).
Response evidence_file(store::EvidenceRecord e);

}  // namespace tienbo::http::api
