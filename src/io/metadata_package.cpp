#include "tienbo/io/metadata_package.hpp"

#include <boost/json.hpp>

namespace tienbo::io {

namespace json = boost::json;
using core::ErrorCode;
using core::fail;

namespace {

struct Reader {
  std::string file;
  std::string where;  // e.g. "forms[2]"

  core::Unexpected error(const std::string& vi, const std::string& en) const {
    return fail(ErrorCode::InvalidValue, file + " (" + where + "): " + vi, file + " (" + where + "): " + en, "package");
  }
  core::Result<std::string> str(const json::object& o, std::string_view key, bool required = true) const {
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) {
      if (!required) return std::string();
      return error("thiếu trường \"" + std::string(key) + "\"", "missing field \"" + std::string(key) + "\"");
    }
    if (!v->is_string())
      return error("trường \"" + std::string(key) + "\" phải là chuỗi",
                   "field \"" + std::string(key) + "\" must be a string");
    return std::string(v->as_string());
  }
  core::Result<const json::array*> arr(const json::object& o, std::string_view key, bool required = true) const {
    static const json::array kEmpty;
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) {
      if (!required) return &kEmpty;
      return error("thiếu mảng \"" + std::string(key) + "\"", "missing array \"" + std::string(key) + "\"");
    }
    if (!v->is_array())
      return error("trường \"" + std::string(key) + "\" phải là mảng",
                   "field \"" + std::string(key) + "\" must be an array");
    return &v->as_array();
  }
  core::Result<std::vector<std::string>> strings(const json::object& o, std::string_view key) const {
    auto a = arr(o, key, false);
    if (!a) return core::Unexpected{std::move(a).error()};
    std::vector<std::string> out;
    for (const auto& v : **a) {
      if (!v.is_string())
        return error("\"" + std::string(key) + "\" chỉ chứa chuỗi", "\"" + std::string(key) + "\" must hold strings");
      out.emplace_back(v.as_string());
    }
    return out;
  }
};

// `var` names the variable declared, so it cannot be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define TB_GET(var, expr)                                            \
  auto var##_r = (expr);                                             \
  if (!var##_r) return core::Unexpected{std::move(var##_r).error()}; \
  auto var = std::move(*var##_r)
// NOLINTEND(bugprone-macro-parentheses)

core::Result<json::object> parse_file(const std::map<std::string, std::string_view>& files, const std::string& name) {
  auto it = files.find(name);
  if (it == files.end())
    return fail(ErrorCode::InvalidValue, "gói thiếu tệp " + name, "the package has no " + name, "package");
  boost::system::error_code ec;
  json::value v = json::parse(it->second, ec);
  if (ec || !v.is_object()) {
    return fail(ErrorCode::InvalidValue, name + " không phải JSON hợp lệ: " + ec.message(),
                name + " is not valid JSON: " + ec.message(), "package");
  }
  return std::move(v.as_object());
}

core::Result<std::vector<PackageSection>> parse_sections(const Reader& base, const json::array& list) {
  std::vector<PackageSection> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    Reader r{base.file, base.where + ".sections[" + std::to_string(i) + "]"};
    if (!list[i].is_object()) return r.error("phải là đối tượng", "must be an object");
    const auto& o = list[i].as_object();
    PackageSection s;
    TB_GET(code, r.str(o, "code"));
    TB_GET(kind, r.str(o, "kind"));
    TB_GET(title_vi, r.str(o, "titleVi", false));
    TB_GET(title_en, r.str(o, "titleEn", false));
    TB_GET(elements, r.strings(o, "elements"));
    s.code = code;
    s.kind = kind;
    s.title_vi = title_vi;
    s.title_en = title_en;
    s.elements = std::move(elements);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

namespace {

core::Result<PackageCategory> parse_category(const Reader& c, const json::object& o) {
  PackageCategory cat;
  TB_GET(code, c.str(o, "code"));
  TB_GET(vi, c.str(o, "nameVi"));
  TB_GET(en, c.str(o, "nameEn", false));
  TB_GET(opts, c.arr(o, "options"));
  cat.code = code;
  cat.name_vi = vi;
  cat.name_en = en;
  for (std::size_t k = 0; k < opts->size(); ++k) {
    Reader oc{c.file, c.where + ".options[" + std::to_string(k) + "]"};
    if (!(*opts)[k].is_object()) return oc.error("phải là đối tượng", "must be an object");
    const auto& oo = (*opts)[k].as_object();
    TB_GET(ocode, oc.str(oo, "code"));
    TB_GET(ovi, oc.str(oo, "nameVi"));
    TB_GET(oen, oc.str(oo, "nameEn", false));
    cat.options.push_back({ocode, ovi, oen});
  }
  return cat;
}

// categories.json: the categories with their options, and the combos of categories.
core::Result<void> parse_categories(const std::map<std::string, std::string_view>& files, MetadataPackage& pkg) {
  TB_GET(doc, parse_file(files, "categories.json"));
  Reader r{"categories.json", "categories"};
  TB_GET(cats, r.arr(doc, "categories"));
  for (std::size_t i = 0; i < cats->size(); ++i) {
    Reader c{r.file, "categories[" + std::to_string(i) + "]"};
    if (!(*cats)[i].is_object()) return c.error("phải là đối tượng", "must be an object");
    TB_GET(cat, parse_category(c, (*cats)[i].as_object()));
    pkg.categories.push_back(std::move(cat));
  }
  Reader rc{"categories.json", "combos"};
  TB_GET(combos, rc.arr(doc, "combos"));
  for (std::size_t i = 0; i < combos->size(); ++i) {
    Reader c{rc.file, "combos[" + std::to_string(i) + "]"};
    if (!(*combos)[i].is_object()) return c.error("phải là đối tượng", "must be an object");
    const auto& o = (*combos)[i].as_object();
    TB_GET(code, c.str(o, "code"));
    TB_GET(vi, c.str(o, "nameVi"));
    TB_GET(en, c.str(o, "nameEn", false));
    TB_GET(list, c.strings(o, "categories"));
    pkg.combos.push_back({code, vi, en, std::move(list)});
  }
  return {};
}

core::Result<PackageDataElement> parse_data_element(const Reader& c, const json::object& o) {
  PackageDataElement de;
  TB_GET(code, c.str(o, "code"));
  TB_GET(vi, c.str(o, "nameVi"));
  TB_GET(en, c.str(o, "nameEn", false));
  TB_GET(desc, c.str(o, "descriptionVi", false));
  TB_GET(vt, c.str(o, "valueType"));
  TB_GET(agg, c.str(o, "aggregation"));
  TB_GET(combo, c.str(o, "combo"));
  de.code = code;
  de.name_vi = vi;
  de.name_en = en;
  de.description_vi = desc;
  de.value_type = vt;
  de.aggregation = agg;
  de.combo = combo;
  if (const auto* z = o.if_contains("zeroSignificant"); z && z->is_bool()) de.zero_significant = z->as_bool();
  for (auto [key, slot] : {std::pair{"min", &de.min}, std::pair{"max", &de.max}}) {
    if (const auto* b = o.if_contains(key); b && !b->is_null()) {
      if (!b->is_number()) return c.error(std::string(key) + " phải là số", std::string(key) + " must be a number");
      *slot = b->to_number<double>();
    }
  }
  TB_GET(scope, c.str(o, "scope", false));
  if (!scope.empty()) de.scope = scope;
  TB_GET(ivi, c.str(o, "instructionVi", false));
  TB_GET(ien, c.str(o, "instructionEn", false));
  de.instruction_vi = ivi;
  de.instruction_en = ien;
  TB_GET(contributors, c.str(o, "contributors", false));
  de.contributors = contributors;
  return de;
}

// data_elements.json.
core::Result<void> parse_data_elements(const std::map<std::string, std::string_view>& files, MetadataPackage& pkg) {
  TB_GET(doc, parse_file(files, "data_elements.json"));
  Reader r{"data_elements.json", "dataElements"};
  TB_GET(list, r.arr(doc, "dataElements"));
  for (std::size_t i = 0; i < list->size(); ++i) {
    Reader c{r.file, "dataElements[" + std::to_string(i) + "]"};
    if (!(*list)[i].is_object()) return c.error("phải là đối tượng", "must be an object");
    TB_GET(de, parse_data_element(c, (*list)[i].as_object()));
    pkg.data_elements.push_back(std::move(de));
  }
  return {};
}

// What forms.json shares among its forms: the titles of narrative sections, named sets of
// sections and named sets of rules.
struct FormSets {
  std::map<std::string, std::pair<std::string, std::string>> narrative_titles;
  std::map<std::string, std::vector<PackageSection>> section_sets;
  std::map<std::string, std::vector<std::string>> rule_sets;
};

core::Result<FormSets> parse_form_sets(const Reader& top, const json::object& doc) {
  FormSets out;
  TB_GET(narr, top.arr(doc, "narrativeSections", false));
  for (const auto& v : *narr) {
    if (!v.is_object()) continue;
    const auto& o = v.as_object();
    TB_GET(code, top.str(o, "code"));
    TB_GET(vi, top.str(o, "titleVi"));
    TB_GET(en, top.str(o, "titleEn", false));
    out.narrative_titles[code] = {vi, en};
  }
  if (const auto* sets = doc.if_contains("sectionSets"); sets && sets->is_object()) {
    for (const auto& [name, v] : sets->as_object()) {
      if (!v.is_array())
        return top.error("sectionSets." + std::string(name) + " phải là mảng",
                         "sectionSets." + std::string(name) + " must be an array");
      TB_GET(secs, parse_sections(Reader{"forms.json", "sectionSets." + std::string(name)}, v.as_array()));
      out.section_sets[std::string(name)] = std::move(secs);
    }
  }
  if (const auto* sets = doc.if_contains("ruleSets"); sets && sets->is_object()) {
    for (const auto& [name, v] : sets->as_object()) {
      std::vector<std::string> codes;
      if (v.is_array()) {
        for (const auto& c : v.as_array()) {
          if (c.is_string()) codes.emplace_back(c.as_string());
        }
      }
      out.rule_sets[std::string(name)] = std::move(codes);
    }
  }
  return out;
}

// A form's expected periods, reporters and deadlines.
core::Result<void> parse_form_schedule(const Reader& c, const json::object& o, PackageForm& f) {
  TB_GET(expected, c.arr(o, "expectedPeriods", false));
  for (const auto& v : *expected) {
    if (!v.is_int64()) return c.error("expectedPeriods chỉ chứa số", "expectedPeriods must hold numbers");
    f.expected_periods.push_back(static_cast<int>(v.as_int64()));
  }
  TB_GET(reporters, c.arr(o, "reporters"));
  for (const auto& v : *reporters) {
    if (!v.is_object()) return c.error("reporters chứa đối tượng", "reporters must hold objects");
    TB_GET(ut, c.str(v.as_object(), "unitType"));
    TB_GET(h, c.str(v.as_object(), "hierarchy"));
    f.reporters.push_back({ut, h});
  }
  TB_GET(deadlines, c.arr(o, "dueBefore", false));
  for (const auto& v : *deadlines) {
    if (!v.is_object()) return c.error("dueBefore chứa đối tượng", "dueBefore must hold objects");
    const auto& d = v.as_object();
    TB_GET(ut, c.str(d, "unitType"));
    const auto* mo = d.if_contains("monthOffset");
    const auto* day = d.if_contains("day");
    if (!mo || !mo->is_int64() || !day || !day->is_int64()) {
      return c.error("dueBefore cần monthOffset và day là số", "dueBefore needs numeric monthOffset and day");
    }
    TB_GET(source, c.str(d, "source", false));
    f.deadlines.push_back({ut, static_cast<int>(mo->as_int64()), static_cast<int>(day->as_int64()), source});
  }
  return {};
}

// A form's sections (its own, or a named set) with the shared titles of narrative sections, and
// its rules (its own list, or a named set).
core::Result<void> parse_form_contents(const Reader& c, const json::object& o, const FormSets& sets, PackageForm& f) {
  if (const auto* set = o.if_contains("sectionSet"); set && set->is_string()) {
    auto it = sets.section_sets.find(std::string(set->as_string()));
    if (it == sets.section_sets.end())
      return c.error("không có sectionSet " + std::string(set->as_string()),
                     "no sectionSet " + std::string(set->as_string()));
    f.sections = it->second;
  } else {
    TB_GET(secs_arr, c.arr(o, "sections"));
    TB_GET(secs, parse_sections(c, *secs_arr));
    f.sections = std::move(secs);
  }
  for (auto& s : f.sections) {
    if (s.kind == "narrative" && s.title_vi.empty()) {
      auto t = sets.narrative_titles.find(s.code);
      if (t == sets.narrative_titles.end())
        return c.error("mục tường thuật " + s.code + " không có tiêu đề",
                       "narrative section " + s.code + " has no title");
      s.title_vi = t->second.first;
      s.title_en = t->second.second;
    }
  }
  if (const auto* set = o.if_contains("ruleSet"); set && set->is_string()) {
    auto it = sets.rule_sets.find(std::string(set->as_string()));
    if (it == sets.rule_sets.end())
      return c.error("không có ruleSet " + std::string(set->as_string()),
                     "no ruleSet " + std::string(set->as_string()));
    f.rules = it->second;
  } else {
    TB_GET(rules, c.strings(o, "validationRules"));
    f.rules = std::move(rules);
  }
  return {};
}

core::Result<PackageForm> parse_form(Reader& c, const json::object& o, const FormSets& sets) {
  PackageForm f;
  TB_GET(code, c.str(o, "code"));
  c.where = "form " + code;
  TB_GET(vi, c.str(o, "nameVi"));
  TB_GET(en, c.str(o, "nameEn", false));
  TB_GET(pt, c.str(o, "periodType"));
  TB_GET(from, c.str(o, "fromPeriod", false));
  f.code = code;
  f.name_vi = vi;
  f.name_en = en;
  f.period_type = pt;
  if (!from.empty()) f.from_period = from;
  TIENBO_TRY(parse_form_schedule(c, o, f));
  TIENBO_TRY(parse_form_contents(c, o, sets, f));
  return f;
}

// forms.json.
core::Result<void> parse_forms(const std::map<std::string, std::string_view>& files, MetadataPackage& pkg) {
  TB_GET(doc, parse_file(files, "forms.json"));
  Reader top{"forms.json", "top"};
  TB_GET(sets, parse_form_sets(top, doc));
  TB_GET(forms, top.arr(doc, "forms"));
  for (std::size_t i = 0; i < forms->size(); ++i) {
    Reader c{"forms.json", "forms[" + std::to_string(i) + "]"};
    if (!(*forms)[i].is_object()) return c.error("phải là đối tượng", "must be an object");
    TB_GET(f, parse_form(c, (*forms)[i].as_object(), sets));
    pkg.forms.push_back(std::move(f));
  }
  return {};
}

// validation_rules.json.
core::Result<void> parse_rules(const std::map<std::string, std::string_view>& files, MetadataPackage& pkg) {
  TB_GET(doc, parse_file(files, "validation_rules.json"));
  Reader r{"validation_rules.json", "validationRules"};
  TB_GET(list, r.arr(doc, "validationRules"));
  for (std::size_t i = 0; i < list->size(); ++i) {
    Reader c{r.file, "validationRules[" + std::to_string(i) + "]"};
    if (!(*list)[i].is_object()) return c.error("phải là đối tượng", "must be an object");
    const auto& o = (*list)[i].as_object();
    PackageRule rule;
    TB_GET(code, c.str(o, "code"));
    c.where = "rule " + code;
    TB_GET(vi, c.str(o, "nameVi"));
    TB_GET(left, c.str(o, "left"));
    TB_GET(op, c.str(o, "operator"));
    TB_GET(right, c.str(o, "right"));
    TB_GET(missing, c.str(o, "missingValueStrategy"));
    TB_GET(importance, c.str(o, "importance"));
    TB_GET(severity, c.str(o, "severity"));
    TB_GET(comment, c.str(o, "commentSatisfies", false));
    TB_GET(mvi, c.str(o, "messageVi"));
    TB_GET(men, c.str(o, "messageEn", false));
    rule = {code, vi, left, op, right, missing, importance, severity, comment, mvi, men};
    pkg.rules.push_back(std::move(rule));
  }
  return {};
}

// A JSON number (integer or not) as a double; nullopt when absent or not a number.
std::optional<double> number(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_double()) return v->as_double();
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  if (v->is_uint64()) return static_cast<double>(v->as_uint64());
  return std::nullopt;
}

// An indicator's factor, decimals, baseline, minimum coverage and whether it uses official figures.
core::Result<void> parse_indicator_numbers(const Reader& c, const json::object& o, PackageIndicator& ind) {
  if (o.contains("factor")) {
    auto f = number(o, "factor");
    if (!f) return c.error("\"factor\" phải là số", "\"factor\" must be a number");
    ind.factor = *f;
  }
  if (o.contains("decimals")) {
    auto d = number(o, "decimals");
    if (!d || *d < 0 || *d > 6)
      return c.error("\"decimals\" phải là số từ 0 đến 6", "\"decimals\" must be a number from 0 to 6");
    ind.decimals = static_cast<int>(*d);
  }
  if (const auto* b = o.if_contains("baseline"); b && b->is_object()) {
    auto year = number(b->as_object(), "year");
    auto value = number(b->as_object(), "value");
    if (!year || !value)
      return c.error("\"baseline\" cần year và value là số", "\"baseline\" needs numeric year and value");
    ind.baseline_year = static_cast<int>(*year);
    ind.baseline_value = *value;
  }
  if (o.contains("minCoverage")) {
    auto m = number(o, "minCoverage");
    if (!m || !(*m >= 0 && *m <= 100)) {
      return c.error("\"minCoverage\" phải là số từ 0 đến 100 (%)",
                     "\"minCoverage\" must be a number from 0 to 100 (%)");
    }
    ind.min_coverage = *m;
  }
  if (const auto* u = o.if_contains("useOfficial")) {
    if (!u->is_bool())
      return c.error("\"useOfficial\" phải là true hoặc false", "\"useOfficial\" must be true or false");
    ind.use_official = u->as_bool();
  }
  return {};
}

// An indicator's national targets.
core::Result<void> parse_targets(const Reader& c, const json::object& o, PackageIndicator& ind) {
  TB_GET(targets, c.arr(o, "targets", false));
  for (std::size_t k = 0; k < targets->size(); ++k) {
    Reader tc{c.file, c.where + ".targets[" + std::to_string(k) + "]"};
    if (!(*targets)[k].is_object()) return tc.error("phải là đối tượng", "must be an object");
    const auto& to = (*targets)[k].as_object();
    auto year = number(to, "year");
    auto value = number(to, "value");
    if (!year || !value) return tc.error("cần year và value là số", "needs numeric year and value");
    TB_GET(op, tc.str(to, "operator", false));
    PackageTarget t;
    t.year = static_cast<int>(*year);
    t.value = *value;
    if (!op.empty()) t.op = op;
    if (const auto* on = to.if_contains("onward"); on && on->is_bool()) t.onward = on->as_bool();
    ind.targets.push_back(t);
  }
  return {};
}

core::Result<PackageIndicator> parse_indicator(Reader& c, const json::object& o) {
  PackageIndicator ind;
  TB_GET(code, c.str(o, "code"));
  c.where = "indicator " + code;
  TB_GET(group, c.str(o, "group"));
  TB_GET(num, c.str(o, "number", false));
  TB_GET(vi, c.str(o, "nameVi"));
  TB_GET(en, c.str(o, "nameEn", false));
  TB_GET(desc, c.str(o, "descriptionVi", false));
  TB_GET(numerator, c.str(o, "numerator"));
  TB_GET(denominator, c.str(o, "denominator", false));
  TB_GET(uvi, c.str(o, "unitVi", false));
  TB_GET(uen, c.str(o, "unitEn", false));
  TB_GET(direction, c.str(o, "direction"));
  TB_GET(source, c.str(o, "source", false));
  TB_GET(confidence, c.str(o, "confidence"));
  ind.code = code;
  ind.group = group;
  ind.number = num;
  ind.name_vi = vi;
  ind.name_en = en;
  ind.description_vi = desc;
  ind.numerator = numerator;
  if (!denominator.empty()) ind.denominator = denominator;
  ind.unit_vi = uvi;
  ind.unit_en = uen;
  ind.direction = direction;
  ind.source = source;
  ind.confidence = confidence;
  TIENBO_TRY(parse_indicator_numbers(c, o, ind));
  TIENBO_TRY(parse_targets(c, o, ind));
  return ind;
}

// indicators.json: the indicator groups and the indicators.
core::Result<void> parse_indicators(const std::map<std::string, std::string_view>& files, MetadataPackage& pkg) {
  TB_GET(doc, parse_file(files, "indicators.json"));
  Reader r{"indicators.json", "groups"};
  TB_GET(groups, r.arr(doc, "groups"));
  for (std::size_t i = 0; i < groups->size(); ++i) {
    Reader c{r.file, "groups[" + std::to_string(i) + "]"};
    if (!(*groups)[i].is_object()) return c.error("phải là đối tượng", "must be an object");
    const auto& o = (*groups)[i].as_object();
    TB_GET(code, c.str(o, "code"));
    TB_GET(vi, c.str(o, "nameVi"));
    TB_GET(en, c.str(o, "nameEn", false));
    TB_GET(src, c.str(o, "sourceVi", false));
    pkg.indicator_groups.push_back({code, vi, en, src});
  }
  Reader ri{"indicators.json", "indicators"};
  TB_GET(list, ri.arr(doc, "indicators"));
  for (std::size_t i = 0; i < list->size(); ++i) {
    Reader c{ri.file, "indicators[" + std::to_string(i) + "]"};
    if (!(*list)[i].is_object()) return c.error("phải là đối tượng", "must be an object");
    TB_GET(ind, parse_indicator(c, (*list)[i].as_object()));
    pkg.indicators.push_back(std::move(ind));
  }
  return {};
}

}  // namespace

core::Result<MetadataPackage> parse_metadata_package(const std::map<std::string, std::string_view>& files) {
  MetadataPackage pkg;
  TIENBO_TRY(parse_categories(files, pkg));
  TIENBO_TRY(parse_data_elements(files, pkg));
  TIENBO_TRY(parse_forms(files, pkg));
  TIENBO_TRY(parse_rules(files, pkg));
  if (files.count("indicators.json")) TIENBO_TRY(parse_indicators(files, pkg));
  return pkg;
}

#undef TB_GET

core::Result<std::map<std::string, std::map<std::string, std::string>>> parse_string_groups(
    std::string_view json_text) {
  boost::system::error_code ec;
  json::value v = json::parse(json_text, ec);
  if (ec || !v.is_object()) {
    return fail(ErrorCode::InvalidValue, "nội dung đã lưu không đọc được", "the stored content cannot be read",
                "content");
  }
  std::map<std::string, std::map<std::string, std::string>> out;
  for (const auto& [group, inner] : v.as_object()) {
    auto& g = out[std::string(group)];
    if (!inner.is_object()) continue;
    for (const auto& [key, value] : inner.as_object()) {
      if (value.is_string()) g[std::string(key)] = std::string(value.as_string());
    }
  }
  return out;
}

}  // namespace tienbo::io
