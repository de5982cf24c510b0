#include "tienbo/services/session_service.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>

#include "tienbo/auth/password.hpp"
#include "tienbo/auth/token.hpp"
#include "tienbo/core/date.hpp"
#include "tienbo/core/json_writer.hpp"
#include "tienbo/core/text.hpp"

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
  auto e =
      core::make_error(ErrorCode::TooManyRequests,
                       per_address ? "Có quá nhiều lần đăng nhập sai từ máy này. Hãy thử lại sau " +
                                         std::to_string(wait) + " giây (lúc " + when + ", giờ Việt Nam)."
                                   : "Đăng nhập sai " + std::to_string(limit) + " lần liên tiếp. Hãy thử lại sau " +
                                         std::to_string(wait) + " giây (lúc " + when + ", giờ Việt Nam).",
                       per_address ? "Too many failed sign-ins from this address. Try again in " +
                                         std::to_string(wait) + " s (at " + when + " Viet Nam time)."
                                   : std::to_string(limit) + " failed sign-ins in a row. Try again in " +
                                         std::to_string(wait) + " s (at " + when + " Viet Nam time).",
                       "password");
  e.retry_after_seconds = std::max<long long>(1, wait);
  return e;
}

// A token bucket rebuilt from stored failure times: `capacity` tokens, one back every
// window / capacity, one spent per failure. A burst spends the bucket; a slow trickle of
// failures (one every few minutes) never keeps an account shut.
struct Bucket {
  double tokens = 0;
  system_clock::time_point next_token;  //!< when the next whole token is back
};

Bucket bucket(const std::vector<std::string>& newest_first, int capacity, std::chrono::seconds refill_each,
              system_clock::time_point now) {
  const auto refill = std::chrono::duration<double>(refill_each);
  const double cap = std::max(1, capacity);
  Bucket b;
  b.tokens = cap;
  system_clock::time_point last = now - refill_each * std::max(1, capacity);
  for (std::size_t i = newest_first.size(); i-- > 0;) {  // oldest first
    const auto t = core::parse_utc_timestamp(newest_first[i]).value_or(now);
    if (t > last) {
      b.tokens = std::min(cap, b.tokens + std::chrono::duration<double>(t - last) / refill);
      last = t;
    }
    b.tokens = std::max(0.0, b.tokens - 1);
  }
  if (now > last) b.tokens = std::min(cap, b.tokens + std::chrono::duration<double>(now - last) / refill);
  const double missing = b.tokens >= 1 ? 0 : 1 - b.tokens;
  b.next_token = now + std::chrono::duration_cast<system_clock::duration>(refill * missing);
  return b;
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

namespace {

// A sign-in attempt let through the throttle and recorded as failed until its password is checked.
struct ReservedAttempt {
  std::optional<store::UserRecord> user;
  std::int64_t attempt_id = 0;
  int left_after_failure = 0;
};

// Throttling comes first: a throttled attempt does not even check the password. The attempt
// is recorded as failed before the check, under a lock on its login and address, so parallel
// guesses are counted one by one (40 at once check at most the bucket's few).
core::Result<ReservedAttempt> reserve_attempt(store::Store& store, const SessionOptions& options,
                                              const std::string& login, const std::string& client_address,
                                              system_clock::time_point now) {
  const std::string since = core::utc_timestamp(now - options.failure_window);
  ReservedAttempt out;
  auto tx = store.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  TIENBO_TRY((*tx)->sessions().lock_attempts(login, client_address));
  const auto login_capacity = options.max_failures_per_login;
  auto by_login = (*tx)->sessions().failures_for_login(
      login, core::utc_timestamp(now - options.lockout * login_capacity), std::int64_t{login_capacity} * 4);
  if (!by_login) return Unexpected{std::move(by_login).error()};
  const Bucket account = bucket(*by_login, login_capacity, options.lockout, now);
  if (account.tokens < 1) return Unexpected{throttled(account.next_token, now, false, login_capacity)};
  const auto address_capacity = options.max_failures_per_address;
  auto by_address = (*tx)->sessions().failures_from_address(client_address, since, std::int64_t{address_capacity} * 4);
  if (!by_address) return Unexpected{std::move(by_address).error()};
  const Bucket from_address =
      bucket(*by_address, address_capacity, options.failure_window / std::max(1, address_capacity), now);
  if (from_address.tokens < 1) {
    // Many failures from this address (an office behind one NAT address, or an attacker spraying
    // logins): only an account that has signed in from here before may still try.
    auto known =
        (*tx)->sessions().succeeded_from(login, client_address, core::utc_timestamp(now - options.known_address_for));
    if (!known) return Unexpected{std::move(known).error()};
    if (!*known) return Unexpected{throttled(from_address.next_token, now, true, address_capacity)};
  }
  auto found = (*tx)->users().find_by_login(login);
  if (!found) return Unexpected{std::move(found).error()};
  out.user = std::move(*found);
  auto reserved = (*tx)->sessions().reserve_attempt(login, client_address, core::utc_timestamp(now));
  if (!reserved) return Unexpected{std::move(reserved).error()};
  out.attempt_id = *reserved;
  TIENBO_TRY((*tx)->commit());
  if (account.tokens < 2)
    out.left_after_failure = 0;
  else
    out.left_after_failure = static_cast<int>(account.tokens) - 1;
  return out;
}

// Why a sign-in whose password was wrong, or whose account is disabled, is refused.
Unexpected refused_sign_in(const std::string& login, bool password_ok, int left_after_failure,
                           const SessionOptions& options, system_clock::time_point now) {
  if (password_ok) {
    return fail(ErrorCode::Unauthenticated, "tài khoản " + login + " đã bị khóa; hãy liên hệ quản trị viên",
                "account " + login + " is disabled; contact your administrator", "login");
  }
  if (left_after_failure <= 0) {
    return Unexpected{throttled(now + options.lockout, now, false, options.max_failures_per_login)};
  }
  return fail(
      ErrorCode::Unauthenticated,
      "sai tên đăng nhập hoặc mật khẩu (còn " + std::to_string(left_after_failure) + " lần thử trước khi phải chờ)",
      "wrong login or password (" + std::to_string(left_after_failure) + " attempt(s) left before a wait)", "password");
}

// The session row of a sign-in that succeeded, and its tokens in `result`.
store::SessionRecord new_session(const store::UserRecord& user, const SessionOptions& options,
                                 const std::string& client_address, const std::string& user_agent,
                                 system_clock::time_point now, SignInResult& result) {
  const std::string at = core::utc_timestamp(now);
  result.token = auth::random_token(32);
  result.csrf_token = auth::random_token(24);
  store::SessionRecord s;
  s.token_hash = auth::sha256_hex(result.token);
  s.user_id = user.id;
  s.csrf_token = result.csrf_token;
  s.created_at = at;
  s.last_seen_at = at;
  s.expires_at = core::utc_timestamp(now + options.absolute_timeout);
  s.client_address = client_address;
  // A header from outside: ill-formed bytes replaced and cut on a character boundary, or
  // PostgreSQL refuses the row and the client could never sign in.
  s.user_agent = std::string(core::truncate_utf8(core::to_valid_utf8(user_agent), 300));
  return s;
}

}  // namespace

core::Result<SignInResult> SessionService::sign_in(const std::string& login_in, const std::string& password,
                                                   const std::string& client_address, const std::string& user_agent,
                                                   const std::string& request_id) {
  const std::string login = lower(login_in);
  if (login.empty() || login.size() > 64) {
    return fail(ErrorCode::InvalidValue, "hãy nhập tên đăng nhập", "enter your login name", "login");
  }
  if (password.empty()) return fail(ErrorCode::InvalidValue, "hãy nhập mật khẩu", "enter your password", "password");
  const auto now = clock_();
  auto reserved = reserve_attempt(store_, options_, login, client_address, now);
  if (!reserved) return Unexpected{std::move(reserved).error()};
  const std::optional<store::UserRecord>& user = reserved->user;
  // argon2id takes tens of milliseconds: check it outside any transaction, so
  // that no database lock is held meanwhile.
  const bool password_ok = auth::verify_password(password, user ? user->password_hash : dummy_hash()) && user;
  const bool disabled = user && user->disabled;

  // The reserved attempt stays a failure.
  if (!password_ok || disabled) return refused_sign_in(login, password_ok, reserved->left_after_failure, options_, now);

  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  TIENBO_TRY((*tx)->sessions().mark_attempt_succeeded(reserved->attempt_id));

  SignInResult result;
  const store::SessionRecord s = new_session(*user, options_, client_address, user_agent, now, result);
  TIENBO_TRY((*tx)->sessions().insert(s));
  auto grants = load_grants(**tx, user->id);
  if (!grants) return Unexpected{std::move(grants).error()};
  TIENBO_TRY((*tx)->audit().append({login, request_id, "sign_in", "user", login, user->unit_id, std::nullopt,
                                    core::JsonObject().add("clientAddress", client_address).str()}));
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
  if (token.empty() || token.size() > 128) {
    return fail(ErrorCode::Unauthenticated, "bạn chưa đăng nhập; hãy đăng nhập",
                "you are not signed in; sign in first");
  }
  const std::string hash = auth::sha256_hex(token);
  const auto now = clock_();
  if (auto p = from_cache(hash, request_id, now)) return std::move(*p);
  misses_.fetch_add(1, std::memory_order_relaxed);
  return authenticate_from_store(hash, request_id, now);
}

std::optional<Principal> SessionService::authenticate_cached(const std::string& token, const std::string& request_id) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  return from_cache(auth::sha256_hex(token), request_id, clock_());
}

std::optional<Principal> SessionService::from_cache(const std::string& hash, const std::string& request_id,
                                                    system_clock::time_point now) {
  if (options_.cache_ttl.count() <= 0) return std::nullopt;
  std::shared_lock lock(cache_mutex_);
  auto it = cache_.find(hash);
  if (it == cache_.end()) return std::nullopt;
  const Cached& c = it->second;
  // Fresh enough, not expired, and no last-seen to write yet: the stored session is as cached.
  if (now >= c.loaded && now - c.loaded < options_.cache_ttl && now < c.expires && now >= c.last_seen &&
      now - c.last_seen < options_.touch_interval && now - c.last_seen < options_.idle_timeout) {
    Principal p = c.principal;
    lock.unlock();
    p.request_id = request_id;
    hits_.fetch_add(1, std::memory_order_relaxed);
    return p;
  }
  return std::nullopt;
}

core::Result<Principal> SessionService::authenticate_from_store(const std::string& hash, const std::string& request_id,
                                                                system_clock::time_point now) {
  auto expired = [] {
    return fail(ErrorCode::Unauthenticated, "phiên đăng nhập đã hết hạn hoặc không hợp lệ; hãy đăng nhập lại",
                "your session has expired or is not valid; sign in again");
  };
  // Read before the store: an account change committed after this point empties the cache, and
  // what is read here is then not put back into it.
  const std::uint64_t generation = generation_.load(std::memory_order_acquire);
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto s = (*tx)->sessions().find(hash);
  if (!s) return Unexpected{std::move(s).error()};
  if (!*s) {
    forget(hash);
    return expired();
  }
  const auto expires = core::parse_utc_timestamp((*s)->expires_at);
  auto last_seen = core::parse_utc_timestamp((*s)->last_seen_at);
  auto found = (*tx)->users().find_by_id((*s)->user_id);
  if (!found) return Unexpected{std::move(found).error()};
  const std::optional<store::UserRecord>& user = *found;
  const bool dead =
      !expires || !last_seen || now >= *expires || now - *last_seen >= options_.idle_timeout || !user || user->disabled;
  if (dead) {
    tx->reset();
    forget(hash);
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
  p.session_hash = hash;
  p.csrf_token = (*s)->csrf_token;
  tx->reset();
  if (now - *last_seen >= options_.touch_interval) {
    auto w = store_.begin(store::Access::Write);
    if (!w) return Unexpected{std::move(w).error()};
    TIENBO_TRY((*w)->sessions().touch(hash, core::utc_timestamp(now)));
    TIENBO_TRY((*w)->commit());
    last_seen = now;
  }
  if (options_.cache_ttl.count() > 0) {
    std::unique_lock lock(cache_mutex_);
    if (generation_.load(std::memory_order_acquire) == generation) {
      if (cache_.size() >= options_.cache_max_entries) cache_.clear();
      cache_[hash] = Cached{p, *expires, *last_seen, now};
    }
  }
  p.request_id = request_id;
  return p;
}

void SessionService::forget(const std::string& hash) {
  std::unique_lock lock(cache_mutex_);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  cache_.erase(hash);
}

void SessionService::changes_committed(const Changes& changes) {
  if ((changes.what & change::kAccounts) == 0) return;
  std::unique_lock lock(cache_mutex_);
  generation_.fetch_add(1, std::memory_order_acq_rel);
  cache_.clear();
}

SessionService::CacheStats SessionService::cache_stats() const {
  std::shared_lock lock(cache_mutex_);
  return {hits_.load(std::memory_order_relaxed), misses_.load(std::memory_order_relaxed), cache_.size()};
}

core::Result<void> SessionService::check_csrf(const Principal& principal, std::string_view header_value) {
  if (header_value.empty() || !auth::constant_time_equals(header_value, principal.csrf_token)) {
    return fail(
        ErrorCode::CsrfRejected, "yêu cầu thiếu hoặc sai mã chống giả mạo (X-CSRF-Token); hãy tải lại trang và thử lại",
        "the request lacks a valid anti-forgery token (X-CSRF-Token); reload the page and try again", "X-CSRF-Token");
  }
  return {};
}

core::Result<void> SessionService::sign_out(const Principal& principal) {
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  TIENBO_TRY((*tx)->sessions().remove(principal.session_hash));
  TIENBO_TRY((*tx)->audit().append({principal.login, principal.request_id, "sign_out", "user", principal.login,
                                    principal.unit_id, std::nullopt, std::nullopt}));
  // The other instances drop their cached copies too.
  TIENBO_TRY(commit_and_publish(**tx, changes_, change::kAccounts));
  forget(principal.session_hash);
  return {};
}

}  // namespace tienbo::services
