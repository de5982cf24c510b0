#pragma once
// Who has reported: expected reports of a form and period over a subtree,
// received, received on time (before the deadline of each unit's level),
// approved, and the objective completeness of what arrived (how many data
// elements and narrative sections are actually filled); and "my reports due"
// for a user, overdue first.

#include <optional>
#include <string>
#include <vector>

#include "tienbo/core/domain.hpp"
#include "tienbo/core/result.hpp"
#include "tienbo/services/context.hpp"
#include "tienbo/services/metadata_service.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services {

struct CompletenessRow {
  std::string unit_code;
  std::string unit_name_vi;
  core::UnitType unit_type = core::UnitType::Nation;
  std::string status;  //!< missing, draft, returned, submitted, approved
  std::optional<std::string> submitted_at;
  std::optional<std::string> due_before;
  std::optional<bool> on_time;  //!< set once submitted
  double filled = 0;            //!< share of data elements and narratives filled, 0..1
  std::int64_t unit_id = 0;
};

struct Completeness {
  std::string form;
  std::string form_name_vi;
  std::string period;
  std::string unit;
  std::int64_t expected = 0;
  std::int64_t received = 0;  //!< submitted or approved
  std::int64_t on_time = 0;
  std::int64_t approved = 0;
  double filled_average = 0;          //!< over received reports
  std::vector<CompletenessRow> rows;  //!< missing and late first
  //! What the caller may do from here, decided from its rights on the unit: "remind" (data.edit
  //! or data.approve), "consolidate" (data.edit, units below it, its own report not locked).
  std::vector<std::string_view> actions;
};

struct DueReport {
  std::string form;
  std::string form_name_vi;
  std::string unit_code;
  std::string unit_name_vi;
  std::string period;
  std::string period_label_vi;
  std::optional<std::string> due_before;
  std::string status;  //!< missing, draft, returned
  bool overdue = false;
  std::optional<int> days_left;  //!< negative when overdue
};

class CompletenessService {
 public:
  CompletenessService(store::Store& store, MetadataService& metadata) : store_(store), metadata_(metadata) {}
  core::Result<Completeness> compute(const Principal& p, const std::string& form, const std::string& period,
                                     const std::string& unit);
  //! Reports the user must still send: for each unit where the user enters data, each
  //! form it reports, the current and recent periods not yet submitted; overdue first.
  core::Result<std::vector<DueReport>> due(const Principal& p, const std::string& today);

 private:
  store::Store& store_;
  MetadataService& metadata_;
};

}  // namespace tienbo::services
