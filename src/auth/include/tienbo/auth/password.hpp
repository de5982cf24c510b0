#pragma once
// Password hashing with argon2id (libargon2) in the PHC string format, and the
// password policy. Pure: no database, no I/O.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tienbo/core/result.hpp"

namespace tienbo::auth {

//! argon2id cost. The defaults follow OWASP's recommendation (19 MiB, t=2, p=1).
struct PasswordHashOptions {
  std::uint32_t time_cost = 2;
  std::uint32_t memory_kib = 19 * 1024;
  std::uint32_t parallelism = 1;
};

//! "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>" with a fresh 16-byte random salt. The password is
//! composed (NFC of Vietnamese) first, so "Bình" typed decomposed is the same password.
core::Result<std::string> hash_password(std::string_view password, const PasswordHashOptions& options = {});

//! True when `password`, composed, matches `encoded` (any argon2id cost); constant-time compare. A
//! decomposed password also matches a hash made from its own bytes before passwords were composed.
bool verify_password(std::string_view password, std::string_view encoded);

//! argon2id computations running now, and the most that run at once (one per core): hashing and
//! verifying wait for a free slot, however many threads call them.
std::size_t hashing_now();
std::size_t hashing_capacity();

//! The password policy, on the composed password: 10 to 128 characters, at least one letter and one
//! digit, not containing the login. The error names the field "password".
core::Result<void> check_password_policy(std::string_view password, std::string_view login);

}  // namespace tienbo::auth
