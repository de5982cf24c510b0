#pragma once
// A file compiled into the binary by cmake/TienboEmbed.cmake.

#include <string_view>

namespace tienbo::core {

struct EmbeddedFile {
  std::string_view name;      //!< File name without directory.
  std::string_view contents;  //!< The bytes, exactly as in the source tree.
};

}  // namespace tienbo::core
