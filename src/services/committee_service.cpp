#include "tienbo/services/committee_service.hpp"

#include <algorithm>

#include "tienbo/core/date.hpp"
#include "tienbo/core/json_writer.hpp"
#include "tienbo/core/member_role.hpp"
#include "tienbo/core/text.hpp"
#include "tienbo/services/access_control.hpp"
#include "tienbo/services/text_input.hpp"
#include "tienbo/services/unit_service.hpp"

namespace tienbo::services {

using auth::Action;
using core::ErrorCode;
using core::fail;
using core::Unexpected;

namespace {

std::string what_vi(std::int64_t id) { return "ban " + std::to_string(id); }

// The actions of CommitteeView for this caller: every change asks committee.manage on the unit.
core::Result<CommitteeView> with_actions(store::Tx& tx, const Principal& p, CommitteeView v) {
  auto manage = AccessControl::can(tx, p, Action::CommitteeManage, v.committee.unit_id);
  if (!manage) return Unexpected{std::move(manage).error()};
  if (*manage) v.actions = {"edit", "appoint", "end_member"};
  return v;
}
std::string what_en(std::int64_t id) { return "committee " + std::to_string(id); }

core::Result<void> check_date(const std::string& value, const std::string& field, bool required) {
  if (value.empty() && !required) return {};
  if (!core::is_iso_date(value)) {
    return fail(ErrorCode::InvalidValue, "ngày \"" + value + "\" của trường " + field + " không hợp lệ (YYYY-MM-DD)",
                "field " + field + ": \"" + value + "\" is not a date (YYYY-MM-DD)", field);
  }
  return {};
}

// A unit a committee names (its standing agency, a member's agency). It must exist on `as_of` and lie
// within what `p` may see — or, for a sector unit, be located there: a unit outside the scope is
// refused exactly like a code that does not exist, so the answer reveals nothing (issue #12).
core::Result<std::optional<std::int64_t>> unit_id_of(store::Tx& tx, const Principal& p, const std::string& code,
                                                     const std::string& as_of, const std::string& field) {
  if (code.empty()) return std::optional<std::int64_t>{};
  auto u = tx.units().find_by_code(code, as_of);
  if (!u) return Unexpected{std::move(u).error()};
  const auto missing = [&] {
    return fail(ErrorCode::InvalidValue, "không có đơn vị mã " + code + " vào ngày " + core::format_date_vi(as_of),
                "there is no unit " + code + " as of " + as_of, field);
  };
  if (!*u) return missing();
  auto seen = AccessControl::can(tx, p, Action::UnitRead, (*u)->id);
  if (seen && !*seen && (*u)->location_id) seen = AccessControl::can(tx, p, Action::UnitRead, *(*u)->location_id);
  if (!seen) return Unexpected{std::move(seen).error()};
  if (!*seen) return missing();
  return std::optional<std::int64_t>((*u)->id);
}

std::string code_of(store::Tx& tx, const std::optional<std::int64_t>& id) {
  if (!id) return "";
  auto u = tx.units().find_by_id(*id);
  return u && *u ? (*u)->code : "";
}

// The committee and the check that `p` may do `action` on it; unreadable committees are "not found".
core::Result<store::CommitteeRecord> scoped(store::Tx& tx, const Principal& p, std::int64_t id, Action action) {
  auto c = tx.committees().find(id);
  if (!c) return Unexpected{std::move(c).error()};
  if (!*c) return fail(ErrorCode::NotFound, "không tìm thấy " + what_vi(id), "not found: " + what_en(id));
  TIENBO_TRY(AccessControl::require(tx, p, action, (*c)->unit_id, what_vi(id), what_en(id)));
  return std::move(**c);
}

core::Result<store::MemberRecord> build_member(store::Tx& tx, const Principal& p, std::int64_t committee_id,
                                               const MemberCommand& cmd, const std::string& default_start) {
  store::MemberRecord m;
  m.committee_id = committee_id;
  auto name = clean_text(cmd.full_name, "fullName", 200, Required::Yes);
  if (!name) return Unexpected{std::move(name).error()};
  m.full_name = std::move(*name);
  if (cmd.sex != "F" && cmd.sex != "M") {
    return fail(ErrorCode::InvalidValue, "giới tính phải là F (nữ) hoặc M (nam), không phải \"" + cmd.sex + "\"",
                "sex must be F (female) or M (male), not \"" + cmd.sex + "\"", "sex");
  }
  m.sex = cmd.sex;
  const auto role = core::parse_member_role(cmd.role);
  if (!role) {
    return fail(
        ErrorCode::InvalidValue,
        "chức danh trong Ban \"" + cmd.role +
            "\" không hợp lệ; chọn chair (Trưởng ban), standing_vice_chair (Phó "
            "Trưởng ban thường trực), vice_chair (Phó Trưởng ban), standing_member (Ủy viên thường trực), member "
            "(Thành viên) hoặc secretary (Thư ký / Tổ giúp việc)",
        "committee role \"" + cmd.role +
            "\" is not valid; choose chair, standing_vice_chair, vice_chair, "
            "standing_member, member or secretary",
        "role");
  }
  m.role = *role;
  auto position = clean_text(cmd.position, "position", 300, Required::No);
  if (!position) return Unexpected{std::move(position).error()};
  m.position = std::move(*position);
  auto decision = clean_text(cmd.decision_number, "decisionNumber", 100, Required::No);
  if (!decision) return Unexpected{std::move(decision).error()};
  m.decision_number = std::move(*decision);
  m.decision_date = cmd.decision_date;
  TIENBO_TRY(check_date(m.decision_date, "decisionDate", false));
  m.term_start = cmd.term_start.empty() ? default_start : cmd.term_start;
  TIENBO_TRY(check_date(m.term_start, "termStart", true));
  auto agency = unit_id_of(tx, p, cmd.agency_code, m.term_start, "agency");
  if (!agency) return Unexpected{std::move(agency).error()};
  m.agency_unit_id = *agency;
  return m;
}

MemberView member_view(store::Tx& tx, store::MemberRecord m) {
  std::string agency = code_of(tx, m.agency_unit_id);
  return MemberView{std::move(m), std::move(agency)};
}

// The committee as its audit entries record it: every field a create or an update can set.
std::string committee_json(store::Tx& tx, const store::CommitteeRecord& c) {
  core::JsonObject j;
  const auto text_or_null = [&j](std::string_view key, const std::string& v) {
    if (v.empty())
      j.add_null(key);
    else
      j.add(key, v);
  };
  j.add("unit", code_of(tx, c.unit_id)).add("nameVi", c.name_vi).add("nameEn", c.name_en);
  text_or_null("standingAgency", code_of(tx, c.standing_agency_id));
  text_or_null("decisionNumber", c.decision_number);
  text_or_null("decisionDate", c.decision_date);
  text_or_null("establishedOn", c.established_on);
  text_or_null("dissolvedOn", c.dissolved_on.value_or(""));
  return j.str();
}

std::string member_json(const store::MemberRecord& m) {
  core::JsonObject j;
  j.add("fullName", m.full_name).add("sex", m.sex).add("role", core::to_string(m.role)).add("termStart", m.term_start);
  if (m.term_end) j.add("termEnd", *m.term_end);
  return j.str();
}

}  // namespace

core::Result<std::vector<CommitteeView>> CommitteeService::list(const Principal& p, const std::string& unit_code) {
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto u = (*tx)->units().find_by_code(unit_code, core::today_in_vietnam());
  if (!u) return Unexpected{std::move(u).error()};
  if (!*u) return fail(ErrorCode::NotFound, "không tìm thấy đơn vị " + unit_code, "not found: unit " + unit_code);
  TIENBO_TRY(
      AccessControl::require(**tx, p, Action::CommitteeRead, (*u)->id, "đơn vị " + unit_code, "unit " + unit_code));
  auto list = (*tx)->committees().list_for_unit((*u)->id);
  if (!list) return Unexpected{std::move(list).error()};
  std::vector<CommitteeView> out;
  out.reserve(list->size());
  for (auto& c : *list) {
    std::string agency = code_of(**tx, c.standing_agency_id);
    auto v = with_actions(**tx, p, CommitteeView{std::move(c), unit_code, std::move(agency), {}});
    if (!v) return Unexpected{std::move(v).error()};
    out.push_back(std::move(*v));
  }
  return out;
}

core::Result<CommitteeView> CommitteeService::get(const Principal& p, std::int64_t id) {
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto c = scoped(**tx, p, id, Action::CommitteeRead);
  if (!c) return Unexpected{std::move(c).error()};
  std::string unit = code_of(**tx, c->unit_id);
  std::string agency = code_of(**tx, c->standing_agency_id);
  return with_actions(**tx, p, CommitteeView{std::move(*c), std::move(unit), std::move(agency), {}});
}

core::Result<CommitteeView> CommitteeService::create(const Principal& p, const std::string& unit_code,
                                                     const CommitteeCommand& cmd) {
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  const std::string today = core::today_in_vietnam();
  auto u = (*tx)->units().find_by_code(unit_code, today);
  if (!u) return Unexpected{std::move(u).error()};
  if (!*u) return fail(ErrorCode::NotFound, "không tìm thấy đơn vị " + unit_code, "not found: unit " + unit_code);
  TIENBO_TRY(
      AccessControl::require(**tx, p, Action::CommitteeManage, (*u)->id, "đơn vị " + unit_code, "unit " + unit_code));
  store::CommitteeRecord c;
  c.unit_id = (*u)->id;
  auto name_vi =
      clean_text(cmd.name_vi.empty() ? "Ban Vì sự tiến bộ của phụ nữ" : cmd.name_vi, "nameVi", 300, Required::Yes);
  if (!name_vi) return Unexpected{std::move(name_vi).error()};
  auto name_en = clean_text(cmd.name_en.empty() ? "Committee for the Advancement of Women" : cmd.name_en, "nameEn", 300,
                            Required::No);
  if (!name_en) return Unexpected{std::move(name_en).error()};
  auto decision = clean_text(cmd.decision_number, "decisionNumber", 100, Required::No);
  if (!decision) return Unexpected{std::move(decision).error()};
  c.name_vi = std::move(*name_vi);
  c.name_en = std::move(*name_en);
  c.decision_number = std::move(*decision);
  c.decision_date = cmd.decision_date;
  c.established_on = cmd.established_on.empty() ? today : cmd.established_on;
  c.dissolved_on = cmd.dissolved_on;
  TIENBO_TRY(check_date(c.decision_date, "decisionDate", false));
  TIENBO_TRY(check_date(c.established_on, "establishedOn", true));
  if (c.dissolved_on) TIENBO_TRY(check_date(*c.dissolved_on, "dissolvedOn", true));
  auto agency = unit_id_of(**tx, p, cmd.standing_agency_code, c.established_on, "standingAgency");
  if (!agency) return Unexpected{std::move(agency).error()};
  c.standing_agency_id = *agency;
  auto id = (*tx)->committees().insert(c);
  if (!id) return Unexpected{std::move(id).error()};
  c.id = *id;
  TIENBO_TRY((*tx)->audit().append({p.login, p.request_id, "create", "committee", std::to_string(c.id), c.unit_id,
                                    std::nullopt, committee_json(**tx, c)}));
  TIENBO_TRY((*tx)->commit());
  // Made by one who manages the unit's committees: every action is open to its maker.
  return CommitteeView{std::move(c), unit_code, cmd.standing_agency_code, {"edit", "appoint", "end_member"}};
}

core::Result<CommitteeView> CommitteeService::update(const Principal& p, std::int64_t id, const CommitteeCommand& cmd) {
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto c = scoped(**tx, p, id, Action::CommitteeManage);
  if (!c) return Unexpected{std::move(c).error()};
  const std::string before = committee_json(**tx, *c);
  for (auto [value, field, target, limit] :
       {std::tuple{&cmd.name_vi, "nameVi", &c->name_vi, 300}, std::tuple{&cmd.name_en, "nameEn", &c->name_en, 300},
        std::tuple{&cmd.decision_number, "decisionNumber", &c->decision_number, 100}}) {
    if (value->empty()) continue;
    auto cleaned = clean_text(*value, field, static_cast<std::size_t>(limit), Required::Yes);
    if (!cleaned) return Unexpected{std::move(cleaned).error()};
    *target = std::move(*cleaned);
  }
  if (!cmd.decision_date.empty()) c->decision_date = cmd.decision_date;
  if (!cmd.established_on.empty()) c->established_on = cmd.established_on;
  if (cmd.dissolved_on) c->dissolved_on = cmd.dissolved_on;
  TIENBO_TRY(check_date(c->decision_date, "decisionDate", false));
  TIENBO_TRY(check_date(c->established_on, "establishedOn", true));
  if (c->dissolved_on) TIENBO_TRY(check_date(*c->dissolved_on, "dissolvedOn", true));
  if (!cmd.standing_agency_code.empty()) {
    auto agency = unit_id_of(**tx, p, cmd.standing_agency_code, core::today_in_vietnam(), "standingAgency");
    if (!agency) return Unexpected{std::move(agency).error()};
    c->standing_agency_id = *agency;
  }
  TIENBO_TRY((*tx)->committees().update(*c));
  TIENBO_TRY((*tx)->audit().append({p.login, p.request_id, "update", "committee", std::to_string(id), c->unit_id,
                                    before, committee_json(**tx, *c)}));
  std::string unit = code_of(**tx, c->unit_id);
  std::string agency = code_of(**tx, c->standing_agency_id);
  TIENBO_TRY((*tx)->commit());
  return CommitteeView{std::move(*c), std::move(unit), std::move(agency), {"edit", "appoint", "end_member"}};
}

core::Result<std::vector<MemberView>> CommitteeService::members(const Principal& p, std::int64_t id,
                                                                const std::string& as_of_in, bool history) {
  auto as_of = resolve_as_of(as_of_in);
  if (!as_of) return Unexpected{std::move(as_of).error()};
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto c = scoped(**tx, p, id, Action::CommitteeRead);
  if (!c) return Unexpected{std::move(c).error()};
  auto list = (*tx)->committees().members(id, history ? std::nullopt : std::optional<std::string>(*as_of));
  if (!list) return Unexpected{std::move(list).error()};
  std::vector<MemberView> out;
  for (auto& m : *list) out.push_back(member_view(**tx, std::move(m)));
  return out;
}

core::Result<MemberView> CommitteeService::add_member(const Principal& p, std::int64_t id, const MemberCommand& cmd) {
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto c = scoped(**tx, p, id, Action::CommitteeManage);
  if (!c) return Unexpected{std::move(c).error()};
  auto m = build_member(**tx, p, id, cmd, core::today_in_vietnam());
  if (!m) return Unexpected{std::move(m).error()};
  auto mid = (*tx)->committees().insert_member(*m);
  if (!mid) return Unexpected{std::move(mid).error()};
  m->id = *mid;
  TIENBO_TRY((*tx)->audit().append({p.login, p.request_id, "add_member", "committee", std::to_string(id), c->unit_id,
                                    std::nullopt, member_json(*m)}));
  auto v = member_view(**tx, std::move(*m));
  TIENBO_TRY((*tx)->commit());
  return v;
}

core::Result<MemberView> CommitteeService::end_member(const Principal& p, std::int64_t id, std::int64_t member_id,
                                                      const std::string& term_end) {
  TIENBO_TRY(check_date(term_end, "termEnd", true));
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto c = scoped(**tx, p, id, Action::CommitteeManage);
  if (!c) return Unexpected{std::move(c).error()};
  auto m = (*tx)->committees().find_member(member_id);
  if (!m) return Unexpected{std::move(m).error()};
  if (!*m || (*m)->committee_id != id) {
    return fail(ErrorCode::NotFound, "ban " + std::to_string(id) + " không có thành viên " + std::to_string(member_id),
                "committee " + std::to_string(id) + " has no member " + std::to_string(member_id));
  }
  if ((*m)->term_end) {
    return fail(ErrorCode::Conflict,
                "nhiệm kỳ của thành viên này đã kết thúc ngày " + core::format_date_vi(*(*m)->term_end),
                "this membership already ended on " + *(*m)->term_end, "termEnd");
  }
  if (term_end < (*m)->term_start) {
    return fail(ErrorCode::InvalidValue, "ngày kết thúc trước ngày bắt đầu nhiệm kỳ", "termEnd is before termStart",
                "termEnd");
  }
  const std::string before = member_json(**m);
  TIENBO_TRY((*tx)->committees().end_member(member_id, term_end, std::nullopt));
  (*m)->term_end = term_end;
  TIENBO_TRY((*tx)->audit().append(
      {p.login, p.request_id, "end_member", "committee", std::to_string(id), c->unit_id, before, member_json(**m)}));
  auto v = member_view(**tx, std::move(**m));
  TIENBO_TRY((*tx)->commit());
  return v;
}

core::Result<std::vector<store::ConsolidationRecord>> CommitteeService::consolidations(const Principal& p,
                                                                                       std::int64_t id) {
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto c = scoped(**tx, p, id, Action::CommitteeRead);
  if (!c) return Unexpected{std::move(c).error()};
  return (*tx)->committees().consolidations(id);
}

core::Result<store::ConsolidationRecord> CommitteeService::consolidate(const Principal& p, std::int64_t id,
                                                                       const ConsolidationCommand& cmd) {
  auto decision = clean_text(cmd.decision_number, "decisionNumber", 100, Required::Yes);
  if (!decision) return Unexpected{std::move(decision).error()};
  auto note = clean_text(cmd.note, "note", 2000, Required::No);
  if (!note) return Unexpected{std::move(note).error()};
  TIENBO_TRY(check_date(cmd.decision_date, "decisionDate", true));
  TIENBO_TRY(check_date(cmd.effective_date, "effectiveDate", true));
  if (cmd.end_member_ids.empty() && cmd.new_members.empty()) {
    return fail(ErrorCode::InvalidValue, "kiện toàn phải kết thúc hoặc bổ sung ít nhất một thành viên",
                "a consolidation must end or appoint at least one member", "newMembers");
  }
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto c = scoped(**tx, p, id, Action::CommitteeManage);
  if (!c) return Unexpected{std::move(c).error()};
  store::ConsolidationRecord rec{0, id, *decision, cmd.decision_date, cmd.effective_date, *note};
  auto cid = (*tx)->committees().insert_consolidation(rec);
  if (!cid) return Unexpected{std::move(cid).error()};
  rec.id = *cid;
  const std::string last_day = core::previous_day(cmd.effective_date);
  for (auto member_id : cmd.end_member_ids) {
    auto m = (*tx)->committees().find_member(member_id);
    if (!m) return Unexpected{std::move(m).error()};
    if (!*m || (*m)->committee_id != id || (*m)->term_end || (*m)->term_start > last_day) {
      return fail(ErrorCode::InvalidValue,
                  "thành viên " + std::to_string(member_id) + " không phải thành viên đương nhiệm của ban trước ngày " +
                      core::format_date_vi(cmd.effective_date),
                  "member " + std::to_string(member_id) + " is not a serving member of this committee before " +
                      cmd.effective_date,
                  "endMemberIds");
    }
    TIENBO_TRY((*tx)->committees().end_member(member_id, last_day, rec.id));
  }
  for (std::size_t i = 0; i < cmd.new_members.size(); ++i) {
    MemberCommand mc = cmd.new_members[i];
    mc.term_start = cmd.effective_date;
    if (mc.decision_number.empty()) mc.decision_number = rec.decision_number;
    if (mc.decision_date.empty()) mc.decision_date = rec.decision_date;
    auto m = build_member(**tx, p, id, mc, cmd.effective_date);
    if (!m) {
      auto e = std::move(m).error();
      e.field = "newMembers[" + std::to_string(i) + "]." + e.field;
      return Unexpected{std::move(e)};
    }
    m->appointed_in = rec.id;
    auto mid = (*tx)->committees().insert_member(*m);
    if (!mid) return Unexpected{std::move(mid).error()};
  }
  const std::string after = core::JsonObject()
                                .add("decisionNumber", rec.decision_number)
                                .add("effectiveDate", rec.effective_date)
                                .add("ended", cmd.end_member_ids.size())
                                .add("appointed", cmd.new_members.size())
                                .str();
  TIENBO_TRY((*tx)->audit().append(
      {p.login, p.request_id, "consolidate", "committee", std::to_string(id), c->unit_id, std::nullopt, after}));
  TIENBO_TRY((*tx)->commit());
  return rec;
}

core::Result<MemberStats> CommitteeService::stats(const Principal& p, std::int64_t id, const std::string& as_of) {
  auto list = members(p, id, as_of, false);
  if (!list) return Unexpected{std::move(list).error()};
  MemberStats s;
  s.as_of = as_of.empty() ? core::today_in_vietnam() : as_of;
  for (const auto r : core::kMemberRoles) s.by_role[std::string(core::to_string(r))] = {0, 0};
  for (const auto& m : *list) {
    ++s.total;
    auto& pair = s.by_role[std::string(core::to_string(m.member.role))];
    if (m.member.sex == "F") {
      ++s.women;
      ++pair.first;
    } else {
      ++s.men;
      ++pair.second;
    }
  }
  return s;
}

}  // namespace tienbo::services
