# tienbo::warnings — an INTERFACE target every module links. Third-party headers
# are included as SYSTEM (see TienboDependencies.cmake) so only our code is held
# to these flags.
add_library(tienbo_warnings INTERFACE)
add_library(tienbo::warnings ALIAS tienbo_warnings)
target_compile_options(tienbo_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wconversion -Wsign-conversion
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
# GCC 12 reports -Wrestrict false positives inside libstdc++ for ordinary
# std::string concatenation at -O2/-O3 (GCC bug 105329); it finds nothing real here.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(tienbo_warnings INTERFACE -Wno-restrict)
endif()
if(TIENBO_WARNINGS_AS_ERRORS)
  target_compile_options(tienbo_warnings INTERFACE -Werror)
endif()

if(TIENBO_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# The fuzz build (scripts/fuzz.sh, build-fuzz/): every library gets libFuzzer's coverage
# instrumentation plus ASan and UBSan; only the targets in fuzz/ link the fuzzer's main.
if(TIENBO_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "TIENBO_FUZZ needs clang (CXX=clang++-14); libFuzzer is part of clang")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
