#include "tienbo/services/audit_service.hpp"

#include <algorithm>

#include "tienbo/core/date.hpp"
#include "tienbo/services/access_control.hpp"

namespace tienbo::services {

using core::ErrorCode;
using core::fail;
using core::Unexpected;

core::Result<std::vector<store::AuditEntry>> AuditService::list(const Principal& p, const AuditQuery& q) {
  for (const auto* bound : {&q.from, &q.to}) {
    if (*bound && !core::is_iso_date(bound->value().substr(0, 10))) {
      return fail(ErrorCode::InvalidValue, "mốc thời gian \"" + **bound + "\" không hợp lệ (YYYY-MM-DD)",
                  "time bound \"" + **bound + "\" is not valid (YYYY-MM-DD)", bound == &q.from ? "from" : "to");
    }
  }
  const auto roots = AccessControl::roots(p, auth::Action::AuditRead);
  if (roots.empty()) {
    return fail(ErrorCode::Forbidden, "bạn không có quyền xem nhật ký thay đổi",
                "you are not allowed to read the audit trail");
  }
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  store::AuditFilter f;
  f.entity_type = q.entity_type;
  f.entity_id = q.entity_id;
  f.actor = q.actor;
  f.from = q.from;
  f.to = q.to;
  f.before_seq = q.before_seq;
  f.limit = std::clamp<std::int64_t>(q.limit, 1, 1000);
  f.scope_roots = roots;
  // System entries (no unit) belong to the top: only a scope that includes a root sees them.
  f.include_unitless = false;
  for (auto id : roots) {
    auto anc = (*tx)->units().ancestor_ids(id);
    if (!anc) return Unexpected{std::move(anc).error()};
    if (anc->size() == 1) f.include_unitless = true;
  }
  return (*tx)->audit().list(f);
}

core::Result<store::AuditVerification> AuditService::verify(const std::function<void(std::int64_t)>& progress) {
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  return (*tx)->audit().verify(progress);
}

}  // namespace tienbo::services
