// Vietnamese text normalisation, UTF-8 validation and ISO dates/timestamps.

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "tienbo/core/date.hpp"
#include "tienbo/core/text.hpp"

namespace tienbo::core {
namespace {

// Combining marks as UTF-8.
const std::string kGrave = "\xCC\x80";       // U+0300
const std::string kAcute = "\xCC\x81";       // U+0301
const std::string kCircumflex = "\xCC\x82";  // U+0302
const std::string kTilde = "\xCC\x83";       // U+0303
const std::string kBreve = "\xCC\x86";       // U+0306
const std::string kHorn = "\xCC\x9B";        // U+031B
const std::string kDotBelow = "\xCC\xA3";    // U+0323

TEST(VietnameseNfc, ComposesBaseWithTwoMarks) {
  EXPECT_EQ(to_nfc_vietnamese("a" + kBreve + kDotBelow), "ặ");
  EXPECT_EQ(to_nfc_vietnamese("Nguye" + kCircumflex + kTilde + "n"), "Nguyễn");
  EXPECT_EQ(to_nfc_vietnamese("u" + kHorn + kDotBelow), "ự");
  EXPECT_EQ(to_nfc_vietnamese("Đa" + kGrave + " Na" + kCircumflex + kDotBelow + "ng"), "Đà Nậng");
}

TEST(VietnameseNfc, ComposesOneMark) {
  EXPECT_EQ(to_nfc_vietnamese("a" + kBreve), "ă");
  EXPECT_EQ(to_nfc_vietnamese("Ha" + kGrave + " No" + kDotBelow + "i"), "Hà Nọi");
  EXPECT_EQ(to_nfc_vietnamese("E" + kAcute), "É");
}

TEST(VietnameseNfc, MarksInNonCanonicalOrderAreReordered) {
  // Dot below (class 220) typed before the breve (230) and after it give the same letter.
  EXPECT_EQ(to_nfc_vietnamese("a" + kDotBelow + kBreve), "ặ");
  EXPECT_EQ(to_nfc_vietnamese("a" + kBreve + kDotBelow), "ặ");
  EXPECT_EQ(to_nfc_vietnamese("o" + kDotBelow + kCircumflex), "ộ");
  EXPECT_EQ(to_nfc_vietnamese("o" + kCircumflex + kDotBelow), "ộ");
  EXPECT_EQ(to_nfc_vietnamese("u" + kDotBelow + kHorn), "ự");
}

TEST(VietnameseNfc, PrecomposedBaseTakesAFurtherMark) {
  EXPECT_EQ(to_nfc_vietnamese("ă" + kDotBelow), "ặ");
  EXPECT_EQ(to_nfc_vietnamese("ạ" + kBreve), "ặ");
  EXPECT_EQ(to_nfc_vietnamese("ê" + kTilde), "ễ");
  EXPECT_EQ(to_nfc_vietnamese("ư" + kAcute), "ứ");
  EXPECT_EQ(to_nfc_vietnamese("Nguyê" + kTilde + "n"), "Nguyễn");
}

TEST(VietnameseNfc, AlreadyNfcTextIsUnchangedByteForByte) {
  const std::string nfc = "Ban Vì sự tiến bộ của phụ nữ tỉnh Quảng Ngãi — Nguyễn Thị Ặ Ữ Ỵ";
  EXPECT_EQ(to_nfc_vietnamese(nfc), nfc);
  // A string with a mark somewhere (slow path) keeps its precomposed letters as they are.
  const std::string mixed = "Đặng Thị Hồng " + std::string("e") + kCircumflex;
  EXPECT_EQ(to_nfc_vietnamese(mixed), "Đặng Thị Hồng ê");
}

TEST(VietnameseNfc, AsciiIsUnchanged) {
  const std::string ascii = "Committee 01-SNV, code_x.y (2026) \t~!@#$%^&*";
  EXPECT_EQ(to_nfc_vietnamese(ascii), ascii);
  EXPECT_EQ(to_nfc_vietnamese(""), "");
}

TEST(VietnameseNfc, UnknownCombinationIsLeftAsIs) {
  // No precomposed "x with acute" or "q with dot below": the marks stay.
  EXPECT_EQ(to_nfc_vietnamese("x" + kAcute), "x" + kAcute);
  EXPECT_EQ(to_nfc_vietnamese("q" + kDotBelow + "u"), "q" + kDotBelow + "u");
  // A lone mark at the start has no base.
  EXPECT_EQ(to_nfc_vietnamese(kAcute + "a"), kAcute + "a");
  // One composable mark and one extra: the extra stays after the composed letter.
  EXPECT_EQ(to_nfc_vietnamese("e" + kTilde + kCircumflex), "ẽ" + kCircumflex);
}

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("Hà Nội"));
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));  // U+1F600
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
  EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
}

TEST(Utf8, RejectsOverlongSurrogateTruncatedAndOutOfRange) {
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xC1\x81"));          // overlong 'A'
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong 3-byte
  EXPECT_FALSE(is_valid_utf8("\xF0\x80\x80\xAF"));  // overlong 4-byte
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // U+D800
  EXPECT_FALSE(is_valid_utf8("\xED\xBF\xBF"));      // U+DFFF
  EXPECT_FALSE(is_valid_utf8("H\xC3"));             // truncated 2-byte
  EXPECT_FALSE(is_valid_utf8("\xE1\xBB"));          // truncated 3-byte ("ộ" cut short)
  EXPECT_FALSE(is_valid_utf8("\xF0\x9F\x98"));      // truncated 4-byte
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(is_valid_utf8("\x80"));              // lone continuation byte
  EXPECT_FALSE(is_valid_utf8("\xC3\x28"));          // bad continuation byte
}

TEST(CollapseSpaces, TrimsAndFoldsInnerRuns) {
  EXPECT_EQ(collapse_spaces("  Phường   Hoàn\t\tKiếm \n"), "Phường Hoàn Kiếm");
  EXPECT_EQ(collapse_spaces("a"), "a");
  EXPECT_EQ(collapse_spaces(""), "");
  EXPECT_EQ(collapse_spaces(" \t\r\n "), "");
  EXPECT_EQ(collapse_spaces("a\r\nb"), "a b");
}

TEST(IsoDate, AcceptsRealDatesOnly) {
  EXPECT_TRUE(is_iso_date("2024-02-29"));
  EXPECT_TRUE(is_iso_date("2000-02-29"));
  EXPECT_TRUE(is_iso_date("2025-07-01"));
  EXPECT_TRUE(is_iso_date("0001-01-01"));
  EXPECT_TRUE(is_iso_date("9999-12-31"));
  EXPECT_FALSE(is_iso_date("2025-02-29"));
  EXPECT_FALSE(is_iso_date("1900-02-29"));
  EXPECT_FALSE(is_iso_date("2025-13-01"));
  EXPECT_FALSE(is_iso_date("2025-00-10"));
  EXPECT_FALSE(is_iso_date("2025-04-31"));
  EXPECT_FALSE(is_iso_date("2025-7-1"));
  EXPECT_FALSE(is_iso_date("2025/07/01"));
  EXPECT_FALSE(is_iso_date("0000-01-01"));
  EXPECT_FALSE(is_iso_date("2025-07-01 "));
  EXPECT_FALSE(is_iso_date(""));
}

TEST(IsoDate, PreviousDayCrossesMonthsYearsAndLeapDays) {
  EXPECT_EQ(previous_day("2025-03-01"), "2025-02-28");
  EXPECT_EQ(previous_day("2024-03-01"), "2024-02-29");
  EXPECT_EQ(previous_day("2026-01-01"), "2025-12-31");
  EXPECT_EQ(previous_day("2025-07-01"), "2025-06-30");
  EXPECT_EQ(previous_day("2026-03-05"), "2026-03-04");
}

TEST(IsoDate, FormatsTheVietnameseWay) {
  EXPECT_EQ(format_date_vi("2025-07-01"), "01/07/2025");
  EXPECT_EQ(format_date_vi("2026-12-31"), "31/12/2026");
  EXPECT_EQ(format_date_vi("not a date"), "not a date");  // passed through
}

TEST(IsoDate, TodayInVietnamIsADate) { EXPECT_TRUE(is_iso_date(today_in_vietnam())); }

TEST(UtcTimestamp, FormatsWithMillisecondsAndRoundTrips) {
  using namespace std::chrono;
  const sys_days day = year(2026) / November / 21;
  const system_clock::time_point t = day + hours(20) + minutes(20) + seconds(0) + milliseconds(123);
  const std::string s = utc_timestamp(t);
  EXPECT_EQ(s, "2026-11-21T20:20:00.123Z");
  auto back = parse_utc_timestamp(s);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, t);

  // Sub-millisecond precision is truncated, the rest survives.
  const auto now = system_clock::now();
  auto round = parse_utc_timestamp(utc_timestamp(now));
  ASSERT_TRUE(round);
  EXPECT_EQ(*round, time_point_cast<system_clock::duration>(floor<milliseconds>(now)));
  EXPECT_EQ(utc_timestamp(*round), utc_timestamp(now));
}

TEST(UtcTimestamp, RejectsMalformedText) {
  EXPECT_FALSE(parse_utc_timestamp(""));
  EXPECT_FALSE(parse_utc_timestamp("2026-11-21T20:20:00Z"));        // no milliseconds
  EXPECT_FALSE(parse_utc_timestamp("2026-11-21 20:20:00.123Z"));    // no T
  EXPECT_FALSE(parse_utc_timestamp("2026-11-21T20:20:00.123+07"));  // not UTC
  EXPECT_FALSE(parse_utc_timestamp("2026-02-30T20:20:00.123Z"));    // no such day
  EXPECT_FALSE(parse_utc_timestamp("2026-11-21T24:00:00.123Z"));    // hour 24
  EXPECT_FALSE(parse_utc_timestamp("2026-11-21T20:60:00.123Z"));    // minute 60
  EXPECT_FALSE(parse_utc_timestamp("2026-11-21T20:20:00.1x3Z"));    // not digits
}

// Found by fuzz/text_fuzz: a timestamp in year 3026 (or 0001) overflowed the 64-bit nanosecond
// count of system_clock (signed overflow, UBSan). Outside 1678–2261 it is refused.
TEST(UtcTimestamp, RejectsYearsTheClockCannotHold) {
  EXPECT_FALSE(parse_utc_timestamp("3026-11-21T20:20:00.123Z"));
  EXPECT_FALSE(parse_utc_timestamp("9999-12-31T23:59:59.999Z"));
  EXPECT_FALSE(parse_utc_timestamp("0001-01-01T00:00:00.000Z"));
  EXPECT_FALSE(parse_utc_timestamp("1677-01-01T00:00:00.000Z"));
  for (const char* s : {"2261-12-31T23:59:59.999Z", "1678-01-01T00:00:00.000Z", "1970-01-01T00:00:00.000Z"}) {
    auto t = parse_utc_timestamp(s);
    ASSERT_TRUE(t) << s;
    EXPECT_EQ(utc_timestamp(*t), s);
  }
}

TEST(UtcTimestamp, VietnamClockTimeIsSevenHoursAhead) {
  using namespace std::chrono;
  const sys_days day = year(2026) / November / 21;
  EXPECT_EQ(vietnam_clock_time(day + hours(20) + minutes(45) + seconds(10)), "03:45:10");
  EXPECT_EQ(vietnam_clock_time(day + hours(1) + minutes(2) + seconds(3)), "08:02:03");
}

}  // namespace
}  // namespace tienbo::core
