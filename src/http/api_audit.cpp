// /api/v1/audit
#include <functional>
#include <limits>
#include "api_common.hpp"
#include "api_handlers.hpp"

namespace tienbo::http::api {

namespace json = boost::json;

namespace {

//! The filters of GET /api/v1/audit, each bounded; 422 naming the first bad one.
core::Result<services::AuditQuery> audit_query(const Request& req) {
  services::AuditQuery q;
  q.entity_type = req.query_param("entityType");
  q.entity_id = req.query_param("entityId");
  q.actor = req.query_param("actor");
  q.from = req.query_param("from");
  q.to = req.query_param("to");
  auto limit = query_int(req, "limit", 100, 1, 1000);
  if (!limit) return core::Unexpected{std::move(limit).error()};
  q.limit = *limit;
  if (req.query_param("before")) {
    auto before = query_int(req, "before", 0, 1, std::numeric_limits<std::int64_t>::max());
    if (!before) return core::Unexpected{std::move(before).error()};
    q.before_seq = *before;
  }
  return q;
}

//! A stored before/after text as JSON (as text when it is not JSON), or null.
json::value stored_json(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  boost::system::error_code ec;
  auto v = json::parse(*text, ec);
  return ec ? json::value(*text) : v;
}

json::object entry_json(const store::AuditEntry& e) {
  return json::object{{"seq", e.seq},
                      {"occurredAt", e.occurred_at},
                      {"actor", e.record.actor},
                      {"requestId", e.record.request_id},
                      {"action", e.record.action},
                      {"entityType", e.record.entity_type},
                      {"entityId", e.record.entity_id},
                      {"unit", e.unit_code.empty() ? json::value(nullptr) : json::value(e.unit_code)},
                      {"before", stored_json(e.record.before_json)},
                      {"after", stored_json(e.record.after_json)},
                      {"hash", e.hash}};
}

}  // namespace

// GET /api/v1/audit?entityType=&entityId=&actor=&from=&to=&before=&limit=
Response list_audit(Api& s, Request& req, const Principal& p) {
  auto q = audit_query(req);
  if (!q) return problem(q.error(), req);
  auto list = s.audit.list(p, *q);
  if (!list) return problem(list.error(), req);
  json::array arr;
  for (const auto& e : *list) arr.push_back(entry_json(e));
  return reply(200, json::object{{"entries", std::move(arr)}});
}

}  // namespace tienbo::http::api
