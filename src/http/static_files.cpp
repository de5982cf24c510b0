#include "tienbo/http/static_files.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>
#include <fstream>
#include <optional>
#include <sstream>

#include "tienbo/http/problem.hpp"

namespace tienbo::http {

namespace fs = std::filesystem;
using core::ErrorCode;

std::string_view content_type_for(std::string_view name) {
  struct Entry {
    std::string_view ext;
    std::string_view type;
  };
  static constexpr std::array<Entry, 19> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".ico", "image/x-icon"},
      {".webp", "image/webp"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".pdf", "application/pdf"},
      {".webmanifest", "application/manifest+json"},
      {".wasm", "application/wasm"},
  }};
  for (const auto& e : kTypes) {
    if (name.size() > e.ext.size() && name.ends_with(e.ext)) return e.type;
  }
  return "application/octet-stream";
}

namespace {

std::string http_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::optional<std::time_t> parse_http_date(std::string_view s) {
  std::tm tm{};
  std::string text(s);
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr) return std::nullopt;
  return timegm(&tm);
}

bool accepts_gzip(std::string_view accept_encoding) {
  // "gzip", "gzip;q=0.5", "deflate, gzip" are yes; "gzip;q=0" is no.
  std::size_t pos = 0;
  while ((pos = accept_encoding.find("gzip", pos)) != std::string_view::npos) {
    std::string_view rest = accept_encoding.substr(pos + 4);
    auto comma = rest.find(',');
    std::string_view params = rest.substr(0, comma);
    auto q = params.find("q=");
    if (q == std::string_view::npos) return true;
    std::string_view value = params.substr(q + 2);
    return !(value.starts_with("0") && value.find_first_not_of("0.") == std::string_view::npos);
  }
  return false;
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  if (if_none_match == "*") return true;
  std::size_t pos = 0;
  while (pos < if_none_match.size()) {
    auto comma = if_none_match.find(',', pos);
    std::string_view item =
        if_none_match.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == etag) return true;
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return false;
}

bool read_file(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = std::move(ss).str();
  return true;
}

// The path below the root a request names ("index.html" for a directory), or nothing when a
// segment could climb out of the root ("..", ".", a backslash).
std::optional<std::string> relative_path(const std::string& path) {
  for (std::size_t i = 0; i < path.size();) {
    auto j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string_view seg(path.data() + i, j - i);
    if (seg == ".." || seg == "." || seg.find('\\') != std::string_view::npos) return std::nullopt;
    i = j + 1;
  }
  std::string rel = path;
  while (!rel.empty() && rel.front() == '/') rel.erase(0, 1);
  if (rel.empty() || rel.back() == '/') rel += "index.html";
  return rel;
}

std::string file_etag(std::uintmax_t size, fs::file_time_type mtime, bool gzip) {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(mtime.time_since_epoch()).count();
  char etag_buf[64];
  std::snprintf(etag_buf, sizeof etag_buf, "\"%llx-%llx%s\"", static_cast<unsigned long long>(size),
                static_cast<unsigned long long>(ns), gzip ? "-gz" : "");
  return etag_buf;
}

// If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
bool not_modified_since(const Request& request, const std::string& etag, std::time_t mtime) {
  if (const std::string_view inm = request.header("If-None-Match"); !inm.empty()) return etag_matches(inm, etag);
  if (auto ims = request.header("If-Modified-Since"); !ims.empty()) {
    auto since = parse_http_date(ims);
    return since && mtime <= *since;
  }
  return false;
}

Response no_such_file(const Request& request) {
  return problem_response(
      core::make_error(ErrorCode::NotFound, "không có tệp " + request.path, "there is no file " + request.path),
      request);
}

}  // namespace

Response StaticFiles::serve(const Request& request) const {
  const std::optional<std::string> relative = relative_path(request.path);
  if (!relative) return no_such_file(request);
  const std::string& rel = *relative;

  std::error_code ec;
  if (!fs::is_regular_file(root_ / "index.html", ec)) {
    return problem_response(
        core::make_error(
            ErrorCode::NotFound,
            "ứng dụng web chưa được dựng ở " + root_.string() + "; hãy chạy: cd web && npm ci && npm run build",
            "the web app is not built in " + root_.string() + "; run: cd web && npm ci && npm run build"),
        request);
  }
  fs::path file = root_ / rel;
  bool spa = false;
  if (!fs::is_regular_file(file, ec)) {
    // Client-side routes ("/reports/2025") get the app; missing assets ("/x.js") get 404.
    const std::string last = rel.substr(rel.rfind('/') == std::string::npos ? 0 : rel.rfind('/') + 1);
    if (last.find('.') != std::string::npos) return no_such_file(request);
    file = root_ / "index.html";
    spa = true;
  }

  const std::string name = file.filename().string();
  const std::string_view type = content_type_for(name);
  const bool compressible = type.starts_with("text/") || type.starts_with("application/json") ||
                            type.starts_with("image/svg") || type.starts_with("application/manifest");
  fs::path chosen = file;
  bool gzip = false;
  if (compressible && accepts_gzip(request.header("Accept-Encoding"))) {
    fs::path gz = file;
    gz += ".gz";
    if (fs::is_regular_file(gz, ec)) {
      chosen = gz;
      gzip = true;
    }
  }
  const auto size = fs::file_size(chosen, ec);
  const auto mtime = fs::last_write_time(chosen, ec);
  const auto mtime_sys = std::chrono::file_clock::to_sys(mtime);
  const std::time_t mtime_t = std::chrono::system_clock::to_time_t(
      std::chrono::time_point_cast<std::chrono::system_clock::duration>(mtime_sys));
  const std::string etag = file_etag(size, mtime, gzip);

  Response r;
  r.set_header("Content-Type", std::string(type));
  r.set_header("ETag", etag);
  r.set_header("Last-Modified", http_date(mtime_t));
  if (compressible) r.set_header("Vary", "Accept-Encoding");
  const bool hashed_asset = !spa && rel.starts_with("assets/");
  r.set_header("Cache-Control", hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
  if (gzip) r.set_header("Content-Encoding", "gzip");

  if (not_modified_since(request, etag, mtime_t)) {
    r.status = 304;
    r.headers.erase(std::remove_if(r.headers.begin(), r.headers.end(),
                                   [](const auto& h) {
                                     return iequals(h.first, "Content-Type") || iequals(h.first, "Content-Encoding");
                                   }),
                    r.headers.end());
    return r;
  }
  if (!read_file(chosen, r.body)) {
    return problem_response(
        core::make_error(ErrorCode::NotFound, "không đọc được tệp " + request.path, "cannot read file " + request.path),
        request);
  }
  r.status = 200;
  return r;
}

}  // namespace tienbo::http
