#include "tienbo/services/setup_service.hpp"

namespace tienbo::services {

std::vector<std::string> known_packages() { return {"vn-gender-equality"}; }

core::Result<void> SetupService::load_package(const std::string& name, const Actor& actor) {
  if (name != "vn-gender-equality") {
    return core::fail(core::ErrorCode::InvalidValue,
                      "không có gói dữ liệu \"" + name + "\"; các gói có: vn-gender-equality",
                      "there is no package \"" + name + "\"; available: vn-gender-equality", "package");
  }
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return core::Unexpected{std::move(tx).error()};
  auto root = (*tx)->units().find_by_code("VN");
  if (!root) return core::Unexpected{std::move(root).error()};
  if (!*root) {
    store::UnitRecord vn;
    vn.code = "VN";
    vn.name_vi = "Việt Nam";
    vn.name_en = "Viet Nam";
    vn.unit_type = "nation";
    auto id = (*tx)->units().insert(vn);
    if (!id) return core::Unexpected{std::move(id).error()};
    TIENBO_TRY((*tx)->audit().append({actor.login, actor.request_id, "create", "unit", "VN", std::nullopt,
                                      "{\"code\":\"VN\",\"nameVi\":\"Việt Nam\",\"type\":\"nation\"}"}));
  }
  return (*tx)->commit();
}

}  // namespace tienbo::services
