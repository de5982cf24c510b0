#include "tienbo/store/sql_store.hpp"

#include "sql_common.hpp"

#include <algorithm>
#include <charconv>
#include <random>

namespace tienbo::store {
namespace {

using core::Unexpected;

class SqlTx final : public Tx {
 public:
  SqlTx(db::PooledConnection conn, db::Transaction tx, sql::UnitStructureCache& units_cache, std::uint64_t generation,
        sql::ReportDataVersions& versions, const std::string& origin)
      : conn_(std::move(conn)),
        tx_(std::move(tx)),
        units_cache_(units_cache),
        versions_(versions),
        origin_(origin),
        units_(sql::make_unit_repository(*conn_, &units_cache, generation, &wrote_units_)),
        users_(sql::make_user_repository(*conn_)),
        committees_(sql::make_committee_repository(*conn_, &report_writes_)),
        sessions_(sql::make_session_repository(*conn_)),
        audit_(sql::make_audit_repository(*conn_, &pending_audit_)),
        metadata_(sql::make_metadata_repository(*conn_, &report_writes_)),
        report_tracker_(*conn_, &report_writes_),
        reports_(sql::make_report_repository(*conn_, report_tracker_)),
        values_(sql::make_data_value_repository(*conn_, report_tracker_)),
        figures_(sql::make_figure_repository(*conn_, report_tracker_)),
        evidence_(sql::make_evidence_repository(*conn_, report_tracker_)),
        search_(sql::make_search_repository(*conn_)),
        notifications_(sql::make_notification_repository(*conn_)),
        report_lists_(sql::make_report_list_repository(*conn_)),
        mail_(sql::make_mail_outbox_repository(*conn_)) {}
  UnitRepository& units() override { return *units_; }
  UserRepository& users() override { return *users_; }
  CommitteeRepository& committees() override { return *committees_; }
  SessionRepository& sessions() override { return *sessions_; }
  AuditRepository& audit() override { return *audit_; }
  MetadataRepository& metadata() override { return *metadata_; }
  ReportRepository& reports() override { return *reports_; }
  DataValueRepository& values() override { return *values_; }
  FigureRepository& figures() override { return *figures_; }
  EvidenceRepository& evidence() override { return *evidence_; }
  SearchRepository& search() override { return *search_; }
  NotificationRepository& notifications() override { return *notifications_; }
  ReportListRepository& report_lists() override { return *report_lists_; }
  MailOutboxRepository& mail() override { return *mail_; }
  Result<void> notify(std::string_view channel, std::string_view payload) override {
    if (conn_->backend() != db::Backend::Postgres) return {};
    auto r = conn_->query("SELECT pg_notify($1, $2)", {channel, payload});
    if (!r) return Unexpected{std::move(r).error()};
    return {};
  }
  Result<bool> commit_writes_keep_reading() override {
    if (conn_->backend() == db::Backend::Postgres) return false;  // goes on; commit() notifies and commits
    TIENBO_TRY(sql::write_pending_audit(*conn_, pending_audit_));
    if (wrote_units_) report_writes_.everything();
    auto committed = tx_.commit_writes_keep_reading();
    if (!committed || !*committed) return committed;
    if (wrote_units_) units_cache_.clear();
    versions_.advance(report_writes_);
    report_writes_ = {};
    wrote_units_ = false;
    return true;
  }
  Result<void> commit() override {
    TIENBO_TRY(sql::write_pending_audit(*conn_, pending_audit_));
    if (wrote_units_) report_writes_.everything();
    if (!report_writes_.empty()) {
      // Delivered by PostgreSQL only if the transaction commits.
      auto told = notify(kReportsChannel, sql::encode_report_writes(origin_, report_writes_));
      if (!told) return told;
    }
    auto done = tx_.commit();
    // Emptied after the commit: a read that begins from now on sees the new tree.
    if (wrote_units_) units_cache_.clear();
    if (done) versions_.advance(report_writes_);
    return done;
  }

 private:
  // Declaration order matters: the transaction ends before the connection returns to the pool.
  db::PooledConnection conn_;
  db::Transaction tx_;
  sql::UnitStructureCache& units_cache_;
  sql::ReportDataVersions& versions_;
  const std::string& origin_;
  bool wrote_units_ = false;
  sql::ReportDataWrites report_writes_;
  sql::PendingAudit pending_audit_;
  std::unique_ptr<UnitRepository> units_;
  std::unique_ptr<UserRepository> users_;
  std::unique_ptr<CommitteeRepository> committees_;
  std::unique_ptr<SessionRepository> sessions_;
  std::unique_ptr<AuditRepository> audit_;
  std::unique_ptr<MetadataRepository> metadata_;
  sql::ReportWriteTracker report_tracker_;
  std::unique_ptr<ReportRepository> reports_;
  std::unique_ptr<DataValueRepository> values_;
  std::unique_ptr<FigureRepository> figures_;
  std::unique_ptr<EvidenceRepository> evidence_;
  std::unique_ptr<SearchRepository> search_;
  std::unique_ptr<NotificationRepository> notifications_;
  std::unique_ptr<ReportListRepository> report_lists_;
  std::unique_ptr<MailOutboxRepository> mail_;
};

class SqlStore final : public Store {
 public:
  explicit SqlStore(db::Database& database) : db_(database) {
    std::random_device rd;
    origin_ = std::to_string(rd()) + std::to_string(rd());
  }

  Result<std::unique_ptr<Tx>> begin(Access access) override {
    // Before the transaction's first read: a change committed after this is not cached by it.
    const std::uint64_t generation = units_cache_.generation();
    auto conn = db_.acquire();
    if (!conn) return Unexpected{std::move(conn).error()};
    auto tx = db::Transaction::begin(**conn, access == Access::Write ? db::TxMode::Write : db::TxMode::Read);
    if (!tx) return Unexpected{std::move(tx).error()};
    return std::unique_ptr<Tx>(
        std::make_unique<SqlTx>(std::move(*conn), std::move(*tx), units_cache_, generation, versions_, origin_));
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

  [[nodiscard]] std::uint64_t report_epoch() const override { return versions_.epoch(); }
  [[nodiscard]] std::uint64_t report_version(std::int64_t unit_id) const override { return versions_.of(unit_id); }
  void report_data_notification(std::string_view payload) override {
    auto heard = sql::decode_report_writes(payload);
    if (!heard) return;
    if (heard->first != origin_) versions_.advance(heard->second);
  }

 private:
  db::Database& db_;
  sql::UnitStructureCache units_cache_;
  sql::ReportDataVersions versions_;
  std::string origin_;  // names this store's notifications, so it skips its own
};

}  // namespace

namespace sql {

std::string encode_report_writes(std::string_view origin, const ReportDataWrites& w) {
  constexpr std::size_t kMaxNamed = 200;  // a NOTIFY payload stays far below PostgreSQL's 8,000 bytes
  std::string out(origin);
  out += '|';
  std::vector<std::int64_t> ids = w.units;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (w.all || ids.size() > kMaxNamed) return out + '*';
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(ids[i]);
  }
  return out;
}

std::optional<std::pair<std::string, ReportDataWrites>> decode_report_writes(std::string_view payload) {
  const auto bar = payload.find('|');
  if (bar == std::string_view::npos || bar == 0) return std::nullopt;
  std::pair<std::string, ReportDataWrites> out{std::string(payload.substr(0, bar)), {}};
  std::string_view rest = payload.substr(bar + 1);
  if (rest == "*") {
    out.second.everything();
    return out;
  }
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), id);
    if (ec != std::errc{} || end != item.data() + item.size()) {
      out.second.everything();  // a payload we cannot read: forget everything rather than keep a stale view
      return out;
    }
    out.second.unit(id);
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  return out;
}

}  // namespace sql

std::unique_ptr<Store> make_sql_store(db::Database& database) { return std::make_unique<SqlStore>(database); }

}  // namespace tienbo::store
