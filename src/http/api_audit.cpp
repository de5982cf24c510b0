// /api/v1/audit
#include <limits>
#include "api_common.hpp"
#include "api_handlers.hpp"

namespace tienbo::http::api {

namespace json = boost::json;

void register_audit_routes(Router& router, ApiServices& s) {
  // GET /api/v1/audit?entityType=&entityId=&actor=&from=&to=&before=&limit=
  router.add("GET", "/api/v1/audit", secured(s, [&s](Request& req, const services::Principal& p) -> Response {
               services::AuditQuery q;
               q.entity_type = req.query_param("entityType");
               q.entity_id = req.query_param("entityId");
               q.actor = req.query_param("actor");
               q.from = req.query_param("from");
               q.to = req.query_param("to");
               auto limit = query_int(req, "limit", 100, 1, 1000);
               if (!limit) return problem(limit.error(), req);
               q.limit = *limit;
               if (req.query_param("before")) {
                 auto before = query_int(req, "before", 0, 1, std::numeric_limits<std::int64_t>::max());
                 if (!before) return problem(before.error(), req);
                 q.before_seq = *before;
               }
               auto list = s.audit.list(p, q);
               if (!list) return problem(list.error(), req);
               json::array arr;
               for (const auto& e : *list) {
                 auto parse = [](const std::optional<std::string>& text) -> json::value {
                   if (!text) return nullptr;
                   boost::system::error_code ec;
                   auto v = json::parse(*text, ec);
                   return ec ? json::value(*text) : v;
                 };
                 arr.push_back(json::object{{"seq", e.seq},
                                            {"occurredAt", e.occurred_at},
                                            {"actor", e.record.actor},
                                            {"requestId", e.record.request_id},
                                            {"action", e.record.action},
                                            {"entityType", e.record.entity_type},
                                            {"entityId", e.record.entity_id},
                                            {"unit", e.unit_code.empty() ? json::value(nullptr) : json::value(e.unit_code)},
                                            {"before", parse(e.record.before_json)},
                                            {"after", parse(e.record.after_json)},
                                            {"hash", e.hash}});
               }
               return reply(200, json::object{{"entries", std::move(arr)}});
             }));
}

}  // namespace tienbo::http::api
