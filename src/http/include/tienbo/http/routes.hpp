#pragma once
// The route table of tienbo: every endpoint is registered by register_routes().

#include <chrono>
#include <filesystem>
#include <optional>

#include "tienbo/http/metrics.hpp"
#include "tienbo/http/router.hpp"
#include "tienbo/services/analytics_service.hpp"
#include "tienbo/services/audit_service.hpp"
#include "tienbo/services/committee_service.hpp"
#include "tienbo/services/completeness_service.hpp"
#include "tienbo/services/metadata_service.hpp"
#include "tienbo/services/notification_service.hpp"
#include "tienbo/services/report_service.hpp"
#include "tienbo/services/search_service.hpp"
#include "tienbo/services/service_set.hpp"
#include "tienbo/services/session_service.hpp"
#include "tienbo/services/system_service.hpp"
#include "tienbo/services/unit_service.hpp"
#include "tienbo/services/user_service.hpp"

namespace tienbo::http {

//! The services the handlers call. References must outlive the router.
struct ApiServices {
  services::SystemService& system;
  services::SessionService& sessions;
  services::UserService& users;
  services::UnitService& units;
  services::CommitteeService& committees;
  services::AuditService& audit;
  services::MetadataService& metadata;
  services::ReportService& reports;
  services::CompletenessService& completeness;
  services::SearchService& search;
  services::NotificationService& notifications;
  services::AnalyticsService& analytics;
};

//! The API's view of the services of one process (the composition root).
inline ApiServices api_services(services::ServiceSet& s) {
  return ApiServices{s.system,   s.sessions, s.users,        s.units,  s.committees,    s.audit,
                     s.metadata, s.reports,  s.completeness, s.search, s.notifications, s.analytics};
}

struct ApiOptions {
  bool secure_cookies = false;  //!< add "Secure" to the session cookie (behind TLS)
  //! Serve GET /metrics from these (the server's counters and gauges, plus the analytics cube's,
  //! added here); null: no /metrics.
  std::shared_ptr<Metrics> metrics;
  MetricsAccess metrics_access;  //!< who may read /metrics
  //! How long a rendered report is kept in memory at most (0: reports are read from the database
  //! every time), and how many bytes such reports may hold together (see http/report_cache.hpp).
  std::chrono::milliseconds report_cache_ttl{2000};
  std::size_t report_cache_bytes = std::size_t{64} * 1024 * 1024;
};

//! Registers every API route and, when `web_root` is set, the static web app.
void register_routes(Router& router, ApiServices& services, const std::optional<std::filesystem::path>& web_root,
                     const ApiOptions& options = {});

}  // namespace tienbo::http
