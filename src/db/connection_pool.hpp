#pragma once
// Private: the generic bounded pool behind both Database implementations.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "tienbo/db/database.hpp"

namespace tienbo::db {

//! The process-wide counters behind write_lock_stats(), kept by SQLite's writers' gate.
class WriteLockCounters {
 public:
  void record_wait(std::chrono::steady_clock::duration d) {
    waited_ns_.fetch_add(static_cast<std::uint64_t>(std::chrono::nanoseconds(d).count()), std::memory_order_relaxed);
  }
  void record_hold(std::chrono::steady_clock::duration d);
  void record_flush() { flushes_.fetch_add(1, std::memory_order_relaxed); }
  [[nodiscard]] WriteLockStats read() const;

 private:
  std::atomic<std::uint64_t> transactions_{0};
  std::atomic<std::uint64_t> waited_ns_{0};
  std::atomic<std::uint64_t> held_ns_{0};
  std::atomic<std::uint64_t> flushes_{0};
  std::array<std::atomic<std::uint64_t>, kWriteHoldBuckets.size()> buckets_{};  // per bucket, not cumulative
};
WriteLockCounters& write_lock_counters();

class ConnectionPool {
 public:
  using Factory = std::function<Result<std::unique_ptr<Connection>>()>;
  ConnectionPool(Factory factory, PoolOptions options);
  Result<PooledConnection> acquire();
  void release(std::unique_ptr<Connection> conn);
  //! Adds an already open connection (the one open_database() checked with).
  void seed(std::unique_ptr<Connection> conn);

 private:
  Factory factory_;
  PoolOptions options_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_count_ = 0;
};

//! Database implementation shared by both backends: a URL plus a pool.
class PooledDatabase final : public Database {
 public:
  PooledDatabase(DatabaseUrl url, ConnectionPool::Factory factory, PoolOptions options)
      : url_(std::move(url)), pool_(std::move(factory), options) {}
  [[nodiscard]] Backend backend() const override { return url_.backend; }
  [[nodiscard]] const DatabaseUrl& url() const override { return url_; }
  Result<PooledConnection> acquire() override { return pool_.acquire(); }
  void seed(std::unique_ptr<Connection> conn) { pool_.seed(std::move(conn)); }

 private:
  DatabaseUrl url_;
  ConnectionPool pool_;
};

Result<std::unique_ptr<Connection>> open_sqlite_connection(const DatabaseUrl& url, OpenMode mode);
Result<std::unique_ptr<Connection>> open_pg_connection(const DatabaseUrl& url);
Result<std::unique_ptr<NotificationListener>> open_pg_listener(const DatabaseUrl& url,
                                                               std::span<const std::string_view> channels);

}  // namespace tienbo::db
