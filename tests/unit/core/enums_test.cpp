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

}  // namespace
}  // namespace tienbo::core
