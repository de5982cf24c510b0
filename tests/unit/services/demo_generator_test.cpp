// The demo generator (`tienbo demo generate --scale province`) obeys the rules
// people check the demo against, on both backends: every timestamp in the
// past and nearly every report on time, no member agency twice, and no annual
// (cumulative) figure below the same unit's first-half figure.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>

#include "test_support.hpp"
#include "tienbo/core/date.hpp"
#include "tienbo/core/period.hpp"
#include "tienbo/db/migrations.hpp"
#include "tienbo/services/demo_generator.hpp"
#include "tienbo/services/metadata_service.hpp"
#include "tienbo/services/report_service.hpp"
#include "tienbo/services/setup_service.hpp"
#include "tienbo/store/sql_store.hpp"

namespace tienbo::services {
namespace {

const Actor kActor{"tester", "req-demo"};

template <typename T>
std::string why(const core::Result<T>& r) {
  return r ? std::string() : r.error().message_en;
}

std::string prepare(db::Backend backend, const std::string& url_text) {
  auto url = db::parse_database_url(url_text);
  if (!url) return "parse url: " + url.error().message_en;
  db::PoolOptions o;
  o.mode = db::OpenMode::CreateIfMissing;
  auto d = db::open_database(*url, o);
  if (!d) return "open: " + d.error().message_en;
  {
    auto c = (*d)->acquire();
    if (!c) return "acquire: " + c.error().message_en;
    auto m = db::select_migrations(db::embedded_migrations(), backend);
    if (!m) return "select migrations: " + m.error().message_en;
    if (auto applied = db::migrate(**c, *m); !applied) return "migrate: " + applied.error().message_en;
  }
  auto st = store::make_sql_store(**d);
  SetupService setup(*st);
  if (auto r = setup.load_package("vn-gender-equality", kActor); !r) return "load_package: " + r.error().message_en;
  if (auto r = setup.load_demo(kActor); !r)
    return "load_demo: " + r.error().message_en;  // its own Sở Nội vụ, Sở Y tế, ...
  MetadataService metadata(*st);
  DemoGenerator generator(*st, metadata);
  if (auto r = generator.generate(DemoScale::Province, 42, kActor); !r) return "generate: " + r.error().message_en;
  return "";
}

class DemoGeneratorTest : public ::testing::TestWithParam<db::Backend> {};

TEST_P(DemoGeneratorTest, ProvinceScaleObeysTheRules) {
  const auto backend = GetParam();
  test::ScratchDatabase scratch(backend, "demo_province",
                                [backend](const std::string& url) { return prepare(backend, url); });
  ASSERT_EQ(scratch.error(), "");
  TIENBO_REQUIRE_DATABASE(scratch);
  auto d = db::open_database(*db::parse_database_url(scratch.url()), {});
  ASSERT_TRUE(d) << why(d);
  auto c = (*d)->acquire();
  ASSERT_TRUE(c) << why(c);
  const std::string now = core::utc_timestamp(std::chrono::system_clock::now());

  // 1. Every timestamp is in the past, in order.
  auto counts = (*c)->query("SELECT COUNT(*), SUM(CASE WHEN submitted_at IS NOT NULL THEN 1 ELSE 0 END) FROM report");
  ASSERT_TRUE(counts) << why(counts);
  ASSERT_GT(counts->get_int(0, 0), 1000);
  ASSERT_GT(counts->get_int(0, 1), 1000);
  auto future = (*c)->query(
      "SELECT COUNT(*) FROM report WHERE created_at >= $1 OR updated_at >= $1 OR submitted_at >= $1 OR approved_at >= "
      "$1"
      " OR submitted_at < created_at OR approved_at < submitted_at",
      {std::string_view(now)});
  ASSERT_TRUE(future) << why(future);
  EXPECT_EQ(future->get_int(0, 0), 0);
  auto future_values = (*c)->query("SELECT COUNT(*) FROM data_value WHERE updated_at >= $1", {std::string_view(now)});
  ASSERT_TRUE(future_values) << why(future_values);
  EXPECT_EQ(future_values->get_int(0, 0), 0);

  // ... and nearly every report was submitted before its deadline (the demo's "on time" is not 0%).
  auto submitted = (*c)->query(
      "SELECT f.code, r.period, u.unit_type, r.submitted_at FROM report r JOIN form f ON f.id = r.form_id"
      " JOIN unit u ON u.id = r.unit_id WHERE r.submitted_at IS NOT NULL");
  ASSERT_TRUE(submitted) << why(submitted);
  auto st = store::make_sql_store(**d);
  MetadataService metadata(*st);
  std::size_t on_time = 0;
  std::size_t with_deadline = 0;
  for (std::size_t i = 0; i < submitted->size(); ++i) {
    auto period = core::Period::parse(submitted->get_text(i, 1));
    ASSERT_TRUE(period);
    auto def = metadata.definition(submitted->get_text(i, 0), *period);
    ASSERT_TRUE(def) << why(def);
    const auto due = (*def)->due_before(*core::parse_unit_type(submitted->get_text(i, 2)), *period);
    if (!due) continue;
    ++with_deadline;
    // The day in Vietnam (UTC+7) of the submission; the demo submits between 08:00 and 17:00 there.
    if (submitted->get_text(i, 3).substr(0, 10) < *due) ++on_time;
  }
  ASSERT_GT(with_deadline, 1000u);
  EXPECT_GT(static_cast<double>(on_time) / static_cast<double>(with_deadline), 0.8)
      << on_time << " of " << with_deadline;

  // 2. No member agency twice: the demo's own agencies are not generated again under another code.
  for (const std::string name : {"Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Nội vụ", "Hội Liên hiệp Phụ nữ"}) {
    auto same = (*c)->query(
        "SELECT COUNT(*) FROM unit a JOIN unit p ON p.id = a.parent_id WHERE p.code = '01' AND a.unit_type = 'agency'"
        " AND a.valid_to = '9999-12-31' AND a.name_vi LIKE $1",
        {std::string_view(name + " %")});
    ASSERT_TRUE(same) << why(same);
    EXPECT_EQ(same->get_int(0, 0), 1) << name;
  }
  auto twice = (*c)->query(
      "SELECT COUNT(*) FROM (SELECT a.parent_id, REPLACE(REPLACE(a.name_vi, ' — ' || p.name_vi, ''), ' ' || "
      "LOWER(p.name_vi), '') AS n"
      " FROM unit a JOIN unit p ON p.id = a.parent_id WHERE a.unit_type = 'agency' AND a.valid_to = '9999-12-31'"
      " GROUP BY a.parent_id, REPLACE(REPLACE(a.name_vi, ' — ' || p.name_vi, ''), ' ' || LOWER(p.name_vi), '')"
      " HAVING COUNT(*) > 1) AS dup");
  ASSERT_TRUE(twice) << why(twice);
  EXPECT_EQ(twice->get_int(0, 0), 0);

  // 3. An annual cumulative count is never below the same unit's first half of that year.
  const char* pairs =
      "FROM data_value a JOIN data_value h ON h.data_element_id = a.data_element_id AND h.unit_id = a.unit_id"
      " AND h.option_combo_id = a.option_combo_id AND h.period = a.period || 'S1'"
      " JOIN data_element e ON e.id = a.data_element_id WHERE LENGTH(a.period) = 4";
  auto compared = (*c)->query(std::string("SELECT COUNT(*) ") + pairs + " AND e.code = 'BL_NAN_NHAN'");
  ASSERT_TRUE(compared) << why(compared);
  EXPECT_GT(compared->get_int(0, 0), 100);  // the check below is not vacuous
  auto below = (*c)->query(std::string("SELECT COUNT(*) ") + pairs + " AND a.numeric_value < h.numeric_value");
  ASSERT_TRUE(below) << why(below);
  EXPECT_EQ(below->get_int(0, 0), 0);

  // 4. The package's cross-period rules (an annual count is at least each half-year's) hold on the
  //    demo's annual reports, run by the rule engine itself on a sample of them.
  auto sample = (*c)->query(
      "SELECT DISTINCT u.code, a.period FROM data_value a JOIN data_value h ON h.data_element_id = a.data_element_id"
      " AND h.unit_id = a.unit_id AND h.option_combo_id = a.option_combo_id AND h.period = a.period || 'S1'"
      " JOIN data_element e ON e.id = a.data_element_id JOIN unit u ON u.id = a.unit_id"
      " WHERE LENGTH(a.period) = 4 AND e.code = 'BL_NAN_NHAN' ORDER BY u.code, a.period LIMIT 40");
  ASSERT_TRUE(sample) << why(sample);
  ASSERT_GE(sample->size(), 20u);
  auto nation = (*c)->query("SELECT id FROM unit WHERE code = 'VN'");
  ASSERT_TRUE(nation && nation->size() == 1);
  ReportService reports(*st, metadata);
  Principal admin;
  admin.login = "tester";
  admin.grants = {{auth::Role::Administrator, nation->get_int(0, 0)}};
  int checked = 0;
  for (std::size_t i = 0; i < sample->size(); ++i) {
    auto view = reports.get(admin, "BC_BDG_NAM", sample->get_text(i, 0), sample->get_text(i, 1));
    if (!view) continue;  // a unit whose type does not report the annual form
    ++checked;
    const auto& rules = view->definition->rules;
    ASSERT_TRUE(std::any_of(rules.begin(), rules.end(), [](const RuleDef& r) { return r.right.uses_half_years(); }));
    for (const auto& v : view->violations) {
      EXPECT_EQ(v.code.find("_KHONG_DUOI_6T"), std::string::npos)
          << sample->get_text(i, 0) << " " << sample->get_text(i, 1) << ": " << v.message_vi;
    }
  }
  EXPECT_GE(checked, 20);
}

INSTANTIATE_TEST_SUITE_P(Backends, DemoGeneratorTest, ::testing::Values(db::Backend::Sqlite, db::Backend::Postgres),
                         test::BackendName());

}  // namespace
}  // namespace tienbo::services
