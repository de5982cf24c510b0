#pragma once
// Text helpers for Vietnamese-first data: UTF-8 validation, trimming and NFC
// composition of Vietnamese letters (input typed with "Unicode tổ hợp" arrives
// decomposed: "a" + U+0306 + U+0323 must be stored as "ặ").

#include <string>
#include <string_view>

namespace tienbo::core {

//! True when `s` is well-formed UTF-8 (no overlongs, surrogates or bytes past U+10FFFF).
bool is_valid_utf8(std::string_view s);

//! The length (1–4) of the well-formed UTF-8 sequence starting at `s[i]`, or 0 when the
//! bytes there are not one (`i` must be inside `s`).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

//! Composes base letters followed by combining marks (U+0300–U+036F) into the
//! precomposed letters of Latin-1 and Latin Extended Additional, the whole of
//! Vietnamese. Marks are put in canonical order first. Text that is already
//! NFC comes back unchanged. `s` must be valid UTF-8.
std::string to_nfc_vietnamese(std::string_view s);

//! Folds text for diacritic-insensitive search: Latin letters lose their marks
//! ("bạo lực" → "bao luc"), "đ"/"Đ" become "d", ASCII is lower-cased, and
//! anything that is not a letter or digit becomes a space between words.
std::string fold_for_search(std::string_view s);

//! Strips ASCII white space at both ends and folds runs of inner white space to one space.
std::string collapse_spaces(std::string_view s);

//! Vietnamese number format: "1.234.567,5" (thousands with '.', decimals with ','),
//! at most `max_decimals` decimals, trailing zeros dropped.
std::string format_number_vi(double value, int max_decimals = 2);

}  // namespace tienbo::core
