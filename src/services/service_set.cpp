#include "tienbo/services/service_set.hpp"

namespace tienbo::services {

ServiceSet::ServiceSet(store::Store& store, const ServiceOptions& options)
    : store_caches_(store),
      system(store),
      sessions(store, options.sessions),
      users(store, options.hashing),
      units(store),
      committees(store),
      audit(store),
      metadata(store),
      reports(store, metadata),
      completeness(store, metadata),
      search(store),
      notifications(store, completeness),
      mail(store, options.mail),
      analytics(store, metadata) {
  analytics.set_completeness(&completeness);
  reports.set_listener(&analytics);
  reports.set_evidence_quota(options.evidence_quota_bytes);
  reports.set_mail(options.mail);
  notifications.set_mail(options.mail);
  // Committed changes of units, lineage, metadata and targets reach the caches built from them:
  // here when they are published after their commit, on other instances through LISTEN.
  changes.subscribe(store_caches_);  // first: the caches below rebuild from the store
  changes.subscribe(metadata);
  changes.subscribe(analytics);
  changes.subscribe(sessions);
  sessions.set_change_feed(&changes);
  users.set_change_feed(&changes);
  units.set_change_feed(&changes);
  metadata.set_change_feed(&changes);
}

}  // namespace tienbo::services
