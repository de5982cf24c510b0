#include "tienbo/app/mail.hpp"

#include <random>

namespace tienbo::app {

using core::ErrorCode;
using core::Unexpected;

namespace {

class SmtpTransport final : public services::MailTransport {
 public:
  SmtpTransport(mail::SmtpSettings settings, mail::Mailbox from)
      : client_(std::move(settings)), from_(std::move(from)) {}

  core::Result<void> send(const services::OutgoingMail& m) override {
    mail::Message msg;
    msg.from = from_;
    msg.to = m.to;
    msg.subject = m.subject;
    msg.body = m.body;
    msg.date = std::chrono::system_clock::now();
    msg.message_id =
        "tienbo." + std::to_string(m.id) + "." + random_hex() + "@" + from_.address.substr(from_.address.find('@') + 1);
    return client_.send(msg);
  }

 private:
  static std::string random_hex() {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    auto v = rng();
    for (int i = 0; i < 16; ++i, v >>= 4) out += kHex[v & 15];
    return out;
  }

  mail::SmtpClient client_;
  mail::Mailbox from_;
};

}  // namespace

core::Result<MailSetup> mail_setup(const MailArgs& args) {
  MailSetup s;
  if (args.smtp_url.empty()) {
    if (!args.mail_from.empty()) {
      return core::fail(ErrorCode::InvalidConfig, "--mail-from chỉ dùng được cùng --smtp-url (máy chủ thư để gửi)",
                        "--mail-from needs --smtp-url (the mail relay to send through)", "mail-from");
    }
    return s;
  }
  auto smtp = mail::parse_smtp_url(args.smtp_url);
  if (!smtp) return Unexpected{std::move(smtp).error()};
  s.smtp = std::move(*smtp);
  if (args.mail_from.empty()) {
    return core::fail(ErrorCode::InvalidConfig,
                      "--smtp-url cần --mail-from (địa chỉ người gửi, ví dụ \"Ban VSTBPN <noreply@example.vn>\")",
                      "--smtp-url needs --mail-from (the sender's address, e.g. \"Committee <noreply@example.vn>\")",
                      "mail-from");
  }
  if (!mail::parse_mailbox(args.mail_from, s.from)) {
    return core::fail(ErrorCode::InvalidConfig,
                      "--mail-from \"" + args.mail_from + "\" không phải địa chỉ thư hợp lệ (TÊN <địa-chỉ@miền>)",
                      "--mail-from \"" + args.mail_from + "\" is not a valid address (NAME <address@domain>)",
                      "mail-from");
  }
  if (!args.public_url.empty() && !args.public_url.starts_with("https://") && !args.public_url.starts_with("http://")) {
    return core::fail(ErrorCode::InvalidConfig,
                      "--public-url \"" + args.public_url + "\" phải bắt đầu bằng https:// hoặc http://",
                      "--public-url \"" + args.public_url + "\" must start with https:// or http://", "public-url");
  }
  s.options.enabled = true;
  s.options.public_url = args.public_url;
  return s;
}

std::unique_ptr<services::MailTransport> make_smtp_transport(const MailSetup& setup) {
  return std::make_unique<SmtpTransport>(setup.smtp, setup.from);
}

}  // namespace tienbo::app
