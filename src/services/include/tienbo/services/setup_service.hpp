#pragma once
// Loading a metadata package into a freshly migrated database.

#include <string>
#include <vector>

#include "tienbo/core/result.hpp"
#include "tienbo/services/context.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services {

//! The packages this binary can load. "vn-gender-equality" is the default.
std::vector<std::string> known_packages();

class SetupService {
 public:
  explicit SetupService(store::Store& store) : store_(store) {}
  //! Ensures the package's base data exists (idempotent): today the root unit
  //! VN (Việt Nam). Later issues add units, forms and indicators.
  core::Result<void> load_package(const std::string& name, const Actor& actor);

 private:
  store::Store& store_;
};

}  // namespace tienbo::services
