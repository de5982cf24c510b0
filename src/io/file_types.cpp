#include "tienbo/io/file_types.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>
#include <vector>

#include "tienbo/core/text.hpp"

#include "tienbo/core/text.hpp"

namespace tienbo::io {
namespace {

std::string extension(std::string_view name) {
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos) return "";
  std::string ext(name.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

// Well-formed UTF-8 (no overlongs, surrogates or bytes past U+10FFFF) without NUL.
bool utf8_text(std::string_view s) { return s.find('\0') == std::string_view::npos && core::is_valid_utf8(s); }

// The extensions that go with each accepted type, the usual one first.
const std::vector<std::pair<std::string_view, std::vector<std::string_view>>>& extensions_by_type() {
  static const std::vector<std::pair<std::string_view, std::vector<std::string_view>>> table{
      {"application/pdf", {"pdf"}},
      {"image/png", {"png"}},
      {"image/jpeg", {"jpg", "jpeg"}},
      {"image/gif", {"gif"}},
      {"image/webp", {"webp"}},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", {"docx"}},
      {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {"xlsx"}},
      {"application/vnd.openxmlformats-officedocument.presentationml.presentation", {"pptx"}},
      {"application/vnd.oasis.opendocument.text", {"odt"}},
      {"application/vnd.oasis.opendocument.spreadsheet", {"ods"}},
      {"application/msword", {"doc"}},
      {"application/vnd.ms-excel", {"xls"}},
      {"text/csv", {"csv"}},
      {"text/plain", {"txt"}},
  };
  return table;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Control, bidi-control and invisible characters: dropped from file names.
bool dropped(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x00AD || c == 0x061C || c == 0x180E ||
         (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x206F) || c == 0xFEFF ||
         (c >= 0xFFF9 && c <= 0xFFFB) || (c >= 0xE0000 && c <= 0xE007F);
}

// Look-alike slashes and the characters Windows forbids in names: replaced by '_'.
bool replaced(char32_t c) {
  static constexpr std::array<char32_t, 15> kChars{U':',   U'*',   U'?',   U'"',   U'<',   U'>',   U'|',  0x2044,
                                                   0x2215, 0x2216, 0x29F8, 0x29F9, 0xFF0F, 0xFF3C, 0x3033};
  return std::find(kChars.begin(), kChars.end(), c) != kChars.end();
}

std::string_view trim_dots_and_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == '.' || s.front() == ' ')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.remove_suffix(1);
  return s;
}

bool looks_like_extension(std::string_view ext) {
  return !ext.empty() && ext.size() <= 10 &&
         std::all_of(ext.begin(), ext.end(), [](unsigned char c) { return std::isalnum(c) != 0; });
}

}  // namespace

std::string clean_file_name(std::string_view name) {
  const std::string nfc = core::to_nfc_vietnamese(name);
  std::string_view last = nfc;
  if (const auto sep = last.find_last_of("/\\"); sep != std::string_view::npos) last.remove_prefix(sep + 1);
  std::string out;
  bool space = false;
  for (std::size_t i = 0; i < last.size();) {
    const auto b = static_cast<unsigned char>(last[i]);
    const std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : 4;
    char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < len && i + k < last.size(); ++k)
      c = (c << 6) | (static_cast<unsigned char>(last[i + k]) & 0x3F);
    i += len;
    if (dropped(c)) continue;
    if (c == U' ' || c == 0x00A0 || c == 0x3000 || (c >= 0x2000 && c <= 0x200A)) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    append_utf8(out, replaced(c) ? U'_' : c);
  }
  // Dots are trimmed at the end only: a leading one may start the extension (".pdf" is an empty
  // name, made "minh-chung.pdf" by file_name_for_type, not the name "pdf").
  std::string_view s = out;
  while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.remove_suffix(1);
  return std::string(s);
}

std::string file_name_for_type(std::string_view clean, std::string_view content_type) {
  const std::string_view type = content_type.substr(0, content_type.find(';'));
  const auto& table = extensions_by_type();
  const auto it = std::find_if(table.begin(), table.end(), [&](const auto& e) { return e.first == type; });
  const auto allowed = [&](std::string_view ext) {
    return it != table.end() && std::find(it->second.begin(), it->second.end(),
                                          extension(std::string(".") + std::string(ext))) != it->second.end();
  };
  std::string_view base = clean;
  std::string_view ext;
  if (const auto dot = clean.rfind('.'); dot != std::string_view::npos) {
    base = clean.substr(0, dot);
    ext = clean.substr(dot + 1);
  }
  std::string ext_out(ext);
  if (!allowed(ext)) {
    if (!looks_like_extension(ext)) base = clean;  // "v1.2 final": a dot, not an extension
    ext_out = it != table.end() ? std::string(it->second.front()) : std::string("bin");
    // "invoice.pdf.exe": the name under the wrong extension may end in a right one.
    if (const auto dot = base.rfind('.'); dot != std::string_view::npos && allowed(base.substr(dot + 1))) {
      ext_out = std::string(base.substr(dot + 1));
      base = base.substr(0, dot);
    }
  }
  base = trim_dots_and_spaces(base);
  std::string out(base.empty() ? std::string_view("minh-chung") : base);
  const std::size_t room = 200 - 1 - ext_out.size();
  if (out.size() > room) {
    std::size_t cut = room;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // at a character's start
    out.resize(cut);
    out = std::string(trim_dots_and_spaces(out));
  }
  return out + "." + ext_out;
}

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
  if (!b.empty() && utf8_text(b) && (ext == "txt" || ext == "csv"))
    return ext == "csv" ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8";
  return std::nullopt;
}

}  // namespace tienbo::io
