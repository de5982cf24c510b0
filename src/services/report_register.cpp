// Figures a register owns: the committee's members (BAN_THANH_VIEN, by sex) and whether the
// unit has a committee (BAN_DA_KIEN_TOAN) come from the committee register (CommitteeService's
// tables), not from typing. While a report can be edited, its view offers the register's
// figures and every save or submission stores them (source "register"); a submitted or approved
// report keeps what it was submitted with, whatever the register says later.
#include "report_internal.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "tienbo/core/date.hpp"
#include "tienbo/core/json_writer.hpp"
#include "tienbo/core/text.hpp"

namespace tienbo::services::report_detail {

using core::Unexpected;

namespace {

constexpr std::string_view kMembers = "BAN_THANH_VIEN";        // members serving, by sex (NU, NAM)
constexpr std::string_view kEstablished = "BAN_DA_KIEN_TOAN";  // the unit has a committee

// The form's element with this code, when one of its sections holds it.
const ElementDef* form_element(const FormDefinition& def, std::string_view code) {
  const ElementDef* e = def.element_by_code(code);
  if (!e) return nullptr;
  for (const auto& s : def.sections) {
    if (std::find(s.element_ids.begin(), s.element_ids.end(), e->element.id) != s.element_ids.end()) return e;
  }
  return nullptr;
}

// "Sổ đăng ký Ban — QĐ số 2345/QĐ-UBND ngày 02/03/2026": the latest decision in force on `as_of`
// (the last consolidation that took effect, or the establishing decision).
std::string citation(store::Tx& tx, const store::CommitteeRecord& c, const std::string& as_of) {
  std::string number = c.decision_number;
  std::string date = c.decision_date;
  if (auto list = tx.committees().consolidations(c.id)) {
    for (const auto& k : *list) {
      if (k.effective_date <= as_of && !k.decision_number.empty()) {
        number = k.decision_number;
        date = k.decision_date;
      }
    }
  }
  std::string out = "Sổ đăng ký Ban";
  if (!number.empty()) out += " — QĐ số " + number;
  if (!date.empty()) out += " ngày " + core::format_date_vi(date);
  return out;
}

}  // namespace

bool expects_committee(core::UnitType unit_type) {
  using core::UnitType;
  return unit_type == UnitType::Province || unit_type == UnitType::District || unit_type == UnitType::Commune ||
         unit_type == UnitType::Ministry || unit_type == UnitType::Sector;
}

core::Result<RegisterFigures> register_figures(store::Tx& tx, const Loaded& l) {
  RegisterFigures out;
  const ElementDef* members = form_element(*l.def, kMembers);
  const ElementDef* established = form_element(*l.def, kEstablished);
  if (!members && !established) return out;
  // The day counted: the period's end, or today while the period runs (the unit is resolved the same way).
  const std::string as_of = std::min(l.period.end_date(), core::today_in_vietnam());
  auto committees = tx.committees().list_for_unit(l.unit.id);
  if (!committees) return Unexpected{std::move(committees).error()};
  const store::CommitteeRecord* serving = nullptr;
  for (const auto& c : *committees) {
    const bool established_by = c.established_on.empty() || c.established_on <= as_of;
    const bool not_dissolved = !c.dissolved_on || c.dissolved_on->empty() || *c.dissolved_on >= as_of;
    if (established_by && not_dissolved && (!serving || c.established_on >= serving->established_on)) serving = &c;
  }
  if (!serving) {
    if (expects_committee(l.unit.unit_type)) {
      out.warnings.push_back({"no_committee", "Đơn vị chưa có Ban Vì sự tiến bộ của phụ nữ trong sổ đăng ký",
                              "The unit has no Committee for the Advancement of Women in the register"});
    }
    return out;
  }
  const RegisterSource source{"committee", serving->id, as_of, citation(tx, *serving, as_of)};
  const auto cell = [&](const std::string& value) { return CellValue{value, "", "register", source.data_source}; };
  if (members) {
    auto serving_members = tx.committees().members(serving->id, as_of);
    if (!serving_members) return Unexpected{std::move(serving_members).error()};
    const auto women =
        std::count_if(serving_members->begin(), serving_members->end(), [](const auto& m) { return m.sex == "F"; });
    const auto men =
        std::count_if(serving_members->begin(), serving_members->end(), [](const auto& m) { return m.sex == "M"; });
    // Only when the element has the sex options of the package (GIOI_TINH: NU, NAM).
    if (members->option("NU") && members->option("NAM") && members->combo.option_combos.size() == 2) {
      auto& cells = out.cells[members->element.code];
      cells["NU"] = cell(std::to_string(women));
      cells["NAM"] = cell(std::to_string(men));
      out.sources[members->element.code] = source;
    }
  }
  if (established && established->element.value_type == core::ValueType::Boolean && established->option("TONG")) {
    out.cells[established->element.code]["TONG"] = cell("true");
    out.sources[established->element.code] = source;
  }
  return out;
}

core::Result<int> store_register_figures(store::Tx& tx, const Principal& p, const Loaded& l, const RegisterFigures& reg,
                                         const std::string& ts, std::vector<ValueChange>& committed) {
  if (reg.cells.empty()) return 0;
  auto stored = read_values(tx, *l.def, l.period.code(), l.unit.id);
  if (!stored) return Unexpected{std::move(stored).error()};
  struct Write {
    const ElementDef* element;
    const store::OptionComboRecord* option;
    const CellValue* cell;
    std::optional<CellValue> old;
  };
  std::vector<Write> writes;
  std::set<std::int64_t> touched;
  for (const auto& [code, options] : reg.cells) {
    const ElementDef* e = l.def->element_by_code(code);
    if (!e) continue;
    for (const auto& [option, cell] : options) {
      const auto* oc = e->option(option);
      if (!oc) continue;
      std::optional<CellValue> old;
      if (auto it = stored->find(code); it != stored->end()) {
        if (auto c = it->second.find(option); c != it->second.end()) old = c->second;
      }
      if (old && old->value == cell.value && old->source == cell.source && old->data_source == cell.data_source)
        continue;
      writes.push_back({e, oc, &cell, old});
      touched.insert(e->element.id);
    }
  }
  if (writes.empty()) return 0;
  // One owner per number: figures held by another form's submitted or approved report stay.
  const std::vector<std::int64_t> ids(touched.begin(), touched.end());
  auto locks = tx.reports().locking_reports(l.unit.id, l.period.code(), ids, l.def->form.id);
  if (!locks) return Unexpected{std::move(locks).error()};
  if (!locks->empty()) return Unexpected{locked_by_other_report(l, *locks)};
  core::JsonObject before;
  core::JsonObject after;
  for (const auto& w : writes) {
    store::DataValueRecord dv;
    dv.data_element_id = w.element->element.id;
    dv.period = l.period.code();
    dv.unit_id = l.unit.id;
    dv.option_combo_id = w.option->id;
    dv.value = w.cell->value;
    if (w.element->numeric()) dv.numeric_value = as_number(w.cell->value);
    dv.comment = w.old ? w.old->comment : std::string();  // a person's note on the figure stays
    dv.updated_by = p.login;
    dv.updated_at = ts;
    dv.source = w.cell->source;
    dv.data_source = w.cell->data_source;
    TIENBO_TRY(tx.values().upsert_value(dv));
    if (w.element->numeric())
      committed.push_back({dv.data_element_id, dv.option_combo_id, dv.unit_id, dv.period, dv.numeric_value});
    const std::string key = w.element->element.code + "." + w.option->code;
    if (w.old)
      before.add(key, w.old->value);
    else
      before.add_null(key);
    after.add(key, dv.value);
  }
  after.add("source", "register").add("dataSource", writes.front().cell->data_source);
  TIENBO_TRY(tx.audit().append({p.login, p.request_id, "register_figures", "report",
                                l.def->form.code + "/" + l.unit.code + "/" + l.period.code(), l.unit.id, before.str(),
                                after.str()}));
  return static_cast<int>(writes.size());
}

}  // namespace tienbo::services::report_detail
