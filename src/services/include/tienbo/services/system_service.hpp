#pragma once

#include <string>

#include "tienbo/core/result.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services {

struct Health {
  std::string status;          //!< "ok"
  std::string database;        //!< "sqlite" or "postgresql"
  std::string schema_version;  //!< newest applied migration
  std::string version;         //!< program version
};

//! Health of the running system: does the database answer, at which schema.
class SystemService {
 public:
  explicit SystemService(store::Store& store) : store_(store) {}
  core::Result<Health> health();

 private:
  store::Store& store_;
};

}  // namespace tienbo::services
