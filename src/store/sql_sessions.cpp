#include "sql_common.hpp"

namespace tienbo::store::sql {
namespace {

class SqlSessionRepository final : public SessionRepository {
 public:
  explicit SqlSessionRepository(db::Connection& c) : c_(c) {}

  Result<void> insert(const SessionRecord& s) override {
    return done(
        c_.execute("INSERT INTO app_session (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, "
                   "client_address,"
                   " user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                   {std::string_view(s.token_hash), s.user_id, std::string_view(s.csrf_token),
                    std::string_view(s.created_at), std::string_view(s.last_seen_at), std::string_view(s.expires_at),
                    std::string_view(s.client_address), std::string_view(s.user_agent)}));
  }

  Result<std::optional<SessionRecord>> find(std::string_view token_hash) override {
    auto r = c_.query(
        "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, client_address, user_agent"
        " FROM app_session WHERE token_hash = $1",
        {token_hash});
    if (!r) return Unexpected{std::move(r).error()};
    if (r->empty()) return std::optional<SessionRecord>{};
    const auto text = [&](std::string_view column) { return r->get_text(0, r->column(column)); };
    return std::optional<SessionRecord>(SessionRecord{text("token_hash"), r->get_int(0, r->column("user_id")),
                                                      text("csrf_token"), text("created_at"), text("last_seen_at"),
                                                      text("expires_at"), text("client_address"), text("user_agent")});
  }

  Result<void> touch(std::string_view token_hash, std::string_view last_seen_at) override {
    return done(
        c_.execute("UPDATE app_session SET last_seen_at = $2 WHERE token_hash = $1", {token_hash, last_seen_at}));
  }

  Result<void> remove(std::string_view token_hash) override {
    return done(c_.execute("DELETE FROM app_session WHERE token_hash = $1", {token_hash}));
  }

  Result<std::int64_t> remove_for_user(std::int64_t user_id, std::optional<std::string> except) override {
    return c_.execute("DELETE FROM app_session WHERE user_id = $1 AND token_hash <> $2",
                      {user_id, std::string_view(except ? *except : std::string())});
  }

  Result<void> record_attempt(std::string_view login, std::string_view address, bool succeeded,
                              std::string_view at) override {
    return done(c_.execute(
        "INSERT INTO signin_attempt (login, client_address, succeeded, attempted_at) VALUES ($1, $2, $3, $4)",
        {login, address, succeeded, at}));
  }

  Result<void> lock_attempts(std::string_view login, std::string_view address) override {
    if (c_.backend() != db::Backend::Postgres) return {};
    const std::string by_address = "signin-address:" + std::string(address);
    const std::string by_login = "signin-login:" + std::string(login);
    TIENBO_TRY(c_.query("SELECT pg_advisory_xact_lock(hashtext($1))", {std::string_view(by_address)}));
    TIENBO_TRY(c_.query("SELECT pg_advisory_xact_lock(hashtext($1))", {std::string_view(by_login)}));
    return {};
  }

  Result<std::int64_t> reserve_attempt(std::string_view login, std::string_view address, std::string_view at) override {
    auto r = c_.query(
        "INSERT INTO signin_attempt (login, client_address, succeeded, attempted_at) VALUES ($1, $2, $3, $4) RETURNING "
        "id",
        {login, address, false, at});
    if (!r) return Unexpected{std::move(r).error()};
    return r->get_int(0, 0);
  }

  Result<void> mark_attempt_succeeded(std::int64_t attempt_id) override {
    return done(c_.execute("UPDATE signin_attempt SET succeeded = $2 WHERE id = $1", {attempt_id, true}));
  }

  Result<bool> succeeded_from(std::string_view login, std::string_view address, std::string_view since) override {
    auto r = c_.query(
        "SELECT 1 FROM signin_attempt WHERE login = $1 AND client_address = $2 AND succeeded = $3 AND attempted_at > $4"
        " LIMIT 1",
        {login, address, true, since});
    if (!r) return Unexpected{std::move(r).error()};
    return r->size() > 0;
  }

  Result<std::vector<std::string>> failures_for_login(std::string_view login, std::string_view since,
                                                      std::int64_t limit) override {
    return times(
        c_.query("SELECT attempted_at FROM signin_attempt WHERE login = $1 AND succeeded = $3 AND attempted_at > $2"
                 " AND attempted_at > COALESCE((SELECT MAX(attempted_at) FROM signin_attempt WHERE login = $1 AND "
                 "succeeded = $4), '')"
                 " ORDER BY attempted_at DESC LIMIT $5",
                 {login, since, false, true, limit}));
  }

  Result<std::vector<std::string>> failures_from_address(std::string_view address, std::string_view since,
                                                         std::int64_t limit) override {
    return times(c_.query(
        "SELECT attempted_at FROM signin_attempt WHERE client_address = $1 AND succeeded = $3 AND attempted_at > $2"
        " ORDER BY attempted_at DESC LIMIT $4",
        {address, since, false, limit}));
  }

 private:
  static Result<void> done(Result<std::int64_t>&& n) {
    if (!n) return Unexpected{std::move(n).error()};
    return {};
  }
  static Result<std::vector<std::string>> times(Result<db::Rows>&& r) {
    if (!r) return Unexpected{std::move(r).error()};
    std::vector<std::string> out;
    for (std::size_t i = 0; i < r->size(); ++i) out.push_back(r->get_text(i, 0));
    return out;
  }
  db::Connection& c_;
};

}  // namespace

std::unique_ptr<SessionRepository> make_session_repository(db::Connection& c) {
  return std::make_unique<SqlSessionRepository>(c);
}

}  // namespace tienbo::store::sql
