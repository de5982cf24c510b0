#include <gtest/gtest.h>

#include <argon2.h>

#include <atomic>
#include <thread>
#include <vector>

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

// Issue #12: "Bình-Đẳng-2030" typed with a decomposing keyboard (Unicode tổ hợp: "i" + U+0300, "a" +
// U+0306 + U+0309) is the same password as the composed one.
const char* kComposed = "B\xC3\xACnh-\xC4\x90\xE1\xBA\xB3ng-2030";  // Bình-Đẳng-2030, NFC
const char* kDecomposed =
    "Bi\xCC\x80nh-\xC4\x90"
    "a\xCC\x86\xCC\x89ng-2030";  // the same, NFD

TEST(Password, ComposedAndDecomposedVietnameseAreTheSamePassword) {
  auto from_nfc = hash_password(kComposed, kFast);
  auto from_nfd = hash_password(kDecomposed, kFast);
  ASSERT_TRUE(from_nfc && from_nfd);
  for (const auto& h : {*from_nfc, *from_nfd}) {
    EXPECT_TRUE(verify_password(kComposed, h));
    EXPECT_TRUE(verify_password(kDecomposed, h));
    EXPECT_FALSE(verify_password("Binh-Dang-2030", h));
  }
  // The policy counts letters, not combining marks: 14 characters either way, and the login check folds too.
  EXPECT_TRUE(check_password_policy(kDecomposed, "lan"));
  // "Đẳng1ắ": 6 characters, 10 code points when decomposed.
  EXPECT_FALSE(
      check_password_policy("\xC4\x90"
                            "a\xCC\x86\xCC\x89ng1a\xCC\x86\xCC\x81",
                            "x"));
}

TEST(Password, AHashMadeFromDecomposedBytesBeforeTheChangeStillVerifies) {
  // What hash_password stored before passwords were composed: argon2id over the raw NFD bytes.
  const std::string salt = "0123456789abcdef";
  const std::string pw = kDecomposed;
  std::string encoded(argon2_encodedlen(1, 1024, 1, 16, 32, Argon2_id), '\0');
  ASSERT_EQ(argon2id_hash_encoded(1, 1024, 1, pw.data(), pw.size(), salt.data(), salt.size(), 32, encoded.data(),
                                  encoded.size()),
            ARGON2_OK);
  encoded.resize(encoded.find('\0'));
  EXPECT_TRUE(verify_password(kDecomposed, encoded));
  EXPECT_FALSE(verify_password("Binh-Dang-2030", encoded));
}

// However many threads hash or verify at once, at most one argon2id per core runs (issue #12, the
// deadline day: sign-in threads that wait for the database never leave hashing capacity idle,
// and more of them never means more hashing at once). A watcher samples the running count.
TEST(Password, AtMostOneArgon2idPerCoreRunsAtOnce) {
  const PasswordHashOptions slow{2, 8 * 1024, 1};
  auto h = hash_password("Đồng-hồ-2026", slow);
  ASSERT_TRUE(h);
  const std::size_t cores = hashing_capacity();
  ASSERT_GE(cores, 1U);
  std::atomic<bool> stop{false};
  std::atomic<std::size_t> most{0};
  std::thread watcher([&] {
    while (!stop.load()) {
      const std::size_t now = hashing_now();
      std::size_t seen = most.load();
      while (now > seen && !most.compare_exchange_weak(seen, now)) {
      }
    }
  });
  std::vector<std::thread> callers;
  std::atomic<int> verified{0};
  for (std::size_t t = 0; t < 3 * cores + 2; ++t) {
    callers.emplace_back([&, t] {
      for (int i = 0; i < 4; ++i) {
        if (t % 2 == 0) {
          if (verify_password("Đồng-hồ-2026", *h)) ++verified;
        } else {
          EXPECT_TRUE(hash_password("Khác-2026", slow));
        }
      }
    });
  }
  for (auto& c : callers) c.join();
  stop = true;
  watcher.join();
  EXPECT_GE(most.load(), 1U) << "the watcher saw hashing";
  EXPECT_LE(most.load(), cores) << "more argon2id at once than cores";
  EXPECT_EQ(hashing_now(), 0U);
  EXPECT_EQ(verified.load(), static_cast<int>(4 * ((3 * cores + 2 + 1) / 2)));
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
