#include <algorithm>
#include <ctime>

#include "tienbo/mail/message.hpp"

namespace tienbo::mail {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";
// An encoded-word of 39 bytes is 64 characters: with "Subject: " the first line stays under 76.
constexpr std::size_t kWordBytes = 39;
// The most an encoded-word may hold (75 characters). A display name gets words this long: some
// readers (Python's email package) put a space between the words of a name, against RFC 2047 6.2.
constexpr std::size_t kLongestWordBytes = 45;

bool printable_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c <= 0x7E; }) &&
         s.find("=?") == std::string_view::npos;
}

std::string hex_escape(unsigned char c) { return {'=', kHex[c >> 4], kHex[c & 0x0F]}; }

//! One line of text (no line end) quoted-printable, with soft breaks.
void encode_line(std::string_view line, std::string& out) {
  std::size_t col = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    const bool last = i + 1 == line.size();
    auto token = [&](std::size_t at_col) -> std::string {
      if ((c == ' ' || c == '\t') && last) return hex_escape(c);
      if (c == '.' && at_col == 0) return hex_escape(c);  // a line of "." ends SMTP DATA
      if (c == ' ' || c == '\t' || (c >= 33 && c <= 126 && c != '=')) return std::string(1, static_cast<char>(c));
      return hex_escape(c);
    };
    std::string t = token(col);
    // 76 characters at most: a soft break ("=") needs one of them unless this is the line's end.
    if (col + t.size() > 75 && !(last && col + t.size() <= 76)) {
      out += "=\r\n";
      col = 0;
      t = token(0);
    }
    out += t;
    col += t.size();
  }
}

std::string two(int v) { return {static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)}; }

std::string encoded_words(std::string_view text, std::size_t word_bytes);

//! A display name as a header allows it: encoded-words, or a quoted string.
std::string display_name(std::string_view name) {
  if (!printable_ascii(name)) return encoded_words(name, kLongestWordBytes);
  std::string q = "\"";
  for (const char c : name) {
    if (c == '"' || c == '\\') q += '\\';
    q += c;
  }
  return q + "\"";
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  auto at = [&](std::size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(bytes[k])); };
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (at(i) << 16U) | (at(i + 1) << 8U) | at(i + 2);
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], kAlphabet[v & 63]};
  }
  if (i + 1 == bytes.size()) {
    const unsigned v = at(i) << 16U;
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == bytes.size()) {
    const unsigned v = (at(i) << 16U) | (at(i + 1) << 8U);
    out += {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], '='};
  }
  return out;
}

namespace {

std::string encoded_words(std::string_view text, std::size_t word_bytes) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = std::min(text.size(), start + word_bytes);
    // Back up to the start of a character (never below one whole character).
    while (end < text.size() && end > start + 1 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(text.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

}  // namespace

std::string encode_header_text(std::string_view text) {
  if (printable_ascii(text)) return std::string(text);
  return encoded_words(text, kWordBytes);
}

std::string quoted_printable(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    const auto nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    encode_line(line, out);
    if (nl == std::string_view::npos) break;
    out += "\r\n";
    start = nl + 1;
  }
  return out;
}

std::string rfc5322_date(std::chrono::system_clock::time_point t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return std::string(kDays[tm.tm_wday]) + ", " + two(tm.tm_mday) + " " + kMonths[tm.tm_mon] + " " +
         std::to_string(tm.tm_year + 1900) + " " + two(tm.tm_hour) + ":" + two(tm.tm_min) + ":" + two(tm.tm_sec) +
         " +0000";
}

bool plausible_address(std::string_view address) {
  const auto at = address.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= address.size() ||
      address.find('@', at + 1) != std::string_view::npos || address.size() > 254)
    return false;
  return std::none_of(address.begin(), address.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7F || c == '<' || c == '>' || c == '"' || c == ',' || c == ';' || c == '\\' ||
           c == '(' || c == ')';
  });
}

bool parse_mailbox(std::string_view text, Mailbox& out) {
  if (text.find_first_of("\r\n") != std::string_view::npos) return false;
  const std::string t = trimmed(text);
  const auto lt = t.rfind('<');
  if (lt != std::string::npos && !t.empty() && t.back() == '>') {
    out.address = t.substr(lt + 1, t.size() - lt - 2);
    out.name = trimmed(std::string_view(t).substr(0, lt));
    if (out.name.size() >= 2 && out.name.front() == '"' && out.name.back() == '"')
      out.name = out.name.substr(1, out.name.size() - 2);
  } else {
    out.name.clear();
    out.address = t;
  }
  return plausible_address(out.address);
}

std::string render(const Message& m) {
  std::string out;
  out += "From: ";
  if (m.from.name.empty()) {
    out += m.from.address;
  } else {
    const std::string name = display_name(m.from.name);
    const std::size_t last_line = name.size() - (name.rfind('\n') == std::string::npos ? 0 : name.rfind('\n') + 1);
    // Folded before the address when the line would pass 76 characters.
    out += name + (6 + last_line + m.from.address.size() + 3 > 76 ? "\r\n <" : " <") + m.from.address + ">";
  }
  out += "\r\nTo: " + m.to;
  out += "\r\nSubject: " + encode_header_text(m.subject);
  out += "\r\nDate: " + rfc5322_date(m.date);
  out += "\r\nMessage-ID: <" + m.message_id + ">";
  out +=
      "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: "
      "quoted-printable\r\nAuto-Submitted: auto-generated\r\n\r\n";
  out += quoted_printable(m.body);
  if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
  return out;
}

}  // namespace tienbo::mail
