#pragma once
// Committees for the Advancement of Women (Ban VSTBPN) of a unit, their
// members and consolidations (kiện toàn). History is kept: a consolidation ends
// memberships and starts new ones, so "who was on the committee on date D" and
// the member counts by sex and role on D are always answerable.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tienbo/core/result.hpp"
#include "tienbo/services/context.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services {

struct CommitteeCommand {
  std::string name_vi;  //!< default: "Ban Vì sự tiến bộ của phụ nữ"
  std::string name_en;
  std::string standing_agency_code;  //!< the standing agency (cơ quan thường trực), a unit
  std::string decision_number;
  std::string decision_date;
  std::string established_on;  //!< default: today
  std::optional<std::string> dissolved_on;
};

struct MemberCommand {
  std::string full_name;
  std::string sex;  //!< "F" (nữ) or "M" (nam)
  std::string position;
  std::string agency_code;  //!< the member's agency (a unit), optional
  std::string
      role;  //!< chair, standing_vice_chair, vice_chair, standing_member, member, secretary (core::parse_member_role)
  std::string decision_number;
  std::string decision_date;
  std::string term_start;  //!< default: the consolidation's effective date, or today
};

struct ConsolidationCommand {
  std::string decision_number;
  std::string decision_date;
  std::string effective_date;
  std::string note;
  std::vector<std::int64_t> end_member_ids;  //!< memberships that end the day before effective_date
  std::vector<MemberCommand> new_members;    //!< memberships that start on effective_date
};

struct CommitteeView {
  store::CommitteeRecord committee;
  std::string unit_code;
  std::string standing_agency_code;
  //! What the caller may do with it (the access rules' answer, so no menu leads to a refusal):
  //! "edit", "appoint" and "end_member" for whom committee.manage reaches its unit; empty otherwise.
  std::vector<std::string_view> actions;
};

struct MemberView {
  store::MemberRecord member;
  std::string agency_code;
};

struct MemberStats {
  std::string as_of;
  std::int64_t total = 0;
  std::int64_t women = 0;
  std::int64_t men = 0;
  //! core::to_string(role) -> (women, men), every role present; keyed by the text so the JSON keeps its order.
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> by_role;
};

class CommitteeService {
 public:
  explicit CommitteeService(store::Store& store) : store_(store) {}

  core::Result<std::vector<CommitteeView>> list(const Principal& p, const std::string& unit_code);
  core::Result<CommitteeView> get(const Principal& p, std::int64_t id);
  core::Result<CommitteeView> create(const Principal& p, const std::string& unit_code, const CommitteeCommand& cmd);
  core::Result<CommitteeView> update(const Principal& p, std::int64_t id, const CommitteeCommand& cmd);
  //! Members serving on `as_of` (default today), or the whole history when `history`.
  core::Result<std::vector<MemberView>> members(const Principal& p, std::int64_t id, const std::string& as_of,
                                                bool history);
  core::Result<MemberView> add_member(const Principal& p, std::int64_t id, const MemberCommand& cmd);
  core::Result<MemberView> end_member(const Principal& p, std::int64_t id, std::int64_t member_id,
                                      const std::string& term_end);
  core::Result<std::vector<store::ConsolidationRecord>> consolidations(const Principal& p, std::int64_t id);
  core::Result<store::ConsolidationRecord> consolidate(const Principal& p, std::int64_t id,
                                                       const ConsolidationCommand& cmd);
  core::Result<MemberStats> stats(const Principal& p, std::int64_t id, const std::string& as_of);

 private:
  store::Store& store_;
};

}  // namespace tienbo::services
