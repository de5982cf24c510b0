#include "tienbo/auth/policy.hpp"

#include <algorithm>
#include <array>

namespace tienbo::auth {

std::optional<Role> parse_role(std::string_view name) {
  if (name == "administrator") return Role::Administrator;
  if (name == "manager") return Role::Manager;
  if (name == "editor") return Role::Editor;
  if (name == "approver") return Role::Approver;
  if (name == "viewer") return Role::Viewer;
  return std::nullopt;
}

std::string_view role_name(Role role) {
  switch (role) {
    case Role::Administrator:
      return "administrator";
    case Role::Manager:
      return "manager";
    case Role::Editor:
      return "editor";
    case Role::Approver:
      return "approver";
    case Role::Viewer:
      return "viewer";
  }
  return "viewer";
}

std::string_view action_name(Action action) {
  switch (action) {
    case Action::UnitRead:
      return "unit.read";
    case Action::UnitManage:
      return "unit.manage";
    case Action::CommitteeRead:
      return "committee.read";
    case Action::CommitteeManage:
      return "committee.manage";
    case Action::UserRead:
      return "user.read";
    case Action::UserManage:
      return "user.manage";
    case Action::AuditRead:
      return "audit.read";
    case Action::DataRead:
      return "data.read";
    case Action::DataEdit:
      return "data.edit";
    case Action::DataApprove:
      return "data.approve";
  }
  return "?";
}

bool is_write(Action action) {
  switch (action) {
    case Action::UnitManage:
    case Action::CommitteeManage:
    case Action::UserManage:
    case Action::DataEdit:
    case Action::DataApprove:
      return true;
    default:
      return false;
  }
}

bool role_allows(Role role, Action action) {
  using A = Action;
  switch (role) {
    case Role::Administrator:
      return true;
    case Role::Manager:
      // The standing-agency officer: organisation, committees, data, the audit trail; not units or accounts.
      return action != A::UnitManage && action != A::UserManage && action != A::DataApprove;
    case Role::Editor:
      return action == A::UnitRead || action == A::CommitteeRead || action == A::DataRead || action == A::DataEdit;
    case Role::Approver:
      return action == A::UnitRead || action == A::CommitteeRead || action == A::DataRead || action == A::DataApprove ||
             action == A::AuditRead;
    case Role::Viewer:
      return action == A::UnitRead || action == A::CommitteeRead || action == A::DataRead;
  }
  return false;
}

bool allows(std::span<const Grant> grants, Action action, std::span<const std::int64_t> ancestry) {
  for (const Grant& g : grants) {
    if (!role_allows(g.role, action)) continue;
    if (std::find(ancestry.begin(), ancestry.end(), g.unit_id) != ancestry.end()) return true;
  }
  return false;
}

std::vector<std::int64_t> scope_roots(std::span<const Grant> grants, Action action) {
  std::vector<std::int64_t> out;
  for (const Grant& g : grants) {
    if (role_allows(g.role, action) && std::find(out.begin(), out.end(), g.unit_id) == out.end())
      out.push_back(g.unit_id);
  }
  return out;
}

}  // namespace tienbo::auth
