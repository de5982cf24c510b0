// Requests an attacker or a careless client sends, over real HTTP on both
// backends: every parameter bounded, lists de-duplicated and costed before any
// work, ill-formed UTF-8 refused at the edge naming the field, headers with odd
// bytes never stop a sign-in, and a reused unit code never opens a former
// unit's figures. Each case was seen failing before its fix (issue #12).

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <string>

#include "api_fixture.hpp"
#include "test_support.hpp"
#include "tienbo/core/text.hpp"

namespace tienbo::test {
namespace {

namespace json = boost::json;

class HostileTest : public ::testing::TestWithParam<db::Backend> {
 protected:
  void SetUp() override {
    env_ = start_api(GetParam(), "hostile");
    TIENBO_REQUIRE_DATABASE(*env_->scratch);
    ASSERT_EQ(env_->error, "");
  }
  unsigned short port() const { return env_->server->port(); }
  std::unique_ptr<ApiEnv> env_;
};

// A problem+json answer that is valid JSON (and so valid UTF-8) naming `field`.
void expect_problem(const HttpResponse& r, int status, const std::string& field, const std::string& what) {
  EXPECT_EQ(r.status, status) << what << "\n" << r.body;
  EXPECT_NE(r.header("content-type").find("application/problem+json"), std::string::npos) << what;
  EXPECT_TRUE(core::is_valid_utf8(r.body)) << what;
  boost::system::error_code ec;
  auto v = json::parse(r.body, ec);
  ASSERT_FALSE(ec) << what << ": not JSON: " << r.body;
  const auto* f = v.as_object().if_contains("field");
  ASSERT_NE(f, nullptr) << what << ": no field in " << r.body;
  EXPECT_EQ(f->as_string(), field) << what;
  EXPECT_FALSE(v.as_object().at("detail").as_string().empty());
  EXPECT_FALSE(v.as_object().at("detailEn").as_string().empty());
}

// A request past its budget stops in its loop with a 503 problem and leaves nothing behind:
// analytics (cells), progress (years through analytics), completeness (units), consolidation
// (children, inside its write transaction).
TEST_P(HostileTest, EveryLongLoopStopsAtTheRequestDeadlineWith503AndWritesNothing) {
  http::ServerOptions no_time;
  no_time.request_deadline = std::chrono::milliseconds(0);
  auto env = start_api(GetParam(), "hostile", no_time);
  ASSERT_EQ(env->error, "");
  ApiClient manager(env->server->port(), "hanoi.quanly", kDemoPassword);
  const std::string city = "/api/v1/reports/BC_BDG_NAM/01/2025";
  const auto before = manager.get(city);
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/v1/analytics?dx=BAN_CUOC_HOP&pe=2025&ou=01"},
           {"GET", "/api/v1/progress?ou=01&year=2025"},
           {"GET", "/api/v1/completeness?form=BC_BDG_NAM&period=2025&unit=01"},
           {"GET", "/api/v1/me/reports-due?today=2025-12-01"},
           {"POST", city + "/consolidate"}}) {
    auto r = method == "GET" ? manager.call("GET", path)
                             : manager.call(method, path, json::object{{"version", before.at("version").as_int64()}});
    EXPECT_EQ(r.status, 503) << method << " " << path << ": " << r.body;
    EXPECT_NE(r.body.find("thu hẹp phạm vi"), std::string::npos) << r.body;
  }
  EXPECT_EQ(json::serialize(manager.get(city)), json::serialize(before)) << "a stopped consolidation wrote something";
}

TEST_P(HostileTest, YearsAreBoundedSoAViewerCannotExhaustMemory) {
  ApiClient viewer(port(), "hcm.xem", kDemoPassword);
  for (const std::string year : {"2147483647", "9999", "1999", "-5", "2101"}) {
    expect_problem(viewer.call("GET", "/api/v1/progress?ou=79&year=" + year), 422, "year", "progress year " + year);
    expect_problem(viewer.call("GET", "/api/v1/indicators/CL_3_2A/progress?ou=79&year=" + year), 422, "year",
                   "indicator progress year " + year);
  }
  EXPECT_EQ(viewer.call("GET", "/api/v1/progress?ou=79&year=2025").status, 200);
  // Period codes are held to the same years everywhere.
  expect_problem(viewer.call("GET", "/api/v1/analytics?dx=BL_NAN_NHAN&ou=79&pe=9999"), 422, "pe", "pe 9999");
  expect_problem(viewer.call("GET", "/api/v1/reports/BC_BDG_NAM/79/2200"), 422, "period", "report period 2200");
}

TEST_P(HostileTest, OtherIntegerParametersAreBoundedNamingTheRange) {
  ApiClient admin(port(), "admin", kDemoPassword);
  expect_problem(admin.call("GET", "/api/v1/search?q=ha&limit=100000"), 422, "limit", "search limit");
  expect_problem(admin.call("GET", "/api/v1/audit?limit=0"), 422, "limit", "audit limit");
  expect_problem(admin.call("GET", "/api/v1/me/notifications?limit=-1"), 422, "limit", "notifications limit");
  expect_problem(admin.call("GET", "/api/v1/users?limit=99999999999999999999"), 422, "limit", "users limit (overflow)");
  auto r = admin.call("GET", "/api/v1/audit?limit=0");
  EXPECT_NE(json::parse(r.body).as_object().at("detail").as_string().find("1–1000"), std::string::npos) << r.body;
}

TEST_P(HostileTest, AnalyticsListsAreDeduplicatedAndCostedBeforeAnyWork) {
  ApiClient viewer(port(), "hcm.xem", kDemoPassword);
  // The same unit a thousand times is one unit (about 3 KB of URL).
  std::string many;
  for (int i = 0; i < 1000; ++i) many += std::string(i ? ";" : "") + "79";
  const auto started = std::chrono::steady_clock::now();
  auto same = viewer.call("GET", "/api/v1/analytics?dx=BC_BDG_NAM.REPORTING_RATE&ou=" + many + "&pe=LAST_10_YEARS");
  EXPECT_EQ(same.status, 200) << same.body;
  auto once = viewer.call("GET", "/api/v1/analytics?dx=BC_BDG_NAM.REPORTING_RATE&ou=79&pe=LAST_10_YEARS");
  EXPECT_EQ(same.body.size(), once.body.size());
  EXPECT_EQ(json::parse(same.body).at("rows").as_array(), json::parse(once.body).at("rows").as_array());
  (void)started;

  // Sixty distinct units: refused, naming ou and the bound.
  std::string sixty = "79:children";
  for (int i = 0; i < 60; ++i) sixty += ";" + std::to_string(26700 + i);
  expect_problem(viewer.call("GET", "/api/v1/analytics?dx=BL_NAN_NHAN&ou=" + sixty + "&pe=2025"), 422, "ou",
                 "60 units");
  // Too many cells: every commune of the nation × ten years × many elements, refused before any is computed.
  ApiClient admin(port(), "admin", kDemoPassword);
  const std::string dx = "BL_NAN_NHAN;BL_VU_VIEC;BAN_CUOC_HOP;BAN_THANH_VIEN;KP_DU_TOAN;TH_LOP;TT_HOAT_DONG";
  auto big = admin.call("GET", "/api/v1/analytics?dx=" + dx + "&ou=VN:level=3&pe=LAST_10_YEARS");
  expect_problem(big, 422, "ou", "too many cells");
  EXPECT_NE(json::parse(big.body).as_object().at("detail").as_string().find("200000"), std::string::npos) << big.body;
  // Reporting rates cost a completeness computation per (form, period, unit item): bounded too.
  std::string units = "01";
  for (const char* u : {"79", "31", "48", "92", "22", "26", "27", "33", "38", "40", "42", "44",
                        "46", "51", "52", "56", "66", "68", "75", "80", "82", "86", "91", "96"}) {
    units += std::string(";") + u;
  }
  expect_problem(admin.call("GET", "/api/v1/analytics?dx=BC_BDG_NAM.REPORTING_RATE;BC_CHIEN_LUOC.REPORTING_RATE&ou=" +
                                       units + "&pe=LAST_10_YEARS"),
                 422, "ou", "too many reporting-rate computations");
}

TEST_P(HostileTest, ReportingRatesInBulkAgreeWithEachUnitsCompleteness) {
  ApiClient admin(port(), "admin", kDemoPassword);
  auto rows =
      admin.get("/api/v1/analytics?dx=BC_BDG_NAM.REPORTING_RATE&ou=01;01:children&pe=2025").at("rows").as_array();
  ASSERT_GT(rows.size(), 10u);
  int checked = 0;
  for (const auto& row : rows) {
    const auto& o = row.as_object();
    const std::string unit(o.at("ou").as_string());
    if (unit != "01" && checked >= 6) continue;
    auto c = admin.get("/api/v1/completeness?form=BC_BDG_NAM&period=2025&unit=" + unit);
    EXPECT_EQ(o.at("expected").as_int64(), c.at("expected").as_int64()) << unit;
    EXPECT_EQ(o.at("received").as_int64(), c.at("received").as_int64()) << unit;
    EXPECT_EQ(o.at("onTime").as_int64(), c.at("onTime").as_int64()) << unit;
    ++checked;
  }
  EXPECT_GE(checked, 6);
}

TEST_P(HostileTest, IllFormedUtf8IsRefusedAtTheEdgeNamingTheField) {
  ApiClient admin(port(), "admin", kDemoPassword);
  expect_problem(admin.call("GET", "/api/v1/units?parent=%FF"), 400, "parent", "query value");
  expect_problem(admin.call("GET", "/api/v1/search?q=%C3%28"), 400, "q", "truncated sequence");
  expect_problem(admin.call("GET", "/api/v1/analytics?dx=BL_NAN_NHAN&ou=%ED%A0%80&pe=2025"), 400, "ou", "surrogate");
  expect_problem(admin.call("GET", "/api/v1/reports/BC_BDG_NAM/%FF%FE/2025"), 400, "path", "path segment");
  expect_problem(admin.call("PUT", "/api/v1/units/%C0%AF", json::object{{"nameVi", "x"}}), 400, "path",
                 "overlong in path");
  expect_problem(admin.call("GET", "/api/v1/search?q=a%0Ab"), 400, "q", "control character");
  // An escape the server cannot decode (an encoded NUL, a cut one) names its field too.
  expect_problem(admin.call("GET", "/api/v1/search?q=a%00b"), 400, "q", "encoded NUL");
  expect_problem(admin.call("GET", "/api/v1/search?limit=5&q=a%2"), 400, "q", "cut escape");
  expect_problem(admin.call("GET", "/api/v1/users/a%00b"), 400, "path", "encoded NUL in the path");
  expect_problem(admin.call("GET", "/api/v1/search?q=ha&q=hn"), 400, "q", "a parameter twice");
  expect_problem(admin.call("GET", "/api/v1/search?q=" + std::string(5000, 'a')), 400, "q", "a 5,000-byte value");
  // Without a session too: the edge comes before authentication.
  auto anonymous = http_request(port(), "GET", "/api/v1/units?parent=%FF");
  ASSERT_TRUE(anonymous);
  expect_problem(*anonymous, 400, "parent", "anonymous");
  // Well-formed Vietnamese passes.
  EXPECT_EQ(admin.call("GET", "/api/v1/search?q=H%C3%A0%20N%E1%BB%99i").status, 200);
}

TEST_P(HostileTest, AUserAgentWithOddBytesNeverStopsASignIn) {
  const std::string body = json::serialize(json::object{{"login", "admin"}, {"password", kDemoPassword}});
  // Ill-formed bytes, and a three-byte character across byte 300 (where the stored agent is cut).
  std::string cut(298, 'a');
  cut += "\xE1\xBB\x99 tail";
  for (const std::string& agent : {std::string("Mozilla/5.0 \xFF\xFE bad"), cut}) {
    auto r = http_request(port(), "POST", "/api/v1/session", body,
                          {{"Content-Type", "application/json"}, {"User-Agent", agent}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;
  }
}

TEST_P(HostileTest, AReusedCodeNeverOpensTheFormerUnitsFigures) {
  // 23710 is today Xã Ia Băng (Gia Lai); before 1/7/2025 the code was Xã A Dơk, which became Xã Ia Dơk (23869).
  ApiClient admin(port(), "admin", kDemoPassword);
  auto lineage = admin.get("/api/v1/units/23710/lineage");
  (void)lineage;
  // A value of the former A Dơk in 2024 (its report is reached through its current successor's code history).
  auto former = admin.call("GET", "/api/v1/reports/BC_BDG_NAM/23710/2024");
  ASSERT_EQ(former.status, 200) << former.body;
  const auto report = json::parse(former.body).as_object();
  ASSERT_NE(std::string(report.at("unit").as_object().at("nameVi").as_string()).find("A Dơk"), std::string::npos)
      << former.body;
  auto saved = admin.call(
      "PUT", "/api/v1/reports/BC_BDG_NAM/23710/2024",
      json::object{
          {"version", report.at("version").as_int64()},
          {"values", json::array{json::object{{"element", "BL_NAN_NHAN"}, {"option", "NU"}, {"value", "7"}}}}});
  ASSERT_EQ(saved.status, 200) << saved.body;

  // A viewer of today's Ia Băng may not see A Dơk's figures: not through reports, not through analytics as of 2024.
  auto add = admin.call("POST", "/api/v1/users",
                        json::object{{"login", "iabang.xem"},
                                     {"displayName", "Người xem Ia Băng"},
                                     {"role", "viewer"},
                                     {"unit", "23710"},
                                     {"password", kPassword},
                                     {"mustChangePassword", false}});
  ASSERT_EQ(add.status, 201) << add.body;
  ApiClient viewer(port(), "iabang.xem", kPassword);
  ASSERT_EQ(viewer
                .call("PUT", "/api/v1/me/password",
                      json::object{{"currentPassword", kPassword}, {"newPassword", "Ia-Bang-xem-2026"}})
                .status,
            204);
  EXPECT_EQ(viewer.call("GET", "/api/v1/reports/BC_BDG_NAM/23710/2024").status, 404);
  for (const char* as_of : {"true", "false"}) {
    auto r = viewer.call("GET", std::string("/api/v1/analytics?dx=BL_NAN_NHAN&ou=23710&pe=2024&asOf=") + as_of);
    ASSERT_EQ(r.status, 200) << r.body;
    const auto answer = json::parse(r.body);
    for (const auto& row : answer.at("rows").as_array()) {
      EXPECT_NE(row.at("value").as_double(), 7.0) << "asOf=" << as_of << " leaked A Dơk's 2024 figure: " << r.body;
    }
  }
  // The administrator sees it as of 2024 (the code then meant A Dơk).
  auto r = admin.get("/api/v1/analytics?dx=BL_NAN_NHAN&ou=23710&pe=2024&asOf=true");
  ASSERT_EQ(r.at("rows").as_array().size(), 1u) << json::serialize(r);
  EXPECT_EQ(r.at("rows").as_array()[0].at("value").as_double(), 7.0);
}

INSTANTIATE_TEST_SUITE_P(Backends, HostileTest, ::testing::Values(db::Backend::Sqlite, db::Backend::Postgres),
                         BackendName());

}  // namespace
}  // namespace tienbo::test
