#pragma once

#include <cstdint>
#include <string>

#include "tienbo/auth/password.hpp"
#include "tienbo/core/result.hpp"
#include "tienbo/services/context.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services {

struct AddUserCommand {
  std::string login;
  std::string display_name;  //!< defaults to the login
  std::string email;
  std::string role;          //!< administrator, manager, editor, approver, viewer
  std::string unit_code;     //!< the unit the user belongs to and the role's scope
  std::string password;
};

class UserService {
 public:
  UserService(store::Store& store, auth::PasswordHashOptions hashing = {}) : store_(store), hashing_(hashing) {}
  //! Validates, hashes the password with argon2id, stores the user and the
  //! role grant and the audit entry in one transaction. Returns the user id.
  core::Result<std::int64_t> add_user(const AddUserCommand& command, const Actor& actor);

 private:
  store::Store& store_;
  auth::PasswordHashOptions hashing_;
};

//! True for the five role names.
bool is_known_role(std::string_view role);

}  // namespace tienbo::services
