#include "tienbo/http/router.hpp"

#include <algorithm>

namespace tienbo::http {
namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    auto j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool is_param(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler, Execution execution) {
  Route r;
  r.method = std::move(method);
  r.segments = split_path(pattern);
  r.pattern = std::move(pattern);
  r.handler = std::move(handler);
  r.execution = execution;
  routes_.push_back(std::move(r));
}

void Router::add(std::string method, std::string pattern, Handler handler, FastPath fast) {
  add(std::move(method), std::move(pattern), std::move(handler), Execution::Blocking);
  routes_.back().fast = std::move(fast);
}

RouteMatch Router::match(Request& request) const {
  RouteMatch result;
  const auto segments = split_path(request.path);
  const std::string_view method = request.method == "HEAD" ? std::string_view("GET") : request.method;
  for (const Route& r : routes_) {
    if (r.segments.size() != segments.size()) continue;
    bool ok = true;
    for (std::size_t i = 0; i < segments.size() && ok; ++i) {
      ok = is_param(r.segments[i]) ? !segments[i].empty() : r.segments[i] == segments[i];
    }
    if (!ok) continue;
    result.path_matched = true;
    if (r.method == method && result.route == nullptr) {
      result.route = &r;
      request.params.clear();
      for (std::size_t i = 0; i < segments.size(); ++i) {
        if (is_param(r.segments[i])) {
          request.params.emplace(r.segments[i].substr(1, r.segments[i].size() - 2), segments[i]);
        }
      }
    }
    if (std::find(result.allowed.begin(), result.allowed.end(), r.method) == result.allowed.end()) {
      result.allowed.push_back(r.method);
      if (r.method == "GET") result.allowed.emplace_back("HEAD");
    }
  }
  return result;
}

}  // namespace tienbo::http
