#pragma once
// What the report service's files share (report_*.cpp): a loaded report, reading its values,
// the view, the workflow transition, the rules. Not a public header.

#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tienbo/auth/policy.hpp"
#include "tienbo/core/domain.hpp"
#include "tienbo/services/report_service.hpp"

namespace tienbo::services::report_detail {

//! Where a report is in its workflow (core::ReportStatus, stored and sent as its to_string).
using core::ReportStatus;
//! Values, narratives and evidence change only while the report is a draft or returned.
bool is_editable(ReportStatus s);

//! One step of the workflow: the action, the statuses it may start from, where it goes.
struct WorkflowStep {
  std::string_view action;  //!< submit, approve, return, reopen, withdraw (the history's and audit's action)
  std::initializer_list<ReportStatus> from;
  ReportStatus to;
  std::string_view refused_vi;  //!< "chỉ phê duyệt được báo cáo đã nộp"
  std::string_view refused_en;
};
//! The workflow as a table: draft/returned → submitted → approved; submitted → returned;
//! approved → returned (reopen); submitted → draft (withdraw, by the unit before review).
const WorkflowStep& workflow_step(std::string_view action);
//! 409 naming the current status when `step` cannot start from the report's status.
core::Result<void> check_step(const WorkflowStep& step, const std::optional<store::ReportRecord>& report);

//! One form for one unit and period, as loaded (and scope-checked) for a request.
struct Loaded {
  std::shared_ptr<const FormDefinition> def;
  core::Period period = core::Period::year(2000);
  store::UnitRecord unit;
  std::optional<store::ReportRecord> report;
};

using ValueMap = std::map<std::string, std::map<std::string, CellValue>>;

//! "đang soạn", "đã nộp", "đã phê duyệt", "bị trả lại".
std::string status_vi(ReportStatus s);
//! Parses the period, finds the form version, the unit as it was at the period's end, checks
//! `action` on it through AccessControl and that the unit reports the form.
core::Result<Loaded> load(store::Tx& tx, MetadataService& metadata, const Principal& p, auth::Action action,
                          const std::string& form, const std::string& unit_code, const std::string& period_code);
std::vector<std::int64_t> element_ids(const FormDefinition& def);
core::Result<ValueMap> read_values(store::Tx& tx, const FormDefinition& def, const std::string& period,
                                   std::int64_t unit_id);
core::Result<ReportView> build_view(store::Tx& tx, const Principal& p, const Loaded& l);
//! Ends a write's writing before it reads the view it answers with (store::Tx::
//! commit_writes_keep_reading: on SQLite the single writer is not held for that read), then reads
//! the report's record again, so the view names the version of exactly the state it shows. True
//! when the writes were committed now (SQLite), false when commit() will commit them.
core::Result<bool> finish_writes(store::Tx& tx, Loaded& l);
//! 409: someone saved first.
core::Error stale(std::int64_t current, std::int64_t given);
core::Result<void> check_version(const Loaded& l, std::int64_t given);
//! 409: the values are also in another form's submitted or approved report.
core::Error locked_by_other_report(const Loaded& l, const std::vector<store::LockingReport>& locks);
std::string now();
std::string content_json(const ReportView& v);
//! The blocking rules a submission breaks, as the refusal carries them to the client.
std::vector<core::RuleViolation> client_violations(const std::vector<RuleResult>& list);
//! Moves the report to `to` with a history entry and an audit entry (compare-and-set on the version).
core::Result<void> transition(store::Tx& tx, const Principal& p, Loaded& l, const WorkflowStep& step,
                              const TransitionCommand& cmd, const std::optional<std::string>& details);
std::string narrative_ref(const Loaded& l, const std::string& section);
std::string narrative_title(const Loaded& l, const std::string& section);
//! Creates the (empty, draft, version 0) report row on its first write.
core::Result<void> ensure_report(store::Tx& tx, Loaded& l, const std::string& ts);
//! The direct children of the report's unit, as of the period, that report its form.
core::Result<std::vector<store::UnitRecord>> reporting_children(store::Tx& tx, const Loaded& l);

//! "true"/"false" as 1/0, a canonical number as itself.
std::optional<double> as_number(const std::string& v);
//! The total of a numeric element: its single value, or the sum of its present options.
std::optional<double> total_of(const ElementDef& e, const ValueMap& values);
//! `halves`: the unit's values in the first and second half of the report's year, for rules of an
//! annual form that compare the year with its half-years (halfYear(n, …)); null when not read.
std::vector<RuleResult> evaluate_rules(const FormDefinition& def, const ValueMap& current, const ValueMap& previous,
                                       std::array<const ValueMap*, 2> halves = {nullptr, nullptr});

// ---- figures a register owns (report_register.cpp) ----------------------------------------

//! What the registers say for one report: the committee's figures at the period's end.
struct RegisterFigures {
  //! Element code -> option code -> the register's cell (source "register", data_source cited).
  ValueMap cells;
  std::map<std::string, RegisterSource> sources;  //!< element code -> its register
  std::vector<ReportWarning> warnings;
};
//! Whether a unit of this type is expected to have a committee (province, commune, district,
//! ministry, sector — not a member agency).
bool expects_committee(core::UnitType unit_type);
//! The register's figures for the report's form and unit: for a form holding BAN_THANH_VIEN or
//! BAN_DA_KIEN_TOAN, the committee of the unit serving on the period's end (or today while the
//! period runs) with its members counted by sex; a "no_committee" warning when a unit that
//! should have one has none. Empty when the form holds no register element.
core::Result<RegisterFigures> register_figures(store::Tx& tx, const Loaded& l);
//! Stores the register's figures in the report's own values where they differ from what is
//! stored (source "register"), refusing figures locked by another form's submitted or approved
//! report, with one audit entry; appends the numeric changes to `committed`. Returns how many
//! values it wrote. Only for an editable report.
core::Result<int> store_register_figures(store::Tx& tx, const Principal& p, const Loaded& l, const RegisterFigures& reg,
                                         const std::string& ts, std::vector<ValueChange>& committed);

}  // namespace tienbo::services::report_detail
