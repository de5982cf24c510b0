#include <gtest/gtest.h>

#include "tienbo/analytics/preorder_index.hpp"

namespace tienbo::analytics {
namespace {

TEST(PreorderIndex, SubtreesAreContiguousRanges) {
  // 0 (VN) has children 1 (HN) and 2 (HCM); 1 has 3 and 4; 2 has 5.
  const std::vector<std::int64_t> parents{kNoParent, 0, 0, 1, 1, 2};
  auto idx = PreorderIndex::build(parents);
  ASSERT_TRUE(idx);
  EXPECT_EQ(idx->range(0).first, 0u);
  EXPECT_EQ(idx->range(0).last, 5u);
  EXPECT_EQ(idx->range(1).first, 1u);
  EXPECT_EQ(idx->range(1).last, 3u);
  EXPECT_EQ(idx->range(3).first, 2u);
  EXPECT_EQ(idx->range(3).last, 2u);
  EXPECT_EQ(idx->range(2).first, 4u);
  EXPECT_EQ(idx->range(2).last, 5u);
  EXPECT_EQ(idx->unit_at(4), 2u);
  EXPECT_EQ(idx->depth(5), 2u);
  // Every unit of HN's subtree, and no other, falls in HN's range.
  for (std::size_t u = 0; u < parents.size(); ++u) {
    bool under_hn = u == 1 || u == 3 || u == 4;
    EXPECT_EQ(idx->range(1).contains(idx->range(u).first), under_hn) << u;
  }
}

TEST(PreorderIndex, HandlesAForestAndInputInAnyOrder) {
  // Children listed before their parents; two roots (territorial and sector trees).
  const std::vector<std::int64_t> parents{2, 3, kNoParent, kNoParent, 2};
  auto idx = PreorderIndex::build(parents);
  ASSERT_TRUE(idx);
  EXPECT_EQ(idx->range(2).first, 0u);
  EXPECT_EQ(idx->range(2).last, 2u);
  EXPECT_EQ(idx->range(3).first, 3u);
  EXPECT_EQ(idx->range(3).last, 4u);
}

TEST(PreorderIndex, RejectsCyclesAndBadParents) {
  const std::vector<std::int64_t> cycle{1, 2, 0};
  auto c = PreorderIndex::build(cycle);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().field, "parent");
  const std::vector<std::int64_t> out_of_range{kNoParent, 7};
  EXPECT_FALSE(PreorderIndex::build(out_of_range));
  const std::vector<std::int64_t> self{0};
  EXPECT_FALSE(PreorderIndex::build(self));
}

TEST(PreorderIndex, DeepChainDoesNotOverflowTheStack) {
  std::vector<std::int64_t> parents(200000);
  parents[0] = kNoParent;
  for (std::size_t i = 1; i < parents.size(); ++i) parents[i] = static_cast<std::int64_t>(i - 1);
  auto idx = PreorderIndex::build(parents);
  ASSERT_TRUE(idx);
  EXPECT_EQ(idx->range(0).last, parents.size() - 1);
  EXPECT_EQ(idx->range(parents.size() - 1).first, parents.size() - 1);
}

}  // namespace
}  // namespace tienbo::analytics
