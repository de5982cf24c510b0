// Submitted revisions of a report and the difference between two.
#include "report_internal.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "tienbo/auth/token.hpp"
#include "tienbo/core/date.hpp"
#include "tienbo/core/log.hpp"
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

core::Result<std::vector<store::RevisionRecord>> ReportService::revisions(const Principal& p, const std::string& form,
                                                                          const std::string& unit,
                                                                          const std::string& period) {
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataRead, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  if (!l->report) return std::vector<store::RevisionRecord>{};
  auto list = (*tx)->reports().revisions(l->report->id);
  if (!list) return Unexpected{std::move(list).error()};
  for (auto& r : *list) r.content_json.clear();  // the list names them; diff() compares them
  return list;
}

core::Result<std::vector<RevisionChange>> ReportService::diff(const Principal& p, const std::string& form,
                                                              const std::string& unit, const std::string& period,
                                                              int from, int to) {
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto l = load(**tx, metadata_, p, Action::DataRead, form, unit, period);
  if (!l) return Unexpected{std::move(l).error()};
  std::vector<store::RevisionRecord> list;
  if (l->report) {
    auto r = (*tx)->reports().revisions(l->report->id);
    if (!r) return Unexpected{std::move(r).error()};
    list = std::move(*r);
  }
  auto find = [&](int n) -> const store::RevisionRecord* {
    for (const auto& r : list) {
      if (r.revision == n) return &r;
    }
    return nullptr;
  };
  const auto* a = find(from);
  const auto* b = find(to);
  if (!a || !b) {
    return fail(
        ErrorCode::NotFound,
        "báo cáo có " + std::to_string(list.size()) + " lần nộp; không có lần nộp " + std::to_string(!a ? from : to),
        "the report has " + std::to_string(list.size()) + " submission(s); there is no submission " +
            std::to_string(!a ? from : to));
  }
  auto before = io::parse_string_groups(a->content_json);
  if (!before) return Unexpected{std::move(before).error()};
  auto after = io::parse_string_groups(b->content_json);
  if (!after) return Unexpected{std::move(after).error()};
  std::vector<RevisionChange> out;
  for (const auto& [group, kind] : {std::pair{std::string("values"), std::string("value")},
                                    std::pair{std::string("narratives"), std::string("narrative")}}) {
    const auto& x = (*before)[group];
    const auto& y = (*after)[group];
    std::set<std::string> keys;
    for (const auto& [k, v] : x) keys.insert(k);
    for (const auto& [k, v] : y) keys.insert(k);
    for (const auto& k : keys) {
      auto xi = x.find(k);
      auto yi = y.find(k);
      std::optional<std::string> bv = xi == x.end() ? std::nullopt : std::optional<std::string>(xi->second);
      std::optional<std::string> av = yi == y.end() ? std::nullopt : std::optional<std::string>(yi->second);
      if (bv != av) out.push_back({kind, k, bv, av});
    }
  }
  return out;
}

}  // namespace tienbo::services
