#pragma once
// Analytics: indicators and data elements over any units and periods, answered
// from the in-memory cube (analytics::Cube). The service feeds the cube: it
// builds it at start-up from the database (with progress) and applies every
// committed write through ValueListener, so a value saved in one request is in
// every aggregate above it on the next. Units are resolved as of today and
// earlier periods are re-based through the 2025 lineage (or, with asOf, each
// period uses the units of its own date). Access is checked by AccessControl.

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "tienbo/analytics/cube.hpp"
#include "tienbo/analytics/preorder_index.hpp"
#include "tienbo/core/period.hpp"
#include "tienbo/core/result.hpp"
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
  std::vector<std::string> pe;  //!< period codes or THIS_YEAR, LAST_YEAR, LAST_5_YEARS, LAST_10_YEARS, THIS_HALF_YEAR, LAST_4_HALF_YEARS...
  bool as_of = false;           //!< units of each period's own date instead of today's
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
};

struct AnalyticsRow {
  std::string dx, dx_kind;  //!< "indicator", "dataElement" or "reportingRate" (FORM.REPORTING_RATE)
  std::string ou, ou_name_vi;
  std::string pe;
  std::optional<double> value, numerator, denominator;
  std::optional<double> target;
  std::string target_operator;
  std::optional<std::int64_t> expected, received, on_time;  //!< reporting rates: reports expected, received, on time
};

struct AnalyticsResult {
  std::vector<AnalyticsRow> rows;
  std::vector<std::string> periods;              //!< the periods asked for, relative keys expanded
  std::map<std::string, std::string> names_vi;   //!< dx and ou codes -> Vietnamese names
  std::map<std::string, std::string> names_en;
  std::map<std::string, std::string> units;      //!< dx code -> unit of measure (Vietnamese)
};

struct AnalyticsStatus {
  std::size_t values = 0, series = 0, bytes = 0, units = 0;
  double build_seconds = 0;
};

class AnalyticsService final : public ValueListener {
 public:
  AnalyticsService(store::Store& store, MetadataService& metadata) : store_(store), metadata_(metadata) {}
  //! Enables the completeness dimension: dx = FORM.REPORTING_RATE (expected, received, on time).
  void set_completeness(CompletenessService* completeness) { completeness_ = completeness; }

  //! Reads units, lineage and every numeric value into a fresh cube. Call at start-up,
  //! after imports that change the unit tree, or when another instance asks.
  core::Result<AnalyticsStatus> rebuild(const Progress& progress = {});
  void values_committed(std::span<const ValueChange> changes) override;
  [[nodiscard]] std::string origin() const override { return origin_; }
  //! A NOTIFY payload from another instance: applies its changes (or rebuilds); ignores our own.
  void apply_notification(std::string_view payload);

  core::Result<AnalyticsResult> query(const Principal& p, const AnalyticsQuery& q);
  core::Result<ProgressAssessment> progress(const Principal& p, const std::string& indicator, const std::string& unit,
                                            std::optional<int> up_to_year = std::nullopt);
  [[nodiscard]] AnalyticsStatus status() const;

  //! Open SDG / Statistics Canada progress from yearly values (pure; exposed for tests).
  static ProgressAssessment assess(const std::vector<std::pair<int, double>>& yearly, std::optional<double> baseline_value,
                                   std::optional<int> baseline_year, const std::vector<store::IndicatorTargetRecord>& targets,
                                   const std::string& direction);

  struct Units;  // the unit tree in pre-order, with codes, types, validity and lineage

 private:
  core::Result<std::vector<std::string>> expand_periods(const std::vector<std::string>& pe) const;

  store::Store& store_;
  MetadataService& metadata_;
  CompletenessService* completeness_ = nullptr;
  analytics::Cube cube_;
  std::mutex feed_mutex_;  //!< one feeder at a time: rebuilds and committed values
  mutable std::shared_mutex units_mutex_;
  std::shared_ptr<const Units> units_;
  AnalyticsStatus status_;
  std::string origin_ = make_origin();
  static std::string make_origin();
};

}  // namespace tienbo::services
