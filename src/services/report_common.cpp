// Shared by the report service's files: loading a report with its definition, unit and
// scope check; reading its values; the view; transitions; the errors they share.
#include "report_internal.hpp"

#include <array>

#include <algorithm>
#include <cmath>
#include <set>

#include "tienbo/auth/token.hpp"
#include "tienbo/core/date.hpp"
#include "tienbo/core/json_writer.hpp"
#include "tienbo/core/text.hpp"
#include "tienbo/core/value_syntax.hpp"
#include "tienbo/io/file_types.hpp"
#include "tienbo/io/metadata_package.hpp"
#include "tienbo/services/access_control.hpp"
#include "tienbo/services/search_service.hpp"
#include "tienbo/services/text_input.hpp"

namespace tienbo::services::report_detail {

using auth::Action;
using core::ErrorCode;
using core::fail;
using core::Unexpected;

namespace {
core::Period comparison_period(const FormDefinition& def, const core::Period& p) {
  if (def.expected_periods.size() == 1) return p.same_period_last_year();
  return p.previous();
}

}  // namespace

std::string status_vi(ReportStatus s) {
  switch (s) {
    case ReportStatus::Draft:
      return "đang soạn";
    case ReportStatus::Submitted:
      return "đã nộp";
    case ReportStatus::Approved:
      return "đã phê duyệt";
    case ReportStatus::Returned:
      return "bị trả lại";
  }
  return std::string(to_string(s));
}

// The period a report is compared with: last year's same period for forms
// reported once a year per type (e.g. the first-half review), otherwise the one before.

core::Result<Loaded> load(store::Tx& tx, MetadataService& metadata, const Principal& p, Action action,
                          const std::string& form, const std::string& unit_code, const std::string& period_code) {
  auto period = core::Period::parse(period_code);
  if (!period) return Unexpected{std::move(period).error()};
  auto def = metadata.definition(tx, form, *period);
  if (!def) return Unexpected{std::move(def).error()};
  TIENBO_TRY((*def)->check_period(*period));
  // The unit as it was at the end of the period (the 2025 reform changed the units).
  const std::string today = core::today_in_vietnam();
  const std::string as_of = std::min(period->end_date(), today);
  auto unit = tx.units().find_by_code(unit_code, as_of);
  if (!unit) return Unexpected{std::move(unit).error()};
  const auto unit_missing =
      core::make_error(ErrorCode::NotFound, "không tìm thấy đơn vị " + unit_code + " trong kỳ " + period->label_vi(),
                       "not found: unit " + unit_code + " in " + period->label_en());
  if (!*unit) return Unexpected{unit_missing};
  TIENBO_TRY(AccessControl::require(tx, p, action, (*unit)->id, "báo cáo của đơn vị " + unit_code,
                                    "the report of unit " + unit_code, unit_missing));
  if (!(*def)->reported_by((*unit)->unit_type, (*unit)->hierarchy)) {
    return fail(ErrorCode::InvalidValue,
                "đơn vị " + (*unit)->name_vi + " không thuộc diện báo cáo biểu mẫu " + (*def)->form.code,
                "unit " + unit_code + " does not report form " + (*def)->form.code, "unit");
  }
  auto report = tx.reports().find((*def)->form.id, (*unit)->id, period->code());
  if (!report) return Unexpected{std::move(report).error()};
  return Loaded{std::move(*def), *period, std::move(**unit), std::move(*report)};
}

std::vector<std::int64_t> element_ids(const FormDefinition& def) {
  std::vector<std::int64_t> ids;
  for (const auto& [id, e] : def.elements) ids.push_back(id);
  return ids;
}

core::Result<ValueMap> read_values(store::Tx& tx, const FormDefinition& def, const std::string& period,
                                   std::int64_t unit_id) {
  auto rows = tx.values().values(element_ids(def), period, unit_id);
  if (!rows) return Unexpected{std::move(rows).error()};
  ValueMap out;
  for (const auto& v : *rows) {
    auto e = def.elements.find(v.data_element_id);
    if (e == def.elements.end()) continue;
    for (const auto& oc : e->second.combo.option_combos) {
      if (oc.id == v.option_combo_id)
        out[e->second.element.code][oc.code] = {v.value, v.comment, v.source, v.data_source};
    }
  }
  return out;
}

namespace {

// The register's figures: offered (and read-only) while the report can be edited; a
// submitted or approved report shows what it was submitted with.
core::Result<void> add_register_figures(store::Tx& tx, const Loaded& l, ReportView& v) {
  auto reg = register_figures(tx, l);
  if (!reg) return Unexpected{std::move(reg).error()};
  v.warnings = std::move(reg->warnings);
  if (!l.report || is_editable(l.report->status)) {
    for (auto& [code, options] : reg->cells) {
      auto& cells = v.values[code];
      for (auto& [option, cell] : options) {
        if (auto it = cells.find(option); it != cells.end()) cell.comment = it->second.comment;
        cells[option] = std::move(cell);
      }
    }
    v.from_register = std::move(reg->sources);
  }
  return {};
}

// The unit's figures consolidated from its children, by element and option code.
core::Result<void> add_consolidated_figures(store::Tx& tx, const Loaded& l, ReportView& v) {
  auto figures = tx.figures().consolidated_values(element_ids(*l.def), v.period, l.unit.id);
  if (!figures) return Unexpected{std::move(figures).error()};
  for (const auto& f : *figures) {
    auto e = l.def->elements.find(f.data_element_id);
    if (e == l.def->elements.end()) continue;
    for (const auto& oc : e->second.combo.option_combos) {
      if (oc.id == f.option_combo_id) {
        v.consolidated[e->second.element.code][oc.code] = {f.value, f.children_used, f.children_expected, f.updated_at};
      }
    }
  }
  return {};
}

// The report's narratives and the events of its history.
core::Result<void> add_narratives_and_history(store::Tx& tx, const store::ReportRecord& report, ReportView& v) {
  auto narr = tx.reports().narratives(report.id);
  if (!narr) return Unexpected{std::move(narr).error()};
  for (const auto& n : *narr) v.narratives[n.section_code] = n.body;
  auto events = tx.reports().events(report.id);
  if (!events) return Unexpected{std::move(events).error()};
  v.history = std::move(*events);
  return {};
}

// The form's rules over the report's values and those of the comparison period. Rules of an
// annual report that compare the year with its half-years read those too.
core::Result<std::vector<RuleResult>> rule_results(store::Tx& tx, const Loaded& l, const ValueMap& values,
                                                   const ValueMap& previous) {
  std::array<ValueMap, 2> halves;
  std::array<const ValueMap*, 2> half_ptrs{nullptr, nullptr};
  if (l.period.type() == core::PeriodType::Year &&
      std::any_of(l.def->rules.begin(), l.def->rules.end(),
                  [](const RuleDef& r) { return r.left.uses_half_years() || r.right.uses_half_years(); })) {
    for (int h = 0; h < 2; ++h) {
      auto read = read_values(tx, *l.def, std::to_string(l.period.year()) + "S" + std::to_string(h + 1), l.unit.id);
      if (!read) return Unexpected{std::move(read).error()};
      halves[static_cast<std::size_t>(h)] = std::move(*read);
      half_ptrs[static_cast<std::size_t>(h)] = &halves[static_cast<std::size_t>(h)];
    }
  }
  return evaluate_rules(*l.def, values, previous, half_ptrs);
}

}  // namespace

// Everything read here must be of the unit's own report data, or of units, metadata or
// committees: store::Store::report_version() covers exactly these, and http's cache of rendered
// views relies on it. Reading another unit's data here needs that unit's version in the cache too.
core::Result<ReportView> build_view(store::Tx& tx, const Principal& p, const Loaded& l) {
  ReportView v;
  v.definition = l.def;
  v.unit_code = l.unit.code;
  v.unit_name_vi = l.unit.name_vi;
  v.period = l.period.code();
  v.status = l.report ? l.report->status : ReportStatus::Draft;
  v.version = l.report ? l.report->version : 0;
  v.due_before = l.def->due_before(l.unit.unit_type, l.period);
  auto values = read_values(tx, *l.def, v.period, l.unit.id);
  if (!values) return Unexpected{std::move(values).error()};
  v.values = std::move(*values);
  TIENBO_TRY(add_register_figures(tx, l, v));
  TIENBO_TRY(add_consolidated_figures(tx, l, v));
  for (const auto& [id, e] : l.def->elements) {
    if (!e.numeric()) continue;
    if (auto t = total_of(e, v.values)) v.totals[e.element.code] = *t;
  }
  const core::Period prev = comparison_period(*l.def, l.period);
  v.previous_period = prev.code();
  auto previous = read_values(tx, *l.def, v.previous_period, l.unit.id);
  if (!previous) return Unexpected{std::move(previous).error()};
  for (const auto& [code, options] : *previous) {
    for (const auto& [option, cell] : options) v.previous[code][option] = cell.value;
  }
  if (l.report) TIENBO_TRY(add_narratives_and_history(tx, *l.report, v));
  auto violations = rule_results(tx, l, v.values, *previous);
  if (!violations) return Unexpected{std::move(violations).error()};
  v.violations = std::move(*violations);
  auto ancestry = tx.units().ancestor_ids(l.unit.id);
  if (!ancestry) return Unexpected{std::move(ancestry).error()};
  v.unit_ancestry = std::move(*ancestry);
  v.unit_id = l.unit.id;
  // The same test as AccessControl::can for a write, on the ancestry read once.
  v.rights = AccessControl::report_rights(p.grants, v.unit_ancestry);
  v.editable = v.rights.edit && is_editable(v.status);
  v.actions = report_actions(v.status, l.report.has_value(), v.rights, l.unit.unit_type);
  return v;
}

core::Result<bool> finish_writes(store::Tx& tx, Loaded& l) {
  auto committed = tx.commit_writes_keep_reading();
  if (!committed) return committed;
  // A writer of another process (a one-shot command) may have come in between the commit and
  // the read that followed it: the record read now is the one the view's data agree with.
  auto report = tx.reports().find(l.def->form.id, l.unit.id, l.period.code());
  if (!report) return Unexpected{std::move(report).error()};
  l.report = std::move(*report);
  return committed;
}

core::Error stale(std::int64_t current, std::int64_t given) {
  auto e = core::make_error(
      ErrorCode::Conflict,
      "báo cáo đã được người khác lưu (phiên bản " + std::to_string(current) + ", bạn đang sửa phiên bản " +
          std::to_string(given) + "); hãy xem dữ liệu hiện tại và nhập lại thay đổi của bạn",
      "someone else saved this report (version " + std::to_string(current) + ", you were editing version " +
          std::to_string(given) + "); review the current data and apply your changes again",
      "version");
  e.reason = "stale_version";
  e.current_version = current;
  return e;
}

std::string now() { return core::utc_timestamp(std::chrono::system_clock::now()); }

std::string content_json(const ReportView& v) {
  core::JsonObject values;
  for (const auto& [code, options] : v.values) {
    for (const auto& [option, cell] : options) values.add(code + "." + option, cell.value);
  }
  core::JsonObject narratives;
  for (const auto& [section, text] : v.narratives) narratives.add(section, text);
  return core::JsonObject().add_raw("values", values.str()).add_raw("narratives", narratives.str()).str();
}

std::vector<core::RuleViolation> client_violations(const std::vector<RuleResult>& list) {
  std::vector<core::RuleViolation> out;
  out.reserve(list.size());
  for (const auto& r : list) out.push_back({r.code, r.severity, r.message_vi, r.message_en, r.importance, r.elements});
  return out;
}

namespace {
const std::array<WorkflowStep, 5> kWorkflow{{
    {"submit",
     {ReportStatus::Draft, ReportStatus::Returned},
     ReportStatus::Submitted,
     "chỉ nộp được báo cáo đang soạn hoặc bị trả lại",
     "only a draft or returned report can be submitted"},
    {"approve",
     {ReportStatus::Submitted},
     ReportStatus::Approved,
     "chỉ phê duyệt được báo cáo đã nộp",
     "only a submitted report can be approved"},
    {"return",
     {ReportStatus::Submitted},
     ReportStatus::Returned,
     "chỉ trả lại được báo cáo đã nộp",
     "only a submitted report can be returned"},
    {"reopen",
     {ReportStatus::Approved},
     ReportStatus::Returned,
     "chỉ mở lại được báo cáo đã phê duyệt",
     "only an approved report can be reopened"},
    {"withdraw",
     {ReportStatus::Submitted},
     ReportStatus::Draft,
     "chỉ rút lại được báo cáo đã nộp và chưa được xem xét (chưa phê duyệt, chưa trả lại)",
     "only a submitted report not yet reviewed (approved or returned) can be withdrawn"},
}};
}  // namespace

bool is_editable(ReportStatus s) { return s == ReportStatus::Draft || s == ReportStatus::Returned; }

namespace {

bool step_starts_from(std::string_view action, ReportStatus status) {
  const auto& from = workflow_step(action).from;
  return std::find(from.begin(), from.end(), status) != from.end();
}

}  // namespace

const WorkflowStep& workflow_step(std::string_view action) {
  for (const auto& step : kWorkflow) {
    if (step.action == action) return step;
  }
  return kWorkflow.front();
}

core::Result<void> check_step(const WorkflowStep& step, const std::optional<store::ReportRecord>& report) {
  const ReportStatus current = report ? report->status : ReportStatus::Draft;
  if (std::find(step.from.begin(), step.from.end(), current) != step.from.end()) return {};
  const std::string now_text(to_string(current));
  return fail(ErrorCode::Conflict, std::string(step.refused_vi) + " (báo cáo đang " + status_vi(current) + ")",
              std::string(step.refused_en) + " (it is " + now_text + ")", "status");
}

core::Result<void> transition(store::Tx& tx, const Principal& p, Loaded& l, const WorkflowStep& step,
                              const TransitionCommand& cmd, const std::optional<std::string>& details) {
  const std::string action(step.action);
  const std::string to(to_string(step.to));
  auto& r = *l.report;
  const std::string from(to_string(r.status));
  const std::int64_t expected = r.version;
  r.status = step.to;
  r.version = expected + 1;
  r.updated_at = now();
  switch (step.to) {
    case ReportStatus::Submitted:
      r.submitted_at = r.updated_at;
      r.submitted_by = p.login;
      r.approved_at.reset();
      r.approved_by.reset();
      break;
    case ReportStatus::Approved:
      r.approved_at = r.updated_at;
      r.approved_by = p.login;
      break;
    case ReportStatus::Returned:
      r.approved_at.reset();
      r.approved_by.reset();
      break;
    case ReportStatus::Draft:  // withdrawn: no longer submitted (its revision stays in the history)
      r.submitted_at.reset();
      r.submitted_by.reset();
      break;
  }
  auto updated = tx.reports().update_status(r, expected);
  if (!updated) return Unexpected{std::move(updated).error()};
  if (!*updated) return Unexpected{stale(expected + 1, expected)};
  auto comment = clean_text(cmd.comment, "comment", 4000, Required::No, Lines::Many);
  if (!comment) return Unexpected{std::move(comment).error()};
  TIENBO_TRY(tx.reports().add_event(r.id, {0, action, from, to, p.login, r.updated_at, *comment, details}));
  TIENBO_TRY(tx.audit().append({p.login, p.request_id, action, "report",
                                l.def->form.code + "/" + l.unit.code + "/" + l.period.code(), l.unit.id,
                                core::JsonObject().add("status", from).str(),
                                core::JsonObject().add("status", to).add("version", r.version).str()}));
  return {};
}

std::string narrative_ref(const Loaded& l, const std::string& section) {
  return l.def->form.code + "/" + l.unit.code + "/" + l.period.code() + "/" + section;
}

std::string narrative_title(const Loaded& l, const std::string& section) {
  std::string title = section;
  for (const auto& s : l.def->sections) {
    if (s.code == section) title = s.title_vi;
  }
  return title + " — " + l.unit.name_vi + ", " + l.period.label_vi();
}

core::Result<void> ensure_report(store::Tx& tx, Loaded& l, const std::string& ts) {
  if (l.report) return {};
  store::ReportRecord r;
  r.form_id = l.def->form.id;
  r.form_version_id = l.def->version.id;
  r.unit_id = l.unit.id;
  r.period = l.period.code();
  r.status = ReportStatus::Draft;
  r.version = 0;
  r.created_at = ts;
  r.updated_at = ts;
  auto id = tx.reports().insert(r);
  if (!id) return Unexpected{std::move(id).error()};
  r.id = *id;
  l.report = r;
  return {};
}

core::Result<std::vector<store::UnitRecord>> reporting_children(store::Tx& tx, const Loaded& l) {
  const std::string as_of = std::min(l.period.end_date(), core::today_in_vietnam());
  auto kids = tx.units().children(l.unit.id, as_of);
  if (!kids) return Unexpected{std::move(kids).error()};
  std::vector<store::UnitRecord> out;
  for (auto& k : *kids) {
    if (l.def->reported_by(k.unit_type, k.hierarchy)) out.push_back(std::move(k));
  }
  return out;
}

// 409: the values are also in another form's report that is submitted or approved.
core::Error locked_by_other_report(const Loaded& l, const std::vector<store::LockingReport>& locks) {
  std::string names_vi;
  std::string names_en;
  std::string elements_vi;
  std::string elements_en;
  std::vector<std::string> locked_forms;
  std::set<std::string> seen_forms;
  std::set<std::int64_t> seen_elements;
  for (const auto& k : locks) {
    if (seen_forms.insert(k.form_code).second) {
      names_vi +=
          (names_vi.empty() ? "" : "; ") + k.form_code + " — " + k.form_name_vi + " (" + status_vi(k.status) + ")";
      names_en += (names_en.empty() ? "" : "; ") + k.form_code + " (" + std::string(to_string(k.status)) + ")";
      locked_forms.push_back(k.form_code);
    }
    if (seen_elements.insert(k.data_element_id).second && seen_elements.size() <= 5) {
      auto e = l.def->elements.find(k.data_element_id);
      const std::string code = e != l.def->elements.end() ? e->second.element.code : std::to_string(k.data_element_id);
      elements_vi += (elements_vi.empty() ? "" : ", ") +
                     (e != l.def->elements.end() ? "\"" + e->second.element.name_vi + "\"" : code);
      elements_en += (elements_en.empty() ? "" : ", ") + code;
    }
  }
  auto e =
      core::make_error(ErrorCode::Conflict,
                       "không sửa được " + elements_vi + ": số liệu này cũng nằm trong báo cáo " + names_vi + " của " +
                           l.unit.name_vi + " kỳ " + l.period.label_vi() +
                           "; số liệu đã nộp hoặc đã phê duyệt chỉ thay đổi khi báo cáo đó được trả lại hoặc mở lại",
                       "cannot change " + elements_en + ": the same figures are in the report " + names_en +
                           " of unit " + l.unit.code + " for " + l.period.label_en() +
                           "; submitted or approved figures change only after that report is returned or reopened",
                       "values");
  e.reason = "locked_by_other_report";
  e.locked_by = locked_forms;
  return e;
}

core::Result<void> check_version(const Loaded& l, std::int64_t given) {
  const std::int64_t current = l.report ? l.report->version : 0;
  if (current != given) return Unexpected{stale(current, given)};
  return {};
}

}  // namespace tienbo::services::report_detail

namespace tienbo::services {

std::vector<std::string_view> report_actions(core::ReportStatus st, bool saved, const ReportRights& rights,
                                             core::UnitType unit_type) {
  using report_detail::is_editable;
  const bool has_lower_level = unit_type != core::UnitType::Commune && unit_type != core::UnitType::Agency;
  std::vector<std::string_view> out;
  if (rights.edit && is_editable(st)) {
    out.insert(out.end(), {"save", "attach"});
    // Submitting needs something saved first (the server answers 409 otherwise).
    if (saved && report_detail::step_starts_from("submit", st)) out.emplace_back("submit");
    if (has_lower_level) out.emplace_back("consolidate");
  }
  // Withdrawing is the unit's own step, before the level above has looked at it.
  if (rights.edit && report_detail::step_starts_from("withdraw", st)) out.emplace_back("withdraw");
  if (rights.approve && report_detail::step_starts_from("approve", st)) out.emplace_back("approve");
  if (rights.approve && report_detail::step_starts_from("return", st)) out.emplace_back("return");
  // Reopening loads the report with the approve right, then asks for the higher one.
  if (rights.approve && rights.reopen && report_detail::step_starts_from("reopen", st)) out.emplace_back("reopen");
  if (rights.approve && has_lower_level) out.emplace_back("waive");
  return out;
}

}  // namespace tienbo::services
