#include "tienbo/services/user_service.hpp"

#include <algorithm>
#include <cctype>

#include "tienbo/core/date.hpp"
#include "tienbo/core/json_writer.hpp"
#include "tienbo/core/text.hpp"
#include "tienbo/services/access_control.hpp"
#include "tienbo/services/text_input.hpp"

namespace tienbo::services {

using auth::Action;
using core::ErrorCode;
using core::fail;
using core::Unexpected;

bool is_known_role(std::string_view role) { return auth::parse_role(role).has_value(); }

namespace {

core::Result<void> check_login(std::string_view login) {
  bool ok = login.size() >= 3 && login.size() <= 64;
  for (char ch : login) {
    const auto c = static_cast<unsigned char>(ch);
    if (!(std::islower(c) || std::isdigit(c) || c == '.' || c == '_' || c == '-')) ok = false;
  }
  if (!ok) {
    return fail(
        ErrorCode::InvalidValue,
        "tên đăng nhập \"" + std::string(login) +
            "\" không hợp lệ: cần 3–64 ký tự chữ thường không dấu, số, '.', '_' hoặc '-'",
        "login \"" + std::string(login) + "\" is not valid: use 3-64 lower-case letters, digits, '.', '_' or '-'",
        "login");
  }
  return {};
}

core::Result<void> check_role(const std::string& role) {
  if (!is_known_role(role)) {
    return fail(ErrorCode::InvalidValue,
                "vai trò \"" + role + "\" không tồn tại; chọn administrator, manager, editor, approver hoặc viewer",
                "role \"" + role + "\" does not exist; choose administrator, manager, editor, approver or viewer",
                "role");
  }
  return {};
}

core::Result<void> check_email(const std::string& email) {
  if (email.empty()) return {};
  const auto at = email.find('@');
  if (at == std::string::npos || at == 0 || email.find('.', at) == std::string::npos || email.size() > 254 ||
      email.find(' ') != std::string::npos) {
    return fail(ErrorCode::InvalidValue, "địa chỉ thư điện tử \"" + email + "\" không hợp lệ",
                "e-mail address \"" + email + "\" is not valid", "email");
  }
  return {};
}

// The account as its audit entries record it (a creation adds the role granted with it).
core::JsonObject user_json(const store::UserRecord& u, const std::string& unit_code) {
  core::JsonObject j;
  j.add("login", u.login)
      .add("displayName", u.display_name)
      .add("email", u.email)
      .add("unit", unit_code)
      .add("disabled", u.disabled);
  return j;
}

std::string role_json(const std::string& role, const std::string& unit_code) {
  return core::JsonObject().add("role", role).add("unit", unit_code).str();
}

// What a unit code that names no current unit answers — and so one outside the caller's scope.
core::Error unit_missing(const std::string& code) {
  return core::make_error(ErrorCode::InvalidValue, "không có đơn vị mã \"" + code + "\" đang hoạt động",
                          "there is no current unit with code \"" + code + "\"", "unit");
}

core::Result<store::UnitRecord> current_unit(store::Tx& tx, const std::string& code) {
  auto unit = tx.units().find_by_code(code, core::today_in_vietnam());
  if (!unit) return Unexpected{std::move(unit).error()};
  if (!*unit) return Unexpected{unit_missing(code)};
  return std::move(**unit);
}

core::Result<UserView> view_of(store::Tx& tx, store::UserRecord u) {
  UserView v;
  auto unit = tx.units().find_by_id(u.unit_id);
  if (!unit) return Unexpected{std::move(unit).error()};
  if (*unit) v.unit_code = (*unit)->code;
  auto grants = tx.users().grants(u.id);
  if (!grants) return Unexpected{std::move(grants).error()};
  for (const auto& g : *grants) {
    auto gu = tx.units().find_by_id(g.unit_id);
    if (!gu) return Unexpected{std::move(gu).error()};
    v.roles.emplace_back(g.role, *gu ? (*gu)->code : "");
  }
  u.password_hash.clear();
  v.user = std::move(u);
  return v;
}

// Finds a user the principal may act on; out-of-scope users are "not found" for reads.
core::Result<store::UserRecord> scoped_user(store::Tx& tx, const Principal& p, const std::string& login,
                                            Action action) {
  auto u = tx.users().find_by_login(login);
  if (!u) return Unexpected{std::move(u).error()};
  if (!*u) return fail(ErrorCode::NotFound, "không tìm thấy người dùng " + login, "not found: user " + login);
  TIENBO_TRY(AccessControl::require(tx, p, action, (*u)->unit_id, "người dùng " + login, "user " + login));
  return std::move(**u);
}

}  // namespace

core::Result<std::int64_t> UserService::add_user(const AddUserCommand& cmd, const Actor& actor) {
  TIENBO_TRY(check_login(cmd.login));
  TIENBO_TRY(check_role(cmd.role));
  TIENBO_TRY(check_email(cmd.email));
  TIENBO_TRY(auth::check_password_policy(cmd.password, cmd.login));
  auto hash = auth::hash_password(cmd.password, hashing_);
  if (!hash) return Unexpected{std::move(hash).error()};

  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto unit = current_unit(**tx, cmd.unit_code);
  if (!unit) return Unexpected{std::move(unit).error()};
  auto existing = (*tx)->users().find_by_login(cmd.login);
  if (!existing) return Unexpected{std::move(existing).error()};
  if (*existing) {
    return fail(ErrorCode::Conflict, "tên đăng nhập \"" + cmd.login + "\" đã có người dùng",
                "login \"" + cmd.login + "\" is already taken", "login");
  }
  store::UserRecord user;
  user.login = cmd.login;
  auto display = clean_text(cmd.display_name.empty() ? cmd.login : cmd.display_name, "displayName", 200, Required::Yes);
  if (!display) return Unexpected{std::move(display).error()};
  user.display_name = std::move(*display);
  user.email = cmd.email;
  user.unit_id = unit->id;
  user.password_hash = std::move(*hash);
  user.must_change_password = cmd.must_change_password;
  auto id = (*tx)->users().insert(user);
  if (!id) return Unexpected{std::move(id).error()};
  TIENBO_TRY((*tx)->users().grant_role(*id, cmd.role, unit->id));
  const std::string after = user_json(user, cmd.unit_code).add("role", cmd.role).str();
  TIENBO_TRY((*tx)->audit().append(
      {actor.login, actor.request_id, "create", "user", cmd.login, unit->id, std::nullopt, after}));
  TIENBO_TRY((*tx)->commit());
  return *id;
}

core::Result<UserView> UserService::create(const Principal& p, const AddUserCommand& cmd) {
  {
    auto tx = store_.begin(store::Access::Read);
    if (!tx) return Unexpected{std::move(tx).error()};
    auto unit = current_unit(**tx, cmd.unit_code);
    if (!unit) return Unexpected{std::move(unit).error()};
    TIENBO_TRY(AccessControl::require(**tx, p, Action::UserManage, unit->id, "đơn vị " + cmd.unit_code,
                                      "unit " + cmd.unit_code, unit_missing(cmd.unit_code), Action::UnitRead));
  }
  AddUserCommand c = cmd;
  c.must_change_password = true;  // a password set by someone else is changed at first sign-in
  auto id = add_user(c, p.actor());
  if (!id) return Unexpected{std::move(id).error()};
  return get(p, cmd.login);
}

core::Result<UserView> UserService::get(const Principal& p, const std::string& login) {
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto u = scoped_user(**tx, p, login, Action::UserRead);
  if (!u) return Unexpected{std::move(u).error()};
  return view_of(**tx, std::move(*u));
}

core::Result<UserView> UserService::me(const Principal& p) {
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto u = (*tx)->users().find_by_id(p.user_id);
  if (!u) return Unexpected{std::move(u).error()};
  if (!*u) return fail(ErrorCode::Unauthenticated, "tài khoản không còn tồn tại", "the account no longer exists");
  return view_of(**tx, std::move(**u));
}

core::Result<std::vector<std::string_view>> UserService::abilities(const Principal& p) {
  std::vector<std::string_view> out;
  for (const auto& [action, name] :
       {std::pair{Action::DataEdit, "reports.edit"}, std::pair{Action::DataApprove, "reports.approve"},
        std::pair{Action::AuditRead, "audit.read"}, std::pair{Action::UserManage, "users.manage"}}) {
    if (!AccessControl::roots(p, action).empty()) out.emplace_back(name);
  }
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto nation = (*tx)->units().find_by_code("VN", core::today_in_vietnam());
  if (!nation) return Unexpected{std::move(nation).error()};
  if (*nation) {
    auto may = AccessControl::can(**tx, p, Action::CommitteeManage, (*nation)->id);
    if (!may) return Unexpected{std::move(may).error()};
    if (*may) out.emplace_back("deadlines.edit");
  }
  return out;
}

core::Result<std::vector<UserView>> UserService::list(const Principal& p, std::int64_t limit) {
  const auto roots = AccessControl::roots(p, Action::UserRead);
  if (roots.empty()) return std::vector<UserView>{};
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto users = (*tx)->users().list(roots, std::clamp<std::int64_t>(limit, 1, 5000));
  if (!users) return Unexpected{std::move(users).error()};
  std::vector<UserView> out;
  for (auto& u : *users) {
    auto v = view_of(**tx, std::move(u));
    if (!v) return Unexpected{std::move(v).error()};
    out.push_back(std::move(*v));
  }
  return out;
}

core::Result<UserView> UserService::update(const Principal& p, const std::string& login, const UpdateUserCommand& cmd) {
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto u = scoped_user(**tx, p, login, Action::UserManage);
  if (!u) return Unexpected{std::move(u).error()};
  auto before_view = view_of(**tx, *u);
  if (!before_view) return Unexpected{std::move(before_view).error()};
  const std::string before = user_json(*u, before_view->unit_code).str();
  if (cmd.display_name) {
    auto name = clean_text(*cmd.display_name, "displayName", 200, Required::Yes);
    if (!name) return Unexpected{std::move(name).error()};
    u->display_name = std::move(*name);
  }
  if (cmd.email) {
    TIENBO_TRY(check_email(*cmd.email));
    u->email = *cmd.email;
  }
  if (cmd.disabled) {
    if (*cmd.disabled && u->id == p.user_id) {
      return fail(ErrorCode::InvalidValue, "bạn không thể tự khóa tài khoản của mình",
                  "you cannot disable your own account", "disabled");
    }
    u->disabled = *cmd.disabled;
    if (u->disabled) {
      auto n = (*tx)->sessions().remove_for_user(u->id, std::nullopt);
      if (!n) return Unexpected{std::move(n).error()};
    }
  }
  TIENBO_TRY((*tx)->users().update_profile(*u));
  TIENBO_TRY((*tx)->audit().append({p.login, p.request_id, "update", "user", login, u->unit_id, before,
                                    user_json(*u, before_view->unit_code).str()}));
  auto v = view_of(**tx, std::move(*u));
  if (!v) return Unexpected{std::move(v).error()};
  TIENBO_TRY(commit_and_publish(**tx, changes_, change::kAccounts));
  return v;
}

core::Result<void> UserService::reset_password(const Principal& p, const std::string& login, const std::string& next) {
  auto policy = auth::check_password_policy(next, login);
  if (!policy) {
    auto e = std::move(policy).error();
    e.field = "newPassword";
    return Unexpected{std::move(e)};
  }
  auto hash = auth::hash_password(next, hashing_);
  if (!hash) return Unexpected{std::move(hash).error()};
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto u = scoped_user(**tx, p, login, Action::UserManage);
  if (!u) return Unexpected{std::move(u).error()};
  TIENBO_TRY((*tx)->users().set_password(u->id, *hash, true));
  auto n = (*tx)->sessions().remove_for_user(u->id, std::nullopt);
  if (!n) return Unexpected{std::move(n).error()};
  TIENBO_TRY((*tx)->audit().append({p.login, p.request_id, "reset_password", "user", login, u->unit_id, std::nullopt,
                                    core::JsonObject().add("mustChangePassword", true).str()}));
  return commit_and_publish(**tx, changes_, change::kAccounts);
}

core::Result<void> UserService::change_password(const Principal& p, const std::string& current,
                                                const std::string& next) {
  std::optional<store::UserRecord> user;
  {
    auto tx = store_.begin(store::Access::Read);
    if (!tx) return Unexpected{std::move(tx).error()};
    auto u = (*tx)->users().find_by_id(p.user_id);
    if (!u) return Unexpected{std::move(u).error()};
    user = std::move(*u);
  }
  if (!user || !auth::verify_password(current, user->password_hash)) {
    return fail(ErrorCode::InvalidValue, "mật khẩu hiện tại không đúng", "the current password is wrong",
                "currentPassword");
  }
  if (current == next) {
    return fail(ErrorCode::InvalidValue, "mật khẩu mới phải khác mật khẩu hiện tại",
                "the new password must differ from the current one", "newPassword");
  }
  auto policy = auth::check_password_policy(next, user->login);
  if (!policy) {
    auto e = std::move(policy).error();
    e.field = "newPassword";
    return Unexpected{std::move(e)};
  }
  auto hash = auth::hash_password(next, hashing_);
  if (!hash) return Unexpected{std::move(hash).error()};
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  TIENBO_TRY((*tx)->users().set_password(user->id, *hash, false));
  auto n = (*tx)->sessions().remove_for_user(user->id, p.session_hash);
  if (!n) return Unexpected{std::move(n).error()};
  TIENBO_TRY((*tx)->audit().append(
      {p.login, p.request_id, "change_password", "user", user->login, user->unit_id, std::nullopt, std::nullopt}));
  return commit_and_publish(**tx, changes_, change::kAccounts);
}

core::Result<UserView> UserService::grant(const Principal& p, const std::string& login, const std::string& role,
                                          const std::string& unit_code) {
  TIENBO_TRY(check_role(role));
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto u = scoped_user(**tx, p, login, Action::UserManage);
  if (!u) return Unexpected{std::move(u).error()};
  auto unit = current_unit(**tx, unit_code);
  if (!unit) return Unexpected{std::move(unit).error()};
  // A role can only be granted where the granter manages users: no escalation beyond one's scope.
  TIENBO_TRY(AccessControl::require(**tx, p, Action::UserManage, unit->id, "đơn vị " + unit_code, "unit " + unit_code,
                                    unit_missing(unit_code), Action::UnitRead));
  auto granted = (*tx)->users().grant_role(u->id, role, unit->id);
  if (!granted) {
    if (granted.error().code == ErrorCode::Conflict) {
      return fail(ErrorCode::Conflict, login + " đã có vai trò " + role + " tại " + unit_code,
                  login + " already has role " + role + " at " + unit_code, "role");
    }
    return Unexpected{std::move(granted).error()};
  }
  TIENBO_TRY((*tx)->audit().append(
      {p.login, p.request_id, "grant_role", "user", login, unit->id, std::nullopt, role_json(role, unit_code)}));
  auto v = view_of(**tx, std::move(*u));
  if (!v) return Unexpected{std::move(v).error()};
  TIENBO_TRY(commit_and_publish(**tx, changes_, change::kAccounts));
  return v;
}

core::Result<UserView> UserService::revoke(const Principal& p, const std::string& login, const std::string& role,
                                           const std::string& unit_code) {
  TIENBO_TRY(check_role(role));
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto u = scoped_user(**tx, p, login, Action::UserManage);
  if (!u) return Unexpected{std::move(u).error()};
  auto unit = current_unit(**tx, unit_code);
  if (!unit) return Unexpected{std::move(unit).error()};
  TIENBO_TRY(AccessControl::require(**tx, p, Action::UserManage, unit->id, "đơn vị " + unit_code, "unit " + unit_code,
                                    unit_missing(unit_code), Action::UnitRead));
  auto removed = (*tx)->users().revoke_role(u->id, role, unit->id);
  if (!removed) return Unexpected{std::move(removed).error()};
  if (!*removed) {
    return fail(ErrorCode::NotFound, login + " không có vai trò " + role + " tại " + unit_code,
                login + " has no role " + role + " at " + unit_code, "role");
  }
  TIENBO_TRY((*tx)->audit().append(
      {p.login, p.request_id, "revoke_role", "user", login, unit->id, role_json(role, unit_code), std::nullopt}));
  auto v = view_of(**tx, std::move(*u));
  if (!v) return Unexpected{std::move(v).error()};
  TIENBO_TRY(commit_and_publish(**tx, changes_, change::kAccounts));
  return v;
}

}  // namespace tienbo::services
