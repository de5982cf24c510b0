// Authorization over real HTTP, on both backends (issue #12, item 5):
//  - a matrix of roles x endpoints x target units (own, child, sibling, parent);
//  - hidden targets answer exactly like missing ones;
//  - a randomised probe of every route in docs/openapi.yaml (read at test time) by users of many
//    scopes, checked against an oracle of the test's own (authz_oracle.hpp): the unit tree and the
//    2025 reform's lineage read from data/admin-units, the demo's agencies, the grants the test made
//    through the API and its own role table. Nothing of the oracle comes from the API or from src/.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <thread>

#include "api_fixture.hpp"
#include "authz_oracle.hpp"
#include "test_support.hpp"

namespace tienbo::test {
namespace {

namespace json = boost::json;
using oracle::Act;
using oracle::is_write;
using oracle::role_has;

const char* kFirstPassword = "Tam-thoi-2026x";
const char* kUserPassword = "Matrix-pass-2026";
const char* kToday = "2099-01-01";  // "today" for the oracle: any date after the reform

//! Sends a JSON text body (or none).
HttpResponse send(ApiClient& c, const std::string& method, const std::string& path, const std::string& body) {
  if (body.empty()) return c.call_raw(method, path, "", {});
  return c.call_raw(method, path, body, {{"Content-Type", "application/json"}});
}

//! `text` with each whole occurrence of `name` (not inside a longer code, number or date) as "<target>".
std::string masked(std::string text, const std::string& name) {
  if (name.empty()) return text;
  const auto part_of_token = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '-' || c == '.' || c == ':' || c == '_';
  };
  for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
    const bool starts = at == 0 || !part_of_token(text[at - 1]);
    const bool ends = at + name.size() == text.size() || !part_of_token(text[at + name.size()]);
    if (starts && ends) text.replace(at, name.size(), "<target>");
  }
  return text;
}

//! An answer with the parts that differ between any two answers (request id, instance) and the
//! target's own name taken out, so that a hidden target's answer and a missing one's can be compared.
std::string normalised(const HttpResponse& r, const std::string& name) {
  boost::system::error_code ec;
  json::value v = json::parse(r.body, ec);
  if (ec || !v.is_object()) return std::to_string(r.status) + " " + masked(r.body, name);
  auto& o = v.as_object();
  o.erase("requestId");
  o.erase("instance");
  for (const char* key : {"detail", "detailEn", "title"}) {
    if (o.contains(key) && o.at(key).is_string()) o[key] = masked(std::string(o.at(key).as_string()), name);
  }
  return std::to_string(r.status) + " " + r.header("content-type") + " " + json::serialize(v);
}

// ---- the world each backend's server holds, made through the API ---------------------------

//! The demo's member agencies and sectors (SetupService::load_demo), copied here: the oracle's own table.
const std::vector<std::pair<std::string, std::string>> kDemoAgencies{
    {"01-SNV", "01"}, {"01-HLHPN", "01"}, {"01-SYT", "01"},    {"01-SGDDT", "01"},
    {"79-SNV", "79"}, {"KSND", "VN"},     {"KSND-01", "KSND"}, {"KSND-79", "KSND"}};

struct UserDef {
  std::string login;
  std::vector<oracle::Grant> grants;  // the first is the home unit's role
};

// The matrix users: one per role at "01"; a user located at each matrix target, to be read and changed.
const std::vector<std::string> kMatrixTargets{"01", "00070", "79", "VN"};
std::string loc_login(const std::string& unit) {
  std::string l = "loc." + unit;
  for (auto& ch : l) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return l;
}

//! The probe's callers and the grants the test gives them.
std::vector<UserDef> user_defs() {
  std::vector<UserDef> users{
      {"root", {{"administrator", "VN"}}},
      {"p.viewer.vn", {{"viewer", "VN"}}},
      {"p.manager.01", {{"manager", "01"}}},
      {"p.approver.01", {{"approver", "01"}}},
      {"p.editor.hk", {{"editor", "00070"}}},
      {"p.approver.hk", {{"approver", "00070"}}},
      {"p.viewer.iabang", {{"viewer", "23710"}}},      // 23710 today: Xã Ia Băng; before the reform: Xã A Dơk
      {"p.approver.iabang", {{"approver", "23710"}}},  // reads the audit
      {"p.editor.iadok", {{"editor", "23869"}}},       // Xã Ia Dơk: what A Dơk (and Ia Kla) became
      {"p.manager.79", {{"manager", "79"}}},
      {"p.manager.08", {{"manager", "08"}}},  // Tuyên Quang today = former 02 Hà Giang + former 08
      // An Giang today (91) = former 89 An Giang + former 91 Kiên Giang; former 89's Xã Tân Phú (30622)
      // became Đồng Tháp's (82) Xã Tân Phú Trung (30259): the one former commune whose successor left its province.
      {"p.manager.91", {{"manager", "91"}}},
      {"p.viewer.82", {{"viewer", "82"}}},
      {"p.admin.ksnd", {{"administrator", "KSND"}}},
      {"p.approver.ks01", {{"approver", "KSND-01"}}},
      {"p.admin.snv", {{"administrator", "01-SNV"}}},
      {"p.editor.hlhpn", {{"editor", "01-HLHPN"}}},
      {"p.multi", {{"viewer", "79"}, {"editor", "00070"}, {"approver", "23710"}, {"manager", "KSND-79"}}},
  };
  for (const std::string role : {"administrator", "manager", "editor", "approver", "viewer"})
    users.push_back({"m." + role, {{role, "01"}}});
  for (const auto& t : kMatrixTargets) users.push_back({loc_login(t), {{"viewer", t}}});
  return users;
}

struct ReportRef {
  std::string form, code, period;
};

struct World {
  std::unique_ptr<ApiEnv> env;
  oracle::Model model{std::string(TIENBO_SOURCE_DIR) + "/data/admin-units"};
  std::map<std::string, UserDef> users;                          // login -> grants the test made
  std::map<std::string, std::unique_ptr<ApiClient>> clients;     // login -> signed in
  std::map<std::string, std::int64_t> committee_of;              // unit code -> a committee there
  std::vector<std::pair<std::int64_t, std::string>> committees;  // (id, unit code of today)
  std::vector<ReportRef> reports;                                // reports the probe aims at
  std::vector<std::pair<std::int64_t, int>> evidence;            // (id, the oracle's unit of its report)
  std::map<std::int64_t, std::string> notification_owner;        // notification id -> login
  std::string error;
  std::string stage;  // what build_world was doing
  std::atomic<int> counter{1};
};

std::map<db::Backend, std::unique_ptr<World>>& worlds() {
  static std::map<db::Backend, std::unique_ptr<World>> m;
  return m;
}

struct Teardown : ::testing::Environment {
  void TearDown() override { worlds().clear(); }
};
[[maybe_unused]] auto* const kTeardown = ::testing::AddGlobalTestEnvironment(new Teardown);

//! The oracle's unit of a report (resolved as of the end of its period, or today when that is later).
int report_unit(const oracle::Model& model, const ReportRef& r) {
  const std::string end =
      r.period.size() == 4
          ? r.period + "-12-31"
          : r.period.substr(0, 4) +
                (r.period.find('S') != std::string::npos && r.period.back() == '1' ? "-06-30" : "-12-31");
  return model.resolve(r.code, end);
}

std::string build_world(World& w, db::Backend backend) {
  services::ServiceOptions cheap;
  cheap.hashing = auth::PasswordHashOptions{1, 1024, 1};
  http::ServerOptions so;
  so.io_threads = 2;
  so.worker_threads = 4;
  http::ApiOptions api;  // as `tienbo serve` registers routes: /metrics included
  api.metrics = std::make_shared<http::Metrics>();
  so.metrics = api.metrics;
  w.env = start_api(backend, "authz", so, api, cheap);
  if (!w.env->scratch->available() || !w.env->error.empty()) return w.env->error;
  for (const auto& [code, parent] : kDemoAgencies) w.model.add_current(code, parent);
  std::string& stage = w.stage;
  const unsigned short port = w.env->server->port();
  ApiClient admin(port, "admin", kDemoPassword, true);
  auto must = [&](const HttpResponse& r, int status, const std::string& what) {
    if (r.status != status) throw std::runtime_error(what + ": " + std::to_string(r.status) + " " + r.body);
    return r.body.empty() ? json::value() : json::parse(r.body);
  };
  // The test's own grants, made through the API and kept in `users`.
  for (auto& u : user_defs()) {
    must(admin.call("POST", "/api/v1/users",
                    json::object{{"login", u.login},
                                 {"displayName", "Thử " + u.login},
                                 {"role", u.grants[0].role},
                                 {"unit", u.grants[0].unit},
                                 {"password", kFirstPassword},
                                 {"mustChangePassword", false}}),
         201, "user " + u.login);
    for (std::size_t i = 1; i < u.grants.size(); ++i) {
      must(admin.call("POST", "/api/v1/users/" + u.login + "/roles",
                      json::object{{"role", u.grants[i].role}, {"unit", u.grants[i].unit}}),
           200, "role for " + u.login);
    }
    w.users[u.login] = u;
  }
  // A password set by someone else must be changed at the first sign-in.
  for (const auto& [login, u] : w.users) {
    auto c = std::make_unique<ApiClient>(port, login, kFirstPassword, true);
    must(c->call("PUT", "/api/v1/me/password",
                 json::object{{"currentPassword", kFirstPassword}, {"newPassword", kUserPassword}}),
         204, "password of " + login);
    w.clients[login] = std::move(c);
  }
  ApiClient& root = *w.clients.at("root");
  // Committees (one member each) where the probe aims.
  for (const std::string code : {"01", "00070", "79", "VN", "23710", "23869", "08", "KSND-01", "01-SNV"}) {
    auto c = must(root.call("POST", "/api/v1/committees",
                            json::object{{"unit", code},
                                         {"nameVi", "Ban VSTBPN " + code},
                                         {"decisionNumber", "1/QĐ"},
                                         {"decisionDate", "2025-08-01"},
                                         {"establishedOn", "2025-08-01"}}),
                  201, "committee at " + code);
    stage = "committee " + json::serialize(c).substr(0, 300);
    const std::int64_t id = c.at("id").as_int64();
    w.committee_of[code] = id;
    w.committees.emplace_back(id, code);
    must(root.call(
             "POST", "/api/v1/committees/" + std::to_string(id) + "/members",
             json::object{{"fullName", "Nguyễn Văn A"}, {"sex", "M"}, {"role", "chair"}, {"termStart", "2025-08-01"}}),
         201, "member at " + code);
  }
  // Reports: the annual report of units of today (2025) and of former ones (2024), with values,
  // some submitted (revisions, a diff), and evidence.
  const std::vector<ReportRef> reports{
      {"BC_BDG_NAM", "00070", "2025"}, {"BC_BDG_NAM", "00082", "2025"},    {"BC_BDG_NAM", "01", "2025"},
      {"BC_BDG_NAM", "79", "2025"},    {"BC_BDG_NAM", "23710", "2025"},    {"BC_BDG_NAM", "23869", "2025"},
      {"BC_BDG_NAM", "08", "2025"},    {"BC_BDG_NAM", "01-HLHPN", "2025"}, {"BC_BDG_NAM", "KSND-01", "2025"},
      {"BC_BDG_NAM", "23710", "2024"}, {"BC_BDG_NAM", "23869", "2024"},    {"BC_BDG_NAM", "02", "2024"},
      {"BC_BDG_NAM", "08", "2024"},    {"BC_BDG_NAM", "00001", "2024"},    {"BC_BDG_NAM", "01", "2024"},
      {"BC_BDG_NAM", "30622", "2024"}, {"BC_BDG_NAM", "89", "2024"},       {"BC_BDG_NAM", "30259", "2025"},
  };
  int n = 0;
  for (const auto& r : reports) {
    const std::string path = "/api/v1/reports/" + r.form + "/" + r.code + "/" + r.period;
    auto saved = must(root.call("PUT", path,
                                json::object{{"version", 0},
                                             {"values", json::array{json::object{{"element", "BL_NAN_NHAN"},
                                                                                 {"option", "NU"},
                                                                                 {"value", std::to_string(7 + n)}}}}}),
                      200, "report " + path);
    auto e = must(root.call_raw("POST", path + "/evidence", "%PDF-1.4\n% probe\n",
                                {{"X-File-Name", "bien-ban.pdf"}, {"Content-Type", "application/pdf"}}),
                  201, "evidence " + path);
    w.evidence.emplace_back(e.at("id").as_int64(), report_unit(w.model, r));
    if (n % 2 == 0) {  // submitted: a revision; saved again and submitted again: a diff
      (void)root.call("POST", path + "/submit", json::object{{"version", saved.at("version").as_int64()}});
    }
    w.reports.push_back(r);
    ++n;
  }
  stage = "notifications";
  // Reminders for what is due, so that notifications exist.
  (void)w.env->services->notifications.send_due_reminders("2026-01-08");
  for (const auto& [login, c] : w.clients) {
    auto list = c->call("GET", "/api/v1/me/notifications?limit=5");
    if (list.status != 200) continue;
    const json::value parsed = json::parse(list.body);
    for (const auto& item : parsed.at("notifications").as_array()) {
      w.notification_owner[item.at("id").as_int64()] = login;
    }
  }
  return "";
}

World& world_for(db::Backend backend) {
  auto& slot = worlds()[backend];
  if (!slot) {
    slot = std::make_unique<World>();
    try {
      slot->error = build_world(*slot, backend);
    } catch (const std::exception& e) {
      slot->error = std::string(e.what()) + " (" + slot->stage + ")";
    }
  }
  return *slot;
}

class AuthzTest : public ::testing::TestWithParam<db::Backend> {
 protected:
  void SetUp() override {
    world_ = &world_for(GetParam());
    ASSERT_TRUE(world_->env);
    TIENBO_REQUIRE_DATABASE(*world_->env->scratch);
    ASSERT_EQ(world_->error, "");
  }
  [[nodiscard]] unsigned short port() const { return world_->env->server->port(); }
  World& world() { return *world_; }
  std::unique_ptr<ApiClient> signed_in(const std::string& login) {
    return std::make_unique<ApiClient>(port(), login, kUserPassword, true);
  }
  World* world_ = nullptr;
};

// ---- the matrix --------------------------------------------------------------------------

struct Endpoint {
  const char* name;
  Act act;
  // Builds (method, target, body) for a target unit; `n` makes payloads unique.
  std::function<std::tuple<std::string, std::string, std::string>(const std::string& unit, std::int64_t committee,
                                                                  int n)>
      make;
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
      {"GET unit", Act::UnitRead,
       [](auto& u, auto, int) {
         return T{"GET", "/api/v1/units/" + u, ""};
       },
       200},
      {"GET children", Act::UnitRead,
       [](auto& u, auto, int) {
         return T{"GET", "/api/v1/units?parent=" + u, ""};
       },
       200},
      {"GET ancestors", Act::UnitRead,
       [](auto& u, auto, int) {
         return T{"GET", "/api/v1/units/" + u + "/ancestors", ""};
       },
       200},
      {"GET descendants", Act::UnitRead,
       [](auto& u, auto, int) {
         return T{"GET", "/api/v1/units/" + u + "/descendants?limit=3", ""};
       },
       200},
      {"GET lineage", Act::UnitRead,
       [](auto& u, auto, int) {
         return T{"GET", "/api/v1/units/" + u + "/lineage", ""};
       },
       200},
      {"GET rebased", Act::UnitRead,
       [](auto& u, auto, int) {
         return T{"GET", "/api/v1/units/" + u + "/rebased", ""};
       },
       200},
      {"GET committees", Act::CommitteeRead,
       [](auto& u, auto, int) {
         return T{"GET", "/api/v1/committees?unit=" + u, ""};
       },
       200},
      {"GET committee", Act::CommitteeRead,
       [](auto&, auto c, int) {
         return T{"GET", "/api/v1/committees/" + std::to_string(c), ""};
       },
       200},
      {"GET members", Act::CommitteeRead,
       [](auto&, auto c, int) {
         return T{"GET", "/api/v1/committees/" + std::to_string(c) + "/members", ""};
       },
       200},
      {"GET stats", Act::CommitteeRead,
       [](auto&, auto c, int) {
         return T{"GET", "/api/v1/committees/" + std::to_string(c) + "/stats", ""};
       },
       200},
      {"GET consolidations", Act::CommitteeRead,
       [](auto&, auto c, int) {
         return T{"GET", "/api/v1/committees/" + std::to_string(c) + "/consolidations", ""};
       },
       200},
      {"GET user", Act::UserRead,
       [](auto& u, auto, int) {
         return T{"GET", "/api/v1/users/" + loc_login(u), ""};
       },
       200},
      {"POST unit", Act::UnitManage,
       [body](auto& u, auto, int n) {
         return T{"POST", "/api/v1/units",
                  body({{"code", "X" + std::to_string(n)},
                        {"nameVi", "Cơ quan thử " + std::to_string(n)},
                        {"type", "agency"},
                        {"parent", u},
                        {"validFrom", "2025-07-01"}})};
       },
       201, Act::UnitRead, 422},
      {"PUT unit", Act::UnitManage,
       [body](auto& u, auto, int n) {
         return T{"PUT", "/api/v1/units/" + u, body({{"nameEn", "Renamed " + std::to_string(n)}})};
       },
       200},
      {"POST committee", Act::CommitteeManage,
       [body](auto& u, auto, int n) {
         return T{"POST", "/api/v1/committees", body({{"unit", u}, {"nameVi", "Ban thử " + std::to_string(n)}})};
       },
       201},
      {"PUT committee", Act::CommitteeManage,
       [body](auto&, auto c, int n) {
         return T{"PUT", "/api/v1/committees/" + std::to_string(c),
                  body({{"nameEn", "Committee " + std::to_string(n)}})};
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
         json::array members{
             json::object{{"fullName", "Lê Văn " + std::to_string(n)}, {"sex", "M"}, {"role", "member"}}};
         return T{"POST", "/api/v1/committees/" + std::to_string(c) + "/consolidations",
                  body({{"decisionNumber", std::to_string(n) + "/QĐ"},
                        {"decisionDate", "2026-01-05"},
                        {"effectiveDate", "2026-01-10"},
                        {"newMembers", members}})};
       },
       201},
      {"POST user", Act::UserManage,
       [body](auto& u, auto, int n) {
         return T{"POST", "/api/v1/users",
                  body({{"login", "new." + std::to_string(n)},
                        {"role", "viewer"},
                        {"unit", u},
                        {"password", "Tam-thoi-2026x"}})};
       },
       201, Act::UnitRead, 422},
      {"PUT user", Act::UserManage,
       [body](auto& u, auto, int n) {
         return T{"PUT", "/api/v1/users/" + loc_login(u), body({{"displayName", "Người " + std::to_string(n)}})};
       },
       200, Act::UserRead},
      {"GET official values", Act::DataRead,
       [](auto& u, auto, int) {
         return T{"GET", "/api/v1/official-values?ou=" + u, ""};
       },
       200},
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
  const std::map<std::string, const char*> relation{
      {"01", "own"}, {"00070", "child"}, {"79", "sibling"}, {"VN", "parent"}};
  static std::atomic<int> counter{1000};
  int checked = 0;
  for (const std::string role : {"administrator", "manager", "editor", "approver", "viewer"}) {
    auto client = signed_in("m." + role);
    for (const auto& ep : endpoints()) {
      for (const auto& target : kMatrixTargets) {
        const int n = counter++ + (GetParam() == db::Backend::Postgres ? 100000 : 0);
        auto [method, path, body] = ep.make(target, world().committee_of.at(target), n);
        auto r = send(*client, method, path, body);
        if (std::string(ep.name) == "POST unit" && r.status == 201)
          world().model.add_current("X" + std::to_string(n), target);
        const bool allowed = role_has(role, ep.act) && in_scope_of_01.at(target);
        const bool seen = in_scope_of_01.at(target) && role_has(role, ep.seen);
        const int expected = allowed ? ep.success : !is_write(ep.act) ? 404 : seen ? 403 : ep.unseen;
        EXPECT_EQ(r.status, expected) << role << "@01 " << ep.name << " on " << relation.at(target) << " unit "
                                      << target << ": " << method << " " << path << "\n"
                                      << r.body;
        ++checked;
      }
    }
    // The audit trail: readable by roles with AuditRead, and only within scope.
    auto audit = client->call("GET", "/api/v1/audit?limit=1000");
    if (role_has(role, Act::AuditRead)) {
      ASSERT_EQ(audit.status, 200) << role;
      const int hanoi = world().model.resolve("01", kToday);
      int entries = 0;
      const json::value parsed1 = json::parse(audit.body);
      for (const auto& e : parsed1.as_object().at("entries").as_array()) {
        const auto& unit = e.as_object().at("unit");
        ASSERT_TRUE(unit.is_string()) << role << " sees a system entry: " << json::serialize(e);
        const std::string code(unit.as_string());
        // Entries name a unit by code; one of the meanings of that code must lie under 01.
        const bool under_01 = world().model.under(hanoi, world().model.resolve(code, kToday)) ||
                              world().model.covers(hanoi, world().model.resolve(code, "2025-01-01"), false);
        EXPECT_TRUE(under_01) << role << "@01 sees an audit entry of unit " << code;
        ++entries;
      }
      EXPECT_GT(entries, 0) << role;
    } else {
      EXPECT_EQ(audit.status, 403) << role;
    }
  }
  EXPECT_EQ(checked, 5 * static_cast<int>(endpoints().size()) * 4);
}

TEST_P(AuthzTest, SignedOutAndForgedRequestsAreRefused) {
  auto r = http_request(port(), "GET", "/api/v1/units/01");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  auto me = http_request(port(), "GET", "/api/v1/me");
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 401);
  // A signed-in client whose CSRF token is missing cannot change anything.
  auto client = signed_in("m.administrator");
  auto cookie_client = signed_in("m.administrator");
  auto get = cookie_client->call("GET", "/api/v1/me");
  ASSERT_EQ(get.status, 200);
  // Re-sign in to grab the cookie without the CSRF header.
  auto sign = http_request(port(), "POST", "/api/v1/session",
                           json::serialize(json::object{{"login", "m.administrator"}, {"password", kUserPassword}}),
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
  EXPECT_EQ(json::parse(check.body).as_object().at("nameEn").as_string().find("Forged"), std::string::npos);
  // Signing out ends the session.
  auto out = client->call("DELETE", "/api/v1/session");
  EXPECT_EQ(out.status, 204);
  EXPECT_EQ(client->call("GET", "/api/v1/me").status, 401);
}

// Issue #12: a write to something outside the caller's scope answered 403 while a missing one
// answered 404, so logins, committee ids and unit codes could be enumerated. Each pair below is
// (a real target the caller cannot see, a target that does not exist): the answers must be the
// same but for the name or id the request itself sent.
TEST_P(AuthzTest, TargetsOutsideTheScopeAnswerExactlyLikeMissingOnes) {
  const std::string c79 = std::to_string(world().committee_of.at("79"));
  const std::string none = "987654321";
  struct Pair {
    std::string login, method, hidden, missing, hidden_name, missing_name, body;
  };
  const auto body = [](json::object o) { return json::serialize(o); };
  const std::vector<Pair> pairs{
      {"m.manager", "PUT", "/api/v1/committees/" + c79, "/api/v1/committees/" + none, c79, none,
       body({{"nameEn", "X"}})},
      {"m.manager", "POST", "/api/v1/committees/" + c79 + "/members", "/api/v1/committees/" + none + "/members", c79,
       none, body({{"fullName", "Trần Thị Thử"}, {"sex", "F"}, {"role", "member"}})},
      {"m.manager", "POST", "/api/v1/committees/" + c79 + "/members/1/end",
       "/api/v1/committees/" + none + "/members/1/end", c79, none, body({{"termEnd", "2026-01-31"}})},
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
       body({{"code", "X-HIDDEN"},
             {"nameVi", "Cơ quan thử"},
             {"type", "agency"},
             {"parent", "79"},
             {"validFrom", "2025-07-01"}})},
      {"m.manager", "POST", "/api/v1/committees", "/api/v1/committees", "79", "NOPE79",
       body({{"unit", "79"}, {"nameVi", "Ban thử"}})},
      {"m.manager", "PUT", "/api/v1/official-values/CL_DAN_SO/79/2025", "/api/v1/official-values/CL_DAN_SO/NOPE79/2025",
       "79", "NOPE79", body({{"value", 1}, {"dataSource", "Cục Thống kê"}})},
      {"m.editor", "PUT", "/api/v1/reports/BC_BDG_NAM/79/2025", "/api/v1/reports/BC_BDG_NAM/NOPE79/2025", "79",
       "NOPE79", body({{"version", 0}, {"values", json::array{}}})},
  };
  for (const auto& pr : pairs) {
    auto client = signed_in(pr.login);
    std::string missing_body = pr.body;
    for (auto at = missing_body.find("\"79\""); at != std::string::npos; at = missing_body.find("\"79\"")) {
      missing_body.replace(at, 4, "\"NOPE79\"");
    }
    auto hidden = send(*client, pr.method, pr.hidden, pr.body);
    auto missing =
        send(*client, pr.method, pr.missing, pr.method == "POST" && pr.hidden == pr.missing ? missing_body : pr.body);
    EXPECT_EQ(normalised(hidden, pr.hidden_name), normalised(missing, pr.missing_name))
        << pr.login << " " << pr.method << " " << pr.hidden << " vs " << pr.missing;
    EXPECT_TRUE(hidden.status == 404 || hidden.status == 422) << pr.method << " " << pr.hidden << ": " << hidden.body;
  }
  // Where the caller can see the target but may not change it, 403 stays: it reveals nothing.
  auto viewer = signed_in("m.viewer");
  auto seen = send(*viewer, "PUT", "/api/v1/committees/" + std::to_string(world().committee_of.at("01")),
                   body({{"nameEn", "X"}}));
  EXPECT_EQ(seen.status, 403) << seen.body;
}

// ---- the randomised probe ------------------------------------------------------------------

//! Every "METHOD path" of docs/openapi.yaml, read as text: a path is a line "  /…:" under `paths:`,
//! its operations the lines "    get:", "    post:", … below it.
std::set<std::string> openapi_operations() {
  std::ifstream in(std::string(TIENBO_SOURCE_DIR) + "/docs/openapi.yaml");
  std::set<std::string> out;
  std::string line, path;
  bool in_paths = false;
  const std::regex path_line("^  (/[^ ]*):\\s*$");
  const std::regex op_line("^    (get|put|post|delete|patch):\\s*$");
  std::smatch m;
  while (std::getline(in, line)) {
    if (line.rfind("paths:", 0) == 0) {
      in_paths = true;
      continue;
    }
    if (in_paths && !line.empty() && line[0] != ' ' && line[0] != '#') break;
    if (!in_paths) continue;
    if (std::regex_match(line, m, path_line)) {
      path = m[1];
    } else if (!path.empty() && std::regex_match(line, m, op_line)) {
      std::string method = m[1];
      for (auto& ch : method) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      out.insert(method + " " + path);
    }
  }
  return out;
}

struct Req {
  std::string method, path, body;
  std::vector<std::pair<std::string, std::string>> headers;
};

Req get(const std::string& path) { return {"GET", path, "", {}}; }
Req with_json(const std::string& method, const std::string& path, const json::object& body) {
  return {method, path, json::serialize(body), {{"Content-Type", "application/json"}}};
}

//! What the oracle expects of one request.
struct Probe {
  Req req;
  enum class Expect { Allowed, Forbidden, Hidden, Status } expect = Expect::Allowed;
  int status = 0;           // Expect::Status
  std::set<int> ok;         // Allowed: the statuses that may answer (empty: any but 401/403/404/5xx)
  std::optional<Req> twin;  // Hidden: the same request at a target that does not exist
  std::string hidden_name, missing_name;
  //! On a 200: a leak found in the answer's items ("" when none).
  std::function<std::string(const json::value&)> items;
  std::function<void(const HttpResponse&)> after;  // bookkeeping of what an allowed write made
};

const char* kMissingId = "987654321";

class Prober {
 public:
  Prober(World& w, std::mt19937& rng, const std::string& backend_tag) : w_(w), rng_(rng), tag_(backend_tag) {}

  std::size_t pick(std::size_t n) { return rng_() % n; }
  template <typename T>
  const T& one(const std::vector<T>& v) {
    return v[pick(v.size())];
  }
  int next() { return w_.counter++; }
  const oracle::Model& model() const { return w_.model; }
  ApiClient& root() { return *w_.clients.at("root"); }

  //! A probe on a unit-owned target: allowed, forbidden (403, only where the caller sees it) or
  //! hidden (answered exactly as `twin`, the same request naming a target that does not exist).
  Probe scoped(const UserDef& u, Act act, int unit, Req req, Req twin, std::string hidden, std::string missing,
               std::optional<Act> seen_with = std::nullopt) {
    Probe p;
    p.req = std::move(req);
    if (model().allows(u.grants, act, unit)) {
      p.expect = Probe::Expect::Allowed;
    } else if (is_write(act) && model().allows(u.grants, seen_with.value_or(oracle::seeing(act)), unit)) {
      p.expect = Probe::Expect::Forbidden;
    } else {
      p.expect = Probe::Expect::Hidden;
      p.twin = std::move(twin);
      p.hidden_name = std::move(hidden);
      p.missing_name = std::move(missing);
    }
    return p;
  }
  static Probe fixed(Req req, int status) {
    Probe p;
    p.req = std::move(req);
    p.expect = Probe::Expect::Status;
    p.status = status;
    return p;
  }

  // Targets: codes of today, former codes (with a date of their era), reused codes, and a missing one.
  struct UnitPick {
    std::string code;
    std::string date;  // empty: today
  };
  UnitPick any_unit() {
    if (caller_ && pick(3) == 0)
      return {one(caller_->grants).unit, ""};  // half the probes aim within the caller's scope
    static const std::vector<UnitPick> kUnits{{"VN", ""},
                                              {"01", ""},
                                              {"00070", ""},
                                              {"00082", ""},
                                              {"79", ""},
                                              {"26734", ""},
                                              {"08", ""},
                                              {"23710", ""},
                                              {"23869", ""},
                                              {"KSND", ""},
                                              {"KSND-01", ""},
                                              {"KSND-79", ""},
                                              {"01-SNV", ""},
                                              {"01-HLHPN", ""},
                                              {"79-SNV", ""},
                                              {"23710", "2024-06-01"},
                                              {"23869", "2025-01-01"},
                                              {"08", "2025-01-01"},
                                              {"02", "2025-01-01"},
                                              {"00001", "2025-01-01"},
                                              {"01", "2024-12-31"},
                                              {"23716", "2025-06-30"},
                                              {"02", ""},  // 02: no unit today
                                              {"89", "2025-01-01"},
                                              {"30622", "2025-01-01"},
                                              {"30259", ""},
                                              {"91", ""},
                                              {"82", ""},
                                              {"89", ""},
                                              {"NOPE9", ""}};
    const auto& extra = made_units_;
    if (!extra.empty() && pick(6) == 0) return {one(extra), ""};
    return one(kUnits);
  }
  UnitPick current_unit() {
    for (;;) {
      auto u = any_unit();
      if (u.date.empty()) return u;
    }
  }
  int resolve(const UnitPick& u) const { return model().resolve(u.code, u.date.empty() ? kToday : u.date); }
  static std::string as_of(const UnitPick& u, char sep) {
    return u.date.empty() ? "" : std::string(1, sep) + "asOf=" + u.date;
  }

  //! Every item of a list whose unit the caller may not `act` on, as text.
  std::string leak_in(const UserDef& u, Act act, const json::value& list, const char* key, const std::string& date,
                      const std::string& what) const {
    if (!list.is_array()) return what + ": not a list";
    for (const auto& item : list.as_array()) {
      const auto* v = item.as_object().if_contains(key);
      if (!v || !v->is_string()) continue;
      const std::string code(v->as_string());
      if (!model().allows(u.grants, act, model().resolve(code, date))) return what + " shows " + json::serialize(item);
    }
    return "";
  }

  void made_unit(const std::string& code) { made_units_.push_back(code); }
  //! A report, one the caller may read half of the time.
  const ReportRef& report() {
    if (caller_ && pick(2) == 0) {
      std::vector<const ReportRef*> mine;
      for (const auto& r : w_.reports) {
        if (model().allows(caller_->grants, Act::DataRead, report_unit(model(), r))) mine.push_back(&r);
      }
      if (!mine.empty()) return *one(mine);
    }
    return one(w_.reports);
  }
  //! A committee (id, unit), one the caller may read half of the time.
  std::pair<std::int64_t, std::string> committee() {
    if (caller_ && pick(2) == 0) {
      std::vector<std::pair<std::int64_t, std::string>> mine;
      for (const auto& c : w_.committees) {
        if (model().allows(caller_->grants, Act::CommitteeRead, model().resolve(c.second, kToday))) mine.push_back(c);
      }
      if (!mine.empty()) return one(mine);
    }
    return one(w_.committees);
  }
  const UserDef* caller_ = nullptr;

  World& w_;
  std::mt19937& rng_;
  std::string tag_;
  std::vector<std::string> made_units_;
};

using Builder = std::function<Probe(Prober&, const UserDef&, ApiClient&)>;

std::string period_end(const std::string& pe) { return pe + "-12-31"; }

//! How to build a probe for each route of docs/openapi.yaml.
std::map<std::string, Builder> builders() {
  std::map<std::string, Builder> b;
  auto text = [](const std::string& s) { return json::value(s); };
  (void)text;

  // -- public and own-account routes: no unit scope
  b["GET /healthz"] = [](Prober&, const UserDef&, ApiClient&) { return Prober::fixed(get("/healthz"), 200); };
  b["GET /api/v1/version"] = [](Prober&, const UserDef&, ApiClient&) {
    return Prober::fixed(get("/api/v1/version"), 200);
  };
  // Not scoped to a unit: the probe's client is on loopback without a proxy header, where /metrics
  // answers anyone (elsewhere it needs the bearer token; tests/http/operations_test.cpp).
  b["GET /metrics"] = [](Prober&, const UserDef&, ApiClient&) { return Prober::fixed(get("/metrics"), 200); };
  b["POST /api/v1/password-policy/check"] = [](Prober&, const UserDef&, ApiClient&) {
    return Prober::fixed(with_json("POST", "/api/v1/password-policy/check", {{"password", "Binh-dang-2030"}}), 200);
  };
  b["POST /api/v1/session"] = [](Prober&, const UserDef& u, ApiClient&) {
    return Prober::fixed(with_json("POST", "/api/v1/session", {{"login", u.login}, {"password", kUserPassword}}), 200);
  };
  b["DELETE /api/v1/session"] = [](Prober&, const UserDef&, ApiClient&) {
    // Answered for the probe's own throw-away session (see run_probe).
    return Prober::fixed({"DELETE", "/api/v1/session", "", {}}, 204);
  };
  b["GET /api/v1/me"] = [](Prober&, const UserDef& u, ApiClient&) {
    auto p = Prober::fixed(get("/api/v1/me"), 200);
    p.items = [login = u.login](const json::value& v) {
      return v.at("login").as_string() == login ? std::string() : "another user's profile: " + json::serialize(v);
    };
    return p;
  };
  b["PUT /api/v1/me/password"] = [](Prober&, const UserDef&, ApiClient&) {
    // The current password is wrong: refused, whoever asks, and nothing changes.
    return Prober::fixed(with_json("PUT", "/api/v1/me/password",
                                   {{"currentPassword", "Sai-mat-khau-2026"}, {"newPassword", "Moi-mat-khau-2027"}}),
                         422);
  };
  b["GET /api/v1/me/notifications"] = [](Prober& pr, const UserDef& u, ApiClient&) {
    auto p = Prober::fixed(get("/api/v1/me/notifications?limit=50"), 200);
    p.items = [&pr, u](const json::value& v) -> std::string {
      for (const auto& n : v.at("notifications").as_array()) {
        const auto id = n.at("id").as_int64();
        auto owner = pr.w_.notification_owner.find(id);
        if (owner != pr.w_.notification_owner.end() && owner->second != u.login)
          return "another user's notification " + json::serialize(n);
      }
      return "";
    };
    return p;
  };
  b["POST /api/v1/me/notifications/{id}/read"] = [](Prober& pr, const UserDef& u, ApiClient&) {
    std::vector<std::pair<std::int64_t, std::string>> all(pr.w_.notification_owner.begin(),
                                                          pr.w_.notification_owner.end());
    Probe p;
    const std::string id = all.empty() ? std::string(kMissingId) : std::to_string(pr.one(all).first);
    p.req = {"POST", "/api/v1/me/notifications/" + id + "/read", "", {}};
    const bool own = !all.empty() && pr.w_.notification_owner[std::stoll(id)] == u.login;
    if (own) {
      p.ok = {204};
    } else {
      p.expect = Probe::Expect::Hidden;
      p.twin = Req{"POST", std::string("/api/v1/me/notifications/") + kMissingId + "/read", "", {}};
      p.hidden_name = id;
      p.missing_name = kMissingId;
    }
    return p;
  };

  // -- users: a user belongs to its home unit
  auto target_user = [](Prober& pr) -> std::string {
    static const std::vector<std::string> logins{"loc.01",         "loc.00070",       "loc.79",       "loc.vn",
                                                 "p.editor.hk",    "p.viewer.iabang", "p.manager.79", "p.approver.ks01",
                                                 "p.editor.hlhpn", "p.multi",         "root"};
    return pr.one(logins);
  };
  auto home = [](Prober& pr, const std::string& login) {
    return pr.model().resolve(pr.w_.users.at(login).grants[0].unit, kToday);
  };
  b["GET /api/v1/users"] = [](Prober& pr, const UserDef& u, ApiClient&) {
    auto p = Prober::fixed(get("/api/v1/users?limit=5000"), 200);
    p.items = [&pr, u](const json::value& v) {
      return pr.leak_in(u, Act::UserRead, v.at("users"), "unit", kToday, "the user list");
    };
    return p;
  };
  b["POST /api/v1/users"] = [](Prober& pr, const UserDef& u, ApiClient&) {
    auto t = pr.current_unit();
    const std::string login = "n." + pr.tag_ + "." + std::to_string(pr.next());
    auto body = [&](const std::string& unit) {
      return json::object{{"login", login}, {"role", "viewer"}, {"unit", unit}, {"password", "Tam-thoi-2026x"}};
    };
    return pr.scoped(u, Act::UserManage, pr.resolve(t), with_json("POST", "/api/v1/users", body(t.code)),
                     with_json("POST", "/api/v1/users", body("NOPE" + t.code)), t.code, "NOPE" + t.code, Act::UnitRead);
  };
  b["GET /api/v1/users/{login}"] = [target_user, home](Prober& pr, const UserDef& u, ApiClient&) {
    const std::string who = target_user(pr);
    return pr.scoped(u, Act::UserRead, home(pr, who), get("/api/v1/users/" + who), get("/api/v1/users/no.such.login"),
                     who, "no.such.login");
  };
  b["PUT /api/v1/users/{login}"] = [target_user, home](Prober& pr, const UserDef& u, ApiClient&) {
    const std::string who = target_user(pr);
    const json::object body{{"displayName", "Người thử " + std::to_string(pr.next())}};
    return pr.scoped(u, Act::UserManage, home(pr, who), with_json("PUT", "/api/v1/users/" + who, body),
                     with_json("PUT", "/api/v1/users/no.such.login", body), who, "no.such.login");
  };
  // The password, roles and revocation probes aim at the located users only (never a prober).
  auto loc_user = [](Prober& pr) { return loc_login(pr.one(kMatrixTargets)); };
  b["POST /api/v1/users/{login}/password"] = [loc_user, home](Prober& pr, const UserDef& u, ApiClient&) {
    const std::string who = loc_user(pr);
    const json::object body{{"newPassword", "Mat-khau-moi-" + std::to_string(pr.next())}};
    return pr.scoped(u, Act::UserManage, home(pr, who), with_json("POST", "/api/v1/users/" + who + "/password", body),
                     with_json("POST", "/api/v1/users/no.such.login/password", body), who, "no.such.login");
  };
  b["POST /api/v1/users/{login}/roles"] = [loc_user, home](Prober& pr, const UserDef& u, ApiClient&) {
    const std::string who = loc_user(pr);
    const json::object body{{"role", "viewer"}, {"unit", pr.w_.users.at(who).grants[0].unit}};
    return pr.scoped(u, Act::UserManage, home(pr, who), with_json("POST", "/api/v1/users/" + who + "/roles", body),
                     with_json("POST", "/api/v1/users/no.such.login/roles", body), who, "no.such.login");
  };
  b["DELETE /api/v1/users/{login}/roles/{role}/{unit}"] = [loc_user, home](Prober& pr, const UserDef& u, ApiClient&) {
    const std::string who = loc_user(pr);
    const std::string unit = pr.w_.users.at(who).grants[0].unit;
    // The grant exists before each probe: root gives it again.
    (void)pr.root().call("POST", "/api/v1/users/" + who + "/roles", json::object{{"role", "viewer"}, {"unit", unit}});
    return pr.scoped(u, Act::UserManage, home(pr, who),
                     {"DELETE", "/api/v1/users/" + who + "/roles/viewer/" + unit, "", {}},
                     {"DELETE", "/api/v1/users/no.such.login/roles/viewer/" + unit, "", {}}, who, "no.such.login");
  };

  // -- search: every unit and narrative it shows is within the caller's scope
  b["GET /api/v1/search"] = [](Prober& pr, const UserDef& u, ApiClient&) {
    static const std::vector<std::string> words{"ia",         "hoan",  "ha%20noi",  "phuong", "xa",
                                                "kiem%20sat", "tuyen", "bao%20luc", "a%20dok"};
    auto p = Prober::fixed(get("/api/v1/search?limit=100&q=" + pr.one(words)), 200);
    p.items = [&pr, u](const json::value& v) -> std::string {
      for (const auto& h : v.at("units").as_array()) {
        const std::string ref(h.at("ref").as_string());
        const auto at = ref.find('@');
        const std::string code = ref.substr(0, at);
        const std::string date = at == std::string::npos || ref.substr(at + 1).empty() ? kToday : ref.substr(at + 1);
        if (!pr.model().allows(u.grants, Act::UnitRead, pr.model().resolve(code, date)))
          return "search shows unit " + json::serialize(h);
      }
      for (const auto& h : v.at("narratives").as_array()) {
        const std::string ref(h.at("ref").as_string());  // form/unit/period
        const auto a = ref.find('/');
        const auto c = ref.find('/', a + 1);
        const ReportRef r{ref.substr(0, a), ref.substr(a + 1, c - a - 1), ref.substr(c + 1)};
        if (!pr.model().allows(u.grants, Act::DataRead, report_unit(pr.model(), r)))
          return "search shows narrative " + json::serialize(h);
      }
      return "";
    };
    return p;
  };

  // -- units
  b["GET /api/v1/units"] = [](Prober& pr, const UserDef& u, ApiClient&) {
    if (pr.pick(5) == 0) {  // the caller's own top units
      auto p = Prober::fixed(get("/api/v1/units"), 200);
      p.items = [&pr, u](const json::value& v) {
        return pr.leak_in(u, Act::UnitRead, v.at("units"), "code", kToday, "the top units");
      };
      return p;
    }
    auto t = pr.any_unit();
    auto p = pr.scoped(u, Act::UnitRead, pr.resolve(t), get("/api/v1/units?parent=" + t.code + Prober::as_of(t, '&')),
                       get("/api/v1/units?parent=NOPE" + t.code + Prober::as_of(t, '&')), t.code, "NOPE" + t.code);
    const std::string date = t.date.empty() ? kToday : t.date;
    p.items = [&pr, u, date](const json::value& v) {
      return pr.leak_in(u, Act::UnitRead, v.at("units"), "code", date, "the children");
    };
    return p;
  };
  b["POST /api/v1/units"] = [](Prober& pr, const UserDef& u, ApiClient&) {
    auto t = pr.current_unit();
    const std::string code = "PX" + pr.tag_ + std::to_string(pr.next());
    auto body = [&](const std::string& parent) {
      return json::object{{"code", code},
                          {"nameVi", "Cơ quan thử " + code},
                          {"type", "agency"},
                          {"parent", parent},
                          {"validFrom", "2025-07-01"}};
    };
    auto p =
        pr.scoped(u, Act::UnitManage, pr.resolve(t), with_json("POST", "/api/v1/units", body(t.code)),
                  with_json("POST", "/api/v1/units", body("NOPE" + t.code)), t.code, "NOPE" + t.code, Act::UnitRead);
    p.after = [&pr, code, parent = t.code](const HttpResponse& r) {
      if (r.status != 201) return;
      pr.w_.model.add_current(code, parent);
      pr.made_unit(code);
      // Analytics and progress know a new unit once their snapshot, scheduled by the commit, is
      // built (docs/architecture.md: subscribers schedule, never build on the request's thread):
      // the oracle's world takes the unit in when the server's does.
      for (int i = 0; i < 200; ++i) {
        if (pr.root().call("GET", "/api/v1/progress?year=2025&ou=" + code).status != 404) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    };
    return p;
  };
  b["GET /api/v1/units/{code}"] = [](Prober& pr, const UserDef& u, ApiClient&) {
    auto t = pr.any_unit();
    return pr.scoped(u, Act::UnitRead, pr.resolve(t), get("/api/v1/units/" + t.code + Prober::as_of(t, '?')),
                     get("/api/v1/units/NOPE" + t.code + Prober::as_of(t, '?')), t.code, "NOPE" + t.code);
  };
  b["PUT /api/v1/units/{code}"] = [](Prober& pr, const UserDef& u, ApiClient&) {
    auto t = pr.current_unit();
    const std::string marker = "probe-" + pr.tag_ + "-" + std::to_string(pr.next());
    auto p =
        pr.scoped(u, Act::UnitManage, pr.resolve(t), with_json("PUT", "/api/v1/units/" + t.code, {{"nameEn", marker}}),
                  with_json("PUT", "/api/v1/units/NOPE" + t.code, {{"nameEn", marker}}), t.code, "NOPE" + t.code);
    if (p.expect != Probe::Expect::Allowed && pr.resolve(t) >= 0) {  // a refusal changes nothing
      p.after = [&pr, t, marker](const HttpResponse&) {
        auto now = pr.root().call("GET", "/api/v1/units/" + t.code);
        EXPECT_EQ(now.body.find(marker), std::string::npos) << "a refused PUT changed unit " << t.code;
      };
    }
    return p;
  };
  for (const std::string sub : {"ancestors", "descendants", "lineage", "rebased"}) {
    b["GET /api/v1/units/{code}/" + sub] = [sub](Prober& pr, const UserDef& u, ApiClient&) {
      auto t = pr.any_unit();
      const std::string q = sub == "descendants" ? "?limit=50" + Prober::as_of(t, '&') : Prober::as_of(t, '?');
      auto p = pr.scoped(u, Act::UnitRead, pr.resolve(t), get("/api/v1/units/" + t.code + "/" + sub + q),
                         get("/api/v1/units/NOPE" + t.code + "/" + sub + q), t.code, "NOPE" + t.code);
      if (sub == "descendants" || sub == "ancestors") {
        const std::string date = t.date.empty() ? kToday : t.date;
        p.items = [&pr, u, date](const json::value& v) {
          return pr.leak_in(u, Act::UnitRead, v.at("units"), "code", date, "the list");
        };
      }
      return p;
    };
  }

  // -- committees: a committee belongs to its unit
  b["GET /api/v1/committees"] = [](Prober& pr, const UserDef& u, ApiClient&) {
    auto t = pr.current_unit();
    return pr.scoped(u, Act::CommitteeRead, pr.resolve(t), get("/api/v1/committees?unit=" + t.code),
                     get("/api/v1/committees?unit=NOPE" + t.code), t.code, "NOPE" + t.code);
  };
  b["POST /api/v1/committees"] = [](Prober& pr, const UserDef& u, ApiClient&) {
    auto t = pr.current_unit();
    auto body = [&](const std::string& unit) {
      return json::object{{"unit", unit}, {"nameVi", "Ban thử " + std::to_string(pr.next())}};
    };
    auto p = pr.scoped(u, Act::CommitteeManage, pr.resolve(t), with_json("POST", "/api/v1/committees", body(t.code)),
                       with_json("POST", "/api/v1/committees", body("NOPE" + t.code)), t.code, "NOPE" + t.code);
    p.after = [&pr, code = t.code](const HttpResponse& r) {
      if (r.status == 201) pr.w_.committees.emplace_back(json::parse(r.body).at("id").as_int64(), code);
    };
    return p;
  };
  auto committee_probe = [](Act act, std::string method, std::string tail,
                            std::function<json::object(Prober&)> body) -> Builder {
    return [=](Prober& pr, const UserDef& u, ApiClient&) {
      const auto [id, code] = pr.committee();
      const std::string sid = std::to_string(id);
      std::string t = tail;
      if (t.find("{member}") != std::string::npos) {  // a member of its own to end
        auto m = pr.root().call(
            "POST", "/api/v1/committees/" + sid + "/members",
            json::object{{"fullName", "Lê Thị Thử"}, {"sex", "F"}, {"role", "member"}, {"termStart", "2025-08-01"}});
        t.replace(t.find("{member}"), 8,
                  m.status == 201 ? std::to_string(json::parse(m.body).at("id").as_int64()) : "1");
      }
      auto req = [&](const std::string& i) {
        const std::string path = "/api/v1/committees/" + i + t;
        return method == "GET" ? get(path) : with_json(method, path, body(pr));
      };
      return pr.scoped(u, act, pr.model().resolve(code, kToday), req(sid), req(kMissingId), sid, kMissingId);
    };
  };
  auto none = [](Prober&) { return json::object{}; };
  b["GET /api/v1/committees/{id}"] = committee_probe(Act::CommitteeRead, "GET", "", none);
  b["PUT /api/v1/committees/{id}"] = committee_probe(Act::CommitteeManage, "PUT", "", [](Prober& pr) {
    return json::object{{"nameEn", "Committee " + std::to_string(pr.next())}};
  });
  b["GET /api/v1/committees/{id}/members"] = committee_probe(Act::CommitteeRead, "GET", "/members", none);
  b["POST /api/v1/committees/{id}/members"] = committee_probe(Act::CommitteeManage, "POST", "/members", [](Prober& pr) {
    return json::object{{"fullName", "Trần Thị " + std::to_string(pr.next())}, {"sex", "F"}, {"role", "member"}};
  });
  b["POST /api/v1/committees/{id}/members/{member}/end"] =
      committee_probe(Act::CommitteeManage, "POST", "/members/{member}/end", [](Prober&) {
        return json::object{{"termEnd", "2026-01-31"}};
      });
  b["GET /api/v1/committees/{id}/consolidations"] = committee_probe(Act::CommitteeRead, "GET", "/consolidations", none);
  b["POST /api/v1/committees/{id}/consolidations"] =
      committee_probe(Act::CommitteeManage, "POST", "/consolidations", [](Prober& pr) {
        const int n = pr.next();
        return json::object{
            {"decisionNumber", std::to_string(n) + "/QĐ"},
            {"decisionDate", "2026-01-05"},
            {"effectiveDate", "2026-01-10"},
            {"newMembers",
             json::array{json::object{{"fullName", "Lê Văn " + std::to_string(n)}, {"sex", "M"}, {"role", "member"}}}}};
      });
  b["GET /api/v1/committees/{id}/stats"] = committee_probe(Act::CommitteeRead, "GET", "/stats", none);

  // -- forms and indicators: the catalogue is public to signed-in users; national deadlines
  b["GET /api/v1/forms"] = [](Prober&, const UserDef&, ApiClient&) { return Prober::fixed(get("/api/v1/forms"), 200); };
  b["GET /api/v1/forms/{code}"] = [](Prober&, const UserDef&, ApiClient&) {
    return Prober::fixed(get("/api/v1/forms/BC_BDG_NAM"), 200);
  };
  b["PUT /api/v1/forms/{code}/deadlines/{unitType}"] = [](Prober& pr, const UserDef& u, ApiClient&) {
    const bool national = pr.model().allows(u.grants, Act::CommitteeManage, pr.model().resolve("VN", kToday));
    return Prober::fixed(with_json("PUT", "/api/v1/forms/BC_CHIEN_LUOC/deadlines/province",
                                   {{"monthOffset", 1}, {"day", 15}, {"source", "Quyết định thử / test"}}),
                         national ? 200 : 403);
  };
  b["GET /api/v1/indicators"] = [](Prober&, const UserDef&, ApiClient&) {
    return Prober::fixed(get("/api/v1/indicators"), 200);
  };
  b["GET /api/v1/indicators/{code}"] = [](Prober&, const UserDef&, ApiClient&) {
    return Prober::fixed(get("/api/v1/indicators/CL_3_2A"), 200);
  };
  b["PUT /api/v1/indicators/{code}/targets/{unit}"] = [](Prober& pr, const UserDef& u, ApiClient&) {
    auto t = pr.current_unit();
    const json::object body{{"targets", json::array{}}};
    return pr.scoped(u, Act::CommitteeManage, pr.resolve(t),
                     with_json("PUT", "/api/v1/indicators/CL_3_2A/targets/" + t.code, body),
                     with_json("PUT", "/api/v1/indicators/CL_3_2A/targets/NOPE" + t.code, body), t.code,
                     "NOPE" + t.code, Act::DataRead);
  };
  b["GET /api/v1/indicators/{code}/progress"] = [](Prober& pr, const UserDef& u, ApiClient&) {
    auto t = pr.any_unit();
    return pr.scoped(u, Act::DataRead, pr.model().latest(t.code),
                     get("/api/v1/indicators/CL_3_2A/progress?year=2025&ou=" + t.code),
                     get("/api/v1/indicators/CL_3_2A/progress?year=2025&ou=NOPE" + t.code), t.code, "NOPE" + t.code);
  };
  b["GET /api/v1/progress"] = [](Prober& pr, const UserDef& u, ApiClient&) {
    auto t = pr.any_unit();
    return pr.scoped(u, Act::DataRead, pr.model().latest(t.code), get("/api/v1/progress?year=2025&ou=" + t.code),
                     get("/api/v1/progress?year=2025&ou=NOPE" + t.code), t.code, "NOPE" + t.code);
  };

  // -- analytics: `ou` is today's unit (else the latest of that code); with asOf=true each period
  //    reads what the code meant then, which must be within the scope too (the reform's reused codes)
  b["GET /api/v1/analytics"] = [](Prober& pr, const UserDef& u, ApiClient&) {
    auto t = pr.any_unit();
    const bool as_of = pr.pick(2) == 0;
    const bool children = pr.pick(3) == 0;
    const std::string pe = pr.pick(2) == 0 ? "2024;2025" : pr.pick(2) == 0 ? "2024" : "2025";
    // Reporting rates of the whole nation take seconds each under ASan: asked below the nation only.
    const std::string dx = pr.pick(2) == 0 || t.code == "VN" ? "BL_NAN_NHAN" : "BL_NAN_NHAN;BC_BDG_NAM.REPORTING_RATE";
    auto q = [&](const std::string& code) {
      return get("/api/v1/analytics?dx=" + dx + "&ou=" + code + (children ? ":children" : "") + "&pe=" + pe +
                 "&asOf=" + (as_of ? "true" : "false"));
    };
    auto p =
        pr.scoped(u, Act::DataRead, pr.model().latest(t.code), q(t.code), q("NOPE" + t.code), t.code, "NOPE" + t.code);
    p.items = [&pr, u, as_of](const json::value& v) -> std::string {
      for (const auto& row : v.at("rows").as_array()) {
        const std::string ou(row.at("ou").as_string());
        const std::string date = as_of ? period_end(std::string(row.at("pe").as_string())) : kToday;
        if (!pr.model().allows(u.grants, Act::DataRead, pr.model().resolve(ou, date))) {
          return std::string("analytics (asOf=") + (as_of ? "true" : "false") + ") shows " + json::serialize(row);
        }
      }
      return "";
    };
    return p;
  };
  b["GET /api/v1/analytics/status"] = [](Prober&, const UserDef&, ApiClient&) {
    return Prober::fixed(get("/api/v1/analytics/status"), 200);
  };
  b["GET /api/v1/official-values"] = [](Prober& pr, const UserDef& u, ApiClient&) {
    auto t = pr.current_unit();
    auto p = pr.scoped(u, Act::DataRead, pr.resolve(t), get("/api/v1/official-values?ou=" + t.code),
                       get("/api/v1/official-values?ou=NOPE" + t.code), t.code, "NOPE" + t.code);
    p.items = [&pr, u](const json::value& v) {
      return pr.leak_in(u, Act::DataRead, v.at("officialValues"), "unit", kToday, "official values");
    };
    return p;
  };
  auto official = [](std::string method) -> Builder {
    return [method](Prober& pr, const UserDef& u, ApiClient&) {
      auto t = pr.current_unit();
      const json::object body{{"value", pr.next()}, {"dataSource", "Cục Thống kê — thử / test"}};
      const std::string path = "/api/v1/official-values/CL_DAN_SO/" + t.code + "/2025";
      if (method == "DELETE") (void)pr.root().call("PUT", path, body);  // something to delete
      auto req = [&](const std::string& code) {
        const std::string pth = "/api/v1/official-values/CL_DAN_SO/" + code + "/2025";
        return method == "PUT" ? with_json("PUT", pth, body) : Req{"DELETE", pth, "", {}};
      };
      return pr.scoped(u, Act::CommitteeManage, pr.resolve(t), req(t.code), req("NOPE" + t.code), t.code,
                       "NOPE" + t.code, Act::DataRead);
    };
  };
  b["PUT /api/v1/official-values/{element}/{unit}/{period}"] = official("PUT");
  b["DELETE /api/v1/official-values/{element}/{unit}/{period}"] = official("DELETE");

  // -- reports: a report belongs to the unit its code names at the end of its period
  auto report_probe = [](Act act, std::string method, std::string tail,
                         std::function<json::object(Prober&)> body) -> Builder {
    return [=](Prober& pr, const UserDef& u, ApiClient&) {
      ReportRef r = pr.report();
      auto req = [&](const std::string& code) {
        const std::string path = "/api/v1/reports/" + r.form + "/" + code + "/" + r.period + tail;
        if (method == "GET") return get(path);
        if (tail == "/evidence")
          return Req{
              "POST", path, "%PDF-1.4\n% probe\n", {{"X-File-Name", "thu.pdf"}, {"Content-Type", "application/pdf"}}};
        return with_json(method, path, body(pr));
      };
      const int unit = report_unit(pr.model(), r);
      Probe p = pr.scoped(u, act, unit, req(r.code), req("NOPE" + r.code), r.code, "NOPE" + r.code);
      if (tail == "/reopen" && p.expect == Probe::Expect::Allowed) {
        // Reopening also needs data.approve on the level above, or unit.manage on the unit.
        const int parent = pr.model().unit(unit).parent;
        if (!pr.model().allows(u.grants, Act::DataApprove, parent) &&
            !pr.model().allows(u.grants, Act::UnitManage, unit)) {
          p.expect = Probe::Expect::Forbidden;
        }
      }
      if (tail == "/evidence" && method == "POST") {
        p.after = [&pr, unit](const HttpResponse& resp) {
          if (resp.status == 201) pr.w_.evidence.emplace_back(json::parse(resp.body).at("id").as_int64(), unit);
        };
      }
      return p;
    };
  };
  auto version = [](Prober&) { return json::object{{"version", 0}}; };
  b["GET /api/v1/reports/{form}/{unit}/{period}"] = report_probe(Act::DataRead, "GET", "", none);
  b["PUT /api/v1/reports/{form}/{unit}/{period}"] = report_probe(Act::DataEdit, "PUT", "", [](Prober&) {
    return json::object{{"version", 0}, {"values", json::array{}}};
  });
  b["POST /api/v1/reports/{form}/{unit}/{period}/submit"] = report_probe(Act::DataEdit, "POST", "/submit", version);
  b["POST /api/v1/reports/{form}/{unit}/{period}/approve"] =
      report_probe(Act::DataApprove, "POST", "/approve", version);
  b["POST /api/v1/reports/{form}/{unit}/{period}/return"] =
      report_probe(Act::DataApprove, "POST", "/return", [](Prober&) {
        return json::object{{"version", 0}, {"comment", "Cần bổ sung"}};
      });
  b["POST /api/v1/reports/{form}/{unit}/{period}/reopen"] =
      report_probe(Act::DataApprove, "POST", "/reopen", [](Prober&) {
        return json::object{{"version", 0}, {"comment", "Phát hiện sai số liệu"}};
      });
  b["POST /api/v1/reports/{form}/{unit}/{period}/withdraw"] = report_probe(Act::DataEdit, "POST", "/withdraw", version);
  b["POST /api/v1/reports/{form}/{unit}/{period}/consolidate"] =
      report_probe(Act::DataEdit, "POST", "/consolidate", version);
  b["POST /api/v1/reports/{form}/{unit}/{period}/waive-children"] =
      report_probe(Act::DataApprove, "POST", "/waive-children", [](Prober&) {
        return json::object{{"reason", "Kiểm thử"}};
      });
  b["POST /api/v1/reports/{form}/{unit}/{period}/evidence"] = report_probe(Act::DataEdit, "POST", "/evidence", none);
  b["GET /api/v1/reports/{form}/{unit}/{period}/evidence"] = report_probe(Act::DataRead, "GET", "/evidence", none);
  b["GET /api/v1/reports/{form}/{unit}/{period}/revisions"] = report_probe(Act::DataRead, "GET", "/revisions", none);
  b["GET /api/v1/reports/{form}/{unit}/{period}/diff"] = [report_probe, none](Prober& pr, const UserDef& u,
                                                                              ApiClient& c) {
    Probe p = report_probe(Act::DataRead, "GET", "/diff?from=1&to=2", none)(pr, u, c);
    p.ok = {
        200,
        404};  // 404 when the report has fewer than two submissions (the hidden case is compared with a missing unit)
    return p;
  };
  auto evidence_probe = [](Act act, std::string method) -> Builder {
    return [=](Prober& pr, const UserDef& u, ApiClient&) {
      std::pair<std::int64_t, int> e = pr.one(pr.w_.evidence);
      if (method == "DELETE") {  // a file of its own to delete
        ReportRef r = pr.report();
        auto made =
            pr.root().call_raw("POST", "/api/v1/reports/" + r.form + "/" + r.code + "/" + r.period + "/evidence",
                               "%PDF-1.4\n%\n", {{"X-File-Name", "xoa.pdf"}, {"Content-Type", "application/pdf"}});
        if (made.status == 201) e = {json::parse(made.body).at("id").as_int64(), report_unit(pr.model(), r)};
      }
      const std::string id = std::to_string(e.first);
      Probe p = pr.scoped(u, act, e.second, {method, "/api/v1/evidence/" + id, "", {}},
                          {method, std::string("/api/v1/evidence/") + kMissingId, "", {}}, id, kMissingId);
      p.after = [&pr, id = e.first](const HttpResponse& r) {
        if (r.status == 204) std::erase_if(pr.w_.evidence, [id](const auto& x) { return x.first == id; });
      };
      return p;
    };
  };
  b["GET /api/v1/evidence/{id}"] = evidence_probe(Act::DataRead, "GET");
  b["DELETE /api/v1/evidence/{id}"] = evidence_probe(Act::DataEdit, "DELETE");
  b["GET /api/v1/completeness"] = [](Prober& pr, const UserDef& u, ApiClient&) {
    ReportRef r = pr.report();
    auto q = [&](const std::string& code) {
      return get("/api/v1/completeness?form=" + r.form + "&period=" + r.period + "&unit=" + code);
    };
    auto p =
        pr.scoped(u, Act::DataRead, report_unit(pr.model(), r), q(r.code), q("NOPE" + r.code), r.code, "NOPE" + r.code);
    p.items = [&pr, u, r](const json::value& v) {
      return pr.leak_in(u, Act::DataRead, v.at("rows"), "unit", period_end(r.period), "completeness");
    };
    return p;
  };
  // Reports across units: each listed one within the scope the caller asked for.
  b["GET /api/v1/reports"] = [](Prober& pr, const UserDef& u, ApiClient&) {
    static const std::vector<std::pair<std::string, Act>> kScopes{
        {"approve", Act::DataApprove}, {"edit", Act::DataEdit}, {"read", Act::DataRead}};
    const auto& [scope, act] = pr.one(kScopes);
    auto p = Prober::fixed(get("/api/v1/reports?limit=200&scope=" + scope), 200);
    p.items = [&pr, u, act = act](const json::value& v) -> std::string {
      for (const auto& r : v.at("reports").as_array()) {
        const ReportRef ref{std::string(r.at("form").as_string()), std::string(r.at("unit").as_string()),
                            std::string(r.at("period").as_string())};
        if (!pr.model().allows(u.grants, act, report_unit(pr.model(), ref)))
          return "the list shows " + json::serialize(r).substr(0, 300);
      }
      return "";
    };
    return p;
  };
  // Approving many: always 200; each report refused exactly as a single approval would be.
  b["POST /api/v1/reports/approvals"] = [](Prober& pr, const UserDef& u, ApiClient&) {
    ReportRef r = pr.report();
    const json::object body{
        {"reports",
         json::array{json::object{{"form", r.form}, {"unit", r.code}, {"period", r.period}, {"version", 2}}}}};
    auto p = Prober::fixed(with_json("POST", "/api/v1/reports/approvals", body), 200);
    const int unit = report_unit(pr.model(), r);
    p.items = [&pr, u, unit](const json::value& v) -> std::string {
      const auto& result = v.at("results").as_array().at(0).as_object();
      const int got = result.contains("problem") ? static_cast<int>(result.at("problem").at("status").as_int64()) : 200;
      if (pr.model().allows(u.grants, Act::DataApprove, unit)) {
        return got == 200 || got == 409 || got == 422 ? "" : "an allowed approval answered " + std::to_string(got);
      }
      const int expect = pr.model().allows(u.grants, Act::DataRead, unit) ? 403 : 404;
      return got == expect
                 ? ""
                 : "a refused approval answered " + std::to_string(got) + ", the oracle says " + std::to_string(expect);
    };
    return p;
  };
  // Reminding: data.edit or data.approve on the unit (403 where it is only read; hidden elsewhere).
  b["POST /api/v1/completeness/reminders"] = [](Prober& pr, const UserDef& u, ApiClient&) {
    ReportRef r = pr.report();
    auto req = [&](const std::string& code) {
      return with_json("POST", "/api/v1/completeness/reminders",
                       json::object{{"form", r.form}, {"period", r.period}, {"unit", code}});
    };
    const int unit = report_unit(pr.model(), r);
    Probe p = pr.scoped(u, Act::DataApprove, unit, req(r.code), req("NOPE" + r.code), r.code, "NOPE" + r.code);
    if (p.expect != Probe::Expect::Allowed && pr.model().allows(u.grants, Act::DataEdit, unit)) {
      p.expect = Probe::Expect::Allowed;
      p.twin.reset();
    }
    return p;
  };
  b["GET /api/v1/me/reports-due"] = [](Prober& pr, const UserDef& u, ApiClient&) {
    auto p = Prober::fixed(get("/api/v1/me/reports-due?today=2026-01-08"), 200);
    p.items = [&pr, u](const json::value& v) -> std::string {
      for (const auto& d : v.at("reports").as_array()) {
        const ReportRef r{std::string(d.at("form").as_string()), std::string(d.at("unit").as_string()),
                          std::string(d.at("period").as_string())};
        if (!pr.model().allows(u.grants, Act::DataEdit, report_unit(pr.model(), r)))
          return "reports due shows " + json::serialize(d);
      }
      return "";
    };
    return p;
  };

  // -- the audit log: entries of units within the scope only
  b["GET /api/v1/audit"] = [](Prober& pr, const UserDef& u, ApiClient&) {
    const bool reads = std::any_of(u.grants.begin(), u.grants.end(),
                                   [](const oracle::Grant& g) { return role_has(g.role, Act::AuditRead); });
    static const std::vector<std::string> filters{"", "&entityType=report", "&entityType=unit", "&entityType=user",
                                                  "&entityType=committee"};
    auto p = Prober::fixed(get("/api/v1/audit?limit=1000" + pr.one(filters)), reads ? 200 : 403);
    p.items = [&pr, u](const json::value& v) -> std::string {
      for (const auto& e : v.at("entries").as_array()) {
        const auto& unit = e.at("unit");
        if (!unit.is_string()) {  // a system entry (package loads, set-up): the nation's own
          if (pr.model().allows(u.grants, Act::AuditRead, pr.model().resolve("VN", kToday))) continue;
          return "a system entry: " + json::serialize(e);
        }
        const std::string code(unit.as_string());
        // Reports, units and evidence are resolved exactly; otherwise the code today, or before the reform.
        const std::string type(e.at("entityType").as_string());
        const std::string id(e.at("entityId").as_string());
        int target = -1;
        bool exact = false;
        if (type == "report" && std::count(id.begin(), id.end(), '/') == 2) {
          const auto a = id.find('/'), c = id.rfind('/');
          target = report_unit(pr.model(), {id.substr(0, a), id.substr(a + 1, c - a - 1), id.substr(c + 1)});
          exact = true;
        } else if (type == "unit" && id.find('@') != std::string::npos) {
          target = pr.model().resolve(id.substr(0, id.find('@')), id.substr(id.find('@') + 1));
          exact = true;
        } else if (type == "evidence") {
          // Exact for a file the probe made (ids are never given twice, on either backend).
          for (const auto& [eid, unit_of] : pr.w_.evidence) {
            if (std::to_string(eid) == id) target = unit_of, exact = true;
          }
        }
        const bool ok = exact ? pr.model().allows(u.grants, Act::AuditRead, target)
                              : pr.model().allows(u.grants, Act::AuditRead, pr.model().resolve(code, kToday)) ||
                                    pr.model().allows(u.grants, Act::AuditRead, pr.model().resolve(code, "2025-01-01"));
        if (!ok) {
          return "the audit log shows " + json::serialize(e).substr(0, 400) + " (oracle: " +
                 (exact ? "exact unit " + std::to_string(target)
                        : "by code: today " + std::to_string(pr.model().resolve(code, kToday)) + ", 2025-01-01 " +
                              std::to_string(pr.model().resolve(code, "2025-01-01"))) +
                 ")";
        }
      }
      return "";
    };
    return p;
  };
  return b;
}

// These two need no server: plain tests, so that ctest does not build a world for them.
TEST(AuthzOracle, EveryRouteOfTheSpecHasAProbe) {
  const auto spec = openapi_operations();
  ASSERT_GT(spec.size(), 60u);
  const auto map = builders();
  for (const auto& op : spec) EXPECT_TRUE(map.count(op)) << "no probe for " << op << " (add one to builders())";
  for (const auto& [op, _] : map)
    EXPECT_TRUE(spec.count(op)) << "a probe for " << op << ", which docs/openapi.yaml does not have";
}

TEST(AuthzOracle, TheOracleReadsTheReformFromTheDataFiles) {
  const oracle::Model m(std::string(TIENBO_SOURCE_DIR) + "/data/admin-units");
  // 23710 is today Xã Ia Băng; before the reform it was Xã A Dơk, which became Xã Ia Dơk (23869).
  const int ia_bang = m.resolve("23710", kToday);
  const int a_dok = m.resolve("23710", "2024-12-31");
  ASSERT_GE(ia_bang, 0);
  ASSERT_GE(a_dok, 0);
  EXPECT_NE(ia_bang, a_dok);
  EXPECT_EQ(m.unit(a_dok).successors, std::vector<int>{m.resolve("23869", kToday)});
  EXPECT_FALSE(m.covers(ia_bang, a_dok, false));
  EXPECT_TRUE(m.covers(m.resolve("23869", kToday), a_dok, false));
  EXPECT_FALSE(m.covers(m.resolve("23869", kToday), a_dok, true));  // former units are written only from above
  // Tuyên Quang (08) today is former Hà Giang (02) and former Tuyên Quang (08).
  EXPECT_TRUE(m.covers(m.resolve("08", kToday), m.resolve("02", "2024-01-01"), false));
  EXPECT_TRUE(m.covers(m.resolve("08", kToday), m.resolve("08", "2024-01-01"), false));
  EXPECT_EQ(m.resolve("02", kToday), -1);
  EXPECT_EQ(m.former_count(), 63u + 10047u + 5u);
}

// Found by the oracle: former An Giang (89) is readable by An Giang's manager today (91) through
// what it became, but its Xã Tân Phú (30622) became Đồng Tháp's Xã Tân Phú Trung (30259), outside
// that scope. Lists under a former unit showed every child of it: children, descendants and the
// analytics rows of `89:children` as of 2024 named Tân Phú, which GET /units/30622 hides (404).
TEST_P(AuthzTest, AFormerUnitsListsShowOnlyWhatTheCallerMayRead) {
  auto& m = world().model;
  const auto& manager = world().users.at("p.manager.91");
  ASSERT_TRUE(m.allows(manager.grants, Act::UnitRead, m.resolve("89", "2025-01-01")));
  ASSERT_FALSE(m.allows(manager.grants, Act::UnitRead, m.resolve("30622", "2025-01-01")));
  ApiClient& c = *world().clients.at("p.manager.91");
  EXPECT_EQ(c.call("GET", "/api/v1/units/30622?asOf=2025-01-01").status, 404);
  for (const std::string path :
       {"/api/v1/units?parent=89&asOf=2025-01-01", "/api/v1/units/89/descendants?asOf=2025-01-01&limit=5000"}) {
    auto r = c.call("GET", path);
    ASSERT_EQ(r.status, 200) << path << "\n" << r.body;
    int shown = 0;
    const json::value v = json::parse(r.body);
    for (const auto& unit : v.at("units").as_array()) {
      const std::string code(unit.at("code").as_string());
      EXPECT_TRUE(m.allows(manager.grants, Act::UnitRead, m.resolve(code, "2025-01-01")))
          << path << " shows " << json::serialize(unit);
      ++shown;
    }
    EXPECT_GT(shown, 50) << path;  // the rest of former An Giang is there
  }
  for (const std::string dx : {"BL_NAN_NHAN", "BC_BDG_NAM.REPORTING_RATE"}) {
    auto r = c.call("GET", "/api/v1/analytics?dx=" + dx + "&ou=89:children&pe=2024&asOf=true");
    ASSERT_EQ(r.status, 200) << r.body;
    const json::value v = json::parse(r.body);
    for (const auto& row : v.at("rows").as_array()) {
      EXPECT_NE(row.at("ou").as_string(), "30622") << "analytics shows " << json::serialize(row);
    }
    EXPECT_EQ(r.body.find("Tân Phú\""), std::string::npos) << "the item names show Xã Tân Phú";
  }
  // Đồng Tháp's viewer reads former Tân Phú through what it became.
  EXPECT_EQ(world().clients.at("p.viewer.82")->call("GET", "/api/v1/units/30622?asOf=2025-01-01").status, 200);
}

TEST_P(AuthzTest, RandomisedProbeOfEveryRouteNeverCrossesAScope) {
  const auto spec = openapi_operations();
  auto map = builders();
  std::vector<std::string> routes;
  for (const auto& op : spec) {
    if (map.count(op)) routes.push_back(op);
  }
  ASSERT_EQ(routes.size(), spec.size());
  std::vector<const UserDef*> callers;
  for (const auto& [login, u] : world().users) {
    if (login.rfind("loc.", 0) != 0) callers.push_back(&u);
  }
  const bool sqlite = GetParam() == db::Backend::Sqlite;
  std::mt19937 rng(sqlite ? 20251115u : 20251215u);
  if (const char* seed = std::getenv("TIENBO_TEST_SEED")) rng.seed(static_cast<unsigned>(std::stoul(seed)));
  Prober pr(world(), rng, sqlite ? "s" : "p");
  int kProbes = 10000;
  if (const char* n = std::getenv("TIENBO_AUTHZ_PROBES")) kProbes = std::stoi(n);
  std::map<std::string, int> per_route;
  std::map<std::string, double> seconds;  // wall time per route, printed to find slow probes
  int allowed = 0, forbidden = 0, hidden = 0, fixed = 0, items_checked = 0, twins = 0, leaks = 0;
  for (int i = 0; i < kProbes; ++i) {
    const std::string& route =
        routes[i < static_cast<int>(routes.size()) ? static_cast<std::size_t>(i) : pr.pick(routes.size())];
    const UserDef& u = *callers[pr.pick(callers.size())];
    ApiClient& c = *world().clients.at(u.login);
    pr.caller_ = &u;
    const auto started = std::chrono::steady_clock::now();
    Probe p = map.at(route)(pr, u, c);
    std::unique_ptr<ApiClient> own;  // signing out ends a session of the probe's own
    ApiClient* client = &c;
    if (route == "DELETE /api/v1/session") {
      own = std::make_unique<ApiClient>(port(), u.login, kUserPassword);
      client = own.get();
    }
    const HttpResponse r = client->call_raw(p.req.method, p.req.path, p.req.body, p.req.headers);
    ++per_route[route];
    const std::string what = u.login + " " + p.req.method + " " + p.req.path + " (" + route + ")";
    std::string leak;
    if (r.status == 0 || r.status >= 500) {
      leak = "answered " + std::to_string(r.status);
    } else {
      switch (p.expect) {
        case Probe::Expect::Status:
          ++fixed;
          if (r.status != p.status) leak = "expected " + std::to_string(p.status);
          break;
        case Probe::Expect::Allowed:
          ++allowed;
          if (p.ok.empty() ? (r.status == 401 || r.status == 403 || r.status == 404) : !p.ok.count(r.status))
            leak = "refused what the oracle allows";
          break;
        case Probe::Expect::Forbidden:
          ++forbidden;
          if (r.status != 403) leak = "expected 403 (the caller sees the target but may not change it)";
          break;
        case Probe::Expect::Hidden: {
          ++hidden;
          const HttpResponse t = client->call_raw(p.twin->method, p.twin->path, p.twin->body, p.twin->headers);
          ++twins;
          if (r.status != 404 && r.status != 422) {
            leak = "a target outside the scope answered " + std::to_string(r.status) + ", not 404/422";
          } else if (normalised(r, p.hidden_name) != normalised(t, p.missing_name)) {
            leak =
                "a target outside the scope answers unlike a missing one:\n  hidden:  " + normalised(r, p.hidden_name) +
                "\n  missing: " + normalised(t, p.missing_name);
          }
          break;
        }
      }
    }
    if (leak.empty() && r.status == 200 && p.items) {
      boost::system::error_code ec;
      const auto v = json::parse(r.body, ec);
      if (!ec) {
        leak = p.items(v);
        ++items_checked;
      }
    }
    if (p.after) p.after(r);
    seconds[route] += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!leak.empty()) {
      ++leaks;
      ADD_FAILURE() << what << ": " << leak << "\n  answer " << r.status << ": " << r.body.substr(0, 600);
      if (leaks >= 40) break;
    }
  }
  EXPECT_EQ(leaks, 0);
  EXPECT_GT(hidden, kProbes / 10);  // the probe exercises refusals, not only successes
  EXPECT_GT(allowed, kProbes / 10);
  std::cout << "[ probe    ] " << kProbes << " probes over " << routes.size() << " operations by " << callers.size()
            << " users: " << allowed << " allowed, " << forbidden << " forbidden (403), " << hidden
            << " hidden (each compared with a missing target, " << twins << " extra requests), " << fixed
            << " unscoped; " << items_checked << " lists checked item by item; " << leaks << " leaks\n";
  std::vector<std::pair<double, std::string>> slow;
  for (const auto& [route, t] : seconds) slow.emplace_back(t, route);
  std::sort(slow.rbegin(), slow.rend());
  for (std::size_t i = 0; i < slow.size() && i < 8; ++i) {
    std::cout << "[ probe    ]   " << slow[i].second << ": " << per_route[slow[i].second] << " probes, "
              << slow[i].first << " s\n";
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthzTest, ::testing::Values(db::Backend::Sqlite, db::Backend::Postgres),
                         BackendName());

}  // namespace
}  // namespace tienbo::test
