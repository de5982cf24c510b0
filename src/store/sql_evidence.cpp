// The evidence files attached to reports.
#include "sql_common.hpp"

namespace tienbo::store::sql {
namespace {

// Where a result's evidence columns are (all but the content), found by name once per result.
struct EvidenceColumns {
  explicit EvidenceColumns(const db::Rows& r)
      : id(r.column("id")),
        report_id(r.column("report_id")),
        target(r.column("target")),
        file_name(r.column("file_name")),
        content_type(r.column("content_type")),
        size_bytes(r.column("size_bytes")),
        sha256(r.column("sha256")),
        uploaded_by(r.column("uploaded_by")),
        uploaded_at(r.column("uploaded_at")) {}
  // The evidence in row `row`, without its content.
  [[nodiscard]] EvidenceRecord at(const db::Rows& r, std::size_t row) const {
    return {r.get_int(row, id),
            r.get_int(row, report_id),
            r.get_text(row, target),
            r.get_text(row, file_name),
            r.get_text(row, content_type),
            r.get_int(row, size_bytes),
            r.get_text(row, sha256),
            "",
            r.get_text(row, uploaded_by),
            r.get_text(row, uploaded_at)};
  }
  std::size_t id, report_id, target, file_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at;
};

class SqlEvidenceRepository final : public EvidenceRepository {
 public:
  SqlEvidenceRepository(db::Connection& c, ReportWriteTracker& writes) : c_(c), writes_(writes) {}

  Result<std::int64_t> insert(const EvidenceRecord& e) override {
    TIENBO_TRY(writes_.report(e.report_id));
    auto r = c_.query(
        "INSERT INTO evidence (report_id, target, file_name, content_type, size_bytes, sha256, content, uploaded_by,"
        " uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        {e.report_id, std::string_view(e.target), std::string_view(e.file_name), std::string_view(e.content_type),
         e.size_bytes, std::string_view(e.sha256), db::Blob{e.content}, std::string_view(e.uploaded_by),
         std::string_view(e.uploaded_at)});
    if (!r) return Unexpected{std::move(r).error()};
    return r->get_int(0, 0);
  }

  Result<std::vector<EvidenceRecord>> of_report(std::int64_t report_id) override {
    auto r = c_.query(
        "SELECT id, report_id, target, file_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at"
        " FROM evidence WHERE report_id = $1 ORDER BY id",
        {report_id});
    if (!r) return Unexpected{std::move(r).error()};
    std::vector<EvidenceRecord> out;
    const EvidenceColumns c(*r);
    for (std::size_t i = 0; i < r->size(); ++i) out.push_back(c.at(*r, i));
    return out;
  }

  Result<std::optional<EvidenceRecord>> find(std::int64_t id) override {
    auto r = c_.query(
        "SELECT id, report_id, target, file_name, content_type, size_bytes, sha256, content, uploaded_by, uploaded_at"
        " FROM evidence WHERE id = $1",
        {id});
    if (!r) return Unexpected{std::move(r).error()};
    if (r->empty()) return std::optional<EvidenceRecord>{};
    auto e = EvidenceColumns(*r).at(*r, 0);
    e.content = r->get_text(0, r->column("content"));
    return std::optional<EvidenceRecord>(std::move(e));
  }

  Result<void> remove(std::int64_t id) override {
    if (writes_.tracking()) {
      auto r = c_.query("SELECT report_id FROM evidence WHERE id = $1", {id});
      if (!r) return Unexpected{std::move(r).error()};
      if (!r->empty()) TIENBO_TRY(writes_.report(r->get_int(0, 0)));
    }
    return as_void(c_.execute("DELETE FROM evidence WHERE id = $1", {id}));
  }

  Result<std::int64_t> bytes_of_unit(std::int64_t unit_id) override {
    if (c_.backend() == db::Backend::Postgres) {
      // 7301: the evidence-quota lock space (two-key advisory locks, released at commit or rollback).
      auto locked = c_.query("SELECT pg_advisory_xact_lock(7301, CAST($1 AS INTEGER))", {unit_id});
      if (!locked) return Unexpected{std::move(locked).error()};
    }
    auto r = c_.query(
        "SELECT CAST(COALESCE(SUM(e.size_bytes), 0) AS BIGINT) FROM evidence e JOIN report r ON r.id = e.report_id"
        " WHERE r.unit_id = $1",
        {unit_id});
    if (!r) return Unexpected{std::move(r).error()};
    return r->get_int(0, 0);
  }

 private:
  db::Connection& c_;
  ReportWriteTracker& writes_;
};

}  // namespace

std::unique_ptr<EvidenceRepository> make_evidence_repository(db::Connection& c, ReportWriteTracker& writes) {
  return std::make_unique<SqlEvidenceRepository>(c, writes);
}

}  // namespace tienbo::store::sql
