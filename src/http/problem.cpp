#include "tienbo/http/problem.hpp"

#include "tienbo/core/json_writer.hpp"
#include "tienbo/core/text.hpp"

namespace tienbo::http {

using core::ErrorCode;

unsigned status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::NotFound:
      return 404;
    case ErrorCode::BadRequest:
    case ErrorCode::MalformedJson:
      return 400;
    case ErrorCode::PayloadTooLarge:
      return 413;
    case ErrorCode::HeaderTooLarge:
      return 431;
    case ErrorCode::MethodNotAllowed:
      return 405;
    case ErrorCode::UnsupportedMediaType:
      return 415;
    case ErrorCode::Conflict:
      return 409;
    case ErrorCode::Unauthenticated:
      return 401;
    case ErrorCode::TooManyRequests:
      return 429;
    case ErrorCode::Forbidden:
    case ErrorCode::CsrfRejected:
    case ErrorCode::PasswordChangeRequired:
      return 403;
    case ErrorCode::InvalidValue:
      return 422;
    case ErrorCode::DatabaseUnavailable:
    case ErrorCode::ShuttingDown:
    case ErrorCode::DeadlineExceeded:
      return 503;
    case ErrorCode::InvalidConfig:
    case ErrorCode::InvalidDatabaseUrl:
    case ErrorCode::SchemaTooNew:
    case ErrorCode::SchemaOutdated:
    case ErrorCode::MigrationChanged:
    case ErrorCode::MigrationFailed:
    case ErrorCode::DatabaseError:
    case ErrorCode::Internal:
      return 500;
  }
  return 500;
}

namespace {

std::string_view title_vi(unsigned status) {
  switch (status) {
    case 400:
      return "Yêu cầu không hợp lệ";
    case 401:
      return "Chưa đăng nhập";
    case 403:
      return "Không có quyền";
    case 404:
      return "Không tìm thấy";
    case 405:
      return "Phương thức không được phép";
    case 409:
      return "Xung đột dữ liệu";
    case 413:
      return "Nội dung quá lớn";
    case 415:
      return "Kiểu nội dung không được hỗ trợ";
    case 422:
      return "Dữ liệu không hợp lệ";
    case 429:
      return "Quá nhiều yêu cầu";
    case 431:
      return "Phần đầu yêu cầu quá lớn";
    case 503:
      return "Dịch vụ tạm thời không sẵn sàng";
    default:
      return "Lỗi máy chủ";
  }
}

std::string_view title_en(unsigned status) {
  switch (status) {
    case 400:
      return "Bad request";
    case 401:
      return "Not signed in";
    case 403:
      return "Forbidden";
    case 404:
      return "Not found";
    case 405:
      return "Method not allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Content too large";
    case 415:
      return "Unsupported media type";
    case 422:
      return "Invalid data";
    case 429:
      return "Too many requests";
    case 431:
      return "Request header fields too large";
    case 503:
      return "Service unavailable";
    default:
      return "Internal server error";
  }
}

// The members a client may act on (core::Error's typed details), after the standard ones.
void add_typed_details(const core::Error& error, core::JsonObject& o) {
  if (!error.violations.empty()) {
    core::JsonArray list;
    for (const auto& v : error.violations) {
      core::JsonArray elements;
      for (const auto& e : v.elements) elements.add(e);
      list.add_raw(core::JsonObject()
                       .add("rule", v.rule)
                       .add("severity", core::to_string(v.severity))
                       .add("message", v.message_vi)
                       .add("messageEn", v.message_en)
                       .add("importance", core::to_string(v.importance))
                       .add_raw("elements", elements.str())
                       .str());
    }
    o.add_raw("violations", list.str());
  }
  if (!error.reason.empty()) o.add("reason", error.reason);
  if (!error.locked_by.empty()) {
    core::JsonArray forms;
    for (const auto& f : error.locked_by) forms.add(f);
    o.add_raw("lockedBy", forms.str());
  }
  if (!error.value_problem.empty()) o.add("problem", error.value_problem);
}

}  // namespace

Response problem_response(const core::Error& error, std::string_view path, std::string_view request_id,
                          std::span<const ProblemMember> extra) {
  const unsigned status = status_for(error.code);
  // Server-side failures never show internals (SQL, paths) to the client.
  const bool hide = status >= 500 && error.code != ErrorCode::DatabaseUnavailable &&
                    error.code != ErrorCode::ShuttingDown && error.code != ErrorCode::DeadlineExceeded;
  // A message may quote what the client sent, perhaps Vietnamese typed decomposed (NFD): composed
  // here, so that every detail is NFC. core::JsonObject writes ill-formed bytes as U+FFFD, so the
  // body is valid JSON whatever the request held (Boost.JSON would copy them as they are).
  auto composed = [](std::string_view s) {
    return core::is_valid_utf8(s) ? core::to_nfc_vietnamese(s) : std::string(s);
  };
  core::JsonObject o;
  o.add("type", "urn:tienbo:problem:" + std::string(core::error_code_slug(error.code)))
      .add("title", title_vi(status))
      .add("titleEn", title_en(status))
      .add("status", static_cast<std::int64_t>(status))
      .add("detail",
           hide ? "Đã có lỗi trong máy chủ. Hãy báo mã yêu cầu này cho quản trị viên." : composed(error.message_vi))
      .add("detailEn",
           hide ? "The server failed. Report this request id to the administrator." : composed(error.message_en))
      .add("code", core::error_code_id(error.code));
  if (!error.field.empty()) o.add("field", error.field);
  o.add("instance", path).add("requestId", request_id);
  if (!hide) add_typed_details(error, o);
  for (const auto& [name, json] : extra) o.add_raw(name, json);
  Response r;
  r.status = status;
  r.body = o.str();
  r.set_header("Content-Type", "application/problem+json; charset=utf-8");
  if (error.retry_after_seconds) r.set_header("Retry-After", std::to_string(*error.retry_after_seconds));
  return r;
}

Response problem_response(const core::Error& error, const Request& request, std::span<const ProblemMember> extra) {
  return problem_response(error, request.path, request.request_id, extra);
}

}  // namespace tienbo::http
