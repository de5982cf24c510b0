#include "tienbo/io/file_types.hpp"

#include <algorithm>
#include <cctype>

#include "tienbo/core/text.hpp"

namespace tienbo::io {
namespace {

std::string extension(std::string_view name) {
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos) return "";
  std::string ext(name.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

// Well-formed UTF-8 (no overlongs, surrogates or bytes past U+10FFFF) without NUL.
bool utf8_text(std::string_view s) { return s.find('\0') == std::string_view::npos && core::is_valid_utf8(s); }

}  // namespace

std::optional<std::string> sniff_content_type(std::string_view b, std::string_view file_name) {
  const std::string ext = extension(file_name);
  if (b.starts_with("%PDF-")) return "application/pdf";
  if (b.starts_with("\x89PNG\r\n\x1a\n")) return "image/png";
  if (b.starts_with("\xFF\xD8\xFF")) return "image/jpeg";
  if (b.starts_with("GIF87a") || b.starts_with("GIF89a")) return "image/gif";
  if (b.size() >= 12 && b.starts_with("RIFF") && b.substr(8, 4) == "WEBP") return "image/webp";
  if (b.starts_with(std::string_view("PK\x03\x04", 4))) {
    if (ext == "docx") return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    if (ext == "xlsx") return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    if (ext == "pptx") return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    if (ext == "odt") return "application/vnd.oasis.opendocument.text";
    if (ext == "ods") return "application/vnd.oasis.opendocument.spreadsheet";
    return std::nullopt;  // other archives could hide anything
  }
  if (b.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
    if (ext == "doc") return "application/msword";
    if (ext == "xls") return "application/vnd.ms-excel";
    return std::nullopt;
  }
  if (!b.empty() && utf8_text(b) && (ext == "txt" || ext == "csv")) return ext == "csv" ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8";
  return std::nullopt;
}

}  // namespace tienbo::io
