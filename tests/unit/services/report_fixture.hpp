#pragma once
// A fresh database on one backend with the gender-equality package loaded and the services wired
// as `serve` wires them (ServiceSet); units are inserted by the test itself. For the report
// service's tests (the register's figures, the differential consolidation test).

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "test_support.hpp"
#include "tienbo/db/migrations.hpp"
#include "tienbo/services/service_set.hpp"
#include "tienbo/store/sql_store.hpp"

namespace tienbo::services::test_fixture {

class ReportServicesTest : public ::testing::TestWithParam<db::Backend> {
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
    {
      auto c = db_->acquire();
      ASSERT_TRUE(c);
      ASSERT_TRUE(db::migrate(**c, *m));
    }
    store_ = store::make_sql_store(*db_);
    services_ = std::make_unique<ServiceSet>(*store_);
    auto loaded = services_->metadata.load_package("vn-gender-equality", Actor{"tester", "req-test"});
    ASSERT_TRUE(loaded) << loaded.error().message_en;
    nation_ = add_unit("VN", "Việt Nam", "nation", std::nullopt);
    admin_.login = "admin";
    admin_.request_id = "req-test";
    admin_.grants.push_back({auth::Role::Administrator, nation_.id});
  }

  void TearDown() override {
    services_.reset();
    store_.reset();
    db_.reset();
    scratch_.reset();
  }

  store::UnitRecord add_unit(const std::string& code, const std::string& name_vi, const std::string& type,
                             std::optional<std::int64_t> parent) {
    store::UnitRecord u;
    u.code = code;
    u.name_vi = name_vi;
    u.name_en = code;
    u.unit_type = *core::parse_unit_type(type);
    u.parent_id = parent;
    auto tx = store_->begin(store::Access::Write);
    EXPECT_TRUE(tx);
    auto id = (*tx)->units().insert(u);
    EXPECT_TRUE(id) << id.error().message_en;
    EXPECT_TRUE((*tx)->commit());
    u.id = id ? *id : 0;
    return u;
  }

  //! The stored data_value rows of one element of a unit and period: option code -> row.
  std::map<std::string, store::DataValueRecord> stored(const std::string& element, std::int64_t unit_id,
                                                       const std::string& period) {
    std::map<std::string, store::DataValueRecord> out;
    auto tx = store_->begin(store::Access::Read);
    EXPECT_TRUE(tx);
    auto elements = (*tx)->metadata().data_elements();
    auto combos = (*tx)->metadata().combos();
    EXPECT_TRUE(elements && combos);
    for (const auto& e : *elements) {
      if (e.code != element) continue;
      const std::int64_t ids[] = {e.id};
      auto rows = (*tx)->values().values(ids, period, unit_id);
      EXPECT_TRUE(rows);
      for (const auto& c : *combos) {
        if (c.id != e.combo_id) continue;
        for (const auto& o : c.option_combos) {
          for (const auto& r : *rows) {
            if (r.option_combo_id == o.id) out[o.code] = r;
          }
        }
      }
    }
    return out;
  }

  std::unique_ptr<test::ScratchDatabase> scratch_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<ServiceSet> services_;
  store::UnitRecord nation_;
  Principal admin_;
};

}  // namespace tienbo::services::test_fixture
