// The real server on an ephemeral loopback port, real sockets, real requests.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <condition_variable>
#include <fstream>
#include <future>
#include <mutex>
#include <thread>
#include <tuple>

#include "api_fixture.hpp"
#include "tienbo/http/routes.hpp"
#include "tienbo/http/server.hpp"

namespace tienbo::http {
namespace {

using test::http_request;
using test::HttpConnection;

// A gate a test handler waits on, so a request can be held "in flight".
struct Gate {
  std::mutex m;
  std::condition_variable cv;
  bool open = false;
  bool entered = false;
  void wait() {
    std::unique_lock l(m);
    entered = true;
    cv.notify_all();
    cv.wait(l, [this] { return open; });
  }
  void release() {
    std::lock_guard l(m);
    open = true;
    cv.notify_all();
  }
  bool wait_entered(std::chrono::milliseconds t) {
    std::unique_lock l(m);
    return cv.wait_for(l, t, [this] { return entered; });
  }
};

// The server as `tienbo serve` assembles it (test::start_api over app::Application), with the web
// app's folder and two probes of the test's own: a handler held in flight and one that throws.
class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.path() / "web");
    std::ofstream(dir_.path() / "web" / "index.html") << "<!doctype html><title>tienbo</title>";
  }

  void start(ServerOptions options = {}) {
    options.io_threads = 2;
    test::ApiExtras extras;
    extras.web_root = dir_.path() / "web";
    extras.routes = [this](Router& router) {
      router.add("GET", "/test/slow", [this](Request&) {
        gate_.wait();
        return json_response(200, "{\"slow\":true}");
      });
      router.add("GET", "/test/throw", [](Request&) -> Response { throw std::runtime_error("secret detail"); });
    };
    env_ = test::start_api(db::Backend::Sqlite, "server", options, {}, {}, extras);
    ASSERT_EQ(env_->error, "");
  }

  void TearDown() override {
    gate_.release();
    env_.reset();  // stops the server and waits for it
  }

  [[nodiscard]] unsigned short port() const { return env_->server->port(); }
  [[nodiscard]] Server& server() const { return *env_->server; }
  [[nodiscard]] std::thread& runner() const { return env_->thread; }
  [[nodiscard]] const Router& router() const { return env_->app->router(); }

  test::TempDir dir_;
  Gate gate_;
  std::unique_ptr<test::ApiEnv> env_;
};

TEST_F(ServerTest, HealthzAnswersFromTheDatabase) {
  start();
  auto r = http_request(port(), "GET", "/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  auto v = boost::json::parse(r->body).as_object();
  EXPECT_EQ(v.at("status").as_string(), "ok");
  EXPECT_EQ(v.at("database").as_string(), "sqlite");
  EXPECT_EQ(v.at("schemaVersion").as_string().size(), 12u);
  EXPECT_FALSE(r->header("x-request-id").empty());
  EXPECT_EQ(r->header("server"), "tienbo");
}

TEST_F(ServerTest, UnknownApiPathIs404ProblemWithTheRequestId) {
  start();
  auto r = http_request(port(), "GET", "/api/v1/nothing-here", "", {{"X-Request-Id", "abc-123"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->header("content-type"), "application/problem+json; charset=utf-8");
  auto v = boost::json::parse(r->body).as_object();
  EXPECT_EQ(v.at("requestId").as_string(), "abc-123");
  EXPECT_EQ(r->header("x-request-id"), "abc-123");
  EXPECT_NE(std::string(v.at("detail").as_string()).find("/api/v1/nothing-here"), std::string::npos);
}

// Issue #12: no response carried a Content-Security-Policy, nosniff, framing or referrer policy.
TEST_F(ServerTest, EveryResponseCarriesTheSecurityHeaders) {
  ServerOptions o;
  o.body_limit = 64;
  start(o);
  const std::vector<std::tuple<std::string, std::string, std::string>> requests{
      {"GET", "/", ""},                                                  // the web app (static file)
      {"GET", "/reports/x", ""},                                         // its single-page fallback
      {"GET", "/api/v1/version", ""},                                    // an inline handler
      {"GET", "/healthz", ""},                                           // a blocking handler
      {"GET", "/api/v1/nothing-here", ""},                               // a 404 problem
      {"GET", "/api/v1/me", ""},                                         // 401
      {"POST", "/api/v1/password-policy/check", std::string(200, 'x')},  // 413 from the reader
  };
  for (const auto& [method, target, body] : requests) {
    auto r = http_request(port(), method, target, body, {{"Content-Type", "application/json"}});
    ASSERT_TRUE(r) << method << " " << target;
    const std::string csp = r->header("content-security-policy");
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << target << ": " << csp;
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << target << ": " << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << target << ": " << csp;
    EXPECT_NE(csp.find("object-src 'none'"), std::string::npos) << target << ": " << csp;
    EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos) << target << ": " << csp;
    EXPECT_EQ(r->header("x-content-type-options"), "nosniff") << target;
    EXPECT_EQ(r->header("x-frame-options"), "DENY") << target;
    EXPECT_EQ(r->header("referrer-policy"), "no-referrer") << target;
  }
}

TEST_F(ServerTest, WrongMethodIs405WithAllow) {
  start();
  auto r = http_request(port(), "DELETE", "/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->header("allow"), "GET, HEAD");
  EXPECT_EQ(boost::json::parse(r->body).as_object().at("code").as_string(), "E2005");
}

TEST_F(ServerTest, MalformedJsonIs400NamingWhereAndWhat) {
  start();
  auto r = http_request(port(), "POST", "/api/v1/password-policy/check", "{\"password\": \"abc\",\n \"login\": }",
                        {{"Content-Type", "application/json"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  auto v = boost::json::parse(r->body).as_object();
  EXPECT_EQ(v.at("code").as_string(), "E2002");
  EXPECT_NE(std::string(v.at("detailEn").as_string()).find("line 2, column 11"), std::string::npos) << r->body;
  EXPECT_NE(std::string(v.at("detail").as_string()).find("dòng 2, cột 11"), std::string::npos);

  auto not_json = http_request(port(), "POST", "/api/v1/password-policy/check", "password=x",
                               {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_TRUE(not_json);
  EXPECT_EQ(not_json->status, 415);

  auto wrong_type = http_request(port(), "POST", "/api/v1/password-policy/check", "{\"password\": 5}",
                                 {{"Content-Type", "application/json"}});
  ASSERT_TRUE(wrong_type);
  EXPECT_EQ(wrong_type->status, 422);
  EXPECT_EQ(boost::json::parse(wrong_type->body).as_object().at("field").as_string(), "password");

  auto good = http_request(port(), "POST", "/api/v1/password-policy/check", "{\"password\": \"Bình-Đẳng-2030\"}",
                           {{"Content-Type", "application/json"}});
  ASSERT_TRUE(good);
  EXPECT_EQ(good->status, 200);
  EXPECT_EQ(good->body, "{\"valid\":true}");
}

TEST_F(ServerTest, BodyOverTheLimitIs413) {
  ServerOptions o;
  o.body_limit = 1024;
  start(o);
  auto r = http_request(port(), "POST", "/api/v1/password-policy/check", std::string(4096, 'x'),
                        {{"Content-Type", "application/json"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(boost::json::parse(r->body).as_object().at("code").as_string(), "E2003");
  EXPECT_EQ(r->header("connection"), "close");
}

TEST_F(ServerTest, HeaderOverTheLimitIs431) {
  ServerOptions o;
  o.header_limit = 2048;
  start(o);
  auto r = http_request(port(), "GET", "/healthz", "", {{"X-Big", std::string(4096, 'a')}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
}

TEST_F(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  start();
  HttpConnection c(port());
  ASSERT_TRUE(c.connected());
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(c.send_raw("GET /api/v1/version HTTP/1.1\r\nHost: x\r\n\r\n"));
    auto r = c.read_response();
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->status, 200);
  }
  // Pipelined requests are answered in order.
  ASSERT_TRUE(c.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /api/v1/nope HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_EQ(c.read_response()->status, 200);
  EXPECT_EQ(c.read_response()->status, 404);
}

TEST_F(ServerTest, IdleConnectionsTimeOut) {
  ServerOptions o;
  o.request_timeout = std::chrono::milliseconds(300);
  start(o);
  HttpConnection c(port());
  ASSERT_TRUE(c.connected());
  EXPECT_TRUE(c.closed_by_peer(std::chrono::seconds(5)));
}

TEST_F(ServerTest, HandlerExceptionIs500WithoutInternals) {
  start();
  auto r = http_request(port(), "GET", "/test/throw");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->body.find("secret detail"), std::string::npos);
  EXPECT_NE(r->body.find("requestId"), std::string::npos);
}

TEST_F(ServerTest, HeadHasHeadersButNoBody) {
  start();
  HttpConnection c(port());
  ASSERT_TRUE(c.send_raw("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto r = c.read_response(true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->header("content-length"), "0");
  // The next response on the connection is intact, so no body bytes were sent.
  ASSERT_TRUE(c.send_raw("GET /api/v1/version HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto next = c.read_response();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST_F(ServerTest, ServesTheWebAppAndItsFallback) {
  start();
  auto r = http_request(port(), "GET", "/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("<title>tienbo</title>"), std::string::npos);
  auto spa = http_request(port(), "GET", "/dashboard/VN");
  EXPECT_EQ(spa->status, 200);
  auto api = http_request(port(), "GET", "/api/unknown");
  EXPECT_EQ(api->status, 404);
  EXPECT_EQ(api->header("content-type"), "application/problem+json; charset=utf-8");
}

TEST_F(ServerTest, ManyConcurrentConnectionsAllServedAndReleased) {
  start();
  constexpr int kConnections = 300;
  std::vector<std::unique_ptr<HttpConnection>> conns;
  for (int i = 0; i < kConnections; ++i) {
    conns.push_back(std::make_unique<HttpConnection>(port()));
    ASSERT_TRUE(conns.back()->connected());
  }
  for (int round = 0; round < 3; ++round) {
    for (auto& c : conns) ASSERT_TRUE(c->send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    for (auto& c : conns) {
      auto r = c->read_response();
      ASSERT_TRUE(r);
      ASSERT_EQ(r->status, 200);
    }
  }
  EXPECT_EQ(server().open_connections(), static_cast<std::size_t>(kConnections));
  conns.clear();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (server().open_connections() != 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(server().open_connections(), 0u);
}

TEST_F(ServerTest, ShutdownLetsTheInFlightRequestFinish) {
  start();
  HttpConnection busy(port());
  HttpConnection idle(port());
  ASSERT_TRUE(idle.send_raw("GET /api/v1/version HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(idle.read_response());
  ASSERT_TRUE(busy.send_raw("GET /test/slow HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(gate_.wait_entered(std::chrono::seconds(5)));
  server().request_stop();
  EXPECT_TRUE(idle.closed_by_peer(std::chrono::seconds(5)));  // idle keep-alive connections close at once
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  gate_.release();
  auto r = busy.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "{\"slow\":true}");
  EXPECT_EQ(r->header("connection"), "close");
  runner().join();                                        // run() returns once drained
  EXPECT_FALSE(http_request(port(), "GET", "/healthz"));  // no longer accepting
}

TEST_F(ServerTest, ShutdownWaitsForAHalfReceivedRequest) {
  start();
  HttpConnection c(port());
  const std::string body = "{\"password\": \"Bình-Đẳng-2030\"}";
  ASSERT_TRUE(
      c.send_raw("POST /api/v1/password-policy/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 "Content-Length: " +
                 std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 5)));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server().request_stop();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(c.send_raw(body.substr(5)));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  runner().join();
}

// Issue #12: the old test slept past the grace itself and could not fail, while the server overran
// its grace (20.5 s for 10 s: after the grace it waited for the stuck handler) and the in-flight
// client got no answer. Now: the handler never finishes within the test's bound, yet run() returns
// within the grace, and the client gets a 503 problem (with Connection: close) before it does.
TEST_F(ServerTest, ShutdownIsBoundedByTheGracePeriod) {
  ServerOptions o;
  o.shutdown_grace = std::chrono::milliseconds(1000);
  start(o);
  HttpConnection busy(port());
  ASSERT_TRUE(busy.send_raw("GET /test/slow HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_TRUE(gate_.wait_entered(std::chrono::seconds(5)));
  const auto t0 = std::chrono::steady_clock::now();
  std::promise<std::chrono::steady_clock::duration> returned;
  auto run_returned = returned.get_future();
  runner() = std::thread([runner = std::move(runner()), returned = std::move(returned), t0]() mutable {
    runner.join();  // run() has returned
    returned.set_value(std::chrono::steady_clock::now() - t0);
  });
  server().request_stop();
  auto r = busy.read_response(false, std::chrono::seconds(3));
  const auto answered = std::chrono::steady_clock::now() - t0;
  ASSERT_TRUE(r) << "the in-flight client got no answer";
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(r->header("connection"), "close");
  EXPECT_EQ(r->header("content-type"), "application/problem+json; charset=utf-8");
  EXPECT_NE(r->body.find("E9002"), std::string::npos) << r->body;
  EXPECT_LE(answered, std::chrono::milliseconds(1000));
  // The gate is still shut: run() must not wait for the stuck handler.
  ASSERT_EQ(run_returned.wait_for(std::chrono::seconds(3)), std::future_status::ready)
      << "run() overran the grace period";
  const auto took = run_returned.get();
  EXPECT_GE(took, std::chrono::milliseconds(700));   // it did give the request time
  EXPECT_LE(took, std::chrono::milliseconds(1300));  // and no more than the grace (plus a poll)
  gate_.release();  // TearDown joins the runner and destroys the server once the handler is done
}

TEST_F(ServerTest, ConnectionsPastTheBoundsAreRefusedWith503AndTheRestStillServed) {
  ServerOptions o;
  o.max_connections_per_client = 6;
  o.max_connections = 1000;
  start(o);
  std::vector<std::unique_ptr<HttpConnection>> idle;
  for (int i = 0; i < 6; ++i) {
    idle.push_back(std::make_unique<HttpConnection>(port()));
    ASSERT_TRUE(idle.back()->connected());
  }
  // Wait until the server has counted them (accept is asynchronous).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (server().open_connections() < 6 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(server().open_connections(), 6u);
  // The seventh from the same address: an immediate 503 with Retry-After, then closed.
  HttpConnection extra(port());
  ASSERT_TRUE(extra.connected());
  auto refused = extra.read_response(false, std::chrono::seconds(5));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->header("retry-after"), "5");
  EXPECT_NE(refused->body.find("Quá nhiều kết nối"), std::string::npos) << refused->body;
  EXPECT_TRUE(extra.closed_by_peer(std::chrono::seconds(5)));
  EXPECT_EQ(server().refused_connections(), 1u);
  // The admitted ones are served; closing one makes room for a new one.
  ASSERT_TRUE(idle[0]->send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto ok = idle[0]->read_response();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  idle.pop_back();
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (server().open_connections() > 5 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  auto again = http_request(port(), "GET", "/healthz");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
}

TEST_F(ServerTest, PortInUseIsAClearError) {
  start();
  ServerOptions o;
  o.port = port();
  Server second(o, router());
  auto r = second.bind();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message_en.find("in use"), std::string::npos);
}

}  // namespace
}  // namespace tienbo::http
