#include "tienbo/services/search_service.hpp"

#include <algorithm>
#include <sstream>
#include <tuple>

#include "tienbo/core/text.hpp"
#include "tienbo/services/access_control.hpp"

namespace tienbo::services {

using core::ErrorCode;
using core::fail;
using core::Unexpected;

namespace {

std::vector<std::string> words_of(const std::string& folded) {
  std::vector<std::string> out;
  std::istringstream in(folded);
  std::string w;
  while (in >> w) {
    if (std::find(out.begin(), out.end(), w) == out.end()) out.push_back(w);
  }
  return out;
}

// About 20 words of `text` around the first word whose folded form starts a query word.
std::string snippet(const std::string& text, const std::vector<std::string>& query) {
  std::vector<std::string> words;
  std::istringstream in(text);
  std::string w;
  while (in >> w) words.push_back(w);
  std::size_t hit = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string f = core::fold_for_search(words[i]);
    if (std::any_of(query.begin(), query.end(), [&](const std::string& q) { return f.find(q) != std::string::npos; })) {
      hit = i;
      break;
    }
  }
  const std::size_t from = hit > 8 ? hit - 8 : 0;
  const std::size_t to = std::min(words.size(), from + 20);
  std::string out = from > 0 ? "… " : "";
  for (std::size_t i = from; i < to; ++i) out += (i > from ? " " : "") + words[i];
  if (to < words.size()) out += " …";
  return out;
}

}  // namespace

core::Result<void> index_unit(store::Tx& tx, const store::UnitRecord& u) {
  store::SearchDoc d;
  d.kind = "unit";
  d.ref = u.code + "@" + u.valid_from;
  d.unit_id = u.id;
  d.title = u.name_vi;
  d.body = u.code + " " + u.name_en + " " + u.category;
  d.folded = core::fold_for_search(d.title + " " + d.body);
  return tx.search().put(d);
}

core::Result<void> index_narrative(store::Tx& tx, const std::string& ref, std::optional<std::int64_t> unit_id,
                                   const std::string& title, const std::string& text) {
  if (core::collapse_spaces(text).empty()) return tx.search().remove("narrative", ref);
  store::SearchDoc d{"narrative", ref, unit_id, title, text, core::fold_for_search(title + " " + text)};
  return tx.search().put(d);
}

core::Result<SearchResults> SearchService::search(const Principal& p, const std::string& query, std::int64_t limit) {
  const auto words = words_of(core::fold_for_search(query));
  if (words.empty()) {
    return fail(ErrorCode::InvalidValue, "hãy nhập từ cần tìm", "enter something to search for", "q");
  }
  if (words.size() > 10) {
    return fail(ErrorCode::InvalidValue, "tìm tối đa 10 từ", "search for at most 10 words", "q");
  }
  limit = std::clamp<std::int64_t>(limit, 1, 100);
  auto tx = store_.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  SearchResults out;
  out.query = query;
  // The scope is applied inside the query (a small scope's own hits may rank low among everybody's);
  // each hit is still checked the way every read is.
  for (const auto& [kind, action, list] : {std::tuple{"unit", auth::Action::UnitRead, &out.units},
                                           std::tuple{"narrative", auth::Action::DataRead, &out.narratives}}) {
    auto docs = (*tx)->search().find(words, kind, AccessControl::roots(p, action), limit);
    if (!docs) return Unexpected{std::move(docs).error()};
    for (const auto& d : *docs) {
      if (!d.unit_id) continue;
      auto ok = AccessControl::can(**tx, p, action, *d.unit_id);
      if (!ok) return Unexpected{std::move(ok).error()};
      if (!*ok) continue;
      list->push_back({d.kind, d.ref, d.title, d.kind == "narrative" ? snippet(d.body, words) : ""});
    }
  }
  return out;
}

}  // namespace tienbo::services
