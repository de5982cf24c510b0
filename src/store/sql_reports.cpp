#include "sql_common.hpp"

namespace tienbo::store::sql {
namespace {

constexpr std::string_view kCols =
    "id, form_id, form_version_id, unit_id, period, status, version, created_at, updated_at, submitted_at, "
    "submitted_by,"
    " approved_at, approved_by";

Result<std::vector<ReportRecord>> read_reports(const db::Rows& r) {
  std::vector<ReportRecord> out;
  out.reserve(r.size());
  const ReportColumns c(r);
  for (std::size_t i = 0; i < r.size(); ++i) {
    auto report = report_at(r, c, i);
    if (!report) return Unexpected{std::move(report).error()};
    out.push_back(std::move(*report));
  }
  return out;
}

class SqlReportRepository final : public ReportRepository {
 public:
  SqlReportRepository(db::Connection& c, ReportWriteTracker& writes) : c_(c), writes_(writes) {}

  Result<std::optional<ReportRecord>> find(std::int64_t form_id, std::int64_t unit_id,
                                           std::string_view period) override {
    auto r =
        c_.query("SELECT " + std::string(kCols) + " FROM report WHERE form_id = $1 AND unit_id = $2 AND period = $3",
                 {form_id, unit_id, period});
    if (!r) return Unexpected{std::move(r).error()};
    auto list = read_reports(*r);
    if (!list) return Unexpected{std::move(list).error()};
    if (list->empty()) return std::optional<ReportRecord>{};
    writes_.known(list->front().id, list->front().unit_id);
    return std::optional<ReportRecord>(std::move(list->front()));
  }

  Result<std::optional<ReportRecord>> find_by_id(std::int64_t report_id) override {
    auto r = c_.query("SELECT " + std::string(kCols) + " FROM report WHERE id = $1", {report_id});
    if (!r) return Unexpected{std::move(r).error()};
    auto list = read_reports(*r);
    if (!list) return Unexpected{std::move(list).error()};
    if (list->empty()) return std::optional<ReportRecord>{};
    writes_.known(list->front().id, list->front().unit_id);
    return std::optional<ReportRecord>(std::move(list->front()));
  }

  Result<std::int64_t> insert(const ReportRecord& x) override {
    writes_.unit(x.unit_id);
    auto r = c_.query(
        "INSERT INTO report (form_id, form_version_id, unit_id, period, status, version, created_at, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        {x.form_id, x.form_version_id, x.unit_id, std::string_view(x.period), core::to_string(x.status), x.version,
         std::string_view(x.created_at)});
    if (!r) return Unexpected{std::move(r).error()};
    writes_.known(r->get_int(0, 0), x.unit_id);
    return r->get_int(0, 0);
  }

  Result<bool> update_status(const ReportRecord& x, std::int64_t expected_version) override {
    writes_.unit(x.unit_id);
    auto n = c_.execute(
        "UPDATE report SET status = $2, version = $3, updated_at = $4, submitted_at = $5, submitted_by = $6, "
        "approved_at = $7,"
        " approved_by = $8 WHERE id = $1 AND version = $9",
        {x.id, core::to_string(x.status), x.version, std::string_view(x.updated_at), opt_text(x.submitted_at),
         opt_text(x.submitted_by), opt_text(x.approved_at), opt_text(x.approved_by), expected_version});
    if (!n) return Unexpected{std::move(n).error()};
    return *n == 1;
  }

  Result<void> insert_reports(std::span<const ReportRecord> reports) override {
    for (const auto& x : reports) writes_.unit(x.unit_id);
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

  Result<std::vector<LockingReport>> locking_reports(std::int64_t unit_id, std::string_view period,
                                                     std::span<const std::int64_t> element_ids,
                                                     std::int64_t except_form_id) override {
    std::vector<LockingReport> out;
    for (std::size_t start = 0; start < element_ids.size(); start += kIdsPerQuery) {
      const std::size_t n = std::min(kIdsPerQuery, element_ids.size() - start);
      auto params = with_ids({unit_id, period, except_form_id}, element_ids.subspan(start, n));
      auto r = c_.query(
          "SELECT DISTINCT e.data_element_id, f.code AS form_code, f.name_vi AS form_name_vi, r.status FROM report r"
          " JOIN form f ON f.id = r.form_id"
          " JOIN form_section s ON s.form_version_id = r.form_version_id"
          " JOIN form_section_element e ON e.section_id = s.id"
          " WHERE r.unit_id = $1 AND r.period = $2 AND r.form_id <> $3 AND r.status IN ('submitted', 'approved')"
          " AND e.data_element_id IN (" +
              placeholders(4, n) + ") ORDER BY f.code",
          std::span<const Param>(params));
      if (!r) return Unexpected{std::move(r).error()};
      const auto element = r->column("data_element_id");
      const auto form_code = r->column("form_code");
      const auto form_name_vi = r->column("form_name_vi");
      const auto status_col = r->column("status");
      for (std::size_t i = 0; i < r->size(); ++i) {
        auto status = enum_at(*r, i, status_col, &core::parse_report_status, "report.status");
        if (!status) return Unexpected{std::move(status).error()};
        out.push_back({r->get_int(i, element), r->get_text(i, form_code), r->get_text(i, form_name_vi), *status});
      }
    }
    return out;
  }

  Result<std::vector<NarrativeRecord>> narratives(std::int64_t report_id) override {
    auto r = c_.query("SELECT section_code, body, updated_by, updated_at FROM report_narrative WHERE report_id = $1",
                      {report_id});
    if (!r) return Unexpected{std::move(r).error()};
    std::vector<NarrativeRecord> out;
    const auto section = r->column("section_code");
    const auto body = r->column("body");
    const auto by = r->column("updated_by");
    const auto at = r->column("updated_at");
    for (std::size_t i = 0; i < r->size(); ++i) {
      out.push_back({r->get_text(i, section), r->get_text(i, body), r->get_text(i, by), r->get_text(i, at)});
    }
    return out;
  }

  Result<void> upsert_narrative(std::int64_t report_id, const NarrativeRecord& n) override {
    TIENBO_TRY(writes_.report(report_id));
    return as_void(c_.execute(
        "INSERT INTO report_narrative (report_id, section_code, body, updated_by, updated_at) VALUES ($1, $2, $3, $4, "
        "$5)"
        " ON CONFLICT (report_id, section_code) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by,"
        " updated_at = excluded.updated_at",
        {report_id, std::string_view(n.section_code), std::string_view(n.body), std::string_view(n.updated_by),
         std::string_view(n.updated_at)}));
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

  Result<void> add_event(std::int64_t report_id, const ReportEventRecord& e) override {
    TIENBO_TRY(writes_.report(report_id));
    return as_void(
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
    const auto id = r->column("id");
    const auto action = r->column("action");
    const auto from = r->column("from_status");
    const auto to = r->column("to_status");
    const auto actor = r->column("actor");
    const auto at = r->column("occurred_at");
    const auto comment = r->column("comment");
    const auto details = r->column("details_json");
    for (std::size_t i = 0; i < r->size(); ++i) {
      out.push_back({r->get_int(i, id), r->get_text(i, action), r->get_text(i, from), r->get_text(i, to),
                     r->get_text(i, actor), r->get_text(i, at), r->get_text(i, comment),
                     r->get_optional_text(i, details)});
    }
    return out;
  }

  Result<void> add_revision(std::int64_t report_id, const RevisionRecord& v) override {
    TIENBO_TRY(writes_.report(report_id));
    return as_void(
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
    const auto revision = r->column("revision");
    const auto at = r->column("submitted_at");
    const auto by = r->column("submitted_by");
    const auto content = r->column("content_json");
    for (std::size_t i = 0; i < r->size(); ++i) {
      out.push_back(
          {static_cast<int>(r->get_int(i, revision)), r->get_text(i, at), r->get_text(i, by), r->get_text(i, content)});
    }
    return out;
  }

  Result<void> insert_waiver(std::int64_t form_id, std::int64_t unit_id, std::string_view period,
                             std::string_view reason, std::string_view by, std::string_view at) override {
    writes_.unit(unit_id);
    return as_void(
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

 private:
  db::Connection& c_;
  ReportWriteTracker& writes_;
};

}  // namespace

Result<void> ReportWriteTracker::report(std::int64_t report_id) {
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

std::unique_ptr<ReportRepository> make_report_repository(db::Connection& c, ReportWriteTracker& writes) {
  return std::make_unique<SqlReportRepository>(c, writes);
}

}  // namespace tienbo::store::sql
