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
#include "tienbo/services/mail_service.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services {

//! What a reminder of the units that have not reported did.
struct Reminders {
  std::int64_t units = 0;          //!< units not reported (no report, a draft, or returned) that were reminded
  std::int64_t users = 0;          //!< notifications sent now
  std::int64_t already_today = 0;  //!< users already reminded of that report today (not sent again)
  //! Units with no enabled editor account to remind (code, name): to be called instead.
  std::vector<std::pair<std::string, std::string>> without_account;
};

class NotificationService {
 public:
  NotificationService(store::Store& store, CompletenessService& completeness)
      : store_(store), completeness_(completeness) {}
  //! Whether reminders also queue e-mail (set before use).
  void set_mail(const MailOptions& options) { mail_ = options; }

  //! Sends every reminder due on `today` (ISO date); returns how many were new.
  core::Result<std::int64_t> send_due_reminders(const std::string& today);
  core::Result<std::vector<store::NotificationRecord>> list(const Principal& p, bool unread_only, std::int64_t limit);
  core::Result<void> mark_read(const Principal& p, std::int64_t id);
  //! Reminds the editors of every unit below `unit` that has not reported (form, period) — no
  //! report, a draft or a returned one — at most once a day per report and editor. For those
  //! who work the unit's reports (data.edit or data.approve on it); audited.
  core::Result<Reminders> remind_missing(const Principal& p, const std::string& form, const std::string& period,
                                         const std::string& unit, const std::string& today);

 private:
  store::Store& store_;
  CompletenessService& completeness_;
  MailOptions mail_;
};

}  // namespace tienbo::services
