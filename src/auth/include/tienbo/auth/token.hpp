#pragma once
// Random tokens for session cookies and CSRF, and their storage form.

#include <cstddef>
#include <string>
#include <string_view>

namespace tienbo::auth {

//! `bytes` random bytes from the operating system's CSPRNG, base64url without padding.
std::string random_token(std::size_t bytes = 32);

//! Lower-case hex SHA-256 (sessions are stored by the hash of their token).
std::string sha256_hex(std::string_view data);

//! Compares without leaking where the first difference is.
bool constant_time_equals(std::string_view a, std::string_view b);

}  // namespace tienbo::auth
