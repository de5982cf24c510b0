#pragma once
// The error vocabulary of tienbo: a stable code, a message in Vietnamese (the
// first language of the product) and in English, and the field it concerns.
// Expected failures travel as values (see result.hpp); http/error_mapping.cpp
// is the one place that turns a code into an HTTP status.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tienbo/core/domain.hpp"

namespace tienbo::core {

//! Stable error codes, grouped by range in the DHIS2 manner. The numbers are
//! part of the public API (they appear in problem+json bodies); never reuse one.
enum class ErrorCode : std::uint16_t {
  // E1xxx: not found and metadata
  NotFound = 1001,
  // E2xxx: request shape and data values
  BadRequest = 2001,
  MalformedJson = 2002,
  PayloadTooLarge = 2003,
  HeaderTooLarge = 2004,
  MethodNotAllowed = 2005,
  UnsupportedMediaType = 2006,
  Conflict = 2009,
  // E3xxx: security
  Unauthenticated = 3001,
  Forbidden = 3003,
  TooManyRequests = 3004,
  CsrfRejected = 3005,
  PasswordChangeRequired = 3006,
  // E4xxx: validation
  InvalidValue = 4001,
  // E6xxx: configuration and database
  InvalidConfig = 6001,
  InvalidDatabaseUrl = 6002,
  DatabaseUnavailable = 6003,
  SchemaTooNew = 6004,
  SchemaOutdated = 6005,
  MigrationChanged = 6006,
  MigrationFailed = 6007,
  DatabaseError = 6008,
  // E9xxx: internal
  Internal = 9001,
  ShuttingDown = 9002,
  DeadlineExceeded = 9003,
};

//! "E2002" for MalformedJson.
std::string error_code_id(ErrorCode code);
//! A short stable slug, e.g. "malformed-json"; used in problem+json "type".
std::string_view error_code_slug(ErrorCode code);

//! A validation rule a report breaks, as a client is told it (problem+json "violations").
struct RuleViolation {
  std::string rule;  //!< the rule's code
  RuleSeverity severity = RuleSeverity::Blocking;
  std::string message_vi;
  std::string message_en;
  RuleImportance importance = RuleImportance::High;
  std::vector<std::string> elements;  //!< the data elements the rule reads
};

//! An expected failure. Copyable so it can cross threads and be logged later.
struct Error {
  ErrorCode code = ErrorCode::Internal;
  std::string message_vi;  //!< What is wrong and what to do, in Vietnamese.
  std::string message_en;  //!< The same in English.
  std::string field;       //!< The input field concerned, empty if none.
  //! For the logs and the CLI only (SQL, SQLSTATE, checksums, JSON line and column); never sent.
  std::map<std::string, std::string> details;
  // What a client may act on: http/problem.cpp gives each a member of the problem body of its own.
  std::string reason;  //!< why, as a stable word: "stale_version", "register_owned", "locked_by_other_report"
  std::optional<std::int64_t> current_version;  //!< with "stale_version": the version saved now
  std::vector<std::string> locked_by;     //!< with "locked_by_other_report": the forms whose reports hold the values
  std::vector<RuleViolation> violations;  //!< the blocking rules a submission breaks
  std::string value_problem;              //!< "problem": why a typed value was refused (core::ValueProblem)
  std::optional<std::int64_t> retry_after_seconds;  //!< sent as Retry-After

  //! "message_vi / message_en", for one-line CLI output and logs.
  [[nodiscard]] std::string bilingual() const;
};

//! Convenience constructor.
Error make_error(ErrorCode code, std::string message_vi, std::string message_en, std::string field = {});

}  // namespace tienbo::core
