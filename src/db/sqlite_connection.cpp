// SQLite implementation of db::Connection: WAL with a group commit (synchronous=NORMAL, and a
// write's commit() returns once the WAL is on disk), a writers' gate, a busy timeout, foreign
// keys on, and a per-connection cache of prepared statements.

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "connection_pool.hpp"
#include "tienbo/db/group_commit.hpp"
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
    const auto asked = std::chrono::steady_clock::now();
    std::unique_lock lock(mutex_);
    if (!free_.wait_for(lock, timeout, [this] { return !taken_; })) return false;
    taken_ = true;
    entered_ = std::chrono::steady_clock::now();
    write_lock_counters().record_wait(entered_ - asked);
    return true;
  }
  void leave() {
    std::chrono::steady_clock::duration held{};
    {
      std::lock_guard lock(mutex_);
      taken_ = false;
      held = std::chrono::steady_clock::now() - entered_;
    }
    free_.notify_one();
    write_lock_counters().record_hold(held);
  }

 private:
  std::mutex mutex_;
  std::condition_variable free_;
  bool taken_ = false;
  std::chrono::steady_clock::time_point entered_;
};

// Makes the WAL durable: fdatasync of "<database>-wal", and of its directory the first time a
// WAL file is seen (a new file's name must reach the disk too). A WAL that is gone was
// checkpointed into the database file and removed by the last connection to close, which syncs
// both; nothing is left to flush then.
core::Result<void> flush_wal(const std::string& wal, ino_t& last_inode) {
  const int fd = ::open(wal.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return {};
    const std::string m = std::strerror(errno);
    return fail(ErrorCode::DatabaseError, "không mở được nhật ký ghi " + wal + ": " + m,
                "cannot open the write-ahead log " + wal + ": " + m);
  }
  struct stat st {};
  int rc = ::fstat(fd, &st);
  if (rc == 0) rc = ::fdatasync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) {
    const std::string m = std::strerror(err);
    return fail(ErrorCode::DatabaseError, "không ghi được xuống đĩa (" + wal + "): " + m,
                "could not make the write durable (" + wal + "): " + m);
  }
  if (st.st_ino != last_inode) {
    const std::string dir = std::filesystem::path(wal).parent_path().string();
    const int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      (void)::fsync(dfd);
      ::close(dfd);
    }
    last_inode = st.st_ino;
  }
  write_lock_counters().record_flush();
  return {};
}

// What the connections of one database file in this process share: the writers' gate, and the
// group commit of its WAL. SQLite runs with synchronous=NORMAL, so COMMIT writes the WAL but
// does not wait for the disk; a write transaction's commit() waits for that here, after it has
// left the gate, and commits that end together share one fdatasync (see docs/architecture.md).
struct SharedFile {
  explicit SharedFile(std::string wal_path)
      : wal(std::move(wal_path)), durable([this] { return flush_wal(wal, wal_inode); }) {}
  WriterGate gate;
  std::string wal;
  ino_t wal_inode = 0;  // the WAL file last flushed (touched only by the flush that runs)
  GroupCommit durable;
};

std::shared_ptr<SharedFile> shared_file_for(const std::filesystem::path& file) {
  static std::mutex registry_mutex;
  static std::map<std::string, std::weak_ptr<SharedFile>> registry;
  std::error_code ec;
  auto canonical = std::filesystem::weakly_canonical(file, ec);
  const std::string key = ec ? file.string() : canonical.string();
  std::lock_guard lock(registry_mutex);
  auto& slot = registry[key];
  auto shared = slot.lock();
  if (!shared) {
    shared = std::make_shared<SharedFile>(key + "-wal");
    slot = shared;
  }
  return shared;
}

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(sqlite3* handle, std::shared_ptr<SharedFile> shared) : db_(handle), shared_(std::move(shared)) {}
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
          case SQLITE_NULL:
            cells.emplace_back(std::monostate{});
            break;
          case SQLITE_INTEGER:
            cells.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(s, c)));
            break;
          case SQLITE_FLOAT:
            cells.emplace_back(sqlite3_column_double(s, c));
            break;
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
    if (shared_ && !in_gate_) {
      if (!shared_->gate.enter(std::chrono::milliseconds(kBusyTimeoutMs))) {
        return fail(ErrorCode::DatabaseUnavailable, "cơ sở dữ liệu đang bận, hãy thử lại: chờ ghi quá lâu",
                    "the database is busy, try again: waited too long to write");
      }
      in_gate_ = true;
    }
    auto begun = simple("BEGIN IMMEDIATE");
    if (!begun) leave_gate();
    changes_at_begin_ = sqlite3_total_changes64(db_);
    return begun;
  }
  Result<void> commit() override {
    if (!in_gate_ && sqlite3_get_autocommit(db_)) return {};  // nothing open (see commit_writes_keep_reading)
    // A write transaction that changed no row has nothing to flush (DDL alone changes no row, but
    // every migration also records itself in schema_migrations).
    const bool wrote = in_gate_ && sqlite3_total_changes64(db_) != changes_at_begin_;
    auto done = simple("COMMIT");
    if (done || sqlite3_get_autocommit(db_)) leave_gate();  // a failed COMMIT stays open until rollback()
    if (!done || !wrote) return done;
    // On disk before the caller hears "committed"; outside the gate, shared with other commits.
    return shared_->durable.wait_durable();
  }
  Result<bool> commit_writes_keep_reading() override {
    if (!in_gate_) return false;  // a read, or no gate: nothing to give back early
    const bool wrote = sqlite3_total_changes64(db_) != changes_at_begin_;
    auto done = simple("COMMIT");
    if (!done) return core::Unexpected{std::move(done).error()};  // still open: rollback() ends it and leaves the gate
    // Still at the gate, so no writer of this process commits before the snapshot is taken: the
    // read below starts at exactly what was just committed. (A writer of another process may,
    // in these microseconds; the caller compares what it reads with what it wrote.)
    // Should the read not begin, the reads that follow run each on its own (autocommit) and
    // commit() / rollback() end nothing; the writes are committed either way.
    if (simple("BEGIN DEFERRED") && !simple("SELECT 1 FROM sqlite_master LIMIT 1")) (void)simple("ROLLBACK");
    leave_gate();
    if (wrote) {
      auto durable = shared_->durable.wait_durable();
      if (!durable) return core::Unexpected{std::move(durable).error()};
    }
    return true;
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
      auto e =
          core::make_error(ErrorCode::Conflict, "vi phạm ràng buộc dữ liệu: " + m, "data constraint violated: " + m);
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
      return fail(ErrorCode::Internal, "sai số tham số SQL",
                  "SQL parameter count mismatch: expected " + std::to_string(expected) + ", got " +
                      std::to_string(params.size()) + " for: " + std::string(sql));
    }
    for (int i = 0; i < expected; ++i) {
      const Param& p = params[static_cast<std::size_t>(i)];
      int rc = std::visit(
          [&](const auto& v) -> int {
            using V = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<V, std::nullptr_t>)
              return sqlite3_bind_null(stmt, i + 1);
            else if constexpr (std::is_same_v<V, std::int64_t>)
              return sqlite3_bind_int64(stmt, i + 1, v);
            else if constexpr (std::is_same_v<V, double>)
              return sqlite3_bind_double(stmt, i + 1, v);
            else if constexpr (std::is_same_v<V, bool>)
              return sqlite3_bind_int(stmt, i + 1, v ? 1 : 0);
            else if constexpr (std::is_same_v<V, Blob>)
              return sqlite3_bind_blob64(stmt, i + 1, v.bytes.data(), v.bytes.size(), SQLITE_STATIC);
            else
              return sqlite3_bind_text64(stmt, i + 1, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
          },
          p);
      if (rc != SQLITE_OK) return core::Unexpected{error_from(rc, sql)};
    }
    return stmt;
  }

  void leave_gate() {
    if (in_gate_) {
      in_gate_ = false;
      shared_->gate.leave();
    }
  }

  sqlite3* db_;
  std::shared_ptr<SharedFile> shared_;
  bool in_gate_ = false;                // this connection holds the gate (between BEGIN IMMEDIATE and its end)
  sqlite3_int64 changes_at_begin_ = 0;  // rows changed by this connection before its write began
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
                    " does not exist; create it or choose another path",
                "db");
  }
  if (mode == OpenMode::MustExist && !fs::exists(path, ec)) {
    return fail(ErrorCode::DatabaseUnavailable,
                "cơ sở dữ liệu SQLite " + url.sqlite_path + " chưa có; hãy chạy: tienbo init --db " + url.display,
                "SQLite database " + url.sqlite_path + " does not exist; run: tienbo init --db " + url.display, "db");
  }
  sqlite3* handle = nullptr;
  int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (mode == OpenMode::CreateIfMissing ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(url.sqlite_path.c_str(), &handle, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string m = handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);
    sqlite3_close_v2(handle);
    return fail(ErrorCode::DatabaseUnavailable, "không mở được cơ sở dữ liệu SQLite " + url.sqlite_path + ": " + m,
                "cannot open SQLite database " + url.sqlite_path + ": " + m, "db");
  }
  auto conn = std::make_unique<SqliteConnection>(handle, shared_file_for(path));
  sqlite3_busy_timeout(handle, kBusyTimeoutMs);
  sqlite3_extended_result_codes(handle, 1);
  // synchronous=NORMAL: COMMIT does not wait for the disk; commit() does, through the group
  // commit of SharedFile, so every acknowledged write is on disk all the same.
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
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
