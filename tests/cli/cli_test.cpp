// The tienbo binary as a user runs it: exit codes, one-line messages, and
// SIGTERM while a request is in flight.

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <algorithm>
#include <boost/json.hpp>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
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

// The manual page (packaging/deb/tienbo.1, written by hand) names every subcommand and every
// option each one's --help lists, so it cannot fall behind the program unnoticed.
TEST(Cli, TheManualPageNamesEveryCommandAndOption) {
  std::ifstream in(std::string(TIENBO_SOURCE_DIR) + "/packaging/deb/tienbo.1");
  ASSERT_TRUE(in) << "packaging/deb/tienbo.1";
  const std::string page((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // roff writes a hyphen as "\-": "--trusted-proxy" is "\-\-trusted\-proxy" in the source.
  const auto roff = [](const std::string& s) { return std::regex_replace(s, std::regex("-"), "\\-"); };
  static const std::regex kOption(R"((--[a-z][a-z-]*))");
  int options = 0;
  for (const std::vector<std::string>& cmd : std::vector<std::vector<std::string>>{{"version"},
                                                                                   {"init"},
                                                                                   {"migrate"},
                                                                                   {"serve"},
                                                                                   {"user", "add"},
                                                                                   {"units", "import"},
                                                                                   {"reminders", "send"},
                                                                                   {"mail", "send-pending"},
                                                                                   {"mail", "test"},
                                                                                   {"demo", "generate"},
                                                                                   {"audit", "verify"}}) {
    std::string name = cmd[0] + (cmd.size() > 1 ? " " + cmd[1] : "");
    EXPECT_NE(page.find("\\fB" + name + "\\fR"), std::string::npos) << "the manual page has no command " << name;
    std::vector<std::string> argv{tienbo_binary()};
    argv.insert(argv.end(), cmd.begin(), cmd.end());
    argv.emplace_back("--help");
    Child h(argv);
    ASSERT_EQ(h.wait(), 0) << name;
    const std::string help = h.out();
    for (std::sregex_iterator it(help.begin(), help.end(), kOption), end; it != end; ++it) {
      const std::string option = (*it)[1];
      if (option == "--help") continue;
      ++options;
      EXPECT_NE(page.find(roff(option)), std::string::npos)
          << name << " " << option << " is not in packaging/deb/tienbo.1";
    }
  }
  EXPECT_GT(options, 25);
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
    ASSERT_TRUE(
        (*c)->execute("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES "
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

// A signed-in client of one `tienbo serve` instance.
struct Api {
  unsigned short port = 0;
  std::string cookie, csrf;
  Api(unsigned short p, const std::string& login) : port(p) {
    auto r =
        http_request(port, "POST", "/api/v1/session", R"({"login":")" + login + R"(","password":"TienBo-demo-2026"})",
                     {{"Content-Type", "application/json"}});
    EXPECT_TRUE(r && r->status == 200) << login << ": " << (r ? r->body : "no answer");
    if (!r || r->status != 200) return;
    cookie = r->header("set-cookie").substr(0, r->header("set-cookie").find(';'));
    csrf = std::string(boost::json::parse(r->body).as_object().at("csrfToken").as_string());
  }
  std::optional<HttpResponse> call(const std::string& method, const std::string& target,
                                   const std::string& body = "") const {
    std::vector<std::pair<std::string, std::string>> h{{"Cookie", cookie}};
    if (method != "GET") {
      h.emplace_back("Content-Type", "application/json");
      h.emplace_back("X-CSRF-Token", csrf);
    }
    return http_request(port, method, target, body, h);
  }
  //! Saves values into a report at its current version; true on 200.
  bool save(const std::string& report, const std::string& values) const {
    auto current = call("GET", "/api/v1/reports/" + report);
    if (!current || current->status != 200) {
      ADD_FAILURE() << "GET " << report << ": " << (current ? current->body : "no answer");
      return false;
    }
    const auto version = boost::json::parse(current->body).as_object().at("version").as_int64();
    auto r = call("PUT", "/api/v1/reports/" + report,
                  R"({"version":)" + std::to_string(version) + R"(,"values":)" + values + "}");
    EXPECT_TRUE(r && r->status == 200) << report << ": " << (r ? r->body : "no answer");
    return r && r->status == 200;
  }
};

// The ground truth, read with libpq straight from PostgreSQL (none of tienbo's code in between).
class Truth {
 public:
  explicit Truth(const std::string& url) : conn_(PQconnectdb(url.c_str())) {}
  ~Truth() { PQfinish(conn_); }
  Truth(const Truth&) = delete;
  Truth& operator=(const Truth&) = delete;
  [[nodiscard]] bool ok() const { return PQstatus(conn_) == CONNECTION_OK; }

  //! What /api/v1/analytics?dx=BL_NAN_NHAN;CL_3_2A&ou=VN;01;01:children;79;79:children&pe=2025 must answer,
  //! as lines "unit CODE NAME" and "DX@CODE value=… numerator=… denominator=… target=…": today's units
  //! (in Viet Nam) and their children valid today, each one's sums over its whole subtree by parent_id
  //! (a recursive CTE), consolidated copies left out, and the unit's own 2025 target or else the nation's.
  std::map<std::string, std::string> expected() {
    static const char* kSql = R"SQL(
      WITH RECURSIVE today AS (SELECT to_char(now() AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS d),
      asked AS (
        SELECT u.id, u.code, u.name_vi FROM unit u, today
         WHERE u.code IN ('VN', '01', '79') AND u.valid_from <= today.d AND today.d <= u.valid_to
        UNION
        SELECT c.id, c.code, c.name_vi FROM unit c JOIN unit p ON c.parent_id = p.id, today
         WHERE p.code IN ('01', '79') AND p.valid_from <= today.d AND today.d <= p.valid_to
           AND c.valid_from <= today.d AND today.d <= c.valid_to),
      sub(root, id) AS (SELECT id, id FROM asked UNION ALL SELECT sub.root, u.id FROM unit u JOIN sub ON u.parent_id = sub.id),
      sums AS (
        SELECT sub.root,
               SUM(v.numeric_value) FILTER (WHERE e.code = 'BL_NAN_NHAN') AS victims,
               SUM(v.numeric_value) FILTER (WHERE e.code = 'BL_TIEP_CAN') AS reached
          FROM sub JOIN data_value v ON v.unit_id = sub.id JOIN data_element e ON e.id = v.data_element_id
         WHERE v.period = '2025' AND e.code IN ('BL_NAN_NHAN', 'BL_TIEP_CAN') AND v.numeric_value IS NOT NULL
           AND v.updated_by NOT LIKE 'tổng hợp%'
         GROUP BY sub.root)
      SELECT a.code, a.name_vi, s.victims, s.reached,
             COALESCE((SELECT t.value FROM indicator_target t WHERE t.indicator_id = i.id AND t.unit_id = a.id AND t.year = 2025),
                      (SELECT t.value FROM indicator_target t WHERE t.indicator_id = i.id AND t.unit_id IS NULL AND t.year = 2025))
        FROM asked a CROSS JOIN indicator i LEFT JOIN sums s ON s.root = a.id
       WHERE i.code = 'CL_3_2A')SQL";
    std::map<std::string, std::string> out;
    PGresult* r = PQexec(conn_, kSql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
      ADD_FAILURE() << PQerrorMessage(conn_);
      PQclear(r);
      return out;
    }
    const auto cell = [&](int row, int col) -> std::optional<double> {
      if (PQgetisnull(r, row, col)) return std::nullopt;
      return std::stod(PQgetvalue(r, row, col));
    };
    for (int i = 0; i < PQntuples(r); ++i) {
      const std::string code = PQgetvalue(r, i, 0);
      out["unit " + code] = PQgetvalue(r, i, 1);
      const auto victims = cell(i, 2), reached = cell(i, 3), target = cell(i, 4);
      if (victims) out["BL_NAN_NHAN@" + code] = line(victims, std::nullopt, std::nullopt, std::nullopt);
      if (victims || reached) {
        std::optional<double> value;
        if (victims && reached && *victims != 0) value = *reached / *victims * 100;
        out["CL_3_2A@" + code] = line(value, reached, victims, target);
      }
    }
    PQclear(r);
    return out;
  }

  static std::string line(std::optional<double> value, std::optional<double> numerator,
                          std::optional<double> denominator, std::optional<double> target) {
    const auto n = [](std::optional<double> v) {
      if (!v) return std::string("-");
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.6g", *v);
      return std::string(buf);
    };
    return "value=" + n(value) + " numerator=" + n(numerator) + " denominator=" + n(denominator) +
           " target=" + n(target);
  }

 private:
  PGconn* conn_;
};

// The same lines from an instance's analytics answer.
std::map<std::string, std::string> analytics_lines(const Api& api) {
  std::map<std::string, std::string> out;
  auto r = api.call("GET", "/api/v1/analytics?dx=BL_NAN_NHAN;CL_3_2A&ou=VN;01;01:children;79;79:children&pe=2025");
  if (!r || r->status != 200) {
    out["error"] = r ? std::to_string(r->status) + " " + r->body : "no answer";
    return out;
  }
  const auto body = boost::json::parse(r->body).as_object();
  for (const auto& [code, item] : body.at("metaData").as_object().at("items").as_object()) {
    if (code == "BL_NAN_NHAN" || code == "CL_3_2A") continue;
    out["unit " + std::string(code)] = std::string(item.as_object().at("nameVi").as_string());
  }
  const auto num = [](const boost::json::object& o, const char* key) -> std::optional<double> {
    const auto* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    return v->to_number<double>();
  };
  for (const auto& row : body.at("rows").as_array()) {
    const auto& o = row.as_object();
    const std::string key = std::string(o.at("dx").as_string()) + "@" + std::string(o.at("ou").as_string());
    out[key] = Truth::line(num(o, "value"), num(o, "numerator"), num(o, "denominator"), num(o, "target"));
  }
  return out;
}

std::string differences(const std::map<std::string, std::string>& want, const std::map<std::string, std::string>& got) {
  std::string out;
  for (const auto& [k, v] : want) {
    auto it = got.find(k);
    if (it == got.end())
      out += "\n  missing   " + k + ": " + v;
    else if (it->second != v)
      out += "\n  different " + k + ": SQL " + v + ", analytics " + it->second;
  }
  for (const auto& [k, v] : got) {
    if (!want.count(k)) out += "\n  extra     " + k + ": " + v;
  }
  return out;
}

// Two `tienbo serve` processes on one PostgreSQL. On A, unit moves, a rename, a new unit and its
// end of validity, a unit's own target and value writes are interleaved; after each step both A's
// and B's analytics must equal the SQL ground truth within one second (polled every 50 ms).
// Issue #12 item 7: B trusts its signed-in cache for ten minutes (--session-cache-ms 600000), so
// only the notification A sends can end, on B, a session signed out or an account disabled on A.
// Two `tienbo serve` on one fresh demo PostgreSQL database, each listening for the other's
// changes; B gets `b_options` too. Empty `error` once both serve and listen.
struct TwoInstances {
  test::ScratchDatabase scratch{db::Backend::Postgres};
  std::unique_ptr<Child> a, b;
  unsigned short port_a = 0, port_b = 0;
  std::string error;
  explicit TwoInstances(const std::vector<std::string>& b_options = {}) {
    if (!scratch.available()) return;
    Child init({tienbo_binary(), "init", "--db", scratch.url(), "--demo"});
    if (init.wait(std::chrono::seconds(300)) != 0) {
      error = "init: " + init.err();
      return;
    }
    std::vector<std::string> serve{tienbo_binary(), "serve",       "--db",         scratch.url(),
                                   "--listen",      "127.0.0.1:0", "--access-log", "off"};
    a = std::make_unique<Child>(serve);
    serve.insert(serve.end(), b_options.begin(), b_options.end());
    b = std::make_unique<Child>(serve);
    port_a = start_serve(*a);
    port_b = start_serve(*b);
    if (port_a == 0 || port_b == 0) {
      error = "serve: " + a->err() + b->err();
    } else if (!a->wait_for_output("analytics in sync", std::chrono::seconds(20)) ||
               !b->wait_for_output("analytics in sync", std::chrono::seconds(20))) {
      error = "listen: " + a->err() + b->err();
    }
  }
};

TEST(CliPostgres, ASignOutOrADisabledAccountOnOneInstanceEndsTheSessionOnTheOther) {
  TwoInstances two({"--session-cache-ms", "600000"});
  TIENBO_REQUIRE_DATABASE(two.scratch);
  ASSERT_EQ(two.error, "");
  const unsigned short port_a = two.port_a;
  const unsigned short port_b = two.port_b;
  // The same session used on both instances (as behind a load balancer).
  Api viewer(port_a, "hcm.xem");
  ASSERT_FALSE(viewer.cookie.empty());
  Api viewer_on_b = viewer;
  viewer_on_b.port = port_b;
  const auto status_on_b = [&](const Api& api) {
    auto r = api.call("GET", "/api/v1/me");
    return r ? r->status : 0;
  };
  // Polls B (it must change within 10 s; a change it never hears would last ten minutes).
  const auto ends_on_b = [&](const Api& api) {
    const auto since = std::chrono::steady_clock::now();
    while (status_on_b(api) != 401 && std::chrono::steady_clock::now() - since < std::chrono::seconds(10)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return status_on_b(api) == 401;
  };
  ASSERT_EQ(status_on_b(viewer_on_b), 200);
  ASSERT_EQ(status_on_b(viewer_on_b), 200);  // now from B's cache
  auto out = viewer.call("DELETE", "/api/v1/session");
  ASSERT_TRUE(out && out->status == 204) << (out ? out->body : "no answer");
  EXPECT_TRUE(ends_on_b(viewer_on_b)) << "a sign-out on A still works on B";

  Api again(port_a, "hcm.xem");
  Api again_on_b = again;
  again_on_b.port = port_b;
  ASSERT_EQ(status_on_b(again_on_b), 200);
  ASSERT_EQ(status_on_b(again_on_b), 200);
  const Api admin(port_a, "admin");
  auto disabled = admin.call("PUT", "/api/v1/users/hcm.xem", R"({"disabled":true})");
  ASSERT_TRUE(disabled && disabled->status == 200) << (disabled ? disabled->body : "no answer");
  EXPECT_TRUE(ends_on_b(again_on_b)) << "a disabled account still works on B";
}

// A report kept rendered in memory on B (for ten minutes) ends the moment A commits anything of
// it: values, a narrative, a transition; a unit or metadata change ends every kept report.
TEST(CliPostgres, AWriteOnOneInstanceEndsTheReportKeptOnTheOther) {
  TwoInstances two({"--report-cache-ms", "600000", "--session-cache-ms", "600000"});
  TIENBO_REQUIRE_DATABASE(two.scratch);
  ASSERT_EQ(two.error, "");
  const Api on_a(two.port_a, "hanoi.quanly");
  Api on_b = on_a;
  on_b.port = two.port_b;
  const Api admin(two.port_a, "admin");
  const std::string report = "/api/v1/reports/BC_BDG_NAM/00070/2025";
  const auto body_on = [&](const Api& api) {
    auto r = api.call("GET", report);
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
    return r ? r->body : std::string();
  };
  // B must show A's state within 10 s (one it never heard of would last ten minutes).
  const auto b_follows = [&](const std::string& step) {
    const auto since = std::chrono::steady_clock::now();
    std::string want = body_on(on_a);
    while (body_on(on_b) != want && std::chrono::steady_clock::now() - since < std::chrono::seconds(10)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      want = body_on(on_a);
    }
    EXPECT_EQ(body_on(on_b), want) << "B still shows the report as it was before: " << step;
  };
  const auto version = [&] { return boost::json::parse(body_on(on_a)).as_object().at("version").as_int64(); };
  b_follows("at the start");
  (void)body_on(on_b);  // kept on B now
  auto saved =
      on_a.call("PUT", report,
                R"({"version":)" + std::to_string(version()) +
                    R"(,"values":[{"element":"BAN_CUOC_HOP","value":"7"}],"narratives":{"KET_QUA":"Họp đủ."}})");
  ASSERT_TRUE(saved && saved->status == 200) << (saved ? saved->body : "no answer");
  b_follows("a save on A");
  (void)body_on(on_b);
  auto submitted = on_a.call("POST", report + "/submit", R"({"version":)" + std::to_string(version()) + "}");
  ASSERT_TRUE(submitted && submitted->status == 200) << (submitted ? submitted->body : "no answer");
  b_follows("a submission on A");
  (void)body_on(on_b);
  auto renamed = admin.call("PUT", "/api/v1/units/00070", R"j({"nameVi":"Phường Hoàn Kiếm (thử)"})j");
  ASSERT_TRUE(renamed && renamed->status == 200) << (renamed ? renamed->body : "no answer");
  b_follows("a rename on A");
}

TEST(CliPostgres, TwoInstancesAgreeWithSqlAfterMovesRenamesTargetsAndValues) {
  TwoInstances two;
  TIENBO_REQUIRE_DATABASE(two.scratch);
  ASSERT_EQ(two.error, "");
  const unsigned short port_a = two.port_a;
  const unsigned short port_b = two.port_b;
  test::ScratchDatabase& scratch = two.scratch;
  Truth truth(scratch.url());
  ASSERT_TRUE(truth.ok());
  const Api on_a(port_a, "admin");
  const Api on_b(port_b, "admin");
  ASSERT_FALSE(on_a.cookie.empty());
  ASSERT_FALSE(on_b.cookie.empty());

  int failures = 0;
  // After each step on A: both instances equal SQL within one second of A's answer.
  const auto agree = [&](const std::string& step) {
    const auto want = truth.expected();
    const auto since = std::chrono::steady_clock::now();
    for (const auto* api : {&on_b, &on_a}) {
      const char* name = api == &on_a ? "A" : "B";
      std::map<std::string, std::string> got;
      for (;;) {
        got = analytics_lines(*api);
        if (got == want || std::chrono::steady_clock::now() - since > std::chrono::seconds(1)) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      const auto ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
      std::cout << "  [" << name << " " << (got == want ? "agrees" : "DIFFERS") << " after " << ms << " ms] " << step
                << "\n";
      if (got != want) ++failures;
      EXPECT_TRUE(got == want) << "after \"" << step << "\", instance " << name << " still differs from SQL after "
                               << ms << " ms:" << differences(want, got);
    }
  };
  const auto values = [](int victims_nu, int victims_nam, int reached_nu) {
    return R"([{"element":"BL_NAN_NHAN","option":"NU","value":")" + std::to_string(victims_nu) +
           R"("},{"element":"BL_NAN_NHAN","option":"NAM","value":")" + std::to_string(victims_nam) +
           R"("},{"element":"BL_TIEP_CAN","option":"NU","value":")" + std::to_string(reached_nu) + R"("}])";
  };
  const auto put = [&](const std::string& target, const std::string& body) {
    auto r = on_a.call("PUT", target, body);
    EXPECT_TRUE(r && r->status == 200) << target << ": " << (r ? r->body : "no answer");
  };

  agree("start");
  ASSERT_TRUE(on_a.save("BC_BDG_NAM/00008/2025", values(5, 2, 3)));
  ASSERT_TRUE(on_a.save("BC_BDG_NAM/00070/2025", values(7, 1, 6)));
  ASSERT_TRUE(on_a.save("BC_BDG_NAM/26506/2025", values(4, 4, 2)));
  agree("values in 00008, 00070 (Hà Nội) and 26506 (Hồ Chí Minh)");

  put("/api/v1/units/00008", R"({"parent":"79"})");
  agree("00008 moved from 01 to 79");

  ASSERT_TRUE(on_a.save("BC_BDG_NAM/00008/2025", values(9, 2, 8)));
  agree("a new value in 00008, now under 79");

  put("/api/v1/units/00008", R"j({"nameVi":"Phường Ngọc Hà (đổi tên)"})j");
  agree("00008 renamed");

  put("/api/v1/indicators/CL_3_2A/targets/79", R"({"targets":[{"year":2025,"value":91,"operator":"ge"}]})");
  agree("79's own 2025 target for CL_3_2A");

  auto made = on_a.call(
      "POST", "/api/v1/units",
      R"({"code":"T9001","nameVi":"Xã Thử Nghiệm","type":"commune","category":"Xã","parent":"01","validFrom":"2025-07-01"})");
  ASSERT_TRUE(made && made->status == 201) << (made ? made->body : "no answer");
  agree("a new commune T9001 under 01");
  ASSERT_TRUE(on_a.save("BC_BDG_NAM/T9001/2025", values(11, 3, 10)));
  agree("a value in T9001, a unit created after start-up");

  put("/api/v1/units/T9001", R"({"validTo":"2025-12-31"})");
  agree("T9001 ended on 2025-12-31 (no longer one of 01's children today)");

  // A burst without waiting: a move back, a value, a target and a rename.
  put("/api/v1/units/00008", R"({"parent":"01"})");
  ASSERT_TRUE(on_a.save("BC_BDG_NAM/00008/2025", values(12, 1, 12)));
  put("/api/v1/indicators/CL_3_2A/targets/01", R"({"targets":[{"year":2025,"value":95,"operator":"ge"}]})");
  put("/api/v1/indicators/CL_3_2A/targets/79", R"({"targets":[]})");
  put("/api/v1/units/00008", R"({"nameVi":"Phường Ngọc Hà"})");
  agree("a burst: 00008 back under 01, a value, two targets, a rename");
  EXPECT_EQ(failures, 0);

  two.a->signal(SIGTERM);
  two.b->signal(SIGTERM);
  EXPECT_EQ(two.a->wait(std::chrono::seconds(20)), 0) << two.a->err();
  EXPECT_EQ(two.b->wait(std::chrono::seconds(20)), 0) << two.b->err();
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
  ASSERT_TRUE(
      c.send_raw("POST /api/v1/password-policy/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 "Content-Length: " +
                 std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 10)));
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
           "--signin-lockout-seconds", "5"});
  const unsigned short port = start_serve(p);
  ASSERT_NE(port, 0) << p.err();
  auto attempt = [&](const std::string& password) {
    return http_request(port, "POST", "/api/v1/session",
                        "{\"login\":\"hanoi.quanly\",\"password\":\"" + password + "\"}",
                        {{"Content-Type", "application/json"}});
  };
  // A burst of wrong passwords spends the login's bucket of 5 (one comes back every 5 s, so a
  // slow machine may need a try or two more).
  std::optional<HttpResponse> fifth;
  int tries = 0;
  while (tries < 12) {
    auto r = attempt("wrong-password-" + std::to_string(++tries));
    ASSERT_TRUE(r);
    if (r->status == 429) {
      fifth = r;
      break;
    }
    EXPECT_EQ(r->status, 401) << tries;
    EXPECT_NE(r->body.find("attempt(s) left"), std::string::npos) << r->body;
  }
  ASSERT_TRUE(fifth) << "no 429 after " << tries << " wrong passwords";
  EXPECT_GE(tries, 5);
  EXPECT_NE(fifth->body.find("Try again in"), std::string::npos) << fifth->body;
  EXPECT_NE(fifth->body.find("Hãy thử lại sau"), std::string::npos) << fifth->body;
  EXPECT_FALSE(fifth->header("retry-after").empty());
  // Even the right password waits.
  auto early = attempt("TienBo-demo-2026");
  EXPECT_EQ(early->status, 429);
  std::this_thread::sleep_for(std::chrono::milliseconds(5300));
  auto later = attempt("TienBo-demo-2026");
  ASSERT_TRUE(later);
  EXPECT_EQ(later->status, 200) << later->body;
  EXPECT_NE(later->header("set-cookie").find("HttpOnly"), std::string::npos);
  p.signal(SIGTERM);
  EXPECT_EQ(p.wait(), 0);
}

// On SQLite /metrics shows the single writer: write transactions, how long they held and waited
// for the lock, and the WAL flushes that made them durable; a sign-in (two writes) moves them.
TEST_F(CliDbTest, MetricsShowTheSqliteWriterAndItsFlushes) {
  Child p({tienbo_binary(), "serve", "--db", url_, "--listen", "127.0.0.1:0", "--access-log", "off"});
  const unsigned short port = start_serve(p);
  ASSERT_NE(port, 0) << p.err();
  const auto sample = [&](const std::string& name) -> double {
    auto r = http_request(port, "GET", "/metrics");
    EXPECT_TRUE(r && r->status == 200);
    const std::string body = r ? r->body : "";
    const auto at = body.find("\n" + name + " ");
    if (at == std::string::npos) {
      ADD_FAILURE() << name << " missing from /metrics";
      return -1;
    }
    return std::stod(body.substr(at + name.size() + 2));
  };
  const double held_before = sample("tienbo_db_write_lock_held_seconds_count");
  const double flushes_before = sample("tienbo_db_wal_flushes_total");
  auto signed_in =
      http_request(port, "POST", "/api/v1/session", R"({"login":"hanoi.quanly","password":"TienBo-demo-2026"})",
                   {{"Content-Type", "application/json"}});
  ASSERT_TRUE(signed_in);
  ASSERT_EQ(signed_in->status, 200) << signed_in->body;
  EXPECT_GE(sample("tienbo_db_write_lock_held_seconds_count"), held_before + 2) << "the attempt and the session";
  const double flushes = sample("tienbo_db_wal_flushes_total");
  EXPECT_GE(flushes, flushes_before + 1);
  EXPECT_LE(flushes, sample("tienbo_db_write_lock_held_seconds_count")) << "never more flushes than write transactions";
  EXPECT_GE(sample("tienbo_db_write_lock_wait_seconds_total"), 0);
  EXPECT_EQ(sample("tienbo_argon2_slots"), static_cast<double>(std::max(1U, std::thread::hardware_concurrency())));
  p.signal(SIGTERM);
  EXPECT_EQ(p.wait(), 0);
}

TEST_F(CliDbTest, RemindersSendWithOneConnection) {
  // The command line uses a single database connection: nothing may wait for a second one.
  Child first({tienbo_binary(), "reminders", "send", "--db", url_, "--today", "2025-12-09"});
  EXPECT_EQ(first.wait(std::chrono::seconds(30)), 0) << first.err();
  EXPECT_NE(first.out().find("sent 1 "), std::string::npos)
      << first.out();  // the Hoàn Kiếm editor, 5 days before "before 15/12"
  Child again({tienbo_binary(), "reminders", "send", "--db", url_, "--today", "2025-12-09"});
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
