#include "tienbo/services/completeness_service.hpp"

#include "tienbo/core/deadline.hpp"

#include <algorithm>
#include <chrono>
#include <set>

#include "tienbo/core/date.hpp"
#include "tienbo/services/access_control.hpp"

namespace tienbo::services {

using core::ErrorCode;
using core::fail;
using core::Unexpected;

namespace {

// Days from `from` to `to` (ISO dates).
int days_between(const std::string& from, const std::string& to) {
  using namespace std::chrono;
  auto parse = [](const std::string& s) {
    return sys_days(year_month_day(year(std::stoi(s.substr(0, 4))),
                                   month(static_cast<unsigned>(std::stoi(s.substr(5, 2)))),
                                   day(static_cast<unsigned>(std::stoi(s.substr(8, 2))))));
  };
  return static_cast<int>((parse(to) - parse(from)).count());
}

// The Vietnamese calendar day of a UTC timestamp.
std::string vn_date_of(const std::string& utc) {
  auto t = core::parse_utc_timestamp(utc);
  if (!t) return utc.substr(0, 10);
  return core::utc_timestamp(*t + std::chrono::hours(7)).substr(0, 10);
}

// The units below `root` on `as_of`. A former unit read through what it became: only the units
// below it the caller may read each.
core::Result<std::vector<store::UnitRecord>> readable_units_below(store::Tx& tx, const Principal& p, std::int64_t root,
                                                                  const std::string& as_of) {
  auto below = tx.units().descendants(root, as_of, std::nullopt, 100000);
  if (!below) return Unexpected{std::move(below).error()};
  auto whole = AccessControl::covers_subtree(tx, p, auth::Action::DataRead, root);
  if (!whole) return Unexpected{std::move(whole).error()};
  if (!*whole) {
    std::vector<store::UnitRecord> kept;
    for (auto& u : *below) {
      if (core::deadline_passed()) return Unexpected{core::deadline_error()};
      auto ok = AccessControl::can(tx, p, auth::Action::DataRead, u.id);
      if (!ok) return Unexpected{std::move(ok).error()};
      if (*ok) kept.push_back(std::move(u));
    }
    *below = std::move(kept);
  }
  return below;
}

// What the expected units have of the form in the period: their reports, the excused units, the
// elements and narrative sections filled, out of `slots`.
struct FormFilling {
  std::map<std::int64_t, store::ReportRecord> by_unit;
  std::set<std::int64_t> waived_units;
  std::map<std::int64_t, std::int64_t> filled;      // by unit: elements with a value
  std::map<std::int64_t, std::int64_t> narratives;  // by report: narrative sections written
  double slots = 0;
};

core::Result<FormFilling> read_filling(store::Tx& tx, const FormDefinition& def, const std::string& period,
                                       const std::vector<std::int64_t>& ids) {
  FormFilling f;
  auto reports = tx.reports().for_units(def.form.id, period, ids);
  if (!reports) return Unexpected{std::move(reports).error()};
  std::vector<std::int64_t> report_ids;
  for (auto& r : *reports) {
    report_ids.push_back(r.id);
    f.by_unit.emplace(r.unit_id, std::move(r));
  }
  std::vector<std::int64_t> element_ids;
  std::int64_t narrative_sections = 0;
  for (const auto& s : def.sections) {
    element_ids.insert(element_ids.end(), s.element_ids.begin(), s.element_ids.end());
    if (s.kind == "narrative") ++narrative_sections;
  }
  auto waived = tx.reports().waived(def.form.id, period, ids);
  if (!waived) return Unexpected{std::move(waived).error()};
  f.waived_units = std::set<std::int64_t>(waived->begin(), waived->end());
  auto filled = tx.values().filled_elements(element_ids, period, ids);
  if (!filled) return Unexpected{std::move(filled).error()};
  f.filled = std::move(*filled);
  auto narratives = tx.reports().filled_narratives(report_ids);
  if (!narratives) return Unexpected{std::move(narratives).error()};
  f.narratives = std::move(*narratives);
  f.slots = static_cast<double>(element_ids.size()) + static_cast<double>(narrative_sections);
  return f;
}

// One row per expected unit into `c`, with the counts of received, on-time and approved reports.
core::Result<void> add_rows(Completeness& c, const std::vector<store::UnitRecord>& units, FormFilling& f,
                            const FormDefinition& def, const core::Period& period) {
  double filled_sum = 0;
  for (const auto& u : units) {
    if (core::deadline_passed()) return Unexpected{core::deadline_error()};
    CompletenessRow row{
        u.code,       u.name_vi, u.unit_type, "missing", std::nullopt, def.due_before(u.unit_type, period),
        std::nullopt, 0,         u.id};
    if (f.waived_units.count(u.id) &&
        !(f.by_unit.count(u.id) && f.by_unit.at(u.id).status == core::ReportStatus::Approved)) {
      row.status = "waived";  // excused by the level above: no longer expected
      c.rows.push_back(std::move(row));
      continue;
    }
    if (auto it = f.by_unit.find(u.id); it != f.by_unit.end()) {
      const auto& r = it->second;
      row.status = core::to_string(r.status);
      if ((r.status == core::ReportStatus::Submitted || r.status == core::ReportStatus::Approved) && r.submitted_at) {
        row.submitted_at = r.submitted_at;
        row.on_time = !row.due_before || vn_date_of(*r.submitted_at) < *row.due_before;
        ++c.received;
        if (*row.on_time) ++c.on_time;
        if (r.status == core::ReportStatus::Approved) ++c.approved;
      }
      const auto n = static_cast<double>(f.filled[u.id] + f.narratives[r.id]);
      row.filled = f.slots > 0 ? n / f.slots : 0;
      if (row.submitted_at) filled_sum += row.filled;
    }
    c.rows.push_back(std::move(row));
  }
  c.expected = static_cast<std::int64_t>(
      std::count_if(c.rows.begin(), c.rows.end(), [](const auto& r) { return r.status != "waived"; }));
  c.filled_average = c.received > 0 ? filled_sum / static_cast<double>(c.received) : 0;
  return {};
}

// What the caller may do from the completeness of `root`, and the rows in the order to act on them:
// outstanding first, then late, received, excused.
void add_actions_and_sort(Completeness& c, const ReportRights& rights, std::int64_t root) {
  if (rights.edit || rights.approve) c.actions.emplace_back("remind");
  for (const auto& row : c.rows) {
    const bool unlocked =
        row.status == "missing" || row.status == "waived" || row.status == "draft" || row.status == "returned";
    if (row.unit_id == root && rights.edit && unlocked && c.rows.size() > 1) c.actions.emplace_back("consolidate");
  }
  auto rank = [](const CompletenessRow& r) {
    if (r.status == "missing" || r.status == "draft" || r.status == "returned") return 0;
    if (r.on_time && !*r.on_time) return 1;
    if (r.status == "waived") return 3;
    return 2;
  };
  std::stable_sort(c.rows.begin(), c.rows.end(), [&](const auto& a, const auto& b) {
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    return a.unit_code < b.unit_code;
  });
}

}  // namespace

core::Result<Completeness> CompletenessService::compute(const Principal& p, const std::string& form,
                                                        const std::string& period_code, const std::string& unit_code) {
  auto period = core::Period::parse(period_code);
  if (!period) return Unexpected{std::move(period).error()};
  auto def = metadata_.definition(form, *period);
  if (!def) return Unexpected{std::move(def).error()};
  TIENBO_TRY((*def)->check_period(*period));
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  const std::string as_of = std::min(period->end_date(), core::today_in_vietnam());
  auto root = (*tx)->units().find_by_code(unit_code, as_of);
  if (!root) return Unexpected{std::move(root).error()};
  if (!*root) return fail(ErrorCode::NotFound, "không tìm thấy đơn vị " + unit_code, "not found: unit " + unit_code);
  TIENBO_TRY(
      AccessControl::require(**tx, p, auth::Action::DataRead, (*root)->id, "đơn vị " + unit_code, "unit " + unit_code));
  auto ancestry = (*tx)->units().ancestor_ids((*root)->id);
  if (!ancestry) return Unexpected{std::move(ancestry).error()};
  const ReportRights rights = AccessControl::report_rights(p.grants, *ancestry);
  auto below = readable_units_below(**tx, p, (*root)->id, as_of);
  if (!below) return Unexpected{std::move(below).error()};
  std::vector<store::UnitRecord> units;
  if ((*def)->reported_by((*root)->unit_type, (*root)->hierarchy)) units.push_back(**root);
  for (auto& u : *below) {
    if ((*def)->reported_by(u.unit_type, u.hierarchy)) units.push_back(std::move(u));
  }
  std::vector<std::int64_t> ids;
  ids.reserve(units.size());
  for (const auto& u : units) ids.push_back(u.id);
  auto filling = read_filling(**tx, **def, period->code(), ids);
  if (!filling) return Unexpected{std::move(filling).error()};

  Completeness c;
  c.form = (*def)->form.code;
  c.form_name_vi = (*def)->form.name_vi;
  c.period = period->code();
  c.unit = unit_code;
  TIENBO_TRY(add_rows(c, units, *filling, **def, *period));
  add_actions_and_sort(c, rights, (*root)->id);
  return c;
}

core::Result<std::vector<DueReport>> CompletenessService::due(const Principal& p, const std::string& today) {
  auto forms = metadata_.forms();
  if (!forms) return Unexpected{std::move(forms).error()};
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  const auto roots = AccessControl::roots(p, auth::Action::DataEdit);
  auto units = (*tx)->units().find_by_ids(roots);
  if (!units) return Unexpected{std::move(units).error()};
  std::vector<DueReport> out;
  for (const auto& form : *forms) {
    // The period containing today and the two before it, among the expected ones.
    std::vector<core::Period> periods;
    core::Period p0 = core::Period::containing(form->period_type, today);
    for (int i = 0; i < 3; ++i, p0 = p0.previous()) {
      if (form->expected_periods.empty() || std::find(form->expected_periods.begin(), form->expected_periods.end(),
                                                      p0.index()) != form->expected_periods.end()) {
        periods.push_back(p0);
      }
    }
    for (const auto& period : periods) {
      auto def = metadata_.definition(**tx, form->form.code, period);
      if (!def) {
        if (def.error().code == ErrorCode::InvalidValue) continue;  // the form did not apply to that period yet
        return Unexpected{std::move(def).error()};
      }
      for (const auto& u : *units) {
        if (core::deadline_passed()) return Unexpected{core::deadline_error()};
        if (u.valid_from > period.end_date() || u.valid_to < std::min(period.end_date(), today)) continue;
        if (!(*def)->reported_by(u.unit_type, u.hierarchy)) continue;
        auto r = (*tx)->reports().find((*def)->form.id, u.id, period.code());
        if (!r) return Unexpected{std::move(r).error()};
        const std::string status = *r ? std::string(core::to_string((*r)->status)) : "missing";
        if (status == "submitted" || status == "approved") continue;
        const std::vector<std::int64_t> one{u.id};
        auto excused = (*tx)->reports().waived((*def)->form.id, period.code(), one);
        if (!excused) return Unexpected{std::move(excused).error()};
        if (!excused->empty()) continue;
        DueReport d;
        d.form = (*def)->form.code;
        d.form_name_vi = (*def)->form.name_vi;
        d.unit_code = u.code;
        d.unit_name_vi = u.name_vi;
        d.period = period.code();
        d.period_label_vi = period.label_vi();
        d.due_before = (*def)->due_before(u.unit_type, period);
        d.status = status;
        if (d.due_before) {
          d.days_left = days_between(today, *d.due_before) - 1;  // the last day is the day before the deadline
          d.overdue = *d.days_left < 0;
        }
        // Far-off deadlines are not due yet.
        if (d.days_left && *d.days_left > 60) continue;
        out.push_back(std::move(d));
      }
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const DueReport& a, const DueReport& b) {
    if (a.overdue != b.overdue) return a.overdue;
    return a.due_before.value_or("9999") < b.due_before.value_or("9999");
  });
  return out;
}

}  // namespace tienbo::services
