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
// NOLINTNEXTLINE(readability-function-size): one of the long functions still to split (issue #13)
core::Result<AnalyticsResult> AnalyticsService::query_snapshot(const Snapshot& snapshot, const Principal& p,
                                                               const AnalyticsQuery& q) {
  auto plan = plan_query(store_, metadata_, completeness_ != nullptr, snapshot, p, q);
  if (!plan) return Unexpected{std::move(plan).error()};
  const Units* model = snapshot.units.get();
  const Elements& elements = *snapshot.elements;
  const analytics::Cube& cube = *snapshot.cube;
  const auto& periods = plan->periods;
  const auto& dx = plan->dx;
  const auto& ou = plan->ou;
  const std::string& today = plan->today;
  AnalyticsResult result = std::move(plan->result);

  // Reporting rates: one completeness computation per (form, period, ou item); each cell counts the
  // rows of its own subtree from it, in memory.
  std::map<std::tuple<std::string, std::string, std::size_t>, std::optional<Completeness>> rate_cache;

  // References resolved once per query, keyed by their place in the parsed formula.
  struct ResolvedRef {
    const ElementMeta* element = nullptr;
    bool single = false;
    std::uint32_t option = 0;
  };
  std::unordered_map<const core::ExpressionRef*, std::optional<ResolvedRef>> ref_cache;
  const auto resolved = [&](const core::ExpressionRef& ref) -> const ResolvedRef* {
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
  };

  std::vector<std::uint8_t> seen(model->index.size(), 0);  // by pre-order index: counted in this cell
  std::vector<std::uint32_t> touched;
  for (const auto& pe : periods) {
    const core::Period period = *core::Period::parse(pe);
    const std::string date = q.as_of ? period.end_date() : today;
    for (std::size_t item_index = 0; item_index < ou.size(); ++item_index) {
      const OuItem& item = ou[item_index];
      for (auto pos : plan->units_of(*model, item_index, date)) {
        const auto& unit = model->list[pos];
        result.names_vi[unit.code] = unit.name_vi;
        result.names_en[unit.code] = unit.name_en.empty() ? unit.name_vi : unit.name_en;
        const auto sources = sources_for(*model, pos, period, q.as_of);
        const std::string at = period.end_date();
        // The ranges of each source that count for a contributors rule (computed once per unit).
        std::array<std::vector<std::vector<analytics::SubtreeRange>>, 3> ranges_by_rule;
        const auto ranges_for = [&](Contributors c) -> const std::vector<std::vector<analytics::SubtreeRange>>& {
          auto& slot = ranges_by_rule[static_cast<std::size_t>(c)];
          if (slot.empty()) {
            for (const auto& s : sources) {
              const std::size_t root = model->index.unit_at(s.range.first);
              slot.push_back(contributing(*model, root, s.range, c));
            }
            if (slot.empty()) slot.emplace_back();  // no source: remember that it was computed
          }
          return slot;
        };
        // What the cell rests on: units whose values went in, and per contributors rule the unit
        // types expected to report them.
        std::vector<std::uint32_t> reporters;
        std::array<std::uint32_t, 3> expected_masks{};
        std::map<std::pair<std::size_t, std::uint32_t>, std::size_t>
            expected_by_mask;  // (contributors, types) -> units
        std::vector<std::string> official_sources;
        bool used_sum = false;
        // One element over the unit's sources (itself, or the units it came from, by share).
        const auto sum_sources = [&](const ElementMeta& el,
                                     std::span<const std::uint32_t> options) -> std::optional<double> {
          expected_masks[static_cast<std::size_t>(el.contributors)] |= el.reporters;
          used_sum = true;
          const auto& ranges = ranges_for(el.contributors);
          std::optional<double> total;
          for (std::size_t i = 0; i < sources.size(); ++i) {
            auto v = cube.aggregate(static_cast<std::uint32_t>(el.id), options, period, ranges[i], el.rule, &reporters);
            if (v) total = total.value_or(0) + sources[i].share * *v;
          }
          return total;
        };
        // The unit's official figure of an element (every option asked for must have one).
        const auto official = [&](const ElementMeta& el,
                                  std::span<const std::uint32_t> options) -> std::optional<double> {
          if (snapshot.officials == nullptr || snapshot.officials->by_key.empty()) return std::nullopt;
          double total = 0;
          std::vector<std::string> cited;
          for (auto option : options) {
            auto it = snapshot.officials->by_key.find({el.id, option, pe, unit.id});
            if (it == snapshot.officials->by_key.end()) return std::nullopt;
            total += it->second.value;
            cited.push_back(it->second.data_source);
          }
          for (auto& c : cited) {
            if (std::find(official_sources.begin(), official_sources.end(), c) == official_sources.end())
              official_sources.push_back(c);
          }
          return total;
        };
        bool use_official = false;
        const auto resolve = [&](const core::ExpressionRef& ref, int back) -> std::optional<double> {
          if (back != 0) return std::nullopt;
          const ResolvedRef* r = resolved(ref);
          if (r == nullptr) return std::nullopt;
          const auto options = r->single ? std::span<const std::uint32_t>(&r->option, 1)
                                         : std::span<const std::uint32_t>(r->element->all_options);
          if (use_official) {
            if (auto v = official(*r->element, options)) return v;
          }
          return sum_sources(*r->element, options);
        };
        const core::UnitCounter count_units = [&](const std::vector<std::string>& types,
                                                  int back) -> std::optional<double> {
          if (back != 0) return std::nullopt;
          double total = 0;
          for (const auto& s : sources) {
            std::size_t count = 0;
            for (std::uint32_t k = s.range.first; k <= s.range.last; ++k) {
              const auto u = model->index.unit_at(k);
              if (model->valid(u, at) &&
                  std::find(types.begin(), types.end(), core::to_string(model->list[u].unit_type)) != types.end())
                ++count;
            }
            total += s.share * static_cast<double>(count);
          }
          return total;
        };
        // Fills the row's coverage from what the evaluation touched.
        const auto cover = [&](AnalyticsRow& row, double threshold) {
          row.min_coverage = threshold;
          if (!official_sources.empty()) {
            row.basis = "official";
            for (const auto& c : official_sources) row.data_source += (row.data_source.empty() ? "" : "; ") + c;
          }
          if (!used_sum) return;
          // Distinct units, counted with a mark per unit (no sort: a province's cell reads thousands).
          std::size_t reported = 0;
          for (auto k : reporters) {
            if (seen[k] == 0) {
              seen[k] = 1;
              touched.push_back(k);
              ++reported;
            }
          }
          for (auto k : touched) seen[k] = 0;
          touched.clear();
          std::size_t expected = 0;
          for (std::size_t c = 0; c < expected_masks.size(); ++c) {
            if (expected_masks[c] == 0) continue;
            auto [it, added] = expected_by_mask.try_emplace({c, expected_masks[c]}, 0);
            if (added) {
              for (const auto& r : ranges_for(static_cast<Contributors>(c)))
                it->second += count_expected(*model, r, at, expected_masks[c]);
            }
            expected = std::max(expected, it->second);
          }
          row.units_reported = static_cast<std::int64_t>(reported);
          row.units_expected = static_cast<std::int64_t>(expected);
          if (expected > 0) {
            row.coverage = std::min(100.0, 100.0 * static_cast<double>(reported) / static_cast<double>(expected));
            row.partial = row.basis != "official" && *row.coverage < threshold;
          }
        };
        if (core::deadline_passed()) return Unexpected{core::deadline_error()};
        for (const auto& d : dx) {
          reporters.clear();
          expected_masks.fill(0);
          official_sources.clear();
          used_sum = false;
          // Official figures replace the sums only when every figure the indicator needs has one,
          // so a numerator never mixes a survey with a sum of reports.
          use_official = d.indicator != nullptr && d.indicator->indicator.use_official &&
                         snapshot.officials != nullptr && !snapshot.officials->by_key.empty();
          if (use_official) {
            for (const auto* e : {&d.indicator->numerator, &d.indicator->denominator}) {
              for (const auto& ref : e->references()) {
                const ResolvedRef* r = resolved(ref);
                if (r == nullptr ||
                    !official(*r->element, r->single ? std::span<const std::uint32_t>(&r->option, 1)
                                                     : std::span<const std::uint32_t>(r->element->all_options))) {
                  use_official = false;
                }
              }
            }
            official_sources.clear();
          }
          AnalyticsRow row;
          row.dx = d.code;
          row.ou = unit.code;
          row.ou_name_vi = unit.name_vi;
          row.pe = pe;
          if (!d.reporting_form.empty()) {
            // Completeness: expected reports in the unit's subtree, received, on time (from the database).
            row.dx_kind = "reportingRate";
            auto [slot, fresh] = rate_cache.try_emplace({d.reporting_form, pe, item_index});
            if (fresh) {
              auto c = completeness_->compute(p, d.reporting_form, pe, item.base);
              if (c) {
                slot->second = std::move(*c);
              } else if (c.error().code != ErrorCode::InvalidValue && c.error().code != ErrorCode::NotFound) {
                // InvalidValue: not reported for this period. NotFound: on the period's own date the code
                // named no unit, or one the caller may not read (a reused code): no cell, as for a
                // missing unit, rather than a 404 for the whole query.
                return Unexpected{std::move(c).error()};
              }
            }
            if (!slot->second) continue;
            const auto range = model->index.range(pos);
            std::int64_t expected = 0, received = 0, on_time = 0;
            for (const auto& r : slot->second->rows) {
              if (r.status == "waived") continue;
              auto at_pos = model->at(r.unit_code, date);
              if (!at_pos) at_pos = model->latest(r.unit_code);
              if (!at_pos) continue;
              const auto k = model->index.range(*at_pos).first;
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
          } else if (d.indicator) {
            row.dx_kind = "indicator";
            row.numerator = d.indicator->numerator.evaluate(resolve, count_units);
            row.denominator = d.indicator->denominator.evaluate(resolve, count_units);
            if (row.numerator && row.denominator && *row.denominator != 0) {
              row.value = *row.numerator / *row.denominator * d.indicator->indicator.factor;
            }
            if (auto t = target_for(d.indicator->targets, unit.id, period.year())) {
              row.target = t->value;
              row.target_operator = core::to_string(t->op);
            }
            cover(row, d.indicator->indicator.min_coverage);
          } else {
            row.dx_kind = "dataElement";
            row.value = sum_sources(*d.element, d.options);
            cover(row, kDefaultMinCoverage);
          }
          if (!row.value && !row.numerator && !row.denominator) continue;
          result.rows.push_back(std::move(row));
        }
      }
    }
  }
  return result;
}

}  // namespace tienbo::services
