// The store and services over both backends: one parameterised suite.

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "sql_common.hpp"
#include "test_support.hpp"
#include "tienbo/auth/password.hpp"
#include "tienbo/core/embedded_file.hpp"
#include "tienbo/core/text.hpp"
#include "tienbo/db/migrations.hpp"
#include "tienbo/io/metadata_package.hpp"
#include "tienbo/services/analytics_service.hpp"
#include "tienbo/services/change_feed.hpp"
#include "tienbo/services/metadata_service.hpp"
#include "tienbo/services/setup_service.hpp"
#include "tienbo/services/system_service.hpp"
#include "tienbo/services/user_service.hpp"
#include "tienbo/store/sql_store.hpp"

namespace tienbo::services {
std::span<const core::EmbeddedFile> embedded_vn_gender_equality_package();
}

namespace tienbo::store {
namespace {

std::map<std::string, std::string> package_files() {
  std::map<std::string, std::string> out;
  for (const auto& f : services::embedded_vn_gender_equality_package())
    out[std::string(f.name)] = std::string(f.contents);
  return out;
}

std::map<std::string, std::string_view> views(const std::map<std::string, std::string>& files) {
  std::map<std::string, std::string_view> out;
  for (const auto& [k, v] : files) out[k] = v;
  return out;
}

void replace_once(std::string& text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
}

class StoreTest : public ::testing::TestWithParam<db::Backend> {
 protected:
  void SetUp() override {
    scratch_ = std::make_unique<test::ScratchDatabase>(GetParam());
    TIENBO_REQUIRE_DATABASE(*scratch_);
    auto url = db::parse_database_url(scratch_->url());
    ASSERT_TRUE(url);
    db::PoolOptions o;
    o.mode = db::OpenMode::CreateIfMissing;
    auto d = db::open_database(*url, o);
    ASSERT_TRUE(d) << d.error().message_en;
    db_ = std::move(*d);
    auto m = db::select_migrations(db::embedded_migrations(), GetParam());
    ASSERT_TRUE(m);
    auto c = db_->acquire();
    ASSERT_TRUE(c);
    ASSERT_TRUE(db::migrate(**c, *m));
    store_ = make_sql_store(*db_);
  }

  std::unique_ptr<test::ScratchDatabase> scratch_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<Store> store_;
  const services::Actor actor_{"tester", "req-1"};
};

TEST_P(StoreTest, PingReportsBackendAndSchema) {
  auto info = store_->ping();
  ASSERT_TRUE(info) << info.error().message_en;
  EXPECT_EQ(info->backend, GetParam() == db::Backend::Sqlite ? "sqlite" : "postgresql");
  EXPECT_EQ(info->schema_version.size(), 12u);
}

TEST_P(StoreTest, UnitsAreStoredAndFoundByCode) {
  auto tx = store_->begin(Access::Write);
  ASSERT_TRUE(tx);
  UnitRecord vn;
  vn.code = "VN";
  vn.name_vi = "Việt Nam";
  vn.unit_type = core::UnitType::Nation;
  auto vn_id = (*tx)->units().insert(vn);
  ASSERT_TRUE(vn_id);
  UnitRecord hn;
  hn.code = "01";
  hn.name_vi = "Thành phố Hà Nội";
  hn.unit_type = core::UnitType::Province;
  hn.parent_id = *vn_id;
  ASSERT_TRUE((*tx)->units().insert(hn));
  ASSERT_TRUE((*tx)->commit());

  auto read = store_->begin(Access::Read);
  ASSERT_TRUE(read);
  auto found = (*read)->units().find_by_code("01", "2026-01-01");
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->name_vi, "Thành phố Hà Nội");
  EXPECT_EQ((*found)->parent_id, *vn_id);
  auto missing = (*read)->units().find_by_code("99", "2026-01-01");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
}

// A unit type or target operator the enums do not know, read from a row (past the CHECK that keeps it
// out), is a database error naming the column and the text, never a silent default.
TEST_P(StoreTest, AnUnknownUnitTypeOrTargetOperatorInARowIsAnErrorNamingIt) {
  {
    auto tx = store_->begin(Access::Write);
    ASSERT_TRUE(tx);
    UnitRecord vn;
    vn.code = "VN";
    vn.name_vi = "Việt Nam";
    vn.unit_type = core::UnitType::Nation;
    ASSERT_TRUE((*tx)->units().insert(vn));
    auto group = (*tx)->metadata().upsert_indicator_group({0, "G", "Nhóm", "", "", 0});
    ASSERT_TRUE(group) << group.error().message_en;
    IndicatorRecord x;
    x.code = "I1";
    x.group_id = *group;
    x.name_vi = "Chỉ tiêu";
    x.numerator = "A";
    x.direction = "higher";
    x.confidence = "verified";
    auto indicator = (*tx)->metadata().upsert_indicator(x);
    ASSERT_TRUE(indicator) << indicator.error().message_en;
    IndicatorTargetRecord t;
    t.indicator_id = *indicator;
    t.year = 2030;
    t.value = 50;
    t.op = core::TargetOperator::Ge;
    ASSERT_TRUE((*tx)->metadata().replace_indicator_targets(*indicator, std::nullopt, {t}));
    ASSERT_TRUE((*tx)->commit());
  }
  {
    auto c = db_->acquire();
    ASSERT_TRUE(c);
    if (GetParam() == db::Backend::Sqlite) {
      ASSERT_TRUE((*c)->execute("PRAGMA ignore_check_constraints = ON"));
    } else {
      ASSERT_TRUE((*c)->execute("ALTER TABLE unit DROP CONSTRAINT unit_unit_type_check"));
      ASSERT_TRUE((*c)->execute("ALTER TABLE indicator_target DROP CONSTRAINT indicator_target_operator_check"));
    }
    ASSERT_TRUE((*c)->execute("UPDATE unit SET unit_type = 'ward' WHERE code = 'VN'"));
    ASSERT_TRUE((*c)->execute("UPDATE indicator_target SET operator = 'atleast'"));
    if (GetParam() == db::Backend::Sqlite) {
      ASSERT_TRUE((*c)->execute("PRAGMA ignore_check_constraints = OFF"));
    }
  }
  auto tx = store_->begin(Access::Read);
  ASSERT_TRUE(tx);
  auto unit = (*tx)->units().find_by_code("VN", "2026-01-01");
  ASSERT_FALSE(unit);
  EXPECT_EQ(unit.error().code, core::ErrorCode::DatabaseError);
  EXPECT_EQ(unit.error().message_en, "column unit.unit_type holds \"ward\", which is not valid");
  auto all = (*tx)->units().all();
  ASSERT_FALSE(all);
  EXPECT_NE(all.error().message_en.find("\"ward\""), std::string::npos) << all.error().message_en;
  auto targets = (*tx)->metadata().indicator_targets();
  ASSERT_FALSE(targets);
  EXPECT_EQ(targets.error().code, core::ErrorCode::DatabaseError);
  EXPECT_EQ(targets.error().message_en, "column indicator_target.operator holds \"atleast\", which is not valid");
}

// Issue #12 item 7: the unit tree's structure is cached for access checks. A transaction sees
// its own moves, a committed move is seen by the next transaction, a rolled-back one never, and
// another instance's move once that instance's change is heard (Store::units_changed).
TEST_P(StoreTest, TheCachedUnitTreeFollowsEveryCommittedMove) {
  std::int64_t vn = 0, a = 0, b = 0, c = 0;
  {
    auto tx = store_->begin(Access::Write);
    ASSERT_TRUE(tx);
    const auto add = [&](const std::string& code, std::optional<std::int64_t> parent) {
      UnitRecord u;
      u.code = code;
      u.name_vi = "Đơn vị " + code;
      u.unit_type = parent ? core::UnitType::Province : core::UnitType::Nation;
      u.parent_id = parent;
      auto id = (*tx)->units().insert(u);
      EXPECT_TRUE(id);
      return id ? *id : 0;
    };
    vn = add("VN", std::nullopt);
    a = add("A", vn);
    b = add("B", vn);
    c = add("C", a);
    ASSERT_TRUE((*tx)->commit());
  }
  const auto ancestors = [&](Store& store) {
    auto tx = store.begin(Access::Read);
    EXPECT_TRUE(tx);
    auto r = (*tx)->units().ancestor_ids(c);
    EXPECT_TRUE(r);
    return r ? *r : std::vector<std::int64_t>{};
  };
  const auto move_c = [&](Store& store, std::int64_t parent, bool commit) {
    auto tx = store.begin(Access::Write);
    ASSERT_TRUE(tx);
    auto u = (*tx)->units().find_by_id(c);
    ASSERT_TRUE(u && *u);
    (*u)->parent_id = parent;
    ASSERT_TRUE((*tx)->units().update(**u));
    auto inside = (*tx)->units().ancestor_ids(c);
    ASSERT_TRUE(inside);
    EXPECT_EQ(*inside, (std::vector<std::int64_t>{c, parent, vn})) << "a transaction sees its own move";
    if (commit) {
      ASSERT_TRUE((*tx)->commit());
    }
  };
  EXPECT_EQ(ancestors(*store_), (std::vector<std::int64_t>{c, a, vn}));
  EXPECT_EQ(ancestors(*store_), (std::vector<std::int64_t>{c, a, vn}));  // now cached
  move_c(*store_, b, /*commit=*/false);
  EXPECT_EQ(ancestors(*store_), (std::vector<std::int64_t>{c, a, vn})) << "a rolled-back move is never seen";
  move_c(*store_, b, /*commit=*/true);
  EXPECT_EQ(ancestors(*store_), (std::vector<std::int64_t>{c, b, vn})) << "a committed move is seen at once";

  // Another instance (a second store over the same database) moves C back.
  auto other = make_sql_store(*db_);
  EXPECT_EQ(ancestors(*other), (std::vector<std::int64_t>{c, b, vn}));
  move_c(*other, a, /*commit=*/true);
  EXPECT_EQ(ancestors(*other), (std::vector<std::int64_t>{c, a, vn}));
  store_->units_changed();  // what the change feed does when it hears the other instance
  EXPECT_EQ(ancestors(*store_), (std::vector<std::int64_t>{c, a, vn})) << "heard from another instance";
}

TEST_P(StoreTest, AUnitOfWorkNotCommittedLeavesNothing) {
  {
    auto tx = store_->begin(Access::Write);
    ASSERT_TRUE(tx);
    UnitRecord vn;
    vn.code = "VN";
    vn.name_vi = "Việt Nam";
    vn.unit_type = core::UnitType::Nation;
    ASSERT_TRUE((*tx)->units().insert(vn));
    ASSERT_TRUE((*tx)->audit().append({"a", "r", "create", "unit", "VN", std::nullopt, std::nullopt, "{}"}));
  }
  auto tx = store_->begin(Access::Read);
  ASSERT_TRUE(tx);
  EXPECT_EQ(*(*tx)->units().count("2026-01-01", std::nullopt), 0);
  EXPECT_EQ(*(*tx)->audit().count(), 0);
}

// Audit entries are chained when their transaction commits (PostgreSQL then locks the chain's
// head only for its last statements); the transaction that appended them still reads them, in
// order, and a second store's writers chain after them without a break.
TEST_P(StoreTest, AuditEntriesAreChainedAtCommitAndReadBackInTheirOwnTransaction) {
  auto other = make_sql_store(*db_);
  {
    auto tx = store_->begin(Access::Write);
    ASSERT_TRUE(tx);
    ASSERT_TRUE((*tx)->audit().append({"a", "r1", "first", "unit", "X", std::nullopt, std::nullopt, "{}"}));
    ASSERT_TRUE((*tx)->audit().append({"a", "r1", "second", "unit", "X", std::nullopt, std::nullopt, "{}"}));
    auto seen = (*tx)->audit().count();
    ASSERT_TRUE(seen);
    EXPECT_EQ(*seen, 2) << "the transaction reads what it appended";
    ASSERT_TRUE((*tx)->audit().append({"a", "r1", "third", "unit", "X", std::nullopt, std::nullopt, "{}"}));
    ASSERT_TRUE((*tx)->commit());
  }
  for (int i = 0; i < 3; ++i) {
    Store& s = i % 2 == 0 ? *other : *store_;
    auto tx = s.begin(Access::Write);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(
        (*tx)->audit().append({"b", "r2", "more", "unit", std::to_string(i), std::nullopt, std::nullopt, "{}"}));
    if (i == 1) {
      auto early = (*tx)->commit_writes_keep_reading();
      ASSERT_TRUE(early) << early.error().message_en;
      auto n = (*tx)->audit().count();
      ASSERT_TRUE(n);
      EXPECT_EQ(*n, 5) << "read after the writes ended: the entry is there";
    }
    ASSERT_TRUE((*tx)->commit());
  }
  auto tx = store_->begin(Access::Read);
  ASSERT_TRUE(tx);
  AuditFilter all;
  all.include_unitless = true;
  all.limit = 100;
  auto entries = (*tx)->audit().list(all);
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 6U);
  std::vector<std::string> actions;
  for (auto it = entries->rbegin(); it != entries->rend(); ++it) actions.push_back(it->record.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"first", "second", "third", "more", "more", "more"}));
  auto verdict = (*tx)->audit().verify([](std::int64_t) {});
  ASSERT_TRUE(verdict);
  EXPECT_TRUE(verdict->ok) << verdict->reason_en;
}

TEST_P(StoreTest, LoadingThePackageIsIdempotent) {
  services::SetupService setup(*store_);
  ASSERT_TRUE(setup.load_package("vn-gender-equality", actor_));
  ASSERT_TRUE(setup.load_package("vn-gender-equality", actor_));
  auto tx = store_->begin(Access::Read);
  EXPECT_EQ(*(*tx)->units().count("2026-01-01", std::nullopt), 1 + 34 + 3321);
  auto vn = (*tx)->units().find_by_code("VN", "2026-01-01");
  ASSERT_TRUE(vn && *vn);
  EXPECT_EQ((*vn)->name_vi, "Việt Nam");
  auto bad = setup.load_package("nope", actor_);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "package");
}

// Every shipped data element carries its definition and how to count it (issue #11, item 4):
// non-empty, trimmed, Vietnamese in NFC; a load stores them as shipped and a second load changes nothing.
TEST_P(StoreTest, EveryShippedElementHasADefinitionAndAnInstructionStoredAsShipped) {
  auto files = package_files();
  auto parsed = io::parse_metadata_package(views(files));
  ASSERT_TRUE(parsed) << parsed.error().message_en;
  ASSERT_GE(parsed->data_elements.size(), 58u);
  std::map<std::string, const io::PackageDataElement*> shipped;
  for (const auto& e : parsed->data_elements) {
    shipped[e.code] = &e;
    for (const auto& [field, text] :
         {std::pair{"descriptionVi", &e.description_vi}, std::pair{"instructionVi", &e.instruction_vi},
          std::pair{"instructionEn", &e.instruction_en}}) {
      EXPECT_FALSE(text->empty()) << e.code << " " << field;
      EXPECT_EQ(core::collapse_spaces(*text), *text) << e.code << " " << field << ": stray white space";
      EXPECT_EQ(core::to_nfc_vietnamese(*text), *text) << e.code << " " << field << " is not NFC";
    }
    EXPECT_GE(e.description_vi.size(), 60u) << e.code << ": a definition, not a label";
  }

  services::MetadataService metadata(*store_);
  auto first = metadata.load_package_files("vn-gender-equality", views(files), actor_);
  ASSERT_TRUE(first) << first.error().message_en;
  const auto stored = [&] {
    std::map<std::string, DataElementRecord> out;
    auto tx = store_->begin(Access::Read);
    auto elements = (*tx)->metadata().data_elements();
    EXPECT_TRUE(elements);
    if (elements)
      for (auto& e : *elements) out[e.code] = std::move(e);
    return out;
  };
  const auto once = stored();
  ASSERT_EQ(once.size(), shipped.size());
  for (const auto& [code, e] : shipped) {
    auto at = once.find(code);
    ASSERT_NE(at, once.end()) << code;
    EXPECT_EQ(at->second.description_vi, e->description_vi) << code;
    EXPECT_EQ(at->second.instruction_vi, e->instruction_vi) << code;
    EXPECT_EQ(at->second.instruction_en, e->instruction_en) << code;
  }
  // The form definition the report API renders carries them too.
  auto def = metadata.definition("BC_CHIEN_LUOC", *core::Period::parse("2025"));
  ASSERT_TRUE(def) << def.error().message_en;
  const auto* victims = (*def)->element_by_code("BL_NAN_NHAN");
  ASSERT_NE(victims, nullptr);
  EXPECT_EQ(victims->element.description_vi, shipped.at("BL_NAN_NHAN")->description_vi);
  EXPECT_NE(victims->element.description_vi.find("28/NQ-CP"), std::string::npos);

  auto again = metadata.load_package_files("vn-gender-equality", views(files), actor_);
  ASSERT_TRUE(again) << again.error().message_en;
  EXPECT_EQ(again->created + again->updated, 0);
  const auto twice = stored();
  for (const auto& [code, e] : once) {
    EXPECT_EQ(twice.at(code).description_vi, e.description_vi) << code;
    EXPECT_EQ(twice.at(code).instruction_vi, e.instruction_vi) << code;
    EXPECT_EQ(twice.at(code).instruction_en, e.instruction_en) << code;
  }

  // A definition changed in the package is updated in place on the next load, and only that one.
  auto changed = files;
  replace_once(changed["data_elements.json"], shipped.at("KT_CUOC")->description_vi,
               "Số cuộc kiểm tra do Ban chủ trì trong kỳ.");
  if (::testing::Test::HasFatalFailure()) return;
  auto edited = metadata.load_package_files("vn-gender-equality", views(changed), actor_);
  ASSERT_TRUE(edited) << edited.error().message_en;
  EXPECT_EQ(edited->created, 0);
  EXPECT_EQ(edited->updated, 1);
  EXPECT_EQ(stored().at("KT_CUOC").description_vi, "Số cuộc kiểm tra do Ban chủ trì trong kỳ.");
}

TEST_P(StoreTest, AChangedFormBecomesANewVersionFromItsPeriod) {
  services::MetadataService metadata(*store_);
  auto files = package_files();
  auto first = metadata.load_package_files("vn-gender-equality", views(files), actor_);
  ASSERT_TRUE(first) << first.error().message_en;
  EXPECT_GT(first->created, 30);
  auto again = metadata.load_package_files("vn-gender-equality", views(files), actor_);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->created + again->updated, 0);
  EXPECT_TRUE(again->new_versions.empty());

  // The Action Month form gains an element from 2026 on; a renamed data element is updated in place.
  auto changed = files;
  replace_once(
      changed["data_elements.json"], "\"dataElements\": [",
      "\"dataElements\": [\n    {\"code\": \"THD_XA_HUONG_UNG\", \"nameVi\": \"Số xã, phường hưởng ứng\", \"nameEn\": "
      "\"Communes taking part\", \"valueType\": \"integer\", \"aggregation\": \"sum\", \"combo\": \"KHONG\"},");
  replace_once(changed["data_elements.json"], "Số cuộc họp của Ban", "Số cuộc họp của Ban (kể cả họp trực tuyến)");
  replace_once(changed["forms.json"], "\"THD_NGAY_PHAT_DONG\",", "\"THD_XA_HUONG_UNG\", \"THD_NGAY_PHAT_DONG\",");
  if (::testing::Test::HasFatalFailure()) return;
  auto same_period = metadata.load_package_files("vn-gender-equality", views(changed), actor_);
  ASSERT_FALSE(same_period);  // fromPeriod is still 2016: refused, nothing written
  EXPECT_EQ(same_period.error().field, "package");
  EXPECT_NE(same_period.error().message_vi.find("BC_THANG_HANH_DONG"), std::string::npos)
      << same_period.error().message_vi;
  EXPECT_NE(same_period.error().message_en.find("fromPeriod"), std::string::npos);
  {
    auto tx = store_->begin(Access::Read);
    auto elements = (*tx)->metadata().data_elements();
    ASSERT_TRUE(elements);
    for (const auto& e : *elements) EXPECT_NE(e.code, "THD_XA_HUONG_UNG");
  }

  replace_once(changed["forms.json"], "\"fromPeriod\": \"2016\"", "\"fromPeriod\": \"2026\"");
  auto upgraded = metadata.load_package_files("vn-gender-equality", views(changed), actor_);
  ASSERT_TRUE(upgraded) << upgraded.error().message_en;
  EXPECT_EQ(upgraded->created, 1);
  EXPECT_EQ(upgraded->updated, 1);
  ASSERT_EQ(upgraded->new_versions.size(), 1u);
  EXPECT_EQ(upgraded->new_versions[0], "BC_THANG_HANH_DONG v2 từ/from 2026");

  auto p2025 = core::Period::parse("2025");
  auto p2026 = core::Period::parse("2026");
  auto old_def = metadata.definition("BC_THANG_HANH_DONG", *p2025);
  auto new_def = metadata.definition("BC_THANG_HANH_DONG", *p2026);
  ASSERT_TRUE(old_def && new_def);
  EXPECT_EQ((*old_def)->version.version_no, 1);
  EXPECT_EQ((*new_def)->version.version_no, 2);
  EXPECT_EQ((*old_def)->element_by_code("THD_XA_HUONG_UNG"), nullptr);
  ASSERT_NE((*new_def)->element_by_code("THD_XA_HUONG_UNG"), nullptr);
  EXPECT_EQ((*new_def)->sections.front().element_ids.size(), (*old_def)->sections.front().element_ids.size() + 1);
  auto bdg = metadata.definition("BC_BDG_NAM", *p2026);
  ASSERT_TRUE(bdg);
  EXPECT_EQ((*bdg)->element_by_code("BAN_CUOC_HOP")->element.name_vi, "Số cuộc họp của Ban (kể cả họp trực tuyến)");

  // Loading the upgraded package again changes nothing; changing a value type is refused.
  auto stable = metadata.load_package_files("vn-gender-equality", views(changed), actor_);
  ASSERT_TRUE(stable);
  EXPECT_TRUE(stable->new_versions.empty());
  EXPECT_EQ(stable->created + stable->updated, 0);
  auto retyped = changed;
  replace_once(retyped["data_elements.json"],
               "\"code\": \"BAN_CUOC_HOP\", \"nameVi\": \"Số cuộc họp của Ban (kể cả họp trực tuyến)\", \"nameEn\": "
               "\"Committee meetings\", \"valueType\": \"integer\"",
               "\"code\": \"BAN_CUOC_HOP\", \"nameVi\": \"Số cuộc họp của Ban (kể cả họp trực tuyến)\", \"nameEn\": "
               "\"Committee meetings\", \"valueType\": \"text\"");
  auto bad = metadata.load_package_files("vn-gender-equality", views(retyped), actor_);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message_en.find("BAN_CUOC_HOP"), std::string::npos) << bad.error().message_en;
}

TEST_P(StoreTest, APackageWithAnUnknownValueTypeIsRefusedNamingTheField) {
  services::MetadataService metadata(*store_);
  auto files = package_files();
  replace_once(files["data_elements.json"],
               "\"code\": \"BAN_CUOC_HOP\", \"nameVi\": \"Số cuộc họp của Ban\", \"nameEn\": \"Committee meetings\", "
               "\"valueType\": \"integer\"",
               "\"code\": \"BAN_CUOC_HOP\", \"nameVi\": \"Số cuộc họp của Ban\", \"nameEn\": \"Committee meetings\", "
               "\"valueType\": \"percentage\"");
  if (::testing::Test::HasFatalFailure()) return;
  auto bad = metadata.load_package_files("vn-gender-equality", views(files), actor_);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, core::ErrorCode::InvalidValue);
  EXPECT_EQ(bad.error().field, "package");
  EXPECT_NE(bad.error().message_vi.find(
                "chỉ tiêu BAN_CUOC_HOP: valueType \"percentage\" không phải kiểu giá trị; chọn integer, "
                "number, percent, boolean, text, long_text hoặc date"),
            std::string::npos)
      << bad.error().message_vi;
  EXPECT_NE(bad.error().message_en.find(
                "data element BAN_CUOC_HOP: valueType \"percentage\" is not a value type; use integer, "
                "number, percent, boolean, text, long_text or date"),
            std::string::npos)
      << bad.error().message_en;
  auto tx = store_->begin(Access::Read);
  auto elements = (*tx)->metadata().data_elements();
  ASSERT_TRUE(elements);
  EXPECT_TRUE(elements->empty());  // refused before anything is written
}

// The differential test of the analytics cube: random trees, random values and
// random updates; every cube answer equals plain SQL (recursive subtree + GROUP BY).
TEST_P(StoreTest, CubeAnswersEqualSqlGroupByOnRandomTrees) {
  services::MetadataService metadata(*store_);
  auto loaded = metadata.load_package("vn-gender-equality", actor_);
  ASSERT_TRUE(loaded) << loaded.error().message_en;
  std::mt19937 engine(GetParam() == db::Backend::Sqlite ? 11 : 12);
  const auto rnd = [&engine](std::uint32_t n) { return static_cast<std::uint32_t>(engine() % n); };

  // A random tree of 150 units under VN.
  std::vector<store::UnitRecord> units;
  {
    auto tx = store_->begin(Access::Write);
    ASSERT_TRUE(tx);
    store::UnitRecord vn;
    vn.code = "VN";
    vn.name_vi = "Việt Nam";
    vn.unit_type = core::UnitType::Nation;
    auto id = (*tx)->units().insert(vn);
    ASSERT_TRUE(id);
    vn.id = *id;
    units.push_back(vn);
    for (int i = 1; i <= 150; ++i) {
      store::UnitRecord u;
      u.code = "T" + std::to_string(1000 + i);
      u.name_vi = "Đơn vị " + std::to_string(i);
      u.unit_type = i <= 10 ? core::UnitType::Province : core::UnitType::Commune;
      u.parent_id = units[i <= 10 ? 0 : rnd(static_cast<std::uint32_t>(units.size()))].id;
      auto uid = (*tx)->units().insert(u);
      ASSERT_TRUE(uid) << uid.error().message_en;
      u.id = *uid;
      units.push_back(u);
    }
    ASSERT_TRUE((*tx)->commit());
  }
  // Elements: one disaggregated by sex, one not; periods: a year and its halves.
  std::map<std::string, std::int64_t> element_ids;
  std::map<std::string, std::vector<std::int64_t>> option_ids;
  std::map<std::string, std::int64_t> option_by_code;
  {
    auto tx = store_->begin(Access::Read);
    auto elements = (*tx)->metadata().data_elements();
    auto combos = (*tx)->metadata().combos();
    ASSERT_TRUE(elements && combos);
    for (const auto& e : *elements) {
      if (e.code != "BL_NAN_NHAN" && e.code != "TH_LOP") continue;
      element_ids[e.code] = e.id;
      for (const auto& c : *combos) {
        if (c.id != e.combo_id) continue;
        for (const auto& o : c.option_combos) {
          option_ids[e.code].push_back(o.id);
          option_by_code[e.code + "." + o.code] = o.id;
        }
      }
    }
  }
  const std::vector<std::string> element_codes{"BL_NAN_NHAN", "TH_LOP"};
  const std::vector<std::string> periods{"2024", "2024S1", "2024S2", "2025S1", "2025S2"};
  services::AnalyticsService analytics(*store_, metadata);
  const auto write = [&](bool notify, int count) {
    auto tx = store_->begin(Access::Write);
    ASSERT_TRUE(tx);
    std::vector<services::ValueChange> changes;
    for (int k = 0; k < count; ++k) {
      const auto& code = element_codes[rnd(2)];
      const auto option = option_ids[code][rnd(static_cast<std::uint32_t>(option_ids[code].size()))];
      const auto& unit = units[rnd(static_cast<std::uint32_t>(units.size()))];
      const auto& period = periods[rnd(static_cast<std::uint32_t>(periods.size()))];
      if (rnd(5) == 0) {
        ASSERT_TRUE((*tx)->values().delete_value(element_ids[code], period, unit.id, option));
        changes.push_back({element_ids[code], option, unit.id, period, std::nullopt});
      } else {
        const double v = static_cast<double>(rnd(1000));
        store::DataValueRecord dv{
            element_ids[code],      period,    unit.id, option, std::to_string(static_cast<int>(v)), v, "", "tester",
            "2026-01-01T00:00:00Z", "entered", ""};
        ASSERT_TRUE((*tx)->values().upsert_value(dv));
        changes.push_back({element_ids[code], option, unit.id, period, v});
      }
    }
    ASSERT_TRUE((*tx)->commit());
    if (notify) analytics.values_committed(changes);
  };
  write(false, 800);
  auto built = analytics.rebuild();
  ASSERT_TRUE(built) << built.error().message_en;
  EXPECT_GT(built->values, 100u);
  EXPECT_LE(static_cast<double>(built->bytes) / static_cast<double>(built->values),
            40.0);  // small series carry overhead

  services::Principal admin;
  admin.login = "admin";
  admin.grants.push_back({auth::Role::Administrator, units[0].id});
  auto conn = db_->acquire();
  ASSERT_TRUE(conn);
  // SQL's answer: the subtree by a recursive query, sums grouped by period, then the same
  // period rule (the period's own values, else its finer periods).
  const auto sql_answer = [&](const std::string& dx, const store::UnitRecord& unit,
                              const std::string& pe) -> std::optional<double> {
    const auto dot = dx.find('.');
    const std::string code = dx.substr(0, dot);
    std::vector<std::int64_t> options =
        dot == std::string::npos ? option_ids[code] : std::vector<std::int64_t>{option_by_code[dx]};
    std::string in;
    for (auto o : options) in += (in.empty() ? "" : ",") + std::to_string(o);
    auto r = (*conn)->query(
        "WITH RECURSIVE sub(id) AS (SELECT id FROM unit WHERE id = $1"
        " UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)"
        " SELECT period, SUM(numeric_value), COUNT(*) FROM data_value"
        " WHERE data_element_id = $2 AND unit_id IN (SELECT id FROM sub) AND option_combo_id IN (" +
            in +
            ")"
            " GROUP BY period",
        {unit.id, element_ids[code]});
    EXPECT_TRUE(r) << r.error().message_en;
    std::map<std::string, double> by_period;
    for (std::size_t i = 0; i < r->size(); ++i) by_period[r->get_text(i, 0)] = r->get_double(i, 1);
    if (by_period.count(pe)) return by_period[pe];
    if (pe.size() == 4) {
      std::optional<double> total;
      for (const char* half : {"S1", "S2"}) {
        if (auto it = by_period.find(pe + half); it != by_period.end()) total = total.value_or(0) + it->second;
      }
      return total;
    }
    return std::nullopt;
  };
  const auto compare = [&](int queries) {
    for (int q = 0; q < queries; ++q) {
      const auto& unit = units[rnd(static_cast<std::uint32_t>(units.size()))];
      std::string dx = element_codes[rnd(2)];
      if (dx == "BL_NAN_NHAN" && rnd(2) == 0) dx += rnd(2) == 0 ? ".NU" : ".NAM";
      const std::string pe = std::vector<std::string>{"2024", "2025", "2024S1", "2025S2"}[rnd(4)];
      services::AnalyticsQuery query;
      query.dx = {dx};
      query.ou = {unit.code};
      query.pe = {pe};
      auto got = analytics.query(admin, query);
      ASSERT_TRUE(got) << got.error().message_en;
      const auto want = sql_answer(dx, unit, pe);
      if (!want) {
        EXPECT_TRUE(got->rows.empty()) << dx << " " << unit.code << " " << pe;
      } else {
        ASSERT_EQ(got->rows.size(), 1u) << dx << " " << unit.code << " " << pe;
        EXPECT_EQ(*got->rows[0].value, *want) << dx << " " << unit.code << " " << pe;
      }
    }
  };
  compare(300);
  write(true, 300);  // updates applied through the listener, as a save does
  compare(300);

  // Units move (UnitService, announced on a ChangeFeed as `serve` composes it) between value
  // writes; once the background builder has swapped in its snapshot, every answer is SQL's again.
  services::ChangeFeed changes;
  changes.subscribe(metadata);
  changes.subscribe(analytics);
  services::UnitService unit_service(*store_);
  unit_service.set_change_feed(&changes);
  int moves = 0;
  for (int m = 0; m < 40; ++m) {
    services::UnitCommand cmd;
    cmd.parent_code = units[rnd(static_cast<std::uint32_t>(units.size()))].code;
    if (unit_service.update(admin, units[1 + rnd(150)].code, "", cmd)) ++moves;  // a move under itself is refused
    write(true, 10);
  }
  EXPECT_GT(moves, 20);
  ASSERT_TRUE(analytics.wait_until_current(std::chrono::seconds(30)));
  EXPECT_GT(analytics.status().snapshot, 1u);
  compare(300);
}

// One query, one snapshot: while a commune moves back and forth between two provinces (each
// move makes the background builder swap in a renumbered snapshot), every answer is wholly the
// tree before a move or wholly the tree after it, never a mix of the two.
TEST_P(StoreTest, AnalyticsQueriesSeeOneSnapshotWhileAUnitMoves) {
  services::MetadataService metadata(*store_);
  ASSERT_TRUE(metadata.load_package("vn-gender-equality", actor_));
  std::map<std::string, store::UnitRecord> by_code;
  std::int64_t element = 0, option_nu = 0;
  {
    auto tx = store_->begin(Access::Write);
    ASSERT_TRUE(tx);
    const auto add = [&](const std::string& code, const std::string& type, const std::string& parent) {
      store::UnitRecord u;
      u.code = code;
      u.name_vi = "Đơn vị " + code;
      u.unit_type = *core::parse_unit_type(type);
      if (!parent.empty()) u.parent_id = by_code.at(parent).id;
      auto id = (*tx)->units().insert(u);
      ASSERT_TRUE(id) << id.error().message_en;
      u.id = *id;
      by_code[code] = u;
    };
    add("VN", "nation", "");
    add("P1", "province", "VN");
    add("P2", "province", "VN");
    add("X", "commune", "P1");
    for (int i = 0; i < 20; ++i) add("A" + std::to_string(i), "commune", "P1");
    for (int i = 0; i < 20; ++i) add("B" + std::to_string(i), "commune", "P2");
    auto elements = (*tx)->metadata().data_elements();
    auto combos = (*tx)->metadata().combos();
    ASSERT_TRUE(elements && combos);
    for (const auto& e : *elements) {
      if (e.code != "BL_NAN_NHAN") continue;
      element = e.id;
      for (const auto& c : *combos) {
        for (const auto& o : c.option_combos) {
          if (c.id == e.combo_id && o.code == "NU") option_nu = o.id;
        }
      }
    }
    ASSERT_NE(option_nu, 0);
    const auto put = [&](const std::string& code, double v) {
      store::DataValueRecord dv{element,
                                "2025",
                                by_code.at(code).id,
                                option_nu,
                                std::to_string(static_cast<int>(v)),
                                v,
                                "",
                                "tester",
                                "2026-01-01T00:00:00Z",
                                "entered",
                                ""};
      ASSERT_TRUE((*tx)->values().upsert_value(dv));
    };
    put("P1", 1);
    put("P2", 2);
    put("X", 10);
    for (int i = 0; i < 20; ++i) put("A" + std::to_string(i), 100);
    for (int i = 0; i < 20; ++i) put("B" + std::to_string(i), 1000);
    ASSERT_TRUE((*tx)->commit());
  }
  services::AnalyticsService analytics(*store_, metadata);
  ASSERT_TRUE(analytics.rebuild());
  services::ChangeFeed changes;
  changes.subscribe(metadata);
  changes.subscribe(analytics);
  services::UnitService units(*store_);
  units.set_change_feed(&changes);
  services::Principal admin;
  admin.login = "admin";
  admin.grants.push_back({auth::Role::Administrator, by_code.at("VN").id});

  // The two consistent answers: X (10) under P1, or under P2.
  const auto state = [&](const services::AnalyticsResult& r) -> int {
    std::map<std::string, double> v;
    for (const auto& row : r.rows) v[row.ou] = row.value.value_or(-1);
    const bool x_listed = v.count("X") > 0;
    if (v["P1"] == 2011 && v["P2"] == 20002 && x_listed) return 1;
    if (v["P1"] == 2001 && v["P2"] == 20012 && !x_listed) return 2;
    return 0;
  };
  services::AnalyticsQuery q;
  q.dx = {"BL_NAN_NHAN"};
  q.ou = {"P1", "P2", "P1:children"};
  q.pe = {"2025"};
  std::atomic<bool> stop{false};
  std::atomic<int> seen_before{0}, seen_after{0}, mixed{0};
  std::string first_mixed;
  std::thread reader([&] {
    while (!stop) {
      auto r = analytics.query(admin, q);
      if (!r) continue;
      const int s = state(*r);
      if (s == 1)
        ++seen_before;
      else if (s == 2)
        ++seen_after;
      else if (mixed++ == 0) {
        for (const auto& row : r->rows) first_mixed += row.ou + "=" + std::to_string(row.value.value_or(-1)) + " ";
      }
    }
  });
  for (int m = 0; m < 12; ++m) {
    services::UnitCommand cmd;
    cmd.parent_code = m % 2 == 0 ? "P2" : "P1";
    auto moved = units.update(admin, "X", "", cmd);
    ASSERT_TRUE(moved) << moved.error().message_en;
    ASSERT_TRUE(analytics.wait_until_current(std::chrono::seconds(30)));
    auto r = analytics.query(admin, q);
    ASSERT_TRUE(r);
    EXPECT_EQ(state(*r), m % 2 == 0 ? 2 : 1) << "after move " << m;
  }
  stop = true;
  reader.join();
  EXPECT_EQ(mixed, 0) << "an answer mixed two trees: " << first_mixed;
  EXPECT_GT(seen_before, 0);
  EXPECT_GT(seen_after, 0);

  // A value for a unit the snapshot does not know: the save is not held up by a rebuild; the
  // background builder makes a snapshot that knows the unit and the value is in the answer then.
  services::UnitService silent(*store_);  // no feed: only the value tells analytics about the unit
  services::UnitCommand late;
  late.code = "Y";
  late.name_vi = "Đơn vị Y";
  late.unit_type = "commune";
  late.parent_code = "P2";
  late.valid_from = "2025-01-01";
  ASSERT_TRUE(silent.create(admin, late));
  std::int64_t y = 0;
  {
    auto tx = store_->begin(Access::Write);
    auto found = (*tx)->units().find_by_code("Y", "2025-12-31");
    ASSERT_TRUE(found && *found);
    y = (*found)->id;
    ASSERT_TRUE((*tx)->values().upsert_value(
        {element, "2025", y, option_nu, "5", 5.0, "", "tester", "2026-01-01T00:00:00Z", "entered", ""}));
    ASSERT_TRUE((*tx)->commit());
  }
  const std::vector<services::ValueChange> change{{element, option_nu, y, "2025", 5.0}};
  analytics.values_committed(change);
  ASSERT_TRUE(analytics.wait_until_current(std::chrono::seconds(30)));
  EXPECT_EQ(analytics.status().deferred_values, 0u);
  auto r = analytics.query(admin, q);
  ASSERT_TRUE(r);
  std::map<std::string, double> v;
  for (const auto& row : r->rows) v[row.ou] = row.value.value_or(-1);
  EXPECT_EQ(v["P2"], 20002 + 5);
}

TEST_P(StoreTest, AddUserHashesThePasswordAndAudits) {
  services::SetupService setup(*store_);
  ASSERT_TRUE(setup.load_package("vn-gender-equality", actor_));
  services::UserService users(*store_, auth::PasswordHashOptions{1, 1024, 1});
  services::AddUserCommand cmd{"lan.nguyen", "Nguyễn Thị Lan", "lan@example.vn", "editor", "VN", "Bình-Đẳng-2030"};
  auto id = users.add_user(cmd, actor_);
  ASSERT_TRUE(id) << id.error().message_en;

  auto tx = store_->begin(Access::Read);
  auto u = (*tx)->users().find_by_login("lan.nguyen");
  ASSERT_TRUE(u && *u);
  EXPECT_EQ((*u)->display_name, "Nguyễn Thị Lan");
  EXPECT_NE((*u)->password_hash, cmd.password);
  EXPECT_TRUE(auth::verify_password("Bình-Đẳng-2030", (*u)->password_hash));
  EXPECT_FALSE((*u)->disabled);
  EXPECT_EQ(*(*tx)->audit().count(), 4);  // the VN unit, the unit import, the metadata import and the user
}

TEST_P(StoreTest, AddUserRejectsBadInputNamingTheField) {
  services::SetupService setup(*store_);
  ASSERT_TRUE(setup.load_package("vn-gender-equality", actor_));
  services::UserService users(*store_, auth::PasswordHashOptions{1, 1024, 1});
  const services::AddUserCommand good{"lan", "", "", "editor", "VN", "Bình-Đẳng-2030"};
  struct Case {
    services::AddUserCommand cmd;
    std::string field;
  };
  std::vector<Case> cases;
  auto c = good;
  c.login = "Lan Nguyen";
  cases.push_back({c, "login"});
  c = good;
  c.role = "superuser";
  cases.push_back({c, "role"});
  c = good;
  c.unit_code = "99";
  cases.push_back({c, "unit"});
  c = good;
  c.password = "short1";
  cases.push_back({c, "password"});
  for (const auto& k : cases) {
    auto r = users.add_user(k.cmd, actor_);
    ASSERT_FALSE(r) << k.field;
    EXPECT_EQ(r.error().field, k.field);
    EXPECT_FALSE(r.error().message_vi.empty());
    EXPECT_FALSE(r.error().message_en.empty());
  }
  ASSERT_TRUE(users.add_user(good, actor_));
  auto dup = users.add_user(good, actor_);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, core::ErrorCode::Conflict);
  auto tx = store_->begin(Access::Read);
  EXPECT_EQ(*(*tx)->audit().count(), 4);  // nothing half-written by the failures
}

TEST_P(StoreTest, HealthComesFromTheDatabase) {
  services::SystemService system(*store_);
  auto h = system.health();
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, "ok");
  EXPECT_FALSE(h->schema_version.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values(db::Backend::Sqlite, db::Backend::Postgres),
                         test::BackendName());

// What travels on `tienbo_reports` between instances, and what it moves.
TEST(ReportDataWrites, NotificationsRoundTripAndWhatCannotBeReadMeansEverything) {
  sql::ReportDataWrites w;
  w.unit(7);
  w.unit(3);
  w.unit(7);
  EXPECT_EQ(sql::encode_report_writes("abc", w), "abc|3,7");
  auto back = sql::decode_report_writes("abc|3,7");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->first, "abc");
  EXPECT_FALSE(back->second.all);
  EXPECT_EQ(back->second.units, (std::vector<std::int64_t>{3, 7}));
  sql::ReportDataWrites many;
  for (std::int64_t id = 1; id <= 201; ++id) many.unit(id);
  EXPECT_EQ(sql::encode_report_writes("o", many), "o|*");  // past 200 ids: everything
  sql::ReportDataWrites all;
  all.unit(5);
  all.everything();
  EXPECT_EQ(sql::encode_report_writes("o", all), "o|*");
  for (const char* unreadable : {"o|1,x", "o|1,,2", "o|99999999999999999999", "o|-", "o|1;2"}) {
    auto d = sql::decode_report_writes(unreadable);
    ASSERT_TRUE(d) << unreadable;
    EXPECT_TRUE(d->second.all) << unreadable << " must mean everything, never nothing";
  }
  EXPECT_FALSE(sql::decode_report_writes("no bar"));
  EXPECT_FALSE(sql::decode_report_writes("|1"));  // no origin: not ours
  auto empty = sql::decode_report_writes("o|");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->second.empty());
}

TEST(ReportDataVersions, AWriteMovesItsUnitAndTheEpochAndEverythingMovesAll) {
  sql::ReportDataVersions v;
  const auto e0 = v.epoch();
  const auto a0 = v.of(1);
  const auto b0 = v.of(2);
  sql::ReportDataWrites one;
  one.unit(1);
  v.advance(one);
  EXPECT_NE(v.epoch(), e0);
  EXPECT_NE(v.of(1), a0);
  EXPECT_EQ(v.of(2), b0);  // another unit keeps what it had
  EXPECT_NE(v.of(1 + sql::ReportDataVersions::kSlots), a0)
      << "a unit sharing the slot moves too (a miss, never a stale hit)";
  const auto e1 = v.epoch();
  v.advance(sql::ReportDataWrites{});
  EXPECT_EQ(v.epoch(), e1);  // nothing written, nothing moves
  sql::ReportDataWrites all;
  all.everything();
  const auto a1 = v.of(1);
  v.advance(all);
  EXPECT_NE(v.of(1), a1);
  EXPECT_NE(v.of(2), b0);
}

}  // namespace
}  // namespace tienbo::store
