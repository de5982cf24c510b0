#pragma once
// Structured logging: one JSON object per line, e.g.
//   {"ts":"2026-11-21T20:20:00.123Z","level":"info","event":"http.request","status":200}
// Lines are buffered and written under a mutex; flush() is called by the
// server once a second and at shutdown, and immediately for warnings/errors.

#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace tienbo::core {

enum class LogLevel : std::uint8_t { Debug, Info, Warn, Error, Off };

using LogValue = std::variant<std::string_view, std::int64_t, double, bool>;
using LogField = std::pair<std::string_view, LogValue>;

class Log {
 public:
  //! Sets the minimum level written (default Info).
  static void set_level(LogLevel level);
  static LogLevel level();
  //! Sets where lines go (default stderr). The FILE stays owned by the caller.
  static void set_sink(std::FILE* sink);
  static bool enabled(LogLevel level);
  static void write(LogLevel level, std::string_view event, std::initializer_list<LogField> fields = {});
  static void flush();
};

//! Appends `s` to `out` as a JSON string literal (with quotes), escaping as RFC 8259 requires.
void append_json_string(std::string& out, std::string_view s);

//! Current UTC time as "2026-11-21T20:20:00.123Z".
std::string utc_timestamp_now();

}  // namespace tienbo::core
