// Writing a checked metadata package in the caller's transaction: what is new is inserted, what
// changed is updated in place or, for a form's sections, becomes a new form version.
#include "package_loader.hpp"

#include <algorithm>
#include <set>

#include "tienbo/core/period.hpp"

namespace tienbo::services::package_detail {

using core::ErrorCode;
using core::fail;
using core::Unexpected;

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

// Writing one package in order: categories, combos, elements, rules, forms, indicators. Each step
// keeps the ids it wrote or found, by code, for the steps after it, and counts what it did.
struct PackageWriter {
  store::MetadataRepository& md;
  const io::MetadataPackage& pkg;
  PackageLoadReport report;
  std::map<std::string, const io::PackageCategory*> categories;
  std::map<std::string, std::int64_t> category_ids;
  std::map<std::string, std::int64_t> combo_ids;
  std::map<std::int64_t, std::string> combo_codes;
  std::map<std::string, std::int64_t> element_ids;
  std::map<std::int64_t, std::string> element_codes;
  std::map<std::string, std::int64_t> rule_ids;

  core::Result<void> write_categories();
  core::Result<void> write_combos();
  core::Result<void> write_data_element(const io::PackageDataElement& d,
                                        const std::map<std::string, store::DataElementRecord>& element_by_code);
  core::Result<void> write_data_elements();
  core::Result<void> write_rules();
  core::Result<void> insert_sections(const io::PackageForm& f, std::int64_t version_id);
  core::Result<void> add_version_if_sections_changed(const io::PackageForm& f, const store::FormRecord& old);
  core::Result<bool> clear_links_if_changed(const io::PackageForm& f, const store::FormRecord& old,
                                            std::vector<store::DeadlineRecord>& kept_deadlines);
  core::Result<void> write_form(const io::PackageForm& f);
  core::Result<void> write_indicator_groups(const std::vector<store::IndicatorGroupRecord>& stored_groups,
                                            std::map<std::string, std::int64_t>& group_ids);
  core::Result<void> write_indicator(std::size_t i, const std::map<std::string, std::int64_t>& group_ids,
                                     const std::vector<store::IndicatorRecord>& stored_indicators,
                                     const std::vector<store::IndicatorTargetRecord>& stored_targets);
  core::Result<void> write_indicators();
};

// Categories: new ones are added with their options; an existing one is left as it is.
core::Result<void> PackageWriter::write_categories() {
  for (const auto& c : pkg.categories) {
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
      auto o = md.insert_category_option(*id, c.options[i].code, c.options[i].name_vi, c.options[i].name_en,
                                         static_cast<int>(i));
      if (!o) return Unexpected{std::move(o).error()};
    }
  }
  return {};
}

// Combinations: new ones are added; an existing combination keeps its options.
core::Result<void> PackageWriter::write_combos() {
  auto stored_combos = md.combos();
  if (!stored_combos) return Unexpected{std::move(stored_combos).error()};
  for (const auto& c : *stored_combos) {
    combo_ids[c.code] = c.id;
    combo_codes[c.id] = c.code;
  }
  for (const auto& c : pkg.combos) {
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
        return package_error(
            "tổ hợp phân tổ " + c.code + " đã có số liệu với các lựa chọn khác; hãy tạo tổ hợp mới thay vì sửa",
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
  return {};
}

// One data element: names and aggregation may change; value type and disaggregation may not.
core::Result<void> PackageWriter::write_data_element(
    const io::PackageDataElement& d, const std::map<std::string, store::DataElementRecord>& element_by_code) {
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
      return package_error("chỉ tiêu " + d.code + " đã có với kiểu " + old_type + " / phân tổ " +
                               combo_codes[old.combo_id] +
                               "; không đổi được kiểu giá trị hay phân tổ, hãy tạo chỉ tiêu mới",
                           "data element " + d.code + " exists as " + old_type + " / " + combo_codes[old.combo_id] +
                               "; its value type and disaggregation cannot change, add a new element");
    }
    r.id = old.id;
    if (old.name_vi != r.name_vi || old.name_en != r.name_en || old.description_vi != r.description_vi ||
        old.aggregation != r.aggregation || old.zero_significant != r.zero_significant ||
        old.min_value != r.min_value || old.max_value != r.max_value || old.scope != r.scope ||
        old.instruction_vi != r.instruction_vi || old.instruction_en != r.instruction_en ||
        old.contributors != r.contributors) {
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
  return {};
}

core::Result<void> PackageWriter::write_data_elements() {
  auto stored_elements = md.data_elements();
  if (!stored_elements) return Unexpected{std::move(stored_elements).error()};
  std::map<std::string, store::DataElementRecord> element_by_code;
  for (const auto& e : *stored_elements) element_by_code[e.code] = e;
  for (const auto& d : pkg.data_elements) TIENBO_TRY(write_data_element(d, element_by_code));
  for (const auto& e : *stored_elements) element_codes.emplace(e.id, e.code);
  return {};
}

// Validation rules: changed in place (they are checked on the next save or submission).
core::Result<void> PackageWriter::write_rules() {
  auto stored_rules = md.rules();
  if (!stored_rules) return Unexpected{std::move(stored_rules).error()};
  std::map<std::string, store::RuleRecord> rule_by_code;
  for (const auto& r : *stored_rules) rule_by_code[r.code] = r;
  for (const auto& r : pkg.rules) {
    store::RuleRecord rec{0,
                          r.code,
                          r.name_vi,
                          r.left,
                          *core::parse_rule_operator(r.op),  // check_package refused any other text
                          r.right,
                          *core::parse_missing_strategy(r.missing_strategy),
                          *core::parse_rule_importance(r.importance),
                          *core::parse_rule_severity(r.severity),
                          r.comment_satisfies,
                          r.message_vi,
                          r.message_en};
    if (auto it = rule_by_code.find(r.code); it != rule_by_code.end()) {
      rec.id = it->second.id;
      const auto& o = it->second;
      if (o.name_vi != rec.name_vi || o.left_expr != rec.left_expr || o.op != rec.op ||
          o.right_expr != rec.right_expr || o.missing_strategy != rec.missing_strategy ||
          o.importance != rec.importance || o.severity != rec.severity ||
          o.comment_satisfies != rec.comment_satisfies || o.message_vi != rec.message_vi ||
          o.message_en != rec.message_en) {
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
  return {};
}

core::Result<void> PackageWriter::insert_sections(const io::PackageForm& f, std::int64_t version_id) {
  for (std::size_t i = 0; i < f.sections.size(); ++i) {
    const auto& s = f.sections[i];
    store::SectionRecord sec{0, s.code, s.kind, s.title_vi, s.title_en, {}};
    for (const auto& e : s.elements) sec.element_ids.push_back(element_ids.at(e));
    TIENBO_TRY(md.insert_section(version_id, sec, static_cast<int>(i)));
  }
  return {};
}

// A stored form whose sections differ from the package's gets a new version from its fromPeriod;
// periods before it keep the version they were reported with.
core::Result<void> PackageWriter::add_version_if_sections_changed(const io::PackageForm& f,
                                                                  const store::FormRecord& old) {
  std::vector<SectionShape> want;
  for (const auto& s : f.sections) want.push_back({s.code, s.kind, s.title_vi, s.title_en, s.elements});
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
  if (have == want) return {};
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
  TIENBO_TRY(insert_sections(f, *version_id));
  report.new_versions.push_back(f.code + " v" + std::to_string(latest.version_no + 1) + " từ/from " + f.from_period);
  return {};
}

// Whether a stored form's reporters, deadlines or rules differ from the package's; if so they
// are cleared, to be inserted again. `kept_deadlines` gets those the standing agency changed.
core::Result<bool> PackageWriter::clear_links_if_changed(const io::PackageForm& f, const store::FormRecord& old,
                                                         std::vector<store::DeadlineRecord>& kept_deadlines) {
  auto reporters = md.reporters(old.id);
  auto deadlines = md.deadlines(old.id);
  auto rules = md.rules_for_form(old.id);
  if (!reporters || !deadlines || !rules)
    return fail(ErrorCode::Internal, "không đọc được biểu mẫu", "cannot read the form");
  std::vector<std::string> r_have, r_want, d_have, d_want, v_have, v_want;
  for (const auto& r : *reporters) r_have.push_back(std::string(core::to_string(r.unit_type)) + "/" + r.hierarchy);
  for (const auto& r : f.reporters) r_want.push_back(r.unit_type + "/" + r.hierarchy);
  // A deadline the standing agency changed is kept: the package's default does not put it back.
  for (const auto& d : *deadlines) {
    if (d.set_by != "package") {
      kept_deadlines.push_back(d);
      continue;
    }
    d_have.push_back(std::string(core::to_string(d.unit_type)) + "/" + std::to_string(d.month_offset) + "/" +
                     std::to_string(d.day) + "/" + d.source);
  }
  for (const auto& d : f.deadlines) {
    if (std::any_of(kept_deadlines.begin(), kept_deadlines.end(),
                    [&](const auto& k) { return core::to_string(k.unit_type) == d.unit_type; }))
      continue;
    d_want.push_back(d.unit_type + "/" + std::to_string(d.month_offset) + "/" + std::to_string(d.day) + "/" + d.source);
  }
  for (const auto& r : *rules) v_have.push_back(r.code);
  v_want = f.rules;
  const bool links_changed = join_codes(r_have) != join_codes(r_want) || join_codes(d_have) != join_codes(d_want) ||
                             join_codes(v_have) != join_codes(v_want);
  if (links_changed) {
    TIENBO_TRY(md.clear_form_links(old.id));
    ++report.updated;
  }
  return links_changed;
}

// Forms: a new one is inserted with its first version; a stored one keeps its period type and
// gets its names, sections and links brought up to date.
core::Result<void> PackageWriter::write_form(const io::PackageForm& f) {
  std::string expected;
  for (int p : f.expected_periods) expected += (expected.empty() ? "" : ",") + std::to_string(p);

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
    TIENBO_TRY(insert_sections(f, *version_id));
  } else {
    const auto& old = **existing;
    form_id = old.id;
    if (old.period_type != f.period_type) {
      return package_error(
          "biểu mẫu " + f.code + " đang báo cáo theo kỳ " + old.period_type +
              "; không đổi được loại kỳ, hãy tạo biểu mẫu mới",
          "form " + f.code + " is reported per " + old.period_type + "; its period type cannot change, add a new form");
    }
    if (old.name_vi != f.name_vi || old.name_en != f.name_en || old.expected_periods != expected) {
      TIENBO_TRY(md.update_form({old.id, f.code, f.name_vi, f.name_en, f.period_type, expected}));
      ++report.updated;
    }
    TIENBO_TRY(add_version_if_sections_changed(f, old));
    auto changed = clear_links_if_changed(f, old, kept_deadlines);
    if (!changed) return Unexpected{std::move(changed).error()};
    links_changed = *changed;
  }
  if (links_changed) {
    for (const auto& r : f.reporters)  // check_package refused any other unit type
      TIENBO_TRY(md.insert_reporter(form_id, {*core::parse_unit_type(r.unit_type), r.hierarchy}));
    for (const auto& d : f.deadlines) {
      const auto kept = std::find_if(kept_deadlines.begin(), kept_deadlines.end(),
                                     [&](const auto& k) { return core::to_string(k.unit_type) == d.unit_type; });
      TIENBO_TRY(md.insert_deadline(form_id, kept != kept_deadlines.end()
                                                 ? *kept
                                                 : store::DeadlineRecord{*core::parse_unit_type(d.unit_type),
                                                                         d.month_offset, d.day, d.source, "package"}));
    }
    for (const auto& r : f.rules) TIENBO_TRY(md.attach_rule(form_id, rule_ids.at(r)));
  }
  return {};
}

core::Result<void> PackageWriter::write_indicator_groups(const std::vector<store::IndicatorGroupRecord>& stored_groups,
                                                         std::map<std::string, std::int64_t>& group_ids) {
  for (std::size_t i = 0; i < pkg.indicator_groups.size(); ++i) {
    const auto& g = pkg.indicator_groups[i];
    store::IndicatorGroupRecord rec{0, g.code, g.name_vi, g.name_en, g.source_vi, static_cast<int>(i)};
    const auto old =
        std::find_if(stored_groups.begin(), stored_groups.end(), [&](const auto& x) { return x.code == g.code; });
    if (old != stored_groups.end() && old->name_vi == rec.name_vi && old->name_en == rec.name_en &&
        old->source_vi == rec.source_vi && old->sort_order == rec.sort_order) {
      group_ids[g.code] = old->id;
      continue;
    }
    auto id = md.upsert_indicator_group(rec);
    if (!id) return Unexpected{std::move(id).error()};
    group_ids[g.code] = *id;
    ++(old == stored_groups.end() ? report.created : report.updated);
  }
  return {};
}

// The package's indicator `i` as a record in its group, sorted by its place in the package.
store::IndicatorRecord indicator_record(const io::PackageIndicator& p, std::size_t i, std::int64_t group_id) {
  store::IndicatorRecord rec;
  rec.code = p.code;
  rec.group_id = group_id;
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
  return rec;
}

bool same_indicator(const store::IndicatorRecord& o, const store::IndicatorRecord& rec) {
  return o.group_id == rec.group_id && o.number == rec.number && o.name_vi == rec.name_vi && o.name_en == rec.name_en &&
         o.description_vi == rec.description_vi && o.numerator == rec.numerator && o.denominator == rec.denominator &&
         o.factor == rec.factor && o.unit_vi == rec.unit_vi && o.unit_en == rec.unit_en &&
         o.direction == rec.direction && o.decimals == rec.decimals && o.source == rec.source &&
         o.confidence == rec.confidence && o.baseline_year == rec.baseline_year &&
         o.baseline_value == rec.baseline_value && o.sort_order == rec.sort_order &&
         o.min_coverage == rec.min_coverage && o.use_official == rec.use_official;
}

// National targets compared by year, operator, value and onward.
std::string targets_key(std::vector<store::IndicatorTargetRecord> v) {
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.year < b.year; });
  std::string out;
  for (const auto& t : v)
    out += std::to_string(t.year) + std::string(core::to_string(t.op)) + std::to_string(t.value) +
           (t.onward ? "+" : "") + ";";
  return out;
}

core::Result<void> PackageWriter::write_indicator(std::size_t i, const std::map<std::string, std::int64_t>& group_ids,
                                                  const std::vector<store::IndicatorRecord>& stored_indicators,
                                                  const std::vector<store::IndicatorTargetRecord>& stored_targets) {
  const auto& p = pkg.indicators[i];
  const store::IndicatorRecord rec = indicator_record(p, i, group_ids.at(p.group));
  const auto old =
      std::find_if(stored_indicators.begin(), stored_indicators.end(), [&](const auto& x) { return x.code == p.code; });
  std::int64_t indicator_id = 0;
  if (old != stored_indicators.end() && same_indicator(*old, rec)) {
    indicator_id = old->id;
  } else {
    auto id = md.upsert_indicator(rec);
    if (!id) return Unexpected{std::move(id).error()};
    indicator_id = *id;
    ++(old == stored_indicators.end() ? report.created : report.updated);
  }
  std::vector<store::IndicatorTargetRecord> want;
  for (const auto& t : p.targets)  // check_package refused any other operator
    want.push_back({indicator_id, std::nullopt, t.year, t.value, *core::parse_target_operator(t.op), t.onward});
  std::vector<store::IndicatorTargetRecord> have;
  for (const auto& t : stored_targets) {
    if (t.indicator_id == indicator_id && !t.unit_id) have.push_back(t);
  }
  if (targets_key(have) != targets_key(want)) {
    TIENBO_TRY(md.replace_indicator_targets(indicator_id, std::nullopt, want));
    if (old != stored_indicators.end() && same_indicator(*old, rec)) ++report.updated;
  }
  return {};
}

// Indicators and their national targets: inserted or updated by code.
core::Result<void> PackageWriter::write_indicators() {
  auto stored_groups = md.indicator_groups();
  auto stored_indicators = md.indicators();
  auto stored_targets = md.indicator_targets();
  if (!stored_groups || !stored_indicators || !stored_targets) {
    return fail(ErrorCode::Internal, "không đọc được danh mục chỉ tiêu", "cannot read the indicator catalogue");
  }
  std::map<std::string, std::int64_t> group_ids;
  TIENBO_TRY(write_indicator_groups(*stored_groups, group_ids));
  for (std::size_t i = 0; i < pkg.indicators.size(); ++i) {
    TIENBO_TRY(write_indicator(i, group_ids, *stored_indicators, *stored_targets));
  }
  return {};
}

}  // namespace

core::Result<PackageLoadReport> write_package(store::MetadataRepository& md, const io::MetadataPackage& pkg) {
  PackageWriter w{md, pkg, {}, {}, {}, {}, {}, {}, {}, {}};
  TIENBO_TRY(w.write_categories());
  TIENBO_TRY(w.write_combos());
  TIENBO_TRY(w.write_data_elements());
  TIENBO_TRY(w.write_rules());
  for (const auto& f : pkg.forms) TIENBO_TRY(w.write_form(f));
  TIENBO_TRY(w.write_indicators());
  return std::move(w.report);
}

}  // namespace tienbo::services::package_detail
