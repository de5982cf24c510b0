#pragma once
// CSV (RFC 4180) reading and writing: bytes <-> rows of strings. Used for
// imports of units and data values and for CSV exports. Pure: no I/O.

#include <string>
#include <string_view>
#include <vector>

#include "tienbo/core/result.hpp"

namespace tienbo::io {

using CsvRow = std::vector<std::string>;

//! Parses a whole CSV text. Accepts LF or CRLF line ends, quoted fields with
//! embedded separators, quotes ("") and line breaks, and a UTF-8 byte-order
//! mark. An unterminated quote is an error naming the line.
core::Result<std::vector<CsvRow>> parse_csv(std::string_view text, char separator = ',');

//! Appends one row, quoting fields that need it, ending with CRLF.
void append_csv_row(std::string& out, const CsvRow& row, char separator = ',');

}  // namespace tienbo::io
