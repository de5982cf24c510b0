// Targets and progress: the target in force for a unit and year, and the Open SDG / Statistics
// Canada assessment of an indicator's progress towards its target.
#include "analytics_internal.hpp"

#include <algorithm>
#include <cmath>

#include "tienbo/core/date.hpp"

namespace tienbo::services {

using core::ErrorCode;
using core::fail;
using core::Unexpected;
using namespace analytics_detail;

namespace {

bool meets(double v, const store::IndicatorTargetRecord& t) {
  const double eps = 1e-9 * std::max(1.0, std::fabs(t.value));
  switch (t.op) {
    case core::TargetOperator::Ge:
      return v >= t.value - eps;
    case core::TargetOperator::Gt:
      return v > t.value + eps;
    case core::TargetOperator::Le:
      return v <= t.value + eps;
    case core::TargetOperator::Lt:
      return v < t.value - eps;
    case core::TargetOperator::Eq:
      return std::fabs(v - t.value) <= eps;
    case core::TargetOperator::About:
      break;
  }
  return std::fabs(v - t.value) <= 0.05 * std::fabs(t.value);  // about: within 5%
}

}  // namespace

std::optional<store::IndicatorTargetRecord> analytics_detail::target_for(
    const std::vector<store::IndicatorTargetRecord>& targets, std::optional<std::int64_t> unit_id, int year) {
  const auto pick = [&](bool override_pass) -> std::optional<store::IndicatorTargetRecord> {
    const std::int64_t unit = unit_id.value_or(0);
    std::optional<store::IndicatorTargetRecord> best;
    for (const auto& t : targets) {
      const bool mine =
          override_pass ? (t.unit_id.has_value() && t.unit_id.value_or(-1) == unit) : !t.unit_id.has_value();
      if (!mine) continue;
      if (t.year == year) return t;
      if (t.onward && t.year < year && (!best || t.year > best->year)) best = t;
    }
    return best;
  };
  if (unit_id) {
    if (auto own = pick(true)) return own;
  }
  return pick(false);
}

ProgressAssessment AnalyticsService::assess(const std::vector<std::pair<int, double>>& yearly,
                                            std::optional<double> baseline_value, std::optional<int> baseline_year,
                                            const std::vector<store::IndicatorTargetRecord>& targets,
                                            const std::string& direction) {
  ProgressAssessment a;
  a.status = "no_data";
  if (yearly.empty()) return a;
  const auto& current = yearly.back();
  a.current_year = current.first;
  a.current_value = current.second;
  std::pair<int, double> base = yearly.front();
  if (baseline_value && baseline_year && *baseline_year < base.first) base = {*baseline_year, *baseline_value};
  a.base_year = base.first;
  a.base_value = base.second;
  // The nearest target at or after the current year; an "onward" target already in force counts for now.
  std::optional<store::IndicatorTargetRecord> target;
  for (const auto& t : targets) {
    if (t.unit_id) continue;
    if (t.year >= current.first && (!target || t.year < target->year)) target = t;
  }
  if (!target) {
    for (const auto& t : targets) {
      if (!t.unit_id && t.onward && t.year <= current.first) {
        target = t;
        target->year = current.first;
      }
    }
  }
  if (!target) return a;
  a.target_year = target->year;
  a.target_value = target->value;
  a.target_operator = core::to_string(target->op);
  if (meets(current.second, *target)) {
    a.status = "target_achieved";
    return a;
  }
  if (base.first >= current.first) return a;  // one observation: no trend yet
  const bool higher = direction != "lower";
  const double t0 = base.first, t = current.first, T = std::max(target->year, current.first);
  // Linear check: share of the distance covered against share of the time elapsed.
  if (target->value != base.second && T > t0) {
    a.share_of_way = (current.second - base.second) / (target->value - base.second);
    a.share_of_time = (t - t0) / (T - t0);
    a.linear_status = *a.share_of_way >= *a.share_of_time ? "on_track" : "behind";
  }
  const bool worse = higher ? current.second < base.second : current.second > base.second;
  if (worse) {
    a.status = "deteriorating";
    return a;
  }
  if (base.second > 0 && current.second > 0 && target->value > 0 && T > t0) {
    a.observed_growth = std::pow(current.second / base.second, 1.0 / (t - t0)) - 1.0;
    a.required_growth = std::pow(target->value / base.second, 1.0 / (T - t0)) - 1.0;
    if (*a.required_growth != 0) a.growth_ratio = *a.observed_growth / *a.required_growth;
  } else if (a.share_of_way && a.share_of_time && *a.share_of_time > 0) {
    a.growth_ratio = *a.share_of_way / *a.share_of_time;  // zero values: fall back to the linear ratio
  }
  const std::optional<double> ratio = a.growth_ratio;
  if (ratio && *ratio < 0) {
    a.status = "deteriorating";
  } else if (ratio && *ratio >= 0.95) {
    a.status = "on_track";
  } else if (ratio && *ratio >= 0.6) {
    a.status = "needs_acceleration";
  } else {
    a.status = "off_track";  // below 0.6 of the pace needed, or no ratio to judge by
  }
  return a;
}

core::Result<ProgressAssessment> AnalyticsService::progress(const Principal& p, const std::string& indicator,
                                                            const std::string& unit, std::optional<int> up_to_year) {
  auto snapshot = serving();
  if (!snapshot) return Unexpected{std::move(snapshot).error()};
  const Snapshot& s = **snapshot;
  const auto* ind = s.catalogue->find(indicator);
  if (!ind) return fail(ErrorCode::NotFound, "không có chỉ tiêu " + indicator, "there is no indicator " + indicator);
  const int last = up_to_year.value_or(std::stoi(core::today_in_vietnam().substr(0, 4)));
  AnalyticsQuery q;
  q.dx = {indicator};
  q.ou = {unit};
  for (int y = 2021; y <= last; ++y) q.pe.push_back(std::to_string(y));
  auto r = query_snapshot(s, p, q);
  if (!r) return Unexpected{std::move(r).error()};
  // Years whose coverage passes the indicator's threshold are assessed; a later partial year is
  // shown beside them, marked, never assessed.
  std::vector<std::pair<int, double>> yearly;
  const AnalyticsRow* current_row = nullptr;
  const AnalyticsRow* partial_row = nullptr;
  for (const auto& row : r->rows) {
    if (!row.value) continue;
    const int year = std::stoi(row.pe);
    if (row.partial) {
      if (partial_row == nullptr || year > std::stoi(partial_row->pe)) partial_row = &row;
      continue;
    }
    yearly.emplace_back(year, *row.value);
    if (current_row == nullptr || year > std::stoi(current_row->pe)) current_row = &row;
  }
  std::sort(yearly.begin(), yearly.end());
  // A unit's own targets replace the national ones.
  std::vector<store::IndicatorTargetRecord> targets;
  std::optional<std::int64_t> unit_id;
  if (auto pos = s.units->at(unit, core::today_in_vietnam())) unit_id = s.units->list[*pos].id;
  for (const auto& t : ind->targets) {
    if (unit_id && t.unit_id == unit_id)
      targets.push_back({t.indicator_id, std::nullopt, t.year, t.value, t.op, t.onward});
  }
  if (targets.empty()) {
    for (const auto& t : ind->targets) {
      if (!t.unit_id) targets.push_back(t);
    }
  }
  ProgressAssessment a =
      assess(yearly, ind->indicator.baseline_value, ind->indicator.baseline_year, targets, ind->indicator.direction);
  a.min_coverage = ind->indicator.min_coverage;
  if (current_row != nullptr) {
    a.current_reported = current_row->units_reported;
    a.current_expected = current_row->units_expected;
    a.current_basis = current_row->basis;
  }
  if (partial_row != nullptr && (current_row == nullptr || std::stoi(partial_row->pe) > std::stoi(current_row->pe))) {
    a.partial_year = std::stoi(partial_row->pe);
    a.partial_value = partial_row->value;
    a.partial_reported = partial_row->units_reported;
    a.partial_expected = partial_row->units_expected;
    if (yearly.empty()) {
      // Nothing to assess; the target the partial figure would be compared with is still shown.
      const ProgressAssessment t =
          assess({{*a.partial_year, partial_row->value.value_or(0)}}, ind->indicator.baseline_value,
                 ind->indicator.baseline_year, targets, ind->indicator.direction);
      a.target_year = t.target_year;
      a.target_value = t.target_value;
      a.target_operator = t.target_operator;
      a.status = "insufficient_coverage";
    }
  }
  return a;
}

}  // namespace tienbo::services
