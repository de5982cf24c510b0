#include "tienbo/store/sql_store.hpp"

#include "sql_common.hpp"

namespace tienbo::store {
namespace {

using core::Unexpected;

class SqlTx final : public Tx {
 public:
  SqlTx(db::PooledConnection conn, db::Transaction tx, sql::UnitStructureCache& units_cache, std::uint64_t generation)
      : conn_(std::move(conn)),
        tx_(std::move(tx)),
        units_cache_(units_cache),
        units_(sql::make_unit_repository(*conn_, &units_cache, generation, &wrote_units_)),
        users_(sql::make_user_repository(*conn_)),
        committees_(sql::make_committee_repository(*conn_)),
        sessions_(sql::make_session_repository(*conn_)),
        audit_(sql::make_audit_repository(*conn_)),
        metadata_(sql::make_metadata_repository(*conn_)),
        reports_(sql::make_report_repository(*conn_)),
        search_(sql::make_search_repository(*conn_)),
        notifications_(sql::make_notification_repository(*conn_)) {}
  UnitRepository& units() override { return *units_; }
  UserRepository& users() override { return *users_; }
  CommitteeRepository& committees() override { return *committees_; }
  SessionRepository& sessions() override { return *sessions_; }
  AuditRepository& audit() override { return *audit_; }
  MetadataRepository& metadata() override { return *metadata_; }
  ReportRepository& reports() override { return *reports_; }
  SearchRepository& search() override { return *search_; }
  NotificationRepository& notifications() override { return *notifications_; }
  Result<void> notify(std::string_view channel, std::string_view payload) override {
    if (conn_->backend() != db::Backend::Postgres) return {};
    auto r = conn_->query("SELECT pg_notify($1, $2)", {channel, payload});
    if (!r) return Unexpected{std::move(r).error()};
    return {};
  }
  Result<void> commit() override {
    auto done = tx_.commit();
    // Emptied after the commit: a read that begins from now on sees the new tree.
    if (wrote_units_) units_cache_.clear();
    return done;
  }

 private:
  // Declaration order matters: the transaction ends before the connection returns to the pool.
  db::PooledConnection conn_;
  db::Transaction tx_;
  sql::UnitStructureCache& units_cache_;
  bool wrote_units_ = false;
  std::unique_ptr<UnitRepository> units_;
  std::unique_ptr<UserRepository> users_;
  std::unique_ptr<CommitteeRepository> committees_;
  std::unique_ptr<SessionRepository> sessions_;
  std::unique_ptr<AuditRepository> audit_;
  std::unique_ptr<MetadataRepository> metadata_;
  std::unique_ptr<ReportRepository> reports_;
  std::unique_ptr<SearchRepository> search_;
  std::unique_ptr<NotificationRepository> notifications_;
};

class SqlStore final : public Store {
 public:
  explicit SqlStore(db::Database& database) : db_(database) {}

  Result<std::unique_ptr<Tx>> begin(Access access) override {
    // Before the transaction's first read: a change committed after this is not cached by it.
    const std::uint64_t generation = units_cache_.generation();
    auto conn = db_.acquire();
    if (!conn) return Unexpected{std::move(conn).error()};
    auto tx = db::Transaction::begin(**conn, access == Access::Write ? db::TxMode::Write : db::TxMode::Read);
    if (!tx) return Unexpected{std::move(tx).error()};
    return std::unique_ptr<Tx>(std::make_unique<SqlTx>(std::move(*conn), std::move(*tx), units_cache_, generation));
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

  void units_changed() override { units_cache_.clear(); }

 private:
  db::Database& db_;
  sql::UnitStructureCache units_cache_;
};

}  // namespace

std::unique_ptr<Store> make_sql_store(db::Database& database) { return std::make_unique<SqlStore>(database); }

}  // namespace tienbo::store
