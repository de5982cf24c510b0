#pragma once
// Private: the request bodies of a report's routes read into service commands, each field
// checked and named in its 422 (the handlers in api_reports.cpp stay parse → call → render).

#include <boost/json.hpp>

#include "tienbo/core/result.hpp"
#include "tienbo/services/report_service.hpp"

namespace tienbo::http::api {

//! The "version" member: the version of the report the client edits.
core::Result<std::int64_t> version_field(const boost::json::object& o);

//! The body of PUT /api/v1/reports/{form}/{unit}/{period}: version, values (numbers as a machine
//! writes them, or text as a person typed it) and narratives.
core::Result<services::SaveCommand> save_command(const boost::json::object& body);

}  // namespace tienbo::http::api
