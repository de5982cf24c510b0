#pragma once
// What AnalyticsService's files share. A query reads one Snapshot: the unit tree in pre-order
// with its lineage, the numeric elements, the indicator catalogue and the cube numbered for that
// tree. The files:
//   analytics_service.cpp   the service: snapshots built, swapped and kept current (the change
//                           feed, committed values, the background builder), its status
//   analytics_snapshot.cpp  the snapshot's parts read from the store, values into the cube
//   analytics_plan.cpp      a query's parser and planner: periods, dx, ou, the caller's scope, its cost
//   analytics_query.cpp     a planned query evaluated over the snapshot, cell by cell
//   analytics_lineage.cpp   where a unit's figures come from: its subtree, or (re-based) the
//                           subtrees it came from, and which parts count for its contributors
//   analytics_progress.cpp  targets, and the progress of an indicator towards them
// Not a public header.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tienbo/analytics/cube.hpp"
#include "tienbo/analytics/preorder_index.hpp"
#include "tienbo/core/period.hpp"
#include "tienbo/core/result.hpp"
#include "tienbo/services/analytics_service.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services {

namespace analytics_detail {

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

//! Official figures (official_value) by (element, option, period, unit id): never summed.
struct OfficialFigures {
  struct Figure {
    double value = 0;
    std::string data_source;
  };
  std::map<std::tuple<std::int64_t, std::int64_t, std::string, std::int64_t>, Figure> by_key;
};

}  // namespace analytics_detail

struct AnalyticsService::Units {
  std::vector<store::UnitRecord> list;  // by position (ordered by id)
  std::unordered_map<std::int64_t, std::size_t> pos_by_id;
  std::unordered_map<std::string, std::vector<std::size_t>> by_code;
  std::vector<std::vector<std::size_t>> children;
  using Lineage = std::unordered_map<std::int64_t, std::vector<store::LineageRecord>>;
  std::shared_ptr<const Lineage> predecessors;  // by new unit id
  analytics::PreorderIndex index;
  std::vector<std::uint32_t> type_bits;               // by position: unit_type_bit of its type
  std::vector<std::uint8_t> in_sector;                // by position: a ministry or sector, or under one
  std::vector<analytics::SubtreeRange> sector_roots;  // the outermost ministry/sector subtrees, in pre-order

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
  std::map<std::string, analytics_detail::ElementMeta> by_code;
  std::unordered_map<std::int64_t, const analytics_detail::ElementMeta*> by_id;
};

struct AnalyticsService::Snapshot {
  std::shared_ptr<const analytics_detail::OfficialFigures> officials;
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

namespace analytics_detail {

using Units = AnalyticsService::Units;
using Elements = AnalyticsService::Elements;
using Snapshot = AnalyticsService::Snapshot;

// ---- the snapshot's parts (analytics_snapshot.cpp) -------------------------------------------

//! Every unit and lineage edge, the tree numbered in pre-order.
core::Result<std::shared_ptr<const Units>> read_units(store::Tx& tx);
//! `base` with the named units read again (moved, renamed, validity changed) or added; the
//! lineage is shared. A move reads one row instead of the whole tree.
core::Result<std::shared_ptr<const Units>> patch_units(store::Tx& tx, const Units& base,
                                                       std::span<const std::int64_t> ids);
//! The numeric data elements with their options, period rules and the unit types reporting them.
core::Result<std::shared_ptr<const Elements>> read_elements(
    store::Tx& tx, const std::vector<std::shared_ptr<const FormDefinition>>& forms);
//! The official figures by (element, option, period, unit id).
core::Result<std::shared_ptr<const OfficialFigures>> read_officials(store::Tx& tx);
//! Every numeric value in the database, numbered for `units` (start-up and full rebuilds).
core::Result<std::unique_ptr<analytics::Cube>> read_values(store::Tx& tx, const Units& units, const Elements& elements,
                                                           const Progress& progress);
//! Applies one committed value to a cube numbered for `units`; false when the snapshot does not
//! know its unit or element yet.
bool apply_value(analytics::Cube& cube, const Units& units, const Elements& elements, const ValueChange& c);

// ---- lineage and re-basing (analytics_lineage.cpp) -------------------------------------------

struct Source {
  analytics::SubtreeRange range;
  double share = 1;
};

//! Where the values of unit `pos` for `period` are: its own subtree when it existed then (or when
//! units are taken as of each period), otherwise the subtrees of the units it came from, weighted
//! by their lineage shares.
std::vector<Source> sources_for(const Units& u, std::size_t pos, const core::Period& period, bool as_of);
//! The part of `range` (a subtree of unit `pos`, or of a unit it came from) whose figures count
//! toward `pos`'s total: everything for Both or inside a ministry/sector; without the ministries'
//! and sectors' subtrees for Territorial; the unit itself and those subtrees for Sector.
std::vector<analytics::SubtreeRange> contributing(const Units& u, std::size_t pos, analytics::SubtreeRange range,
                                                  Contributors c);
//! Units in `ranges` valid on `date` whose type is in `mask`.
std::size_t count_expected(const Units& u, std::span<const analytics::SubtreeRange> ranges, const std::string& date,
                           std::uint32_t mask);

// ---- targets (analytics_progress.cpp) --------------------------------------------------------

//! The target for `year`: a unit override first, else the national one; an "onward" target
//! holds for every later year.
std::optional<store::IndicatorTargetRecord> target_for(const std::vector<store::IndicatorTargetRecord>& targets,
                                                       std::optional<std::int64_t> unit_id, int year);

// ---- a query parsed and planned (analytics_plan.cpp) -----------------------------------------

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

//! A query ready to evaluate: its items resolved against one snapshot and checked against the
//! caller's scope, its cost counted.
struct QueryPlan {
  AnalyticsResult result;  //!< the answer so far: the periods and the names and units of the dx items
  std::vector<std::string> periods;
  std::vector<DxItem> dx;
  std::vector<OuItem> ou;
  std::string today;
  bool as_of = false;
  std::set<std::pair<std::size_t, std::string>> hidden;  //!< (ou item, date) naming a unit the caller may not read
  //! Units below an item that the caller may not read although it reads the item: under a former
  //! unit read through what it became, a child that went elsewhere.
  std::set<std::tuple<std::size_t, std::string, std::size_t>> hidden_below;  //!< (ou item, date, unit)

  //! The units ou item `item` stands for on `date`, by code.
  [[nodiscard]] std::vector<std::size_t> units_of(const Units& model, std::size_t item, const std::string& date) const;
};

//! A list of the query (dx, ou or pe) without repeats, refused above 50 items.
core::Result<std::vector<std::string>> bounded_list(const std::vector<std::string>& in, const char* field);
//! Period codes and relative keys (THIS_YEAR, LAST_5_YEARS, …) as period codes, in order, without repeats.
core::Result<std::vector<std::string>> expand_periods(const std::vector<std::string>& pe);
//! Parses and resolves a query against `snapshot`: every dx item (reporting rates only
//! `with_rates`), every ou item checked against the caller's scope in one read transaction, the
//! cost bounded before any cell is computed, then what the caller may not read below each item.
core::Result<QueryPlan> plan_query(store::Store& store, MetadataService& metadata, bool with_rates,
                                   const Snapshot& snapshot, const Principal& p, const AnalyticsQuery& q);

}  // namespace analytics_detail

}  // namespace tienbo::services
