#pragma once
// Pre-order numbering of a unit forest. With units numbered in pre-order, the
// subtree of a unit is the contiguous index range [first, last]; the analytics
// cube keys data values by this index so a subtree sum is a range sum.
// Pure: fed parent links by services, never reads the database.

#include <cstdint>
#include <span>
#include <vector>

#include "tienbo/core/result.hpp"

namespace tienbo::analytics {

inline constexpr std::int64_t kNoParent = -1;

struct SubtreeRange {
  std::uint32_t first = 0;  //!< pre-order index of the unit itself
  std::uint32_t last = 0;   //!< pre-order index of the last unit of its subtree
  [[nodiscard]] bool contains(std::uint32_t index) const { return index >= first && index <= last; }
};

class PreorderIndex {
 public:
  //! Builds the numbering from `parents[i]` = position of unit i's parent, or
  //! kNoParent for a root. Children are visited in input order. Fails on a
  //! cycle or an out-of-range parent.
  static core::Result<PreorderIndex> build(std::span<const std::int64_t> parents);

  [[nodiscard]] std::size_t size() const { return ranges_.size(); }
  //! Range of unit i (input position).
  [[nodiscard]] SubtreeRange range(std::size_t unit) const { return ranges_[unit]; }
  //! Input position of the unit at pre-order index k.
  [[nodiscard]] std::size_t unit_at(std::uint32_t k) const { return order_[k]; }
  [[nodiscard]] std::uint32_t depth(std::size_t unit) const { return depth_[unit]; }

 private:
  std::vector<SubtreeRange> ranges_;
  std::vector<std::size_t> order_;
  std::vector<std::uint32_t> depth_;
};

}  // namespace tienbo::analytics
