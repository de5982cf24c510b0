#pragma once
// The closed sets of the domain that are stored and sent as text: a report's status, a
// validation rule's operator, severity, importance and missing-value strategy, an indicator
// target's operator and a unit's type. Each enum is stored, sent and accepted as the text of
// its to_string, exactly as the database's CHECK constraints, the form package and
// docs/openapi.yaml write it; each parse_* takes that text back (no trimming, no case folding)
// and answers nullopt for anything else. The enum's order is the order its k* list names it in.
// (The value type is core::ValueType in value_syntax.hpp, a committee member's role
// core::MemberRole in member_role.hpp, a user's role auth::Role.)

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace tienbo::core {

//! Where a report is in its workflow: "draft", "submitted", "approved", "returned".
enum class ReportStatus : std::uint8_t { Draft, Submitted, Approved, Returned };
inline constexpr std::array<ReportStatus, 4> kReportStatuses{ReportStatus::Draft, ReportStatus::Submitted,
                                                             ReportStatus::Approved, ReportStatus::Returned};
std::optional<ReportStatus> parse_report_status(std::string_view s);
std::string_view to_string(ReportStatus s);

//! How a validation rule compares its sides: "equal_to", "not_equal_to", "greater_than",
//! "greater_than_or_equal_to", "less_than", "less_than_or_equal_to" (numbers), "compulsory_pair"
//! (both sides or neither), "exclusive_pair" (not both).
enum class RuleOperator : std::uint8_t {
  EqualTo,
  NotEqualTo,
  GreaterThan,
  GreaterThanOrEqualTo,
  LessThan,
  LessThanOrEqualTo,
  CompulsoryPair,
  ExclusivePair
};
inline constexpr std::array<RuleOperator, 8> kRuleOperators{
    RuleOperator::EqualTo,        RuleOperator::NotEqualTo,
    RuleOperator::GreaterThan,    RuleOperator::GreaterThanOrEqualTo,
    RuleOperator::LessThan,       RuleOperator::LessThanOrEqualTo,
    RuleOperator::CompulsoryPair, RuleOperator::ExclusivePair};
std::optional<RuleOperator> parse_rule_operator(std::string_view s);
std::string_view to_string(RuleOperator o);

//! What a broken rule does: "blocking" (the report cannot be submitted) or "warning".
enum class RuleSeverity : std::uint8_t { Blocking, Warning };
inline constexpr std::array<RuleSeverity, 2> kRuleSeverities{RuleSeverity::Blocking, RuleSeverity::Warning};
std::optional<RuleSeverity> parse_rule_severity(std::string_view s);
std::string_view to_string(RuleSeverity s);

//! How much a broken rule matters: "high", "medium", "low".
enum class RuleImportance : std::uint8_t { High, Medium, Low };
inline constexpr std::array<RuleImportance, 3> kRuleImportances{RuleImportance::High, RuleImportance::Medium,
                                                                RuleImportance::Low};
std::optional<RuleImportance> parse_rule_importance(std::string_view s);
std::string_view to_string(RuleImportance i);

//! When a rule with missing values is checked: "skip_if_any_value_missing",
//! "skip_if_all_values_missing", "never_skip" (a missing value counts as 0).
enum class MissingStrategy : std::uint8_t { SkipIfAnyValueMissing, SkipIfAllValuesMissing, NeverSkip };
inline constexpr std::array<MissingStrategy, 3> kMissingStrategies{
    MissingStrategy::SkipIfAnyValueMissing, MissingStrategy::SkipIfAllValuesMissing, MissingStrategy::NeverSkip};
std::optional<MissingStrategy> parse_missing_strategy(std::string_view s);
std::string_view to_string(MissingStrategy m);

//! How an indicator's value meets its target: "ge", "gt", "le", "lt", "eq", "about".
enum class TargetOperator : std::uint8_t { Ge, Gt, Le, Lt, Eq, About };
inline constexpr std::array<TargetOperator, 6> kTargetOperators{TargetOperator::Ge, TargetOperator::Gt,
                                                                TargetOperator::Le, TargetOperator::Lt,
                                                                TargetOperator::Eq, TargetOperator::About};
std::optional<TargetOperator> parse_target_operator(std::string_view s);
std::string_view to_string(TargetOperator o);

//! A unit's type: "nation", "ministry", "sector", "province", "district", "commune", "agency".
enum class UnitType : std::uint8_t { Nation, Ministry, Sector, Province, District, Commune, Agency };
inline constexpr std::array<UnitType, 7> kUnitTypes{UnitType::Nation,   UnitType::Ministry, UnitType::Sector,
                                                    UnitType::Province, UnitType::District, UnitType::Commune,
                                                    UnitType::Agency};
std::optional<UnitType> parse_unit_type(std::string_view s);
std::string_view to_string(UnitType t);

}  // namespace tienbo::core
