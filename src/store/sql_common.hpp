#pragma once
// Private helpers shared by the SQL repositories.

#include <array>
#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tienbo/core/log.hpp"
#include "tienbo/db/database.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::store::sql {

using core::Unexpected;
using db::Param;

inline std::string now() { return core::utc_timestamp_now(); }

inline Param opt_text(const std::optional<std::string>& s) { return s ? Param(std::string_view(*s)) : Param(nullptr); }
inline Param opt_double(const std::optional<double>& v) { return v ? Param(*v) : Param(nullptr); }
inline Param opt_int(const std::optional<std::int64_t>& v) { return v ? Param(*v) : Param(nullptr); }
inline std::optional<std::int64_t> opt_int_at(const db::Rows& r, std::size_t row, std::size_t col) {
  if (r.is_null(row, col)) return std::nullopt;
  return r.get_int(row, col);
}

//! The text of an enumerated column read by `parse` (core's value_type_from_string,
//! parse_member_role); text outside the enum, which the column's CHECK refuses, is an error.
template <class Enum>
Result<Enum> enum_at(const db::Rows& r, std::size_t row, std::size_t col,
                     std::optional<Enum> (*parse)(std::string_view), std::string_view column) {
  const std::string text = r.get_text(row, col);
  if (auto e = parse(text)) return *e;
  return core::fail(core::ErrorCode::DatabaseError,
                    "cột " + std::string(column) + " chứa \"" + text + "\" không hợp lệ",
                    "column " + std::string(column) + " holds \"" + text + "\", which is not valid");
}

//! Where a result's report columns are (id, form_id, form_version_id, unit_id, period, status,
//! version, created_at, updated_at, submitted_at, submitted_by, approved_at, approved_by), found by
//! name once per result.
struct ReportColumns {
  explicit ReportColumns(const db::Rows& r)
      : id(r.column("id")),
        form_id(r.column("form_id")),
        form_version_id(r.column("form_version_id")),
        unit_id(r.column("unit_id")),
        period(r.column("period")),
        status(r.column("status")),
        version(r.column("version")),
        created_at(r.column("created_at")),
        updated_at(r.column("updated_at")),
        submitted_at(r.column("submitted_at")),
        submitted_by(r.column("submitted_by")),
        approved_at(r.column("approved_at")),
        approved_by(r.column("approved_by")) {}
  std::size_t id, form_id, form_version_id, unit_id, period, status, version, created_at, updated_at, submitted_at,
      submitted_by, approved_at, approved_by;
};

//! The report in row `row` of `r`.
inline Result<ReportRecord> report_at(const db::Rows& r, const ReportColumns& c, std::size_t row) {
  auto status = enum_at(r, row, c.status, &core::parse_report_status, "report.status");
  if (!status) return Unexpected{std::move(status).error()};
  return ReportRecord{r.get_int(row, c.id),
                      r.get_int(row, c.form_id),
                      r.get_int(row, c.form_version_id),
                      r.get_int(row, c.unit_id),
                      r.get_text(row, c.period),
                      *status,
                      r.get_int(row, c.version),
                      r.get_text(row, c.created_at),
                      r.get_text(row, c.updated_at),
                      r.get_optional_text(row, c.submitted_at),
                      r.get_optional_text(row, c.submitted_by),
                      r.get_optional_text(row, c.approved_at),
                      r.get_optional_text(row, c.approved_by)};
}

//! A statement's count of changed rows, or its error, as Result<void>.
inline Result<void> as_void(Result<std::int64_t>&& n) {
  if (!n) return Unexpected{std::move(n).error()};
  return {};
}

//! Queries with `IN (…)` over a list of ids take at most this many ids at a time.
inline constexpr std::size_t kIdsPerQuery = 200;

//! The leading parameters followed by one parameter per id.
inline std::vector<Param> with_ids(std::initializer_list<Param> leading, std::span<const std::int64_t> ids) {
  std::vector<Param> params(leading);
  params.reserve(params.size() + ids.size());
  for (auto id : ids) params.emplace_back(id);
  return params;
}

//! "$first, $first+1, ..." for n placeholders (the SQL shape only; values are still bound).
inline std::string placeholders(std::size_t first, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) out += ", ";
    out += "$" + std::to_string(first + i);
  }
  return out;
}

//! The structure of the unit tree (each unit's ancestors and successors), which every access check
//! asks for, shared by all transactions of one store. A transaction that wrote units reads the
//! database instead, and empties the cache when it commits; Store::units_changed() empties it
//! when another instance announced a change. A read that started before an emptying is not put
//! back (the generation it started with no longer matches).
class UnitStructureCache {
 public:
  [[nodiscard]] std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  void clear() {
    std::unique_lock lock(mutex_);
    generation_.fetch_add(1, std::memory_order_acq_rel);
    ancestors_.clear();
    successors_.clear();
  }
  std::optional<std::vector<std::int64_t>> ancestors(std::int64_t id) const { return find(ancestors_, id); }
  std::optional<std::vector<LineageRecord>> successors(std::int64_t id) const { return find(successors_, id); }
  void put_ancestors(std::uint64_t read_at, std::int64_t id, const std::vector<std::int64_t>& v) {
    put(ancestors_, read_at, id, v);
  }
  void put_successors(std::uint64_t read_at, std::int64_t id, const std::vector<LineageRecord>& v) {
    put(successors_, read_at, id, v);
  }

 private:
  static constexpr std::size_t kMaxEntries = 200000;  // more units than Viet Nam has, past it: start again
  template <class V>
  std::optional<V> find(const std::unordered_map<std::int64_t, V>& m, std::int64_t id) const {
    std::shared_lock lock(mutex_);
    if (auto it = m.find(id); it != m.end()) return it->second;
    return std::nullopt;
  }
  template <class V>
  void put(std::unordered_map<std::int64_t, V>& m, std::uint64_t read_at, std::int64_t id, const V& v) {
    std::unique_lock lock(mutex_);
    if (generation_.load(std::memory_order_acquire) != read_at) return;
    if (m.size() >= kMaxEntries) m.clear();
    m[id] = v;
  }
  mutable std::shared_mutex mutex_;
  std::atomic<std::uint64_t> generation_{0};
  std::unordered_map<std::int64_t, std::vector<std::int64_t>> ancestors_;
  std::unordered_map<std::int64_t, std::vector<LineageRecord>> successors_;
};

//! What a transaction wrote of the data a report's view is built from: named units' own data
//! (values, narratives, status and history, consolidated figures, evidence, waivers) or, for a
//! change that may reach any report (units, metadata, committees and their members), everything.
struct ReportDataWrites {
  bool all = false;
  std::vector<std::int64_t> units;
  void unit(std::int64_t id) {
    if (!all) units.push_back(id);
  }
  void everything() {
    all = true;
    units.clear();
  }
  [[nodiscard]] bool empty() const { return !all && units.empty(); }
};

//! The versions behind Store::report_epoch() / report_version(): one counter per slot of units
//! (a unit's slot is its id modulo kSlots; units sharing a slot only cost a cache one more miss),
//! one for "everything", and the epoch, which moves with every advance. The epoch moves before
//! the slots: a reader that saw a slot move also sees the epoch moved (seq_cst), so what it read
//! before the move is never kept under the moved version.
class ReportDataVersions {
 public:
  static constexpr std::size_t kSlots = 4096;
  [[nodiscard]] std::uint64_t epoch() const { return epoch_.load(); }
  [[nodiscard]] std::uint64_t of(std::int64_t unit_id) const { return all_.load() + slots_[slot(unit_id)].load(); }
  void advance(const ReportDataWrites& w) {
    if (w.empty()) return;
    epoch_.fetch_add(1);
    if (w.all) {
      all_.fetch_add(1);
      return;
    }
    for (auto id : w.units) slots_[slot(id)].fetch_add(1);
  }

 private:
  static std::size_t slot(std::int64_t unit_id) {
    return static_cast<std::size_t>(static_cast<std::uint64_t>(unit_id) % kSlots);
  }
  std::atomic<std::uint64_t> epoch_{0};
  std::atomic<std::uint64_t> all_{0};
  std::array<std::atomic<std::uint64_t>, kSlots> slots_{};
};

//! What the report-data repositories of one transaction (reports, values, figures, evidence) wrote,
//! by unit, into `writes` (may be null: nothing is kept). A write names its unit, or its report,
//! whose unit is known from the reports read or written in the transaction or else read once.
class ReportWriteTracker {
 public:
  ReportWriteTracker(db::Connection& c, ReportDataWrites* writes) : c_(c), writes_(writes) {}
  [[nodiscard]] bool tracking() const { return writes_ != nullptr; }
  void unit(std::int64_t unit_id) {
    if (writes_ != nullptr) writes_->unit(unit_id);
  }
  //! The report `report_id` is of `unit_id` (read or inserted).
  void known(std::int64_t report_id, std::int64_t unit_id) { report_units_[report_id] = unit_id; }
  //! A write of the report's data; a report this database does not hold counts as everything.
  Result<void> report(std::int64_t report_id);

 private:
  db::Connection& c_;
  ReportDataWrites* writes_ = nullptr;
  std::unordered_map<std::int64_t, std::int64_t> report_units_;  // report id -> unit, as read or written here
};

//! "origin|*" or "origin|id,id,…" (at most 200 ids; more become "*").
std::string encode_report_writes(std::string_view origin, const ReportDataWrites& w);
//! nullopt for a payload that is not ours; the origin and what it wrote.
std::optional<std::pair<std::string, ReportDataWrites>> decode_report_writes(std::string_view payload);

//! `cache` (may be null) serves ancestor_ids and successors while the transaction, begun at
//! `generation`, has written no unit; `wrote_units` is set by any unit write.
std::unique_ptr<UnitRepository> make_unit_repository(db::Connection& c, UnitStructureCache* cache = nullptr,
                                                     std::uint64_t generation = 0, bool* wrote_units = nullptr);
std::unique_ptr<UserRepository> make_user_repository(db::Connection& c);
//! `writes` (may be null) learns what each write reaches (see ReportDataWrites).
std::unique_ptr<CommitteeRepository> make_committee_repository(db::Connection& c, ReportDataWrites* writes = nullptr);
std::unique_ptr<SessionRepository> make_session_repository(db::Connection& c);
//! Audit entries a transaction appended, written (and chained) only when it commits: on
//! PostgreSQL the chain's head row is then locked only for those last statements and the commit,
//! not for the rest of the transaction, so concurrent writers chain without waiting on each
//! other's work. Reading the log in the same transaction writes them first.
struct PendingAudit {
  std::vector<AuditRecord> records;
};
//! With `pending`, append() keeps entries there for write_pending_audit(); without, it writes at once.
std::unique_ptr<AuditRepository> make_audit_repository(db::Connection& c, PendingAudit* pending = nullptr);
Result<void> write_pending_audit(db::Connection& c, PendingAudit& pending);
std::unique_ptr<MetadataRepository> make_metadata_repository(db::Connection& c, ReportDataWrites* writes = nullptr);
//! The report-data repositories; `writes` learns what each write reaches.
std::unique_ptr<ReportRepository> make_report_repository(db::Connection& c, ReportWriteTracker& writes);
std::unique_ptr<DataValueRepository> make_data_value_repository(db::Connection& c, ReportWriteTracker& writes);
std::unique_ptr<FigureRepository> make_figure_repository(db::Connection& c, ReportWriteTracker& writes);
std::unique_ptr<EvidenceRepository> make_evidence_repository(db::Connection& c, ReportWriteTracker& writes);
std::unique_ptr<SearchRepository> make_search_repository(db::Connection& c);
std::unique_ptr<NotificationRepository> make_notification_repository(db::Connection& c);
std::unique_ptr<ReportListRepository> make_report_list_repository(db::Connection& c);
std::unique_ptr<MailOutboxRepository> make_mail_outbox_repository(db::Connection& c);

}  // namespace tienbo::store::sql
