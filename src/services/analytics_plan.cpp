// An analytics query parsed and planned against one snapshot: its periods, its dx items
// (indicators, data elements with options, reporting rates), its ou items resolved and checked
// against the caller's scope, its cost bounded before any cell is computed.
#include "analytics_internal.hpp"

#include <algorithm>

#include "tienbo/core/date.hpp"
#include "tienbo/core/deadline.hpp"
#include "tienbo/services/access_control.hpp"

namespace tienbo::services::analytics_detail {

using core::ErrorCode;
using core::fail;
using core::Unexpected;

namespace {

// Bounds of one analytics query (docs/openapi.yaml, "Input bounds"): every list is
// de-duplicated and short, and the cells it asks for are counted before any is computed.
constexpr std::size_t kMaxListItems = 50;
constexpr std::size_t kMaxCells = 200000;
constexpr std::size_t kMaxRateLookups = 200;  // (form, period, ou item) completeness computations

core::Result<OuItem> parse_ou(const std::string& item) {
  OuItem o;
  auto colon = item.find(':');
  o.base = item.substr(0, colon);
  if (o.base.empty()) return fail(ErrorCode::InvalidValue, "thiếu mã đơn vị trong ou", "ou needs a unit code", "ou");
  if (colon == std::string::npos) return o;
  const std::string rest = item.substr(colon + 1);
  if (rest == "children") {
    o.kind = OuItem::Kind::Children;
    return o;
  }
  if (rest.starts_with("level=")) {
    try {
      o.level = std::stoi(rest.substr(6));
    } catch (...) {
      o.level = 0;
    }
    if (o.level >= 1 && o.level <= 6) {
      o.kind = OuItem::Kind::Level;
      return o;
    }
  }
  return fail(ErrorCode::InvalidValue, "ou \"" + item + "\" không hợp lệ; dùng MÃ, MÃ:children hoặc MÃ:level=N",
              "ou \"" + item + "\" is not valid; use CODE, CODE:children or CODE:level=N", "ou");
}

}  // namespace

core::Result<std::vector<std::string>> bounded_list(const std::vector<std::string>& in, const char* field) {
  std::vector<std::string> out;
  for (const auto& item : in) {
    if (std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
  }
  if (out.size() > kMaxListItems) {
    return fail(ErrorCode::InvalidValue,
                std::string(field) + " có " + std::to_string(out.size()) + " mục khác nhau; tối đa " +
                    std::to_string(kMaxListItems),
                std::string(field) + " has " + std::to_string(out.size()) + " distinct items; at most " +
                    std::to_string(kMaxListItems),
                field);
  }
  return out;
}

core::Result<std::vector<std::string>> expand_periods(const std::vector<std::string>& pe) {
  const std::string today = core::today_in_vietnam();
  const int year = std::stoi(today.substr(0, 4));
  std::vector<std::string> out;
  const auto add = [&](const core::Period& p) {
    if (std::find(out.begin(), out.end(), p.code()) == out.end()) out.push_back(p.code());
  };
  const auto back = [&](core::PeriodType type, int count, bool include_current) {
    core::Period p = core::Period::containing(type, today);
    if (!include_current) p = p.previous();
    std::vector<core::Period> list;
    list.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i, p = p.previous()) list.push_back(p);
    std::reverse(list.begin(), list.end());
    for (const auto& period : list) add(period);
  };
  for (const auto& item : pe) {
    if (item == "THIS_YEAR")
      add(core::Period::year(year));
    else if (item == "LAST_YEAR")
      add(core::Period::year(year - 1));
    else if (item == "LAST_5_YEARS")
      back(core::PeriodType::Year, 5, false);
    else if (item == "LAST_10_YEARS")
      back(core::PeriodType::Year, 10, false);
    else if (item == "THIS_SIX_MONTH")
      back(core::PeriodType::HalfYear, 1, true);
    else if (item == "LAST_SIX_MONTH")
      back(core::PeriodType::HalfYear, 1, false);
    else if (item == "LAST_2_SIXMONTHS")
      back(core::PeriodType::HalfYear, 2, false);
    else if (item == "LAST_4_SIXMONTHS")
      back(core::PeriodType::HalfYear, 4, false);
    else if (item == "THIS_QUARTER")
      back(core::PeriodType::Quarter, 1, true);
    else if (item == "LAST_4_QUARTERS")
      back(core::PeriodType::Quarter, 4, false);
    else if (item == "LAST_12_MONTHS")
      back(core::PeriodType::Month, 12, false);
    else {
      auto p = core::Period::parse(item);
      if (!p) {
        return fail(ErrorCode::InvalidValue,
                    "kỳ \"" + item +
                        "\" không hợp lệ; dùng mã kỳ (2025, 2025S1, 2025Q3, 202507) hoặc THIS_YEAR, LAST_YEAR, "
                        "LAST_5_YEARS, ...",
                    "period \"" + item +
                        "\" is not valid; use a period code (2025, 2025S1, 2025Q3, 202507) or THIS_YEAR, LAST_YEAR, "
                        "LAST_5_YEARS, ...",
                    "pe");
      }
      add(*p);
    }
  }
  if (out.empty())
    return fail(ErrorCode::InvalidValue, "cần ít nhất một kỳ (pe)", "at least one period (pe) is required", "pe");
  return out;
}

std::vector<std::size_t> QueryPlan::units_of(const Units& model, std::size_t item_index,
                                             const std::string& date) const {
  const OuItem& item = ou[item_index];
  std::vector<std::size_t> out;
  if (hidden.count({item_index, date})) return out;
  auto pos = model.at(item.base, date);
  if (!pos) return out;
  if (item.kind == OuItem::Kind::Self) {
    out.push_back(*pos);
  } else if (item.kind == OuItem::Kind::Children) {
    for (auto c : model.children[*pos]) {
      if (model.valid(c, date)) out.push_back(c);
    }
  } else {
    const auto range = model.index.range(*pos);
    const auto depth = static_cast<std::uint32_t>(item.level - 1);
    for (std::uint32_t k = range.first; k <= range.last; ++k) {
      const auto u = model.index.unit_at(k);
      if (model.index.depth(u) == depth && model.valid(u, date)) out.push_back(u);
    }
  }
  if (!hidden_below.empty()) {
    std::erase_if(out, [&](std::size_t u) { return hidden_below.count({item_index, date, u}) > 0; });
  }
  std::sort(out.begin(), out.end(), [&](auto a, auto b) { return model.list[a].code < model.list[b].code; });
  return out;
}

namespace {

// A reporting rate (FORM.REPORTING_RATE): the form must exist, and rates be computable.
core::Result<void> add_reporting_rate(MetadataService& metadata, bool with_rates, const std::string& code, DxItem& item,
                                      AnalyticsResult& result) {
  item.reporting_form = code.substr(0, code.size() - std::string_view(".REPORTING_RATE").size());
  auto forms = metadata.forms();
  if (!forms) return Unexpected{std::move(forms).error()};
  const auto f =
      std::find_if(forms->begin(), forms->end(), [&](const auto& d) { return d->form.code == item.reporting_form; });
  if (f == forms->end() || !with_rates) {
    return fail(ErrorCode::InvalidValue, "dx: không có biểu mẫu \"" + item.reporting_form + "\"",
                "dx: there is no form \"" + item.reporting_form + "\"", "dx");
  }
  result.names_vi[code] = "Tỷ lệ báo cáo — " + (*f)->form.name_vi;
  result.names_en[code] = "Reporting rate — " + (*f)->form.name_en;
  result.units[code] = "%";
  return {};
}

// A numeric data element (CODE, or CODE.OPTION for one of its options).
core::Result<void> add_data_element(const Elements& elements, const std::string& code, DxItem& item,
                                    AnalyticsResult& result) {
  const auto dot = code.find('.');
  auto el = elements.by_code.find(code.substr(0, dot));
  if (el == elements.by_code.end()) {
    return fail(
        ErrorCode::InvalidValue,
        "dx: không có chỉ tiêu nào mã \"" + code + "\" (chỉ tiêu Chiến lược hoặc chỉ tiêu dạng số trong biểu mẫu)",
        "dx: there is no indicator or numeric data element \"" + code + "\"", "dx");
  }
  item.element = &el->second;
  if (dot == std::string::npos) {
    item.options = el->second.all_options;
  } else {
    auto o = el->second.options.find(code.substr(dot + 1));
    if (o == el->second.options.end()) {
      return fail(ErrorCode::InvalidValue, "dx: chỉ tiêu " + el->first + " không có phân tổ " + code.substr(dot + 1),
                  "dx: data element " + el->first + " has no option " + code.substr(dot + 1), "dx");
    }
    item.options = {o->second};
  }
  result.names_vi[code] = el->second.name_vi;
  result.names_en[code] = el->second.name_en;
  return {};
}

// Every dx item resolved against the snapshot: a reporting rate, an indicator or a data element.
core::Result<void> plan_dx(MetadataService& metadata, bool with_rates, const Snapshot& snapshot,
                           const std::vector<std::string>& codes, QueryPlan& plan) {
  for (const auto& code : codes) {
    DxItem item;
    item.code = code;
    if (code.ends_with(".REPORTING_RATE")) {
      TIENBO_TRY(add_reporting_rate(metadata, with_rates, code, item, plan.result));
    } else if (const auto* ind = snapshot.catalogue->find(code)) {
      item.indicator = ind;
      plan.result.names_vi[code] = ind->indicator.name_vi;
      plan.result.names_en[code] = ind->indicator.name_en;
      plan.result.units[code] = ind->indicator.unit_vi;
    } else {
      TIENBO_TRY(add_data_element(*snapshot.elements, code, item, plan.result));
    }
    plan.dx.push_back(std::move(item));
  }
  return {};
}

// Units: every item resolved and checked against the caller's scope in one read transaction.
core::Result<void> plan_ou(store::Store& store, const Units& model, const Principal& p, const AnalyticsQuery& q,
                           QueryPlan& plan) {
  auto tx = store.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  for (const auto& item : q.ou) {
    auto parsed = parse_ou(item);
    if (!parsed) return Unexpected{std::move(parsed).error()};
    auto pos = model.at(parsed->base, plan.today);
    if (!pos) pos = model.latest(parsed->base);
    const auto unit_missing = core::make_error(ErrorCode::NotFound, "không có đơn vị " + parsed->base,
                                               "there is no unit " + parsed->base, "ou");
    if (!pos) return Unexpected{unit_missing};
    TIENBO_TRY(AccessControl::require(**tx, p, auth::Action::DataRead, model.list[*pos].id, "đơn vị " + parsed->base,
                                      "unit " + parsed->base, unit_missing));
    // As of a period's own date a code may have meant another unit (codes are reused after a
    // reform): that unit is read only when the caller may read it too.
    if (q.as_of) {
      for (const auto& pe : plan.periods) {
        const std::string date = core::Period::parse(pe)->end_date();
        auto then = model.at(parsed->base, date);
        if (!then || *then == *pos) continue;
        auto ok = AccessControl::can(**tx, p, auth::Action::DataRead, model.list[*then].id);
        if (!ok) return Unexpected{std::move(ok).error()};
        if (!*ok) plan.hidden.insert({plan.ou.size(), date});
      }
    }
    plan.ou.push_back(std::move(*parsed));
  }
  return {};
}

// The query's cost, counted before any cell is computed and before the scope pass below (which
// checks each unit under a former unit one by one): an upper bound, nothing hidden yet.
core::Result<void> check_cost(const QueryPlan& plan, const Units& model) {
  std::size_t cells = 0;
  std::size_t rate_lookups = 0;
  const auto rates = static_cast<std::size_t>(
      std::count_if(plan.dx.begin(), plan.dx.end(), [](const DxItem& d) { return !d.reporting_form.empty(); }));
  for (const auto& pe : plan.periods) {
    const std::string date = plan.as_of ? core::Period::parse(pe)->end_date() : plan.today;
    for (std::size_t i = 0; i < plan.ou.size(); ++i) cells += plan.units_of(model, i, date).size() * plan.dx.size();
    rate_lookups += rates * plan.ou.size();
  }
  if (cells > kMaxCells || rate_lookups > kMaxRateLookups) {
    return fail(ErrorCode::InvalidValue,
                "truy vấn quá lớn (" + std::to_string(cells) + " ô, tối đa " + std::to_string(kMaxCells) + "; " +
                    std::to_string(rate_lookups) + " lần tính tỷ lệ báo cáo, tối đa " +
                    std::to_string(kMaxRateLookups) + "); hãy thu hẹp dx, ou hoặc pe",
                "the query is too large (" + std::to_string(cells) + " cells, at most " + std::to_string(kMaxCells) +
                    "; " + std::to_string(rate_lookups) + " reporting-rate computations, at most " +
                    std::to_string(kMaxRateLookups) + "); narrow dx, ou or pe",
                "ou");
  }
  return {};
}

// What the caller may not read below each item that stands for more than its unit, on each date.
core::Result<void> hide_unreadable_below(store::Store& store, const Units& model, const Principal& p, QueryPlan& plan) {
  std::set<std::string> dates;
  for (const auto& pe : plan.periods) dates.insert(plan.as_of ? core::Period::parse(pe)->end_date() : plan.today);
  auto tx = store.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  for (std::size_t i = 0; i < plan.ou.size(); ++i) {
    if (plan.ou[i].kind == OuItem::Kind::Self) continue;
    for (const auto& date : dates) {
      auto pos = model.at(plan.ou[i].base, date);
      if (!pos) continue;
      auto whole = AccessControl::covers_subtree(**tx, p, auth::Action::DataRead, model.list[*pos].id);
      if (!whole) return Unexpected{std::move(whole).error()};
      if (*whole) continue;
      for (auto u : plan.units_of(model, i, date)) {
        if (core::deadline_passed()) return Unexpected{core::deadline_error()};
        auto ok = AccessControl::can(**tx, p, auth::Action::DataRead, model.list[u].id);
        if (!ok) return Unexpected{std::move(ok).error()};
        if (!*ok) plan.hidden_below.insert({i, date, u});
      }
    }
  }
  return {};
}

}  // namespace

core::Result<QueryPlan> plan_query(store::Store& store, MetadataService& metadata, bool with_rates,
                                   const Snapshot& snapshot, const Principal& p, const AnalyticsQuery& q) {
  const Units& model = *snapshot.units;
  auto expanded = expand_periods(q.pe);
  if (!expanded) return Unexpected{std::move(expanded).error()};
  if (q.dx.empty())
    return fail(ErrorCode::InvalidValue, "cần ít nhất một chỉ tiêu (dx)", "at least one dx is required", "dx");
  if (q.ou.empty())
    return fail(ErrorCode::InvalidValue, "cần ít nhất một đơn vị (ou)", "at least one ou is required", "ou");

  QueryPlan plan;
  plan.as_of = q.as_of;
  plan.periods = std::move(*expanded);
  plan.result.periods = plan.periods;
  TIENBO_TRY(plan_dx(metadata, with_rates, snapshot, q.dx, plan));
  plan.today = core::today_in_vietnam();
  TIENBO_TRY(plan_ou(store, model, p, q, plan));
  TIENBO_TRY(check_cost(plan, model));
  TIENBO_TRY(hide_unreadable_below(store, model, p, plan));
  return plan;
}

}  // namespace tienbo::services::analytics_detail
