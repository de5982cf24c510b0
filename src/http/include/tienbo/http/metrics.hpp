#pragma once
// /metrics in the Prometheus text exposition format (version 0.0.4; issue #12 item 8):
// requests by route template, method and status, a latency histogram by route, and the
// gauges that collectors add when the page is rendered (the server's connections and pools,
// the analytics cube). One Metrics object per process, shared by the server and the router.
//
// Who may read it (MetricsAccess): a request whose client is on loopback and that did not
// come through a proxy (no X-Forwarded-For or Forwarded header), or one that carries
// `Authorization: Bearer <token>` when a token is configured. Everyone else gets 404, as if
// the page did not exist.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "tienbo/http/message.hpp"

namespace tienbo::http {

class Metrics {
 public:
  //! Appends exposition text (HELP, TYPE and samples) for gauges read at render time.
  using Collector = std::function<void(std::string& out)>;

  Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  //! One answered request. `route` is the route's template ("/api/v1/units/{code}"), "static"
  //! for the web app's files or "unmatched" (no route, or refused before routing).
  void observe(std::string_view route, std::string_view method, unsigned status, std::chrono::nanoseconds took);
  //! Adds a collector; the returned id removes it (remove_collector) before what it reads goes away.
  std::size_t add_collector(Collector c);
  void remove_collector(std::size_t id);
  //! The whole page.
  [[nodiscard]] std::string render() const;

  //! Upper bounds of the latency histogram's buckets, in seconds (+Inf is implied).
  static const std::vector<double>& latency_buckets();

 private:
  //! The requests of one route and method.
  struct Series {
    std::map<unsigned, std::uint64_t> by_status;
    std::vector<std::uint64_t> buckets;  // per bucket; cumulative counts are computed when rendered
    double sum = 0;
    std::uint64_t count = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::string, std::map<std::string, Series, std::less<>>, std::less<>> series_;  // route -> method -> series
  std::map<std::size_t, Collector> collectors_;
  std::size_t next_collector_ = 1;
  std::chrono::system_clock::time_point started_;
};

//! Appends a metric's HELP and TYPE lines.
void metric_header(std::string& out, std::string_view name, std::string_view type, std::string_view help);
//! Appends one sample: name{labels} value. `labels` is already formatted (`pool="blocking"`) or empty.
void metric_sample(std::string& out, std::string_view name, std::string_view labels, double value);
//! A label value with \, " and newline escaped.
std::string metric_label(std::string_view value);

struct MetricsAccess {
  std::string bearer_token;  //!< empty: loopback only
};

//! Whether `request` may read /metrics (see the header comment).
bool metrics_allowed(const Request& request, const MetricsAccess& access);

}  // namespace tienbo::http
