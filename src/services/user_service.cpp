#include "tienbo/services/user_service.hpp"

#include <array>
#include <cctype>

#include "tienbo/core/log.hpp"

namespace tienbo::services {

using core::ErrorCode;
using core::fail;

bool is_known_role(std::string_view role) {
  static constexpr std::array<std::string_view, 5> kRoles{"administrator", "manager", "editor", "approver", "viewer"};
  for (auto r : kRoles) {
    if (r == role) return true;
  }
  return false;
}

namespace {

core::Result<void> check_login(std::string_view login) {
  bool ok = login.size() >= 3 && login.size() <= 64;
  for (char ch : login) {
    const auto c = static_cast<unsigned char>(ch);
    if (!(std::islower(c) || std::isdigit(c) || c == '.' || c == '_' || c == '-')) ok = false;
  }
  if (!ok) {
    return fail(ErrorCode::InvalidValue,
                "tên đăng nhập \"" + std::string(login) + "\" không hợp lệ: cần 3–64 ký tự chữ thường không dấu, số, '.', '_' hoặc '-'",
                "login \"" + std::string(login) + "\" is not valid: use 3-64 lower-case letters, digits, '.', '_' or '-'",
                "login");
  }
  return {};
}

}  // namespace

core::Result<std::int64_t> UserService::add_user(const AddUserCommand& cmd, const Actor& actor) {
  TIENBO_TRY(check_login(cmd.login));
  if (!is_known_role(cmd.role)) {
    return fail(ErrorCode::InvalidValue,
                "vai trò \"" + cmd.role + "\" không tồn tại; chọn administrator, manager, editor, approver hoặc viewer",
                "role \"" + cmd.role + "\" does not exist; choose administrator, manager, editor, approver or viewer",
                "role");
  }
  TIENBO_TRY(auth::check_password_policy(cmd.password, cmd.login));

  auto tx = store_.begin(store::Access::Write);
  if (!tx) return core::Unexpected{std::move(tx).error()};
  auto unit = (*tx)->units().find_by_code(cmd.unit_code);
  if (!unit) return core::Unexpected{std::move(unit).error()};
  if (!*unit) {
    return fail(ErrorCode::InvalidValue, "không có đơn vị mã \"" + cmd.unit_code + "\"",
                "there is no unit with code \"" + cmd.unit_code + "\"", "unit");
  }
  auto existing = (*tx)->users().find_by_login(cmd.login);
  if (!existing) return core::Unexpected{std::move(existing).error()};
  if (*existing) {
    return fail(ErrorCode::Conflict, "tên đăng nhập \"" + cmd.login + "\" đã có người dùng",
                "login \"" + cmd.login + "\" is already taken", "login");
  }
  auto hash = auth::hash_password(cmd.password, hashing_);
  if (!hash) return core::Unexpected{std::move(hash).error()};

  store::UserRecord user;
  user.login = cmd.login;
  user.display_name = cmd.display_name.empty() ? cmd.login : cmd.display_name;
  user.email = cmd.email;
  user.unit_id = (*unit)->id;
  user.password_hash = std::move(*hash);
  auto id = (*tx)->users().insert(user);
  if (!id) return core::Unexpected{std::move(id).error()};
  TIENBO_TRY((*tx)->users().grant_role(*id, cmd.role, (*unit)->id));

  std::string after = "{\"login\":";
  core::append_json_string(after, user.login);
  after += ",\"displayName\":";
  core::append_json_string(after, user.display_name);
  after += ",\"unit\":";
  core::append_json_string(after, cmd.unit_code);
  after += ",\"role\":";
  core::append_json_string(after, cmd.role);
  after += "}";
  TIENBO_TRY((*tx)->audit().append({actor.login, actor.request_id, "create", "user", cmd.login, std::nullopt, after}));
  TIENBO_TRY((*tx)->commit());
  return *id;
}

}  // namespace tienbo::services
