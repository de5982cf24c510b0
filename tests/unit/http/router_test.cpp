#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>

#include "test_support.hpp"
#include "tienbo/http/problem.hpp"
#include "tienbo/http/router.hpp"
#include "tienbo/http/static_files.hpp"

namespace tienbo::http {
namespace {

Response ok(Request&) { return json_response(200, "{}"); }

Request make(const std::string& method, const std::string& target) {
  Request r;
  r.method = method;
  r.target = target;
  EXPECT_TRUE(split_target(target, r.path, r.query));
  return r;
}

TEST(Router, MatchesPathParametersAndMethods) {
  Router router;
  router.add("GET", "/api/v1/units/{code}", ok);
  router.add("PUT", "/api/v1/reports/{form}/{unit}/{period}", ok);
  auto req = make("GET", "/api/v1/units/01");
  auto m = router.match(req);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(req.param("code"), "01");

  auto put = make("PUT", "/api/v1/reports/BC_BDG/01/2025S1");
  m = router.match(put);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(put.param("form"), "BC_BDG");
  EXPECT_EQ(put.param("period"), "2025S1");

  auto none = make("GET", "/api/v1/units");
  m = router.match(none);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_FALSE(m.path_matched);
}

TEST(Router, WrongMethodListsTheAllowedOnes) {
  Router router;
  router.add("GET", "/api/v1/units/{code}", ok);
  router.add("DELETE", "/api/v1/units/{code}", ok);
  auto req = make("POST", "/api/v1/units/01");
  auto m = router.match(req);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_matched);
  EXPECT_EQ(m.allowed, (std::vector<std::string>{"GET", "HEAD", "DELETE"}));
  auto head = make("HEAD", "/api/v1/units/01");
  EXPECT_NE(router.match(head).route, nullptr);
}

TEST(Target, DecodesPathAndQuery) {
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
  ASSERT_TRUE(split_target("/api/v1/search?q=b%E1%BA%A1o+l%E1%BB%B1c&ou=VN&flag", path, query));
  EXPECT_EQ(path, "/api/v1/search");
  ASSERT_EQ(query.size(), 3u);
  EXPECT_EQ(query[0].second, "bạo lực");
  EXPECT_EQ(query[2].first, "flag");
  EXPECT_FALSE(split_target("/a%2", path, query));
  EXPECT_FALSE(split_target("/a%00b", path, query));
  EXPECT_FALSE(split_target("relative", path, query));
  EXPECT_FALSE(split_target("/x?a=%zz", path, query));
  // What was malformed is named, for the problem's `field`.
  std::string field;
  EXPECT_FALSE(split_target("/a%00b", path, query, &field));
  EXPECT_EQ(field, "path");
  EXPECT_FALSE(split_target("/x?ok=1&limit=a%00b", path, query, &field));
  EXPECT_EQ(field, "limit");
  EXPECT_FALSE(split_target("/x?%zz=1", path, query, &field));
  EXPECT_EQ(field, "query");
}

TEST(Problem, EveryErrorIsRfc9457WithBothLanguages) {
  Request req = make("POST", "/api/v1/x");
  req.request_id = "rid-1";
  auto r = problem_response(core::make_error(core::ErrorCode::InvalidValue, "sai trường", "bad field", "login"), req);
  EXPECT_EQ(r.status, 422u);
  EXPECT_EQ(r.header("Content-Type"), "application/problem+json; charset=utf-8");
  auto v = boost::json::parse(r.body).as_object();
  EXPECT_EQ(v.at("status").as_int64(), 422);
  EXPECT_EQ(v.at("type").as_string(), "urn:tienbo:problem:invalid-value");
  EXPECT_EQ(v.at("detail").as_string(), "sai trường");
  EXPECT_EQ(v.at("detailEn").as_string(), "bad field");
  EXPECT_EQ(v.at("field").as_string(), "login");
  EXPECT_EQ(v.at("requestId").as_string(), "rid-1");
  EXPECT_EQ(v.at("instance").as_string(), "/api/v1/x");
}

// Found by fuzz/http_fuzz: POST /api/v1/reports/BC_BDG_NAM/000%B30/2025/approve answered 500,
// because the problem body echoed the stray byte and was not JSON. It is JSON (U+FFFD).
TEST(Problem, BodyIsJsonWhateverBytesThePathHad) {
  Request req = make("POST",
                     "/api/v1/reports/BC_BDG_NAM/000\xB3"
                     "0/2025/approve");
  auto r = problem_response(core::make_error(core::ErrorCode::NotFound,
                                             "không có đơn vị 000\xB3"
                                             "0",
                                             "there is no unit 000\xB3"
                                             "0",
                                             "unit"),
                            req);
  EXPECT_EQ(r.status, 404u);
  auto v = boost::json::parse(r.body).as_object();
  EXPECT_EQ(v.at("detailEn").as_string(),
            "there is no unit 000\xEF\xBF\xBD"
            "0");
  EXPECT_EQ(v.at("instance").as_string(),
            "/api/v1/reports/BC_BDG_NAM/000\xEF\xBF\xBD"
            "0/2025/approve");
}

TEST(Problem, DetailQuotingDecomposedVietnameseIsComposed) {
  // GET /api/v1/units/Nguye%CC%82%CC%83n: the message quotes the code as typed, decomposed (NFD).
  Request req = make("GET", "/api/v1/units/Nguye\xCC\x82\xCC\x83n");
  auto r = problem_response(core::make_error(core::ErrorCode::NotFound, "không tìm thấy đơn vị Nguye\xCC\x82\xCC\x83n",
                                             "not found: unit Nguye\xCC\x82\xCC\x83n"),
                            req);
  auto v = boost::json::parse(r.body).as_object();
  EXPECT_EQ(v.at("detail").as_string(), "không tìm thấy đơn vị Nguyễn");
  EXPECT_EQ(v.at("detailEn").as_string(), "not found: unit Nguyễn");
}

TEST(Problem, ServerErrorsHideInternals) {
  Request req = make("GET", "/x");
  auto e = core::make_error(core::ErrorCode::DatabaseError, "lỗi SQL: SELECT secret", "SQL error: SELECT secret");
  auto r = problem_response(e, req);
  EXPECT_EQ(r.status, 500u);
  EXPECT_EQ(r.body.find("secret"), std::string::npos);
}

TEST(Problem, StatusMappingCoversTheCodes) {
  using core::ErrorCode;
  EXPECT_EQ(status_for(ErrorCode::NotFound), 404u);
  EXPECT_EQ(status_for(ErrorCode::MalformedJson), 400u);
  EXPECT_EQ(status_for(ErrorCode::PayloadTooLarge), 413u);
  EXPECT_EQ(status_for(ErrorCode::HeaderTooLarge), 431u);
  EXPECT_EQ(status_for(ErrorCode::MethodNotAllowed), 405u);
  EXPECT_EQ(status_for(ErrorCode::UnsupportedMediaType), 415u);
  EXPECT_EQ(status_for(ErrorCode::Conflict), 409u);
  EXPECT_EQ(status_for(ErrorCode::Unauthenticated), 401u);
  EXPECT_EQ(status_for(ErrorCode::Forbidden), 403u);
  EXPECT_EQ(status_for(ErrorCode::InvalidValue), 422u);
  EXPECT_EQ(status_for(ErrorCode::DatabaseUnavailable), 503u);
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    namespace fs = std::filesystem;
    fs::create_directories(dir_.path() / "assets");
    std::ofstream(dir_.path() / "index.html") << "<!doctype html><title>tienbo</title>";
    std::ofstream(dir_.path() / "assets" / "app-1234.js") << "console.log('xin chào');";
    std::ofstream(dir_.path() / "assets" / "app-1234.js.gz") << "GZIPPED";
  }
  test::TempDir dir_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypesAndCaching) {
  StaticFiles files(dir_.path());
  auto r = files.serve(make("GET", "/assets/app-1234.js"));
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(r.header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(r.body, "console.log('xin chào');");
  EXPECT_FALSE(r.header("ETag").empty());
  EXPECT_FALSE(r.header("Last-Modified").empty());
  auto index = files.serve(make("GET", "/"));
  EXPECT_EQ(index.status, 200u);
  EXPECT_EQ(index.header("Cache-Control"), "no-cache");
  EXPECT_EQ(index.header("Content-Type"), "text/html; charset=utf-8");
}

TEST_F(StaticFilesTest, AnswersConditionalRequestsWith304) {
  StaticFiles files(dir_.path());
  auto first = files.serve(make("GET", "/assets/app-1234.js"));
  auto again = make("GET", "/assets/app-1234.js");
  again.headers.emplace_back("If-None-Match", std::string(first.header("ETag")));
  auto r = files.serve(again);
  EXPECT_EQ(r.status, 304u);
  EXPECT_TRUE(r.body.empty());
  auto since = make("GET", "/assets/app-1234.js");
  since.headers.emplace_back("If-Modified-Since", std::string(first.header("Last-Modified")));
  EXPECT_EQ(files.serve(since).status, 304u);
  auto old = make("GET", "/assets/app-1234.js");
  old.headers.emplace_back("If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT");
  EXPECT_EQ(files.serve(old).status, 200u);
}

TEST_F(StaticFilesTest, ServesPrecompressedGzipWhenAccepted) {
  StaticFiles files(dir_.path());
  auto req = make("GET", "/assets/app-1234.js");
  req.headers.emplace_back("Accept-Encoding", "br, gzip;q=0.8");
  auto r = files.serve(req);
  EXPECT_EQ(r.header("Content-Encoding"), "gzip");
  EXPECT_EQ(r.body, "GZIPPED");
  EXPECT_EQ(r.header("Vary"), "Accept-Encoding");
  auto refused = make("GET", "/assets/app-1234.js");
  refused.headers.emplace_back("Accept-Encoding", "gzip;q=0");
  EXPECT_EQ(files.serve(refused).header("Content-Encoding"), "");
}

TEST_F(StaticFilesTest, SinglePageFallbackAndNoEscape) {
  StaticFiles files(dir_.path());
  auto spa = files.serve(make("GET", "/reports/BC/01/2025S1"));
  EXPECT_EQ(spa.status, 200u);
  EXPECT_NE(spa.body.find("<title>tienbo</title>"), std::string::npos);
  EXPECT_EQ(files.serve(make("GET", "/assets/missing.js")).status, 404u);
  EXPECT_EQ(files.serve(make("GET", "/../etc/passwd")).status, 404u);
  EXPECT_EQ(files.serve(make("GET", "/assets/%2e%2e/%2e%2e/etc/passwd")).status, 404u);
}

TEST(StaticFiles, MissingBuildSaysHowToBuild) {
  test::TempDir empty;
  StaticFiles files(empty.path());
  auto r = files.serve(make("GET", "/"));
  EXPECT_EQ(r.status, 404u);
  EXPECT_NE(r.body.find("npm run build"), std::string::npos);
}

}  // namespace
}  // namespace tienbo::http
