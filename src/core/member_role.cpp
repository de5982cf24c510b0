#include "tienbo/core/member_role.hpp"

namespace tienbo::core {

std::optional<MemberRole> parse_member_role(std::string_view s) {
  for (const auto r : kMemberRoles) {
    if (to_string(r) == s) return r;
  }
  return std::nullopt;
}

std::string_view to_string(MemberRole r) {
  switch (r) {
    case MemberRole::Chair:
      return "chair";
    case MemberRole::StandingViceChair:
      return "standing_vice_chair";
    case MemberRole::ViceChair:
      return "vice_chair";
    case MemberRole::StandingMember:
      return "standing_member";
    case MemberRole::Member:
      return "member";
    case MemberRole::Secretary:
      return "secretary";
  }
  return "member";
}

std::string_view label_vi(MemberRole r) {
  switch (r) {
    case MemberRole::Chair:
      return "Trưởng ban";
    case MemberRole::StandingViceChair:
      return "Phó Trưởng ban thường trực";
    case MemberRole::ViceChair:
      return "Phó Trưởng ban";
    case MemberRole::StandingMember:
      return "Ủy viên thường trực";
    case MemberRole::Member:
      return "Thành viên";
    case MemberRole::Secretary:
      return "Thư ký / Tổ giúp việc";
  }
  return "";
}

}  // namespace tienbo::core
