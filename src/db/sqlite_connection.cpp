// SQLite implementation of db::Connection: WAL, synchronous=FULL, a busy
// timeout, foreign keys on, and a per-connection cache of prepared statements.

#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <unordered_map>

#include "connection_pool.hpp"
#include "tienbo/db/sql_text.hpp"

namespace tienbo::db {
namespace {

using core::ErrorCode;
using core::fail;

constexpr int kBusyTimeoutMs = 10000;

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* handle) : db_(handle) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  [[nodiscard]] Backend backend() const override { return Backend::Sqlite; }
  [[nodiscard]] bool healthy() const override { return true; }

  Result<Rows> query(std::string_view sql, std::span<const Param> params) override {
    auto stmt = prepare_and_bind(sql, params);
    if (!stmt) return core::Unexpected{std::move(stmt).error()};
    sqlite3_stmt* s = *stmt;
    const int ncol = sqlite3_column_count(s);
    std::vector<std::string> columns;
    columns.reserve(static_cast<std::size_t>(ncol));
    for (int c = 0; c < ncol; ++c) columns.emplace_back(sqlite3_column_name(s, c));
    std::vector<Rows::Cell> cells;
    while (true) {
      int rc = sqlite3_step(s);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        auto err = error_from(rc, sql);
        sqlite3_reset(s);
        return core::Unexpected{std::move(err)};
      }
      for (int c = 0; c < ncol; ++c) {
        switch (sqlite3_column_type(s, c)) {
          case SQLITE_NULL: cells.emplace_back(std::monostate{}); break;
          case SQLITE_INTEGER: cells.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(s, c))); break;
          case SQLITE_FLOAT: cells.emplace_back(sqlite3_column_double(s, c)); break;
          case SQLITE_BLOB: {
            const auto* bytes = static_cast<const char*>(sqlite3_column_blob(s, c));
            cells.emplace_back(std::string(bytes ? bytes : "", static_cast<std::size_t>(sqlite3_column_bytes(s, c))));
            break;
          }
          default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
            cells.emplace_back(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(s, c))));
          }
        }
      }
    }
    sqlite3_reset(s);
    return Rows(std::move(columns), std::move(cells));
  }

  Result<std::int64_t> execute(std::string_view sql, std::span<const Param> params) override {
    auto stmt = prepare_and_bind(sql, params);
    if (!stmt) return core::Unexpected{std::move(stmt).error()};
    int rc;
    while ((rc = sqlite3_step(*stmt)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) {
      auto err = error_from(rc, sql);
      sqlite3_reset(*stmt);
      return core::Unexpected{std::move(err)};
    }
    sqlite3_reset(*stmt);
    return static_cast<std::int64_t>(sqlite3_changes64(db_));
  }

  Result<void> execute_script(std::string_view sql) override {
    std::string text(sql);
    char* message = nullptr;
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      std::string m = message ? message : sqlite3_errstr(rc);
      sqlite3_free(message);
      return fail(ErrorCode::DatabaseError, "lỗi SQLite: " + m, "SQLite error: " + m);
    }
    return {};
  }

  Result<void> begin(TxMode mode) override {
    // IMMEDIATE takes the write lock up front, so two writers never deadlock
    // on a lock upgrade; the busy timeout makes the second one wait.
    return simple(mode == TxMode::Write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
  }
  Result<void> commit() override { return simple("COMMIT"); }
  Result<void> rollback() override {
    if (sqlite3_get_autocommit(db_)) return {};
    return simple("ROLLBACK");
  }

 private:
  Result<void> simple(const char* sql) {
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return core::Unexpected{error_from(rc, sql)};
    return {};
  }

  core::Error error_from(int rc, std::string_view sql) const {
    std::string m = sqlite3_errmsg(db_);
    int primary = rc & 0xFF;
    if (primary == SQLITE_CONSTRAINT) {
      auto e = core::make_error(ErrorCode::Conflict, "vi phạm ràng buộc dữ liệu: " + m,
                                "data constraint violated: " + m);
      e.details["sql"] = std::string(sql);
      return e;
    }
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
      return core::make_error(ErrorCode::DatabaseUnavailable, "cơ sở dữ liệu đang bận, hãy thử lại: " + m,
                              "the database is busy, try again: " + m);
    }
    auto e = core::make_error(ErrorCode::DatabaseError, "lỗi SQLite: " + m, "SQLite error: " + m);
    e.details["sql"] = std::string(sql);
    return e;
  }

  Result<sqlite3_stmt*> prepare_and_bind(std::string_view sql, std::span<const Param> params) {
    auto key = std::string(sql);
    sqlite3_stmt* stmt = nullptr;
    if (auto it = cache_.find(key); it != cache_.end()) {
      stmt = it->second;
    } else {
      std::string translated = to_sqlite_placeholders(sql);
      int rc = sqlite3_prepare_v3(db_, translated.c_str(), static_cast<int>(translated.size()),
                                  SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
      if (rc != SQLITE_OK) return core::Unexpected{error_from(rc, sql)};
      cache_.emplace(std::move(key), stmt);
    }
    sqlite3_clear_bindings(stmt);
    const int expected = sqlite3_bind_parameter_count(stmt);
    if (static_cast<std::size_t>(expected) != params.size()) {
      return fail(ErrorCode::Internal, "sai số tham số SQL", "SQL parameter count mismatch: expected " +
                  std::to_string(expected) + ", got " + std::to_string(params.size()) + " for: " + std::string(sql));
    }
    for (int i = 0; i < expected; ++i) {
      const Param& p = params[static_cast<std::size_t>(i)];
      int rc = std::visit(
          [&](const auto& v) -> int {
            using V = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<V, std::nullptr_t>) return sqlite3_bind_null(stmt, i + 1);
            else if constexpr (std::is_same_v<V, std::int64_t>) return sqlite3_bind_int64(stmt, i + 1, v);
            else if constexpr (std::is_same_v<V, double>) return sqlite3_bind_double(stmt, i + 1, v);
            else if constexpr (std::is_same_v<V, bool>) return sqlite3_bind_int(stmt, i + 1, v ? 1 : 0);
            else if constexpr (std::is_same_v<V, Blob>) return sqlite3_bind_blob64(stmt, i + 1, v.bytes.data(), v.bytes.size(), SQLITE_STATIC);
            else return sqlite3_bind_text64(stmt, i + 1, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
          },
          p);
      if (rc != SQLITE_OK) return core::Unexpected{error_from(rc, sql)};
    }
    return stmt;
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace

Result<std::unique_ptr<Connection>> open_sqlite_connection(const DatabaseUrl& url, OpenMode mode) {
  namespace fs = std::filesystem;
  const fs::path path(url.sqlite_path);
  std::error_code ec;
  const fs::path parent = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  if (!fs::is_directory(parent, ec)) {
    return fail(ErrorCode::DatabaseUnavailable,
                "không mở được cơ sở dữ liệu SQLite " + url.sqlite_path + ": thư mục " + parent.string() +
                    " không tồn tại; hãy tạo thư mục hoặc chọn đường dẫn khác",
                "cannot open SQLite database " + url.sqlite_path + ": directory " + parent.string() +
                    " does not exist; create it or choose another path", "db");
  }
  if (mode == OpenMode::MustExist && !fs::exists(path, ec)) {
    return fail(ErrorCode::DatabaseUnavailable,
                "cơ sở dữ liệu SQLite " + url.sqlite_path + " chưa có; hãy chạy: tienbo init --db " + url.display,
                "SQLite database " + url.sqlite_path + " does not exist; run: tienbo init --db " + url.display, "db");
  }
  sqlite3* handle = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
              (mode == OpenMode::CreateIfMissing ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(url.sqlite_path.c_str(), &handle, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string m = handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);
    sqlite3_close_v2(handle);
    return fail(ErrorCode::DatabaseUnavailable, "không mở được cơ sở dữ liệu SQLite " + url.sqlite_path + ": " + m,
                "cannot open SQLite database " + url.sqlite_path + ": " + m, "db");
  }
  auto conn = std::make_unique<SqliteConnection>(handle);
  sqlite3_busy_timeout(handle, kBusyTimeoutMs);
  sqlite3_extended_result_codes(handle, 1);
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
    auto res = conn->execute_script(pragma);
    if (!res) {
      return fail(ErrorCode::DatabaseUnavailable,
                  "không dùng được cơ sở dữ liệu SQLite " + url.sqlite_path + ": " + res.error().message_vi,
                  "cannot use SQLite database " + url.sqlite_path + ": " + res.error().message_en, "db");
    }
  }
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace tienbo::db
