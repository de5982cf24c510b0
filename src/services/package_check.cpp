// Checking a parsed metadata package as a whole before anything of it is written.
#include "package_loader.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "tienbo/core/domain.hpp"
#include "tienbo/core/expression.hpp"
#include "tienbo/core/period.hpp"

namespace tienbo::services::package_detail {

using core::ErrorCode;
using core::fail;

namespace {

constexpr std::array<std::string_view, 4> kAggregations{"sum", "average", "last", "none"};
constexpr std::array<std::string_view, 4> kConfidence{"verified", "implementing", "secondary", "provisional"};

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& names, std::string_view s) {
  return std::find(names.begin(), names.end(), s) != names.end();
}

// "integer, number, …, long_text or date": the value types a package may name, `last` joining the last two.
std::string value_type_names(const std::string& last) {
  std::string out;
  for (std::size_t i = 0; i < core::kValueTypes.size(); ++i) {
    if (i > 0) out += i + 1 == core::kValueTypes.size() ? last : ", ";
    out += core::to_string(core::kValueTypes[i]);
  }
  return out;
}

using Elements = std::map<std::string, const io::PackageDataElement*>;
using ComboOptions = std::map<std::string, std::set<std::string>>;

// What a rule's or an indicator's expression names (`w`/`we` name the rule or the indicator):
// an element of the package, and an option its combo has.
core::Result<void> check_reference(const std::string& w, const std::string& we, const core::ExpressionRef& ref,
                                   const Elements& elements, const ComboOptions& combo_options) {
  auto el = elements.find(ref.element);
  if (el == elements.end())
    return package_error(w + ": không có chỉ tiêu " + ref.element, we + ": no data element " + ref.element);
  // Every element in `elements` has a combo in `combo_options` (check_package refused any other).
  if (!ref.option.empty() && !combo_options.at(el->second->combo).count(ref.option)) {
    return package_error(w + ": chỉ tiêu " + ref.element + " không có phân tổ " + ref.option,
                         we + ": data element " + ref.element + " has no option " + ref.option);
  }
  return {};
}

}  // namespace

core::Unexpected package_error(const std::string& vi, const std::string& en) {
  return fail(ErrorCode::InvalidValue, "gói dữ liệu lỗi: " + vi, "package error: " + en, "package");
}

// The option combinations of a combo: the cartesian product of its categories' options.
std::vector<OptionCombo> option_combos(const io::PackageCombo& combo,
                                       const std::map<std::string, const io::PackageCategory*>& categories) {
  std::vector<OptionCombo> out{{"", {"", ""}}};
  for (const auto& code : combo.categories) {
    const auto* cat = categories.at(code);
    std::vector<OptionCombo> next;
    for (const auto& prefix : out) {
      for (const auto& o : cat->options) {
        next.push_back({prefix.first.empty() ? o.code : prefix.first + "_" + o.code,
                        {prefix.second.first.empty() ? o.name_vi : prefix.second.first + " – " + o.name_vi,
                         prefix.second.second.empty() ? o.name_en : prefix.second.second + " – " + o.name_en}});
      }
    }
    out = std::move(next);
  }
  if (combo.categories.empty()) out = {{"TONG", {"Tổng", "Total"}}};
  return out;
}

namespace {

using Categories = std::map<std::string, const io::PackageCategory*>;

// Categories: codes unique, each with options.
core::Result<void> check_categories(const io::MetadataPackage& pkg, Categories& categories) {
  for (const auto& c : pkg.categories) {
    if (!categories.emplace(c.code, &c).second)
      return package_error("phân tổ " + c.code + " bị trùng", "category " + c.code + " twice");
    if (c.options.empty())
      return package_error("phân tổ " + c.code + " không có lựa chọn", "category " + c.code + " has no options");
  }
  return {};
}

// Combos: every category they use known; their option combinations collected.
core::Result<void> check_combos(const io::MetadataPackage& pkg, const Categories& categories,
                                ComboOptions& combo_options) {
  for (const auto& c : pkg.combos) {
    for (const auto& cat : c.categories) {
      if (!categories.count(cat))
        return package_error("tổ hợp " + c.code + " dùng phân tổ " + cat + " không có",
                             "combo " + c.code + " uses unknown category " + cat);
    }
    for (const auto& oc : option_combos(c, categories)) combo_options[c.code].insert(oc.first);
  }
  return {};
}

// A data element's enumerations and bounds (`w`/`we` name it).
core::Result<void> check_element_fields(const std::string& w, const std::string& we, const io::PackageDataElement& d,
                                        core::ValueType type, const ComboOptions& combo_options) {
  if (!one_of(kAggregations, d.aggregation))
    return package_error(w + ": cách tổng hợp " + d.aggregation + " không hợp lệ",
                         we + ": bad aggregation " + d.aggregation);
  if (!combo_options.count(d.combo))
    return package_error(w + ": tổ hợp phân tổ " + d.combo + " không có", we + ": unknown combo " + d.combo);
  if (d.scope != "own" && d.scope != "area")
    return package_error(w + ": scope phải là own hoặc area", we + ": scope must be own or area");
  if (!d.contributors.empty() && d.contributors != "both" && d.contributors != "territorial" &&
      d.contributors != "sector") {
    return package_error(w + ": contributors phải là both, territorial hoặc sector",
                         we + ": contributors must be both, territorial or sector");
  }
  if ((d.min || d.max) && !core::is_numeric(type)) {
    return package_error(w + ": chỉ chỉ tiêu kiểu số mới có min/max", we + ": only numeric elements have min/max");
  }
  if (d.min && d.max && *d.min > *d.max)
    return package_error(w + ": min lớn hơn max", we + ": min is greater than max");
  for (const auto& b : {d.min, d.max}) {
    if (b && (!std::isfinite(*b) || std::fabs(*b) > 1e15)) {
      return package_error(w + ": min/max phải là số hữu hạn, không quá 10^15",
                           we + ": min/max must be finite, at most 10^15");
    }
  }
  return {};
}

// Data elements: codes unique, value types known, then each element's fields.
core::Result<void> check_data_elements(const io::MetadataPackage& pkg, const ComboOptions& combo_options,
                                       Elements& elements, std::map<std::string, core::ValueType>& value_types) {
  for (const auto& d : pkg.data_elements) {
    const std::string w = "chỉ tiêu " + d.code;
    const std::string we = "data element " + d.code;
    if (!elements.emplace(d.code, &d).second) return package_error(w + " bị trùng", we + " twice");
    const auto type = core::value_type_from_string(d.value_type);
    if (!type) {
      return package_error(
          w + ": valueType \"" + d.value_type + "\" không phải kiểu giá trị; chọn " + value_type_names(" hoặc "),
          we + ": valueType \"" + d.value_type + "\" is not a value type; use " + value_type_names(" or "));
    }
    value_types[d.code] = *type;
    TIENBO_TRY(check_element_fields(w, we, d, *type, combo_options));
  }
  return {};
}

// A validation rule: its enumerations known, both sides parsed and naming what the package has.
core::Result<void> check_rule(const io::PackageRule& r, const Elements& elements, const ComboOptions& combo_options) {
  const std::string w = "quy tắc " + r.code;
  const std::string we = "rule " + r.code;
  if (!core::parse_rule_operator(r.op))
    return package_error(w + ": toán tử " + r.op + " không hợp lệ", we + ": bad operator " + r.op);
  if (!core::parse_missing_strategy(r.missing_strategy))
    return package_error(w + ": missingValueStrategy không hợp lệ", we + ": bad missingValueStrategy");
  if (!core::parse_rule_severity(r.severity))
    return package_error(w + ": severity không hợp lệ", we + ": bad severity");
  if (!core::parse_rule_importance(r.importance))
    return package_error(w + ": importance không hợp lệ", we + ": bad importance");
  for (const auto* side : {&r.left, &r.right}) {
    auto e = core::Expression::parse(*side, side == &r.left ? "left" : "right");
    if (!e) return package_error(w + ": " + e.error().message_vi, we + ": " + e.error().message_en);
    for (const auto& ref : e->references()) {
      TIENBO_TRY(check_reference(w, we, ref, elements, combo_options));
    }
  }
  if (!r.comment_satisfies.empty() && !elements.count(r.comment_satisfies)) {
    return package_error(w + ": commentSatisfies trỏ tới chỉ tiêu không có",
                         we + ": commentSatisfies names an unknown element");
  }
  return {};
}

// A form's period type, periods, reporters and deadlines (`w`/`we` name it).
core::Result<void> check_form_schedule(const std::string& w, const std::string& we, const io::PackageForm& f) {
  auto pt = core::parse_period_type(f.period_type);
  if (!pt)
    return package_error(w + ": loại kỳ " + f.period_type + " không hợp lệ", we + ": bad periodType " + f.period_type);
  if (!core::Period::parse(f.from_period))
    return package_error(w + ": fromPeriod không hợp lệ", we + ": bad fromPeriod");
  for (int p : f.expected_periods) {
    const int max = *pt == core::PeriodType::HalfYear  ? 2
                    : *pt == core::PeriodType::Quarter ? 4
                    : *pt == core::PeriodType::Month   ? 12
                                                       : 1;
    if (p < 1 || p > max)
      return package_error(w + ": expectedPeriods ngoài khoảng", we + ": expectedPeriods out of range");
  }
  for (const auto& r : f.reporters) {
    if (!core::parse_unit_type(r.unit_type))
      return package_error(w + ": loại đơn vị " + r.unit_type + " không có", we + ": unknown unit type " + r.unit_type);
  }
  for (const auto& d : f.deadlines) {
    if (!core::parse_unit_type(d.unit_type))
      return package_error(w + ": loại đơn vị " + d.unit_type + " không có", we + ": unknown unit type " + d.unit_type);
    if (d.day < 1 || d.day > 28 || d.month_offset < -11 || d.month_offset > 12) {
      return package_error(w + ": hạn nộp không hợp lệ (ngày 1–28)", we + ": bad deadline (day 1-28)");
    }
  }
  return {};
}

// A form: its schedule, its sections (codes unique, elements known) and its rules known.
core::Result<void> check_form(const io::PackageForm& f, const Elements& elements,
                              const std::map<std::string, const io::PackageRule*>& rules) {
  const std::string w = "biểu mẫu " + f.code;
  const std::string we = "form " + f.code;
  TIENBO_TRY(check_form_schedule(w, we, f));
  std::set<std::string> section_codes;
  for (const auto& s : f.sections) {
    if (!section_codes.insert(s.code).second)
      return package_error(w + ": mục " + s.code + " bị trùng", we + ": section " + s.code + " twice");
    if (s.kind != "data" && s.kind != "narrative")
      return package_error(w + ": mục " + s.code + " có kind không hợp lệ",
                           we + ": section " + s.code + " has a bad kind");
    for (const auto& e : s.elements) {
      if (!elements.count(e))
        return package_error(w + ": mục " + s.code + " dùng chỉ tiêu " + e + " không có",
                             we + ": section " + s.code + " uses unknown element " + e);
    }
  }
  for (const auto& r : f.rules) {
    if (!rules.count(r)) return package_error(w + ": không có quy tắc " + r, we + ": no rule " + r);
  }
  return {};
}

// What an indicator's formula may name: parsed, no previous(), numeric elements, known unit types.
struct IndicatorContext {
  const Elements& elements;
  const ComboOptions& combo_options;
  const std::map<std::string, core::ValueType>& value_types;
};

core::Result<void> check_indicator_formula(const std::string& w, const std::string& we, const io::PackageIndicator& ind,
                                           const IndicatorContext& ctx) {
  for (const auto* side : {&ind.numerator, &ind.denominator}) {
    const char* field = side == &ind.numerator ? "numerator" : "denominator";
    auto e = core::Expression::parse(*side, field);
    if (!e) return package_error(w + ": " + e.error().message_vi, we + ": " + e.error().message_en);
    if (e->uses_previous_period()) {
      return package_error(w + ": " + field + " không được dùng previous()",
                           we + ": " + field + " cannot use previous()");
    }
    for (const auto& ref : e->references()) {
      TIENBO_TRY(check_reference(w, we, ref, ctx.elements, ctx.combo_options));
      if (!core::holds_number(ctx.value_types.at(ref.element))) {
        return package_error(w + ": chỉ tiêu " + ref.element + " không phải số",
                             we + ": data element " + ref.element + " is not numeric");
      }
    }
    for (const auto& t : e->unit_types()) {
      if (!core::parse_unit_type(t))
        return package_error(w + ": unitCount dùng loại đơn vị " + t + " không có",
                             we + ": unitCount names unknown unit type " + t);
    }
  }
  return {};
}

// An indicator's national targets: known operators, years in range and not repeated.
core::Result<void> check_indicator_targets(const std::string& w, const std::string& we,
                                           const io::PackageIndicator& ind) {
  std::set<int> years;
  for (const auto& t : ind.targets) {
    if (!core::parse_target_operator(t.op)) {
      return package_error(w + ": toán tử mục tiêu " + t.op + " không hợp lệ (ge, gt, le, lt, eq, about)",
                           we + ": bad target operator " + t.op + " (ge, gt, le, lt, eq, about)");
    }
    if (t.year < 2000 || t.year > 2100 || !years.insert(t.year).second) {
      return package_error(w + ": năm mục tiêu " + std::to_string(t.year) + " không hợp lệ hoặc bị trùng",
                           we + ": target year " + std::to_string(t.year) + " is invalid or repeated");
    }
  }
  return {};
}

// Indicator groups and indicators: codes unique, groups known, enumerations, formulas and targets.
core::Result<void> check_indicators(const io::MetadataPackage& pkg, const IndicatorContext& ctx) {
  std::set<std::string> groups;
  for (const auto& g : pkg.indicator_groups) {
    if (!groups.insert(g.code).second)
      return package_error("nhóm chỉ tiêu " + g.code + " bị trùng", "indicator group " + g.code + " twice");
  }
  std::set<std::string> indicator_codes;
  for (const auto& ind : pkg.indicators) {
    const std::string w = "chỉ tiêu " + ind.code;
    const std::string we = "indicator " + ind.code;
    if (!indicator_codes.insert(ind.code).second) return package_error(w + " bị trùng", we + " twice");
    if (!groups.count(ind.group))
      return package_error(w + ": không có nhóm " + ind.group, we + ": no group " + ind.group);
    if (ind.direction != "higher" && ind.direction != "lower") {
      return package_error(w + ": direction phải là higher hoặc lower", we + ": direction must be higher or lower");
    }
    if (!one_of(kConfidence, ind.confidence)) {
      return package_error(w + ": confidence phải là verified, implementing, secondary hoặc provisional",
                           we + ": confidence must be verified, implementing, secondary or provisional");
    }
    if (!(ind.factor > 0)) return package_error(w + ": factor phải dương", we + ": factor must be positive");
    TIENBO_TRY(check_indicator_formula(w, we, ind, ctx));
    TIENBO_TRY(check_indicator_targets(w, we, ind));
  }
  return {};
}

}  // namespace

core::Result<void> check_package(const io::MetadataPackage& pkg) {
  Categories categories;
  TIENBO_TRY(check_categories(pkg, categories));
  ComboOptions combo_options;
  TIENBO_TRY(check_combos(pkg, categories, combo_options));
  Elements elements;
  std::map<std::string, core::ValueType> value_types;
  TIENBO_TRY(check_data_elements(pkg, combo_options, elements, value_types));
  std::map<std::string, const io::PackageRule*> rules;
  for (const auto& r : pkg.rules) {
    rules[r.code] = &r;
    TIENBO_TRY(check_rule(r, elements, combo_options));
  }
  for (const auto& f : pkg.forms) TIENBO_TRY(check_form(f, elements, rules));
  TIENBO_TRY(check_indicators(pkg, IndicatorContext{elements, combo_options, value_types}));
  return {};
}

}  // namespace tienbo::services::package_detail
