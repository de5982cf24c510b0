#pragma once
// The storage boundary seen by services: a Store hands out units of work
// (Tx); each Tx is one database transaction and exposes the repositories.
// Nothing here names the db module, so services never see SQL or connections.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tienbo/core/result.hpp"
#include "tienbo/store/records.hpp"
#include "tienbo/store/reporting_records.hpp"

namespace tienbo::store {

using core::Result;

enum class Access : std::uint8_t { Read, Write };

class UnitRepository {
 public:
  virtual ~UnitRepository() = default;
  //! The unit with this code valid on `as_of`.
  virtual Result<std::optional<UnitRecord>> find_by_code(std::string_view code, std::string_view as_of) = 0;
  //! Every unit ever given this code, oldest first.
  virtual Result<std::vector<UnitRecord>> find_all_by_code(std::string_view code) = 0;
  virtual Result<std::optional<UnitRecord>> find_by_id(std::int64_t id) = 0;
  virtual Result<std::vector<UnitRecord>> find_by_ids(std::span<const std::int64_t> ids) = 0;
  //! Children valid on `as_of`, ordered by code.
  virtual Result<std::vector<UnitRecord>> children(std::int64_t parent_id, std::string_view as_of) = 0;
  //! Ids from the unit itself up to its root (unit first).
  virtual Result<std::vector<std::int64_t>> ancestor_ids(std::int64_t id) = 0;
  //! Descendants valid on `as_of` (not the unit itself), optionally of one type, at most `limit`.
  virtual Result<std::vector<UnitRecord>> descendants(std::int64_t id, std::string_view as_of,
                                                      std::optional<std::string> type, std::int64_t limit) = 0;
  //! Units valid on `as_of` (optionally of one type), ordered by code.
  virtual Result<std::int64_t> count(std::string_view as_of, std::optional<std::string> type) = 0;
  virtual Result<std::int64_t> insert(const UnitRecord& unit) = 0;
  virtual Result<void> update(const UnitRecord& unit) = 0;
  virtual Result<void> insert_lineage(const LineageRecord& edge) = 0;
  //! Edges out of (successors) or into (predecessors) a unit.
  virtual Result<std::vector<LineageRecord>> successors(std::int64_t old_unit_id) = 0;
  virtual Result<std::vector<LineageRecord>> predecessors(std::int64_t new_unit_id) = 0;
  //! Every unit, current and former, ordered by id (the analytics tree).
  virtual Result<std::vector<UnitRecord>> all() = 0;
  //! Every lineage edge.
  virtual Result<std::vector<LineageRecord>> all_lineage() = 0;
  //! Bulk load for imports: `on_row` is called per inserted row for progress.
  virtual Result<void> insert_many(std::vector<UnitRecord>& units, const std::function<void(std::size_t)>& on_row) = 0;
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  virtual Result<std::optional<UserRecord>> find_by_login(std::string_view login) = 0;
  virtual Result<std::optional<UserRecord>> find_by_id(std::int64_t id) = 0;
  //! Users whose unit lies in one of the subtrees (all users when `scope_roots` is empty).
  virtual Result<std::vector<UserRecord>> list(std::span<const std::int64_t> scope_roots, std::int64_t limit) = 0;
  virtual Result<std::int64_t> insert(const UserRecord& user) = 0;
  virtual Result<void> update_profile(const UserRecord& user) = 0;
  virtual Result<void> set_password(std::int64_t user_id, std::string_view hash, bool must_change) = 0;
  virtual Result<std::vector<RoleGrant>> grants(std::int64_t user_id) = 0;
  virtual Result<void> grant_role(std::int64_t user_id, std::string_view role, std::int64_t unit_id) = 0;
  //! Returns false when the user did not hold the grant.
  virtual Result<bool> revoke_role(std::int64_t user_id, std::string_view role, std::int64_t unit_id) = 0;
  //! Enabled users granted `role` at exactly this unit (who is told about its reports), by id.
  virtual Result<std::vector<std::int64_t>> holders(std::int64_t unit_id, std::string_view role) = 0;
};

class CommitteeRepository {
 public:
  virtual ~CommitteeRepository() = default;
  virtual Result<std::int64_t> insert(const CommitteeRecord& c) = 0;
  virtual Result<void> update(const CommitteeRecord& c) = 0;
  virtual Result<std::optional<CommitteeRecord>> find(std::int64_t id) = 0;
  virtual Result<std::vector<CommitteeRecord>> list_for_unit(std::int64_t unit_id) = 0;
  virtual Result<std::int64_t> insert_consolidation(const ConsolidationRecord& c) = 0;
  virtual Result<std::vector<ConsolidationRecord>> consolidations(std::int64_t committee_id) = 0;
  virtual Result<std::int64_t> insert_member(const MemberRecord& m) = 0;
  virtual Result<std::optional<MemberRecord>> find_member(std::int64_t id) = 0;
  virtual Result<void> end_member(std::int64_t member_id, std::string_view term_end,
                                  std::optional<std::int64_t> ended_in) = 0;
  //! Members serving on `as_of` (term_start <= as_of <= term_end), or every row ever when nullopt.
  virtual Result<std::vector<MemberRecord>> members(std::int64_t committee_id, std::optional<std::string> as_of) = 0;
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  virtual Result<void> insert(const SessionRecord& s) = 0;
  virtual Result<std::optional<SessionRecord>> find(std::string_view token_hash) = 0;
  virtual Result<void> touch(std::string_view token_hash, std::string_view last_seen_at) = 0;
  virtual Result<void> remove(std::string_view token_hash) = 0;
  virtual Result<std::int64_t> remove_for_user(std::int64_t user_id, std::optional<std::string> except_token_hash) = 0;
  virtual Result<void> record_attempt(std::string_view login, std::string_view client_address, bool succeeded,
                                      std::string_view at) = 0;
  //! Serialises sign-in attempts on one login and one address until the transaction ends
  //! (PostgreSQL: advisory locks, address first; SQLite: the write transaction already does).
  virtual Result<void> lock_attempts(std::string_view login, std::string_view client_address) = 0;
  //! Records an attempt as failed before its password is checked; returns its id.
  virtual Result<std::int64_t> reserve_attempt(std::string_view login, std::string_view client_address,
                                               std::string_view at) = 0;
  //! Marks a reserved attempt as succeeded.
  virtual Result<void> mark_attempt_succeeded(std::int64_t attempt_id) = 0;
  //! True when `login` signed in successfully from `client_address` after `since`.
  virtual Result<bool> succeeded_from(std::string_view login, std::string_view client_address,
                                      std::string_view since) = 0;
  //! Failed attempts for `login` after `since` and after its last success, newest first (at most `limit`).
  virtual Result<std::vector<std::string>> failures_for_login(std::string_view login, std::string_view since,
                                                              std::int64_t limit) = 0;
  virtual Result<std::vector<std::string>> failures_from_address(std::string_view client_address,
                                                                 std::string_view since, std::int64_t limit) = 0;
};

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  //! Appends one entry, chained to the previous one, in the current transaction.
  virtual Result<void> append(const AuditRecord& event) = 0;
  virtual Result<std::int64_t> count() = 0;
  virtual Result<std::vector<AuditEntry>> list(const AuditFilter& filter) = 0;
  //! Walks the whole chain; reports the first entry that does not check out.
  virtual Result<AuditVerification> verify(const std::function<void(std::int64_t)>& progress) = 0;
};

class MetadataRepository {
 public:
  virtual ~MetadataRepository() = default;
  virtual Result<std::optional<std::int64_t>> find_category(std::string_view code) = 0;
  virtual Result<std::int64_t> insert_category(std::string_view code, std::string_view name_vi,
                                               std::string_view name_en) = 0;
  virtual Result<std::int64_t> insert_category_option(std::int64_t category_id, std::string_view code,
                                                      std::string_view name_vi, std::string_view name_en,
                                                      int sort_order) = 0;
  virtual Result<std::int64_t> insert_combo(std::string_view code, std::string_view name_vi, std::string_view name_en,
                                            const std::vector<std::int64_t>& category_ids) = 0;
  virtual Result<std::int64_t> insert_option_combo(std::int64_t combo_id, std::string_view code,
                                                   std::string_view name_vi, std::string_view name_en,
                                                   int sort_order) = 0;
  virtual Result<std::vector<ComboRecord>> combos() = 0;
  virtual Result<std::int64_t> insert_data_element(const DataElementRecord& de) = 0;
  virtual Result<std::vector<DataElementRecord>> data_elements() = 0;
  virtual Result<std::optional<FormRecord>> find_form(std::string_view code) = 0;
  virtual Result<std::vector<FormRecord>> forms() = 0;
  virtual Result<std::int64_t> insert_form(const FormRecord& f) = 0;
  virtual Result<std::int64_t> insert_form_version(std::int64_t form_id, int version_no,
                                                   std::string_view from_period) = 0;
  virtual Result<std::vector<FormVersionRecord>> form_versions(std::int64_t form_id) = 0;
  virtual Result<std::int64_t> insert_section(std::int64_t form_version_id, const SectionRecord& s, int sort_order) = 0;
  virtual Result<std::vector<SectionRecord>> sections(std::int64_t form_version_id) = 0;
  virtual Result<void> insert_reporter(std::int64_t form_id, const ReporterRecord& r) = 0;
  virtual Result<std::vector<ReporterRecord>> reporters(std::int64_t form_id) = 0;
  virtual Result<void> insert_deadline(std::int64_t form_id, const DeadlineRecord& d) = 0;
  virtual Result<std::vector<DeadlineRecord>> deadlines(std::int64_t form_id) = 0;
  virtual Result<std::int64_t> insert_rule(const RuleRecord& r) = 0;
  virtual Result<void> attach_rule(std::int64_t form_id, std::int64_t rule_id) = 0;
  virtual Result<std::vector<RuleRecord>> rules_for_form(std::int64_t form_id) = 0;
  // Package upgrades: names and rules change in place; structure changes become form versions.
  virtual Result<std::vector<RuleRecord>> rules() = 0;
  virtual Result<void> update_rule(const RuleRecord& r) = 0;
  //! Names, description, aggregation and zero significance (value type and combo never change).
  virtual Result<void> update_data_element(const DataElementRecord& de) = 0;
  //! Names and expected periods (the period type never changes).
  virtual Result<void> update_form(const FormRecord& f) = 0;
  //! Removes the form's reporters, deadlines and rule links, to be inserted again.
  virtual Result<void> clear_form_links(std::int64_t form_id) = 0;
  // Indicators: inserted or updated by code.
  virtual Result<std::vector<IndicatorGroupRecord>> indicator_groups() = 0;
  virtual Result<std::int64_t> upsert_indicator_group(const IndicatorGroupRecord& g) = 0;
  virtual Result<std::vector<IndicatorRecord>> indicators() = 0;
  virtual Result<std::int64_t> upsert_indicator(const IndicatorRecord& i) = 0;
  virtual Result<std::vector<IndicatorTargetRecord>> indicator_targets() = 0;
  //! Replaces the targets of (indicator, unit) — unit nullopt = the national ones.
  virtual Result<void> replace_indicator_targets(std::int64_t indicator_id, std::optional<std::int64_t> unit_id,
                                                 const std::vector<IndicatorTargetRecord>& targets) = 0;
};

//! A report: its row and status, its narratives, its history (events, revisions) and the waivers
//! that excuse a unit from reporting.
class ReportRepository {
 public:
  virtual ~ReportRepository() = default;
  virtual Result<std::optional<ReportRecord>> find(std::int64_t form_id, std::int64_t unit_id,
                                                   std::string_view period) = 0;
  virtual Result<std::optional<ReportRecord>> find_by_id(std::int64_t report_id) = 0;
  virtual Result<std::int64_t> insert(const ReportRecord& r) = 0;
  //! Compare-and-set on the version: false when `expected_version` is stale.
  virtual Result<bool> update_status(const ReportRecord& r, std::int64_t expected_version) = 0;
  //! Bulk loads (demo generation, imports of new data): multi-row inserts, no conflict handling.
  virtual Result<void> insert_reports(std::span<const ReportRecord> reports) = 0;
  //! Reports of one form and period for a set of units (completeness, reports due).
  virtual Result<std::vector<ReportRecord>> for_units(std::int64_t form_id, std::string_view period,
                                                      std::span<const std::int64_t> unit_ids) = 0;
  //! The submitted or approved reports of (unit, period), of any form other than `except_form_id`,
  //! whose form version holds one of `element_ids`: the reports that lock those values.
  virtual Result<std::vector<LockingReport>> locking_reports(std::int64_t unit_id, std::string_view period,
                                                             std::span<const std::int64_t> element_ids,
                                                             std::int64_t except_form_id) = 0;
  virtual Result<std::vector<NarrativeRecord>> narratives(std::int64_t report_id) = 0;
  virtual Result<void> upsert_narrative(std::int64_t report_id, const NarrativeRecord& n) = 0;
  //! Per report: how many narrative sections are not empty.
  virtual Result<std::map<std::int64_t, std::int64_t>> filled_narratives(std::span<const std::int64_t> report_ids) = 0;
  virtual Result<void> add_event(std::int64_t report_id, const ReportEventRecord& e) = 0;
  virtual Result<std::vector<ReportEventRecord>> events(std::int64_t report_id) = 0;
  virtual Result<void> add_revision(std::int64_t report_id, const RevisionRecord& r) = 0;
  virtual Result<std::vector<RevisionRecord>> revisions(std::int64_t report_id) = 0;
  virtual Result<void> insert_waiver(std::int64_t form_id, std::int64_t unit_id, std::string_view period,
                                     std::string_view reason, std::string_view by, std::string_view at) = 0;
  //! The units among `unit_ids` whose report of (form, period) is waived.
  virtual Result<std::vector<std::int64_t>> waived(std::int64_t form_id, std::string_view period,
                                                   std::span<const std::int64_t> unit_ids) = 0;
};

//! The data values a unit entered (or a register or import wrote) for a period.
class DataValueRepository {
 public:
  virtual ~DataValueRepository() = default;
  virtual Result<std::vector<DataValueRecord>> values(std::span<const std::int64_t> element_ids,
                                                      std::string_view period, std::int64_t unit_id) = 0;
  //! Values of several units at once (consolidation).
  virtual Result<std::vector<DataValueRecord>> values_of_units(std::span<const std::int64_t> element_ids,
                                                               std::string_view period,
                                                               std::span<const std::int64_t> unit_ids) = 0;
  virtual Result<void> upsert_value(const DataValueRecord& v) = 0;
  virtual Result<void> delete_value(std::int64_t element_id, std::string_view period, std::int64_t unit_id,
                                    std::int64_t option_combo_id) = 0;
  //! Bulk loads (demo generation, imports of new data): multi-row inserts, no conflict handling.
  virtual Result<void> insert_values(std::span<const DataValueRecord> values) = 0;
  //! Every numeric value for the analytics cube (consolidated figures live in their own table
  //! and are never read here), read the way the
  //! backend reads fastest (PostgreSQL: the table in physical block ranges; SQLite: ranges of
  //! unit ids along the clustered key, unit first); `progress(done, total)` after each part.
  virtual Result<void> scan_all_numeric_values(
      const std::function<void(std::int64_t element_id, std::string_view period, std::int64_t unit_id,
                               std::int64_t option_id, double value)>& row,
      const std::function<void(std::size_t done, std::size_t total)>& progress) = 0;
  //! Per unit: how many of `element_ids` have at least one value in `period`.
  virtual Result<std::map<std::int64_t, std::int64_t>> filled_elements(std::span<const std::int64_t> element_ids,
                                                                       std::string_view period,
                                                                       std::span<const std::int64_t> unit_ids) = 0;
};

//! The figures of a unit that are not its own entries: those consolidated from its children and
//! the official statistics entered with their source.
class FigureRepository {
 public:
  virtual ~FigureRepository() = default;
  //! A parent's consolidated figures (kept apart from its own entries).
  virtual Result<std::vector<ConsolidatedValueRecord>> consolidated_values(std::span<const std::int64_t> element_ids,
                                                                           std::string_view period,
                                                                           std::int64_t unit_id) = 0;
  //! Replaces the consolidated figures of `element_ids` at (unit, period) with `values`.
  virtual Result<void> replace_consolidated(std::span<const std::int64_t> element_ids, std::string_view period,
                                            std::int64_t unit_id, std::span<const ConsolidatedValueRecord> values) = 0;
  //! Every official figure (few: entered by hand at the nation or a province).
  virtual Result<std::vector<OfficialValueRecord>> official_values() = 0;
  //! Inserts or replaces the official figure of (element, period, unit, option).
  virtual Result<void> put_official(const OfficialValueRecord& v) = 0;
  //! Removes it; false when there was none.
  virtual Result<bool> delete_official(std::int64_t element_id, std::string_view period, std::int64_t unit_id,
                                       std::int64_t option_combo_id) = 0;
};

//! The evidence files attached to reports.
class EvidenceRepository {
 public:
  virtual ~EvidenceRepository() = default;
  virtual Result<std::int64_t> insert(const EvidenceRecord& e) = 0;
  //! A report's evidence, without the bytes.
  virtual Result<std::vector<EvidenceRecord>> of_report(std::int64_t report_id) = 0;
  //! With the bytes.
  virtual Result<std::optional<EvidenceRecord>> find(std::int64_t id) = 0;
  virtual Result<void> remove(std::int64_t id) = 0;
  //! Bytes of evidence all reports of `unit_id` hold (the per-unit quota). On PostgreSQL it first
  //! takes a per-unit lock held to the end of the transaction, so two uploads count one after the
  //! other (SQLite's writers are serial anyway).
  virtual Result<std::int64_t> bytes_of_unit(std::int64_t unit_id) = 0;
};

struct SearchDoc {
  std::string kind;  //!< "unit" or "narrative"
  std::string ref;   //!< stable key within the kind
  std::optional<std::int64_t> unit_id;
  std::string title;
  std::string body;
  std::string folded;  //!< core::fold_for_search(title + body)
};

class SearchRepository {
 public:
  virtual ~SearchRepository() = default;
  //! Adds or replaces the document (kind, ref).
  virtual Result<void> put(const SearchDoc& doc) = 0;
  virtual Result<void> remove(std::string_view kind, std::string_view ref) = 0;
  //! Documents of `kind` containing every folded word, best first, at most `limit`, among those whose
  //! unit lies in the subtree of one of `scope_roots` or is a former unit that became such a unit
  //! (the scope AccessControl reads with) — filtered inside the query, so that a small scope finds
  //! its own documents however low they rank among everybody's. No roots: nothing.
  virtual Result<std::vector<SearchDoc>> find(const std::vector<std::string>& folded_words, std::string_view kind,
                                              const std::vector<std::int64_t>& scope_roots, std::int64_t limit) = 0;
};

//! Which reports a list shows: the approver's inbox, an editor's past reports.
struct ReportQuery {
  enum class Sort : std::uint8_t { Submitted, Updated, Unit, Form, Period };
  std::vector<std::int64_t> scope_roots;     //!< reports of units in these subtrees; none: nothing
  std::vector<core::ReportStatus> statuses;  //!< any of these; empty: any status
  std::optional<std::string> form_code;
  std::optional<std::string> period;         //!< exactly this period
  std::optional<std::string> period_prefix;  //!< periods beginning so (a year: "2025")
  std::optional<core::UnitType> unit_type;
  Sort sort = Sort::Submitted;
  bool descending = true;
  std::int64_t limit = 50;
  std::int64_t offset = 0;
};

struct ReportListItem {
  ReportRecord report;
  std::string form_code;
  std::string form_name_vi;
  std::string form_name_en;
  std::string unit_code;
  std::string unit_name_vi;
  core::UnitType unit_type = core::UnitType::Nation;
  std::string message;            //!< the comment given with the latest submission
  std::string submitted_by_name;  //!< the submitter's display name ("" when unknown)
};

struct ReportPage {
  std::int64_t total = 0;  //!< how many match, whatever the limit
  std::vector<ReportListItem> items;
};

class ReportListRepository {
 public:
  virtual ~ReportListRepository() = default;
  virtual Result<ReportPage> list(const ReportQuery& q) = 0;
};

struct NotificationRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string kind;
  std::string dedupe_key;
  std::string title_vi;
  std::string title_en;
  std::string link;
  std::string created_at;
  std::optional<std::string> read_at;
};

class NotificationRepository {
 public:
  virtual ~NotificationRepository() = default;
  //! False when the user already has a notification with this dedupe key.
  virtual Result<bool> insert_once(const NotificationRecord& n) = 0;
  virtual Result<std::vector<NotificationRecord>> for_user(std::int64_t user_id, bool unread_only,
                                                           std::int64_t limit) = 0;
  //! False when the notification is not the user's.
  virtual Result<bool> mark_read(std::int64_t user_id, std::int64_t id, std::string_view at) = 0;
};

//! One e-mail of the outbox (mail_outbox): written in the transaction of what it tells, sent later.
struct MailRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string kind;        //!< the notification's kind ("report_return", "report_due", …)
  std::string dedupe_key;  //!< when queued: the user's notification it belongs to ("" for none)
  std::string address;
  std::string subject;
  std::string body;
  std::string created_at;
  std::int64_t attempts = 0;
  std::string next_attempt_at;
  std::optional<std::string> sent_at;
  std::optional<std::string> failed_at;  //!< given up (after the last attempt)
  std::optional<std::string> last_error;
};

struct MailCounts {
  std::int64_t pending = 0;  //!< neither sent nor given up
  std::int64_t sent = 0;
  std::int64_t failed = 0;  //!< given up
};

class MailOutboxRepository {
 public:
  virtual ~MailOutboxRepository() = default;
  //! Queues `m`, tied to the user's notification with m.dedupe_key when there is one. False when
  //! that notification already has its e-mail.
  virtual Result<bool> queue(const MailRecord& m) = 0;
  //! Messages neither sent nor given up whose next attempt is due at `now`, oldest due first.
  virtual Result<std::vector<MailRecord>> due(std::string_view now, std::int64_t limit) = 0;
  //! Takes message `id` for one attempt: counts the attempt and moves its next attempt to
  //! `retry_at` — only if its next attempt is still `seen_next_attempt_at` (no other sender took
  //! it meanwhile). False when another sender took it.
  virtual Result<bool> claim(std::int64_t id, std::string_view seen_next_attempt_at, std::string_view retry_at) = 0;
  virtual Result<void> mark_sent(std::int64_t id, std::string_view at) = 0;
  //! Keeps the attempt's error; with `gave_up_at`, no attempt follows.
  virtual Result<void> mark_failed(std::int64_t id, std::string_view error, std::optional<std::string> gave_up_at) = 0;
  virtual Result<MailCounts> counts() = 0;
  //! The newest messages first (for tests and operators).
  virtual Result<std::vector<MailRecord>> recent(std::int64_t limit) = 0;
};

//! A unit of work: one transaction. Rolled back when destroyed uncommitted.
class Tx {
 public:
  virtual ~Tx() = default;
  virtual UnitRepository& units() = 0;
  virtual UserRepository& users() = 0;
  virtual CommitteeRepository& committees() = 0;
  virtual SessionRepository& sessions() = 0;
  virtual AuditRepository& audit() = 0;
  virtual MetadataRepository& metadata() = 0;
  virtual ReportRepository& reports() = 0;
  virtual DataValueRepository& values() = 0;
  virtual FigureRepository& figures() = 0;
  virtual EvidenceRepository& evidence() = 0;
  virtual SearchRepository& search() = 0;
  virtual NotificationRepository& notifications() = 0;
  virtual ReportListRepository& report_lists() = 0;
  virtual MailOutboxRepository& mail() = 0;
  //! Sends `payload` on `channel` when the transaction commits (PostgreSQL NOTIFY);
  //! nothing on SQLite, where one process owns the database.
  virtual Result<void> notify(std::string_view channel, std::string_view payload) = 0;
  virtual Result<void> commit() = 0;
  //! For a write that answers with a long read of its own result: makes the writes durable now
  //! and goes on reading exactly the state they left, until commit() (or destruction) ends the
  //! transaction; it must not write after this. On SQLite the single writer is then free for the
  //! reads (db::Connection::commit_writes_keep_reading), and what was written counts as
  //! committed from here on (report versions, the unit tree); on PostgreSQL the transaction goes
  //! on and commit() commits it as before. True when the writes were committed now.
  virtual Result<bool> commit_writes_keep_reading() = 0;
};

struct StoreInfo {
  std::string backend;         //!< "sqlite" or "postgresql"
  std::string schema_version;  //!< newest applied migration
};

class Store {
 public:
  virtual ~Store() = default;
  virtual Result<std::unique_ptr<Tx>> begin(Access access) = 0;
  //! Checks that the database answers; returns the backend and schema version.
  virtual Result<StoreInfo> ping() = 0;
  //! Another instance changed units or lineage: forget what is cached of the unit tree. (This
  //! store's own writes empty it when they commit.)
  virtual void units_changed() {}

  //! Versions of what a report's view is built from. A committed write of a unit's report data
  //! (values, narratives, status and history, consolidated figures, evidence) advances that
  //! unit's version; one of units, metadata or committees advances every unit's. The epoch
  //! advances with any of them, before the versions do. A cache of views reads the epoch before
  //! its read and keeps what it read, under the unit's version, only if the epoch has not
  //! moved meanwhile; an entry is good while the unit's version is the one it was kept under.
  //! On PostgreSQL each such commit also sends NOTIFY on kReportsChannel, and the other
  //! instances hand it to report_data_notification.
  [[nodiscard]] virtual std::uint64_t report_epoch() const = 0;
  [[nodiscard]] virtual std::uint64_t report_version(std::int64_t unit_id) const = 0;
  //! A payload heard on kReportsChannel: another instance's writes advance the versions here
  //! (this store's own were advanced when they committed and are skipped).
  virtual void report_data_notification(std::string_view payload) = 0;
};

//! The PostgreSQL channel on which report data writes travel between instances.
inline constexpr std::string_view kReportsChannel = "tienbo_reports";

}  // namespace tienbo::store
