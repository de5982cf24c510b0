#include "tienbo/services/text_input.hpp"

#include "tienbo/core/text.hpp"

namespace tienbo::services {

core::Result<std::string> clean_text(std::string_view input, std::string_view field, std::size_t max_bytes,
                                     Required required) {
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
  std::string out = core::collapse_spaces(core::to_nfc_vietnamese(input));
  if (out.empty() && required == Required::Yes) {
    return core::fail(core::ErrorCode::InvalidValue, "trường " + f + " là bắt buộc", "field " + f + " is required", f);
  }
  if (out.size() > max_bytes) {
    return core::fail(core::ErrorCode::InvalidValue,
                      "trường " + f + " dài quá " + std::to_string(max_bytes) + " byte",
                      "field " + f + " is longer than " + std::to_string(max_bytes) + " bytes", f);
  }
  return out;
}

}  // namespace tienbo::services
