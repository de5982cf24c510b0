// The cube against brute force: random forests, random values, random updates.

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "tienbo/analytics/cube.hpp"

namespace tienbo::analytics {
namespace {

core::Period P(const char* code) { return *core::Period::parse(code); }

TEST(Cube, SubtreeSumsEqualBruteForceThroughRandomUpdates) {
  std::mt19937 engine(20261121);
  const auto rng = [&engine] { return static_cast<std::uint32_t>(engine()); };
  for (int round = 0; round < 20; ++round) {
    // A random forest of up to 400 units.
    const std::size_t n = 1 + rng() % 400;
    std::vector<std::int64_t> parents(n);
    for (std::size_t i = 0; i < n; ++i)
      parents[i] = i == 0 || rng() % 10 == 0 ? kNoParent : static_cast<std::int64_t>(rng() % i);
    auto index = PreorderIndex::build(parents);
    ASSERT_TRUE(index);
    // Reference: (element, option, unit) -> value for one period.
    std::map<std::tuple<std::uint32_t, std::uint32_t, std::size_t>, double> truth;
    std::vector<Cube::Entry> entries;
    for (int k = 0; k < 600; ++k) {
      const std::uint32_t e = 1 + rng() % 3, o = 1 + rng() % 2;
      const std::size_t u = rng() % n;
      const double v = static_cast<double>(rng() % 1000) / 4.0;  // exact in binary
      truth[{e, o, u}] = v;
      entries.push_back({e, o, period_key(P("2025")), index->range(u).first, v});
    }
    Cube cube;
    cube.load(entries);
    const auto check = [&] {
      for (int q = 0; q < 200; ++q) {
        const std::uint32_t e = 1 + rng() % 3, o = 1 + rng() % 2;
        const std::size_t root = rng() % n;
        const SubtreeRange range = index->range(root);
        double want = 0;
        std::uint64_t count = 0;
        for (const auto& [key, v] : truth) {
          if (std::get<0>(key) == e && std::get<1>(key) == o && range.contains(index->range(std::get<2>(key)).first)) {
            want += v;
            ++count;
          }
        }
        const RangeSum got = cube.range_sum(e, o, P("2025"), range);
        ASSERT_EQ(got.sum, want);
        ASSERT_EQ(got.count, count);
      }
    };
    check();
    for (int k = 0; k < 300; ++k) {  // updates, inserts and removals
      const std::uint32_t e = 1 + rng() % 3, o = 1 + rng() % 2;
      const std::size_t u = rng() % n;
      if (rng() % 4 == 0) {
        truth.erase({e, o, u});
        cube.set(e, o, P("2025"), index->range(u).first, std::nullopt);
      } else {
        const double v = static_cast<double>(rng() % 1000) / 4.0;
        truth[{e, o, u}] = v;
        cube.set(e, o, P("2025"), index->range(u).first, v);
      }
    }
    check();
  }
}

TEST(Cube, PeriodsAggregateByTheElementsRule) {
  // Units: 0 = root, 1 and 2 its children.
  const std::vector<std::int64_t> parents{kNoParent, 0, 0};
  auto index = PreorderIndex::build(parents);
  ASSERT_TRUE(index);
  const SubtreeRange all = index->range(0);
  const std::uint32_t u1 = index->range(1).first, u2 = index->range(2).first;
  Cube cube;
  const std::uint32_t options[] = {7, 8};
  cube.set(1, 7, P("2025S1"), u1, 10);
  cube.set(1, 8, P("2025S1"), u1, 5);
  cube.set(1, 7, P("2025S2"), u2, 20);
  // No yearly values: the year is made of its half-years.
  EXPECT_EQ(*cube.aggregate(1, options, P("2025"), all, PeriodRule::Sum), 35);
  EXPECT_EQ(*cube.aggregate(1, options, P("2025"), all, PeriodRule::Last), 20);
  EXPECT_DOUBLE_EQ(*cube.aggregate(1, options, P("2025"), all, PeriodRule::Average), 35.0 / 3.0);
  EXPECT_FALSE(cube.aggregate(1, options, P("2025"), all, PeriodRule::None).has_value());
  EXPECT_EQ(*cube.aggregate(1, options, P("2025S1"), all, PeriodRule::None), 15);
  EXPECT_EQ(
      *cube.aggregate(1, std::span<const std::uint32_t>(options, 1), P("2025S1"), index->range(1), PeriodRule::Sum),
      10);
  // A yearly (annual report) value wins over the half-years.
  cube.set(1, 7, P("2025"), u1, 100);
  EXPECT_EQ(*cube.aggregate(1, options, P("2025"), all, PeriodRule::Sum), 100);
  // Months make a quarter; nothing stored gives nullopt.
  cube.set(2, 7, P("202601"), u2, 1);
  cube.set(2, 7, P("202603"), u2, 2);
  EXPECT_EQ(*cube.aggregate(2, options, P("2026Q1"), all, PeriodRule::Sum), 3);
  EXPECT_EQ(*cube.aggregate(2, options, P("2026"), all, PeriodRule::Sum), 3);
  EXPECT_FALSE(cube.aggregate(2, options, P("2026Q2"), all, PeriodRule::Sum).has_value());
  EXPECT_FALSE(cube.aggregate(2, options, P("2026"), index->range(1), PeriodRule::Sum).has_value());
}

TEST(Cube, RemappingUnitsKeepsEveryValue) {
  Cube cube;
  cube.set(1, 1, P("2025"), 0, 1);
  cube.set(1, 1, P("2025"), 1, 2);
  cube.set(1, 1, P("2025"), 2, 4);
  const std::uint32_t old_to_new[] = {2, 0, 1};  // the tree was renumbered
  cube.remap_units(old_to_new);
  EXPECT_EQ(cube.range_sum(1, 1, P("2025"), {0, 0}).sum, 2);
  EXPECT_EQ(cube.range_sum(1, 1, P("2025"), {1, 1}).sum, 4);
  EXPECT_EQ(cube.range_sum(1, 1, P("2025"), {2, 2}).sum, 1);
  EXPECT_EQ(cube.range_sum(1, 1, P("2025"), {0, 2}).sum, 7);
  const CubeStats st = cube.stats();
  EXPECT_EQ(st.values, 3u);
  EXPECT_EQ(st.series, 1u);
}

// The next snapshot's cube: a renumbered copy; the one still serving queries is untouched, and
// values of units that are gone are dropped.
TEST(Cube, RemappedCopyLeavesTheOriginalAlone) {
  Cube cube;
  cube.set(1, 1, P("2025"), 0, 1);
  cube.set(1, 1, P("2025"), 1, 2);
  cube.set(1, 1, P("2025"), 2, 4);
  cube.set(1, 2, P("2025S1"), 2, 8);
  const std::uint32_t old_to_new[] = {3, Cube::kDropUnit, 0};  // unit 1 gone, a new unit took index 1
  const auto next = cube.remapped(old_to_new);
  EXPECT_EQ(next->range_sum(1, 1, P("2025"), {0, 0}).sum, 4);
  EXPECT_EQ(next->range_sum(1, 1, P("2025"), {1, 2}).count, 0u);
  EXPECT_EQ(next->range_sum(1, 1, P("2025"), {3, 3}).sum, 1);
  EXPECT_EQ(next->range_sum(1, 2, P("2025S1"), {0, 0}).sum, 8);
  EXPECT_EQ(next->aggregate(1, std::vector<std::uint32_t>{2}, P("2025"), {0, 3}, PeriodRule::Sum),
            8);  // half-years kept
  EXPECT_EQ(next->stats().values, 3u);
  EXPECT_EQ(cube.range_sum(1, 1, P("2025"), {0, 2}).sum, 7);  // the original still answers as before
  EXPECT_EQ(cube.stats().values, 4u);
  next->set(1, 1, P("2025"), 1, 16);  // and the copy is independent
  EXPECT_EQ(next->range_sum(1, 1, P("2025"), {0, 3}).sum, 21);
  EXPECT_EQ(cube.range_sum(1, 1, P("2025"), {0, 2}).sum, 7);
}

}  // namespace
}  // namespace tienbo::analytics
