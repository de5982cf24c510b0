#pragma once
// Private: one registration function per resource file.

#include "tienbo/http/routes.hpp"

namespace tienbo::http::api {

void register_user_routes(Router& router, ApiServices& s, const ApiOptions& options);
void register_unit_routes(Router& router, ApiServices& s);
void register_committee_routes(Router& router, ApiServices& s);
void register_audit_routes(Router& router, ApiServices& s);
void register_report_routes(Router& router, ApiServices& s, const ApiOptions& options);
void register_analytics_routes(Router& router, ApiServices& s);
void register_inbox_routes(Router& router, ApiServices& s);

}  // namespace tienbo::http::api
