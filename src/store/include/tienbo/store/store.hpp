#pragma once
// The storage boundary seen by services: a Store hands out units of work
// (Tx); each Tx is one database transaction and exposes the repositories.
// Nothing here names the db module, so services never see SQL or connections.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "tienbo/core/result.hpp"
#include "tienbo/store/records.hpp"

namespace tienbo::store {

using core::Result;

enum class Access : std::uint8_t { Read, Write };

class UnitRepository {
 public:
  virtual ~UnitRepository() = default;
  virtual Result<std::optional<UnitRecord>> find_by_code(std::string_view code) = 0;
  //! Inserts and returns the new id.
  virtual Result<std::int64_t> insert(const UnitRecord& unit) = 0;
  virtual Result<std::int64_t> count() = 0;
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  virtual Result<std::optional<UserRecord>> find_by_login(std::string_view login) = 0;
  virtual Result<std::int64_t> insert(const UserRecord& user) = 0;
  virtual Result<void> grant_role(std::int64_t user_id, std::string_view role, std::int64_t unit_id) = 0;
};

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  virtual Result<void> append(const AuditRecord& event) = 0;
  virtual Result<std::int64_t> count() = 0;
};

//! A unit of work: one transaction. Rolled back when destroyed uncommitted.
class Tx {
 public:
  virtual ~Tx() = default;
  virtual UnitRepository& units() = 0;
  virtual UserRepository& users() = 0;
  virtual AuditRepository& audit() = 0;
  virtual Result<void> commit() = 0;
};

struct StoreInfo {
  std::string backend;         //!< "sqlite" or "postgresql"
  std::string schema_version;  //!< newest applied migration
};

class Store {
 public:
  virtual ~Store() = default;
  virtual Result<std::unique_ptr<Tx>> begin(Access access) = 0;
  //! Checks that the database answers; returns the backend and schema version.
  virtual Result<StoreInfo> ping() = 0;
};

}  // namespace tienbo::store
