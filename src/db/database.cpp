#include "tienbo/db/database.hpp"
#include "tienbo/db/group_commit.hpp"

#include <algorithm>
#include <cctype>

#include <charconv>
#include <cstdlib>
#include <stdexcept>

#include "connection_pool.hpp"

namespace tienbo::db {

using core::ErrorCode;
using core::fail;

std::string_view backend_name(Backend backend) { return backend == Backend::Sqlite ? "sqlite" : "postgresql"; }

Result<DatabaseUrl> parse_database_url(std::string_view url) {
  DatabaseUrl out;
  const std::string shown(url);
  if (url.starts_with("sqlite:")) {
    std::string_view path = url.substr(7);
    if (path.starts_with("//")) path.remove_prefix(2);  // accept sqlite://PATH too
    if (path.empty()) {
      return fail(ErrorCode::InvalidDatabaseUrl,
                  "URL cơ sở dữ liệu \"" + shown + "\" thiếu đường dẫn tệp; ví dụ: sqlite:data/tienbo.db",
                  "database URL \"" + shown + "\" has no file path; example: sqlite:data/tienbo.db", "db");
    }
    out.backend = Backend::Sqlite;
    out.sqlite_path = std::string(path);
    out.display = "sqlite:" + out.sqlite_path;
    return out;
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    std::string_view rest = url.substr(url.find("://") + 3);
    auto slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    std::string_view dbname = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    dbname = dbname.substr(0, dbname.find('?'));
    auto at = authority.rfind('@');
    std::string_view hostport = at == std::string_view::npos ? authority : authority.substr(at + 1);
    if (hostport.empty() || dbname.empty()) {
      return fail(ErrorCode::InvalidDatabaseUrl,
                  "URL PostgreSQL \"" + shown +
                      "\" phải có máy chủ và tên cơ sở dữ liệu; ví dụ: "
                      "postgresql://tienbo@127.0.0.1:5432/tienbo",
                  "PostgreSQL URL \"" + shown +
                      "\" needs a host and a database name; example: "
                      "postgresql://tienbo@127.0.0.1:5432/tienbo",
                  "db");
    }
    auto colon = hostport.rfind(':');
    if (colon != std::string_view::npos && hostport.find(']') == std::string_view::npos) {
      std::string_view port = hostport.substr(colon + 1);
      unsigned value = 0;
      auto res = std::from_chars(port.data(), port.data() + port.size(), value);
      if (port.empty() || res.ec != std::errc{} || res.ptr != port.data() + port.size() || value == 0 ||
          value > 65535) {
        return fail(ErrorCode::InvalidDatabaseUrl,
                    "cổng \"" + std::string(port) + "\" trong URL \"" + shown + "\" không hợp lệ (1–65535)",
                    "port \"" + std::string(port) + "\" in URL \"" + shown + "\" is not valid (1-65535)", "db");
      }
    }
    out.backend = Backend::Postgres;
    out.conninfo = std::string(url);
    // Mask a password, if any, for messages.
    out.display = shown;
    if (at != std::string_view::npos) {
      std::string_view userinfo = authority.substr(0, at);
      auto pw = userinfo.find(':');
      if (pw != std::string_view::npos) {
        auto start = static_cast<std::size_t>(userinfo.data() - url.data()) + pw + 1;
        out.display.replace(start, userinfo.size() - pw - 1, "***");
      }
    }
    return out;
  }
  return fail(ErrorCode::InvalidDatabaseUrl,
              "URL cơ sở dữ liệu \"" + shown +
                  "\" không được hỗ trợ; dùng sqlite:ĐƯỜNG_DẪN hoặc "
                  "postgresql://người_dùng@máy:cổng/tên_csdl",
              "unsupported database URL \"" + shown + "\"; use sqlite:PATH or postgresql://user@host:port/dbname",
              "db");
}

// ---- Rows -------------------------------------------------------------------

Rows::Rows(std::vector<std::string> columns, std::vector<Cell> cells)
    : columns_(std::move(columns)), cells_(std::move(cells)) {}

std::size_t Rows::column(std::string_view name) const {
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i] == name) return i;
  }
  throw std::out_of_range("tienbo::db::Rows: the result has no column " + std::string(name));
}

const Rows::Cell& Rows::cell(std::size_t row, std::size_t col) const {
  if (col >= columns_.size() || row >= size()) throw std::out_of_range("tienbo::db::Rows: cell out of range");
  return cells_[row * columns_.size() + col];
}

bool Rows::is_null(std::size_t row, std::size_t col) const {
  return std::holds_alternative<std::monostate>(cell(row, col));
}

std::int64_t Rows::get_int(std::size_t row, std::size_t col) const {
  const Cell& c = cell(row, col);
  if (auto* i = std::get_if<std::int64_t>(&c)) return *i;
  if (auto* d = std::get_if<double>(&c)) return static_cast<std::int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&c)) {
    std::int64_t v = 0;
    auto res = std::from_chars(s->data(), s->data() + s->size(), v);
    if (res.ec == std::errc{}) return v;
    if (*s == "t" || *s == "true") return 1;
    if (*s == "f" || *s == "false") return 0;
    throw std::runtime_error("tienbo::db::Rows: column " + columns_[col] + " is not an integer: " + *s);
  }
  return 0;
}

double Rows::get_double(std::size_t row, std::size_t col) const {
  const Cell& c = cell(row, col);
  if (auto* i = std::get_if<std::int64_t>(&c)) return static_cast<double>(*i);
  if (auto* d = std::get_if<double>(&c)) return *d;
  if (auto* s = std::get_if<std::string>(&c)) {
    double v = 0;
    auto res = std::from_chars(s->data(), s->data() + s->size(), v);
    if (res.ec == std::errc{}) return v;
    throw std::runtime_error("tienbo::db::Rows: column " + columns_[col] + " is not a number: " + *s);
  }
  return 0;
}

bool Rows::get_bool(std::size_t row, std::size_t col) const { return get_int(row, col) != 0; }

std::string Rows::get_text(std::size_t row, std::size_t col) const {
  const Cell& c = cell(row, col);
  if (auto* s = std::get_if<std::string>(&c)) return *s;
  if (auto* i = std::get_if<std::int64_t>(&c)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&c)) {
    char buf[32];
    auto res = std::to_chars(buf, buf + sizeof buf, *d);
    return std::string(buf, res.ptr);
  }
  return {};
}

std::optional<std::string> Rows::get_optional_text(std::size_t row, std::size_t col) const {
  if (is_null(row, col)) return std::nullopt;
  return get_text(row, col);
}

// ---- Transaction ------------------------------------------------------------

Result<Transaction> Transaction::begin(Connection& conn, TxMode mode) {
  TIENBO_TRY(conn.begin(mode));
  return Transaction(conn);
}

Transaction::Transaction(Transaction&& other) noexcept : conn_(other.conn_) { other.conn_ = nullptr; }

Transaction::~Transaction() {
  if (conn_ != nullptr) (void)conn_->rollback();
}

Result<bool> Transaction::commit_writes_keep_reading() {
  if (conn_ == nullptr) return fail(ErrorCode::Internal, "giao dịch đã kết thúc", "transaction already finished");
  return conn_->commit_writes_keep_reading();
}

Result<void> Transaction::commit() {
  Connection* conn = conn_;
  conn_ = nullptr;
  if (conn == nullptr) {
    return fail(ErrorCode::Internal, "giao dịch đã kết thúc", "transaction already finished");
  }
  auto res = conn->commit();
  if (!res) (void)conn->rollback();
  return res;
}

// ---- Write-lock statistics ----------------------------------------------------

void WriteLockCounters::record_hold(std::chrono::steady_clock::duration d) {
  const double seconds = std::chrono::duration<double>(d).count();
  transactions_.fetch_add(1, std::memory_order_relaxed);
  held_ns_.fetch_add(static_cast<std::uint64_t>(std::chrono::nanoseconds(d).count()), std::memory_order_relaxed);
  for (std::size_t i = 0; i < kWriteHoldBuckets.size(); ++i) {
    if (seconds <= kWriteHoldBuckets[i]) {
      buckets_[i].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
}

WriteLockStats WriteLockCounters::read() const {
  WriteLockStats s;
  s.transactions = transactions_.load(std::memory_order_relaxed);
  s.waited_seconds = static_cast<double>(waited_ns_.load(std::memory_order_relaxed)) / 1e9;
  s.held_seconds = static_cast<double>(held_ns_.load(std::memory_order_relaxed)) / 1e9;
  s.wal_flushes = flushes_.load(std::memory_order_relaxed);
  std::uint64_t cumulative = 0;
  for (const auto& b : buckets_) {
    cumulative += b.load(std::memory_order_relaxed);
    s.held_at_most.push_back(cumulative);
  }
  return s;
}

WriteLockCounters& write_lock_counters() {
  static WriteLockCounters counters;
  return counters;
}

WriteLockStats write_lock_stats() { return write_lock_counters().read(); }

// ---- Pool -------------------------------------------------------------------

PooledConnection::PooledConnection(ConnectionPool* pool, std::unique_ptr<Connection> conn)
    : pool_(pool), conn_(std::move(conn)) {}

PooledConnection::~PooledConnection() {
  if (pool_ != nullptr && conn_) pool_->release(std::move(conn_));
}

ConnectionPool::ConnectionPool(Factory factory, PoolOptions options) : factory_(std::move(factory)), options_(options) {
  if (options_.max_connections == 0) options_.max_connections = 1;
}

Result<PooledConnection> ConnectionPool::acquire() {
  std::unique_lock lock(mutex_);
  auto deadline = std::chrono::steady_clock::now() + options_.acquire_timeout;
  while (true) {
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return PooledConnection(this, std::move(conn));
    }
    if (open_count_ < options_.max_connections) {
      ++open_count_;
      lock.unlock();
      auto conn = factory_();
      if (!conn) {
        lock.lock();
        --open_count_;
        available_.notify_one();
        return core::Unexpected{std::move(conn).error()};
      }
      return PooledConnection(this, std::move(*conn));
    }
    if (available_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_count_ >= options_.max_connections) {
      return fail(ErrorCode::DatabaseUnavailable,
                  "hết kết nối cơ sở dữ liệu rảnh sau " + std::to_string(options_.acquire_timeout.count()) +
                      " ms; hệ thống đang quá tải, hãy thử lại",
                  "no free database connection after " + std::to_string(options_.acquire_timeout.count()) +
                      " ms; the system is overloaded, try again");
    }
  }
}

void ConnectionPool::seed(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mutex_);
  ++open_count_;
  idle_.push_back(std::move(conn));
}

void ConnectionPool::release(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mutex_);
  if (conn->healthy()) {
    idle_.push_back(std::move(conn));
  } else {
    --open_count_;
  }
  available_.notify_one();
}

Result<std::unique_ptr<Database>> open_database(const DatabaseUrl& url, const PoolOptions& options) {
  ConnectionPool::Factory factory;
  Result<std::unique_ptr<Connection>> first = std::unique_ptr<Connection>();
  if (url.backend == Backend::Sqlite) {
    // Only the first connection may create the file; later ones must find it.
    first = open_sqlite_connection(url, options.mode);
    factory = [url] { return open_sqlite_connection(url, OpenMode::MustExist); };
  } else {
    first = open_pg_connection(url);
    factory = [url] { return open_pg_connection(url); };
  }
  if (!first) return core::Unexpected{std::move(first).error()};
  auto db = std::make_unique<PooledDatabase>(url, std::move(factory), options);
  db->seed(std::move(*first));
  return std::unique_ptr<Database>(std::move(db));
}

Result<std::unique_ptr<NotificationListener>> listen_notifications(const DatabaseUrl& url,
                                                                   std::span<const std::string_view> channels) {
  if (url.backend != Backend::Postgres) {
    return core::fail(core::ErrorCode::InvalidValue, "chỉ PostgreSQL có LISTEN/NOTIFY",
                      "only PostgreSQL has LISTEN/NOTIFY", "db");
  }
  for (auto channel : channels) {
    bool ok = !channel.empty();
    for (char c : channel) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') ok = false;
    }
    if (!ok) return core::fail(core::ErrorCode::InvalidValue, "tên kênh không hợp lệ", "bad channel name", "channel");
  }
  return open_pg_listener(url, channels);
}

// ---- Group commit -------------------------------------------------------------

core::Result<void> GroupCommit::wait_durable() {
  std::unique_lock lock(mutex_);
  const std::uint64_t ticket = ++asked_;
  while (durable_ < ticket) {
    if (flushing_) {
      done_.wait(lock);  // a flush that may have begun before this ticket: wait for it, then look again
      continue;
    }
    flushing_ = true;
    const std::uint64_t covers = asked_;  // every ticket handed out before this flush begins
    lock.unlock();
    auto flushed = flush_();
    lock.lock();
    flushing_ = false;
    ++flushes_;
    if (flushed) durable_ = std::max(durable_, covers);
    done_.notify_all();
    if (!flushed) return flushed;
  }
  return {};
}

std::uint64_t GroupCommit::flushes() const {
  std::lock_guard lock(mutex_);
  return flushes_;
}

}  // namespace tienbo::db
