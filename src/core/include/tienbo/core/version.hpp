#pragma once

#include <string_view>

namespace tienbo::core {

//! The program version, from the top-level CMake project() (e.g. "0.1.0").
std::string_view program_version();

}  // namespace tienbo::core
