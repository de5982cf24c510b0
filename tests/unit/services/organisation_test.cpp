// The organisation services (units with the 2025 reform, committees, users,
// sessions, the audit trail) over both backends, on the real administrative
// units and the demo data. Loading them takes a while (seconds on PostgreSQL),
// so each process loads them once per backend and the tests share that
// database: tests that change data use codes and logins of their own.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "test_support.hpp"
#include "tienbo/auth/password.hpp"
#include "tienbo/auth/token.hpp"
#include "tienbo/core/date.hpp"
#include "tienbo/core/member_role.hpp"
#include "tienbo/db/migrations.hpp"
#include "tienbo/services/audit_service.hpp"
#include "tienbo/services/committee_service.hpp"
#include "tienbo/services/search_service.hpp"
#include "tienbo/services/session_service.hpp"
#include "tienbo/services/setup_service.hpp"
#include "tienbo/services/unit_service.hpp"
#include "tienbo/services/user_service.hpp"
#include "tienbo/store/sql_store.hpp"

namespace tienbo::core {
//! "E3003" instead of a byte dump in failure messages.
inline void PrintTo(ErrorCode code, std::ostream* os) { *os << error_code_id(code); }
}  // namespace tienbo::core

namespace tienbo::services {
namespace {

using auth::Role;
using core::ErrorCode;
using std::chrono::system_clock;
using store::Access;
using namespace std::chrono_literals;

const auth::PasswordHashOptions kFastHash{1, 1024, 1};
const Actor kActor{"tester", "req-test"};
const std::string kDay = "2026-01-01";  // a day after the reform, before anything the tests add
const std::string kPassword = "Mat-khau-2026";

// ---- shared databases ----------------------------------------------------------

struct Env {
  std::unique_ptr<test::ScratchDatabase> scratch;  // destroyed last
  std::unique_ptr<db::Database> db;
  std::unique_ptr<store::Store> store;
  std::string error;  // why the set-up failed, empty when it worked
};

// Opens `url`, migrates it to head and, with `with_data`, loads the package and the demo data.
std::string fill(db::Backend backend, const std::string& url_text, bool with_data) {
  auto url = db::parse_database_url(url_text);
  if (!url) return "parse url: " + url.error().message_en;
  db::PoolOptions o;
  o.mode = db::OpenMode::CreateIfMissing;
  auto d = db::open_database(*url, o);
  if (!d) return "open: " + d.error().message_en;
  auto m = db::select_migrations(db::embedded_migrations(), backend);
  if (!m) return "select migrations: " + m.error().message_en;
  {
    auto c = (*d)->acquire();
    if (!c) return "acquire: " + c.error().message_en;
    auto applied = db::migrate(**c, *m);
    if (!applied) return "migrate: " + applied.error().message_en;
  }
  if (with_data) {
    auto st = store::make_sql_store(**d);
    SetupService setup(*st);
    auto package = setup.load_package("vn-gender-equality", kActor);
    if (!package) return "load_package: " + package.error().message_en;
    auto demo = setup.load_demo(kActor);
    if (!demo) return "load_demo: " + demo.error().message_en;
  }
  return "";
}

std::shared_ptr<Env> make_env(db::Backend backend, bool with_data) {
  auto env = std::make_shared<Env>();
  // The real units and the demo data are loaded once per build into a template
  // that every test process copies; an empty database is migrated directly.
  env->scratch =
      with_data ? std::make_unique<test::ScratchDatabase>(
                      backend, "services_demo", [backend](const std::string& url) { return fill(backend, url, true); })
                : std::make_unique<test::ScratchDatabase>(backend);
  if (!env->scratch->error().empty()) {
    env->error = "template: " + env->scratch->error();
    return env;
  }
  if (!env->scratch->available()) return env;
  if (!with_data) {
    env->error = fill(backend, env->scratch->url(), false);
    if (!env->error.empty()) return env;
  }
  auto url = db::parse_database_url(env->scratch->url());
  if (!url) {
    env->error = "parse url: " + url.error().message_en;
    return env;
  }
  auto d = db::open_database(*url, {});
  if (!d) {
    env->error = "open: " + d.error().message_en;
    return env;
  }
  env->db = std::move(*d);
  env->store = store::make_sql_store(*env->db);
  return env;
}

std::map<db::Backend, std::shared_ptr<Env>>& shared_envs() {
  static std::map<db::Backend, std::shared_ptr<Env>> envs;
  return envs;
}

// Drops the shared databases after the last test, while everything is still alive.
class DropSharedDatabases : public ::testing::Environment {
 public:
  void TearDown() override { shared_envs().clear(); }
};
[[maybe_unused]] ::testing::Environment* const kDropShared =
    ::testing::AddGlobalTestEnvironment(new DropSharedDatabases);

std::shared_ptr<Env> shared_env(db::Backend backend) {
  auto& envs = shared_envs();
  auto it = envs.find(backend);
  if (it == envs.end()) it = envs.emplace(backend, make_env(backend, true)).first;
  return it->second;
}

// Codes, logins and addresses no other test uses.
std::string unique(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return prefix + std::to_string(++counter);
}
std::string unique_address() {
  static std::atomic<int> counter{0};
  const int n = ++counter;
  return "10.77." + std::to_string(n / 250) + "." + std::to_string(n % 250 + 1);
}

template <typename T>
std::string why(const core::Result<T>& r) {
  return r ? std::string() : core::error_code_id(r.error().code) + " " + r.error().message_en;
}

template <typename T>
::testing::AssertionResult FailsWith(const core::Result<T>& r, ErrorCode code,
                                     const std::optional<std::string>& field = std::nullopt) {
  if (r) return ::testing::AssertionFailure() << "succeeded; expected " << core::error_code_id(code);
  const auto& e = r.error();
  if (e.code != code) {
    return ::testing::AssertionFailure() << "failed with " << core::error_code_id(e.code) << " (" << e.message_en
                                         << "); expected " << core::error_code_id(code);
  }
  if (field && e.field != *field) {
    return ::testing::AssertionFailure() << "field is \"" << e.field << "\"; expected \"" << *field << "\" ("
                                         << e.message_en << ")";
  }
  if (e.message_vi.empty() || e.message_en.empty()) {
    return ::testing::AssertionFailure() << "the error lacks a message in one language";
  }
  return ::testing::AssertionSuccess();
}

class ServicesTest : public ::testing::TestWithParam<db::Backend> {
 protected:
  void SetUp() override {
    env_ = shared_env(GetParam());
    TIENBO_REQUIRE_DATABASE(*env_->scratch);
    ASSERT_TRUE(env_->error.empty()) << env_->error;
  }

  store::Store& store() { return *env_->store; }

  //! The id of the unit with `code` valid on `as_of`, or -1 (and a failure).
  std::int64_t id_of(const std::string& code, const std::string& as_of = kDay) {
    auto tx = store().begin(Access::Read);
    if (!tx) {
      ADD_FAILURE() << why(tx);
      return -1;
    }
    auto u = (*tx)->units().find_by_code(code, as_of);
    if (!u || !*u) {
      ADD_FAILURE() << "no unit " << code << " on " << as_of << " " << why(u);
      return -1;
    }
    return (**u).id;
  }

  Principal as(Role role, const std::string& unit_code, const std::string& login = "tester") {
    Principal p;
    p.login = login;
    p.request_id = "req-test";
    p.grants = {{role, id_of(unit_code)}};
    return p;
  }

  //! A user made with a cheap hash; returns the login.
  std::string new_user(const std::string& prefix, const std::string& role, const std::string& unit_code,
                       const std::string& password = kPassword) {
    UserService users(store(), kFastHash);
    AddUserCommand cmd;
    cmd.login = unique(prefix);
    cmd.display_name = "Người dùng thử";
    cmd.role = role;
    cmd.unit_code = unit_code;
    cmd.password = password;
    auto id = users.add_user(cmd, kActor);
    EXPECT_TRUE(id) << why(id);
    return cmd.login;
  }

  std::shared_ptr<Env> env_;
};

std::set<std::string> codes_of(const std::vector<UnitView>& views) {
  std::set<std::string> out;
  for (const auto& v : views) out.insert(v.unit.code);
  return out;
}

// ---- units --------------------------------------------------------------------

class Units : public ServicesTest {};

TEST_P(Units, CurrentTreeHas34ProvincesAnd3321Communes) {
  auto tx = store().begin(Access::Read);
  ASSERT_TRUE(tx) << why(tx);
  auto provinces = (*tx)->units().count(kDay, std::string("province"));
  auto communes = (*tx)->units().count(kDay, std::string("commune"));
  auto districts = (*tx)->units().count(kDay, std::string("district"));
  ASSERT_TRUE(provinces && communes && districts);
  EXPECT_EQ(*provinces, 34);
  EXPECT_EQ(*communes, 3321);
  EXPECT_EQ(*districts, 0);
  auto nation = (*tx)->units().count(kDay, std::string("nation"));
  ASSERT_TRUE(nation);
  EXPECT_EQ(*nation, 1);
}

TEST_P(Units, HaNoiHas126CommunesAndTheFourDemoAgencies) {
  UnitService units(store());
  const Principal admin = as(Role::Administrator, "VN");
  auto kids = units.children(admin, "01", kDay);
  ASSERT_TRUE(kids) << why(kids);
  int communes = 0;
  std::set<std::string> agencies;
  for (const auto& k : *kids) {
    EXPECT_EQ(k.parent_code, "01") << k.unit.code;
    if (k.unit.unit_type == core::UnitType::Commune) ++communes;
    if (k.unit.unit_type == core::UnitType::Agency) agencies.insert(k.unit.code);
  }
  EXPECT_EQ(communes, 126);
  EXPECT_EQ(agencies, (std::set<std::string>{"01-SNV", "01-HLHPN", "01-SYT", "01-SGDDT"}));
  EXPECT_EQ(kids->size(), 130u);
  auto hk = std::find_if(kids->begin(), kids->end(), [](const UnitView& v) { return v.unit.code == "00070"; });
  ASSERT_NE(hk, kids->end());
  EXPECT_EQ(hk->unit.name_vi, "Phường Hoàn Kiếm");
  EXPECT_EQ(hk->unit.category, "Phường");
  EXPECT_EQ(hk->unit.valid_from, "2025-07-01");
  EXPECT_TRUE(std::is_sorted(kids->begin(), kids->end(),
                             [](const UnitView& a, const UnitView& b) { return a.unit.code < b.unit.code; }));

  auto communes_only = units.descendants(admin, "01", kDay, std::string("commune"), 20000);
  ASSERT_TRUE(communes_only) << why(communes_only);
  EXPECT_EQ(communes_only->size(), 126u);
  for (const auto& c : *communes_only) EXPECT_EQ(c.parent_code, "01") << c.unit.code;

  // Before the reform Hà Nội was another unit, with its own (many more) communes;
  // code 00070 then named Phường Hàng Trống, a different unit.
  auto old_kids = units.children(admin, "01", "2025-01-01");
  ASSERT_TRUE(old_kids) << why(old_kids);
  EXPECT_GT(old_kids->size(), 500u);
  EXPECT_EQ(codes_of(*old_kids).count("00001"), 1u);
  auto old_hk =
      std::find_if(old_kids->begin(), old_kids->end(), [](const UnitView& v) { return v.unit.code == "00070"; });
  ASSERT_NE(old_hk, old_kids->end());
  EXPECT_EQ(old_hk->unit.name_vi, "Phường Hàng Trống");
  EXPECT_NE(old_hk->unit.id, hk->unit.id);
  EXPECT_EQ(old_hk->unit.valid_to, "2025-06-30");
}

TEST_P(Units, AReusedCodeResolvesByDate) {
  UnitService units(store());
  const Principal admin = as(Role::Administrator, "VN");
  auto before = units.get(admin, "08", "2025-06-30");
  auto after = units.get(admin, "08", "2025-07-01");
  ASSERT_TRUE(before) << why(before);
  ASSERT_TRUE(after) << why(after);
  EXPECT_NE(before->unit.id, after->unit.id);
  EXPECT_EQ(before->unit.name_vi, "Tỉnh Tuyên Quang");
  EXPECT_EQ(before->unit.valid_to, "2025-06-30");
  EXPECT_EQ(after->unit.name_vi, "Tuyên Quang");
  EXPECT_EQ(after->unit.valid_from, "2025-07-01");
  EXPECT_EQ(before->parent_code, "VN");
  EXPECT_EQ(after->parent_code, "VN");

  auto lineage = units.lineage(admin, "08", "2025-07-01");
  ASSERT_TRUE(lineage) << why(lineage);
  std::set<std::string> from;
  for (const auto& l : lineage->predecessors) {
    from.insert(l.unit.code);
    EXPECT_EQ(l.edge.kind, "full");
    EXPECT_EQ(l.edge.new_unit_id, after->unit.id);
    EXPECT_EQ(l.unit.valid_to, "2025-06-30");
  }
  EXPECT_EQ(from, (std::set<std::string>{"02", "08"}));
  EXPECT_TRUE(lineage->successors.empty());

  auto tx = store().begin(Access::Read);
  ASSERT_TRUE(tx);
  EXPECT_EQ(*(*tx)->units().count("2025-01-01", std::string("province")), 63);
  EXPECT_EQ(*(*tx)->units().count("2025-06-30", std::string("province")), 63);
  EXPECT_EQ(*(*tx)->units().count("2025-07-01", std::string("province")), 34);
  EXPECT_EQ(*(*tx)->units().count("2025-01-01", std::string("commune")), 10047);
  EXPECT_EQ(*(*tx)->units().count("2025-01-01", std::string("district")), 5);
  auto all08 = (*tx)->units().find_all_by_code("08");
  ASSERT_TRUE(all08);
  EXPECT_EQ(all08->size(), 2u);
}

TEST_P(Units, AFormerCommuneMapsWhollyToItsNewCommune) {
  UnitService units(store());
  const Principal admin = as(Role::Administrator, "VN");
  auto lineage = units.lineage(admin, "00001", "2025-01-01");
  ASSERT_TRUE(lineage) << why(lineage);
  EXPECT_EQ(lineage->unit.unit.name_vi, "Phường Phúc Xá");
  EXPECT_EQ(lineage->unit.unit.valid_to, "2025-06-30");
  ASSERT_EQ(lineage->successors.size(), 1u);
  const auto& next = lineage->successors.front();
  EXPECT_EQ(next.unit.code, "00097");
  EXPECT_EQ(next.unit.name_vi, "Phường Hồng Hà");
  EXPECT_EQ(next.edge.kind, "full");
  EXPECT_DOUBLE_EQ(next.edge.share, 1.0);
  EXPECT_EQ(next.edge.effective_date, "2025-07-01");
  EXPECT_TRUE(lineage->predecessors.empty());

  auto rebased = units.rebase(admin, "00001", "2025-01-01");
  ASSERT_TRUE(rebased) << why(rebased);
  ASSERT_EQ(rebased->size(), 1u);
  EXPECT_EQ(rebased->front().unit.code, "00097");
  EXPECT_DOUBLE_EQ(rebased->front().share, 1.0);
  EXPECT_FALSE(rebased->front().partial);

  // A current unit rebases onto itself.
  auto itself = units.rebase(admin, "00097", kDay);
  ASSERT_TRUE(itself) << why(itself);
  ASSERT_EQ(itself->size(), 1u);
  EXPECT_EQ(itself->front().unit.code, "00097");
  EXPECT_DOUBLE_EQ(itself->front().share, 1.0);

  // And the new commune knows what it was made from.
  auto back = units.lineage(admin, "00097", kDay);
  ASSERT_TRUE(back) << why(back);
  std::set<std::string> from;
  for (const auto& l : back->predecessors) from.insert(l.unit.code);
  EXPECT_EQ(from.count("00001"), 1u);
}

TEST_P(Units, APartialSplitSharesTheFormerCommuneAmongItsNewCommunes) {
  // Find a former Hà Nội commune that was split among several new communes.
  std::string code;
  std::vector<store::LineageRecord> edges;
  {
    auto tx = store().begin(Access::Read);
    ASSERT_TRUE(tx);
    const std::int64_t old_hanoi = id_of("01", "2025-01-01");
    auto old_communes = (*tx)->units().children(old_hanoi, "2025-01-01");
    ASSERT_TRUE(old_communes) << why(old_communes);
    for (const auto& c : *old_communes) {
      auto next = (*tx)->units().successors(c.id);
      ASSERT_TRUE(next) << why(next);
      const bool partial = std::any_of(next->begin(), next->end(), [](const auto& e) { return e.kind == "partial"; });
      if (partial && next->size() >= 3) {
        code = c.code;
        edges = *next;
        break;
      }
    }
  }
  ASSERT_FALSE(code.empty()) << "no partially split commune found in former Hà Nội";

  UnitService units(store());
  for (const Principal& p : {as(Role::Administrator, "VN"), as(Role::Manager, "01")}) {
    auto rebased = units.rebase(p, code, "2025-01-01");
    ASSERT_TRUE(rebased) << code << ": " << why(rebased);
    EXPECT_EQ(rebased->size(), edges.size()) << code;
    double total = 0.0;
    for (const auto& t : *rebased) {
      total += t.share;
      EXPECT_TRUE(t.partial) << code << " → " << t.unit.code;
      EXPECT_GT(t.share, 0.0);
      EXPECT_LT(t.share, 1.0);
      EXPECT_EQ(t.unit.unit_type, core::UnitType::Commune);
      EXPECT_GE(t.unit.valid_to, core::today_in_vietnam());
    }
    EXPECT_NEAR(total, 1.0, 1e-9) << code;
  }
}

TEST_P(Units, EveryFormerUnitsSharesSumToOne) {
  auto c = env_->db->acquire();
  ASSERT_TRUE(c) << why(c);
  auto totals = (*c)->query(
      "SELECT COUNT(*), SUM(CASE WHEN kind = 'partial' THEN 1 ELSE 0 END), COUNT(DISTINCT old_unit_id) FROM "
      "unit_lineage");
  ASSERT_TRUE(totals) << why(totals);
  EXPECT_EQ(totals->get_int(0, 0), 10667);  // every edge of the bundled mapping
  EXPECT_EQ(totals->get_int(0, 1), 1012);
  EXPECT_EQ(totals->get_int(0, 2), 63 + 10047 + 5);  // every former unit has a successor
  auto off = (*c)->query(
      "SELECT COUNT(*) FROM (SELECT old_unit_id FROM unit_lineage GROUP BY old_unit_id"
      " HAVING SUM(share) < 0.999999999 OR SUM(share) > 1.000000001) AS bad");
  ASSERT_TRUE(off) << why(off);
  EXPECT_EQ(off->get_int(0, 0), 0);
}

TEST_P(Units, DatesAreValidatedAndCodesResolveByDate) {
  UnitService units(store());
  const Principal admin = as(Role::Administrator, "VN");
  EXPECT_TRUE(FailsWith(units.get(admin, "01", "2025-13-01"), ErrorCode::InvalidValue, "asOf"));
  EXPECT_TRUE(FailsWith(units.get(admin, "01", "1/7/2025"), ErrorCode::InvalidValue, "asOf"));
  EXPECT_TRUE(FailsWith(units.get(admin, "99", kDay), ErrorCode::NotFound));
  EXPECT_TRUE(FailsWith(units.get(admin, "01-SNV", "2025-06-30"), ErrorCode::NotFound));  // not yet created
  // A commune code reused by the reform names a different unit on each side of 1/7/2025.
  auto before = units.get(admin, "00070", "2025-06-30");
  auto after = units.get(admin, "00070", "2025-07-01");
  ASSERT_TRUE(before && after) << why(before) << why(after);
  EXPECT_EQ(before->unit.name_vi, "Phường Hàng Trống");
  EXPECT_EQ(after->unit.name_vi, "Phường Hoàn Kiếm");
  EXPECT_NE(before->unit.id, after->unit.id);
}

// ---- access -------------------------------------------------------------------

class AccessRules : public ServicesTest {};

TEST_P(AccessRules, AManagerAtHaNoiReadsHaNoiAndWhatBecameHaNoi) {
  UnitService units(store());
  const Principal manager = as(Role::Manager, "01");
  auto hk = units.get(manager, "00070", kDay);
  ASSERT_TRUE(hk) << why(hk);
  EXPECT_EQ(hk->parent_code, "01");
  // A former commune is readable through the unit it became.
  auto old = units.get(manager, "00001", "2025-01-01");
  ASSERT_TRUE(old) << why(old);
  EXPECT_EQ(old->unit.name_vi, "Phường Phúc Xá");
  auto old_lineage = units.lineage(manager, "00001", "2025-01-01");
  ASSERT_TRUE(old_lineage) << why(old_lineage);
  auto old_province = units.get(manager, "01", "2025-01-01");
  EXPECT_TRUE(old_province) << why(old_province);
  auto kids = units.children(manager, "01", kDay);
  ASSERT_TRUE(kids) << why(kids);
  EXPECT_EQ(kids->size(), 130u);
}

TEST_P(AccessRules, AManagerAtHaNoiSeesNothingElse) {
  UnitService units(store());
  const Principal manager = as(Role::Manager, "01");
  EXPECT_TRUE(FailsWith(units.get(manager, "79", kDay), ErrorCode::NotFound));
  EXPECT_TRUE(FailsWith(units.get(manager, "VN", kDay), ErrorCode::NotFound));
  EXPECT_TRUE(FailsWith(units.children(manager, "79", kDay), ErrorCode::NotFound));
  EXPECT_TRUE(FailsWith(units.lineage(manager, "08", kDay), ErrorCode::NotFound));
  EXPECT_TRUE(FailsWith(units.descendants(manager, "VN", kDay, std::nullopt, 10), ErrorCode::NotFound));
  // A former Hồ Chí Minh City commune is not readable from Hà Nội.
  EXPECT_TRUE(FailsWith(units.get(manager, "79", "2025-01-01"), ErrorCode::NotFound));
  // The not-found message does not tell a hidden unit from a missing one.
  auto hidden = units.get(manager, "79", kDay);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().message_en.find("Hồ Chí Minh"), std::string::npos);
}

TEST_P(AccessRules, AncestorsStopAtTheTopOfTheScope) {
  UnitService units(store());
  auto mine = units.ancestors(as(Role::Manager, "01"), "00070", kDay);
  ASSERT_TRUE(mine) << why(mine);
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->front().unit.code, "01");
  auto all = units.ancestors(as(Role::Administrator, "VN"), "00070", kDay);
  ASSERT_TRUE(all) << why(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].unit.code, "VN");  // root first
  EXPECT_EQ((*all)[1].unit.code, "01");
  auto roots = units.roots(as(Role::Manager, "01"), kDay);
  ASSERT_TRUE(roots) << why(roots);
  EXPECT_EQ(codes_of(*roots), (std::set<std::string>{"01"}));
}

TEST_P(AccessRules, AViewerCannotCreateUnits) {
  UnitService units(store());
  UnitCommand cmd;
  cmd.code = unique("T-VIEW-");
  cmd.name_vi = "Đơn vị thử";
  cmd.unit_type = "agency";
  cmd.parent_code = "01";
  cmd.valid_from = "2026-02-01";
  EXPECT_TRUE(FailsWith(units.create(as(Role::Viewer, "01"), cmd), ErrorCode::Forbidden));
  EXPECT_TRUE(
      FailsWith(units.create(as(Role::Manager, "01"), cmd), ErrorCode::Forbidden));  // managers do not manage units
  auto tx = store().begin(Access::Read);
  ASSERT_TRUE(tx);
  auto all = (*tx)->units().find_all_by_code(cmd.code);
  ASSERT_TRUE(all);
  EXPECT_TRUE(all->empty());
}

TEST_P(AccessRules, CreatingOutsideTheScopeRevealsNothingAboutExistingCodes) {
  UnitService units(store());
  UnitCommand cmd;
  cmd.code = "01-SNV";  // exists under Hà Nội, which a viewer in Hồ Chí Minh City cannot read
  cmd.name_vi = "Đơn vị thử";
  cmd.unit_type = "agency";
  cmd.parent_code = "79";
  cmd.valid_from = "2026-02-01";
  auto r = units.create(as(Role::Viewer, "79"), cmd);
  ASSERT_TRUE(FailsWith(r, ErrorCode::Forbidden));
  EXPECT_EQ(r.error().message_vi.find("Sở Nội vụ thành phố Hà Nội"), std::string::npos) << r.error().message_vi;
  EXPECT_EQ(r.error().message_en.find("Ha Noi"), std::string::npos) << r.error().message_en;
}

// Issue #12: search kept the top limit×10 hits before the scope filter, so a commune's own user
// searching "xã" (every commune matches) found nothing of their own.
TEST_P(AccessRules, SearchFindsASmallScopesOwnUnitsHoweverLowTheyRankGlobally) {
  SearchService search(store());
  const Principal viewer = as(Role::Viewer, "23710");  // Xã Ia Băng, one of 3,321 communes
  for (const std::string query : {"xa", "Xã", "ia"}) {
    auto found = search.search(viewer, query, 3);
    ASSERT_TRUE(found) << why(found);
    std::set<std::string> refs;
    for (const auto& h : found->units) refs.insert(h.ref.substr(0, h.ref.find('@')));
    EXPECT_EQ(refs.count("23710"), 1u) << query;
    UnitService units(store());
    for (const auto& h : found->units) {
      const std::string code = h.ref.substr(0, h.ref.find('@'));
      EXPECT_TRUE(units.get(viewer, code, h.ref.substr(h.ref.find('@') + 1))) << query << " shows " << h.ref;
    }
  }
  // A national scope still gets the best hits, at most the limit.
  auto all = search.search(as(Role::Viewer, "VN"), "xa", 5);
  ASSERT_TRUE(all) << why(all);
  EXPECT_EQ(all->units.size(), 5u);
}

TEST_P(AccessRules, DescendantsFilteredByTypeKeepTheirParentCodes) {
  UnitService units(store());
  const Principal admin = as(Role::Administrator, "VN");
  auto communes = units.descendants(admin, "VN", kDay, std::string("commune"), 5000);
  ASSERT_TRUE(communes) << why(communes);
  EXPECT_EQ(communes->size(), 3321u);
  for (const auto& c : *communes) ASSERT_EQ(c.parent_code.size(), 2u) << c.unit.code;  // a province code
  auto first = units.descendants(admin, "VN", kDay, std::nullopt, 10);
  ASSERT_TRUE(first);
  for (const auto& c : *first) EXPECT_FALSE(c.parent_code.empty()) << c.unit.code;
}

TEST_P(AccessRules, AnAdministratorAtHaNoiCreatesAgenciesUnderHaNoiOnly) {
  UnitService units(store());
  const Principal admin01 = as(Role::Administrator, "01", "admin01");
  const std::string breve_dot = "\xCC\x86\xCC\xA3";
  UnitCommand cmd;
  cmd.code = unique("T-AG-");
  // "Sở Tài chính thành phố Hà Nội", typed decomposed ("Unicode tổ hợp") with stray spaces.
  cmd.name_vi =
      "  So\xCC\x9B\xCC\x89  Ta\xCC\x80i chi\xCC\x81nh tha\xCC\x80nh pho\xCC\x82\xCC\x81 Ha\xCC\x80 "
      "No\xCC\x82\xCC\xA3i ";
  cmd.name_en = "Ha Noi Department of Finance";
  cmd.unit_type = "agency";
  cmd.parent_code = "01";
  cmd.valid_from = "2026-02-01";
  auto made = units.create(admin01, cmd);
  ASSERT_TRUE(made) << why(made);
  EXPECT_EQ(made->unit.name_vi, "Sở Tài chính thành phố Hà Nội");
  EXPECT_EQ(made->parent_code, "01");
  EXPECT_EQ(made->unit.hierarchy, "territorial");
  EXPECT_EQ(made->unit.valid_to, "9999-12-31");
  {
    auto tx = store().begin(Access::Read);
    ASSERT_TRUE(tx);
    auto stored = (*tx)->units().find_by_code(cmd.code, "2026-02-01");
    ASSERT_TRUE(stored && *stored);
    EXPECT_EQ((*stored)->name_vi, "Sở Tài chính thành phố Hà Nội");
    EXPECT_EQ((*stored)->parent_id, id_of("01"));
    auto before = (*tx)->units().find_by_code(cmd.code, "2026-01-31");
    ASSERT_TRUE(before);
    EXPECT_FALSE(*before);
  }

  // Not under another province.
  UnitCommand hcm = cmd;
  hcm.code = unique("T-AG-");
  hcm.parent_code = "79";
  // Hồ Chí Minh City is outside Hà Nội's scope: answered like a parent that does not exist.
  EXPECT_TRUE(FailsWith(units.create(admin01, hcm), ErrorCode::InvalidValue, "parent"));

  // A code names one unit at a time.
  UnitCommand again = cmd;
  again.name_vi = "Ba" + breve_dot + "t kỳ";
  again.valid_from = "2026-06-01";
  EXPECT_TRUE(FailsWith(units.create(admin01, again), ErrorCode::Conflict, "code"));
  UnitCommand reused = cmd;
  reused.code = "00070";
  EXPECT_TRUE(FailsWith(units.create(admin01, reused), ErrorCode::Conflict, "code"));
}

TEST_P(AccessRules, ACodeMayBeReusedForADisjointPeriod) {
  UnitService units(store());
  const Principal admin01 = as(Role::Administrator, "01");
  UnitCommand first;
  first.code = unique("T-RE-");
  first.name_vi = "Ban quản lý dự án thử";
  first.unit_type = "agency";
  first.parent_code = "01";
  first.valid_from = "2026-02-01";
  first.valid_to = "2026-06-30";
  ASSERT_TRUE(units.create(admin01, first));
  UnitCommand overlapping = first;
  overlapping.valid_from = "2026-06-30";
  overlapping.valid_to = "";
  EXPECT_TRUE(FailsWith(units.create(admin01, overlapping), ErrorCode::Conflict, "code"));
  UnitCommand second = first;
  second.name_vi = "Ban quản lý dự án mới";
  second.valid_from = "2026-07-01";
  second.valid_to = "";
  auto made = units.create(admin01, second);
  ASSERT_TRUE(made) << why(made);
  auto on_may = units.get(admin01, first.code, "2026-05-01");
  auto on_aug = units.get(admin01, first.code, "2026-08-01");
  ASSERT_TRUE(on_may && on_aug);
  EXPECT_EQ(on_may->unit.name_vi, "Ban quản lý dự án thử");
  EXPECT_EQ(on_aug->unit.name_vi, "Ban quản lý dự án mới");
}

TEST_P(AccessRules, InvalidDatesNameTheirField) {
  UnitService units(store());
  const Principal admin01 = as(Role::Administrator, "01");
  UnitCommand cmd;
  cmd.code = unique("T-DT-");
  cmd.name_vi = "Đơn vị thử ngày";
  cmd.unit_type = "agency";
  cmd.parent_code = "01";
  cmd.valid_from = "2026-02-30";
  EXPECT_TRUE(FailsWith(units.create(admin01, cmd), ErrorCode::InvalidValue, "validFrom"));
  cmd.valid_from = "2026-7-1";
  EXPECT_TRUE(FailsWith(units.create(admin01, cmd), ErrorCode::InvalidValue, "validFrom"));
  cmd.valid_from = "2026-02-01";
  cmd.valid_to = "2026-13-01";
  EXPECT_TRUE(FailsWith(units.create(admin01, cmd), ErrorCode::InvalidValue, "validTo"));
  cmd.valid_to = "2026-01-31";  // before validFrom
  EXPECT_TRUE(FailsWith(units.create(admin01, cmd), ErrorCode::InvalidValue, "validTo"));
  cmd.valid_to = "";
  cmd.unit_type = "department";
  EXPECT_TRUE(FailsWith(units.create(admin01, cmd), ErrorCode::InvalidValue, "type"));
  cmd.unit_type = "agency";
  cmd.code = "bad code!";
  EXPECT_TRUE(FailsWith(units.create(admin01, cmd), ErrorCode::InvalidValue, "code"));
}

// ---- committees -----------------------------------------------------------------

class Committees : public ServicesTest {
 protected:
  static MemberCommand member(const std::string& name, const std::string& sex, const std::string& role) {
    MemberCommand m;
    m.full_name = name;
    m.sex = sex;
    m.role = role;
    m.position = "Cán bộ";
    m.decision_number = "10/QĐ-UBND";
    m.decision_date = "2025-09-01";
    m.term_start = "2025-09-01";
    return m;
  }

  //! A committee of Phường Hoàn Kiếm made by a manager at Hà Nội.
  std::int64_t new_committee(const Principal& manager) {
    CommitteeService committees(store());
    CommitteeCommand cmd;
    cmd.name_vi = "Ban Vì sự tiến bộ của phụ nữ phường Hoàn Kiếm " + unique("#");
    cmd.standing_agency_code = "01-SNV";
    cmd.decision_number = "10/QĐ-UBND";
    cmd.decision_date = "2025-09-01";
    cmd.established_on = "2025-09-01";
    auto c = committees.create(manager, "00070", cmd);
    EXPECT_TRUE(c) << why(c);
    if (!c) return -1;
    EXPECT_EQ(c->unit_code, "00070");
    EXPECT_EQ(c->standing_agency_code, "01-SNV");
    return c->committee.id;
  }
};

std::set<std::string> names_of(const std::vector<MemberView>& members) {
  std::set<std::string> out;
  for (const auto& m : members) out.insert(m.member.full_name);
  return out;
}

// Phó Trưởng ban thường trực is a role of its own (issue #13): kept, labelled and counted apart
// from the other vice-chairs; a role outside the list is refused naming the field and the roles.
TEST_P(Committees, AStandingViceChairIsKeptAndCountedApartFromTheViceChairs) {
  CommitteeService committees(store());
  const Principal manager = as(Role::Manager, "01");
  const std::int64_t id = new_committee(manager);
  ASSERT_GT(id, 0);
  for (const auto& m : {member("Nguyễn Thị An", "F", "chair"), member("Trần Văn Minh", "M", "standing_vice_chair"),
                        member("Lê Thị Hồng", "F", "vice_chair")}) {
    auto added = committees.add_member(manager, id, m);
    ASSERT_TRUE(added) << why(added);
  }
  auto members = committees.members(manager, id, "2025-09-01", false);
  ASSERT_TRUE(members) << why(members);
  ASSERT_EQ(members->size(), 3u);
  for (const auto& m : *members) {
    if (m.member.full_name == "Trần Văn Minh") {
      EXPECT_EQ(m.member.role, core::MemberRole::StandingViceChair);
      EXPECT_EQ(core::label_vi(m.member.role), "Phó Trưởng ban thường trực");
    }
  }
  auto stats = committees.stats(manager, id, "2025-09-01");
  ASSERT_TRUE(stats) << why(stats);
  using Pair = std::pair<std::int64_t, std::int64_t>;
  EXPECT_EQ(stats->by_role["standing_vice_chair"], Pair(0, 1));
  EXPECT_EQ(stats->by_role["vice_chair"], Pair(1, 0));

  auto wrong = committees.add_member(manager, id, member("Phạm Văn Dũng", "M", "pho_truong_ban"));
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().field, "role");
  EXPECT_NE(wrong.error().message_vi.find("standing_vice_chair (Phó Trưởng ban thường trực)"), std::string::npos)
      << wrong.error().message_vi;
  EXPECT_NE(wrong.error().message_en.find("standing_vice_chair"), std::string::npos) << wrong.error().message_en;
}

TEST_P(Committees, AConsolidationChangesTheMembersFromItsEffectiveDate) {
  CommitteeService committees(store());
  const Principal manager = as(Role::Manager, "01");
  const std::int64_t id = new_committee(manager);
  ASSERT_GT(id, 0);
  std::map<std::string, std::int64_t> ids;
  for (const auto& m : {member("Nguyễn Thị An", "F", "chair"), member("Trần Văn Bình", "M", "vice_chair"),
                        member("Lê Văn Cường", "M", "member"), member("Phạm Thị Dung", "F", "secretary")}) {
    auto added = committees.add_member(manager, id, m);
    ASSERT_TRUE(added) << why(added);
    EXPECT_EQ(added->member.term_start, "2025-09-01");
    EXPECT_FALSE(added->member.term_end);
    ids[m.full_name] = added->member.id;
  }

  ConsolidationCommand kt;
  kt.decision_number = "25/QĐ-UBND";
  kt.decision_date = "2026-03-02";
  kt.effective_date = "2026-03-05";
  kt.note = "Kiện toàn";
  kt.end_member_ids = {ids["Lê Văn Cường"]};
  MemberCommand e = member("Hoàng Thị Én", "F", "member");
  MemberCommand g = member("Vũ Văn Giang", "M", "standing_member");
  e.decision_number = "";
  e.decision_date = "";
  kt.new_members = {e, g};
  auto consolidation = committees.consolidate(manager, id, kt);
  ASSERT_TRUE(consolidation) << why(consolidation);
  EXPECT_GT(consolidation->id, 0);

  auto before = committees.members(manager, id, "2026-03-04", false);
  auto after = committees.members(manager, id, "2026-03-05", false);
  ASSERT_TRUE(before && after) << why(before) << why(after);
  EXPECT_EQ(names_of(*before),
            (std::set<std::string>{"Nguyễn Thị An", "Trần Văn Bình", "Lê Văn Cường", "Phạm Thị Dung"}));
  EXPECT_EQ(names_of(*after),
            (std::set<std::string>{"Nguyễn Thị An", "Trần Văn Bình", "Phạm Thị Dung", "Hoàng Thị Én", "Vũ Văn Giang"}));
  auto early = committees.members(manager, id, "2025-08-31", false);
  ASSERT_TRUE(early);
  EXPECT_TRUE(early->empty());

  auto history = committees.members(manager, id, "", true);
  ASSERT_TRUE(history) << why(history);
  EXPECT_EQ(history->size(), 6u);
  for (const auto& m : *history) {
    if (m.member.full_name == "Lê Văn Cường") {
      ASSERT_TRUE(m.member.term_end);
      EXPECT_EQ(*m.member.term_end, "2026-03-04");
      EXPECT_EQ(m.member.ended_in, consolidation->id);
    } else if (m.member.full_name == "Hoàng Thị Én" || m.member.full_name == "Vũ Văn Giang") {
      EXPECT_EQ(m.member.term_start, "2026-03-05");
      EXPECT_EQ(m.member.appointed_in, consolidation->id);
      EXPECT_FALSE(m.member.term_end);
      EXPECT_EQ(m.member.decision_number, m.member.full_name == "Hoàng Thị Én" ? "25/QĐ-UBND" : "10/QĐ-UBND");
    } else {
      EXPECT_FALSE(m.member.term_end) << m.member.full_name;
      EXPECT_FALSE(m.member.ended_in);
    }
  }

  auto s1 = committees.stats(manager, id, "2026-03-04");
  ASSERT_TRUE(s1) << why(s1);
  EXPECT_EQ(s1->as_of, "2026-03-04");
  EXPECT_EQ(s1->total, 4);
  EXPECT_EQ(s1->women, 2);
  EXPECT_EQ(s1->men, 2);
  using Pair = std::pair<std::int64_t, std::int64_t>;
  EXPECT_EQ(s1->by_role["chair"], Pair(1, 0));
  EXPECT_EQ(s1->by_role["vice_chair"], Pair(0, 1));
  EXPECT_EQ(s1->by_role["member"], Pair(0, 1));
  EXPECT_EQ(s1->by_role["secretary"], Pair(1, 0));
  EXPECT_EQ(s1->by_role["standing_member"], Pair(0, 0));
  EXPECT_EQ(s1->by_role["standing_vice_chair"], Pair(0, 0));
  EXPECT_EQ(s1->by_role.size(), 6u);

  auto s2 = committees.stats(manager, id, "2026-03-05");
  ASSERT_TRUE(s2) << why(s2);
  EXPECT_EQ(s2->total, 5);
  EXPECT_EQ(s2->women, 3);
  EXPECT_EQ(s2->men, 2);
  EXPECT_EQ(s2->by_role["chair"], Pair(1, 0));
  EXPECT_EQ(s2->by_role["vice_chair"], Pair(0, 1));
  EXPECT_EQ(s2->by_role["member"], Pair(1, 0));
  EXPECT_EQ(s2->by_role["secretary"], Pair(1, 0));
  EXPECT_EQ(s2->by_role["standing_member"], Pair(0, 1));

  auto list = committees.consolidations(manager, id);
  ASSERT_TRUE(list) << why(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().effective_date, "2026-03-05");
  EXPECT_EQ(list->front().decision_number, "25/QĐ-UBND");

  // The ended membership cannot be ended again, by a later consolidation or directly.
  ConsolidationCommand again = kt;
  again.decision_number = "26/QĐ-UBND";
  again.effective_date = "2026-04-01";
  again.new_members = {};
  EXPECT_TRUE(FailsWith(committees.consolidate(manager, id, again), ErrorCode::InvalidValue, "endMemberIds"));
  EXPECT_TRUE(
      FailsWith(committees.end_member(manager, id, ids["Lê Văn Cường"], "2026-05-01"), ErrorCode::Conflict, "termEnd"));
  auto history_after = committees.members(manager, id, "", true);
  ASSERT_TRUE(history_after);
  EXPECT_EQ(history_after->size(), 6u);  // the refused consolidation left nothing behind
}

TEST_P(Committees, TheDemoCommitteeOfHaNoiHasItsRealHistory) {
  CommitteeService committees(store());
  const Principal manager = as(Role::Manager, "01");
  auto list = committees.list(manager, "01");
  ASSERT_TRUE(list) << why(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().committee.name_vi, "Ban Vì sự tiến bộ của phụ nữ thành phố Hà Nội");
  EXPECT_EQ(list->front().standing_agency_code, "01-SNV");
  const std::int64_t id = list->front().committee.id;
  auto s1 = committees.stats(manager, id, "2026-03-04");
  auto s2 = committees.stats(manager, id, "2026-03-05");
  ASSERT_TRUE(s1 && s2);
  EXPECT_EQ(s1->total, 7);
  EXPECT_EQ(s1->women, 5);
  EXPECT_EQ(s1->men, 2);
  EXPECT_EQ(s2->total, 7);
  EXPECT_EQ(s2->women, 6);
  EXPECT_EQ(s2->men, 1);
  auto members = committees.members(manager, id, "2026-03-05", false);
  ASSERT_TRUE(members);
  EXPECT_EQ(names_of(*members).count("Ngô Thị Bích"), 1u);
  EXPECT_EQ(names_of(*members).count("Đỗ Văn Hùng"), 0u);
}

// Issue #12: an update audited only nameVi, so a changed standing agency, dissolution or decision left no trace.
TEST_P(Committees, AnUpdateAuditsEveryFieldItChanges) {
  CommitteeService committees(store());
  const Principal manager = as(Role::Manager, "01");
  const std::int64_t id = new_committee(manager);
  ASSERT_GT(id, 0);
  CommitteeCommand change;
  change.name_en = "Committee of Hoàn Kiếm ward";
  change.standing_agency_code = "01-HLHPN";
  change.decision_number = "99/QĐ-UBND";
  change.decision_date = "2026-02-10";
  change.established_on = "2025-09-02";
  change.dissolved_on = "2026-12-31";
  auto updated = committees.update(manager, id, change);
  ASSERT_TRUE(updated) << why(updated);
  EXPECT_EQ(updated->standing_agency_code, "01-HLHPN");
  auto tx = store().begin(Access::Read);
  ASSERT_TRUE(tx);
  store::AuditFilter f;
  f.entity_type = "committee";
  f.entity_id = std::to_string(id);
  auto entries = (*tx)->audit().list(f);
  ASSERT_TRUE(entries) << why(entries);
  const auto it =
      std::find_if(entries->begin(), entries->end(), [](const auto& e) { return e.record.action == "update"; });
  ASSERT_NE(it, entries->end());
  const std::string before = it->record.before_json.value_or("");
  const std::string after = it->record.after_json.value_or("");
  for (const auto& [field, old_value, new_value] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"nameEn", "\"Committee for the Advancement of Women\"", "\"Committee of Hoàn Kiếm ward\""},
           {"standingAgency", "\"01-SNV\"", "\"01-HLHPN\""},
           {"decisionNumber", "\"10/QĐ-UBND\"", "\"99/QĐ-UBND\""},
           {"decisionDate", "\"2025-09-01\"", "\"2026-02-10\""},
           {"establishedOn", "\"2025-09-01\"", "\"2025-09-02\""},
           {"dissolvedOn", "null", "\"2026-12-31\""}}) {
    EXPECT_NE(before.find("\"" + field + "\":" + old_value), std::string::npos) << field << " before: " << before;
    EXPECT_NE(after.find("\"" + field + "\":" + new_value), std::string::npos) << field << " after: " << after;
  }
  // A create records the whole committee too.
  const auto created =
      std::find_if(entries->begin(), entries->end(), [](const auto& e) { return e.record.action == "create"; });
  ASSERT_NE(created, entries->end());
  EXPECT_NE(created->record.after_json.value_or("").find("\"standingAgency\":\"01-SNV\""), std::string::npos)
      << created->record.after_json.value_or("");
}

// Issue #12: a Hà Nội manager could name Hồ Chí Minh City's units as a committee's standing agency or a
// member's agency. A unit outside the caller's scope is refused exactly like a code that does not exist.
TEST_P(Committees, UnitsOutsideTheScopeCannotBeNamed) {
  CommitteeService committees(store());
  const Principal manager = as(Role::Manager, "01");
  const std::int64_t id = new_committee(manager);
  ASSERT_GT(id, 0);
  const auto same_as_missing = [](const auto& hidden, const auto& missing, const std::string& field) {
    if (hidden || missing) return ::testing::AssertionFailure() << "accepted";
    auto h = hidden.error();
    auto m = missing.error();
    for (auto* s : {&h.message_vi, &h.message_en}) {
      for (auto at = s->find("79-SNV"); at != std::string::npos; at = s->find("79-SNV")) s->replace(at, 6, "NOPE-79");
    }
    if (h.code != m.code || h.message_vi != m.message_vi || h.message_en != m.message_en || h.field != m.field ||
        h.field != field) {
      return ::testing::AssertionFailure()
             << h.field << " " << h.message_en << " vs " << m.field << " " << m.message_en;
    }
    return ::testing::AssertionSuccess();
  };
  CommitteeCommand hidden;
  hidden.standing_agency_code = "79-SNV";
  CommitteeCommand missing;
  missing.standing_agency_code = "NOPE-79";
  EXPECT_TRUE(same_as_missing(committees.update(manager, id, hidden), committees.update(manager, id, missing),
                              "standingAgency"));
  hidden.established_on = missing.established_on = "2025-09-01";
  EXPECT_TRUE(same_as_missing(committees.create(manager, "00070", hidden), committees.create(manager, "00070", missing),
                              "standingAgency"));
  auto hidden_member = member("Người Thử", "F", "member");
  hidden_member.agency_code = "79-SNV";
  auto missing_member = member("Người Thử", "F", "member");
  missing_member.agency_code = "NOPE-79";
  EXPECT_TRUE(same_as_missing(committees.add_member(manager, id, hidden_member),
                              committees.add_member(manager, id, missing_member), "agency"));
  ConsolidationCommand kt;
  kt.decision_number = "31/QĐ-UBND";
  kt.decision_date = "2026-03-02";
  kt.effective_date = "2026-03-05";
  kt.new_members = {hidden_member};
  ConsolidationCommand kt_missing = kt;
  kt_missing.new_members = {missing_member};
  EXPECT_TRUE(same_as_missing(committees.consolidate(manager, id, kt), committees.consolidate(manager, id, kt_missing),
                              "newMembers[0].agency"));
  auto still = committees.get(manager, id);
  ASSERT_TRUE(still) << why(still);
  EXPECT_EQ(still->standing_agency_code, "01-SNV");
  auto none = committees.members(manager, id, "", true);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  // Within the scope it works, and the nation may name any unit.
  auto own = member("Người Thử", "F", "member");
  own.agency_code = "01-HLHPN";
  EXPECT_TRUE(committees.add_member(manager, id, own));
  CommitteeCommand national;
  national.standing_agency_code = "79-SNV";
  EXPECT_TRUE(committees.update(as(Role::Manager, "VN"), id, national));
}

TEST_P(Committees, BadMembersNameTheField) {
  CommitteeService committees(store());
  const Principal manager = as(Role::Manager, "01");
  const std::int64_t id = new_committee(manager);
  ASSERT_GT(id, 0);
  EXPECT_TRUE(FailsWith(committees.add_member(manager, id, member("Người Thử", "X", "member")), ErrorCode::InvalidValue,
                        "sex"));
  EXPECT_TRUE(FailsWith(committees.add_member(manager, id, member("Người Thử", "f", "member")), ErrorCode::InvalidValue,
                        "sex"));
  EXPECT_TRUE(FailsWith(committees.add_member(manager, id, member("Người Thử", "F", "president")),
                        ErrorCode::InvalidValue, "role"));
  EXPECT_TRUE(
      FailsWith(committees.add_member(manager, id, member("   ", "F", "member")), ErrorCode::InvalidValue, "fullName"));
  auto bad_date = member("Người Thử", "F", "member");
  bad_date.term_start = "2026-02-30";
  EXPECT_TRUE(FailsWith(committees.add_member(manager, id, bad_date), ErrorCode::InvalidValue, "termStart"));
  auto bad_agency = member("Người Thử", "F", "member");
  bad_agency.agency_code = "NO-SUCH-AGENCY";
  EXPECT_TRUE(FailsWith(committees.add_member(manager, id, bad_agency), ErrorCode::InvalidValue, "agency"));

  ConsolidationCommand kt;
  kt.decision_number = "30/QĐ-UBND";
  kt.decision_date = "2026-03-02";
  kt.effective_date = "2026-03-05";
  kt.new_members = {member("Người Tốt", "F", "member"), member("Người Thử", "X", "member")};
  EXPECT_TRUE(FailsWith(committees.consolidate(manager, id, kt), ErrorCode::InvalidValue, "newMembers[1].sex"));
  kt.new_members = {};
  EXPECT_TRUE(FailsWith(committees.consolidate(manager, id, kt), ErrorCode::InvalidValue, "newMembers"));

  auto history = committees.members(manager, id, "", true);
  ASSERT_TRUE(history) << why(history);
  EXPECT_TRUE(history->empty());
  auto consolidations = committees.consolidations(manager, id);
  ASSERT_TRUE(consolidations);
  EXPECT_TRUE(consolidations->empty());

  // Text that is not UTF-8 is refused, also when it carries combining marks to compose.
  EXPECT_TRUE(FailsWith(committees.add_member(manager, id, member("Nguye\xCC\x82\xCC\x83n \xFF\xFE", "F", "member")),
                        ErrorCode::InvalidValue, "fullName"));
  EXPECT_TRUE(FailsWith(committees.add_member(manager, id, member("Nguyen \xC3", "F", "member")),
                        ErrorCode::InvalidValue, "fullName"));

  // A decomposed name is stored composed.
  auto nfc = committees.add_member(manager, id, member("Nguye\xCC\x82\xCC\x83n Thi\xCC\xA3 Ha\xCC\x80", "F", "member"));
  ASSERT_TRUE(nfc) << why(nfc);
  EXPECT_EQ(nfc->member.full_name, "Nguyễn Thị Hà");
}

TEST_P(Committees, TextThatIsNotUtf8IsRefusedBeforeAnythingIsStored) {
  CommitteeService committees(store());
  const Principal manager = as(Role::Manager, "01");
  const std::int64_t id = new_committee(manager);
  ASSERT_GT(id, 0);
  auto bad_position = member("Người Thử", "F", "member");
  bad_position.position = "Pho\xCC\x81 \xC3";
  EXPECT_TRUE(FailsWith(committees.add_member(manager, id, bad_position), ErrorCode::InvalidValue, "position"));
  auto control = member("Người\x07 Thử", "F", "member");
  EXPECT_TRUE(FailsWith(committees.add_member(manager, id, control), ErrorCode::InvalidValue, "fullName"));
  auto decomposed = member("Nguye\xCC\x82\xCC\x83n Thi\xCC\xA3 Ha\xCC\x80", "F", "member");
  auto added = committees.add_member(manager, id, decomposed);
  ASSERT_TRUE(added) << why(added);
  EXPECT_EQ(added->member.full_name, "Nguyễn Thị Hà");
  UserService users(store(), kFastHash);
  AddUserCommand cmd;
  cmd.login = unique("utf-");
  cmd.display_name = "Nguye\xCC\x82\xCC\x83n \xFF\xFE";
  cmd.role = "viewer";
  cmd.unit_code = "01";
  cmd.password = kPassword;
  EXPECT_TRUE(FailsWith(users.add_user(cmd, kActor), ErrorCode::InvalidValue, "displayName"));
}

TEST_P(Committees, ReadersCannotChangeAndOtherProvincesCannotSee) {
  CommitteeService committees(store());
  const Principal manager = as(Role::Manager, "01");
  const std::int64_t id = new_committee(manager);
  ASSERT_GT(id, 0);

  const Principal viewer = as(Role::Viewer, "01");
  auto seen = committees.get(viewer, id);
  ASSERT_TRUE(seen) << why(seen);
  EXPECT_EQ(seen->unit_code, "00070");
  EXPECT_TRUE(committees.members(viewer, id, kDay, false));
  EXPECT_TRUE(FailsWith(committees.add_member(viewer, id, member("Người Thử", "F", "member")), ErrorCode::Forbidden));
  CommitteeCommand rename;
  rename.name_vi = "Tên khác";
  EXPECT_TRUE(FailsWith(committees.update(viewer, id, rename), ErrorCode::Forbidden));

  const Principal editor79 = as(Role::Editor, "79");
  EXPECT_TRUE(FailsWith(committees.get(editor79, id), ErrorCode::NotFound));
  EXPECT_TRUE(FailsWith(committees.members(editor79, id, kDay, false), ErrorCode::NotFound));
  EXPECT_TRUE(FailsWith(committees.stats(editor79, id, kDay), ErrorCode::NotFound));
  EXPECT_TRUE(FailsWith(committees.list(editor79, "01"), ErrorCode::NotFound));

  const Principal manager79 = as(Role::Manager, "79");
  // Where the committee cannot even be read, a write is "not found", like a missing one (issue #12).
  EXPECT_TRUE(FailsWith(committees.add_member(manager79, id, member("Người Thử", "F", "member")), ErrorCode::NotFound));
  CommitteeCommand cmd;
  cmd.established_on = "2025-09-01";
  EXPECT_TRUE(FailsWith(committees.create(manager79, "00070", cmd), ErrorCode::NotFound));
  EXPECT_TRUE(FailsWith(committees.get(manager, 999999999), ErrorCode::NotFound));
}

// ---- users --------------------------------------------------------------------

class Users : public ServicesTest {};

TEST_P(Users, AnAdministratorCreatesUsersWithinTheirScope) {
  UserService users(store(), kFastHash);
  const Principal admin01 = as(Role::Administrator, "01", "admin01");
  AddUserCommand cmd;
  cmd.login = unique("nhaplieu.");
  cmd.display_name = "Cán bộ nhập liệu";
  cmd.email = "nhaplieu@example.vn";
  cmd.role = "editor";
  cmd.unit_code = "00070";
  cmd.password = kPassword;
  auto made = users.create(admin01, cmd);
  ASSERT_TRUE(made) << why(made);
  EXPECT_EQ(made->user.login, cmd.login);
  EXPECT_TRUE(made->user.must_change_password);
  EXPECT_TRUE(made->user.password_hash.empty());  // never handed out
  EXPECT_EQ(made->unit_code, "00070");
  EXPECT_EQ(made->roles, (std::vector<std::pair<std::string, std::string>>{{"editor", "00070"}}));

  AddUserCommand hcm = cmd;
  hcm.login = unique("hcm.");
  hcm.unit_code = "79";
  // A unit outside the scope is answered like a code that names no unit (issue #12).
  EXPECT_TRUE(FailsWith(users.create(admin01, hcm), ErrorCode::InvalidValue, "unit"));
  EXPECT_TRUE(FailsWith(users.create(as(Role::Manager, "01"), hcm), ErrorCode::InvalidValue, "unit"));
  AddUserCommand mgr = cmd;
  mgr.login = unique("mgr.");
  EXPECT_TRUE(FailsWith(users.create(as(Role::Manager, "01"), mgr), ErrorCode::Forbidden));
  {
    auto tx = store().begin(Access::Read);
    ASSERT_TRUE(tx);
    auto none = (*tx)->users().find_by_login(hcm.login);
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none);
  }
  // A user of Hồ Chí Minh City is invisible from Hà Nội.
  EXPECT_TRUE(FailsWith(users.get(admin01, "hcm.xem"), ErrorCode::NotFound));
  auto listed = users.list(admin01, 5000);
  ASSERT_TRUE(listed) << why(listed);
  std::set<std::string> logins;
  for (const auto& u : *listed) logins.insert(u.user.login);
  EXPECT_EQ(logins.count(cmd.login), 1u);
  EXPECT_EQ(logins.count("hanoi.quanly"), 1u);
  EXPECT_EQ(logins.count("hcm.xem"), 0u);
  EXPECT_EQ(logins.count("admin"), 0u);
}

TEST_P(Users, GrantsStayWithinTheGrantersScopeAndCanBeRevoked) {
  UserService users(store(), kFastHash);
  const Principal admin01 = as(Role::Administrator, "01", "admin01");
  const std::string login = new_user("grant.", "editor", "00070");
  EXPECT_TRUE(FailsWith(users.grant(admin01, login, "viewer", "79"), ErrorCode::InvalidValue, "unit"));
  EXPECT_TRUE(FailsWith(users.grant(admin01, login, "administrator", "VN"), ErrorCode::InvalidValue, "unit"));
  EXPECT_TRUE(FailsWith(users.grant(as(Role::Manager, "01"), login, "viewer", "01"), ErrorCode::Forbidden));  // seen
  EXPECT_TRUE(FailsWith(users.grant(admin01, login, "superuser", "01"), ErrorCode::InvalidValue, "role"));
  auto granted = users.grant(admin01, login, "approver", "01");
  ASSERT_TRUE(granted) << why(granted);
  std::set<std::pair<std::string, std::string>> roles(granted->roles.begin(), granted->roles.end());
  EXPECT_EQ(roles, (std::set<std::pair<std::string, std::string>>{{"editor", "00070"}, {"approver", "01"}}));
  EXPECT_TRUE(FailsWith(users.grant(admin01, login, "approver", "01"), ErrorCode::Conflict, "role"));

  auto revoked = users.revoke(admin01, login, "approver", "01");
  ASSERT_TRUE(revoked) << why(revoked);
  EXPECT_EQ(revoked->roles, (std::vector<std::pair<std::string, std::string>>{{"editor", "00070"}}));
  EXPECT_TRUE(FailsWith(users.revoke(admin01, login, "approver", "01"), ErrorCode::NotFound, "role"));
  // A grant made by the nation cannot be removed from Hà Nội.
  EXPECT_TRUE(users.grant(as(Role::Administrator, "VN"), login, "viewer", "79"));
  EXPECT_TRUE(FailsWith(users.revoke(admin01, login, "viewer", "79"), ErrorCode::InvalidValue, "unit"));
}

TEST_P(Users, DisablingAUserEndsTheirSessions) {
  // Wired as ServiceSet wires them: the account change reaches the signed-in cache.
  ChangeFeed feed;
  UserService users(store(), kFastHash);
  SessionService sessions(store());
  feed.subscribe(sessions);
  users.set_change_feed(&feed);
  const std::string login = new_user("disable.", "editor", "00070");
  const std::string address = unique_address();
  auto signed_in = sessions.sign_in(login, kPassword, address, "test", "req-1");
  ASSERT_TRUE(signed_in) << why(signed_in);
  ASSERT_TRUE(sessions.authenticate(signed_in->token, "req-2"));

  UpdateUserCommand off;
  off.disabled = true;
  auto updated = users.update(as(Role::Administrator, "01"), login, off);
  ASSERT_TRUE(updated) << why(updated);
  EXPECT_TRUE(updated->user.disabled);
  EXPECT_TRUE(FailsWith(sessions.authenticate(signed_in->token, "req-3"), ErrorCode::Unauthenticated));
  EXPECT_TRUE(FailsWith(sessions.sign_in(login, kPassword, address, "test", "req-4"), ErrorCode::Unauthenticated));

  UpdateUserCommand on;
  on.disabled = false;
  ASSERT_TRUE(users.update(as(Role::Administrator, "01"), login, on));
  EXPECT_TRUE(sessions.sign_in(login, kPassword, address, "test", "req-5"));
}

TEST_P(Users, AResetPasswordMustBeChangedAndEndsSessions) {
  UserService users(store(), kFastHash);
  SessionService sessions(store());
  const std::string login = new_user("reset.", "viewer", "01");
  auto signed_in = sessions.sign_in(login, kPassword, unique_address(), "test", "req-1");
  ASSERT_TRUE(signed_in) << why(signed_in);
  EXPECT_FALSE(signed_in->principal.must_change_password);

  const Principal admin01 = as(Role::Administrator, "01");
  EXPECT_TRUE(FailsWith(users.reset_password(admin01, login, "short1"), ErrorCode::InvalidValue, "newPassword"));
  EXPECT_TRUE(
      FailsWith(users.reset_password(as(Role::Manager, "01"), login, "Mat-khau-moi-2027"), ErrorCode::Forbidden));
  ASSERT_TRUE(users.reset_password(admin01, login, "Mat-khau-moi-2027"));
  EXPECT_TRUE(FailsWith(sessions.authenticate(signed_in->token, "req-2"), ErrorCode::Unauthenticated));
  auto view = users.get(admin01, login);
  ASSERT_TRUE(view) << why(view);
  EXPECT_TRUE(view->user.must_change_password);
  auto again = sessions.sign_in(login, "Mat-khau-moi-2027", unique_address(), "test", "req-3");
  ASSERT_TRUE(again) << why(again);
  EXPECT_TRUE(again->principal.must_change_password);
}

TEST_P(Users, ChangingThePasswordNeedsTheCurrentOne) {
  UserService users(store(), kFastHash);
  SessionService sessions(store());
  const std::string login = new_user("change.", "viewer", "01");
  const std::string address = unique_address();
  auto other = sessions.sign_in(login, kPassword, address, "other browser", "req-0");
  auto mine = sessions.sign_in(login, kPassword, address, "test", "req-1");
  ASSERT_TRUE(other && mine) << why(other) << why(mine);
  const Principal& p = mine->principal;

  EXPECT_TRUE(FailsWith(users.change_password(p, "Sai-mat-khau-1", "Mat-khau-khac-2028"), ErrorCode::InvalidValue,
                        "currentPassword"));
  EXPECT_TRUE(FailsWith(users.change_password(p, kPassword, kPassword), ErrorCode::InvalidValue, "newPassword"));
  EXPECT_TRUE(FailsWith(users.change_password(p, kPassword, "ngan"), ErrorCode::InvalidValue, "newPassword"));
  ASSERT_TRUE(users.change_password(p, kPassword, "Mat-khau-khac-2028"));

  EXPECT_TRUE(sessions.authenticate(mine->token, "req-2"));  // this session stays
  EXPECT_TRUE(FailsWith(sessions.authenticate(other->token, "req-3"), ErrorCode::Unauthenticated));  // others end
  EXPECT_TRUE(FailsWith(sessions.sign_in(login, kPassword, address, "test", "req-4"), ErrorCode::Unauthenticated));
  auto fresh = sessions.sign_in(login, "Mat-khau-khac-2028", address, "test", "req-5");
  ASSERT_TRUE(fresh) << why(fresh);
  EXPECT_FALSE(fresh->principal.must_change_password);
}

// Issue #12: a password set composed (as most keyboards send it) was refused when typed decomposed
// (Unicode tổ hợp), and the other way round. Both are composed before hashing and before checking.
TEST_P(Users, APasswordTypedDecomposedSignsIn) {
  const std::string composed = "B\xC3\xACnh-\xC4\x90\xE1\xBA\xB3ng-2030";  // Bình-Đẳng-2030
  const std::string decomposed =
      "Bi\xCC\x80nh-\xC4\x90"
      "a\xCC\x86\xCC\x89ng-2030";  // the same, NFD
  UserService users(store(), kFastHash);
  SessionService sessions(store());
  const std::string login = new_user("nfd.", "viewer", "01", composed);
  auto in = sessions.sign_in(login, decomposed, unique_address(), "test", "req-1");
  ASSERT_TRUE(in) << why(in);
  // Set decomposed, typed composed.
  ASSERT_TRUE(users.change_password(in->principal, decomposed, "Phu\xCC\x9Bo\xCC\x9B\xCC\x80ng-2031"));  // Phường, NFD
  auto again =
      sessions.sign_in(login, "Ph\xC6\xB0\xE1\xBB\x9Dng-2031", unique_address(), "test", "req-2");  // Phường, NFC
  EXPECT_TRUE(again) << why(again);
}

// ---- sessions (with a clock the test controls) ------------------------------------

class Sessions : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    now_ = std::make_shared<system_clock::time_point>(system_clock::now());
  }
  Clock clock() const {
    return [now = now_] { return *now; };
  }
  std::shared_ptr<system_clock::time_point> now_;
};

long long retry_after(const core::Error& e) { return e.retry_after_seconds.value_or(-1); }

TEST_P(Sessions, WrongPasswordsMakeTheAccountWait) {
  SessionService sessions(store(), {}, clock());
  const auto& o = sessions.options();
  const std::string login = new_user("lock.", "viewer", "01");
  const std::string address = unique_address();

  int throttled_at = 0;
  core::Error throttle;
  system_clock::time_point last_failure;
  for (int attempt = 1; attempt <= 6 && throttled_at == 0; ++attempt) {
    auto r = sessions.sign_in(login, "Sai-mat-khau-1", address, "test", "req");
    ASSERT_FALSE(r);
    if (r.error().code == ErrorCode::TooManyRequests) {
      throttled_at = attempt;
      throttle = r.error();
    } else {
      EXPECT_EQ(r.error().code, ErrorCode::Unauthenticated) << attempt;
      EXPECT_EQ(r.error().field, "password");
    }
    if (attempt <= o.max_failures_per_login) last_failure = *now_;  // the failures that count
    *now_ += 1s;
  }
  ASSERT_TRUE(throttled_at == 5 || throttled_at == 6) << "throttled at attempt " << throttled_at;
  EXPECT_NE(throttle.message_vi.find("thử lại"), std::string::npos) << throttle.message_vi;
  EXPECT_NE(throttle.message_en.find("Try again"), std::string::npos) << throttle.message_en;
  const long long wait = retry_after(throttle);
  EXPECT_GE(wait, 1);
  EXPECT_LE(wait, o.lockout.count());

  // The right password is refused while the account waits.
  *now_ = last_failure + 60s;
  auto during = sessions.sign_in(login, kPassword, address, "test", "req");
  EXPECT_TRUE(FailsWith(during, ErrorCode::TooManyRequests));
  if (!during) {
    EXPECT_GE(retry_after(during.error()), 1);
    EXPECT_LE(retry_after(during.error()), (o.lockout - 60s).count());
  }

  // After the wait it works, and the count of failures starts again.
  *now_ = last_failure + o.lockout + 1s;
  auto after = sessions.sign_in(login, kPassword, address, "test", "req");
  ASSERT_TRUE(after) << why(after);
  *now_ += 1s;
  auto wrong = sessions.sign_in(login, "Sai-mat-khau-2", address, "test", "req");
  EXPECT_TRUE(FailsWith(wrong, ErrorCode::Unauthenticated, "password"));
  if (!wrong) {
    EXPECT_NE(wrong.error().message_en.find(std::to_string(o.max_failures_per_login - 1) + " attempt"),
              std::string::npos)
        << wrong.error().message_en;
  }
}

TEST_P(Sessions, ParallelWrongPasswordsAreCheckedNoMoreThanTheBucketAllows) {
  SessionService sessions(store(), {}, clock());
  const auto& o = sessions.options();
  const std::string login = new_user("burst.", "viewer", "01");
  const std::string address = unique_address();
  std::atomic<int> checked{0};
  std::atomic<int> throttled{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 40; ++i) {
    threads.emplace_back([&, i] {
      auto r = sessions.sign_in(login, "Sai-mat-khau-" + std::to_string(i), address, "test", "req");
      if (!r && r.error().code == ErrorCode::Unauthenticated) ++checked;
      if (!r && r.error().code == ErrorCode::TooManyRequests) ++throttled;
    });
  }
  for (auto& t : threads) t.join();
  // Every failure that reached the password check is stored; no more than the bucket holds.
  auto tx = store().begin(Access::Read);
  ASSERT_TRUE(tx);
  auto failures = (*tx)->sessions().failures_for_login(login, core::utc_timestamp(*now_ - 1h), 100);
  ASSERT_TRUE(failures);
  EXPECT_EQ(static_cast<int>(failures->size()), o.max_failures_per_login);
  EXPECT_EQ(checked.load(), o.max_failures_per_login - 1);  // the last checked one answers 429 at once
  EXPECT_EQ(checked.load() + throttled.load(), 40);
}

TEST_P(Sessions, AnOfficeBehindOneAddressStillSignsInWhileTheAddressWaits) {
  SessionService sessions(store(), {}, clock());
  const auto& o = sessions.options();
  const std::string office = unique_address();
  const std::string regular = new_user("office.", "viewer", "01");
  const std::string newcomer = new_user("newcomer.", "viewer", "01");
  ASSERT_TRUE(sessions.sign_in(regular, kPassword, office, "test", "req"));
  *now_ += 1s;
  // Someone behind the same address sprays wrong passwords over many logins.
  for (int i = 0; i < o.max_failures_per_address + 5; ++i) {
    (void)sessions.sign_in(unique("spray."), "Sai-mat-khau", office, "test", "req");
  }
  auto stranger = sessions.sign_in(unique("spray."), "Sai-mat-khau", office, "test", "req");
  EXPECT_TRUE(FailsWith(stranger, ErrorCode::TooManyRequests));
  // A colleague who has signed in from here before still gets in; a login never seen here waits.
  auto known = sessions.sign_in(regular, kPassword, office, "test", "req");
  EXPECT_TRUE(known) << why(known);
  EXPECT_TRUE(FailsWith(sessions.sign_in(newcomer, kPassword, office, "test", "req"), ErrorCode::TooManyRequests));
  // From another address the newcomer is not affected.
  EXPECT_TRUE(sessions.sign_in(newcomer, kPassword, unique_address(), "test", "req"));
}

TEST_P(Sessions, ATrickleOfWrongPasswordsNeverKeepsAnAccountShut) {
  SessionService sessions(store(), {}, clock());
  const std::string login = new_user("trickle.", "viewer", "01");
  const std::string attacker = unique_address();
  for (int i = 0; i < 6; ++i) {
    (void)sessions.sign_in(login, "Sai-mat-khau", attacker, "test", "req");
    *now_ += 1s;
  }
  // The attacker keeps trying once every five minutes; the owner comes two minutes after a try.
  for (int round = 0; round < 6; ++round) {
    *now_ += 5min;
    (void)sessions.sign_in(login, "Sai-mat-khau", attacker, "test", "req");
    *now_ += 2min;
    auto owner = sessions.sign_in(login, kPassword, unique_address(), "test", "req");
    EXPECT_TRUE(owner) << "round " << round << ": " << why(owner);
    *now_ -= 2min;
  }
}

TEST_P(Sessions, UnknownLoginsFailLikeWrongPasswords) {
  SessionService sessions(store(), {}, clock());
  auto r = sessions.sign_in(unique("nobody."), kPassword, unique_address(), "test", "req");
  EXPECT_TRUE(FailsWith(r, ErrorCode::Unauthenticated, "password"));
  EXPECT_TRUE(
      FailsWith(sessions.sign_in("", kPassword, unique_address(), "test", "req"), ErrorCode::InvalidValue, "login"));
  EXPECT_TRUE(FailsWith(sessions.authenticate("", "req"), ErrorCode::Unauthenticated));
  EXPECT_TRUE(FailsWith(sessions.authenticate(auth::random_token(32), "req"), ErrorCode::Unauthenticated));
}

TEST_P(Sessions, AnIdleSessionExpires) {
  SessionService sessions(store(), {}, clock());
  const auto idle = sessions.options().idle_timeout;
  const std::string login = new_user("idle.", "viewer", "01");
  const auto t0 = *now_;
  auto s = sessions.sign_in(login, kPassword, unique_address(), "test", "req");
  ASSERT_TRUE(s) << why(s);
  // Only the hash of the token is stored.
  {
    auto tx = store().begin(Access::Read);
    ASSERT_TRUE(tx);
    auto by_hash = (*tx)->sessions().find(auth::sha256_hex(s->token));
    ASSERT_TRUE(by_hash && *by_hash);
    auto by_token = (*tx)->sessions().find(s->token);
    ASSERT_TRUE(by_token);
    EXPECT_FALSE(*by_token);
  }
  *now_ = t0 + 10min;
  ASSERT_TRUE(sessions.authenticate(s->token, "req")) << "activity at +10 min";
  *now_ = t0 + 10min + idle - 1min;
  ASSERT_TRUE(sessions.authenticate(s->token, "req")) << "activity keeps the session alive";
  *now_ = t0 + 10min + idle - 1min + idle;
  EXPECT_TRUE(FailsWith(sessions.authenticate(s->token, "req"), ErrorCode::Unauthenticated));
  // Once expired it is gone for good.
  *now_ = t0 + 11min;
  EXPECT_TRUE(FailsWith(sessions.authenticate(s->token, "req"), ErrorCode::Unauthenticated));
}

TEST_P(Sessions, ASessionEndsAtItsAbsoluteExpiryEvenWhenActive) {
  SessionService sessions(store(), {}, clock());
  const auto& o = sessions.options();
  const std::string login = new_user("absolute.", "viewer", "01");
  const auto t0 = *now_;
  auto s = sessions.sign_in(login, kPassword, unique_address(), "test", "req");
  ASSERT_TRUE(s) << why(s);
  const auto step = o.idle_timeout - 5min;
  for (auto t = t0 + step; t < t0 + o.absolute_timeout; t += step) {
    *now_ = t;
    ASSERT_TRUE(sessions.authenticate(s->token, "req"))
        << "at +" << std::chrono::duration_cast<std::chrono::minutes>(t - t0).count() << " min";
  }
  *now_ = t0 + o.absolute_timeout - 1s;
  ASSERT_TRUE(sessions.authenticate(s->token, "req"));
  *now_ = t0 + o.absolute_timeout;
  EXPECT_TRUE(FailsWith(sessions.authenticate(s->token, "req"), ErrorCode::Unauthenticated));
}

TEST_P(Sessions, CsrfTokenMustMatchTheSession) {
  SessionService sessions(store(), {}, clock());
  const std::string login = new_user("csrf.", "viewer", "01");
  auto s = sessions.sign_in(login, kPassword, unique_address(), "test", "req");
  ASSERT_TRUE(s) << why(s);
  auto p = sessions.authenticate(s->token, "req");
  ASSERT_TRUE(p) << why(p);
  EXPECT_EQ(p->csrf_token, s->csrf_token);
  EXPECT_NE(s->csrf_token, s->token);
  EXPECT_TRUE(FailsWith(SessionService::check_csrf(*p, ""), ErrorCode::CsrfRejected));
  EXPECT_TRUE(FailsWith(SessionService::check_csrf(*p, "wrong"), ErrorCode::CsrfRejected));
  EXPECT_TRUE(FailsWith(SessionService::check_csrf(*p, auth::random_token(24)), ErrorCode::CsrfRejected));
  EXPECT_TRUE(FailsWith(SessionService::check_csrf(*p, s->token), ErrorCode::CsrfRejected));
  EXPECT_TRUE(SessionService::check_csrf(*p, s->csrf_token));
  Principal no_session;
  EXPECT_TRUE(FailsWith(SessionService::check_csrf(no_session, ""), ErrorCode::CsrfRejected));
}

TEST_P(Sessions, SigningOutEndsOnlyThatSession) {
  SessionService sessions(store(), {}, clock());
  const std::string login = new_user("signout.", "viewer", "01");
  const std::string address = unique_address();
  auto a = sessions.sign_in(login, kPassword, address, "test", "req");
  auto b = sessions.sign_in(login, kPassword, address, "test", "req");
  ASSERT_TRUE(a && b) << why(a) << why(b);
  auto p = sessions.authenticate(a->token, "req");
  ASSERT_TRUE(p) << why(p);
  ASSERT_TRUE(sessions.sign_out(*p));
  EXPECT_TRUE(FailsWith(sessions.authenticate(a->token, "req"), ErrorCode::Unauthenticated));
  EXPECT_TRUE(sessions.authenticate(b->token, "req"));
}

// Issue #12 item 7: a signed-in request is served from the cache, and every account change —
// a grant, a revocation, a disabled account, a sign-out — is seen by the very next request.
TEST_P(Sessions, TheSignedInCacheForgetsAtOnceEveryAccountChange) {
  ChangeFeed feed;
  SessionService sessions(store(), {}, clock());
  UserService users(store(), kFastHash);
  feed.subscribe(sessions);
  sessions.set_change_feed(&feed);
  users.set_change_feed(&feed);
  const Principal admin = as(Role::Administrator, "01", "admin.cache");
  const std::string login = new_user("cache.", "viewer", "01");
  auto s = sessions.sign_in(login, kPassword, unique_address(), "test", "req");
  auto other = sessions.sign_in(login, kPassword, unique_address(), "test", "req");
  ASSERT_TRUE(s && other) << why(s) << why(other);

  auto first = sessions.authenticate(s->token, "req-1");
  ASSERT_TRUE(first) << why(first);
  const auto before = sessions.cache_stats();
  auto second = sessions.authenticate(s->token, "req-2");
  ASSERT_TRUE(second) << why(second);
  EXPECT_EQ(sessions.cache_stats().hits, before.hits + 1) << "the second request is served from memory";
  EXPECT_EQ(second->request_id, "req-2") << "the request's own id, not the cached one";
  EXPECT_EQ(second->grants.size(), 1U);

  ASSERT_TRUE(users.grant(admin, login, "editor", "01"));
  auto granted = sessions.authenticate(s->token, "req-3");
  ASSERT_TRUE(granted) << why(granted);
  EXPECT_EQ(granted->grants.size(), 2U) << "a new grant is seen at once";
  ASSERT_TRUE(users.revoke(admin, login, "editor", "01"));
  auto revoked = sessions.authenticate(s->token, "req-4");
  ASSERT_TRUE(revoked) << why(revoked);
  EXPECT_EQ(revoked->grants.size(), 1U) << "a revoked grant is gone at once";

  auto o = sessions.authenticate(other->token, "req-5");
  ASSERT_TRUE(o) << why(o);
  ASSERT_TRUE(sessions.sign_out(*o));
  EXPECT_TRUE(FailsWith(sessions.authenticate(other->token, "req-6"), ErrorCode::Unauthenticated)) << "signed out";

  ASSERT_TRUE(sessions.authenticate(s->token, "req-7"));  // cached again
  UpdateUserCommand disable;
  disable.disabled = true;
  ASSERT_TRUE(users.update(admin, login, disable));
  EXPECT_TRUE(FailsWith(sessions.authenticate(s->token, "req-8"), ErrorCode::Unauthenticated)) << "disabled";
}

// Another instance drops its copy when it hears the change (PostgreSQL LISTEN hands the payload
// to ChangeFeed::apply_notification); one that never hears it trusts its copy no longer than cache_ttl.
TEST_P(Sessions, AnotherInstanceDropsItsCopyWhenItHearsOrAfterTheTtl) {
  ChangeFeed feed_a;
  ChangeFeed feed_b;
  SessionService a(store(), {}, clock());
  SessionService b(store(), {}, clock());
  feed_a.subscribe(a);
  a.set_change_feed(&feed_a);
  feed_b.subscribe(b);
  b.set_change_feed(&feed_b);
  const std::string login = new_user("cache2.", "viewer", "01");
  auto s1 = a.sign_in(login, kPassword, unique_address(), "test", "req");
  auto s2 = a.sign_in(login, kPassword, unique_address(), "test", "req");
  ASSERT_TRUE(s1 && s2) << why(s1) << why(s2);
  ASSERT_TRUE(b.authenticate(s1->token, "req") && b.authenticate(s2->token, "req"));  // b caches both

  // Signed out on a; b has not heard: its copy lives until the TTL, not a moment longer.
  auto p1 = a.authenticate(s1->token, "req");
  ASSERT_TRUE(p1 && a.sign_out(*p1));
  EXPECT_TRUE(b.authenticate(s1->token, "req")) << "within the TTL b still trusts its copy";
  *now_ += b.options().cache_ttl;
  EXPECT_TRUE(FailsWith(b.authenticate(s1->token, "req"), ErrorCode::Unauthenticated))
      << "after the TTL b reads the store";

  // Signed out on a; b hears it: refused at once.
  ASSERT_TRUE(b.authenticate(s2->token, "req"));
  auto p2 = a.authenticate(s2->token, "req");
  ASSERT_TRUE(p2 && a.sign_out(*p2));
  feed_b.apply_notification(encode_changes(feed_a.origin(), change::kAccounts));
  EXPECT_TRUE(FailsWith(b.authenticate(s2->token, "req"), ErrorCode::Unauthenticated)) << "heard: refused at once";
  EXPECT_EQ(describe_changes(change::kAccounts), "accounts");
}

// ---- audit --------------------------------------------------------------------

class Audit : public ServicesTest {};

TEST_P(Audit, TheChainOfTheSharedDatabaseVerifies) {
  // Some writes of our own first.
  UnitService units(store());
  UnitCommand cmd;
  cmd.code = unique("T-AU-");
  cmd.name_vi = "Đơn vị kiểm tra nhật ký";
  cmd.unit_type = "agency";
  cmd.parent_code = "01";
  cmd.valid_from = "2026-02-01";
  ASSERT_TRUE(units.create(as(Role::Administrator, "01", "auditor"), cmd));
  new_user("audit.", "viewer", "01");

  AuditService audit(store());
  std::int64_t last_progress = 0;
  auto v = audit.verify([&](std::int64_t n) { last_progress = n; });
  ASSERT_TRUE(v) << why(v);
  EXPECT_TRUE(v->ok) << v->reason_en;
  EXPECT_FALSE(v->broken_seq);
  auto tx = store().begin(Access::Read);
  ASSERT_TRUE(tx);
  auto count = (*tx)->audit().count();
  ASSERT_TRUE(count);
  EXPECT_EQ(v->entries, *count);
  EXPECT_EQ(last_progress, *count);
  EXPECT_GT(*count, 20);  // package, demo units, committee, members, users, ...
}

TEST_P(Audit, AManagerReadsOnlyEntriesAboutTheirSubtree) {
  AuditService audit(store());
  const Principal manager = as(Role::Manager, "01");
  const std::int64_t hanoi = id_of("01");
  AuditQuery q;
  q.limit = 1000;
  auto entries = audit.list(manager, q);
  ASSERT_TRUE(entries) << why(entries);
  EXPECT_FALSE(entries->empty());  // the demo committee of Hà Nội at least
  auto tx = store().begin(Access::Read);
  ASSERT_TRUE(tx);
  for (const auto& e : *entries) {
    ASSERT_TRUE(e.record.unit_id) << "seq " << e.seq << " has no unit";
    auto chain = (*tx)->units().ancestor_ids(*e.record.unit_id);
    ASSERT_TRUE(chain);
    EXPECT_NE(std::find(chain->begin(), chain->end(), hanoi), chain->end())
        << "seq " << e.seq << " " << e.record.action << " " << e.record.entity_id << " is outside Hà Nội";
  }
  EXPECT_TRUE(std::is_sorted(entries->begin(), entries->end(),
                             [](const store::AuditEntry& a, const store::AuditEntry& b) { return a.seq > b.seq; }));

  // Hồ Chí Minh City's agency and user exist in the log, but not for Hà Nội.
  AuditQuery agency79;
  agency79.entity_type = "unit";
  agency79.entity_id = "79-SNV@2025-07-01";
  auto hidden = audit.list(manager, agency79);
  ASSERT_TRUE(hidden) << why(hidden);
  EXPECT_TRUE(hidden->empty());
  auto shown = audit.list(as(Role::Administrator, "VN"), agency79);
  ASSERT_TRUE(shown) << why(shown);
  EXPECT_EQ(shown->size(), 1u);
  AuditQuery user79;
  user79.entity_type = "user";
  user79.entity_id = "hcm.xem";
  auto hidden_user = audit.list(manager, user79);
  ASSERT_TRUE(hidden_user);
  EXPECT_TRUE(hidden_user->empty());

  auto hcm = audit.list(as(Role::Manager, "79"), q);
  ASSERT_TRUE(hcm) << why(hcm);
  EXPECT_FALSE(hcm->empty());
  for (const auto& e : *hcm) {
    ASSERT_TRUE(e.record.unit_id);
    auto chain = (*tx)->units().ancestor_ids(*e.record.unit_id);
    ASSERT_TRUE(chain);
    EXPECT_EQ(std::find(chain->begin(), chain->end(), hanoi), chain->end()) << "seq " << e.seq;
  }
}

TEST_P(Audit, OnlyRolesWithAuditReadMayReadTheLog) {
  AuditService audit(store());
  EXPECT_TRUE(FailsWith(audit.list(as(Role::Editor, "01"), {}), ErrorCode::Forbidden));
  EXPECT_TRUE(FailsWith(audit.list(as(Role::Viewer, "VN"), {}), ErrorCode::Forbidden));
  EXPECT_TRUE(audit.list(as(Role::Approver, "01"), {}));
  AuditQuery bad;
  bad.from = "2026-13-01";
  EXPECT_TRUE(FailsWith(audit.list(as(Role::Manager, "01"), bad), ErrorCode::InvalidValue, "from"));
}

// A small database of its own, with a few audit entries, for tampering with.
class AuditTampering : public ::testing::TestWithParam<db::Backend> {
 protected:
  void SetUp() override {
    env_ = make_env(GetParam(), false);
    TIENBO_REQUIRE_DATABASE(*env_->scratch);
    ASSERT_TRUE(env_->error.empty()) << env_->error;
    {
      auto tx = env_->store->begin(Access::Write);
      ASSERT_TRUE(tx) << why(tx);
      store::UnitRecord vn;
      vn.code = "VN";
      vn.name_vi = "Việt Nam";
      vn.unit_type = core::UnitType::Nation;
      ASSERT_TRUE((*tx)->units().insert(vn));
      ASSERT_TRUE((*tx)->commit());
    }
    UserService users(*env_->store, kFastHash);
    for (const char* login : {"an.nguyen", "binh.tran", "cuong.le", "dung.pham"}) {
      AddUserCommand cmd;
      cmd.login = login;
      cmd.role = "viewer";
      cmd.unit_code = "VN";
      cmd.password = kPassword;
      auto id = users.add_user(cmd, kActor);
      ASSERT_TRUE(id) << why(id);
    }
    auto v = AuditService(*env_->store).verify({});
    ASSERT_TRUE(v) << why(v);
    ASSERT_TRUE(v->ok) << v->reason_en;
    ASSERT_EQ(v->entries, 4);
  }

  //! Runs SQL on a connection of its own, as someone with database access would.
  void tamper(const std::string& sql) {
    auto url = db::parse_database_url(env_->scratch->url());
    ASSERT_TRUE(url);
    auto d = db::open_database(*url, db::PoolOptions{});
    ASSERT_TRUE(d) << why(d);
    auto c = (*d)->acquire();
    ASSERT_TRUE(c) << why(c);
    auto n = (*c)->execute(sql);
    ASSERT_TRUE(n) << why(n);
    EXPECT_EQ(*n, 1);
  }

  std::shared_ptr<Env> env_;
};

TEST_P(AuditTampering, AnEditedEntryBreaksTheChainThere) {
  tamper("UPDATE audit_event SET actor = 'mallory' WHERE seq = 3");
  auto v = AuditService(*env_->store).verify({});
  ASSERT_TRUE(v) << why(v);
  EXPECT_FALSE(v->ok);
  ASSERT_TRUE(v->broken_seq);
  EXPECT_EQ(*v->broken_seq, 3);
  EXPECT_EQ(v->entries, 2);
  EXPECT_NE(v->reason_en.find("entry 3 "), std::string::npos) << v->reason_en;
  EXPECT_NE(v->reason_vi.find("số 3 "), std::string::npos) << v->reason_vi;
}

TEST_P(AuditTampering, ADeletedLastEntryIsNoticed) {
  tamper("DELETE FROM audit_event WHERE seq = (SELECT MAX(seq) FROM audit_event)");
  auto v = AuditService(*env_->store).verify({});
  ASSERT_TRUE(v) << why(v);
  EXPECT_FALSE(v->ok);
  ASSERT_TRUE(v->broken_seq);
  EXPECT_EQ(*v->broken_seq, 4);
  EXPECT_NE(v->reason_en.find("entry 3"), std::string::npos) << v->reason_en;
  EXPECT_NE(v->reason_en.find("entry 4"), std::string::npos) << v->reason_en;
}

TEST_P(AuditTampering, ADeletedMiddleEntryIsNoticed) {
  tamper("DELETE FROM audit_event WHERE seq = 2");
  auto v = AuditService(*env_->store).verify({});
  ASSERT_TRUE(v) << why(v);
  EXPECT_FALSE(v->ok);
  ASSERT_TRUE(v->broken_seq);
  EXPECT_EQ(*v->broken_seq, 2);
  EXPECT_NE(v->reason_en.find("entry 2 is missing"), std::string::npos) << v->reason_en;
}

TEST_P(AuditTampering, ARecomputedHashStillBreaksTheNextLink) {
  // Changing an entry's stored hash (to cover an edit) breaks the link from the next entry.
  tamper("UPDATE audit_event SET hash = '" + auth::sha256_hex("forged") + "' WHERE seq = 2");
  auto v = AuditService(*env_->store).verify({});
  ASSERT_TRUE(v) << why(v);
  EXPECT_FALSE(v->ok);
  ASSERT_TRUE(v->broken_seq);
  EXPECT_EQ(*v->broken_seq, 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, Units, ::testing::Values(db::Backend::Sqlite, db::Backend::Postgres),
                         test::BackendName());
INSTANTIATE_TEST_SUITE_P(Backends, AccessRules, ::testing::Values(db::Backend::Sqlite, db::Backend::Postgres),
                         test::BackendName());
INSTANTIATE_TEST_SUITE_P(Backends, Committees, ::testing::Values(db::Backend::Sqlite, db::Backend::Postgres),
                         test::BackendName());
INSTANTIATE_TEST_SUITE_P(Backends, Users, ::testing::Values(db::Backend::Sqlite, db::Backend::Postgres),
                         test::BackendName());
INSTANTIATE_TEST_SUITE_P(Backends, Sessions, ::testing::Values(db::Backend::Sqlite, db::Backend::Postgres),
                         test::BackendName());
INSTANTIATE_TEST_SUITE_P(Backends, Audit, ::testing::Values(db::Backend::Sqlite, db::Backend::Postgres),
                         test::BackendName());
INSTANTIATE_TEST_SUITE_P(Backends, AuditTampering, ::testing::Values(db::Backend::Sqlite, db::Backend::Postgres),
                         test::BackendName());

}  // namespace
}  // namespace tienbo::services
