// Reports across units: GET /api/v1/reports (the approver's inbox, the unit's past reports),
// POST /api/v1/reports/approvals (approving many at once), POST /api/v1/completeness/reminders.
#include <algorithm>
#include <array>
#include <functional>
#include <string_view>

#include "api_common.hpp"
#include "api_handlers.hpp"
#include "tienbo/core/date.hpp"
#include "tienbo/core/domain.hpp"
#include "tienbo/core/period.hpp"

namespace tienbo::http::api {
namespace {

namespace json = boost::json;
using services::Principal;

constexpr std::array<std::string_view, 7> kUnitTypes{"nation",   "ministry", "sector", "province",
                                                     "district", "commune",  "agency"};
constexpr std::array<std::string_view, 3> kScopes{"approve", "edit", "read"};
constexpr std::size_t kMaxBatch = 200;

struct SortChoice {
  store::ReportQuery::Sort key = store::ReportQuery::Sort::Submitted;
  bool descending = true;
};

core::Error bad_param(std::string_view name, std::string_view vi, std::string_view en) {
  return core::make_error(core::ErrorCode::InvalidValue, "tham số " + std::string(name) + " " + std::string(vi),
                          "parameter " + std::string(name) + " " + std::string(en), std::string(name));
}

template <std::size_t N>
std::string listed(const std::array<std::string_view, N>& allowed) {
  std::string out;
  for (const auto a : allowed) out += (out.empty() ? "" : ", ") + std::string(a);
  return out;
}

//! One of `allowed`, or `fallback` when absent; 422 naming the parameter and the choices otherwise.
template <std::size_t N>
core::Result<std::string> choice(const Request& req, std::string_view name,
                                 const std::array<std::string_view, N>& allowed, std::string fallback) {
  auto v = req.query_param(name);
  if (!v) return fallback;
  for (const auto a : allowed) {
    if (*v == a) return *v;
  }
  return core::Unexpected{
      bad_param(name, "phải là một trong: " + listed(allowed), "must be one of: " + listed(allowed))};
}

core::Result<std::vector<core::ReportStatus>> statuses(const Request& req) {
  std::vector<core::ReportStatus> out;
  const std::string text = query(req, "status");
  for (std::size_t start = 0; !text.empty() && start <= text.size();) {
    const auto end = std::min(text.find(',', start), text.size());
    const auto one = core::parse_report_status(std::string_view(text).substr(start, end - start));
    if (!one) {
      std::string all;
      for (const auto s : core::kReportStatuses) all += (all.empty() ? "" : ", ") + std::string(core::to_string(s));
      return core::Unexpected{bad_param("status", "chỉ gồm các trạng thái: " + all, "lists only: " + all)};
    }
    if (std::find(out.begin(), out.end(), *one) == out.end()) out.push_back(*one);
    start = end + 1;
  }
  return out;
}

core::Result<SortChoice> sort_order(const Request& req) {
  static constexpr std::array<std::string_view, 5> kKeys{"submittedAt", "updatedAt", "unit", "form", "period"};
  std::string v = query(req, "sort", "-submittedAt");
  SortChoice out;
  out.descending = !v.empty() && v.front() == '-';
  if (out.descending) v.erase(0, 1);
  const auto it = std::find(kKeys.begin(), kKeys.end(), v);
  if (it == kKeys.end()) {
    return core::Unexpected{bad_param("sort",
                                      "phải là một trong: " + listed(kKeys) + " (thêm dấu - trước để xếp giảm dần)",
                                      "must be one of: " + listed(kKeys) + " (a leading - sorts descending)")};
  }
  out.key = static_cast<store::ReportQuery::Sort>(it - kKeys.begin());
  return out;
}

//! The filters of GET /api/v1/reports, each bounded; 422 naming the first bad one.
core::Result<store::ReportQuery> report_query(const Request& req) {
  store::ReportQuery q;
  auto st = statuses(req);
  if (!st) return core::Unexpected{std::move(st).error()};
  q.statuses = std::move(*st);
  if (auto form = req.query_param("form"); form && !form->empty()) {
    if (form->size() > 64)
      return core::Unexpected{bad_param("form", "dài quá 64 ký tự", "is longer than 64 characters")};
    q.form_code = *form;
  }
  if (auto period = req.query_param("period"); period && !period->empty()) {
    auto parsed = core::Period::parse(*period);
    if (!parsed)
      return core::Unexpected{
          bad_param("period", "không phải kỳ báo cáo (ví dụ 2025, 2025S1)", "is not a period (e.g. 2025, 2025S1)")};
    q.period = parsed->code();
  }
  auto year = query_int(req, "year", 0, 2000, 2100);
  if (!year) return core::Unexpected{std::move(year).error()};
  if (*year != 0) q.period_prefix = std::to_string(*year);
  auto type = choice(req, "unitType", kUnitTypes, "");
  if (!type) return core::Unexpected{std::move(type).error()};
  if (!type->empty()) q.unit_type = core::parse_unit_type(*type);
  auto sort = sort_order(req);
  if (!sort) return core::Unexpected{std::move(sort).error()};
  q.sort = sort->key;
  q.descending = sort->descending;
  auto limit = query_int(req, "limit", 50, 1, 200);
  if (!limit) return core::Unexpected{std::move(limit).error()};
  auto offset = query_int(req, "offset", 0, 0, 100000);
  if (!offset) return core::Unexpected{std::move(offset).error()};
  q.limit = *limit;
  q.offset = *offset;
  return q;
}

json::value opt(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

json::object item_json(const store::ReportListItem& it) {
  const auto& r = it.report;
  auto period = core::Period::parse(r.period);
  return json::object{{"form", it.form_code},
                      {"formNameVi", it.form_name_vi},
                      {"formNameEn", it.form_name_en},
                      {"unit", it.unit_code},
                      {"unitNameVi", it.unit_name_vi},
                      {"unitType", core::to_string(it.unit_type)},
                      {"period", r.period},
                      {"periodLabelVi", period ? period->label_vi() : r.period},
                      {"status", core::to_string(r.status)},
                      {"version", r.version},
                      {"submittedAt", opt(r.submitted_at)},
                      {"submittedBy", opt(r.submitted_by)},
                      {"submittedByName", it.submitted_by_name},
                      {"approvedAt", opt(r.approved_at)},
                      {"updatedAt", r.updated_at},
                      {"message", it.message}};
}

//! A refusal beside one report of a batch: the problem's members without the request's.
json::object refusal_json(const core::Error& e) {
  const unsigned status = status_for(e.code);
  const bool hide = status >= 500;
  return json::object{{"status", status},
                      {"code", core::error_code_id(e.code)},
                      {"detail", hide ? "Đã có lỗi trong máy chủ; hãy thử lại." : e.message_vi},
                      {"detailEn", hide ? "The server failed; try again." : e.message_en},
                      {"field", e.field}};
}

core::Result<std::string> code_member(const json::object& o, std::string_view name, std::size_t index) {
  const auto* v = o.if_contains(name);
  const std::string where = "reports[" + std::to_string(index) + "]." + std::string(name);
  if (!v || !v->is_string() || v->as_string().empty() || v->as_string().size() > 64) {
    return core::fail(core::ErrorCode::InvalidValue, "trường " + where + " phải là mã (1–64 ký tự)",
                      "field " + where + " must be a code (1–64 characters)", where);
  }
  return std::string(v->as_string());
}

core::Result<services::BatchApproval> batch_item(const json::value& v, std::size_t index) {
  const std::string where = "reports[" + std::to_string(index) + "]";
  if (!v.is_object())
    return core::fail(core::ErrorCode::InvalidValue, where + " phải là đối tượng", where + " must be an object", where);
  const auto& o = v.as_object();
  services::BatchApproval item;
  for (auto [name, out] : {std::pair{"form", &item.form}, {"unit", &item.unit}, {"period", &item.period}}) {
    auto code = code_member(o, name, index);
    if (!code) return core::Unexpected{std::move(code).error()};
    *out = std::move(*code);
  }
  const auto* version = o.if_contains("version");
  if (!version || !version->is_int64() || version->as_int64() < 0) {
    return core::fail(core::ErrorCode::InvalidValue,
                      "trường " + where + ".version phải là phiên bản báo cáo bạn đã xem",
                      "field " + where + ".version must be the version of the report you saw", where + ".version");
  }
  item.version = version->as_int64();
  return item;
}

core::Result<std::vector<services::BatchApproval>> batch_items(const json::object& body) {
  const auto* list = body.if_contains("reports");
  if (!list || !list->is_array() || list->as_array().empty() || list->as_array().size() > kMaxBatch) {
    return core::fail(core::ErrorCode::InvalidValue, "trường reports phải là danh sách 1–200 báo cáo cần phê duyệt",
                      "field reports must list 1–200 reports to approve", "reports");
  }
  std::vector<services::BatchApproval> out;
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    auto item = batch_item(list->as_array()[i], i);
    if (!item) return core::Unexpected{std::move(item).error()};
    out.push_back(std::move(*item));
  }
  return out;
}

}  // namespace

Response list_reports(Api& s, Request& req, const Principal& p) {
  auto scope = choice(req, "scope", kScopes, "read");
  if (!scope) return problem(scope.error(), req);
  auto q = report_query(req);
  if (!q) return problem(q.error(), req);
  const auto right = *scope == "approve" ? auth::Action::DataApprove
                     : *scope == "edit"  ? auth::Action::DataEdit
                                         : auth::Action::DataRead;
  auto page = s.reports.list(p, right, *q);
  if (!page) return problem(page.error(), req);
  json::array reports;
  for (const auto& it : page->items) reports.push_back(item_json(it));
  return reply(
      200, json::object{
               {"total", page->total}, {"limit", q->limit}, {"offset", q->offset}, {"reports", std::move(reports)}});
}

Response approve_reports(Api& s, Request& req, const Principal& p) {
  auto body = parse_json_object(req);
  if (!body) return problem(body.error(), req);
  auto items = batch_items(*body);
  if (!items) return problem(items.error(), req);
  auto comment = string_field(*body, "comment", false);
  if (!comment) return problem(comment.error(), req);
  auto outcomes = s.reports.approve_many(p, *items, *comment);
  if (!outcomes) return problem(outcomes.error(), req);
  json::array results;
  std::int64_t approved = 0;
  for (const auto& o : *outcomes) {
    json::object r{{"form", o.item.form}, {"unit", o.item.unit}, {"period", o.item.period}};
    if (o.view)
      r["status"] = core::to_string(o.view->status), r["version"] = o.view->version, ++approved;
    else
      r["problem"] = refusal_json(*o.error);
    results.push_back(std::move(r));
  }
  const auto refused = static_cast<std::int64_t>(outcomes->size()) - approved;
  return reply(200, json::object{{"approved", approved}, {"refused", refused}, {"results", std::move(results)}});
}

Response send_reminders(Api& s, Request& req, const Principal& p) {
  auto body = parse_json_object(req);
  if (!body) return problem(body.error(), req);
  std::array<std::string, 3> args;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const char* name = std::array{"form", "period", "unit"}[i];
    auto v = string_field(*body, name, true);
    if (!v) return problem(v.error(), req);
    args[i] = std::move(*v);
  }
  auto sent = s.notifications.remind_missing(p, args[0], args[1], args[2], core::today_in_vietnam());
  if (!sent) return problem(sent.error(), req);
  json::array without;
  for (const auto& [code, name] : sent->without_account)
    without.push_back(json::object{{"unit", code}, {"nameVi", name}});
  return reply(200, json::object{{"units", sent->units},
                                 {"notified", sent->users},
                                 {"alreadyToday", sent->already_today},
                                 {"withoutAccount", std::move(without)}});
}

}  // namespace tienbo::http::api
