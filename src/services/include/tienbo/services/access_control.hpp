#pragma once
// Authorization in one place. Every service call that reads or changes
// something scoped to a unit asks AccessControl::require(principal, action,
// unit) before touching it; handlers never decide. A refused read is reported
// as "not found" (no existence leak), a refused write as "forbidden".

#include <cstdint>
#include <string>
#include <vector>

#include "tienbo/auth/policy.hpp"
#include "tienbo/core/result.hpp"
#include "tienbo/services/context.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services {

class AccessControl {
 public:
  //! Succeeds when a grant of `principal` allows `action` on `unit_id`'s subtree
  //! chain. For reads, a unit that ended (the 2025 reform) is also readable by
  //! whoever may read one of the units it became. `what` names the target in
  //! the not-found message, e.g. "đơn vị 01" / "unit 01".
  static core::Result<void> require(store::Tx& tx, const Principal& principal, auth::Action action,
                                    std::int64_t unit_id, const std::string& what_vi, const std::string& what_en);
  static core::Result<bool> can(store::Tx& tx, const Principal& principal, auth::Action action, std::int64_t unit_id);
  //! The units whose subtrees `principal` may act on.
  static std::vector<std::int64_t> roots(const Principal& principal, auth::Action action);
  //! The refusal for an action: 404 for reads, 403 for writes.
  static core::Error refusal(auth::Action action, const std::string& what_vi, const std::string& what_en);
};

}  // namespace tienbo::services
