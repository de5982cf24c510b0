#pragma once
// Loading a metadata package and demo data into a freshly migrated database.

#include <string>
#include <vector>

#include "tienbo/core/result.hpp"
#include "tienbo/services/change_feed.hpp"
#include "tienbo/services/context.hpp"
#include "tienbo/services/metadata_service.hpp"
#include "tienbo/services/unit_service.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services {

//! The packages this binary can load. "vn-gender-equality" is the default.
std::vector<std::string> known_packages();

struct DemoAccount {
  std::string login;
  std::string password;
  std::string role;
  std::string unit_code;
  std::string description_vi;
};

//! The demo accounts `--demo` creates (also printed by `tienbo init --demo`).
std::vector<DemoAccount> demo_accounts();

class SetupService {
 public:
  explicit SetupService(store::Store& store) : store_(store) {}
  //! Where the units and metadata it commits are announced (running servers on the same PostgreSQL follow).
  void set_change_feed(const ChangeFeed* feed) { changes_ = feed; }
  //! Ensures the package's base data exists (idempotent): the root unit VN
  //! (Việt Nam) and the administrative units of the 2025 reform with lineage,
  //! then loads the metadata package: a built-in name (vn-gender-equality) or
  //! a directory holding the package's JSON files (an edited or newer package).
  core::Result<PackageLoadReport> load_package(const std::string& name, const Actor& actor,
                                               const Progress& progress = {});
  //! Demo member agencies, a sector hierarchy, committees with members and the
  //! demo accounts (idempotent).
  core::Result<void> load_demo(const Actor& actor);

 private:
  store::Store& store_;
  const ChangeFeed* changes_ = nullptr;
};

}  // namespace tienbo::services
