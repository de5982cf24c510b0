#pragma once
// Private to store/: the read queries of a report's files — its evidence and the official figures —
// which SqlReportRepository (sql_reports.cpp) answers with.

#include <optional>
#include <vector>

#include "sql_common.hpp"

namespace tienbo::store::sql {

//! The bytes of evidence the unit's reports hold (on PostgreSQL under the unit's quota lock).
Result<std::int64_t> evidence_bytes_of_unit(db::Connection& c, std::int64_t unit_id);
//! A report's evidence, without the files' content.
Result<std::vector<EvidenceRecord>> evidence_of_report(db::Connection& c, std::int64_t report_id);
//! One evidence file, with its content.
Result<std::optional<EvidenceRecord>> find_evidence(db::Connection& c, std::int64_t id);
//! Every official figure.
Result<std::vector<OfficialValueRecord>> official_values(db::Connection& c);

}  // namespace tienbo::store::sql
