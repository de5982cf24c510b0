#include "api_fixture.hpp"

#include <gtest/gtest.h>

#include "tienbo/db/migrations.hpp"
#include "tienbo/services/setup_service.hpp"
#include "tienbo/services/user_service.hpp"
#include "tienbo/store/sql_store.hpp"

namespace tienbo::test {

namespace json = boost::json;

std::string fill_demo_database(db::Backend backend, const std::string& url_text) {
  const services::Actor setup_actor{"test-setup", "setup"};
  auto url = db::parse_database_url(url_text);
  db::PoolOptions o;
  o.mode = db::OpenMode::CreateIfMissing;
  auto d = db::open_database(*url, o);
  if (!d) return d.error().message_en;
  {
    auto c = (*d)->acquire();
    auto m = db::migrate(**c, *db::select_migrations(db::embedded_migrations(), backend));
    if (!m) return m.error().message_en;
  }
  auto st = store::make_sql_store(**d);
  services::SetupService setup(*st);
  if (auto r = setup.load_package("vn-gender-equality", setup_actor); !r) return r.error().message_en;
  if (auto r = setup.load_demo(setup_actor); !r) return r.error().message_en;
  services::UserService users(*st, auth::PasswordHashOptions{1, 1024, 1});
  if (auto r =
          users.add_user({"hoankiem.thuky", "Thư ký phường", "", "editor", "00070", kPassword, false}, setup_actor);
      !r) {
    return r.error().message_en;
  }
  if (auto r = users.add_user({"hcm.nhaplieu", "Nhập liệu HCM", "", "editor", "79", kPassword, false}, setup_actor);
      !r) {
    return r.error().message_en;
  }
  return "";
}

ApiEnv::~ApiEnv() {
  if (server) {
    server->request_stop();
    if (thread.joinable()) thread.join();
  }
}

std::unique_ptr<ApiEnv> start_api(db::Backend backend, const std::string& template_name, http::ServerOptions options,
                                  const http::ApiOptions& api_options, const services::ServiceOptions& services_options,
                                  const ApiExtras& extras) {
  auto e = std::make_unique<ApiEnv>();
  // A fresh copy per test: each test starts from the same database.
  e->scratch = std::make_unique<ScratchDatabase>(
      backend, template_name, [backend](const std::string& url) { return fill_demo_database(backend, url); });
  if (!e->scratch->error().empty()) e->error = e->scratch->error();
  if (!e->scratch->available() || !e->error.empty()) return e;
  e->app = std::make_unique<app::Application>(
      std::move(*db::open_database(*db::parse_database_url(e->scratch->url()), {})), services_options);
  options.port = 0;
  options.handle_signals = false;
  options.access_log = false;
  if (auto b = e->app->serve_http(options, api_options, extras.web_root); !b) {
    e->error = b.error().message_en;
    return e;
  }
  if (extras.routes) extras.routes(e->app->router());
  e->store = &e->app->store();
  e->services = &e->app->services();
  e->api = &e->app->api();
  e->server = &e->app->server();
  e->thread = std::thread([p = e.get()] { p->server->run(); });
  return e;
}

ApiClient::ApiClient(unsigned short port, const std::string& login, const std::string& password, bool keep_alive)
    : port_(port), keep_alive_(keep_alive) {
  auto r = http_request(port_, "POST", "/api/v1/session",
                        json::serialize(json::object{{"login", login}, {"password", password}}),
                        {{"Content-Type", "application/json"}});
  EXPECT_TRUE(r && r->status == 200) << login << ": " << (r ? r->body : "no answer");
  if (!r || r->status != 200) return;
  cookie_ = r->header("set-cookie").substr(0, r->header("set-cookie").find(';'));
  csrf_ = std::string(json::parse(r->body).as_object().at("csrfToken").as_string());
}

HttpResponse ApiClient::call(const std::string& method, const std::string& path, const json::value& body) {
  std::vector<std::pair<std::string, std::string>> headers{{"Cookie", cookie_}, {"X-CSRF-Token", csrf_}};
  std::string text;
  if (!body.is_null()) {
    headers.emplace_back("Content-Type", "application/json");
    text = json::serialize(body);
  }
  auto r = send(method, path, text, headers);
  EXPECT_TRUE(r) << method << " " << path;
  return r ? *r : HttpResponse{};
}

HttpResponse ApiClient::call_raw(const std::string& method, const std::string& path, const std::string& body,
                                 std::vector<std::pair<std::string, std::string>> headers) {
  headers.emplace_back("Cookie", cookie_);
  headers.emplace_back("X-CSRF-Token", csrf_);
  auto r = send(method, path, body, headers);
  EXPECT_TRUE(r) << method << " " << path;
  return r ? *r : HttpResponse{};
}

std::optional<HttpResponse> ApiClient::send(const std::string& method, const std::string& path, const std::string& body,
                                            const std::vector<std::pair<std::string, std::string>>& headers) {
  if (!keep_alive_) return http_request(port_, method, path, body, headers);
  std::string request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!connection_ || !connection_->connected()) connection_ = std::make_unique<HttpConnection>(port_);
    if (connection_->send_raw(request)) {
      auto r = connection_->read_response(method == "HEAD");
      if (r) {
        if (r->header("connection") == "close") connection_.reset();
        return r;
      }
    }
    connection_.reset();  // the server closed an idle connection: open another once
  }
  return std::nullopt;
}

json::object ApiClient::get(const std::string& path) {
  auto r = call("GET", path);
  EXPECT_EQ(r.status, 200) << path << "\n" << r.body;
  if (r.status != 200) return {};
  return json::parse(r.body).as_object();
}

}  // namespace tienbo::test
