#pragma once
// Who may do what: the five roles, the actions they grant, and the scope rule
// (a role granted on a unit covers that unit and its whole subtree). Pure: the
// caller supplies the grants and the target unit's ancestry.
// services::AccessControl is the one place that applies this to a request.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace tienbo::auth {

enum class Role : std::uint8_t { Administrator, Manager, Editor, Approver, Viewer };

enum class Action : std::uint8_t {
  UnitRead,         //!< see units, their tree and lineage
  UnitManage,       //!< create and change units
  CommitteeRead,    //!< see committees and members
  CommitteeManage,  //!< create committees, appoint and end members, consolidate
  UserRead,         //!< see users and their roles
  UserManage,       //!< create users, reset passwords, grant roles, disable
  AuditRead,        //!< read the audit trail
  DataRead,         //!< read report data (reporting engine)
  DataEdit,         //!< enter report data
  DataApprove,      //!< approve or return reports
};

inline constexpr std::uint8_t kActionCount = 10;

std::optional<Role> parse_role(std::string_view name);
std::string_view role_name(Role role);
std::string_view action_name(Action action);
//! True for actions that change something (refusals are 403, not 404).
bool is_write(Action action);
//! The role × action matrix (docs/architecture.md lists it).
bool role_allows(Role role, Action action);

struct Grant {
  Role role = Role::Viewer;
  std::int64_t unit_id = 0;
};

//! True when some grant allows `action` on a unit of `ancestry` (the target
//! unit first, then its parent, ... up to its root).
bool allows(std::span<const Grant> grants, Action action, std::span<const std::int64_t> ancestry);

//! The units at which `grants` allow `action` (each covers its subtree).
std::vector<std::int64_t> scope_roots(std::span<const Grant> grants, Action action);

}  // namespace tienbo::auth
