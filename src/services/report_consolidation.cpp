// Consolidation of a parent from its children, and waivers.
#include "report_internal.hpp"

#include "tienbo/core/deadline.hpp"

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

namespace tienbo::services {

using auth::Action;
using core::ErrorCode;
using core::fail;
using core::Unexpected;
using namespace report_detail;

namespace {

constexpr std::string_view kConsolidated = "tổng hợp";  // updated_by of values written by consolidation

// The children's reports a consolidation may use (approved, or submitted when asked), the
// children excused by a waiver, and the children whose report is used.
struct ChildReports {
  std::map<std::int64_t, store::ReportRecord> usable;
  std::set<std::int64_t> excused;
  std::vector<std::int64_t> used_ids;
};

core::Result<ChildReports> child_reports(store::Tx& tx, const Loaded& l, const std::vector<store::UnitRecord>& children,
                                         bool include_submitted, ConsolidationResult& result) {
  std::vector<std::int64_t> child_ids;
  child_ids.reserve(children.size());
  for (const auto& c : children) child_ids.push_back(c.id);
  auto reports = tx.reports().for_units(l.def->form.id, l.period.code(), child_ids);
  if (!reports) return Unexpected{std::move(reports).error()};
  ChildReports out;
  for (auto& r : *reports) {
    if (r.status == ReportStatus::Approved || (include_submitted && r.status == ReportStatus::Submitted))
      out.usable.emplace(r.unit_id, std::move(r));
  }
  auto waived_children = tx.reports().waived(l.def->form.id, l.period.code(), child_ids);
  if (!waived_children) return Unexpected{std::move(waived_children).error()};
  out.excused = std::set<std::int64_t>(waived_children->begin(), waived_children->end());
  for (const auto& c : children) {
    if (out.usable.count(c.id))
      out.used_ids.push_back(c.id);
    else if (!out.excused.count(c.id))
      result.missing.emplace_back(c.code, c.name_vi);
  }
  result.children_used = static_cast<std::int64_t>(out.used_ids.size());
  return out;
}

// The form's elements, without those shared with another form's submitted or approved report of
// the parent: those figures stay as they are.
struct OpenElements {
  std::set<std::int64_t> locked;
  std::vector<std::int64_t> open_ids;
};

core::Result<OpenElements> open_elements(store::Tx& tx, const Loaded& l) {
  std::vector<std::int64_t> form_element_ids;
  for (const auto& s : l.def->sections)
    form_element_ids.insert(form_element_ids.end(), s.element_ids.begin(), s.element_ids.end());
  OpenElements out;
  {
    auto locks = tx.reports().locking_reports(l.unit.id, l.period.code(), form_element_ids, l.def->form.id);
    if (!locks) return Unexpected{std::move(locks).error()};
    for (const auto& k : *locks) out.locked.insert(k.data_element_id);
  }
  for (auto id : form_element_ids) {
    if (!out.locked.count(id)) out.open_ids.push_back(id);
  }
  return out;
}

struct Sum {
  long double sum = 0;
  int count = 0;                    // values summed (the divisor of an average)
  std::set<std::int64_t> children;  // children that gave a figure
};
using Sums = std::map<std::pair<std::int64_t, std::int64_t>, Sum>;  // (element, option) -> (sum, count)

// An area element's figure of a child that consolidated its own children is the child's whole
// area: its own entry plus its consolidated figure (so a grandchild's figure reaches the top
// once, through its parent's consolidation, and never through two paths).
core::Result<void> add_children_areas(store::Tx& tx, const Loaded& l, const std::vector<std::int64_t>& open_ids,
                                      const std::vector<std::int64_t>& used_ids, Sums& agg) {
  std::vector<std::int64_t> area_ids;
  for (auto id : open_ids) {
    const auto& e = l.def->elements.at(id).element;
    if (e.scope == "area" && e.aggregation == "sum" && e.value_type != core::ValueType::Boolean) area_ids.push_back(id);
  }
  if (area_ids.empty()) return {};
  for (auto child : used_ids) {
    if (core::deadline_passed()) return Unexpected{core::deadline_error()};
    auto below = tx.figures().consolidated_values(area_ids, l.period.code(), child);
    if (!below) return Unexpected{std::move(below).error()};
    for (const auto& f : *below) {
      if (!f.numeric_value) continue;
      auto& a = agg[{f.data_element_id, f.option_combo_id}];
      a.sum += static_cast<long double>(*f.numeric_value);
      ++a.count;
      a.children.insert(child);
    }
  }
  return {};
}

// Numbers: aggregate each (element, option) over the children by the element's rule, into the
// parent's consolidated figures (kept apart from its own entries, which stay as they are).
// Yes/no items become counts: how many children answered yes.
core::Result<Sums> sum_children(store::Tx& tx, const Loaded& l, const std::vector<std::int64_t>& open_ids,
                                const std::vector<std::int64_t>& used_ids) {
  auto child_values = tx.values().values_of_units(open_ids, l.period.code(), used_ids);
  if (!child_values) return Unexpected{std::move(child_values).error()};
  Sums agg;
  for (const auto& v : *child_values) {
    if (!v.numeric_value) continue;
    auto& a = agg[{v.data_element_id, v.option_combo_id}];
    a.sum += static_cast<long double>(*v.numeric_value);
    ++a.count;
    a.children.insert(v.unit_id);
  }
  TIENBO_TRY(add_children_areas(tx, l, open_ids, used_ids, agg));
  return agg;
}

// Who consolidates, when, and how many children are expected.
struct ConsolidationStamp {
  const std::string& login;
  const std::string& ts;
  int expected_children = 0;
};

// The parent's consolidated figures from the sums; counts those written and those its own
// entries (`own_keys`) keep apart.
std::vector<store::ConsolidatedValueRecord> consolidated_figures(
    const Loaded& l, const Sums& agg, const std::set<std::pair<std::int64_t, std::int64_t>>& own_keys,
    const ConsolidationStamp& stamp, ConsolidationResult& result) {
  std::vector<store::ConsolidatedValueRecord> figures;
  for (const auto& [key, a] : agg) {
    const auto& e = l.def->elements.at(key.first);
    const std::string& rule = e.element.aggregation;
    const bool boolean = e.element.value_type == core::ValueType::Boolean;
    if (!boolean && rule != "sum" && rule != "average") continue;
    const long double value = boolean || rule == "sum" ? a.sum : a.sum / a.count;
    store::ConsolidatedValueRecord cv;
    cv.data_element_id = key.first;
    cv.period = l.period.code();
    cv.unit_id = l.unit.id;
    cv.option_combo_id = key.second;
    // Sums of values of at most 15 significant digits; the text keeps what a double holds exactly.
    cv.value = e.element.value_type == core::ValueType::Integer || boolean
                   ? std::to_string(std::llround(value))
                   : core::decimal_text(static_cast<double>(value));
    cv.numeric_value = static_cast<double>(value);
    cv.children_used = static_cast<int>(a.children.size());
    cv.children_expected = stamp.expected_children;
    cv.updated_by = stamp.login;
    cv.updated_at = stamp.ts;
    if (own_keys.count(key)) ++result.values_kept;
    figures.push_back(std::move(cv));
    ++result.values_written;
  }
  return figures;
}

// Narratives: each section compiled from the children (a compiled text is marked as such in
// updated_by, so that a person's own text is never replaced), each paragraph under the child's name.
core::Result<void> compile_narratives(store::Tx& tx, const Loaded& l, const std::vector<store::UnitRecord>& children,
                                      const std::map<std::int64_t, store::ReportRecord>& usable,
                                      const ConsolidationStamp& stamp) {
  auto own_narr = tx.reports().narratives(l.report->id);
  if (!own_narr) return Unexpected{std::move(own_narr).error()};
  std::map<std::string, store::NarrativeRecord> own_text;
  for (auto& n : *own_narr) own_text[n.section_code] = std::move(n);
  const std::string by = std::string(kConsolidated) + ":" + stamp.login;
  std::map<std::string, std::string> compiled;
  for (const auto& c : children) {
    if (core::deadline_passed()) return Unexpected{core::deadline_error()};
    auto it = usable.find(c.id);
    if (it == usable.end()) continue;
    auto narr = tx.reports().narratives(it->second.id);
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
    if (mine != own_text.end() && !mine->second.body.empty() && !mine->second.updated_by.starts_with(kConsolidated))
      continue;
    TIENBO_TRY(tx.reports().upsert_narrative(l.report->id, {section, text, by, stamp.ts}));
    TIENBO_TRY(index_narrative(tx, narrative_ref(l, section), l.unit.id, narrative_title(l, section), text));
  }
  return {};
}

}  // namespace

core::Result<ConsolidationResult> ReportService::consolidate(const Principal& p, const std::string& form,
                                                             const std::string& unit, const std::string& period,
                                                             const ConsolidateCommand& cmd) {
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataEdit, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  if (l->report && !is_editable(l->report->status)) {
    return fail(ErrorCode::Conflict, "báo cáo " + status_vi(l->report->status) + ", không tổng hợp lại được",
                "the report is " + std::string(to_string(l->report->status)) + " and cannot be consolidated again",
                "status");
  }
  TIENBO_TRY(check_version(*l, cmd.version));
  auto found = reporting_children(**tx, *l);
  if (!found) return Unexpected{std::move(found).error()};
  ConsolidationResult result;
  const std::vector<store::UnitRecord>& children = *found;
  auto kids = child_reports(**tx, *l, children, cmd.include_submitted, result);
  if (!kids) return Unexpected{std::move(kids).error()};
  auto open = open_elements(**tx, *l);
  if (!open) return Unexpected{std::move(open).error()};
  const std::vector<std::int64_t>& open_ids = open->open_ids;
  auto agg = sum_children(**tx, *l, open_ids, kids->used_ids);
  if (!agg) return Unexpected{std::move(agg).error()};
  auto own = (*tx)->values().values(open_ids, l->period.code(), l->unit.id);
  if (!own) return Unexpected{std::move(own).error()};
  std::set<std::pair<std::int64_t, std::int64_t>> own_keys;
  for (const auto& v : *own) own_keys.insert({v.data_element_id, v.option_combo_id});
  const std::string ts = now();
  const ConsolidationStamp stamp{p.login, ts, static_cast<int>(children.size() - kids->excused.size())};
  TIENBO_TRY(ensure_report(**tx, *l, ts));
  const auto figures = consolidated_figures(*l, *agg, own_keys, stamp, result);
  TIENBO_TRY((*tx)->figures().replace_consolidated(open_ids, l->period.code(), l->unit.id, figures));
  result.values_locked = static_cast<std::int64_t>(open->locked.size());
  TIENBO_TRY(compile_narratives(**tx, *l, children, kids->usable, stamp));
  store::ReportRecord r = *l->report;
  const std::int64_t expected = r.version;
  r.version = expected + 1;
  r.updated_at = ts;
  auto updated = (*tx)->reports().update_status(r, expected);
  if (!updated) return Unexpected{std::move(updated).error()};
  if (!*updated) return Unexpected{stale(expected + 1, expected)};
  l->report = r;
  TIENBO_TRY((*tx)->reports().add_event(
      r.id, {0, "consolidate", std::string(to_string(r.status)), std::string(to_string(r.status)), p.login, ts,
             "Tổng hợp từ " + std::to_string(result.children_used) + "/" + std::to_string(children.size()) + " đơn vị",
             std::nullopt}));
  TIENBO_TRY(
      (*tx)->audit().append({p.login, p.request_id, "consolidate", "report",
                             l->def->form.code + "/" + l->unit.code + "/" + l->period.code(), l->unit.id, std::nullopt,
                             core::JsonObject()
                                 .add("childrenUsed", result.children_used)
                                 .add("valuesWritten", result.values_written)
                                 .add("valuesKept", result.values_kept)
                                 .str()}));
  TIENBO_TRY(finish_writes(**tx, *l));
  auto view = build_view(**tx, p, *l);
  if (!view) return Unexpected{std::move(view).error()};
  result.view = std::move(*view);
  TIENBO_TRY((*tx)->commit());
  return result;
}

core::Result<std::int64_t> ReportService::waive_children(const Principal& p, const std::string& form,
                                                         const std::string& unit, const std::string& period,
                                                         const std::vector<std::string>& children,
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
  ids.reserve(candidates.size());
  for (const auto& c : candidates) ids.push_back(c.id);
  auto reports = (*tx)->reports().for_units(l->def->form.id, l->period.code(), ids);
  if (!reports) return Unexpected{std::move(reports).error()};
  auto already = (*tx)->reports().waived(l->def->form.id, l->period.code(), ids);
  if (!already) return Unexpected{std::move(already).error()};
  std::set<std::int64_t> skip(already->begin(), already->end());
  for (const auto& r : *reports) {
    if (r.status == ReportStatus::Approved) skip.insert(r.unit_id);
  }
  const std::string ts = now();
  std::int64_t count = 0;
  core::JsonArray codes;
  for (const auto& c : candidates) {
    if (skip.count(c.id)) continue;
    TIENBO_TRY((*tx)->reports().insert_waiver(l->def->form.id, c.id, l->period.code(), *reason, p.login, ts));
    if (count++ < 50) codes.add(c.code);
  }
  const std::string after =
      core::JsonObject().add("waived", count).add_raw("units", codes.str()).add("reason", *reason).str();
  TIENBO_TRY((*tx)->audit().append({p.login, p.request_id, "waive", "report",
                                    l->def->form.code + "/" + l->unit.code + "/" + l->period.code(), l->unit.id,
                                    std::nullopt, after}));
  TIENBO_TRY((*tx)->commit());
  return count;
}

}  // namespace tienbo::services
