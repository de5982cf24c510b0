#include "tienbo/analytics/preorder_index.hpp"

#include <string>

namespace tienbo::analytics {

core::Result<PreorderIndex> PreorderIndex::build(std::span<const std::int64_t> parents) {
  const std::size_t n = parents.size();
  // Children lists in CSR form, preserving input order.
  std::vector<std::uint32_t> child_count(n + 1, 0);
  std::vector<std::size_t> roots;
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t p = parents[i];
    if (p == kNoParent) {
      roots.push_back(i);
    } else if (p < 0 || static_cast<std::size_t>(p) >= n || static_cast<std::size_t>(p) == i) {
      return core::fail(core::ErrorCode::InvalidValue, "đơn vị cha không hợp lệ ở vị trí " + std::to_string(i),
                        "invalid parent at position " + std::to_string(i), "parent");
    } else {
      ++child_count[static_cast<std::size_t>(p) + 1];
    }
  }
  for (std::size_t i = 1; i <= n; ++i) child_count[i] += child_count[i - 1];
  std::vector<std::size_t> children(child_count[n]);
  std::vector<std::uint32_t> fill(child_count.begin(), child_count.end() - 1);
  for (std::size_t i = 0; i < n; ++i) {
    if (parents[i] != kNoParent) children[fill[static_cast<std::size_t>(parents[i])]++] = i;
  }

  PreorderIndex out;
  out.ranges_.resize(n);
  out.order_.reserve(n);
  out.depth_.assign(n, 0);
  // Iterative DFS: (unit, next child offset).
  std::vector<std::pair<std::size_t, std::uint32_t>> stack;
  for (std::size_t root : roots) {
    stack.emplace_back(root, child_count[root]);
    out.ranges_[root].first = static_cast<std::uint32_t>(out.order_.size());
    out.order_.push_back(root);
    while (!stack.empty()) {
      auto& [unit, next] = stack.back();
      if (next < child_count[unit + 1]) {
        std::size_t child = children[next++];
        out.ranges_[child].first = static_cast<std::uint32_t>(out.order_.size());
        out.depth_[child] = out.depth_[unit] + 1;
        out.order_.push_back(child);
        stack.emplace_back(child, child_count[child]);
      } else {
        out.ranges_[unit].last = static_cast<std::uint32_t>(out.order_.size() - 1);
        stack.pop_back();
      }
    }
  }
  if (out.order_.size() != n) {
    return core::fail(core::ErrorCode::InvalidValue, "cây đơn vị có chu trình", "the unit tree contains a cycle",
                      "parent");
  }
  return out;
}

}  // namespace tienbo::analytics
