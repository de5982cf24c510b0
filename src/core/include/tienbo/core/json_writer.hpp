#pragma once
// The one small writer of JSON objects for the layers without Boost.JSON (core, store, services:
// audit entries' before/after, event details). Keys and strings are escaped by
// append_json_string; numbers are integers. http/ uses Boost.JSON (issue #13: no JSON by hand).
//   JsonObject().add("units", 3).add("name", "Hà Nội").str()  ->  {"units":3,"name":"Hà Nội"}

#include <cstdint>
#include <string>
#include <string_view>

#include "tienbo/core/log.hpp"

namespace tienbo::core {

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
  JsonObject& add(std::string_view key, bool value) {
    open(key);
    out_ += value ? "true" : "false";
    return *this;
  }
  //! A member whose value is already JSON (another JsonObject's str()).
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

}  // namespace tienbo::core
