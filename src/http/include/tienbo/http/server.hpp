#pragma once
// The HTTP/1.1 server on Boost.Beast/Asio. One io_context per I/O thread
// (connections are spread round-robin by one acceptor), keep-alive, limits on
// header and body size, a per-request read timeout, blocking handlers on a
// separate worker pool, and graceful shutdown on SIGINT/SIGTERM: stop
// accepting, close idle connections, let in-flight requests finish within the
// grace period — a request whose handler is still running shortly before its
// end is answered 503 (ShuttingDown, Connection: close) — then return from
// run() by the end of the grace period, without waiting for such a handler.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tienbo/core/result.hpp"
#include "tienbo/http/client_address.hpp"
#include "tienbo/http/metrics.hpp"
#include "tienbo/http/router.hpp"

namespace tienbo::http {

//! The headers every response carries unless its handler sets its own (issue #12): a Content
//! Security Policy that lets the page load scripts, styles, fonts and data only from this server
//! (no inline script, no eval, no plugins) and never be framed, nosniff, X-Frame-Options for older
//! browsers, and no Referer sent anywhere.
std::vector<std::pair<std::string, std::string>> security_headers();

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;   //!< 0 picks a free port (see Server::port()).
  unsigned io_threads = 0;      //!< 0: one per core.
  unsigned worker_threads = 8;  //!< threads for Blocking handlers (database work).
  //! Threads for Credentials handlers (sign-in, passwords). More than cores: auth hashes with at
  //! most one argon2id per core at once, and the rest of a sign-in waits on the database.
  unsigned credentials_threads = 8;
  std::size_t credentials_queue_limit = 64;               //!< Credentials requests waiting or running; more get 429.
  std::size_t header_limit = std::size_t{16} * 1024;      //!< bytes; larger headers get 431.
  std::size_t body_limit = std::size_t{8} * 1024 * 1024;  //!< bytes; larger bodies get 413.
  std::chrono::milliseconds request_timeout{30000};       //!< to read one request, or idle keep-alive.
  std::chrono::milliseconds shutdown_grace{10000};        //!< bound on waiting for in-flight requests.
  std::chrono::milliseconds request_deadline{20000};      //!< a handler's budget; long loops stop with 503 past it.
  bool handle_signals = true;                             //!< install SIGINT/SIGTERM handlers in run().
  bool access_log = true;                                 //!< one structured log line per request.
  //! Open connections in total and from one client address; a connection past either
  //! bound is answered 503 with Retry-After and closed, so the descriptors left serve
  //! the others (docs/architecture.md, "Input bounds").
  std::size_t max_connections = 0;  //!< 0: the process's descriptor limit less 128 kept for files and the database.
  std::size_t max_connections_per_client = 512;
  //! Proxies whose X-Forwarded-For is believed (client_address.hpp); empty: none, the TCP peer
  //! is the client. The per-client connection cap always counts TCP peers.
  std::vector<Cidr> trusted_proxies;
  //! Where requests are counted and the server's gauges are read (/metrics); may be null.
  std::shared_ptr<Metrics> metrics;
  //! Set on every response (static files, API, problems, the reader's own 4xx) before the handler's.
  std::vector<std::pair<std::string, std::string>> default_headers = security_headers();
};

class Server {
 public:
  Server(ServerOptions options, const Router& router);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  //! Opens the listening socket; fails with a clear message (e.g. port in use).
  core::Result<void> bind();
  //! The bound port (useful with port 0).
  [[nodiscard]] unsigned short port() const;
  //! Connections refused because a bound was reached, since the start.
  [[nodiscard]] std::size_t refused_connections() const;
  //! Serves until stopped, then shuts down gracefully and returns.
  void run();
  //! Starts a graceful shutdown; safe from any thread.
  void request_stop();
  //! Connections open right now.
  [[nodiscard]] std::size_t open_connections() const;
  //! Blocking handlers still running on the worker pool. After run() has returned this is non-zero
  //! only when a handler overran the grace period (its client got 503): the destructor waits for it,
  //! so a process that must end now exits without destroying the server.
  [[nodiscard]] std::size_t handlers_running() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tienbo::http
