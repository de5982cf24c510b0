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

// What a rule is evaluated over: the report's values, last period's, and the half-years'.
struct RuleValues {
  const FormDefinition& def;
  const ValueMap& current;
  const ValueMap& previous;
  std::array<const ValueMap*, 2> halves;
};

// A rule's two sides as evaluated.
struct Sides {
  std::optional<double> left;
  std::optional<double> right;
};

// Whether `a op b` holds, within a small tolerance.
bool compares(core::RuleOperator op, double a, double b) {
  using core::RuleOperator;
  constexpr double kEps = 1e-9;
  if (op == RuleOperator::EqualTo) return std::fabs(a - b) <= kEps;
  if (op == RuleOperator::NotEqualTo) return std::fabs(a - b) > kEps;
  if (op == RuleOperator::GreaterThan) return a > b + kEps;
  if (op == RuleOperator::GreaterThanOrEqualTo) return a >= b - kEps;
  if (op == RuleOperator::LessThan) return a < b - kEps;
  if (op == RuleOperator::LessThanOrEqualTo) return a <= b + kEps;
  return true;
}

// Whether rule `r` holds; nullopt when there is nothing to say (values missing as its strategy
// says, or a side that cannot be computed). `sides` gets what its sides came to.
std::optional<bool> rule_holds(const RuleDef& r, const RuleValues& in, Sides& sides) {
  bool any_missing = false;
  bool any_present = false;
  bool zero_for_missing = false;
  auto resolver = [&](const core::ExpressionRef& ref, int back) -> std::optional<double> {
    const ValueMap* values = back == 0    ? &in.current
                             : back > 0   ? &in.previous
                             : back >= -2 ? in.halves[static_cast<std::size_t>(-back - 1)]
                                          : nullptr;
    auto v = values != nullptr ? resolve(in.def, *values, ref) : std::nullopt;
    if (v)
      any_present = true;
    else
      any_missing = true;
    if (!v && zero_for_missing) return 0.0;
    return v;
  };
  sides.left = r.left.evaluate(resolver);
  sides.right = r.right.evaluate(resolver);
  using core::RuleOperator;
  const RuleOperator op = r.rule.op;
  if (op == RuleOperator::CompulsoryPair) return sides.left.has_value() == sides.right.has_value();
  if (op == RuleOperator::ExclusivePair) return !(sides.left.has_value() && sides.right.has_value());
  const core::MissingStrategy strategy = r.rule.missing_strategy;
  if (any_missing && strategy == core::MissingStrategy::SkipIfAnyValueMissing) return std::nullopt;
  if (!any_present && strategy == core::MissingStrategy::SkipIfAllValuesMissing) return std::nullopt;
  if (any_missing) {
    zero_for_missing = true;
    sides.left = r.left.evaluate(resolver);
    sides.right = r.right.evaluate(resolver);
  }
  if (!sides.left || !sides.right) return std::nullopt;  // e.g. a division by zero: nothing to say
  return compares(op, *sides.left, *sides.right);
}

// A broken rule whose commentSatisfies element carries a comment is explained, not reported.
bool explained_by_comment(const RuleDef& r, const ValueMap& current) {
  if (r.rule.comment_satisfies.empty()) return false;
  auto it = current.find(r.rule.comment_satisfies);
  return it != current.end() &&
         std::any_of(it->second.begin(), it->second.end(), [](const auto& kv) { return !kv.second.comment.empty(); });
}

// A broken rule as reported: its messages with {left} and {right} filled in, the elements it names.
RuleResult broken_rule(const RuleDef& r, const Sides& sides) {
  RuleResult res;
  res.code = r.rule.code;
  res.severity = r.rule.severity;
  res.importance = r.rule.importance;
  auto fill = [&](std::string msg) {
    for (auto [token, v] :
         {std::pair{std::string("{left}"), sides.left}, std::pair{std::string("{right}"), sides.right}}) {
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
  return res;
}

}  // namespace

std::vector<RuleResult> evaluate_rules(const FormDefinition& def, const ValueMap& current, const ValueMap& previous,
                                       std::array<const ValueMap*, 2> halves) {
  std::vector<RuleResult> out;
  const RuleValues in{def, current, previous, halves};
  for (const auto& r : def.rules) {
    Sides sides;
    const auto ok = rule_holds(r, in, sides);
    if (!ok || *ok) continue;
    if (explained_by_comment(r, current)) continue;
    out.push_back(broken_rule(r, sides));
  }
  std::stable_sort(out.begin(), out.end(), [](const RuleResult& a, const RuleResult& b) {
    using core::RuleSeverity;
    return a.severity == RuleSeverity::Blocking && b.severity != RuleSeverity::Blocking;
  });
  return out;
}

}  // namespace tienbo::services::report_detail
