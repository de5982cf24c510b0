#pragma once
// RFC 9457 problem details. Every error response of tienbo is built here, from
// a core::Error, through the one ErrorCode -> status mapping.

#include <span>
#include <string>
#include <string_view>

#include "tienbo/core/error.hpp"
#include "tienbo/http/message.hpp"

namespace tienbo::http {

//! The HTTP status for an error code (the only such mapping in the program).
unsigned status_for(core::ErrorCode code);

//! A member a handler adds to a problem body: its name and its value, already JSON.
struct ProblemMember {
  std::string_view name;
  std::string json;
};

//! An application/problem+json response:
//! {"type":"urn:tienbo:problem:malformed-json","title":"...","status":400,
//!  "detail":"<vi>","detailEn":"<en>","code":"E2002","field":"...","instance":"/path",
//!  "requestId":"..."}
//! then the error's typed details a client may act on ("violations", "reason", "lockedBy",
//! "problem"; Retry-After from retry_after_seconds), then `extra` (e.g. the current report beside
//! a stale-version 409).
Response problem_response(const core::Error& error, const Request& request, std::span<const ProblemMember> extra = {});

//! Same, when only the path and request id are known (parse failures).
Response problem_response(const core::Error& error, std::string_view path, std::string_view request_id,
                          std::span<const ProblemMember> extra = {});

}  // namespace tienbo::http
