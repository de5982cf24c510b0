#include "tienbo/auth/password.hpp"

#include <argon2.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <semaphore>
#include <thread>

#include "tienbo/core/text.hpp"

namespace tienbo::auth {

using core::ErrorCode;
using core::fail;

namespace {
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;

// Passwords are compared composed (NFC): "Bình" typed with a decomposing keyboard ("i" + U+0300,
// Unicode tổ hợp) is the same password. Bytes that are not UTF-8 are taken as they are.
std::string composed(std::string_view password) {
  return core::is_valid_utf8(password) ? core::to_nfc_vietnamese(password) : std::string(password);
}

// At most one argon2id computation per core at once, however many threads ask: each is a core's
// work for tens of milliseconds and 19 MiB. A sign-in's other steps (short database writes, which
// may wait for SQLite's single writer at the deadline) then never hold hashing capacity, so the
// server can give sign-in more threads than cores without more hashing at once than cores.
class HashingSlots {
 public:
  class Held {
   public:
    explicit Held(HashingSlots& s) : s_(s) {
      s_.free_.acquire();
      s_.running_.fetch_add(1);
    }
    Held(const Held&) = delete;
    Held& operator=(const Held&) = delete;
    ~Held() {
      s_.running_.fetch_sub(1);
      s_.free_.release();
    }

   private:
    HashingSlots& s_;
  };

  [[nodiscard]] std::size_t running() const { return running_.load(); }
  [[nodiscard]] std::size_t capacity() const { return capacity_; }

 private:
  std::size_t capacity_ = std::clamp(std::thread::hardware_concurrency(), 1U, 256U);
  std::counting_semaphore<256> free_{static_cast<std::ptrdiff_t>(capacity_)};
  std::atomic<std::size_t> running_{0};
};

HashingSlots& hashing_slots() {
  static HashingSlots slots;
  return slots;
}

bool argon2id_matches(std::string_view password, const std::string& encoded) {
  const HashingSlots::Held slot(hashing_slots());
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}
}  // namespace

std::size_t hashing_now() { return hashing_slots().running(); }
std::size_t hashing_capacity() { return hashing_slots().capacity(); }

core::Result<std::string> hash_password(std::string_view password_in, const PasswordHashOptions& options) {
  const std::string password = composed(password_in);
  std::array<unsigned char, kSaltBytes> salt{};
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    return fail(ErrorCode::Internal, "không tạo được muối ngẫu nhiên", "could not generate a random salt");
  }
  const std::size_t len =
      argon2_encodedlen(options.time_cost, options.memory_kib, options.parallelism, kSaltBytes, kHashBytes, Argon2_id);
  std::string encoded(len, '\0');
  const HashingSlots::Held slot(hashing_slots());
  int rc = argon2id_hash_encoded(options.time_cost, options.memory_kib, options.parallelism, password.data(),
                                 password.size(), salt.data(), salt.size(), kHashBytes, encoded.data(), len);
  if (rc != ARGON2_OK) {
    return fail(ErrorCode::Internal, std::string("lỗi argon2: ") + argon2_error_message(rc),
                std::string("argon2 error: ") + argon2_error_message(rc));
  }
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool verify_password(std::string_view password, std::string_view encoded) {
  if (!encoded.starts_with("$argon2id$")) return false;
  const std::string enc(encoded);
  const std::string nfc = composed(password);
  if (argon2id_matches(nfc, enc)) return true;
  // A hash made before passwords were composed, from decomposed bytes: only the same bytes match it.
  return nfc != password && argon2id_matches(password, enc);
}

core::Result<void> check_password_policy(std::string_view password_in, std::string_view login) {
  const std::string password = composed(password_in);
  // Length counts Unicode code points, not bytes: Vietnamese letters are multi-byte.
  std::size_t chars = 0;
  bool letter = false;
  bool digit = false;
  for (char ch : password) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c & 0xC0) != 0x80) ++chars;
    if (std::isdigit(c))
      digit = true;
    else if (std::isalpha(c) || c >= 0x80)
      letter = true;
  }
  if (chars < 10) {
    return fail(ErrorCode::InvalidValue, "mật khẩu phải có ít nhất 10 ký tự",
                "the password must have at least 10 characters", "password");
  }
  if (chars > 128) {
    return fail(ErrorCode::InvalidValue, "mật khẩu không được dài quá 128 ký tự",
                "the password must not be longer than 128 characters", "password");
  }
  if (!letter || !digit) {
    return fail(ErrorCode::InvalidValue, "mật khẩu phải có cả chữ và số",
                "the password must contain both letters and digits", "password");
  }
  if (!login.empty() && lower_ascii(password).find(lower_ascii(login)) != std::string::npos) {
    return fail(ErrorCode::InvalidValue, "mật khẩu không được chứa tên đăng nhập",
                "the password must not contain the login name", "password");
  }
  return {};
}

}  // namespace tienbo::auth
