#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>
#include <mutex>

#include "tienbo/mail/smtp.hpp"

namespace tienbo::mail {

using core::ErrorCode;

namespace {

//! The URL as an error may show it: no password.
std::string shown(std::string_view url) {
  const auto scheme = url.find("://");
  const auto at = url.find('@');
  if (scheme == std::string_view::npos || at == std::string_view::npos) return std::string(url);
  return std::string(url.substr(0, scheme + 3)) + "***" + std::string(url.substr(at));
}

core::Unexpected bad_url(std::string_view url, const std::string& why_vi, const std::string& why_en) {
  return core::fail(ErrorCode::InvalidConfig,
                    "--smtp-url \"" + shown(url) + "\" không hợp lệ (" + why_vi +
                        "); dùng smtp://MÁY[:CỔNG], smtp://MÁY:587?starttls hoặc smtps://MÁY[:465]",
                    "--smtp-url \"" + shown(url) + "\" is not valid (" + why_en +
                        "); use smtp://HOST[:PORT], smtp://HOST:587?starttls or smtps://HOST[:465]",
                    "smtp-url");
}

std::string percent_decoded(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool host_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_'; }

struct Upload {
  std::string_view rest;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, up->rest.size());
  std::memcpy(buffer, up->rest.data(), n);
  up->rest.remove_prefix(n);
  return n;
}

}  // namespace

core::Result<SmtpSettings> parse_smtp_url(std::string_view url) {
  SmtpSettings s;
  std::string_view rest;
  if (url.starts_with("smtp://")) {
    rest = url.substr(7);
  } else if (url.starts_with("smtps://")) {
    rest = url.substr(8);
    s.implicit_tls = true;
  } else {
    return bad_url(url, "phải bắt đầu bằng smtp:// hoặc smtps://", "it must start with smtp:// or smtps://");
  }
  if (const auto q = rest.find('?'); q != std::string_view::npos) {
    const auto query = rest.substr(q + 1);
    if (query != "starttls" && query != "starttls=required" && query != "starttls=1")
      return bad_url(url, "tham số duy nhất được dùng là ?starttls", "the only parameter understood is ?starttls");
    if (s.implicit_tls)
      return bad_url(url, "smtps:// đã mã hoá từ đầu, không cần ?starttls", "smtps:// is TLS already; drop ?starttls");
    s.starttls = true;
    rest = rest.substr(0, q);
  }
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    const auto info = rest.substr(0, at);
    const auto colon = info.find(':');
    s.user = percent_decoded(info.substr(0, colon));
    if (colon != std::string_view::npos) s.password = percent_decoded(info.substr(colon + 1));
    rest = rest.substr(at + 1);
  }
  s.port = s.implicit_tls ? 465 : (s.starttls ? 587 : 25);
  std::string_view host = rest;
  if (const auto colon = rest.rfind(':');
      colon != std::string_view::npos && rest.find(']', colon) == std::string_view::npos) {
    host = rest.substr(0, colon);
    const auto port = rest.substr(colon + 1);
    int p = 0;
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) ||
        (p = std::stoi(std::string(port))) < 1 || p > 65535)
      return bad_url(url, "cổng phải là số từ 1 đến 65535", "the port must be a number from 1 to 65535");
    s.port = p;
  }
  const bool bracketed = host.size() > 2 && host.front() == '[' && host.back() == ']';
  if (host.empty() || (!bracketed && !std::all_of(host.begin(), host.end(), host_char)))
    return bad_url(url, "thiếu tên máy chủ hoặc tên có ký tự lạ", "the host is missing or has stray characters");
  s.host = std::string(host);
  s.url = std::string(s.implicit_tls ? "smtps://" : "smtp://") + s.host + ":" + std::to_string(s.port);
  return s;
}

SmtpClient::SmtpClient(SmtpSettings settings) : settings_(std::move(settings)) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

core::Result<void> SmtpClient::send(const Message& m) const {
  if (!plausible_address(m.to) || !plausible_address(m.from.address)) {
    return core::fail(ErrorCode::InvalidValue, "địa chỉ thư không hợp lệ: " + m.to,
                      "not a valid e-mail address: " + m.to, "to");
  }
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return core::fail(ErrorCode::Internal, "không khởi tạo được libcurl", "libcurl could not be initialised");
  const std::string data = render(m);
  Upload up{data};
  const std::string from = "<" + m.from.address + ">";
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpt(
      curl_slist_append(nullptr, ("<" + m.to + ">").c_str()), &curl_slist_free_all);
  char error[CURL_ERROR_SIZE] = {};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, settings_.url.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(c, CURLOPT_READDATA, &up);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(settings_.timeout.count()));
  curl_easy_setopt(c, CURLOPT_USE_SSL, settings_.starttls ? static_cast<long>(CURLUSESSL_ALL) : 0L);
  if (!settings_.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, settings_.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  const CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) return {};
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  const std::string what = std::string(error[0] != '\0' ? error : curl_easy_strerror(rc)) +
                           (code > 0 ? " (SMTP " + std::to_string(code) + ")" : std::string());
  return core::fail(ErrorCode::Internal, "gửi thư qua " + settings_.url + " không được: " + what,
                    "sending mail through " + settings_.url + " failed: " + what);
}

}  // namespace tienbo::mail
