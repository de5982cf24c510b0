#include <gtest/gtest.h>

#include <map>

#include "tienbo/core/expression.hpp"
#include "tienbo/core/period.hpp"

namespace tienbo::core {
namespace {

TEST(Period, ParsesEveryTypeAndRoundTrips) {
  for (const char* code : {"2025", "2025S1", "2025S2", "2025Q1", "2025Q4", "202501", "202512"}) {
    auto p = Period::parse(code);
    ASSERT_TRUE(p) << code;
    EXPECT_EQ(p->code(), code);
  }
  EXPECT_EQ(Period::parse("2025s1")->code(), "2025S1");
  for (const char* bad : {"", "25", "2025S3", "2025Q5", "202513", "202500", "2025-01", "abcd", "2025S", "20251"}) {
    auto p = Period::parse(bad);
    ASSERT_FALSE(p) << bad;
    EXPECT_EQ(p.error().field, "period");
    EXPECT_NE(p.error().message_vi.find("2025S1"), std::string::npos);
  }
}

TEST(Period, CalendarDatesAndDecree09CutOffWindows) {
  auto year = *Period::parse("2025");
  EXPECT_EQ(year.start_date(), "2025-01-01");
  EXPECT_EQ(year.end_date(), "2025-12-31");
  EXPECT_EQ(year.cutoff_start(), "2024-12-15");  // annual: 15/12 of the year before
  EXPECT_EQ(year.cutoff_end(), "2025-12-14");    // ... to 14/12
  auto s1 = *Period::parse("2025S1");
  EXPECT_EQ(s1.cutoff_start(), "2024-12-15");
  EXPECT_EQ(s1.cutoff_end(), "2025-06-14");
  auto s2 = *Period::parse("2025S2");
  EXPECT_EQ(s2.cutoff_start(), "2025-06-15");
  EXPECT_EQ(s2.cutoff_end(), "2025-12-14");
  EXPECT_EQ(s2.end_date(), "2025-12-31");
  auto q3 = *Period::parse("2025Q3");
  EXPECT_EQ(q3.cutoff_start(), "2025-06-15");
  EXPECT_EQ(q3.cutoff_end(), "2025-09-14");
  auto feb = *Period::parse("202402");
  EXPECT_EQ(feb.end_date(), "2024-02-29");
  EXPECT_EQ(feb.cutoff_start(), "2024-01-15");
  auto jan = *Period::parse("202501");
  EXPECT_EQ(jan.cutoff_start(), "2024-12-15");
}

TEST(Period, NeighboursAndSplits) {
  EXPECT_EQ(Period::parse("2025S1")->previous().code(), "2024S2");
  EXPECT_EQ(Period::parse("2025S2")->next().code(), "2026S1");
  EXPECT_EQ(Period::parse("2025Q1")->previous().code(), "2024Q4");
  EXPECT_EQ(Period::parse("202501")->previous().code(), "202412");
  EXPECT_EQ(Period::parse("2025")->previous().code(), "2024");
  EXPECT_EQ(Period::parse("2025S2")->same_period_last_year().code(), "2024S2");
  auto halves = Period::parse("2025")->split(PeriodType::HalfYear);
  ASSERT_EQ(halves.size(), 2u);
  EXPECT_EQ(halves[1].code(), "2025S2");
  auto months = Period::parse("2025S2")->split(PeriodType::Month);
  ASSERT_EQ(months.size(), 6u);
  EXPECT_EQ(months.front().code(), "202507");
  EXPECT_TRUE(Period::parse("2025")->split(PeriodType::Year).size() == 1);
  EXPECT_TRUE(Period::parse("2025Q1")->split(PeriodType::Year).empty());
  EXPECT_TRUE(Period::parse("2025S1")->contains(*Period::parse("2025Q2")));
  EXPECT_FALSE(Period::parse("2025S1")->contains(*Period::parse("2025Q3")));
  EXPECT_EQ(Period::containing(PeriodType::Quarter, "2025-08-20").code(), "2025Q3");
  EXPECT_EQ(Period::parse("2025S1")->label_vi(), "6 tháng đầu năm 2025");
  EXPECT_EQ(Period::parse("2025Q3")->label_vi(), "Quý 3/2025");
  EXPECT_LT(*Period::parse("2024S2"), *Period::parse("2025S1"));
}

std::optional<double> lookup(const std::map<std::string, double>& values, const ExpressionRef& r, int back) {
  std::string key = r.element + (r.option.empty() ? "" : "." + r.option) + (back ? "@" + std::to_string(back) : "");
  auto it = values.find(key);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

double eval(const std::string& text, const std::map<std::string, double>& values = {}) {
  auto e = Expression::parse(text);
  EXPECT_TRUE(e) << text << ": " << (e ? "" : e.error().message_en);
  auto v = e->evaluate([&](const ExpressionRef& r, int back) { return lookup(values, r, back); });
  EXPECT_TRUE(v.has_value()) << text;
  return v.value_or(-999);
}

TEST(Expression, ArithmeticPrecedenceAndReferences) {
  const std::map<std::string, double> v{{"TV", 20}, {"TV.NU", 9}, {"TV.NAM", 11}, {"CB", 4}};
  EXPECT_DOUBLE_EQ(eval("1 + 2 * 3"), 7);
  EXPECT_DOUBLE_EQ(eval("(1 + 2) * 3"), 9);
  EXPECT_DOUBLE_EQ(eval("-2 * -3"), 6);
  EXPECT_DOUBLE_EQ(eval("#{TV.NU} / #{TV} * 100", v), 45);
  EXPECT_DOUBLE_EQ(eval("#{TV.NU} + #{TV.NAM} == #{TV}", v), 1);
  EXPECT_DOUBLE_EQ(eval("#{TV.NU} <= #{TV} && #{CB} > 3", v), 1);
  EXPECT_DOUBLE_EQ(eval("!(#{CB} > 3) || 0", v), 0);
  EXPECT_DOUBLE_EQ(eval("7 % 4"), 3);
  auto e = Expression::parse("#{TV.NU} / #{TV} + #{TV.NU}");
  ASSERT_TRUE(e);
  ASSERT_EQ(e->references().size(), 2u);
  EXPECT_EQ(e->references()[0], (ExpressionRef{"TV", "NU"}));
  EXPECT_EQ(e->references()[1], (ExpressionRef{"TV", ""}));
}

TEST(Expression, FunctionsAndMissingValues) {
  const std::map<std::string, double> v{{"A", 5}, {"B", 0}, {"A@1", 2}};
  EXPECT_DOUBLE_EQ(eval("if(#{A} > 3, 10, 20)", v), 10);
  EXPECT_DOUBLE_EQ(eval("isNull(#{MISSING})", v), 1);
  EXPECT_DOUBLE_EQ(eval("isNotNull(#{A})", v), 1);
  EXPECT_DOUBLE_EQ(eval("firstNonNull(#{MISSING}, #{A})", v), 5);
  EXPECT_DOUBLE_EQ(eval("greatest(#{A}, 7, #{MISSING})", v), 7);
  EXPECT_DOUBLE_EQ(eval("least(#{A}, 7)", v), 5);
  EXPECT_DOUBLE_EQ(eval("previous(#{A})", v), 2);
  EXPECT_DOUBLE_EQ(eval("abs(#{A} - previous(#{A})) / previous(#{A}) * 100", v), 150);
  EXPECT_DOUBLE_EQ(eval("round(2 / 3, 2)"), 0.67);
  auto e = Expression::parse("#{A} + #{MISSING}");
  EXPECT_FALSE(e->evaluate([&](const ExpressionRef& r, int back) { return lookup(v, r, back); }).has_value());
  auto div = Expression::parse("#{A} / #{B}");
  EXPECT_FALSE(div->evaluate([&](const ExpressionRef& r, int back) { return lookup(v, r, back); }).has_value());
  EXPECT_TRUE(Expression::parse("previous(#{A})")->uses_previous_period());
}

TEST(Expression, ErrorsGivePositionAndWhatWasExpected) {
  struct Case {
    const char* text;
    const char* says;
  };
  for (const Case& c :
       {Case{"#{A} +", "position 7: expected a number"}, Case{"(#{A} + 1", "expected ')'"}, Case{"#{A", "expected '}'"},
        Case{"#{A B}", "a reference like #{CODE}"}, Case{"sum(#{A})", "expected a function"},
        Case{"if(#{A}, 1)", "function if takes 3"}, Case{"#{A} #{B}", "expected the end of the expression"},
        Case{"1..2", "expected a number"}, Case{"unitCount(province)", "expected a unit type in double quotes"},
        Case{"unitCount(\"province)", "expected a closing '\"'"}}) {
    auto e = Expression::parse(c.text, "leftSide");
    ASSERT_FALSE(e) << c.text;
    EXPECT_NE(e.error().message_en.find(c.says), std::string::npos) << c.text << " -> " << e.error().message_en;
    EXPECT_EQ(e.error().field, "leftSide");
    const std::string& vi = e.error().message_vi;
    EXPECT_TRUE(vi.find("công thức lỗi ở vị trí") != std::string::npos || vi.find("hàm if cần 3") != std::string::npos)
        << vi;
  }
}

// Found by fuzz/expression_fuzz: 600 nested brackets overflowed the stack of the recursive
// descent (a package formula may be 4000 characters). Deep nesting is refused with the
// position; ordinary nesting still parses, and long flat sums are not nesting.
TEST(Expression, DeepNestingIsRefusedNotACrash) {
  for (const std::string& text : {std::string(1900, '(') + "1" + std::string(1900, ')'), std::string(3000, '-') + "1",
                                  std::string(1500, '!') + "#{A}", "abs(" + std::string(2000, '(') + "1"}) {
    auto e = Expression::parse(text, "left");
    ASSERT_FALSE(e) << text.substr(0, 20);
    EXPECT_NE(e.error().message_en.find("levels of nesting"), std::string::npos) << e.error().message_en.substr(0, 200);
    EXPECT_NE(e.error().message_vi.find("mức lồng nhau"), std::string::npos);
    EXPECT_EQ(e.error().field, "left");
  }
  auto nested = Expression::parse(std::string(30, '(') + "#{A} + 1" + std::string(30, ')'));
  ASSERT_TRUE(nested) << nested.error().message_en;
  EXPECT_DOUBLE_EQ(*nested->evaluate([](const ExpressionRef&, int) -> std::optional<double> { return 2.0; }), 3.0);
  std::string flat = "1";
  for (int i = 0; i < 1500; ++i) flat += "+1";
  auto sum = Expression::parse(flat);
  ASSERT_TRUE(sum) << sum.error().message_en;
  EXPECT_DOUBLE_EQ(*sum->evaluate([](const ExpressionRef&, int) -> std::optional<double> { return std::nullopt; }),
                   1501.0);
}

TEST(Expression, UnitCountAsksTheCounterForTheNamedTypes) {
  auto e = Expression::parse("#{A} / unitCount(\"province\", \"commune\") * 100");
  ASSERT_TRUE(e) << e.error().message_en;
  EXPECT_EQ(e->unit_types(), (std::vector<std::string>{"province", "commune"}));
  const auto values = [](const ExpressionRef&, int) -> std::optional<double> { return 3.0; };
  std::vector<std::string> asked;
  const UnitCounter counter = [&](const std::vector<std::string>& types, int) -> std::optional<double> {
    asked = types;
    return 12.0;
  };
  EXPECT_DOUBLE_EQ(*e->evaluate(values, counter), 25.0);
  EXPECT_EQ(asked, (std::vector<std::string>{"province", "commune"}));
  EXPECT_FALSE(e->evaluate(values).has_value());  // no counter: unknown
}

}  // namespace
}  // namespace tienbo::core
