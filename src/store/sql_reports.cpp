#include "sql_common.hpp"
#include "sql_report_files.hpp"

#include <unordered_set>

namespace tienbo::store::sql {
namespace {

// Queries with `IN (…)` over a list of ids take at most this many ids at a time.
constexpr std::size_t kIdsPerQuery = 200;

// The leading parameters followed by one parameter per id.
std::vector<Param> with_ids(std::initializer_list<Param> leading, std::span<const std::int64_t> ids) {
  std::vector<Param> params(leading);
  params.reserve(params.size() + ids.size());
  for (auto id : ids) params.emplace_back(id);
  return params;
}

constexpr std::string_view kCols =
    "id, form_id, form_version_id, unit_id, period, status, version, created_at, updated_at, submitted_at, "
    "submitted_by,"
    " approved_at, approved_by";

Result<std::vector<ReportRecord>> read_reports(const db::Rows& r) {
  std::vector<ReportRecord> out;
  out.reserve(r.size());
  for (std::size_t i = 0; i < r.size(); ++i) {
    auto report = report_at(r, i);
    if (!report) return Unexpected{std::move(report).error()};
    out.push_back(std::move(*report));
  }
  return out;
}

class SqlReportRepository final : public ReportRepository {
 public:
  SqlReportRepository(db::Connection& c, ReportDataWrites* writes) : c_(c), writes_(writes) {}

  Result<std::optional<ReportRecord>> find(std::int64_t form_id, std::int64_t unit_id,
                                           std::string_view period) override {
    auto r =
        c_.query("SELECT " + std::string(kCols) + " FROM report WHERE form_id = $1 AND unit_id = $2 AND period = $3",
                 {form_id, unit_id, period});
    if (!r) return Unexpected{std::move(r).error()};
    auto list = read_reports(*r);
    if (!list) return Unexpected{std::move(list).error()};
    if (list->empty()) return std::optional<ReportRecord>{};
    report_units_[list->front().id] = list->front().unit_id;
    return std::optional<ReportRecord>(std::move(list->front()));
  }

  Result<std::int64_t> insert(const ReportRecord& x) override {
    wrote_unit(x.unit_id);
    auto r = c_.query(
        "INSERT INTO report (form_id, form_version_id, unit_id, period, status, version, created_at, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        {x.form_id, x.form_version_id, x.unit_id, std::string_view(x.period), core::to_string(x.status), x.version,
         std::string_view(x.created_at)});
    if (!r) return Unexpected{std::move(r).error()};
    report_units_[r->get_int(0, 0)] = x.unit_id;
    return r->get_int(0, 0);
  }

  Result<bool> update_status(const ReportRecord& x, std::int64_t expected_version) override {
    wrote_unit(x.unit_id);
    auto n = c_.execute(
        "UPDATE report SET status = $2, version = $3, updated_at = $4, submitted_at = $5, submitted_by = $6, "
        "approved_at = $7,"
        " approved_by = $8 WHERE id = $1 AND version = $9",
        {x.id, core::to_string(x.status), x.version, std::string_view(x.updated_at), opt_text(x.submitted_at),
         opt_text(x.submitted_by), opt_text(x.approved_at), opt_text(x.approved_by), expected_version});
    if (!n) return Unexpected{std::move(n).error()};
    return *n == 1;
  }

  Result<std::vector<DataValueRecord>> values(std::span<const std::int64_t> element_ids, std::string_view period,
                                              std::int64_t unit_id) override {
    // All of the unit's values of the period in one range (on SQLite the table's own order puts
    // them together), then the elements asked for: a report's form has tens of elements, the
    // unit and period a few hundred values at most.
    std::vector<DataValueRecord> out;
    if (element_ids.empty()) return out;
    const std::unordered_set<std::int64_t> wanted(element_ids.begin(), element_ids.end());
    auto r = c_.query(
        "SELECT data_element_id, period, unit_id, option_combo_id, value, numeric_value, comment, updated_by,"
        " updated_at, source, data_source FROM data_value WHERE unit_id = $1 AND period = $2",
        {unit_id, period});
    if (!r) return Unexpected{std::move(r).error()};
    for (std::size_t i = 0; i < r->size(); ++i) {
      const std::int64_t element = r->get_int(i, 0);
      if (!wanted.count(element)) continue;
      DataValueRecord v;
      v.data_element_id = element;
      v.period = r->get_text(i, 1);
      v.unit_id = r->get_int(i, 2);
      v.option_combo_id = r->get_int(i, 3);
      v.value = r->get_text(i, 4);
      if (!r->is_null(i, 5)) v.numeric_value = r->get_double(i, 5);
      v.comment = r->get_text(i, 6);
      v.updated_by = r->get_text(i, 7);
      v.updated_at = r->get_text(i, 8);
      v.source = r->get_text(i, 9);
      v.data_source = r->get_text(i, 10);
      out.push_back(std::move(v));
    }
    return out;
  }

  Result<void> scan_all_numeric_values(
      const std::function<void(std::int64_t, std::string_view, std::int64_t, std::int64_t, double)>& row,
      const std::function<void(std::size_t, std::size_t)>& progress) override {
    if (c_.backend() == db::Backend::Postgres) {
      // A sequential read in block ranges (TID range scans): an index walk per element reads the
      // heap out of order, several times slower.
      auto pages = c_.query("SELECT pg_relation_size('data_value') / current_setting('block_size')::bigint");
      if (!pages) return Unexpected{std::move(pages).error()};
      const std::int64_t total = pages->get_int(0, 0) + 1;
      constexpr std::int64_t kPages = 2048;
      const auto parts = static_cast<std::size_t>((total + kPages - 1) / kPages);
      std::size_t done = 0;
      for (std::int64_t start = 0; start < total; start += kPages) {
        auto r = c_.query(
            "SELECT data_element_id, period, unit_id, option_combo_id, numeric_value FROM data_value"
            " WHERE ctid >= format('(%s,0)', $1::bigint)::tid AND ctid < format('(%s,0)', $2::bigint)::tid"
            " AND numeric_value IS NOT NULL",
            {start, start + kPages});
        if (!r) return Unexpected{std::move(r).error()};
        for (std::size_t i = 0; i < r->size(); ++i) {
          row(r->get_int(i, 0), r->get_text(i, 1), r->get_int(i, 2), r->get_int(i, 3), r->get_double(i, 4));
        }
        if (progress) progress(++done, parts);
      }
      return {};
    }
    // SQLite: the table in its own order (unit first), a range of unit ids at a time.
    auto bounds = c_.query("SELECT MIN(unit_id), MAX(unit_id) FROM data_value");
    if (!bounds) return Unexpected{std::move(bounds).error()};
    if (bounds->is_null(0, 0)) return {};
    const std::int64_t first = bounds->get_int(0, 0);
    const std::int64_t last = bounds->get_int(0, 1);
    constexpr std::int64_t kUnits = 256;
    const auto parts = static_cast<std::size_t>((last - first) / kUnits + 1);
    std::size_t done = 0;
    for (std::int64_t start = first; start <= last; start += kUnits) {
      auto r = c_.query(
          "SELECT data_element_id, period, unit_id, option_combo_id, numeric_value FROM data_value"
          " WHERE unit_id >= $1 AND unit_id < $2 AND numeric_value IS NOT NULL",
          {start, start + kUnits});
      if (!r) return Unexpected{std::move(r).error()};
      for (std::size_t i = 0; i < r->size(); ++i) {
        row(r->get_int(i, 0), r->get_text(i, 1), r->get_int(i, 2), r->get_int(i, 3), r->get_double(i, 4));
      }
      if (progress) progress(++done, parts);
    }
    return {};
  }
  Result<void> insert_values(std::span<const DataValueRecord> values) override {
    for (const auto& v : values) wrote_unit(v.unit_id);
    constexpr std::size_t kRows = 300;  // 11 parameters a row, well under both engines' limits
    std::vector<db::Param> params;
    for (std::size_t start = 0; start < values.size(); start += kRows) {
      const std::size_t n = std::min(kRows, values.size() - start);
      std::string sql =
          "INSERT INTO data_value (data_element_id, period, unit_id, option_combo_id, value, numeric_value, comment,"
          " updated_by, updated_at, source, data_source) VALUES ";
      params.clear();
      for (std::size_t i = 0; i < n; ++i) {
        const auto& v = values[start + i];
        const std::size_t b = i * 11;
        sql += (i ? ",(" : "(");
        for (std::size_t k = 1; k <= 11; ++k) sql += "$" + std::to_string(b + k) + (k < 11 ? "," : ")");
        params.insert(params.end(),
                      {v.data_element_id, std::string_view(v.period), v.unit_id, v.option_combo_id,
                       std::string_view(v.value), v.numeric_value ? db::Param(*v.numeric_value) : db::Param(nullptr),
                       std::string_view(v.comment), std::string_view(v.updated_by), std::string_view(v.updated_at),
                       std::string_view(v.source), std::string_view(v.data_source)});
      }
      auto r = c_.execute(sql, std::span<const db::Param>(params));
      if (!r) return Unexpected{std::move(r).error()};
    }
    return {};
  }
  Result<void> insert_reports(std::span<const ReportRecord> reports) override {
    for (const auto& x : reports) wrote_unit(x.unit_id);
    constexpr std::size_t kRows = 300;
    std::vector<db::Param> params;
    for (std::size_t start = 0; start < reports.size(); start += kRows) {
      const std::size_t n = std::min(kRows, reports.size() - start);
      std::string sql =
          "INSERT INTO report (form_id, form_version_id, unit_id, period, status, version, created_at, updated_at,"
          " submitted_at, submitted_by, approved_at, approved_by) VALUES ";
      params.clear();
      for (std::size_t i = 0; i < n; ++i) {
        const auto& x = reports[start + i];
        const std::size_t b = i * 12;
        sql += (i ? ",(" : "(");
        for (std::size_t k = 1; k <= 12; ++k) sql += "$" + std::to_string(b + k) + (k < 12 ? "," : ")");
        params.insert(params.end(), {x.form_id, x.form_version_id, x.unit_id, std::string_view(x.period),
                                     core::to_string(x.status), x.version, std::string_view(x.created_at),
                                     std::string_view(x.updated_at), opt_text(x.submitted_at), opt_text(x.submitted_by),
                                     opt_text(x.approved_at), opt_text(x.approved_by)});
      }
      auto r = c_.execute(sql, std::span<const db::Param>(params));
      if (!r) return Unexpected{std::move(r).error()};
    }
    return {};
  }
  Result<void> upsert_value(const DataValueRecord& v) override {
    wrote_unit(v.unit_id);
    return done(c_.execute(
        "INSERT INTO data_value (data_element_id, period, unit_id, option_combo_id, value, numeric_value, comment, "
        "updated_by,"
        " updated_at, source, data_source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
        " ON CONFLICT (data_element_id, period, unit_id, option_combo_id) DO UPDATE SET value = excluded.value,"
        " numeric_value = excluded.numeric_value, comment = excluded.comment, updated_by = excluded.updated_by,"
        " updated_at = excluded.updated_at, source = excluded.source, data_source = excluded.data_source",
        {v.data_element_id, std::string_view(v.period), v.unit_id, v.option_combo_id, std::string_view(v.value),
         v.numeric_value ? Param(*v.numeric_value) : Param(nullptr), std::string_view(v.comment),
         std::string_view(v.updated_by), std::string_view(v.updated_at), std::string_view(v.source),
         std::string_view(v.data_source)}));
  }

  Result<void> delete_value(std::int64_t element_id, std::string_view period, std::int64_t unit_id,
                            std::int64_t option_combo_id) override {
    wrote_unit(unit_id);
    return done(c_.execute(
        "DELETE FROM data_value WHERE data_element_id = $1 AND period = $2 AND unit_id = $3 AND option_combo_id = $4",
        {element_id, period, unit_id, option_combo_id}));
  }

  Result<std::vector<NarrativeRecord>> narratives(std::int64_t report_id) override {
    auto r = c_.query("SELECT section_code, body, updated_by, updated_at FROM report_narrative WHERE report_id = $1",
                      {report_id});
    if (!r) return Unexpected{std::move(r).error()};
    std::vector<NarrativeRecord> out;
    for (std::size_t i = 0; i < r->size(); ++i) {
      out.push_back({r->get_text(i, 0), r->get_text(i, 1), r->get_text(i, 2), r->get_text(i, 3)});
    }
    return out;
  }

  Result<void> upsert_narrative(std::int64_t report_id, const NarrativeRecord& n) override {
    TIENBO_TRY(wrote_report(report_id));
    return done(c_.execute(
        "INSERT INTO report_narrative (report_id, section_code, body, updated_by, updated_at) VALUES ($1, $2, $3, $4, "
        "$5)"
        " ON CONFLICT (report_id, section_code) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by,"
        " updated_at = excluded.updated_at",
        {report_id, std::string_view(n.section_code), std::string_view(n.body), std::string_view(n.updated_by),
         std::string_view(n.updated_at)}));
  }

  Result<void> add_event(std::int64_t report_id, const ReportEventRecord& e) override {
    TIENBO_TRY(wrote_report(report_id));
    return done(
        c_.execute("INSERT INTO report_event (report_id, action, from_status, to_status, actor, occurred_at, comment, "
                   "details_json)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                   {report_id, std::string_view(e.action), std::string_view(e.from_status),
                    std::string_view(e.to_status), std::string_view(e.actor), std::string_view(e.occurred_at),
                    std::string_view(e.comment), opt_text(e.details_json)}));
  }

  Result<std::vector<ReportEventRecord>> events(std::int64_t report_id) override {
    auto r = c_.query(
        "SELECT id, action, from_status, to_status, actor, occurred_at, comment, details_json FROM report_event"
        " WHERE report_id = $1 ORDER BY id",
        {report_id});
    if (!r) return Unexpected{std::move(r).error()};
    std::vector<ReportEventRecord> out;
    for (std::size_t i = 0; i < r->size(); ++i) {
      out.push_back({r->get_int(i, 0), r->get_text(i, 1), r->get_text(i, 2), r->get_text(i, 3), r->get_text(i, 4),
                     r->get_text(i, 5), r->get_text(i, 6), r->get_optional_text(i, 7)});
    }
    return out;
  }

  Result<void> add_revision(std::int64_t report_id, const RevisionRecord& v) override {
    TIENBO_TRY(wrote_report(report_id));
    return done(
        c_.execute("INSERT INTO report_revision (report_id, revision, submitted_at, submitted_by, content_json) VALUES "
                   "($1, $2, $3, $4, $5)",
                   {report_id, std::int64_t{v.revision}, std::string_view(v.submitted_at),
                    std::string_view(v.submitted_by), std::string_view(v.content_json)}));
  }

  Result<std::vector<RevisionRecord>> revisions(std::int64_t report_id) override {
    auto r = c_.query(
        "SELECT revision, submitted_at, submitted_by, content_json FROM report_revision WHERE report_id = $1"
        " ORDER BY revision",
        {report_id});
    if (!r) return Unexpected{std::move(r).error()};
    std::vector<RevisionRecord> out;
    for (std::size_t i = 0; i < r->size(); ++i) {
      out.push_back({static_cast<int>(r->get_int(i, 0)), r->get_text(i, 1), r->get_text(i, 2), r->get_text(i, 3)});
    }
    return out;
  }

  Result<std::vector<ReportRecord>> for_units(std::int64_t form_id, std::string_view period,
                                              std::span<const std::int64_t> unit_ids) override {
    std::vector<ReportRecord> out;
    for (std::size_t start = 0; start < unit_ids.size(); start += 500) {
      const std::size_t n = std::min<std::size_t>(500, unit_ids.size() - start);
      std::vector<Param> params{form_id, period};
      for (std::size_t i = 0; i < n; ++i) params.emplace_back(unit_ids[start + i]);
      auto r =
          c_.query("SELECT " + std::string(kCols) + " FROM report WHERE form_id = $1 AND period = $2 AND unit_id IN (" +
                       placeholders(3, n) + ")",
                   std::span<const Param>(params));
      if (!r) return Unexpected{std::move(r).error()};
      auto part = read_reports(*r);
      if (!part) return Unexpected{std::move(part).error()};
      out.insert(out.end(), std::make_move_iterator(part->begin()), std::make_move_iterator(part->end()));
    }
    return out;
  }

  Result<std::map<std::int64_t, std::int64_t>> filled_elements(std::span<const std::int64_t> element_ids,
                                                               std::string_view period,
                                                               std::span<const std::int64_t> unit_ids) override {
    std::map<std::int64_t, std::int64_t> out;
    if (element_ids.empty()) return out;
    for (std::size_t start = 0; start < unit_ids.size(); start += 400) {
      const std::size_t n = std::min<std::size_t>(400, unit_ids.size() - start);
      std::vector<Param> params{period};
      for (auto id : element_ids) params.emplace_back(id);
      for (std::size_t i = 0; i < n; ++i) params.emplace_back(unit_ids[start + i]);
      auto r = c_.query(
          "SELECT unit_id, COUNT(DISTINCT data_element_id) FROM data_value WHERE period = $1 AND data_element_id IN (" +
              placeholders(2, element_ids.size()) + ") AND unit_id IN (" + placeholders(2 + element_ids.size(), n) +
              ") GROUP BY unit_id",
          std::span<const Param>(params));
      if (!r) return Unexpected{std::move(r).error()};
      for (std::size_t i = 0; i < r->size(); ++i) out[r->get_int(i, 0)] = r->get_int(i, 1);
    }
    return out;
  }

  Result<std::map<std::int64_t, std::int64_t>> filled_narratives(std::span<const std::int64_t> report_ids) override {
    std::map<std::int64_t, std::int64_t> out;
    for (std::size_t start = 0; start < report_ids.size(); start += 500) {
      const std::size_t n = std::min<std::size_t>(500, report_ids.size() - start);
      std::vector<Param> params;
      for (std::size_t i = 0; i < n; ++i) params.emplace_back(report_ids[start + i]);
      auto r = c_.query("SELECT report_id, COUNT(*) FROM report_narrative WHERE body <> '' AND report_id IN (" +
                            placeholders(1, n) + ") GROUP BY report_id",
                        std::span<const Param>(params));
      if (!r) return Unexpected{std::move(r).error()};
      for (std::size_t i = 0; i < r->size(); ++i) out[r->get_int(i, 0)] = r->get_int(i, 1);
    }
    return out;
  }

  Result<void> insert_waiver(std::int64_t form_id, std::int64_t unit_id, std::string_view period,
                             std::string_view reason, std::string_view by, std::string_view at) override {
    wrote_unit(unit_id);
    return done(
        c_.execute("INSERT INTO report_waiver (form_id, unit_id, period, reason, waived_by, waived_at)"
                   " VALUES ($1, $2, $3, $4, $5, $6)",
                   {form_id, unit_id, period, reason, by, at}));
  }

  Result<std::vector<std::int64_t>> waived(std::int64_t form_id, std::string_view period,
                                           std::span<const std::int64_t> unit_ids) override {
    std::vector<std::int64_t> out;
    for (std::size_t start = 0; start < unit_ids.size(); start += 500) {
      const std::size_t n = std::min<std::size_t>(500, unit_ids.size() - start);
      std::vector<Param> params{form_id, period};
      for (std::size_t i = 0; i < n; ++i) params.emplace_back(unit_ids[start + i]);
      auto r = c_.query("SELECT unit_id FROM report_waiver WHERE form_id = $1 AND period = $2 AND unit_id IN (" +
                            placeholders(3, n) + ")",
                        std::span<const Param>(params));
      if (!r) return Unexpected{std::move(r).error()};
      for (std::size_t i = 0; i < r->size(); ++i) out.push_back(r->get_int(i, 0));
    }
    return out;
  }

  Result<std::int64_t> insert_evidence(const EvidenceRecord& e) override {
    TIENBO_TRY(wrote_report(e.report_id));
    auto r = c_.query(
        "INSERT INTO evidence (report_id, target, file_name, content_type, size_bytes, sha256, content, uploaded_by,"
        " uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        {e.report_id, std::string_view(e.target), std::string_view(e.file_name), std::string_view(e.content_type),
         e.size_bytes, std::string_view(e.sha256), db::Blob{e.content}, std::string_view(e.uploaded_by),
         std::string_view(e.uploaded_at)});
    if (!r) return Unexpected{std::move(r).error()};
    return r->get_int(0, 0);
  }

  Result<std::int64_t> evidence_bytes_of_unit(std::int64_t unit_id) override {
    return sql::evidence_bytes_of_unit(c_, unit_id);
  }

  Result<std::vector<EvidenceRecord>> evidence(std::int64_t report_id) override {
    return evidence_of_report(c_, report_id);
  }

  Result<std::optional<EvidenceRecord>> find_evidence(std::int64_t id) override { return sql::find_evidence(c_, id); }

  Result<std::optional<ReportRecord>> find_by_id(std::int64_t report_id) override {
    auto r = c_.query("SELECT " + std::string(kCols) + " FROM report WHERE id = $1", {report_id});
    if (!r) return Unexpected{std::move(r).error()};
    auto list = read_reports(*r);
    if (!list) return Unexpected{std::move(list).error()};
    if (list->empty()) return std::optional<ReportRecord>{};
    report_units_[list->front().id] = list->front().unit_id;
    return std::optional<ReportRecord>(std::move(list->front()));
  }

  Result<void> delete_evidence(std::int64_t id) override {
    if (writes_ != nullptr) {
      auto r = c_.query("SELECT report_id FROM evidence WHERE id = $1", {id});
      if (!r) return Unexpected{std::move(r).error()};
      if (!r->empty()) TIENBO_TRY(wrote_report(r->get_int(0, 0)));
    }
    return done(c_.execute("DELETE FROM evidence WHERE id = $1", {id}));
  }

  Result<std::vector<DataValueRecord>> values_of_units(std::span<const std::int64_t> element_ids,
                                                       std::string_view period,
                                                       std::span<const std::int64_t> unit_ids) override {
    std::vector<DataValueRecord> out;
    for (auto unit : unit_ids) {
      auto part = values(element_ids, period, unit);
      if (!part) return part;
      out.insert(out.end(), std::make_move_iterator(part->begin()), std::make_move_iterator(part->end()));
    }
    return out;
  }

  Result<std::vector<LockingReport>> locking_reports(std::int64_t unit_id, std::string_view period,
                                                     std::span<const std::int64_t> element_ids,
                                                     std::int64_t except_form_id) override {
    std::vector<LockingReport> out;
    for (std::size_t start = 0; start < element_ids.size(); start += kIdsPerQuery) {
      const std::size_t n = std::min(kIdsPerQuery, element_ids.size() - start);
      auto params = with_ids({unit_id, period, except_form_id}, element_ids.subspan(start, n));
      auto r = c_.query(
          "SELECT DISTINCT e.data_element_id, f.code, f.name_vi, r.status FROM report r"
          " JOIN form f ON f.id = r.form_id"
          " JOIN form_section s ON s.form_version_id = r.form_version_id"
          " JOIN form_section_element e ON e.section_id = s.id"
          " WHERE r.unit_id = $1 AND r.period = $2 AND r.form_id <> $3 AND r.status IN ('submitted', 'approved')"
          " AND e.data_element_id IN (" +
              placeholders(4, n) + ") ORDER BY f.code",
          std::span<const Param>(params));
      if (!r) return Unexpected{std::move(r).error()};
      for (std::size_t i = 0; i < r->size(); ++i) {
        auto status = enum_at(*r, i, 3, &core::parse_report_status, "report.status");
        if (!status) return Unexpected{std::move(status).error()};
        out.push_back({r->get_int(i, 0), r->get_text(i, 1), r->get_text(i, 2), *status});
      }
    }
    return out;
  }

  Result<std::vector<ConsolidatedValueRecord>> consolidated_values(std::span<const std::int64_t> element_ids,
                                                                   std::string_view period,
                                                                   std::int64_t unit_id) override {
    std::vector<ConsolidatedValueRecord> out;
    for (std::size_t start = 0; start < element_ids.size(); start += kIdsPerQuery) {
      const std::size_t n = std::min(kIdsPerQuery, element_ids.size() - start);
      auto params = with_ids({period, unit_id}, element_ids.subspan(start, n));
      auto r = c_.query(
          "SELECT data_element_id, option_combo_id, value, numeric_value, children_used, children_expected, updated_by,"
          " updated_at FROM consolidated_value WHERE period = $1 AND unit_id = $2 AND data_element_id IN (" +
              placeholders(3, n) + ")",
          std::span<const Param>(params));
      if (!r) return Unexpected{std::move(r).error()};
      for (std::size_t i = 0; i < r->size(); ++i) {
        ConsolidatedValueRecord v;
        v.data_element_id = r->get_int(i, 0);
        v.period = std::string(period);
        v.unit_id = unit_id;
        v.option_combo_id = r->get_int(i, 1);
        v.value = r->get_text(i, 2);
        if (!r->is_null(i, 3)) v.numeric_value = r->get_double(i, 3);
        v.children_used = static_cast<int>(r->get_int(i, 4));
        v.children_expected = static_cast<int>(r->get_int(i, 5));
        v.updated_by = r->get_text(i, 6);
        v.updated_at = r->get_text(i, 7);
        out.push_back(std::move(v));
      }
    }
    return out;
  }

  Result<void> replace_consolidated(std::span<const std::int64_t> element_ids, std::string_view period,
                                    std::int64_t unit_id, std::span<const ConsolidatedValueRecord> values) override {
    wrote_unit(unit_id);
    for (std::size_t start = 0; start < element_ids.size(); start += kIdsPerQuery) {
      const std::size_t n = std::min(kIdsPerQuery, element_ids.size() - start);
      auto params = with_ids({period, unit_id}, element_ids.subspan(start, n));
      auto d = c_.execute("DELETE FROM consolidated_value WHERE period = $1 AND unit_id = $2 AND data_element_id IN (" +
                              placeholders(3, n) + ")",
                          std::span<const Param>(params));
      if (!d) return Unexpected{std::move(d).error()};
    }
    for (const auto& v : values) {
      auto n = c_.execute(
          "INSERT INTO consolidated_value (data_element_id, period, unit_id, option_combo_id, value, numeric_value, "
          "children_used,"
          " children_expected, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
          {v.data_element_id, std::string_view(v.period), v.unit_id, v.option_combo_id, std::string_view(v.value),
           v.numeric_value ? Param(*v.numeric_value) : Param(nullptr), static_cast<std::int64_t>(v.children_used),
           static_cast<std::int64_t>(v.children_expected), std::string_view(v.updated_by),
           std::string_view(v.updated_at)});
      if (!n) return Unexpected{std::move(n).error()};
    }
    return {};
  }

  Result<std::vector<OfficialValueRecord>> official_values() override { return sql::official_values(c_); }

  Result<void> put_official(const OfficialValueRecord& v) override {
    wrote_unit(v.unit_id);
    auto d = delete_official(v.data_element_id, v.period, v.unit_id, v.option_combo_id);
    if (!d) return Unexpected{std::move(d).error()};
    return done(
        c_.execute("INSERT INTO official_value (data_element_id, period, unit_id, option_combo_id, value, "
                   "numeric_value, data_source,"
                   " updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                   {v.data_element_id, std::string_view(v.period), v.unit_id, v.option_combo_id,
                    std::string_view(v.value), v.numeric_value, std::string_view(v.data_source),
                    std::string_view(v.updated_by), std::string_view(v.updated_at)}));
  }

  Result<bool> delete_official(std::int64_t element_id, std::string_view period, std::int64_t unit_id,
                               std::int64_t option_combo_id) override {
    wrote_unit(unit_id);
    auto n = c_.execute(
        "DELETE FROM official_value WHERE data_element_id = $1 AND period = $2 AND unit_id = $3 AND option_combo_id = "
        "$4",
        {element_id, period, unit_id, option_combo_id});
    if (!n) return Unexpected{std::move(n).error()};
    return *n > 0;
  }

 private:
  static Result<void> done(Result<std::int64_t>&& n) {
    if (!n) return Unexpected{std::move(n).error()};
    return {};
  }
  // What a write reaches of the report views (see ReportDataWrites).
  void wrote_unit(std::int64_t unit_id) {
    if (writes_ != nullptr) writes_->unit(unit_id);
  }
  Result<void> wrote_report(std::int64_t report_id) {
    if (writes_ == nullptr) return {};
    auto known = report_units_.find(report_id);
    if (known != report_units_.end()) {
      writes_->unit(known->second);
      return {};
    }
    auto r = c_.query("SELECT unit_id FROM report WHERE id = $1", {report_id});
    if (!r) return Unexpected{std::move(r).error()};
    if (r->empty()) {
      writes_->everything();  // not a report of this database: whatever it reaches, forget everything
    } else {
      report_units_[report_id] = r->get_int(0, 0);
      writes_->unit(r->get_int(0, 0));
    }
    return {};
  }
  db::Connection& c_;
  ReportDataWrites* writes_ = nullptr;
  std::unordered_map<std::int64_t, std::int64_t> report_units_;  // report id -> unit, as read or written here
};

}  // namespace

std::unique_ptr<ReportRepository> make_report_repository(db::Connection& c, ReportDataWrites* writes) {
  return std::make_unique<SqlReportRepository>(c, writes);
}

}  // namespace tienbo::store::sql
