// Authorization over real HTTP, on both backends:
//  - a matrix of roles x endpoints x target units (own, child, sibling, parent);
//  - a randomised probe of 10,000 requests by users of many scopes, checked
//    against an oracle built independently from the unit tree, in which no user
//    may read or change anything outside its scope.
// The oracle uses its own role table (written out below), not auth::role_allows.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "test_support.hpp"
#include "tienbo/db/migrations.hpp"
#include "tienbo/http/routes.hpp"
#include "tienbo/http/server.hpp"
#include "tienbo/services/setup_service.hpp"
#include "tienbo/store/sql_store.hpp"

namespace tienbo::test {
namespace {

namespace json = boost::json;

const services::Actor kSetup{"test-setup", "setup"};
const char* kPassword = "Matrix-pass-2026";

// ---- the oracle's own permission table ------------------------------------------------

enum class Act { UnitRead, UnitManage, CommitteeRead, CommitteeManage, UserRead, UserManage, AuditRead, DataRead };

bool role_has(const std::string& role, Act a) {
  static const std::map<std::string, std::set<Act>> kTable{
      {"administrator", {Act::UnitRead, Act::UnitManage, Act::CommitteeRead, Act::CommitteeManage, Act::UserRead,
                         Act::UserManage, Act::AuditRead, Act::DataRead}},
      {"manager", {Act::UnitRead, Act::CommitteeRead, Act::CommitteeManage, Act::UserRead, Act::AuditRead, Act::DataRead}},
      {"editor", {Act::UnitRead, Act::CommitteeRead, Act::DataRead}},
      {"approver", {Act::UnitRead, Act::CommitteeRead, Act::AuditRead, Act::DataRead}},
      {"viewer", {Act::UnitRead, Act::CommitteeRead, Act::DataRead}},
  };
  return kTable.at(role).count(a) > 0;
}

bool is_write(Act a) { return a == Act::UnitManage || a == Act::CommitteeManage || a == Act::UserManage; }

// ---- a signed-in HTTP client ------------------------------------------------------------

class Client {
 public:
  Client(unsigned short port, std::string login) : port_(port), login_(std::move(login)) {}

  bool sign_in(const std::string& password) {
    auto r = call("POST", "/api/v1/session", json::serialize(json::object{{"login", login_}, {"password", password}}));
    if (!r || r->status != 200) return false;
    std::string set_cookie = r->header("set-cookie");
    cookie_ = set_cookie.substr(0, set_cookie.find(';'));
    csrf_ = std::string(json::parse(r->body).as_object().at("csrfToken").as_string());
    return true;
  }

  std::optional<HttpResponse> call(const std::string& method, const std::string& target, const std::string& body = "") {
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (!conn_ || !conn_->connected()) conn_ = std::make_unique<HttpConnection>(port_);
      std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
      if (!cookie_.empty()) req += "Cookie: " + cookie_ + "\r\n";
      if (!csrf_.empty()) req += "X-CSRF-Token: " + csrf_ + "\r\n";
      if (!body.empty()) req += "Content-Type: application/json\r\n";
      req += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
      if (conn_->send_raw(req)) {
        auto r = conn_->read_response();
        if (r) {
          if (r->header("connection") == "close") conn_.reset();
          return r;
        }
      }
      conn_.reset();  // the server closed an idle connection: reconnect once
    }
    return std::nullopt;
  }

  [[nodiscard]] const std::string& login() const { return login_; }

 private:
  unsigned short port_;
  std::string login_;
  std::string cookie_;
  std::string csrf_;
  std::unique_ptr<HttpConnection> conn_;
};

// ---- one server per backend, with the real units, the demo data and test users ----------

struct Env {
  std::unique_ptr<ScratchDatabase> scratch;
  std::unique_ptr<db::Database> database;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<services::ServiceSet> services;  // as `tienbo serve` composes them
  std::unique_ptr<http::ApiServices> api;
  http::Router router;
  std::unique_ptr<http::Server> server;
  std::thread thread;
  std::map<std::string, std::int64_t> committee_of;  // unit code -> a committee there
  std::string error;

  ~Env() {
    if (server) {
      server->request_stop();
      if (thread.joinable()) thread.join();
    }
  }
};

std::map<db::Backend, std::unique_ptr<Env>>& envs() {
  static std::map<db::Backend, std::unique_ptr<Env>> m;
  return m;
}

struct Teardown : ::testing::Environment {
  void TearDown() override { envs().clear(); }
};
[[maybe_unused]] auto* const kTeardown = ::testing::AddGlobalTestEnvironment(new Teardown);

// The matrix users: one per role at "01"; probe users of other scopes.
const std::vector<std::tuple<std::string, std::string, std::string>> kUsers{
    {"m.administrator", "administrator", "01"}, {"m.manager", "manager", "01"},   {"m.editor", "editor", "01"},
    {"m.approver", "approver", "01"},           {"m.viewer", "viewer", "01"},     {"p.editor.hk", "editor", "00070"},
    {"p.manager.hcm", "manager", "79"},          {"p.admin.ksnd", "administrator", "KSND"},
    {"p.viewer.vn", "viewer", "VN"},             {"p.approver.ks01", "approver", "KSND-01"},
    {"p.admin.snv", "administrator", "01-SNV"},  {"root", "administrator", "VN"},
};
// A user located at each matrix target, to be read and changed.
const std::vector<std::string> kTargets{"01", "00070", "79", "VN"};
std::string loc_login(const std::string& unit) {
  std::string l = "loc." + unit;
  for (auto& ch : l) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return l;
}

// Everything the authorization tests need, filled once per build into a template database.
std::string fill_template(db::Backend backend, const std::string& url_text) {
  auto url = db::parse_database_url(url_text);
  db::PoolOptions o;
  o.mode = db::OpenMode::CreateIfMissing;
  auto d = db::open_database(*url, o);
  if (!d) return d.error().message_en;
  {
    auto c = (*d)->acquire();
    auto m = db::migrate(**c, *db::select_migrations(db::embedded_migrations(), backend));
    if (!m) return m.error().message_en;
  }
  auto st = store::make_sql_store(**d);
  services::SetupService setup(*st);
  if (auto r = setup.load_package("vn-gender-equality", kSetup); !r) return r.error().message_en;
  if (auto r = setup.load_demo(kSetup); !r) return r.error().message_en;
  const auth::PasswordHashOptions fast{1, 1024, 1};
  services::UserService setup_users(*st, fast);
  for (const auto& [login, role, unit] : kUsers) {
    auto r = setup_users.add_user({login, login, "", role, unit, kPassword, false}, kSetup);
    if (!r) return "user " + login + ": " + r.error().message_en;
  }
  for (const auto& t : kTargets) {
    auto r = setup_users.add_user({loc_login(t), "loc " + t, "", "viewer", t, kPassword, false}, kSetup);
    if (!r) return "loc user: " + r.error().message_en;
  }
  // A committee with one member at every matrix target.
  services::Principal root;
  root.login = "test-setup";
  {
    auto tx = st->begin(store::Access::Read);
    auto vn = (*tx)->units().find_by_code("VN", "2026-01-01");
    root.grants.push_back({auth::Role::Administrator, (*vn)->id});
  }
  services::CommitteeService setup_committees(*st);
  for (const auto& t : kTargets) {
    auto c = setup_committees.create(root, t, {"Ban VSTBPN " + t, "", "", "1/QĐ", "2025-08-01", "2025-08-01", std::nullopt});
    if (!c) return "committee: " + c.error().message_en;
    auto m = setup_committees.add_member(root, c->committee.id, {"Nguyễn Văn A", "M", "", "", "chair", "", "", "2025-08-01"});
    if (!m) return "member: " + m.error().message_en;
  }
  return "";
}

Env* env_for(db::Backend backend) {
  auto& slot = envs()[backend];
  if (slot) return slot.get();
  slot = std::make_unique<Env>();
  Env& e = *slot;
  e.scratch = std::make_unique<ScratchDatabase>(backend, "authz",
                                                [backend](const std::string& url) { return fill_template(backend, url); });
  if (!e.scratch->error().empty()) {
    e.error = "template: " + e.scratch->error();
    return slot.get();
  }
  if (!e.scratch->available()) return slot.get();
  auto url = db::parse_database_url(e.scratch->url());
  db::PoolOptions o;
  o.max_connections = 8;
  auto d = db::open_database(*url, o);
  if (!d) {
    e.error = d.error().message_en;
    return slot.get();
  }
  e.database = std::move(*d);
  e.store = store::make_sql_store(*e.database);
  for (const auto& t : kTargets) {
    auto tx = e.store->begin(store::Access::Read);
    auto unit = (*tx)->units().find_by_code(t, "2026-01-01");
    auto list = (*tx)->committees().list_for_unit((*unit)->id);
    if (!list || list->empty()) {
      e.error = "no committee at " + t;
      return slot.get();
    }
    e.committee_of[t] = list->front().id;
  }
  services::ServiceOptions options;
  options.hashing = auth::PasswordHashOptions{1, 1024, 1};
  e.services = std::make_unique<services::ServiceSet>(*e.store, options);
  e.api = std::make_unique<http::ApiServices>(http::api_services(*e.services));
  http::register_routes(e.router, *e.api, std::nullopt);
  http::ServerOptions so;
  so.port = 0;
  so.handle_signals = false;
  so.access_log = false;
  so.io_threads = 2;
  so.worker_threads = 4;
  e.server = std::make_unique<http::Server>(so, e.router);
  if (auto b = e.server->bind(); !b) e.error = b.error().message_en;
  e.thread = std::thread([&e] { e.server->run(); });
  return slot.get();
}

class AuthzTest : public ::testing::TestWithParam<db::Backend> {
 protected:
  void SetUp() override {
    env_ = env_for(GetParam());
    TIENBO_REQUIRE_DATABASE(*env_->scratch);
    ASSERT_EQ(env_->error, "");
  }
  [[nodiscard]] unsigned short port() const { return env_->server->port(); }
  std::unique_ptr<Client> signed_in(const std::string& login) {
    auto c = std::make_unique<Client>(port(), login);
    EXPECT_TRUE(c->sign_in(kPassword)) << login;
    return c;
  }
  Env* env_ = nullptr;
};

// ---- the matrix --------------------------------------------------------------------------

struct Endpoint {
  const char* name;
  Act act;
  // Builds (method, target, body) for a target unit; `n` makes payloads unique.
  std::function<std::tuple<std::string, std::string, std::string>(const std::string& unit, std::int64_t committee, int n)> make;
  int success;  // status when allowed
  // A refused write answers 403 only to a caller who can see the target (this right on it);
  // anyone else gets what a missing target gets: `unseen` (422 where the unit is a body field).
  Act seen = Act::UnitRead;
  int unseen = 404;
};

std::vector<Endpoint> endpoints() {
  using T = std::tuple<std::string, std::string, std::string>;
  auto body = [](json::object o) { return json::serialize(o); };
  return {
      {"GET unit", Act::UnitRead, [](auto& u, auto, int) { return T{"GET", "/api/v1/units/" + u, ""}; }, 200},
      {"GET children", Act::UnitRead, [](auto& u, auto, int) { return T{"GET", "/api/v1/units?parent=" + u, ""}; }, 200},
      {"GET ancestors", Act::UnitRead, [](auto& u, auto, int) { return T{"GET", "/api/v1/units/" + u + "/ancestors", ""}; }, 200},
      {"GET descendants", Act::UnitRead,
       [](auto& u, auto, int) { return T{"GET", "/api/v1/units/" + u + "/descendants?limit=3", ""}; }, 200},
      {"GET lineage", Act::UnitRead, [](auto& u, auto, int) { return T{"GET", "/api/v1/units/" + u + "/lineage", ""}; }, 200},
      {"GET rebased", Act::UnitRead, [](auto& u, auto, int) { return T{"GET", "/api/v1/units/" + u + "/rebased", ""}; }, 200},
      {"GET committees", Act::CommitteeRead, [](auto& u, auto, int) { return T{"GET", "/api/v1/committees?unit=" + u, ""}; }, 200},
      {"GET committee", Act::CommitteeRead,
       [](auto&, auto c, int) { return T{"GET", "/api/v1/committees/" + std::to_string(c), ""}; }, 200},
      {"GET members", Act::CommitteeRead,
       [](auto&, auto c, int) { return T{"GET", "/api/v1/committees/" + std::to_string(c) + "/members", ""}; }, 200},
      {"GET stats", Act::CommitteeRead,
       [](auto&, auto c, int) { return T{"GET", "/api/v1/committees/" + std::to_string(c) + "/stats", ""}; }, 200},
      {"GET consolidations", Act::CommitteeRead,
       [](auto&, auto c, int) { return T{"GET", "/api/v1/committees/" + std::to_string(c) + "/consolidations", ""}; }, 200},
      {"GET user", Act::UserRead, [](auto& u, auto, int) { return T{"GET", "/api/v1/users/" + loc_login(u), ""}; }, 200},
      {"POST unit", Act::UnitManage,
       [body](auto& u, auto, int n) {
         return T{"POST", "/api/v1/units",
                  body({{"code", "X" + std::to_string(n)}, {"nameVi", "Cơ quan thử " + std::to_string(n)},
                        {"type", "agency"}, {"parent", u}, {"validFrom", "2025-07-01"}})};
       },
       201, Act::UnitRead, 422},
      {"PUT unit", Act::UnitManage,
       [body](auto& u, auto, int n) { return T{"PUT", "/api/v1/units/" + u, body({{"nameEn", "Renamed " + std::to_string(n)}})}; },
       200},
      {"POST committee", Act::CommitteeManage,
       [body](auto& u, auto, int n) {
         return T{"POST", "/api/v1/committees", body({{"unit", u}, {"nameVi", "Ban thử " + std::to_string(n)}})};
       },
       201},
      {"PUT committee", Act::CommitteeManage,
       [body](auto&, auto c, int n) {
         return T{"PUT", "/api/v1/committees/" + std::to_string(c), body({{"nameEn", "Committee " + std::to_string(n)}})};
       },
       200},
      {"POST member", Act::CommitteeManage,
       [body](auto&, auto c, int n) {
         return T{"POST", "/api/v1/committees/" + std::to_string(c) + "/members",
                  body({{"fullName", "Trần Thị " + std::to_string(n)}, {"sex", "F"}, {"role", "member"}})};
       },
       201},
      {"POST consolidation", Act::CommitteeManage,
       [body](auto&, auto c, int n) {
         json::array members{json::object{{"fullName", "Lê Văn " + std::to_string(n)}, {"sex", "M"}, {"role", "member"}}};
         return T{"POST", "/api/v1/committees/" + std::to_string(c) + "/consolidations",
                  body({{"decisionNumber", std::to_string(n) + "/QĐ"}, {"decisionDate", "2026-01-05"},
                        {"effectiveDate", "2026-01-10"}, {"newMembers", members}})};
       },
       201},
      {"POST user", Act::UserManage,
       [body](auto& u, auto, int n) {
         return T{"POST", "/api/v1/users",
                  body({{"login", "new." + std::to_string(n)}, {"role", "viewer"}, {"unit", u}, {"password", "Tam-thoi-2026x"}})};
       },
       201, Act::UnitRead, 422},
      {"PUT user", Act::UserManage,
       [body](auto& u, auto, int n) {
         return T{"PUT", "/api/v1/users/" + loc_login(u), body({{"displayName", "Người " + std::to_string(n)}})};
       },
       200, Act::UserRead},
      {"GET official values", Act::DataRead, [](auto& u, auto, int) { return T{"GET", "/api/v1/official-values?ou=" + u, ""}; }, 200},
      {"PUT official value", Act::CommitteeManage,
       [body](auto& u, auto, int n) {
         return T{"PUT", "/api/v1/official-values/CL_DAN_SO/" + u + "/2025",
                  body({{"value", n}, {"dataSource", "Cục Thống kê — thử / test"}})};
       },
       200},
      {"POST role", Act::UserManage,
       [body](auto& u, auto, int n) {
         const char* roles[] = {"editor", "approver", "manager"};
         return T{"POST", "/api/v1/users/" + loc_login(u) + "/roles", body({{"role", roles[n % 3]}, {"unit", u}})};
       },
       200, Act::UserRead},
  };
}

TEST_P(AuthzTest, MatrixOfRolesEndpointsAndTargets) {
  const std::map<std::string, bool> in_scope_of_01{{"01", true}, {"00070", true}, {"79", false}, {"VN", false}};
  const std::map<std::string, const char*> relation{{"01", "own"}, {"00070", "child"}, {"79", "sibling"}, {"VN", "parent"}};
  static std::atomic<int> counter{1000};
  int checked = 0;
  for (const std::string role : {"administrator", "manager", "editor", "approver", "viewer"}) {
    auto client = signed_in("m." + role);
    for (const auto& ep : endpoints()) {
      for (const auto& target : kTargets) {
        const int n = counter++ + (GetParam() == db::Backend::Postgres ? 100000 : 0);
        auto [method, path, body] = ep.make(target, env_->committee_of.at(target), n);
        auto r = client->call(method, path, body);
        ASSERT_TRUE(r) << method << " " << path;
        const bool allowed = role_has(role, ep.act) && in_scope_of_01.at(target);
        const bool seen = in_scope_of_01.at(target) && role_has(role, ep.seen);
        const int expected = allowed ? ep.success : !is_write(ep.act) ? 404 : seen ? 403 : ep.unseen;
        EXPECT_EQ(r->status, expected) << role << "@01 " << ep.name << " on " << relation.at(target) << " unit " << target
                                       << ": " << method << " " << path << "\n" << r->body;
        ++checked;
      }
    }
    // The audit trail: readable by roles with AuditRead, and only within scope.
    auto audit = client->call("GET", "/api/v1/audit?limit=1000");
    ASSERT_TRUE(audit);
    if (role_has(role, Act::AuditRead)) {
      ASSERT_EQ(audit->status, 200) << role;
      auto root = signed_in("root");
      std::map<std::string, bool> under_01;
      int entries = 0;
      const json::value parsed1 = json::parse(audit->body);
      for (const auto& e : parsed1.as_object().at("entries").as_array()) {
        const auto& unit = e.as_object().at("unit");
        ASSERT_TRUE(unit.is_string()) << role << " sees a system entry: " << json::serialize(e);
        const std::string code(unit.as_string());
        if (!under_01.count(code)) {
          auto chain = root->call("GET", "/api/v1/units/" + code + "/ancestors");
          under_01[code] = code == "01" || chain->body.find("\"code\":\"01\"") != std::string::npos;
        }
        EXPECT_TRUE(under_01[code]) << role << "@01 sees an audit entry of unit " << code;
        ++entries;
      }
      EXPECT_GT(entries, 0) << role;
    } else {
      EXPECT_EQ(audit->status, 403) << role;
    }
  }
  EXPECT_EQ(checked, 5 * static_cast<int>(endpoints().size()) * 4);
}

TEST_P(AuthzTest, SignedOutAndForgedRequestsAreRefused) {
  Client anonymous(port(), "nobody");
  auto r = anonymous.call("GET", "/api/v1/units/01");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  auto me = anonymous.call("GET", "/api/v1/me");
  EXPECT_EQ(me->status, 401);
  // A signed-in client whose CSRF token is missing cannot change anything.
  auto client = signed_in("m.administrator");
  auto cookie_client = signed_in("m.administrator");
  auto get = cookie_client->call("GET", "/api/v1/me");
  ASSERT_EQ(get->status, 200);
  // Re-sign in to grab the cookie without the CSRF header.
  auto sign = http_request(port(), "POST", "/api/v1/session",
                           json::serialize(json::object{{"login", "m.administrator"}, {"password", kPassword}}),
                           {{"Content-Type", "application/json"}});
  ASSERT_EQ(sign->status, 200);
  const std::string set_cookie = sign->header("set-cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
  const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  auto forged = http_request(port(), "PUT", "/api/v1/units/01", R"({"nameEn":"Forged"})",
                             {{"Content-Type", "application/json"}, {"Cookie", cookie}});
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 403);
  EXPECT_NE(forged->body.find("X-CSRF-Token"), std::string::npos);
  auto wrong = http_request(port(), "PUT", "/api/v1/units/01", R"({"nameEn":"Forged"})",
                            {{"Content-Type", "application/json"}, {"Cookie", cookie}, {"X-CSRF-Token", "nope"}});
  EXPECT_EQ(wrong->status, 403);
  auto check = client->call("GET", "/api/v1/units/01");
  EXPECT_EQ(json::parse(check->body).as_object().at("nameEn").as_string().find("Forged"), std::string::npos);
  // Signing out ends the session.
  auto out = client->call("DELETE", "/api/v1/session");
  EXPECT_EQ(out->status, 204);
  EXPECT_EQ(client->call("GET", "/api/v1/me")->status, 401);
}

// Issue #12: a write to something outside the caller's scope answered 403 while a missing one
// answered 404, so logins, committee ids and unit codes could be enumerated. Each pair below is
// (a real target the caller cannot see, a target that does not exist): the answers must be the
// same but for the name or id the request itself sent.
TEST_P(AuthzTest, TargetsOutsideTheScopeAnswerExactlyLikeMissingOnes) {
  const std::string c79 = std::to_string(env_->committee_of.at("79"));
  const std::string none = "987654321";
  auto normalised = [](const HttpResponse& r, const std::string& name) {
    json::value v = json::parse(r.body);
    auto& o = v.as_object();
    o.erase("requestId");
    o.erase("instance");
    for (const char* key : {"detail", "detailEn"}) {
      if (!o.contains(key)) continue;
      std::string s(o.at(key).as_string());
      for (auto at = s.find(name); at != std::string::npos; at = s.find(name)) s.replace(at, name.size(), "<target>");
      o[key] = s;
    }
    return std::to_string(r.status) + " " + json::serialize(v);
  };
  struct Pair {
    std::string login, method, hidden, missing, hidden_name, missing_name, body;
  };
  const auto body = [](json::object o) { return json::serialize(o); };
  const std::vector<Pair> pairs{
      {"m.manager", "PUT", "/api/v1/committees/" + c79, "/api/v1/committees/" + none, c79, none, body({{"nameEn", "X"}})},
      {"m.manager", "POST", "/api/v1/committees/" + c79 + "/members", "/api/v1/committees/" + none + "/members", c79, none,
       body({{"fullName", "Trần Thị Thử"}, {"sex", "F"}, {"role", "member"}})},
      {"m.manager", "POST", "/api/v1/committees/" + c79 + "/members/1/end", "/api/v1/committees/" + none + "/members/1/end",
       c79, none, body({{"termEnd", "2026-01-31"}})},
      {"m.manager", "PUT", "/api/v1/committees/" + c79, "/api/v1/committees/" + none, c79, none,
       body({{"standingAgency", "01-SNV"}})},
      {"m.administrator", "PUT", "/api/v1/users/loc.79", "/api/v1/users/no.such.login", "loc.79", "no.such.login",
       body({{"displayName", "X"}})},
      {"m.administrator", "POST", "/api/v1/users/loc.79/roles", "/api/v1/users/no.such.login/roles", "loc.79",
       "no.such.login", body({{"role", "viewer"}, {"unit", "01"}})},
      {"m.administrator", "POST", "/api/v1/users/loc.79/password", "/api/v1/users/no.such.login/password", "loc.79",
       "no.such.login", body({{"newPassword", "Mat-khau-moi-2027"}})},
      {"m.administrator", "PUT", "/api/v1/units/79", "/api/v1/units/NOPE79", "79", "NOPE79", body({{"nameEn", "X"}})},
      {"m.administrator", "POST", "/api/v1/users", "/api/v1/users", "79", "NOPE79",
       body({{"login", "new.hidden"}, {"role", "viewer"}, {"unit", "79"}, {"password", "Tam-thoi-2026x"}})},
      {"m.administrator", "POST", "/api/v1/units", "/api/v1/units", "79", "NOPE79",
       body({{"code", "X-HIDDEN"}, {"nameVi", "Cơ quan thử"}, {"type", "agency"}, {"parent", "79"}, {"validFrom", "2025-07-01"}})},
      {"m.manager", "POST", "/api/v1/committees", "/api/v1/committees", "79", "NOPE79", body({{"unit", "79"}, {"nameVi", "Ban thử"}})},
      {"m.manager", "PUT", "/api/v1/official-values/CL_DAN_SO/79/2025", "/api/v1/official-values/CL_DAN_SO/NOPE79/2025", "79",
       "NOPE79", body({{"value", 1}, {"dataSource", "Cục Thống kê"}})},
      {"m.editor", "PUT", "/api/v1/reports/BC_BDG_NAM/79/2025", "/api/v1/reports/BC_BDG_NAM/NOPE79/2025", "79", "NOPE79",
       body({{"version", 0}, {"values", json::array{}}})},
  };
  for (const auto& pr : pairs) {
    auto client = signed_in(pr.login);
    std::string missing_body = pr.body;
    for (auto at = missing_body.find("\"79\""); at != std::string::npos; at = missing_body.find("\"79\"")) {
      missing_body.replace(at, 4, "\"NOPE79\"");
    }
    auto hidden = client->call(pr.method, pr.hidden, pr.body);
    auto missing = client->call(pr.method, pr.missing, pr.method == "POST" && pr.hidden == pr.missing ? missing_body : pr.body);
    ASSERT_TRUE(hidden && missing);
    EXPECT_EQ(normalised(*hidden, pr.hidden_name), normalised(*missing, pr.missing_name))
        << pr.login << " " << pr.method << " " << pr.hidden << " vs " << pr.missing;
    EXPECT_TRUE(hidden->status == 404 || hidden->status == 422) << pr.method << " " << pr.hidden << ": " << hidden->body;
  }
  // Where the caller can see the target but may not change it, 403 stays: it reveals nothing.
  auto viewer = signed_in("m.viewer");
  auto seen = viewer->call("PUT", "/api/v1/committees/" + std::to_string(env_->committee_of.at("01")),
                           body({{"nameEn", "X"}}));
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->status, 403) << seen->body;
}

// ---- the randomised probe ------------------------------------------------------------------

struct Target {
  std::string code;
  std::string as_of;  // empty = today
};

TEST_P(AuthzTest, RandomisedProbeNeverCrossesAScope) {
  auto root = signed_in("root");
  // The oracle: for each probe target, the set of units whose subtree contains it
  // (itself and its ancestors, and for a former unit those of its successors too),
  // read from the API as the national administrator.
  std::vector<Target> targets{{"VN", ""},       {"01", ""},       {"00070", ""},    {"00082", ""},
                              {"79", ""},       {"KSND", ""},     {"KSND-01", ""},  {"KSND-79", ""},
                              {"01-SNV", ""},   {"01-HLHPN", ""}, {"00001", "2025-01-01"}, {"02", "2025-01-01"},
                              {"08", "2025-01-01"}};
  {
    auto kids = root->call("GET", "/api/v1/units?parent=79");
    ASSERT_EQ(kids->status, 200);
    targets.push_back({std::string(json::parse(kids->body).as_object().at("units").as_array().at(0).as_object().at("code").as_string()), ""});
  }
  auto suffix = [](const Target& t) { return t.as_of.empty() ? std::string() : "?asOf=" + t.as_of; };
  std::map<std::string, std::set<std::string>> covering;  // target code@asOf -> codes whose scope includes it
  auto chain = [&](const std::string& code, const std::string& as_of) {
    std::set<std::string> out{code};
    auto r = root->call("GET", "/api/v1/units/" + code + "/ancestors" + (as_of.empty() ? "" : "?asOf=" + as_of));
    EXPECT_EQ(r->status, 200) << code;
    const json::value parsed2 = json::parse(r->body);
    for (const auto& u : parsed2.as_object().at("units").as_array()) {
      out.insert(std::string(u.as_object().at("code").as_string()));
    }
    return out;
  };
  for (const auto& t : targets) {
    auto& set = covering[t.code + "@" + t.as_of];
    set = chain(t.code, t.as_of);
    if (!t.as_of.empty()) {  // former units are readable through what they became
      auto l = root->call("GET", "/api/v1/units/" + t.code + "/lineage" + suffix(t));
      const json::value parsed3 = json::parse(l->body);
      for (const auto& s : parsed3.as_object().at("successors").as_array()) {
        auto more = chain(std::string(s.as_object().at("code").as_string()), "");
        set.insert(more.begin(), more.end());
      }
    }
  }
  std::vector<std::unique_ptr<Client>> clients;
  for (const auto& [login, role, unit] : kUsers) clients.push_back(signed_in(login));

  std::mt19937 rng(GetParam() == db::Backend::Sqlite ? 20251115u : 20251215u);
  int reads = 0, writes = 0, lists = 0, denied = 0, sent = 0;
  constexpr int kRequests = 10000;
  for (int i = 0; sent < kRequests; ++i) {
    const std::size_t who = rng() % kUsers.size();
    const auto& [login, role, unit] = kUsers[who];
    Client& c = *clients[who];
    const Target& t = targets[rng() % targets.size()];
    const bool in_scope = covering[t.code + "@" + t.as_of].count(unit) > 0;
    const int kind = static_cast<int>(rng() % 10);
    if (kind < 5) {  // a read of one unit, its children, lineage or committees
      const char* paths[] = {"", "/ancestors", "/lineage", "/rebased", "/descendants?limit=5"};
      const int which = static_cast<int>(rng() % 6);
      std::string path = which < 5 ? "/api/v1/units/" + t.code + paths[which] : "/api/v1/committees?unit=" + t.code;
      if (!t.as_of.empty() && which < 5) path += (path.find('?') == std::string::npos ? "?asOf=" : "&asOf=") + t.as_of;
      if (which == 5 && !t.as_of.empty()) path = "/api/v1/units/" + t.code + "?asOf=" + t.as_of;  // committees are current-only
      auto r = c.call("GET", path);
      ++sent;
      ASSERT_TRUE(r);
      const bool allowed = in_scope && role_has(role, which == 5 && t.as_of.empty() ? Act::CommitteeRead : Act::UnitRead);
      ASSERT_EQ(r->status, allowed ? 200 : 404) << login << " GET " << path << "\n" << r->body;
      if (!allowed) {
        EXPECT_EQ(r->body.find(t.code + "\",\"nameVi"), std::string::npos) << "a refusal leaks the unit";
        ++denied;
      }
      ++reads;
    } else if (kind < 7) {  // lists whose every item must be in scope
      const bool users = rng() % 2 == 0;
      auto r = c.call("GET", users ? "/api/v1/users?limit=5000" : "/api/v1/units?parent=" + t.code + (t.as_of.empty() ? "" : "&asOf=" + t.as_of));
      ++sent;
      ASSERT_TRUE(r);
      if (users) {
        ASSERT_EQ(r->status, 200);
        const json::value parsed4 = json::parse(r->body);
        for (const auto& u : parsed4.as_object().at("users").as_array()) {
          const std::string where(u.as_object().at("unit").as_string());
          auto it = covering.find(where + "@");
          std::set<std::string> cover = it != covering.end() ? it->second : chain(where, "");
          covering[where + "@"] = cover;
          ASSERT_TRUE(role_has(role, Act::UserRead) && cover.count(unit))
              << login << " (" << role << "@" << unit << ") sees user " << json::serialize(u);
        }
      } else {
        const bool allowed = in_scope && role_has(role, Act::UnitRead);
        ASSERT_EQ(r->status, allowed ? 200 : 404) << login << " children of " << t.code;
      }
      ++lists;
    } else {  // a write: it must succeed exactly when allowed, and change nothing otherwise
      const std::string marker = "probe-" + std::to_string(GetParam() == db::Backend::Sqlite ? 1 : 2) + "-" + std::to_string(i);
      if (!t.as_of.empty()) continue;  // former units are read-only history
      auto r = c.call("PUT", "/api/v1/units/" + t.code, json::serialize(json::object{{"nameEn", marker}}));
      ++sent;
      ASSERT_TRUE(r);
      const bool allowed = in_scope && role_has(role, Act::UnitManage);
      // Outside the scope a unit is "not found", exactly like a code that does not exist.
      ASSERT_EQ(r->status, allowed ? 200 : in_scope ? 403 : 404) << login << " PUT unit " << t.code << "\n" << r->body;
      auto after = root->call("GET", "/api/v1/units/" + t.code);
      ++sent;
      const std::string name_en(json::parse(after->body).as_object().at("nameEn").as_string());
      ASSERT_EQ(name_en == marker, allowed) << login << " PUT unit " << t.code;
      if (!allowed) ++denied;
      ++writes;
    }
  }
  EXPECT_GT(reads, 4000);
  EXPECT_GT(writes, 1500);
  EXPECT_GT(lists, 1500);
  EXPECT_GT(denied, 2000);  // the probe exercises refusals, not only successes
  std::cout << "[ probe    ] " << sent << " requests: " << reads << " reads, " << lists << " lists, " << writes
            << " writes, " << denied << " refused, no scope crossed\n";
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthzTest, ::testing::Values(db::Backend::Sqlite, db::Backend::Postgres), BackendName());

}  // namespace
}  // namespace tienbo::test
