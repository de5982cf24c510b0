#pragma once
// An e-mail message rendered as MIME (RFC 5322, 2045, 2047): UTF-8 plain text, the body
// quoted-printable, a non-ASCII Subject or display name as RFC 2047 encoded-words, lines ending
// CRLF and at most 78 characters. Pure: no I/O.

#include <chrono>
#include <string>
#include <string_view>

namespace tienbo::mail {

//! An address with an optional display name ("Ban VSTBPN <noreply@tienbo.vn>" or "a@b.vn").
struct Mailbox {
  std::string name;  //!< "" for none
  std::string address;
};

struct Message {
  Mailbox from;
  std::string to;  //!< the recipient's address
  std::string subject;
  std::string body;  //!< UTF-8 text, "\n" (or "\r\n") between lines
  std::chrono::system_clock::time_point date;
  std::string message_id;  //!< without the angle brackets: "tienbo.42.1a2b@tienbo.vn"
};

//! The whole message, headers and body, CRLF line ends, ready for SMTP DATA.
std::string render(const Message& m);

//! A header value: as is when it is printable ASCII, else RFC 2047 "=?UTF-8?B?…?=" words of at
//! most 75 characters each (never splitting a UTF-8 character), folded with CRLF + space.
std::string encode_header_text(std::string_view text);
//! The body quoted-printable (RFC 2045 6.7): CRLF line ends, soft breaks keep lines within 76
//! characters, a space or tab before a line end and a leading "." encoded.
std::string quoted_printable(std::string_view text);
std::string base64(std::string_view bytes);
//! "Mon, 07 Dec 2026 21:52:54 +0000".
std::string rfc5322_date(std::chrono::system_clock::time_point t);
//! "Name <addr>" or "addr" parsed; false when there is no plausible address.
bool parse_mailbox(std::string_view text, Mailbox& out);
//! True for local@domain with no blanks, controls, quotes or angle brackets.
bool plausible_address(std::string_view address);

}  // namespace tienbo::mail
