// /api/v1/committees
#include "api_common.hpp"
#include "api_handlers.hpp"

#include "tienbo/core/member_role.hpp"

namespace tienbo::http::api {
namespace {

namespace json = boost::json;

json::value opt(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

json::object committee_json(const services::CommitteeView& v) {
  const auto& c = v.committee;
  return json::object{
      {"id", c.id},
      {"unit", v.unit_code},
      {"nameVi", c.name_vi},
      {"nameEn", c.name_en},
      {"standingAgency", v.standing_agency_code.empty() ? json::value(nullptr) : json::value(v.standing_agency_code)},
      {"decisionNumber", c.decision_number},
      {"decisionDate", c.decision_date},
      {"establishedOn", c.established_on},
      {"dissolvedOn", opt(c.dissolved_on)},
      {"actions", actions_json(v.actions)}};
}

json::object member_json(const services::MemberView& v) {
  const auto& m = v.member;
  return json::object{{"id", m.id},
                      {"fullName", m.full_name},
                      {"sex", m.sex},
                      {"position", m.position},
                      {"agency", v.agency_code.empty() ? json::value(nullptr) : json::value(v.agency_code)},
                      {"role", core::to_string(m.role)},
                      {"roleLabelVi", core::label_vi(m.role)},
                      {"decisionNumber", m.decision_number},
                      {"decisionDate", m.decision_date},
                      {"termStart", m.term_start},
                      {"termEnd", opt(m.term_end)},
                      {"appointedIn", m.appointed_in ? json::value(*m.appointed_in) : json::value(nullptr)},
                      {"endedIn", m.ended_in ? json::value(*m.ended_in) : json::value(nullptr)}};
}

json::object consolidation_json(const store::ConsolidationRecord& c) {
  return json::object{{"id", c.id},
                      {"decisionNumber", c.decision_number},
                      {"decisionDate", c.decision_date},
                      {"effectiveDate", c.effective_date},
                      {"note", c.note}};
}

core::Result<services::CommitteeCommand> committee_command(const boost::json::object& body) {
  services::CommitteeCommand cmd;
  for (auto [field, target] :
       {std::pair{"nameVi", &cmd.name_vi}, std::pair{"nameEn", &cmd.name_en},
        std::pair{"standingAgency", &cmd.standing_agency_code}, std::pair{"decisionNumber", &cmd.decision_number},
        std::pair{"decisionDate", &cmd.decision_date}, std::pair{"establishedOn", &cmd.established_on}}) {
    auto v = string_field(body, field, false);
    if (!v) return core::Unexpected{std::move(v).error()};
    *target = std::move(*v);
  }
  if (body.contains("dissolvedOn")) {
    auto v = string_field(body, "dissolvedOn", false);
    if (!v) return core::Unexpected{std::move(v).error()};
    if (!v->empty()) cmd.dissolved_on = std::move(*v);
  }
  return cmd;
}

core::Result<services::MemberCommand> member_command(const boost::json::object& body) {
  services::MemberCommand cmd;
  for (auto [field, target, required] :
       {std::tuple{"fullName", &cmd.full_name, true}, std::tuple{"sex", &cmd.sex, true},
        std::tuple{"position", &cmd.position, false}, std::tuple{"agency", &cmd.agency_code, false},
        std::tuple{"role", &cmd.role, true}, std::tuple{"decisionNumber", &cmd.decision_number, false},
        std::tuple{"decisionDate", &cmd.decision_date, false}, std::tuple{"termStart", &cmd.term_start, false}}) {
    auto v = string_field(body, field, required);
    if (!v) return core::Unexpected{std::move(v).error()};
    *target = std::move(*v);
  }
  return cmd;
}

//! The body of POST /api/v1/committees/{id}/consolidations: 422 naming the first bad field.
core::Result<services::ConsolidationCommand> consolidation_command(const json::object& body) {
  services::ConsolidationCommand cmd;
  for (auto [field, target, required] :
       {std::tuple{"decisionNumber", &cmd.decision_number, true}, std::tuple{"decisionDate", &cmd.decision_date, true},
        std::tuple{"effectiveDate", &cmd.effective_date, true}, std::tuple{"note", &cmd.note, false}}) {
    auto v = string_field(body, field, required);
    if (!v) return core::Unexpected{std::move(v).error()};
    *target = std::move(*v);
  }
  auto ended = id_array_field(body, "endMemberIds");
  if (!ended) return core::Unexpected{std::move(ended).error()};
  cmd.end_member_ids = std::move(*ended);
  const auto* nm = body.if_contains("newMembers");
  if (!nm || nm->is_null()) return cmd;
  if (!nm->is_array()) {
    return core::fail(core::ErrorCode::InvalidValue, "trường \"newMembers\" phải là một mảng",
                      "field \"newMembers\" must be an array", "newMembers");
  }
  for (std::size_t i = 0; i < nm->as_array().size(); ++i) {
    const auto& item = nm->as_array()[i];
    const std::string where = "newMembers[" + std::to_string(i) + "]";
    if (!item.is_object()) {
      return core::fail(core::ErrorCode::InvalidValue, "mỗi phần tử của newMembers phải là một đối tượng",
                        "each newMembers item must be an object", where);
    }
    auto m = member_command(item.as_object());
    if (!m) {
      auto e = m.error();
      e.field = where + "." + e.field;
      return core::Unexpected{std::move(e)};
    }
    cmd.new_members.push_back(std::move(*m));
  }
  return cmd;
}

}  // namespace

// GET /api/v1/committees?unit=CODE
Response list_committees(Api& s, Request& req, const Principal& p) {
  auto unit = req.query_param("unit");
  if (!unit) {
    return problem(core::make_error(core::ErrorCode::InvalidValue, "thiếu tham số unit (mã đơn vị)",
                                    "the unit parameter (a unit code) is required", "unit"),
                   req);
  }
  auto list = s.committees.list(p, *unit);
  if (!list) return problem(list.error(), req);
  json::array arr;
  for (const auto& c : *list) arr.push_back(committee_json(c));
  return reply(200, json::object{{"committees", std::move(arr)}});
}

// POST /api/v1/committees {"unit", ...}
Response create_committee(Api& s, Request& req, const Principal& p) {
  auto body = parse_json_object(req);
  if (!body) return problem(body.error(), req);
  auto unit = string_field(*body, "unit", true);
  if (!unit) return problem(unit.error(), req);
  auto cmd = committee_command(*body);
  if (!cmd) return problem(cmd.error(), req);
  auto made = s.committees.create(p, *unit, *cmd);
  if (!made) return problem(made.error(), req);
  return reply(201, committee_json(*made));
}

// GET /api/v1/committees/{id}
Response get_committee(Api& s, Request& req, const Principal& p) {
  auto id = path_id(req, "id", "ban", "committee");
  if (!id) return problem(id.error(), req);
  auto c = s.committees.get(p, *id);
  if (!c) return problem(c.error(), req);
  return reply(200, committee_json(*c));
}

// PUT /api/v1/committees/{id}
Response update_committee(Api& s, Request& req, const Principal& p) {
  auto id = path_id(req, "id", "ban", "committee");
  if (!id) return problem(id.error(), req);
  auto body = parse_json_object(req);
  if (!body) return problem(body.error(), req);
  auto cmd = committee_command(*body);
  if (!cmd) return problem(cmd.error(), req);
  auto c = s.committees.update(p, *id, *cmd);
  if (!c) return problem(c.error(), req);
  return reply(200, committee_json(*c));
}

// GET /api/v1/committees/{id}/members?asOf=&history=true
Response list_members(Api& s, Request& req, const Principal& p) {
  auto id = path_id(req, "id", "ban", "committee");
  if (!id) return problem(id.error(), req);
  auto list = s.committees.members(p, *id, query(req, "asOf"), query(req, "history") == "true");
  if (!list) return problem(list.error(), req);
  json::array arr;
  for (const auto& m : *list) arr.push_back(member_json(m));
  return reply(200, json::object{{"members", std::move(arr)}});
}

// POST /api/v1/committees/{id}/members
Response add_member(Api& s, Request& req, const Principal& p) {
  auto id = path_id(req, "id", "ban", "committee");
  if (!id) return problem(id.error(), req);
  auto body = parse_json_object(req);
  if (!body) return problem(body.error(), req);
  auto cmd = member_command(*body);
  if (!cmd) return problem(cmd.error(), req);
  auto m = s.committees.add_member(p, *id, *cmd);
  if (!m) return problem(m.error(), req);
  return reply(201, member_json(*m));
}

// POST /api/v1/committees/{id}/members/{member}/end {"termEnd"}
Response end_membership(Api& s, Request& req, const Principal& p) {
  auto id = path_id(req, "id", "ban", "committee");
  if (!id) return problem(id.error(), req);
  auto member = path_id(req, "member", "thành viên", "member");
  if (!member) return problem(member.error(), req);
  auto body = parse_json_object(req);
  if (!body) return problem(body.error(), req);
  auto end = string_field(*body, "termEnd", true);
  if (!end) return problem(end.error(), req);
  auto m = s.committees.end_member(p, *id, *member, *end);
  if (!m) return problem(m.error(), req);
  return reply(200, member_json(*m));
}

// GET /api/v1/committees/{id}/consolidations
Response list_consolidations(Api& s, Request& req, const Principal& p) {
  auto id = path_id(req, "id", "ban", "committee");
  if (!id) return problem(id.error(), req);
  auto list = s.committees.consolidations(p, *id);
  if (!list) return problem(list.error(), req);
  json::array arr;
  for (const auto& c : *list) arr.push_back(consolidation_json(c));
  return reply(200, json::object{{"consolidations", std::move(arr)}});
}

// POST /api/v1/committees/{id}/consolidations
// {"decisionNumber","decisionDate","effectiveDate","note","endMemberIds",[...],"newMembers":[...]}
Response consolidate_committee(Api& s, Request& req, const Principal& p) {
  auto id = path_id(req, "id", "ban", "committee");
  if (!id) return problem(id.error(), req);
  auto body = parse_json_object(req);
  if (!body) return problem(body.error(), req);
  auto cmd = consolidation_command(*body);
  if (!cmd) return problem(cmd.error(), req);
  auto c = s.committees.consolidate(p, *id, *cmd);
  if (!c) return problem(c.error(), req);
  return reply(201, consolidation_json(*c));
}

// GET /api/v1/committees/{id}/stats?asOf=
Response get_committee_stats(Api& s, Request& req, const Principal& p) {
  auto id = path_id(req, "id", "ban", "committee");
  if (!id) return problem(id.error(), req);
  auto st = s.committees.stats(p, *id, query(req, "asOf"));
  if (!st) return problem(st.error(), req);
  json::object roles;
  for (const auto& [role, counts] : st->by_role) {
    roles[role] = json::object{{"women", counts.first}, {"men", counts.second}};
  }
  return reply(200, json::object{{"asOf", st->as_of},
                                 {"total", st->total},
                                 {"women", st->women},
                                 {"men", st->men},
                                 {"byRole", std::move(roles)}});
}

}  // namespace tienbo::http::api
