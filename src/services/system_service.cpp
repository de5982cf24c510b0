#include "tienbo/services/system_service.hpp"

#include "tienbo/core/version.hpp"

namespace tienbo::services {

core::Result<Health> SystemService::health() {
  auto info = store_.ping();
  if (!info) return core::Unexpected{std::move(info).error()};
  Health h;
  h.status = "ok";
  h.database = info->backend;
  h.schema_version = info->schema_version;
  h.version = std::string(core::program_version());
  return h;
}

}  // namespace tienbo::services
