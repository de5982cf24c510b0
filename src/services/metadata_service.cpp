#include "tienbo/services/metadata_service.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "tienbo/core/date.hpp"
#include "tienbo/core/embedded_file.hpp"
#include "tienbo/core/log.hpp"
#include "tienbo/services/access_control.hpp"
#include "tienbo/core/log.hpp"
#include "tienbo/io/metadata_package.hpp"

namespace tienbo::services {

std::span<const core::EmbeddedFile> embedded_vn_gender_equality_package();

using core::ErrorCode;
using core::fail;
using core::Unexpected;

namespace {

const std::set<std::string> kAggregations{"sum", "average", "last", "none"};
const std::set<std::string> kOperators{"equal_to", "not_equal_to", "greater_than", "greater_than_or_equal_to",
                                       "less_than", "less_than_or_equal_to", "compulsory_pair", "exclusive_pair"};
const std::set<std::string> kMissing{"skip_if_any_value_missing", "skip_if_all_values_missing", "never_skip"};
const std::set<std::string> kConfidence{"verified", "implementing", "secondary", "provisional"};
const std::set<std::string> kTargetOperators{"ge", "gt", "le", "lt", "eq", "about"};
const std::set<std::string> kUnitTypes{"nation", "ministry", "sector", "province", "district", "commune", "agency"};

core::Unexpected package_error(const std::string& vi, const std::string& en) {
  return fail(ErrorCode::InvalidValue, "gói dữ liệu lỗi: " + vi, "package error: " + en, "package");
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

// The option combinations of a combo: the cartesian product of its categories' options.
std::vector<std::pair<std::string, std::pair<std::string, std::string>>> option_combos(
    const io::PackageCombo& combo, const std::map<std::string, const io::PackageCategory*>& categories) {
  std::vector<std::pair<std::string, std::pair<std::string, std::string>>> out{{"", {"", ""}}};
  for (const auto& code : combo.categories) {
    const auto* cat = categories.at(code);
    std::vector<std::pair<std::string, std::pair<std::string, std::string>>> next;
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

core::Result<void> check_package(const io::MetadataPackage& pkg) {
  std::map<std::string, const io::PackageCategory*> categories;
  for (const auto& c : pkg.categories) {
    if (!categories.emplace(c.code, &c).second) return package_error("phân tổ " + c.code + " bị trùng", "category " + c.code + " twice");
    if (c.options.empty()) return package_error("phân tổ " + c.code + " không có lựa chọn", "category " + c.code + " has no options");
  }
  std::map<std::string, std::set<std::string>> combo_options;
  for (const auto& c : pkg.combos) {
    for (const auto& cat : c.categories) {
      if (!categories.count(cat)) return package_error("tổ hợp " + c.code + " dùng phân tổ " + cat + " không có", "combo " + c.code + " uses unknown category " + cat);
    }
    for (const auto& oc : option_combos(c, categories)) combo_options[c.code].insert(oc.first);
  }
  std::map<std::string, const io::PackageDataElement*> elements;
  std::map<std::string, core::ValueType> value_types;
  for (const auto& d : pkg.data_elements) {
    const std::string w = "chỉ tiêu " + d.code;
    const std::string we = "data element " + d.code;
    if (!elements.emplace(d.code, &d).second) return package_error(w + " bị trùng", we + " twice");
    const auto type = core::value_type_from_string(d.value_type);
    if (!type) {
      return package_error(w + ": valueType \"" + d.value_type + "\" không phải kiểu giá trị; chọn " + value_type_names(" hoặc "),
                           we + ": valueType \"" + d.value_type + "\" is not a value type; use " + value_type_names(" or "));
    }
    value_types[d.code] = *type;
    if (!kAggregations.count(d.aggregation)) return package_error(w + ": cách tổng hợp " + d.aggregation + " không hợp lệ", we + ": bad aggregation " + d.aggregation);
    if (!combo_options.count(d.combo)) return package_error(w + ": tổ hợp phân tổ " + d.combo + " không có", we + ": unknown combo " + d.combo);
    if (d.scope != "own" && d.scope != "area") return package_error(w + ": scope phải là own hoặc area", we + ": scope must be own or area");
    if (!d.contributors.empty() && d.contributors != "both" && d.contributors != "territorial" && d.contributors != "sector") {
      return package_error(w + ": contributors phải là both, territorial hoặc sector", we + ": contributors must be both, territorial or sector");
    }
    if ((d.min || d.max) && !core::is_numeric(*type)) {
      return package_error(w + ": chỉ chỉ tiêu kiểu số mới có min/max", we + ": only numeric elements have min/max");
    }
    if (d.min && d.max && *d.min > *d.max) return package_error(w + ": min lớn hơn max", we + ": min is greater than max");
    for (const auto& b : {d.min, d.max}) {
      if (b && (!std::isfinite(*b) || std::fabs(*b) > 1e15)) {
        return package_error(w + ": min/max phải là số hữu hạn, không quá 10^15", we + ": min/max must be finite, at most 10^15");
      }
    }
  }
  std::map<std::string, const io::PackageRule*> rules;
  for (const auto& r : pkg.rules) {
    const std::string w = "quy tắc " + r.code;
    const std::string we = "rule " + r.code;
    rules[r.code] = &r;
    if (!kOperators.count(r.op)) return package_error(w + ": toán tử " + r.op + " không hợp lệ", we + ": bad operator " + r.op);
    if (!kMissing.count(r.missing_strategy)) return package_error(w + ": missingValueStrategy không hợp lệ", we + ": bad missingValueStrategy");
    if (r.severity != "blocking" && r.severity != "warning") return package_error(w + ": severity không hợp lệ", we + ": bad severity");
    if (r.importance != "high" && r.importance != "medium" && r.importance != "low") return package_error(w + ": importance không hợp lệ", we + ": bad importance");
    for (const auto* side : {&r.left, &r.right}) {
      auto e = core::Expression::parse(*side, side == &r.left ? "left" : "right");
      if (!e) return package_error(w + ": " + e.error().message_vi, we + ": " + e.error().message_en);
      for (const auto& ref : e->references()) {
        auto el = elements.find(ref.element);
        if (el == elements.end()) return package_error(w + ": không có chỉ tiêu " + ref.element, we + ": no data element " + ref.element);
        if (!ref.option.empty() && !combo_options[el->second->combo].count(ref.option)) {
          return package_error(w + ": chỉ tiêu " + ref.element + " không có phân tổ " + ref.option,
                               we + ": data element " + ref.element + " has no option " + ref.option);
        }
      }
    }
    if (!r.comment_satisfies.empty() && !elements.count(r.comment_satisfies)) {
      return package_error(w + ": commentSatisfies trỏ tới chỉ tiêu không có", we + ": commentSatisfies names an unknown element");
    }
  }
  for (const auto& f : pkg.forms) {
    const std::string w = "biểu mẫu " + f.code;
    const std::string we = "form " + f.code;
    auto pt = core::parse_period_type(f.period_type);
    if (!pt) return package_error(w + ": loại kỳ " + f.period_type + " không hợp lệ", we + ": bad periodType " + f.period_type);
    if (!core::Period::parse(f.from_period)) return package_error(w + ": fromPeriod không hợp lệ", we + ": bad fromPeriod");
    for (int p : f.expected_periods) {
      const int max = *pt == core::PeriodType::HalfYear ? 2 : *pt == core::PeriodType::Quarter ? 4 : *pt == core::PeriodType::Month ? 12 : 1;
      if (p < 1 || p > max) return package_error(w + ": expectedPeriods ngoài khoảng", we + ": expectedPeriods out of range");
    }
    for (const auto& r : f.reporters) {
      if (!kUnitTypes.count(r.unit_type)) return package_error(w + ": loại đơn vị " + r.unit_type + " không có", we + ": unknown unit type " + r.unit_type);
    }
    for (const auto& d : f.deadlines) {
      if (d.day < 1 || d.day > 28 || d.month_offset < -11 || d.month_offset > 12) {
        return package_error(w + ": hạn nộp không hợp lệ (ngày 1–28)", we + ": bad deadline (day 1-28)");
      }
    }
    std::set<std::string> section_codes;
    for (const auto& s : f.sections) {
      if (!section_codes.insert(s.code).second) return package_error(w + ": mục " + s.code + " bị trùng", we + ": section " + s.code + " twice");
      if (s.kind != "data" && s.kind != "narrative") return package_error(w + ": mục " + s.code + " có kind không hợp lệ", we + ": section " + s.code + " has a bad kind");
      for (const auto& e : s.elements) {
        if (!elements.count(e)) return package_error(w + ": mục " + s.code + " dùng chỉ tiêu " + e + " không có", we + ": section " + s.code + " uses unknown element " + e);
      }
    }
    for (const auto& r : f.rules) {
      if (!rules.count(r)) return package_error(w + ": không có quy tắc " + r, we + ": no rule " + r);
    }
  }
  std::set<std::string> groups;
  for (const auto& g : pkg.indicator_groups) {
    if (!groups.insert(g.code).second) return package_error("nhóm chỉ tiêu " + g.code + " bị trùng", "indicator group " + g.code + " twice");
  }
  std::set<std::string> indicator_codes;
  for (const auto& ind : pkg.indicators) {
    const std::string w = "chỉ tiêu " + ind.code;
    const std::string we = "indicator " + ind.code;
    if (!indicator_codes.insert(ind.code).second) return package_error(w + " bị trùng", we + " twice");
    if (!groups.count(ind.group)) return package_error(w + ": không có nhóm " + ind.group, we + ": no group " + ind.group);
    if (ind.direction != "higher" && ind.direction != "lower") {
      return package_error(w + ": direction phải là higher hoặc lower", we + ": direction must be higher or lower");
    }
    if (!kConfidence.count(ind.confidence)) {
      return package_error(w + ": confidence phải là verified, implementing, secondary hoặc provisional",
                           we + ": confidence must be verified, implementing, secondary or provisional");
    }
    if (!(ind.factor > 0)) return package_error(w + ": factor phải dương", we + ": factor must be positive");
    for (const auto* side : {&ind.numerator, &ind.denominator}) {
      const char* field = side == &ind.numerator ? "numerator" : "denominator";
      auto e = core::Expression::parse(*side, field);
      if (!e) return package_error(w + ": " + e.error().message_vi, we + ": " + e.error().message_en);
      if (e->uses_previous_period()) {
        return package_error(w + ": " + field + " không được dùng previous()", we + ": " + field + " cannot use previous()");
      }
      for (const auto& ref : e->references()) {
        auto el = elements.find(ref.element);
        if (el == elements.end()) return package_error(w + ": không có chỉ tiêu " + ref.element, we + ": no data element " + ref.element);
        if (!ref.option.empty() && !combo_options[el->second->combo].count(ref.option)) {
          return package_error(w + ": chỉ tiêu " + ref.element + " không có phân tổ " + ref.option,
                               we + ": data element " + ref.element + " has no option " + ref.option);
        }
        if (!core::holds_number(value_types.at(ref.element))) {
          return package_error(w + ": chỉ tiêu " + ref.element + " không phải số", we + ": data element " + ref.element + " is not numeric");
        }
      }
      for (const auto& t : e->unit_types()) {
        if (!kUnitTypes.count(t)) return package_error(w + ": unitCount dùng loại đơn vị " + t + " không có", we + ": unitCount names unknown unit type " + t);
      }
    }
    std::set<int> years;
    for (const auto& t : ind.targets) {
      if (!kTargetOperators.count(t.op)) {
        return package_error(w + ": toán tử mục tiêu " + t.op + " không hợp lệ (ge, gt, le, lt, eq, about)",
                             we + ": bad target operator " + t.op + " (ge, gt, le, lt, eq, about)");
      }
      if (t.year < 2000 || t.year > 2100 || !years.insert(t.year).second) {
        return package_error(w + ": năm mục tiêu " + std::to_string(t.year) + " không hợp lệ hoặc bị trùng",
                             we + ": target year " + std::to_string(t.year) + " is invalid or repeated");
      }
    }
  }
  return {};
}

}  // namespace

bool ElementDef::numeric() const { return core::holds_number(element.value_type); }

const store::OptionComboRecord* ElementDef::option(std::string_view code) const {
  for (const auto& o : combo.option_combos) {
    if (o.code == code) return &o;
  }
  return nullptr;
}

const ElementDef* FormDefinition::element_by_code(std::string_view code) const {
  for (const auto& [id, e] : elements) {
    if (e.element.code == code) return &e;
  }
  return nullptr;
}

bool FormDefinition::reported_by(std::string_view unit_type, std::string_view hierarchy) const {
  return std::any_of(reporters.begin(), reporters.end(), [&](const store::ReporterRecord& r) {
    return r.unit_type == unit_type && (r.hierarchy == "*" || r.hierarchy == hierarchy);
  });
}

std::optional<std::string> FormDefinition::due_before(std::string_view unit_type, const core::Period& period) const {
  for (const auto& d : deadlines) {
    if (d.unit_type != unit_type) continue;
    int month = period.last_month() + d.month_offset;
    int year = period.year();
    while (month > 12) {
      month -= 12;
      ++year;
    }
    while (month < 1) {
      month += 12;
      --year;
    }
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int last = month == 2 && leap ? 29 : kDays[month - 1];
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, std::min(d.day, last));
    return std::string(buf);
  }
  return std::nullopt;
}

core::Result<void> FormDefinition::check_period(const core::Period& period) const {
  if (period.type() != period_type) {
    return fail(ErrorCode::InvalidValue,
                "biểu mẫu " + form.code + " báo cáo theo kỳ " + std::string(core::period_type_name(period_type)) + ", không theo kỳ " +
                    period.code(),
                "form " + form.code + " is reported per " + std::string(core::period_type_name(period_type)) + ", not for " +
                    period.code(),
                "period");
  }
  if (!expected_periods.empty() &&
      std::find(expected_periods.begin(), expected_periods.end(), period.index()) == expected_periods.end()) {
    return fail(ErrorCode::InvalidValue, "biểu mẫu " + form.code + " không báo cáo cho kỳ " + period.label_vi(),
                "form " + form.code + " is not reported for " + period.label_en(), "period");
  }
  return {};
}

core::Result<PackageLoadReport> MetadataService::load_package(const std::string& name, const Actor& actor) {
  if (name != "vn-gender-equality") {
    return fail(ErrorCode::InvalidValue, "không có gói dữ liệu \"" + name + "\"", "there is no package \"" + name + "\"", "package");
  }
  std::map<std::string, std::string_view> files;
  for (const auto& f : embedded_vn_gender_equality_package()) files[std::string(f.name)] = f.contents;
  return load_package_files(name, files, actor);
}

namespace {

// What a form version holds, in codes, to compare a package's form with the stored one.
struct SectionShape {
  std::string code, kind, title_vi, title_en;
  std::vector<std::string> elements;
  bool operator==(const SectionShape&) const = default;
};

std::string join_codes(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  std::string out;
  for (const auto& s : v) out += s + ";";
  return out;
}

}  // namespace

core::Result<PackageLoadReport> MetadataService::load_package_files(const std::string& name,
                                                                    const std::map<std::string, std::string_view>& files,
                                                                    const Actor& actor) {
  auto pkg = io::parse_metadata_package(files);
  if (!pkg) return Unexpected{std::move(pkg).error()};
  TIENBO_TRY(check_package(*pkg));

  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto& md = (*tx)->metadata();
  PackageLoadReport report;

  // Categories and combinations: new ones are added; an existing combination keeps its options.
  std::map<std::string, const io::PackageCategory*> categories;
  std::map<std::string, std::int64_t> category_ids;
  for (const auto& c : pkg->categories) {
    categories[c.code] = &c;
    auto found = md.find_category(c.code);
    if (!found) return Unexpected{std::move(found).error()};
    if (*found) {
      category_ids[c.code] = **found;
      continue;
    }
    auto id = md.insert_category(c.code, c.name_vi, c.name_en);
    if (!id) return Unexpected{std::move(id).error()};
    category_ids[c.code] = *id;
    ++report.created;
    for (std::size_t i = 0; i < c.options.size(); ++i) {
      auto o = md.insert_category_option(*id, c.options[i].code, c.options[i].name_vi, c.options[i].name_en, static_cast<int>(i));
      if (!o) return Unexpected{std::move(o).error()};
    }
  }
  auto stored_combos = md.combos();
  if (!stored_combos) return Unexpected{std::move(stored_combos).error()};
  std::map<std::string, std::int64_t> combo_ids;
  std::map<std::int64_t, std::string> combo_codes;
  for (const auto& c : *stored_combos) {
    combo_ids[c.code] = c.id;
    combo_codes[c.id] = c.code;
  }
  for (const auto& c : pkg->combos) {
    const auto wanted = option_combos(c, categories);
    if (auto it = combo_ids.find(c.code); it != combo_ids.end()) {
      std::vector<std::string> have, want;
      for (const auto& sc : *stored_combos) {
        if (sc.id == it->second) {
          for (const auto& o : sc.option_combos) have.push_back(o.code);
        }
      }
      for (const auto& w : wanted) want.push_back(w.first);
      if (join_codes(have) != join_codes(want)) {
        return package_error("tổ hợp phân tổ " + c.code + " đã có số liệu với các lựa chọn khác; hãy tạo tổ hợp mới thay vì sửa",
                             "combo " + c.code + " already exists with other options; add a new combo instead of changing it");
      }
      continue;
    }
    std::vector<std::int64_t> cats;
    for (const auto& code : c.categories) cats.push_back(category_ids.at(code));
    auto id = md.insert_combo(c.code, c.name_vi, c.name_en, cats);
    if (!id) return Unexpected{std::move(id).error()};
    combo_ids[c.code] = *id;
    combo_codes[*id] = c.code;
    ++report.created;
    int order = 0;
    for (const auto& [code, names] : wanted) {
      auto oc = md.insert_option_combo(*id, code, names.first, names.second, order++);
      if (!oc) return Unexpected{std::move(oc).error()};
    }
  }

  // Data elements: names and aggregation may change; value type and disaggregation may not.
  auto stored_elements = md.data_elements();
  if (!stored_elements) return Unexpected{std::move(stored_elements).error()};
  std::map<std::string, store::DataElementRecord> element_by_code;
  for (const auto& e : *stored_elements) element_by_code[e.code] = e;
  std::map<std::string, std::int64_t> element_ids;
  std::map<std::int64_t, std::string> element_codes;
  for (const auto& d : pkg->data_elements) {
    store::DataElementRecord r;
    r.code = d.code;
    r.name_vi = d.name_vi;
    r.name_en = d.name_en;
    r.description_vi = d.description_vi;
    r.value_type = *core::value_type_from_string(d.value_type);  // check_package refused any other text
    r.aggregation = d.aggregation;
    r.zero_significant = d.zero_significant;
    r.combo_id = combo_ids.at(d.combo);
    r.min_value = d.min;
    r.max_value = d.max;
    r.scope = d.scope;
    r.instruction_vi = d.instruction_vi;
    r.instruction_en = d.instruction_en;
    r.contributors = !d.contributors.empty() ? d.contributors : d.scope == "area" ? "territorial" : "both";
    if (auto it = element_by_code.find(d.code); it != element_by_code.end()) {
      const auto& old = it->second;
      if (old.value_type != r.value_type || old.combo_id != r.combo_id) {
        const std::string old_type(core::to_string(old.value_type));
        return package_error("chỉ tiêu " + d.code + " đã có với kiểu " + old_type + " / phân tổ " + combo_codes[old.combo_id] +
                                 "; không đổi được kiểu giá trị hay phân tổ, hãy tạo chỉ tiêu mới",
                             "data element " + d.code + " exists as " + old_type + " / " + combo_codes[old.combo_id] +
                                 "; its value type and disaggregation cannot change, add a new element");
      }
      r.id = old.id;
      if (old.name_vi != r.name_vi || old.name_en != r.name_en || old.description_vi != r.description_vi ||
          old.aggregation != r.aggregation || old.zero_significant != r.zero_significant || old.min_value != r.min_value ||
          old.max_value != r.max_value || old.scope != r.scope || old.instruction_vi != r.instruction_vi ||
          old.instruction_en != r.instruction_en || old.contributors != r.contributors) {
        TIENBO_TRY(md.update_data_element(r));
        ++report.updated;
      }
    } else {
      auto id = md.insert_data_element(r);
      if (!id) return Unexpected{std::move(id).error()};
      r.id = *id;
      ++report.created;
    }
    element_ids[d.code] = r.id;
    element_codes[r.id] = d.code;
  }
  for (const auto& e : *stored_elements) element_codes.emplace(e.id, e.code);

  // Validation rules: changed in place (they are checked on the next save or submission).
  auto stored_rules = md.rules();
  if (!stored_rules) return Unexpected{std::move(stored_rules).error()};
  std::map<std::string, store::RuleRecord> rule_by_code;
  for (const auto& r : *stored_rules) rule_by_code[r.code] = r;
  std::map<std::string, std::int64_t> rule_ids;
  for (const auto& r : pkg->rules) {
    store::RuleRecord rec{0, r.code, r.name_vi, r.left, r.op, r.right, r.missing_strategy, r.importance, r.severity,
                          r.comment_satisfies, r.message_vi, r.message_en};
    if (auto it = rule_by_code.find(r.code); it != rule_by_code.end()) {
      rec.id = it->second.id;
      const auto& o = it->second;
      if (o.name_vi != rec.name_vi || o.left_expr != rec.left_expr || o.op != rec.op || o.right_expr != rec.right_expr ||
          o.missing_strategy != rec.missing_strategy || o.importance != rec.importance || o.severity != rec.severity ||
          o.comment_satisfies != rec.comment_satisfies || o.message_vi != rec.message_vi || o.message_en != rec.message_en) {
        TIENBO_TRY(md.update_rule(rec));
        ++report.updated;
      }
    } else {
      auto id = md.insert_rule(rec);
      if (!id) return Unexpected{std::move(id).error()};
      rec.id = *id;
      ++report.created;
    }
    rule_ids[r.code] = rec.id;
  }

  // Forms: a change of sections becomes a new version from the package's fromPeriod;
  // periods before it keep the version they were reported with.
  for (const auto& f : pkg->forms) {
    std::string expected;
    for (int p : f.expected_periods) expected += (expected.empty() ? "" : ",") + std::to_string(p);
    std::vector<SectionShape> want;
    for (const auto& s : f.sections) want.push_back({s.code, s.kind, s.title_vi, s.title_en, s.elements});
    const auto insert_sections = [&](std::int64_t version_id) -> core::Result<void> {
      for (std::size_t i = 0; i < f.sections.size(); ++i) {
        const auto& s = f.sections[i];
        store::SectionRecord sec{0, s.code, s.kind, s.title_vi, s.title_en, {}};
        for (const auto& e : s.elements) sec.element_ids.push_back(element_ids.at(e));
        TIENBO_TRY(md.insert_section(version_id, sec, static_cast<int>(i)));
      }
      return {};
    };

    auto existing = md.find_form(f.code);
    if (!existing) return Unexpected{std::move(existing).error()};
    std::int64_t form_id = 0;
    bool links_changed = true;
    std::vector<store::DeadlineRecord> kept_deadlines;  // changed by the standing agency: kept
    if (!*existing) {
      auto id = md.insert_form({0, f.code, f.name_vi, f.name_en, f.period_type, expected});
      if (!id) return Unexpected{std::move(id).error()};
      form_id = *id;
      ++report.created;
      auto version_id = md.insert_form_version(form_id, 1, f.from_period);
      if (!version_id) return Unexpected{std::move(version_id).error()};
      TIENBO_TRY(insert_sections(*version_id));
    } else {
      const auto& old = **existing;
      form_id = old.id;
      if (old.period_type != f.period_type) {
        return package_error("biểu mẫu " + f.code + " đang báo cáo theo kỳ " + old.period_type +
                                 "; không đổi được loại kỳ, hãy tạo biểu mẫu mới",
                             "form " + f.code + " is reported per " + old.period_type +
                                 "; its period type cannot change, add a new form");
      }
      if (old.name_vi != f.name_vi || old.name_en != f.name_en || old.expected_periods != expected) {
        TIENBO_TRY(md.update_form({old.id, f.code, f.name_vi, f.name_en, f.period_type, expected}));
        ++report.updated;
      }
      auto versions = md.form_versions(old.id);
      if (!versions) return Unexpected{std::move(versions).error()};
      const auto& latest = versions->back();
      auto sections = md.sections(latest.id);
      if (!sections) return Unexpected{std::move(sections).error()};
      std::vector<SectionShape> have;
      for (const auto& s : *sections) {
        SectionShape shape{s.code, s.kind, s.title_vi, s.title_en, {}};
        for (auto id : s.element_ids) shape.elements.push_back(element_codes[id]);
        have.push_back(std::move(shape));
      }
      if (have != want) {
        auto from = core::Period::parse(f.from_period);
        auto latest_from = core::Period::parse(latest.from_period);
        if (!from || !latest_from || from->start_date() <= latest_from->start_date()) {
          return package_error("biểu mẫu " + f.code + " đã thay đổi nên cần \"fromPeriod\" sau " + latest.from_period +
                                   " (phiên bản " + std::to_string(latest.version_no) + " đang áp dụng từ kỳ đó)",
                               "form " + f.code + " changed, so it needs a \"fromPeriod\" after " + latest.from_period +
                                   " (version " + std::to_string(latest.version_no) + " applies from then)");
        }
        auto version_id = md.insert_form_version(old.id, latest.version_no + 1, f.from_period);
        if (!version_id) return Unexpected{std::move(version_id).error()};
        TIENBO_TRY(insert_sections(*version_id));
        report.new_versions.push_back(f.code + " v" + std::to_string(latest.version_no + 1) + " từ/from " + f.from_period);
      }
      auto reporters = md.reporters(old.id);
      auto deadlines = md.deadlines(old.id);
      auto rules = md.rules_for_form(old.id);
      if (!reporters || !deadlines || !rules) return fail(ErrorCode::Internal, "không đọc được biểu mẫu", "cannot read the form");
      std::vector<std::string> r_have, r_want, d_have, d_want, v_have, v_want;
      for (const auto& r : *reporters) r_have.push_back(r.unit_type + "/" + r.hierarchy);
      for (const auto& r : f.reporters) r_want.push_back(r.unit_type + "/" + r.hierarchy);
      // A deadline the standing agency changed is kept: the package's default does not put it back.
      for (const auto& d : *deadlines) {
        if (d.set_by != "package") {
          kept_deadlines.push_back(d);
          continue;
        }
        d_have.push_back(d.unit_type + "/" + std::to_string(d.month_offset) + "/" + std::to_string(d.day) + "/" + d.source);
      }
      for (const auto& d : f.deadlines) {
        if (std::any_of(kept_deadlines.begin(), kept_deadlines.end(), [&](const auto& k) { return k.unit_type == d.unit_type; })) continue;
        d_want.push_back(d.unit_type + "/" + std::to_string(d.month_offset) + "/" + std::to_string(d.day) + "/" + d.source);
      }
      for (const auto& r : *rules) v_have.push_back(r.code);
      v_want = f.rules;
      links_changed = join_codes(r_have) != join_codes(r_want) || join_codes(d_have) != join_codes(d_want) ||
                      join_codes(v_have) != join_codes(v_want);
      if (links_changed) {
        TIENBO_TRY(md.clear_form_links(old.id));
        ++report.updated;
      }
    }
    if (links_changed) {
      for (const auto& r : f.reporters) TIENBO_TRY(md.insert_reporter(form_id, {r.unit_type, r.hierarchy}));
      for (const auto& d : f.deadlines) {
        const auto kept = std::find_if(kept_deadlines.begin(), kept_deadlines.end(), [&](const auto& k) { return k.unit_type == d.unit_type; });
        TIENBO_TRY(md.insert_deadline(form_id, kept != kept_deadlines.end()
                                                   ? *kept
                                                   : store::DeadlineRecord{d.unit_type, d.month_offset, d.day, d.source, "package"}));
      }
      for (const auto& r : f.rules) TIENBO_TRY(md.attach_rule(form_id, rule_ids.at(r)));
    }
  }
  // Indicators and their national targets: inserted or updated by code.
  auto stored_groups = md.indicator_groups();
  auto stored_indicators = md.indicators();
  auto stored_targets = md.indicator_targets();
  if (!stored_groups || !stored_indicators || !stored_targets) {
    return fail(ErrorCode::Internal, "không đọc được danh mục chỉ tiêu", "cannot read the indicator catalogue");
  }
  std::map<std::string, std::int64_t> group_ids;
  for (std::size_t i = 0; i < pkg->indicator_groups.size(); ++i) {
    const auto& g = pkg->indicator_groups[i];
    store::IndicatorGroupRecord rec{0, g.code, g.name_vi, g.name_en, g.source_vi, static_cast<int>(i)};
    const auto old = std::find_if(stored_groups->begin(), stored_groups->end(), [&](const auto& x) { return x.code == g.code; });
    if (old != stored_groups->end() && old->name_vi == rec.name_vi && old->name_en == rec.name_en &&
        old->source_vi == rec.source_vi && old->sort_order == rec.sort_order) {
      group_ids[g.code] = old->id;
      continue;
    }
    auto id = md.upsert_indicator_group(rec);
    if (!id) return Unexpected{std::move(id).error()};
    group_ids[g.code] = *id;
    ++(old == stored_groups->end() ? report.created : report.updated);
  }
  for (std::size_t i = 0; i < pkg->indicators.size(); ++i) {
    const auto& p = pkg->indicators[i];
    store::IndicatorRecord rec;
    rec.code = p.code;
    rec.group_id = group_ids.at(p.group);
    rec.number = p.number;
    rec.name_vi = p.name_vi;
    rec.name_en = p.name_en;
    rec.description_vi = p.description_vi;
    rec.numerator = p.numerator;
    rec.denominator = p.denominator;
    rec.factor = p.factor;
    rec.unit_vi = p.unit_vi;
    rec.unit_en = p.unit_en;
    rec.direction = p.direction;
    rec.decimals = p.decimals;
    rec.source = p.source;
    rec.confidence = p.confidence;
    rec.baseline_year = p.baseline_year;
    rec.baseline_value = p.baseline_value;
    rec.sort_order = static_cast<int>(i);
    rec.min_coverage = p.min_coverage;
    rec.use_official = p.use_official;
    const auto old = std::find_if(stored_indicators->begin(), stored_indicators->end(), [&](const auto& x) { return x.code == p.code; });
    std::int64_t indicator_id = 0;
    const auto same = [&](const store::IndicatorRecord& o) {
      return o.group_id == rec.group_id && o.number == rec.number && o.name_vi == rec.name_vi && o.name_en == rec.name_en &&
             o.description_vi == rec.description_vi && o.numerator == rec.numerator && o.denominator == rec.denominator &&
             o.factor == rec.factor && o.unit_vi == rec.unit_vi && o.unit_en == rec.unit_en && o.direction == rec.direction &&
             o.decimals == rec.decimals && o.source == rec.source && o.confidence == rec.confidence &&
             o.baseline_year == rec.baseline_year && o.baseline_value == rec.baseline_value && o.sort_order == rec.sort_order &&
             o.min_coverage == rec.min_coverage && o.use_official == rec.use_official;
    };
    if (old != stored_indicators->end() && same(*old)) {
      indicator_id = old->id;
    } else {
      auto id = md.upsert_indicator(rec);
      if (!id) return Unexpected{std::move(id).error()};
      indicator_id = *id;
      ++(old == stored_indicators->end() ? report.created : report.updated);
    }
    std::vector<store::IndicatorTargetRecord> want;
    for (const auto& t : p.targets) want.push_back({indicator_id, std::nullopt, t.year, t.value, t.op, t.onward});
    std::vector<store::IndicatorTargetRecord> have;
    for (const auto& t : *stored_targets) {
      if (t.indicator_id == indicator_id && !t.unit_id) have.push_back(t);
    }
    const auto key = [](std::vector<store::IndicatorTargetRecord> v) {
      std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.year < b.year; });
      std::string out;
      for (const auto& t : v) out += std::to_string(t.year) + t.op + std::to_string(t.value) + (t.onward ? "+" : "") + ";";
      return out;
    };
    if (key(have) != key(want)) {
      TIENBO_TRY(md.replace_indicator_targets(indicator_id, std::nullopt, want));
      if (old != stored_indicators->end() && same(*old)) ++report.updated;
    }
  }
  if (report.created == 0 && report.updated == 0 && report.new_versions.empty()) return report;  // nothing to write
  std::string versions_json;
  for (const auto& v : report.new_versions) versions_json += (versions_json.empty() ? "\"" : ",\"") + v + "\"";
  TIENBO_TRY((*tx)->audit().append({actor.login, actor.request_id, "import", "metadata", name, std::nullopt, std::nullopt,
                                    "{\"created\":" + std::to_string(report.created) + ",\"updated\":" +
                                        std::to_string(report.updated) + ",\"newFormVersions\":[" + versions_json + "]}"}));
  TIENBO_TRY(commit_and_publish(**tx, changes_, change::kMetadata | change::kTargets));
  invalidate();
  return report;
}

void MetadataService::invalidate() {
  std::lock_guard lock(mutex_);
  cache_.clear();
  indicators_.reset();
  ++generation_;
}

void MetadataService::changes_committed(const Changes& changes) {
  if ((changes.what & (change::kMetadata | change::kTargets)) != 0) invalidate();
}

const IndicatorDef* IndicatorCatalogue::find(std::string_view code) const {
  for (const auto& i : indicators) {
    if (i.indicator.code == code) return &i;
  }
  return nullptr;
}

core::Result<std::shared_ptr<const IndicatorCatalogue>> MetadataService::indicator_catalogue() {
  {
    std::lock_guard lock(mutex_);
    if (indicators_) return indicators_;
  }
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  return indicator_catalogue(**tx);
}

core::Result<std::shared_ptr<const IndicatorCatalogue>> MetadataService::indicator_catalogue(store::Tx& tx) {
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    if (indicators_) return indicators_;
    generation = generation_;
  }
  auto loaded = load_indicator_catalogue(tx);
  if (!loaded) return loaded;
  std::lock_guard lock(mutex_);
  if (generation == generation_) indicators_ = *loaded;
  return loaded;
}

core::Result<std::shared_ptr<const IndicatorCatalogue>> MetadataService::load_indicator_catalogue(store::Tx& tx) {
  auto& md = tx.metadata();
  auto groups = md.indicator_groups();
  if (!groups) return Unexpected{std::move(groups).error()};
  auto list = md.indicators();
  if (!list) return Unexpected{std::move(list).error()};
  auto targets = md.indicator_targets();
  if (!targets) return Unexpected{std::move(targets).error()};
  auto out = std::make_shared<IndicatorCatalogue>();
  out->groups = std::move(*groups);
  for (auto& rec : *list) {
    auto num = core::Expression::parse(rec.numerator, "numerator");
    auto den = core::Expression::parse(rec.denominator, "denominator");
    if (!num || !den) return fail(ErrorCode::Internal, "chỉ tiêu " + rec.code + " có công thức lỗi", "indicator " + rec.code + " does not parse");
    IndicatorDef def{std::move(rec), {}, std::move(*num), std::move(*den), {}};
    for (const auto& g : out->groups) {
      if (g.id == def.indicator.group_id) def.group = g;
    }
    for (const auto& t : *targets) {
      if (t.indicator_id == def.indicator.id) def.targets.push_back(t);
    }
    out->indicators.push_back(std::move(def));
  }
  return std::shared_ptr<const IndicatorCatalogue>(std::move(out));
}

core::Result<std::shared_ptr<const FormDefinition>> MetadataService::load_definition(store::Tx& tx, const store::FormRecord& form,
                                                                                     const store::FormVersionRecord& version) {
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    if (auto it = cache_.find(version.id); it != cache_.end()) return it->second;
    generation = generation_;
  }
  auto def = std::make_shared<FormDefinition>();
  def->form = form;
  def->version = version;
  def->period_type = core::parse_period_type(form.period_type).value_or(core::PeriodType::Year);
  std::size_t start = 0;
  while (start < form.expected_periods.size()) {
    auto comma = form.expected_periods.find(',', start);
    if (comma == std::string::npos) comma = form.expected_periods.size();
    def->expected_periods.push_back(std::stoi(form.expected_periods.substr(start, comma - start)));
    start = comma + 1;
  }
  auto& md = tx.metadata();
  auto sections = md.sections(version.id);
  if (!sections) return Unexpected{std::move(sections).error()};
  def->sections = std::move(*sections);
  auto combos = md.combos();
  if (!combos) return Unexpected{std::move(combos).error()};
  auto elements = md.data_elements();
  if (!elements) return Unexpected{std::move(elements).error()};
  std::set<std::int64_t> used;
  for (const auto& s : def->sections) used.insert(s.element_ids.begin(), s.element_ids.end());
  auto rules = md.rules_for_form(form.id);
  if (!rules) return Unexpected{std::move(rules).error()};
  for (auto& r : *rules) {
    auto left = core::Expression::parse(r.left_expr, "left");
    auto right = core::Expression::parse(r.right_expr, "right");
    if (!left || !right) return fail(ErrorCode::Internal, "quy tắc " + r.code + " lỗi", "rule " + r.code + " does not parse");
    def->rules.push_back({std::move(r), std::move(*left), std::move(*right)});
  }
  // Elements of the form, plus those its rules reference.
  for (const auto& rule : def->rules) {
    for (const auto* e : {&rule.left, &rule.right}) {
      for (const auto& ref : e->references()) {
        for (const auto& el : *elements) {
          if (el.code == ref.element) used.insert(el.id);
        }
      }
    }
  }
  for (const auto& el : *elements) {
    if (!used.count(el.id)) continue;
    ElementDef d;
    d.element = el;
    for (const auto& c : *combos) {
      if (c.id == el.combo_id) d.combo = c;
    }
    def->elements.emplace(el.id, std::move(d));
  }
  auto reporters = md.reporters(form.id);
  if (!reporters) return Unexpected{std::move(reporters).error()};
  def->reporters = std::move(*reporters);
  auto deadlines = md.deadlines(form.id);
  if (!deadlines) return Unexpected{std::move(deadlines).error()};
  def->deadlines = std::move(*deadlines);
  std::shared_ptr<const FormDefinition> out = def;
  std::lock_guard lock(mutex_);
  if (generation == generation_) cache_[version.id] = out;
  return out;
}

core::Result<std::shared_ptr<const FormDefinition>> MetadataService::definition(const std::string& form_code,
                                                                                const core::Period& period) {
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  return definition(**tx, form_code, period);
}

core::Result<std::shared_ptr<const FormDefinition>> MetadataService::definition(store::Tx& tx, const std::string& form_code,
                                                                                const core::Period& period) {
  auto form = tx.metadata().find_form(form_code);
  if (!form) return Unexpected{std::move(form).error()};
  if (!*form) return fail(ErrorCode::NotFound, "không có biểu mẫu " + form_code, "there is no form " + form_code);
  auto versions = tx.metadata().form_versions((*form)->id);
  if (!versions) return Unexpected{std::move(versions).error()};
  const store::FormVersionRecord* chosen = nullptr;
  for (const auto& v : *versions) {
    auto from = core::Period::parse(v.from_period);
    if (from && from->start_date() <= period.start_date()) chosen = &v;
  }
  if (chosen == nullptr) {
    return fail(ErrorCode::InvalidValue, "biểu mẫu " + form_code + " chưa áp dụng cho kỳ " + period.label_vi(),
                "form " + form_code + " does not apply to " + period.label_en(), "period");
  }
  return load_definition(tx, **form, *chosen);
}

core::Result<std::vector<std::shared_ptr<const FormDefinition>>> MetadataService::forms() {
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto list = (*tx)->metadata().forms();
  if (!list) return Unexpected{std::move(list).error()};
  std::vector<std::shared_ptr<const FormDefinition>> out;
  for (const auto& f : *list) {
    auto versions = (*tx)->metadata().form_versions(f.id);
    if (!versions) return Unexpected{std::move(versions).error()};
    if (versions->empty()) continue;
    auto def = load_definition(**tx, f, versions->back());
    if (!def) return Unexpected{std::move(def).error()};
    out.push_back(std::move(*def));
  }
  return out;
}

core::Result<std::vector<store::IndicatorTargetRecord>> MetadataService::set_unit_targets(
    const Principal& p, const std::string& indicator, const std::string& unit, std::vector<store::IndicatorTargetRecord> targets) {
  std::set<int> years;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const auto& t = targets[i];
    const std::string field = "targets[" + std::to_string(i) + "]";
    if (!kTargetOperators.count(t.op)) {
      return fail(ErrorCode::InvalidValue, field + ".operator phải là ge, gt, le, lt, eq hoặc about",
                  field + ".operator must be ge, gt, le, lt, eq or about", field + ".operator");
    }
    if (t.year < 2000 || t.year > 2100 || !years.insert(t.year).second) {
      return fail(ErrorCode::InvalidValue, field + ".year phải là năm từ 2000 đến 2100, không lặp lại",
                  field + ".year must be a year from 2000 to 2100, not repeated", field + ".year");
    }
    if (!std::isfinite(t.value)) {
      return fail(ErrorCode::InvalidValue, field + ".value phải là một số", field + ".value must be a number", field + ".value");
    }
  }
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto u = (*tx)->units().find_by_code(unit, core::today_in_vietnam());
  if (!u) return Unexpected{std::move(u).error()};
  const auto unit_missing = core::make_error(ErrorCode::NotFound, "không có đơn vị " + unit, "there is no unit " + unit);
  if (!*u) return Unexpected{unit_missing};
  TIENBO_TRY(AccessControl::require(**tx, p, auth::Action::CommitteeManage, (*u)->id, "đơn vị " + unit, "unit " + unit,
                                    unit_missing));
  auto list = (*tx)->metadata().indicators();
  if (!list) return Unexpected{std::move(list).error()};
  const auto ind = std::find_if(list->begin(), list->end(), [&](const auto& x) { return x.code == indicator; });
  if (ind == list->end()) return fail(ErrorCode::NotFound, "không có chỉ tiêu " + indicator, "there is no indicator " + indicator);
  auto stored = (*tx)->metadata().indicator_targets();
  if (!stored) return Unexpected{std::move(stored).error()};
  const auto json = [](const std::vector<store::IndicatorTargetRecord>& list_of) {
    std::string out = "[";
    for (const auto& t : list_of) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "%s{\"year\":%d,\"value\":%.10g,\"operator\":\"%s\",\"onward\":%s}", out.size() > 1 ? "," : "",
                    t.year, t.value, t.op.c_str(), t.onward ? "true" : "false");
      out += buf;
    }
    return out + "]";
  };
  std::vector<store::IndicatorTargetRecord> before;
  for (const auto& t : *stored) {
    if (t.indicator_id == ind->id && t.unit_id == (*u)->id) before.push_back(t);
  }
  std::sort(targets.begin(), targets.end(), [](const auto& a, const auto& b) { return a.year < b.year; });
  for (auto& t : targets) {
    t.indicator_id = ind->id;
    t.unit_id = (*u)->id;
  }
  TIENBO_TRY((*tx)->metadata().replace_indicator_targets(ind->id, (*u)->id, targets));
  TIENBO_TRY((*tx)->audit().append({p.login, p.request_id, "update", "indicator_target", indicator + "/" + unit, (*u)->id,
                                    json(before), json(targets)}));
  TIENBO_TRY(commit_and_publish(**tx, changes_, change::kTargets));
  invalidate();
  return targets;
}

core::Result<store::DeadlineRecord> MetadataService::set_deadline(const Principal& p, const std::string& form_code,
                                                                  store::DeadlineRecord deadline) {
  if (deadline.day < 1 || deadline.day > 31) {
    return fail(ErrorCode::InvalidValue, "ngày (day) phải từ 1 đến 31", "day must be from 1 to 31", "day");
  }
  if (deadline.month_offset < 0 || deadline.month_offset > 12) {
    return fail(ErrorCode::InvalidValue, "số tháng sau kỳ báo cáo (monthOffset) phải từ 0 đến 12",
                "monthOffset must be from 0 to 12", "monthOffset");
  }
  if (deadline.source.size() > 500) {
    return fail(ErrorCode::InvalidValue, "căn cứ (source) dài quá 500 byte", "source is longer than 500 bytes", "source");
  }
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto nation = (*tx)->units().find_by_code("VN", core::today_in_vietnam());
  if (!nation) return Unexpected{std::move(nation).error()};
  if (!*nation) return fail(ErrorCode::NotFound, "không có đơn vị VN", "there is no unit VN");
  // The deadlines are everybody's to read (GET /forms), so a refusal is "forbidden", never "not found".
  auto may = AccessControl::can(**tx, p, auth::Action::CommitteeManage, (*nation)->id);
  if (!may) return Unexpected{std::move(may).error()};
  if (!*may) {
    return fail(ErrorCode::Forbidden, "bạn không có quyền thực hiện thao tác này với hạn nộp của biểu mẫu " + form_code,
                "you are not allowed to do this to the deadlines of form " + form_code);
  }
  auto& md = (*tx)->metadata();
  auto form = md.find_form(form_code);
  if (!form) return Unexpected{std::move(form).error()};
  if (!*form) return fail(ErrorCode::NotFound, "không có biểu mẫu " + form_code, "there is no form " + form_code);
  auto reporters = md.reporters((*form)->id);
  if (!reporters) return Unexpected{std::move(reporters).error()};
  if (std::none_of(reporters->begin(), reporters->end(), [&](const auto& r) { return r.unit_type == deadline.unit_type; })) {
    return fail(ErrorCode::InvalidValue, "loại đơn vị " + deadline.unit_type + " không báo cáo biểu mẫu " + form_code,
                "unit type " + deadline.unit_type + " does not report form " + form_code, "unitType");
  }
  auto stored = md.deadlines((*form)->id);
  if (!stored) return Unexpected{std::move(stored).error()};
  const auto json = [](const store::DeadlineRecord& d) {
    std::string out = "{\"unitType\":";
    core::append_json_string(out, d.unit_type);
    out += ",\"monthOffset\":" + std::to_string(d.month_offset) + ",\"day\":" + std::to_string(d.day) + ",\"source\":";
    core::append_json_string(out, d.source);
    return out + "}";
  };
  std::optional<std::string> before;
  for (const auto& d : *stored) {
    if (d.unit_type == deadline.unit_type) before = json(d);
  }
  deadline.set_by = p.login;  // kept by later package loads
  TIENBO_TRY(md.insert_deadline((*form)->id, deadline));  // inserts or replaces the unit type's deadline
  TIENBO_TRY((*tx)->audit().append({p.login, p.request_id, "update", "form_deadline", form_code + "/" + deadline.unit_type,
                                    (*nation)->id, before, json(deadline)}));
  TIENBO_TRY(commit_and_publish(**tx, changes_, change::kMetadata));
  invalidate();
  return deadline;
}

}  // namespace tienbo::services
