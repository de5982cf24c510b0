#include "sql_report_files.hpp"

namespace tienbo::store::sql {

Result<std::int64_t> evidence_bytes_of_unit(db::Connection& c, std::int64_t unit_id) {
  if (c.backend() == db::Backend::Postgres) {
    // 7301: the evidence-quota lock space (two-key advisory locks, released at commit or rollback).
    auto locked = c.query("SELECT pg_advisory_xact_lock(7301, CAST($1 AS INTEGER))", {unit_id});
    if (!locked) return Unexpected{std::move(locked).error()};
  }
  auto r = c.query(
      "SELECT CAST(COALESCE(SUM(e.size_bytes), 0) AS BIGINT) FROM evidence e JOIN report r ON r.id = e.report_id"
      " WHERE r.unit_id = $1",
      {unit_id});
  if (!r) return Unexpected{std::move(r).error()};
  return r->get_int(0, 0);
}

Result<std::vector<EvidenceRecord>> evidence_of_report(db::Connection& c, std::int64_t report_id) {
  auto r = c.query(
      "SELECT id, report_id, target, file_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at"
      " FROM evidence WHERE report_id = $1 ORDER BY id",
      {report_id});
  if (!r) return Unexpected{std::move(r).error()};
  std::vector<EvidenceRecord> out;
  for (std::size_t i = 0; i < r->size(); ++i) {
    out.push_back({r->get_int(i, 0), r->get_int(i, 1), r->get_text(i, 2), r->get_text(i, 3), r->get_text(i, 4),
                   r->get_int(i, 5), r->get_text(i, 6), "", r->get_text(i, 7), r->get_text(i, 8)});
  }
  return out;
}

Result<std::optional<EvidenceRecord>> find_evidence(db::Connection& c, std::int64_t id) {
  auto r = c.query(
      "SELECT id, report_id, target, file_name, content_type, size_bytes, sha256, content, uploaded_by, uploaded_at"
      " FROM evidence WHERE id = $1",
      {id});
  if (!r) return Unexpected{std::move(r).error()};
  if (r->empty()) return std::optional<EvidenceRecord>{};
  return std::optional<EvidenceRecord>(
      EvidenceRecord{r->get_int(0, 0), r->get_int(0, 1), r->get_text(0, 2), r->get_text(0, 3), r->get_text(0, 4),
                     r->get_int(0, 5), r->get_text(0, 6), r->get_text(0, 7), r->get_text(0, 8), r->get_text(0, 9)});
}

Result<std::vector<OfficialValueRecord>> official_values(db::Connection& c) {
  auto r = c.query(
      "SELECT data_element_id, period, unit_id, option_combo_id, value, numeric_value, data_source, updated_by, "
      "updated_at"
      " FROM official_value ORDER BY data_element_id, period, unit_id, option_combo_id");
  if (!r) return Unexpected{std::move(r).error()};
  std::vector<OfficialValueRecord> out;
  out.reserve(r->size());
  for (std::size_t i = 0; i < r->size(); ++i) {
    out.push_back({r->get_int(i, 0), r->get_text(i, 1), r->get_int(i, 2), r->get_int(i, 3), r->get_text(i, 4),
                   r->get_double(i, 5), r->get_text(i, 6), r->get_text(i, 7), r->get_text(i, 8)});
  }
  return out;
}

}  // namespace tienbo::store::sql
