#pragma once
// FUZZ_CHECK(cond, what): a property every input must keep. Breaking it aborts,
// so libFuzzer reports a crash and keeps the input, like an ASan finding.

#include <cstdio>
#include <cstdlib>
#include <string_view>

#define FUZZ_CHECK(cond, what)                                                                          \
  do {                                                                                                  \
    if (!(cond)) {                                                                                      \
      std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s (%s)\n", __FILE__, __LINE__, #cond, (what)); \
      std::abort();                                                                                     \
    }                                                                                                   \
  } while (false)

namespace tienbo::fuzz {
inline std::string_view as_text(const unsigned char* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}
}  // namespace tienbo::fuzz
