#include <gtest/gtest.h>

#include "tienbo/io/csv.hpp"

namespace tienbo::io {
namespace {

TEST(Csv, ParsesQuotedFieldsSeparatorsAndLineBreaks) {
  auto rows = parse_csv(
      "\xEF\xBB\xBF"
      "ma,ten\r\n01,\"Hà Nội, Thủ đô\"\n02,\"dòng 1\ndòng \"\"2\"\"\"\n");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0], (CsvRow{"ma", "ten"}));
  EXPECT_EQ((*rows)[1], (CsvRow{"01", "Hà Nội, Thủ đô"}));
  EXPECT_EQ((*rows)[2], (CsvRow{"02", "dòng 1\ndòng \"2\""}));
}

TEST(Csv, KeepsEmptyFieldsAndLastLineWithoutNewline) {
  auto rows = parse_csv("a,,c\n,,\nx");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0], (CsvRow{"a", "", "c"}));
  EXPECT_EQ((*rows)[1], (CsvRow{"", "", ""}));
  EXPECT_EQ((*rows)[2], (CsvRow{"x"}));
}

TEST(Csv, UnterminatedQuoteNamesTheLine) {
  auto rows = parse_csv("a,b\nc,\"d\ne\n");
  ASSERT_FALSE(rows);
  EXPECT_NE(rows.error().message_en.find("line 2"), std::string::npos);
  EXPECT_NE(rows.error().message_vi.find("dòng 2"), std::string::npos);
}

// Found by fuzz/csv_fuzz: a first field starting with U+FEFF was written unquoted at the
// start of the file and read back as the byte-order mark, so the field lost it.
TEST(Csv, FirstFieldStartingWithAByteOrderMarkSurvivesAWriteAndARead) {
  const std::vector<CsvRow> original{{"\xEF\xBB\xBF"
                                      "ma",
                                      "ten"},
                                     {"\xEF\xBB\xBF"}};
  std::string text;
  for (const auto& r : original) append_csv_row(text, r);
  auto back = parse_csv(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, original);
}

TEST(Csv, WriteThenReadRoundTrips) {
  const std::vector<CsvRow> original{
      {"mã", "tên"}, {"1", "a,b"}, {"2", "say \"hi\""}, {"3", "x\ny"}, {"4", " padded "}};
  std::string text;
  for (const auto& r : original) append_csv_row(text, r);
  auto back = parse_csv(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, original);
}

TEST(Csv, SemicolonSeparatorForVietnameseExcel) {
  auto rows = parse_csv("a;1,5\nb;2,25\n", ';');
  ASSERT_TRUE(rows);
  EXPECT_EQ((*rows)[1], (CsvRow{"b", "2,25"}));
}

}  // namespace
}  // namespace tienbo::io
