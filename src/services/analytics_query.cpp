// An analytics query evaluated over one snapshot: for every period, ou unit and dx item a cell
// from the cube (sums over the unit's sources by share, official figures, indicator formulas),
// its coverage, its target; reporting rates from the completeness of the unit's subtree.
#include "analytics_internal.hpp"

#include <algorithm>
#include <array>

#include "tienbo/core/deadline.hpp"

namespace tienbo::services {

using core::ErrorCode;
using core::Unexpected;
using namespace analytics_detail;

namespace {

constexpr double kDefaultMinCoverage = 80;  // % of expected units, for data elements (indicators carry their own)

// References resolved once per query, keyed by their place in the parsed formula.
struct ResolvedRef {
  const ElementMeta* element = nullptr;
  bool single = false;
  std::uint32_t option = 0;

  // The options the reference sums: the one it names, or all of its element's.
  [[nodiscard]] std::span<const std::uint32_t> options() const {
    return single ? std::span<const std::uint32_t>(&option, 1) : std::span<const std::uint32_t>(element->all_options);
  }
};

using Ranges = std::vector<std::vector<analytics::SubtreeRange>>;

// What one query keeps across its cells: the snapshot's parts, the references resolved so far and
// the marks that count distinct units.
struct QueryState {
  const Snapshot& snapshot;
  const Units& model;
  const Elements& elements;
  const analytics::Cube& cube;
  std::unordered_map<const core::ExpressionRef*, std::optional<ResolvedRef>> ref_cache;
  std::vector<std::uint8_t> seen;  // by pre-order index: counted in this cell
  std::vector<std::uint32_t> touched;

  const ResolvedRef* resolved(const core::ExpressionRef& ref) {
    auto it = ref_cache.find(&ref);
    if (it == ref_cache.end()) {
      std::optional<ResolvedRef> r;
      if (auto el = elements.by_code.find(ref.element); el != elements.by_code.end()) {
        if (ref.option.empty()) {
          r = ResolvedRef{&el->second, false, 0};
        } else if (auto o = el->second.options.find(ref.option); o != el->second.options.end()) {
          r = ResolvedRef{&el->second, true, o->second};
        }
      }
      it = ref_cache.emplace(&ref, r).first;
    }
    return it->second ? &*it->second : nullptr;
  }
};

// The cells of one unit in one period: where its values come from and, per dx item, what the
// cell rests on (units whose values went in, and per contributors rule the unit types expected
// to report them, or the official figures used).
class UnitCells {
 public:
  UnitCells(QueryState& q, std::size_t pos, const core::Period& period, const std::string& pe, bool as_of)
      : q_(q),
        unit_(q.model.list[pos]),
        period_(period),
        pe_(pe),
        sources_(sources_for(q.model, pos, period, as_of)),
        at_(period.end_date()) {}

  // Starts the cell of dx item `d`. Official figures replace the sums only when every figure the
  // indicator needs has one, so a numerator never mixes a survey with a sum of reports.
  void start(const DxItem& d) {
    reporters_.clear();
    expected_masks_.fill(0);
    official_sources_.clear();
    used_sum_ = false;
    use_official_ = d.indicator != nullptr && d.indicator->indicator.use_official && q_.snapshot.officials != nullptr &&
                    !q_.snapshot.officials->by_key.empty();
    if (use_official_) {
      for (const auto* e : {&d.indicator->numerator, &d.indicator->denominator}) {
        for (const auto& ref : e->references()) {
          const ResolvedRef* r = q_.resolved(ref);
          if (r == nullptr || !official(*r->element, r->options())) use_official_ = false;
        }
      }
      official_sources_.clear();
    }
  }

  // One element over the unit's sources (itself, or the units it came from, by share).
  std::optional<double> sum_sources(const ElementMeta& el, std::span<const std::uint32_t> options) {
    expected_masks_[static_cast<std::size_t>(el.contributors)] |= el.reporters;
    used_sum_ = true;
    const auto& ranges = ranges_for(el.contributors);
    std::optional<double> total;
    for (std::size_t i = 0; i < sources_.size(); ++i) {
      auto v = q_.cube.aggregate(static_cast<std::uint32_t>(el.id), options, period_, ranges[i], el.rule, &reporters_);
      if (v) total = total.value_or(0) + sources_[i].share * *v;
    }
    return total;
  }

  // A reference of an indicator's formula: an official figure when the cell uses them, else a sum.
  std::optional<double> resolve(const core::ExpressionRef& ref, int back) {
    if (back != 0) return std::nullopt;
    const ResolvedRef* r = q_.resolved(ref);
    if (r == nullptr) return std::nullopt;
    const auto options = r->options();
    if (use_official_) {
      if (auto v = official(*r->element, options)) return v;
    }
    return sum_sources(*r->element, options);
  }

  // unitCount(): the units of these types in the unit's sources, by share.
  [[nodiscard]] std::optional<double> count_units(const std::vector<std::string>& types, int back) const {
    if (back != 0) return std::nullopt;
    double total = 0;
    for (const auto& s : sources_) {
      std::size_t count = 0;
      for (std::uint32_t k = s.range.first; k <= s.range.last; ++k) {
        const auto u = q_.model.index.unit_at(k);
        if (q_.model.valid(u, at_) &&
            std::find(types.begin(), types.end(), core::to_string(q_.model.list[u].unit_type)) != types.end())
          ++count;
      }
      total += s.share * static_cast<double>(count);
    }
    return total;
  }

  // Fills the row's coverage from what the evaluation touched.
  void cover(AnalyticsRow& row, double threshold) {
    row.min_coverage = threshold;
    if (!official_sources_.empty()) {
      row.basis = "official";
      for (const auto& c : official_sources_) row.data_source += (row.data_source.empty() ? "" : "; ") + c;
    }
    if (!used_sum_) return;
    const std::size_t reported = distinct_reporters();
    std::size_t expected = 0;
    for (std::size_t c = 0; c < expected_masks_.size(); ++c) {
      if (expected_masks_[c] == 0) continue;
      auto [it, added] = expected_by_mask_.try_emplace({c, expected_masks_[c]}, 0);
      if (added) {
        for (const auto& r : ranges_for(static_cast<Contributors>(c)))
          it->second += count_expected(q_.model, r, at_, expected_masks_[c]);
      }
      expected = std::max(expected, it->second);
    }
    row.units_reported = static_cast<std::int64_t>(reported);
    row.units_expected = static_cast<std::int64_t>(expected);
    if (expected > 0) {
      row.coverage = std::min(100.0, 100.0 * static_cast<double>(reported) / static_cast<double>(expected));
      row.partial = row.basis != "official" && *row.coverage < threshold;
    }
  }

 private:
  // The ranges of each source that count for a contributors rule (computed once per unit).
  const Ranges& ranges_for(Contributors c) {
    auto& slot = ranges_by_rule_[static_cast<std::size_t>(c)];
    if (slot.empty()) {
      for (const auto& s : sources_) {
        const std::size_t root = q_.model.index.unit_at(s.range.first);
        slot.push_back(contributing(q_.model, root, s.range, c));
      }
      if (slot.empty()) slot.emplace_back();  // no source: remember that it was computed
    }
    return slot;
  }

  // The unit's official figure of an element (every option asked for must have one).
  std::optional<double> official(const ElementMeta& el, std::span<const std::uint32_t> options) {
    if (q_.snapshot.officials == nullptr || q_.snapshot.officials->by_key.empty()) return std::nullopt;
    double total = 0;
    std::vector<std::string> cited;
    for (auto option : options) {
      auto it = q_.snapshot.officials->by_key.find({el.id, option, pe_, unit_.id});
      if (it == q_.snapshot.officials->by_key.end()) return std::nullopt;
      total += it->second.value;
      cited.push_back(it->second.data_source);
    }
    for (auto& c : cited) {
      if (std::find(official_sources_.begin(), official_sources_.end(), c) == official_sources_.end())
        official_sources_.push_back(c);
    }
    return total;
  }

  // Distinct units among the reporters, counted with a mark per unit (no sort: a province's cell
  // reads thousands).
  std::size_t distinct_reporters() {
    std::size_t reported = 0;
    for (auto k : reporters_) {
      if (q_.seen[k] == 0) {
        q_.seen[k] = 1;
        q_.touched.push_back(k);
        ++reported;
      }
    }
    for (auto k : q_.touched) q_.seen[k] = 0;
    q_.touched.clear();
    return reported;
  }

  QueryState& q_;
  const store::UnitRecord& unit_;
  const core::Period& period_;
  const std::string& pe_;
  const std::vector<Source> sources_;
  const std::string at_;
  std::array<Ranges, 3> ranges_by_rule_;
  std::vector<std::uint32_t> reporters_;
  std::array<std::uint32_t, 3> expected_masks_{};
  std::map<std::pair<std::size_t, std::uint32_t>, std::size_t> expected_by_mask_;  // (contributors, types) -> units
  std::vector<std::string> official_sources_;
  bool used_sum_ = false;
  bool use_official_ = false;
};

// An indicator's cell: its formula over the unit's sources, its target for the period's year.
void evaluate_indicator(UnitCells& cells, const IndicatorDef& ind, const store::UnitRecord& unit,
                        const core::Period& period, AnalyticsRow& row) {
  const core::ExpressionResolver resolve = [&cells](const core::ExpressionRef& ref, int back) {
    return cells.resolve(ref, back);
  };
  const core::UnitCounter count_units = [&cells](const std::vector<std::string>& types, int back) {
    return cells.count_units(types, back);
  };
  row.dx_kind = "indicator";
  row.numerator = ind.numerator.evaluate(resolve, count_units);
  row.denominator = ind.denominator.evaluate(resolve, count_units);
  if (row.numerator && row.denominator && *row.denominator != 0) {
    row.value = *row.numerator / *row.denominator * ind.indicator.factor;
  }
  if (auto t = target_for(ind.targets, unit.id, period.year())) {
    row.target = t->value;
    row.target_operator = core::to_string(t->op);
  }
  cells.cover(row, ind.indicator.min_coverage);
}

// A reporting rate's cell: the expected reports of the completeness that lie in unit `pos`'s
// subtree, received, on time.
void count_reporting_rate(const Units& model, std::size_t pos, const std::string& date,
                          const Completeness& completeness, AnalyticsRow& row) {
  const auto range = model.index.range(pos);
  std::int64_t expected = 0, received = 0, on_time = 0;
  for (const auto& r : completeness.rows) {
    if (r.status == "waived") continue;
    auto at_pos = model.at(r.unit_code, date);
    if (!at_pos) at_pos = model.latest(r.unit_code);
    if (!at_pos) continue;
    const auto k = model.index.range(*at_pos).first;
    if (k < range.first || k > range.last) continue;
    ++expected;
    if (r.submitted_at) {
      ++received;
      if (r.on_time.value_or(false)) ++on_time;
    }
  }
  row.expected = expected;
  row.received = received;
  row.on_time = on_time;
  row.numerator = static_cast<double>(received);
  row.denominator = static_cast<double>(expected);
  if (expected > 0) row.value = 100.0 * static_cast<double>(received) / static_cast<double>(expected);
}

// Reporting rates: one completeness computation per (form, period, ou item); each cell counts the
// rows of its own subtree from it, in memory.
class RateCache {
 public:
  RateCache(CompletenessService* completeness, const Principal& p) : completeness_(completeness), p_(p) {}

  // The completeness of `form` in period `pe` for ou item `item_index` (rooted at `base`); null
  // when there is none to count.
  core::Result<const Completeness*> get(const std::string& form, const std::string& pe, std::size_t item_index,
                                        const std::string& base) {
    auto [slot, fresh] = cache_.try_emplace({form, pe, item_index});
    if (fresh) {
      auto c = completeness_->compute(p_, form, pe, base);
      if (c) {
        slot->second = std::move(*c);
      } else if (c.error().code != ErrorCode::InvalidValue && c.error().code != ErrorCode::NotFound) {
        // InvalidValue: not reported for this period. NotFound: on the period's own date the code
        // named no unit, or one the caller may not read (a reused code): no cell, as for a
        // missing unit, rather than a 404 for the whole query.
        return Unexpected{std::move(c).error()};
      }
    }
    return slot->second ? &*slot->second : nullptr;
  }

 private:
  CompletenessService* completeness_;
  const Principal& p_;
  std::map<std::tuple<std::string, std::string, std::size_t>, std::optional<Completeness>> cache_;
};

// The cells of unit `pos` in `period` (code `pe`, units valid on `date`) for every dx item of the plan.
struct UnitPeriod {
  std::size_t item_index = 0;
  std::size_t pos = 0;
  const core::Period& period;
  const std::string& pe;
  const std::string& date;
};

core::Result<void> evaluate_unit(QueryState& state, RateCache& rates, const QueryPlan& plan, bool as_of,
                                 const UnitPeriod& up, AnalyticsResult& result) {
  const Units& model = state.model;
  const auto& unit = model.list[up.pos];
  result.names_vi[unit.code] = unit.name_vi;
  result.names_en[unit.code] = unit.name_en.empty() ? unit.name_vi : unit.name_en;
  UnitCells cells(state, up.pos, up.period, up.pe, as_of);
  if (core::deadline_passed()) return Unexpected{core::deadline_error()};
  for (const auto& d : plan.dx) {
    cells.start(d);
    AnalyticsRow row;
    row.dx = d.code;
    row.ou = unit.code;
    row.ou_name_vi = unit.name_vi;
    row.pe = up.pe;
    if (!d.reporting_form.empty()) {
      // Completeness: expected reports in the unit's subtree, received, on time (from the database).
      row.dx_kind = "reportingRate";
      auto completeness = rates.get(d.reporting_form, up.pe, up.item_index, plan.ou[up.item_index].base);
      if (!completeness) return Unexpected{std::move(completeness).error()};
      if (*completeness == nullptr) continue;
      count_reporting_rate(model, up.pos, up.date, **completeness, row);
    } else if (d.indicator) {
      evaluate_indicator(cells, *d.indicator, unit, up.period, row);
    } else {
      row.dx_kind = "dataElement";
      row.value = cells.sum_sources(*d.element, d.options);
      cells.cover(row, kDefaultMinCoverage);
    }
    if (!row.value && !row.numerator && !row.denominator) continue;
    result.rows.push_back(std::move(row));
  }
  return {};
}

}  // namespace

core::Result<AnalyticsResult> AnalyticsService::query(const Principal& p, const AnalyticsQuery& q_in) {
  AnalyticsQuery q;
  q.as_of = q_in.as_of;
  for (auto [in, out, field] :
       {std::tuple{&q_in.dx, &q.dx, "dx"}, std::tuple{&q_in.ou, &q.ou, "ou"}, std::tuple{&q_in.pe, &q.pe, "pe"}}) {
    auto list = bounded_list(*in, field);
    if (!list) return Unexpected{std::move(list).error()};
    *out = std::move(*list);
  }
  auto snapshot = serving();
  if (!snapshot) return Unexpected{std::move(snapshot).error()};
  return query_snapshot(**snapshot, p, q);
}

// One query, one snapshot: units, elements, targets and values all come from `s`.
core::Result<AnalyticsResult> AnalyticsService::query_snapshot(const Snapshot& snapshot, const Principal& p,
                                                               const AnalyticsQuery& q) {
  auto plan = plan_query(store_, metadata_, completeness_ != nullptr, snapshot, p, q);
  if (!plan) return Unexpected{std::move(plan).error()};
  const Units& model = *snapshot.units;
  AnalyticsResult result = std::move(plan->result);
  RateCache rates(completeness_, p);
  QueryState state{
      snapshot, model, *snapshot.elements, *snapshot.cube, {}, std::vector<std::uint8_t>(model.index.size(), 0), {}};
  for (const auto& pe : plan->periods) {
    const core::Period period = *core::Period::parse(pe);
    const std::string date = q.as_of ? period.end_date() : plan->today;
    for (std::size_t item_index = 0; item_index < plan->ou.size(); ++item_index) {
      for (auto pos : plan->units_of(model, item_index, date)) {
        TIENBO_TRY(evaluate_unit(state, rates, *plan, q.as_of, UnitPeriod{item_index, pos, period, pe, date}, result));
      }
    }
  }
  return result;
}

}  // namespace tienbo::services
