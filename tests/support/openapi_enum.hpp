#pragma once
// The `enum:` list of a named schema of docs/openapi.yaml (under components/schemas), read as
// text so that a parser's accepted values can be compared with what the API documents.

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace tienbo::test {

//! The items of the first "enum: [a, b, …]" line in the block of "    <schema>:" (a schema at
//! components/schemas indentation), or of its line "<property>: {… enum: […] …}" when a property
//! is named; unquoted; empty when the schema, the property or the enum is missing.
inline std::vector<std::string> openapi_enum(const std::string& openapi_path, const std::string& schema,
                                             const std::string& property = {}) {
  std::ifstream in(openapi_path);
  std::string line;
  const std::string head = "    " + schema + ":";
  bool inside = false;
  while (std::getline(in, line)) {
    if (!inside) {
      inside = line == head;
      continue;
    }
    if (line.find_first_not_of(' ') <= 4) break;  // the next schema: this one has no enum
    if (!property.empty() && line.find(" " + property + ": {") == std::string::npos) continue;
    const auto at = line.find("enum: [");
    if (at == std::string::npos) continue;
    const auto end = line.find(']', at);
    std::stringstream items(line.substr(at + 7, end - at - 7));
    std::vector<std::string> out;
    for (std::string item; std::getline(items, item, ',');) {
      const auto b = item.find_first_not_of(" '\"");
      const auto e = item.find_last_not_of(" '\"");
      out.push_back(b == std::string::npos ? std::string() : item.substr(b, e - b + 1));
    }
    return out;
  }
  return {};
}

}  // namespace tienbo::test
