#include "tienbo/db/migrations.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <map>
#include <regex>

#include "tienbo/core/log.hpp"

namespace tienbo::db {

using core::ErrorCode;
using core::fail;

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(std::size_t{len} * 2);
  for (unsigned i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

Result<std::vector<Migration>> select_migrations(std::span<const core::EmbeddedFile> files, Backend backend) {
  static const std::regex kName(R"(^V([0-9]{12})__([a-z0-9_]+)(\.(sqlite|pg))?\.sql$)");
  struct Variants {
    const core::EmbeddedFile* portable = nullptr;
    const core::EmbeddedFile* sqlite = nullptr;
    const core::EmbeddedFile* pg = nullptr;
    std::string name;
  };
  std::map<std::string, Variants> by_version;
  for (const auto& f : files) {
    std::smatch m;
    std::string fname(f.name);
    if (!std::regex_match(fname, m, kName)) {
      return fail(
          ErrorCode::MigrationFailed, "tên tệp migration không hợp lệ: " + fname,
          "invalid migration file name: " + fname + " (expected V<yyyymmddhhmm>__<snake_name>[.sqlite|.pg].sql)");
    }
    Variants& v = by_version[m[1].str()];
    if (!v.name.empty() && v.name != m[2].str()) {
      return fail(ErrorCode::MigrationFailed, "hai migration trùng phiên bản " + m[1].str(),
                  "two migrations share version " + m[1].str() + ": " + v.name + " and " + m[2].str());
    }
    v.name = m[2].str();
    const std::string dialect = m[4].str();
    const core::EmbeddedFile** slot = dialect.empty() ? &v.portable : dialect == "sqlite" ? &v.sqlite : &v.pg;
    *slot = &f;
  }
  std::vector<Migration> out;
  for (const auto& [version, v] : by_version) {
    if (v.portable != nullptr && (v.sqlite != nullptr || v.pg != nullptr)) {
      return fail(ErrorCode::MigrationFailed, "migration " + version + " có cả tệp chung và tệp riêng",
                  "migration " + version + " has both a portable file and dialect files");
    }
    if (v.portable == nullptr && (v.sqlite == nullptr || v.pg == nullptr)) {
      return fail(ErrorCode::MigrationFailed, "migration " + version + " thiếu tệp .sqlite.sql hoặc .pg.sql",
                  "migration " + version + " needs both .sqlite.sql and .pg.sql");
    }
    const core::EmbeddedFile* chosen = v.portable ? v.portable : backend == Backend::Sqlite ? v.sqlite : v.pg;
    Migration mig;
    mig.version = version;
    mig.name = v.name;
    mig.file = std::string(chosen->name);
    mig.sql = std::string(chosen->contents);
    mig.checksum = sha256_hex(mig.sql);
    out.push_back(std::move(mig));
  }
  return out;
}

namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version TEXT PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " checksum TEXT NOT NULL,"
    " applied_at TEXT NOT NULL)";

Result<std::vector<AppliedMigration>> read_applied(Connection& conn) {
  auto rows = conn.query("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version");
  if (!rows) return core::Unexpected{std::move(rows).error()};
  std::vector<AppliedMigration> out;
  for (std::size_t i = 0; i < rows->size(); ++i) {
    out.push_back({rows->get_text(i, 0), rows->get_text(i, 1), rows->get_text(i, 2), rows->get_text(i, 3)});
  }
  return out;
}

Result<MigrationStatus> compare(std::vector<AppliedMigration> applied, const std::vector<Migration>& migrations) {
  std::map<std::string, const Migration*> known;
  for (const auto& m : migrations) known[m.version] = &m;
  for (const auto& a : applied) {
    auto it = known.find(a.version);
    if (it == known.end()) {
      return fail(ErrorCode::SchemaTooNew,
                  "cơ sở dữ liệu có migration " + a.version + " (" + a.name +
                      ") mà chương trình này không biết: cơ sở dữ liệu mới hơn chương trình; hãy cập nhật tienbo",
                  "the database has migration " + a.version + " (" + a.name +
                      ") that this program does not know: the database is newer than the program; upgrade tienbo");
    }
    if (it->second->checksum != a.checksum) {
      auto e = core::make_error(
          ErrorCode::MigrationChanged,
          "migration " + a.version + " (" + it->second->file +
              ") đã bị sửa sau khi áp dụng; không được sửa migration đã áp dụng, hãy thêm migration mới",
          "migration " + a.version + " (" + it->second->file +
              ") was changed after it was applied; never edit an applied migration, add a new one");
      e.details["applied_checksum"] = a.checksum;
      e.details["file_checksum"] = it->second->checksum;
      return core::Unexpected{std::move(e)};
    }
  }
  MigrationStatus status;
  for (const auto& m : migrations) {
    bool done = std::any_of(applied.begin(), applied.end(), [&](const auto& a) { return a.version == m.version; });
    if (!done) status.pending.push_back(m);
  }
  status.applied = std::move(applied);
  return status;
}

Result<bool> table_exists(Connection& conn) {
  auto rows = conn.backend() == Backend::Sqlite
                  ? conn.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
                  : conn.query(
                        "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() "
                        "AND table_name = 'schema_migrations'");
  if (!rows) return core::Unexpected{std::move(rows).error()};
  return !rows->empty();
}

}  // namespace

Result<MigrationStatus> migration_status(Connection& conn, const std::vector<Migration>& migrations) {
  auto exists = table_exists(conn);
  if (!exists) return core::Unexpected{std::move(exists).error()};
  if (!*exists) return compare({}, migrations);
  auto applied = read_applied(conn);
  if (!applied) return core::Unexpected{std::move(applied).error()};
  return compare(std::move(*applied), migrations);
}

Result<std::vector<std::string>> migrate(Connection& conn, const std::vector<Migration>& migrations,
                                         const MigrationProgress& progress) {
  TIENBO_TRY(conn.execute_script(kCreateTable));
  std::vector<std::string> done;
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    const Migration& m = migrations[i];
    auto tx = Transaction::begin(conn, TxMode::Write);
    if (!tx) return core::Unexpected{std::move(tx).error()};
    if (conn.backend() == Backend::Postgres) {
      // Serialise concurrent migrators (several servers starting at once).
      TIENBO_TRY(conn.query("SELECT pg_advisory_xact_lock(7125338)"));
    }
    // Re-check inside the transaction: another process may have applied it.
    auto applied = read_applied(conn);
    if (!applied) return core::Unexpected{std::move(applied).error()};
    auto status = compare(std::move(*applied), migrations);
    if (!status) return core::Unexpected{std::move(status).error()};
    bool pending = std::any_of(status->pending.begin(), status->pending.end(),
                               [&](const Migration& p) { return p.version == m.version; });
    if (!pending) continue;
    if (progress) progress(m, i, migrations.size());
    auto res = conn.execute_script(m.sql);
    if (!res) {
      auto e = std::move(res).error();
      e.code = ErrorCode::MigrationFailed;
      e.message_vi = "migration " + m.file + " thất bại, không có thay đổi nào được lưu: " + e.message_vi;
      e.message_en = "migration " + m.file + " failed, nothing was changed: " + e.message_en;
      return core::Unexpected{std::move(e)};
    }
    auto now = core::utc_timestamp_now();
    TIENBO_TRY(conn.execute(
        "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
        {std::string_view(m.version), std::string_view(m.name), std::string_view(m.checksum), std::string_view(now)}));
    TIENBO_TRY(tx->commit());
    done.push_back(m.version);
  }
  return done;
}

Result<std::string> require_current_schema(Connection& conn, const std::vector<Migration>& migrations,
                                           const std::string& db_display) {
  auto status = migration_status(conn, migrations);
  if (!status) return core::Unexpected{std::move(status).error()};
  if (!status->pending.empty()) {
    const bool empty = status->applied.empty();
    return fail(ErrorCode::SchemaOutdated,
                empty ? "cơ sở dữ liệu " + db_display + " chưa được khởi tạo; hãy chạy: tienbo init --db " + db_display
                      : "cơ sở dữ liệu " + db_display + " còn " + std::to_string(status->pending.size()) +
                            " migration chưa áp dụng; hãy chạy: tienbo migrate --db " + db_display,
                empty ? "database " + db_display + " is not initialised; run: tienbo init --db " + db_display
                      : "database " + db_display + " has " + std::to_string(status->pending.size()) +
                            " pending migration(s); run: tienbo migrate --db " + db_display,
                "db");
  }
  return status->current_version();
}

}  // namespace tienbo::db
