#include <gtest/gtest.h>

#include "tienbo/auth/password.hpp"

namespace tienbo::auth {
namespace {

// Cheap cost for tests; production defaults are exercised once below.
const PasswordHashOptions kFast{1, 1024, 1};

TEST(Password, HashIsArgon2idAndVerifies) {
  auto h = hash_password("MậtKhẩu-2026", kFast);
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->starts_with("$argon2id$v=19$m=1024,t=1,p=1$")) << *h;
  EXPECT_TRUE(verify_password("MậtKhẩu-2026", *h));
  EXPECT_FALSE(verify_password("MatKhau-2026", *h));
  EXPECT_FALSE(verify_password("", *h));
}

TEST(Password, SaltsDiffer) {
  auto a = hash_password("SamePassword1", kFast);
  auto b = hash_password("SamePassword1", kFast);
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(verify_password("SamePassword1", *b));
}

TEST(Password, DefaultCostFollowsOwasp) {
  auto h = hash_password("DefaultCost2026");
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << *h;
  EXPECT_TRUE(verify_password("DefaultCost2026", *h));
}

TEST(Password, RejectsOtherSchemesAndGarbage) {
  EXPECT_FALSE(verify_password("x", "$2b$10$abcdefghijklmnopqrstuv"));
  EXPECT_FALSE(verify_password("x", "not a hash"));
  EXPECT_FALSE(verify_password("x", "$argon2id$v=19$m=1024,t=1,p=1$bad"));
}

TEST(PasswordPolicy, NamesTheFieldAndTheRule) {
  auto short_pw = check_password_policy("abc123", "lan");
  ASSERT_FALSE(short_pw);
  EXPECT_EQ(short_pw.error().field, "password");
  EXPECT_NE(short_pw.error().message_vi.find("10 ký tự"), std::string::npos);
  EXPECT_FALSE(check_password_policy("onlyletterspassword", "lan"));
  EXPECT_FALSE(check_password_policy("1234567890123", "lan"));
  auto has_login = check_password_policy("Nguyenlan2026", "nguyenlan");
  ASSERT_FALSE(has_login);
  EXPECT_NE(has_login.error().message_en.find("login"), std::string::npos);
  EXPECT_TRUE(check_password_policy("Bình-Đẳng-2030", "lan"));
  // Ten Vietnamese characters are ten characters, not their byte count.
  EXPECT_FALSE(check_password_policy("Đẳng1ắ", "x"));
}

}  // namespace
}  // namespace tienbo::auth
