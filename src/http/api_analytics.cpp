// /api/v1/indicators and /api/v1/analytics
#include <cmath>
#include "api_common.hpp"
#include "api_handlers.hpp"

#include <cstdio>

#include "tienbo/core/period.hpp"
#include "tienbo/core/value_syntax.hpp"
#include "tienbo/http/json_body.hpp"
#include "tienbo/services/analytics_service.hpp"

namespace tienbo::http::api {
namespace {

namespace json = boost::json;

json::value opt(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt_int(const std::optional<int>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::array targets_json(const std::vector<store::IndicatorTargetRecord>& targets) {
  json::array arr;
  for (const auto& t : targets) {
    if (t.unit_id) continue;  // national targets; overrides are shown through progress
    arr.push_back(
        json::object{{"year", t.year}, {"value", t.value}, {"operator", core::to_string(t.op)}, {"onward", t.onward}});
  }
  return arr;
}

json::object indicator_json(const services::IndicatorDef& d) {
  const auto& i = d.indicator;
  return json::object{{"code", i.code},
                      {"number", i.number},
                      {"group", d.group.code},
                      {"nameVi", i.name_vi},
                      {"nameEn", i.name_en},
                      {"numerator", i.numerator},
                      {"denominator", i.denominator},
                      {"factor", i.factor},
                      {"unitVi", i.unit_vi},
                      {"unitEn", i.unit_en},
                      {"direction", i.direction},
                      {"decimals", i.decimals},
                      {"confidence", i.confidence},
                      {"source", i.source},
                      {"baseline", i.baseline_year ? json::value(json::object{{"year", *i.baseline_year},
                                                                              {"value", opt(i.baseline_value)}})
                                                   : json::value(nullptr)},
                      {"targets", targets_json(d.targets)}};
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ';' || c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// A text cell. One that a spreadsheet would take for a formula — first character =, +, -, @, tab or
// CR — gets a leading apostrophe (issue #12, "CSV injection"). Numbers are written by csv_number and
// stay numbers, negative ones included.
std::string csv_field(const std::string& text) {
  const bool formula = !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
  std::string s = formula ? "'" + text : text;
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Every digit the figure has (the shortest text that reads back the same number), never "1.23e+12".
std::string csv_number(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return "";
  return core::decimal_text(*v);
}

//! The progress of one indicator at one unit, as GET …/progress answers it.
json::object progress_json(const std::string& code, const std::string& ou, const services::ProgressAssessment& a) {
  return json::object{
      {"indicator", code},
      {"ou", ou},
      {"status", a.status},
      {"baseYear", opt_int(a.base_year)},
      {"baseValue", opt(a.base_value)},
      {"currentYear", opt_int(a.current_year)},
      {"currentValue", opt(a.current_value)},
      {"targetYear", opt_int(a.target_year)},
      {"targetValue", opt(a.target_value)},
      {"targetOperator", a.target_operator},
      {"observedGrowth", opt(a.observed_growth)},
      {"requiredGrowth", opt(a.required_growth)},
      {"growthRatio", opt(a.growth_ratio)},
      {"shareOfWay", opt(a.share_of_way)},
      {"shareOfTime", opt(a.share_of_time)},
      {"linearStatus", a.linear_status},
      {"minCoverage", a.min_coverage},
      {"currentCoverage", a.current_expected ? json::value(json::object{{"reported", *a.current_reported},
                                                                        {"expected", *a.current_expected}})
                                             : json::value(nullptr)},
      {"currentBasis", a.current_basis},
      {"partial", a.partial_year ? json::value(json::object{{"year", *a.partial_year},
                                                            {"value", opt(a.partial_value)},
                                                            {"reported", a.partial_reported.value_or(0)},
                                                            {"expected", a.partial_expected.value_or(0)}})
                                 : json::value(nullptr)},
      {"method",
       "Statistics Canada / Open SDG: observed ÷ required yearly growth; "
       "on track ≥ 0,95, needs acceleration ≥ 0,6"}};
}

//! The body of PUT /api/v1/indicators/{code}/targets/{unit}: 422 naming the first bad item.
core::Result<std::vector<services::TargetInput>> targets_input(const json::object& body) {
  const auto* list = body.if_contains("targets");
  if (list == nullptr || !list->is_array()) {
    return core::fail(core::ErrorCode::InvalidValue, "cần mảng \"targets\"", "\"targets\" must be an array", "targets");
  }
  std::vector<services::TargetInput> targets;
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    const std::string field = "targets[" + std::to_string(i) + "]";
    const auto* o = list->as_array()[i].if_object();
    const json::value* year = o ? o->if_contains("year") : nullptr;
    const json::value* value = o ? o->if_contains("value") : nullptr;
    const json::value* op = o ? o->if_contains("operator") : nullptr;
    if (!year || !year->is_int64() || !value || !(value->is_number()) || !op || !op->is_string()) {
      return core::fail(core::ErrorCode::InvalidValue, field + " cần year (số nguyên), value (số) và operator (chuỗi)",
                        field + " needs year (integer), value (number) and operator (string)", field);
    }
    services::TargetInput t;
    t.year = static_cast<int>(year->as_int64());
    t.value = value->to_number<double>();
    t.op = std::string(op->as_string());
    if (const auto* on = o->if_contains("onward"); on && on->is_bool()) t.onward = on->as_bool();
    targets.push_back(std::move(t));
  }
  return targets;
}

// GET /api/v1/analytics as CSV: UTF-8 with a byte-order mark so that spreadsheet programs read
// the Vietnamese names.
Response analytics_csv(services::AnalyticsResult& r) {
  std::string body =
      "\xEF\xBB\xBF"
      "dx,dxNameVi,ou,ouNameVi,pe,value,numerator,denominator,target,targetOperator,unitsReported,"
      "unitsExpected,coverage,partial,basis,dataSource\r\n";
  const auto count = [](const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : std::string(); };
  for (const auto& row : r.rows) {
    body += csv_field(row.dx) + "," + csv_field(r.names_vi[row.dx]) + "," + csv_field(row.ou) + "," +
            csv_field(row.ou_name_vi) + "," + row.pe + "," + csv_number(row.value) + "," + csv_number(row.numerator) +
            "," + csv_number(row.denominator) + "," + csv_number(row.target) + "," + row.target_operator + "," +
            count(row.units_reported) + "," + count(row.units_expected) + "," + csv_number(row.coverage) + "," +
            (row.partial ? "true" : "false") + "," + row.basis + "," + csv_field(row.data_source) + "\r\n";
  }
  Response resp;
  resp.status = 200;
  resp.body = std::move(body);
  resp.set_header("Content-Type", "text/csv; charset=utf-8");
  resp.set_header("Content-Disposition", "attachment; filename=\"tienbo-analytics.csv\"");
  return resp;
}

json::object analytics_row_json(const services::AnalyticsRow& row) {
  json::object o{{"dx", row.dx}, {"dxKind", row.dx_kind}, {"ou", row.ou}, {"pe", row.pe}, {"value", opt(row.value)}};
  if (row.dx_kind == "indicator") {
    o["numerator"] = opt(row.numerator);
    o["denominator"] = opt(row.denominator);
    o["target"] = opt(row.target);
    o["targetOperator"] = row.target_operator;
  } else if (row.dx_kind == "reportingRate") {
    o["expected"] = row.expected.value_or(0);
    o["received"] = row.received.value_or(0);
    o["onTime"] = row.on_time.value_or(0);
  }
  if (row.dx_kind != "reportingRate") {
    o["coverage"] =
        json::object{{"reported", row.units_reported ? json::value(*row.units_reported) : json::value(nullptr)},
                     {"expected", row.units_expected ? json::value(*row.units_expected) : json::value(nullptr)},
                     {"percent", opt(row.coverage)},
                     {"minimum", row.min_coverage},
                     {"partial", row.partial}};
    o["basis"] = row.basis;
    if (!row.data_source.empty()) o["dataSource"] = row.data_source;
  }
  return o;
}

json::object analytics_json(services::AnalyticsResult& r) {
  json::array rows;
  for (const auto& row : r.rows) rows.push_back(analytics_row_json(row));
  json::object items;
  for (const auto& [code, name] : r.names_vi) {
    json::object it{{"nameVi", name}, {"nameEn", r.names_en[code]}};
    if (auto u = r.units.find(code); u != r.units.end()) it["unitVi"] = u->second;
    items[code] = std::move(it);
  }
  json::array periods;
  for (const auto& pe : r.periods) periods.push_back(json::value(pe));
  return json::object{{"rows", std::move(rows)},
                      {"metaData", json::object{{"items", std::move(items)}, {"pe", std::move(periods)}}}};
}

// Official figures (statistics office surveys, ministries' statistics) of a unit.
json::object figure_json(const services::OfficialFigure& f) {
  return json::object{{"element", f.element},      {"option", f.option},       {"unit", f.unit},
                      {"period", f.period},        {"value", f.value},         {"dataSource", f.data_source},
                      {"updatedBy", f.updated_by}, {"updatedAt", f.updated_at}};
}

}  // namespace

// GET /api/v1/indicators — the catalogue, grouped by objective
Response list_indicators(Api& s, Request& req, const Principal&) {
  auto cat = s.metadata.indicator_catalogue();
  if (!cat) return problem(cat.error(), req);
  json::array groups;
  for (const auto& g : (*cat)->groups) {
    json::array list;
    for (const auto& d : (*cat)->indicators) {
      if (d.group.id == g.id) list.push_back(indicator_json(d));
    }
    groups.push_back(json::object{{"code", g.code},
                                  {"nameVi", g.name_vi},
                                  {"nameEn", g.name_en},
                                  {"sourceVi", g.source_vi},
                                  {"indicators", std::move(list)}});
  }
  return reply(200, json::object{{"groups", std::move(groups)}, {"count", (*cat)->indicators.size()}});
}

// GET /api/v1/indicators/{code}
Response get_indicator(Api& s, Request& req, const Principal&) {
  auto cat = s.metadata.indicator_catalogue();
  if (!cat) return problem(cat.error(), req);
  const std::string code(req.param("code"));
  const auto* d = (*cat)->find(code);
  if (!d)
    return problem(
        core::make_error(core::ErrorCode::NotFound, "không có chỉ tiêu " + code, "there is no indicator " + code), req);
  return reply(200, indicator_json(*d));
}

// PUT /api/v1/indicators/{code}/targets/{unit} — a unit's own targets ({"targets": []} removes them)
Response put_unit_targets(Api& s, Request& req, const Principal& p) {
  auto body = parse_json_object(req);
  if (!body) return problem(body.error(), req);
  auto targets = targets_input(*body);
  if (!targets) return problem(targets.error(), req);
  auto saved = s.metadata.set_unit_targets(p, std::string(req.param("code")), std::string(req.param("unit")), *targets);
  if (!saved) return problem(saved.error(), req);
  json::array arr;
  for (const auto& t : *saved) {
    arr.push_back(
        json::object{{"year", t.year}, {"value", t.value}, {"operator", core::to_string(t.op)}, {"onward", t.onward}});
  }
  return reply(200, json::object{{"indicator", std::string(req.param("code"))},
                                 {"unit", std::string(req.param("unit"))},
                                 {"targets", std::move(arr)}});
}

// GET /api/v1/indicators/{code}/progress?ou=CODE[&year=YYYY]
Response get_indicator_progress(Api& s, Request& req, const Principal& p) {
  const std::string ou = query(req, "ou", "VN");
  auto year = query_int(req, "year", 0, core::kMinYear, core::kMaxYear);
  if (!year) return problem(year.error(), req);
  auto a = s.analytics.progress(p, std::string(req.param("code")), ou,
                                *year > 0 ? std::optional<int>(static_cast<int>(*year)) : std::nullopt);
  if (!a) return problem(a.error(), req);
  return reply(200, progress_json(std::string(req.param("code")), ou, *a));
}

// GET /api/v1/progress?ou=CODE[&year=YYYY] — every indicator's progress at one unit (a dashboard's cards)
Response get_progress(Api& s, Request& req, const Principal& p) {
  const std::string ou = query(req, "ou", "VN");
  auto year = query_int(req, "year", 0, core::kMinYear, core::kMaxYear);
  if (!year) return problem(year.error(), req);
  auto cat = s.metadata.indicator_catalogue();
  if (!cat) return problem(cat.error(), req);
  json::array items;
  for (const auto& d : (*cat)->indicators) {
    auto a = s.analytics.progress(p, d.indicator.code, ou,
                                  *year > 0 ? std::optional<int>(static_cast<int>(*year)) : std::nullopt);
    if (!a) return problem(a.error(), req);
    items.push_back(progress_json(d.indicator.code, ou, *a));
  }
  return reply(200, json::object{{"ou", ou}, {"indicators", std::move(items)}});
}

// GET /api/v1/analytics?dx=A;B&ou=VN:children&pe=LAST_5_YEARS[&asOf=true][&format=csv]
Response get_analytics(Api& s, Request& req, const Principal& p) {
  services::AnalyticsQuery q;
  q.dx = split_list(query(req, "dx"));
  q.ou = split_list(query(req, "ou"));
  q.pe = split_list(query(req, "pe"));
  q.as_of = query(req, "asOf") == "true";
  auto r = s.analytics.query(p, q);
  if (!r) return problem(r.error(), req);
  const bool csv = query(req, "format") == "csv" || req.header("accept").find("text/csv") != std::string_view::npos;
  return csv ? analytics_csv(*r) : reply(200, analytics_json(*r));
}

// GET /api/v1/official-values?ou=VN[&pe=2025]
Response list_official_values(Api& s, Request& req, const Principal& p) {
  auto list = s.metadata.official_figures(p, query(req, "ou", "VN"), query(req, "pe"));
  if (!list) return problem(list.error(), req);
  json::array arr;
  for (const auto& f : *list) arr.push_back(figure_json(f));
  return reply(200, json::object{{"officialValues", std::move(arr)}});
}

// PUT /api/v1/official-values/{element}/{unit}/{period} {"option", "value", "dataSource"}
Response put_official_value(Api& s, Request& req, const Principal& p) {
  auto body = parse_json_object(req);
  if (!body) return problem(body.error(), req);
  services::OfficialFigureInput in;
  in.element = std::string(req.param("element"));
  auto option = string_field(*body, "option", false);
  if (!option) return problem(option.error(), req);
  in.option = std::move(*option);
  const auto* v = body->if_contains("value");
  if (v != nullptr && v->is_number()) {
    in.syntax = core::NumberSyntax::Machine;
    in.value = v->is_int64()    ? std::to_string(v->as_int64())
               : v->is_uint64() ? std::to_string(v->as_uint64())
                                : core::decimal_text(v->as_double());
  } else {
    auto value = string_field(*body, "value", true);
    if (!value) return problem(value.error(), req);
    in.value = std::move(*value);
  }
  auto source = string_field(*body, "dataSource", true);
  if (!source) return problem(source.error(), req);
  in.data_source = std::move(*source);
  auto saved = s.metadata.set_official_figure(p, std::string(req.param("unit")), std::string(req.param("period")), in);
  if (!saved) return problem(saved.error(), req);
  return reply(200, figure_json(*saved));
}

// DELETE /api/v1/official-values/{element}/{unit}/{period}[?option=NU]
Response delete_official_value(Api& s, Request& req, const Principal& p) {
  auto done = s.metadata.delete_official_figure(p, std::string(req.param("element")), std::string(req.param("unit")),
                                                std::string(req.param("period")), query(req, "option"));
  if (!done) return problem(done.error(), req);
  return no_content();
}

// GET /api/v1/analytics/status — the snapshot served and what the cube holds
Response get_analytics_status(Api& s, Request&, const Principal&) {
  const auto st = s.analytics.status();
  return reply(200, json::object{{"values", st.values},
                                 {"series", st.series},
                                 {"bytes", st.bytes},
                                 {"bytesPerValue",
                                  st.values ? static_cast<double>(st.bytes) / static_cast<double>(st.values) : 0.0},
                                 {"units", st.units},
                                 {"buildSeconds", st.build_seconds},
                                 {"snapshot", st.snapshot},
                                 {"builtAt", st.built_at},
                                 {"build", st.build},
                                 {"rebuildPending", st.rebuild_pending},
                                 {"deferredValues", st.deferred_values}});
}

}  // namespace tienbo::http::api
