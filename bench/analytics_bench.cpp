// Analytics benchmarks (issue #5), on a database filled by
//   tienbo demo generate --scale national
// Run through bench/analytics_bench.sh, which prepares the database and prints the table.
//
//   (a) the national indicator table — every indicator × today's 34 provinces × 10 periods —
//       from the cube, and the same answer from SQL (recursive subtree + GROUP BY) on the same
//       database in the same run, with the ratio and a check that both answers are equal;
//   (b) one indicator for one province subtree;
//   (c) write-to-visible latency: a save through the report service, then the national query;
//   (d) start-up rebuild time and memory per stored value;
//   (e) bulk ingest through the store versus a raw prepared-statement insert, same backend.

#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <set>

#include "tienbo/app/application.hpp"
#include "tienbo/db/database.hpp"
#include "tienbo/db/migrations.hpp"
#include "tienbo/services/analytics_service.hpp"
#include "tienbo/services/report_service.hpp"
#include "tienbo/services/service_set.hpp"

using namespace tienbo;

namespace {

struct World {
  std::unique_ptr<app::Application> app;  // the database and the services as `tienbo serve` assembles them
  services::MetadataService* metadata = nullptr;
  services::AnalyticsService* analytics = nullptr;
  services::ReportService* reports = nullptr;
  services::Principal admin;
  std::vector<std::string> indicators;
  std::vector<std::string> periods{"2021",   "2022",   "2023",   "2024",   "2025",
                                   "2021S1", "2022S1", "2023S1", "2024S1", "2025S1"};
  // A draft report to write into for (c).
  std::string draft_unit;
  std::int64_t draft_version = 0;
  // (e): more drafts, the (element, option) cells a save fills, and units for the raw inserts.
  std::vector<std::pair<std::string, std::int64_t>> ingest_drafts;
  std::vector<std::pair<std::string, std::string>> ingest_cells;
  std::vector<std::tuple<std::int64_t, std::int64_t>> raw_cells;  // element id, option id
  std::vector<std::int64_t> raw_units;
};

World* world = nullptr;

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "analytics_bench: %s\n", what.c_str());
  std::exit(1);
}

services::AnalyticsQuery national_query() {
  services::AnalyticsQuery q;
  q.dx = world->indicators;
  q.ou = {"VN:children"};
  q.pe = world->periods;
  return q;
}

// ---- the SQL alternative ------------------------------------------------------------------

struct SqlTable {
  std::map<std::tuple<std::string, std::string, std::string>, std::optional<double>>
      cells;  // indicator, province, period
};

// Sums per (root province, element, option, period) in one recursive GROUP BY, then the same
// rules as the cube (lineage for earlier periods, period roll-up, element aggregation), then the
// indicator formulas with the same evaluator.
SqlTable national_table_by_sql() {
  auto conn = world->app->database().acquire();
  if (!conn) die(conn.error().message_en);
  auto& c = **conn;
  auto vn = c.query("SELECT id FROM unit WHERE code = 'VN'");
  if (!vn || vn->empty()) die("no VN");
  const std::int64_t vn_id = vn->get_int(0, 0);
  // Provinces, former and today's.
  struct Province {
    std::int64_t id;
    std::string code, valid_from, valid_to;
  };
  std::map<std::int64_t, Province> provinces;
  auto pr = c.query("SELECT id, code, valid_from, valid_to FROM unit WHERE parent_id = $1 AND unit_type = 'province'",
                    {vn_id});
  if (!pr) die(pr.error().message_en);
  for (std::size_t i = 0; i < pr->size(); ++i)
    provinces[pr->get_int(i, 0)] = {pr->get_int(i, 0), pr->get_text(i, 1), pr->get_text(i, 2), pr->get_text(i, 3)};
  std::multimap<std::int64_t, std::pair<std::int64_t, double>> predecessors;  // new -> (old, share)
  auto lr = c.query(
      "SELECT l.new_unit_id, l.old_unit_id, l.share FROM unit_lineage l JOIN unit o ON o.id = l.old_unit_id"
      " WHERE o.unit_type = 'province'");
  if (!lr) die(lr.error().message_en);
  for (std::size_t i = 0; i < lr->size(); ++i)
    predecessors.emplace(lr->get_int(i, 0), std::make_pair(lr->get_int(i, 1), lr->get_double(i, 2)));
  // Elements the indicators use, with their options and rules.
  auto cat = world->metadata->indicator_catalogue();
  if (!cat) die(cat.error().message_en);
  std::set<std::string> used;
  for (const auto& d : (*cat)->indicators) {
    for (const auto* e : {&d.numerator, &d.denominator}) {
      for (const auto& r : e->references()) used.insert(r.element);
    }
  }
  struct El {
    std::int64_t id;
    std::string rule;
    std::map<std::string, std::int64_t> options;
  };
  std::map<std::string, El> elements;
  auto er = c.query(
      "SELECT e.id, e.code, e.aggregation, o.id, o.code FROM data_element e JOIN category_option_combo o ON o.combo_id "
      "= e.combo_id");
  if (!er) die(er.error().message_en);
  std::string element_ids;
  for (std::size_t i = 0; i < er->size(); ++i) {
    const std::string code = er->get_text(i, 1);
    if (!used.count(code)) continue;
    auto& el = elements[code];
    if (el.id == 0) element_ids += (element_ids.empty() ? "" : ",") + std::to_string(er->get_int(i, 0));
    el.id = er->get_int(i, 0);
    el.rule = er->get_text(i, 2);
    el.options[er->get_text(i, 4)] = er->get_int(i, 3);
  }
  std::string period_list;
  for (const auto& p : world->periods) period_list += (period_list.empty() ? "'" : ",'") + p + "'";
  for (int y = 2021; y <= 2025; ++y) period_list += ",'" + std::to_string(y) + "S2'";
  auto rows = c.query(
      "WITH RECURSIVE tree(id, root) AS ("
      "  SELECT id, id FROM unit WHERE parent_id = $1 AND unit_type = 'province'"
      "  UNION ALL SELECT u.id, t.root FROM unit u JOIN tree t ON u.parent_id = t.id)"
      " SELECT t.root, dv.data_element_id, dv.option_combo_id, dv.period, SUM(dv.numeric_value), COUNT(*)"
      " FROM data_value dv JOIN tree t ON t.id = dv.unit_id"
      " WHERE dv.data_element_id IN (" +
          element_ids + ") AND dv.period IN (" + period_list +
          ")"
          " AND dv.numeric_value IS NOT NULL AND dv.updated_by NOT LIKE 'tổng hợp%'"
          " GROUP BY t.root, dv.data_element_id, dv.option_combo_id, dv.period",
      {vn_id});
  if (!rows) die(rows.error().message_en);
  std::map<std::tuple<std::int64_t, std::int64_t, std::int64_t, std::string>, std::pair<double, double>> sums;
  for (std::size_t i = 0; i < rows->size(); ++i) {
    sums[{rows->get_int(i, 0), rows->get_int(i, 1), rows->get_int(i, 2), rows->get_text(i, 3)}] = {
        rows->get_double(i, 4), rows->get_double(i, 5)};
  }
  SqlTable out;
  for (const auto& [id, prov] : provinces) {
    if (prov.valid_to != "9999-12-31") continue;
    for (const auto& pe : world->periods) {
      const auto period = *core::Period::parse(pe);
      const std::string date = period.end_date();
      std::vector<std::pair<std::int64_t, double>> roots;
      if (prov.valid_from <= date) {
        roots.emplace_back(prov.id, 1.0);
      } else {
        auto range = predecessors.equal_range(prov.id);
        for (auto it = range.first; it != range.second; ++it) {
          const auto& old = provinces[it->second.first];
          if (old.valid_from <= date && date <= old.valid_to) roots.push_back(it->second);
        }
      }
      const auto resolve = [&](const core::ExpressionRef& ref, int) -> std::optional<double> {
        const auto& el = elements.at(ref.element);
        std::vector<std::int64_t> opts;
        if (ref.option.empty()) {
          for (const auto& [code, oid] : el.options) opts.push_back(oid);
        } else {
          opts.push_back(el.options.at(ref.option));
        }
        std::optional<double> total;
        for (const auto& [root, share] : roots) {
          // The period's own values, else its half-years (the cube's rule).
          for (const std::vector<std::string>& parts :
               {std::vector<std::string>{pe}, period.type() == core::PeriodType::Year
                                                  ? std::vector<std::string>{pe + "S1", pe + "S2"}
                                                  : std::vector<std::string>{}}) {
            double sum = 0, count = 0, last = 0;
            bool any = false;
            for (const auto& part : parts) {
              double part_sum = 0, part_count = 0;
              for (auto o : opts) {
                auto it = sums.find({root, el.id, o, part});
                if (it == sums.end()) continue;
                part_sum += it->second.first;
                part_count += it->second.second;
              }
              if (part_count == 0) continue;
              any = true;
              sum += part_sum;
              count += part_count;
              last = part_sum;
            }
            if (!any) continue;
            const double v = el.rule == "average" ? sum / count : el.rule == "last" ? last : sum;
            total = total.value_or(0) + share * v;
            break;
          }
        }
        return total;
      };
      const core::UnitCounter count_units = [&](const std::vector<std::string>&, int) -> std::optional<double> {
        double n = 0;
        for (const auto& [root, share] : roots) n += share;  // one province per root
        return n;
      };
      for (const auto& code : world->indicators) {
        const auto* d = (*cat)->find(code);
        auto num = d->numerator.evaluate(resolve, count_units);
        auto den = d->denominator.evaluate(resolve, count_units);
        std::optional<double> value;
        if (num && den && *den != 0) value = *num / *den * d->indicator.factor;
        out.cells[{code, prov.code, pe}] = value;
      }
    }
  }
  return out;
}

// ---- benchmarks ----------------------------------------------------------------------------

void BM_NationalTable_Cube(benchmark::State& state) {
  const auto q = national_query();
  std::size_t rows = 0;
  for (auto _ : state) {
    auto r = world->analytics->query(world->admin, q);
    if (!r) die(r.error().message_en);
    rows = r->rows.size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["rows"] = static_cast<double>(rows);
}

void BM_NationalTable_Sql(benchmark::State& state) {
  for (auto _ : state) {
    auto t = national_table_by_sql();
    benchmark::DoNotOptimize(t);
  }
}

void BM_OneIndicatorOneProvince_Cube(benchmark::State& state) {
  services::AnalyticsQuery q;
  q.dx = {"CL_3_2A"};
  q.ou = {"01"};
  q.pe = {"2025"};
  for (auto _ : state) {
    auto r = world->analytics->query(world->admin, q);
    if (!r) die(r.error().message_en);
    benchmark::DoNotOptimize(r);
  }
}

void BM_WriteToVisible(benchmark::State& state) {
  services::AnalyticsQuery q;
  q.dx = {"BL_NAN_NHAN"};
  q.ou = {"VN"};
  q.pe = {"2026S1"};
  int n = 0;
  for (auto _ : state) {
    services::SaveCommand cmd;
    cmd.version = world->draft_version;
    const std::string value = std::to_string(100 + (n++ % 50));
    cmd.values.push_back({"BL_NAN_NHAN", "NU", value, std::nullopt, std::nullopt, core::NumberSyntax::Typed});
    auto saved = world->reports->save(world->admin, "BC_BDG_6T", world->draft_unit, "2026S1", cmd);
    if (!saved) die(saved.error().message_en);
    world->draft_version = saved->version;
    auto r = world->analytics->query(world->admin, q);
    if (!r || r->rows.empty()) die("the saved value is not visible");
    benchmark::DoNotOptimize(r);
  }
}

// (e) ingest: values per second through ReportService::save (typing, rules, audit, version,
// analytics, one transaction per report) versus the same number of rows per transaction as
// single-row prepared INSERTs on the same backend.
void BM_Ingest_Service(benchmark::State& state) {
  std::size_t i = 0, values = 0;
  for (auto _ : state) {
    auto& [unit, version] = world->ingest_drafts[i % world->ingest_drafts.size()];
    services::SaveCommand cmd;
    cmd.version = version;
    for (const auto& [element, option] : world->ingest_cells) {
      cmd.values.push_back({element, option, std::to_string(1 + (i + values) % 97), std::nullopt, std::nullopt,
                            core::NumberSyntax::Typed});
      ++values;
    }
    auto saved = world->reports->save(world->admin, "BC_BDG_6T", unit, "2026S1", cmd);
    if (!saved) die(saved.error().message_en);
    version = saved->version;
    ++i;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(values));
}

void BM_Ingest_RawInsert(benchmark::State& state) {
  auto conn = world->app->database().acquire();
  if (!conn) die(conn.error().message_en);
  std::size_t i = 0, values = 0;
  for (auto _ : state) {
    auto tx = db::Transaction::begin(**conn, db::TxMode::Write);
    if (!tx) die(tx.error().message_en);
    const std::int64_t unit = world->raw_units[i % world->raw_units.size()];
    const std::string period = std::to_string(2099 - static_cast<int>(i / world->raw_units.size())) + "S1";
    for (const auto& [element, option] : world->raw_cells) {
      const double v = static_cast<double>(1 + values % 97);
      const std::string text = std::to_string(static_cast<int>(v));
      auto r = (*conn)->execute(
          "INSERT INTO data_value (data_element_id, period, unit_id, option_combo_id, value, numeric_value,"
          " comment, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, '', 'bench', '2026-11-21T00:00:00Z')",
          {element, std::string_view(period), unit, option, std::string_view(text), v});
      if (!r) die(r.error().message_en);
      ++values;
    }
    if (auto c = tx->commit(); !c) die(c.error().message_en);
    ++i;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(values));
  auto cleanup = (*conn)->execute("DELETE FROM data_value WHERE updated_by = 'bench'");
  if (!cleanup) die(cleanup.error().message_en);
}

}  // namespace

int main(int argc, char** argv) {
  const char* url_text = std::getenv("TIENBO_BENCH_DB");
  if (!url_text) die("set TIENBO_BENCH_DB to a database made by 'tienbo demo generate --scale national'");
  auto url = db::parse_database_url(url_text);
  if (!url) die(url.error().message_en);
  db::PoolOptions po;
  po.mode = db::OpenMode::MustExist;
  po.max_connections = 4;
  auto database = db::open_database(*url, po);
  if (!database) die(database.error().message_en);
  World w;
  world = &w;
  w.app = std::make_unique<app::Application>(std::move(*database));
  w.metadata = &w.app->services().metadata;
  w.analytics = &w.app->services().analytics;
  w.reports = &w.app->services().reports;
  {
    auto conn = w.app->database().acquire();
    auto vn = (*conn)->query("SELECT id FROM unit WHERE code = 'VN'");
    if (!vn || vn->empty()) die("no unit VN: run tienbo init first");
    w.admin.login = "bench";
    w.admin.grants.push_back({auth::Role::Administrator, vn->get_int(0, 0)});
    auto draft = (*conn)->query(
        "SELECT u.code, r.version FROM report r JOIN unit u ON u.id = r.unit_id JOIN form f ON f.id = r.form_id"
        " WHERE f.code = 'BC_BDG_6T' AND r.period = '2026S1' AND r.status = 'draft' AND u.unit_type = 'commune'"
        " ORDER BY u.code LIMIT 1");
    if (!draft || draft->empty()) die("no draft 2026S1 report: generate the national demo data first");
    w.draft_unit = draft->get_text(0, 0);
    w.draft_version = draft->get_int(0, 1);
    auto drafts = (*conn)->query(
        "SELECT u.code, r.version FROM report r JOIN unit u ON u.id = r.unit_id JOIN form f ON f.id = r.form_id"
        " WHERE f.code = 'BC_BDG_6T' AND r.period = '2026S1' AND r.status = 'draft' AND u.unit_type = 'commune'"
        " ORDER BY u.code LIMIT 200 OFFSET 1");
    if (!drafts || drafts->empty()) die("not enough draft reports");
    for (std::size_t i = 0; i < drafts->size(); ++i)
      w.ingest_drafts.emplace_back(drafts->get_text(i, 0), drafts->get_int(i, 1));
    auto units = (*conn)->query("SELECT id FROM unit WHERE unit_type = 'commune' ORDER BY id");
    for (std::size_t i = 0; i < units->size(); ++i) w.raw_units.push_back(units->get_int(i, 0));
  }
  {
    auto def = w.metadata->definition("BC_BDG_6T", *core::Period::parse("2026S1"));
    if (!def) die(def.error().message_en);
    for (const auto& section : (*def)->sections) {
      for (auto id : section.element_ids) {
        const auto& e = (*def)->elements.at(id);
        if (e.element.value_type != tienbo::core::ValueType::Integer) continue;
        for (const auto& o : e.combo.option_combos) {
          if (w.ingest_cells.size() >= 24) break;
          w.ingest_cells.emplace_back(e.element.code, e.disaggregated() ? o.code : "");
          w.raw_cells.emplace_back(id, o.id);
        }
      }
    }
  }
  auto cat = w.metadata->indicator_catalogue();
  if (!cat) die(cat.error().message_en);
  for (const auto& d : (*cat)->indicators) w.indicators.push_back(d.indicator.code);

  // (d) rebuild and memory
  std::size_t rss_before = 0;
  {
    FILE* f = std::fopen("/proc/self/statm", "r");
    unsigned long pages = 0, resident = 0;
    if (f && std::fscanf(f, "%lu %lu", &pages, &resident) == 2) rss_before = resident * 4096;
    if (f) std::fclose(f);
  }
  auto built = w.analytics->rebuild();
  if (!built) die(built.error().message_en);
  std::size_t rss_after = 0;
  {
    FILE* f = std::fopen("/proc/self/statm", "r");
    unsigned long pages = 0, resident = 0;
    if (f && std::fscanf(f, "%lu %lu", &pages, &resident) == 2) rss_after = resident * 4096;
    if (f) std::fclose(f);
  }
  std::printf("RESULT rebuild_seconds %.3f\n", built->build_seconds);
  std::printf("RESULT values %zu\n", built->values);
  std::printf("RESULT series %zu\n", built->series);
  std::printf("RESULT bytes_per_value %.2f\n", static_cast<double>(built->bytes) / static_cast<double>(built->values));
  std::printf("RESULT process_rss_growth_mb %.1f\n", static_cast<double>(rss_after - rss_before) / 1e6);

  // (a) equality of the two answers
  auto cube = w.analytics->query(w.admin, national_query());
  if (!cube) die(cube.error().message_en);
  const auto sql = national_table_by_sql();
  std::size_t compared = 0, mismatched = 0, cube_cells = 0;
  double max_rel = 0;
  std::map<std::tuple<std::string, std::string, std::string>, double> cube_cells_map;
  for (const auto& r : cube->rows) {
    if (r.value) cube_cells_map[{r.dx, r.ou, r.pe}] = *r.value;
  }
  cube_cells = cube_cells_map.size();
  for (const auto& [key, v] : sql.cells) {
    auto it = cube_cells_map.find(key);
    const bool in_cube = it != cube_cells_map.end();
    if (!v && !in_cube) continue;
    ++compared;
    if (!v || !in_cube) {
      ++mismatched;
      continue;
    }
    const double rel = std::fabs(*v - it->second) / std::max(1.0, std::fabs(*v));
    max_rel = std::max(max_rel, rel);
    if (rel > 1e-9) ++mismatched;
  }
  std::printf("RESULT table_cells %zu\n", sql.cells.size());
  std::printf("RESULT cells_with_values %zu\n", cube_cells);
  std::printf("RESULT cells_compared %zu\n", compared);
  std::printf("RESULT cells_mismatched %zu\n", mismatched);
  std::printf("RESULT max_relative_difference %.3g\n", max_rel);
  std::fflush(stdout);
  if (mismatched > 0) die("the cube and SQL disagree");

  benchmark::RegisterBenchmark("national_table/cube", BM_NationalTable_Cube)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("national_table/sql", BM_NationalTable_Sql)
      ->Unit(benchmark::kMillisecond)
      ->Iterations(3);
  benchmark::RegisterBenchmark("one_indicator_one_province/cube", BM_OneIndicatorOneProvince_Cube)
      ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("write_to_visible", BM_WriteToVisible)->Unit(benchmark::kMillisecond)->Iterations(50);
  benchmark::RegisterBenchmark("ingest/service", BM_Ingest_Service)->Unit(benchmark::kMillisecond)->Iterations(200);
  benchmark::RegisterBenchmark("ingest/raw_insert", BM_Ingest_RawInsert)
      ->Unit(benchmark::kMillisecond)
      ->Iterations(200);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
