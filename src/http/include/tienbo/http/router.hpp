#pragma once
// The route table: method + path pattern ("/api/v1/units/{code}") -> handler.
// One place lists every route (http/routes.cpp); the server asks the router
// for a match and runs the handler inline or on the blocking-work pool.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tienbo/http/message.hpp"

namespace tienbo::http {

//! Where a handler runs. Anything that may touch the database is Blocking and
//! runs on the worker pool, never on an I/O thread. Credentials (sign-in and
//! password changes, which hash with argon2id) run on a small pool of their own
//! with a bounded queue, so a flood of sign-ins cannot occupy the workers that
//! serve everyone else.
enum class Execution : std::uint8_t { Inline, Blocking, Credentials };

using Handler = std::function<Response(Request&)>;
//! A Blocking route's first try, on the I/O thread: the answer when it needs no database and
//! never blocks (an answer kept in memory), else nullopt and the route's handler runs on the pool.
using FastPath = std::function<std::optional<Response>(Request&)>;

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  Execution execution = Execution::Blocking;
  FastPath fast;                      //!< may be empty
  std::vector<std::string> segments;  //!< split pattern; "{name}" is a parameter
};

struct RouteMatch {
  const Route* route = nullptr;      //!< set when method and path match
  std::vector<std::string> allowed;  //!< methods for this path, when only the method differs
  bool path_matched = false;
};

class Router {
 public:
  //! Adds a route. HEAD is served by GET routes automatically.
  void add(std::string method, std::string pattern, Handler handler, Execution execution = Execution::Blocking);
  //! Adds a Blocking route that first tries `fast` on the I/O thread.
  void add(std::string method, std::string pattern, Handler handler, FastPath fast);
  //! Matches and fills request.params on success.
  RouteMatch match(Request& request) const;
  //! Handler for paths no route matches (the static web app); may be empty.
  void set_fallback(Handler handler) { fallback_ = std::move(handler); }
  [[nodiscard]] const Handler& fallback() const { return fallback_; }
  [[nodiscard]] const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  Handler fallback_;
};

}  // namespace tienbo::http
