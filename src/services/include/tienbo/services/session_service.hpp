#pragma once
// Signing in and out. Passwords are checked with argon2id; failed attempts
// are throttled per account and per client address (stored in the database,
// so every server instance agrees); sessions are random tokens of which only
// the SHA-256 is stored, with an idle and an absolute expiry and a CSRF token.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "tienbo/core/result.hpp"
#include "tienbo/services/change_feed.hpp"
#include "tienbo/services/context.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services {

struct SessionOptions {
  std::chrono::seconds idle_timeout{30 * 60};
  std::chrono::seconds absolute_timeout{12 * 60 * 60};
  // Sign-in throttling: a token bucket per login and per address. A burst of wrong passwords
  // spends the bucket; each failure comes back after its refill time. A correct password spends nothing.
  int max_failures_per_login = 5;                //!< wrong passwords in a burst before the account waits
  std::chrono::seconds lockout{3 * 60};          //!< the login's wait for one more try once its bucket is spent
  int max_failures_per_address = 30;             //!< wrong passwords in a burst from one address before it waits
  std::chrono::seconds failure_window{15 * 60};  //!< the address's bucket is full again after this long
  std::chrono::seconds known_address_for{30 * 24 * 3600};  //!< an account that signed in from an address within
                                                           //!< this long may still try when the address waits
  std::chrono::seconds touch_interval{60};                 //!< how often last-seen is written
  // The signed-in cache: a session's principal (user, grants, CSRF token) kept in memory so a
  // request does not read the session, the user and the grants again. Dropped on every account
  // change (change::kAccounts, here and from other instances); an entry is trusted at most
  // cache_ttl even if a change was never heard (a lost LISTEN connection, a CLI on SQLite).
  std::chrono::milliseconds cache_ttl{2000};  //!< 0 turns the cache off
  std::size_t cache_max_entries = 100000;     //!< past this the cache starts again empty
};

using Clock = std::function<std::chrono::system_clock::time_point()>;

struct SignInResult {
  std::string token;  //!< the cookie value (never stored)
  std::string csrf_token;
  std::string expires_at;
  Principal principal;
};

class SessionService : public ChangeSubscriber {
 public:
  SessionService(store::Store& store, SessionOptions options = {}, Clock clock = {});

  core::Result<SignInResult> sign_in(const std::string& login, const std::string& password,
                                     const std::string& client_address, const std::string& user_agent,
                                     const std::string& request_id);
  //! The principal of a session token, or 401 when unknown or expired.
  core::Result<Principal> authenticate(const std::string& token, const std::string& request_id);
  //! The principal when the signed-in cache can answer alone (no database, never blocks), else
  //! nullopt: then authenticate() decides. For requests served on an I/O thread.
  std::optional<Principal> authenticate_cached(const std::string& token, const std::string& request_id);
  //! Checks the X-CSRF-Token of an unsafe request against the session's.
  static core::Result<void> check_csrf(const Principal& principal, std::string_view header_value);
  core::Result<void> sign_out(const Principal& principal);
  [[nodiscard]] const SessionOptions& options() const { return options_; }

  //! Account changes (kAccounts) empty the signed-in cache.
  void changes_committed(const Changes& changes) override;
  //! Where sign-outs are announced to the other instances (null: this process only).
  void set_change_feed(const ChangeFeed* feed) { changes_ = feed; }
  struct CacheStats {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::size_t entries = 0;
  };
  [[nodiscard]] CacheStats cache_stats() const;

 private:
  struct Cached {
    Principal principal;  //!< without request_id
    std::chrono::system_clock::time_point expires;
    std::chrono::system_clock::time_point last_seen;
    std::chrono::system_clock::time_point loaded;
  };
  core::Result<Principal> authenticate_from_store(const std::string& hash, const std::string& request_id,
                                                  std::chrono::system_clock::time_point now);
  void forget(const std::string& hash);
  std::optional<Principal> from_cache(const std::string& hash, const std::string& request_id,
                                      std::chrono::system_clock::time_point now);

  store::Store& store_;
  SessionOptions options_;
  Clock clock_;
  const ChangeFeed* changes_ = nullptr;
  mutable std::shared_mutex cache_mutex_;
  std::unordered_map<std::string, Cached> cache_;
  std::atomic<std::uint64_t> generation_{0};  //!< bumped by every invalidation: a read that raced one is not cached
  std::atomic<std::uint64_t> hits_{0};
  std::atomic<std::uint64_t> misses_{0};
};

//! Loads a user's grants as auth::Grant values (unknown role names are skipped).
core::Result<std::vector<auth::Grant>> load_grants(store::Tx& tx, std::int64_t user_id);

}  // namespace tienbo::services
