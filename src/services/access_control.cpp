#include "tienbo/services/access_control.hpp"

namespace tienbo::services {

using core::ErrorCode;

core::Error AccessControl::refusal(auth::Action action, const std::string& what_vi, const std::string& what_en) {
  if (auth::is_write(action)) {
    return core::make_error(ErrorCode::Forbidden, "bạn không có quyền thực hiện thao tác này với " + what_vi,
                            "you are not allowed to do this to " + what_en);
  }
  return core::make_error(ErrorCode::NotFound, "không tìm thấy " + what_vi, "not found: " + what_en);
}

core::Result<bool> AccessControl::can(store::Tx& tx, const Principal& p, auth::Action action, std::int64_t unit_id) {
  if (p.grants.empty()) return false;
  auto ancestry = tx.units().ancestor_ids(unit_id);
  if (!ancestry) return core::Unexpected{std::move(ancestry).error()};
  if (auth::allows(p.grants, action, *ancestry)) return true;
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
  auto ok = can(tx, p, action, unit_id);
  if (!ok) return core::Unexpected{std::move(ok).error()};
  if (!*ok) return core::Unexpected{refusal(action, what_vi, what_en)};
  return {};
}

std::vector<std::int64_t> AccessControl::roots(const Principal& p, auth::Action action) {
  return auth::scope_roots(p.grants, action);
}

}  // namespace tienbo::services
