#pragma once
// One report = one form for one unit and period (DESIGN §5): reading it with
// last period's values, saving values and narratives atomically with optimistic
// concurrency, validating, and moving it through the workflow
// draft → submitted → approved, or returned with reasons.

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tienbo/core/domain.hpp"
#include "tienbo/core/result.hpp"
#include "tienbo/core/value_syntax.hpp"
#include "tienbo/services/access_control.hpp"
#include "tienbo/services/context.hpp"
#include "tienbo/services/mail_service.hpp"
#include "tienbo/services/metadata_service.hpp"
#include "tienbo/services/value_listener.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services {

struct CellValue {
  std::string value;  //!< as stored ("12", "true", "2025-11-20", text)
  std::string comment;
  std::string source = "entered";  //!< entered, register, imported, official
  std::string data_source;         //!< as a person cites it
};

//! A parent's figure summed from its children's reports, shown beside its own entry.
struct ConsolidatedCell {
  std::string value;
  int children_used = 0;
  int children_expected = 0;
  std::string at;
};

struct RuleResult {
  std::string code;
  core::RuleSeverity severity = core::RuleSeverity::Warning;
  core::RuleImportance importance = core::RuleImportance::Medium;
  std::string message_vi;  //!< with the numbers filled in (Vietnamese format)
  std::string message_en;
  std::vector<std::string> elements;  //!< data elements involved, for highlighting
};

//! Something about the report a person should know that is not a rule on its values, e.g.
//! "no_committee": the unit has no committee in the register.
struct ReportWarning {
  std::string code;
  std::string message_vi;
  std::string message_en;
};

//! Where an element's figures come from when a register owns them (read-only in the report).
struct RegisterSource {
  std::string kind;  //!< "committee"
  std::int64_t committee_id = 0;
  std::string as_of;        //!< the day counted: the period's end, or today while the period runs
  std::string data_source;  //!< "Sổ đăng ký Ban — QĐ số …"
};

struct ReportView {
  std::shared_ptr<const FormDefinition> definition;
  std::string unit_code;
  std::string unit_name_vi;
  std::string period;
  core::ReportStatus status = core::ReportStatus::Draft;
  std::int64_t version = 0;
  bool editable = false;
  std::optional<std::string> due_before;
  std::map<std::string, std::map<std::string, CellValue>>
      values;  //!< element code -> option code -> cell (the unit's own entries)
  std::map<std::string, std::map<std::string, ConsolidatedCell>> consolidated;  //!< the children's figures, apart
  std::map<std::string, double> totals;                                //!< element code -> computed total (numeric)
  std::map<std::string, std::map<std::string, std::string>> previous;  //!< last period's values
  std::string previous_period;
  std::map<std::string, std::string> narratives;  //!< section code -> text
  std::vector<RuleResult> violations;
  std::vector<store::ReportEventRecord> history;
  std::vector<ReportWarning> warnings;
  //! Element code -> its register, for elements whose figures a register owns in this report
  //! (an editable report whose unit has a committee: BAN_THANH_VIEN, BAN_DA_KIEN_TOAN).
  std::map<std::string, RegisterSource> from_register;
  //! What the caller may do to the report now, by the workflow and the caller's rights — "save",
  //! "submit", "approve", "return", "reopen", "consolidate", "waive", "attach" — so that the web
  //! app offers no button the server would refuse (the server still decides each request).
  std::vector<std::string_view> actions;
  //! For a cache of rendered views (http's): the unit's id and its ancestry (as
  //! store::UnitRepository::ancestor_ids gives it), and the caller's rights through that ancestry,
  //! which `editable` and `actions` were decided from (with the status).
  std::int64_t unit_id = 0;
  std::vector<std::int64_t> unit_ancestry;
  ReportRights rights;
};

//! What a caller with `rights` may do to a report in `status` (Draft when none is saved; `saved`
//! false) of a unit of `unit_type`: ReportView::actions. Communes and member agencies have no
//! lower level to consolidate or excuse; nothing is submitted before something is saved.
std::vector<std::string_view> report_actions(core::ReportStatus status, bool saved, const ReportRights& rights,
                                             core::UnitType unit_type);

struct ValueInput {
  std::string element;
  std::string option;  //!< empty for an element that is not disaggregated
  std::string value;   //!< empty deletes the value
  std::optional<std::string> comment;
  //! Where the figure comes from, as a person cites it ("Sổ theo dõi của Công an xã"); nullopt keeps the stored one.
  std::optional<std::string> data_source;
  //! Typed by a person ("1.250", "12,5"), or a machine's number (a JSON number: 1.25).
  core::NumberSyntax syntax = core::NumberSyntax::Typed;
};

struct SaveCommand {
  std::int64_t version = 0;
  std::vector<ValueInput> values;
  std::map<std::string, std::string> narratives;
};

struct TransitionCommand {
  std::int64_t version = 0;
  std::string comment;
  std::map<std::string, std::string> reasons;  //!< section or element code -> reason (returns)
};

//! One report of a bulk approval, at the version the approver saw.
struct BatchApproval {
  std::string form;
  std::string unit;
  std::string period;
  std::int64_t version = 0;
};

struct BatchOutcome {
  BatchApproval item;
  std::optional<ReportView> view;    //!< when approved
  std::optional<core::Error> error;  //!< when refused
};

struct ConsolidateCommand {
  std::int64_t version = 0;
  bool include_submitted = false;  //!< also use children's submitted (not yet approved) reports
};

struct ConsolidationResult {
  ReportView view;
  std::int64_t children_used = 0;
  std::vector<std::pair<std::string, std::string>> missing;  //!< children without a usable report: (code, name)
  std::int64_t values_written = 0;  //!< consolidated figures written (kept apart from the parent's own entries)
  std::int64_t values_kept = 0;  //!< of those, figures for which the parent also has its own entry (shown side by side)
  std::int64_t values_locked = 0;  //!< elements left as they were: in another form's submitted or approved report
};

struct RevisionChange {
  std::string kind;  //!< "value" or "narrative"
  std::string key;   //!< "BAN_THANH_VIEN.NU" or a section code
  std::optional<std::string> before;
  std::optional<std::string> after;
};

struct EvidenceUpload {
  std::string file_name;
  std::string target;  //!< "" (whole report), a section code, or "ELEMENT" / "ELEMENT.OPTION"
  std::string bytes;
};

//! Largest evidence file accepted (bytes).
inline constexpr std::size_t kMaxEvidenceBytes = std::size_t{5} * 1024 * 1024;
//! The most evidence one unit's reports hold together, by default (`serve --evidence-quota-mb`).
inline constexpr std::int64_t kDefaultEvidenceQuotaBytes = 200LL * 1024 * 1024;

class ReportService {
 public:
  ReportService(store::Store& store, MetadataService& metadata) : store_(store), metadata_(metadata) {}
  //! Told about every numeric value a save changed, after the commit (the analytics cube).
  void set_listener(ValueListener* listener) { listener_ = listener; }
  //! The most evidence (bytes) all reports of one unit may hold together; an upload past it is
  //! refused with 413 naming the field "file". Safe to change while serving.
  void set_evidence_quota(std::int64_t bytes) { evidence_quota_.store(bytes); }
  //! Whether returns, approvals and reopenings also queue e-mail (set before serving).
  void set_mail(const MailOptions& options) { mail_ = options; }

  core::Result<ReportView> get(const Principal& p, const std::string& form, const std::string& unit,
                               const std::string& period);
  //! What a unit's view rests on, for a cache of views (see store::Store::report_epoch): read
  //! data_epoch() before get(), then data_version(view.unit_id); keep the view under that
  //! version only if data_epoch() has not moved, and use it while data_version() is unchanged.
  [[nodiscard]] std::uint64_t data_epoch() const { return store_.report_epoch(); }
  [[nodiscard]] std::uint64_t data_version(std::int64_t unit_id) const { return store_.report_version(unit_id); }
  //! 409 with the current state when `version` is stale; 422 listing every bad value.
  core::Result<ReportView> save(const Principal& p, const std::string& form, const std::string& unit,
                                const std::string& period, const SaveCommand& cmd);
  //! Runs the rules; blocking failures stop the submission (422 with the list).
  core::Result<ReportView> submit(const Principal& p, const std::string& form, const std::string& unit,
                                  const std::string& period, const TransitionCommand& cmd);
  core::Result<ReportView> approve(const Principal& p, const std::string& form, const std::string& unit,
                                   const std::string& period, const TransitionCommand& cmd);
  //! Back to the unit with a reason (required), optionally per section or field.
  core::Result<ReportView> return_report(const Principal& p, const std::string& form, const std::string& unit,
                                         const std::string& period, const TransitionCommand& cmd);
  //! Unlocks an approved report; needs the approve right one level higher (or an administrator).
  //! Prefills a parent's report from its direct children's approved (or submitted) reports:
  //! numbers by each element's aggregation rule, narratives compiled with each child's name.
  //! Values a person entered in the parent's report are never overwritten; recompute at will.
  core::Result<ConsolidationResult> consolidate(const Principal& p, const std::string& form, const std::string& unit,
                                                const std::string& period, const ConsolidateCommand& cmd);
  //! Excuses children of `unit` from their report of (form, period), with a reason: the listed
  //! children, or every child whose report is not approved when `children` is empty.
  //! Needs the approve right on `unit`. Returns how many were waived.
  core::Result<std::int64_t> waive_children(const Principal& p, const std::string& form, const std::string& unit,
                                            const std::string& period, const std::vector<std::string>& children,
                                            const std::string& reason);
  //! Attaches a file to the report (while it can be edited). The type comes from the bytes.
  core::Result<store::EvidenceRecord> attach_evidence(const Principal& p, const std::string& form,
                                                      const std::string& unit, const std::string& period,
                                                      const EvidenceUpload& upload);
  core::Result<std::vector<store::EvidenceRecord>> list_evidence(const Principal& p, const std::string& form,
                                                                 const std::string& unit, const std::string& period);
  //! The file with its bytes, for whoever may read the report (404 otherwise).
  core::Result<store::EvidenceRecord> download_evidence(const Principal& p, std::int64_t id);
  core::Result<void> delete_evidence(const Principal& p, std::int64_t id);
  //! The submissions of a report (revision number, when, by whom).
  core::Result<std::vector<store::RevisionRecord>> revisions(const Principal& p, const std::string& form,
                                                             const std::string& unit, const std::string& period);
  //! What changed between two submitted revisions.
  core::Result<std::vector<RevisionChange>> diff(const Principal& p, const std::string& form, const std::string& unit,
                                                 const std::string& period, int from, int to);
  core::Result<ReportView> reopen(const Principal& p, const std::string& form, const std::string& unit,
                                  const std::string& period, const TransitionCommand& cmd);
  //! Takes a submitted report back before the level above has approved or returned it: a draft
  //! again, for whoever may edit it. Its submission stays in the revisions.
  core::Result<ReportView> withdraw(const Principal& p, const std::string& form, const std::string& unit,
                                    const std::string& period, const TransitionCommand& cmd);
  //! Reports of the units where the caller holds `right` (data.approve: the approver's inbox;
  //! data.edit: the unit's own past reports), filtered and sorted as `q` says (its scope_roots
  //! are the caller's, whatever `q` holds). `limit` and `offset` are the caller's to bound.
  core::Result<store::ReportPage> list(const Principal& p, auth::Action right, store::ReportQuery q);
  //! Approves each report in turn, each in a transaction of its own: one refusal stops none of
  //! the others. The outcome of each, in the order given.
  core::Result<std::vector<BatchOutcome>> approve_many(const Principal& p, const std::vector<BatchApproval>& items,
                                                       const std::string& comment);

 private:
  //! Tells the listener about values a save or submission changed, once they are committed.
  void announce(const std::vector<ValueChange>& changes) {
    if (listener_ && !changes.empty()) listener_->values_committed(changes);
  }
  ValueListener* listener_ = nullptr;
  std::atomic<std::int64_t> evidence_quota_{kDefaultEvidenceQuotaBytes};
  MailOptions mail_;
  store::Store& store_;
  MetadataService& metadata_;
};

}  // namespace tienbo::services
