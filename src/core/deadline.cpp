#include "tienbo/core/deadline.hpp"

namespace tienbo::core {

namespace {
thread_local std::chrono::steady_clock::time_point t_deadline = std::chrono::steady_clock::time_point::max();
}  // namespace

RequestDeadline::RequestDeadline(std::chrono::steady_clock::duration budget) : previous_(t_deadline) {
  const auto now = std::chrono::steady_clock::now();
  const auto mine = budget >= std::chrono::steady_clock::time_point::max() - now
                        ? std::chrono::steady_clock::time_point::max()
                        : now + budget;
  if (mine < t_deadline) t_deadline = mine;
}

RequestDeadline::~RequestDeadline() { t_deadline = previous_; }

bool deadline_passed() {
  return t_deadline != std::chrono::steady_clock::time_point::max() && std::chrono::steady_clock::now() >= t_deadline;
}

Error deadline_error() {
  return make_error(
      ErrorCode::DeadlineExceeded,
      "yêu cầu cần quá nhiều thời gian và đã dừng; hãy thu hẹp phạm vi (ít đơn vị, ít kỳ hơn) rồi thử lại",
      "the request took too long and was stopped; narrow it (fewer units or periods) and try again");
}

}  // namespace tienbo::core
