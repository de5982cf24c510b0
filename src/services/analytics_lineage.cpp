// Re-basing: where the figures of a unit are for a period (its own subtree, or the subtrees of
// the units it came from through the 2025 lineage, by share), which parts of them count for an
// element's contributors, and how many units are expected to report there.
#include "analytics_internal.hpp"

#include <algorithm>

namespace tienbo::services::analytics_detail {

std::vector<Source> sources_for(const Units& u, std::size_t pos, const core::Period& period, bool as_of) {
  const std::string date = period.end_date();
  if (as_of || u.valid(pos, date)) return {{u.index.range(pos), 1.0}};
  std::vector<Source> out;
  auto it = u.predecessors->find(u.list[pos].id);
  if (it == u.predecessors->end()) return out;
  for (const auto& e : it->second) {
    auto old = u.pos_by_id.find(e.old_unit_id);
    if (old == u.pos_by_id.end() || !u.valid(old->second, date)) continue;
    out.push_back({u.index.range(old->second), e.share});
  }
  return out;
}

std::vector<analytics::SubtreeRange> contributing(const Units& u, std::size_t pos, analytics::SubtreeRange range,
                                                  Contributors c) {
  if (c == Contributors::Both || u.in_sector[pos] != 0) return {range};
  std::vector<analytics::SubtreeRange> out;
  auto it = std::lower_bound(u.sector_roots.begin(), u.sector_roots.end(), range.first,
                             [](const analytics::SubtreeRange& r, std::uint32_t first) { return r.first < first; });
  if (c == Contributors::Territorial) {
    std::uint32_t next = range.first;
    for (; it != u.sector_roots.end() && it->first <= range.last; ++it) {
      if (it->first > next) out.push_back({next, it->first - 1});
      next = it->last + 1;
    }
    if (next <= range.last) out.push_back({next, range.last});
  } else {
    out.push_back({range.first, range.first});
    for (; it != u.sector_roots.end() && it->first <= range.last; ++it) out.push_back(*it);
  }
  return out;
}

std::size_t count_expected(const Units& u, std::span<const analytics::SubtreeRange> ranges, const std::string& date,
                           std::uint32_t mask) {
  std::size_t count = 0;
  for (const auto& r : ranges) {
    for (std::uint32_t k = r.first; k <= r.last; ++k) {
      const auto pos = u.index.unit_at(k);
      if ((u.type_bits[pos] & mask) != 0 && u.valid(pos, date)) ++count;
    }
  }
  return count;
}

}  // namespace tienbo::services::analytics_detail
