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

//! An uploaded file's name made safe to store, list and serve (issue #12): composed (NFC), only its
//! last path component (after any '/' or '\\'), without control characters (C0, DEL, C1), bidi
//! controls (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C) and invisible characters, with
//! look-alike slashes and the characters Windows forbids (: * ? " < > |) as '_', runs of spaces
//! folded and trimmed, dots
//! trimmed at the end. `name` must be valid UTF-8.
std::string clean_file_name(std::string_view name);

//! `clean` (from clean_file_name) ending in an extension of `content_type` (as sniff_content_type
//! names it): kept when it has one ("Biên bản.PDF"); otherwise a wrong last extension is replaced
//! ("evil.html" → "evil.pdf", "invoice.pdf.exe" → "invoice.pdf") and a missing one added; an empty
//! name becomes "minh-chung". At most 200 bytes.
std::string file_name_for_type(std::string_view clean, std::string_view content_type);

}  // namespace tienbo::io
