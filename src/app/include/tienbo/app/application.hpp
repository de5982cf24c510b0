#pragma once
// The composition root as a library: the one place that names the concrete implementations
// (db::open_database, store::make_sql_store, the Beast server) and assembles a process from them.
// `tienbo` (main.cpp) parses its arguments and calls in here; the HTTP tests assemble their
// servers with Application too, so they run what `tienbo serve` runs.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tienbo/app/mail.hpp"
#include "tienbo/core/result.hpp"
#include "tienbo/db/database.hpp"
#include "tienbo/db/migrations.hpp"
#include "tienbo/http/routes.hpp"
#include "tienbo/http/server.hpp"
#include "tienbo/services/service_set.hpp"
#include "tienbo/services/unit_service.hpp"  // services::Progress
#include "tienbo/store/store.hpp"

namespace tienbo::app {

//! A database opened from its URL, with the migrations of its backend.
struct OpenedDatabase {
  std::unique_ptr<db::Database> database;
  std::vector<db::Migration> migrations;
};

//! Opens the database `url_text` names ("sqlite:PATH" or "postgresql://…") with a pool of `pool`
//! connections. InvalidDatabaseUrl when no URL is given.
core::Result<OpenedDatabase> open_database(const std::string& url_text, db::OpenMode mode, std::size_t pool);
//! An existing database at the program's schema version (else the error that says to run init or
//! migrate).
core::Result<OpenedDatabase> open_current_database(const std::string& url_text, std::size_t pool);

//! One process over one database: the SQL store and every service wired the way `tienbo serve`
//! runs them (services::ServiceSet); after serve_http(), the HTTP API over those services, its
//! router and its server, bound. Whoever runs server().run() stops it and waits for it before the
//! Application goes; it then takes everything down in order (server, routes, services, store,
//! database).
class Application {
 public:
  explicit Application(std::unique_ptr<db::Database> database, const services::ServiceOptions& options = {});
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  //! Registers every route (and, with `web_root`, the web app) over the services and binds a
  //! server with `options`; fails with the server's message (e.g. the port is in use).
  core::Result<void> serve_http(const http::ServerOptions& options, const http::ApiOptions& api_options,
                                const std::optional<std::filesystem::path>& web_root);

  [[nodiscard]] db::Database& database() { return *database_; }
  [[nodiscard]] store::Store& store() { return *store_; }
  [[nodiscard]] services::ServiceSet& services() { return *services_; }
  //! After serve_http() only.
  [[nodiscard]] http::ApiServices& api() { return *api_; }
  [[nodiscard]] http::Server& server() { return *server_; }
  //! The routes registered by serve_http() (the route table, as served).
  [[nodiscard]] const http::Router& router() const { return router_; }
  //! The same, to add routes beside the API's (a test's probes) after serve_http() and before
  //! server().run(): the server reads the table from then on, so nothing may change it later.
  [[nodiscard]] http::Router& router() { return router_; }

 private:
  std::unique_ptr<db::Database> database_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<services::ServiceSet> services_;
  std::unique_ptr<http::ApiServices> api_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
};

//! What `tienbo serve` is given (main.cpp binds its command-line options to these).
struct ServeArgs {
  std::string url;
  std::string listen = "127.0.0.1:8080";
  std::string web_root;
  unsigned io_threads = 0;
  unsigned workers = 8;
  std::size_t body_limit = std::size_t{8} * 1024 * 1024;
  double shutdown_grace = 10;
  double request_timeout = 30;
  std::string access_log = "stderr";
  bool secure_cookies = false;
  double session_idle_minutes = 30;
  double signin_lockout_seconds = 180;
  double session_cache_ms = 2000;
  double report_cache_ms = 2000;
  double evidence_quota_mb = 200;
  std::string trusted_proxy;
  std::string metrics_token_file;
  MailArgs mail;  //!< e-mail of notifications (off without --smtp-url)
};

//! `tienbo serve` (serve.cpp): checks the arguments, opens the database at the current schema,
//! assembles the Application, builds the analytics cube (reporting `progress`), serves until
//! SIGINT or SIGTERM — sending the due reminders every hour, with --smtp-url the e-mail outbox
//! (every 15 s) and, on PostgreSQL, hearing other instances' changes — and reports on standard
//! output as it goes. `argv0` helps find the web app.
core::Result<void> serve(const ServeArgs& args, const char* argv0, const services::Progress& progress);

}  // namespace tienbo::app
