#include "sql_common.hpp"
#include "sql_metadata_rows.hpp"

namespace tienbo::store::sql {
namespace {

class SqlMetadataRepository final : public MetadataRepository {
 public:
  SqlMetadataRepository(db::Connection& c, ReportDataWrites* writes) : c_(c), writes_(writes) {}

  Result<std::optional<std::int64_t>> find_category(std::string_view code) override {
    auto r = c_.query("SELECT id FROM category WHERE code = $1", {code});
    if (!r) return Unexpected{std::move(r).error()};
    if (r->empty()) return std::optional<std::int64_t>{};
    return std::optional<std::int64_t>(r->get_int(0, 0));
  }
  Result<std::int64_t> insert_category(std::string_view code, std::string_view vi, std::string_view en) override {
    if (writes_ != nullptr) writes_->everything();
    return id(
        c_.query("INSERT INTO category (code, name_vi, name_en) VALUES ($1, $2, $3) RETURNING id", {code, vi, en}));
  }
  Result<std::int64_t> insert_category_option(std::int64_t category_id, std::string_view code, std::string_view vi,
                                              std::string_view en, int sort_order) override {
    if (writes_ != nullptr) writes_->everything();
    return id(c_.query(
        "INSERT INTO category_option (category_id, code, name_vi, name_en, sort_order) VALUES ($1, $2, $3, $4, $5)"
        " RETURNING id",
        {category_id, code, vi, en, std::int64_t{sort_order}}));
  }
  Result<std::int64_t> insert_combo(std::string_view code, std::string_view vi, std::string_view en,
                                    const std::vector<std::int64_t>& category_ids) override {
    if (writes_ != nullptr) writes_->everything();
    auto combo = id(c_.query("INSERT INTO category_combo (code, name_vi, name_en) VALUES ($1, $2, $3) RETURNING id",
                             {code, vi, en}));
    if (!combo) return combo;
    for (std::size_t i = 0; i < category_ids.size(); ++i) {
      auto n = c_.execute("INSERT INTO category_combo_category (combo_id, category_id, position) VALUES ($1, $2, $3)",
                          {*combo, category_ids[i], static_cast<std::int64_t>(i)});
      if (!n) return Unexpected{std::move(n).error()};
    }
    return combo;
  }
  Result<std::int64_t> insert_option_combo(std::int64_t combo_id, std::string_view code, std::string_view vi,
                                           std::string_view en, int sort_order) override {
    if (writes_ != nullptr) writes_->everything();
    return id(
        c_.query("INSERT INTO category_option_combo (combo_id, code, name_vi, name_en, sort_order)"
                 " VALUES ($1, $2, $3, $4, $5) RETURNING id",
                 {combo_id, code, vi, en, std::int64_t{sort_order}}));
  }
  Result<std::vector<ComboRecord>> combos() override {
    auto r = c_.query(
        "SELECT c.id, c.code, c.name_vi, c.name_en, o.id AS option_id, o.code AS option_code, o.name_vi AS "
        "option_name_vi,"
        " o.name_en AS option_name_en FROM category_combo c"
        " JOIN category_option_combo o ON o.combo_id = c.id ORDER BY c.id, o.sort_order");
    if (!r) return Unexpected{std::move(r).error()};
    std::vector<ComboRecord> out;
    const auto id = r->column("id"), code = r->column("code"), vi = r->column("name_vi"), en = r->column("name_en");
    const auto o_id = r->column("option_id"), o_code = r->column("option_code");
    const auto o_vi = r->column("option_name_vi"), o_en = r->column("option_name_en");
    for (std::size_t i = 0; i < r->size(); ++i) {
      if (out.empty() || out.back().id != r->get_int(i, id)) {
        out.push_back({r->get_int(i, id), r->get_text(i, code), r->get_text(i, vi), r->get_text(i, en), {}});
      }
      out.back().option_combos.push_back(
          {r->get_int(i, o_id), r->get_text(i, o_code), r->get_text(i, o_vi), r->get_text(i, o_en)});
    }
    return out;
  }
  Result<std::int64_t> insert_data_element(const DataElementRecord& d) override {
    if (writes_ != nullptr) writes_->everything();
    return id(c_.query(
        "INSERT INTO data_element (code, name_vi, name_en, description_vi, value_type, aggregation, zero_significant, "
        "combo_id,"
        " min_value, max_value, scope, instruction_vi, instruction_en, contributors)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        {std::string_view(d.code), std::string_view(d.name_vi), std::string_view(d.name_en),
         std::string_view(d.description_vi), core::to_string(d.value_type), std::string_view(d.aggregation),
         d.zero_significant, d.combo_id, opt_double(d.min_value), opt_double(d.max_value), std::string_view(d.scope),
         std::string_view(d.instruction_vi), std::string_view(d.instruction_en), std::string_view(d.contributors)}));
  }
  Result<std::vector<DataElementRecord>> data_elements() override {
    auto r = c_.query(
        "SELECT id, code, name_vi, name_en, description_vi, value_type, aggregation, zero_significant, combo_id,"
        " min_value, max_value, scope, instruction_vi, instruction_en, contributors FROM data_element ORDER BY code");
    if (!r) return Unexpected{std::move(r).error()};
    return read_data_elements(*r);
  }
  Result<std::optional<FormRecord>> find_form(std::string_view code) override {
    auto r =
        c_.query("SELECT id, code, name_vi, name_en, period_type, expected_periods FROM form WHERE code = $1", {code});
    if (!r) return Unexpected{std::move(r).error()};
    if (r->empty()) return std::optional<FormRecord>{};
    return std::optional<FormRecord>(read_forms(*r).front());
  }
  Result<std::vector<FormRecord>> forms() override {
    auto r = c_.query("SELECT id, code, name_vi, name_en, period_type, expected_periods FROM form ORDER BY code");
    if (!r) return Unexpected{std::move(r).error()};
    return read_forms(*r);
  }
  Result<std::int64_t> insert_form(const FormRecord& f) override {
    if (writes_ != nullptr) writes_->everything();
    return id(
        c_.query("INSERT INTO form (code, name_vi, name_en, period_type, expected_periods) VALUES ($1, $2, $3, $4, $5)"
                 " RETURNING id",
                 {std::string_view(f.code), std::string_view(f.name_vi), std::string_view(f.name_en),
                  std::string_view(f.period_type), std::string_view(f.expected_periods)}));
  }
  Result<std::int64_t> insert_form_version(std::int64_t form_id, int version_no,
                                           std::string_view from_period) override {
    if (writes_ != nullptr) writes_->everything();
    const std::string ts = now();
    return id(c_.query(
        "INSERT INTO form_version (form_id, version_no, from_period, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        {form_id, std::int64_t{version_no}, from_period, std::string_view(ts)}));
  }
  Result<std::vector<FormVersionRecord>> form_versions(std::int64_t form_id) override {
    auto r =
        c_.query("SELECT id, form_id, version_no, from_period FROM form_version WHERE form_id = $1 ORDER BY version_no",
                 {form_id});
    if (!r) return Unexpected{std::move(r).error()};
    std::vector<FormVersionRecord> out;
    const auto id = r->column("id"), form = r->column("form_id"), no = r->column("version_no");
    const auto from = r->column("from_period");
    for (std::size_t i = 0; i < r->size(); ++i) {
      out.push_back(
          {r->get_int(i, id), r->get_int(i, form), static_cast<int>(r->get_int(i, no)), r->get_text(i, from)});
    }
    return out;
  }
  Result<std::int64_t> insert_section(std::int64_t version_id, const SectionRecord& s, int sort_order) override {
    if (writes_ != nullptr) writes_->everything();
    auto sid =
        id(c_.query("INSERT INTO form_section (form_version_id, code, kind, title_vi, title_en, sort_order)"
                    " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                    {version_id, std::string_view(s.code), std::string_view(s.kind), std::string_view(s.title_vi),
                     std::string_view(s.title_en), std::int64_t{sort_order}}));
    if (!sid) return sid;
    for (std::size_t i = 0; i < s.element_ids.size(); ++i) {
      auto n =
          c_.execute("INSERT INTO form_section_element (section_id, data_element_id, sort_order) VALUES ($1, $2, $3)",
                     {*sid, s.element_ids[i], static_cast<std::int64_t>(i)});
      if (!n) return Unexpected{std::move(n).error()};
    }
    return sid;
  }
  Result<std::vector<SectionRecord>> sections(std::int64_t version_id) override {
    auto r = c_.query(
        "SELECT s.id, s.code, s.kind, s.title_vi, s.title_en, e.data_element_id FROM form_section s"
        " LEFT JOIN form_section_element e ON e.section_id = s.id WHERE s.form_version_id = $1"
        " ORDER BY s.sort_order, e.sort_order",
        {version_id});
    if (!r) return Unexpected{std::move(r).error()};
    std::vector<SectionRecord> out;
    const auto id = r->column("id"), code = r->column("code"), kind = r->column("kind");
    const auto vi = r->column("title_vi"), en = r->column("title_en"), element = r->column("data_element_id");
    for (std::size_t i = 0; i < r->size(); ++i) {
      if (out.empty() || out.back().id != r->get_int(i, id)) {
        out.push_back({r->get_int(i, id),
                       r->get_text(i, code),
                       r->get_text(i, kind),
                       r->get_text(i, vi),
                       r->get_text(i, en),
                       {}});
      }
      if (!r->is_null(i, element)) out.back().element_ids.push_back(r->get_int(i, element));
    }
    return out;
  }
  Result<void> insert_reporter(std::int64_t form_id, const ReporterRecord& rep) override {
    if (writes_ != nullptr) writes_->everything();
    return done(c_.execute("INSERT INTO form_reporter (form_id, unit_type, hierarchy) VALUES ($1, $2, $3)",
                           {form_id, core::to_string(rep.unit_type), std::string_view(rep.hierarchy)}));
  }
  Result<std::vector<ReporterRecord>> reporters(std::int64_t form_id) override {
    auto r =
        c_.query("SELECT unit_type, hierarchy FROM form_reporter WHERE form_id = $1 ORDER BY unit_type", {form_id});
    if (!r) return Unexpected{std::move(r).error()};
    std::vector<ReporterRecord> out;
    const auto unit_type = r->column("unit_type");
    const auto hierarchy = r->column("hierarchy");
    for (std::size_t i = 0; i < r->size(); ++i) {
      auto type = enum_at(*r, i, unit_type, &core::parse_unit_type, "form_reporter.unit_type");
      if (!type) return Unexpected{std::move(type).error()};
      out.push_back({*type, r->get_text(i, hierarchy)});
    }
    return out;
  }
  Result<void> insert_deadline(std::int64_t form_id, const DeadlineRecord& d) override {
    if (writes_ != nullptr) writes_->everything();
    return done(
        c_.execute("INSERT INTO form_deadline (form_id, unit_type, month_offset, day, source, set_by)"
                   " VALUES ($1, $2, $3, $4, $5, $6)"
                   " ON CONFLICT (form_id, unit_type) DO UPDATE SET month_offset = excluded.month_offset,"
                   " day = excluded.day, source = excluded.source, set_by = excluded.set_by",
                   {form_id, core::to_string(d.unit_type), std::int64_t{d.month_offset}, std::int64_t{d.day},
                    std::string_view(d.source), std::string_view(d.set_by)}));
  }
  Result<std::vector<DeadlineRecord>> deadlines(std::int64_t form_id) override {
    auto r = c_.query(
        "SELECT unit_type, month_offset, day, source, set_by FROM form_deadline WHERE form_id = $1 ORDER BY unit_type",
        {form_id});
    if (!r) return Unexpected{std::move(r).error()};
    std::vector<DeadlineRecord> out;
    const auto unit_type = r->column("unit_type");
    const auto month_offset = r->column("month_offset");
    const auto day = r->column("day");
    const auto source = r->column("source");
    const auto set_by = r->column("set_by");
    for (std::size_t i = 0; i < r->size(); ++i) {
      auto type = enum_at(*r, i, unit_type, &core::parse_unit_type, "form_deadline.unit_type");
      if (!type) return Unexpected{std::move(type).error()};
      out.push_back({*type, static_cast<int>(r->get_int(i, month_offset)), static_cast<int>(r->get_int(i, day)),
                     r->get_text(i, source), r->get_text(i, set_by)});
    }
    return out;
  }
  Result<std::int64_t> insert_rule(const RuleRecord& v) override {
    if (writes_ != nullptr) writes_->everything();
    return id(
        c_.query("INSERT INTO validation_rule (code, name_vi, left_expr, operator, right_expr, missing_strategy, "
                 "importance, severity,"
                 " comment_satisfies, message_vi, message_en) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
                 "RETURNING id",
                 {std::string_view(v.code), std::string_view(v.name_vi), std::string_view(v.left_expr),
                  core::to_string(v.op), std::string_view(v.right_expr), core::to_string(v.missing_strategy),
                  core::to_string(v.importance), core::to_string(v.severity), std::string_view(v.comment_satisfies),
                  std::string_view(v.message_vi), std::string_view(v.message_en)}));
  }
  Result<void> attach_rule(std::int64_t form_id, std::int64_t rule_id) override {
    if (writes_ != nullptr) writes_->everything();
    return done(c_.execute("INSERT INTO form_validation_rule (form_id, rule_id) VALUES ($1, $2)", {form_id, rule_id}));
  }
  Result<std::vector<RuleRecord>> rules_for_form(std::int64_t form_id) override {
    return read_rules(
        c_.query("SELECT v.id, v.code, v.name_vi, v.left_expr, v.operator, v.right_expr, v.missing_strategy,"
                 " v.importance, v.severity, v.comment_satisfies, v.message_vi, v.message_en FROM validation_rule v"
                 " JOIN form_validation_rule f ON f.rule_id = v.id WHERE f.form_id = $1 ORDER BY v.code",
                 {form_id}));
  }

  Result<std::vector<RuleRecord>> rules() override {
    return read_rules(
        c_.query("SELECT id, code, name_vi, left_expr, operator, right_expr, missing_strategy, importance, severity,"
                 " comment_satisfies, message_vi, message_en FROM validation_rule ORDER BY code"));
  }
  Result<void> update_rule(const RuleRecord& v) override {
    if (writes_ != nullptr) writes_->everything();
    return done(c_.execute(
        "UPDATE validation_rule SET name_vi = $2, left_expr = $3, operator = $4, right_expr = $5, missing_strategy = "
        "$6,"
        " importance = $7, severity = $8, comment_satisfies = $9, message_vi = $10, message_en = $11 WHERE id = $1",
        {v.id, std::string_view(v.name_vi), std::string_view(v.left_expr), core::to_string(v.op),
         std::string_view(v.right_expr), core::to_string(v.missing_strategy), core::to_string(v.importance),
         core::to_string(v.severity), std::string_view(v.comment_satisfies), std::string_view(v.message_vi),
         std::string_view(v.message_en)}));
  }
  Result<void> update_data_element(const DataElementRecord& d) override {
    if (writes_ != nullptr) writes_->everything();
    return done(
        c_.execute("UPDATE data_element SET name_vi = $2, name_en = $3, description_vi = $4, aggregation = $5,"
                   " zero_significant = $6, min_value = $7, max_value = $8, scope = $9, instruction_vi = $10,"
                   " instruction_en = $11, contributors = $12 WHERE id = $1",
                   {d.id, std::string_view(d.name_vi), std::string_view(d.name_en), std::string_view(d.description_vi),
                    std::string_view(d.aggregation), d.zero_significant, opt_double(d.min_value),
                    opt_double(d.max_value), std::string_view(d.scope), std::string_view(d.instruction_vi),
                    std::string_view(d.instruction_en), std::string_view(d.contributors)}));
  }
  Result<void> update_form(const FormRecord& f) override {
    if (writes_ != nullptr) writes_->everything();
    return done(c_.execute(
        "UPDATE form SET name_vi = $2, name_en = $3, expected_periods = $4 WHERE id = $1",
        {f.id, std::string_view(f.name_vi), std::string_view(f.name_en), std::string_view(f.expected_periods)}));
  }
  Result<void> clear_form_links(std::int64_t form_id) override {
    if (writes_ != nullptr) writes_->everything();
    for (const char* sql :
         {"DELETE FROM form_reporter WHERE form_id = $1", "DELETE FROM form_deadline WHERE form_id = $1",
          "DELETE FROM form_validation_rule WHERE form_id = $1"}) {
      auto n = c_.execute(sql, {form_id});
      if (!n) return Unexpected{std::move(n).error()};
    }
    return {};
  }

  Result<std::vector<IndicatorGroupRecord>> indicator_groups() override {
    auto r = c_.query(
        "SELECT id, code, name_vi, name_en, source_vi, sort_order FROM indicator_group ORDER BY sort_order, code");
    if (!r) return Unexpected{std::move(r).error()};
    std::vector<IndicatorGroupRecord> out;
    const auto id = r->column("id"), code = r->column("code"), vi = r->column("name_vi"), en = r->column("name_en");
    const auto source = r->column("source_vi"), sort = r->column("sort_order");
    for (std::size_t i = 0; i < r->size(); ++i) {
      out.push_back({r->get_int(i, id), r->get_text(i, code), r->get_text(i, vi), r->get_text(i, en),
                     r->get_text(i, source), static_cast<int>(r->get_int(i, sort))});
    }
    return out;
  }
  Result<std::int64_t> upsert_indicator_group(const IndicatorGroupRecord& g) override {
    if (writes_ != nullptr) writes_->everything();
    auto found = c_.query("SELECT id FROM indicator_group WHERE code = $1", {std::string_view(g.code)});
    if (!found) return Unexpected{std::move(found).error()};
    if (!found->empty()) {
      const auto gid = found->get_int(0, 0);
      auto n = c_.execute(
          "UPDATE indicator_group SET name_vi = $2, name_en = $3, source_vi = $4, sort_order = $5 WHERE id = $1",
          {gid, std::string_view(g.name_vi), std::string_view(g.name_en), std::string_view(g.source_vi),
           std::int64_t{g.sort_order}});
      if (!n) return Unexpected{std::move(n).error()};
      return gid;
    }
    return id(c_.query(
        "INSERT INTO indicator_group (code, name_vi, name_en, source_vi, sort_order) VALUES ($1, $2, $3, $4, $5)"
        " RETURNING id",
        {std::string_view(g.code), std::string_view(g.name_vi), std::string_view(g.name_en),
         std::string_view(g.source_vi), std::int64_t{g.sort_order}}));
  }
  Result<std::vector<IndicatorRecord>> indicators() override {
    auto r = c_.query(
        "SELECT id, code, group_id, number, name_vi, name_en, description_vi, numerator, denominator, factor,"
        " unit_vi, unit_en, direction, decimals, source, confidence, baseline_year, baseline_value, sort_order,"
        " min_coverage, use_official FROM indicator ORDER BY sort_order, code");
    if (!r) return Unexpected{std::move(r).error()};
    return read_indicators(*r);
  }
  Result<std::int64_t> upsert_indicator(const IndicatorRecord& x) override {
    if (writes_ != nullptr) writes_->everything();
    auto found = c_.query("SELECT id FROM indicator WHERE code = $1", {std::string_view(x.code)});
    if (!found) return Unexpected{std::move(found).error()};
    const db::Param baseline_year = x.baseline_year ? db::Param(std::int64_t{*x.baseline_year}) : db::Param(nullptr);
    const db::Param baseline_value = x.baseline_value ? db::Param(*x.baseline_value) : db::Param(nullptr);
    if (!found->empty()) {
      const auto iid = found->get_int(0, 0);
      auto n = c_.execute(
          "UPDATE indicator SET group_id = $2, number = $3, name_vi = $4, name_en = $5, description_vi = $6, numerator "
          "= $7,"
          " denominator = $8, factor = $9, unit_vi = $10, unit_en = $11, direction = $12, decimals = $13, source = $14,"
          " confidence = $15, baseline_year = $16, baseline_value = $17, sort_order = $18, min_coverage = $19,"
          " use_official = $20 WHERE id = $1",
          {iid,
           x.group_id,
           std::string_view(x.number),
           std::string_view(x.name_vi),
           std::string_view(x.name_en),
           std::string_view(x.description_vi),
           std::string_view(x.numerator),
           std::string_view(x.denominator),
           x.factor,
           std::string_view(x.unit_vi),
           std::string_view(x.unit_en),
           std::string_view(x.direction),
           std::int64_t{x.decimals},
           std::string_view(x.source),
           std::string_view(x.confidence),
           baseline_year,
           baseline_value,
           std::int64_t{x.sort_order},
           x.min_coverage,
           std::int64_t{x.use_official ? 1 : 0}});
      if (!n) return Unexpected{std::move(n).error()};
      return iid;
    }
    return id(
        c_.query("INSERT INTO indicator (code, group_id, number, name_vi, name_en, description_vi, numerator, "
                 "denominator, factor, unit_vi,"
                 " unit_en, direction, decimals, source, confidence, baseline_year, baseline_value, sort_order, "
                 "min_coverage, use_official)"
                 " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) "
                 "RETURNING id",
                 {std::string_view(x.code),
                  x.group_id,
                  std::string_view(x.number),
                  std::string_view(x.name_vi),
                  std::string_view(x.name_en),
                  std::string_view(x.description_vi),
                  std::string_view(x.numerator),
                  std::string_view(x.denominator),
                  x.factor,
                  std::string_view(x.unit_vi),
                  std::string_view(x.unit_en),
                  std::string_view(x.direction),
                  std::int64_t{x.decimals},
                  std::string_view(x.source),
                  std::string_view(x.confidence),
                  baseline_year,
                  baseline_value,
                  std::int64_t{x.sort_order},
                  x.min_coverage,
                  std::int64_t{x.use_official ? 1 : 0}}));
  }
  Result<std::vector<IndicatorTargetRecord>> indicator_targets() override {
    auto r = c_.query(
        "SELECT indicator_id, unit_id, year, value, operator, onward FROM indicator_target"
        " ORDER BY indicator_id, unit_id, year");
    if (!r) return Unexpected{std::move(r).error()};
    return read_indicator_targets(*r);
  }
  Result<void> replace_indicator_targets(std::int64_t indicator_id, std::optional<std::int64_t> unit_id,
                                         const std::vector<IndicatorTargetRecord>& targets) override {
    if (writes_ != nullptr) writes_->everything();
    auto n = unit_id ? c_.execute("DELETE FROM indicator_target WHERE indicator_id = $1 AND unit_id = $2",
                                  {indicator_id, *unit_id})
                     : c_.execute("DELETE FROM indicator_target WHERE indicator_id = $1 AND unit_id IS NULL",
                                  {indicator_id});
    if (!n) return Unexpected{std::move(n).error()};
    for (const auto& t : targets) {
      const db::Param unit = unit_id ? db::Param(*unit_id) : db::Param(nullptr);
      auto k = c_.execute(
          "INSERT INTO indicator_target (indicator_id, unit_id, year, value, operator, onward)"
          " VALUES ($1, $2, $3, $4, $5, $6)",
          {indicator_id, unit, std::int64_t{t.year}, t.value, core::to_string(t.op), t.onward});
      if (!k) return Unexpected{std::move(k).error()};
    }
    return {};
  }

 private:
  // Rows of the twelve validation_rule columns, read by name.
  static Result<std::vector<RuleRecord>> read_rules(Result<db::Rows>&& r) {
    if (!r) return Unexpected{std::move(r).error()};
    std::vector<RuleRecord> out;
    const auto id = r->column("id");
    const auto code = r->column("code");
    const auto name_vi = r->column("name_vi");
    const auto left = r->column("left_expr");
    const auto op_col = r->column("operator");
    const auto right = r->column("right_expr");
    const auto missing_col = r->column("missing_strategy");
    const auto importance_col = r->column("importance");
    const auto severity_col = r->column("severity");
    const auto comment_satisfies = r->column("comment_satisfies");
    const auto message_vi = r->column("message_vi");
    const auto message_en = r->column("message_en");
    for (std::size_t i = 0; i < r->size(); ++i) {
      auto op = enum_at(*r, i, op_col, &core::parse_rule_operator, "validation_rule.operator");
      if (!op) return Unexpected{std::move(op).error()};
      auto missing = enum_at(*r, i, missing_col, &core::parse_missing_strategy, "validation_rule.missing_strategy");
      if (!missing) return Unexpected{std::move(missing).error()};
      auto importance = enum_at(*r, i, importance_col, &core::parse_rule_importance, "validation_rule.importance");
      if (!importance) return Unexpected{std::move(importance).error()};
      auto severity = enum_at(*r, i, severity_col, &core::parse_rule_severity, "validation_rule.severity");
      if (!severity) return Unexpected{std::move(severity).error()};
      out.push_back({r->get_int(i, id), r->get_text(i, code), r->get_text(i, name_vi), r->get_text(i, left), *op,
                     r->get_text(i, right), *missing, *importance, *severity, r->get_text(i, comment_satisfies),
                     r->get_text(i, message_vi), r->get_text(i, message_en)});
    }
    return out;
  }
  static Result<std::int64_t> id(Result<db::Rows>&& r) {
    if (!r) return Unexpected{std::move(r).error()};
    return r->get_int(0, 0);
  }
  static Result<void> done(Result<std::int64_t>&& n) {
    if (!n) return Unexpected{std::move(n).error()};
    return {};
  }
  db::Connection& c_;
  ReportDataWrites* writes_ = nullptr;  // every change here may reach any report
};

}  // namespace

std::unique_ptr<MetadataRepository> make_metadata_repository(db::Connection& c, ReportDataWrites* writes) {
  return std::make_unique<SqlMetadataRepository>(c, writes);
}

}  // namespace tienbo::store::sql
