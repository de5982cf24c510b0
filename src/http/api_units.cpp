// /api/v1/units
#include <cmath>

#include "api_common.hpp"
#include "api_handlers.hpp"

namespace tienbo::http::api {
namespace {

namespace json = boost::json;

json::object unit_json(const store::UnitRecord& u, const std::string& parent_code, const std::string& location_code) {
  json::object o{{"code", u.code},
                 {"nameVi", u.name_vi},
                 {"nameEn", u.name_en},
                 {"type", core::to_string(u.unit_type)},
                 {"category", u.category},
                 {"hierarchy", u.hierarchy},
                 {"validFrom", u.valid_from},
                 {"validTo", u.valid_to}};
  o["parent"] = parent_code.empty() ? json::value(nullptr) : json::value(parent_code);
  if (!location_code.empty()) o["location"] = location_code;
  return o;
}

// 1 and 0.5 rather than 1E0 and 5E-1: integral shares as integers, others rounded to 6 places.
json::value share_json(double share) {
  const double rounded = static_cast<double>(std::llround(share * 1e6)) / 1e6;
  if (rounded == static_cast<double>(static_cast<long long>(rounded))) return static_cast<std::int64_t>(rounded);
  return rounded;
}

json::object view_json(const services::UnitView& v) { return unit_json(v.unit, v.parent_code, v.location_code); }

json::object units_json(const std::vector<services::UnitView>& list) {
  json::array arr;
  arr.reserve(list.size());
  for (const auto& v : list) arr.push_back(view_json(v));
  return json::object{{"units", std::move(arr)}};
}

json::array links_json(const std::vector<services::LineageLink>& links) {
  json::array arr;
  for (const auto& l : links) {
    json::object o = unit_json(l.unit, "", "");
    o["kind"] = l.edge.kind;
    o["share"] = share_json(l.edge.share);
    o["effectiveDate"] = l.edge.effective_date;
    arr.push_back(std::move(o));
  }
  return arr;
}

core::Result<services::UnitCommand> unit_command(const Request& req) {
  auto body = parse_json_object(req);
  if (!body) return core::Unexpected{std::move(body).error()};
  services::UnitCommand cmd;
  for (auto [field, target] :
       {std::pair{"code", &cmd.code}, std::pair{"nameVi", &cmd.name_vi}, std::pair{"nameEn", &cmd.name_en},
        std::pair{"type", &cmd.unit_type}, std::pair{"category", &cmd.category}, std::pair{"hierarchy", &cmd.hierarchy},
        std::pair{"parent", &cmd.parent_code}, std::pair{"location", &cmd.location_code},
        std::pair{"validFrom", &cmd.valid_from}, std::pair{"validTo", &cmd.valid_to}}) {
    auto v = string_field(*body, field, false);
    if (!v) return core::Unexpected{std::move(v).error()};
    *target = std::move(*v);
  }
  return cmd;
}

}  // namespace

// GET /api/v1/search?q=&limit=  (units and report narratives, diacritic-insensitive, within scope)
Response search(Api& s, Request& req, const Principal& p) {
  auto limit = query_int(req, "limit", 20, 1, 100);
  if (!limit) return problem(limit.error(), req);
  auto r = s.search.search(p, query(req, "q"), *limit);
  if (!r) return problem(r.error(), req);
  auto hits = [](const std::vector<services::SearchHit>& list) {
    json::array arr;
    for (const auto& h : list) {
      json::object o{{"ref", h.ref}, {"title", h.title}};
      if (h.kind == "unit")
        o["code"] = h.ref.substr(0, h.ref.find('@'));
      else
        o["snippet"] = h.snippet;
      arr.push_back(std::move(o));
    }
    return arr;
  };
  return reply(200, json::object{{"query", r->query}, {"units", hits(r->units)}, {"narratives", hits(r->narratives)}});
}

// GET /api/v1/units?parent=CODE&asOf=  (children; without parent: the caller's top units)
Response list_units(Api& s, Request& req, const Principal& p) {
  const std::string as_of = query(req, "asOf");
  auto parent = req.query_param("parent");
  auto list = parent ? s.units.children(p, *parent, as_of) : s.units.roots(p, as_of);
  if (!list) return problem(list.error(), req);
  return reply(200, units_json(*list));
}

// POST /api/v1/units
Response create_unit(Api& s, Request& req, const Principal& p) {
  auto cmd = unit_command(req);
  if (!cmd) return problem(cmd.error(), req);
  auto made = s.units.create(p, *cmd);
  if (!made) return problem(made.error(), req);
  return reply(201, view_json(*made));
}

// GET /api/v1/units/{code}?asOf=
Response get_unit(Api& s, Request& req, const Principal& p) {
  auto u = s.units.get(p, std::string(req.param("code")), query(req, "asOf"));
  if (!u) return problem(u.error(), req);
  return reply(200, view_json(*u));
}

// PUT /api/v1/units/{code}?asOf=
Response update_unit(Api& s, Request& req, const Principal& p) {
  auto cmd = unit_command(req);
  if (!cmd) return problem(cmd.error(), req);
  auto u = s.units.update(p, std::string(req.param("code")), query(req, "asOf"), *cmd);
  if (!u) return problem(u.error(), req);
  return reply(200, view_json(*u));
}

// GET /api/v1/units/{code}/ancestors?asOf=
Response list_ancestors(Api& s, Request& req, const Principal& p) {
  auto list = s.units.ancestors(p, std::string(req.param("code")), query(req, "asOf"));
  if (!list) return problem(list.error(), req);
  return reply(200, units_json(*list));
}

// GET /api/v1/units/{code}/descendants?asOf=&type=&limit=
Response list_descendants(Api& s, Request& req, const Principal& p) {
  auto limit = query_int(req, "limit", 5000, 1, 20000);
  if (!limit) return problem(limit.error(), req);
  auto type = req.query_param("type");
  auto list = s.units.descendants(p, std::string(req.param("code")), query(req, "asOf"), type, *limit);
  if (!list) return problem(list.error(), req);
  return reply(200, units_json(*list));
}

// GET /api/v1/units/{code}/lineage?asOf=
Response get_lineage(Api& s, Request& req, const Principal& p) {
  auto l = s.units.lineage(p, std::string(req.param("code")), query(req, "asOf"));
  if (!l) return problem(l.error(), req);
  return reply(200, json::object{{"unit", view_json(l->unit)},
                                 {"predecessors", links_json(l->predecessors)},
                                 {"successors", links_json(l->successors)}});
}

// GET /api/v1/units/{code}/rebased?asOf=  (today's units this unit's data maps to)
Response get_rebased(Api& s, Request& req, const Principal& p) {
  auto targets = s.units.rebase(p, std::string(req.param("code")), query(req, "asOf"));
  if (!targets) return problem(targets.error(), req);
  json::array arr;
  for (const auto& t : *targets) {
    json::object o = unit_json(t.unit, "", "");
    o["share"] = share_json(t.share);
    o["partial"] = t.partial;
    arr.push_back(std::move(o));
  }
  return reply(200, json::object{{"targets", std::move(arr)}});
}

}  // namespace tienbo::http::api
