#include "tienbo/store/sql_store.hpp"

#include "tienbo/core/log.hpp"

namespace tienbo::store {
namespace {

using core::Unexpected;
using db::Param;

std::string now() { return core::utc_timestamp_now(); }


class SqlUnitRepository final : public UnitRepository {
 public:
  explicit SqlUnitRepository(db::Connection& c) : c_(c) {}
  Result<std::optional<UnitRecord>> find_by_code(std::string_view code) override {
    auto rows = c_.query("SELECT id, code, name_vi, name_en, unit_type, parent_id FROM unit WHERE code = $1", {code});
    if (!rows) return Unexpected{std::move(rows).error()};
    if (rows->empty()) return std::optional<UnitRecord>{};
    UnitRecord u;
    u.id = rows->get_int(0, 0);
    u.code = rows->get_text(0, 1);
    u.name_vi = rows->get_text(0, 2);
    u.name_en = rows->get_text(0, 3);
    u.unit_type = rows->get_text(0, 4);
    if (!rows->is_null(0, 5)) u.parent_id = rows->get_int(0, 5);
    return std::optional<UnitRecord>(std::move(u));
  }
  Result<std::int64_t> insert(const UnitRecord& u) override {
    const std::string ts = now();
    Param parent = u.parent_id ? Param(*u.parent_id) : Param(nullptr);
    auto rows = c_.query(
        "INSERT INTO unit (code, name_vi, name_en, unit_type, parent_id, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        {std::string_view(u.code), std::string_view(u.name_vi), std::string_view(u.name_en),
         std::string_view(u.unit_type), parent, std::string_view(ts)});
    if (!rows) return Unexpected{std::move(rows).error()};
    return rows->get_int(0, 0);
  }
  Result<std::int64_t> count() override {
    auto rows = c_.query("SELECT COUNT(*) FROM unit");
    if (!rows) return Unexpected{std::move(rows).error()};
    return rows->get_int(0, 0);
  }

 private:
  db::Connection& c_;
};

class SqlUserRepository final : public UserRepository {
 public:
  explicit SqlUserRepository(db::Connection& c) : c_(c) {}
  Result<std::optional<UserRecord>> find_by_login(std::string_view login) override {
    auto rows = c_.query(
        "SELECT id, login, display_name, email, unit_id, password_hash, disabled FROM app_user WHERE login = $1",
        {login});
    if (!rows) return Unexpected{std::move(rows).error()};
    if (rows->empty()) return std::optional<UserRecord>{};
    UserRecord u;
    u.id = rows->get_int(0, 0);
    u.login = rows->get_text(0, 1);
    u.display_name = rows->get_text(0, 2);
    u.email = rows->get_text(0, 3);
    u.unit_id = rows->get_int(0, 4);
    u.password_hash = rows->get_text(0, 5);
    u.disabled = rows->get_bool(0, 6);
    return std::optional<UserRecord>(std::move(u));
  }
  Result<std::int64_t> insert(const UserRecord& u) override {
    const std::string ts = now();
    auto rows = c_.query(
        "INSERT INTO app_user (login, display_name, email, unit_id, password_hash, disabled, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
        {std::string_view(u.login), std::string_view(u.display_name), std::string_view(u.email), u.unit_id,
         std::string_view(u.password_hash), u.disabled, std::string_view(ts)});
    if (!rows) return Unexpected{std::move(rows).error()};
    return rows->get_int(0, 0);
  }
  Result<void> grant_role(std::int64_t user_id, std::string_view role, std::int64_t unit_id) override {
    auto n = c_.execute("INSERT INTO user_role (user_id, role, unit_id) VALUES ($1, $2, $3)", {user_id, role, unit_id});
    if (!n) return Unexpected{std::move(n).error()};
    return {};
  }

 private:
  db::Connection& c_;
};

class SqlAuditRepository final : public AuditRepository {
 public:
  explicit SqlAuditRepository(db::Connection& c) : c_(c) {}
  Result<void> append(const AuditRecord& e) override {
    const std::string ts = now();
    auto opt = [](const std::optional<std::string>& s) { return s ? Param(std::string_view(*s)) : Param(nullptr); };
    auto n = c_.execute(
        "INSERT INTO audit_event (occurred_at, actor, request_id, action, entity_type, entity_id, before_json, "
        "after_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {std::string_view(ts), std::string_view(e.actor), std::string_view(e.request_id), std::string_view(e.action),
         std::string_view(e.entity_type), std::string_view(e.entity_id), opt(e.before_json), opt(e.after_json)});
    if (!n) return Unexpected{std::move(n).error()};
    return {};
  }
  Result<std::int64_t> count() override {
    auto rows = c_.query("SELECT COUNT(*) FROM audit_event");
    if (!rows) return Unexpected{std::move(rows).error()};
    return rows->get_int(0, 0);
  }

 private:
  db::Connection& c_;
};

class SqlTx final : public Tx {
 public:
  SqlTx(db::PooledConnection conn, db::Transaction tx)
      : conn_(std::move(conn)), tx_(std::move(tx)), units_(*conn_), users_(*conn_), audit_(*conn_) {}
  UnitRepository& units() override { return units_; }
  UserRepository& users() override { return users_; }
  AuditRepository& audit() override { return audit_; }
  Result<void> commit() override { return tx_.commit(); }

 private:
  // Declaration order matters: the transaction must end before the connection returns to the pool.
  db::PooledConnection conn_;
  db::Transaction tx_;
  SqlUnitRepository units_;
  SqlUserRepository users_;
  SqlAuditRepository audit_;
};

class SqlStore final : public Store {
 public:
  explicit SqlStore(db::Database& database) : db_(database) {}

  Result<std::unique_ptr<Tx>> begin(Access access) override {
    auto conn = db_.acquire();
    if (!conn) return Unexpected{std::move(conn).error()};
    auto tx = db::Transaction::begin(**conn, access == Access::Write ? db::TxMode::Write : db::TxMode::Read);
    if (!tx) return Unexpected{std::move(tx).error()};
    return std::unique_ptr<Tx>(std::make_unique<SqlTx>(std::move(*conn), std::move(*tx)));
  }

  Result<StoreInfo> ping() override {
    auto conn = db_.acquire();
    if (!conn) return Unexpected{std::move(conn).error()};
    auto rows = (*conn)->query("SELECT MAX(version) FROM schema_migrations");
    if (!rows) return Unexpected{std::move(rows).error()};
    StoreInfo info;
    info.backend = std::string(db::backend_name(db_.backend()));
    info.schema_version = rows->get_optional_text(0, 0).value_or("");
    return info;
  }

 private:
  db::Database& db_;
};

}  // namespace

std::unique_ptr<Store> make_sql_store(db::Database& database) { return std::make_unique<SqlStore>(database); }

}  // namespace tienbo::store
