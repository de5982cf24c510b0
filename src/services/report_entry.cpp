// Reading a report and saving its values and narratives (typed, bounded, locked while another report holds them).
#include "report_internal.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "tienbo/auth/token.hpp"
#include "tienbo/core/date.hpp"
#include "tienbo/core/json_writer.hpp"
#include "tienbo/core/text.hpp"
#include "tienbo/core/value_syntax.hpp"
#include "tienbo/io/file_types.hpp"
#include "tienbo/io/metadata_package.hpp"
#include "tienbo/services/access_control.hpp"
#include "tienbo/services/search_service.hpp"
#include "tienbo/services/text_input.hpp"

namespace tienbo::services {

using auth::Action;
using core::ErrorCode;
using core::fail;
using core::Unexpected;
using namespace report_detail;

namespace {

// Checks one value for its element's type and bounds and returns what is stored: the
// canonical text read by core::read_value ("1.250" -> "1250", "12,5" -> "12.5").
core::Result<std::string> check_value(const ElementDef& e, const std::string& raw, const std::string& field,
                                      core::NumberSyntax syntax) {
  const std::string name_vi = "\"" + e.element.name_vi + "\"";
  const std::string name_en = "\"" + (e.element.name_en.empty() ? e.element.code : e.element.name_en) + "\"";
  const auto type = e.element.value_type;
  if (type == core::ValueType::Text || type == core::ValueType::LongText) {
    auto text = type == core::ValueType::LongText ? clean_text(raw, field, 20000, Required::Yes, Lines::Many)
                                                  : clean_text(raw, field, 500, Required::Yes);
    if (!text) return Unexpected{std::move(text).error()};
    return *text;
  }
  const core::ValueBounds bounds{e.element.min_value, e.element.max_value};
  auto read = core::read_value(type, raw, bounds, syntax);
  if (auto* v = std::get_if<std::string>(&read)) return std::move(*v);
  const auto problem = std::get<core::ValueProblem>(read);
  const auto text = core::describe(problem, type, bounds);
  // What was typed, cut and made printable, so the message stays readable whatever arrived.
  std::string shown = core::is_valid_utf8(raw) ? raw.substr(0, 80) : std::string("(không phải UTF-8 / not UTF-8)");
  if (!core::is_valid_utf8(shown)) shown = raw.substr(0, 60);
  for (auto& c : shown) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  auto err = core::make_error(ErrorCode::InvalidValue, name_vi + ": " + text.vi + " (giá trị nhập: \"" + shown + "\")",
                              name_en + ": " + text.en + " (value entered: \"" + shown + "\")", field);
  err.value_problem = std::string(core::to_string(problem));
  return Unexpected{std::move(err)};
}

// 422: the value is the register's; it changes in the register, not in the report.
core::Error register_owned(const ElementDef& e, const store::OptionComboRecord& oc, const CellValue& cell,
                           const std::string& field) {
  const std::string option_vi = e.disaggregated() ? " — " + oc.name_vi : "";
  const std::string option_en = e.disaggregated() ? "." + oc.code : "";
  auto err = core::make_error(
      ErrorCode::InvalidValue,
      "\"" + e.element.name_vi + option_vi + "\" lấy từ sổ đăng ký Ban của đơn vị (" + cell.data_source + ": " +
          cell.value + "), không nhập ở báo cáo; nếu số liệu chưa đúng, hãy cập nhật thành viên Ban trong sổ đăng ký",
      e.element.code + option_en + " comes from the unit's committee register (" + cell.data_source + ": " +
          cell.value +
          ") and is not typed in the report; if it is wrong, update the committee's members in the register",
      field);
  err.reason = "register_owned";
  return err;
}

// One value to write, checked: the element and option it goes to and what it becomes.
struct Change {
  const ElementDef* element;
  const store::OptionComboRecord* option;
  std::optional<std::string> value;          // nullopt deletes
  std::optional<std::string> comment;        // nullopt keeps the stored comment
  std::optional<std::string> data_source;    // nullopt keeps the stored source
  const CellValue* register_cell = nullptr;  // the register's figure, when a register owns the value
};

// A save's input once every part of it is valid.
struct CheckedSave {
  std::vector<Change> changes;
  std::map<std::string, std::string> narratives;
};

// The invalid parts of a save: all of them are named in one refusal.
class Rejections {
 public:
  void reject(const core::Error& e) {
    if (bad_ == 0) first_field_ = e.field;
    ++bad_;
    errors_vi_ += "\n  " + e.message_vi;
    errors_en_ += "\n  " + e.message_en;
  }
  [[nodiscard]] bool any() const { return bad_ > 0; }
  [[nodiscard]] Unexpected refusal() const {
    return fail(ErrorCode::InvalidValue, std::to_string(bad_) + " giá trị không hợp lệ, chưa lưu gì:" + errors_vi_,
                std::to_string(bad_) + " invalid value(s), nothing was saved:" + errors_en_, first_field_);
  }

 private:
  std::string errors_vi_;
  std::string errors_en_;
  int bad_ = 0;
  std::string first_field_;
};

// A value's comment and cited source, cleaned; false (and rejected) when one is invalid.
bool clean_notes(const ValueInput& in, const std::string& field, std::optional<std::string>& comment,
                 std::optional<std::string>& data_source, Rejections& rejections) {
  if (in.comment) {
    auto c = clean_text(*in.comment, field + ".comment", 2000, Required::No, Lines::Many);
    if (!c) {
      rejections.reject(c.error());
      return false;
    }
    comment = *c;
  }
  if (in.data_source) {
    auto d = clean_text(*in.data_source, field + ".dataSource", 500, Required::No);
    if (!d) {
      rejections.reject(d.error());
      return false;
    }
    data_source = *d;
  }
  return true;
}

// What a save may change: the form's elements, and the register that owns some of their values.
struct SaveScope {
  const Loaded& l;
  const std::set<std::string>& form_elements;
  const RegisterFigures& reg;
};

// Value `i` of a save checked, or nullopt when it is rejected.
std::optional<Change> checked_change(const SaveScope& scope, const ValueInput& in, std::size_t i,
                                     Rejections& rejections) {
  const std::string field = "values[" + std::to_string(i) + "]";
  const ElementDef* e = scope.form_elements.count(in.element) ? scope.l.def->element_by_code(in.element) : nullptr;
  if (!e) {
    rejections.reject(core::make_error(ErrorCode::InvalidValue, "biểu mẫu không có chỉ tiêu " + in.element,
                                       "the form has no data element " + in.element, field));
    return std::nullopt;
  }
  const std::string option = in.option.empty() && !e->disaggregated() ? "TONG" : in.option;
  const auto* oc = e->option(option);
  if (!oc) {
    std::string list;
    for (const auto& o : e->combo.option_combos) list += (list.empty() ? "" : ", ") + o.code;
    rejections.reject(core::make_error(
        ErrorCode::InvalidValue, "\"" + e->element.name_vi + "\" không có phân tổ \"" + in.option + "\"; chọn: " + list,
        e->element.code + " has no option \"" + in.option + "\"; choose: " + list, field));
    return std::nullopt;
  }
  std::optional<std::string> comment;
  std::optional<std::string> data_source;
  if (!clean_notes(in, field, comment, data_source, rejections)) return std::nullopt;
  const CellValue* owned = nullptr;
  if (auto r = scope.reg.cells.find(e->element.code); r != scope.reg.cells.end()) {
    if (auto c = r->second.find(oc->code); c != r->second.end()) owned = &c->second;
  }
  if (in.value.empty() || core::collapse_spaces(in.value).empty()) {
    if (owned) {
      rejections.reject(register_owned(*e, *oc, *owned, field));
      return std::nullopt;
    }
    return Change{e, oc, std::nullopt, comment, std::nullopt, nullptr};
  }
  auto v = check_value(*e, in.value, field, in.syntax);
  if (!v) {
    rejections.reject(v.error());
    return std::nullopt;
  }
  if (owned && *v != owned->value) {
    rejections.reject(register_owned(*e, *oc, *owned, field));
    return std::nullopt;
  }
  return Change{e, oc, *v, comment, data_source, owned};
}

// Checks every input first; nothing is written unless all of it is valid.
core::Result<CheckedSave> checked_save(const Loaded& l, const RegisterFigures& reg, const SaveCommand& cmd) {
  std::set<std::string> form_elements;
  for (const auto& s : l.def->sections) {
    for (auto id : s.element_ids) form_elements.insert(l.def->elements.at(id).element.code);
  }
  CheckedSave out;
  Rejections rejections;
  for (std::size_t i = 0; i < cmd.values.size(); ++i) {
    if (auto c = checked_change({l, form_elements, reg}, cmd.values[i], i, rejections)) out.changes.push_back(*c);
  }
  for (const auto& [section, text] : cmd.narratives) {
    // Captured by name: clang 14 (the fuzz build) cannot capture a structured binding.
    const bool known = std::any_of(l.def->sections.begin(), l.def->sections.end(), [&code = section](const auto& s) {
      return s.code == code && s.kind == "narrative";
    });
    if (!known) {
      rejections.reject(core::make_error(ErrorCode::InvalidValue, "biểu mẫu không có mục tường thuật " + section,
                                         "the form has no narrative section " + section, "narratives." + section));
      continue;
    }
    auto t = clean_text(text, "narratives." + section, 50000, Required::No, Lines::Many);
    if (!t) {
      rejections.reject(t.error());
      continue;
    }
    out.narratives[section] = *t;
  }
  if (rejections.any()) return rejections.refusal();
  return out;
}

std::optional<CellValue> old_cell(const ValueMap& before, const Change& c) {
  if (auto it = before.find(c.element->element.code); it != before.end()) {
    if (auto cell = it->second.find(c.option->code); cell != it->second.end()) return cell->second;
  }
  return std::nullopt;
}

// One owner per number: a value shared with another form's submitted or approved report of
// this unit and period is locked until that report goes back through its own transition.
core::Result<void> check_not_locked(store::Tx& tx, const Loaded& l, const std::vector<Change>& changes,
                                    const ValueMap& before) {
  std::set<std::int64_t> touched;
  for (const auto& c : changes) {
    const auto old = old_cell(before, c);
    const bool same = c.value ? old && old->value == *c.value && (!c.comment || old->comment == *c.comment) &&
                                    (!c.data_source || c.register_cell || old->data_source == *c.data_source) &&
                                    (!c.register_cell || (old->source == c.register_cell->source &&
                                                          old->data_source == c.register_cell->data_source))
                              : !old;
    if (!same) touched.insert(c.element->element.id);
  }
  if (!touched.empty()) {
    const std::vector<std::int64_t> ids(touched.begin(), touched.end());
    auto locks = tx.reports().locking_reports(l.unit.id, l.period.code(), ids, l.def->form.id);
    if (!locks) return Unexpected{std::move(locks).error()};
    if (!locks->empty()) return Unexpected{locked_by_other_report(l, *locks)};
  }
  return {};
}

// What a save wrote: the audit's before and after, how many cells and narratives, the numeric
// values to announce.
struct Written {
  core::JsonObject audit_before;
  core::JsonObject audit_after;
  int changed = 0;
  std::vector<ValueChange> committed;
};

// Who saves, when, to which report.
struct SaveTarget {
  store::Tx& tx;
  const Principal& p;
  const Loaded& l;
  const std::string& ts;
};

// Writes one checked value (a delete, or an upsert when it differs from the stored one).
core::Result<void> write_change(const SaveTarget& t, const Change& c, const ValueMap& before, Written& w) {
  const Loaded& l = t.l;
  const std::string key = c.element->element.code + "." + c.option->code;
  const std::optional<CellValue> old = old_cell(before, c);
  if (!c.value) {
    if (!old) return {};
    TIENBO_TRY(t.tx.values().delete_value(c.element->element.id, l.period.code(), l.unit.id, c.option->id));
    if (c.element->numeric())
      w.committed.push_back({c.element->element.id, c.option->id, l.unit.id, l.period.code(), std::nullopt});
  } else {
    const std::string comment = c.comment ? *c.comment : (old ? old->comment : std::string());
    // A register's figure carries the register's source; otherwise what the person cited (or kept).
    const std::string source = c.register_cell ? c.register_cell->source : std::string("entered");
    const std::string data_source = c.register_cell ? c.register_cell->data_source
                                    : c.data_source ? *c.data_source
                                                    : (old ? old->data_source : std::string());
    if (old && old->value == *c.value && old->comment == comment && old->source == source &&
        old->data_source == data_source)
      return {};
    store::DataValueRecord dv;
    dv.data_element_id = c.element->element.id;
    dv.period = l.period.code();
    dv.unit_id = l.unit.id;
    dv.option_combo_id = c.option->id;
    dv.value = *c.value;
    if (c.element->numeric()) dv.numeric_value = as_number(*c.value);
    dv.comment = comment;
    dv.updated_by = t.p.login;
    dv.updated_at = t.ts;
    dv.source = source;
    dv.data_source = data_source;
    TIENBO_TRY(t.tx.values().upsert_value(dv));
    if (c.element->numeric())
      w.committed.push_back({dv.data_element_id, dv.option_combo_id, dv.unit_id, dv.period, dv.numeric_value});
  }
  ++w.changed;
  if (old)
    w.audit_before.add(key, old->value);
  else
    w.audit_before.add_null(key);
  if (c.value)
    w.audit_after.add(key, *c.value);
  else
    w.audit_after.add_null(key);
  return {};
}

// Writes the narratives that differ from the stored ones, and indexes them for search.
core::Result<void> write_narratives(const SaveTarget& t, const std::map<std::string, std::string>& narratives,
                                    Written& w) {
  const Loaded& l = t.l;
  std::map<std::string, std::string> stored_narratives;
  {
    auto stored = t.tx.reports().narratives(l.report->id);
    if (!stored) return Unexpected{std::move(stored).error()};
    for (auto& n : *stored) stored_narratives[n.section_code] = std::move(n.body);
  }
  for (const auto& [section, text] : narratives) {
    if (auto it = stored_narratives.find(section); it != stored_narratives.end() ? it->second == text : text.empty())
      continue;
    TIENBO_TRY(t.tx.reports().upsert_narrative(l.report->id, {section, text, t.p.login, t.ts}));
    TIENBO_TRY(index_narrative(t.tx, narrative_ref(l, section), l.unit.id, narrative_title(l, section), text));
    ++w.changed;
    w.audit_after.add("narrative." + section, std::to_string(text.size()) + " bytes");
    w.audit_before.add_null("narrative." + section);
  }
  return {};
}

}  // namespace

core::Result<ReportView> ReportService::get(const Principal& p, const std::string& form, const std::string& unit,
                                            const std::string& period) {
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataRead, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  return build_view(**tx, p, *l);
}

core::Result<ReportView> ReportService::save(const Principal& p, const std::string& form, const std::string& unit,
                                             const std::string& period, const SaveCommand& cmd) {
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataEdit, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  if (l->report && !is_editable(l->report->status)) {
    return fail(ErrorCode::Conflict,
                "báo cáo " + status_vi(l->report->status) +
                    ", không sửa được; nếu cần sửa, hãy đề nghị cấp trên trả lại hoặc mở lại",
                "the report is " + std::string(to_string(l->report->status)) +
                    " and cannot be changed; ask the level above to return or reopen it",
                "status");
  }
  TIENBO_TRY(check_version(*l, cmd.version));
  // The register's figures (the committee's members) are not typed: a value that differs from
  // the register is refused, naming the field; one that agrees may carry a comment.
  auto reg = register_figures(**tx, *l);
  if (!reg) return Unexpected{std::move(reg).error()};
  auto input = checked_save(*l, *reg, cmd);
  if (!input) return Unexpected{std::move(input).error()};

  const std::string ts = now();
  TIENBO_TRY(ensure_report(**tx, *l, ts));
  auto before = read_values(**tx, *l->def, l->period.code(), l->unit.id);
  if (!before) return Unexpected{std::move(before).error()};
  TIENBO_TRY(check_not_locked(**tx, *l, input->changes, *before));
  Written w;
  const SaveTarget target{**tx, p, *l, ts};
  for (const auto& c : input->changes) TIENBO_TRY(write_change(target, c, *before, w));
  TIENBO_TRY(write_narratives(target, input->narratives, w));
  core::JsonObject& audit_before = w.audit_before;
  core::JsonObject& audit_after = w.audit_after;
  const int changed = w.changed;
  std::vector<ValueChange>& committed = w.committed;
  // Whatever was sent, the register's figures are what the report holds while it can be edited.
  auto from_register = store_register_figures(**tx, p, *l, *reg, ts, committed);
  if (!from_register) return Unexpected{std::move(from_register).error()};
  if (changed == 0 && *from_register == 0 && l->report->version > 0) {
    // Nothing changed: keep the version, so nobody else's save becomes stale for nothing.
    auto ended = finish_writes(**tx, *l);
    if (!ended) return Unexpected{std::move(ended).error()};
    return build_view(**tx, p, *l);
  }
  store::ReportRecord r = *l->report;
  const std::int64_t expected = r.version;
  r.version = expected + 1;
  r.updated_at = ts;
  auto updated = (*tx)->reports().update_status(r, expected);
  if (!updated) return Unexpected{std::move(updated).error()};
  if (!*updated) return Unexpected{stale(expected + 1, expected)};
  l->report = r;
  if (changed > 0 || *from_register == 0) {
    TIENBO_TRY((*tx)->audit().append({p.login, p.request_id, "save", "report",
                                      l->def->form.code + "/" + l->unit.code + "/" + l->period.code(), l->unit.id,
                                      audit_before.str(), audit_after.str()}));
  }
  // Other instances on the same PostgreSQL hear of the change when it commits.
  if (listener_ && !committed.empty())
    TIENBO_TRY((*tx)->notify(kValuesChannel, encode_value_changes(listener_->origin(), committed)));
  auto ended = finish_writes(**tx, *l);
  if (!ended) return Unexpected{std::move(ended).error()};
  if (*ended) announce(committed);
  auto view = build_view(**tx, p, *l);
  if (!view) return Unexpected{std::move(view).error()};
  TIENBO_TRY((*tx)->commit());
  if (!*ended) announce(committed);
  return view;
}

}  // namespace tienbo::services
