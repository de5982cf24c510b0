// /api/v1/forms and /api/v1/reports/{form}/{unit}/{period}
#include "api_common.hpp"
#include "api_handlers.hpp"
#include "report_cache.hpp"
#include "report_input.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>

#include "tienbo/core/date.hpp"
#include "tienbo/core/value_syntax.hpp"

namespace tienbo::http::api {
namespace {

namespace json = boost::json;

json::object element_json(const services::ElementDef& e) {
  json::array options;
  for (const auto& o : e.combo.option_combos)
    options.push_back(json::object{{"code", o.code}, {"nameVi", o.name_vi}, {"nameEn", o.name_en}});
  json::object o{{"code", e.element.code},
                 {"nameVi", e.element.name_vi},
                 {"nameEn", e.element.name_en},
                 {"valueType", core::to_string(e.element.value_type)},
                 {"aggregation", e.element.aggregation},
                 {"disaggregated", e.disaggregated()},
                 {"options", std::move(options)}};
  if (core::is_numeric(e.element.value_type)) {
    const core::ValueBounds b{e.element.min_value, e.element.max_value};
    o["min"] = core::effective_min(b);
    o["max"] = core::effective_max(e.element.value_type, b);
  }
  o["scope"] = e.element.scope;
  o["descriptionVi"] = e.element.description_vi;
  o["instructionVi"] = e.element.instruction_vi;
  o["instructionEn"] = e.element.instruction_en;
  return o;
}

json::object form_json(const services::FormDefinition& d, bool with_sections) {
  json::array reporters;
  for (const auto& r : d.reporters)
    reporters.push_back(json::object{{"unitType", core::to_string(r.unit_type)}, {"hierarchy", r.hierarchy}});
  json::array deadlines;
  for (const auto& dl : d.deadlines) {
    deadlines.push_back(json::object{{"unitType", core::to_string(dl.unit_type)},
                                     {"monthOffset", dl.month_offset},
                                     {"day", dl.day},
                                     {"source", dl.source},
                                     {"setBy", dl.set_by}});
  }
  json::array expected;
  for (int p : d.expected_periods) expected.push_back(p);
  json::object o{{"code", d.form.code},
                 {"nameVi", d.form.name_vi},
                 {"nameEn", d.form.name_en},
                 {"periodType", d.form.period_type},
                 {"expectedPeriods", std::move(expected)},
                 {"version", d.version.version_no},
                 {"fromPeriod", d.version.from_period},
                 {"reporters", std::move(reporters)},
                 {"dueBefore", std::move(deadlines)}};
  if (with_sections) {
    json::array sections;
    for (const auto& s : d.sections) {
      json::array elements;
      for (auto id : s.element_ids) elements.push_back(element_json(d.elements.at(id)));
      sections.push_back(json::object{{"code", s.code},
                                      {"kind", s.kind},
                                      {"titleVi", s.title_vi},
                                      {"titleEn", s.title_en},
                                      {"elements", std::move(elements)}});
    }
    o["sections"] = std::move(sections);
    json::array rules;
    for (const auto& r : d.rules) {
      rules.push_back(json::object{{"code", r.rule.code},
                                   {"nameVi", r.rule.name_vi},
                                   {"left", r.rule.left_expr},
                                   {"operator", core::to_string(r.rule.op)},
                                   {"right", r.rule.right_expr},
                                   {"severity", core::to_string(r.rule.severity)},
                                   {"importance", core::to_string(r.rule.importance)}});
    }
    o["validationRules"] = std::move(rules);
  }
  return o;
}

json::array violations_json(const std::vector<services::RuleResult>& list) {
  json::array arr;
  for (const auto& v : list) {
    json::array elements;
    for (const auto& e : v.elements) elements.push_back(json::value(e));
    arr.push_back(json::object{{"rule", v.code},
                               {"severity", core::to_string(v.severity)},
                               {"importance", core::to_string(v.importance)},
                               {"message", v.message_vi},
                               {"messageEn", v.message_en},
                               {"elements", std::move(elements)}});
  }
  return arr;
}

// One element of a data section: its definition, the values, and what they rest on.
json::object report_element_json(const services::ReportView& v, const services::ElementDef& e) {
  json::object eo = element_json(e);
  json::object values;
  if (auto it = v.values.find(e.element.code); it != v.values.end()) {
    for (const auto& [option, cell] : it->second) {
      values[option] = json::object{
          {"value", cell.value}, {"comment", cell.comment}, {"source", cell.source}, {"dataSource", cell.data_source}};
    }
  }
  eo["values"] = std::move(values);
  if (auto r = v.from_register.find(e.element.code); r != v.from_register.end()) {
    // A register owns these figures: read-only here, changed in the register.
    eo["readOnly"] = true;
    eo["register"] = json::object{{"kind", r->second.kind},
                                  {"committeeId", r->second.committee_id},
                                  {"asOf", r->second.as_of},
                                  {"dataSource", r->second.data_source}};
  }
  json::object consolidated;
  if (auto it = v.consolidated.find(e.element.code); it != v.consolidated.end()) {
    for (const auto& [option, cell] : it->second) {
      consolidated[option] = json::object{{"value", cell.value},
                                          {"childrenUsed", cell.children_used},
                                          {"childrenExpected", cell.children_expected},
                                          {"at", cell.at}};
    }
  }
  eo["consolidated"] = std::move(consolidated);
  if (auto t = v.totals.find(e.element.code); t != v.totals.end() && e.disaggregated()) {
    const double total = t->second;
    if (total == static_cast<double>(static_cast<std::int64_t>(total)))
      eo["total"] = static_cast<std::int64_t>(total);
    else
      eo["total"] = total;
  }
  json::object prev;
  if (auto it = v.previous.find(e.element.code); it != v.previous.end()) {
    for (const auto& [option, value] : it->second) prev[option] = value;
  }
  eo["previous"] = std::move(prev);
  return eo;
}

json::array sections_json(const services::ReportView& v) {
  const auto& d = *v.definition;
  json::array sections;
  for (const auto& s : d.sections) {
    json::object so{{"code", s.code}, {"kind", s.kind}, {"titleVi", s.title_vi}, {"titleEn", s.title_en}};
    if (s.kind == "narrative") {
      auto it = v.narratives.find(s.code);
      so["text"] = it == v.narratives.end() ? "" : it->second;
    } else {
      json::array elements;
      for (auto id : s.element_ids) elements.push_back(report_element_json(v, d.elements.at(id)));
      so["elements"] = std::move(elements);
    }
    sections.push_back(std::move(so));
  }
  return sections;
}

json::array history_json(const services::ReportView& v) {
  json::array history;
  for (const auto& h : v.history) {
    json::value details = nullptr;
    if (h.details_json) {
      boost::system::error_code ec;
      details = json::parse(*h.details_json, ec);
    }
    history.push_back(json::object{{"action", h.action},
                                   {"from", h.from_status},
                                   {"to", h.to_status},
                                   {"actor", h.actor},
                                   {"at", h.occurred_at},
                                   {"comment", h.comment},
                                   {"details", details}});
  }
  return history;
}

json::object report_json(const services::ReportView& v) {
  const auto& d = *v.definition;
  auto period = core::Period::parse(v.period);
  json::array warnings;
  for (const auto& w : v.warnings) {
    warnings.push_back(json::object{{"code", w.code}, {"messageVi", w.message_vi}, {"messageEn", w.message_en}});
  }
  return json::object{{"form", json::object{{"code", d.form.code},
                                            {"nameVi", d.form.name_vi},
                                            {"nameEn", d.form.name_en},
                                            {"version", d.version.version_no}}},
                      {"unit", json::object{{"code", v.unit_code}, {"nameVi", v.unit_name_vi}}},
                      {"period", json::object{{"code", v.period},
                                              {"labelVi", period ? period->label_vi() : v.period},
                                              {"labelEn", period ? period->label_en() : v.period},
                                              {"cutoffStart", period ? period->cutoff_start() : ""},
                                              {"cutoffEnd", period ? period->cutoff_end() : ""}}},
                      {"status", core::to_string(v.status)},
                      {"version", v.version},
                      {"editable", v.editable},
                      {"actions", actions_json(v.actions)},
                      {"dueBefore", v.due_before ? json::value(*v.due_before) : json::value(nullptr)},
                      {"previousPeriod", v.previous_period},
                      {"sections", sections_json(v)},
                      {"violations", violations_json(v.violations)},
                      {"warnings", std::move(warnings)},
                      {"history", history_json(v)}};
}

// A problem response with extra members: the current state on a stale save, the list of
// failed rules on a blocked submission, the reports that lock a shared value.
Response report_problem(ApiServices& s, const core::Error& e, Request& req, const services::Principal& p) {
  if (e.reason != "stale_version") return problem(e, req);
  // A stale version: the report as saved now comes with the refusal, so the editor can compare.
  auto current = s.reports.get(p, std::string(req.param("form")), std::string(req.param("unit")),
                               std::string(req.param("period")));
  if (!current) return problem(e, req);
  const ProblemMember members[] = {{"current", json::serialize(report_json(*current))}};
  return problem_response(e, req, members);
}

//! A whole number in a field, named in the error when it is missing or is not one.
core::Result<int> small_int_field(const json::object& o, const char* name) {
  const auto* v = o.if_contains(name);
  if (!v || !v->is_int64() || v->as_int64() < -1000000 || v->as_int64() > 1000000) {
    return core::fail(core::ErrorCode::InvalidValue, std::string("trường \"") + name + "\" phải là số nguyên",
                      std::string("field \"") + name + "\" must be a whole number", name);
  }
  return static_cast<int>(v->as_int64());
}

core::Result<services::TransitionCommand> transition_command(const Request& req) {
  auto body = parse_json_object(req);
  if (!body) return core::Unexpected{std::move(body).error()};
  services::TransitionCommand cmd;
  auto version = version_field(*body);
  if (!version) return core::Unexpected{std::move(version).error()};
  cmd.version = *version;
  auto comment = string_field(*body, "comment", false);
  if (!comment) return core::Unexpected{std::move(comment).error()};
  cmd.comment = std::move(*comment);
  if (const auto* reasons = body->if_contains("reasons"); reasons && !reasons->is_null()) {
    if (!reasons->is_object()) {
      return core::fail(core::ErrorCode::InvalidValue, "trường \"reasons\" phải là đối tượng {mục: lý do}",
                        "field \"reasons\" must be an object {section: reason}", "reasons");
    }
    for (const auto& [k, v] : reasons->as_object()) {
      if (!v.is_string()) {
        return core::fail(core::ErrorCode::InvalidValue, "lý do của " + std::string(k) + " phải là chuỗi",
                          "the reason for " + std::string(k) + " must be a string", "reasons");
      }
      cmd.reasons[std::string(k)] = std::string(v.as_string());
    }
  }
  return cmd;
}

using TransitionFn = core::Result<services::ReportView> (services::ReportService::*)(
    const services::Principal&, const std::string&, const std::string&, const std::string&,
    const services::TransitionCommand&);

//! A workflow step (submit, approve, return, reopen, withdraw) on the report the path names.
Response transition(Api& s, Request& req, const Principal& p, TransitionFn fn) {
  auto cmd = transition_command(req);
  if (!cmd) return problem(cmd.error(), req);
  auto v = (s.reports.*fn)(p, std::string(req.param("form")), std::string(req.param("unit")),
                           std::string(req.param("period")), *cmd);
  if (!v) return report_problem(s, v.error(), req, p);
  return reply(200, report_json(*v));
}

// The report a request names, as of the day its unit code is read on (the period's end, or
// today while the period runs); nullopt for a period that does not parse (the handler says why).
std::optional<std::string> report_cache_key(const Request& req) {
  const std::string_view period_code = req.param("period");
  auto period = core::Period::parse(std::string(period_code));
  if (!period) return std::nullopt;
  const std::string as_of = std::min(period->end_date(), core::today_in_vietnam());
  return ReportCache::key(req.param("form"), req.param("unit"), period_code, as_of);
}

json::object completeness_row_json(const services::CompletenessRow& r) {
  return json::object{{"unit", r.unit_code},
                      {"nameVi", r.unit_name_vi},
                      {"type", core::to_string(r.unit_type)},
                      {"status", r.status},
                      {"submittedAt", r.submitted_at ? json::value(*r.submitted_at) : json::value(nullptr)},
                      {"dueBefore", r.due_before ? json::value(*r.due_before) : json::value(nullptr)},
                      {"onTime", r.on_time ? json::value(*r.on_time) : json::value(nullptr)},
                      {"filled", std::round(r.filled * 1000) / 1000}};
}

}  // namespace

// GET /api/v1/forms
Response list_forms(Api& s, Request& req, const Principal&) {
  auto forms = s.metadata.forms();
  if (!forms) return problem(forms.error(), req);
  json::array arr;
  for (const auto& f : *forms) arr.push_back(form_json(*f, false));
  return reply(200, json::object{{"forms", std::move(arr)}});
}

// GET /api/v1/forms/{code}?period=  (the version in force for the period; default: the newest)
Response get_form(Api& s, Request& req, const Principal&) {
  const std::string code(req.param("code"));
  if (auto period = req.query_param("period")) {
    auto p = core::Period::parse(*period);
    if (!p) return problem(p.error(), req);
    auto d = s.metadata.definition(code, *p);
    if (!d) return problem(d.error(), req);
    return reply(200, form_json(**d, true));
  }
  auto forms = s.metadata.forms();
  if (!forms) return problem(forms.error(), req);
  for (const auto& f : *forms) {
    if (f->form.code == code) return reply(200, form_json(*f, true));
  }
  return problem(core::make_error(core::ErrorCode::NotFound, "không có biểu mẫu " + code, "there is no form " + code),
                 req);
}

// PUT /api/v1/forms/{code}/deadlines/{unitType} {"monthOffset", "day", "source"} — the nation's administrator or
// manager
Response put_deadline(Api& s, Request& req, const Principal& p) {
  auto body = parse_json_object(req);
  if (!body) return problem(body.error(), req);
  store::DeadlineRecord d;
  auto month_offset = small_int_field(*body, "monthOffset");
  if (!month_offset) return problem(month_offset.error(), req);
  auto day = small_int_field(*body, "day");
  if (!day) return problem(day.error(), req);
  auto source = string_field(*body, "source", false);
  if (!source) return problem(source.error(), req);
  d.month_offset = *month_offset;
  d.day = *day;
  d.source = std::move(*source);
  auto saved =
      s.metadata.set_deadline(p, std::string(req.param("code")), std::string(req.param("unitType")), std::move(d));
  if (!saved) return problem(saved.error(), req);
  return reply(200, json::object{{"form", std::string(req.param("code"))},
                                 {"unitType", core::to_string(saved->unit_type)},
                                 {"monthOffset", saved->month_offset},
                                 {"day", saved->day},
                                 {"source", saved->source},
                                 {"setBy", saved->set_by}});
}

// GET /api/v1/reports/{form}/{unit}/{period}: read, rendered and kept (report_cache.hpp) on the pool
// when get_kept_report could not answer from memory.
Response get_report(Api& s, Request& req, const Principal& p) {
  const std::uint64_t epoch = s.reports.data_epoch();  // before the read (ReportService::data_epoch)
  auto v = s.reports.get(p, std::string(req.param("form")), std::string(req.param("unit")),
                         std::string(req.param("period")));
  if (!v) return problem(v.error(), req);
  std::string body = json::serialize(report_json(*v));
  if (auto key = report_cache_key(req); key && s.report_cache->enabled()) {
    const std::uint64_t version = s.reports.data_version(v->unit_id);
    if (s.reports.data_epoch() == epoch) s.report_cache->put(*key, *v, version, body);
  }
  Response r = json_response(200, std::move(body));
  r.set_header("Cache-Control", "no-store");
  return r;
}

// GET /api/v1/reports/{form}/{unit}/{period} from memory, on the I/O thread: the rendered report when
// it is kept and current for a signed-in caller allowed to read it; nullopt sends the request to get_report.
std::optional<Response> get_kept_report(Api& s, Request& req) {
  if (!s.report_cache->enabled()) return std::nullopt;
  auto p = s.sessions.authenticate_cached(cookie_value(req, kSessionCookie), req.request_id);
  if (!p || p->must_change_password) return std::nullopt;  // the handler's path says why
  auto key = report_cache_key(req);
  if (!key) return std::nullopt;
  auto body = s.report_cache->find(*key, p->grants, s.reports);
  if (!body) return std::nullopt;
  Response r = json_response(200, *body);
  r.set_header("Cache-Control", "no-store");
  return r;
}

// PUT /api/v1/reports/{form}/{unit}/{period} {"version", "values":[{element, option, value, comment}],
// "narratives":{...}}
Response save_report(Api& s, Request& req, const Principal& p) {
  auto body = parse_json_object(req);
  if (!body) return problem(body.error(), req);
  auto cmd = save_command(*body);
  if (!cmd) return problem(cmd.error(), req);
  auto v = s.reports.save(p, std::string(req.param("form")), std::string(req.param("unit")),
                          std::string(req.param("period")), *cmd);
  if (!v) return report_problem(s, v.error(), req, p);
  return reply(200, report_json(*v));
}

// POST /api/v1/reports/{form}/{unit}/{period}/submit
Response submit_report(Api& s, Request& req, const Principal& p) {
  return transition(s, req, p, &services::ReportService::submit);
}

// POST /api/v1/reports/{form}/{unit}/{period}/approve
Response approve_report(Api& s, Request& req, const Principal& p) {
  return transition(s, req, p, &services::ReportService::approve);
}

// POST /api/v1/reports/{form}/{unit}/{period}/return
Response return_report(Api& s, Request& req, const Principal& p) {
  return transition(s, req, p, &services::ReportService::return_report);
}

// POST /api/v1/reports/{form}/{unit}/{period}/reopen
Response reopen_report(Api& s, Request& req, const Principal& p) {
  return transition(s, req, p, &services::ReportService::reopen);
}

// POST /api/v1/reports/{form}/{unit}/{period}/withdraw
Response withdraw_report(Api& s, Request& req, const Principal& p) {
  return transition(s, req, p, &services::ReportService::withdraw);
}

// POST /api/v1/reports/{form}/{unit}/{period}/consolidate {"version", "includeSubmitted"}
Response consolidate_report(Api& s, Request& req, const Principal& p) {
  auto body = parse_json_object(req);
  if (!body) return problem(body.error(), req);
  services::ConsolidateCommand cmd;
  auto version = version_field(*body);
  if (!version) return problem(version.error(), req);
  cmd.version = *version;
  auto include = bool_field(*body, "includeSubmitted");
  if (!include) return problem(include.error(), req);
  cmd.include_submitted = include->value_or(false);
  auto r = s.reports.consolidate(p, std::string(req.param("form")), std::string(req.param("unit")),
                                 std::string(req.param("period")), cmd);
  if (!r) return report_problem(s, r.error(), req, p);
  json::array missing;
  for (const auto& [code, name] : r->missing) missing.push_back(json::object{{"code", code}, {"nameVi", name}});
  return reply(200, json::object{{"report", report_json(r->view)},
                                 {"childrenUsed", r->children_used},
                                 {"missing", std::move(missing)},
                                 {"valuesWritten", r->values_written},
                                 {"valuesKept", r->values_kept},
                                 {"valuesLocked", r->values_locked}});
}

// POST /api/v1/reports/{form}/{unit}/{period}/waive-children {"reason", "children": [codes] (empty: every child not
// approved)}
Response waive_children(Api& s, Request& req, const Principal& p) {
  auto body = parse_json_object(req);
  if (!body) return problem(body.error(), req);
  auto reason = string_field(*body, "reason", true);
  if (!reason) return problem(reason.error(), req);
  std::vector<std::string> children;
  if (const auto* list = body->if_contains("children"); list && list->is_array()) {
    for (const auto& c : list->as_array()) {
      if (c.is_string()) children.emplace_back(c.as_string());
    }
  }
  auto n = s.reports.waive_children(p, std::string(req.param("form")), std::string(req.param("unit")),
                                    std::string(req.param("period")), children, *reason);
  if (!n) return problem(n.error(), req);
  return reply(200, json::object{{"waived", *n}});
}

// GET /api/v1/reports/{form}/{unit}/{period}/revisions
Response list_revisions(Api& s, Request& req, const Principal& p) {
  auto list = s.reports.revisions(p, std::string(req.param("form")), std::string(req.param("unit")),
                                  std::string(req.param("period")));
  if (!list) return problem(list.error(), req);
  json::array arr;
  for (const auto& r : *list) {
    arr.push_back(
        json::object{{"revision", r.revision}, {"submittedAt", r.submitted_at}, {"submittedBy", r.submitted_by}});
  }
  return reply(200, json::object{{"revisions", std::move(arr)}});
}

// GET /api/v1/reports/{form}/{unit}/{period}/diff?from=1&to=2
Response get_diff(Api& s, Request& req, const Principal& p) {
  auto from = query_int(req, "from", 1, 1, 1000000);
  if (!from) return problem(from.error(), req);
  auto to = query_int(req, "to", 2, 1, 1000000);
  if (!to) return problem(to.error(), req);
  auto changes = s.reports.diff(p, std::string(req.param("form")), std::string(req.param("unit")),
                                std::string(req.param("period")), static_cast<int>(*from), static_cast<int>(*to));
  if (!changes) return problem(changes.error(), req);
  json::array arr;
  for (const auto& c : *changes) {
    arr.push_back(json::object{{"kind", c.kind},
                               {"key", c.key},
                               {"before", c.before ? json::value(*c.before) : json::value(nullptr)},
                               {"after", c.after ? json::value(*c.after) : json::value(nullptr)}});
  }
  return reply(200, json::object{{"from", *from}, {"to", *to}, {"changes", std::move(arr)}});
}

// GET /api/v1/completeness?form=&period=&unit=
Response get_completeness(Api& s, Request& req, const Principal& p) {
  for (const char* name : {"form", "period", "unit"}) {
    if (!req.query_param(name)) {
      return problem(core::make_error(core::ErrorCode::InvalidValue, "thiếu tham số " + std::string(name),
                                      "parameter " + std::string(name) + " is required", name),
                     req);
    }
  }
  auto c = s.completeness.compute(p, query(req, "form"), query(req, "period"), query(req, "unit"));
  if (!c) return problem(c.error(), req);
  json::array rows;
  for (const auto& r : c->rows) rows.push_back(completeness_row_json(r));
  return reply(200, json::object{{"form", c->form},
                                 {"period", c->period},
                                 {"unit", c->unit},
                                 {"expected", c->expected},
                                 {"received", c->received},
                                 {"onTime", c->on_time},
                                 {"approved", c->approved},
                                 {"filledAverage", std::round(c->filled_average * 1000) / 1000},
                                 {"actions", actions_json(c->actions)},
                                 {"rows", std::move(rows)}});
}

// GET /api/v1/me/reports-due?today=YYYY-MM-DD (today: for previews and tests; default today in Viet Nam)
Response list_reports_due(Api& s, Request& req, const Principal& p) {
  const std::string today = query(req, "today", core::today_in_vietnam());
  if (!core::is_iso_date(today)) {
    return problem(core::make_error(core::ErrorCode::InvalidValue, "ngày \"" + today + "\" không hợp lệ",
                                    "date \"" + today + "\" is not valid", "today"),
                   req);
  }
  auto list = s.completeness.due(p, today);
  if (!list) return problem(list.error(), req);
  json::array arr;
  for (const auto& d : *list) {
    arr.push_back(json::object{{"form", d.form},
                               {"formNameVi", d.form_name_vi},
                               {"unit", d.unit_code},
                               {"unitNameVi", d.unit_name_vi},
                               {"period", d.period},
                               {"periodLabelVi", d.period_label_vi},
                               {"dueBefore", d.due_before ? json::value(*d.due_before) : json::value(nullptr)},
                               {"status", d.status},
                               {"overdue", d.overdue},
                               {"daysLeft", d.days_left ? json::value(*d.days_left) : json::value(nullptr)}});
  }
  return reply(200, json::object{{"today", today}, {"reports", std::move(arr)}});
}

}  // namespace tienbo::http::api
