#pragma once
// Writing a notification and, where mail is configured and its user has an address, its e-mail —
// in the caller's transaction (see tienbo/services/mail_service.hpp).

#include <string>

#include "tienbo/core/result.hpp"
#include "tienbo/services/mail_service.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services::mail_detail {

//! An e-mail's own words: the subject and the text between the greeting and the link.
struct MailText {
  std::string subject;
  std::string body;
};

//! Inserts `n` (once per user and dedupe key) and, when it is new, mail is enabled and the user
//! is enabled with an e-mail address, queues its e-mail: "Kính gửi <name>," + text.body + the
//! link to n.link under options.public_url + the footer, all in NFC. True when `n` is new.
core::Result<bool> notify(store::Tx& tx, const MailOptions& options, const store::NotificationRecord& n,
                          const MailText& text);

//! The full e-mail body for `name` (as notify() writes it).
std::string mail_body(const MailOptions& options, const std::string& name, const std::string& link,
                      const std::string& text);

//! True for an address a message can be sent to: local@domain, no blanks, controls or <>.
bool plausible_address(const std::string& address);

}  // namespace tienbo::services::mail_detail
