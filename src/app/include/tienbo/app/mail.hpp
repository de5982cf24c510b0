#pragma once
// E-mail as `tienbo serve`, `tienbo reminders send` and `tienbo mail` configure it: the options
// checked (--smtp-url, --mail-from, --public-url) and the services' MailTransport over the mail
// module's SMTP client (libcurl).

#include <memory>
#include <string>

#include "tienbo/core/result.hpp"
#include "tienbo/mail/message.hpp"
#include "tienbo/mail/smtp.hpp"
#include "tienbo/services/mail_service.hpp"

namespace tienbo::app {

struct MailArgs {
  std::string smtp_url;    //!< "" = no e-mail
  std::string mail_from;   //!< "Ban VSTBPN <noreply@example.vn>" or an address
  std::string public_url;  //!< the address users open the web app at, for links in e-mails
};

struct MailSetup {
  mail::SmtpSettings smtp;
  mail::Mailbox from;
  services::MailOptions options;  //!< enabled when --smtp-url is given
};

//! The checked settings; InvalidConfig naming the option (Vietnamese and English) for an
//! unparseable --smtp-url, --smtp-url without --mail-from (or the other way round), a --mail-from
//! that is no address, a --public-url that is not http(s)://.
core::Result<MailSetup> mail_setup(const MailArgs& args);

//! Sends services' messages as MIME over SMTP from `setup.from`.
std::unique_ptr<services::MailTransport> make_smtp_transport(const MailSetup& setup);

}  // namespace tienbo::app
