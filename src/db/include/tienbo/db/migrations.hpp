#pragma once
// Versioned, checksummed, forward-only schema migrations.
//
// Files live in db/migrations/ and are compiled into the binary. Names:
//   V<yyyymmddhhmm>__<snake_description>.sql          portable SQL
//   V<yyyymmddhhmm>__<snake_description>.sqlite.sql   \ one version written
//   V<yyyymmddhhmm>__<snake_description>.pg.sql       / per dialect (both or neither)
// Each applied file is recorded in schema_migrations with its SHA-256; a file
// changed after it was applied is refused, and so is a database that holds a
// version this binary does not know (it is newer than the binary).

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "tienbo/core/embedded_file.hpp"
#include "tienbo/db/database.hpp"

namespace tienbo::db {

struct Migration {
  std::string version;  //!< "202611211200"
  std::string name;     //!< "initial_schema"
  std::string file;     //!< the file name chosen for this backend
  std::string sql;
  std::string checksum;  //!< SHA-256 of `sql`, lower-case hex
};

//! The migrations compiled into this binary (all dialect files).
std::span<const core::EmbeddedFile> embedded_migrations();

//! Validates file names and pairs and selects each version's file for `backend`,
//! sorted by version.
Result<std::vector<Migration>> select_migrations(std::span<const core::EmbeddedFile> files, Backend backend);

struct AppliedMigration {
  std::string version;
  std::string name;
  std::string checksum;
  std::string applied_at;
};

struct MigrationStatus {
  std::vector<AppliedMigration> applied;
  std::vector<Migration> pending;
  [[nodiscard]] std::string current_version() const { return applied.empty() ? "" : applied.back().version; }
};

//! Compares the database with `migrations`: fails on a changed or unknown
//! (newer) applied migration.
Result<MigrationStatus> migration_status(Connection& conn, const std::vector<Migration>& migrations);

using MigrationProgress = std::function<void(const Migration&, std::size_t index, std::size_t total)>;

//! Applies every pending migration, each in its own transaction. Returns the
//! versions applied (empty when the schema was already current).
Result<std::vector<std::string>> migrate(Connection& conn, const std::vector<Migration>& migrations,
                                         const MigrationProgress& progress = {});

//! Succeeds only when the schema is exactly at the newest migration; otherwise
//! says what to run.
Result<std::string> require_current_schema(Connection& conn, const std::vector<Migration>& migrations,
                                           const std::string& db_display);

//! Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace tienbo::db
