#pragma once
// Units of the reporting hierarchies: the territorial tree (nation → province →
// commune; before 1/7/2025 also districts), sector hierarchies and member
// agencies; "as of" views, the 2025-reform lineage and the re-based view that
// maps a former unit onto today's units.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tienbo/core/result.hpp"
#include "tienbo/services/change_feed.hpp"
#include "tienbo/services/context.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services {

struct UnitView {
  store::UnitRecord unit;
  std::string parent_code;    //!< empty for a root
  std::string location_code;  //!< territorial location of a sector unit
};

struct LineageLink {
  store::LineageRecord edge;
  store::UnitRecord unit;  //!< the unit at the other end of the edge
};

struct LineageView {
  UnitView unit;
  std::vector<LineageLink> predecessors;  //!< what this unit was made from
  std::vector<LineageLink> successors;    //!< what this unit became
};

//! One of today's units and the share of a former unit's data that goes to it.
struct RebasedTarget {
  store::UnitRecord unit;
  double share = 1.0;
  bool partial = false;
};

struct UnitCommand {
  std::string code;
  std::string name_vi;
  std::string name_en;
  std::string unit_type;
  std::string category;
  std::string hierarchy;  //!< default: the parent's
  std::string parent_code;
  std::string location_code;
  std::string valid_from;  //!< default: today
  std::string valid_to;    //!< default: open
};

struct ImportReport {
  std::int64_t units = 0;
  std::int64_t lineage_edges = 0;
  bool already_loaded = false;
};

using Progress = std::function<void(std::string_view stage, std::size_t done, std::size_t total)>;

class UnitService {
 public:
  explicit UnitService(store::Store& store) : store_(store) {}
  //! Where committed unit and lineage changes are announced, so that every cache built from the
  //! tree (the analytics snapshot, here and on other instances) follows; none: nobody is told.
  void set_change_feed(const ChangeFeed* feed) { changes_ = feed; }

  core::Result<UnitView> get(const Principal& p, const std::string& code, const std::string& as_of);
  core::Result<std::vector<UnitView>> children(const Principal& p, const std::string& code, const std::string& as_of);
  //! The unit's ancestors that `p` may read, root first.
  core::Result<std::vector<UnitView>> ancestors(const Principal& p, const std::string& code, const std::string& as_of);
  core::Result<std::vector<UnitView>> descendants(const Principal& p, const std::string& code, const std::string& as_of,
                                                  const std::optional<std::string>& type, std::int64_t limit);
  //! The units `p` may read at the top of its scope (its grant units), valid on `as_of`.
  core::Result<std::vector<UnitView>> roots(const Principal& p, const std::string& as_of);
  core::Result<LineageView> lineage(const Principal& p, const std::string& code, const std::string& as_of);
  //! Today's units a unit's data maps to (itself when it is current), with shares.
  core::Result<std::vector<RebasedTarget>> rebase(const Principal& p, const std::string& code,
                                                  const std::string& as_of);

  core::Result<UnitView> create(const Principal& p, const UnitCommand& cmd);
  core::Result<UnitView> update(const Principal& p, const std::string& code, const std::string& as_of,
                                const UnitCommand& cmd);

  //! Loads the bundled 2025 administrative units and lineage under VN (idempotent).
  core::Result<ImportReport> load_admin_units(const Actor& actor, const Progress& progress);
  //! Imports units from CSV (code,name_vi,name_en,unit_type,category,parent_code,valid_from,valid_to,hierarchy,
  //! location_code); all rows or none, with every bad row listed in the error.
  core::Result<ImportReport> import_csv(const Actor& actor, std::string_view csv_text, const Progress& progress);

 private:
  store::Store& store_;
  const ChangeFeed* changes_ = nullptr;
};

//! Validates an "as of" date; empty means today in Viet Nam.
core::Result<std::string> resolve_as_of(const std::string& as_of);

}  // namespace tienbo::services
