#pragma once
// Reading and verifying the tamper-evident audit log.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tienbo/core/result.hpp"
#include "tienbo/services/context.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services {

struct AuditQuery {
  std::optional<std::string> entity_type;
  std::optional<std::string> entity_id;
  std::optional<std::string> actor;
  std::optional<std::string> from;  //!< YYYY-MM-DD or a full timestamp, inclusive
  std::optional<std::string> to;    //!< exclusive
  std::optional<std::int64_t> before_seq;
  std::int64_t limit = 100;
};

class AuditService {
 public:
  explicit AuditService(store::Store& store) : store_(store) {}
  //! Entries about units in `p`'s audit scope, newest first. System entries
  //! (no unit) are shown only to those whose scope includes a root unit.
  core::Result<std::vector<store::AuditEntry>> list(const Principal& p, const AuditQuery& query);
  //! Walks the whole chain (command line: tienbo audit verify).
  core::Result<store::AuditVerification> verify(const std::function<void(std::int64_t)>& progress);

 private:
  store::Store& store_;
};

}  // namespace tienbo::services
