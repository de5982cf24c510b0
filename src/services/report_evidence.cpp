// Evidence files of a report.
#include "report_internal.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
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

// An uploaded file as stored and served: its name and the content type its bytes show.
struct EvidenceFile {
  std::string name;
  std::string content_type;
};

// The upload's size and name checked; the name cleaned, and ending in an extension of the type
// the bytes show.
core::Result<EvidenceFile> accepted_file(const EvidenceUpload& upload) {
  if (upload.bytes.size() > kMaxEvidenceBytes) {
    return fail(ErrorCode::PayloadTooLarge, "tệp minh chứng lớn quá 5 MB", "the evidence file is larger than 5 MB",
                "file");
  }
  if (upload.bytes.empty())
    return fail(ErrorCode::InvalidValue, "tệp minh chứng trống", "the evidence file is empty", "file");
  if (!core::is_valid_utf8(upload.file_name) || upload.file_name.size() > 1000) {
    return fail(ErrorCode::InvalidValue, "tên tệp phải là văn bản UTF-8, tối đa 1000 byte",
                "the file name must be UTF-8 text of at most 1000 bytes", "fileName");
  }
  // The name as stored and served: cleaned, and ending in an extension of the type the bytes show.
  const std::string cleaned = io::clean_file_name(upload.file_name);
  auto type = io::sniff_content_type(upload.bytes, cleaned);
  if (!type) {
    return fail(ErrorCode::UnsupportedMediaType,
                "loại tệp \"" + cleaned +
                    "\" không được chấp nhận; dùng PDF, ảnh (PNG, JPEG, GIF, WebP), Word, Excel, PowerPoint, "
                    "OpenDocument, TXT hoặc CSV",
                "the file \"" + cleaned +
                    "\" is not an accepted type; use PDF, images (PNG, JPEG, GIF, WebP), Word, Excel, PowerPoint, "
                    "OpenDocument, TXT or CSV",
                "file");
  }
  return EvidenceFile{io::file_name_for_type(cleaned, *type), *type};
}

// The target must exist in the form: a section, a data element or one of its options.
core::Result<void> check_target(const FormDefinition& def, const std::string& target) {
  if (target.empty()) return {};
  const auto dot = target.find('.');
  const std::string code = target.substr(0, dot);
  const bool section =
      std::any_of(def.sections.begin(), def.sections.end(), [&](const auto& s) { return s.code == target; });
  const ElementDef* e = def.element_by_code(code);
  const bool element = e && (dot == std::string::npos || e->option(target.substr(dot + 1)));
  if (!section && !element) {
    return fail(ErrorCode::InvalidValue, "biểu mẫu không có mục hoặc chỉ tiêu \"" + target + "\"",
                "the form has no section or data element \"" + target + "\"", "target");
  }
  return {};
}

// The unit's quota: what all its reports hold together, with `size` more bytes, stays within `quota`.
core::Result<void> check_quota(store::Tx& tx, std::int64_t unit_id, const std::string& unit, std::int64_t quota,
                               std::int64_t size) {
  auto used = tx.evidence().bytes_of_unit(unit_id);
  if (!used) return Unexpected{std::move(used).error()};
  if (*used + size > quota) {
    const auto mb = [](std::int64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); };
    char en[200];
    std::snprintf(en, sizeof en, "%.1f MB of its %.1f MB", mb(*used), mb(quota));
    return fail(
        ErrorCode::PayloadTooLarge,
        "đơn vị " + unit + " đã dùng " + core::format_number_vi(mb(*used), 1) +
            " MB trong hạn mức dung lượng minh chứng " + core::format_number_vi(mb(quota), 1) + " MB; tệp này (" +
            std::to_string(size) +
            " byte) vượt quá hạn mức. Hãy xóa bớt minh chứng không cần hoặc đề nghị quản trị viên tăng hạn mức.",
        "unit " + unit + " has used " + en + " evidence quota; this file (" + std::to_string(size) +
            " bytes) would exceed it. Remove evidence that is no longer needed or ask the administrator for a larger "
            "quota.",
        "file");
  }
  return {};
}

}  // namespace

core::Result<store::EvidenceRecord> ReportService::attach_evidence(const Principal& p, const std::string& form,
                                                                   const std::string& unit, const std::string& period,
                                                                   const EvidenceUpload& upload) {
  auto file = accepted_file(upload);
  if (!file) return Unexpected{std::move(file).error()};
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataEdit, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  if (l->report && !is_editable(l->report->status)) {
    return fail(ErrorCode::Conflict, "báo cáo " + status_vi(l->report->status) + ", không thêm minh chứng được",
                "the report is " + std::string(to_string(l->report->status)) + "; no evidence can be added", "status");
  }
  TIENBO_TRY(check_target(*l->def, upload.target));
  if (const std::int64_t quota = evidence_quota_.load(); quota > 0) {
    TIENBO_TRY(check_quota(**tx, l->unit.id, unit, quota, static_cast<std::int64_t>(upload.bytes.size())));
  }
  const std::string ts = now();
  TIENBO_TRY(ensure_report(**tx, *l, ts));
  store::EvidenceRecord e;
  e.report_id = l->report->id;
  e.target = upload.target;
  e.file_name = file->name;
  e.content_type = file->content_type;
  e.size_bytes = static_cast<std::int64_t>(upload.bytes.size());
  e.sha256 = auth::sha256_hex(upload.bytes);
  e.content = upload.bytes;
  e.uploaded_by = p.login;
  e.uploaded_at = ts;
  auto id = (*tx)->evidence().insert(e);
  if (!id) return Unexpected{std::move(id).error()};
  e.id = *id;
  const std::string after = core::JsonObject()
                                .add("file", e.file_name)
                                .add("type", e.content_type)
                                .add("bytes", e.size_bytes)
                                .add("sha256", e.sha256)
                                .str();
  TIENBO_TRY((*tx)->audit().append(
      {p.login, p.request_id, "attach", "evidence", std::to_string(e.id), l->unit.id, std::nullopt, after}));
  TIENBO_TRY((*tx)->commit());
  e.content.clear();
  return e;
}

core::Result<std::vector<store::EvidenceRecord>> ReportService::list_evidence(const Principal& p,
                                                                              const std::string& form,
                                                                              const std::string& unit,
                                                                              const std::string& period) {
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataRead, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  if (!l->report) return std::vector<store::EvidenceRecord>{};
  auto list = (*tx)->evidence().of_report(l->report->id);
  if (!list) return Unexpected{std::move(list).error()};
  for (auto& e : *list) e.file_name = io::file_name_for_type(io::clean_file_name(e.file_name), e.content_type);
  return list;
}

namespace {
// The evidence and the check that `p` may do `action` on its report's unit.
core::Result<std::pair<store::EvidenceRecord, store::ReportRecord>> scoped_evidence(store::Tx& tx, const Principal& p,
                                                                                    std::int64_t id, Action action) {
  auto e = tx.evidence().find(id);
  if (!e) return Unexpected{std::move(e).error()};
  const std::string what_vi = "minh chứng " + std::to_string(id);
  const std::string what_en = "evidence " + std::to_string(id);
  if (!*e) return fail(ErrorCode::NotFound, "không tìm thấy " + what_vi, "not found: " + what_en);
  auto r = tx.reports().find_by_id((*e)->report_id);
  if (!r) return Unexpected{std::move(r).error()};
  if (!*r) return fail(ErrorCode::NotFound, "không tìm thấy " + what_vi, "not found: " + what_en);
  TIENBO_TRY(AccessControl::require(tx, p, Action::DataRead, (*r)->unit_id, what_vi, what_en));
  if (action != Action::DataRead) TIENBO_TRY(AccessControl::require(tx, p, action, (*r)->unit_id, what_vi, what_en));
  return std::pair{std::move(**e), std::move(**r)};
}
}  // namespace

core::Result<store::EvidenceRecord> ReportService::download_evidence(const Principal& p, std::int64_t id) {
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto found = scoped_evidence(**tx, p, id, Action::DataRead);
  if (!found) return Unexpected{std::move(found).error()};
  // Names stored before they were cleaned on upload are served cleaned too.
  found->first.file_name =
      io::file_name_for_type(io::clean_file_name(found->first.file_name), found->first.content_type);
  return std::move(found->first);
}

core::Result<void> ReportService::delete_evidence(const Principal& p, std::int64_t id) {
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto found = scoped_evidence(**tx, p, id, Action::DataEdit);
  if (!found) return Unexpected{std::move(found).error()};
  const auto& [e, r] = *found;
  if (!is_editable(r.status)) {
    return fail(ErrorCode::Conflict, "báo cáo " + status_vi(r.status) + ", không xóa minh chứng được",
                "the report is " + std::string(to_string(r.status)) + "; its evidence cannot be removed", "status");
  }
  TIENBO_TRY((*tx)->evidence().remove(id));
  const std::string before = core::JsonObject().add("file", e.file_name).add("sha256", e.sha256).str();
  TIENBO_TRY((*tx)->audit().append(
      {p.login, p.request_id, "delete", "evidence", std::to_string(id), r.unit_id, before, std::nullopt}));
  return (*tx)->commit();
}

}  // namespace tienbo::services
