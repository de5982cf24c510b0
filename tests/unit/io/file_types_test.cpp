#include <gtest/gtest.h>

#include "tienbo/io/file_types.hpp"

namespace tienbo::io {
namespace {

TEST(FileTypes, ReadsTheTypeFromTheBytes) {
  EXPECT_EQ(sniff_content_type("%PDF-1.7\n", "bao-cao.txt"), "application/pdf");
  EXPECT_EQ(sniff_content_type(std::string_view("PK\x03\x04", 4), "bien-ban.docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_EQ(sniff_content_type(std::string_view("PK\x03\x04", 4), "archive.zip"), std::nullopt);
  EXPECT_EQ(sniff_content_type("Biên bản họp Ban ngày 15/06/2025\n", "ghi-chu.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(sniff_content_type("ma,gia tri\n01,\"1.250,5\"\n", "so-lieu.CSV"), "text/csv; charset=utf-8");
  EXPECT_EQ(sniff_content_type(std::string_view("a\0b", 3), "a.txt"), std::nullopt);
}

// Found by fuzz/evidence_fuzz: the text check accepted any lead byte followed by continuation
// bytes, so an overlong encoding ("\xC0\xAF" is '/'), a surrogate or a code point past U+10FFFF
// was stored and served as "text/plain; charset=utf-8".
TEST(FileTypes, TextMustBeWellFormedUtf8) {
  for (std::string_view bad : {std::string_view("Bi\xC3\xAAn b\xE0\x9A\xA3n"),
                               std::string_view("..\xC0\xAF..\xC0\xAF"
                                                "etc"),
                               std::string_view("\xED\xA0\x80"), std::string_view("\xF4\x90\x80\x80"),
                               std::string_view("\xF8\x88\x80\x80\x80")}) {
    EXPECT_EQ(sniff_content_type(bad, "ghi-chu.txt"), std::nullopt) << bad;
    EXPECT_EQ(sniff_content_type(bad, "so-lieu.csv"), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace tienbo::io
