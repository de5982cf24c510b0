#pragma once
// E-mail of notifications (issue #13 item 6). A notification written for a user who has an
// e-mail address, while mail is configured (MailOptions::enabled), also queues its e-mail in the
// outbox (store::MailOutboxRepository) in the same transaction, so a rolled-back step sends
// nothing. MailService::send_pending sends what is due through a MailTransport — libcurl's SMTP
// in `tienbo serve` and `tienbo mail send-pending` (app), a fake in tests — and schedules a failed
// message again after 1 min, 5 min, 30 min and 2 h, then gives up and keeps the last error.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "tienbo/core/result.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services {

struct MailOptions {
  bool enabled = false;    //!< a transport is configured: notifications queue their e-mail too
  std::string public_url;  //!< "https://tienbo.example.vn": e-mails link to the report; "" = no link
  std::int64_t max_attempts = 5;
};

//! One message for a transport: the outbox's text, rendered into MIME by the transport.
struct OutgoingMail {
  std::int64_t id = 0;  //!< the outbox's id (0 for a test message)
  std::string to;
  std::string subject;
  std::string body;  //!< plain text, UTF-8 (NFC), lines separated by "\n"
};

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  //! Sends one message; the error's message_en is kept as the outbox's last_error.
  virtual core::Result<void> send(const OutgoingMail& m) = 0;
};

//! What one run of the sender did.
struct MailRun {
  std::int64_t sent = 0;
  std::int64_t retrying = 0;  //!< failed now, tried again later
  std::int64_t gave_up = 0;   //!< failed for the last time
};

class MailService {
 public:
  MailService(store::Store& store, MailOptions options) : store_(store), options_(std::move(options)) {}

  [[nodiscard]] const MailOptions& options() const { return options_; }
  //! Sends at most `limit` messages due at `now`, each taken by a claim first (several senders on
  //! one PostgreSQL never send one message twice at once), outside any transaction. Stops early
  //! when `stop` is set (shutdown) or after kFailuresInARow failures in a row (a relay that is down
  //! costs a few timeouts per run, not one per message; the rest wait for the next run).
  core::Result<MailRun> send_pending(MailTransport& transport, std::chrono::system_clock::time_point now,
                                     std::int64_t limit = 100, const std::atomic<bool>* stop = nullptr);
  static constexpr int kFailuresInARow = 3;
  core::Result<store::MailCounts> counts();
  //! How long after the `attempts`-th failed attempt the next one comes: 1 min, 5 min, 30 min,
  //! then 2 h.
  static std::chrono::seconds retry_delay(std::int64_t attempts);

 private:
  store::Store& store_;
  MailOptions options_;
};

}  // namespace tienbo::services
