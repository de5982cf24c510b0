// The workflow: submit, approve (bottom-up), return with reasons, reopen.
#include "mail_internal.hpp"
#include "report_internal.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "tienbo/auth/token.hpp"
#include "tienbo/core/date.hpp"
#include "tienbo/core/json_writer.hpp"
#include "tienbo/core/log.hpp"
#include "tienbo/core/text.hpp"
#include "tienbo/core/value_syntax.hpp"
#include "tienbo/io/file_types.hpp"
#include "tienbo/io/metadata_package.hpp"
#include "tienbo/services/access_control.hpp"
#include "tienbo/services/search_service.hpp"
#include "tienbo/services/text_input.hpp"

namespace tienbo::services {

using auth::Action;
using core::ErrorCode;
using core::fail;
using core::Unexpected;
using namespace report_detail;

namespace {

//! At most `n` characters of `text` (whole UTF-8 characters), with "…" when cut.
std::string shortened(const std::string& text, std::size_t n) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && chars++ == n) return text.substr(0, i) + "…";
  }
  return text;
}

//! The e-mail of a return, an approval or a reopening: the report named in words (form, unit,
//! period), who took the step and what they wrote.
mail_detail::MailText outcome_mail(const Principal& p, const Loaded& l, std::string_view action,
                                   const std::string& reason) {
  std::string done_vi;
  std::string done_en;
  std::string why_vi;
  if (action == "approve") {
    done_vi = "đã được phê duyệt";
    done_en = "was approved";
    why_vi = "Ý kiến";
  } else if (action == "return") {
    done_vi = "đã bị trả lại để sửa";
    done_en = "was returned for correction";
    why_vi = "Lý do trả lại";
  } else {
    done_vi = "đã được mở lại để sửa";
    done_en = "was reopened for correction";
    why_vi = "Lý do mở lại";
  }
  const std::string who = (p.display_name.empty() ? p.login : p.display_name) + " (" + p.login + ")";
  const std::string why = core::collapse_spaces(reason);
  mail_detail::MailText m;
  m.subject = "Báo cáo " + done_vi + ": " + l.def->form.name_vi + " — " + l.unit.name_vi + ", " + l.period.label_vi();
  m.body = "Báo cáo \"" + l.def->form.name_vi + "\" của " + l.unit.name_vi + " " + done_vi +
           ".\nKỳ báo cáo: " + l.period.label_vi() + "\nNgười thực hiện: " + who + "\n" +
           (why.empty() ? "" : why_vi + ": " + why + "\n") + "\nReport " + l.def->form.code + " of " + l.unit.code +
           " (" + l.unit.name_en + "), " + l.period.label_en() + ", " + done_en + " by " + who + ".\n" +
           (why.empty() ? "" : "Comment: " + why + "\n");
  return m;
}

//! Tells the unit what the level above did with its report — the submitter and the unit's
//! editors, not whoever did it — in the transition's own transaction, once per transition; with
//! mail configured, by e-mail too (queued in the same transaction).
core::Result<void> notify_outcome(store::Tx& tx, const MailOptions& mail, const Principal& p, const Loaded& l,
                                  std::string_view action, const std::string& reason) {
  std::string vi;
  std::string en;
  if (action == "approve") {
    vi = "Báo cáo đã được phê duyệt: ";
    en = "Report approved: ";
  } else if (action == "return") {
    vi = "Báo cáo bị trả lại để sửa: ";
    en = "Report returned for correction: ";
  } else {
    vi = "Báo cáo đã phê duyệt được mở lại để sửa: ";
    en = "Approved report reopened for correction: ";
  }
  vi += l.def->form.name_vi + " — " + l.unit.name_vi + ", " + l.period.label_vi();
  en += l.def->form.code + " — " + l.unit.code + ", " + l.period.code();
  const std::string why = shortened(core::collapse_spaces(reason), 200);
  if (!why.empty()) {
    vi += ". Lý do: " + why;
    en += ". Reason: " + why;
  }
  std::set<std::int64_t> to;
  auto editors = tx.users().holders(l.unit.id, "editor");
  if (!editors) return Unexpected{std::move(editors).error()};
  to.insert(editors->begin(), editors->end());
  if (l.report->submitted_by) {
    auto submitter = tx.users().find_by_login(*l.report->submitted_by);
    if (!submitter) return Unexpected{std::move(submitter).error()};
    if (*submitter && !(*submitter)->disabled) to.insert((*submitter)->id);
  }
  to.erase(p.user_id);
  store::NotificationRecord n;
  n.kind = "report_" + std::string(action);
  n.dedupe_key = n.kind + "/" + l.def->form.code + "/" + l.unit.code + "/" + l.period.code() + "/v" +
                 std::to_string(l.report->version);
  n.title_vi = std::move(vi);
  n.title_en = std::move(en);
  n.link = "/reports/" + l.def->form.code + "/" + l.unit.code + "/" + l.period.code();
  n.created_at = l.report->updated_at;
  const auto text = outcome_mail(p, l, action, reason);
  for (const auto id : to) {
    n.user_id = id;
    auto inserted = mail_detail::notify(tx, mail, n, text);
    if (!inserted) return Unexpected{std::move(inserted).error()};
  }
  return {};
}

//! The end of a workflow step: its writes made durable, the view it answers with read, committed.
core::Result<ReportView> finish_step(store::Tx& tx, const Principal& p, Loaded& l) {
  TIENBO_TRY(finish_writes(tx, l));
  auto out = build_view(tx, p, l);
  if (!out) return out;
  TIENBO_TRY(tx.commit());
  return out;
}

}  // namespace

core::Result<ReportView> ReportService::submit(const Principal& p, const std::string& form, const std::string& unit,
                                               const std::string& period, const TransitionCommand& cmd) {
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataEdit, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  if (!l->report) {
    return fail(ErrorCode::Conflict, "báo cáo chưa có dữ liệu; hãy nhập và lưu trước khi nộp",
                "the report has no data yet; enter and save it before submitting", "status");
  }
  const auto& step = workflow_step("submit");
  TIENBO_TRY(check_step(step, l->report));
  TIENBO_TRY(check_version(*l, cmd.version));
  // What the report shows from the registers is what it is submitted with, even when nobody
  // saved since the register changed.
  std::vector<ValueChange> committed;
  {
    auto reg = register_figures(**tx, *l);
    if (!reg) return Unexpected{std::move(reg).error()};
    auto stored = store_register_figures(**tx, p, *l, *reg, now(), committed);
    if (!stored) return Unexpected{std::move(stored).error()};
  }
  auto view = build_view(**tx, p, *l);
  if (!view) return Unexpected{std::move(view).error()};
  std::vector<RuleResult> blocking;
  for (const auto& v : view->violations) {
    if (v.severity == core::RuleSeverity::Blocking) blocking.push_back(v);
  }
  if (!blocking.empty()) {
    std::string vi = "chưa nộp được: " + std::to_string(blocking.size()) + " lỗi cần sửa";
    std::string en = "cannot submit yet: " + std::to_string(blocking.size()) + " problem(s) to fix";
    for (const auto& b : blocking) {
      vi += "\n  • " + b.message_vi;
      en += "\n  • " + b.message_en;
    }
    auto e = core::make_error(ErrorCode::InvalidValue, vi, en, "values");
    e.violations = client_violations(blocking);
    return Unexpected{std::move(e)};
  }
  auto revisions = (*tx)->reports().revisions(l->report->id);
  if (!revisions) return Unexpected{std::move(revisions).error()};
  TIENBO_TRY(transition(**tx, p, *l, step, cmd, std::nullopt));
  TIENBO_TRY((*tx)->reports().add_revision(l->report->id, {static_cast<int>(revisions->size()) + 1,
                                                           *l->report->submitted_at, p.login, content_json(*view)}));
  if (listener_ && !committed.empty())
    TIENBO_TRY((*tx)->notify(kValuesChannel, encode_value_changes(listener_->origin(), committed)));
  auto ended = finish_writes(**tx, *l);
  if (!ended) return Unexpected{std::move(ended).error()};
  if (*ended) announce(committed);
  auto out = build_view(**tx, p, *l);
  if (!out) return Unexpected{std::move(out).error()};
  TIENBO_TRY((*tx)->commit());
  if (!*ended) announce(committed);
  return out;
}

core::Result<ReportView> ReportService::approve(const Principal& p, const std::string& form, const std::string& unit,
                                                const std::string& period, const TransitionCommand& cmd) {
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataApprove, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  const auto& step = workflow_step("approve");
  TIENBO_TRY(check_step(step, l->report));
  TIENBO_TRY(check_version(*l, cmd.version));
  // Bottom-up: a parent is approved only after each reporting child is approved or waived.
  {
    auto found = reporting_children(**tx, *l);
    if (!found) return Unexpected{std::move(found).error()};
    const std::vector<store::UnitRecord>& children = *found;
    std::vector<std::int64_t> ids;
    ids.reserve(children.size());
    for (const auto& c : children) ids.push_back(c.id);
    auto reports = (*tx)->reports().for_units(l->def->form.id, l->period.code(), ids);
    if (!reports) return Unexpected{std::move(reports).error()};
    auto waived = (*tx)->reports().waived(l->def->form.id, l->period.code(), ids);
    if (!waived) return Unexpected{std::move(waived).error()};
    std::set<std::int64_t> done(waived->begin(), waived->end());
    for (const auto& r : *reports) {
      if (r.status == ReportStatus::Approved) done.insert(r.unit_id);
    }
    std::vector<std::string> pending;
    for (const auto& c : children) {
      if (!done.count(c.id)) pending.push_back(c.name_vi);
    }
    if (!pending.empty()) {
      std::string names;
      for (std::size_t i = 0; i < pending.size() && i < 5; ++i) names += (i ? ", " : "") + pending[i];
      if (pending.size() > 5) names += ", …";
      return fail(ErrorCode::Conflict,
                  "chưa phê duyệt được: còn " + std::to_string(pending.size()) +
                      " đơn vị cấp dưới chưa được phê duyệt hoặc miễn báo cáo (" + names + ")",
                  "cannot approve yet: " + std::to_string(pending.size()) +
                      " child unit(s) are neither approved nor waived (" + names + ")",
                  "children");
    }
  }
  TIENBO_TRY(transition(**tx, p, *l, step, cmd, std::nullopt));
  TIENBO_TRY(notify_outcome(**tx, mail_, p, *l, step.action, cmd.comment));
  return finish_step(**tx, p, *l);
}

core::Result<ReportView> ReportService::return_report(const Principal& p, const std::string& form,
                                                      const std::string& unit, const std::string& period,
                                                      const TransitionCommand& cmd) {
  if (core::collapse_spaces(cmd.comment).empty() && cmd.reasons.empty()) {
    return fail(ErrorCode::InvalidValue, "hãy ghi lý do trả lại báo cáo", "give the reason for returning the report",
                "comment");
  }
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataApprove, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  const auto& step = workflow_step("return");
  TIENBO_TRY(check_step(step, l->report));
  TIENBO_TRY(check_version(*l, cmd.version));
  core::JsonObject reasons;
  for (const auto& [where, why] : cmd.reasons) {
    auto text = clean_text(why, "reasons." + where, 2000, Required::Yes, Lines::Many);
    if (!text) return Unexpected{std::move(text).error()};
    reasons.add(where, *text);
  }
  const std::string details = core::JsonObject().add_raw("reasons", reasons.str()).str();
  TIENBO_TRY(transition(**tx, p, *l, step, cmd, details));
  std::string reason = cmd.comment;
  for (const auto& [where, why] : cmd.reasons) reason += (reason.empty() ? "" : "; ") + why;
  TIENBO_TRY(notify_outcome(**tx, mail_, p, *l, step.action, reason));
  return finish_step(**tx, p, *l);
}

core::Result<ReportView> ReportService::reopen(const Principal& p, const std::string& form, const std::string& unit,
                                               const std::string& period, const TransitionCommand& cmd) {
  if (core::collapse_spaces(cmd.comment).empty()) {
    return fail(ErrorCode::InvalidValue, "hãy ghi lý do mở lại báo cáo đã phê duyệt",
                "give the reason for reopening the approved report", "comment");
  }
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataApprove, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  // Reopening needs a higher role: the approve right on the level above, or an administrator.
  bool higher = false;
  if (l->unit.parent_id) {
    auto above = AccessControl::can(**tx, p, Action::DataApprove, *l->unit.parent_id);
    if (!above) return Unexpected{std::move(above).error()};
    higher = *above;
  }
  auto admin = AccessControl::can(**tx, p, Action::UnitManage, l->unit.id);
  if (!admin) return Unexpected{std::move(admin).error()};
  if (!higher && !*admin) {
    return fail(ErrorCode::Forbidden, "chỉ cấp trên hoặc quản trị viên mới mở lại được báo cáo đã phê duyệt",
                "only the level above or an administrator can reopen an approved report");
  }
  const auto& step = workflow_step("reopen");
  TIENBO_TRY(check_step(step, l->report));
  TIENBO_TRY(check_version(*l, cmd.version));
  TIENBO_TRY(transition(**tx, p, *l, step, cmd, std::nullopt));
  TIENBO_TRY(notify_outcome(**tx, mail_, p, *l, step.action, cmd.comment));
  return finish_step(**tx, p, *l);
}

core::Result<ReportView> ReportService::withdraw(const Principal& p, const std::string& form, const std::string& unit,
                                                 const std::string& period, const TransitionCommand& cmd) {
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataEdit, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  const auto& step = workflow_step("withdraw");
  TIENBO_TRY(check_step(step, l->report));
  TIENBO_TRY(check_version(*l, cmd.version));
  TIENBO_TRY(transition(**tx, p, *l, step, cmd, std::nullopt));
  return finish_step(**tx, p, *l);
}

}  // namespace tienbo::services
