#pragma once
// Analytics: indicators and data elements over any units and periods, answered
// from the in-memory cube (analytics::Cube).
//
// Every query reads one immutable Snapshot — the unit tree in pre-order with its
// lineage, the numeric data elements, the indicator catalogue with its targets, and
// the cube built for that numbering — taken once from a mutex-guarded shared pointer,
// so a query never mixes two models. Committed values (ValueListener) are applied to
// the current snapshot's cube at once; changes of units, lineage, metadata and targets
// (ChangeSubscriber, from this process or another instance) schedule a new snapshot,
// which a background thread builds and swaps in atomically: bursts coalesce into one
// build, and no request ever waits for one. A units change reuses the values already in
// memory (renumbered); only start-up, a lost LISTEN connection or a bulk load re-reads
// every value from the database. Units are resolved as of today and earlier periods are
// re-based through the 2025 lineage (or, with asOf, each period uses the units of its own
// date). Access is checked by AccessControl.

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "tienbo/analytics/cube.hpp"
#include "tienbo/analytics/preorder_index.hpp"
#include "tienbo/core/period.hpp"
#include "tienbo/core/result.hpp"
#include "tienbo/services/change_feed.hpp"
#include "tienbo/services/completeness_service.hpp"
#include "tienbo/services/context.hpp"
#include "tienbo/services/metadata_service.hpp"
#include "tienbo/services/unit_service.hpp"
#include "tienbo/services/value_listener.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services {

struct AnalyticsQuery {
  std::vector<std::string> dx;  //!< indicator codes, data element codes, or ELEMENT.OPTION
  std::vector<std::string> ou;  //!< CODE, CODE:children, CODE:level=N (1 = nation, 2 = province, 3 = commune)
  std::vector<std::string>
      pe;  //!< period codes or THIS_YEAR, LAST_YEAR, LAST_5_YEARS, LAST_10_YEARS, THIS_HALF_YEAR, LAST_4_HALF_YEARS...
  bool as_of = false;  //!< units of each period's own date instead of today's
};

//! Progress of an indicator towards its target (Open SDG / Statistics Canada method).
struct ProgressAssessment {
  std::string status;  //!< target_achieved, on_track, needs_acceleration, off_track, deteriorating, no_data
  std::optional<int> base_year, current_year, target_year;
  std::optional<double> base_value, current_value, target_value;
  std::string target_operator;
  std::optional<double> observed_growth;  //!< compound yearly growth observed since the base year
  std::optional<double> required_growth;  //!< compound yearly growth needed to reach the target on time
  std::optional<double> growth_ratio;     //!< observed ÷ required (on track ≥ 0.95, needs acceleration ≥ 0.6)
  std::optional<double> share_of_way;     //!< linear check: part of the distance to the target covered
  std::optional<double> share_of_time;    //!< part of the time to the target elapsed
  std::string linear_status;              //!< on_track or behind by the linear check ("" without data)
  double min_coverage = 80;               //!< years whose coverage is below this (%) are not the headline
  std::optional<std::int64_t> current_reported, current_expected;  //!< coverage of current_year (none: official figure)
  std::string current_basis;                                       //!< sum or official
  //! The latest year after current_year (or the only one) with a figure below min_coverage: shown,
  //! marked partial, never assessed.
  std::optional<int> partial_year;
  std::optional<double> partial_value;
  std::optional<std::int64_t> partial_reported, partial_expected;
};

struct AnalyticsRow {
  std::string dx, dx_kind;  //!< "indicator", "dataElement" or "reportingRate" (FORM.REPORTING_RATE)
  std::string ou, ou_name_vi;
  std::string pe;
  std::optional<double> value, numerator, denominator;
  std::optional<double> target;
  std::string target_operator;
  std::optional<std::int64_t> expected, received, on_time;  //!< reporting rates: reports expected, received, on time
  //! What the figure rests on: the units whose values went into it and the units expected to
  //! report them (of the types that report a form holding its elements, among the contributors).
  std::optional<std::int64_t> units_reported, units_expected;
  std::optional<double> coverage;  //!< units_reported ÷ units_expected, in % (at most 100)
  double min_coverage = 80;        //!< the package's threshold for a headline figure (indicator.min_coverage)
  bool partial = false;            //!< coverage below min_coverage
  std::string basis = "sum";       //!< "sum" of reported values, or "official" (an official figure was used)
  std::string data_source;         //!< the official figures' sources, when basis is official
};

struct AnalyticsResult {
  std::vector<AnalyticsRow> rows;
  std::vector<std::string> periods;             //!< the periods asked for, relative keys expanded
  std::map<std::string, std::string> names_vi;  //!< dx and ou codes -> Vietnamese names
  std::map<std::string, std::string> names_en;
  std::map<std::string, std::string> units;  //!< dx code -> unit of measure (Vietnamese)
};

struct AnalyticsStatus {
  std::size_t values = 0, series = 0, bytes = 0, units = 0;
  double build_seconds = 0;                          //!< how long the served snapshot took to build
  std::uint64_t snapshot = 0;                        //!< number of the served snapshot (1 = the first build)
  std::string built_at;                              //!< when the served snapshot was swapped in (UTC)
  std::chrono::system_clock::time_point built_time;  //!< the same as a time point (its age, for /metrics)
  std::string build;  //!< "full" (every value read from the database) or what it refreshed, e.g. "units,targets"
  bool rebuild_pending = false;     //!< a newer snapshot is scheduled or being built
  std::size_t deferred_values = 0;  //!< committed values waiting for a snapshot that knows their unit or element
};

class AnalyticsService final : public ValueListener, public ChangeSubscriber {
 public:
  AnalyticsService(store::Store& store, MetadataService& metadata);
  ~AnalyticsService() override;
  AnalyticsService(const AnalyticsService&) = delete;
  AnalyticsService& operator=(const AnalyticsService&) = delete;
  //! Enables the completeness dimension: dx = FORM.REPORTING_RATE (expected, received, on time).
  void set_completeness(CompletenessService* completeness) { completeness_ = completeness; }

  //! Reads units, lineage, metadata, targets and every numeric value into a fresh snapshot on
  //! the calling thread and serves it. Call at start-up (with progress); later changes go
  //! through the background thread.
  core::Result<AnalyticsStatus> rebuild(const Progress& progress = {});
  //! Committed values (here, or from another instance): into the served cube at once; a value
  //! of a unit or element the snapshot does not know yet waits for the next snapshot, scheduled.
  void values_committed(std::span<const ValueChange> changes) override;
  [[nodiscard]] std::string origin() const override { return origin_; }
  //! A NOTIFY payload from another instance on kValuesChannel: applies its changes (or
  //! schedules a full rebuild); ignores our own.
  void apply_notification(std::string_view payload);
  //! Units, lineage, metadata or targets changed (change_feed.hpp): schedules a new snapshot.
  void changes_committed(const Changes& changes) override;
  //! Waits until no snapshot is scheduled or being built; false on timeout (tests, tools).
  bool wait_until_current(std::chrono::milliseconds timeout);

  core::Result<AnalyticsResult> query(const Principal& p, const AnalyticsQuery& q);
  core::Result<ProgressAssessment> progress(const Principal& p, const std::string& indicator, const std::string& unit,
                                            std::optional<int> up_to_year = std::nullopt);
  [[nodiscard]] AnalyticsStatus status() const;

  //! Open SDG / Statistics Canada progress from yearly values (pure; exposed for tests).
  static ProgressAssessment assess(const std::vector<std::pair<int, double>>& yearly,
                                   std::optional<double> baseline_value, std::optional<int> baseline_year,
                                   const std::vector<store::IndicatorTargetRecord>& targets,
                                   const std::string& direction);

  struct Units;     // the unit tree in pre-order, with codes, types, validity and lineage
  struct Elements;  // the numeric data elements with their options and period rules
  struct Snapshot;  // one consistent model: units, elements, catalogue and the cube numbered for those units

 private:
  core::Result<AnalyticsResult> query_snapshot(const Snapshot& s, const Principal& p, const AnalyticsQuery& q);
  [[nodiscard]] std::shared_ptr<const Snapshot> current() const;
  core::Result<std::shared_ptr<const Snapshot>> serving();
  //! Builds a snapshot refreshing what changed (kValues, or no snapshot yet: everything; named units:
  //! those rows only) and swaps it in.
  core::Result<void> build(const Changes& changes, const Progress& progress);
  void schedule(const Changes& changes);
  void work();

  store::Store& store_;
  MetadataService& metadata_;
  CompletenessService* completeness_ = nullptr;
  std::string origin_ = make_origin();
  static std::string make_origin();

  // The served snapshot: swapped under snapshot_mutex_, read by copying the pointer.
  mutable std::mutex snapshot_mutex_;
  std::shared_ptr<const Snapshot> current_;
  std::uint64_t snapshots_ = 0;

  // Committed values and snapshot swaps, one at a time. While a build runs, every committed
  // value is also logged and replayed into the new snapshot before it is served, so nothing
  // committed after the build started reading is lost.
  struct Deferred {
    ValueChange change;
    int tries = 0;
  };
  mutable std::mutex feed_mutex_;
  bool recording_ = false;
  std::vector<ValueChange> log_;
  std::vector<Deferred> deferred_;

  std::mutex build_mutex_;        //!< one build at a time (start-up on the caller's thread, then the worker)
  std::mutex first_build_mutex_;  //!< queries before any snapshot wait for one first build

  // The background builder.
  mutable std::mutex work_mutex_;
  std::condition_variable work_cv_;
  std::condition_variable idle_cv_;
  unsigned pending_ = 0;                     //!< change:: bits to refresh
  bool pending_all_units_ = false;           //!< with kUnits: any unit may have changed
  std::vector<std::int64_t> pending_units_;  //!< with kUnits: the units that changed
  bool building_ = false;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace tienbo::services
