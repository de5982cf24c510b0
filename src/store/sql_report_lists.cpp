// Lists of reports across units: the approver's inbox and an editor's past reports. One query
// for the page and one for the count, the scope walked down from its roots inside the query.
#include "sql_common.hpp"

namespace tienbo::store::sql {
namespace {

std::string_view order_column(ReportQuery::Sort sort) {
  switch (sort) {
    case ReportQuery::Sort::Submitted:
      return "COALESCE(r.submitted_at, '')";
    case ReportQuery::Sort::Updated:
      return "r.updated_at";
    case ReportQuery::Sort::Unit:
      return "u.code";  // the official list's order (codes follow geography)
    case ReportQuery::Sort::Form:
      return "f.code";
    case ReportQuery::Sort::Period:
      return "r.period";
  }
  return "r.id";
}

//! The first year after a four-digit year ("2025" → "2026"): the end of its periods' range.
std::string next_year(const std::string& year) {
  int y = 0;
  for (char ch : year) y = y * 10 + (ch - '0');
  return std::to_string(y + 1);
}

class SqlReportListRepository final : public ReportListRepository {
 public:
  explicit SqlReportListRepository(db::Connection& c) : c_(c) {}

  Result<ReportPage> list(const ReportQuery& q) override {
    ReportPage page;
    if (q.scope_roots.empty()) return page;
    std::vector<Param> params;
    for (auto id : q.scope_roots) params.emplace_back(id);
    const std::string cte = "WITH RECURSIVE scope(id) AS (SELECT id FROM unit WHERE id IN (" +
                            placeholders(1, q.scope_roots.size()) +
                            ") UNION SELECT u.id FROM unit u JOIN scope s ON u.parent_id = s.id) ";
    std::string where = " WHERE 1 = 1";
    auto bind = [&](Param p) {
      params.push_back(p);
      return "$" + std::to_string(params.size());
    };
    if (!q.statuses.empty()) {
      where += " AND r.status IN (";
      for (std::size_t i = 0; i < q.statuses.size(); ++i)
        where += (i ? ", " : "") + bind(core::to_string(q.statuses[i]));
      where += ")";
    }
    if (q.form_code) where += " AND f.code = " + bind(std::string_view(*q.form_code));
    if (q.period) where += " AND r.period = " + bind(std::string_view(*q.period));
    const std::string after_year = q.period_prefix ? next_year(*q.period_prefix) : std::string();
    if (q.period_prefix) {
      where += " AND r.period >= " + bind(std::string_view(*q.period_prefix));
      where += " AND r.period < " + bind(std::string_view(after_year));
    }
    if (q.unit_type) where += " AND u.unit_type = " + bind(core::to_string(*q.unit_type));
    const std::string from =
        " FROM report r JOIN scope s ON s.id = r.unit_id JOIN unit u ON u.id = r.unit_id JOIN form f ON f.id = "
        "r.form_id";

    auto counted = c_.query(cte + "SELECT COUNT(*)" + from + where, std::span<const Param>(params));
    if (!counted) return Unexpected{std::move(counted).error()};
    page.total = counted->get_int(0, 0);
    if (page.total == 0) return page;

    const std::string dir = q.descending ? " DESC" : " ASC";
    const std::string order = " ORDER BY " + std::string(order_column(q.sort)) + dir + ", r.id" + dir;
    const std::string limit = " LIMIT " + bind(q.limit) + " OFFSET " + bind(q.offset);
    auto r =
        c_.query(cte +
                     "SELECT r.id, r.form_id, r.form_version_id, r.unit_id, r.period, r.status, r.version, "
                     "r.created_at, r.updated_at,"
                     " r.submitted_at, r.submitted_by, r.approved_at, r.approved_by,"
                     " f.code AS form_code, f.name_vi AS form_name_vi, f.name_en AS form_name_en,"
                     " u.code AS unit_code, u.name_vi AS unit_name_vi, u.unit_type,"
                     " COALESCE((SELECT e.comment FROM report_event e WHERE e.report_id = r.id AND e.action = 'submit'"
                     " ORDER BY e.id DESC LIMIT 1), '') AS message,"
                     " COALESCE((SELECT a.display_name FROM app_user a WHERE a.login = r.submitted_by), '')"
                     " AS submitted_by_name" +
                     from + where + order + limit,
                 std::span<const Param>(params));
    if (!r) return Unexpected{std::move(r).error()};
    page.items.reserve(r->size());
    const ReportColumns c(*r);
    const auto form_code = r->column("form_code");
    const auto form_name_vi = r->column("form_name_vi"), form_name_en = r->column("form_name_en");
    const auto unit_code = r->column("unit_code"), unit_name_vi = r->column("unit_name_vi");
    const auto unit_type = r->column("unit_type");
    const auto message = r->column("message");
    const auto submitted_by_name = r->column("submitted_by_name");
    for (std::size_t i = 0; i < r->size(); ++i) {
      ReportListItem item;
      auto report = report_at(*r, c, i);
      if (!report) return Unexpected{std::move(report).error()};
      item.report = std::move(*report);
      auto type = enum_at(*r, i, unit_type, &core::parse_unit_type, "unit.unit_type");
      if (!type) return Unexpected{std::move(type).error()};
      item.form_code = r->get_text(i, form_code);
      item.form_name_vi = r->get_text(i, form_name_vi);
      item.form_name_en = r->get_text(i, form_name_en);
      item.unit_code = r->get_text(i, unit_code);
      item.unit_name_vi = r->get_text(i, unit_name_vi);
      item.unit_type = *type;
      item.message = r->get_text(i, message);
      item.submitted_by_name = r->get_text(i, submitted_by_name);
      page.items.push_back(std::move(item));
    }
    return page;
  }

 private:
  db::Connection& c_;
};

}  // namespace

std::unique_ptr<ReportListRepository> make_report_list_repository(db::Connection& c) {
  return std::make_unique<SqlReportListRepository>(c);
}

}  // namespace tienbo::store::sql
