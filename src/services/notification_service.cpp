#include "tienbo/services/notification_service.hpp"

#include <algorithm>

#include "mail_internal.hpp"

#include "tienbo/core/date.hpp"
#include "tienbo/core/json_writer.hpp"
#include "tienbo/core/period.hpp"
#include "tienbo/services/access_control.hpp"
#include "tienbo/services/session_service.hpp"

namespace tienbo::services {

using core::ErrorCode;
using core::fail;
using core::Unexpected;

core::Result<std::int64_t> NotificationService::send_due_reminders(const std::string& today) {
  std::vector<store::UserRecord> users;
  {
    auto tx = store_.begin(store::Access::Read);
    if (!tx) return Unexpected{std::move(tx).error()};
    auto all = (*tx)->users().list({}, 1000000);
    if (!all) return Unexpected{std::move(all).error()};
    users = std::move(*all);
  }
  std::int64_t sent = 0;
  for (const auto& u : users) {
    if (u.disabled) continue;
    Principal p;
    p.user_id = u.id;
    p.login = u.login;
    {
      auto tx = store_.begin(store::Access::Read);
      if (!tx) return Unexpected{std::move(tx).error()};
      auto grants = load_grants(**tx, u.id);
      if (!grants) return Unexpected{std::move(grants).error()};
      p.grants = std::move(*grants);
    }
    if (p.grants.empty()) continue;
    auto due = completeness_.due(p, today);
    if (!due) return Unexpected{std::move(due).error()};
    auto tx = store_.begin(store::Access::Write);
    if (!tx) return Unexpected{std::move(tx).error()};
    for (const auto& d : *due) {
      if (!d.days_left || !d.due_before) continue;
      const int left = *d.days_left;
      std::string stage;
      std::string vi;
      std::string en;
      const std::string what_vi = d.form_name_vi + " — " + d.unit_name_vi + ", " + d.period_label_vi;
      const std::string what_en = d.form + " — " + d.unit_code + ", " + d.period;
      const std::string due_vi = core::format_date_vi(*d.due_before);
      if (left < 0) {
        stage = "late";
        vi = "Quá hạn nộp báo cáo (hạn trước ngày " + due_vi + "): " + what_vi;
        en = "Report overdue (due before " + *d.due_before + "): " + what_en;
      } else if (left == 0) {
        stage = "0d";
        vi = "Hôm nay là ngày cuối nộp báo cáo: " + what_vi;
        en = "Today is the last day for the report: " + what_en;
      } else if (left <= 3) {
        stage = "3d";
        vi = "Còn " + std::to_string(left) + " ngày đến hạn nộp báo cáo (trước ngày " + due_vi + "): " + what_vi;
        en = std::to_string(left) + " day(s) left for the report (due before " + *d.due_before + "): " + what_en;
      } else if (left <= 7) {
        stage = "7d";
        vi = "Còn " + std::to_string(left) + " ngày đến hạn nộp báo cáo (trước ngày " + due_vi + "): " + what_vi;
        en = std::to_string(left) + " day(s) left for the report (due before " + *d.due_before + "): " + what_en;
      } else {
        continue;
      }
      store::NotificationRecord n;
      n.user_id = u.id;
      n.kind = "report_due";
      n.dedupe_key = "report_due/" + d.form + "/" + d.unit_code + "/" + d.period + "/" + stage;
      n.title_vi = vi;
      n.title_en = en;
      n.link = "/reports/" + d.form + "/" + d.unit_code + "/" + d.period;
      n.created_at = core::utc_timestamp(std::chrono::system_clock::now());
      mail_detail::MailText text;
      text.subject = vi;
      text.body = vi.substr(0, vi.find(": ")) + ".\nBáo cáo: " + d.form_name_vi + "\nĐơn vị: " + d.unit_name_vi +
                  "\nKỳ báo cáo: " + d.period_label_vi + "\nHạn nộp: trước ngày " + due_vi +
                  "\n(Nhắc tự động của hệ thống)\n\n" + en + "\n";
      auto inserted = mail_detail::notify(**tx, mail_, n, text);
      if (!inserted) return Unexpected{std::move(inserted).error()};
      if (*inserted) ++sent;
    }
    TIENBO_TRY((*tx)->commit());
  }
  return sent;
}

core::Result<std::vector<store::NotificationRecord>> NotificationService::list(const Principal& p, bool unread_only,
                                                                               std::int64_t limit) {
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  return (*tx)->notifications().for_user(p.user_id, unread_only, std::clamp<std::int64_t>(limit, 1, 500));
}

core::Result<void> NotificationService::mark_read(const Principal& p, std::int64_t id) {
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto done = (*tx)->notifications().mark_read(p.user_id, id, core::utc_timestamp(std::chrono::system_clock::now()));
  if (!done) return Unexpected{std::move(done).error()};
  if (!*done)
    return fail(ErrorCode::NotFound, "không có thông báo " + std::to_string(id),
                "there is no notification " + std::to_string(id));
  return (*tx)->commit();
}

core::Result<Reminders> NotificationService::remind_missing(const Principal& p, const std::string& form,
                                                            const std::string& period, const std::string& unit,
                                                            const std::string& today) {
  if (!core::is_iso_date(today))
    return fail(ErrorCode::InvalidValue, "ngày \"" + today + "\" không hợp lệ", "date \"" + today + "\" is not valid",
                "today");
  auto c = completeness_.compute(p, form, period, unit);  // reads only what the caller may read (404 otherwise)
  if (!c) return Unexpected{std::move(c).error()};
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  const auto pc = core::Period::parse(c->period);
  if (!pc) return Unexpected{pc.error()};
  auto root = (*tx)->units().find_by_code(unit, std::min(pc->end_date(), core::today_in_vietnam()));
  if (!root) return Unexpected{std::move(root).error()};
  if (!*root) return fail(ErrorCode::NotFound, "không tìm thấy đơn vị " + unit, "not found: unit " + unit);
  bool works = false;
  for (const auto action : {auth::Action::DataApprove, auth::Action::DataEdit}) {
    auto ok = AccessControl::can(**tx, p, action, (*root)->id);
    if (!ok) return Unexpected{std::move(ok).error()};
    works = works || *ok;
  }
  if (!works) {
    return fail(
        ErrorCode::Forbidden,
        "chỉ người nhập liệu, phê duyệt hoặc quản lý báo cáo của đơn vị mới nhắc được các đơn vị chưa nộp",
        "only those who enter, approve or manage the unit's reports can remind the units that have not reported");
  }
  Reminders out;
  const std::string now = core::utc_timestamp(std::chrono::system_clock::now());
  for (const auto& row : c->rows) {
    if (row.unit_id == (*root)->id) continue;  // the caller's own unit: not a lower level to remind
    if (row.status != "missing" && row.status != "draft" && row.status != "returned") continue;
    auto editors = (*tx)->users().holders(row.unit_id, "editor");
    if (!editors) return Unexpected{std::move(editors).error()};
    if (editors->empty()) {
      out.without_account.emplace_back(row.unit_code, row.unit_name_vi);
      continue;
    }
    ++out.units;
    store::NotificationRecord n;
    n.kind = "report_reminder";
    n.dedupe_key = "report_reminder/" + c->form + "/" + row.unit_code + "/" + c->period + "/" + today;
    n.title_vi =
        (row.due_before ? "Đề nghị nộp báo cáo (hạn trước ngày " + core::format_date_vi(*row.due_before) + "): "
                        : std::string("Đề nghị nộp báo cáo: ")) +
        c->form_name_vi + " — " + row.unit_name_vi + ", " + pc->label_vi() + " (" + (*root)->name_vi + " nhắc)";
    n.title_en = "Please submit the report" +
                 (row.due_before ? " (due before " + *row.due_before + ")" : std::string()) + ": " + c->form + " — " +
                 row.unit_code + ", " + c->period + " (reminder from " + (*root)->code + ")";
    n.link = "/reports/" + c->form + "/" + row.unit_code + "/" + c->period;
    n.created_at = now;
    mail_detail::MailText text;
    text.subject = n.title_vi;
    text.body = "Đề nghị đơn vị nộp báo cáo.\nBáo cáo: " + c->form_name_vi + "\nĐơn vị: " + row.unit_name_vi +
                "\nKỳ báo cáo: " + pc->label_vi() +
                (row.due_before ? "\nHạn nộp: trước ngày " + core::format_date_vi(*row.due_before) : std::string()) +
                "\nNgười nhắc: " + (p.display_name.empty() ? p.login : p.display_name) + " (" + p.login + "), " +
                (*root)->name_vi + "\n\n" + n.title_en + "\n";
    for (const auto id : *editors) {
      n.user_id = id;
      auto inserted = mail_detail::notify(**tx, mail_, n, text);
      if (!inserted) return Unexpected{std::move(inserted).error()};
      ++(*inserted ? out.users : out.already_today);
    }
  }
  TIENBO_TRY((*tx)->audit().append({p.login, p.request_id, "remind", "report", c->form + "/" + unit + "/" + c->period,
                                    (*root)->id, std::nullopt,
                                    core::JsonObject()
                                        .add("units", out.units)
                                        .add("notified", out.users)
                                        .add("withoutAccount", static_cast<std::int64_t>(out.without_account.size()))
                                        .str()}));
  TIENBO_TRY((*tx)->commit());
  return out;
}

}  // namespace tienbo::services
