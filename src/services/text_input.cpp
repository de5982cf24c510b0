#include "tienbo/services/text_input.hpp"

#include "tienbo/core/text.hpp"

namespace tienbo::services {

core::Result<std::string> clean_text(std::string_view input, std::string_view field, std::size_t max_bytes,
                                     Required required, Lines lines) {
  const std::string f(field);
  if (!core::is_valid_utf8(input)) {
    return core::fail(core::ErrorCode::InvalidValue, "trường " + f + " chứa byte không phải UTF-8",
                      "field " + f + " is not valid UTF-8", f);
  }
  for (char ch : input) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      return core::fail(core::ErrorCode::InvalidValue, "trường " + f + " chứa ký tự điều khiển",
                        "field " + f + " contains a control character", f);
    }
  }
  std::string out;
  if (lines == Lines::One) {
    out = core::collapse_spaces(core::to_nfc_vietnamese(input));
  } else {
    // Keep paragraphs: tidy each line, drop trailing blank lines.
    const std::string text = core::to_nfc_vietnamese(input);
    std::size_t start = 0;
    while (start <= text.size()) {
      auto end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      if (!out.empty()) out += '\n';
      out += core::collapse_spaces(std::string_view(text).substr(start, end - start));
      start = end + 1;
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    while (!out.empty() && out.front() == '\n') out.erase(0, 1);
  }
  if (out.empty() && required == Required::Yes) {
    return core::fail(core::ErrorCode::InvalidValue, "trường " + f + " là bắt buộc", "field " + f + " is required", f);
  }
  if (out.size() > max_bytes) {
    return core::fail(core::ErrorCode::InvalidValue, "trường " + f + " dài quá " + std::to_string(max_bytes) + " byte",
                      "field " + f + " is longer than " + std::to_string(max_bytes) + " bytes", f);
  }
  return out;
}

}  // namespace tienbo::services
