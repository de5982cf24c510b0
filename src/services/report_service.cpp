#include "tienbo/services/report_service.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "tienbo/core/date.hpp"
#include "tienbo/core/log.hpp"
#include "tienbo/core/text.hpp"
#include "tienbo/core/value_syntax.hpp"
#include "tienbo/auth/token.hpp"
#include "tienbo/io/file_types.hpp"
#include "tienbo/io/metadata_package.hpp"
#include "tienbo/services/access_control.hpp"
#include "tienbo/services/search_service.hpp"
#include "tienbo/services/text_input.hpp"

namespace tienbo::services {

using auth::Action;
using core::ErrorCode;
using core::fail;
using core::Unexpected;

namespace {

struct Loaded {
  std::shared_ptr<const FormDefinition> def;
  core::Period period = core::Period::year(2000);
  store::UnitRecord unit;
  std::optional<store::ReportRecord> report;
};

std::string status_vi(const std::string& s) {
  if (s == "draft") return "đang soạn";
  if (s == "submitted") return "đã nộp";
  if (s == "approved") return "đã phê duyệt";
  if (s == "returned") return "bị trả lại";
  return s;
}

// The period a report is compared with: last year's same period for forms
// reported once a year per type (e.g. the first-half review), otherwise the one before.
core::Period comparison_period(const FormDefinition& def, const core::Period& p) {
  if (def.expected_periods.size() == 1) return p.same_period_last_year();
  return p.previous();
}

core::Result<Loaded> load(store::Tx& tx, MetadataService& metadata, const Principal& p, Action action, const std::string& form,
                          const std::string& unit_code, const std::string& period_code) {
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
  if (!*unit) {
    return fail(ErrorCode::NotFound, "không tìm thấy đơn vị " + unit_code + " trong kỳ " + period->label_vi(),
                "not found: unit " + unit_code + " in " + period->label_en());
  }
  TIENBO_TRY(AccessControl::require(tx, p, action, (*unit)->id, "báo cáo của đơn vị " + unit_code, "the report of unit " + unit_code));
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

using ValueMap = std::map<std::string, std::map<std::string, CellValue>>;

core::Result<ValueMap> read_values(store::Tx& tx, const FormDefinition& def, const std::string& period, std::int64_t unit_id) {
  auto rows = tx.reports().values(element_ids(def), period, unit_id);
  if (!rows) return Unexpected{std::move(rows).error()};
  ValueMap out;
  for (const auto& v : *rows) {
    auto e = def.elements.find(v.data_element_id);
    if (e == def.elements.end()) continue;
    for (const auto& oc : e->second.combo.option_combos) {
      if (oc.id == v.option_combo_id) out[e->second.element.code][oc.code] = {v.value, v.comment, v.source, v.data_source};
    }
  }
  return out;
}

std::optional<double> as_number(const std::string& v) {
  if (v == "true") return 1.0;
  if (v == "false") return 0.0;
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (end == v.c_str() || *end != '\0') return std::nullopt;
  return d;
}

// The total of a numeric element: its single value, or the sum of its present options.
std::optional<double> total_of(const ElementDef& e, const ValueMap& values) {
  auto it = values.find(e.element.code);
  if (it == values.end()) return std::nullopt;
  std::optional<double> sum;
  for (const auto& [option, cell] : it->second) {
    auto n = as_number(cell.value);
    if (n) sum = sum.value_or(0) + *n;
  }
  return sum;
}

std::optional<double> resolve(const FormDefinition& def, const ValueMap& values, const core::ExpressionRef& ref) {
  const ElementDef* e = def.element_by_code(ref.element);
  if (!e) return std::nullopt;
  if (ref.option.empty()) return total_of(*e, values);
  auto it = values.find(ref.element);
  if (it == values.end()) return std::nullopt;
  auto cell = it->second.find(ref.option);
  if (cell == it->second.end()) return std::nullopt;
  return as_number(cell->second.value);
}

std::vector<RuleResult> evaluate_rules(const FormDefinition& def, const ValueMap& current, const ValueMap& previous) {
  std::vector<RuleResult> out;
  for (const auto& r : def.rules) {
    bool any_missing = false;
    bool any_present = false;
    bool zero_for_missing = false;
    auto resolver = [&](const core::ExpressionRef& ref, int back) -> std::optional<double> {
      auto v = resolve(def, back == 0 ? current : previous, ref);
      if (v) any_present = true;
      else any_missing = true;
      if (!v && zero_for_missing) return 0.0;
      return v;
    };
    std::optional<double> left = r.left.evaluate(resolver);
    std::optional<double> right = r.right.evaluate(resolver);
    const std::string& op = r.rule.op;
    bool ok = true;
    if (op == "compulsory_pair") {
      ok = left.has_value() == right.has_value();
    } else if (op == "exclusive_pair") {
      ok = !(left.has_value() && right.has_value());
    } else {
      const std::string& strategy = r.rule.missing_strategy;
      if (any_missing && strategy == "skip_if_any_value_missing") continue;
      if (!any_present && strategy == "skip_if_all_values_missing") continue;
      if (any_missing) {
        zero_for_missing = true;
        left = r.left.evaluate(resolver);
        right = r.right.evaluate(resolver);
      }
      if (!left || !right) continue;  // e.g. a division by zero: nothing to say
      constexpr double kEps = 1e-9;
      const double a = *left;
      const double b = *right;
      if (op == "equal_to") ok = std::fabs(a - b) <= kEps;
      else if (op == "not_equal_to") ok = std::fabs(a - b) > kEps;
      else if (op == "greater_than") ok = a > b + kEps;
      else if (op == "greater_than_or_equal_to") ok = a >= b - kEps;
      else if (op == "less_than") ok = a < b - kEps;
      else if (op == "less_than_or_equal_to") ok = a <= b + kEps;
    }
    if (ok) continue;
    if (!r.rule.comment_satisfies.empty()) {
      auto it = current.find(r.rule.comment_satisfies);
      if (it != current.end() &&
          std::any_of(it->second.begin(), it->second.end(), [](const auto& kv) { return !kv.second.comment.empty(); })) {
        continue;
      }
    }
    RuleResult res;
    res.code = r.rule.code;
    res.severity = r.rule.severity;
    res.importance = r.rule.importance;
    auto fill = [&](std::string msg) {
      for (auto [token, v] : {std::pair{std::string("{left}"), left}, std::pair{std::string("{right}"), right}}) {
        for (auto pos = msg.find(token); pos != std::string::npos; pos = msg.find(token)) {
          msg.replace(pos, token.size(), v ? core::format_number_vi(*v) : "—");
        }
      }
      return msg;
    };
    res.message_vi = fill(r.rule.message_vi);
    res.message_en = fill(r.rule.message_en.empty() ? r.rule.message_vi : r.rule.message_en);
    for (const auto* e : {&r.left, &r.right}) {
      for (const auto& ref : e->references()) {
        if (std::find(res.elements.begin(), res.elements.end(), ref.element) == res.elements.end()) res.elements.push_back(ref.element);
      }
    }
    out.push_back(std::move(res));
  }
  std::stable_sort(out.begin(), out.end(), [](const RuleResult& a, const RuleResult& b) {
    return a.severity == "blocking" && b.severity != "blocking";
  });
  return out;
}

core::Result<ReportView> build_view(store::Tx& tx, const Principal& p, const Loaded& l) {
  ReportView v;
  v.definition = l.def;
  v.unit_code = l.unit.code;
  v.unit_name_vi = l.unit.name_vi;
  v.period = l.period.code();
  v.status = l.report ? l.report->status : "draft";
  v.version = l.report ? l.report->version : 0;
  v.due_before = l.def->due_before(l.unit.unit_type, l.period);
  auto values = read_values(tx, *l.def, v.period, l.unit.id);
  if (!values) return Unexpected{std::move(values).error()};
  v.values = std::move(*values);
  {
    auto figures = tx.reports().consolidated_values(element_ids(*l.def), v.period, l.unit.id);
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
  }
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
  if (l.report) {
    auto narr = tx.reports().narratives(l.report->id);
    if (!narr) return Unexpected{std::move(narr).error()};
    for (const auto& n : *narr) v.narratives[n.section_code] = n.body;
    auto events = tx.reports().events(l.report->id);
    if (!events) return Unexpected{std::move(events).error()};
    v.history = std::move(*events);
  }
  v.violations = evaluate_rules(*l.def, v.values, *previous);
  auto can_edit = AccessControl::can(tx, p, Action::DataEdit, l.unit.id);
  if (!can_edit) return Unexpected{std::move(can_edit).error()};
  v.editable = *can_edit && (v.status == "draft" || v.status == "returned");
  return v;
}

core::Error stale(std::int64_t current, std::int64_t given) {
  auto e = core::make_error(ErrorCode::Conflict,
                            "báo cáo đã được người khác lưu (phiên bản " + std::to_string(current) + ", bạn đang sửa phiên bản " +
                                std::to_string(given) + "); hãy xem dữ liệu hiện tại và nhập lại thay đổi của bạn",
                            "someone else saved this report (version " + std::to_string(current) + ", you were editing version " +
                                std::to_string(given) + "); review the current data and apply your changes again",
                            "version");
  e.details["reason"] = "stale_version";
  e.details["currentVersion"] = std::to_string(current);
  return e;
}

// Checks one value for its element's type and bounds and returns what is stored: the
// canonical text read by core::read_value ("1.250" -> "1250", "12,5" -> "12.5").
core::Result<std::string> check_value(const ElementDef& e, const std::string& raw, const std::string& field, core::NumberSyntax syntax) {
  const std::string name_vi = "\"" + e.element.name_vi + "\"";
  const std::string name_en = "\"" + (e.element.name_en.empty() ? e.element.code : e.element.name_en) + "\"";
  const auto type = core::value_type_from_string(e.element.value_type).value_or(core::ValueType::Text);
  if (type == core::ValueType::Text || type == core::ValueType::LongText) {
    auto text = type == core::ValueType::LongText ? clean_text(raw, field, 20000, Required::Yes, Lines::Many)
                                                  : clean_text(raw, field, 500, Required::Yes);
    if (!text) return Unexpected{std::move(text).error()};
    return *text;
  }
  const core::ValueBounds bounds{e.element.min_value, e.element.max_value};
  auto read = core::read_value(type, raw, bounds, syntax);
  if (auto* v = std::get_if<std::string>(&read)) return std::move(*v);
  const auto problem = std::get<core::ValueProblem>(read);
  const auto text = core::describe(problem, type, bounds);
  // What was typed, cut and made printable, so the message stays readable whatever arrived.
  std::string shown = core::is_valid_utf8(raw) ? raw.substr(0, 80) : std::string("(không phải UTF-8 / not UTF-8)");
  if (!core::is_valid_utf8(shown)) shown = raw.substr(0, 60);
  for (auto& c : shown) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  auto err = core::make_error(ErrorCode::InvalidValue, name_vi + ": " + text.vi + " (giá trị nhập: \"" + shown + "\")",
                              name_en + ": " + text.en + " (value entered: \"" + shown + "\")", field);
  err.details["problem"] = std::string(core::to_string(problem));
  return Unexpected{std::move(err)};
}

std::string now() { return core::utc_timestamp(std::chrono::system_clock::now()); }

std::string content_json(const ReportView& v) {
  std::string j = "{\"values\":{";
  bool first = true;
  for (const auto& [code, options] : v.values) {
    for (const auto& [option, cell] : options) {
      if (!first) j += ',';
      first = false;
      core::append_json_string(j, code + "." + option);
      j += ':';
      core::append_json_string(j, cell.value);
    }
  }
  j += "},\"narratives\":{";
  first = true;
  for (const auto& [section, text] : v.narratives) {
    if (!first) j += ',';
    first = false;
    core::append_json_string(j, section);
    j += ':';
    core::append_json_string(j, text);
  }
  j += "}}";
  return j;
}

std::string violations_json(const std::vector<RuleResult>& list) {
  std::string j = "[";
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i) j += ',';
    j += "{\"rule\":";
    core::append_json_string(j, list[i].code);
    j += ",\"severity\":";
    core::append_json_string(j, list[i].severity);
    j += ",\"message\":";
    core::append_json_string(j, list[i].message_vi);
    j += ",\"messageEn\":";
    core::append_json_string(j, list[i].message_en);
    j += ",\"importance\":";
    core::append_json_string(j, list[i].importance);
    j += ",\"elements\":[";
    for (std::size_t k = 0; k < list[i].elements.size(); ++k) {
      if (k) j += ',';
      core::append_json_string(j, list[i].elements[k]);
    }
    j += "]}";
  }
  return j + "]";
}

core::Result<void> transition(store::Tx& tx, const Principal& p, Loaded& l, const std::string& action, const std::string& to,
                              const TransitionCommand& cmd, const std::optional<std::string>& details) {
  auto& r = *l.report;
  const std::string from = r.status;
  const std::int64_t expected = r.version;
  r.status = to;
  r.version = expected + 1;
  r.updated_at = now();
  if (to == "submitted") {
    r.submitted_at = r.updated_at;
    r.submitted_by = p.login;
    r.approved_at.reset();
    r.approved_by.reset();
  } else if (to == "approved") {
    r.approved_at = r.updated_at;
    r.approved_by = p.login;
  } else if (to == "returned") {
    r.approved_at.reset();
    r.approved_by.reset();
  }
  auto updated = tx.reports().update_status(r, expected);
  if (!updated) return Unexpected{std::move(updated).error()};
  if (!*updated) return Unexpected{stale(expected + 1, expected)};
  auto comment = clean_text(cmd.comment, "comment", 4000, Required::No, Lines::Many);
  if (!comment) return Unexpected{std::move(comment).error()};
  TIENBO_TRY(tx.reports().add_event(r.id, {0, action, from, to, p.login, r.updated_at, *comment, details}));
  std::string after = "{\"status\":\"" + to + "\",\"version\":" + std::to_string(r.version) + "}";
  TIENBO_TRY(tx.audit().append({p.login, p.request_id, action, "report",
                                l.def->form.code + "/" + l.unit.code + "/" + l.period.code(), l.unit.id,
                                "{\"status\":\"" + from + "\"}", after}));
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

// Creates the (empty, draft, version 0) report row on its first write.
core::Result<void> ensure_report(store::Tx& tx, Loaded& l, const std::string& ts) {
  if (l.report) return {};
  store::ReportRecord r;
  r.form_id = l.def->form.id;
  r.form_version_id = l.def->version.id;
  r.unit_id = l.unit.id;
  r.period = l.period.code();
  r.status = "draft";
  r.version = 0;
  r.created_at = ts;
  r.updated_at = ts;
  auto id = tx.reports().insert(r);
  if (!id) return Unexpected{std::move(id).error()};
  r.id = *id;
  l.report = r;
  return {};
}

// The direct children of the report's unit, as of the period, that report its form.
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
  std::string forms;
  std::set<std::string> seen_forms;
  std::set<std::int64_t> seen_elements;
  for (const auto& k : locks) {
    if (seen_forms.insert(k.form_code).second) {
      names_vi += (names_vi.empty() ? "" : "; ") + k.form_code + " — " + k.form_name_vi + " (" + status_vi(k.status) + ")";
      names_en += (names_en.empty() ? "" : "; ") + k.form_code + " (" + k.status + ")";
      forms += (forms.empty() ? "" : ",") + k.form_code;
    }
    if (seen_elements.insert(k.data_element_id).second && seen_elements.size() <= 5) {
      auto e = l.def->elements.find(k.data_element_id);
      const std::string code = e != l.def->elements.end() ? e->second.element.code : std::to_string(k.data_element_id);
      elements_vi += (elements_vi.empty() ? "" : ", ") + (e != l.def->elements.end() ? "\"" + e->second.element.name_vi + "\"" : code);
      elements_en += (elements_en.empty() ? "" : ", ") + code;
    }
  }
  auto e = core::make_error(
      ErrorCode::Conflict,
      "không sửa được " + elements_vi + ": số liệu này cũng nằm trong báo cáo " + names_vi + " của " + l.unit.name_vi + " kỳ " +
          l.period.label_vi() + "; số liệu đã nộp hoặc đã phê duyệt chỉ thay đổi khi báo cáo đó được trả lại hoặc mở lại",
      "cannot change " + elements_en + ": the same figures are in the report " + names_en + " of unit " + l.unit.code + " for " +
          l.period.label_en() + "; submitted or approved figures change only after that report is returned or reopened",
      "values");
  e.details["reason"] = "locked_by_other_report";
  e.details["lockedBy"] = forms;
  return e;
}

core::Result<void> check_version(const Loaded& l, std::int64_t given) {
  const std::int64_t current = l.report ? l.report->version : 0;
  if (current != given) return Unexpected{stale(current, given)};
  return {};
}

}  // namespace

core::Result<ReportView> ReportService::get(const Principal& p, const std::string& form, const std::string& unit,
                                            const std::string& period) {
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataRead, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  return build_view(**tx, p, *l);
}

core::Result<ReportView> ReportService::save(const Principal& p, const std::string& form, const std::string& unit,
                                             const std::string& period, const SaveCommand& cmd) {
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataEdit, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  if (l->report && l->report->status != "draft" && l->report->status != "returned") {
    return fail(ErrorCode::Conflict,
                "báo cáo " + status_vi(l->report->status) + ", không sửa được; nếu cần sửa, hãy đề nghị cấp trên trả lại hoặc mở lại",
                "the report is " + l->report->status + " and cannot be changed; ask the level above to return or reopen it",
                "status");
  }
  TIENBO_TRY(check_version(*l, cmd.version));

  // Check every input first; nothing is written unless all of it is valid.
  std::set<std::string> form_elements;
  for (const auto& s : l->def->sections) {
    for (auto id : s.element_ids) form_elements.insert(l->def->elements.at(id).element.code);
  }
  struct Change {
    const ElementDef* element;
    const store::OptionComboRecord* option;
    std::optional<std::string> value;    // nullopt deletes
    std::optional<std::string> comment;  // nullopt keeps the stored comment
  };
  std::vector<Change> changes;
  std::string errors_vi;
  std::string errors_en;
  int bad = 0;
  std::string first_field;
  auto reject = [&](const core::Error& e) {
    if (bad == 0) first_field = e.field;
    ++bad;
    errors_vi += "\n  " + e.message_vi;
    errors_en += "\n  " + e.message_en;
  };
  for (std::size_t i = 0; i < cmd.values.size(); ++i) {
    const auto& in = cmd.values[i];
    const std::string field = "values[" + std::to_string(i) + "]";
    const ElementDef* e = form_elements.count(in.element) ? l->def->element_by_code(in.element) : nullptr;
    if (!e) {
      reject(core::make_error(ErrorCode::InvalidValue, "biểu mẫu không có chỉ tiêu " + in.element,
                              "the form has no data element " + in.element, field));
      continue;
    }
    const std::string option = in.option.empty() && !e->disaggregated() ? "TONG" : in.option;
    const auto* oc = e->option(option);
    if (!oc) {
      std::string list;
      for (const auto& o : e->combo.option_combos) list += (list.empty() ? "" : ", ") + o.code;
      reject(core::make_error(ErrorCode::InvalidValue,
                              "\"" + e->element.name_vi + "\" không có phân tổ \"" + in.option + "\"; chọn: " + list,
                              e->element.code + " has no option \"" + in.option + "\"; choose: " + list, field));
      continue;
    }
    std::optional<std::string> comment;
    if (in.comment) {
      auto c = clean_text(*in.comment, field + ".comment", 2000, Required::No, Lines::Many);
      if (!c) {
        reject(c.error());
        continue;
      }
      comment = *c;
    }
    if (in.value.empty() || core::collapse_spaces(in.value).empty()) {
      changes.push_back({e, oc, std::nullopt, comment});
      continue;
    }
    auto v = check_value(*e, in.value, field, in.syntax);
    if (!v) {
      reject(v.error());
      continue;
    }
    changes.push_back({e, oc, *v, comment});
  }
  std::map<std::string, std::string> narratives;
  for (const auto& [section, text] : cmd.narratives) {
    const bool known = std::any_of(l->def->sections.begin(), l->def->sections.end(),
                                   [&](const auto& s) { return s.code == section && s.kind == "narrative"; });
    if (!known) {
      reject(core::make_error(ErrorCode::InvalidValue, "biểu mẫu không có mục tường thuật " + section,
                              "the form has no narrative section " + section, "narratives." + section));
      continue;
    }
    auto t = clean_text(text, "narratives." + section, 50000, Required::No, Lines::Many);
    if (!t) {
      reject(t.error());
      continue;
    }
    narratives[section] = *t;
  }
  if (bad > 0) {
    return fail(ErrorCode::InvalidValue, std::to_string(bad) + " giá trị không hợp lệ, chưa lưu gì:" + errors_vi,
                std::to_string(bad) + " invalid value(s), nothing was saved:" + errors_en, first_field);
  }

  const std::string ts = now();
  TIENBO_TRY(ensure_report(**tx, *l, ts));
  auto before = read_values(**tx, *l->def, l->period.code(), l->unit.id);
  if (!before) return Unexpected{std::move(before).error()};
  std::string audit_before = "{";
  std::string audit_after = "{";
  int changed = 0;
  std::vector<ValueChange> committed;
  auto old_cell = [&](const Change& c) -> std::optional<CellValue> {
    if (auto it = before->find(c.element->element.code); it != before->end()) {
      if (auto cell = it->second.find(c.option->code); cell != it->second.end()) return cell->second;
    }
    return std::nullopt;
  };
  // One owner per number: a value shared with another form's submitted or approved report of
  // this unit and period is locked until that report goes back through its own transition.
  {
    std::set<std::int64_t> touched;
    for (const auto& c : changes) {
      const auto old = old_cell(c);
      const bool same = c.value ? old && old->value == *c.value && (!c.comment || old->comment == *c.comment) : !old;
      if (!same) touched.insert(c.element->element.id);
    }
    if (!touched.empty()) {
      const std::vector<std::int64_t> ids(touched.begin(), touched.end());
      auto locks = (*tx)->reports().locking_reports(l->unit.id, l->period.code(), ids, l->def->form.id);
      if (!locks) return Unexpected{std::move(locks).error()};
      if (!locks->empty()) return Unexpected{locked_by_other_report(*l, *locks)};
    }
  }
  for (const auto& c : changes) {
    const std::string key = c.element->element.code + "." + c.option->code;
    const std::optional<CellValue> old = old_cell(c);
    if (!c.value) {
      if (!old) continue;
      TIENBO_TRY((*tx)->reports().delete_value(c.element->element.id, l->period.code(), l->unit.id, c.option->id));
      if (c.element->numeric()) committed.push_back({c.element->element.id, c.option->id, l->unit.id, l->period.code(), std::nullopt});
    } else {
      const std::string comment = c.comment ? *c.comment : (old ? old->comment : std::string());
      if (old && old->value == *c.value && old->comment == comment) continue;
      store::DataValueRecord dv;
      dv.data_element_id = c.element->element.id;
      dv.period = l->period.code();
      dv.unit_id = l->unit.id;
      dv.option_combo_id = c.option->id;
      dv.value = *c.value;
      if (c.element->numeric()) dv.numeric_value = as_number(*c.value);
      dv.comment = comment;
      dv.updated_by = p.login;
      dv.updated_at = ts;
      TIENBO_TRY((*tx)->reports().upsert_value(dv));
      if (c.element->numeric()) committed.push_back({dv.data_element_id, dv.option_combo_id, dv.unit_id, dv.period, dv.numeric_value});
    }
    if (changed++) {
      audit_before += ',';
      audit_after += ',';
    }
    core::append_json_string(audit_before, key);
    audit_before += ':';
    if (old) core::append_json_string(audit_before, old->value);
    else audit_before += "null";
    core::append_json_string(audit_after, key);
    audit_after += ':';
    if (c.value) core::append_json_string(audit_after, *c.value);
    else audit_after += "null";
  }
  std::map<std::string, std::string> stored_narratives;
  {
    auto stored = (*tx)->reports().narratives(l->report->id);
    if (!stored) return Unexpected{std::move(stored).error()};
    for (auto& n : *stored) stored_narratives[n.section_code] = std::move(n.body);
  }
  for (const auto& [section, text] : narratives) {
    if (auto it = stored_narratives.find(section); it != stored_narratives.end() ? it->second == text : text.empty()) continue;
    TIENBO_TRY((*tx)->reports().upsert_narrative(l->report->id, {section, text, p.login, ts}));
    TIENBO_TRY(index_narrative(**tx, narrative_ref(*l, section), l->unit.id, narrative_title(*l, section), text));
    if (changed++) {
      audit_before += ',';
      audit_after += ',';
    }
    core::append_json_string(audit_after, "narrative." + section);
    audit_after += ':';
    core::append_json_string(audit_after, std::to_string(text.size()) + " bytes");
    core::append_json_string(audit_before, "narrative." + section);
    audit_before += ":null";
  }
  audit_before += '}';
  audit_after += '}';
  if (changed == 0 && l->report->version > 0) {
    // Nothing changed: keep the version, so nobody else's save becomes stale for nothing.
    auto view = build_view(**tx, p, *l);
    if (!view) return Unexpected{std::move(view).error()};
    return view;
  }
  store::ReportRecord r = *l->report;
  const std::int64_t expected = r.version;
  r.version = expected + 1;
  r.updated_at = ts;
  auto updated = (*tx)->reports().update_status(r, expected);
  if (!updated) return Unexpected{std::move(updated).error()};
  if (!*updated) return Unexpected{stale(expected + 1, expected)};
  l->report = r;
  TIENBO_TRY((*tx)->audit().append({p.login, p.request_id, "save", "report",
                                    l->def->form.code + "/" + l->unit.code + "/" + l->period.code(), l->unit.id, audit_before,
                                    audit_after}));
  auto view = build_view(**tx, p, *l);
  if (!view) return Unexpected{std::move(view).error()};
  // Other instances on the same PostgreSQL hear of the change when it commits.
  if (listener_ && !committed.empty()) TIENBO_TRY((*tx)->notify(kValuesChannel, encode_value_changes(listener_->origin(), committed)));
  TIENBO_TRY((*tx)->commit());
  if (listener_ && !committed.empty()) listener_->values_committed(committed);
  return view;
}

core::Result<ReportView> ReportService::submit(const Principal& p, const std::string& form, const std::string& unit,
                                               const std::string& period, const TransitionCommand& cmd) {
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataEdit, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  if (!l->report) {
    return fail(ErrorCode::Conflict, "báo cáo chưa có dữ liệu; hãy nhập và lưu trước khi nộp",
                "the report has no data yet; enter and save it before submitting", "status");
  }
  if (l->report->status != "draft" && l->report->status != "returned") {
    return fail(ErrorCode::Conflict, "báo cáo " + status_vi(l->report->status) + ", không nộp lại được",
                "the report is " + l->report->status + " and cannot be submitted again", "status");
  }
  TIENBO_TRY(check_version(*l, cmd.version));
  auto view = build_view(**tx, p, *l);
  if (!view) return Unexpected{std::move(view).error()};
  std::vector<RuleResult> blocking;
  for (const auto& v : view->violations) {
    if (v.severity == "blocking") blocking.push_back(v);
  }
  if (!blocking.empty()) {
    std::string vi = "chưa nộp được: " + std::to_string(blocking.size()) + " lỗi cần sửa";
    std::string en = "cannot submit yet: " + std::to_string(blocking.size()) + " problem(s) to fix";
    for (const auto& b : blocking) {
      vi += "\n  • " + b.message_vi;
      en += "\n  • " + b.message_en;
    }
    auto e = core::make_error(ErrorCode::InvalidValue, vi, en, "values");
    e.details["violations"] = violations_json(blocking);
    return Unexpected{std::move(e)};
  }
  auto revisions = (*tx)->reports().revisions(l->report->id);
  if (!revisions) return Unexpected{std::move(revisions).error()};
  TIENBO_TRY(transition(**tx, p, *l, "submit", "submitted", cmd, std::nullopt));
  TIENBO_TRY((*tx)->reports().add_revision(
      l->report->id, {static_cast<int>(revisions->size()) + 1, *l->report->submitted_at, p.login, content_json(*view)}));
  auto out = build_view(**tx, p, *l);
  if (!out) return Unexpected{std::move(out).error()};
  TIENBO_TRY((*tx)->commit());
  return out;
}

core::Result<ReportView> ReportService::approve(const Principal& p, const std::string& form, const std::string& unit,
                                                const std::string& period, const TransitionCommand& cmd) {
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataApprove, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  if (!l->report || l->report->status != "submitted") {
    return fail(ErrorCode::Conflict, "chỉ phê duyệt được báo cáo đã nộp (báo cáo đang " + status_vi(l->report ? l->report->status : "draft") + ")",
                "only a submitted report can be approved (it is " + (l->report ? l->report->status : std::string("draft")) + ")",
                "status");
  }
  TIENBO_TRY(check_version(*l, cmd.version));
  // Bottom-up: a parent is approved only after each reporting child is approved or waived.
  {
    auto found = reporting_children(**tx, *l);
    if (!found) return Unexpected{std::move(found).error()};
    const std::vector<store::UnitRecord>& children = *found;
    std::vector<std::int64_t> ids;
    for (const auto& c : children) ids.push_back(c.id);
    auto reports = (*tx)->reports().for_units(l->def->form.id, l->period.code(), ids);
    if (!reports) return Unexpected{std::move(reports).error()};
    auto waived = (*tx)->reports().waived(l->def->form.id, l->period.code(), ids);
    if (!waived) return Unexpected{std::move(waived).error()};
    std::set<std::int64_t> done(waived->begin(), waived->end());
    for (const auto& r : *reports) {
      if (r.status == "approved") done.insert(r.unit_id);
    }
    std::vector<std::string> pending;
    for (const auto& c : children) {
      if (!done.count(c.id)) pending.push_back(c.name_vi);
    }
    if (!pending.empty()) {
      std::string names;
      for (std::size_t i = 0; i < pending.size() && i < 5; ++i) names += (i ? ", " : "") + pending[i];
      if (pending.size() > 5) names += ", …";
      return fail(ErrorCode::Conflict,
                  "chưa phê duyệt được: còn " + std::to_string(pending.size()) + " đơn vị cấp dưới chưa được phê duyệt hoặc miễn báo cáo (" +
                      names + ")",
                  "cannot approve yet: " + std::to_string(pending.size()) + " child unit(s) are neither approved nor waived (" + names +
                      ")",
                  "children");
    }
  }
  TIENBO_TRY(transition(**tx, p, *l, "approve", "approved", cmd, std::nullopt));
  auto out = build_view(**tx, p, *l);
  if (!out) return Unexpected{std::move(out).error()};
  TIENBO_TRY((*tx)->commit());
  return out;
}

core::Result<ReportView> ReportService::return_report(const Principal& p, const std::string& form, const std::string& unit,
                                                      const std::string& period, const TransitionCommand& cmd) {
  if (core::collapse_spaces(cmd.comment).empty() && cmd.reasons.empty()) {
    return fail(ErrorCode::InvalidValue, "hãy ghi lý do trả lại báo cáo", "give the reason for returning the report", "comment");
  }
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataApprove, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  if (!l->report || l->report->status != "submitted") {
    return fail(ErrorCode::Conflict, "chỉ trả lại được báo cáo đã nộp (báo cáo đang " + status_vi(l->report ? l->report->status : "draft") + ")",
                "only a submitted report can be returned (it is " + (l->report ? l->report->status : std::string("draft")) + ")",
                "status");
  }
  TIENBO_TRY(check_version(*l, cmd.version));
  std::string details = "{\"reasons\":{";
  bool first = true;
  for (const auto& [where, why] : cmd.reasons) {
    auto text = clean_text(why, "reasons." + where, 2000, Required::Yes, Lines::Many);
    if (!text) return Unexpected{std::move(text).error()};
    if (!first) details += ',';
    first = false;
    core::append_json_string(details, where);
    details += ':';
    core::append_json_string(details, *text);
  }
  details += "}}";
  TIENBO_TRY(transition(**tx, p, *l, "return", "returned", cmd, details));
  auto out = build_view(**tx, p, *l);
  if (!out) return Unexpected{std::move(out).error()};
  TIENBO_TRY((*tx)->commit());
  return out;
}

namespace {
constexpr std::string_view kConsolidated = "tổng hợp";  // updated_by of values written by consolidation
}

core::Result<ConsolidationResult> ReportService::consolidate(const Principal& p, const std::string& form, const std::string& unit,
                                                             const std::string& period, const ConsolidateCommand& cmd) {
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataEdit, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  if (l->report && l->report->status != "draft" && l->report->status != "returned") {
    return fail(ErrorCode::Conflict, "báo cáo " + status_vi(l->report->status) + ", không tổng hợp lại được",
                "the report is " + l->report->status + " and cannot be consolidated again", "status");
  }
  TIENBO_TRY(check_version(*l, cmd.version));
  auto found = reporting_children(**tx, *l);
  if (!found) return Unexpected{std::move(found).error()};
  ConsolidationResult result;
  const std::vector<store::UnitRecord>& children = *found;
  std::vector<std::int64_t> child_ids;
  for (const auto& c : children) child_ids.push_back(c.id);
  auto reports = (*tx)->reports().for_units(l->def->form.id, l->period.code(), child_ids);
  if (!reports) return Unexpected{std::move(reports).error()};
  std::map<std::int64_t, store::ReportRecord> usable;
  for (auto& r : *reports) {
    if (r.status == "approved" || (cmd.include_submitted && r.status == "submitted")) usable.emplace(r.unit_id, std::move(r));
  }
  auto waived_children = (*tx)->reports().waived(l->def->form.id, l->period.code(), child_ids);
  if (!waived_children) return Unexpected{std::move(waived_children).error()};
  std::set<std::int64_t> excused(waived_children->begin(), waived_children->end());
  std::vector<std::int64_t> used_ids;
  for (const auto& c : children) {
    if (usable.count(c.id)) used_ids.push_back(c.id);
    else if (!excused.count(c.id)) result.missing.emplace_back(c.code, c.name_vi);
  }
  result.children_used = static_cast<std::int64_t>(used_ids.size());

  // Numbers: aggregate each (element, option) over the children by the element's rule, into the
  // parent's consolidated figures (kept apart from its own entries, which stay as they are).
  // Yes/no items become counts: how many children answered yes.
  std::vector<std::int64_t> form_element_ids;
  for (const auto& s : l->def->sections) form_element_ids.insert(form_element_ids.end(), s.element_ids.begin(), s.element_ids.end());
  // Figures shared with another form's submitted or approved report of the parent stay as they are.
  std::set<std::int64_t> locked;
  {
    auto locks = (*tx)->reports().locking_reports(l->unit.id, l->period.code(), form_element_ids, l->def->form.id);
    if (!locks) return Unexpected{std::move(locks).error()};
    for (const auto& k : *locks) locked.insert(k.data_element_id);
  }
  std::vector<std::int64_t> open_ids;
  for (auto id : form_element_ids) {
    if (!locked.count(id)) open_ids.push_back(id);
  }
  auto child_values = (*tx)->reports().values_of_units(open_ids, l->period.code(), used_ids);
  if (!child_values) return Unexpected{std::move(child_values).error()};
  struct Sum {
    long double sum = 0;
    int count = 0;
  };
  std::map<std::pair<std::int64_t, std::int64_t>, Sum> agg;  // (element, option) -> (sum, count)
  for (const auto& v : *child_values) {
    if (!v.numeric_value) continue;
    auto& a = agg[{v.data_element_id, v.option_combo_id}];
    a.sum += *v.numeric_value;
    ++a.count;
  }
  auto own = (*tx)->reports().values(open_ids, l->period.code(), l->unit.id);
  if (!own) return Unexpected{std::move(own).error()};
  std::set<std::pair<std::int64_t, std::int64_t>> own_keys;
  for (const auto& v : *own) own_keys.insert({v.data_element_id, v.option_combo_id});
  const std::string ts = now();
  const int expected_children = static_cast<int>(children.size() - excused.size());
  TIENBO_TRY(ensure_report(**tx, *l, ts));
  std::vector<store::ConsolidatedValueRecord> figures;
  for (const auto& [key, a] : agg) {
    const auto& e = l->def->elements.at(key.first);
    const std::string& rule = e.element.aggregation;
    const bool boolean = e.element.value_type == "boolean";
    if (!boolean && rule != "sum" && rule != "average") continue;
    const long double value = boolean || rule == "sum" ? a.sum : a.sum / a.count;
    store::ConsolidatedValueRecord cv;
    cv.data_element_id = key.first;
    cv.period = l->period.code();
    cv.unit_id = l->unit.id;
    cv.option_combo_id = key.second;
    // Sums of values of at most 15 significant digits; the text keeps what a double holds exactly.
    cv.value = e.element.value_type == "integer" || boolean ? std::to_string(std::llround(value))
                                                             : core::decimal_text(static_cast<double>(value));
    cv.numeric_value = static_cast<double>(value);
    cv.children_used = a.count;
    cv.children_expected = expected_children;
    cv.updated_by = p.login;
    cv.updated_at = ts;
    if (own_keys.count(key)) ++result.values_kept;
    figures.push_back(std::move(cv));
    ++result.values_written;
  }
  TIENBO_TRY((*tx)->reports().replace_consolidated(open_ids, l->period.code(), l->unit.id, figures));
  result.values_locked = static_cast<std::int64_t>(locked.size());
  // Narratives: each section compiled from the children (a compiled text is marked as such in
  // updated_by, so that a person's own text is never replaced), each paragraph under the child's name.
  auto own_narr = (*tx)->reports().narratives(l->report->id);
  if (!own_narr) return Unexpected{std::move(own_narr).error()};
  std::map<std::string, store::NarrativeRecord> own_text;
  for (auto& n : *own_narr) own_text[n.section_code] = std::move(n);
  const std::string by = std::string(kConsolidated) + ":" + p.login;
  std::map<std::string, std::string> compiled;
  for (const auto& c : children) {
    auto it = usable.find(c.id);
    if (it == usable.end()) continue;
    auto narr = (*tx)->reports().narratives(it->second.id);
    if (!narr) return Unexpected{std::move(narr).error()};
    for (const auto& n : *narr) {
      if (core::collapse_spaces(n.body).empty()) continue;
      auto& text = compiled[n.section_code];
      if (!text.empty()) text += "\n\n";
      text += "— " + c.name_vi + ": " + n.body;
    }
  }
  for (const auto& [section, text] : compiled) {
    auto mine = own_text.find(section);
    if (mine != own_text.end() && !mine->second.body.empty() && !mine->second.updated_by.starts_with(kConsolidated)) continue;
    TIENBO_TRY((*tx)->reports().upsert_narrative(l->report->id, {section, text, by, ts}));
    TIENBO_TRY(index_narrative(**tx, narrative_ref(*l, section), l->unit.id, narrative_title(*l, section), text));
  }
  store::ReportRecord r = *l->report;
  const std::int64_t expected = r.version;
  r.version = expected + 1;
  r.updated_at = ts;
  auto updated = (*tx)->reports().update_status(r, expected);
  if (!updated) return Unexpected{std::move(updated).error()};
  if (!*updated) return Unexpected{stale(expected + 1, expected)};
  l->report = r;
  TIENBO_TRY((*tx)->reports().add_event(r.id, {0, "consolidate", r.status, r.status, p.login, ts,
                                               "Tổng hợp từ " + std::to_string(result.children_used) + "/" +
                                                   std::to_string(children.size()) + " đơn vị",
                                               std::nullopt}));
  TIENBO_TRY((*tx)->audit().append({p.login, p.request_id, "consolidate", "report",
                                    l->def->form.code + "/" + l->unit.code + "/" + l->period.code(), l->unit.id, std::nullopt,
                                    "{\"childrenUsed\":" + std::to_string(result.children_used) +
                                        ",\"valuesWritten\":" + std::to_string(result.values_written) +
                                        ",\"valuesKept\":" + std::to_string(result.values_kept) + "}"}));
  auto view = build_view(**tx, p, *l);
  if (!view) return Unexpected{std::move(view).error()};
  result.view = std::move(*view);
  TIENBO_TRY((*tx)->commit());
  return result;
}

core::Result<std::int64_t> ReportService::waive_children(const Principal& p, const std::string& form, const std::string& unit,
                                                         const std::string& period, const std::vector<std::string>& children,
                                                         const std::string& reason_in) {
  auto reason = clean_text(reason_in, "reason", 2000, Required::Yes);
  if (!reason) return Unexpected{std::move(reason).error()};
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataApprove, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  auto found = reporting_children(**tx, *l);
  if (!found) return Unexpected{std::move(found).error()};
  std::vector<store::UnitRecord> candidates;
  for (auto& k : *found) {
    if (!children.empty() && std::find(children.begin(), children.end(), k.code) == children.end()) continue;
    candidates.push_back(std::move(k));
  }
  if (!children.empty() && candidates.size() != children.size()) {
    return fail(ErrorCode::InvalidValue, "có mã không phải đơn vị cấp dưới báo cáo biểu mẫu này",
                "some codes are not child units that report this form", "children");
  }
  std::vector<std::int64_t> ids;
  for (const auto& c : candidates) ids.push_back(c.id);
  auto reports = (*tx)->reports().for_units(l->def->form.id, l->period.code(), ids);
  if (!reports) return Unexpected{std::move(reports).error()};
  auto already = (*tx)->reports().waived(l->def->form.id, l->period.code(), ids);
  if (!already) return Unexpected{std::move(already).error()};
  std::set<std::int64_t> skip(already->begin(), already->end());
  for (const auto& r : *reports) {
    if (r.status == "approved") skip.insert(r.unit_id);
  }
  const std::string ts = now();
  std::int64_t count = 0;
  std::string codes;
  for (const auto& c : candidates) {
    if (skip.count(c.id)) continue;
    TIENBO_TRY((*tx)->reports().insert_waiver(l->def->form.id, c.id, l->period.code(), *reason, p.login, ts));
    if (count++ < 50) codes += (codes.empty() ? "\"" : ",\"") + c.code + "\"";
  }
  std::string after = "{\"waived\":" + std::to_string(count) + ",\"units\":[" + codes + "],\"reason\":";
  core::append_json_string(after, *reason);
  after += "}";
  TIENBO_TRY((*tx)->audit().append({p.login, p.request_id, "waive", "report",
                                    l->def->form.code + "/" + l->unit.code + "/" + l->period.code(), l->unit.id, std::nullopt, after}));
  TIENBO_TRY((*tx)->commit());
  return count;
}

core::Result<store::EvidenceRecord> ReportService::attach_evidence(const Principal& p, const std::string& form, const std::string& unit,
                                                                   const std::string& period, const EvidenceUpload& upload) {
  if (upload.bytes.size() > kMaxEvidenceBytes) {
    return fail(ErrorCode::PayloadTooLarge, "tệp minh chứng lớn quá 5 MB", "the evidence file is larger than 5 MB", "file");
  }
  if (upload.bytes.empty()) return fail(ErrorCode::InvalidValue, "tệp minh chứng trống", "the evidence file is empty", "file");
  auto name = clean_text(upload.file_name, "fileName", 200, Required::Yes);
  if (!name) return Unexpected{std::move(name).error()};
  if (name->find_first_of("/\\") != std::string::npos) {
    return fail(ErrorCode::InvalidValue, "tên tệp không được chứa / hoặc \\", "the file name must not contain / or \\", "fileName");
  }
  auto type = io::sniff_content_type(upload.bytes, *name);
  if (!type) {
    return fail(ErrorCode::UnsupportedMediaType,
                "loại tệp \"" + *name + "\" không được chấp nhận; dùng PDF, ảnh (PNG, JPEG, GIF, WebP), Word, Excel, PowerPoint, "
                "OpenDocument, TXT hoặc CSV",
                "the file \"" + *name + "\" is not an accepted type; use PDF, images (PNG, JPEG, GIF, WebP), Word, Excel, PowerPoint, "
                "OpenDocument, TXT or CSV", "file");
  }
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataEdit, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  if (l->report && l->report->status != "draft" && l->report->status != "returned") {
    return fail(ErrorCode::Conflict, "báo cáo " + status_vi(l->report->status) + ", không thêm minh chứng được",
                "the report is " + l->report->status + "; no evidence can be added", "status");
  }
  // The target must exist in the form.
  if (!upload.target.empty()) {
    const auto dot = upload.target.find('.');
    const std::string code = upload.target.substr(0, dot);
    const bool section = std::any_of(l->def->sections.begin(), l->def->sections.end(), [&](const auto& s) { return s.code == upload.target; });
    const ElementDef* e = l->def->element_by_code(code);
    const bool element = e && (dot == std::string::npos || e->option(upload.target.substr(dot + 1)));
    if (!section && !element) {
      return fail(ErrorCode::InvalidValue, "biểu mẫu không có mục hoặc chỉ tiêu \"" + upload.target + "\"",
                  "the form has no section or data element \"" + upload.target + "\"", "target");
    }
  }
  const std::string ts = now();
  TIENBO_TRY(ensure_report(**tx, *l, ts));
  store::EvidenceRecord e;
  e.report_id = l->report->id;
  e.target = upload.target;
  e.file_name = *name;
  e.content_type = *type;
  e.size_bytes = static_cast<std::int64_t>(upload.bytes.size());
  e.sha256 = auth::sha256_hex(upload.bytes);
  e.content = upload.bytes;
  e.uploaded_by = p.login;
  e.uploaded_at = ts;
  auto id = (*tx)->reports().insert_evidence(e);
  if (!id) return Unexpected{std::move(id).error()};
  e.id = *id;
  std::string after = "{\"file\":";
  core::append_json_string(after, e.file_name);
  after += ",\"type\":\"" + e.content_type + "\",\"bytes\":" + std::to_string(e.size_bytes) + ",\"sha256\":\"" + e.sha256 + "\"}";
  TIENBO_TRY((*tx)->audit().append({p.login, p.request_id, "attach", "evidence", std::to_string(e.id), l->unit.id, std::nullopt, after}));
  TIENBO_TRY((*tx)->commit());
  e.content.clear();
  return e;
}

core::Result<std::vector<store::EvidenceRecord>> ReportService::list_evidence(const Principal& p, const std::string& form,
                                                                              const std::string& unit, const std::string& period) {
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataRead, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  if (!l->report) return std::vector<store::EvidenceRecord>{};
  return (*tx)->reports().evidence(l->report->id);
}

namespace {
// The evidence and the check that `p` may do `action` on its report's unit.
core::Result<std::pair<store::EvidenceRecord, store::ReportRecord>> scoped_evidence(store::Tx& tx, const Principal& p, std::int64_t id,
                                                                                    Action action) {
  auto e = tx.reports().find_evidence(id);
  if (!e) return Unexpected{std::move(e).error()};
  const std::string what_vi = "minh chứng " + std::to_string(id);
  const std::string what_en = "evidence " + std::to_string(id);
  if (!*e) return fail(ErrorCode::NotFound, "không tìm thấy " + what_vi, "not found: " + what_en);
  auto r = tx.reports().find_by_id((*e)->report_id);
  if (!r) return Unexpected{std::move(r).error()};
  if (!*r) return fail(ErrorCode::NotFound, "không tìm thấy " + what_vi, "not found: " + what_en);
  TIENBO_TRY(AccessControl::require(tx, p, Action::DataRead, (*r)->unit_id, what_vi, what_en));
  if (action != Action::DataRead) TIENBO_TRY(AccessControl::require(tx, p, action, (*r)->unit_id, what_vi, what_en));
  return std::pair{std::move(**e), std::move(**r)};
}
}  // namespace

core::Result<store::EvidenceRecord> ReportService::download_evidence(const Principal& p, std::int64_t id) {
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto found = scoped_evidence(**tx, p, id, Action::DataRead);
  if (!found) return Unexpected{std::move(found).error()};
  return std::move(found->first);
}

core::Result<void> ReportService::delete_evidence(const Principal& p, std::int64_t id) {
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto found = scoped_evidence(**tx, p, id, Action::DataEdit);
  if (!found) return Unexpected{std::move(found).error()};
  const auto& [e, r] = *found;
  if (r.status != "draft" && r.status != "returned") {
    return fail(ErrorCode::Conflict, "báo cáo " + status_vi(r.status) + ", không xóa minh chứng được",
                "the report is " + r.status + "; its evidence cannot be removed", "status");
  }
  TIENBO_TRY((*tx)->reports().delete_evidence(id));
  std::string before = "{\"file\":";
  core::append_json_string(before, e.file_name);
  before += ",\"sha256\":\"" + e.sha256 + "\"}";
  TIENBO_TRY((*tx)->audit().append({p.login, p.request_id, "delete", "evidence", std::to_string(id), r.unit_id, before, std::nullopt}));
  return (*tx)->commit();
}

core::Result<std::vector<store::RevisionRecord>> ReportService::revisions(const Principal& p, const std::string& form,
                                                                          const std::string& unit, const std::string& period) {
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataRead, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  if (!l->report) return std::vector<store::RevisionRecord>{};
  auto list = (*tx)->reports().revisions(l->report->id);
  if (!list) return Unexpected{std::move(list).error()};
  for (auto& r : *list) r.content_json.clear();  // the list names them; diff() compares them
  return list;
}

core::Result<std::vector<RevisionChange>> ReportService::diff(const Principal& p, const std::string& form, const std::string& unit,
                                                              const std::string& period, int from, int to) {
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataRead, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  std::vector<store::RevisionRecord> list;
  if (l->report) {
    auto r = (*tx)->reports().revisions(l->report->id);
    if (!r) return Unexpected{std::move(r).error()};
    list = std::move(*r);
  }
  auto find = [&](int n) -> const store::RevisionRecord* {
    for (const auto& r : list) {
      if (r.revision == n) return &r;
    }
    return nullptr;
  };
  const auto* a = find(from);
  const auto* b = find(to);
  if (!a || !b) {
    return fail(ErrorCode::NotFound,
                "báo cáo có " + std::to_string(list.size()) + " lần nộp; không có lần nộp " + std::to_string(!a ? from : to),
                "the report has " + std::to_string(list.size()) + " submission(s); there is no submission " +
                    std::to_string(!a ? from : to));
  }
  auto before = io::parse_string_groups(a->content_json);
  if (!before) return Unexpected{std::move(before).error()};
  auto after = io::parse_string_groups(b->content_json);
  if (!after) return Unexpected{std::move(after).error()};
  std::vector<RevisionChange> out;
  for (const auto& [group, kind] : {std::pair{std::string("values"), std::string("value")},
                                    std::pair{std::string("narratives"), std::string("narrative")}}) {
    const auto& x = (*before)[group];
    const auto& y = (*after)[group];
    std::set<std::string> keys;
    for (const auto& [k, v] : x) keys.insert(k);
    for (const auto& [k, v] : y) keys.insert(k);
    for (const auto& k : keys) {
      auto xi = x.find(k);
      auto yi = y.find(k);
      std::optional<std::string> bv = xi == x.end() ? std::nullopt : std::optional<std::string>(xi->second);
      std::optional<std::string> av = yi == y.end() ? std::nullopt : std::optional<std::string>(yi->second);
      if (bv != av) out.push_back({kind, k, bv, av});
    }
  }
  return out;
}

core::Result<ReportView> ReportService::reopen(const Principal& p, const std::string& form, const std::string& unit,
                                               const std::string& period, const TransitionCommand& cmd) {
  if (core::collapse_spaces(cmd.comment).empty()) {
    return fail(ErrorCode::InvalidValue, "hãy ghi lý do mở lại báo cáo đã phê duyệt", "give the reason for reopening the approved report",
                "comment");
  }
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataApprove, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  // Reopening needs a higher role: the approve right on the level above, or an administrator.
  bool higher = false;
  if (l->unit.parent_id) {
    auto above = AccessControl::can(**tx, p, Action::DataApprove, *l->unit.parent_id);
    if (!above) return Unexpected{std::move(above).error()};
    higher = *above;
  }
  auto admin = AccessControl::can(**tx, p, Action::UnitManage, l->unit.id);
  if (!admin) return Unexpected{std::move(admin).error()};
  if (!higher && !*admin) {
    return fail(ErrorCode::Forbidden, "chỉ cấp trên hoặc quản trị viên mới mở lại được báo cáo đã phê duyệt",
                "only the level above or an administrator can reopen an approved report");
  }
  if (!l->report || l->report->status != "approved") {
    return fail(ErrorCode::Conflict, "chỉ mở lại được báo cáo đã phê duyệt", "only an approved report can be reopened", "status");
  }
  TIENBO_TRY(check_version(*l, cmd.version));
  TIENBO_TRY(transition(**tx, p, *l, "reopen", "returned", cmd, std::nullopt));
  auto out = build_view(**tx, p, *l);
  if (!out) return Unexpected{std::move(out).error()};
  TIENBO_TRY((*tx)->commit());
  return out;
}

}  // namespace tienbo::services
