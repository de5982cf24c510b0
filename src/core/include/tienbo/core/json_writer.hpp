#pragma once
// The one small writer of JSON for the layers without Boost.JSON (core, store, services: log
// lines, audit entries' before/after, event details). Keys and strings are escaped by
// append_json_string; numbers are integers, or doubles in their shortest round-trip form (a
// value that is not finite is written null). http/ uses Boost.JSON (issue #13: no JSON by hand).
//   JsonObject().add("units", std::int64_t{3}).add("name", "Hà Nội").str()  ->  {"units":3,"name":"Hà Nội"}
//   JsonArray().add("01").add("79").str()                                    ->  ["01","79"]

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "tienbo/core/log.hpp"

namespace tienbo::core {

namespace json_detail {
inline void append_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, res.ptr);
}
}  // namespace json_detail

class JsonObject {
 public:
  JsonObject& add(std::string_view key, std::string_view value) {
    open(key);
    append_json_string(out_, value);
    return *this;
  }
  JsonObject& add(std::string_view key, const char* value) { return add(key, std::string_view(value)); }
  JsonObject& add(std::string_view key, std::int64_t value) {
    open(key);
    out_ += std::to_string(value);
    return *this;
  }
  JsonObject& add(std::string_view key, std::uint64_t value) {  // counts and sizes (std::size_t)
    open(key);
    out_ += std::to_string(value);
    return *this;
  }
  JsonObject& add(std::string_view key, double value) {
    open(key);
    json_detail::append_number(out_, value);
    return *this;
  }
  JsonObject& add(std::string_view key, bool value) {
    open(key);
    out_ += value ? "true" : "false";
    return *this;
  }
  JsonObject& add_null(std::string_view key) {
    open(key);
    out_ += "null";
    return *this;
  }
  //! A member whose value is already JSON (another JsonObject's or a JsonArray's str()).
  JsonObject& add_raw(std::string_view key, std::string_view json) {
    open(key);
    out_ += json;
    return *this;
  }
  [[nodiscard]] std::string str() const { return out_ + "}"; }

 private:
  void open(std::string_view key) {
    if (out_.size() > 1) out_ += ',';
    append_json_string(out_, key);
    out_ += ':';
  }
  std::string out_ = "{";
};

//! An array of strings, or of values already written as JSON (JsonObject::str()).
class JsonArray {
 public:
  JsonArray& add(std::string_view value) {
    next();
    append_json_string(out_, value);
    return *this;
  }
  JsonArray& add_raw(std::string_view json) {
    next();
    out_ += json;
    return *this;
  }
  [[nodiscard]] bool empty() const { return out_.size() == 1; }
  [[nodiscard]] std::string str() const { return out_ + "]"; }

 private:
  void next() {
    if (out_.size() > 1) out_ += ',';
  }
  std::string out_ = "[";
};

}  // namespace tienbo::core
