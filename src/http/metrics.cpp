#include "tienbo/http/metrics.hpp"

#include <cmath>
#include <cstdio>

#include "tienbo/core/version.hpp"
#include "tienbo/http/client_address.hpp"

namespace tienbo::http {

namespace {

std::string format_value(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v)) return "NaN";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

//! Constant-time comparison: the time taken does not tell how much of a guess was right.
bool same_secret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  return diff == 0;
}

}  // namespace

void metric_header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out.append("# HELP ")
      .append(name)
      .append(" ")
      .append(help)
      .append("\n# TYPE ")
      .append(name)
      .append(" ")
      .append(type)
      .append("\n");
}

void metric_sample(std::string& out, std::string_view name, std::string_view labels, double value) {
  out.append(name);
  if (!labels.empty()) out.append("{").append(labels).append("}");
  out.append(" ").append(format_value(value)).append("\n");
}

std::string metric_label(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

Metrics::Metrics() : started_(std::chrono::system_clock::now()) {}

const std::vector<double>& Metrics::latency_buckets() {
  static const std::vector<double> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return kBuckets;
}

void Metrics::observe(std::string_view route, std::string_view method, unsigned status, std::chrono::nanoseconds took) {
  const double seconds = std::chrono::duration<double>(took).count();
  const auto& bounds = latency_buckets();
  std::size_t bucket = 0;
  while (bucket < bounds.size() && seconds > bounds[bucket]) ++bucket;
  std::lock_guard lock(mutex_);
  auto route_it = series_.find(route);
  if (route_it == series_.end())
    route_it = series_.emplace(std::string(route), std::map<std::string, Series, std::less<>>{}).first;
  auto& methods = route_it->second;
  auto it = methods.find(method);
  if (it == methods.end()) {
    it = methods.emplace(std::string(method), Series{}).first;
    it->second.buckets.assign(bounds.size() + 1, 0);
  }
  Series& series = it->second;
  ++series.by_status[status];
  ++series.buckets[bucket];
  series.sum += seconds;
  ++series.count;
}

std::size_t Metrics::add_collector(Collector c) {
  std::lock_guard lock(mutex_);
  const std::size_t id = next_collector_++;
  collectors_.emplace(id, std::move(c));
  return id;
}

void Metrics::remove_collector(std::size_t id) {
  std::lock_guard lock(mutex_);
  collectors_.erase(id);
}

std::string Metrics::render() const {
  std::string out;
  out.reserve(std::size_t{16} * 1024);
  metric_header(out, "tienbo_build_info", "gauge", "The running version (always 1).");
  metric_sample(out, "tienbo_build_info", "version=\"" + metric_label(core::program_version()) + "\"", 1);
  metric_header(out, "tienbo_process_start_time_seconds", "gauge",
                "When the server started, in seconds since the Unix epoch.");
  metric_sample(
      out, "tienbo_process_start_time_seconds", "",
      static_cast<double>(std::chrono::duration_cast<std::chrono::seconds>(started_.time_since_epoch()).count()));
  std::lock_guard lock(mutex_);
  metric_header(out, "tienbo_http_requests_total", "counter",
                "Requests answered, by route template, method and status.");
  for (const auto& [route, methods] : series_) {
    for (const auto& [method, series] : methods) {
      const std::string labels = "route=\"" + metric_label(route) + "\",method=\"" + metric_label(method) + "\"";
      for (const auto& [status, n] : series.by_status) {
        metric_sample(out, "tienbo_http_requests_total", labels + ",status=\"" + std::to_string(status) + "\"",
                      static_cast<double>(n));
      }
    }
  }
  metric_header(out, "tienbo_http_request_duration_seconds", "histogram",
                "Time from a request's last byte read to its answer, by route template and method.");
  const auto& bounds = latency_buckets();
  for (const auto& [route, methods] : series_) {
    for (const auto& [method, series] : methods) {
      const std::string labels = "route=\"" + metric_label(route) + "\",method=\"" + metric_label(method) + "\"";
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i <= bounds.size(); ++i) {
        cumulative += series.buckets[i];
        metric_sample(out, "tienbo_http_request_duration_seconds_bucket",
                      labels + ",le=\"" + (i < bounds.size() ? format_value(bounds[i]) : std::string("+Inf")) + "\"",
                      static_cast<double>(cumulative));
      }
      metric_sample(out, "tienbo_http_request_duration_seconds_sum", labels, series.sum);
      metric_sample(out, "tienbo_http_request_duration_seconds_count", labels, static_cast<double>(series.count));
    }
  }
  for (const auto& [id, collect] : collectors_) collect(out);
  return out;
}

bool metrics_allowed(const Request& request, const MetricsAccess& access) {
  if (!access.bearer_token.empty()) {
    const std::string_view auth = request.header("Authorization");
    constexpr std::string_view kScheme = "Bearer ";
    if (auth.size() > kScheme.size() && iequals(auth.substr(0, kScheme.size()), kScheme) &&
        same_secret(auth.substr(kScheme.size()), access.bearer_token)) {
      return true;
    }
  }
  // Through a proxy on this host the peer is loopback too: such a request is not local.
  if (!request.header("X-Forwarded-For").empty() || !request.header("Forwarded").empty()) return false;
  static const std::vector<Cidr> kLoopback = *parse_cidr_list("127.0.0.0/8,::1/128");
  return in_networks(request.peer, kLoopback) && in_networks(request.remote, kLoopback);
}

}  // namespace tienbo::http
