#include "tienbo/services/metadata_service.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "package_loader.hpp"
#include "tienbo/core/date.hpp"
#include "tienbo/core/embedded_file.hpp"
#include "tienbo/core/json_writer.hpp"
#include "tienbo/io/metadata_package.hpp"
#include "tienbo/services/access_control.hpp"

namespace tienbo::services {

std::span<const core::EmbeddedFile> embedded_vn_gender_equality_package();

using core::ErrorCode;
using core::fail;
using core::Unexpected;

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

bool FormDefinition::reported_by(core::UnitType unit_type, std::string_view hierarchy) const {
  return std::any_of(reporters.begin(), reporters.end(), [&](const store::ReporterRecord& r) {
    return r.unit_type == unit_type && (r.hierarchy == "*" || r.hierarchy == hierarchy);
  });
}

std::optional<std::string> FormDefinition::due_before(core::UnitType unit_type, const core::Period& period) const {
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
                "biểu mẫu " + form.code + " báo cáo theo kỳ " + std::string(core::period_type_name(period_type)) +
                    ", không theo kỳ " + period.code(),
                "form " + form.code + " is reported per " + std::string(core::period_type_name(period_type)) +
                    ", not for " + period.code(),
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
    return fail(ErrorCode::InvalidValue, "không có gói dữ liệu \"" + name + "\"",
                "there is no package \"" + name + "\"", "package");
  }
  std::map<std::string, std::string_view> files;
  for (const auto& f : embedded_vn_gender_equality_package()) files[std::string(f.name)] = f.contents;
  return load_package_files(name, files, actor);
}

core::Result<PackageLoadReport> MetadataService::load_package_files(
    const std::string& name, const std::map<std::string, std::string_view>& files, const Actor& actor) {
  auto pkg = io::parse_metadata_package(files);
  if (!pkg) return Unexpected{std::move(pkg).error()};
  TIENBO_TRY(package_detail::check_package(*pkg));
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto report = package_detail::write_package((*tx)->metadata(), *pkg);
  if (!report) return report;
  if (report->created == 0 && report->updated == 0 && report->new_versions.empty()) return report;  // nothing to write
  core::JsonArray versions;
  for (const auto& v : report->new_versions) versions.add(v);
  TIENBO_TRY(
      (*tx)->audit().append({actor.login, actor.request_id, "import", "metadata", name, std::nullopt, std::nullopt,
                             core::JsonObject()
                                 .add("created", std::int64_t{report->created})
                                 .add("updated", std::int64_t{report->updated})
                                 .add_raw("newFormVersions", versions.str())
                                 .str()}));
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
    if (!num || !den)
      return fail(ErrorCode::Internal, "chỉ tiêu " + rec.code + " có công thức lỗi",
                  "indicator " + rec.code + " does not parse");
    // The group is found before the definition is made: GCC 12 at -O3 takes a default-made group
    // assigned afterwards for one that may be used uninitialised (-Wmaybe-uninitialized).
    const auto group = std::find_if(out->groups.begin(), out->groups.end(),
                                    [&rec](const store::IndicatorGroupRecord& g) { return g.id == rec.group_id; });
    IndicatorDef def{std::move(rec),
                     group != out->groups.end() ? *group : store::IndicatorGroupRecord{},
                     std::move(*num),
                     std::move(*den),
                     {}};
    for (const auto& t : *targets) {
      if (t.indicator_id == def.indicator.id) def.targets.push_back(t);
    }
    out->indicators.push_back(std::move(def));
  }
  return std::shared_ptr<const IndicatorCatalogue>(std::move(out));
}

core::Result<std::shared_ptr<const FormDefinition>> MetadataService::load_definition(
    store::Tx& tx, const store::FormRecord& form, const store::FormVersionRecord& version) {
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
    if (!left || !right)
      return fail(ErrorCode::Internal, "quy tắc " + r.code + " lỗi", "rule " + r.code + " does not parse");
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

core::Result<std::shared_ptr<const FormDefinition>> MetadataService::definition(store::Tx& tx,
                                                                                const std::string& form_code,
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
    const Principal& p, const std::string& indicator, const std::string& unit, const std::vector<TargetInput>& input) {
  std::set<int> years;
  std::vector<store::IndicatorTargetRecord> targets;
  targets.reserve(input.size());
  for (std::size_t i = 0; i < input.size(); ++i) {
    const auto& t = input[i];
    const std::string field = "targets[" + std::to_string(i) + "]";
    const auto op = core::parse_target_operator(t.op);
    if (!op) {
      return fail(ErrorCode::InvalidValue, field + ".operator phải là ge, gt, le, lt, eq hoặc about",
                  field + ".operator must be ge, gt, le, lt, eq or about", field + ".operator");
    }
    if (t.year < 2000 || t.year > 2100 || !years.insert(t.year).second) {
      return fail(ErrorCode::InvalidValue, field + ".year phải là năm từ 2000 đến 2100, không lặp lại",
                  field + ".year must be a year from 2000 to 2100, not repeated", field + ".year");
    }
    if (!std::isfinite(t.value)) {
      return fail(ErrorCode::InvalidValue, field + ".value phải là một số", field + ".value must be a number",
                  field + ".value");
    }
    targets.push_back({0, std::nullopt, t.year, t.value, *op, t.onward});
  }
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto u = (*tx)->units().find_by_code(unit, core::today_in_vietnam());
  if (!u) return Unexpected{std::move(u).error()};
  const auto unit_missing =
      core::make_error(ErrorCode::NotFound, "không có đơn vị " + unit, "there is no unit " + unit);
  if (!*u) return Unexpected{unit_missing};
  TIENBO_TRY(AccessControl::require(**tx, p, auth::Action::CommitteeManage, (*u)->id, "đơn vị " + unit, "unit " + unit,
                                    unit_missing));
  auto list = (*tx)->metadata().indicators();
  if (!list) return Unexpected{std::move(list).error()};
  const auto ind = std::find_if(list->begin(), list->end(), [&](const auto& x) { return x.code == indicator; });
  if (ind == list->end())
    return fail(ErrorCode::NotFound, "không có chỉ tiêu " + indicator, "there is no indicator " + indicator);
  auto stored = (*tx)->metadata().indicator_targets();
  if (!stored) return Unexpected{std::move(stored).error()};
  const auto json = [](const std::vector<store::IndicatorTargetRecord>& list_of) {
    core::JsonArray out;
    for (const auto& t : list_of) {
      char value[40];  // ten significant digits, as the audit trail has always shown targets
      std::snprintf(value, sizeof value, "%.10g", t.value);
      out.add_raw(core::JsonObject()
                      .add("year", std::int64_t{t.year})
                      .add_raw("value", value)
                      .add("operator", core::to_string(t.op))
                      .add("onward", t.onward)
                      .str());
    }
    return out.str();
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
  TIENBO_TRY((*tx)->audit().append({p.login, p.request_id, "update", "indicator_target", indicator + "/" + unit,
                                    (*u)->id, json(before), json(targets)}));
  TIENBO_TRY(commit_and_publish(**tx, changes_, change::kTargets));
  invalidate();
  return targets;
}

core::Result<store::DeadlineRecord> MetadataService::set_deadline(const Principal& p, const std::string& form_code,
                                                                  const std::string& unit_type,
                                                                  store::DeadlineRecord deadline) {
  if (deadline.day < 1 || deadline.day > 31) {
    return fail(ErrorCode::InvalidValue, "ngày (day) phải từ 1 đến 31", "day must be from 1 to 31", "day");
  }
  if (deadline.month_offset < 0 || deadline.month_offset > 12) {
    return fail(ErrorCode::InvalidValue, "số tháng sau kỳ báo cáo (monthOffset) phải từ 0 đến 12",
                "monthOffset must be from 0 to 12", "monthOffset");
  }
  if (deadline.source.size() > 500) {
    return fail(ErrorCode::InvalidValue, "căn cứ (source) dài quá 500 byte", "source is longer than 500 bytes",
                "source");
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
  const auto type = core::parse_unit_type(unit_type);
  if (!type ||
      std::none_of(reporters->begin(), reporters->end(), [&](const auto& r) { return r.unit_type == *type; })) {
    return fail(ErrorCode::InvalidValue, "loại đơn vị " + unit_type + " không báo cáo biểu mẫu " + form_code,
                "unit type " + unit_type + " does not report form " + form_code, "unitType");
  }
  deadline.unit_type = *type;
  auto stored = md.deadlines((*form)->id);
  if (!stored) return Unexpected{std::move(stored).error()};
  const auto json = [](const store::DeadlineRecord& d) {
    return core::JsonObject()
        .add("unitType", core::to_string(d.unit_type))
        .add("monthOffset", std::int64_t{d.month_offset})
        .add("day", std::int64_t{d.day})
        .add("source", d.source)
        .str();
  };
  std::optional<std::string> before;
  for (const auto& d : *stored) {
    if (d.unit_type == deadline.unit_type) before = json(d);
  }
  deadline.set_by = p.login;                              // kept by later package loads
  TIENBO_TRY(md.insert_deadline((*form)->id, deadline));  // inserts or replaces the unit type's deadline
  TIENBO_TRY((*tx)->audit().append({p.login, p.request_id, "update", "form_deadline", form_code + "/" + unit_type,
                                    (*nation)->id, before, json(deadline)}));
  TIENBO_TRY(commit_and_publish(**tx, changes_, change::kMetadata));
  invalidate();
  return deadline;
}

}  // namespace tienbo::services
