#pragma once
// Authorization in one place. Every service call that reads or changes
// something scoped to a unit asks AccessControl::require(principal, action,
// unit) before touching it; handlers never decide. A refusal never tells a
// target the caller may not see from one that does not exist: a refused read,
// and a refused write of something the caller cannot even read, get the very
// answer a missing target gets (404, or the 422 of a missing unit named in a
// body). Only a caller who can see the target is told "forbidden" (403).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tienbo/auth/policy.hpp"
#include "tienbo/core/result.hpp"
#include "tienbo/services/context.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services {

//! What a caller may do to the report of one unit, decided from its grants and the unit's
//! ancestry (unit first, as store::UnitRepository::ancestor_ids gives it) alone: the test `can`
//! makes for a write. A cache of rendered reports keeps one variant per `bits()`.
struct ReportRights {
  bool edit = false;     //!< enter data, submit, consolidate, attach evidence (data.edit on the unit)
  bool approve = false;  //!< approve, return, excuse children (data.approve on the unit)
  bool reopen = false;   //!< reopen an approved report: data.approve on the level above, or unit.manage
  [[nodiscard]] unsigned bits() const { return (edit ? 1U : 0U) | (approve ? 2U : 0U) | (reopen ? 4U : 0U); }
  static constexpr unsigned kVariants = 8;
};

class AccessControl {
 public:
  //! The rights over a report of the unit whose ancestry is `ancestry` (see ReportRights).
  static ReportRights report_rights(std::span<const auth::Grant> grants, std::span<const std::int64_t> ancestry);
  //! Succeeds when a grant of `principal` allows `action` on `unit_id`'s subtree
  //! chain. For reads, a unit that ended (the 2025 reform) is also readable by
  //! whoever may read one of the units it became. `what` names the target, e.g.
  //! "đơn vị 01" / "unit 01": a refusal is "không tìm thấy <what>" (404) — or
  //! `missing` when given, the exact error a target that does not exist gets —
  //! unless the action is a write and the caller may see the target (`seen_with`,
  //! by default the read right that goes with the action): then 403.
  static core::Result<void> require(store::Tx& tx, const Principal& principal, auth::Action action,
                                    std::int64_t unit_id, const std::string& what_vi, const std::string& what_en);
  static core::Result<void> require(store::Tx& tx, const Principal& principal, auth::Action action,
                                    std::int64_t unit_id, const std::string& what_vi, const std::string& what_en,
                                    const core::Error& missing, std::optional<auth::Action> seen_with = std::nullopt);
  static core::Result<bool> can(store::Tx& tx, const Principal& principal, auth::Action action, std::int64_t unit_id);
  //! True when a grant allows `action` on `unit_id` through its ancestry, and so on everything
  //! below it; false for a former unit read only through what it became, whose children must
  //! each be checked with `can` (one of them may have gone elsewhere).
  static core::Result<bool> covers_subtree(store::Tx& tx, const Principal& principal, auth::Action action,
                                           std::int64_t unit_id);
  //! The units whose subtrees `principal` may act on.
  static std::vector<std::int64_t> roots(const Principal& principal, auth::Action action);
};

}  // namespace tienbo::services
