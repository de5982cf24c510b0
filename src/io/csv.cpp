#include "tienbo/io/csv.hpp"

namespace tienbo::io {

core::Result<std::vector<CsvRow>> parse_csv(std::string_view text, char separator) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  bool quoted = false;
  bool field_started = false;
  std::size_t line = 1;
  std::size_t quote_line = 0;
  auto end_field = [&] {
    row.push_back(std::move(field));
    field.clear();
    field_started = false;
  };
  auto end_row = [&] {
    end_field();
    rows.push_back(std::move(row));
    row.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
      quote_line = line;
    } else if (c == separator) {
      end_field();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      // CRLF: the LF ends the row.
    } else if (c == '\n') {
      end_row();
      ++line;
    } else {
      field += c;
      field_started = true;
    }
  }
  if (quoted) {
    return core::fail(core::ErrorCode::InvalidValue,
                      "CSV: dấu ngoặc kép mở ở dòng " + std::to_string(quote_line) + " không được đóng",
                      "CSV: the quote opened on line " + std::to_string(quote_line) + " is never closed", "file");
  }
  if (field_started || !field.empty() || !row.empty()) end_row();
  return rows;
}

void append_csv_row(std::string& out, const CsvRow& row, char separator) {
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out += separator;
    const std::string& f = row[i];
    // A field starting with U+FEFF is quoted: unquoted at the start of a file, it would be
    // read back as the byte-order mark and lost.
    const bool needs_quotes = f.find_first_of(std::string{separator, '"', '\n', '\r'}) != std::string::npos ||
                              (!f.empty() && (f.front() == ' ' || f.back() == ' ')) || f.starts_with("\xEF\xBB\xBF");
    if (!needs_quotes) {
      out += f;
      continue;
    }
    out += '"';
    for (char c : f) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += "\r\n";
}

}  // namespace tienbo::io
