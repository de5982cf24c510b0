#pragma once
// The role of a person on a Committee for the Advancement of Women (Ban Vì sự tiến bộ của
// phụ nữ), as its establishing or consolidating decision names it. Stored, sent and
// accepted as the text of to_string ("chair", "standing_vice_chair", ...); docs/openapi.yaml
// (MemberRole) lists the same six and the committee_member table's CHECK allows only them.
// The enum's order is the order of rank a committee's decision lists its members in.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace tienbo::core {

enum class MemberRole : std::uint8_t { Chair, StandingViceChair, ViceChair, StandingMember, Member, Secretary };

//! Every role, in the order of the enum.
inline constexpr std::array<MemberRole, 6> kMemberRoles{MemberRole::Chair,     MemberRole::StandingViceChair,
                                                        MemberRole::ViceChair, MemberRole::StandingMember,
                                                        MemberRole::Member,    MemberRole::Secretary};

//! "chair" -> MemberRole::Chair; nullopt for any other text (no trimming, no case folding).
std::optional<MemberRole> parse_member_role(std::string_view s);
//! "chair", "standing_vice_chair", "vice_chair", "standing_member", "member", "secretary".
std::string_view to_string(MemberRole r);
//! "Trưởng ban", "Phó Trưởng ban thường trực", "Phó Trưởng ban", "Ủy viên thường trực", "Thành viên",
//! "Thư ký / Tổ giúp việc".
std::string_view label_vi(MemberRole r);

}  // namespace tienbo::core
