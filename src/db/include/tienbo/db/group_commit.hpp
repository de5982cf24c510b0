#pragma once
// Group commit: many committed transactions made durable by one flush of the log.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>

#include "tienbo/core/result.hpp"

namespace tienbo::db {

//! Commits that end together share one flush of the log. A writer calls wait_durable() after
//! its COMMIT has returned (its writes are in the log, not yet on disk); it returns once a
//! flush that *began after that call* has finished, so everything committed before the call is
//! on disk. While one flush runs, callers queue; the next flush covers all of them. A failed
//! flush is reported to the caller that ran it; the others try again themselves. Thread-safe.
class GroupCommit {
 public:
  using Flush = std::function<core::Result<void>()>;
  explicit GroupCommit(Flush flush) : flush_(std::move(flush)) {}
  core::Result<void> wait_durable();
  //! Flushes run so far (fewer than wait_durable() calls when commits shared one).
  [[nodiscard]] std::uint64_t flushes() const;

 private:
  Flush flush_;
  mutable std::mutex mutex_;
  std::condition_variable done_;
  std::uint64_t asked_ = 0;    // wait_durable() calls so far, each one a ticket
  std::uint64_t durable_ = 0;  // every ticket up to this one is on disk
  bool flushing_ = false;
  std::uint64_t flushes_ = 0;
};

}  // namespace tienbo::db
