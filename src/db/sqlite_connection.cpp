// SQLite implementation of db::Connection: WAL, synchronous=FULL, a busy
// timeout, foreign keys on, and a per-connection cache of prepared statements.

#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "connection_pool.hpp"
#include "tienbo/db/sql_text.hpp"

namespace tienbo::db {
namespace {

using core::ErrorCode;
using core::fail;

constexpr int kBusyTimeoutMs = 10000;

// The writers of one database file in this process take turns at this gate before BEGIN
// IMMEDIATE and leave it at COMMIT or ROLLBACK. SQLite lets one writer in at a time anyway; a
// writer that finds the lock taken sleeps in its busy handler (1, 2, 5, … up to 100 ms between
// tries), so under many writers the lock sits free while they sleep. At the gate the next one
// is woken the moment the lock is given back. Writers in other processes (a one-shot command)
// still meet SQLite's lock and its busy timeout.
// (A flag and a condition variable rather than a mutex: the thread that ends a transaction need
// not be the one that began it.)
class WriterGate {
 public:
  bool enter(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!free_.wait_for(lock, timeout, [this] { return !taken_; })) return false;
    taken_ = true;
    return true;
  }
  void leave() {
    {
      std::lock_guard lock(mutex_);
      taken_ = false;
    }
    free_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable free_;
  bool taken_ = false;
};

std::shared_ptr<WriterGate> writer_gate_for(const std::filesystem::path& file) {
  static std::mutex registry_mutex;
  static std::map<std::string, std::weak_ptr<WriterGate>> registry;
  std::error_code ec;
  auto canonical = std::filesystem::weakly_canonical(file, ec);
  const std::string key = ec ? file.string() : canonical.string();
  std::lock_guard lock(registry_mutex);
  auto& slot = registry[key];
  auto gate = slot.lock();
  if (!gate) {
    gate = std::make_shared<WriterGate>();
    slot = gate;
  }
  return gate;
}

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(sqlite3* handle, std::shared_ptr<WriterGate> gate) : db_(handle), gate_(std::move(gate)) {}
  ~SqliteConnection() override {
    leave_gate();
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
    if (mode == TxMode::Read) return simple("BEGIN DEFERRED");
    // IMMEDIATE takes the write lock up front, so two writers never deadlock on a lock
    // upgrade; this process's writers queue at the gate first, the busy timeout covers others.
    if (gate_ && !in_gate_) {
      if (!gate_->enter(std::chrono::milliseconds(kBusyTimeoutMs))) {
        return fail(ErrorCode::DatabaseUnavailable, "cơ sở dữ liệu đang bận, hãy thử lại: chờ ghi quá lâu",
                    "the database is busy, try again: waited too long to write");
      }
      in_gate_ = true;
    }
    auto begun = simple("BEGIN IMMEDIATE");
    if (!begun) leave_gate();
    return begun;
  }
  Result<void> commit() override {
    auto done = simple("COMMIT");
    if (done || sqlite3_get_autocommit(db_)) leave_gate();  // a failed COMMIT stays open until rollback()
    return done;
  }
  Result<void> rollback() override {
    if (sqlite3_get_autocommit(db_)) {
      leave_gate();
      return {};
    }
    auto done = simple("ROLLBACK");
    leave_gate();
    return done;
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

  void leave_gate() {
    if (in_gate_) {
      in_gate_ = false;
      gate_->leave();
    }
  }

  sqlite3* db_;
  std::shared_ptr<WriterGate> gate_;
  bool in_gate_ = false;  // this connection holds the gate (between BEGIN IMMEDIATE and its end)
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
  auto conn = std::make_unique<SqliteConnection>(handle, writer_gate_for(path));
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
