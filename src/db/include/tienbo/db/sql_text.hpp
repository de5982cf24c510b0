#pragma once
// Helpers on SQL text shared by the backends and the migration runner.

#include <string>
#include <string_view>

namespace tienbo::db {

//! Rewrites PostgreSQL-style $N placeholders as SQLite ?N, leaving string
//! literals, quoted identifiers and comments untouched.
std::string to_sqlite_placeholders(std::string_view sql);

}  // namespace tienbo::db
