#include "tienbo/services/mail_service.hpp"

#include <algorithm>

#include "mail_internal.hpp"
#include "tienbo/core/date.hpp"
#include "tienbo/core/log.hpp"
#include "tienbo/core/text.hpp"

namespace tienbo::services {

using core::Unexpected;

namespace mail_detail {

bool plausible_address(const std::string& address) {
  const auto at = address.find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= address.size() || address.find('@', at + 1) != std::string::npos)
    return false;
  if (address.size() > 254) return false;
  return std::none_of(address.begin(), address.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7F || c == '<' || c == '>' || c == '"' || c == ',' || c == ';' || c == '\\';
  });
}

std::string mail_body(const MailOptions& options, const std::string& name, const std::string& link,
                      const std::string& text) {
  std::string body = "Kính gửi " + name + ",\n\n" + text;
  if (!body.empty() && body.back() != '\n') body += '\n';
  if (!options.public_url.empty() && !link.empty()) {
    std::string base = options.public_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    body += "\nXem báo cáo / View the report: " + base + "/#" + link + "\n";
  }
  body +=
      "\n-- \nThư này do hệ thống tienbo gửi tự động; xin đừng trả lời thư này.\n"
      "This message was sent automatically by tienbo; please do not reply.\n";
  return core::to_nfc_vietnamese(body);
}

core::Result<bool> notify(store::Tx& tx, const MailOptions& options, const store::NotificationRecord& n,
                          const MailText& text) {
  auto inserted = tx.notifications().insert_once(n);
  if (!inserted) return Unexpected{std::move(inserted).error()};
  if (!*inserted || !options.enabled) return *inserted;
  auto user = tx.users().find_by_id(n.user_id);
  if (!user) return Unexpected{std::move(user).error()};
  if (!*user || (*user)->disabled || !plausible_address((*user)->email)) return true;
  store::MailRecord m;
  m.user_id = n.user_id;
  m.kind = n.kind;
  m.dedupe_key = n.dedupe_key;
  m.address = (*user)->email;
  m.subject = core::to_nfc_vietnamese(text.subject);
  const std::string& name = (*user)->display_name.empty() ? (*user)->login : (*user)->display_name;
  m.body = mail_body(options, name, n.link, text.body);
  m.created_at = n.created_at;
  auto queued = tx.mail().queue(m);
  if (!queued) return Unexpected{std::move(queued).error()};
  return true;
}

}  // namespace mail_detail

std::chrono::seconds MailService::retry_delay(std::int64_t attempts) {
  using namespace std::chrono_literals;
  if (attempts <= 1) return 1min;
  if (attempts == 2) return 5min;
  if (attempts == 3) return 30min;
  return 2h;
}

core::Result<MailRun> MailService::send_pending(MailTransport& transport, std::chrono::system_clock::time_point now,
                                                std::int64_t limit, const std::atomic<bool>* stop) {
  std::vector<store::MailRecord> due;
  {
    auto tx = store_.begin(store::Access::Read);
    if (!tx) return Unexpected{std::move(tx).error()};
    auto d = (*tx)->mail().due(core::utc_timestamp(now), limit);
    if (!d) return Unexpected{std::move(d).error()};
    due = std::move(*d);
  }
  MailRun run;
  int failures_in_a_row = 0;
  for (const auto& m : due) {
    if ((stop != nullptr && stop->load()) || failures_in_a_row >= kFailuresInARow) break;
    const std::int64_t attempt = m.attempts + 1;
    {
      auto tx = store_.begin(store::Access::Write);
      if (!tx) return Unexpected{std::move(tx).error()};
      auto claimed = (*tx)->mail().claim(m.id, m.next_attempt_at, core::utc_timestamp(now + retry_delay(attempt)));
      if (!claimed) return Unexpected{std::move(claimed).error()};
      if (!*claimed) continue;  // another sender took it
      TIENBO_TRY((*tx)->commit());
    }
    auto sent = transport.send({m.id, m.address, m.subject, m.body});
    const std::string at = core::utc_timestamp(std::chrono::system_clock::now());
    auto tx = store_.begin(store::Access::Write);
    if (!tx) return Unexpected{std::move(tx).error()};
    if (sent) {
      TIENBO_TRY((*tx)->mail().mark_sent(m.id, at));
      ++run.sent;
      failures_in_a_row = 0;
    } else {
      std::string error = sent.error().message_en.substr(0, 1000);
      const bool last = attempt >= options_.max_attempts;
      TIENBO_TRY((*tx)->mail().mark_failed(m.id, error, last ? std::optional<std::string>(at) : std::nullopt));
      ++(last ? run.gave_up : run.retrying);
      ++failures_in_a_row;
      core::Log::write(core::LogLevel::Warn, last ? "mail.gave_up" : "mail.failed",
                       {{"id", m.id}, {"attempts", attempt}, {"error", std::string_view(error)}});
    }
    TIENBO_TRY((*tx)->commit());
  }
  return run;
}

core::Result<store::MailCounts> MailService::counts() {
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  return (*tx)->mail().counts();
}

}  // namespace tienbo::services
