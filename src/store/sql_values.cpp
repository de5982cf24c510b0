// The data values of units, and the figures that are not their own entries (consolidated, official).
#include <unordered_set>

#include "sql_common.hpp"

namespace tienbo::store::sql {
namespace {

class SqlDataValueRepository final : public DataValueRepository {
 public:
  SqlDataValueRepository(db::Connection& c, ReportWriteTracker& writes) : c_(c), writes_(writes) {}

  Result<std::vector<DataValueRecord>> values(std::span<const std::int64_t> element_ids, std::string_view period,
                                              std::int64_t unit_id) override {
    // All of the unit's values of the period in one range (on SQLite the table's own order puts
    // them together), then the elements asked for: a report's form has tens of elements, the
    // unit and period a few hundred values at most.
    std::vector<DataValueRecord> out;
    if (element_ids.empty()) return out;
    const std::unordered_set<std::int64_t> wanted(element_ids.begin(), element_ids.end());
    auto r = c_.query(
        "SELECT data_element_id, period, unit_id, option_combo_id, value, numeric_value, comment, updated_by,"
        " updated_at, source, data_source FROM data_value WHERE unit_id = $1 AND period = $2",
        {unit_id, period});
    if (!r) return Unexpected{std::move(r).error()};
    const auto element_col = r->column("data_element_id");
    const auto period_col = r->column("period");
    const auto unit = r->column("unit_id");
    const auto option = r->column("option_combo_id");
    const auto value = r->column("value");
    const auto numeric = r->column("numeric_value");
    const auto comment = r->column("comment");
    const auto by = r->column("updated_by");
    const auto at = r->column("updated_at");
    const auto source = r->column("source");
    const auto data_source = r->column("data_source");
    for (std::size_t i = 0; i < r->size(); ++i) {
      const std::int64_t element = r->get_int(i, element_col);
      if (!wanted.count(element)) continue;
      DataValueRecord v;
      v.data_element_id = element;
      v.period = r->get_text(i, period_col);
      v.unit_id = r->get_int(i, unit);
      v.option_combo_id = r->get_int(i, option);
      v.value = r->get_text(i, value);
      if (!r->is_null(i, numeric)) v.numeric_value = r->get_double(i, numeric);
      v.comment = r->get_text(i, comment);
      v.updated_by = r->get_text(i, by);
      v.updated_at = r->get_text(i, at);
      v.source = r->get_text(i, source);
      v.data_source = r->get_text(i, data_source);
      out.push_back(std::move(v));
    }
    return out;
  }

  Result<std::vector<DataValueRecord>> values_of_units(std::span<const std::int64_t> element_ids,
                                                       std::string_view period,
                                                       std::span<const std::int64_t> unit_ids) override {
    std::vector<DataValueRecord> out;
    for (auto unit : unit_ids) {
      auto part = values(element_ids, period, unit);
      if (!part) return part;
      out.insert(out.end(), std::make_move_iterator(part->begin()), std::make_move_iterator(part->end()));
    }
    return out;
  }

  Result<void> upsert_value(const DataValueRecord& v) override {
    writes_.unit(v.unit_id);
    return as_void(c_.execute(
        "INSERT INTO data_value (data_element_id, period, unit_id, option_combo_id, value, numeric_value, comment, "
        "updated_by,"
        " updated_at, source, data_source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
        " ON CONFLICT (data_element_id, period, unit_id, option_combo_id) DO UPDATE SET value = excluded.value,"
        " numeric_value = excluded.numeric_value, comment = excluded.comment, updated_by = excluded.updated_by,"
        " updated_at = excluded.updated_at, source = excluded.source, data_source = excluded.data_source",
        {v.data_element_id, std::string_view(v.period), v.unit_id, v.option_combo_id, std::string_view(v.value),
         v.numeric_value ? Param(*v.numeric_value) : Param(nullptr), std::string_view(v.comment),
         std::string_view(v.updated_by), std::string_view(v.updated_at), std::string_view(v.source),
         std::string_view(v.data_source)}));
  }

  Result<void> delete_value(std::int64_t element_id, std::string_view period, std::int64_t unit_id,
                            std::int64_t option_combo_id) override {
    writes_.unit(unit_id);
    return as_void(c_.execute(
        "DELETE FROM data_value WHERE data_element_id = $1 AND period = $2 AND unit_id = $3 AND option_combo_id = $4",
        {element_id, period, unit_id, option_combo_id}));
  }

  Result<void> insert_values(std::span<const DataValueRecord> values) override {
    for (const auto& v : values) writes_.unit(v.unit_id);
    constexpr std::size_t kRows = 300;  // 11 parameters a row, well under both engines' limits
    std::vector<db::Param> params;
    for (std::size_t start = 0; start < values.size(); start += kRows) {
      const std::size_t n = std::min(kRows, values.size() - start);
      std::string sql =
          "INSERT INTO data_value (data_element_id, period, unit_id, option_combo_id, value, numeric_value, comment,"
          " updated_by, updated_at, source, data_source) VALUES ";
      params.clear();
      for (std::size_t i = 0; i < n; ++i) {
        const auto& v = values[start + i];
        const std::size_t b = i * 11;
        sql += (i ? ",(" : "(");
        for (std::size_t k = 1; k <= 11; ++k) sql += "$" + std::to_string(b + k) + (k < 11 ? "," : ")");
        params.insert(params.end(),
                      {v.data_element_id, std::string_view(v.period), v.unit_id, v.option_combo_id,
                       std::string_view(v.value), v.numeric_value ? db::Param(*v.numeric_value) : db::Param(nullptr),
                       std::string_view(v.comment), std::string_view(v.updated_by), std::string_view(v.updated_at),
                       std::string_view(v.source), std::string_view(v.data_source)});
      }
      auto r = c_.execute(sql, std::span<const db::Param>(params));
      if (!r) return Unexpected{std::move(r).error()};
    }
    return {};
  }

  Result<void> scan_all_numeric_values(
      const std::function<void(std::int64_t, std::string_view, std::int64_t, std::int64_t, double)>& row,
      const std::function<void(std::size_t, std::size_t)>& progress) override {
    const auto emit = [&row](const db::Rows& r) {
      const auto element = r.column("data_element_id");
      const auto period = r.column("period");
      const auto unit = r.column("unit_id");
      const auto option = r.column("option_combo_id");
      const auto numeric = r.column("numeric_value");
      for (std::size_t i = 0; i < r.size(); ++i) {
        row(r.get_int(i, element), r.get_text(i, period), r.get_int(i, unit), r.get_int(i, option),
            r.get_double(i, numeric));
      }
    };
    if (c_.backend() == db::Backend::Postgres) {
      // A sequential read in block ranges (TID range scans): an index walk per element reads the
      // heap out of order, several times slower.
      auto pages = c_.query("SELECT pg_relation_size('data_value') / current_setting('block_size')::bigint");
      if (!pages) return Unexpected{std::move(pages).error()};
      const std::int64_t total = pages->get_int(0, 0) + 1;
      constexpr std::int64_t kPages = 2048;
      const auto parts = static_cast<std::size_t>((total + kPages - 1) / kPages);
      std::size_t done = 0;
      for (std::int64_t start = 0; start < total; start += kPages) {
        auto r = c_.query(
            "SELECT data_element_id, period, unit_id, option_combo_id, numeric_value FROM data_value"
            " WHERE ctid >= format('(%s,0)', $1::bigint)::tid AND ctid < format('(%s,0)', $2::bigint)::tid"
            " AND numeric_value IS NOT NULL",
            {start, start + kPages});
        if (!r) return Unexpected{std::move(r).error()};
        emit(*r);
        if (progress) progress(++done, parts);
      }
      return {};
    }
    // SQLite: the table in its own order (unit first), a range of unit ids at a time.
    auto bounds = c_.query("SELECT MIN(unit_id), MAX(unit_id) FROM data_value");
    if (!bounds) return Unexpected{std::move(bounds).error()};
    if (bounds->is_null(0, 0)) return {};
    const std::int64_t first = bounds->get_int(0, 0);
    const std::int64_t last = bounds->get_int(0, 1);
    constexpr std::int64_t kUnits = 256;
    const auto parts = static_cast<std::size_t>((last - first) / kUnits + 1);
    std::size_t done = 0;
    for (std::int64_t start = first; start <= last; start += kUnits) {
      auto r = c_.query(
          "SELECT data_element_id, period, unit_id, option_combo_id, numeric_value FROM data_value"
          " WHERE unit_id >= $1 AND unit_id < $2 AND numeric_value IS NOT NULL",
          {start, start + kUnits});
      if (!r) return Unexpected{std::move(r).error()};
      emit(*r);
      if (progress) progress(++done, parts);
    }
    return {};
  }

  Result<std::map<std::int64_t, std::int64_t>> filled_elements(std::span<const std::int64_t> element_ids,
                                                               std::string_view period,
                                                               std::span<const std::int64_t> unit_ids) override {
    std::map<std::int64_t, std::int64_t> out;
    if (element_ids.empty()) return out;
    for (std::size_t start = 0; start < unit_ids.size(); start += 400) {
      const std::size_t n = std::min<std::size_t>(400, unit_ids.size() - start);
      std::vector<Param> params{period};
      for (auto id : element_ids) params.emplace_back(id);
      for (std::size_t i = 0; i < n; ++i) params.emplace_back(unit_ids[start + i]);
      auto r = c_.query(
          "SELECT unit_id, COUNT(DISTINCT data_element_id) FROM data_value WHERE period = $1 AND data_element_id IN (" +
              placeholders(2, element_ids.size()) + ") AND unit_id IN (" + placeholders(2 + element_ids.size(), n) +
              ") GROUP BY unit_id",
          std::span<const Param>(params));
      if (!r) return Unexpected{std::move(r).error()};
      for (std::size_t i = 0; i < r->size(); ++i) out[r->get_int(i, 0)] = r->get_int(i, 1);
    }
    return out;
  }

 private:
  db::Connection& c_;
  ReportWriteTracker& writes_;
};

class SqlFigureRepository final : public FigureRepository {
 public:
  SqlFigureRepository(db::Connection& c, ReportWriteTracker& writes) : c_(c), writes_(writes) {}

  Result<std::vector<ConsolidatedValueRecord>> consolidated_values(std::span<const std::int64_t> element_ids,
                                                                   std::string_view period,
                                                                   std::int64_t unit_id) override {
    std::vector<ConsolidatedValueRecord> out;
    for (std::size_t start = 0; start < element_ids.size(); start += kIdsPerQuery) {
      const std::size_t n = std::min(kIdsPerQuery, element_ids.size() - start);
      auto params = with_ids({period, unit_id}, element_ids.subspan(start, n));
      auto r = c_.query(
          "SELECT data_element_id, option_combo_id, value, numeric_value, children_used, children_expected, updated_by,"
          " updated_at FROM consolidated_value WHERE period = $1 AND unit_id = $2 AND data_element_id IN (" +
              placeholders(3, n) + ")",
          std::span<const Param>(params));
      if (!r) return Unexpected{std::move(r).error()};
      const auto element = r->column("data_element_id");
      const auto option = r->column("option_combo_id");
      const auto value = r->column("value");
      const auto numeric = r->column("numeric_value");
      const auto used = r->column("children_used");
      const auto expected = r->column("children_expected");
      const auto by = r->column("updated_by");
      const auto at = r->column("updated_at");
      for (std::size_t i = 0; i < r->size(); ++i) {
        ConsolidatedValueRecord v;
        v.data_element_id = r->get_int(i, element);
        v.period = std::string(period);
        v.unit_id = unit_id;
        v.option_combo_id = r->get_int(i, option);
        v.value = r->get_text(i, value);
        if (!r->is_null(i, numeric)) v.numeric_value = r->get_double(i, numeric);
        v.children_used = static_cast<int>(r->get_int(i, used));
        v.children_expected = static_cast<int>(r->get_int(i, expected));
        v.updated_by = r->get_text(i, by);
        v.updated_at = r->get_text(i, at);
        out.push_back(std::move(v));
      }
    }
    return out;
  }

  Result<void> replace_consolidated(std::span<const std::int64_t> element_ids, std::string_view period,
                                    std::int64_t unit_id, std::span<const ConsolidatedValueRecord> values) override {
    writes_.unit(unit_id);
    for (std::size_t start = 0; start < element_ids.size(); start += kIdsPerQuery) {
      const std::size_t n = std::min(kIdsPerQuery, element_ids.size() - start);
      auto params = with_ids({period, unit_id}, element_ids.subspan(start, n));
      auto d = c_.execute("DELETE FROM consolidated_value WHERE period = $1 AND unit_id = $2 AND data_element_id IN (" +
                              placeholders(3, n) + ")",
                          std::span<const Param>(params));
      if (!d) return Unexpected{std::move(d).error()};
    }
    for (const auto& v : values) {
      auto n = c_.execute(
          "INSERT INTO consolidated_value (data_element_id, period, unit_id, option_combo_id, value, numeric_value, "
          "children_used,"
          " children_expected, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
          {v.data_element_id, std::string_view(v.period), v.unit_id, v.option_combo_id, std::string_view(v.value),
           v.numeric_value ? Param(*v.numeric_value) : Param(nullptr), static_cast<std::int64_t>(v.children_used),
           static_cast<std::int64_t>(v.children_expected), std::string_view(v.updated_by),
           std::string_view(v.updated_at)});
      if (!n) return Unexpected{std::move(n).error()};
    }
    return {};
  }

  Result<std::vector<OfficialValueRecord>> official_values() override {
    auto r = c_.query(
        "SELECT data_element_id, period, unit_id, option_combo_id, value, numeric_value, data_source, updated_by, "
        "updated_at"
        " FROM official_value ORDER BY data_element_id, period, unit_id, option_combo_id");
    if (!r) return Unexpected{std::move(r).error()};
    std::vector<OfficialValueRecord> out;
    out.reserve(r->size());
    const auto element = r->column("data_element_id");
    const auto period = r->column("period");
    const auto unit = r->column("unit_id");
    const auto option = r->column("option_combo_id");
    const auto value = r->column("value");
    const auto numeric = r->column("numeric_value");
    const auto source = r->column("data_source");
    const auto by = r->column("updated_by");
    const auto at = r->column("updated_at");
    for (std::size_t i = 0; i < r->size(); ++i) {
      out.push_back({r->get_int(i, element), r->get_text(i, period), r->get_int(i, unit), r->get_int(i, option),
                     r->get_text(i, value), r->get_double(i, numeric), r->get_text(i, source), r->get_text(i, by),
                     r->get_text(i, at)});
    }
    return out;
  }

  Result<void> put_official(const OfficialValueRecord& v) override {
    writes_.unit(v.unit_id);
    auto d = delete_official(v.data_element_id, v.period, v.unit_id, v.option_combo_id);
    if (!d) return Unexpected{std::move(d).error()};
    return as_void(
        c_.execute("INSERT INTO official_value (data_element_id, period, unit_id, option_combo_id, value, "
                   "numeric_value, data_source,"
                   " updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                   {v.data_element_id, std::string_view(v.period), v.unit_id, v.option_combo_id,
                    std::string_view(v.value), v.numeric_value, std::string_view(v.data_source),
                    std::string_view(v.updated_by), std::string_view(v.updated_at)}));
  }

  Result<bool> delete_official(std::int64_t element_id, std::string_view period, std::int64_t unit_id,
                               std::int64_t option_combo_id) override {
    writes_.unit(unit_id);
    auto n = c_.execute(
        "DELETE FROM official_value WHERE data_element_id = $1 AND period = $2 AND unit_id = $3 AND option_combo_id = "
        "$4",
        {element_id, period, unit_id, option_combo_id});
    if (!n) return Unexpected{std::move(n).error()};
    return *n > 0;
  }

 private:
  db::Connection& c_;
  ReportWriteTracker& writes_;
};

}  // namespace

std::unique_ptr<DataValueRepository> make_data_value_repository(db::Connection& c, ReportWriteTracker& writes) {
  return std::make_unique<SqlDataValueRepository>(c, writes);
}

std::unique_ptr<FigureRepository> make_figure_repository(db::Connection& c, ReportWriteTracker& writes) {
  return std::make_unique<SqlFigureRepository>(c, writes);
}

}  // namespace tienbo::store::sql
