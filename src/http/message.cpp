#include "tienbo/http/message.hpp"

#include "tienbo/core/text.hpp"

namespace tienbo::http {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) return v;
  }
  return {};
}

std::optional<std::string> Request::query_param(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::string_view Request::param(std::string_view name) const {
  auto it = params.find(name);
  return it == params.end() ? std::string_view{} : std::string_view(it->second);
}

void Response::set_header(std::string name, std::string value) {
  for (auto& [k, v] : headers) {
    if (iequals(k, name)) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

std::string_view Response::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) return v;
  }
  return {};
}

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::optional<std::string> percent_decode(std::string_view s, bool plus_as_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = hex_value(s[i + 1]);
      int lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      char decoded = static_cast<char>(hi * 16 + lo);
      if (decoded == '\0') return std::nullopt;
      out += decoded;
      i += 2;
    } else if (c == '+' && plus_as_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

bool split_target(std::string_view target, std::string& path, std::vector<std::pair<std::string, std::string>>& query,
                  std::string* bad_field) {
  auto bad = [bad_field](std::string field) {
    if (bad_field != nullptr) *bad_field = std::move(field);
    return false;
  };
  auto qpos = target.find('?');
  std::string_view raw_path = target.substr(0, qpos);
  if (raw_path.empty() || raw_path.front() != '/') return bad("path");
  auto decoded = percent_decode(raw_path, false);
  if (!decoded) return bad("path");
  path = std::move(*decoded);
  query.clear();
  if (qpos == std::string_view::npos) return true;
  std::string_view qs = target.substr(qpos + 1);
  auto hash = qs.find('#');
  if (hash != std::string_view::npos) qs = qs.substr(0, hash);
  while (!qs.empty()) {
    auto amp = qs.find('&');
    std::string_view pair = qs.substr(0, amp);
    qs = amp == std::string_view::npos ? std::string_view{} : qs.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    auto key = percent_decode(pair.substr(0, eq), true);
    auto value =
        eq == std::string_view::npos ? std::optional<std::string>("") : percent_decode(pair.substr(eq + 1), true);
    if (!key) return bad("query");
    if (!value) return bad(key->size() <= kMaxQueryNameBytes && core::is_valid_utf8(*key) ? *key : "query");
    query.emplace_back(std::move(*key), std::move(*value));
  }
  return true;
}

namespace {

bool has_control(std::string_view s) {
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) return true;
  }
  return false;
}

core::Error bad_text(const std::string& field, std::string_view vi_what, std::string_view en_what) {
  return core::make_error(core::ErrorCode::BadRequest,
                          (field == "path" ? "đường dẫn " : "tham số \"" + field + "\" ") + std::string(vi_what),
                          (field == "path" ? "the path " : "parameter \"" + field + "\" ") + std::string(en_what),
                          field);
}

}  // namespace

std::optional<core::Error> check_request_text(const Request& request) {
  using core::is_valid_utf8;
  if (request.path.size() > kMaxPathBytes) {
    return bad_text("path", "dài quá " + std::to_string(kMaxPathBytes) + " byte",
                    "is longer than " + std::to_string(kMaxPathBytes) + " bytes");
  }
  if (!is_valid_utf8(request.path) || has_control(request.path)) {
    return bad_text("path", "chứa byte không phải UTF-8 hợp lệ hoặc ký tự điều khiển",
                    "holds bytes that are not valid UTF-8 or control characters");
  }
  if (request.query.size() > kMaxQueryParams) {
    return core::make_error(core::ErrorCode::BadRequest,
                            "yêu cầu có quá " + std::to_string(kMaxQueryParams) + " tham số",
                            "the request has more than " + std::to_string(kMaxQueryParams) + " parameters", "query");
  }
  for (std::size_t i = 0; i < request.query.size(); ++i) {
    const auto& [name, value] = request.query[i];
    if (name.size() > kMaxQueryNameBytes || !is_valid_utf8(name) || has_control(name)) {
      return core::make_error(
          core::ErrorCode::BadRequest, "tên tham số không hợp lệ (quá dài, không phải UTF-8 hoặc có ký tự điều khiển)",
          "a parameter name is not valid (too long, not UTF-8 or with control characters)", "query");
    }
    if (value.size() > kMaxQueryValueBytes) {
      return bad_text(name, "dài quá " + std::to_string(kMaxQueryValueBytes) + " byte",
                      "is longer than " + std::to_string(kMaxQueryValueBytes) + " bytes");
    }
    if (!is_valid_utf8(value) || has_control(value)) {
      return bad_text(name, "chứa byte không phải UTF-8 hợp lệ hoặc ký tự điều khiển",
                      "holds bytes that are not valid UTF-8 or control characters");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (request.query[j].first == name) {
        return bad_text(name, "được gửi nhiều lần; gửi một lần (danh sách ngăn bằng dấu ;)",
                        "is given more than once; give it once (lists are separated by ;)");
      }
    }
  }
  return std::nullopt;
}

Response json_response(unsigned status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set_header("Content-Type", "application/json; charset=utf-8");
  return r;
}

}  // namespace tienbo::http
