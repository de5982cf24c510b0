#include "tienbo/services/analytics_service.hpp"

#include <algorithm>
#include <array>
#include <tuple>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <utility>

#include "tienbo/core/date.hpp"
#include "tienbo/core/deadline.hpp"
#include "tienbo/core/log.hpp"
#include "tienbo/core/value_syntax.hpp"
#include "tienbo/services/access_control.hpp"

namespace tienbo::services {

using core::ErrorCode;
using core::fail;
using core::Unexpected;

//! Whose figures a total above them counts (data_element.contributors).
enum class Contributors : std::uint8_t { Both, Territorial, Sector };

struct ElementMeta {
  std::int64_t id = 0;
  std::string code, name_vi, name_en;
  analytics::PeriodRule rule = analytics::PeriodRule::Sum;
  Contributors contributors = Contributors::Both;
  std::uint32_t reporters = 0;  //!< bit per unit type (unit_type_bit) of the units that report a form holding it
  std::vector<std::uint32_t> all_options;
  std::map<std::string, std::uint32_t> options;  //!< option combo code -> id
};

struct AnalyticsService::Units {
  std::vector<store::UnitRecord> list;  // by position (ordered by id)
  std::unordered_map<std::int64_t, std::size_t> pos_by_id;
  std::unordered_map<std::string, std::vector<std::size_t>> by_code;
  std::vector<std::vector<std::size_t>> children;
  using Lineage = std::unordered_map<std::int64_t, std::vector<store::LineageRecord>>;
  std::shared_ptr<const Lineage> predecessors;  // by new unit id
  analytics::PreorderIndex index;
  std::vector<std::uint32_t> type_bits;                // by position: unit_type_bit of its type
  std::vector<std::uint8_t> in_sector;                 // by position: a ministry or sector, or under one
  std::vector<analytics::SubtreeRange> sector_roots;   // the outermost ministry/sector subtrees, in pre-order

  [[nodiscard]] bool valid(std::size_t pos, const std::string& date) const {
    return list[pos].valid_from <= date && date <= list[pos].valid_to;
  }
  [[nodiscard]] std::optional<std::size_t> at(const std::string& code, const std::string& date) const {
    auto it = by_code.find(code);
    if (it == by_code.end()) return std::nullopt;
    for (auto pos : it->second) {
      if (valid(pos, date)) return pos;
    }
    return std::nullopt;
  }
  //! The newest unit with this code (for a code that no longer exists today).
  [[nodiscard]] std::optional<std::size_t> latest(const std::string& code) const {
    auto it = by_code.find(code);
    if (it == by_code.end()) return std::nullopt;
    std::optional<std::size_t> best;
    for (auto pos : it->second) {
      if (!best || list[pos].valid_to > list[*best].valid_to) best = pos;
    }
    return best;
  }
  //! Pre-order index of a unit id, if the tree has it.
  [[nodiscard]] std::optional<std::uint32_t> index_of(std::int64_t id) const {
    auto it = pos_by_id.find(id);
    if (it == pos_by_id.end()) return std::nullopt;
    return index.range(it->second).first;
  }
};

struct AnalyticsService::Elements {
  std::map<std::string, ElementMeta> by_code;
  std::unordered_map<std::int64_t, const ElementMeta*> by_id;
};

//! Official figures (official_value) by (element, option, period, unit id): never summed.
struct OfficialFigures {
  struct Figure {
    double value = 0;
    std::string data_source;
  };
  std::map<std::tuple<std::int64_t, std::int64_t, std::string, std::int64_t>, Figure> by_key;
};

struct AnalyticsService::Snapshot {
  std::shared_ptr<const OfficialFigures> officials;
  std::shared_ptr<const Units> units;
  std::shared_ptr<const Elements> elements;
  std::shared_ptr<const IndicatorCatalogue> catalogue;  // indicators with their national and unit targets
  std::shared_ptr<analytics::Cube> cube;                // numbered by `units`; committed values keep it current
  std::uint64_t number = 0;
  std::string built_at;
  std::chrono::system_clock::time_point built_time;
  std::string build;
  double build_seconds = 0;
};

namespace {

analytics::PeriodRule rule_of(const std::string& aggregation) {
  if (aggregation == "average") return analytics::PeriodRule::Average;
  if (aggregation == "last") return analytics::PeriodRule::Last;
  if (aggregation == "none") return analytics::PeriodRule::None;
  return analytics::PeriodRule::Sum;
}

Contributors contributors_of(const std::string& c) {
  if (c == "territorial") return Contributors::Territorial;
  if (c == "sector") return Contributors::Sector;
  return Contributors::Both;
}

//! One bit per unit type, for "which types report this element" masks.
std::uint32_t unit_type_bit(std::string_view type) {
  static constexpr std::string_view kTypes[] = {"nation", "ministry", "sector", "province", "district", "commune", "agency"};
  for (std::size_t i = 0; i < std::size(kTypes); ++i) {
    if (kTypes[i] == type) return 1U << i;
  }
  return 1U << std::size(kTypes);
}

bool sector_type(std::string_view type) { return type == "ministry" || type == "sector"; }

constexpr unsigned kUnitBits = change::kUnits | change::kLineage;
constexpr unsigned kElementBits = change::kMetadata;
constexpr unsigned kCatalogueBits = change::kMetadata | change::kTargets;
constexpr int kDeferredTries = 3;  // snapshots a value may wait for its unit or element before it is dropped
constexpr double kDefaultMinCoverage = 80;  // % of expected units, for data elements (indicators carry their own)

// The tree in pre-order from units ordered by id.
core::Result<std::shared_ptr<const AnalyticsService::Units>> index_units(std::vector<store::UnitRecord> list,
                                                                         std::shared_ptr<const AnalyticsService::Units::Lineage> lineage) {
  auto model = std::make_shared<AnalyticsService::Units>();
  model->list = std::move(list);
  model->predecessors = std::move(lineage);
  const std::size_t n = model->list.size();
  std::vector<std::int64_t> parents(n, analytics::kNoParent);
  for (std::size_t i = 0; i < n; ++i) model->pos_by_id[model->list[i].id] = i;
  model->children.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& u = model->list[i];
    model->by_code[u.code].push_back(i);
    if (u.parent_id) {
      auto it = model->pos_by_id.find(*u.parent_id);
      if (it != model->pos_by_id.end()) {
        parents[i] = static_cast<std::int64_t>(it->second);
        model->children[it->second].push_back(i);
      }
    }
  }
  auto index = analytics::PreorderIndex::build(parents);
  if (!index) return Unexpected{std::move(index).error()};
  model->index = std::move(*index);
  // Parents come before their children in pre-order.
  model->type_bits.resize(n);
  model->in_sector.assign(n, 0);
  for (std::uint32_t k = 0; k < n; ++k) {
    const auto u = model->index.unit_at(k);
    model->type_bits[u] = unit_type_bit(model->list[u].unit_type);
    const bool own = sector_type(model->list[u].unit_type);
    const bool under = parents[u] != analytics::kNoParent && model->in_sector[static_cast<std::size_t>(parents[u])] != 0;
    model->in_sector[u] = (own || under) ? 1 : 0;
    if (own && !under) model->sector_roots.push_back(model->index.range(u));
  }
  return std::shared_ptr<const AnalyticsService::Units>(std::move(model));
}

// Every unit and lineage edge.
core::Result<std::shared_ptr<const AnalyticsService::Units>> read_units(store::Tx& tx) {
  auto all = tx.units().all();
  if (!all) return Unexpected{std::move(all).error()};
  auto edges = tx.units().all_lineage();
  if (!edges) return Unexpected{std::move(edges).error()};
  auto lineage = std::make_shared<AnalyticsService::Units::Lineage>();
  for (auto& e : *edges) (*lineage)[e.new_unit_id].push_back(std::move(e));
  return index_units(std::move(*all), std::move(lineage));
}

// `base` with the named units read again (moved, renamed, validity changed) or added; the
// lineage is shared. A move reads one row instead of the whole tree.
core::Result<std::shared_ptr<const AnalyticsService::Units>> patch_units(store::Tx& tx, const AnalyticsService::Units& base,
                                                                         std::span<const std::int64_t> ids) {
  auto changed = tx.units().find_by_ids(ids);
  if (!changed) return Unexpected{std::move(changed).error()};
  std::vector<store::UnitRecord> list = base.list;
  bool appended = false;
  for (auto& u : *changed) {
    if (auto it = base.pos_by_id.find(u.id); it != base.pos_by_id.end()) {
      list[it->second] = std::move(u);
    } else {
      list.push_back(std::move(u));
      appended = true;
    }
  }
  if (appended) std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return index_units(std::move(list), base.predecessors);
}

core::Result<std::shared_ptr<const AnalyticsService::Elements>> read_elements(
    store::Tx& tx, const std::vector<std::shared_ptr<const FormDefinition>>& forms) {
  std::map<std::int64_t, std::uint32_t> reporters;  // element id -> unit types reporting a form holding it
  for (const auto& f : forms) {
    std::uint32_t mask = 0;
    for (const auto& r : f->reporters) mask |= unit_type_bit(r.unit_type);
    for (const auto& section : f->sections) {
      for (auto id : section.element_ids) reporters[id] |= mask;
    }
  }
  auto out = std::make_shared<AnalyticsService::Elements>();
  auto combos = tx.metadata().combos();
  if (!combos) return Unexpected{std::move(combos).error()};
  auto elements = tx.metadata().data_elements();
  if (!elements) return Unexpected{std::move(elements).error()};
  for (const auto& e : *elements) {
    if (!core::holds_number(e.value_type)) continue;
    ElementMeta m{e.id, e.code, e.name_vi, e.name_en, rule_of(e.aggregation), contributors_of(e.contributors), 0, {}, {}};
    if (auto r = reporters.find(e.id); r != reporters.end()) m.reporters = r->second;
    for (const auto& c : *combos) {
      if (c.id != e.combo_id) continue;
      for (const auto& o : c.option_combos) {
        m.all_options.push_back(static_cast<std::uint32_t>(o.id));
        m.options[o.code] = static_cast<std::uint32_t>(o.id);
      }
    }
    out->by_code.emplace(e.code, std::move(m));
  }
  for (const auto& [code, m] : out->by_code) out->by_id[m.id] = &m;
  return std::shared_ptr<const AnalyticsService::Elements>(std::move(out));
}

core::Result<std::shared_ptr<const OfficialFigures>> read_officials(store::Tx& tx) {
  auto list = tx.reports().official_values();
  if (!list) return Unexpected{std::move(list).error()};
  auto out = std::make_shared<OfficialFigures>();
  for (auto& v : *list) {
    out->by_key[{v.data_element_id, v.option_combo_id, v.period, v.unit_id}] = {v.numeric_value, std::move(v.data_source)};
  }
  return std::shared_ptr<const OfficialFigures>(std::move(out));
}

// Every numeric value in the database, numbered for `units` (start-up and full rebuilds).
core::Result<std::unique_ptr<analytics::Cube>> read_values(store::Tx& tx, const AnalyticsService::Units& units,
                                                           const AnalyticsService::Elements& elements, const Progress& progress) {
  std::vector<analytics::Cube::Entry> entries;
  // Period codes are few: parse each once. Unit ids map to pre-order indices through one table.
  std::unordered_map<std::string, std::optional<std::uint32_t>> period_keys;
  std::string last_period;
  std::optional<std::uint32_t> last_key;
  auto scanned = tx.reports().scan_all_numeric_values(
      [&](std::int64_t element_id, std::string_view period, std::int64_t unit_id, std::int64_t option_id, double value) {
        if (!elements.by_id.count(element_id)) return;  // not a numeric element
        if (period != last_period) {
          last_period = std::string(period);
          auto it = period_keys.find(last_period);
          if (it == period_keys.end()) {
            auto p = core::Period::parse(period);
            it = period_keys.emplace(last_period, p ? std::optional<std::uint32_t>(analytics::period_key(*p)) : std::nullopt).first;
          }
          last_key = it->second;
        }
        auto index = units.index_of(unit_id);
        if (!last_key || !index) return;
        entries.push_back({static_cast<std::uint32_t>(element_id), static_cast<std::uint32_t>(option_id), *last_key, *index, value});
      },
      [&](std::size_t done, std::size_t total) {
        if (progress) progress("analytics", done, total);
      });
  if (!scanned) return Unexpected{std::move(scanned).error()};
  auto cube = std::make_unique<analytics::Cube>();
  cube->load(std::move(entries));
  return cube;
}

// Applies one committed value to a cube numbered for `units`; false when the snapshot does not
// know its unit or element yet.
bool apply_value(analytics::Cube& cube, const AnalyticsService::Units& units, const AnalyticsService::Elements& elements,
                 const ValueChange& c) {
  auto p = core::Period::parse(c.period);
  if (!p) return true;  // not a period: nothing to keep
  auto index = units.index_of(c.unit_id);
  if (!index || !elements.by_id.count(c.element_id)) return false;
  cube.set(static_cast<std::uint32_t>(c.element_id), static_cast<std::uint32_t>(c.option_id), *p, *index, c.value);
  return true;
}

struct Source {
  analytics::SubtreeRange range;
  double share = 1;
};

// Where the values of unit `pos` for `period` are: its own subtree when it
// existed then (or when units are taken as of each period), otherwise the
// subtrees of the units it came from, weighted by their lineage shares.
std::vector<Source> sources_for(const AnalyticsService::Units& u, std::size_t pos, const core::Period& period, bool as_of) {
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

// The part of `range` (a subtree of unit `pos`, or of a unit it came from) whose figures count
// toward `pos`'s total: everything for Both or inside a ministry/sector; without the ministries'
// and sectors' subtrees for Territorial; the unit itself and those subtrees for Sector.
std::vector<analytics::SubtreeRange> contributing(const AnalyticsService::Units& u, std::size_t pos, analytics::SubtreeRange range,
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

// Units in `ranges` valid on `date` whose type is in `mask`.
std::size_t count_expected(const AnalyticsService::Units& u, std::span<const analytics::SubtreeRange> ranges, const std::string& date,
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

struct Cell {
  std::optional<double> value, numerator, denominator;
};

bool meets(double v, const store::IndicatorTargetRecord& t) {
  const double eps = 1e-9 * std::max(1.0, std::fabs(t.value));
  if (t.op == "ge") return v >= t.value - eps;
  if (t.op == "gt") return v > t.value + eps;
  if (t.op == "le") return v <= t.value + eps;
  if (t.op == "lt") return v < t.value - eps;
  if (t.op == "eq") return std::fabs(v - t.value) <= eps;
  return std::fabs(v - t.value) <= 0.05 * std::fabs(t.value);  // about: within 5%
}

// The target for `year`: a unit override first, else the national one; an "onward" target
// holds for every later year.
std::optional<store::IndicatorTargetRecord> target_for(const std::vector<store::IndicatorTargetRecord>& targets,
                                                       std::optional<std::int64_t> unit_id, int year) {
  const auto pick = [&](bool override_pass) -> std::optional<store::IndicatorTargetRecord> {
    const std::int64_t unit = unit_id.value_or(0);
    std::optional<store::IndicatorTargetRecord> best;
    for (const auto& t : targets) {
      const bool mine = override_pass ? (t.unit_id.has_value() && t.unit_id.value_or(-1) == unit) : !t.unit_id.has_value();
      if (!mine) continue;
      if (t.year == year) return t;
      if (t.onward && t.year < year && (!best || t.year > best->year)) best = t;
    }
    return best;
  };
  if (unit_id) {
    if (auto own = pick(true)) return own;
  }
  return pick(false);
}

void log_failure(std::string_view event, const core::Error& e) {
  core::Log::write(core::LogLevel::Error, event, {{"error", std::string_view(e.message_en)}});
}

}  // namespace

AnalyticsService::AnalyticsService(store::Store& store, MetadataService& metadata)
    : store_(store), metadata_(metadata) {
  worker_ = std::thread([this] { work(); });
}

AnalyticsService::~AnalyticsService() {
  {
    std::lock_guard lock(work_mutex_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  worker_.join();
}

std::shared_ptr<const AnalyticsService::Snapshot> AnalyticsService::current() const {
  std::lock_guard lock(snapshot_mutex_);
  return current_;
}

core::Result<std::shared_ptr<const AnalyticsService::Snapshot>> AnalyticsService::serving() {
  if (auto s = current()) return s;
  // Nothing built yet (serve builds at start-up; a service used on its own builds on first use, once).
  std::lock_guard once(first_build_mutex_);
  if (auto s = current()) return s;
  TIENBO_TRY(build(Changes(change::kEverything), {}));
  return current();
}

core::Result<AnalyticsStatus> AnalyticsService::rebuild(const Progress& progress) {
  TIENBO_TRY(build(Changes(change::kEverything), progress));
  return status();
}

core::Result<void> AnalyticsService::build(const Changes& changes, const Progress& progress) {
  const unsigned what = changes.what;
  const auto started = std::chrono::steady_clock::now();
  std::lock_guard one_build(build_mutex_);
  std::shared_ptr<const Snapshot> base;
  {
    std::lock_guard feed(feed_mutex_);
    recording_ = true;
    log_.clear();
    base = current();
  }
  // Values committed from here on are logged and replayed below; on failure nothing is served
  // and what waited keeps waiting.
  const auto give_up = [&](core::Error e) -> core::Result<void> {
    std::lock_guard feed(feed_mutex_);
    recording_ = false;
    const auto served = current();
    for (auto& c : log_) {
      if (!served || !served->units->index_of(c.unit_id) || !served->elements->by_id.count(c.element_id)) {
        deferred_.push_back({std::move(c), 0});
      }
    }
    log_.clear();
    return Unexpected{std::move(e)};
  };
  const bool full = !base || (what & change::kValues) != 0;
  auto next = std::make_shared<Snapshot>();
  std::vector<std::shared_ptr<const FormDefinition>> forms;
  if (full || (what & kElementBits) != 0) {
    auto f = metadata_.forms();  // which unit types report each element
    if (!f) return give_up(std::move(f).error());
    forms = std::move(*f);
  }
  {
    auto tx = store_.begin(store::Access::Read);
    if (!tx) return give_up(std::move(tx).error());
    if (full || (what & change::kLineage) != 0 || ((what & change::kUnits) != 0 && changes.units.empty())) {
      auto units = read_units(**tx);
      if (!units) return give_up(std::move(units).error());
      next->units = std::move(*units);
    } else if ((what & change::kUnits) != 0) {
      auto units = patch_units(**tx, *base->units, changes.units);
      if (!units) return give_up(std::move(units).error());
      next->units = std::move(*units);
    } else {
      next->units = base->units;
    }
    if (full || (what & kElementBits) != 0) {
      auto elements = read_elements(**tx, forms);
      if (!elements) return give_up(std::move(elements).error());
      next->elements = std::move(*elements);
    } else {
      next->elements = base->elements;
    }
    if (full || (what & kCatalogueBits) != 0) {
      auto catalogue = metadata_.load_indicator_catalogue(**tx);
      if (!catalogue) return give_up(std::move(catalogue).error());
      next->catalogue = std::move(*catalogue);
      auto officials = read_officials(**tx);
      if (!officials) return give_up(std::move(officials).error());
      next->officials = std::move(*officials);
    } else {
      next->catalogue = base->catalogue;
      next->officials = base->officials;
    }
    if (full) {
      auto cube = read_values(**tx, *next->units, *next->elements, progress);
      if (!cube) return give_up(std::move(cube).error());
      next->cube = std::move(*cube);
    }
  }
  if (!full) {
    // The values in memory stay; only their numbering follows the new tree.
    const auto& before = *base->units;
    const auto& after = *next->units;
    std::vector<std::uint32_t> old_to_new(before.list.size(), analytics::Cube::kDropUnit);
    bool same = before.list.size() == after.list.size();
    for (std::uint32_t k = 0; k < before.list.size(); ++k) {
      const auto index = after.index_of(before.list[before.index.unit_at(k)].id);
      if (index) old_to_new[k] = *index;
      if (old_to_new[k] != k) same = false;
    }
    next->cube = same ? base->cube : base->cube->remapped(old_to_new);
  }
  next->build = full ? "full" : describe_changes(what & (kUnitBits | kCatalogueBits));
  next->built_time = std::chrono::system_clock::now();
  next->built_at = core::utc_timestamp(next->built_time);
  Changes retry;
  {
    std::lock_guard feed(feed_mutex_);
    // What waited for a unit or element, then what was committed while this build read.
    std::vector<Deferred> waiting = std::move(deferred_);
    deferred_.clear();
    for (auto& c : log_) waiting.push_back({std::move(c), 0});
    log_.clear();
    recording_ = false;
    for (auto& d : waiting) {
      if (apply_value(*next->cube, *next->units, *next->elements, d.change)) continue;
      if (++d.tries >= kDeferredTries) {
        core::Log::write(core::LogLevel::Warn, "analytics.value_dropped",
                         {{"unit", d.change.unit_id}, {"element", d.change.element_id}, {"period", std::string_view(d.change.period)}});
        continue;
      }
      if (!next->units->index_of(d.change.unit_id)) {
        retry.what |= change::kUnits;
        retry.units.push_back(d.change.unit_id);
      } else {
        retry.what |= change::kMetadata;
      }
      deferred_.push_back(std::move(d));
    }
    next->build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::lock_guard lock(snapshot_mutex_);
    next->number = ++snapshots_;
    current_ = std::move(next);
  }
  // A value whose unit committed after this build read the tree: the next one will know it.
  if (retry.what != 0) schedule(retry);
  return {};
}

void AnalyticsService::values_committed(std::span<const ValueChange> changes) {
  Changes waiting;
  {
    std::lock_guard feed(feed_mutex_);
    const auto served = current();
    for (const auto& c : changes) {
      if (recording_) log_.push_back(c);
      if (!served) continue;  // not built yet: the first build reads it from the database
      if (apply_value(*served->cube, *served->units, *served->elements, c)) continue;
      // A unit or element created since the snapshot was built: the background builder
      // makes a snapshot that knows it (never this request).
      if (!recording_) deferred_.push_back({c, 0});
      if (!served->units->index_of(c.unit_id)) {
        waiting.what |= change::kUnits;
        waiting.units.push_back(c.unit_id);
      } else {
        waiting.what |= change::kMetadata;
      }
    }
  }
  if (waiting.what != 0) schedule(waiting);
}

void AnalyticsService::changes_committed(const Changes& changes) {
  constexpr unsigned kInputs = change::kUnits | change::kLineage | change::kMetadata | change::kTargets | change::kValues;
  if ((changes.what & kInputs) != 0) schedule(changes);
}

void AnalyticsService::schedule(const Changes& changes) {
  {
    std::lock_guard lock(work_mutex_);
    if ((changes.what & change::kUnits) != 0) {
      if (changes.units.empty()) {
        pending_all_units_ = true;
      } else if (!pending_all_units_) {
        pending_units_.insert(pending_units_.end(), changes.units.begin(), changes.units.end());
      }
    }
    pending_ |= changes.what;
  }
  work_cv_.notify_all();
}

void AnalyticsService::work() {
  std::unique_lock lock(work_mutex_);
  for (;;) {
    work_cv_.wait(lock, [&] { return stopping_ || pending_ != 0; });
    if (stopping_) return;
    Changes what(std::exchange(pending_, 0U));
    if ((what.what & change::kUnits) != 0 && !std::exchange(pending_all_units_, false)) {
      what.units = std::move(pending_units_);
      std::sort(what.units.begin(), what.units.end());
      what.units.erase(std::unique(what.units.begin(), what.units.end()), what.units.end());
    }
    pending_units_.clear();
    building_ = true;
    lock.unlock();
    const auto began = std::chrono::steady_clock::now();
    auto built = build(what, {});
    if (built) {
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
      core::Log::write(core::LogLevel::Info, "analytics.snapshot",
                       {{"refreshed", std::string_view(describe_changes(what.what))},
                        {"units", static_cast<std::int64_t>(what.units.size())},
                        {"milliseconds", static_cast<std::int64_t>(seconds * 1000)}});
    } else {
      log_failure("analytics.rebuild_failed", built.error());
    }
    lock.lock();
    building_ = false;
    if (!built) {
      // Try again in a second (the database may be back), everything that was asked for.
      pending_ |= what.what;
      if ((what.what & change::kUnits) != 0) {
        if (what.units.empty()) pending_all_units_ = true;
        else pending_units_.insert(pending_units_.end(), what.units.begin(), what.units.end());
      }
      work_cv_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_; });
    }
    idle_cv_.notify_all();
  }
}

bool AnalyticsService::wait_until_current(std::chrono::milliseconds timeout) {
  std::unique_lock lock(work_mutex_);
  return idle_cv_.wait_for(lock, timeout, [&] { return pending_ == 0 && !building_; });
}

AnalyticsStatus AnalyticsService::status() const {
  AnalyticsStatus st;
  {
    std::lock_guard lock(work_mutex_);
    st.rebuild_pending = pending_ != 0 || building_;
  }
  {
    std::lock_guard feed(feed_mutex_);
    st.deferred_values = deferred_.size();
  }
  const auto s = current();
  if (!s) {
    st.rebuild_pending = true;
    return st;
  }
  const auto live = s->cube->stats();
  st.values = live.values;
  st.series = live.series;
  st.bytes = live.bytes;
  st.units = s->units->list.size();
  st.build_seconds = s->build_seconds;
  st.snapshot = s->number;
  st.built_at = s->built_at;
  st.built_time = s->built_time;
  st.build = s->build;
  return st;
}

core::Result<std::vector<std::string>> AnalyticsService::expand_periods(const std::vector<std::string>& pe) const {
  const std::string today = core::today_in_vietnam();
  const int year = std::stoi(today.substr(0, 4));
  std::vector<std::string> out;
  const auto add = [&](const core::Period& p) {
    if (std::find(out.begin(), out.end(), p.code()) == out.end()) out.push_back(p.code());
  };
  const auto back = [&](core::PeriodType type, int count, bool include_current) {
    core::Period p = core::Period::containing(type, today);
    if (!include_current) p = p.previous();
    std::vector<core::Period> list;
    for (int i = 0; i < count; ++i, p = p.previous()) list.push_back(p);
    for (auto it = list.rbegin(); it != list.rend(); ++it) add(*it);
  };
  for (const auto& item : pe) {
    if (item == "THIS_YEAR") add(core::Period::year(year));
    else if (item == "LAST_YEAR") add(core::Period::year(year - 1));
    else if (item == "LAST_5_YEARS") back(core::PeriodType::Year, 5, false);
    else if (item == "LAST_10_YEARS") back(core::PeriodType::Year, 10, false);
    else if (item == "THIS_SIX_MONTH") back(core::PeriodType::HalfYear, 1, true);
    else if (item == "LAST_SIX_MONTH") back(core::PeriodType::HalfYear, 1, false);
    else if (item == "LAST_2_SIXMONTHS") back(core::PeriodType::HalfYear, 2, false);
    else if (item == "LAST_4_SIXMONTHS") back(core::PeriodType::HalfYear, 4, false);
    else if (item == "THIS_QUARTER") back(core::PeriodType::Quarter, 1, true);
    else if (item == "LAST_4_QUARTERS") back(core::PeriodType::Quarter, 4, false);
    else if (item == "LAST_12_MONTHS") back(core::PeriodType::Month, 12, false);
    else {
      auto p = core::Period::parse(item);
      if (!p) {
        return fail(ErrorCode::InvalidValue,
                    "kỳ \"" + item + "\" không hợp lệ; dùng mã kỳ (2025, 2025S1, 2025Q3, 202507) hoặc THIS_YEAR, LAST_YEAR, LAST_5_YEARS, ...",
                    "period \"" + item + "\" is not valid; use a period code (2025, 2025S1, 2025Q3, 202507) or THIS_YEAR, LAST_YEAR, LAST_5_YEARS, ...",
                    "pe");
      }
      add(*p);
    }
  }
  if (out.empty()) return fail(ErrorCode::InvalidValue, "cần ít nhất một kỳ (pe)", "at least one period (pe) is required", "pe");
  return out;
}

namespace {

struct DxItem {
  std::string reporting_form;  // FORM.REPORTING_RATE
  const IndicatorDef* indicator = nullptr;
  const ElementMeta* element = nullptr;
  std::vector<std::uint32_t> options;  // for a data element
  std::string code;
};

struct OuItem {
  std::string base;
  enum class Kind { Self, Children, Level } kind = Kind::Self;
  int level = 0;
};

// Bounds of one analytics query (docs/openapi.yaml, "Input bounds"): every list is
// de-duplicated and short, and the cells it asks for are counted before any is computed.
constexpr std::size_t kMaxListItems = 50;
constexpr std::size_t kMaxCells = 200000;
constexpr std::size_t kMaxRateLookups = 200;  // (form, period, ou item) completeness computations

core::Result<std::vector<std::string>> bounded_list(const std::vector<std::string>& in, const char* field) {
  std::vector<std::string> out;
  for (const auto& item : in) {
    if (std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
  }
  if (out.size() > kMaxListItems) {
    return fail(ErrorCode::InvalidValue,
                std::string(field) + " có " + std::to_string(out.size()) + " mục khác nhau; tối đa " + std::to_string(kMaxListItems),
                std::string(field) + " has " + std::to_string(out.size()) + " distinct items; at most " + std::to_string(kMaxListItems),
                field);
  }
  return out;
}

core::Result<OuItem> parse_ou(const std::string& item) {
  OuItem o;
  auto colon = item.find(':');
  o.base = item.substr(0, colon);
  if (o.base.empty()) return fail(ErrorCode::InvalidValue, "thiếu mã đơn vị trong ou", "ou needs a unit code", "ou");
  if (colon == std::string::npos) return o;
  const std::string rest = item.substr(colon + 1);
  if (rest == "children") {
    o.kind = OuItem::Kind::Children;
    return o;
  }
  if (rest.starts_with("level=")) {
    try {
      o.level = std::stoi(rest.substr(6));
    } catch (...) {
      o.level = 0;
    }
    if (o.level >= 1 && o.level <= 6) {
      o.kind = OuItem::Kind::Level;
      return o;
    }
  }
  return fail(ErrorCode::InvalidValue, "ou \"" + item + "\" không hợp lệ; dùng MÃ, MÃ:children hoặc MÃ:level=N",
              "ou \"" + item + "\" is not valid; use CODE, CODE:children or CODE:level=N", "ou");
}

}  // namespace

core::Result<AnalyticsResult> AnalyticsService::query(const Principal& p, const AnalyticsQuery& q_in) {
  AnalyticsQuery q;
  q.as_of = q_in.as_of;
  for (auto [in, out, field] : {std::tuple{&q_in.dx, &q.dx, "dx"}, std::tuple{&q_in.ou, &q.ou, "ou"}, std::tuple{&q_in.pe, &q.pe, "pe"}}) {
    auto list = bounded_list(*in, field);
    if (!list) return Unexpected{std::move(list).error()};
    *out = std::move(*list);
  }
  auto snapshot = serving();
  if (!snapshot) return Unexpected{std::move(snapshot).error()};
  return query_snapshot(**snapshot, p, q);
}

// One query, one snapshot: units, elements, targets and values all come from `s`.
core::Result<AnalyticsResult> AnalyticsService::query_snapshot(const Snapshot& snapshot, const Principal& p, const AnalyticsQuery& q) {
  const Units* model = snapshot.units.get();
  const Elements& elements = *snapshot.elements;
  const IndicatorCatalogue& catalogue = *snapshot.catalogue;
  const analytics::Cube& cube = *snapshot.cube;
  auto periods = expand_periods(q.pe);
  if (!periods) return Unexpected{std::move(periods).error()};
  if (q.dx.empty()) return fail(ErrorCode::InvalidValue, "cần ít nhất một chỉ tiêu (dx)", "at least one dx is required", "dx");
  if (q.ou.empty()) return fail(ErrorCode::InvalidValue, "cần ít nhất một đơn vị (ou)", "at least one ou is required", "ou");

  AnalyticsResult result;
  result.periods = *periods;
  std::vector<DxItem> dx;
  for (const auto& code : q.dx) {
    DxItem item;
    item.code = code;
    if (code.ends_with(".REPORTING_RATE")) {
      item.reporting_form = code.substr(0, code.size() - std::string_view(".REPORTING_RATE").size());
      auto forms = metadata_.forms();
      if (!forms) return Unexpected{std::move(forms).error()};
      const auto f = std::find_if(forms->begin(), forms->end(), [&](const auto& d) { return d->form.code == item.reporting_form; });
      if (f == forms->end() || completeness_ == nullptr) {
        return fail(ErrorCode::InvalidValue, "dx: không có biểu mẫu \"" + item.reporting_form + "\"",
                    "dx: there is no form \"" + item.reporting_form + "\"", "dx");
      }
      result.names_vi[code] = "Tỷ lệ báo cáo — " + (*f)->form.name_vi;
      result.names_en[code] = "Reporting rate — " + (*f)->form.name_en;
      result.units[code] = "%";
      dx.push_back(std::move(item));
      continue;
    }
    if (const auto* ind = catalogue.find(code)) {
      item.indicator = ind;
      result.names_vi[code] = ind->indicator.name_vi;
      result.names_en[code] = ind->indicator.name_en;
      result.units[code] = ind->indicator.unit_vi;
    } else {
      const auto dot = code.find('.');
      auto el = elements.by_code.find(code.substr(0, dot));
      if (el == elements.by_code.end()) {
        return fail(ErrorCode::InvalidValue, "dx: không có chỉ tiêu nào mã \"" + code + "\" (chỉ tiêu Chiến lược hoặc chỉ tiêu dạng số trong biểu mẫu)",
                    "dx: there is no indicator or numeric data element \"" + code + "\"", "dx");
      }
      item.element = &el->second;
      if (dot == std::string::npos) {
        item.options = el->second.all_options;
      } else {
        auto o = el->second.options.find(code.substr(dot + 1));
        if (o == el->second.options.end()) {
          return fail(ErrorCode::InvalidValue, "dx: chỉ tiêu " + el->first + " không có phân tổ " + code.substr(dot + 1),
                      "dx: data element " + el->first + " has no option " + code.substr(dot + 1), "dx");
        }
        item.options = {o->second};
      }
      result.names_vi[code] = el->second.name_vi;
      result.names_en[code] = el->second.name_en;
    }
    dx.push_back(std::move(item));
  }

  // Units: every item resolved and checked against the caller's scope in one read transaction.
  const std::string today = core::today_in_vietnam();
  std::vector<OuItem> ou;
  std::set<std::pair<std::size_t, std::string>> hidden;  // (ou item, date) naming a unit the caller may not read
  {
    auto tx = store_.begin(store::Access::Read);
    if (!tx) return Unexpected{std::move(tx).error()};
    for (const auto& item : q.ou) {
      auto parsed = parse_ou(item);
      if (!parsed) return Unexpected{std::move(parsed).error()};
      auto pos = model->at(parsed->base, today);
      if (!pos) pos = model->latest(parsed->base);
      const auto unit_missing =
          core::make_error(ErrorCode::NotFound, "không có đơn vị " + parsed->base, "there is no unit " + parsed->base, "ou");
      if (!pos) return Unexpected{unit_missing};
      TIENBO_TRY(AccessControl::require(**tx, p, auth::Action::DataRead, model->list[*pos].id, "đơn vị " + parsed->base,
                                        "unit " + parsed->base, unit_missing));
      // As of a period's own date a code may have meant another unit (codes are reused after a
      // reform): that unit is read only when the caller may read it too.
      if (q.as_of) {
        for (const auto& pe : *periods) {
          const std::string date = core::Period::parse(pe)->end_date();
          auto then = model->at(parsed->base, date);
          if (!then || *then == *pos) continue;
          auto ok = AccessControl::can(**tx, p, auth::Action::DataRead, model->list[*then].id);
          if (!ok) return Unexpected{std::move(ok).error()};
          if (!*ok) hidden.insert({ou.size(), date});
        }
      }
      ou.push_back(std::move(*parsed));
    }
  }
  // Units below an item that the caller may not read although it reads the item: under a former
  // unit read through what it became, a child that went elsewhere (filled below).
  std::set<std::tuple<std::size_t, std::string, std::size_t>> hidden_below;  // (ou item, date, unit)
  // The units an item stands for on a date.
  const auto expand = [&](const OuItem& item, const std::string& date) {
    std::vector<std::size_t> out;
    const auto item_index = static_cast<std::size_t>(&item - ou.data());
    if (hidden.count({item_index, date})) return out;
    auto pos = model->at(item.base, date);
    if (!pos) return out;
    if (item.kind == OuItem::Kind::Self) {
      out.push_back(*pos);
    } else if (item.kind == OuItem::Kind::Children) {
      for (auto c : model->children[*pos]) {
        if (model->valid(c, date)) out.push_back(c);
      }
    } else {
      const auto range = model->index.range(*pos);
      const auto depth = static_cast<std::uint32_t>(item.level - 1);
      for (std::uint32_t k = range.first; k <= range.last; ++k) {
        const auto u = model->index.unit_at(k);
        if (model->index.depth(u) == depth && model->valid(u, date)) out.push_back(u);
      }
    }
    if (!hidden_below.empty()) {
      std::erase_if(out, [&](std::size_t u) { return hidden_below.count({item_index, date, u}) > 0; });
    }
    std::sort(out.begin(), out.end(), [&](auto a, auto b) { return model->list[a].code < model->list[b].code; });
    return out;
  };
  // The query's cost, counted before any cell is computed and before the scope pass below (which
  // checks each unit under a former unit one by one): an upper bound, nothing hidden yet.
  {
    std::size_t cells = 0;
    std::size_t rate_lookups = 0;
    const auto rates = static_cast<std::size_t>(std::count_if(dx.begin(), dx.end(), [](const DxItem& d) { return !d.reporting_form.empty(); }));
    for (const auto& pe : *periods) {
      const std::string date = q.as_of ? core::Period::parse(pe)->end_date() : today;
      for (const auto& item : ou) cells += expand(item, date).size() * dx.size();
      rate_lookups += rates * ou.size();
    }
    if (cells > kMaxCells || rate_lookups > kMaxRateLookups) {
      return fail(ErrorCode::InvalidValue,
                  "truy vấn quá lớn (" + std::to_string(cells) + " ô, tối đa " + std::to_string(kMaxCells) + "; " +
                      std::to_string(rate_lookups) + " lần tính tỷ lệ báo cáo, tối đa " + std::to_string(kMaxRateLookups) +
                      "); hãy thu hẹp dx, ou hoặc pe",
                  "the query is too large (" + std::to_string(cells) + " cells, at most " + std::to_string(kMaxCells) + "; " +
                      std::to_string(rate_lookups) + " reporting-rate computations, at most " + std::to_string(kMaxRateLookups) +
                      "); narrow dx, ou or pe",
                  "ou");
    }
  }
  {
    std::set<std::string> dates;
    for (const auto& pe : *periods) dates.insert(q.as_of ? core::Period::parse(pe)->end_date() : today);
    auto tx = store_.begin(store::Access::Read);
    if (!tx) return Unexpected{std::move(tx).error()};
    for (std::size_t i = 0; i < ou.size(); ++i) {
      if (ou[i].kind == OuItem::Kind::Self) continue;
      for (const auto& date : dates) {
        auto pos = model->at(ou[i].base, date);
        if (!pos) continue;
        auto whole = AccessControl::covers_subtree(**tx, p, auth::Action::DataRead, model->list[*pos].id);
        if (!whole) return Unexpected{std::move(whole).error()};
        if (*whole) continue;
        for (auto u : expand(ou[i], date)) {
          if (core::deadline_passed()) return Unexpected{core::deadline_error()};
          auto ok = AccessControl::can(**tx, p, auth::Action::DataRead, model->list[u].id);
          if (!ok) return Unexpected{std::move(ok).error()};
          if (!*ok) hidden_below.insert({i, date, u});
        }
      }
    }
  }

  // Reporting rates: one completeness computation per (form, period, ou item); each cell counts the
  // rows of its own subtree from it, in memory.
  std::map<std::tuple<std::string, std::string, std::size_t>, std::optional<Completeness>> rate_cache;

  // References resolved once per query, keyed by their place in the parsed formula.
  struct ResolvedRef {
    const ElementMeta* element = nullptr;
    bool single = false;
    std::uint32_t option = 0;
  };
  std::unordered_map<const core::ExpressionRef*, std::optional<ResolvedRef>> ref_cache;
  const auto resolved = [&](const core::ExpressionRef& ref) -> const ResolvedRef* {
    auto it = ref_cache.find(&ref);
    if (it == ref_cache.end()) {
      std::optional<ResolvedRef> r;
      if (auto el = elements.by_code.find(ref.element); el != elements.by_code.end()) {
        if (ref.option.empty()) {
          r = ResolvedRef{&el->second, false, 0};
        } else if (auto o = el->second.options.find(ref.option); o != el->second.options.end()) {
          r = ResolvedRef{&el->second, true, o->second};
        }
      }
      it = ref_cache.emplace(&ref, r).first;
    }
    return it->second ? &*it->second : nullptr;
  };

  std::vector<std::uint8_t> seen(model->index.size(), 0);  // by pre-order index: counted in this cell
  std::vector<std::uint32_t> touched;
  for (const auto& pe : *periods) {
    const core::Period period = *core::Period::parse(pe);
    const std::string date = q.as_of ? period.end_date() : today;
    for (std::size_t item_index = 0; item_index < ou.size(); ++item_index) {
      const OuItem& item = ou[item_index];
      for (auto pos : expand(item, date)) {
        const auto& unit = model->list[pos];
        result.names_vi[unit.code] = unit.name_vi;
        result.names_en[unit.code] = unit.name_en.empty() ? unit.name_vi : unit.name_en;
        const auto sources = sources_for(*model, pos, period, q.as_of);
        const std::string at = period.end_date();
        // The ranges of each source that count for a contributors rule (computed once per unit).
        std::array<std::vector<std::vector<analytics::SubtreeRange>>, 3> ranges_by_rule;
        const auto ranges_for = [&](Contributors c) -> const std::vector<std::vector<analytics::SubtreeRange>>& {
          auto& slot = ranges_by_rule[static_cast<std::size_t>(c)];
          if (slot.empty()) {
            for (const auto& s : sources) {
              const std::size_t root = model->index.unit_at(s.range.first);
              slot.push_back(contributing(*model, root, s.range, c));
            }
            if (slot.empty()) slot.emplace_back();  // no source: remember that it was computed
          }
          return slot;
        };
        // What the cell rests on: units whose values went in, and per contributors rule the unit
        // types expected to report them.
        std::vector<std::uint32_t> reporters;
        std::array<std::uint32_t, 3> expected_masks{};
        std::map<std::pair<std::size_t, std::uint32_t>, std::size_t> expected_by_mask;  // (contributors, types) -> units
        std::vector<std::string> official_sources;
        bool used_sum = false;
        // One element over the unit's sources (itself, or the units it came from, by share).
        const auto sum_sources = [&](const ElementMeta& el, std::span<const std::uint32_t> options) -> std::optional<double> {
          expected_masks[static_cast<std::size_t>(el.contributors)] |= el.reporters;
          used_sum = true;
          const auto& ranges = ranges_for(el.contributors);
          std::optional<double> total;
          for (std::size_t i = 0; i < sources.size(); ++i) {
            auto v = cube.aggregate(static_cast<std::uint32_t>(el.id), options, period, ranges[i], el.rule, &reporters);
            if (v) total = total.value_or(0) + sources[i].share * *v;
          }
          return total;
        };
        // The unit's official figure of an element (every option asked for must have one).
        const auto official = [&](const ElementMeta& el, std::span<const std::uint32_t> options) -> std::optional<double> {
          if (snapshot.officials == nullptr || snapshot.officials->by_key.empty()) return std::nullopt;
          double total = 0;
          std::vector<std::string> cited;
          for (auto option : options) {
            auto it = snapshot.officials->by_key.find({el.id, option, pe, unit.id});
            if (it == snapshot.officials->by_key.end()) return std::nullopt;
            total += it->second.value;
            cited.push_back(it->second.data_source);
          }
          for (auto& c : cited) {
            if (std::find(official_sources.begin(), official_sources.end(), c) == official_sources.end()) official_sources.push_back(c);
          }
          return total;
        };
        bool use_official = false;
        const auto resolve = [&](const core::ExpressionRef& ref, int back) -> std::optional<double> {
          if (back != 0) return std::nullopt;
          const ResolvedRef* r = resolved(ref);
          if (r == nullptr) return std::nullopt;
          const auto options = r->single ? std::span<const std::uint32_t>(&r->option, 1)
                                         : std::span<const std::uint32_t>(r->element->all_options);
          if (use_official) {
            if (auto v = official(*r->element, options)) return v;
          }
          return sum_sources(*r->element, options);
        };
        const core::UnitCounter count_units = [&](const std::vector<std::string>& types, int back) -> std::optional<double> {
          if (back != 0) return std::nullopt;
          double total = 0;
          for (const auto& s : sources) {
            std::size_t count = 0;
            for (std::uint32_t k = s.range.first; k <= s.range.last; ++k) {
              const auto u = model->index.unit_at(k);
              if (model->valid(u, at) && std::find(types.begin(), types.end(), model->list[u].unit_type) != types.end()) ++count;
            }
            total += s.share * static_cast<double>(count);
          }
          return total;
        };
        // Fills the row's coverage from what the evaluation touched.
        const auto cover = [&](AnalyticsRow& row, double threshold) {
          row.min_coverage = threshold;
          if (!official_sources.empty()) {
            row.basis = "official";
            for (const auto& c : official_sources) row.data_source += (row.data_source.empty() ? "" : "; ") + c;
          }
          if (!used_sum) return;
          // Distinct units, counted with a mark per unit (no sort: a province's cell reads thousands).
          std::size_t reported = 0;
          for (auto k : reporters) {
            if (seen[k] == 0) {
              seen[k] = 1;
              touched.push_back(k);
              ++reported;
            }
          }
          for (auto k : touched) seen[k] = 0;
          touched.clear();
          std::size_t expected = 0;
          for (std::size_t c = 0; c < expected_masks.size(); ++c) {
            if (expected_masks[c] == 0) continue;
            auto [it, added] = expected_by_mask.try_emplace({c, expected_masks[c]}, 0);
            if (added) {
              for (const auto& r : ranges_for(static_cast<Contributors>(c))) it->second += count_expected(*model, r, at, expected_masks[c]);
            }
            expected = std::max(expected, it->second);
          }
          row.units_reported = static_cast<std::int64_t>(reported);
          row.units_expected = static_cast<std::int64_t>(expected);
          if (expected > 0) {
            row.coverage = std::min(100.0, 100.0 * static_cast<double>(reported) / static_cast<double>(expected));
            row.partial = row.basis != "official" && *row.coverage < threshold;
          }
        };
        if (core::deadline_passed()) return Unexpected{core::deadline_error()};
        for (const auto& d : dx) {
          reporters.clear();
          expected_masks.fill(0);
          official_sources.clear();
          used_sum = false;
          // Official figures replace the sums only when every figure the indicator needs has one,
          // so a numerator never mixes a survey with a sum of reports.
          use_official = d.indicator != nullptr && d.indicator->indicator.use_official && snapshot.officials != nullptr &&
                         !snapshot.officials->by_key.empty();
          if (use_official) {
            for (const auto* e : {&d.indicator->numerator, &d.indicator->denominator}) {
              for (const auto& ref : e->references()) {
                const ResolvedRef* r = resolved(ref);
                if (r == nullptr || !official(*r->element, r->single ? std::span<const std::uint32_t>(&r->option, 1)
                                                                      : std::span<const std::uint32_t>(r->element->all_options))) {
                  use_official = false;
                }
              }
            }
            official_sources.clear();
          }
          AnalyticsRow row;
          row.dx = d.code;
          row.ou = unit.code;
          row.ou_name_vi = unit.name_vi;
          row.pe = pe;
          if (!d.reporting_form.empty()) {
            // Completeness: expected reports in the unit's subtree, received, on time (from the database).
            row.dx_kind = "reportingRate";
            auto [slot, fresh] = rate_cache.try_emplace({d.reporting_form, pe, item_index});
            if (fresh) {
              auto c = completeness_->compute(p, d.reporting_form, pe, item.base);
              if (c) {
                slot->second = std::move(*c);
              } else if (c.error().code != ErrorCode::InvalidValue && c.error().code != ErrorCode::NotFound) {
                // InvalidValue: not reported for this period. NotFound: on the period's own date the code
                // named no unit, or one the caller may not read (a reused code): no cell, as for a
                // missing unit, rather than a 404 for the whole query.
                return Unexpected{std::move(c).error()};
              }
            }
            if (!slot->second) continue;
            const auto range = model->index.range(pos);
            std::int64_t expected = 0, received = 0, on_time = 0;
            for (const auto& r : slot->second->rows) {
              if (r.status == "waived") continue;
              auto at_pos = model->at(r.unit_code, date);
              if (!at_pos) at_pos = model->latest(r.unit_code);
              if (!at_pos) continue;
              const auto k = model->index.range(*at_pos).first;
              if (k < range.first || k > range.last) continue;
              ++expected;
              if (r.submitted_at) {
                ++received;
                if (r.on_time.value_or(false)) ++on_time;
              }
            }
            row.expected = expected;
            row.received = received;
            row.on_time = on_time;
            row.numerator = static_cast<double>(received);
            row.denominator = static_cast<double>(expected);
            if (expected > 0) row.value = 100.0 * static_cast<double>(received) / static_cast<double>(expected);
          } else if (d.indicator) {
            row.dx_kind = "indicator";
            row.numerator = d.indicator->numerator.evaluate(resolve, count_units);
            row.denominator = d.indicator->denominator.evaluate(resolve, count_units);
            if (row.numerator && row.denominator && *row.denominator != 0) {
              row.value = *row.numerator / *row.denominator * d.indicator->indicator.factor;
            }
            if (auto t = target_for(d.indicator->targets, unit.id, period.year())) {
              row.target = t->value;
              row.target_operator = t->op;
            }
            cover(row, d.indicator->indicator.min_coverage);
          } else {
            row.dx_kind = "dataElement";
            row.value = sum_sources(*d.element, d.options);
            cover(row, kDefaultMinCoverage);
          }
          if (!row.value && !row.numerator && !row.denominator) continue;
          result.rows.push_back(std::move(row));
        }
      }
    }
  }
  return result;
}

ProgressAssessment AnalyticsService::assess(const std::vector<std::pair<int, double>>& yearly, std::optional<double> baseline_value,
                                            std::optional<int> baseline_year,
                                            const std::vector<store::IndicatorTargetRecord>& targets, const std::string& direction) {
  ProgressAssessment a;
  a.status = "no_data";
  if (yearly.empty()) return a;
  const auto& current = yearly.back();
  a.current_year = current.first;
  a.current_value = current.second;
  std::pair<int, double> base = yearly.front();
  if (baseline_value && baseline_year && *baseline_year < base.first) base = {*baseline_year, *baseline_value};
  a.base_year = base.first;
  a.base_value = base.second;
  // The nearest target at or after the current year; an "onward" target already in force counts for now.
  std::optional<store::IndicatorTargetRecord> target;
  for (const auto& t : targets) {
    if (t.unit_id) continue;
    if (t.year >= current.first && (!target || t.year < target->year)) target = t;
  }
  if (!target) {
    for (const auto& t : targets) {
      if (!t.unit_id && t.onward && t.year <= current.first) {
        target = t;
        target->year = current.first;
      }
    }
  }
  if (!target) return a;
  a.target_year = target->year;
  a.target_value = target->value;
  a.target_operator = target->op;
  if (meets(current.second, *target)) {
    a.status = "target_achieved";
    return a;
  }
  if (base.first >= current.first) return a;  // one observation: no trend yet
  const bool higher = direction != "lower";
  const double t0 = base.first, t = current.first, T = std::max(target->year, current.first);
  // Linear check: share of the distance covered against share of the time elapsed.
  if (target->value != base.second && T > t0) {
    a.share_of_way = (current.second - base.second) / (target->value - base.second);
    a.share_of_time = (t - t0) / (T - t0);
    a.linear_status = *a.share_of_way >= *a.share_of_time ? "on_track" : "behind";
  }
  const bool worse = higher ? current.second < base.second : current.second > base.second;
  if (worse) {
    a.status = "deteriorating";
    return a;
  }
  if (base.second > 0 && current.second > 0 && target->value > 0 && T > t0) {
    a.observed_growth = std::pow(current.second / base.second, 1.0 / (t - t0)) - 1.0;
    a.required_growth = std::pow(target->value / base.second, 1.0 / (T - t0)) - 1.0;
    if (*a.required_growth != 0) a.growth_ratio = *a.observed_growth / *a.required_growth;
  } else if (a.share_of_way && a.share_of_time && *a.share_of_time > 0) {
    a.growth_ratio = *a.share_of_way / *a.share_of_time;  // zero values: fall back to the linear ratio
  }
  if (!a.growth_ratio) {
    a.status = "off_track";
  } else if (*a.growth_ratio < 0) {
    a.status = "deteriorating";
  } else if (*a.growth_ratio >= 0.95) {
    a.status = "on_track";
  } else if (*a.growth_ratio >= 0.6) {
    a.status = "needs_acceleration";
  } else {
    a.status = "off_track";
  }
  return a;
}

core::Result<ProgressAssessment> AnalyticsService::progress(const Principal& p, const std::string& indicator,
                                                            const std::string& unit, std::optional<int> up_to_year) {
  auto snapshot = serving();
  if (!snapshot) return Unexpected{std::move(snapshot).error()};
  const Snapshot& s = **snapshot;
  const auto* ind = s.catalogue->find(indicator);
  if (!ind) return fail(ErrorCode::NotFound, "không có chỉ tiêu " + indicator, "there is no indicator " + indicator);
  const int last = up_to_year.value_or(std::stoi(core::today_in_vietnam().substr(0, 4)));
  AnalyticsQuery q;
  q.dx = {indicator};
  q.ou = {unit};
  for (int y = 2021; y <= last; ++y) q.pe.push_back(std::to_string(y));
  auto r = query_snapshot(s, p, q);
  if (!r) return Unexpected{std::move(r).error()};
  // Years whose coverage passes the indicator's threshold are assessed; a later partial year is
  // shown beside them, marked, never assessed.
  std::vector<std::pair<int, double>> yearly;
  const AnalyticsRow* current_row = nullptr;
  const AnalyticsRow* partial_row = nullptr;
  for (const auto& row : r->rows) {
    if (!row.value) continue;
    const int year = std::stoi(row.pe);
    if (row.partial) {
      if (partial_row == nullptr || year > std::stoi(partial_row->pe)) partial_row = &row;
      continue;
    }
    yearly.emplace_back(year, *row.value);
    if (current_row == nullptr || year > std::stoi(current_row->pe)) current_row = &row;
  }
  std::sort(yearly.begin(), yearly.end());
  // A unit's own targets replace the national ones.
  std::vector<store::IndicatorTargetRecord> targets;
  std::optional<std::int64_t> unit_id;
  if (auto pos = s.units->at(unit, core::today_in_vietnam())) unit_id = s.units->list[*pos].id;
  for (const auto& t : ind->targets) {
    if (unit_id && t.unit_id == unit_id) targets.push_back({t.indicator_id, std::nullopt, t.year, t.value, t.op, t.onward});
  }
  if (targets.empty()) {
    for (const auto& t : ind->targets) {
      if (!t.unit_id) targets.push_back(t);
    }
  }
  ProgressAssessment a = assess(yearly, ind->indicator.baseline_value, ind->indicator.baseline_year, targets, ind->indicator.direction);
  a.min_coverage = ind->indicator.min_coverage;
  if (current_row != nullptr) {
    a.current_reported = current_row->units_reported;
    a.current_expected = current_row->units_expected;
    a.current_basis = current_row->basis;
  }
  if (partial_row != nullptr && (current_row == nullptr || std::stoi(partial_row->pe) > std::stoi(current_row->pe))) {
    a.partial_year = std::stoi(partial_row->pe);
    a.partial_value = partial_row->value;
    a.partial_reported = partial_row->units_reported;
    a.partial_expected = partial_row->units_expected;
    if (yearly.empty()) {
      // Nothing to assess; the target the partial figure would be compared with is still shown.
      const ProgressAssessment t = assess({{*a.partial_year, partial_row->value.value_or(0)}}, ind->indicator.baseline_value,
                                          ind->indicator.baseline_year, targets, ind->indicator.direction);
      a.target_year = t.target_year;
      a.target_value = t.target_value;
      a.target_operator = t.target_operator;
      a.status = "insufficient_coverage";
    }
  }
  return a;
}

std::string AnalyticsService::make_origin() {
  std::random_device rd;
  char buf[24];
  std::snprintf(buf, sizeof buf, "%08x%08x", rd(), rd());
  return buf;
}

void AnalyticsService::apply_notification(std::string_view payload) {
  auto decoded = decode_value_changes(payload);
  if (!decoded || decoded->origin == origin_) return;
  if (decoded->rebuild) {
    schedule(Changes(change::kValues));  // too many changes for one notification: read them all again, in the background
    return;
  }
  values_committed(decoded->changes);
}

std::string encode_value_changes(std::string_view origin, std::span<const ValueChange> changes) {
  std::string out(origin);
  out += '|';
  char buf[64];
  for (const auto& c : changes) {
    out += std::to_string(c.element_id) + "," + std::to_string(c.option_id) + "," + std::to_string(c.unit_id) + "," + c.period + ",";
    if (c.value) {
      std::snprintf(buf, sizeof buf, "%.17g", *c.value);
      out += buf;
    }
    out += ';';
    if (out.size() > 7800) return std::string(origin) + "|rebuild";
  }
  return out;
}

std::optional<DecodedChanges> decode_value_changes(std::string_view payload) {
  const auto bar = payload.find('|');
  if (bar == std::string_view::npos || bar == 0) return std::nullopt;
  DecodedChanges d;
  d.origin = std::string(payload.substr(0, bar));
  std::string_view rest = payload.substr(bar + 1);
  if (rest == "rebuild") {
    d.rebuild = true;
    return d;
  }
  while (!rest.empty()) {
    const auto end = rest.find(';');
    std::string_view item = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    std::vector<std::string> f;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= item.size(); ++i) {
      if (i == item.size() || item[i] == ',') {
        f.emplace_back(item.substr(start, i - start));
        start = i + 1;
      }
    }
    if (f.size() != 5) return std::nullopt;
    try {
      ValueChange c;
      c.element_id = std::stoll(f[0]);
      c.option_id = std::stoll(f[1]);
      c.unit_id = std::stoll(f[2]);
      c.period = f[3];
      if (!f[4].empty()) c.value = std::stod(f[4]);
      d.changes.push_back(std::move(c));
    } catch (...) {
      return std::nullopt;
    }
  }
  return d;
}

}  // namespace tienbo::services
