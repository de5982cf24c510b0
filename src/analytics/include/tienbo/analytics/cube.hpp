#pragma once
// The analytics cube: every numeric data value in memory, in series keyed by
// (data element, option combination, period), each series sorted by the
// reporting unit's pre-order index with running sums beside it, so the sum
// over any unit subtree is two binary searches and a subtraction.
//
// 20 bytes per value (4 unit index + 8 value + 8 running sum). Built once from
// a bulk load, then kept current by set() in the same request that commits a
// write: no "run analytics" step and nothing stale; when the unit tree changes,
// remapped() makes a renumbered copy without reading anything again. Pure:
// services feed it; it never reads the database.
//
// Thread safety: any number of readers, one writer at a time (shared mutex).

#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <span>
#include <unordered_map>
#include <vector>

#include "tienbo/analytics/preorder_index.hpp"
#include "tienbo/core/period.hpp"

namespace tienbo::analytics {

//! How an element's values combine over periods (its aggregation rule).
enum class PeriodRule : std::uint8_t { Sum, Average, Last, None };

//! A compact period key: year, type and index in 20 bits (ordering follows time within a type).
std::uint32_t period_key(const core::Period& p);

//! Sum and number of values over a range.
struct RangeSum {
  double sum = 0;
  std::uint64_t count = 0;
};

struct CubeStats {
  std::size_t values = 0;
  std::size_t series = 0;
  std::size_t bytes = 0;  //!< heap bytes held by the series (capacity, not size)
};

class Cube {
 public:
  struct Entry {
    std::uint32_t element = 0;
    std::uint32_t option = 0;
    std::uint32_t period = 0;  //!< period_key()
    std::uint32_t unit = 0;    //!< pre-order index
    double value = 0;
  };

  //! Replaces the whole content (start-up). Later entries win on duplicate keys.
  void load(std::vector<Entry> entries);
  //! Sets (value) or removes (nullopt) one value; called after the write commits.
  void set(std::uint32_t element, std::uint32_t option, const core::Period& period, std::uint32_t unit,
           std::optional<double> value);
  //! Renumbers units after the unit tree changed: old_to_new[old index] = new index.
  void remap_units(std::span<const std::uint32_t> old_to_new);
  //! In old_to_new: the unit is gone, drop its values.
  static constexpr std::uint32_t kDropUnit = 0xFFFFFFFFU;
  //! A copy numbered for a changed unit tree (old_to_new as above; kDropUnit or an index past
  //! its end drops the values): the next analytics snapshot, while this one keeps serving.
  [[nodiscard]] std::unique_ptr<Cube> remapped(std::span<const std::uint32_t> old_to_new) const;

  //! Sum and count of one series over a pre-order range.
  [[nodiscard]] RangeSum range_sum(std::uint32_t element, std::uint32_t option, const core::Period& period,
                                   SubtreeRange range) const;

  //! The value of `element` (over `options`; pass every option of the element for its total)
  //! for `period` and the units in `range`, aggregated by `rule`. Values stored at the
  //! period's own type win; when there are none in the range, the next finer type whose
  //! periods have values is used (a year from its half-years, then quarters, then months):
  //! Sum adds them, Average divides by the number of values, Last takes the latest period
  //! with values, None does not aggregate over periods. nullopt when nothing is stored.
  [[nodiscard]] std::optional<double> aggregate(std::uint32_t element, std::span<const std::uint32_t> options,
                                                const core::Period& period, SubtreeRange range, PeriodRule rule) const;
  //! The same over several disjoint ranges taken together (a subtree without the ministries'
  //! and sectors' subtrees, say). When `reporters` is given, the pre-order indices of the units
  //! whose values went into the result are appended to it (with repeats, in no order).
  [[nodiscard]] std::optional<double> aggregate(std::uint32_t element, std::span<const std::uint32_t> options,
                                                const core::Period& period, std::span<const SubtreeRange> ranges,
                                                PeriodRule rule, std::vector<std::uint32_t>* reporters = nullptr) const;

  [[nodiscard]] CubeStats stats() const;

 private:
  struct Series {
    std::vector<std::uint32_t> units;  //!< sorted pre-order indices
    std::vector<double> values;
    std::vector<double> prefix;  //!< prefix[i] = values[0] + ... + values[i-1]; size = units.size() + 1
    void rebuild_prefix(std::size_t from);
  };
  static std::uint64_t key(std::uint32_t element, std::uint32_t option, std::uint32_t period) {
    return (std::uint64_t{element} << 40) | (std::uint64_t{option} << 20) | period;
  }
  [[nodiscard]] RangeSum range_sum_locked(std::uint64_t k, SubtreeRange range) const;
  [[nodiscard]] RangeSum sum_over(std::uint32_t element, std::span<const std::uint32_t> options, std::uint32_t period,
                                  std::span<const SubtreeRange> ranges) const;
  void units_in(std::uint64_t k, std::span<const SubtreeRange> ranges, std::vector<std::uint32_t>& out) const;

  mutable std::shared_mutex mutex_;
  std::unordered_map<std::uint64_t, Series> series_;
  std::unordered_map<std::uint32_t, std::uint8_t> types_;  //!< element -> bit per period type it has values at
};

}  // namespace tienbo::analytics
