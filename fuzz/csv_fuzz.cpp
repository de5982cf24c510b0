// CSV files people upload (io::parse_csv): units, data values. Byte 0 picks the
// separator. Rows that were read must be written and read back unchanged.

#include "fuzz_check.hpp"
#include "tienbo/io/csv.hpp"

using namespace tienbo;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  if (size < 1) return 0;
  static constexpr char kSeparators[] = {',', ';', '\t'};
  const char sep = kSeparators[data[0] % 3];
  auto rows = io::parse_csv(fuzz::as_text(data + 1, size - 1), sep);
  if (!rows) return 0;
  std::string out;
  for (const auto& row : *rows) io::append_csv_row(out, row, sep);
  auto again = io::parse_csv(out, sep);
  FUZZ_CHECK(again.has_value(), "written CSV reads back");
  FUZZ_CHECK(*again == *rows, "rows survive a write and a read");
  return 0;
}
