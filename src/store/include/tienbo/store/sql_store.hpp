#pragma once
// The SQL implementation of Store on a db::Database. Only the composition
// root (app) and tests include this header.

#include <memory>

#include "tienbo/db/database.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::store {

//! `database` must outlive the store.
std::unique_ptr<Store> make_sql_store(db::Database& database);

}  // namespace tienbo::store
