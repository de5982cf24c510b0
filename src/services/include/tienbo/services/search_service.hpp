#pragma once
// One search box over unit names and report narratives, diacritic-insensitive
// ("bao luc gia dinh" finds "bạo lực gia đình"), returning only what the user may read.

#include <optional>
#include <string>
#include <vector>

#include "tienbo/core/result.hpp"
#include "tienbo/services/context.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services {

struct SearchHit {
  std::string kind;  //!< "unit" or "narrative"
  std::string ref;   //!< unit: code@validFrom; narrative: FORM/UNIT/PERIOD/SECTION
  std::string title;
  std::string snippet;  //!< the words around the first match (narratives)
};

struct SearchResults {
  std::string query;
  std::vector<SearchHit> units;
  std::vector<SearchHit> narratives;
};

class SearchService {
 public:
  explicit SearchService(store::Store& store) : store_(store) {}
  core::Result<SearchResults> search(const Principal& p, const std::string& query, std::int64_t limit);

 private:
  store::Store& store_;
};

//! Keeps the index current; called in the same transaction as the change.
core::Result<void> index_unit(store::Tx& tx, const store::UnitRecord& unit);
core::Result<void> index_narrative(store::Tx& tx, const std::string& ref, std::optional<std::int64_t> unit_id,
                                   const std::string& title, const std::string& text);

}  // namespace tienbo::services
