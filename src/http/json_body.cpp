#include "tienbo/http/json_body.hpp"

#include <boost/json/parser.hpp>
#include <boost/json/stream_parser.hpp>

namespace tienbo::http {

using core::ErrorCode;
using core::fail;

core::Result<boost::json::object> parse_json_object(const Request& request) {
  std::string_view type = request.header("Content-Type");
  if (!type.starts_with("application/json") && !type.starts_with("application/problem+json") &&
      !(type.starts_with("application/") && type.find("+json") != std::string_view::npos)) {
    return fail(ErrorCode::UnsupportedMediaType,
                "nội dung phải là JSON (Content-Type: application/json), không phải \"" + std::string(type) + "\"",
                "the body must be JSON (Content-Type: application/json), not \"" + std::string(type) + "\"", "body");
  }
  boost::json::stream_parser parser;
  boost::system::error_code ec;
  const std::string& body = request.body;
  std::size_t consumed = parser.write_some(body.data(), body.size(), ec);
  if (!ec && consumed < body.size()) {
    ec = boost::json::make_error_code(boost::json::error::extra_data);
  }
  if (!ec) parser.finish(ec);
  if (ec) {
    if (body.empty()) {
      return fail(ErrorCode::MalformedJson, "nội dung yêu cầu trống; cần một đối tượng JSON",
                  "the request body is empty; a JSON object is expected", "body");
    }
    // Position of the error: line and column (in characters) of the first unread byte.
    std::size_t at = std::min(consumed, body.size());
    std::size_t line = 1;
    std::size_t col = 1;
    for (std::size_t i = 0; i < at; ++i) {
      if (body[i] == '\n') {
        ++line;
        col = 1;
      } else if ((static_cast<unsigned char>(body[i]) & 0xC0) != 0x80) {
        ++col;
      }
    }
    const std::string where = std::to_string(line) + ", cột " + std::to_string(col);
    const std::string where_en = std::to_string(line) + ", column " + std::to_string(col);
    auto e = core::make_error(ErrorCode::MalformedJson, "JSON không hợp lệ ở dòng " + where + ": " + ec.message(),
                              "malformed JSON at line " + where_en + ": " + ec.message(), "body");
    e.details["line"] = std::to_string(line);
    e.details["column"] = std::to_string(col);
    return core::Unexpected{std::move(e)};
  }
  boost::json::value v = parser.release();
  if (!v.is_object()) {
    return fail(ErrorCode::MalformedJson, "nội dung yêu cầu phải là một đối tượng JSON ({...})",
                "the request body must be a JSON object ({...})", "body");
  }
  return std::move(v.as_object());
}

core::Result<std::string> string_field(const boost::json::object& obj, std::string_view field, bool required) {
  const boost::json::value* v = obj.if_contains(field);
  if (v == nullptr || v->is_null()) {
    if (!required) return std::string();
    return fail(ErrorCode::InvalidValue, "thiếu trường \"" + std::string(field) + "\"",
                "field \"" + std::string(field) + "\" is required", std::string(field));
  }
  if (!v->is_string()) {
    return fail(ErrorCode::InvalidValue, "trường \"" + std::string(field) + "\" phải là chuỗi ký tự",
                "field \"" + std::string(field) + "\" must be a string", std::string(field));
  }
  return std::string(v->as_string());
}

}  // namespace tienbo::http
