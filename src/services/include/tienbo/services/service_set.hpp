#pragma once
// The composition root of the services: every service of one process over one store, wired
// the one way `tienbo serve` runs them — the analytics cube hears committed values, unit and
// metadata changes reach the caches through the change feed, completeness feeds the analytics'
// reporting rates. `serve`, the HTTP tests and the benchmarks build exactly this.

#include "tienbo/services/analytics_service.hpp"
#include "tienbo/services/audit_service.hpp"
#include "tienbo/services/change_feed.hpp"
#include "tienbo/services/committee_service.hpp"
#include "tienbo/services/completeness_service.hpp"
#include "tienbo/services/mail_service.hpp"
#include "tienbo/services/metadata_service.hpp"
#include "tienbo/services/notification_service.hpp"
#include "tienbo/services/report_service.hpp"
#include "tienbo/services/search_service.hpp"
#include "tienbo/services/session_service.hpp"
#include "tienbo/services/system_service.hpp"
#include "tienbo/services/unit_service.hpp"
#include "tienbo/services/user_service.hpp"

namespace tienbo::services {

struct ServiceOptions {
  SessionOptions sessions;
  auth::PasswordHashOptions hashing;                               //!< tests use cheap parameters
  std::int64_t evidence_quota_bytes = kDefaultEvidenceQuotaBytes;  //!< per unit; 0 = no quota
  MailOptions mail;                                                //!< off: no e-mail is queued
};

//! Empties the store's cache of the unit tree when units or lineage changed on another
//! instance (the store's own commits empty it themselves).
class StoreCacheInvalidator : public ChangeSubscriber {
 public:
  explicit StoreCacheInvalidator(store::Store& store) : store_(store) {}
  void changes_committed(const Changes& changes) override {
    if ((changes.what & (change::kUnits | change::kLineage)) != 0) store_.units_changed();
  }

 private:
  store::Store& store_;
};

class ServiceSet {
 public:
  explicit ServiceSet(store::Store& store, const ServiceOptions& options = {});
  ServiceSet(const ServiceSet&) = delete;
  ServiceSet& operator=(const ServiceSet&) = delete;

  ChangeFeed changes;

 private:
  StoreCacheInvalidator store_caches_;  // before the services: built before and destroyed after them

 public:
  SystemService system;
  SessionService sessions;
  UserService users;
  UnitService units;
  CommitteeService committees;
  AuditService audit;
  MetadataService metadata;
  ReportService reports;
  CompletenessService completeness;
  SearchService search;
  NotificationService notifications;
  MailService mail;
  AnalyticsService analytics;
};

}  // namespace tienbo::services
