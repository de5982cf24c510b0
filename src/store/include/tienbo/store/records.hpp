#pragma once
// Plain records the repositories read and write.

#include <cstdint>
#include <optional>
#include <string>

namespace tienbo::store {

struct UnitRecord {
  std::int64_t id = 0;
  std::string code;
  std::string name_vi;
  std::string name_en;
  std::string unit_type;
  std::optional<std::int64_t> parent_id;
};

struct UserRecord {
  std::int64_t id = 0;
  std::string login;
  std::string display_name;
  std::string email;
  std::int64_t unit_id = 0;
  std::string password_hash;
  bool disabled = false;
};

struct AuditRecord {
  std::string actor;
  std::string request_id;
  std::string action;       //!< "create", "update", "delete", ...
  std::string entity_type;  //!< "user", "unit", ...
  std::string entity_id;
  std::optional<std::string> before_json;
  std::optional<std::string> after_json;
};

}  // namespace tienbo::store
