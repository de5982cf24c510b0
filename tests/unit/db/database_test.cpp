// The db module against both backends: one parameterised suite.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <thread>

#include "test_support.hpp"
#include "tienbo/db/database.hpp"
#include "tienbo/db/group_commit.hpp"
#include "tienbo/db/migrations.hpp"
#include "tienbo/db/sql_text.hpp"

namespace tienbo::db {
namespace {

using test::ScratchDatabase;

//! A migration that rebuilds a table keeps every row: the same cells, NULL where NULL, text as stored.
void expect_same_rows(const Rows& before, const Rows& after) {
  ASSERT_EQ(after.size(), before.size());
  ASSERT_EQ(after.column_count(), before.column_count());
  for (std::size_t i = 0; i < after.size(); ++i) {
    for (std::size_t col = 0; col < after.column_count(); ++col) {
      EXPECT_EQ(after.is_null(i, col), before.is_null(i, col)) << i << "," << col;
      if (!before.is_null(i, col)) {
        EXPECT_EQ(after.get_text(i, col), before.get_text(i, col)) << i << "," << col;
      }
    }
  }
}

class DatabaseTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    scratch_ = std::make_unique<ScratchDatabase>(GetParam());
    TIENBO_REQUIRE_DATABASE(*scratch_);
    auto url = parse_database_url(scratch_->url());
    ASSERT_TRUE(url) << url.error().message_en;
    PoolOptions o;
    o.mode = OpenMode::CreateIfMissing;
    o.max_connections = 4;
    auto d = open_database(*url, o);
    ASSERT_TRUE(d) << d.error().message_en;
    db_ = std::move(*d);
    auto m = select_migrations(embedded_migrations(), GetParam());
    ASSERT_TRUE(m) << m.error().message_en;
    migrations_ = std::move(*m);
  }

  PooledConnection conn() {
    auto c = db_->acquire();
    EXPECT_TRUE(c);
    return std::move(*c);
  }

  std::unique_ptr<ScratchDatabase> scratch_;
  std::unique_ptr<Database> db_;
  std::vector<Migration> migrations_;
};

TEST_P(DatabaseTest, AColumnIsFoundByTheNameTheSelectListGivesItAndAnUnknownNameThrows) {
  auto c = conn();
  auto r = c->query("SELECT 7 AS seven, 'x' AS ex");
  ASSERT_TRUE(r) << r.error().message_en;
  EXPECT_EQ(r->column("seven"), 0U);
  EXPECT_EQ(r->column("ex"), 1U);
  EXPECT_EQ(r->get_int(0, r->column("seven")), 7);
  EXPECT_EQ(r->get_text(0, r->column("ex")), "x");
  EXPECT_THROW((void)r->column("eight"), std::out_of_range);
  EXPECT_THROW((void)r->column("Seven"), std::out_of_range);
  // A table's column named with its table (or an alias of it) is named without the prefix, on an
  // empty result too.
  ASSERT_TRUE(c->execute("CREATE TABLE named_columns (id INTEGER, label TEXT)", {}));
  auto empty = c->query("SELECT n.label, n.id FROM named_columns n");
  ASSERT_TRUE(empty) << empty.error().message_en;
  EXPECT_EQ(empty->column("label"), 0U);
  EXPECT_EQ(empty->column("id"), 1U);
  EXPECT_THROW((void)empty->column("n.id"), std::out_of_range);
}

TEST_P(DatabaseTest, MigratesAnEmptyDatabaseToHead) {
  auto c = conn();
  auto before = migration_status(*c, migrations_);
  ASSERT_TRUE(before);
  EXPECT_TRUE(before->applied.empty());
  EXPECT_EQ(before->pending.size(), migrations_.size());
  EXPECT_FALSE(require_current_schema(*c, migrations_, "x"));

  auto applied = migrate(*c, migrations_);
  ASSERT_TRUE(applied) << applied.error().message_en;
  EXPECT_EQ(applied->size(), migrations_.size());
  auto current = require_current_schema(*c, migrations_, "x");
  ASSERT_TRUE(current) << current.error().message_en;
  EXPECT_EQ(*current, migrations_.back().version);
  // The schema has the tables the later layers rely on.
  for (const char* table : {"unit", "app_user", "user_role", "audit_event", "schema_migrations"}) {
    auto rows = c->query(std::string("SELECT COUNT(*) FROM ") + table);
    EXPECT_TRUE(rows) << table;
  }
}

TEST_P(DatabaseTest, MigrateTwiceChangesNothing) {
  auto c = conn();
  ASSERT_TRUE(migrate(*c, migrations_));
  auto again = migrate(*c, migrations_);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty());
}

TEST_P(DatabaseTest, RefusesAMigrationChangedAfterItWasApplied) {
  auto c = conn();
  ASSERT_TRUE(migrate(*c, migrations_));
  auto changed = migrations_;
  changed.front().sql += "\n-- edited";
  changed.front().checksum = sha256_hex(changed.front().sql);
  auto status = migration_status(*c, changed);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, core::ErrorCode::MigrationChanged);
  EXPECT_NE(status.error().message_en.find(changed.front().file), std::string::npos);
  EXPECT_FALSE(migrate(*c, changed));
}

TEST_P(DatabaseTest, RefusesADatabaseNewerThanTheBinary) {
  auto c = conn();
  ASSERT_TRUE(migrate(*c, migrations_));
  ASSERT_TRUE(c->execute("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
                         {std::string_view("299912312359"), std::string_view("from_the_future"), std::string_view("x"),
                          std::string_view("2999-12-31")}));
  auto status = require_current_schema(*c, migrations_, "db");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, core::ErrorCode::SchemaTooNew);
  EXPECT_NE(status.error().message_en.find("newer than the program"), std::string::npos);
}

TEST_P(DatabaseTest, AFailedMigrationLeavesNoTrace) {
  auto c = conn();
  ASSERT_TRUE(migrate(*c, migrations_));
  const std::string broken_sql = "CREATE TABLE half_done (a INTEGER);\nINSERT INTO no_such_table VALUES (1);\n";
  const std::array<core::EmbeddedFile, 1> extra{{{"V209901010000__broken.sql", broken_sql}}};
  auto with_broken = migrations_;
  auto more = select_migrations(extra, GetParam());
  ASSERT_TRUE(more);
  with_broken.push_back(more->front());
  auto res = migrate(*c, with_broken);
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, core::ErrorCode::MigrationFailed);
  EXPECT_NE(res.error().message_en.find("V209901010000__broken.sql"), std::string::npos);
  auto status = migration_status(*c, with_broken);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->pending.size(), 1u);
  EXPECT_FALSE(c->query("SELECT COUNT(*) FROM half_done"));  // the CREATE TABLE was rolled back
}

// Issue #12: SQLite gave a deleted evidence file's id to the next upload. The migration that
// stops it (V202612070245) rebuilds the table on SQLite: every row keeps its id and bytes, the
// index and the foreign key stay, and the next id is past the highest id ever used — the last
// file's, deleted before the upgrade, included (the audit log names it).
TEST_P(DatabaseTest, EvidenceIdsSurviveTheUpgradeAndAreNeverGivenAgain) {
  auto c = conn();
  const auto fix = std::find_if(migrations_.begin(), migrations_.end(),
                                [](const Migration& m) { return m.name == "evidence_ids_never_reused"; });
  ASSERT_NE(fix, migrations_.end());
  const std::vector<Migration> before(migrations_.begin(), fix);
  ASSERT_TRUE(migrate(*c, before));
  const auto run = [&](std::string_view sql, std::initializer_list<Param> params = {}) {
    auto r = c->execute(sql, params);
    EXPECT_TRUE(r) << sql << ": " << (r ? "" : r.error().message_en);
  };
  run("INSERT INTO unit (code, name_vi, unit_type, created_at) VALUES ('00070', 'Phường Hoàn Kiếm', 'commune', "
      "'2026-01-01')");
  run("INSERT INTO form (code, name_vi, period_type) VALUES ('BC', 'Báo cáo', 'year')");
  run("INSERT INTO form_version (form_id, version_no, from_period, created_at) SELECT id, 1, '2025', '2026-01-01' FROM "
      "form");
  run("INSERT INTO report (form_id, form_version_id, unit_id, period, status, version, created_at, updated_at)"
      " SELECT f.id, v.id, u.id, '2025', 'draft', 1, '2026-01-01', '2026-01-01' FROM form f, form_version v, unit u");
  const std::string bytes("%PDF-1.4\n\x00\xff\x10", 12);
  const auto upload = [&](const std::string& name) {
    auto r = c->query(
        "INSERT INTO evidence (report_id, file_name, content_type, size_bytes, sha256, content, uploaded_by, "
        "uploaded_at)"
        " SELECT id, $1, 'application/pdf', 12, 'h', $2, 'tester', '2026-01-01' FROM report RETURNING id",
        {std::string_view(name), Blob{bytes}});
    EXPECT_TRUE(r && r->size() == 1) << (r ? "" : r.error().message_en);
    return r && r->size() == 1 ? r->get_int(0, 0) : std::int64_t{-1};
  };
  const std::int64_t a = upload("a.pdf"), b = upload("b.pdf"), last = upload("c.pdf");
  ASSERT_LT(a, b);
  ASSERT_LT(b, last);
  run("DELETE FROM evidence WHERE id IN ($1, $2)", {b, last});
  run("INSERT INTO audit_event (seq, occurred_at, actor, action, entity_type, entity_id, prev_hash, hash)"
      " VALUES (1, '2026-01-01', 'tester', 'delete', 'evidence', $1, '', '')",
      {std::string_view(std::to_string(last))});

  ASSERT_TRUE(migrate(*c, migrations_));
  auto kept = c->query("SELECT id, file_name, content FROM evidence ORDER BY id");
  ASSERT_TRUE(kept);
  ASSERT_EQ(kept->size(), 1u);
  EXPECT_EQ(kept->get_int(0, 0), a);
  EXPECT_EQ(kept->get_text(0, 1), "a.pdf");
  EXPECT_EQ(kept->get_text(0, 2), bytes);
  const std::int64_t next = upload("d.pdf");
  EXPECT_GT(next, last);
  run("DELETE FROM evidence WHERE id = $1", {next});
  EXPECT_GT(upload("e.pdf"), next);
  // The foreign key to report still holds.
  auto orphan = c->execute(
      "INSERT INTO evidence (report_id, file_name, content_type, size_bytes, sha256, content, uploaded_by,"
      " uploaded_at) VALUES (999999, 'x.pdf', 'application/pdf', 1, 'h', $1, 'tester', '2026-01-01')",
      {Blob{std::string("x")}});
  EXPECT_FALSE(orphan);
  if (GetParam() == Backend::Sqlite) {
    auto index = c->query("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'evidence_report_idx'");
    ASSERT_TRUE(index);
    ASSERT_EQ(index->size(), 1u);
    EXPECT_EQ(index->get_text(0, 0), "CREATE INDEX evidence_report_idx ON evidence (report_id)");
    auto table = c->query("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'evidence'");
    ASSERT_TRUE(table && table->size() == 1);
    EXPECT_NE(table->get_text(0, 0).find("AUTOINCREMENT"), std::string::npos);
    EXPECT_NE(table->get_text(0, 0).find("REFERENCES report (id)"), std::string::npos);
    auto leftovers = c->query("SELECT name FROM sqlite_master WHERE name LIKE 'evidence_new%'");
    ASSERT_TRUE(leftovers);
    EXPECT_TRUE(leftovers->empty());
    auto fk = c->query("PRAGMA foreign_key_check");
    ASSERT_TRUE(fk);
    EXPECT_TRUE(fk->empty());
  }
}

// Issue #13: V202612071330 lets committee_member hold 'standing_vice_chair' (Phó Trưởng ban
// thường trực). On SQLite the table is copied into one with the new CHECK: every membership comes
// through with its id, dates and role, the CHECK still refuses a role outside the list, and the
// index by committee and start date is back.
TEST_P(DatabaseTest, MembershipsSurviveTheNewRoleAndTheCheckStillRefusesOthers) {
  auto c = conn();
  const auto added = std::find_if(migrations_.begin(), migrations_.end(),
                                  [](const Migration& m) { return m.name == "standing_vice_chair"; });
  ASSERT_NE(added, migrations_.end());
  ASSERT_TRUE(migrate(*c, std::vector<Migration>(migrations_.begin(), added)));
  const auto run = [&](std::string_view sql) {
    auto r = c->execute(sql);
    EXPECT_TRUE(r) << sql << ": " << (r ? "" : r.error().message_en);
  };
  run("INSERT INTO unit (code, name_vi, unit_type, created_at) VALUES ('01', 'Thành phố Hà Nội', 'province', "
      "'2026-01-01')");
  run("INSERT INTO committee (unit_id, name_vi, established_on, created_at, updated_at)"
      " SELECT id, 'Ban Vì sự tiến bộ của phụ nữ thành phố', '2025-07-15', '2025-07-15', '2025-07-15' FROM unit");
  run("INSERT INTO committee_member (committee_id, full_name, sex, position, role, decision_number, decision_date,"
      " term_start, term_end, created_at) SELECT id, 'Nguyễn Thị Thu Hà', 'F', 'Phó Chủ tịch UBND', 'chair', "
      "'1234/QĐ-UBND',"
      " '2025-07-15', '2025-07-15', NULL, '2025-07-15' FROM committee");
  run("INSERT INTO committee_member (committee_id, full_name, sex, position, role, decision_number, decision_date,"
      " term_start, term_end, created_at) SELECT id, 'Trần Văn Minh', 'M', 'Giám đốc Sở Nội vụ', 'vice_chair', "
      "'1234/QĐ-UBND',"
      " '2025-07-15', '2025-07-15', '2026-03-04', '2025-07-15' FROM committee");
  const char* kNewRole =
      "INSERT INTO committee_member (committee_id, full_name, sex, role, term_start, created_at)"
      " SELECT id, 'Lê Văn Bình', 'M', 'standing_vice_chair', '2026-03-05', '2026-03-05' FROM committee";
  EXPECT_FALSE(c->execute(kNewRole)) << "the role is new: the schema before the migration refuses it";
  const char* kRead =
      "SELECT id, committee_id, full_name, sex, position, role, decision_number, decision_date, term_start, term_end, "
      "created_at"
      " FROM committee_member ORDER BY id";
  auto before = c->query(kRead);
  ASSERT_TRUE(before);
  ASSERT_EQ(before->size(), 2u);

  ASSERT_TRUE(migrate(*c, migrations_));
  auto after = c->query(kRead);
  ASSERT_TRUE(after);
  ASSERT_EQ(after->size(), before->size());
  expect_same_rows(*before, *after);
  EXPECT_TRUE(c->execute(kNewRole));
  EXPECT_FALSE(
      c->execute("INSERT INTO committee_member (committee_id, full_name, sex, role, term_start, created_at)"
                 " SELECT id, 'X', 'M', 'pho_truong_ban', '2026-03-05', '2026-03-05' FROM committee"))
      << "a role outside the list is still refused";
  if (GetParam() == Backend::Sqlite) {
    auto plan =
        c->query("EXPLAIN QUERY PLAN SELECT id FROM committee_member WHERE committee_id = 1 AND term_start <= '2026'");
    ASSERT_TRUE(plan && !plan->empty());
    std::string steps;
    for (std::size_t i = 0; i < plan->size(); ++i) steps += plan->get_text(i, plan->column_count() - 1) + "\n";
    EXPECT_NE(steps.find("committee_member_idx"), std::string::npos) << steps;
    auto fk = c->query("PRAGMA foreign_key_check");
    ASSERT_TRUE(fk);
    EXPECT_TRUE(fk->empty());
  }
}

// Issue #12, the deadline day: on SQLite the values table is rebuilt in report order (unit,
// period, element, option) by V202612070640. Every value comes through as it was typed (text,
// number, comment, source), the key still refuses a duplicate, and one report's values are read
// by the key's prefix, without a temporary sort or a second index.
TEST_P(DatabaseTest, ValuesSurviveTheReorderByReportAndAreReadByTheirReport) {
  auto c = conn();
  const auto reorder = std::find_if(migrations_.begin(), migrations_.end(),
                                    [](const Migration& m) { return m.name == "data_value_by_report"; });
  ASSERT_NE(reorder, migrations_.end());
  ASSERT_TRUE(migrate(*c, std::vector<Migration>(migrations_.begin(), reorder)));
  const auto run = [&](std::string_view sql, std::initializer_list<Param> params = {}) {
    auto r = c->execute(sql, params);
    EXPECT_TRUE(r) << sql << ": " << (r ? "" : r.error().message_en);
  };
  run("INSERT INTO unit (code, name_vi, unit_type, created_at) VALUES ('00070', 'Phường Hoàn Kiếm', 'commune', "
      "'2026-01-01')");
  run("INSERT INTO unit (code, name_vi, unit_type, created_at) VALUES ('00073', 'Phường Cửa Nam', 'commune', "
      "'2026-01-01')");
  run("INSERT INTO category_combo (code, name_vi, name_en) VALUES ('default', 'Mặc định', 'default')");
  run("INSERT INTO category_option_combo (combo_id, code, name_vi, name_en, sort_order) SELECT id, 'default', 'Mặc "
      "định', 'default', 0"
      " FROM category_combo");
  for (const char* code : {"E1", "E2"}) {
    run("INSERT INTO data_element (code, name_vi, name_en, value_type, aggregation, combo_id) SELECT $1, $1, $1, "
        "'number', 'sum', id"
        " FROM category_combo",
        {std::string_view(code)});
  }
  const auto put = [&](const char* unit, const char* period, const char* element, const char* value,
                       std::optional<double> number, const char* comment) {
    run("INSERT INTO data_value (data_element_id, period, unit_id, option_combo_id, value, numeric_value, comment, "
        "updated_by,"
        " updated_at, source, data_source) SELECT e.id, $2, u.id, o.id, $4, $5, $6, 'tester', '2026-01-02', 'entered', "
        "'Sổ A'"
        " FROM data_element e, unit u, category_option_combo o WHERE u.code = $1 AND e.code = $3",
        {std::string_view(unit), std::string_view(period), std::string_view(element), std::string_view(value),
         number ? Param{*number} : Param{nullptr}, std::string_view(comment)});
  };
  put("00070", "2025", "E1", "1.250", 1250, "đã đối chiếu");
  put("00070", "2025", "E2", "0,1", 0.1, "");
  put("00070", "2024", "E1", "7", 7, "");
  put("00073", "2025", "E1", "có", std::nullopt, "");
  const char* kRead =
      "SELECT u.code, v.period, e.code, v.value, v.numeric_value, v.comment, v.source, v.data_source FROM data_value v"
      " JOIN unit u ON u.id = v.unit_id JOIN data_element e ON e.id = v.data_element_id ORDER BY u.code, v.period, "
      "e.code";
  auto before = c->query(kRead);
  ASSERT_TRUE(before);
  ASSERT_EQ(before->size(), 4u);

  ASSERT_TRUE(migrate(*c, migrations_));
  auto after = c->query(kRead);
  ASSERT_TRUE(after);
  ASSERT_EQ(after->size(), before->size());
  expect_same_rows(*before, *after);
  EXPECT_EQ(after->get_text(1, 3), "1.250") << "stored exactly as typed";
  EXPECT_EQ(after->get_text(2, 3), "0,1");
  EXPECT_DOUBLE_EQ(after->get_double(2, 4), 0.1);
  // The key still refuses a second value for the same cell.
  auto twice = c->execute(
      "INSERT INTO data_value (data_element_id, period, unit_id, option_combo_id, value, updated_by, updated_at)"
      " SELECT data_element_id, period, unit_id, option_combo_id, '9', 'x', 'y' FROM data_value LIMIT 1");
  EXPECT_FALSE(twice);
  if (GetParam() == Backend::Sqlite) {
    auto plan = c->query("EXPLAIN QUERY PLAN SELECT value FROM data_value WHERE unit_id = 1 AND period = '2025'");
    ASSERT_TRUE(plan && !plan->empty());
    std::string steps;
    for (std::size_t i = 0; i < plan->size(); ++i) steps += plan->get_text(i, plan->column_count() - 1) + "\n";
    EXPECT_NE(steps.find("SEARCH data_value USING PRIMARY KEY (unit_id=? AND period=?)"), std::string::npos) << steps;
    auto leftovers = c->query("SELECT name FROM sqlite_master WHERE name LIKE 'data_value_%'");
    ASSERT_TRUE(leftovers);
    EXPECT_TRUE(leftovers->empty()) << "no leftover table, and the (unit_id, period) index went with the old table";
    auto fk = c->query("PRAGMA foreign_key_check");
    ASSERT_TRUE(fk);
    EXPECT_TRUE(fk->empty());
  }
}

TEST_P(DatabaseTest, TypedBindsRoundTrip) {
  auto c = conn();
  ASSERT_TRUE(c->execute_script("CREATE TABLE t (i BIGINT, d DOUBLE PRECISION, s TEXT, b BOOLEAN, n TEXT)"));
  const std::string name = "Ủy ban nhân dân tỉnh Hà Tĩnh";
  ASSERT_TRUE(c->execute("INSERT INTO t (i, d, s, b, n) VALUES ($1, $2, $3, $4, $5)",
                         {std::int64_t{9007199254740993}, 0.1 + 0.2, std::string_view(name), true, nullptr}));
  auto rows =
      c->query("SELECT i, d, s, b, n FROM t WHERE s = $1 AND i > $2", {std::string_view(name), std::int64_t{0}});
  ASSERT_TRUE(rows) << rows.error().message_en;
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->get_int(0, 0), 9007199254740993);
  EXPECT_DOUBLE_EQ(rows->get_double(0, 1), 0.1 + 0.2);
  EXPECT_EQ(rows->get_text(0, 2), name);
  EXPECT_TRUE(rows->get_bool(0, 3));
  EXPECT_TRUE(rows->is_null(0, 4));
  EXPECT_EQ(rows->columns()[2], "s");
}

TEST_P(DatabaseTest, BlobsRoundTripEveryByte) {
  auto c = conn();
  ASSERT_TRUE(
      c->execute_script(GetParam() == Backend::Sqlite ? "CREATE TABLE t (b BLOB)" : "CREATE TABLE t (b BYTEA)"));
  std::string bytes;
  for (int i = 0; i < 512; ++i) bytes += static_cast<char>(i % 256);  // NUL, 0xFF and everything between
  ASSERT_TRUE(c->execute("INSERT INTO t (b) VALUES ($1)", {Blob{bytes}}));
  auto rows = c->query("SELECT b FROM t");
  ASSERT_TRUE(rows) << rows.error().message_en;
  EXPECT_EQ(rows->get_text(0, 0), bytes);
}

TEST_P(DatabaseTest, ParametersAreNeverSplicedIntoSql) {
  auto c = conn();
  ASSERT_TRUE(c->execute_script("CREATE TABLE t (s TEXT)"));
  const std::string hostile = "x'); DROP TABLE t; --";
  ASSERT_TRUE(c->execute("INSERT INTO t (s) VALUES ($1)", {std::string_view(hostile)}));
  auto rows = c->query("SELECT s FROM t");
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->get_text(0, 0), hostile);
}

TEST_P(DatabaseTest, UncommittedTransactionRollsBack) {
  auto c = conn();
  ASSERT_TRUE(c->execute_script("CREATE TABLE t (a INTEGER)"));
  {
    auto tx = Transaction::begin(*c, TxMode::Write);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(c->execute("INSERT INTO t (a) VALUES ($1)", {std::int64_t{1}}));
  }
  {
    auto tx = Transaction::begin(*c, TxMode::Write);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(c->execute("INSERT INTO t (a) VALUES ($1)", {std::int64_t{2}}));
    ASSERT_TRUE(tx->commit());
  }
  auto rows = c->query("SELECT a FROM t");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->get_int(0, 0), 2);
}

TEST_P(DatabaseTest, ConstraintViolationIsAConflict) {
  auto c = conn();
  ASSERT_TRUE(c->execute_script("CREATE TABLE t (a INTEGER PRIMARY KEY)"));
  ASSERT_TRUE(c->execute("INSERT INTO t (a) VALUES ($1)", {std::int64_t{1}}));
  auto dup = c->execute("INSERT INTO t (a) VALUES ($1)", {std::int64_t{1}});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, core::ErrorCode::Conflict);
}

TEST_P(DatabaseTest, ConcurrentWritersAllCommit) {
  {
    auto c = conn();
    ASSERT_TRUE(c->execute_script("CREATE TABLE t (a INTEGER)"));
  }
  constexpr int kThreads = 4;
  constexpr int kEach = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto c = db_->acquire();
        if (!c) {
          ++failures;
          continue;
        }
        auto tx = Transaction::begin(**c, TxMode::Write);
        if (!tx || !(*c)->execute("INSERT INTO t (a) VALUES ($1)", {std::int64_t{t * 1000 + i}}) || !tx->commit())
          ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto c = conn();
  auto rows = c->query("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->get_int(0, 0), kThreads * kEach);
}

// Every way a write transaction ends lets the next writer in (on SQLite the writers of one
// process take turns at a gate; one left closed would make every later write wait its 10 s out
// and fail "waited too long").
TEST_P(DatabaseTest, EveryEndOfAWriteTransactionLetsTheNextWriterIn) {
  auto a = conn();
  auto b = conn();
  ASSERT_TRUE(a->execute_script("CREATE TABLE t (a INTEGER PRIMARY KEY)"));
  const auto next_writer_gets_in = [&](const char* after) {
    auto tx = Transaction::begin(*b, TxMode::Write);
    ASSERT_TRUE(tx) << after << ": " << tx.error().message_en;
    ASSERT_TRUE(tx->commit()) << after;
  };
  {
    auto tx = Transaction::begin(*a, TxMode::Write);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(a->execute("INSERT INTO t (a) VALUES ($1)", {std::int64_t{1}}));
  }
  next_writer_gets_in("a transaction dropped without commit");
  {
    auto tx = Transaction::begin(*a, TxMode::Write);
    ASSERT_TRUE(tx);
    EXPECT_FALSE(a->execute("INSERT INTO t (a) VALUES ($1)", {std::string_view("not a number")}) &&
                 a->execute("INSERT INTO nowhere (a) VALUES (1)"));
  }
  next_writer_gets_in("a transaction whose statement failed");
  {
    auto tx = Transaction::begin(*a, TxMode::Write);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(a->execute("INSERT INTO t (a) VALUES ($1)", {std::int64_t{2}}));
    ASSERT_TRUE(tx->commit());
  }
  next_writer_gets_in("a committed transaction");
  // A writer that waits while another holds the write: it gets in once the other commits.
  auto tx = Transaction::begin(*a, TxMode::Write);
  ASSERT_TRUE(tx);
  std::atomic<bool> committed{false};
  std::thread waiting([&] {
    auto w = Transaction::begin(*b, TxMode::Write);
    EXPECT_TRUE(w) << (w ? "" : w.error().message_en);
    // SQLite has one writer at a time; PostgreSQL lets both in (row locks decide).
    if (GetParam() == Backend::Sqlite) {
      EXPECT_TRUE(committed.load()) << "two writers at once";
    }
    if (w) {
      EXPECT_TRUE(w->commit());
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(a->execute("INSERT INTO t (a) VALUES ($1)", {std::int64_t{3}}));
  committed = true;
  ASSERT_TRUE(tx->commit());
  waiting.join();
}

// A write that answers with a long read of its result gives SQLite's single writer back before
// that read, and the read sees exactly what it committed, not a later writer's commit.
TEST_P(DatabaseTest, AWriteGivesTheWriterBackEarlyAndGoesOnReadingWhatItCommitted) {
  auto a = conn();
  auto b = conn();
  ASSERT_TRUE(a->execute_script("CREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER NOT NULL)"));
  ASSERT_TRUE(a->execute("INSERT INTO t (k, v) VALUES (1, 10)"));
  const auto value_seen_by = [](Connection& c) {
    auto r = c.query("SELECT v FROM t WHERE k = 1");
    EXPECT_TRUE(r && r->size() == 1);
    return r && r->size() == 1 ? r->get_int(0, 0) : -1;
  };
  const auto before = write_lock_stats();
  auto tx = Transaction::begin(*a, TxMode::Write);
  ASSERT_TRUE(tx);
  ASSERT_TRUE(a->execute("UPDATE t SET v = 11 WHERE k = 1"));
  auto early = tx->commit_writes_keep_reading();
  ASSERT_TRUE(early) << early.error().message_en;
  if (GetParam() == Backend::Sqlite) {
    EXPECT_TRUE(*early);
    EXPECT_EQ(value_seen_by(*b), 11) << "committed now";
    // The next writer gets in at once (it would wait 10 s for the lock otherwise) and commits.
    auto w = Transaction::begin(*b, TxMode::Write);
    ASSERT_TRUE(w) << w.error().message_en;
    ASSERT_TRUE(b->execute("UPDATE t SET v = 12 WHERE k = 1"));
    ASSERT_TRUE(w->commit());
    EXPECT_EQ(value_seen_by(*a), 11) << "the first transaction reads the state it committed, not the later one";
    ASSERT_TRUE(tx->commit());
    EXPECT_EQ(value_seen_by(*a), 12);
    const auto after = write_lock_stats();
    EXPECT_EQ(after.transactions, before.transactions + 2);
    EXPECT_GE(after.held_seconds, before.held_seconds);
    ASSERT_EQ(after.held_at_most.size(), kWriteHoldBuckets.size());
    EXPECT_TRUE(std::is_sorted(after.held_at_most.begin(), after.held_at_most.end())) << "cumulative buckets";
    EXPECT_LE(after.held_at_most.back(), after.transactions);
  } else {
    EXPECT_FALSE(*early) << "PostgreSQL goes on in the same transaction";
    EXPECT_EQ(value_seen_by(*b), 10) << "nothing committed before commit()";
    EXPECT_EQ(value_seen_by(*a), 11);
    ASSERT_TRUE(tx->commit());
    EXPECT_EQ(value_seen_by(*b), 11);
  }
  // Dropped without commit() after the early commit: the writes stay (SQLite) and nothing is held.
  {
    auto again = Transaction::begin(*a, TxMode::Write);
    ASSERT_TRUE(again);
    ASSERT_TRUE(a->execute("UPDATE t SET v = 20 WHERE k = 1"));
    ASSERT_TRUE(again->commit_writes_keep_reading());
  }
  EXPECT_EQ(value_seen_by(*b), GetParam() == Backend::Sqlite ? 20 : 11);
  auto w = Transaction::begin(*b, TxMode::Write);
  ASSERT_TRUE(w) << w.error().message_en;
  ASSERT_TRUE(w->commit());
}

// The group commit's promise: wait_durable() returns only after a flush that began after the
// call, so every write made before the call is durable; and commits that end together share
// flushes. The flush here records how many writes existed when it began.
TEST(GroupCommit, EveryWaitEndsAfterAFlushThatBeganAfterItAndWaitsShareFlushes) {
  std::atomic<std::uint64_t> written{0};
  std::atomic<std::uint64_t> on_disk{0};
  std::atomic<int> fail_next{0};
  GroupCommit group([&]() -> core::Result<void> {
    const std::uint64_t covers = written.load();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (fail_next.exchange(0) != 0) return core::fail(core::ErrorCode::DatabaseError, "hỏng đĩa", "disk failed");
    std::uint64_t seen = on_disk.load();
    while (seen < covers && !on_disk.compare_exchange_weak(seen, covers)) {
    }
    return {};
  });
  constexpr int kThreads = 8;
  constexpr int kCommits = 40;
  std::atomic<int> broken{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kCommits; ++i) {
        const std::uint64_t mine = ++written;  // "COMMIT returned"
        ASSERT_TRUE(group.wait_durable());
        if (on_disk.load() < mine) ++broken;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(broken.load(), 0) << "a commit was acknowledged before a flush covered it";
  EXPECT_LT(group.flushes(), std::uint64_t{kThreads * kCommits}) << "no two commits shared a flush";
  EXPECT_GE(group.flushes(), std::uint64_t{kCommits});
  // A failed flush is the caller's error; the next caller flushes again and succeeds.
  fail_next = 1;
  ++written;
  EXPECT_FALSE(group.wait_durable());
  const std::uint64_t mine = ++written;
  ASSERT_TRUE(group.wait_durable());
  EXPECT_GE(on_disk.load(), mine);
}

// A committed write on SQLite is flushed (the WAL, fdatasync) before commit() returns.
TEST_P(DatabaseTest, ACommittedWriteIsFlushedBeforeCommitReturns) {
  auto c = conn();
  ASSERT_TRUE(c->execute_script("CREATE TABLE t (a INTEGER)"));
  const auto before = write_lock_stats().wal_flushes;
  {
    auto tx = Transaction::begin(*c, TxMode::Read);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(tx->commit());
  }
  EXPECT_EQ(write_lock_stats().wal_flushes, before) << "a read has nothing to flush";
  {
    auto tx = Transaction::begin(*c, TxMode::Write);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(c->query("SELECT COUNT(*) FROM t"));
    ASSERT_TRUE(tx->commit());
  }
  EXPECT_EQ(write_lock_stats().wal_flushes, before) << "a write transaction that changed no row has nothing to flush";
  auto tx = Transaction::begin(*c, TxMode::Write);
  ASSERT_TRUE(tx);
  ASSERT_TRUE(c->execute("INSERT INTO t (a) VALUES (1)"));
  ASSERT_TRUE(tx->commit());
  EXPECT_EQ(write_lock_stats().wal_flushes, before + (GetParam() == Backend::Sqlite ? 1 : 0));
  auto sync = c->query("PRAGMA synchronous");
  if (GetParam() == Backend::Sqlite) {
    ASSERT_TRUE(sync && sync->size() == 1);
    EXPECT_EQ(sync->get_int(0, 0), 1) << "NORMAL: the commit's flush is ours, shared";
  }
}

TEST_P(DatabaseTest, SqlErrorsAreReportedNotThrown) {
  auto c = conn();
  auto r = c->query("SELEC nonsense");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::DatabaseError);
  // The connection stays usable after an error.
  EXPECT_TRUE(c->query("SELECT 1"));
}

// One LISTEN connection on several channels: each notification with its channel, in commit
// order, and only once its transaction commits (a rolled-back NOTIFY is never heard).
TEST_P(DatabaseTest, ListenerHearsSeveralChannelsInCommitOrder) {
  const std::string_view channels[] = {"tienbo_a", "tienbo_b"};
  if (GetParam() == Backend::Sqlite) {
    EXPECT_FALSE(listen_notifications(db_->url(), channels));  // one process: nothing to listen to
    return;
  }
  const std::string_view bad[] = {"tienbo_a; DROP TABLE x"};
  EXPECT_FALSE(listen_notifications(db_->url(), bad));
  auto l = listen_notifications(db_->url(), channels);
  ASSERT_TRUE(l) << l.error().message_en;
  auto c = conn();
  {
    auto tx = Transaction::begin(*c, TxMode::Write);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(c->query("SELECT pg_notify($1, $2)", {std::string_view("tienbo_b"), std::string_view("rolled back")}));
  }
  for (const auto& [channel, payload] :
       {std::pair{"tienbo_b", "1"}, std::pair{"tienbo_a", "2"}, std::pair{"tienbo_b", "3"}}) {
    auto tx = Transaction::begin(*c, TxMode::Write);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(c->query("SELECT pg_notify($1, $2)", {std::string_view(channel), std::string_view(payload)}));
    ASSERT_TRUE(tx->commit());
  }
  std::vector<Notification> heard;
  for (int i = 0; i < 50 && heard.size() < 3; ++i) {
    auto got = (*l)->wait(std::chrono::milliseconds(100));
    ASSERT_TRUE(got) << got.error().message_en;
    heard.insert(heard.end(), got->begin(), got->end());
  }
  ASSERT_EQ(heard.size(), 3u);
  EXPECT_EQ(heard[0].channel, "tienbo_b");
  EXPECT_EQ(heard[0].payload, "1");
  EXPECT_EQ(heard[1].channel, "tienbo_a");
  EXPECT_EQ(heard[1].payload, "2");
  EXPECT_EQ(heard[2].channel, "tienbo_b");
  EXPECT_EQ(heard[2].payload, "3");
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseTest, ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         test::BackendName());

TEST(DatabaseUrl, ParsesBothSchemesAndMasksPasswords) {
  auto s = parse_database_url("sqlite:data/tienbo.db");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->backend, Backend::Sqlite);
  EXPECT_EQ(s->sqlite_path, "data/tienbo.db");
  auto p = parse_database_url("postgresql://tienbo:secret@127.0.0.1:5432/tienbo");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->backend, Backend::Postgres);
  EXPECT_EQ(p->display.find("secret"), std::string::npos);
  EXPECT_NE(p->display.find("***"), std::string::npos);
}

TEST(DatabaseUrl, RejectsWrongUrlsWithAClearMessage) {
  for (const char* bad : {"mysql://x/y", "sqlite:", "postgresql://host", "postgresql://u@h:99999/db", "tienbo.db"}) {
    auto r = parse_database_url(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, core::ErrorCode::InvalidDatabaseUrl) << bad;
    EXPECT_EQ(r.error().field, "db");
    EXPECT_FALSE(r.error().message_vi.empty());
  }
}

TEST(OpenDatabase, MissingDirectoryIsNamed) {
  auto url = parse_database_url("sqlite:/nonexistent/dir/x.db");
  ASSERT_TRUE(url);
  auto d = open_database(*url, {});
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, core::ErrorCode::DatabaseUnavailable);
  EXPECT_NE(d.error().message_en.find("/nonexistent/dir does not exist"), std::string::npos);
}

TEST(OpenDatabase, UnreachablePostgresIsReportedOnOneLine) {
  auto url = parse_database_url("postgresql://nobody@127.0.0.1:1/x");
  ASSERT_TRUE(url);
  auto d = open_database(*url, {});
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, core::ErrorCode::DatabaseUnavailable);
  EXPECT_EQ(d.error().message_en.find('\n'), std::string::npos);
  EXPECT_NE(d.error().message_en.find("cannot connect to PostgreSQL"), std::string::npos);
}

TEST(SqlText, RewritesPlaceholdersOutsideLiterals) {
  EXPECT_EQ(to_sqlite_placeholders("SELECT '$1', \"$2\", $1 -- $3\n, $2 /* $4 */"),
            "SELECT '$1', \"$2\", ?1 -- $3\n, ?2 /* $4 */");
  EXPECT_EQ(to_sqlite_placeholders("SELECT 'it''s $1', $10"), "SELECT 'it''s $1', ?10");
}

TEST(Migrations, FileNamesAndPairsAreChecked) {
  const std::array<core::EmbeddedFile, 1> bad_name{{{"V1__x.sql", "SELECT 1"}}};
  EXPECT_FALSE(select_migrations(bad_name, Backend::Sqlite));
  const std::array<core::EmbeddedFile, 1> half_pair{{{"V202601010000__x.sqlite.sql", "SELECT 1"}}};
  auto r = select_migrations(half_pair, Backend::Sqlite);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message_en.find("needs both"), std::string::npos);
  const std::array<core::EmbeddedFile, 2> pair{
      {{"V202601010000__x.sqlite.sql", "A"}, {"V202601010000__x.pg.sql", "B"}}};
  auto pg = select_migrations(pair, Backend::Postgres);
  ASSERT_TRUE(pg);
  EXPECT_EQ(pg->front().sql, "B");
  EXPECT_EQ(pg->front().checksum, sha256_hex("B"));
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace tienbo::db
