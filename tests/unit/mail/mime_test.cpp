// The MIME rendering of e-mail (tienbo/mail/message.hpp) and the --smtp-url syntax: RFC 2047
// subjects that decode to the Vietnamese text with its diacritics, quoted-printable bodies within
// the line limits that decode back to the text, the headers, and clear errors naming the option.

#include <gtest/gtest.h>

#include <sstream>

#include "tienbo/mail/message.hpp"
#include "tienbo/mail/smtp.hpp"

namespace tienbo::mail {
namespace {

std::string base64_decode(std::string_view in) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : in) {
    if (c == '=') break;
    const auto v = kAlphabet.find(c);
    EXPECT_NE(v, std::string::npos) << c;
    buffer = (buffer << 6U) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> static_cast<unsigned>(bits)) & 0xFFU);
    }
  }
  return out;
}

//! RFC 2047 B words (folded with CRLF + space) back to text.
std::string decode_header(const std::string& value) {
  std::string out;
  std::size_t at = 0;
  while ((at = value.find("=?UTF-8?B?", at)) != std::string::npos) {
    const auto end = value.find("?=", at + 10);
    out += base64_decode(value.substr(at + 10, end - at - 10));
    at = end + 2;
  }
  return out;
}

std::string qp_decode(const std::string& in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '=' && i + 2 < in.size() && in[i + 1] == '\r' && in[i + 2] == '\n') {
      i += 2;
    } else if (in[i] == '=') {
      out += static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

std::vector<std::string> crlf_lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto end = s.find("\r\n", start);
    out.push_back(s.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 2;
  }
  return out;
}

const std::string kSubject =
    "Báo cáo đã bị trả lại để sửa: Báo cáo kết quả thực hiện công tác bình đẳng giới — Phường Ba Đình, 6 tháng "
    "đầu năm 2026";

TEST(MimeTest, ASubjectWithDiacriticsIsEncodedWordsThatDecodeToIt) {
  const auto encoded = encode_header_text(kSubject);
  EXPECT_EQ(decode_header(encoded), kSubject);
  for (const auto& line : crlf_lines(encoded)) {
    const auto word = line.substr(line.find("=?"));
    EXPECT_LE(word.size(), 75u) << word;  // RFC 2047: an encoded-word is at most 75 characters
    EXPECT_TRUE(word.starts_with("=?UTF-8?B?") && word.ends_with("?=")) << word;
  }
  // Each word holds whole characters: every one decodes to valid UTF-8 on its own.
  for (const auto& line : crlf_lines(encoded)) {
    const auto part = decode_header(line);
    ASSERT_FALSE(part.empty());
    EXPECT_NE(static_cast<unsigned char>(part.front()) & 0xC0U, 0x80U) << "a word starts inside a character";
  }
  EXPECT_EQ(encode_header_text("Plain ASCII subject"), "Plain ASCII subject");
  EXPECT_NE(encode_header_text("looks =?encoded?= but is not"), "looks =?encoded?= but is not");
}

TEST(MimeTest, TheBodyIsQuotedPrintableWithinTheLineLimitAndDecodesBack) {
  const std::string body =
      "Kính gửi Nguyễn Thị Lan,\n\nBáo cáo \"Bình đẳng giới\" của Phường Ba Đình đã bị trả lại để sửa.\n"
      ".\nLý do trả lại: " +
      std::string(150, 'x') + " = tỷ lệ nữ lãnh đạo chưa khớp với biểu 2   \nend\n";
  const auto qp = quoted_printable(body);
  for (const auto& line : crlf_lines(qp)) {
    EXPECT_LE(line.size(), 76u) << line;
    EXPECT_NE(line, ".");
    EXPECT_FALSE(line.starts_with(".")) << line;
    for (const char c : line) EXPECT_TRUE(c >= 0x20 && c < 0x7F) << line;  // 7-bit clean
    if (!line.empty()) {
      EXPECT_NE(line.back(), ' ') << "trailing space is lost in transport";
    }
  }
  std::string expected;
  for (const char c : body) expected += c == '\n' ? std::string("\r\n") : std::string(1, c);
  EXPECT_EQ(qp_decode(qp), expected);
}

TEST(MimeTest, AMessageHasTheHeadersAMailReaderNeeds) {
  Message m;
  ASSERT_TRUE(parse_mailbox("Ban Vì sự tiến bộ của phụ nữ <noreply@tienbo.example.vn>", m.from));
  EXPECT_EQ(m.from.address, "noreply@tienbo.example.vn");
  m.to = "lan@example.vn";
  m.subject = kSubject;
  m.body = "Một dòng.\nDòng hai.";
  m.date = std::chrono::system_clock::from_time_t(1796680374);  // 2026-12-07 21:52:54 UTC, a Monday
  m.message_id = "tienbo.7.abc@tienbo.example.vn";
  const auto text = render(m);
  const auto head = text.substr(0, text.find("\r\n\r\n"));
  EXPECT_NE(head.find("\r\nTo: lan@example.vn\r\n"), std::string::npos);
  EXPECT_NE(head.find("\r\nDate: Mon, 07 Dec 2026 21:52:54 +0000\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("\r\nMessage-ID: <tienbo.7.abc@tienbo.example.vn>\r\n"), std::string::npos);
  EXPECT_NE(head.find("\r\nMIME-Version: 1.0\r\n"), std::string::npos);
  EXPECT_NE(head.find("\r\nContent-Type: text/plain; charset=UTF-8\r\n"), std::string::npos);
  EXPECT_NE(head.find("\r\nContent-Transfer-Encoding: quoted-printable\r\n"), std::string::npos);
  EXPECT_TRUE(head.starts_with("From: =?UTF-8?B?")) << head;
  EXPECT_NE(head.find(" <noreply@tienbo.example.vn>\r\n"), std::string::npos);
  const auto subject_at = head.find("Subject: ");
  ASSERT_NE(subject_at, std::string::npos);
  const auto subject_end = head.find("\r\nDate:");
  EXPECT_EQ(decode_header(head.substr(subject_at, subject_end - subject_at)), kSubject);
  for (const auto& line : crlf_lines(text)) EXPECT_LE(line.size(), 78u) << line;
  for (const char c : text) EXPECT_TRUE((c >= 0x20 && c < 0x7F) || c == '\r' || c == '\n');
  EXPECT_TRUE(text.ends_with("\r\n"));
  EXPECT_EQ(qp_decode(text.substr(text.find("\r\n\r\n") + 4)), "Một dòng.\r\nDòng hai.\r\n");
}

TEST(MimeTest, MailboxesAndAddresses) {
  Mailbox b;
  ASSERT_TRUE(parse_mailbox("noreply@example.vn", b));
  EXPECT_EQ(b.name, "");
  ASSERT_TRUE(parse_mailbox("\"Ban VSTBPN\" <a@b.vn>", b));
  EXPECT_EQ(b.name, "Ban VSTBPN");
  EXPECT_EQ(b.address, "a@b.vn");
  EXPECT_FALSE(parse_mailbox("nobody", b));
  EXPECT_FALSE(parse_mailbox("a@b.vn\r\nBcc: x@y.vn", b));
  EXPECT_FALSE(plausible_address("a b@c.vn"));
  EXPECT_FALSE(plausible_address("a@b@c"));
  EXPECT_TRUE(plausible_address("lan.nguyen+bdg@so-ldtbxh.hanoi.gov.vn"));
}

TEST(SmtpUrlTest, TheFormsOfTheOption) {
  auto plain = parse_smtp_url("smtp://relay");
  ASSERT_TRUE(plain) << plain.error().message_en;
  EXPECT_EQ(plain->url, "smtp://relay:25");
  EXPECT_FALSE(plain->starttls);
  auto starttls = parse_smtp_url("smtp://mail.example.vn:587?starttls");
  ASSERT_TRUE(starttls);
  EXPECT_TRUE(starttls->starttls);
  EXPECT_EQ(starttls->port, 587);
  auto tls = parse_smtp_url("smtps://user%40x:p%3Ass@mail.example.vn");
  ASSERT_TRUE(tls);
  EXPECT_TRUE(tls->implicit_tls);
  EXPECT_EQ(tls->url, "smtps://mail.example.vn:465");
  EXPECT_EQ(tls->user, "user@x");
  EXPECT_EQ(tls->password, "p:ss");
  for (const char* bad : {"relay:25", "http://relay", "smtp://", "smtp://relay:0", "smtp://relay:99999",
                          "smtp://relay:25?tls", "smtps://relay?starttls", "smtp://re lay"}) {
    auto r = parse_smtp_url(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, core::ErrorCode::InvalidConfig);
    EXPECT_EQ(r.error().field, "smtp-url");
    EXPECT_NE(r.error().message_vi.find("--smtp-url"), std::string::npos);
    EXPECT_NE(r.error().message_vi.find("không hợp lệ"), std::string::npos);
    EXPECT_NE(r.error().message_en.find("is not valid"), std::string::npos);
  }
  auto secret = parse_smtp_url("smtp://u:hunter2@relay:25?bogus");
  ASSERT_FALSE(secret);
  EXPECT_EQ(secret.error().message_en.find("hunter2"), std::string::npos) << "an error never shows the password";
}

}  // namespace
}  // namespace tienbo::mail
