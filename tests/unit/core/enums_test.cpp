// The enums that stand for stored and sent text: every enumerator round-trips through its
// text, any other text is refused, and docs/openapi.yaml lists exactly the accepted texts.

#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "openapi_enum.hpp"
#include "tienbo/core/domain.hpp"
#include "tienbo/core/member_role.hpp"
#include "tienbo/core/value_syntax.hpp"

namespace tienbo::core {
namespace {

// Texts that are not any enumerator's: near misses of the real ones and the obvious others.
const std::vector<std::string> kNearMisses{"",        " ",        "unknown",    "percentage", "Integer",
                                           "INTEGER", " integer", "integer ",   "long-text",  "longText",
                                           "bool",    "Chair",    "vice-chair", "viceChair",  "standing member",
                                           "member ", "thư ký",   "Trưởng ban", "0",          "1"};

// Checks that `all` lists the enum in order and that each text parses back to its enumerator;
// returns the texts (each once).
template <class Enum, std::size_t N>
std::set<std::string> round_trip(const std::array<Enum, N>& all, std::optional<Enum> (*parse)(std::string_view)) {
  std::set<std::string> texts;
  for (std::size_t i = 0; i < N; ++i) {
    EXPECT_EQ(static_cast<std::size_t>(all[i]), i) << "the list holds the enum in order, none left out";
    const std::string text(to_string(all[i]));
    EXPECT_TRUE(texts.insert(text).second) << "two enumerators written " << text;
    const auto back = parse(text);
    EXPECT_TRUE(back && *back == all[i]) << text;
  }
  for (const auto& s : kNearMisses) EXPECT_FALSE(parse(s)) << '"' << s << "\" is refused";
  return texts;
}

// The enum of `schema` (or of its `property`) in docs/openapi.yaml is exactly `accepted`.
void expect_documented(const std::string& schema, const std::string& property, const std::set<std::string>& accepted) {
  const auto documented = test::openapi_enum(std::string(TIENBO_SOURCE_DIR) + "/docs/openapi.yaml", schema, property);
  EXPECT_EQ(std::set<std::string>(documented.begin(), documented.end()), accepted) << schema << ' ' << property;
  EXPECT_EQ(documented.size(), accepted.size()) << schema << ' ' << property << ": a value listed twice";
}

TEST(ValueTypeText, EveryEnumeratorRoundTripsAndOtherTextIsRefused) {
  EXPECT_EQ(round_trip(kValueTypes, &value_type_from_string),
            (std::set<std::string>{"integer", "number", "percent", "boolean", "text", "long_text", "date"}));
}

TEST(ValueTypeText, OpenApiListsExactlyTheAcceptedTexts) {
  expect_documented("ValueType", "", round_trip(kValueTypes, &value_type_from_string));
}

TEST(ValueTypeText, NumbersAreNumericAndBooleansHoldNumbersToo) {
  for (const auto t : kValueTypes) {
    const bool numeric = t == ValueType::Integer || t == ValueType::Number || t == ValueType::Percent;
    EXPECT_EQ(is_numeric(t), numeric) << to_string(t);
    EXPECT_EQ(holds_number(t), numeric || t == ValueType::Boolean) << to_string(t);
  }
}

TEST(MemberRoleText, EveryEnumeratorRoundTripsAndOtherTextIsRefused) {
  EXPECT_EQ(
      round_trip(kMemberRoles, &parse_member_role),
      (std::set<std::string>{"chair", "standing_vice_chair", "vice_chair", "standing_member", "member", "secretary"}));
  EXPECT_EQ(label_vi(MemberRole::StandingViceChair), "Phó Trưởng ban thường trực");
  EXPECT_EQ(label_vi(MemberRole::Chair), "Trưởng ban");
  EXPECT_EQ(label_vi(MemberRole::Secretary), "Thư ký / Tổ giúp việc");
}

TEST(MemberRoleText, OpenApiListsExactlyTheAcceptedTextsAndLabels) {
  expect_documented("MemberRole", "", round_trip(kMemberRoles, &parse_member_role));
  std::set<std::string> labels;
  for (const auto r : kMemberRoles) labels.insert(std::string(label_vi(r)));
  EXPECT_EQ(labels.size(), kMemberRoles.size()) << "two roles with one label";
  expect_documented("Member", "roleLabelVi", labels);
}

TEST(ReportStatusText, EveryEnumeratorRoundTripsAndOtherTextIsRefused) {
  const auto texts = round_trip(kReportStatuses, &parse_report_status);
  EXPECT_EQ(texts, (std::set<std::string>{"draft", "submitted", "approved", "returned"}));
  for (const auto* s : {"Draft", "DRAFT", "draft ", "submit", "approve", "return", "missing", "waived"})
    EXPECT_FALSE(parse_report_status(s)) << s;
  expect_documented("ReportStatus", "", texts);
}

TEST(RuleOperatorText, EveryEnumeratorRoundTripsAndOtherTextIsRefused) {
  const auto texts = round_trip(kRuleOperators, &parse_rule_operator);
  EXPECT_EQ(texts, (std::set<std::string>{"equal_to", "not_equal_to", "greater_than", "greater_than_or_equal_to",
                                          "less_than", "less_than_or_equal_to", "compulsory_pair", "exclusive_pair"}));
  for (const auto* s : {"ge", "==", "<=", "equal", "EQUAL_TO", "equal-to"}) EXPECT_FALSE(parse_rule_operator(s)) << s;
  expect_documented("FormRule", "operator", texts);
}

TEST(RuleSeverityText, EveryEnumeratorRoundTripsAndOtherTextIsRefused) {
  const auto texts = round_trip(kRuleSeverities, &parse_rule_severity);
  EXPECT_EQ(texts, (std::set<std::string>{"blocking", "warning"}));
  for (const auto* s : {"Blocking", "error", "warn", "info"}) EXPECT_FALSE(parse_rule_severity(s)) << s;
  expect_documented("FormRule", "severity", texts);
  expect_documented("Violation", "severity", texts);
}

TEST(RuleImportanceText, EveryEnumeratorRoundTripsAndOtherTextIsRefused) {
  const auto texts = round_trip(kRuleImportances, &parse_rule_importance);
  EXPECT_EQ(texts, (std::set<std::string>{"high", "medium", "low"}));
  for (const auto* s : {"High", "critical", "med"}) EXPECT_FALSE(parse_rule_importance(s)) << s;
  expect_documented("FormRule", "importance", texts);
  expect_documented("Violation", "importance", texts);
}

TEST(MissingStrategyText, EveryEnumeratorRoundTripsAndOtherTextIsRefused) {
  EXPECT_EQ(round_trip(kMissingStrategies, &parse_missing_strategy),
            (std::set<std::string>{"skip_if_any_value_missing", "skip_if_all_values_missing", "never_skip"}));
  for (const auto* s : {"SKIP_IF_ANY_VALUE_MISSING", "never", "skip"}) EXPECT_FALSE(parse_missing_strategy(s)) << s;
}

TEST(TargetOperatorText, EveryEnumeratorRoundTripsAndOtherTextIsRefused) {
  const auto texts = round_trip(kTargetOperators, &parse_target_operator);
  EXPECT_EQ(texts, (std::set<std::string>{"ge", "gt", "le", "lt", "eq", "about"}));
  for (const auto* s : {"GE", ">=", "equal_to", "approx"}) EXPECT_FALSE(parse_target_operator(s)) << s;
  expect_documented("IndicatorTarget", "", texts);
}

TEST(UnitTypeText, EveryEnumeratorRoundTripsAndOtherTextIsRefused) {
  const auto texts = round_trip(kUnitTypes, &parse_unit_type);
  EXPECT_EQ(texts,
            (std::set<std::string>{"nation", "ministry", "sector", "province", "district", "commune", "agency"}));
  for (const auto* s : {"Province", "tinh", "xã", "ward", "territorial"}) EXPECT_FALSE(parse_unit_type(s)) << s;
  expect_documented("UnitType", "", texts);
}

}  // namespace
}  // namespace tienbo::core
