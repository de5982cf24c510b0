#pragma once
// Plain records the repositories read and write. Dates are ISO text.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tienbo/core/domain.hpp"
#include "tienbo/core/member_role.hpp"

namespace tienbo::store {

struct UnitRecord {
  std::int64_t id = 0;
  std::string code;
  std::string name_vi;
  std::string name_en;
  core::UnitType unit_type = core::UnitType::Nation;  //!< read and written as core::to_string's text
  std::string category;  //!< e.g. "Tỉnh", "Thành phố trực thuộc trung ương", "Xã", "Phường", "Đặc khu"
  std::string hierarchy = "territorial";  //!< "territorial" or "sector:<code>"
  std::optional<std::int64_t> parent_id;
  std::optional<std::int64_t> location_id;  //!< territorial location of a sector unit
  std::string valid_from = "0001-01-01";
  std::string valid_to = "9999-12-31";  //!< inclusive
};

struct LineageRecord {
  std::int64_t old_unit_id = 0;
  std::int64_t new_unit_id = 0;
  std::string kind;  //!< "full" or "partial"
  double share = 1.0;
  std::string effective_date;
};

struct CommitteeRecord {
  std::int64_t id = 0;
  std::int64_t unit_id = 0;
  std::string name_vi;
  std::string name_en;
  std::optional<std::int64_t> standing_agency_id;
  std::string decision_number;
  std::string decision_date;
  std::string established_on;
  std::optional<std::string> dissolved_on;
};

struct ConsolidationRecord {
  std::int64_t id = 0;
  std::int64_t committee_id = 0;
  std::string decision_number;
  std::string decision_date;
  std::string effective_date;
  std::string note;
};

struct MemberRecord {
  std::int64_t id = 0;
  std::int64_t committee_id = 0;
  std::string full_name;
  std::string sex;  //!< "F" or "M"
  std::string position;
  std::optional<std::int64_t> agency_unit_id;
  core::MemberRole role = core::MemberRole::Member;  //!< the role column's text read by core::parse_member_role
  std::string decision_number;
  std::string decision_date;
  std::string term_start;
  std::optional<std::string> term_end;
  std::optional<std::int64_t> appointed_in;
  std::optional<std::int64_t> ended_in;
};

struct UserRecord {
  std::int64_t id = 0;
  std::string login;
  std::string display_name;
  std::string email;
  std::int64_t unit_id = 0;
  std::string password_hash;
  bool disabled = false;
  bool must_change_password = false;
  std::string password_changed_at;
};

struct RoleGrant {
  std::string role;
  std::int64_t unit_id = 0;
  bool operator==(const RoleGrant&) const = default;
};

struct SessionRecord {
  std::string token_hash;
  std::int64_t user_id = 0;
  std::string csrf_token;
  std::string created_at;
  std::string last_seen_at;
  std::string expires_at;
  std::string client_address;
  std::string user_agent;
};

struct AuditRecord {
  std::string actor;
  std::string request_id;
  std::string action;       //!< "create", "update", "delete", "sign_in", ...
  std::string entity_type;  //!< "user", "unit", "committee", ...
  std::string entity_id;
  std::optional<std::int64_t> unit_id;  //!< the unit the entity belongs to (scopes who may read the entry)
  std::optional<std::string> before_json;
  std::optional<std::string> after_json;
};

struct AuditEntry {
  std::int64_t seq = 0;
  std::string unit_code;  //!< code of record.unit_id (list() only), empty when none
  std::string occurred_at;
  AuditRecord record;
  std::string prev_hash;
  std::string hash;
};

struct AuditFilter {
  std::optional<std::string> entity_type;
  std::optional<std::string> entity_id;
  std::optional<std::string> actor;
  std::optional<std::string> from;         //!< inclusive timestamp prefix, e.g. "2026-11-01"
  std::optional<std::string> to;           //!< exclusive
  std::optional<std::int64_t> before_seq;  //!< paging: entries older than this
  //! Entries whose unit lies in one of these subtrees; empty = no unit filter.
  std::vector<std::int64_t> scope_roots;
  bool include_unitless = true;  //!< entries with no unit (system changes)
  std::int64_t limit = 100;
};

struct AuditVerification {
  bool ok = true;
  std::int64_t entries = 0;
  std::optional<std::int64_t> broken_seq;  //!< the first entry that does not check out
  std::string reason_vi;
  std::string reason_en;
};

}  // namespace tienbo::store
