#pragma once
// A per-request time budget. The server sets it on the thread that runs a
// handler; long loops (analytics cells, progress years, consolidation) ask
// whether it has passed and stop with a 503 instead of holding a worker.

#include <chrono>

#include "tienbo/core/error.hpp"

namespace tienbo::core {

//! Sets the calling thread's deadline for as long as it lives (nested guards keep the earlier one).
class RequestDeadline {
 public:
  explicit RequestDeadline(std::chrono::steady_clock::duration budget);
  ~RequestDeadline();
  RequestDeadline(const RequestDeadline&) = delete;
  RequestDeadline& operator=(const RequestDeadline&) = delete;

 private:
  std::chrono::steady_clock::time_point previous_;
};

//! True when the calling thread works for a request whose deadline has passed.
bool deadline_passed();

//! The error a loop returns when deadline_passed(): 503, in Vietnamese and English.
Error deadline_error();

}  // namespace tienbo::core
