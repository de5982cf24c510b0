#include "tienbo/services/access_control.hpp"

namespace tienbo::services {

using core::ErrorCode;

namespace {

// The right that lets a caller see what `action` changes.
auth::Action seeing(auth::Action action) {
  switch (action) {
    case auth::Action::UnitManage:
      return auth::Action::UnitRead;
    case auth::Action::CommitteeManage:
      return auth::Action::CommitteeRead;
    case auth::Action::UserManage:
      return auth::Action::UserRead;
    case auth::Action::DataEdit:
    case auth::Action::DataApprove:
      return auth::Action::DataRead;
    default:
      return action;
  }
}

}  // namespace

ReportRights AccessControl::report_rights(std::span<const auth::Grant> grants, std::span<const std::int64_t> ancestry) {
  ReportRights r;
  if (grants.empty() || ancestry.empty()) return r;
  r.edit = auth::allows(grants, auth::Action::DataEdit, ancestry);
  r.approve = auth::allows(grants, auth::Action::DataApprove, ancestry);
  // The level above approves through the parent's ancestry: the unit's without the unit.
  r.reopen = (ancestry.size() > 1 && auth::allows(grants, auth::Action::DataApprove, ancestry.subspan(1))) ||
             auth::allows(grants, auth::Action::UnitManage, ancestry);
  return r;
}

core::Result<bool> AccessControl::covers_subtree(store::Tx& tx, const Principal& p, auth::Action action,
                                                 std::int64_t unit_id) {
  if (p.grants.empty()) return false;
  auto ancestry = tx.units().ancestor_ids(unit_id);
  if (!ancestry) return core::Unexpected{std::move(ancestry).error()};
  return auth::allows(p.grants, action, *ancestry);
}

core::Result<bool> AccessControl::can(store::Tx& tx, const Principal& p, auth::Action action, std::int64_t unit_id) {
  auto whole = covers_subtree(tx, p, action, unit_id);
  if (!whole || *whole) return whole;
  if (p.grants.empty()) return false;
  if (auth::is_write(action)) return false;
  // Reads of a former unit: allowed through the unit(s) it became.
  auto next = tx.units().successors(unit_id);
  if (!next) return core::Unexpected{std::move(next).error()};
  for (const auto& edge : *next) {
    auto a = tx.units().ancestor_ids(edge.new_unit_id);
    if (!a) return core::Unexpected{std::move(a).error()};
    if (auth::allows(p.grants, action, *a)) return true;
  }
  return false;
}

core::Result<void> AccessControl::require(store::Tx& tx, const Principal& p, auth::Action action, std::int64_t unit_id,
                                          const std::string& what_vi, const std::string& what_en) {
  return require(tx, p, action, unit_id, what_vi, what_en,
                 core::make_error(ErrorCode::NotFound, "không tìm thấy " + what_vi, "not found: " + what_en));
}

core::Result<void> AccessControl::require(store::Tx& tx, const Principal& p, auth::Action action, std::int64_t unit_id,
                                          const std::string& what_vi, const std::string& what_en,
                                          const core::Error& missing, std::optional<auth::Action> seen_with) {
  auto ok = can(tx, p, action, unit_id);
  if (!ok) return core::Unexpected{std::move(ok).error()};
  if (*ok) return {};
  if (auth::is_write(action)) {
    // Forbidden only where the caller can see the target: there, "forbidden" reveals nothing.
    auto seen = can(tx, p, seen_with.value_or(seeing(action)), unit_id);
    if (!seen) return core::Unexpected{std::move(seen).error()};
    if (*seen) {
      return core::Unexpected{core::make_error(ErrorCode::Forbidden,
                                               "bạn không có quyền thực hiện thao tác này với " + what_vi,
                                               "you are not allowed to do this to " + what_en)};
    }
  }
  return core::Unexpected{missing};
}

std::vector<std::int64_t> AccessControl::roots(const Principal& p, auth::Action action) {
  return auth::scope_roots(p.grants, action);
}

}  // namespace tienbo::services
