#include "tienbo/core/error.hpp"

#include <utility>

namespace tienbo::core {

std::string error_code_id(ErrorCode code) {
  std::string id(1, 'E');
  id += std::to_string(static_cast<unsigned>(code));
  return id;
}

std::string_view error_code_slug(ErrorCode code) {
  switch (code) {
    case ErrorCode::NotFound:
      return "not-found";
    case ErrorCode::BadRequest:
      return "bad-request";
    case ErrorCode::MalformedJson:
      return "malformed-json";
    case ErrorCode::PayloadTooLarge:
      return "payload-too-large";
    case ErrorCode::HeaderTooLarge:
      return "header-too-large";
    case ErrorCode::MethodNotAllowed:
      return "method-not-allowed";
    case ErrorCode::UnsupportedMediaType:
      return "unsupported-media-type";
    case ErrorCode::Conflict:
      return "conflict";
    case ErrorCode::Unauthenticated:
      return "unauthenticated";
    case ErrorCode::Forbidden:
      return "forbidden";
    case ErrorCode::TooManyRequests:
      return "too-many-requests";
    case ErrorCode::CsrfRejected:
      return "csrf-rejected";
    case ErrorCode::PasswordChangeRequired:
      return "password-change-required";
    case ErrorCode::InvalidValue:
      return "invalid-value";
    case ErrorCode::InvalidConfig:
      return "invalid-config";
    case ErrorCode::InvalidDatabaseUrl:
      return "invalid-database-url";
    case ErrorCode::DatabaseUnavailable:
      return "database-unavailable";
    case ErrorCode::SchemaTooNew:
      return "schema-too-new";
    case ErrorCode::SchemaOutdated:
      return "schema-outdated";
    case ErrorCode::MigrationChanged:
      return "migration-changed";
    case ErrorCode::MigrationFailed:
      return "migration-failed";
    case ErrorCode::DatabaseError:
      return "database-error";
    case ErrorCode::Internal:
      return "internal";
    case ErrorCode::ShuttingDown:
      return "shutting-down";
    case ErrorCode::DeadlineExceeded:
      return "deadline-exceeded";
  }
  return "internal";
}

std::string Error::bilingual() const {
  if (message_en.empty() || message_en == message_vi) return message_vi;
  return message_vi + " / " + message_en;
}

Error make_error(ErrorCode code, std::string message_vi, std::string message_en, std::string field) {
  Error e;
  e.code = code;
  e.message_vi = std::move(message_vi);
  e.message_en = std::move(message_en);
  e.field = std::move(field);
  return e;
}

}  // namespace tienbo::core
