// /api/v1/reports/{form}/{unit}/{period}/evidence and /api/v1/evidence/{id}: a report's evidence files
#include "api_handlers.hpp"

namespace tienbo::http::api {
namespace {

namespace json = boost::json;

json::object evidence_json(const store::EvidenceRecord& e) {
  return json::object{
      {"id", e.id},         {"fileName", e.file_name}, {"contentType", e.content_type}, {"size", e.size_bytes},
      {"sha256", e.sha256}, {"target", e.target},      {"uploadedBy", e.uploaded_by},   {"uploadedAt", e.uploaded_at}};
}

}  // namespace

// POST /api/v1/reports/{form}/{unit}/{period}/evidence?target=  (body: the file; header X-File-Name, percent-encoded
// UTF-8)
Response attach_evidence(Api& s, Request& req, const Principal& p) {
  services::EvidenceUpload up;
  auto name = percent_decode(req.header("X-File-Name"), false);
  if (!name || name->empty()) {
    return problem(
        core::make_error(core::ErrorCode::InvalidValue, "thiếu tên tệp (tiêu đề X-File-Name, mã hóa phần trăm UTF-8)",
                         "the file name is missing (header X-File-Name, percent-encoded UTF-8)", "fileName"),
        req);
  }
  up.file_name = std::move(*name);
  up.target = query(req, "target");
  up.bytes = std::move(req.body);
  auto e = s.reports.attach_evidence(p, std::string(req.param("form")), std::string(req.param("unit")),
                                     std::string(req.param("period")), up);
  if (!e) return problem(e.error(), req);
  return reply(201, evidence_json(*e));
}

// GET /api/v1/reports/{form}/{unit}/{period}/evidence
Response list_evidence(Api& s, Request& req, const Principal& p) {
  auto list = s.reports.list_evidence(p, std::string(req.param("form")), std::string(req.param("unit")),
                                      std::string(req.param("period")));
  if (!list) return problem(list.error(), req);
  json::array arr;
  for (const auto& e : *list) arr.push_back(evidence_json(e));
  return reply(200, json::object{{"evidence", std::move(arr)}});
}

// GET /api/v1/evidence/{id}: the file itself
Response download_evidence(Api& s, Request& req, const Principal& p) {
  auto id = path_id(req, "id", "minh chứng", "evidence");
  if (!id) return problem(id.error(), req);
  auto e = s.reports.download_evidence(p, *id);
  if (!e) return problem(e.error(), req);
  return evidence_file(std::move(*e));
}

// DELETE /api/v1/evidence/{id}
Response delete_evidence(Api& s, Request& req, const Principal& p) {
  auto id = path_id(req, "id", "minh chứng", "evidence");
  if (!id) return problem(id.error(), req);
  auto done = s.reports.delete_evidence(p, *id);
  if (!done) return problem(done.error(), req);
  return no_content();
}

}  // namespace tienbo::http::api
