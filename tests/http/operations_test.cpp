// Running behind a reverse proxy and being watched (issue #12 item 8): the client's address
// from X-Forwarded-For only through a trusted proxy, so sign-in throttling sees the real
// client; /metrics in the Prometheus text format, for loopback or a bearer token only.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "api_fixture.hpp"
#include "test_support.hpp"
#include "tienbo/http/client_address.hpp"
#include "tienbo/http/metrics.hpp"

namespace tienbo::test {
namespace {

namespace json = boost::json;
using http::client_address;
using http::parse_cidr_list;

std::vector<http::Cidr> nets(const std::string& text) {
  auto n = parse_cidr_list(text);
  EXPECT_TRUE(n) << text;
  return n ? *n : std::vector<http::Cidr>{};
}

TEST(ClientAddress, TheHeaderCountsOnlyFromATrustedPeer) {
  EXPECT_EQ(client_address("198.51.100.7", "203.0.113.1", {}), "198.51.100.7");
  EXPECT_EQ(client_address("198.51.100.7", "203.0.113.1", nets("127.0.0.1")), "198.51.100.7");
  EXPECT_EQ(client_address("127.0.0.1", "203.0.113.1", nets("127.0.0.1")), "203.0.113.1");
  EXPECT_EQ(client_address("127.0.0.1", "", nets("127.0.0.1")), "127.0.0.1");
  // A dual-stack listener's IPv4-mapped peer matches an IPv4 range; the answer is IPv4.
  EXPECT_EQ(client_address("::ffff:127.0.0.1", "203.0.113.1", nets("127.0.0.0/8")), "203.0.113.1");
  EXPECT_EQ(client_address("::1", "2001:db8::5", nets("::1")), "2001:db8::5");
}

TEST(ClientAddress, TheRightmostUntrustedHopWinsSoAClientCannotChooseItsAddress) {
  const auto trusted = nets("127.0.0.1/32, 10.0.0.0/8");
  // The client wrote "1.2.3.4" itself; nginx appended the address it saw connect.
  EXPECT_EQ(client_address("127.0.0.1", "1.2.3.4, 198.51.100.9", trusted), "198.51.100.9");
  // Through two trusted proxies (a load balancer at 10.1.2.3, then nginx).
  EXPECT_EQ(client_address("127.0.0.1", "1.2.3.4, 198.51.100.9, 10.1.2.3", trusted), "198.51.100.9");
  // Several headers are one list, in order.
  EXPECT_EQ(client_address("127.0.0.1", "1.2.3.4,198.51.100.9 ,  10.1.2.3", trusted), "198.51.100.9");
  // Every hop trusted: the furthest.
  EXPECT_EQ(client_address("127.0.0.1", "10.9.9.9, 10.1.2.3", trusted), "10.9.9.9");
  // A hop that is not an address stops the walk at the trusted hop that passed it on.
  EXPECT_EQ(client_address("127.0.0.1", "evil, 10.1.2.3", trusted), "10.1.2.3");
  EXPECT_EQ(client_address("127.0.0.1", "<script>", trusted), "127.0.0.1");
}

TEST(ClientAddress, RangesAreParsedStrictly) {
  EXPECT_TRUE(parse_cidr_list("")->empty());
  EXPECT_EQ(parse_cidr_list("10.0.0.0/8, ::1, 192.168.1.1/32,2001:db8::/32")->size(), 4u);
  for (const char* bad : {"10.0.0.0/33", "::1/129", "nginx", "10.0.0.0/", "10.0.0.0/8x", "10.0.0.256"}) {
    auto r = parse_cidr_list(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().field, "trusted-proxy");
    }
  }
  const auto ten = nets("10.0.0.0/8");
  EXPECT_TRUE(http::in_networks("10.255.0.1", ten));
  EXPECT_FALSE(http::in_networks("11.0.0.1", ten));
  EXPECT_FALSE(http::in_networks("::ffff:11.0.0.1", ten));
  EXPECT_TRUE(http::in_networks("::ffff:10.0.0.1", ten));
}

// Found by client_address_fuzz: inet_pton stops at a NUL, so "127.0.0.1\0…" was 127.0.0.1 — an
// address text with anything after the address. (Beast refuses NUL in header values, so it never
// came over HTTP; the parser's promise is its own.)
TEST(ClientAddress, AnAddressIsTheWholeTextNotItsPrefixBeforeANul) {
  using namespace std::string_literals;
  EXPECT_FALSE(http::parse_ip("127.0.0.1\0junk"s));
  EXPECT_FALSE(http::parse_ip("::1\0"s));
  EXPECT_FALSE(http::parse_ip("[::1\0]"s));
  EXPECT_FALSE(parse_cidr_list("10.0.0.0\0/8"s));
  EXPECT_FALSE(http::in_networks("10.0.0.1\0x"s, nets("10.0.0.0/8")));
  // A hop that is not an address stops the walk at the trusted hop that passed it on.
  EXPECT_EQ(client_address("127.0.0.1", "198.51.100.4\0, 10.1.2.3"s, nets("127.0.0.1, 10.0.0.0/8")), "10.1.2.3");
}

TEST(MetricsAccess, LoopbackWithoutAProxyOrTheBearerToken) {
  http::Request r;
  r.peer = r.remote = "127.0.0.1";
  EXPECT_TRUE(http::metrics_allowed(r, {}));
  r.peer = r.remote = "::1";
  EXPECT_TRUE(http::metrics_allowed(r, {}));
  r.peer = r.remote = "192.0.2.10";
  EXPECT_FALSE(http::metrics_allowed(r, {}));
  const http::MetricsAccess with_token{"s3cret-token-0123456789"};
  EXPECT_FALSE(http::metrics_allowed(r, with_token));
  r.headers = {{"Authorization", "Bearer s3cret-token-0123456789"}};
  EXPECT_TRUE(http::metrics_allowed(r, with_token));
  r.headers = {{"Authorization", "Bearer s3cret-token-012345678"}};
  EXPECT_FALSE(http::metrics_allowed(r, with_token));
  // nginx on this host: the peer is loopback but the request came from outside.
  r.peer = r.remote = "127.0.0.1";
  r.headers = {{"X-Forwarded-For", "203.0.113.5"}};
  EXPECT_FALSE(http::metrics_allowed(r, {}));
  r.headers = {{"Forwarded", "for=203.0.113.5"}};
  EXPECT_FALSE(http::metrics_allowed(r, {}));
}

class Operations : public ::testing::TestWithParam<db::Backend> {
 protected:
  void start(http::ServerOptions options = {}, http::ApiOptions api = {}) {
    env_ = start_api(GetParam(), "operations", std::move(options), api);
    TIENBO_REQUIRE_DATABASE(*env_->scratch);
    ASSERT_EQ(env_->error, "");
  }
  unsigned short port() const { return env_->server->port(); }
  //! A wrong password for `login`, from behind X-Forwarded-For `forwarded` (none when empty).
  int wrong_sign_in(const std::string& login, const std::string& forwarded) {
    std::vector<std::pair<std::string, std::string>> headers{{"Content-Type", "application/json"}};
    if (!forwarded.empty()) headers.emplace_back("X-Forwarded-For", forwarded);
    auto r = http_request(port(), "POST", "/api/v1/session",
                          json::serialize(json::object{{"login", login}, {"password", "Sai-mat-khau-2026"}}), headers);
    return r ? r->status : 0;
  }
  //! Spends the address bucket (30 wrong passwords over as many logins) from `forwarded`.
  void spend_address_bucket(const std::string& forwarded, const std::string& prefix) {
    const int capacity = env_->services->sessions.options().max_failures_per_address;
    for (int i = 0; i < capacity; ++i) {
      ASSERT_EQ(wrong_sign_in(prefix + std::to_string(i), forwarded), 401) << i;
    }
  }
  std::unique_ptr<ApiEnv> env_;
};

TEST_P(Operations, ASpoofedForwardedForFromAnUntrustedPeerDoesNotEscapeTheAddressThrottle) {
  start();  // no trusted proxy: the header is the client's own word
  const int capacity = env_->services->sessions.options().max_failures_per_address;
  for (int i = 0; i < capacity; ++i) {
    ASSERT_EQ(wrong_sign_in("spoof." + std::to_string(i), "198.51.100." + std::to_string(i)), 401) << i;
  }
  EXPECT_EQ(wrong_sign_in("spoof.next", "203.0.113.77"), 429);
  EXPECT_EQ(wrong_sign_in("spoof.next2", ""), 429);
}

TEST_P(Operations, BehindATrustedProxyEachForwardedClientIsThrottledSeparately) {
  http::ServerOptions options;
  options.trusted_proxies = nets("127.0.0.1/32");
  start(options);
  spend_address_bucket("198.51.100.1", "office1.");
  EXPECT_EQ(wrong_sign_in("office1.next", "198.51.100.1"), 429);
  // Another client behind the same proxy is not held back by the first.
  EXPECT_EQ(wrong_sign_in("office2.first", "198.51.100.2"), 401);
  // The first client cannot escape by writing another address in front of the one nginx appends.
  EXPECT_EQ(wrong_sign_in("office1.spoof", "198.51.100.2, 198.51.100.1"), 429);
  // And the proxy itself (no header) is a client of its own.
  EXPECT_EQ(wrong_sign_in("proxy.self", ""), 401);
}

// Issue #12: X-Forwarded-Proto made the session cookie Secure from any peer. Only a trusted proxy
// (which terminated TLS) may say the client came over HTTPS; from anyone else the header is ignored.
TEST_P(Operations, OnlyATrustedProxyMakesTheCookieSecure) {
  const auto cookie = [&](const std::vector<std::pair<std::string, std::string>>& extra) {
    std::vector<std::pair<std::string, std::string>> headers{{"Content-Type", "application/json"}};
    headers.insert(headers.end(), extra.begin(), extra.end());
    auto r = http_request(port(), "POST", "/api/v1/session",
                          json::serialize(json::object{{"login", "hcm.xem"}, {"password", kDemoPassword}}), headers);
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
    return r ? std::string(r->header("set-cookie")) : std::string();
  };
  const auto secure = [](const std::string& c) { return c.find("; Secure") != std::string::npos; };
  http::ServerOptions elsewhere;  // a proxy is trusted, but not this (loopback) peer
  elsewhere.trusted_proxies = nets("10.0.0.0/8");
  start(elsewhere);
  const std::string spoofed = cookie({{"X-Forwarded-Proto", "https"}});
  EXPECT_NE(spoofed.find("tienbo_session="), std::string::npos) << spoofed;
  EXPECT_FALSE(secure(spoofed)) << spoofed;
  env_.reset();
  start();  // no trusted proxy at all: the header is ignored too
  EXPECT_FALSE(secure(cookie({{"X-Forwarded-Proto", "https"}})));
  env_.reset();
  http::ServerOptions behind_nginx;
  behind_nginx.trusted_proxies = nets("127.0.0.1/32,::1/128");
  start(behind_nginx);
  const std::string proxied = cookie({{"X-Forwarded-Proto", "https"}, {"X-Forwarded-For", "198.51.100.20"}});
  EXPECT_TRUE(secure(proxied)) << proxied;
  EXPECT_FALSE(secure(cookie({{"X-Forwarded-Proto", "http"}})));
  EXPECT_FALSE(secure(cookie({})));
  // --secure-cookies needs no header.
  env_.reset();
  http::ApiOptions tls;
  tls.secure_cookies = true;
  start({}, tls);
  EXPECT_TRUE(secure(cookie({})));
}

// The exposition format, line by line: HELP and TYPE before a metric's samples, samples as
// name{label="value",...} number; returns sample -> value ("name{labels}" as written).
std::map<std::string, double> parse_exposition(const std::string& text, std::map<std::string, std::string>& types) {
  static const std::regex kHelp(R"(# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+)");
  static const std::regex kType(R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped))");
  static const std::regex kSample(
      R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")*\})? ([-+]?(?:[0-9.eE+-]+|Inf|NaN)))");
  std::map<std::string, double> samples;
  std::set<std::string> helped;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, kHelp)) {
      EXPECT_TRUE(helped.insert(m[1]).second) << "HELP twice: " << line;
    } else if (std::regex_match(line, m, kType)) {
      EXPECT_TRUE(helped.count(m[1])) << "TYPE before HELP: " << line;
      EXPECT_TRUE(types.emplace(m[1], m[2]).second) << "TYPE twice: " << line;
    } else if (std::regex_match(line, m, kSample)) {
      std::string family = m[1];
      for (const char* suffix : {"_bucket", "_sum", "_count"}) {
        const std::string base = family.substr(0, family.size() - std::min(family.size(), std::string(suffix).size()));
        if (family.ends_with(suffix) && types.count(base) && types[base] == "histogram") family = base;
      }
      EXPECT_TRUE(types.count(family)) << "sample without TYPE: " << line;
      if (types[family] == "counter") {
        EXPECT_TRUE(family.ends_with("_total")) << line;
      }
      EXPECT_TRUE(samples.emplace(std::string(m[1]) + std::string(m[2]), std::stod(m[3])).second)
          << "sample twice: " << line;
    } else {
      ADD_FAILURE() << "not exposition format: \"" << line << "\"";
    }
  }
  return samples;
}

TEST_P(Operations, MetricsAreThePrometheusTextFormatAndCountRequests) {
  auto metrics = std::make_shared<http::Metrics>();
  http::ServerOptions options;
  options.metrics = metrics;
  http::ApiOptions api;
  api.metrics = metrics;
  start(options, api);
  const auto scrape = [&](std::map<std::string, std::string>& types) {
    auto r = http_request(port(), "GET", "/metrics");
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
    EXPECT_EQ(r ? r->header("content-type") : "", "text/plain; version=0.0.4; charset=utf-8");
    return parse_exposition(r ? r->body : "", types);
  };
  ASSERT_EQ(http_request(port(), "GET", "/healthz")->status, 200);
  ASSERT_EQ(http_request(port(), "GET", "/api/v1/units/VN")->status, 401);
  std::map<std::string, std::string> types;
  auto before = scrape(types);
  EXPECT_EQ(types["tienbo_http_requests_total"], "counter");
  EXPECT_EQ(types["tienbo_http_request_duration_seconds"], "histogram");
  for (const char* gauge :
       {"tienbo_http_open_connections", "tienbo_pool_queue_depth", "tienbo_pool_active", "tienbo_pool_threads",
        "tienbo_analytics_cube_values", "tienbo_analytics_cube_bytes", "tienbo_analytics_snapshot_age_seconds"}) {
    EXPECT_EQ(types[gauge], "gauge") << gauge;
  }
  EXPECT_EQ(types["tienbo_http_refused_connections_total"], "counter");
  EXPECT_EQ(types["tienbo_pool_rejected_total"], "counter");
  const std::string health = R"(tienbo_http_requests_total{route="/healthz",method="GET",status="200"})";
  const std::string unit = R"(tienbo_http_requests_total{route="/api/v1/units/{code}",method="GET",status="401"})";
  const std::string health_count = R"(tienbo_http_request_duration_seconds_count{route="/healthz",method="GET"})";
  EXPECT_EQ(before[health], 1);
  EXPECT_EQ(before[unit], 1);  // by the route's template, not the path
  EXPECT_EQ(before.count(R"(tienbo_pool_queue_depth{pool="blocking"})"), 1u);
  EXPECT_EQ(before.count(R"(tienbo_pool_queue_depth{pool="credentials"})"), 1u);
  // The fixture builds no cube (a build costs seconds under the sanitizers): the gauges are there, at 0.
  EXPECT_EQ(before.count("tienbo_analytics_cube_units"), 1u);
  EXPECT_EQ(before.count("tienbo_analytics_snapshot_age_seconds"), 1u);
  EXPECT_GE(before["tienbo_http_open_connections"], 1);  // this scrape's own
  for (int i = 0; i < 3; ++i) ASSERT_EQ(http_request(port(), "GET", "/healthz")->status, 200);
  ASSERT_EQ(http_request(port(), "GET", "/api/v1/units/01")->status, 401);
  types.clear();
  auto after = scrape(types);
  EXPECT_EQ(after[health], before[health] + 3);
  EXPECT_EQ(after[health_count], before[health_count] + 3);
  EXPECT_EQ(after[unit], before[unit] + 1);
  EXPECT_EQ(after[R"(tienbo_http_requests_total{route="/metrics",method="GET",status="200"})"], 1);
  // Buckets are cumulative and end at the count.
  double last = 0;
  for (double le : http::Metrics::latency_buckets()) {
    std::ostringstream key;
    key << R"(tienbo_http_request_duration_seconds_bucket{route="/healthz",method="GET",le=")" << le << "\"}";
    ASSERT_EQ(after.count(key.str()), 1u) << key.str();
    EXPECT_GE(after[key.str()], last);
    last = after[key.str()];
  }
  EXPECT_EQ(after[R"(tienbo_http_request_duration_seconds_bucket{route="/healthz",method="GET",le="+Inf"})"],
            after[health_count]);
}

TEST_P(Operations, MetricsAreNotPublic) {
  auto metrics = std::make_shared<http::Metrics>();
  http::ServerOptions options;
  options.metrics = metrics;
  options.trusted_proxies = nets("127.0.0.1");
  http::ApiOptions api;
  api.metrics = metrics;
  api.metrics_access.bearer_token = "prometheus-scrape-token-2026";
  start(options, api);
  // Through nginx on this host (trusted or not, the request came from outside): 404.
  EXPECT_EQ(http_request(port(), "GET", "/metrics", "", {{"X-Forwarded-For", "203.0.113.5"}})->status, 404);
  EXPECT_EQ(http_request(port(), "GET", "/metrics", "", {{"X-Forwarded-For", "127.0.0.1"}})->status, 404);
  EXPECT_EQ(http_request(port(), "GET", "/metrics", "",
                         {{"X-Forwarded-For", "203.0.113.5"}, {"Authorization", "Bearer wrong-token-0000000000"}})
                ->status,
            404);
  // The token lets a Prometheus elsewhere in.
  auto r = http_request(port(), "GET", "/metrics", "",
                        {{"X-Forwarded-For", "203.0.113.5"}, {"Authorization", "Bearer prometheus-scrape-token-2026"}});
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("# TYPE tienbo_http_requests_total counter"), std::string::npos);
  EXPECT_EQ(http_request(port(), "GET", "/metrics")->status, 200);  // loopback itself
}

INSTANTIATE_TEST_SUITE_P(Backends, Operations, ::testing::Values(db::Backend::Sqlite, db::Backend::Postgres),
                         BackendName());

}  // namespace
}  // namespace tienbo::test
