#pragma once
// Parses a metadata package (data/packages/<name>/*.json): categories and
// their combinations, data elements, forms with sections, who reports and by
// when, and validation rules. Only the shape is checked here (fields present,
// right JSON types); services check meaning (codes exist, formulas parse).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tienbo/core/result.hpp"

namespace tienbo::io {

struct PackageOption {
  std::string code, name_vi, name_en;
};
struct PackageCategory {
  std::string code, name_vi, name_en;
  std::vector<PackageOption> options;
};
struct PackageCombo {
  std::string code, name_vi, name_en;
  std::vector<std::string> categories;
};
struct PackageDataElement {
  std::string code, name_vi, name_en, description_vi, value_type, aggregation, combo;
  bool zero_significant = false;
  std::optional<double> min, max;  //!< inclusive bounds of a numeric element
  std::string scope = "area";      //!< own or area
  std::string instruction_vi, instruction_en;
  std::string contributors;  //!< both, territorial or sector; "" = by scope (area: territorial, own: both)
};
struct PackageSection {
  std::string code, kind, title_vi, title_en;
  std::vector<std::string> elements;
};
struct PackageReporter {
  std::string unit_type, hierarchy;
};
struct PackageDeadline {
  std::string unit_type;
  int month_offset = 0;
  int day = 15;
  std::string source;  //!< the text the deadline comes from, or "no legal source — set by the standing agency"
};
struct PackageForm {
  std::string code, name_vi, name_en, period_type;
  std::string from_period = "2021";
  std::vector<int> expected_periods;
  std::vector<PackageReporter> reporters;
  std::vector<PackageDeadline> deadlines;
  std::vector<PackageSection> sections;
  std::vector<std::string> rules;
};
struct PackageRule {
  std::string code, name_vi, left, op, right, missing_strategy, importance, severity, comment_satisfies, message_vi,
      message_en;
};

struct PackageIndicatorGroup {
  std::string code, name_vi, name_en, source_vi;
};
struct PackageTarget {
  int year = 0;
  double value = 0;
  std::string op = "ge";  //!< ge, gt, le, lt, eq, about
  bool onward = false;    //!< holds every year from `year` on
};
struct PackageIndicator {
  std::string code, group, number, name_vi, name_en, description_vi, numerator, denominator = "1";
  double factor = 1;
  std::string unit_vi, unit_en, direction, source, confidence;
  int decimals = 1;
  std::optional<int> baseline_year;
  std::optional<double> baseline_value;
  double min_coverage = 80;   //!< % of expected units that must have reported for a headline figure
  bool use_official = false;  //!< official figures of a unit replace the sums there
  std::vector<PackageTarget> targets;
};

struct MetadataPackage {
  std::vector<PackageCategory> categories;
  std::vector<PackageCombo> combos;
  std::vector<PackageDataElement> data_elements;
  std::vector<PackageForm> forms;
  std::vector<PackageRule> rules;
  std::vector<PackageIndicatorGroup> indicator_groups;  //!< from indicators.json (optional file)
  std::vector<PackageIndicator> indicators;
};

//! `files` maps file names (categories.json, data_elements.json, forms.json,
//! validation_rules.json, and optionally indicators.json) to their contents. Errors name the file and the entry.
core::Result<MetadataPackage> parse_metadata_package(const std::map<std::string, std::string_view>& files);

//! Reads a JSON object of objects of strings, e.g. {"values": {"A.NU": "3"}, "narratives": {...}},
//! into group -> key -> value (the stored content of a submitted report).
core::Result<std::map<std::string, std::map<std::string, std::string>>> parse_string_groups(std::string_view json_text);

}  // namespace tienbo::io
