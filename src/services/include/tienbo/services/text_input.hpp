#pragma once
// One way to accept free text from people: valid UTF-8 (checked before
// anything else), no control characters, Vietnamese composed to NFC, spaces
// collapsed, a length limit; errors name the field in both languages.

#include <cstddef>
#include <string>
#include <string_view>

#include "tienbo/core/result.hpp"

namespace tienbo::services {

enum class Required : bool { No, Yes };
enum class Lines : bool { One, Many };  //!< Many keeps line breaks (narratives, comments)

core::Result<std::string> clean_text(std::string_view input, std::string_view field, std::size_t max_bytes,
                                     Required required, Lines lines = Lines::One);

}  // namespace tienbo::services
