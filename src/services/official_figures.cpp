// Official figures: statistics published by the statistics office or a ministry, entered with
// their source at the nation (or any unit), kept apart from reported values (official_value)
// and used by indicators whose package entry says useOfficial.
#include <algorithm>
#include <charconv>
#include <chrono>

#include "tienbo/core/date.hpp"
#include "tienbo/core/json_writer.hpp"
#include "tienbo/core/period.hpp"
#include "tienbo/core/text.hpp"
#include "tienbo/services/access_control.hpp"
#include "tienbo/services/metadata_service.hpp"
#include "tienbo/services/text_input.hpp"

namespace tienbo::services {

using core::ErrorCode;
using core::fail;
using core::Unexpected;

namespace {

struct Resolved {
  store::DataElementRecord element;
  store::ComboRecord combo;
};

core::Result<Resolved> find_element(store::Tx& tx, const std::string& code) {
  auto elements = tx.metadata().data_elements();
  if (!elements) return Unexpected{std::move(elements).error()};
  const auto e = std::find_if(elements->begin(), elements->end(), [&](const auto& d) { return d.code == code; });
  if (e == elements->end())
    return fail(ErrorCode::NotFound, "không có chỉ tiêu " + code, "there is no data element " + code, "element");
  if (!core::is_numeric(e->value_type)) {
    return fail(ErrorCode::InvalidValue,
                "chỉ tiêu " + code + " không phải kiểu số; số liệu chính thức chỉ nhận chỉ tiêu số",
                "data element " + code + " is not numeric; official figures are numbers", "element");
  }
  auto combos = tx.metadata().combos();
  if (!combos) return Unexpected{std::move(combos).error()};
  const auto c = std::find_if(combos->begin(), combos->end(), [&](const auto& x) { return x.id == e->combo_id; });
  if (c == combos->end())
    return fail(ErrorCode::Internal, "thiếu tổ hợp phân tổ", "the element's combination is missing");
  return Resolved{*e, *c};
}

core::Result<const store::OptionComboRecord*> find_option(const Resolved& r, const std::string& option) {
  const std::string code =
      option.empty() && r.combo.option_combos.size() == 1 ? r.combo.option_combos.front().code : option;
  for (const auto& o : r.combo.option_combos) {
    if (o.code == code) return &o;
  }
  std::string list;
  for (const auto& o : r.combo.option_combos) list += (list.empty() ? "" : ", ") + o.code;
  return fail(ErrorCode::InvalidValue,
              "chỉ tiêu " + r.element.code + " không có phân tổ \"" + option + "\"; chọn: " + list,
              "data element " + r.element.code + " has no option \"" + option + "\"; choose: " + list, "option");
}

// What a unit that does not exist answers — and so one outside the caller's scope.
core::Error unit_missing(const std::string& code) {
  return core::make_error(ErrorCode::NotFound, "không có đơn vị " + code, "there is no unit " + code, "unit");
}

core::Result<store::UnitRecord> find_unit(store::Tx& tx, const std::string& code) {
  auto u = tx.units().find_by_code(code, core::today_in_vietnam());
  if (!u) return Unexpected{std::move(u).error()};
  if (!*u) return Unexpected{unit_missing(code)};
  return **u;
}

core::Result<core::Period> check_period(const std::string& period) {
  auto p = core::Period::parse(period);
  if (!p) {
    return fail(ErrorCode::InvalidValue, "kỳ \"" + period + "\" không hợp lệ; viết 2025, 2025S1, 2025Q3 hoặc 202507",
                "period \"" + period + "\" is not valid; write 2025, 2025S1, 2025Q3 or 202507", "period");
  }
  if (p->year() < 2000 || p->year() > 2100) {
    return fail(ErrorCode::InvalidValue, "năm của kỳ phải từ 2000 đến 2100",
                "the period's year must be from 2000 to 2100", "period");
  }
  return *p;
}

std::string figure_json(const OfficialFigure& f) {
  return core::JsonObject().add("value", f.value).add("dataSource", f.data_source).str();
}

// The stored figure of (element, period, unit, option) as the audit trail shows it, if any.
core::Result<std::optional<std::string>> stored_json(store::Tx& tx, std::int64_t element_id, const std::string& period,
                                                     std::int64_t unit_id, std::int64_t option_id) {
  auto stored = tx.figures().official_values();
  if (!stored) return Unexpected{std::move(stored).error()};
  for (const auto& s : *stored) {
    if (s.data_element_id == element_id && s.period == period && s.unit_id == unit_id &&
        s.option_combo_id == option_id) {
      return std::optional<std::string>(figure_json({"", "", "", "", s.value, s.data_source, "", ""}));
    }
  }
  return std::optional<std::string>();
}

}  // namespace

core::Result<std::vector<OfficialFigure>> MetadataService::official_figures(const Principal& p, const std::string& unit,
                                                                            const std::string& period) {
  if (!period.empty()) TIENBO_TRY(check_period(period));
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto u = find_unit(**tx, unit);
  if (!u) return Unexpected{std::move(u).error()};
  TIENBO_TRY(AccessControl::require(**tx, p, auth::Action::DataRead, u->id, "đơn vị " + unit, "unit " + unit,
                                    unit_missing(unit)));
  auto all = (*tx)->figures().official_values();
  if (!all) return Unexpected{std::move(all).error()};
  auto elements = (*tx)->metadata().data_elements();
  if (!elements) return Unexpected{std::move(elements).error()};
  auto combos = (*tx)->metadata().combos();
  if (!combos) return Unexpected{std::move(combos).error()};
  std::map<std::int64_t, std::string> element_codes;
  for (const auto& e : *elements) element_codes[e.id] = e.code;
  std::map<std::int64_t, std::string> option_codes;
  for (const auto& c : *combos) {
    for (const auto& o : c.option_combos) option_codes[o.id] = o.code;
  }
  std::vector<OfficialFigure> out;
  for (auto& v : *all) {
    if (v.unit_id != u->id || (!period.empty() && v.period != period)) continue;
    out.push_back({element_codes[v.data_element_id], option_codes[v.option_combo_id], unit, v.period,
                   std::move(v.value), std::move(v.data_source), std::move(v.updated_by), std::move(v.updated_at)});
  }
  return out;
}

core::Result<OfficialFigure> MetadataService::set_official_figure(const Principal& p, const std::string& unit,
                                                                  const std::string& period,
                                                                  const OfficialFigureInput& in) {
  TIENBO_TRY(check_period(period));
  auto source = clean_text(in.data_source, "dataSource", 500, Required::Yes);
  if (!source) return Unexpected{std::move(source).error()};
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto u = find_unit(**tx, unit);
  if (!u) return Unexpected{std::move(u).error()};
  TIENBO_TRY(AccessControl::require(**tx, p, auth::Action::CommitteeManage, u->id, "số liệu chính thức của " + unit,
                                    "the official figures of " + unit, unit_missing(unit), auth::Action::DataRead));
  auto r = find_element(**tx, in.element);
  if (!r) return Unexpected{std::move(r).error()};
  auto option = find_option(*r, in.option);
  if (!option) return Unexpected{std::move(option).error()};
  const auto type = r->element.value_type;
  const core::ValueBounds bounds{r->element.min_value, r->element.max_value};
  auto read = core::read_value(type, in.value, bounds, in.syntax);
  if (const auto* problem = std::get_if<core::ValueProblem>(&read)) {
    const auto text = core::describe(*problem, type, bounds);
    return fail(ErrorCode::InvalidValue, "value: " + text.vi, "value: " + text.en, "value");
  }
  store::OfficialValueRecord v;
  v.data_element_id = r->element.id;
  v.period = period;
  v.unit_id = u->id;
  v.option_combo_id = (*option)->id;
  v.value = std::get<std::string>(read);
  std::from_chars(v.value.data(), v.value.data() + v.value.size(), v.numeric_value);  // canonical: "1250", "12.5"
  v.data_source = *source;
  v.updated_by = p.login;
  v.updated_at = core::utc_timestamp(std::chrono::system_clock::now());
  auto before = stored_json(**tx, v.data_element_id, period, v.unit_id, v.option_combo_id);
  if (!before) return Unexpected{std::move(before).error()};
  OfficialFigure out{r->element.code, (*option)->code, unit,         period,
                     v.value,         v.data_source,   v.updated_by, v.updated_at};
  TIENBO_TRY((*tx)->figures().put_official(v));
  TIENBO_TRY((*tx)->audit().append({p.login, p.request_id, *before ? "update" : "create", "official_value",
                                    r->element.code + "." + (*option)->code + "/" + unit + "/" + period, u->id, *before,
                                    figure_json(out)}));
  TIENBO_TRY(commit_and_publish(**tx, changes_, change::kTargets));
  return out;
}

core::Result<void> MetadataService::delete_official_figure(const Principal& p, const std::string& element,
                                                           const std::string& unit, const std::string& period,
                                                           const std::string& option) {
  TIENBO_TRY(check_period(period));
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto u = find_unit(**tx, unit);
  if (!u) return Unexpected{std::move(u).error()};
  TIENBO_TRY(AccessControl::require(**tx, p, auth::Action::CommitteeManage, u->id, "số liệu chính thức của " + unit,
                                    "the official figures of " + unit, unit_missing(unit), auth::Action::DataRead));
  auto r = find_element(**tx, element);
  if (!r) return Unexpected{std::move(r).error()};
  auto o = find_option(*r, option);
  if (!o) return Unexpected{std::move(o).error()};
  auto before = stored_json(**tx, r->element.id, period, u->id, (*o)->id);
  if (!before) return Unexpected{std::move(before).error()};
  if (!*before) {
    return fail(ErrorCode::NotFound,
                "không có số liệu chính thức " + element + "." + (*o)->code + " của " + unit + " kỳ " + period,
                "there is no official figure " + element + "." + (*o)->code + " of " + unit + " for " + period);
  }
  TIENBO_TRY((*tx)->figures().delete_official(r->element.id, period, u->id, (*o)->id));
  TIENBO_TRY(
      (*tx)->audit().append({p.login, p.request_id, "delete", "official_value",
                             element + "." + (*o)->code + "/" + unit + "/" + period, u->id, *before, std::nullopt}));
  TIENBO_TRY(commit_and_publish(**tx, changes_, change::kTargets));
  return {};
}

}  // namespace tienbo::services
