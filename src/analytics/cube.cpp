#include "tienbo/analytics/cube.hpp"

#include <algorithm>
#include <mutex>

namespace tienbo::analytics {

std::uint32_t period_key(const core::Period& p) {
  return static_cast<std::uint32_t>(p.year()) * 64U + static_cast<std::uint32_t>(p.type()) * 16U +
         static_cast<std::uint32_t>(p.index());
}

void Cube::Series::rebuild_prefix(std::size_t from) {
  prefix.resize(units.size() + 1);
  if (from == 0) prefix[0] = 0;
  for (std::size_t i = from; i < units.size(); ++i) prefix[i + 1] = prefix[i] + values[i];
}

void Cube::load(std::vector<Entry> entries) {
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    const auto ka = key(a.element, a.option, a.period);
    const auto kb = key(b.element, b.option, b.period);
    return ka != kb ? ka < kb : a.unit < b.unit;
  });
  std::unordered_map<std::uint64_t, Series> fresh;
  std::size_t i = 0;
  while (i < entries.size()) {
    const auto k = key(entries[i].element, entries[i].option, entries[i].period);
    std::size_t j = i;
    while (j < entries.size() && key(entries[j].element, entries[j].option, entries[j].period) == k) ++j;
    Series& s = fresh[k];
    s.units.reserve(j - i);
    s.values.reserve(j - i);
    for (std::size_t n = i; n < j; ++n) {
      if (!s.units.empty() && s.units.back() == entries[n].unit) {
        s.values.back() = entries[n].value;  // a later duplicate wins
        continue;
      }
      s.units.push_back(entries[n].unit);
      s.values.push_back(entries[n].value);
    }
    s.units.shrink_to_fit();
    s.values.shrink_to_fit();
    s.prefix.reserve(s.units.size() + 1);
    s.rebuild_prefix(0);
    i = j;
  }
  std::unordered_map<std::uint32_t, std::uint8_t> types;
  for (const auto& e : entries) types[e.element] |= static_cast<std::uint8_t>(1U << ((e.period / 16U) % 4U));
  std::unique_lock lock(mutex_);
  series_ = std::move(fresh);
  types_ = std::move(types);
}

void Cube::set(std::uint32_t element, std::uint32_t option, const core::Period& period, std::uint32_t unit,
               std::optional<double> value) {
  const auto k = key(element, option, period_key(period));
  std::unique_lock lock(mutex_);
  auto it = series_.find(k);
  if (it == series_.end()) {
    if (!value) return;
    it = series_.emplace(k, Series{}).first;
    types_[element] |= static_cast<std::uint8_t>(1U << static_cast<unsigned>(period.type()));
  }
  Series& s = it->second;
  auto pos = std::lower_bound(s.units.begin(), s.units.end(), unit);
  const auto at = static_cast<std::size_t>(pos - s.units.begin());
  const bool present = pos != s.units.end() && *pos == unit;
  if (!value) {
    if (!present) return;
    s.units.erase(pos);
    s.values.erase(s.values.begin() + static_cast<std::ptrdiff_t>(at));
    if (s.units.empty()) {
      series_.erase(it);
      return;
    }
  } else if (present) {
    s.values[at] = *value;
  } else {
    s.units.insert(pos, unit);
    s.values.insert(s.values.begin() + static_cast<std::ptrdiff_t>(at), *value);
  }
  s.rebuild_prefix(at);
}

void Cube::remap_units(std::span<const std::uint32_t> old_to_new) {
  std::unique_lock lock(mutex_);
  std::vector<std::pair<std::uint32_t, double>> tmp;
  for (auto& [k, s] : series_) {
    tmp.clear();
    for (std::size_t i = 0; i < s.units.size(); ++i) tmp.emplace_back(old_to_new[s.units[i]], s.values[i]);
    std::sort(tmp.begin(), tmp.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < tmp.size(); ++i) {
      s.units[i] = tmp[i].first;
      s.values[i] = tmp[i].second;
    }
    s.rebuild_prefix(0);
  }
}

std::unique_ptr<Cube> Cube::remapped(std::span<const std::uint32_t> old_to_new) const {
  auto out = std::make_unique<Cube>();
  std::shared_lock lock(mutex_);
  out->series_.reserve(series_.size());
  std::vector<std::pair<std::uint32_t, double>> tmp;
  for (const auto& [k, s] : series_) {
    tmp.clear();
    for (std::size_t i = 0; i < s.units.size(); ++i) {
      const std::uint32_t to = s.units[i] < old_to_new.size() ? old_to_new[s.units[i]] : kDropUnit;
      if (to != kDropUnit) tmp.emplace_back(to, s.values[i]);
    }
    if (tmp.empty()) continue;
    std::sort(tmp.begin(), tmp.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    Series& copy = out->series_[k];
    copy.units.reserve(tmp.size());
    copy.values.reserve(tmp.size());
    for (const auto& [unit, value] : tmp) {
      copy.units.push_back(unit);
      copy.values.push_back(value);
    }
    copy.prefix.reserve(tmp.size() + 1);
    copy.rebuild_prefix(0);
  }
  out->types_ = types_;
  return out;
}

RangeSum Cube::range_sum_locked(std::uint64_t k, SubtreeRange range) const {
  auto it = series_.find(k);
  if (it == series_.end()) return {};
  const Series& s = it->second;
  const auto lo = std::lower_bound(s.units.begin(), s.units.end(), range.first) - s.units.begin();
  const auto hi = std::upper_bound(s.units.begin(), s.units.end(), range.last) - s.units.begin();
  if (hi <= lo) return {};
  return {s.prefix[static_cast<std::size_t>(hi)] - s.prefix[static_cast<std::size_t>(lo)],
          static_cast<std::uint64_t>(hi - lo)};
}

RangeSum Cube::range_sum(std::uint32_t element, std::uint32_t option, const core::Period& period,
                         SubtreeRange range) const {
  std::shared_lock lock(mutex_);
  return range_sum_locked(key(element, option, period_key(period)), range);
}

RangeSum Cube::sum_over(std::uint32_t element, std::span<const std::uint32_t> options, std::uint32_t period,
                        std::span<const SubtreeRange> ranges) const {
  RangeSum total;
  for (auto option : options) {
    for (const auto& range : ranges) {
      const RangeSum r = range_sum_locked(key(element, option, period), range);
      total.sum += r.sum;
      total.count += r.count;
    }
  }
  return total;
}

void Cube::units_in(std::uint64_t k, std::span<const SubtreeRange> ranges, std::vector<std::uint32_t>& out) const {
  auto it = series_.find(k);
  if (it == series_.end()) return;
  const Series& s = it->second;
  for (const auto& range : ranges) {
    const auto lo = std::lower_bound(s.units.begin(), s.units.end(), range.first);
    const auto hi = std::upper_bound(lo, s.units.end(), range.last);
    out.insert(out.end(), lo, hi);
  }
}

std::optional<double> Cube::aggregate(std::uint32_t element, std::span<const std::uint32_t> options,
                                      const core::Period& period, SubtreeRange range, PeriodRule rule) const {
  return aggregate(element, options, period, std::span<const SubtreeRange>(&range, 1), rule);
}

std::optional<double> Cube::aggregate(std::uint32_t element, std::span<const std::uint32_t> options,
                                      const core::Period& period, std::span<const SubtreeRange> ranges, PeriodRule rule,
                                      std::vector<std::uint32_t>* reporters) const {
  static constexpr core::PeriodType kTypes[] = {core::PeriodType::Year, core::PeriodType::HalfYear,
                                                core::PeriodType::Quarter, core::PeriodType::Month};
  std::shared_lock lock(mutex_);
  const auto present = types_.find(element);
  if (present == types_.end()) return std::nullopt;
  for (auto type : kTypes) {
    if (static_cast<int>(type) < static_cast<int>(period.type())) continue;  // coarser than the query
    if (rule == PeriodRule::None && type != period.type()) break;
    if ((present->second & (1U << static_cast<unsigned>(type))) == 0) continue;  // nothing stored at this type
    const std::vector<core::Period> parts =
        type == period.type() ? std::vector<core::Period>{period} : period.split(type);
    double total = 0;
    std::uint64_t count = 0;
    std::optional<double> last;
    for (const auto& part : parts) {
      const RangeSum r = sum_over(element, options, period_key(part), ranges);
      if (r.count == 0) continue;
      total += r.sum;
      count += r.count;
      last = r.sum;
    }
    if (count == 0) continue;
    if (reporters != nullptr) {
      for (const auto& part : parts) {
        for (auto option : options) units_in(key(element, option, period_key(part)), ranges, *reporters);
      }
    }
    switch (rule) {
      case PeriodRule::Average:
        return total / static_cast<double>(count);
      case PeriodRule::Last:
        return last;
      case PeriodRule::Sum:
      case PeriodRule::None:
        return total;
    }
  }
  return std::nullopt;
}

CubeStats Cube::stats() const {
  std::shared_lock lock(mutex_);
  CubeStats st;
  st.series = series_.size();
  for (const auto& [k, s] : series_) {
    st.values += s.units.size();
    st.bytes += s.units.capacity() * sizeof(std::uint32_t) +
                (s.values.capacity() + s.prefix.capacity()) * sizeof(double) + sizeof(Series) + sizeof(std::uint64_t);
  }
  return st;
}

}  // namespace tienbo::analytics
