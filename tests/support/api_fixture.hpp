#pragma once
// One HTTP test fixture: a tienbo server assembled by app::Application as `tienbo serve`
// assembles it, over a throwaway database with the package, the demo units and users and two
// extra accounts, listening on a loopback port; and a signed-in client.

#include <boost/json.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "test_support.hpp"
#include "tienbo/app/application.hpp"
#include "tienbo/http/routes.hpp"
#include "tienbo/http/server.hpp"
#include "tienbo/services/service_set.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::test {

inline constexpr const char* kDemoPassword = "TienBo-demo-2026";
inline constexpr const char* kPassword = "Report-pass-2026";

//! Fills a template database: migrations, the vn-gender-equality package, the demo units and users,
//! and the editors `hoankiem.thuky` (commune 00070) and `hcm.nhaplieu` (province 79).
std::string fill_demo_database(db::Backend backend, const std::string& url);

struct ApiEnv {
  std::unique_ptr<ScratchDatabase> scratch;
  std::unique_ptr<app::Application> app;  // as `tienbo serve` assembles it
  // The parts of `app` the tests reach (null until it is assembled).
  store::Store* store = nullptr;
  services::ServiceSet* services = nullptr;
  http::ApiServices* api = nullptr;
  http::Server* server = nullptr;
  std::thread thread;
  std::string error;
  ApiEnv() = default;
  ApiEnv(const ApiEnv&) = delete;
  ApiEnv& operator=(const ApiEnv&) = delete;
  ~ApiEnv();
};

//! What a test adds to the server start_api assembles: the web app's folder (served with its
//! single-page fallback, as `tienbo serve --web-root`), and routes of its own, registered after the
//! API's and before the server runs.
struct ApiExtras {
  std::optional<std::filesystem::path> web_root;
  std::function<void(http::Router&)> routes;
};

//! A server over a fresh copy of the template `template_name` (filled by fill_demo_database).
//! `services_options` as `tienbo serve` would pass them (tests that make many accounts pass cheap hashing).
std::unique_ptr<ApiEnv> start_api(db::Backend backend, const std::string& template_name,
                                  http::ServerOptions options = {}, const http::ApiOptions& api_options = {},
                                  const services::ServiceOptions& services_options = {}, const ApiExtras& extras = {});

//! A signed-in client. By default each request has a connection of its own; with `keep_alive` one
//! connection is reused (and opened again once when the server has closed it).
class ApiClient {
 public:
  ApiClient(unsigned short port, const std::string& login, const std::string& password, bool keep_alive = false);
  HttpResponse call(const std::string& method, const std::string& path, const boost::json::value& body = nullptr);
  HttpResponse call_raw(const std::string& method, const std::string& path, const std::string& body,
                        std::vector<std::pair<std::string, std::string>> headers);
  boost::json::object get(const std::string& path);
  [[nodiscard]] bool signed_in() const { return !cookie_.empty(); }
  //! The session cookie and the CSRF token, for a request the caller composes itself.
  [[nodiscard]] std::vector<std::pair<std::string, std::string>> auth_headers() const {
    return {{"Cookie", cookie_}, {"X-CSRF-Token", csrf_}};
  }

 private:
  std::optional<HttpResponse> send(const std::string& method, const std::string& path, const std::string& body,
                                   const std::vector<std::pair<std::string, std::string>>& headers);
  unsigned short port_;
  bool keep_alive_ = false;
  std::unique_ptr<HttpConnection> connection_;
  std::string cookie_;
  std::string csrf_;
};

}  // namespace tienbo::test
