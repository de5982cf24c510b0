#pragma once
// The one database interface of tienbo. Two implementations live in this
// module (SQLite, PostgreSQL over libpq); everything above sees only these
// types. SQL is written once with PostgreSQL-style placeholders ($1, $2, ...),
// which the SQLite implementation maps to ?1, ?2, ...; values are always bound,
// never spliced into SQL text.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "tienbo/core/result.hpp"

namespace tienbo::db {

using core::Result;

enum class Backend : std::uint8_t { Sqlite, Postgres };
std::string_view backend_name(Backend backend);  // "sqlite" / "postgresql"

//! A parsed database URL: `sqlite:PATH` or `postgresql://user[:pw]@host[:port]/dbname[?k=v]`.
struct DatabaseUrl {
  Backend backend = Backend::Sqlite;
  std::string sqlite_path;  //!< For SQLite: the file path.
  std::string conninfo;     //!< For PostgreSQL: the libpq URI passed to PQconnectdb.
  std::string display;      //!< The URL with any password masked, for messages and logs.
};
Result<DatabaseUrl> parse_database_url(std::string_view url);

//! Bytes bound as a BLOB (SQLite) or bytea (PostgreSQL); read back with Rows::get_text.
struct Blob {
  std::string_view bytes;
};

//! A bound parameter. Text and bytes are borrowed: they must outlive the call they are passed to.
using Param = std::variant<std::nullptr_t, std::int64_t, double, bool, std::string_view, Blob>;

//! A fully read result set. Cells keep the backend's natural form (SQLite
//! integers and reals, PostgreSQL text) and are converted on access.
class Rows {
 public:
  using Cell = std::variant<std::monostate, std::int64_t, double, std::string>;

  Rows() = default;
  Rows(std::vector<std::string> columns, std::vector<Cell> cells);

  [[nodiscard]] std::size_t size() const { return columns_.empty() ? 0 : cells_.size() / columns_.size(); }
  [[nodiscard]] bool empty() const { return size() == 0; }
  [[nodiscard]] std::size_t column_count() const { return columns_.size(); }
  [[nodiscard]] const std::vector<std::string>& columns() const { return columns_; }
  //! The index of the column the query's select list names `name` (a table's column without its
  //! table's prefix, or its AS alias), for reading by name: resolve once per result, then read each
  //! row at that index. A name the result does not have throws std::out_of_range naming it (a
  //! query and its reader that disagree are a bug, never the data's fault).
  [[nodiscard]] std::size_t column(std::string_view name) const;

  [[nodiscard]] bool is_null(std::size_t row, std::size_t col) const;
  [[nodiscard]] std::int64_t get_int(std::size_t row, std::size_t col) const;
  [[nodiscard]] double get_double(std::size_t row, std::size_t col) const;
  [[nodiscard]] bool get_bool(std::size_t row, std::size_t col) const;
  [[nodiscard]] std::string get_text(std::size_t row, std::size_t col) const;
  [[nodiscard]] std::optional<std::string> get_optional_text(std::size_t row, std::size_t col) const;

 private:
  [[nodiscard]] const Cell& cell(std::size_t row, std::size_t col) const;
  std::vector<std::string> columns_;
  std::vector<Cell> cells_;
};

enum class TxMode : std::uint8_t { Read, Write };

//! One connection. Not thread-safe: one thread uses it at a time (the pool
//! guarantees this). Prepared statements are cached per connection by SQL text.
class Connection {
 public:
  virtual ~Connection() = default;
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  [[nodiscard]] virtual Backend backend() const = 0;
  //! Runs a prepared statement and returns all rows.
  virtual Result<Rows> query(std::string_view sql, std::span<const Param> params) = 0;
  //! Runs a prepared statement and returns the number of rows it changed.
  virtual Result<std::int64_t> execute(std::string_view sql, std::span<const Param> params) = 0;
  //! Runs several statements with no parameters (migrations only).
  virtual Result<void> execute_script(std::string_view sql) = 0;
  //! False once the connection is known to be broken; the pool then drops it.
  [[nodiscard]] virtual bool healthy() const = 0;

  Result<Rows> query(std::string_view sql, std::initializer_list<Param> params = {}) {
    return query(sql, std::span<const Param>(params.begin(), params.size()));
  }
  Result<std::int64_t> execute(std::string_view sql, std::initializer_list<Param> params = {}) {
    return execute(sql, std::span<const Param>(params.begin(), params.size()));
  }

  virtual Result<void> begin(TxMode mode) = 0;
  virtual Result<void> commit() = 0;
  virtual Result<void> rollback() = 0;
  //! Within a write transaction: makes its writes durable now and goes on as a read of exactly
  //! the state it committed, until commit() or rollback() ends it. SQLite commits, begins a read
  //! and takes its snapshot before this process's next writer may start, then lets that writer
  //! in: the single write lock is not held for the reads that follow (a later failure no longer
  //! undoes the writes). A backend with concurrent writers (PostgreSQL) simply goes on in the same
  //! transaction, which commit() commits as before. True when the writes were committed now.
  virtual Result<bool> commit_writes_keep_reading() = 0;
};

//! Rolls back on destruction unless commit() succeeded.
class Transaction {
 public:
  static Result<Transaction> begin(Connection& conn, TxMode mode);
  //! Connection::commit_writes_keep_reading(); the transaction stays open.
  Result<bool> commit_writes_keep_reading();
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  ~Transaction();
  Result<void> commit();

 private:
  explicit Transaction(Connection& conn) : conn_(&conn) {}
  Connection* conn_;
};

class ConnectionPool;

//! A connection borrowed from a pool; returned (or dropped if broken) on destruction.
class PooledConnection {
 public:
  PooledConnection(ConnectionPool* pool, std::unique_ptr<Connection> conn);
  PooledConnection(PooledConnection&&) noexcept = default;
  PooledConnection& operator=(PooledConnection&&) noexcept = default;
  PooledConnection(const PooledConnection&) = delete;
  ~PooledConnection();
  Connection& operator*() { return *conn_; }
  Connection* operator->() { return conn_.get(); }

 private:
  ConnectionPool* pool_;
  std::unique_ptr<Connection> conn_;
};

enum class OpenMode : std::uint8_t { MustExist, CreateIfMissing };

struct PoolOptions {
  std::size_t max_connections = 8;
  std::chrono::milliseconds acquire_timeout{10000};
  OpenMode mode = OpenMode::MustExist;
};

//! A database: a bounded pool of connections to one URL. Thread-safe.
class Database {
 public:
  virtual ~Database() = default;
  [[nodiscard]] virtual Backend backend() const = 0;
  [[nodiscard]] virtual const DatabaseUrl& url() const = 0;
  //! Borrows a connection, opening one if the pool is below its limit;
  //! waits up to acquire_timeout otherwise.
  virtual Result<PooledConnection> acquire() = 0;
};

//! This process's SQLite write transactions since it started (docs/architecture.md, "SQLite"):
//! how many took the write lock, how long they waited for it and held it in all, how many held
//! it for at most each of kWriteHoldBuckets (cumulative, for a Prometheus histogram), and how many
//! flushes of the WAL made them durable. All zero on PostgreSQL, whose writers do not take turns.
struct WriteLockStats {
  std::uint64_t transactions = 0;
  double waited_seconds = 0;
  double held_seconds = 0;
  std::vector<std::uint64_t> held_at_most;  //!< one per kWriteHoldBuckets
  //! fdatasync calls of the WAL that made committed writes durable: fewer than `transactions`
  //! when commits ending together shared one (group commit).
  std::uint64_t wal_flushes = 0;
};
//! Upper bounds, in seconds, of the write-lock hold histogram's buckets (+Inf is implied).
inline constexpr std::array<double, 10> kWriteHoldBuckets{0.0005, 0.001, 0.002, 0.005, 0.01,
                                                          0.025,  0.05,  0.1,   0.25,  1.0};
WriteLockStats write_lock_stats();

//! Opens the database the URL names and checks that it answers.
Result<std::unique_ptr<Database>> open_database(const DatabaseUrl& url, const PoolOptions& options);

//! One NOTIFY heard: its channel and payload.
struct Notification {
  std::string channel;
  std::string payload;
};

//! A dedicated PostgreSQL connection LISTENing on some channels: how several
//! `tienbo serve` instances on one database hear each other's writes. The
//! notifications of all its channels arrive in the order their transactions committed.
class NotificationListener {
 public:
  virtual ~NotificationListener() = default;
  //! Waits up to `timeout` and returns the notifications that arrived (possibly none);
  //! an error when the connection broke (open a new listener).
  virtual Result<std::vector<Notification>> wait(std::chrono::milliseconds timeout) = 0;
};

//! PostgreSQL only (SQLite has one process). Channels: letters, digits and '_'.
Result<std::unique_ptr<NotificationListener>> listen_notifications(const DatabaseUrl& url,
                                                                   std::span<const std::string_view> channels);

}  // namespace tienbo::db
