#pragma once
// What a file is, from its bytes (never from what the uploader claims).

#include <optional>
#include <string>
#include <string_view>

namespace tienbo::io {

//! The content type of an accepted evidence file: PDF, PNG, JPEG, GIF, WebP,
//! Office documents (docx, xlsx, pptx, odt, ods, and the old doc/xls),
//! plain text or CSV (valid UTF-8 without NUL). nullopt for anything else.
//! The file name only tells apart formats that share a container (ZIP, OLE).
std::optional<std::string> sniff_content_type(std::string_view bytes, std::string_view file_name);

}  // namespace tienbo::io
