#include "tienbo/core/log.hpp"

#include "tienbo/core/json_writer.hpp"
#include "tienbo/core/text.hpp"

#include <atomic>
#include <chrono>
#include <ctime>
#include <mutex>

namespace tienbo::core {
namespace {

std::atomic<LogLevel> g_level{LogLevel::Info};
std::mutex g_mutex;
std::FILE* g_sink = nullptr;  // nullptr means stderr
std::string g_buffer;

constexpr std::size_t kFlushThreshold = std::size_t{64} * 1024;

std::string_view level_name(LogLevel level) {
  switch (level) {
    case LogLevel::Debug:
      return "debug";
    case LogLevel::Info:
      return "info";
    case LogLevel::Warn:
      return "warn";
    case LogLevel::Error:
      return "error";
    case LogLevel::Off:
      return "off";
  }
  return "info";
}

void flush_locked() {
  if (g_buffer.empty()) return;
  std::FILE* out = g_sink ? g_sink : stderr;
  std::fwrite(g_buffer.data(), 1, g_buffer.size(), out);
  std::fflush(out);
  g_buffer.clear();
}

}  // namespace

void Log::set_level(LogLevel level) { g_level.store(level); }
LogLevel Log::level() { return g_level.load(); }

void Log::set_sink(std::FILE* sink) {
  std::lock_guard lock(g_mutex);
  flush_locked();
  g_sink = sink;
}

bool Log::enabled(LogLevel level) { return level != LogLevel::Off && level >= g_level.load(std::memory_order_relaxed); }

void Log::write(LogLevel level, std::string_view event, std::initializer_list<LogField> fields) {
  if (!enabled(level)) return;
  JsonObject object;
  object.add("ts", utc_timestamp_now()).add("level", level_name(level)).add("event", event);
  for (const auto& field : fields) {
    std::visit([&object, &field](const auto& v) { object.add(field.first, v); }, field.second);
  }
  std::string line = object.str();
  line += '\n';
  std::lock_guard lock(g_mutex);
  g_buffer += line;
  if (level >= LogLevel::Warn || g_buffer.size() >= kFlushThreshold) flush_locked();
}

void Log::flush() {
  std::lock_guard lock(g_mutex);
  flush_locked();
}

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      // Bytes from outside (a path, a header) may be ill-formed: JSON must stay valid UTF-8.
      const std::size_t len = utf8_sequence_length(s, i);
      if (len == 0) {
        out += "\\ufffd";
        ++i;
      } else {
        out.append(s.substr(i, len));
        i += len;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  out += '"';
}

std::string utc_timestamp_now() {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto secs = time_point_cast<seconds>(now);
  auto ms = duration_cast<milliseconds>(now - secs).count();
  std::time_t t = system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace tienbo::core
