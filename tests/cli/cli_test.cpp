// The tienbo binary as a user runs it: exit codes, one-line messages, and
// SIGTERM while a request is in flight.

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <regex>
#include <thread>

#include "test_support.hpp"
#include "tienbo/db/database.hpp"

namespace tienbo::test {
namespace {

int count_lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

TEST(Cli, VersionAndHelp) {
  Child v({tienbo_binary(), "version"});
  EXPECT_EQ(v.wait(), 0);
  EXPECT_EQ(v.out(), "tienbo 0.1.0\n");
  for (const char* sub : {"init", "migrate", "serve", "version"}) {
    Child h({tienbo_binary(), sub, "--help"});
    EXPECT_EQ(h.wait(), 0) << sub;
    EXPECT_NE(h.out().find("--help"), std::string::npos) << sub;
  }
  Child uh({tienbo_binary(), "user", "add", "--help"});
  EXPECT_EQ(uh.wait(), 0);
  EXPECT_NE(uh.out().find("--login"), std::string::npos);
  Child bad({tienbo_binary(), "frobnicate"});
  EXPECT_EQ(bad.wait(), 2);
}

TEST(Cli, UnusableDatabasesExitNonZeroWithOneClearLine) {
  struct Case {
    std::string url;
    int code;
    std::string says;
  };
  const std::vector<Case> cases{
      {"sqlite:/nonexistent/dir/x.db", 4, "/nonexistent/dir does not exist"},
      {"postgresql://nobody@127.0.0.1:1/x", 4, "cannot connect to PostgreSQL"},
      {"mysql://localhost/x", 3, "unsupported database URL"},
  };
  for (const auto& c : cases) {
    Child p({tienbo_binary(), "serve", "--db", c.url, "--listen", "127.0.0.1:0"});
    EXPECT_EQ(p.wait(std::chrono::seconds(20)), c.code) << c.url;
    EXPECT_EQ(count_lines(p.err()), 1) << p.err();
    EXPECT_NE(p.err().find(c.says), std::string::npos) << p.err();
    EXPECT_NE(p.err().find("lỗi"), std::string::npos) << p.err();
  }
}

class CliDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = "sqlite:" + (dir_.path() / "tienbo.db").string();
    Child init({tienbo_binary(), "init", "--db", url_, "--demo"});
    ASSERT_EQ(init.wait(), 0) << init.err();
    ASSERT_NE(init.out().find("admin"), std::string::npos);
  }
  TempDir dir_;
  std::string url_;
};

TEST_F(CliDbTest, UninitialisedDatabaseSaysToRunInit) {
  const std::string other = "sqlite:" + (dir_.path() / "other.db").string();
  Child p({tienbo_binary(), "serve", "--db", other, "--listen", "127.0.0.1:0"});
  EXPECT_EQ(p.wait(), 4);
  EXPECT_NE(p.err().find("tienbo init --db " + other), std::string::npos) << p.err();
}

TEST_F(CliDbTest, InitIsIdempotentAndMigrateReportsCurrent) {
  Child again({tienbo_binary(), "init", "--db", url_, "--demo"});
  EXPECT_EQ(again.wait(), 0) << again.err();
  Child m({tienbo_binary(), "migrate", "--db", url_});
  EXPECT_EQ(m.wait(), 0);
  EXPECT_NE(m.out().find("already current"), std::string::npos) << m.out();
  Child s({tienbo_binary(), "migrate", "--db", url_, "--status"});
  EXPECT_EQ(s.wait(), 0);
  EXPECT_NE(s.out().find("initial_schema"), std::string::npos);
}

TEST_F(CliDbTest, DatabaseNewerThanTheBinaryIsRefused) {
  {
    auto d = db::open_database(*db::parse_database_url(url_), {});
    ASSERT_TRUE(d);
    auto c = (*d)->acquire();
    ASSERT_TRUE((*c)->execute("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES "
                              "('299901010000', 'future', 'x', 'y')"));
  }
  Child p({tienbo_binary(), "serve", "--db", url_, "--listen", "127.0.0.1:0"});
  EXPECT_EQ(p.wait(), 5);
  EXPECT_NE(p.err().find("newer than the program; upgrade tienbo"), std::string::npos) << p.err();
  EXPECT_EQ(count_lines(p.err()), 1);
}

TEST_F(CliDbTest, ChangedMigrationIsRefused) {
  {
    auto d = db::open_database(*db::parse_database_url(url_), {});
    auto c = (*d)->acquire();
    ASSERT_TRUE((*c)->execute("UPDATE schema_migrations SET checksum = 'edited'"));
  }
  Child p({tienbo_binary(), "migrate", "--db", url_});
  EXPECT_EQ(p.wait(), 5);
  EXPECT_NE(p.err().find("was changed after it was applied"), std::string::npos) << p.err();
}

TEST_F(CliDbTest, UserAddReadsThePasswordFromStdin) {
  Child ok({tienbo_binary(), "user", "add", "--db", url_, "--login", "lan", "--role", "editor", "--unit", "VN"},
           "Bình-Đẳng-2030\n");
  EXPECT_EQ(ok.wait(), 0) << ok.err();
  Child dup({tienbo_binary(), "user", "add", "--db", url_, "--login", "lan", "--role", "editor", "--unit", "VN"},
            "Bình-Đẳng-2030\n");
  EXPECT_EQ(dup.wait(), 2);
  EXPECT_NE(dup.err().find("already taken"), std::string::npos);
  Child role({tienbo_binary(), "user", "add", "--db", url_, "--login", "mai", "--role", "boss", "--unit", "VN"},
             "Bình-Đẳng-2030\n");
  EXPECT_EQ(role.wait(), 2);
  EXPECT_NE(role.err().find("role \"boss\""), std::string::npos);
  Child nopw({tienbo_binary(), "user", "add", "--db", url_, "--login", "mai", "--role", "viewer", "--unit", "VN"});
  EXPECT_EQ(nopw.wait(), 2);
  EXPECT_NE(nopw.err().find("standard input"), std::string::npos);
}

// Starts `tienbo serve` on a free port and returns the port it printed.
unsigned short start_serve(Child& p) {
  if (!p.wait_for_output("listening on http://127.0.0.1:", std::chrono::seconds(20))) return 0;
  std::smatch m;
  std::string out = p.out();
  if (!std::regex_search(out, m, std::regex(R"(http://127\.0\.0\.1:(\d+))"))) return 0;
  return static_cast<unsigned short>(std::stoi(m[1].str()));
}


// Two `tienbo serve` processes on one PostgreSQL: a value saved through one shows in the
// other's analytics within a second (LISTEN/NOTIFY), without any rebuild.
TEST(CliPostgres, TwoInstancesKeepTheirCubesCoherent) {
  test::ScratchDatabase scratch(db::Backend::Postgres);
  TIENBO_REQUIRE_DATABASE(scratch);
  Child init({tienbo_binary(), "init", "--db", scratch.url(), "--demo"});
  ASSERT_EQ(init.wait(std::chrono::seconds(300)), 0) << init.err();
  Child a({tienbo_binary(), "serve", "--db", scratch.url(), "--listen", "127.0.0.1:0", "--access-log", "off"});
  Child b({tienbo_binary(), "serve", "--db", scratch.url(), "--listen", "127.0.0.1:0", "--access-log", "off"});
  const unsigned short port_a = start_serve(a);
  const unsigned short port_b = start_serve(b);
  ASSERT_NE(port_a, 0) << a.err();
  ASSERT_NE(port_b, 0) << b.err();
  ASSERT_TRUE(b.wait_for_output("analytics in sync", std::chrono::seconds(20))) << b.err();
  const auto sign_in = [](unsigned short port) {
    auto r = http_request(port, "POST", "/api/v1/session", R"({"login":"admin","password":"TienBo-demo-2026"})",
                          {{"Content-Type", "application/json"}});
    EXPECT_TRUE(r && r->status == 200);
    const std::string cookie = r->header("set-cookie").substr(0, r->header("set-cookie").find(';'));
    const auto csrf_at = r->body.find("\"csrfToken\":\"") + 13;
    return std::make_pair(cookie, r->body.substr(csrf_at, r->body.find('"', csrf_at) - csrf_at));
  };
  const auto [cookie_a, csrf_a] = sign_in(port_a);
  const auto [cookie_b, csrf_b] = sign_in(port_b);
  const std::string query = "/api/v1/analytics?dx=BL_NAN_NHAN&ou=VN&pe=2025";
  auto before = http_request(port_b, "GET", query, "", {{"Cookie", cookie_b}});
  ASSERT_TRUE(before);
  EXPECT_EQ(before->body.find("\"value\""), std::string::npos) << before->body;  // nothing yet

  auto saved = http_request(port_a, "PUT", "/api/v1/reports/BC_BDG_NAM/00070/2025",
                            R"({"version":0,"values":[{"element":"BL_NAN_NHAN","option":"NU","value":"7"}]})",
                            {{"Content-Type", "application/json"}, {"Cookie", cookie_a}, {"X-CSRF-Token", csrf_a}});
  ASSERT_TRUE(saved);
  ASSERT_EQ(saved->status, 200) << saved->body;
  const auto saved_at = std::chrono::steady_clock::now();
  bool seen = false;
  while (std::chrono::steady_clock::now() - saved_at < std::chrono::seconds(1)) {
    auto r = http_request(port_b, "GET", query, "", {{"Cookie", cookie_b}});
    if (r && r->body.find("\"value\":7") != std::string::npos) {
      seen = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(seen) << "instance B did not see the value within one second";
  a.signal(SIGTERM);
  b.signal(SIGTERM);
  EXPECT_EQ(a.wait(std::chrono::seconds(20)), 0) << a.err();
  EXPECT_EQ(b.wait(std::chrono::seconds(20)), 0) << b.err();
}

TEST_F(CliDbTest, SigtermWhileARequestIsInFlightCompletesItAndExitsZero) {
  Child p({tienbo_binary(), "serve", "--db", url_, "--listen", "127.0.0.1:0", "--access-log", "off"});
  const unsigned short port = start_serve(p);
  ASSERT_NE(port, 0) << p.err();
  auto health = http_request(port, "GET", "/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);

  HttpConnection c(port);
  const std::string body = "{\"password\": \"Bình-Đẳng-2030\", \"login\": \"lan\"}";
  ASSERT_TRUE(c.send_raw("POST /api/v1/password-policy/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 10)));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  p.signal(SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_TRUE(c.send_raw(body.substr(10)));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "{\"valid\":true}");
  EXPECT_EQ(p.wait(std::chrono::seconds(20)), 0) << p.err();
  EXPECT_NE(p.out().find("stopped"), std::string::npos);
}

TEST_F(CliDbTest, SigintOnAnIdleServerExitsZero) {
  Child p({tienbo_binary(), "serve", "--db", url_, "--listen", "127.0.0.1:0"});
  const unsigned short port = start_serve(p);
  ASSERT_NE(port, 0);
  HttpConnection idle(port);  // an open keep-alive connection must not hold the exit
  ASSERT_TRUE(idle.connected());
  p.signal(SIGINT);
  EXPECT_EQ(p.wait(std::chrono::seconds(20)), 0);
  EXPECT_NE(p.err().find("\"event\":\"http.shutdown_done\""), std::string::npos) << p.err();
}

TEST_F(CliDbTest, AuditVerifyNamesTheEditedEntry) {
  Child ok({tienbo_binary(), "audit", "verify", "--db", url_});
  EXPECT_EQ(ok.wait(), 0) << ok.err();
  EXPECT_NE(ok.out().find("audit log intact"), std::string::npos) << ok.out();
  {
    auto d = db::open_database(*db::parse_database_url(url_), {});
    ASSERT_TRUE(d);
    auto c = (*d)->acquire();
    // Someone with database access rewrites history: entry 5 (a demo unit's creation) now names another actor.
    auto n = (*c)->execute("UPDATE audit_event SET actor = 'mallory' WHERE seq = 5");
    ASSERT_TRUE(n);
    ASSERT_EQ(*n, 1);
  }
  Child bad({tienbo_binary(), "audit", "verify", "--db", url_});
  EXPECT_EQ(bad.wait(), 1);
  EXPECT_NE(bad.err().find("audit entry 5 ("), std::string::npos) << bad.err();
  EXPECT_NE(bad.err().find("was altered"), std::string::npos) << bad.err();
  EXPECT_NE(bad.err().find("mục nhật ký số 5"), std::string::npos) << bad.err();
}

TEST_F(CliDbTest, AuditVerifyDetectsADeletedEntry) {
  {
    auto d = db::open_database(*db::parse_database_url(url_), {});
    auto c = (*d)->acquire();
    ASSERT_TRUE((*c)->execute("DELETE FROM audit_event WHERE seq = 2"));
  }
  Child bad({tienbo_binary(), "audit", "verify", "--db", url_});
  EXPECT_EQ(bad.wait(), 1);
  EXPECT_NE(bad.err().find("audit entry 2 is missing"), std::string::npos) << bad.err();
}

TEST_F(CliDbTest, UnitsImportFromCsvIsAllOrNothing) {
  const std::string good = (dir_.path() / "good.csv").string();
  const std::string bad = (dir_.path() / "bad.csv").string();
  std::ofstream(good) << "code,name_vi,name_en,unit_type,parent_code,valid_from\n"
                         "01-STC,Sở Tài chính thành phố Hà Nội,Ha Noi Department of Finance,agency,01,2025-07-01\n"
                         "01-CA,Công an thành phố Hà Nội,Ha Noi Police,agency,01,2025-07-01\n";
  std::ofstream(bad) << "code,name_vi,unit_type,parent_code\n"
                        "01-X1,Cơ quan một,agency,01\n"
                        "01-X2,,agency,01\n"
                        "01-X3,Cơ quan ba,planet,01\n";
  Child ok({tienbo_binary(), "units", "import", "--db", url_, good});
  EXPECT_EQ(ok.wait(), 0) << ok.err();
  EXPECT_NE(ok.out().find("imported 2"), std::string::npos) << ok.out();
  Child no({tienbo_binary(), "units", "import", "--db", url_, bad});
  EXPECT_EQ(no.wait(), 2);
  EXPECT_NE(no.err().find("2 bad line(s), no unit was imported"), std::string::npos) << no.err();
  EXPECT_NE(no.err().find("line 3 (01-X2)"), std::string::npos) << no.err();
  EXPECT_NE(no.err().find("line 4 (01-X3)"), std::string::npos) << no.err();
  auto d = db::open_database(*db::parse_database_url(url_), {});
  auto c = (*d)->acquire();
  auto rows = (*c)->query("SELECT COUNT(*) FROM unit WHERE code LIKE '01-X%'");
  EXPECT_EQ(rows->get_int(0, 0), 0);  // the good first row of the bad file was not kept either
  Child again({tienbo_binary(), "units", "import", "--db", url_, "--dataset", "vn-admin-units"});
  EXPECT_EQ(again.wait(), 0);
  EXPECT_NE(again.out().find("already loaded"), std::string::npos);
}

TEST_F(CliDbTest, FiveWrongPasswordsThrottleUntilTheWaitIsOver) {
  Child p({tienbo_binary(), "serve", "--db", url_, "--listen", "127.0.0.1:0", "--access-log", "off",
           "--signin-lockout-seconds", "2"});
  const unsigned short port = start_serve(p);
  ASSERT_NE(port, 0) << p.err();
  auto attempt = [&](const std::string& password) {
    return http_request(port, "POST", "/api/v1/session",
                        "{\"login\":\"hanoi.quanly\",\"password\":\"" + password + "\"}",
                        {{"Content-Type", "application/json"}});
  };
  for (int i = 1; i <= 4; ++i) {
    auto r = attempt("wrong-password-" + std::to_string(i));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << i;
    EXPECT_NE(r->body.find("attempt(s) left"), std::string::npos) << r->body;
  }
  auto fifth = attempt("wrong-password-5");
  ASSERT_TRUE(fifth);
  EXPECT_EQ(fifth->status, 429) << fifth->body;
  EXPECT_NE(fifth->body.find("Try again in"), std::string::npos) << fifth->body;
  EXPECT_NE(fifth->body.find("Hãy thử lại sau"), std::string::npos) << fifth->body;
  EXPECT_FALSE(fifth->header("retry-after").empty());
  // Even the right password waits.
  auto early = attempt("TienBo-demo-2026");
  EXPECT_EQ(early->status, 429);
  std::this_thread::sleep_for(std::chrono::milliseconds(2300));
  auto later = attempt("TienBo-demo-2026");
  ASSERT_TRUE(later);
  EXPECT_EQ(later->status, 200) << later->body;
  EXPECT_NE(later->header("set-cookie").find("HttpOnly"), std::string::npos);
  p.signal(SIGTERM);
  EXPECT_EQ(p.wait(), 0);
}

TEST_F(CliDbTest, RemindersSendWithOneConnection) {
  // The command line uses a single database connection: nothing may wait for a second one.
  Child first({tienbo_binary(), "reminders", "send", "--db", url_, "--today", "2025-11-29"});
  EXPECT_EQ(first.wait(std::chrono::seconds(30)), 0) << first.err();
  EXPECT_NE(first.out().find("sent 1 "), std::string::npos) << first.out();  // the Hoàn Kiếm editor, 5 days before
  Child again({tienbo_binary(), "reminders", "send", "--db", url_, "--today", "2025-11-29"});
  EXPECT_EQ(again.wait(std::chrono::seconds(30)), 0);
  EXPECT_NE(again.out().find("sent 0 "), std::string::npos) << again.out();  // once per stage
  Child bad({tienbo_binary(), "reminders", "send", "--db", url_, "--today", "29/11/2025"});
  EXPECT_EQ(bad.wait(), 2);
}

TEST(CliPostgres, InitAndServeOnPostgres) {
  ScratchDatabase scratch(db::Backend::Postgres);
  TIENBO_REQUIRE_DATABASE(scratch);
  Child init({tienbo_binary(), "init", "--db", scratch.url(), "--demo"});
  ASSERT_EQ(init.wait(), 0) << init.err();
  Child p({tienbo_binary(), "serve", "--db", scratch.url(), "--listen", "127.0.0.1:0", "--access-log", "off"});
  const unsigned short port = start_serve(p);
  ASSERT_NE(port, 0) << p.err();
  auto health = http_request(port, "GET", "/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_NE(health->body.find("\"database\":\"postgresql\""), std::string::npos);
  p.signal(SIGTERM);
  EXPECT_EQ(p.wait(), 0);
}

}  // namespace
}  // namespace tienbo::test
