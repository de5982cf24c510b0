#pragma once
// Parsing JSON request bodies with errors a person can act on: the line and
// column of a syntax error, or the field that has the wrong type.

#include <boost/json/object.hpp>

#include "tienbo/core/result.hpp"
#include "tienbo/http/message.hpp"

namespace tienbo::http {

//! Parses the body as a JSON object. Fails with 415 when the Content-Type is
//! not JSON, and with 400 naming the line, column and problem when the text is
//! not valid JSON or not an object.
core::Result<boost::json::object> parse_json_object(const Request& request);

//! A string member; fails with 422 naming `field` when present but not a string,
//! or when absent and `required`.
core::Result<std::string> string_field(const boost::json::object& obj, std::string_view field, bool required);

}  // namespace tienbo::http
