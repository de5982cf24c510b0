#pragma once
// In-app notifications. Reminders of reports due are sent at four stages —
// a week before the deadline, three days before, on the last day and after it —
// once per stage per report and user (deduplicated in the database), by
// `tienbo serve` every hour and by `tienbo reminders send`.

#include <string>
#include <vector>

#include "tienbo/core/result.hpp"
#include "tienbo/services/completeness_service.hpp"
#include "tienbo/services/context.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services {

class NotificationService {
 public:
  NotificationService(store::Store& store, CompletenessService& completeness) : store_(store), completeness_(completeness) {}

  //! Sends every reminder due on `today` (ISO date); returns how many were new.
  core::Result<std::int64_t> send_due_reminders(const std::string& today);
  core::Result<std::vector<store::NotificationRecord>> list(const Principal& p, bool unread_only, std::int64_t limit);
  core::Result<void> mark_read(const Principal& p, std::int64_t id);

 private:
  store::Store& store_;
  CompletenessService& completeness_;
};

}  // namespace tienbo::services
