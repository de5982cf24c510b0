#include "tienbo/services/session_service.hpp"

#include <algorithm>
#include <cctype>

#include "tienbo/auth/password.hpp"
#include "tienbo/auth/token.hpp"
#include "tienbo/core/date.hpp"
#include "tienbo/core/log.hpp"

namespace tienbo::services {

using core::ErrorCode;
using core::fail;
using core::Unexpected;
using std::chrono::system_clock;

namespace {

// A real argon2id hash, verified for unknown logins so that the time taken
// does not tell whether an account exists.
const std::string& dummy_hash() {
  static const std::string hash = auth::hash_password("tienbo-no-such-user-0").value();
  return hash;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

core::Error throttled(system_clock::time_point retry_at, system_clock::time_point now, bool per_address, int limit) {
  const auto wait = std::chrono::ceil<std::chrono::seconds>(retry_at - now).count();
  const std::string when = core::vietnam_clock_time(retry_at);
  auto e = core::make_error(
      ErrorCode::TooManyRequests,
      per_address ? "Có quá nhiều lần đăng nhập sai từ máy này. Hãy thử lại sau " + std::to_string(wait) + " giây (lúc " +
                        when + ", giờ Việt Nam)."
                  : "Đăng nhập sai " + std::to_string(limit) + " lần liên tiếp. Hãy thử lại sau " + std::to_string(wait) +
                        " giây (lúc " + when + ", giờ Việt Nam).",
      per_address ? "Too many failed sign-ins from this address. Try again in " + std::to_string(wait) + " s (at " + when +
                        " Viet Nam time)."
                  : std::to_string(limit) + " failed sign-ins in a row. Try again in " + std::to_string(wait) + " s (at " +
                        when + " Viet Nam time).",
      "password");
  e.details["retryAfter"] = std::to_string(std::max<long long>(1, wait));
  return e;
}

}  // namespace

core::Result<std::vector<auth::Grant>> load_grants(store::Tx& tx, std::int64_t user_id) {
  auto rows = tx.users().grants(user_id);
  if (!rows) return Unexpected{std::move(rows).error()};
  std::vector<auth::Grant> out;
  for (const auto& g : *rows) {
    if (auto role = auth::parse_role(g.role)) out.push_back({*role, g.unit_id});
  }
  return out;
}

SessionService::SessionService(store::Store& store, SessionOptions options, Clock clock)
    : store_(store), options_(options), clock_(clock ? std::move(clock) : Clock([] { return system_clock::now(); })) {}

core::Result<SignInResult> SessionService::sign_in(const std::string& login_in, const std::string& password,
                                                   const std::string& client_address, const std::string& user_agent,
                                                   const std::string& request_id) {
  const std::string login = lower(login_in);
  if (login.empty() || login.size() > 64) {
    return fail(ErrorCode::InvalidValue, "hãy nhập tên đăng nhập", "enter your login name", "login");
  }
  if (password.empty()) return fail(ErrorCode::InvalidValue, "hãy nhập mật khẩu", "enter your password", "password");
  const auto now = clock_();
  const std::string since = core::utc_timestamp(now - options_.failure_window);

  // Throttling comes first: a throttled attempt does not even check the password.
  std::optional<store::UserRecord> user;
  {
    auto tx = store_.begin(store::Access::Read);
    if (!tx) return Unexpected{std::move(tx).error()};
    auto by_login = (*tx)->sessions().failures_for_login(login, since, options_.max_failures_per_login);
    if (!by_login) return Unexpected{std::move(by_login).error()};
    if (static_cast<int>(by_login->size()) >= options_.max_failures_per_login) {
      const auto last = core::parse_utc_timestamp(by_login->front()).value_or(now);
      if (now < last + options_.lockout) {
        return Unexpected{throttled(last + options_.lockout, now, false, options_.max_failures_per_login)};
      }
    }
    auto by_address = (*tx)->sessions().failures_from_address(client_address, since, options_.max_failures_per_address);
    if (!by_address) return Unexpected{std::move(by_address).error()};
    if (static_cast<int>(by_address->size()) >= options_.max_failures_per_address) {
      const auto last = core::parse_utc_timestamp(by_address->front()).value_or(now);
      if (now < last + options_.lockout) {
        return Unexpected{throttled(last + options_.lockout, now, true, options_.max_failures_per_address)};
      }
    }
    auto found = (*tx)->users().find_by_login(login);
    if (!found) return Unexpected{std::move(found).error()};
    user = std::move(*found);
  }
  // argon2id takes tens of milliseconds: check it outside any transaction, so
  // that no database lock is held meanwhile.
  const bool password_ok = auth::verify_password(password, user ? user->password_hash : dummy_hash()) && user;
  const bool disabled = user && user->disabled;

  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  const std::string at = core::utc_timestamp(now);
  TIENBO_TRY((*tx)->sessions().record_attempt(login, client_address, password_ok && !disabled, at));
  if (!password_ok || disabled) {
    // The failure must be counted even though the sign-in fails.
    TIENBO_TRY((*tx)->commit());
    if (password_ok && disabled) {
      return fail(ErrorCode::Unauthenticated, "tài khoản " + login + " đã bị khóa; hãy liên hệ quản trị viên",
                  "account " + login + " is disabled; contact your administrator", "login");
    }
    auto again = store_.begin(store::Access::Read);
    int left = options_.max_failures_per_login;
    if (again) {
      auto failures = (*again)->sessions().failures_for_login(login, since, options_.max_failures_per_login);
      if (failures) left -= static_cast<int>(failures->size());
    }
    if (left <= 0) return Unexpected{throttled(now + options_.lockout, now, false, options_.max_failures_per_login)};
    return fail(ErrorCode::Unauthenticated,
                "sai tên đăng nhập hoặc mật khẩu (còn " + std::to_string(left) + " lần thử trước khi phải chờ)",
                "wrong login or password (" + std::to_string(left) + " attempt(s) left before a wait)", "password");
  }

  SignInResult result;
  result.token = auth::random_token(32);
  result.csrf_token = auth::random_token(24);
  store::SessionRecord s;
  s.token_hash = auth::sha256_hex(result.token);
  s.user_id = user->id;
  s.csrf_token = result.csrf_token;
  s.created_at = at;
  s.last_seen_at = at;
  s.expires_at = core::utc_timestamp(now + options_.absolute_timeout);
  s.client_address = client_address;
  s.user_agent = user_agent.substr(0, 300);
  TIENBO_TRY((*tx)->sessions().insert(s));
  auto grants = load_grants(**tx, user->id);
  if (!grants) return Unexpected{std::move(grants).error()};
  TIENBO_TRY((*tx)->audit().append({login, request_id, "sign_in", "user", login, user->unit_id, std::nullopt,
                                    "{\"clientAddress\":\"" + client_address + "\"}"}));
  TIENBO_TRY((*tx)->commit());
  result.expires_at = s.expires_at;
  Principal& p = result.principal;
  p.user_id = user->id;
  p.login = user->login;
  p.display_name = user->display_name;
  p.unit_id = user->unit_id;
  p.grants = std::move(*grants);
  p.must_change_password = user->must_change_password;
  p.request_id = request_id;
  p.session_hash = s.token_hash;
  p.csrf_token = s.csrf_token;
  return result;
}

core::Result<Principal> SessionService::authenticate(const std::string& token, const std::string& request_id) {
  auto expired = [] {
    return fail(ErrorCode::Unauthenticated, "phiên đăng nhập đã hết hạn hoặc không hợp lệ; hãy đăng nhập lại",
                "your session has expired or is not valid; sign in again");
  };
  if (token.empty() || token.size() > 128) {
    return fail(ErrorCode::Unauthenticated, "bạn chưa đăng nhập; hãy đăng nhập", "you are not signed in; sign in first");
  }
  const std::string hash = auth::sha256_hex(token);
  const auto now = clock_();
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto s = (*tx)->sessions().find(hash);
  if (!s) return Unexpected{std::move(s).error()};
  if (!*s) return expired();
  const auto expires = core::parse_utc_timestamp((*s)->expires_at);
  const auto last_seen = core::parse_utc_timestamp((*s)->last_seen_at);
  auto found = (*tx)->users().find_by_id((*s)->user_id);
  if (!found) return Unexpected{std::move(found).error()};
  const std::optional<store::UserRecord>& user = *found;
  const bool dead = !expires || !last_seen || now >= *expires || now - *last_seen >= options_.idle_timeout || !user ||
                    user->disabled;
  if (dead) {
    tx->reset();
    auto w = store_.begin(store::Access::Write);
    if (w) {
      (void)(*w)->sessions().remove(hash);
      (void)(*w)->commit();
    }
    return expired();
  }
  auto grants = load_grants(**tx, user->id);
  if (!grants) return Unexpected{std::move(grants).error()};
  Principal p;
  p.user_id = user->id;
  p.login = user->login;
  p.display_name = user->display_name;
  p.unit_id = user->unit_id;
  p.grants = std::move(*grants);
  p.must_change_password = user->must_change_password;
  p.request_id = request_id;
  p.session_hash = hash;
  p.csrf_token = (*s)->csrf_token;
  tx->reset();
  if (now - *last_seen >= options_.touch_interval) {
    auto w = store_.begin(store::Access::Write);
    if (!w) return Unexpected{std::move(w).error()};
    TIENBO_TRY((*w)->sessions().touch(hash, core::utc_timestamp(now)));
    TIENBO_TRY((*w)->commit());
  }
  return p;
}

core::Result<void> SessionService::check_csrf(const Principal& principal, std::string_view header_value) {
  if (header_value.empty() || !auth::constant_time_equals(header_value, principal.csrf_token)) {
    return fail(ErrorCode::CsrfRejected,
                "yêu cầu thiếu hoặc sai mã chống giả mạo (X-CSRF-Token); hãy tải lại trang và thử lại",
                "the request lacks a valid anti-forgery token (X-CSRF-Token); reload the page and try again",
                "X-CSRF-Token");
  }
  return {};
}

core::Result<void> SessionService::sign_out(const Principal& principal) {
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  TIENBO_TRY((*tx)->sessions().remove(principal.session_hash));
  TIENBO_TRY((*tx)->audit().append({principal.login, principal.request_id, "sign_out", "user", principal.login,
                                    principal.unit_id, std::nullopt, std::nullopt}));
  return (*tx)->commit();
}

}  // namespace tienbo::services
