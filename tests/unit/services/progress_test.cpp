// Progress status against a target path (Open SDG / Statistics Canada method), without a database.

#include <gtest/gtest.h>

#include <cmath>

#include "tienbo/services/analytics_service.hpp"

namespace tienbo::services {
namespace {

std::vector<store::IndicatorTargetRecord> targets(
    std::initializer_list<std::tuple<int, double, const char*, bool>> list) {
  std::vector<store::IndicatorTargetRecord> out;
  for (const auto& [year, value, op, onward] : list)
    out.push_back({1, std::nullopt, year, value, *core::parse_target_operator(op), onward});
  return out;
}

TEST(Progress, StatusFollowsTheRatioOfObservedToRequiredGrowth) {
  const auto t = targets({{2025, 60, "ge", false}, {2030, 75, "ge", false}});
  // 40 -> 50 over 2021-2023: observed yearly growth 11.8%; to reach 60 by 2025 needs 10.7% → on track.
  auto a = AnalyticsService::assess({{2021, 40}, {2022, 45}, {2023, 50}}, std::nullopt, std::nullopt, t, "higher");
  EXPECT_EQ(a.status, "on_track");
  EXPECT_EQ(*a.target_year, 2025);
  EXPECT_NEAR(*a.observed_growth, std::sqrt(50.0 / 40.0) - 1, 1e-12);
  EXPECT_NEAR(*a.required_growth, std::pow(60.0 / 40.0, 0.25) - 1, 1e-12);
  EXPECT_GE(*a.growth_ratio, 0.95);
  EXPECT_EQ(a.linear_status, "on_track");  // half the way in half the time
  // 40 -> 44: ratio about 0.46 → off track; 40 -> 47: about 0.78 → needs acceleration.
  EXPECT_EQ(AnalyticsService::assess({{2021, 40}, {2023, 44}}, std::nullopt, std::nullopt, t, "higher").status,
            "off_track");
  auto slow = AnalyticsService::assess({{2021, 40}, {2023, 47}}, std::nullopt, std::nullopt, t, "higher");
  EXPECT_EQ(slow.status, "needs_acceleration");
  EXPECT_GT(*slow.growth_ratio, 0.6);
  EXPECT_LT(*slow.growth_ratio, 0.95);
  // Moving away from the target.
  EXPECT_EQ(AnalyticsService::assess({{2021, 40}, {2023, 38}}, std::nullopt, std::nullopt, t, "higher").status,
            "deteriorating");
  // Reached.
  EXPECT_EQ(AnalyticsService::assess({{2021, 40}, {2024, 61}}, std::nullopt, std::nullopt, t, "higher").status,
            "target_achieved");
  // After 2025 the 2030 target applies.
  auto later = AnalyticsService::assess({{2021, 40}, {2026, 58}}, std::nullopt, std::nullopt, t, "higher");
  EXPECT_EQ(*later.target_year, 2030);
  // Nothing reported.
  EXPECT_EQ(AnalyticsService::assess({}, std::nullopt, std::nullopt, t, "higher").status, "no_data");
}

TEST(Progress, LowerIsBetterAndBaselinesAndOnwardTargets) {
  // Adolescent birth rate: baseline 23 (2020), target ≤ 18 by 2025.
  const auto t = targets({{2025, 18, "le", false}, {2030, 18, "lt", false}});
  auto a = AnalyticsService::assess({{2022, 20.5}}, 23.0, 2020, t, "lower");
  EXPECT_EQ(*a.base_year, 2020);
  EXPECT_EQ(a.status, "on_track");  // -5.6% a year observed, -4.8% needed
  EXPECT_EQ(AnalyticsService::assess({{2022, 24}}, 23.0, 2020, t, "lower").status, "deteriorating");
  EXPECT_EQ(AnalyticsService::assess({{2022, 17.5}}, 23.0, 2020, t, "lower").status, "target_achieved");
  // "From 2025 on, 100%": in force every later year.
  const auto onward = targets({{2025, 100, "eq", true}});
  auto b = AnalyticsService::assess({{2025, 90}, {2027, 95}}, std::nullopt, std::nullopt, onward, "higher");
  EXPECT_EQ(*b.target_year, 2027);
  EXPECT_EQ(*b.target_value, 100);
  EXPECT_NE(b.status, "target_achieved");
  EXPECT_EQ(AnalyticsService::assess({{2026, 100}}, std::nullopt, std::nullopt, onward, "higher").status,
            "target_achieved");
}

}  // namespace
}  // namespace tienbo::services
