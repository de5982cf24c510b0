#pragma once
// Sending over SMTP with libcurl — the one place that links it. smtp://HOST[:PORT] (plain, port
// 25), smtp://HOST[:PORT]?starttls (STARTTLS required, port 587), smtps://HOST[:PORT] (TLS from
// the start, port 465); "USER:PASSWORD@" before the host signs in.

#include <chrono>
#include <string>
#include <string_view>

#include "tienbo/core/result.hpp"
#include "tienbo/mail/message.hpp"

namespace tienbo::mail {

struct SmtpSettings {
  std::string url;  //!< what curl connects to: "smtp://relay:25" / "smtps://host:465"
  std::string host;
  int port = 25;
  bool implicit_tls = false;  //!< smtps
  bool starttls = false;      //!< STARTTLS required
  std::string user;
  std::string password;
  std::chrono::seconds timeout{30};
};

//! The settings `url` names; InvalidConfig naming the option --smtp-url (Vietnamese and English)
//! when it is not one of the forms above.
core::Result<SmtpSettings> parse_smtp_url(std::string_view url);

//! One SMTP conversation per message (relays close idle connections anyway).
class SmtpClient {
 public:
  explicit SmtpClient(SmtpSettings settings);
  //! Sends `m` (rendered with render()) from m.from.address to m.to; the error says what the
  //! server or the connection answered.
  core::Result<void> send(const Message& m) const;
  [[nodiscard]] const SmtpSettings& settings() const { return settings_; }

 private:
  SmtpSettings settings_;
};

}  // namespace tienbo::mail
