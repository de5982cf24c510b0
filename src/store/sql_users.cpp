#include "sql_common.hpp"

namespace tienbo::store::sql {
namespace {

constexpr std::string_view kCols =
    "id, login, display_name, email, unit_id, password_hash, disabled, must_change_password, password_changed_at";

std::vector<UserRecord> read_users(const db::Rows& r) {
  std::vector<UserRecord> out;
  const auto id = r.column("id");
  const auto login = r.column("login");
  const auto display_name = r.column("display_name");
  const auto email = r.column("email");
  const auto unit_id = r.column("unit_id");
  const auto password_hash = r.column("password_hash");
  const auto disabled = r.column("disabled");
  const auto must_change_password = r.column("must_change_password");
  const auto password_changed_at = r.column("password_changed_at");
  for (std::size_t i = 0; i < r.size(); ++i) {
    UserRecord u;
    u.id = r.get_int(i, id);
    u.login = r.get_text(i, login);
    u.display_name = r.get_text(i, display_name);
    u.email = r.get_text(i, email);
    u.unit_id = r.get_int(i, unit_id);
    u.password_hash = r.get_text(i, password_hash);
    u.disabled = r.get_bool(i, disabled);
    u.must_change_password = r.get_bool(i, must_change_password);
    u.password_changed_at = r.get_text(i, password_changed_at);
    out.push_back(std::move(u));
  }
  return out;
}

class SqlUserRepository final : public UserRepository {
 public:
  explicit SqlUserRepository(db::Connection& c) : c_(c) {}

  Result<std::optional<UserRecord>> find_by_login(std::string_view login) override {
    return one(c_.query("SELECT " + std::string(kCols) + " FROM app_user WHERE login = $1", {login}));
  }
  Result<std::optional<UserRecord>> find_by_id(std::int64_t id) override {
    return one(c_.query("SELECT " + std::string(kCols) + " FROM app_user WHERE id = $1", {id}));
  }

  Result<std::vector<UserRecord>> list(std::span<const std::int64_t> roots, std::int64_t limit) override {
    std::vector<Param> params{limit};
    std::string sql;
    if (roots.empty()) {
      sql = "SELECT " + std::string(kCols) + " FROM app_user ORDER BY login LIMIT $1";
    } else {
      for (auto id : roots) params.emplace_back(id);
      sql = "WITH RECURSIVE scope(id) AS (SELECT id FROM unit WHERE id IN (" + placeholders(2, roots.size()) +
            ") UNION SELECT u.id FROM unit u JOIN scope s ON u.parent_id = s.id)"
            " SELECT " +
            std::string(kCols) +
            " FROM app_user WHERE unit_id IN (SELECT id FROM scope)"
            " ORDER BY login LIMIT $1";
    }
    auto r = c_.query(sql, std::span<const Param>(params));
    if (!r) return Unexpected{std::move(r).error()};
    return read_users(*r);
  }

  Result<std::int64_t> insert(const UserRecord& u) override {
    const std::string ts = now();
    auto r = c_.query(
        "INSERT INTO app_user (login, display_name, email, unit_id, password_hash, disabled, must_change_password,"
        " password_changed_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $8) RETURNING id",
        {std::string_view(u.login), std::string_view(u.display_name), std::string_view(u.email), u.unit_id,
         std::string_view(u.password_hash), u.disabled, u.must_change_password, std::string_view(ts)});
    if (!r) return Unexpected{std::move(r).error()};
    return r->get_int(0, 0);
  }

  Result<void> update_profile(const UserRecord& u) override {
    const std::string ts = now();
    return done(c_.execute(
        "UPDATE app_user SET display_name = $2, email = $3, unit_id = $4, disabled = $5, updated_at = $6 WHERE id = $1",
        {u.id, std::string_view(u.display_name), std::string_view(u.email), u.unit_id, u.disabled,
         std::string_view(ts)}));
  }

  Result<void> set_password(std::int64_t user_id, std::string_view hash, bool must_change) override {
    const std::string ts = now();
    return done(c_.execute(
        "UPDATE app_user SET password_hash = $2, must_change_password = $3, password_changed_at = $4, updated_at = $4"
        " WHERE id = $1",
        {user_id, hash, must_change, std::string_view(ts)}));
  }

  Result<std::vector<RoleGrant>> grants(std::int64_t user_id) override {
    auto r = c_.query("SELECT role, unit_id FROM user_role WHERE user_id = $1 ORDER BY role, unit_id", {user_id});
    if (!r) return Unexpected{std::move(r).error()};
    std::vector<RoleGrant> out;
    const auto role = r->column("role");
    const auto unit_id = r->column("unit_id");
    for (std::size_t i = 0; i < r->size(); ++i) out.push_back({r->get_text(i, role), r->get_int(i, unit_id)});
    return out;
  }

  Result<void> grant_role(std::int64_t user_id, std::string_view role, std::int64_t unit_id) override {
    return done(
        c_.execute("INSERT INTO user_role (user_id, role, unit_id) VALUES ($1, $2, $3)", {user_id, role, unit_id}));
  }

  Result<bool> revoke_role(std::int64_t user_id, std::string_view role, std::int64_t unit_id) override {
    auto n =
        c_.execute("DELETE FROM user_role WHERE user_id = $1 AND role = $2 AND unit_id = $3", {user_id, role, unit_id});
    if (!n) return Unexpected{std::move(n).error()};
    return *n > 0;
  }

  Result<std::vector<std::int64_t>> holders(std::int64_t unit_id, std::string_view role) override {
    auto r = c_.query(
        "SELECT DISTINCT u.id FROM user_role g JOIN app_user u ON u.id = g.user_id"
        " WHERE g.unit_id = $1 AND g.role = $2 AND NOT u.disabled ORDER BY u.id",
        {unit_id, role});
    if (!r) return Unexpected{std::move(r).error()};
    std::vector<std::int64_t> out;
    for (std::size_t i = 0; i < r->size(); ++i) out.push_back(r->get_int(i, 0));
    return out;
  }

 private:
  static Result<std::optional<UserRecord>> one(Result<db::Rows>&& r) {
    if (!r) return Unexpected{std::move(r).error()};
    auto users = read_users(*r);
    if (users.empty()) return std::optional<UserRecord>{};
    return std::optional<UserRecord>(std::move(users.front()));
  }
  static Result<void> done(Result<std::int64_t>&& n) {
    if (!n) return Unexpected{std::move(n).error()};
    return {};
  }
  db::Connection& c_;
};

}  // namespace

std::unique_ptr<UserRepository> make_user_repository(db::Connection& c) {
  return std::make_unique<SqlUserRepository>(c);
}

}  // namespace tienbo::store::sql
