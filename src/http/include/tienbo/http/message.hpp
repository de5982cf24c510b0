#pragma once
// HTTP request and response as plain values. Handlers see only these types;
// Boost.Beast stays inside server.cpp so handler files compile quickly.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tienbo/core/error.hpp"

namespace tienbo::http {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;                                      //!< "GET", "POST", ...
  std::string target;                                      //!< raw request target, e.g. "/api/v1/units?parent=VN"
  std::string path;                                        //!< percent-decoded path, e.g. "/api/v1/units"
  std::vector<std::pair<std::string, std::string>> query;  //!< decoded query parameters, in order
  HeaderList headers;
  std::string body;
  std::string request_id;
  std::string remote;               //!< the client's address: the TCP peer, or behind a trusted proxy the forwarded one
  std::string peer;                 //!< the TCP peer's address
  bool from_trusted_proxy = false;  //!< the peer is inside --trusted-proxy: its X-Forwarded-* headers are believed
  std::string_view route;           //!< the matched route's template ("/api/v1/units/{code}"), "static" or empty
  std::map<std::string, std::string, std::less<>> params;  //!< path parameters from the route pattern

  //! Header value by case-insensitive name; empty if absent.
  [[nodiscard]] std::string_view header(std::string_view name) const;
  [[nodiscard]] std::optional<std::string> query_param(std::string_view name) const;
  [[nodiscard]] std::string_view param(std::string_view name) const;
};

struct Response {
  unsigned status = 200;
  HeaderList headers;
  std::string body;

  void set_header(std::string name, std::string value);
  [[nodiscard]] std::string_view header(std::string_view name) const;
};

//! Case-insensitive ASCII comparison for header names.
bool iequals(std::string_view a, std::string_view b);

//! Decodes %XX escapes (and '+' as space when `plus_as_space`). Returns
//! nullopt on a malformed escape or an encoded NUL.
std::optional<std::string> percent_decode(std::string_view s, bool plus_as_space);

//! Splits a request target into decoded path and query. Returns false when
//! either is malformed; then `bad_field` (when given) names what was: "path",
//! the parameter whose value it was, or "query" (a parameter name itself).
bool split_target(std::string_view target, std::string& path, std::vector<std::pair<std::string, std::string>>& query,
                  std::string* bad_field = nullptr);

//! Bounds on what a request target may carry (docs/architecture.md, "Input bounds").
inline constexpr std::size_t kMaxPathBytes = 1024;
inline constexpr std::size_t kMaxQueryParams = 24;
inline constexpr std::size_t kMaxQueryNameBytes = 32;
inline constexpr std::size_t kMaxQueryValueBytes = 4096;

//! The edge check every request passes before routing: the decoded path and every
//! query name and value are well-formed UTF-8 without control characters, within
//! the bounds above, and no query parameter is given twice. The error (400) names
//! the parameter, so "ou" or "path" — never the raw bytes.
std::optional<core::Error> check_request_text(const Request& request);

//! A JSON response with status and body.
Response json_response(unsigned status, std::string body);

}  // namespace tienbo::http
