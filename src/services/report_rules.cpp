// Validation rules of a form evaluated over a report's values (and last period's).
#include "report_internal.hpp"

#include <algorithm>
#include <cmath>

#include "tienbo/core/text.hpp"

namespace tienbo::services::report_detail {

std::optional<double> as_number(const std::string& v) {
  if (v == "true") return 1.0;
  if (v == "false") return 0.0;
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (end == v.c_str() || *end != '\0') return std::nullopt;
  return d;
}

// The total of a numeric element: its single value, or the sum of its present options. Options add
// up only for an element aggregated by sum: women's and men's average hours (aggregation "average")
// do not make a total of 6 hours a day.
std::optional<double> total_of(const ElementDef& e, const ValueMap& values) {
  if (e.disaggregated() && e.element.aggregation != "sum") return std::nullopt;
  auto it = values.find(e.element.code);
  if (it == values.end()) return std::nullopt;
  std::optional<double> sum;
  for (const auto& [option, cell] : it->second) {
    auto n = as_number(cell.value);
    if (n) sum = sum.value_or(0) + *n;
  }
  return sum;
}

namespace {
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

}  // namespace

// NOLINTNEXTLINE(readability-function-size): one of the long functions still to split (issue #13)
std::vector<RuleResult> evaluate_rules(const FormDefinition& def, const ValueMap& current, const ValueMap& previous,
                                       std::array<const ValueMap*, 2> halves) {
  std::vector<RuleResult> out;
  for (const auto& r : def.rules) {
    bool any_missing = false;
    bool any_present = false;
    bool zero_for_missing = false;
    auto resolver = [&](const core::ExpressionRef& ref, int back) -> std::optional<double> {
      const ValueMap* values = back == 0    ? &current
                               : back > 0   ? &previous
                               : back >= -2 ? halves[static_cast<std::size_t>(-back - 1)]
                                            : nullptr;
      auto v = values != nullptr ? resolve(def, *values, ref) : std::nullopt;
      if (v)
        any_present = true;
      else
        any_missing = true;
      if (!v && zero_for_missing) return 0.0;
      return v;
    };
    std::optional<double> left = r.left.evaluate(resolver);
    std::optional<double> right = r.right.evaluate(resolver);
    using core::RuleOperator;
    const RuleOperator op = r.rule.op;
    bool ok = true;
    if (op == RuleOperator::CompulsoryPair) {
      ok = left.has_value() == right.has_value();
    } else if (op == RuleOperator::ExclusivePair) {
      ok = !(left.has_value() && right.has_value());
    } else {
      const core::MissingStrategy strategy = r.rule.missing_strategy;
      if (any_missing && strategy == core::MissingStrategy::SkipIfAnyValueMissing) continue;
      if (!any_present && strategy == core::MissingStrategy::SkipIfAllValuesMissing) continue;
      if (any_missing) {
        zero_for_missing = true;
        left = r.left.evaluate(resolver);
        right = r.right.evaluate(resolver);
      }
      if (!left || !right) continue;  // e.g. a division by zero: nothing to say
      constexpr double kEps = 1e-9;
      const double a = *left;
      const double b = *right;
      if (op == RuleOperator::EqualTo)
        ok = std::fabs(a - b) <= kEps;
      else if (op == RuleOperator::NotEqualTo)
        ok = std::fabs(a - b) > kEps;
      else if (op == RuleOperator::GreaterThan)
        ok = a > b + kEps;
      else if (op == RuleOperator::GreaterThanOrEqualTo)
        ok = a >= b - kEps;
      else if (op == RuleOperator::LessThan)
        ok = a < b - kEps;
      else if (op == RuleOperator::LessThanOrEqualTo)
        ok = a <= b + kEps;
    }
    if (ok) continue;
    if (!r.rule.comment_satisfies.empty()) {
      auto it = current.find(r.rule.comment_satisfies);
      if (it != current.end() && std::any_of(it->second.begin(), it->second.end(),
                                             [](const auto& kv) { return !kv.second.comment.empty(); })) {
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
        if (std::find(res.elements.begin(), res.elements.end(), ref.element) == res.elements.end())
          res.elements.push_back(ref.element);
      }
    }
    out.push_back(std::move(res));
  }
  std::stable_sort(out.begin(), out.end(), [](const RuleResult& a, const RuleResult& b) {
    using core::RuleSeverity;
    return a.severity == RuleSeverity::Blocking && b.severity != RuleSeverity::Blocking;
  });
  return out;
}

}  // namespace tienbo::services::report_detail
