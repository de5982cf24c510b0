#include "tienbo/app/application.hpp"

#include "tienbo/store/sql_store.hpp"

namespace tienbo::app {

using core::ErrorCode;
using core::Unexpected;

core::Result<OpenedDatabase> open_database(const std::string& url_text, db::OpenMode mode, std::size_t pool) {
  if (url_text.empty()) {
    return core::fail(
        ErrorCode::InvalidDatabaseUrl,
        "chưa chọn cơ sở dữ liệu: dùng --db sqlite:ĐƯỜNG_DẪN hoặc --db postgresql://... (hoặc biến TIENBO_DB)",
        "no database given: use --db sqlite:PATH or --db postgresql://... (or TIENBO_DB)", "db");
  }
  auto url = db::parse_database_url(url_text);
  if (!url) return Unexpected{std::move(url).error()};
  db::PoolOptions options;
  options.mode = mode;
  options.max_connections = pool;
  auto database = db::open_database(*url, options);
  if (!database) return Unexpected{std::move(database).error()};
  auto migrations = db::select_migrations(db::embedded_migrations(), url->backend);
  if (!migrations) return Unexpected{std::move(migrations).error()};
  return OpenedDatabase{std::move(*database), std::move(*migrations)};
}

core::Result<OpenedDatabase> open_current_database(const std::string& url_text, std::size_t pool) {
  auto opened = open_database(url_text, db::OpenMode::MustExist, pool);
  if (!opened) return opened;
  {
    auto conn = opened->database->acquire();
    if (!conn) return Unexpected{std::move(conn).error()};
    auto current = db::require_current_schema(**conn, opened->migrations, opened->database->url().display);
    if (!current) return Unexpected{std::move(current).error()};
  }
  return opened;
}

Application::Application(std::unique_ptr<db::Database> database, const services::ServiceOptions& options)
    : database_(std::move(database)),
      store_(store::make_sql_store(*database_)),
      services_(std::make_unique<services::ServiceSet>(*store_, options)) {}

core::Result<void> Application::serve_http(const http::ServerOptions& options, const http::ApiOptions& api_options,
                                           const std::optional<std::filesystem::path>& web_root) {
  api_ = std::make_unique<http::ApiServices>(http::api_services(*services_));
  http::register_routes(router_, *api_, web_root, api_options);
  server_ = std::make_unique<http::Server>(options, router_);
  return server_->bind();
}

}  // namespace tienbo::app
