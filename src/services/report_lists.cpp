// Reports across units: the approver's inbox, the unit's past reports, and approving many at once.
#include "report_internal.hpp"

#include <algorithm>

#include "tienbo/auth/policy.hpp"

namespace tienbo::services {

core::Result<store::ReportPage> ReportService::list(const Principal& p, auth::Action right, store::ReportQuery q) {
  q.scope_roots = auth::scope_roots(p.grants, right);
  q.limit = std::clamp<std::int64_t>(q.limit, 1, 500);
  q.offset = std::max<std::int64_t>(q.offset, 0);
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return core::Unexpected{std::move(tx).error()};
  return (*tx)->report_lists().list(q);
}

core::Result<std::vector<BatchOutcome>> ReportService::approve_many(const Principal& p,
                                                                    const std::vector<BatchApproval>& items,
                                                                    const std::string& comment) {
  std::vector<BatchOutcome> out;
  out.reserve(items.size());
  for (const auto& item : items) {
    BatchOutcome o{item, std::nullopt, std::nullopt};
    auto view = approve(p, item.form, item.unit, item.period, {item.version, comment, {}});
    if (view) {
      o.view = std::move(*view);
    } else {
      o.error = std::move(view).error();  // said beside the report; the others go on
    }
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace tienbo::services
