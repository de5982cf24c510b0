#include "sql_metadata_rows.hpp"

namespace tienbo::store::sql {

std::vector<FormRecord> read_forms(const db::Rows& r) {
  std::vector<FormRecord> out;
  const auto id = r.column("id");
  const auto code = r.column("code");
  const auto name_vi = r.column("name_vi");
  const auto name_en = r.column("name_en");
  const auto period_type = r.column("period_type");
  const auto expected_periods = r.column("expected_periods");
  for (std::size_t i = 0; i < r.size(); ++i) {
    out.push_back({r.get_int(i, id), r.get_text(i, code), r.get_text(i, name_vi), r.get_text(i, name_en),
                   r.get_text(i, period_type), r.get_text(i, expected_periods)});
  }
  return out;
}

Result<std::vector<DataElementRecord>> read_data_elements(const db::Rows& r) {
  std::vector<DataElementRecord> out;
  const auto id = r.column("id");
  const auto code = r.column("code");
  const auto name_vi = r.column("name_vi");
  const auto name_en = r.column("name_en");
  const auto description_vi = r.column("description_vi");
  const auto value_type = r.column("value_type");
  const auto aggregation = r.column("aggregation");
  const auto zero_significant = r.column("zero_significant");
  const auto combo_id = r.column("combo_id");
  const auto min_value = r.column("min_value");
  const auto max_value = r.column("max_value");
  const auto scope = r.column("scope");
  const auto instruction_vi = r.column("instruction_vi");
  const auto instruction_en = r.column("instruction_en");
  const auto contributors = r.column("contributors");
  for (std::size_t i = 0; i < r.size(); ++i) {
    DataElementRecord d;
    d.id = r.get_int(i, id);
    d.code = r.get_text(i, code);
    d.name_vi = r.get_text(i, name_vi);
    d.name_en = r.get_text(i, name_en);
    d.description_vi = r.get_text(i, description_vi);
    auto type = enum_at(r, i, value_type, &core::value_type_from_string, "data_element.value_type");
    if (!type) return Unexpected{std::move(type).error()};
    d.value_type = *type;
    d.aggregation = r.get_text(i, aggregation);
    d.zero_significant = r.get_bool(i, zero_significant);
    d.combo_id = r.get_int(i, combo_id);
    if (!r.is_null(i, min_value)) d.min_value = r.get_double(i, min_value);
    if (!r.is_null(i, max_value)) d.max_value = r.get_double(i, max_value);
    d.scope = r.get_text(i, scope);
    d.instruction_vi = r.get_text(i, instruction_vi);
    d.instruction_en = r.get_text(i, instruction_en);
    d.contributors = r.get_text(i, contributors);
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<IndicatorRecord> read_indicators(const db::Rows& r) {
  std::vector<IndicatorRecord> out;
  const auto id = r.column("id");
  const auto code = r.column("code");
  const auto group_id = r.column("group_id");
  const auto number = r.column("number");
  const auto name_vi = r.column("name_vi");
  const auto name_en = r.column("name_en");
  const auto description_vi = r.column("description_vi");
  const auto numerator = r.column("numerator");
  const auto denominator = r.column("denominator");
  const auto factor = r.column("factor");
  const auto unit_vi = r.column("unit_vi");
  const auto unit_en = r.column("unit_en");
  const auto direction = r.column("direction");
  const auto decimals = r.column("decimals");
  const auto source = r.column("source");
  const auto confidence = r.column("confidence");
  const auto baseline_year = r.column("baseline_year");
  const auto baseline_value = r.column("baseline_value");
  const auto sort_order = r.column("sort_order");
  const auto min_coverage = r.column("min_coverage");
  const auto use_official = r.column("use_official");
  for (std::size_t i = 0; i < r.size(); ++i) {
    IndicatorRecord x;
    x.id = r.get_int(i, id);
    x.code = r.get_text(i, code);
    x.group_id = r.get_int(i, group_id);
    x.number = r.get_text(i, number);
    x.name_vi = r.get_text(i, name_vi);
    x.name_en = r.get_text(i, name_en);
    x.description_vi = r.get_text(i, description_vi);
    x.numerator = r.get_text(i, numerator);
    x.denominator = r.get_text(i, denominator);
    x.factor = r.get_double(i, factor);
    x.unit_vi = r.get_text(i, unit_vi);
    x.unit_en = r.get_text(i, unit_en);
    x.direction = r.get_text(i, direction);
    x.decimals = static_cast<int>(r.get_int(i, decimals));
    x.source = r.get_text(i, source);
    x.confidence = r.get_text(i, confidence);
    if (!r.is_null(i, baseline_year)) x.baseline_year = static_cast<int>(r.get_int(i, baseline_year));
    if (!r.is_null(i, baseline_value)) x.baseline_value = r.get_double(i, baseline_value);
    x.sort_order = static_cast<int>(r.get_int(i, sort_order));
    x.min_coverage = r.get_double(i, min_coverage);
    x.use_official = r.get_int(i, use_official) != 0;
    out.push_back(std::move(x));
  }
  return out;
}

Result<std::vector<IndicatorTargetRecord>> read_indicator_targets(const db::Rows& r) {
  std::vector<IndicatorTargetRecord> out;
  const auto indicator = r.column("indicator_id");
  const auto unit = r.column("unit_id");
  const auto year = r.column("year");
  const auto value = r.column("value");
  const auto op = r.column("operator");
  const auto onward = r.column("onward");
  for (std::size_t i = 0; i < r.size(); ++i) {
    auto parsed = enum_at(r, i, op, &core::parse_target_operator, "indicator_target.operator");
    if (!parsed) return Unexpected{std::move(parsed).error()};
    IndicatorTargetRecord t;
    t.indicator_id = r.get_int(i, indicator);
    t.unit_id = opt_int_at(r, i, unit);
    t.year = static_cast<int>(r.get_int(i, year));
    t.value = r.get_double(i, value);
    t.op = *parsed;
    t.onward = r.get_bool(i, onward);
    out.push_back(t);
  }
  return out;
}

}  // namespace tienbo::store::sql
