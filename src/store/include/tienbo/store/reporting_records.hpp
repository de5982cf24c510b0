#pragma once
// Records of the reporting engine: metadata (categories, data elements, forms,
// validation rules) and data (values, reports, narratives, events, revisions).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tienbo/core/domain.hpp"
#include "tienbo/core/value_syntax.hpp"

namespace tienbo::store {

struct OptionComboRecord {
  std::int64_t id = 0;
  std::string code;  //!< "NU", "NAM", "TONG", "NU_16_30", ...
  std::string name_vi;
  std::string name_en;
};

struct ComboRecord {
  std::int64_t id = 0;
  std::string code;
  std::string name_vi;
  std::string name_en;
  std::vector<OptionComboRecord> option_combos;  //!< in display order
};

struct DataElementRecord {
  std::int64_t id = 0;
  std::string code;
  std::string name_vi;
  std::string name_en;
  std::string description_vi;
  core::ValueType value_type =
      core::ValueType::Text;  //!< the value_type column's text read by core::value_type_from_string
  std::string aggregation;
  bool zero_significant = false;
  std::int64_t combo_id = 0;
  std::optional<double> min_value;  //!< nullopt: 0
  std::optional<double> max_value;  //!< nullopt: 10^15 (100 for a percent)
  std::string scope = "area";       //!< own (the unit's own figure) or area (counts what happened in its area)
  std::string instruction_vi;       //!< how to count it, shown beside it in the form
  std::string instruction_en;
  std::string contributors =
      "both";  //!< whose figures a total counts: both, territorial (not ministries/sectors), sector
};

struct SectionRecord {
  std::int64_t id = 0;
  std::string code;
  std::string kind;  //!< "data" or "narrative"
  std::string title_vi;
  std::string title_en;
  std::vector<std::int64_t> element_ids;  //!< data sections, in order
};

struct FormRecord {
  std::int64_t id = 0;
  std::string code;
  std::string name_vi;
  std::string name_en;
  std::string period_type;
  std::string expected_periods;  //!< "1" or "1,2" or "" (all)
};

struct FormVersionRecord {
  std::int64_t id = 0;
  std::int64_t form_id = 0;
  int version_no = 0;
  std::string from_period;
};

struct ReporterRecord {
  core::UnitType unit_type = core::UnitType::Nation;
  std::string hierarchy;
};

struct DeadlineRecord {
  core::UnitType unit_type = core::UnitType::Nation;
  int month_offset = 0;
  int day = 15;
  std::string source;              //!< the text the deadline comes from, or why it has none
  std::string set_by = "package";  //!< "package", or the login of whoever changed it (kept by package loads)
};

struct RuleRecord {
  std::int64_t id = 0;
  std::string code;
  std::string name_vi;
  std::string left_expr;
  core::RuleOperator op = core::RuleOperator::EqualTo;  //!< the columns of enums are read by core's parse_*
  std::string right_expr;
  core::MissingStrategy missing_strategy = core::MissingStrategy::SkipIfAnyValueMissing;
  core::RuleImportance importance = core::RuleImportance::Medium;
  core::RuleSeverity severity = core::RuleSeverity::Warning;
  std::string comment_satisfies;
  std::string message_vi;
  std::string message_en;
};

struct IndicatorGroupRecord {
  std::int64_t id = 0;
  std::string code;
  std::string name_vi;
  std::string name_en;
  std::string source_vi;
  int sort_order = 0;
};

struct IndicatorTargetRecord {
  std::int64_t indicator_id = 0;
  std::optional<std::int64_t> unit_id;  //!< nullopt: the national target, used wherever no override exists
  int year = 0;
  double value = 0;
  core::TargetOperator op = core::TargetOperator::Ge;
  bool onward = false;
};

struct IndicatorRecord {
  std::int64_t id = 0;
  std::string code;
  std::int64_t group_id = 0;
  std::string number;
  std::string name_vi;
  std::string name_en;
  std::string description_vi;
  std::string numerator;
  std::string denominator;
  double factor = 1;
  std::string unit_vi;
  std::string unit_en;
  std::string direction;  //!< higher or lower
  int decimals = 1;
  std::string source;
  std::string confidence;  //!< verified, implementing, secondary, provisional
  std::optional<int> baseline_year;
  std::optional<double> baseline_value;
  int sort_order = 0;
  double min_coverage = 80;   //!< % of the expected units that must have reported for a headline figure
  bool use_official = false;  //!< an official figure (OfficialValueRecord) of a unit replaces the sum there
};

//! An official statistic (e.g. of the statistics office) entered with its source; never summed.
struct OfficialValueRecord {
  std::int64_t data_element_id = 0;
  std::string period;
  std::int64_t unit_id = 0;
  std::int64_t option_combo_id = 0;
  std::string value;  //!< canonical text (core::read_value)
  double numeric_value = 0;
  std::string data_source;
  std::string updated_by;
  std::string updated_at;
};

struct DataValueRecord {
  std::int64_t data_element_id = 0;
  std::string period;
  std::int64_t unit_id = 0;
  std::int64_t option_combo_id = 0;
  std::string value;
  std::optional<double> numeric_value;
  std::string comment;
  std::string updated_by;
  std::string updated_at;
  std::string source = "entered";  //!< entered, register, imported, official
  std::string data_source;         //!< as a person cites it ("Cục Thống kê — Điều tra LĐVL 2025")
};

//! A parent's figure summed from its children by consolidation, kept apart from its own entries.
struct ConsolidatedValueRecord {
  std::int64_t data_element_id = 0;
  std::string period;
  std::int64_t unit_id = 0;
  std::int64_t option_combo_id = 0;
  std::string value;
  std::optional<double> numeric_value;
  int children_used = 0;      //!< children whose reports were summed
  int children_expected = 0;  //!< children expected to report (waived ones excluded)
  std::string updated_by;
  std::string updated_at;
};

//! A submitted or approved report that holds a data element (values shared by two forms).
struct LockingReport {
  std::int64_t data_element_id = 0;
  std::string form_code;
  std::string form_name_vi;
  core::ReportStatus status = core::ReportStatus::Submitted;
};

struct ReportRecord {
  std::int64_t id = 0;
  std::int64_t form_id = 0;
  std::int64_t form_version_id = 0;
  std::int64_t unit_id = 0;
  std::string period;
  core::ReportStatus status = core::ReportStatus::Draft;  //!< the status column's text read by parse_report_status
  std::int64_t version = 0;
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> submitted_at;
  std::optional<std::string> submitted_by;
  std::optional<std::string> approved_at;
  std::optional<std::string> approved_by;
};

struct NarrativeRecord {
  std::string section_code;
  std::string body;
  std::string updated_by;
  std::string updated_at;
};

struct ReportEventRecord {
  std::int64_t id = 0;
  std::string action;
  std::string from_status;
  std::string to_status;
  std::string actor;
  std::string occurred_at;
  std::string comment;
  std::optional<std::string> details_json;
};

struct RevisionRecord {
  int revision = 0;
  std::string submitted_at;
  std::string submitted_by;
  std::string content_json;
};

struct EvidenceRecord {
  std::int64_t id = 0;
  std::int64_t report_id = 0;
  std::string target;  //!< "" (the whole report), a section code, or "ELEMENT.OPTION"
  std::string file_name;
  std::string content_type;
  std::int64_t size_bytes = 0;
  std::string sha256;
  std::string content;  //!< the bytes (only when asked for)
  std::string uploaded_by;
  std::string uploaded_at;
};

}  // namespace tienbo::store
