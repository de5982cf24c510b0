#pragma once
// Private to http/: the server's state (Server::Impl) and the connection interface, shared by the
// two translation units that include Boost.Beast/Asio — server.cpp (accepting, shutting down) and
// connection.cpp (one connection: reading, dispatching, answering).

#include "tienbo/http/server.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <sys/resource.h>

#include <atomic>
#include <ctime>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "tienbo/auth/password.hpp"
#include "tienbo/core/deadline.hpp"
#include "tienbo/core/json_writer.hpp"
#include "tienbo/core/log.hpp"
#include "tienbo/http/problem.hpp"

namespace tienbo::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

//! One accepted connection, as the server sees it while shutting down (connection.cpp).
class Connection {
 public:
  virtual ~Connection() = default;
  //! On the connection's thread when the server begins shutting down: an idle one closes.
  virtual void on_shutdown() = 0;
  //! On the connection's thread shortly before the grace period ends: a request whose handler is
  //! still running is answered 503 now; one still arriving is closed.
  virtual void on_grace_ending() = 0;
};

struct Worker {
  // Declared before ioc so that sessions still queued in ioc's handlers, which
  // are destroyed with ioc, can deregister themselves.
  std::unordered_set<Connection*> sessions;  // touched only on this worker's thread
  std::uint64_t next_request = 0;
  asio::io_context ioc{1};
  asio::executor_work_guard<asio::io_context::executor_type> guard = asio::make_work_guard(ioc);
};

struct Server::Impl {
  Impl(ServerOptions o, const Router& r)
      : options(std::move(o)),
        router(r),
        pool(options.worker_threads ? options.worker_threads : 1),
        credentials_pool(options.credentials_threads ? options.credentials_threads : 1) {
    unsigned n = options.io_threads ? options.io_threads : std::max(1u, std::thread::hardware_concurrency());
    for (unsigned i = 0; i < n; ++i) workers.push_back(std::make_unique<Worker>());
    if (options.max_connections == 0) {
      rlimit limit{};
      const rlim_t fds =
          getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY ? limit.rlim_cur : 65536;
      options.max_connections = fds > 256 ? static_cast<std::size_t>(fds - 128) : 128;
    }
    std::random_device rd;
    instance_tag = (static_cast<std::uint64_t>(rd()) << 32 | rd()) & 0xFFFFFFFFFFull;
    if (options.metrics) metrics_collector = options.metrics->add_collector([this](std::string& out) { collect(out); });
  }
  ~Impl() {
    if (options.metrics) options.metrics->remove_collector(metrics_collector);
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  //! The server's gauges for /metrics.
  void collect(std::string& out) const;

  void accept();
  void begin_shutdown();
  void poll_shutdown();

  ServerOptions options;
  const Router& router;
  asio::thread_pool pool;
  asio::thread_pool credentials_pool;
  std::atomic<std::size_t> credentials_queued{0};
  std::atomic<std::size_t> credentials_rejected{0};
  std::atomic<std::size_t> pool_waiting[2]{};  // [0] blocking, [1] credentials: posted, not started
  std::atomic<std::size_t> pool_active[2]{};   // running now
  std::size_t metrics_collector = 0;
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> live_sessions{0};
  std::atomic<std::size_t> refused{0};
  std::mutex clients_mutex;
  std::unordered_map<std::string, std::size_t> per_client;  // open connections by client address

  //! Counts a new connection from `address`; false (nothing counted) when a bound is reached.
  bool admit(const std::string& address) {
    std::lock_guard lock(clients_mutex);
    if (live_sessions.load() >= options.max_connections) return false;
    auto& n = per_client[address];
    if (n >= options.max_connections_per_client) return false;
    ++n;
    live_sessions.fetch_add(1);
    return true;
  }
  void release(const std::string& address) {
    std::lock_guard lock(clients_mutex);
    auto it = per_client.find(address);
    if (it != per_client.end() && --it->second == 0) per_client.erase(it);
    live_sessions.fetch_sub(1);
  }
  std::atomic<std::size_t> handlers_running{0};  // Blocking handlers on the pool
  bool answered_busy = false;                    // the 503s before the end of the grace were sent
  std::size_t next_worker = 0;
  std::uint64_t instance_tag = 0;
  unsigned short bound_port = 0;
  // Workers come after everything sessions touch, and before the I/O objects
  // that run on their io_contexts.
  std::vector<std::unique_ptr<Worker>> workers;
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::signal_set> signals;
  std::optional<asio::steady_timer> shutdown_timer;
  std::optional<asio::steady_timer> flush_timer;
  std::chrono::steady_clock::time_point shutdown_deadline;
  std::chrono::steady_clock::time_point answer_deadline;  // when requests still being handled get 503
};

//! Serves the accepted `socket` on `worker`'s thread; `remote` was admitted by Server::Impl::admit.
void start_connection(tcp::socket socket, std::string remote, Server::Impl& server, Worker& worker,
                      std::size_t worker_index);

}  // namespace tienbo::http
