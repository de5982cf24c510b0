#include "tienbo/db/sql_text.hpp"

#include <cctype>

namespace tienbo::db {

std::string to_sqlite_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  std::size_t i = 0;
  const std::size_t n = sql.size();
  while (i < n) {
    char c = sql[i];
    if (c == '\'' || c == '"') {  // literal or quoted identifier; '' / "" escape themselves
      std::size_t j = i + 1;
      while (j < n && sql[j] != c) ++j;
      out.append(sql.substr(i, j + 1 - i));
      i = j + 1;
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      std::size_t j = sql.find('\n', i);
      if (j == std::string_view::npos) j = n;
      out.append(sql.substr(i, j - i));
      i = j;
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      std::size_t j = sql.find("*/", i + 2);
      j = j == std::string_view::npos ? n : j + 2;
      out.append(sql.substr(i, j - i));
      i = j;
    } else if (c == '$' && i + 1 < n && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      out += '?';
      ++i;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

}  // namespace tienbo::db
