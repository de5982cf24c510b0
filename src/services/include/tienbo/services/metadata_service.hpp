#pragma once
// Reporting metadata: loading a package (categories, data elements, forms,
// validation rules) with every formula parsed and every code checked before
// anything is stored, and the form definitions the report service works from
// (cached until metadata or targets change — here or on another instance, as
// the ChangeFeed tells).

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "tienbo/core/expression.hpp"
#include "tienbo/core/period.hpp"
#include "tienbo/core/result.hpp"
#include "tienbo/core/value_syntax.hpp"
#include "tienbo/services/change_feed.hpp"
#include "tienbo/services/context.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services {

struct ElementDef {
  store::DataElementRecord element;
  store::ComboRecord combo;  //!< its option combinations ("TONG" alone when not disaggregated)
  [[nodiscard]] bool numeric() const;
  [[nodiscard]] bool disaggregated() const { return combo.option_combos.size() > 1; }
  [[nodiscard]] const store::OptionComboRecord* option(std::string_view code) const;
};

struct RuleDef {
  store::RuleRecord rule;
  core::Expression left;
  core::Expression right;
};

struct FormDefinition {
  store::FormRecord form;
  store::FormVersionRecord version;
  std::vector<store::SectionRecord> sections;
  std::map<std::int64_t, ElementDef> elements;  //!< by data element id
  std::vector<RuleDef> rules;
  std::vector<store::ReporterRecord> reporters;
  std::vector<store::DeadlineRecord> deadlines;
  core::PeriodType period_type = core::PeriodType::Year;
  std::vector<int> expected_periods;  //!< empty = every period of the type

  [[nodiscard]] const ElementDef* element_by_code(std::string_view code) const;
  //! Whether units of this type and hierarchy must report the form.
  [[nodiscard]] bool reported_by(core::UnitType unit_type, std::string_view hierarchy) const;
  //! The day the report is due *before* for a unit type (ISO), if a deadline is set.
  [[nodiscard]] std::optional<std::string> due_before(core::UnitType unit_type, const core::Period& period) const;
  //! Checks that `period` has the form's type and is one of its expected periods.
  [[nodiscard]] core::Result<void> check_period(const core::Period& period) const;
};

struct IndicatorDef {
  store::IndicatorRecord indicator;
  store::IndicatorGroupRecord group;
  core::Expression numerator;
  core::Expression denominator;
  std::vector<store::IndicatorTargetRecord> targets;  //!< national (unit_id empty) and per-unit overrides, by year
};

struct IndicatorCatalogue {
  std::vector<store::IndicatorGroupRecord> groups;
  std::vector<IndicatorDef> indicators;  //!< in catalogue order
  [[nodiscard]] const IndicatorDef* find(std::string_view code) const;
};

//! An official statistic of a unit and period (e.g. the statistics office's survey figure):
//! kept apart from reported values, never summed; an indicator with useOfficial uses it there.
struct OfficialFigure {
  std::string element, option, unit, period;
  std::string value;  //!< canonical text
  std::string data_source;
  std::string updated_by, updated_at;
};
struct OfficialFigureInput {
  std::string element;
  std::string option;  //!< empty for an element that is not disaggregated
  std::string value;
  std::string data_source;  //!< required: who published it, which survey and year
  core::NumberSyntax syntax = core::NumberSyntax::Typed;
};
//! One of a unit's targets as asked for: `op` is the text (ge, gt, le, lt, eq, about), checked by set_unit_targets.
struct TargetInput {
  int year = 0;
  double value = 0;
  std::string op;
  bool onward = false;
};

//! What loading a package changed (nothing when it was loaded before unchanged).
struct PackageLoadReport {
  int created = 0;                        //!< categories, combos, elements, rules and forms added
  int updated = 0;                        //!< names, rules, reporters or deadlines changed in place
  std::vector<std::string> new_versions;  //!< "FORM vN từ/from PERIOD" for each form whose sections changed
};

class MetadataService final : public ChangeSubscriber {
 public:
  explicit MetadataService(store::Store& store) : store_(store) {}
  //! Where committed package loads and target changes are announced (none: this process only).
  void set_change_feed(const ChangeFeed* feed) { changes_ = feed; }

  //! Loads the named package (embedded in the binary): adds what is new, updates names and rules in
  //! place, and turns a changed form into a new version from the package's `fromPeriod`. Loading the
  //! same package again changes nothing. All or nothing.
  core::Result<PackageLoadReport> load_package(const std::string& name, const Actor& actor);
  //! The same from package files (name -> JSON text), e.g. a directory given to `tienbo init --package DIR`.
  core::Result<PackageLoadReport> load_package_files(const std::string& name,
                                                     const std::map<std::string, std::string_view>& files,
                                                     const Actor& actor);
  //! The form's definition in force for `period` (its latest version starting at or before it).
  core::Result<std::shared_ptr<const FormDefinition>> definition(const std::string& form_code,
                                                                 const core::Period& period);
  //! The same inside the caller's unit of work: never takes a second connection.
  core::Result<std::shared_ptr<const FormDefinition>> definition(store::Tx& tx, const std::string& form_code,
                                                                 const core::Period& period);
  //! Every form with its newest definition.
  core::Result<std::vector<std::shared_ptr<const FormDefinition>>> forms();
  //! A unit's own targets for an indicator (a province may set higher ones than the nation's);
  //! an empty list removes them, and the national targets apply again. Needs the committee
  //! management right on the unit (manager or administrator); audited.
  core::Result<std::vector<store::IndicatorTargetRecord>> set_unit_targets(const Principal& p,
                                                                           const std::string& indicator,
                                                                           const std::string& unit,
                                                                           const std::vector<TargetInput>& input);
  //! Sets when a form is due for one of its reporter unit types: `month_offset` months after the
  //! period's last month, before `day` (1–31; a day past the month's end means its last day), and the
  //! source the deadline comes from (≤ 500 bytes). Only the administrator of the nation or a manager
  //! at national level (the committee management right on the nation); audited; every instance's
  //! cached definitions, and so "my reports due", see it at once. The next load of a package that
  //! changes the form's deadlines puts the package's back. `unit_type` is the text asked for; a text
  //! that is no unit type is refused as a type not reporting the form; `deadline.unit_type` is set from it.
  core::Result<store::DeadlineRecord> set_deadline(const Principal& p, const std::string& form_code,
                                                   const std::string& unit_type, store::DeadlineRecord deadline);
  //! Official figures of a unit (every period, or one). Needs read access to the unit.
  core::Result<std::vector<OfficialFigure>> official_figures(const Principal& p, const std::string& unit,
                                                             const std::string& period);
  //! Enters or replaces one (manager or administrator of the unit; audited; every instance's analytics follow).
  core::Result<OfficialFigure> set_official_figure(const Principal& p, const std::string& unit,
                                                   const std::string& period, const OfficialFigureInput& in);
  //! Removes one; NotFound when there is none.
  core::Result<void> delete_official_figure(const Principal& p, const std::string& element, const std::string& unit,
                                            const std::string& period, const std::string& option);
  //! The indicator catalogue with parsed formulas and targets (cached until metadata changes).
  core::Result<std::shared_ptr<const IndicatorCatalogue>> indicator_catalogue();
  core::Result<std::shared_ptr<const IndicatorCatalogue>> indicator_catalogue(store::Tx& tx);
  //! The catalogue read afresh in `tx`, bypassing the cache (the analytics snapshot builder).
  core::Result<std::shared_ptr<const IndicatorCatalogue>> load_indicator_catalogue(store::Tx& tx);
  //! Drops the cached definitions and catalogue.
  void invalidate();
  //! Metadata or targets changed (here or on another instance): invalidates.
  void changes_committed(const Changes& changes) override;

 private:
  core::Result<std::shared_ptr<const FormDefinition>> load_definition(store::Tx& tx, const store::FormRecord& form,
                                                                      const store::FormVersionRecord& version);
  store::Store& store_;
  const ChangeFeed* changes_ = nullptr;
  std::mutex mutex_;
  std::map<std::int64_t, std::shared_ptr<const FormDefinition>> cache_;  //!< by form version id
  std::shared_ptr<const IndicatorCatalogue> indicators_;
  //! Bumped by invalidate(): a definition read before it is returned but not cached, so a
  //! read that raced with a change cannot put the old state back into the cache.
  std::uint64_t generation_ = 0;
};

}  // namespace tienbo::services
