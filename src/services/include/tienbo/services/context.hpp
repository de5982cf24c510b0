#pragma once
// Who is acting and on behalf of which request: passed to every service call
// so authorization, audit entries and logs can name them.

#include <cstdint>
#include <string>
#include <vector>

#include "tienbo/auth/policy.hpp"

namespace tienbo::services {

//! The name written in audit entries, and the request it came from.
struct Actor {
  std::string login;       //!< "cli:<user>" for the command line.
  std::string request_id;  //!< The HTTP request id, or "cli".
};

//! A signed-in user as the services see it: identity and role grants.
struct Principal {
  std::int64_t user_id = 0;
  std::string login;
  std::string display_name;
  std::int64_t unit_id = 0;
  std::vector<auth::Grant> grants;
  bool must_change_password = false;
  std::string request_id;
  std::string session_hash;  //!< SHA-256 of the session token (empty outside HTTP)
  std::string csrf_token;

  [[nodiscard]] Actor actor() const { return {login, request_id}; }
};

}  // namespace tienbo::services
