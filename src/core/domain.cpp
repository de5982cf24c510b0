#include "tienbo/core/domain.hpp"

#include <cstddef>

namespace tienbo::core {
namespace {

// The texts of an enum, indexed by its value (the k* lists hold the enum in order).
constexpr std::array<std::string_view, 4> kReportStatusText{"draft", "submitted", "approved", "returned"};
constexpr std::array<std::string_view, 8> kRuleOperatorText{
    "equal_to",  "not_equal_to",          "greater_than",    "greater_than_or_equal_to",
    "less_than", "less_than_or_equal_to", "compulsory_pair", "exclusive_pair"};
constexpr std::array<std::string_view, 2> kRuleSeverityText{"blocking", "warning"};
constexpr std::array<std::string_view, 3> kRuleImportanceText{"high", "medium", "low"};
constexpr std::array<std::string_view, 3> kMissingStrategyText{"skip_if_any_value_missing",
                                                               "skip_if_all_values_missing", "never_skip"};
constexpr std::array<std::string_view, 6> kTargetOperatorText{"ge", "gt", "le", "lt", "eq", "about"};
constexpr std::array<std::string_view, 7> kUnitTypeText{"nation",   "ministry", "sector", "province",
                                                        "district", "commune",  "agency"};

template <class Enum, std::size_t N>
std::string_view text_of(Enum e, const std::array<std::string_view, N>& texts) {
  const auto i = static_cast<std::size_t>(e);
  return i < N ? texts[i] : std::string_view{};
}

template <class Enum, std::size_t N>
std::optional<Enum> parse_text(std::string_view s, const std::array<Enum, N>& all,
                               const std::array<std::string_view, N>& texts) {
  for (std::size_t i = 0; i < N; ++i) {
    if (texts[i] == s) return all[i];
  }
  return std::nullopt;
}

}  // namespace

std::optional<ReportStatus> parse_report_status(std::string_view s) {
  return parse_text(s, kReportStatuses, kReportStatusText);
}
std::string_view to_string(ReportStatus s) { return text_of(s, kReportStatusText); }

std::optional<RuleOperator> parse_rule_operator(std::string_view s) {
  return parse_text(s, kRuleOperators, kRuleOperatorText);
}
std::string_view to_string(RuleOperator o) { return text_of(o, kRuleOperatorText); }

std::optional<RuleSeverity> parse_rule_severity(std::string_view s) {
  return parse_text(s, kRuleSeverities, kRuleSeverityText);
}
std::string_view to_string(RuleSeverity s) { return text_of(s, kRuleSeverityText); }

std::optional<RuleImportance> parse_rule_importance(std::string_view s) {
  return parse_text(s, kRuleImportances, kRuleImportanceText);
}
std::string_view to_string(RuleImportance i) { return text_of(i, kRuleImportanceText); }

std::optional<MissingStrategy> parse_missing_strategy(std::string_view s) {
  return parse_text(s, kMissingStrategies, kMissingStrategyText);
}
std::string_view to_string(MissingStrategy m) { return text_of(m, kMissingStrategyText); }

std::optional<TargetOperator> parse_target_operator(std::string_view s) {
  return parse_text(s, kTargetOperators, kTargetOperatorText);
}
std::string_view to_string(TargetOperator o) { return text_of(o, kTargetOperatorText); }

std::optional<UnitType> parse_unit_type(std::string_view s) { return parse_text(s, kUnitTypes, kUnitTypeText); }
std::string_view to_string(UnitType t) { return text_of(t, kUnitTypeText); }

}  // namespace tienbo::core
