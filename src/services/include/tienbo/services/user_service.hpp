#pragma once
// User accounts: creation, profile, passwords (argon2id, policy, change and
// administrator reset), role grants on unit scopes, disabling. Every change is
// authorized by AccessControl and audited in the same transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tienbo/auth/password.hpp"
#include "tienbo/core/result.hpp"
#include "tienbo/services/change_feed.hpp"
#include "tienbo/services/context.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services {

struct AddUserCommand {
  std::string login;
  std::string display_name;  //!< defaults to the login
  std::string email;
  std::string role;       //!< administrator, manager, editor, approver, viewer
  std::string unit_code;  //!< the unit the user belongs to and the role's scope
  std::string password;
  bool must_change_password = false;
};

struct UpdateUserCommand {
  std::optional<std::string> display_name;
  std::optional<std::string> email;
  std::optional<bool> disabled;
};

struct UserView {
  store::UserRecord user;  //!< password_hash is cleared
  std::string unit_code;
  std::vector<std::pair<std::string, std::string>> roles;  //!< (role, unit code)
};

class UserService {
 public:
  explicit UserService(store::Store& store, auth::PasswordHashOptions hashing = {})
      : store_(store), hashing_(hashing) {}

  //! For the command line and set-up (no principal): validates, hashes, stores the user,
  //! the role grant and the audit entry in one transaction. Returns the user id.
  core::Result<std::int64_t> add_user(const AddUserCommand& cmd, const Actor& actor);

  core::Result<UserView> create(const Principal& p, const AddUserCommand& cmd);
  core::Result<UserView> get(const Principal& p, const std::string& login);
  core::Result<std::vector<UserView>> list(const Principal& p, std::int64_t limit);
  core::Result<UserView> update(const Principal& p, const std::string& login, const UpdateUserCommand& cmd);
  //! An administrator sets a new password; the user must change it at next sign-in; sessions end.
  core::Result<void> reset_password(const Principal& p, const std::string& login, const std::string& next);
  //! The user changes their own password; other sessions end.
  core::Result<void> change_password(const Principal& p, const std::string& current, const std::string& next);
  core::Result<UserView> grant(const Principal& p, const std::string& login, const std::string& role,
                               const std::string& unit_code);
  core::Result<UserView> revoke(const Principal& p, const std::string& login, const std::string& role,
                                const std::string& unit_code);
  //! The signed-in user's own account.
  core::Result<UserView> me(const Principal& p);
  //! What the caller's grants open in the app, so that no menu leads to a refusal:
  //! "reports.edit", "reports.approve", "audit.read", "users.manage" (anywhere in its scope) and
  //! "deadlines.edit" (committee.manage on the nation, as MetadataService::set_deadline asks).
  core::Result<std::vector<std::string_view>> abilities(const Principal& p);

  //! Where account changes are announced (the signed-in caches of every instance drop them).
  void set_change_feed(const ChangeFeed* feed) { changes_ = feed; }

 private:
  store::Store& store_;
  auth::PasswordHashOptions hashing_;
  const ChangeFeed* changes_ = nullptr;
};

//! True for the five role names.
bool is_known_role(std::string_view role);

}  // namespace tienbo::services
