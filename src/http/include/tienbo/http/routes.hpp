#pragma once
// The route table of tienbo: every endpoint is registered in routes.cpp.

#include <filesystem>
#include <optional>

#include "tienbo/http/router.hpp"
#include "tienbo/services/system_service.hpp"

namespace tienbo::http {

//! The services the handlers call. References must outlive the router.
struct ApiServices {
  services::SystemService& system;
};

//! Registers every API route and, when `web_root` is set, the static web app.
void register_routes(Router& router, ApiServices& services, const std::optional<std::filesystem::path>& web_root);

}  // namespace tienbo::http
