#include "tienbo/services/unit_service.hpp"

#include "unit_internal.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "tienbo/core/date.hpp"
#include "tienbo/core/domain.hpp"
#include "tienbo/core/json_writer.hpp"
#include "tienbo/core/text.hpp"
#include "tienbo/services/access_control.hpp"
#include "tienbo/services/search_service.hpp"
#include "tienbo/services/text_input.hpp"

namespace tienbo::services {

using auth::Action;
using core::ErrorCode;
using core::fail;
using core::Unexpected;

namespace {

std::string unit_what_vi(const std::string& code) { return "đơn vị " + code; }
std::string unit_what_en(const std::string& code) { return "unit " + code; }

// What a unit that does not exist answers — and so one the caller may not see (no existence leak).
core::Error unit_missing(const std::string& code, const std::string& as_of) {
  return core::make_error(ErrorCode::NotFound,
                          "không tìm thấy đơn vị " + code + " vào ngày " + core::format_date_vi(as_of),
                          "not found: unit " + code + " as of " + as_of);
}
core::Error parent_missing(const std::string& code, const std::string& as_of) {
  return core::make_error(ErrorCode::InvalidValue,
                          "không có đơn vị cấp trên mã " + code + " vào ngày " + core::format_date_vi(as_of),
                          "there is no parent unit " + code + " as of " + as_of, "parent");
}

core::Result<store::UnitRecord> find_unit(store::Tx& tx, const std::string& code, const std::string& as_of) {
  auto u = tx.units().find_by_code(code, as_of);
  if (!u) return Unexpected{std::move(u).error()};
  if (!*u) return Unexpected{unit_missing(code, as_of)};
  return std::move(**u);
}

core::Result<UnitView> view_of(store::Tx& tx, store::UnitRecord u) {
  UnitView v;
  if (u.parent_id) {
    auto parent = tx.units().find_by_id(*u.parent_id);
    if (!parent) return Unexpected{std::move(parent).error()};
    if (*parent) v.parent_code = (*parent)->code;
  }
  if (u.location_id) {
    auto loc = tx.units().find_by_id(*u.location_id);
    if (!loc) return Unexpected{std::move(loc).error()};
    if (*loc) v.location_code = (*loc)->code;
  }
  v.unit = std::move(u);
  return v;
}

std::string unit_json(const store::UnitRecord& u) {
  return core::JsonObject()
      .add("code", u.code)
      .add("nameVi", u.name_vi)
      .add("type", core::to_string(u.unit_type))
      .add("validFrom", u.valid_from)
      .add("validTo", u.valid_to)
      .str();
}

// A unit the caller may read, as of a date, with the read transaction it was found in.
struct ReadableUnit {
  std::unique_ptr<store::Tx> tx;
  std::string as_of;
  store::UnitRecord unit;
};

core::Result<ReadableUnit> open_readable(store::Store& store, const Principal& p, const std::string& code,
                                         const std::string& as_of_in) {
  auto as_of = resolve_as_of(as_of_in);
  if (!as_of) return Unexpected{std::move(as_of).error()};
  auto tx = store.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto u = find_unit(**tx, code, *as_of);
  if (!u) return Unexpected{std::move(u).error()};
  TIENBO_TRY(AccessControl::require(**tx, p, Action::UnitRead, u->id, unit_what_vi(code), unit_what_en(code),
                                    unit_missing(code, *as_of)));
  return ReadableUnit{std::move(*tx), std::move(*as_of), std::move(*u)};
}

// Units listed under `parent`: all of them when the caller reads `parent` through its ancestry;
// when it reads a former unit only through what it became, just those it may read each (a former
// commune may have gone to another province than its former province did).
core::Result<void> keep_readable(store::Tx& tx, const Principal& p, std::int64_t parent,
                                 std::vector<store::UnitRecord>& units) {
  auto whole = AccessControl::covers_subtree(tx, p, Action::UnitRead, parent);
  if (!whole) return Unexpected{std::move(whole).error()};
  if (*whole) return {};
  std::vector<store::UnitRecord> kept;
  for (auto& unit : units) {
    auto ok = AccessControl::can(tx, p, Action::UnitRead, unit.id);
    if (!ok) return Unexpected{std::move(ok).error()};
    if (*ok) kept.push_back(std::move(unit));
  }
  units = std::move(kept);
  return {};
}

// A new unit's code and type: a code of 1–32 letters, digits, '_', '-', '.', a known unit type.
core::Result<void> check_code_and_type(const UnitCommand& cmd, store::UnitRecord& rec) {
  rec.code = core::collapse_spaces(cmd.code);
  bool code_ok = !rec.code.empty() && rec.code.size() <= 32;
  for (char c : rec.code) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.')) code_ok = false;
  }
  if (!code_ok) {
    return fail(ErrorCode::InvalidValue,
                "mã đơn vị \"" + cmd.code + "\" không hợp lệ: 1–32 ký tự chữ, số, '_', '-', '.'",
                "unit code \"" + cmd.code + "\" is not valid: 1-32 letters, digits, '_', '-', '.'", "code");
  }
  const auto type = core::parse_unit_type(cmd.unit_type);
  if (!type) {
    return fail(ErrorCode::InvalidValue,
                "loại đơn vị \"" + cmd.unit_type +
                    "\" không hợp lệ; chọn nation, ministry, sector, province, district, commune hoặc agency",
                "unit type \"" + cmd.unit_type +
                    "\" is not valid; choose nation, ministry, sector, province, district, commune or agency",
                "type");
  }
  rec.unit_type = *type;
  return {};
}

// The unit's names and category, cleaned, and its validity (a new unit is valid from today by default).
core::Result<void> check_names_and_validity(const UnitCommand& cmd, store::UnitRecord& rec, bool creating) {
  auto name_vi = clean_text(cmd.name_vi, "nameVi", 300, Required::Yes);
  if (!name_vi) return Unexpected{std::move(name_vi).error()};
  auto name_en = clean_text(cmd.name_en, "nameEn", 300, Required::No);
  if (!name_en) return Unexpected{std::move(name_en).error()};
  auto category = clean_text(cmd.category, "category", 100, Required::No);
  if (!category) return Unexpected{std::move(category).error()};
  rec.name_vi = std::move(*name_vi);
  rec.name_en = std::move(*name_en);
  rec.category = std::move(*category);
  if (!cmd.valid_from.empty())
    rec.valid_from = cmd.valid_from;
  else if (creating)
    rec.valid_from = core::today_in_vietnam();
  if (!cmd.valid_to.empty()) rec.valid_to = cmd.valid_to;
  if (!core::is_iso_date(rec.valid_from)) {
    return fail(ErrorCode::InvalidValue, "ngày bắt đầu hiệu lực \"" + rec.valid_from + "\" không hợp lệ (YYYY-MM-DD)",
                "validFrom \"" + rec.valid_from + "\" is not a date (YYYY-MM-DD)", "validFrom");
  }
  if (!core::is_iso_date(rec.valid_to) || rec.valid_to < rec.valid_from) {
    return fail(ErrorCode::InvalidValue,
                "ngày hết hiệu lực \"" + rec.valid_to + "\" không hợp lệ hoặc trước ngày bắt đầu",
                "validTo \"" + rec.valid_to + "\" is not a date or is before validFrom", "validTo");
  }
  return {};
}

// The parent named by the command: one that exists when the unit starts and lasts as long as it.
// A new unit without a hierarchy of its own takes its parent's.
core::Result<void> link_parent(store::Tx& tx, const UnitCommand& cmd, store::UnitRecord& rec, bool creating) {
  if (cmd.parent_code.empty()) {
    rec.parent_id.reset();
    return {};
  }
  auto parent = tx.units().find_by_code(cmd.parent_code, rec.valid_from);
  if (!parent) return Unexpected{std::move(parent).error()};
  if (!*parent) return Unexpected{parent_missing(cmd.parent_code, rec.valid_from)};
  if ((*parent)->valid_to < rec.valid_to) {
    return fail(ErrorCode::InvalidValue, "đơn vị cấp trên " + cmd.parent_code + " hết hiệu lực trước đơn vị này",
                "parent unit " + cmd.parent_code + " ends before this unit", "validTo");
  }
  rec.parent_id = (*parent)->id;
  if (creating && cmd.hierarchy.empty()) rec.hierarchy = (*parent)->hierarchy;
  return {};
}

// The hierarchy (territorial or sector:CODE) and the location unit, when the command names them.
core::Result<void> check_hierarchy_and_location(store::Tx& tx, const UnitCommand& cmd, store::UnitRecord& rec) {
  if (!cmd.hierarchy.empty()) {
    if (cmd.hierarchy != "territorial" && !(cmd.hierarchy.starts_with("sector:") && cmd.hierarchy.size() > 7)) {
      return fail(ErrorCode::InvalidValue,
                  "hệ thống \"" + cmd.hierarchy + "\" không hợp lệ; dùng territorial hoặc sector:MÃ",
                  "hierarchy \"" + cmd.hierarchy + "\" is not valid; use territorial or sector:CODE", "hierarchy");
    }
    rec.hierarchy = cmd.hierarchy;
  }
  if (!cmd.location_code.empty()) {
    auto loc = tx.units().find_by_code(cmd.location_code, rec.valid_from);
    if (!loc) return Unexpected{std::move(loc).error()};
    if (!*loc) {
      return fail(ErrorCode::InvalidValue, "không có đơn vị địa bàn mã " + cmd.location_code,
                  "there is no location unit " + cmd.location_code, "location");
    }
    rec.location_id = (*loc)->id;
  }
  return {};
}

// A code names one unit at a time: validity intervals of the same code must not overlap.
core::Result<void> check_code_free(store::Tx& tx, const store::UnitRecord& rec) {
  auto same = tx.units().find_all_by_code(rec.code);
  if (!same) return Unexpected{std::move(same).error()};
  for (const auto& other : *same) {
    if (other.id != rec.id && other.valid_from <= rec.valid_to && rec.valid_from <= other.valid_to) {
      return fail(ErrorCode::Conflict,
                  "mã " + rec.code + " đã dùng cho \"" + other.name_vi + "\" từ " +
                      core::format_date_vi(other.valid_from) + " đến " + core::format_date_vi(other.valid_to),
                  "code " + rec.code + " is already used by \"" + other.name_vi + "\" from " + other.valid_from +
                      " to " + other.valid_to,
                  "code");
    }
  }
  return {};
}

}  // namespace

namespace unit_detail {

core::Result<void> check_command(store::Tx& tx, const UnitCommand& cmd, store::UnitRecord& rec, bool creating) {
  if (creating) TIENBO_TRY(check_code_and_type(cmd, rec));
  TIENBO_TRY(check_names_and_validity(cmd, rec, creating));
  if (creating || !cmd.parent_code.empty()) TIENBO_TRY(link_parent(tx, cmd, rec, creating));
  TIENBO_TRY(check_hierarchy_and_location(tx, cmd, rec));
  return check_code_free(tx, rec);
}

}  // namespace unit_detail

using unit_detail::check_command;

core::Result<std::string> resolve_as_of(const std::string& as_of) {
  if (as_of.empty()) return core::today_in_vietnam();
  if (!core::is_iso_date(as_of)) {
    return fail(ErrorCode::InvalidValue, "ngày \"" + as_of + "\" không hợp lệ; dùng dạng YYYY-MM-DD, ví dụ 2025-07-01",
                "date \"" + as_of + "\" is not valid; use YYYY-MM-DD, e.g. 2025-07-01", "asOf");
  }
  return as_of;
}

core::Result<UnitView> UnitService::get(const Principal& p, const std::string& code, const std::string& as_of_in) {
  auto opened = open_readable(store_, p, code, as_of_in);
  if (!opened) return Unexpected{std::move(opened).error()};
  auto& [tx, as_of, u] = *opened;
  return view_of(*tx, std::move(u));
}

core::Result<std::vector<UnitView>> UnitService::children(const Principal& p, const std::string& code,
                                                          const std::string& as_of_in) {
  auto opened = open_readable(store_, p, code, as_of_in);
  if (!opened) return Unexpected{std::move(opened).error()};
  auto& [tx, as_of, u] = *opened;
  auto kids = tx->units().children(u.id, as_of);
  if (!kids) return Unexpected{std::move(kids).error()};
  TIENBO_TRY(keep_readable(*tx, p, u.id, *kids));
  std::vector<UnitView> out;
  for (auto& k : *kids) out.push_back(UnitView{std::move(k), code, ""});
  return out;
}

core::Result<std::vector<UnitView>> UnitService::ancestors(const Principal& p, const std::string& code,
                                                           const std::string& as_of_in) {
  auto opened = open_readable(store_, p, code, as_of_in);
  if (!opened) return Unexpected{std::move(opened).error()};
  auto& [tx, as_of, u] = *opened;
  auto ids = tx->units().ancestor_ids(u.id);
  if (!ids) return Unexpected{std::move(ids).error()};
  std::vector<UnitView> out;
  const std::vector<std::int64_t> top_down(ids->rbegin(), ids->rend());
  for (const std::int64_t id : top_down) {
    if (id == u.id) continue;
    auto ok = AccessControl::can(*tx, p, Action::UnitRead, id);
    if (!ok) return Unexpected{std::move(ok).error()};
    if (!*ok) continue;  // ancestors above the user's scope are not shown
    auto a = tx->units().find_by_id(id);
    if (!a) return Unexpected{std::move(a).error()};
    auto v = view_of(*tx, std::move(**a));
    if (!v) return Unexpected{std::move(v).error()};
    out.push_back(std::move(*v));
  }
  return out;
}

core::Result<std::vector<UnitView>> UnitService::descendants(const Principal& p, const std::string& code,
                                                             const std::string& as_of_in,
                                                             const std::optional<std::string>& type,
                                                             std::int64_t limit) {
  if (type && !core::parse_unit_type(*type)) {
    return fail(ErrorCode::InvalidValue, "loại đơn vị \"" + *type + "\" không hợp lệ",
                "unit type \"" + *type + "\" is not valid", "type");
  }
  auto opened = open_readable(store_, p, code, as_of_in);
  if (!opened) return Unexpected{std::move(opened).error()};
  auto& [tx, as_of, u] = *opened;
  auto list = tx->units().descendants(u.id, as_of, type, std::clamp<std::int64_t>(limit, 1, 20000));
  if (!list) return Unexpected{std::move(list).error()};
  TIENBO_TRY(keep_readable(*tx, p, u.id, *list));
  // Parent codes: the unit itself, another result, or (with a type filter or a limit) fetched.
  std::map<std::int64_t, std::string> code_of{{u.id, u.code}};
  for (const auto& d : *list) code_of[d.id] = d.code;
  std::vector<std::int64_t> missing;
  for (const auto& d : *list) {
    if (d.parent_id && !code_of.count(*d.parent_id)) {
      missing.push_back(*d.parent_id);
      code_of[*d.parent_id] = "";
    }
  }
  if (!missing.empty()) {
    auto parents = tx->units().find_by_ids(missing);
    if (!parents) return Unexpected{std::move(parents).error()};
    for (const auto& parent : *parents) code_of[parent.id] = parent.code;
  }
  std::vector<UnitView> out;
  for (auto& d : *list) {
    std::string parent = d.parent_id && code_of.count(*d.parent_id) ? code_of[*d.parent_id] : "";
    out.push_back(UnitView{std::move(d), std::move(parent), ""});
  }
  return out;
}

core::Result<std::vector<UnitView>> UnitService::roots(const Principal& p, const std::string& as_of_in) {
  auto as_of = resolve_as_of(as_of_in);
  if (!as_of) return Unexpected{std::move(as_of).error()};
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto ids = AccessControl::roots(p, Action::UnitRead);
  auto units = (*tx)->units().find_by_ids(ids);
  if (!units) return Unexpected{std::move(units).error()};
  std::vector<UnitView> out;
  for (auto& u : *units) {
    if (u.valid_from > *as_of || u.valid_to < *as_of) continue;
    auto v = view_of(**tx, std::move(u));
    if (!v) return Unexpected{std::move(v).error()};
    out.push_back(std::move(*v));
  }
  return out;
}

core::Result<LineageView> UnitService::lineage(const Principal& p, const std::string& code,
                                               const std::string& as_of_in) {
  auto opened = open_readable(store_, p, code, as_of_in);
  if (!opened) return Unexpected{std::move(opened).error()};
  auto& [tx, as_of, u] = *opened;
  LineageView out;
  // `unit_tx` by name: clang 14 (the fuzz build) cannot capture a structured binding.
  auto links = [&unit_tx = tx](std::vector<store::LineageRecord> edges, bool forward,
                               std::vector<LineageLink>& into) -> core::Result<void> {
    for (auto& e : edges) {
      auto other = unit_tx->units().find_by_id(forward ? e.new_unit_id : e.old_unit_id);
      if (!other) return Unexpected{std::move(other).error()};
      if (*other) into.push_back({std::move(e), std::move(**other)});
    }
    return {};
  };
  auto pred = tx->units().predecessors(u.id);
  if (!pred) return Unexpected{std::move(pred).error()};
  TIENBO_TRY(links(std::move(*pred), false, out.predecessors));
  auto succ = tx->units().successors(u.id);
  if (!succ) return Unexpected{std::move(succ).error()};
  TIENBO_TRY(links(std::move(*succ), true, out.successors));
  auto v = view_of(*tx, std::move(u));
  if (!v) return Unexpected{std::move(v).error()};
  out.unit = std::move(*v);
  return out;
}

core::Result<std::vector<RebasedTarget>> UnitService::rebase(const Principal& p, const std::string& code,
                                                             const std::string& as_of_in) {
  auto opened = open_readable(store_, p, code, as_of_in);
  if (!opened) return Unexpected{std::move(opened).error()};
  auto& [tx, as_of, u] = *opened;
  const std::string today = core::today_in_vietnam();
  // Follow successor edges until units valid today, multiplying shares.
  std::map<std::int64_t, RebasedTarget> targets;
  std::vector<std::tuple<store::UnitRecord, double, bool, int>> stack{{u, 1.0, false, 0}};
  while (!stack.empty()) {
    auto [unit, share, partial, depth] = std::move(stack.back());
    stack.pop_back();
    if (unit.valid_to >= today || depth > 8) {
      auto [it, inserted] = targets.try_emplace(unit.id);
      if (inserted) {
        it->second.unit = unit;
        it->second.share = 0.0;
      }
      it->second.share += share;
      it->second.partial = it->second.partial || partial;
      continue;
    }
    auto next = tx->units().successors(unit.id);
    if (!next) return Unexpected{std::move(next).error()};
    for (auto& e : *next) {
      auto n = tx->units().find_by_id(e.new_unit_id);
      if (!n) return Unexpected{std::move(n).error()};
      if (*n) stack.emplace_back(std::move(**n), share * e.share, partial || e.kind == "partial", depth + 1);
    }
  }
  std::vector<RebasedTarget> out;
  out.reserve(targets.size());
  for (auto& entry : targets) out.push_back(std::move(entry.second));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.unit.code < b.unit.code; });
  return out;
}

core::Result<UnitView> UnitService::create(const Principal& p, const UnitCommand& cmd) {
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  if (cmd.parent_code.empty()) {
    return fail(ErrorCode::InvalidValue, "hãy chọn đơn vị cấp trên; chỉ hệ thống mới tạo được đơn vị gốc",
                "choose a parent unit; only the system creates root units", "parent");
  }
  // Authorize on the parent first, so that nothing below (such as a code
  // already used elsewhere) tells a caller about units outside its scope.
  {
    const std::string when = cmd.valid_from.empty() ? core::today_in_vietnam() : cmd.valid_from;
    if (!core::is_iso_date(when)) {
      return fail(ErrorCode::InvalidValue, "ngày bắt đầu hiệu lực \"" + when + "\" không hợp lệ (YYYY-MM-DD)",
                  "validFrom \"" + when + "\" is not a date (YYYY-MM-DD)", "validFrom");
    }
    auto parent = (*tx)->units().find_by_code(cmd.parent_code, when);
    if (!parent) return Unexpected{std::move(parent).error()};
    if (!*parent) return Unexpected{parent_missing(cmd.parent_code, when)};
    TIENBO_TRY(AccessControl::require(**tx, p, Action::UnitManage, (*parent)->id, unit_what_vi(cmd.parent_code),
                                      unit_what_en(cmd.parent_code), parent_missing(cmd.parent_code, when),
                                      Action::UnitRead));
  }
  store::UnitRecord rec;
  TIENBO_TRY(check_command(**tx, cmd, rec, true));
  auto id = (*tx)->units().insert(rec);
  if (!id) return Unexpected{std::move(id).error()};
  rec.id = *id;
  TIENBO_TRY(index_unit(**tx, rec));
  TIENBO_TRY((*tx)->audit().append({p.login, p.request_id, "create", "unit", rec.code + "@" + rec.valid_from, rec.id,
                                    std::nullopt, unit_json(rec)}));
  auto v = view_of(**tx, rec);
  if (!v) return Unexpected{std::move(v).error()};
  TIENBO_TRY(commit_and_publish(**tx, changes_, Changes(change::kUnits, {rec.id})));
  return v;
}

core::Result<UnitView> UnitService::update(const Principal& p, const std::string& code, const std::string& as_of_in,
                                           const UnitCommand& cmd) {
  auto as_of = resolve_as_of(as_of_in);
  if (!as_of) return Unexpected{std::move(as_of).error()};
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto u = find_unit(**tx, code, *as_of);
  if (!u) return Unexpected{std::move(u).error()};
  TIENBO_TRY(AccessControl::require(**tx, p, Action::UnitManage, u->id, unit_what_vi(code), unit_what_en(code),
                                    unit_missing(code, *as_of)));
  if (!cmd.parent_code.empty()) {
    // A move needs the right on the new parent too, asked before anything about that parent is
    // looked at: one the caller may not see answers like a code that does not exist.
    const std::string when = cmd.valid_from.empty() ? u->valid_from : cmd.valid_from;
    auto parent = (*tx)->units().find_by_code(cmd.parent_code, when);
    if (!parent) return Unexpected{std::move(parent).error()};
    if (*parent && (*parent)->id != u->parent_id) {
      TIENBO_TRY(AccessControl::require(**tx, p, Action::UnitManage, (*parent)->id, unit_what_vi(cmd.parent_code),
                                        unit_what_en(cmd.parent_code), parent_missing(cmd.parent_code, when),
                                        Action::UnitRead));
    }
  }
  const std::string before = unit_json(*u);
  store::UnitRecord rec = *u;
  UnitCommand c = cmd;
  if (c.name_vi.empty()) c.name_vi = u->name_vi;
  if (c.name_en.empty()) c.name_en = u->name_en;
  if (c.category.empty()) c.category = u->category;
  TIENBO_TRY(check_command(**tx, c, rec, false));
  if (rec.parent_id && rec.parent_id != u->parent_id) {
    // Moving a unit must not create a cycle (the right on the new parent was checked above).
    auto chain = (*tx)->units().ancestor_ids(*rec.parent_id);
    if (!chain) return Unexpected{std::move(chain).error()};
    if (std::find(chain->begin(), chain->end(), u->id) != chain->end()) {
      return fail(ErrorCode::InvalidValue, "không thể chuyển đơn vị vào dưới chính nó",
                  "a unit cannot be moved under itself", "parent");
    }
  }
  TIENBO_TRY((*tx)->units().update(rec));
  TIENBO_TRY(index_unit(**tx, rec));
  TIENBO_TRY((*tx)->audit().append(
      {p.login, p.request_id, "update", "unit", rec.code + "@" + rec.valid_from, rec.id, before, unit_json(rec)}));
  auto v = view_of(**tx, rec);
  if (!v) return Unexpected{std::move(v).error()};
  TIENBO_TRY(commit_and_publish(**tx, changes_, Changes(change::kUnits, {rec.id})));
  return v;
}

}  // namespace tienbo::services
