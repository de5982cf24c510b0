// The role × action matrix, the scope rule and the token helpers.

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "openapi_enum.hpp"
#include "tienbo/auth/policy.hpp"
#include "tienbo/auth/token.hpp"

namespace tienbo::auth {
namespace {

constexpr std::array<Action, kActionCount> kAllActions{
    Action::UnitRead,   Action::UnitManage, Action::CommitteeRead, Action::CommitteeManage, Action::UserRead,
    Action::UserManage, Action::AuditRead,  Action::DataRead,      Action::DataEdit,        Action::DataApprove};

constexpr std::array<Role, 5> kAllRoles{Role::Administrator, Role::Manager, Role::Editor, Role::Approver, Role::Viewer};

// The matrix written out independently of policy.cpp: one row per role.
struct MatrixRow {
  Role role;
  std::set<Action> allowed;
};

std::vector<MatrixRow> expected_matrix() {
  using A = Action;
  return {
      {Role::Administrator,
       {A::UnitRead, A::UnitManage, A::CommitteeRead, A::CommitteeManage, A::UserRead, A::UserManage, A::AuditRead,
        A::DataRead, A::DataEdit, A::DataApprove}},
      {Role::Manager,
       {A::UnitRead, A::CommitteeRead, A::CommitteeManage, A::UserRead, A::AuditRead, A::DataRead, A::DataEdit}},
      {Role::Editor, {A::UnitRead, A::CommitteeRead, A::DataRead, A::DataEdit}},
      {Role::Approver, {A::UnitRead, A::CommitteeRead, A::DataRead, A::DataApprove, A::AuditRead}},
      {Role::Viewer, {A::UnitRead, A::CommitteeRead, A::DataRead}},
  };
}

TEST(Policy, RoleActionMatrixMatchesTheDocumentedTable) {
  const auto matrix = expected_matrix();
  ASSERT_EQ(matrix.size(), kAllRoles.size());
  int checked = 0;
  for (const auto& row : matrix) {
    for (Action a : kAllActions) {
      EXPECT_EQ(role_allows(row.role, a), row.allowed.count(a) == 1) << role_name(row.role) << " × " << action_name(a);
      ++checked;
    }
  }
  EXPECT_EQ(checked, 5 * 10);
  EXPECT_EQ(matrix[0].allowed.size(), 10u);
  EXPECT_EQ(matrix[1].allowed.size(), 7u);
}

TEST(Policy, ActionCountCoversEveryAction) {
  std::set<std::string_view> names;
  for (Action a : kAllActions) names.insert(action_name(a));
  EXPECT_EQ(names.size(), kActionCount);
  EXPECT_EQ(names.count("?"), 0u);
  EXPECT_EQ(action_name(Action::UnitRead), "unit.read");
  EXPECT_EQ(action_name(Action::DataApprove), "data.approve");
}

TEST(Policy, WriteActionsAreTheFiveThatChangeSomething) {
  const std::set<Action> writes{Action::UnitManage, Action::CommitteeManage, Action::UserManage, Action::DataEdit,
                                Action::DataApprove};
  for (Action a : kAllActions) EXPECT_EQ(is_write(a), writes.count(a) == 1) << action_name(a);
}

TEST(Policy, RoleNamesRoundTrip) {
  for (Role r : kAllRoles) {
    auto parsed = parse_role(role_name(r));
    ASSERT_TRUE(parsed) << role_name(r);
    EXPECT_EQ(*parsed, r);
  }
  EXPECT_EQ(role_name(Role::Administrator), "administrator");
  EXPECT_EQ(role_name(Role::Viewer), "viewer");
  EXPECT_FALSE(parse_role(""));
  EXPECT_FALSE(parse_role("Administrator"));
  EXPECT_FALSE(parse_role("superuser"));
  EXPECT_FALSE(parse_role("viewer "));
}

TEST(Policy, OpenApiListsExactlyTheRoleNames) {
  const auto documented = test::openapi_enum(std::string(TIENBO_SOURCE_DIR) + "/docs/openapi.yaml", "Role");
  std::set<std::string> names;
  for (Role r : kAllRoles) names.insert(std::string(role_name(r)));
  EXPECT_EQ(std::set<std::string>(documented.begin(), documented.end()), names);
  EXPECT_EQ(documented.size(), names.size());
}

// A small tree: VN(1) → 01(10) → 00070(100), 00004(101); VN(1) → 79(20) → 26734(200).
const std::vector<std::int64_t> kChainOf00070{100, 10, 1};
const std::vector<std::int64_t> kChainOf00004{101, 10, 1};
const std::vector<std::int64_t> kChainOf01{10, 1};
const std::vector<std::int64_t> kChainOf26734{200, 20, 1};

TEST(Policy, GrantOnTheUnitItselfAllows) {
  const std::vector<Grant> g{{Role::Editor, 100}};
  EXPECT_TRUE(allows(g, Action::DataEdit, kChainOf00070));
  EXPECT_TRUE(allows(g, Action::UnitRead, kChainOf00070));
  EXPECT_FALSE(allows(g, Action::DataApprove, kChainOf00070));  // not an editor's action
}

TEST(Policy, GrantOnAnAncestorCoversTheSubtree) {
  const std::vector<Grant> province{{Role::Manager, 10}};
  EXPECT_TRUE(allows(province, Action::CommitteeManage, kChainOf00070));
  EXPECT_TRUE(allows(province, Action::CommitteeManage, kChainOf01));
  const std::vector<Grant> nation{{Role::Administrator, 1}};
  EXPECT_TRUE(allows(nation, Action::UserManage, kChainOf26734));
  EXPECT_TRUE(allows(nation, Action::UnitManage, kChainOf00070));
}

TEST(Policy, GrantOnASiblingDoesNotAllow) {
  const std::vector<Grant> sibling{{Role::Administrator, 101}};
  EXPECT_FALSE(allows(sibling, Action::UnitRead, kChainOf00070));
  const std::vector<Grant> other_province{{Role::Administrator, 20}};
  EXPECT_FALSE(allows(other_province, Action::UnitRead, kChainOf00070));
  EXPECT_FALSE(allows(other_province, Action::UnitRead, kChainOf01));
}

TEST(Policy, GrantOnADescendantDoesNotReachUp) {
  const std::vector<Grant> commune{{Role::Administrator, 100}};
  EXPECT_FALSE(allows(commune, Action::UnitRead, kChainOf01));
  EXPECT_FALSE(allows(commune, Action::UnitRead, std::vector<std::int64_t>{1}));
}

TEST(Policy, AnyMatchingGrantSufficesAndRoleStillCounts) {
  // A viewer at the nation and an editor at a commune: data entry only at the commune.
  const std::vector<Grant> g{{Role::Viewer, 1}, {Role::Editor, 100}};
  EXPECT_TRUE(allows(g, Action::DataRead, kChainOf26734));
  EXPECT_FALSE(allows(g, Action::DataEdit, kChainOf26734));
  EXPECT_TRUE(allows(g, Action::DataEdit, kChainOf00070));
  EXPECT_FALSE(allows(g, Action::DataEdit, kChainOf00004));
  EXPECT_FALSE(allows(std::vector<Grant>{}, Action::UnitRead, kChainOf00070));
  EXPECT_FALSE(allows(g, Action::UnitRead, std::vector<std::int64_t>{}));
}

TEST(Policy, ScopeRootsListsGrantUnitsForTheActionOnce) {
  const std::vector<Grant> g{{Role::Viewer, 1}, {Role::Manager, 10}, {Role::Editor, 100}, {Role::Approver, 10}};
  EXPECT_EQ(scope_roots(g, Action::UnitRead), (std::vector<std::int64_t>{1, 10, 100}));
  EXPECT_EQ(scope_roots(g, Action::AuditRead), (std::vector<std::int64_t>{10}));  // manager and approver, once
  EXPECT_EQ(scope_roots(g, Action::DataEdit), (std::vector<std::int64_t>{10, 100}));
  EXPECT_TRUE(scope_roots(g, Action::UserManage).empty());
  EXPECT_TRUE(scope_roots(std::vector<Grant>{}, Action::UnitRead).empty());
}

TEST(Token, RandomTokenIsBase64UrlOfTheRightLength) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  // ceil(bytes * 8 / 6) characters, no padding.
  EXPECT_EQ(random_token().size(), 43u);
  EXPECT_EQ(random_token(32).size(), 43u);
  EXPECT_EQ(random_token(24).size(), 32u);
  EXPECT_EQ(random_token(1).size(), 2u);
  EXPECT_EQ(random_token(3).size(), 4u);
  EXPECT_EQ(random_token(0).size(), 0u);
  for (int i = 0; i < 50; ++i) {
    const std::string t = random_token(32);
    EXPECT_EQ(t.find_first_not_of(alphabet), std::string::npos) << t;
    EXPECT_EQ(t.find('='), std::string::npos);
  }
}

TEST(Token, RandomTokensAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(random_token(16));
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(Token, ConstantTimeEqualsComparesWholeStrings) {
  EXPECT_TRUE(constant_time_equals("", ""));
  EXPECT_TRUE(constant_time_equals("abc", "abc"));
  EXPECT_FALSE(constant_time_equals("abc", "abd"));
  EXPECT_FALSE(constant_time_equals("abc", "xbc"));
  EXPECT_FALSE(constant_time_equals("abc", "abcd"));
  EXPECT_FALSE(constant_time_equals("abcd", "abc"));
  EXPECT_FALSE(constant_time_equals("", "a"));
  const std::string with_nul("a\0b", 3);
  EXPECT_FALSE(constant_time_equals(with_nul, std::string("a\0c", 3)));
  EXPECT_TRUE(constant_time_equals(with_nul, std::string("a\0b", 3)));
}

TEST(Token, Sha256HexOfKnownVectors) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc").size(), 64u);
}

}  // namespace
}  // namespace tienbo::auth
