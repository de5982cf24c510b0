#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "tienbo/core/deadline.hpp"
#include "tienbo/core/error.hpp"
#include "tienbo/core/json_writer.hpp"
#include "tienbo/core/log.hpp"
#include "tienbo/core/result.hpp"
#include "tienbo/core/text.hpp"
#include "tienbo/core/version.hpp"

namespace tienbo::core {
namespace {

Result<int> parse_positive(int v) {
  if (v <= 0) return fail(ErrorCode::InvalidValue, "phải dương", "must be positive", "v");
  return v;
}

Result<int> doubled(int v) {
  TIENBO_TRY(parse_positive(v));
  return v * 2;
}

TEST(Result, HoldsValueOrError) {
  auto ok = parse_positive(3);
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, 3);
  auto bad = parse_positive(-1);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::InvalidValue);
  EXPECT_EQ(bad.error().field, "v");
}

TEST(Result, TryPropagatesTheError) {
  EXPECT_EQ(*doubled(4), 8);
  auto bad = doubled(0);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message_en, "must be positive");
}

TEST(Result, AndThenChains) {
  auto r = parse_positive(5).and_then([](int v) -> Result<std::string> { return std::to_string(v); });
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "5");
  auto e = parse_positive(-5).and_then([](int v) -> Result<std::string> { return std::to_string(v); });
  EXPECT_FALSE(e);
}

TEST(Error, CodesHaveStableIdsAndSlugs) {
  EXPECT_EQ(error_code_id(ErrorCode::MalformedJson), "E2002");
  EXPECT_EQ(error_code_id(ErrorCode::NotFound), "E1001");
  EXPECT_EQ(error_code_slug(ErrorCode::PayloadTooLarge), "payload-too-large");
}

TEST(Error, BilingualJoinsBothLanguages) {
  auto e = make_error(ErrorCode::BadRequest, "sai", "wrong");
  EXPECT_EQ(e.bilingual(), "sai / wrong");
}

TEST(Json, EscapesControlCharactersAndKeepsUtf8) {
  std::string out;
  append_json_string(out, "a\"b\\c\n\x01 Việt Nam");
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\u0001 Việt Nam\"");
}

// Found by fuzz/http_fuzz: a unit code with a stray byte ("000\xB30", from %B3 in the path)
// went raw into the problem body, which was then not JSON: report_problem's json::parse
// threw and the client got a 500 instead of a 404. Ill-formed bytes become U+FFFD.
TEST(Json, IllFormedUtf8BecomesReplacementCharacter) {
  std::string out;
  append_json_string(out,
                     "000\xB3"
                     "0 \xC0\xAF \xED\xA0\x80 Vi\xE1\xBB\x87t \xE1\xBB");
  EXPECT_EQ(out, "\"000\\ufffd0 \\ufffd\\ufffd \\ufffd\\ufffd\\ufffd Vi\xE1\xBB\x87t \\ufffd\\ufffd\"");
  EXPECT_TRUE(is_valid_utf8(out));
  EXPECT_EQ(boost::json::parse(out).as_string(),
            "000\xEF\xBF\xBD"
            "0 \xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD Vi\xE1\xBB\x87t \xEF\xBF\xBD\xEF\xBF\xBD");
}

// The one writer of JSON objects outside http/: what it writes is JSON that Boost.JSON reads
// back member for member, whatever the keys and strings hold.
TEST(Json, TheObjectWriterWritesWhatAParserReadsBack) {
  EXPECT_EQ(JsonObject().str(), "{}");
  const std::string text = JsonObject()
                               .add("units", std::int64_t{3})
                               .add("ok", true)
                               .add("name", "Phường \"Hoàn\" Kiếm\n")
                               .add("k\x01y", "\xB3")
                               .add_raw("reasons", JsonObject().add("BAO_LUC", "Thiếu số liệu").str())
                               .str();
  const auto v = boost::json::parse(text).as_object();
  EXPECT_EQ(v.at("units").as_int64(), 3);
  EXPECT_TRUE(v.at("ok").as_bool());
  EXPECT_EQ(v.at("name").as_string(), "Phường \"Hoàn\" Kiếm\n");
  EXPECT_EQ(v.at("k\x01y").as_string(), "\xEF\xBF\xBD");
  EXPECT_EQ(v.at("reasons").at("BAO_LUC").as_string(), "Thiếu số liệu");
  EXPECT_EQ(v.size(), 5u);
}

// Nulls, doubles, unsigned counts and arrays: what the audit entries of the services need.
TEST(Json, TheWriterWritesNullsNumbersAndArraysAParserReadsBack) {
  const std::string text =
      JsonObject()
          .add_null("gone")
          .add("share", 0.1)
          .add("big", std::uint64_t{18446744073709551615ULL})
          .add("nan", std::nan(""))
          .add_raw("codes", JsonArray().add("01").add("Thủ \"Đô\"").str())
          .add_raw("rows", JsonArray().add_raw(JsonObject().add("k", std::int64_t{-2}).str()).str())
          .add_raw("none", JsonArray().str())
          .str();
  EXPECT_EQ(text,
            "{\"gone\":null,\"share\":0.1,\"big\":18446744073709551615,\"nan\":null,"
            "\"codes\":[\"01\",\"Thủ \\\"Đô\\\"\"],\"rows\":[{\"k\":-2}],\"none\":[]}");
  const auto v = boost::json::parse(text).as_object();
  EXPECT_TRUE(v.at("gone").is_null());
  EXPECT_EQ(v.at("share").as_double(), 0.1);
  EXPECT_EQ(v.at("big").as_uint64(), 18446744073709551615ULL);
  EXPECT_EQ(v.at("codes").as_array().at(1).as_string(), "Thủ \"Đô\"");
  EXPECT_EQ(v.at("rows").as_array().at(0).at("k").as_int64(), -2);
  EXPECT_TRUE(JsonArray().empty());
  EXPECT_FALSE(JsonArray().add("x").empty());
}

TEST(Log, WritesOneJsonObjectPerLine) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  Log::set_sink(f);
  Log::write(LogLevel::Info, "test.event",
             {{"path", std::string_view("/x")}, {"status", std::int64_t{200}}, {"ok", true}});
  Log::write(LogLevel::Debug, "hidden");  // below the default level
  Log::flush();
  Log::set_sink(nullptr);
  std::rewind(f);
  char buf[512] = {};
  ASSERT_NE(std::fgets(buf, sizeof buf, f), nullptr);
  std::string line(buf);
  EXPECT_NE(line.find("\"event\":\"test.event\""), std::string::npos);
  EXPECT_NE(line.find("\"path\":\"/x\""), std::string::npos);
  EXPECT_NE(line.find("\"status\":200"), std::string::npos);
  EXPECT_NE(line.find("\"ok\":true"), std::string::npos);
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(std::fgets(buf, sizeof buf, f), nullptr);  // the debug line was not written
  std::fclose(f);
}

TEST(Version, IsSemantic) {
  std::string v(program_version());
  EXPECT_EQ(std::count(v.begin(), v.end(), '.'), 2);
}

TEST(RequestDeadline, LoopsStopOnlyInsideARequestWhoseBudgetIsSpentAndTheEarlierDeadlineWins) {
  EXPECT_FALSE(deadline_passed());  // no request on this thread
  {
    const RequestDeadline spent(std::chrono::nanoseconds(0));
    EXPECT_TRUE(deadline_passed());
    {
      const RequestDeadline longer(std::chrono::hours(1));  // a nested guard cannot extend it
      EXPECT_TRUE(deadline_passed());
    }
    EXPECT_TRUE(deadline_passed());
    const Error e = deadline_error();
    EXPECT_EQ(e.code, ErrorCode::DeadlineExceeded);
    EXPECT_NE(e.message_vi.find("thu hẹp phạm vi"), std::string::npos);
  }
  EXPECT_FALSE(deadline_passed());
  {
    const RequestDeadline ample(std::chrono::hours(1));
    EXPECT_FALSE(deadline_passed());
    const RequestDeadline unbounded(std::chrono::steady_clock::duration::max());  // no overflow
    EXPECT_FALSE(deadline_passed());
  }
}

}  // namespace
}  // namespace tienbo::core
