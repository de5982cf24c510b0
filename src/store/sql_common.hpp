#pragma once
// Private helpers shared by the SQL repositories.

#include <optional>
#include <string>
#include <string_view>
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
Result<Enum> enum_at(const db::Rows& r, std::size_t row, std::size_t col, std::optional<Enum> (*parse)(std::string_view),
                     std::string_view column) {
  const std::string text = r.get_text(row, col);
  if (auto e = parse(text)) return *e;
  return core::fail(core::ErrorCode::DatabaseError, "cột " + std::string(column) + " chứa \"" + text + "\" không hợp lệ",
                    "column " + std::string(column) + " holds \"" + text + "\", which is not valid");
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

std::unique_ptr<UnitRepository> make_unit_repository(db::Connection& c);
std::unique_ptr<UserRepository> make_user_repository(db::Connection& c);
std::unique_ptr<CommitteeRepository> make_committee_repository(db::Connection& c);
std::unique_ptr<SessionRepository> make_session_repository(db::Connection& c);
std::unique_ptr<AuditRepository> make_audit_repository(db::Connection& c);
std::unique_ptr<MetadataRepository> make_metadata_repository(db::Connection& c);
std::unique_ptr<ReportRepository> make_report_repository(db::Connection& c);
std::unique_ptr<SearchRepository> make_search_repository(db::Connection& c);
std::unique_ptr<NotificationRepository> make_notification_repository(db::Connection& c);

}  // namespace tienbo::store::sql
