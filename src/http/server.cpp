// The only translation unit of tienbo's server that includes Boost.Beast/Asio.

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
#include <unordered_map>
#include <random>
#include <thread>
#include <unordered_set>

#include "tienbo/auth/password.hpp"
#include "tienbo/core/deadline.hpp"
#include "tienbo/core/log.hpp"
#include "tienbo/http/problem.hpp"

namespace tienbo::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using core::ErrorCode;
using core::Log;
using core::LogLevel;

namespace {

class Session;

struct Worker {
  // Declared before ioc so that sessions still queued in ioc's handlers, which
  // are destroyed with ioc, can deregister themselves.
  std::unordered_set<Session*> sessions;  // touched only on this worker's thread
  std::uint64_t next_request = 0;
  asio::io_context ioc{1};
  asio::executor_work_guard<asio::io_context::executor_type> guard = asio::make_work_guard(ioc);
};

// "Sat, 21 Nov 2026 20:20:00 GMT", cached per thread for the current second.
const std::string& http_date_now() {
  thread_local std::time_t cached_second = 0;
  thread_local std::string cached;
  std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    cached_second = now;
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    cached = buf;
  }
  return cached;
}

bool valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> security_headers() {
  return {{"Content-Security-Policy",
           "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
           "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
          {"X-Content-Type-Options", "nosniff"},
          {"X-Frame-Options", "DENY"},
          {"Referrer-Policy", "no-referrer"}};
}

struct Server::Impl {
  Impl(ServerOptions o, const Router& r)
      : options(std::move(o)), router(r), pool(options.worker_threads ? options.worker_threads : 1),
        credentials_pool(options.credentials_threads ? options.credentials_threads : 1) {
    unsigned n = options.io_threads ? options.io_threads : std::max(1u, std::thread::hardware_concurrency());
    for (unsigned i = 0; i < n; ++i) workers.push_back(std::make_unique<Worker>());
    if (options.max_connections == 0) {
      rlimit limit{};
      const rlim_t fds = getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY ? limit.rlim_cur : 65536;
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
  void collect(std::string& out) const {
    metric_header(out, "tienbo_http_open_connections", "gauge", "Connections open now.");
    metric_sample(out, "tienbo_http_open_connections", "", static_cast<double>(live_sessions.load()));
    metric_header(out, "tienbo_http_max_connections", "gauge", "The bound on open connections (more are refused).");
    metric_sample(out, "tienbo_http_max_connections", "", static_cast<double>(options.max_connections));
    metric_header(out, "tienbo_http_refused_connections_total", "counter",
                  "Connections refused (503) because the total or per-client bound was reached.");
    metric_sample(out, "tienbo_http_refused_connections_total", "", static_cast<double>(refused.load()));
    const auto pools = [&](std::string_view name, std::string_view type, std::string_view help, auto value) {
      metric_header(out, name, type, help);
      metric_sample(out, name, "pool=\"blocking\"", static_cast<double>(value(0)));
      metric_sample(out, name, "pool=\"credentials\"", static_cast<double>(value(1)));
    };
    pools("tienbo_pool_threads", "gauge", "Threads of the handler pools (blocking: database work; credentials: sign-in hashing).",
          [&](int i) { return i == 0 ? options.worker_threads : options.credentials_threads; });
    pools("tienbo_pool_active", "gauge", "Handlers running on the pool now.", [&](int i) { return pool_active[i].load(); });
    pools("tienbo_pool_queue_depth", "gauge", "Handlers waiting for a thread of the pool.", [&](int i) { return pool_waiting[i].load(); });
    metric_header(out, "tienbo_pool_queue_limit", "gauge", "Requests the credentials pool takes, waiting or running (more get 429).");
    metric_sample(out, "tienbo_pool_queue_limit", "pool=\"credentials\"", static_cast<double>(options.credentials_queue_limit));
    metric_header(out, "tienbo_pool_rejected_total", "counter", "Requests answered 429 because the pool's queue was full.");
    metric_sample(out, "tienbo_pool_rejected_total", "pool=\"credentials\"", static_cast<double>(credentials_rejected.load()));
    metric_header(out, "tienbo_argon2_running", "gauge", "argon2id computations running now (at most one per core).");
    metric_sample(out, "tienbo_argon2_running", "", static_cast<double>(auth::hashing_now()));
    metric_header(out, "tienbo_argon2_slots", "gauge", "argon2id computations that may run at once.");
    metric_sample(out, "tienbo_argon2_slots", "", static_cast<double>(auth::hashing_capacity()));
  }

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

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  //! `remote` was admitted (counted) by Server::Impl::admit.
  Session(tcp::socket socket, std::string remote, Server::Impl& server, Worker& worker, std::size_t worker_index)
      : stream_(std::move(socket)), server_(server), worker_(worker), worker_index_(worker_index), remote_(std::move(remote)) {
    worker_.sessions.insert(this);
    beast::error_code ec;
    stream_.socket().set_option(tcp::no_delay(true), ec);
  }
  ~Session() {
    worker_.sessions.erase(this);
    server_.release(remote_);
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() { read_next(); }

  //! Called on this session's thread when the server begins shutting down.
  void on_shutdown() {
    closing_ = true;
    const bool idle = !busy_ && (!parser_ || !parser_->got_some()) && buffer_.size() == 0;
    if (idle) {
      beast::error_code ec;
      stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
      stream_.socket().cancel(ec);
    }
  }

  //! Called on this session's thread shortly before the grace period ends: a request whose handler
  //! is still running is answered 503 now (the handler's answer, if it ever comes, is dropped); one
  //! still arriving is closed.
  void on_grace_ending() {
    if (awaiting_handler_ && !answered_early_ && current_) {
      answered_early_ = true;
      keep_alive_ = false;
      Response r = problem_response(
          core::make_error(ErrorCode::ShuttingDown, "máy chủ đang dừng và không kịp trả lời yêu cầu này; hãy thử lại sau ít phút",
                           "the server is stopping and could not finish this request in time; try again in a few minutes"),
          *current_);
      r.set_header("Retry-After", "60");
      respond(current_, std::move(r));
    } else if (!busy_) {
      close();
    }
  }

 private:
  void read_next() {
    busy_ = false;
    if (closing_ && buffer_.size() == 0) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.header_limit));
    parser_->body_limit(server_.options.body_limit);
    stream_.expires_after(server_.options.request_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    started_ = std::chrono::steady_clock::now();
    if (ec) {
      if (ec == bhttp::error::body_limit) {
        return fail_request(core::make_error(
            ErrorCode::PayloadTooLarge,
            "nội dung yêu cầu vượt giới hạn " + std::to_string(server_.options.body_limit) + " byte",
            "the request body exceeds the limit of " + std::to_string(server_.options.body_limit) + " bytes", "body"));
      }
      if (ec == bhttp::error::header_limit) {
        return fail_request(core::make_error(
            ErrorCode::HeaderTooLarge,
            "phần đầu yêu cầu vượt giới hạn " + std::to_string(server_.options.header_limit) + " byte",
            "the request header exceeds the limit of " + std::to_string(server_.options.header_limit) + " bytes"));
      }
      if (ec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category() && ec != bhttp::error::end_of_stream &&
          ec != bhttp::error::partial_message) {
        return fail_request(core::make_error(ErrorCode::BadRequest, "yêu cầu HTTP sai cú pháp: " + ec.message(),
                                             "malformed HTTP request: " + ec.message()));
      }
      return close();  // end of stream, timeout, reset, or cancelled by shutdown
    }
    busy_ = true;
    auto& msg = parser_->get();
    auto req = std::make_shared<Request>();
    req->method = std::string(msg.method_string());
    req->target = std::string(msg.target());
    req->peer = remote_;
    for (const auto& field : msg) req->headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    req->from_trusted_proxy = !server_.options.trusted_proxies.empty() && in_networks(remote_, server_.options.trusted_proxies);
    req->remote = req->from_trusted_proxy ? resolve_client(*req) : remote_;
    req->body = std::move(msg.body());
    keep_alive_ = msg.keep_alive();
    std::string_view client_id = req->header("X-Request-Id");
    if (valid_request_id(client_id)) {
      req->request_id = std::string(client_id);
    } else {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%010llx-%llu-%llu", static_cast<unsigned long long>(server_.instance_tag),
                    static_cast<unsigned long long>(worker_index_),
                    static_cast<unsigned long long>(++worker_.next_request));
      req->request_id = buf;
    }
    if (std::string bad_field; !split_target(req->target, req->path, req->query, &bad_field)) {
      return respond(req, problem_response(core::make_error(ErrorCode::BadRequest,
                                                            "đường dẫn yêu cầu không hợp lệ (mã %XX sai)",
                                                            "malformed request target (bad %XX escape)", bad_field),
                                           req->target, req->request_id));
    }
    if (auto bad = check_request_text(*req)) return respond(req, problem_response(*bad, *req));
    dispatch(req);
  }

  void dispatch(const std::shared_ptr<Request>& req) {
    RouteMatch m = server_.router.match(*req);
    const Handler* handler = nullptr;
    Execution execution = Execution::Inline;
    if (m.route != nullptr) {
      handler = &m.route->handler;
      execution = m.route->execution;
      req->route = m.route->pattern;
    } else if (m.path_matched) {
      std::string allow;
      for (const auto& a : m.allowed) allow += (allow.empty() ? "" : ", ") + a;
      Response r = problem_response(
          core::make_error(ErrorCode::MethodNotAllowed,
                           "phương thức " + req->method + " không dùng được cho " + req->path + "; dùng: " + allow,
                           "method " + req->method + " is not allowed on " + req->path + "; allowed: " + allow),
          *req);
      r.set_header("Allow", allow);
      return respond(req, std::move(r));
    } else if (!req->path.starts_with("/api/") && req->path != "/api" && req->path != "/healthz" &&
               server_.router.fallback() && (req->method == "GET" || req->method == "HEAD")) {
      handler = &server_.router.fallback();
      req->route = "static";
    } else {
      return respond(req, problem_response(core::make_error(ErrorCode::NotFound,
                                                            "không có tài nguyên " + req->path,
                                                            "there is no resource at " + req->path),
                                           *req));
    }
    if (execution == Execution::Inline) return respond(req, run_handler(*handler, *req));
    if (m.route != nullptr && m.route->fast) {
      if (auto answered = run_fast(m.route->fast, *req)) return respond(req, std::move(*answered));
    }
    const bool credentials = execution == Execution::Credentials;
    if (credentials && server_.credentials_queued.fetch_add(1) >= server_.options.credentials_queue_limit) {
      server_.credentials_queued.fetch_sub(1);
      server_.credentials_rejected.fetch_add(1);
      Response busy = problem_response(core::make_error(ErrorCode::TooManyRequests,
                                                        "có quá nhiều yêu cầu đăng nhập cùng lúc; hãy thử lại sau vài giây",
                                                        "too many sign-ins at once; try again in a few seconds"),
                                       *req);
      busy.set_header("Retry-After", "2");
      return respond(req, std::move(busy));
    }
    // Blocking work leaves the I/O thread; the response comes back to it.
    awaiting_handler_ = true;
    current_ = req;
    server_.handlers_running.fetch_add(1);
    server_.pool_waiting[credentials ? 1 : 0].fetch_add(1);
    asio::post(credentials ? server_.credentials_pool : server_.pool, [self = shared_from_this(), req, handler, credentials]() mutable {
      const int pool = credentials ? 1 : 0;
      self->server_.pool_waiting[pool].fetch_sub(1);
      self->server_.pool_active[pool].fetch_add(1);
      Response res = self->run_handler(*handler, *req);
      self->server_.pool_active[pool].fetch_sub(1);
      if (credentials) self->server_.credentials_queued.fetch_sub(1);
      auto executor = self->stream_.get_executor();
      auto* server = &self->server_;
      asio::post(executor, [self = std::move(self), req = std::move(req), res = std::move(res)]() mutable {
        self->awaiting_handler_ = false;
        self->current_.reset();
        if (self->answered_early_) return;  // answered 503 when the grace period ran out
        self->respond(req, std::move(res));
      });
      server->handlers_running.fetch_sub(1);
    });
  }

  Response run_handler(const Handler& handler, Request& req) {
    const core::RequestDeadline deadline(server_.options.request_deadline);
    try {
      return handler(req);
    } catch (const std::exception& e) {
      return handler_threw(req, e);
    }
  }

  static Response handler_threw(const Request& req, const std::exception& e) {
    Log::write(LogLevel::Error, "http.handler_exception",
               {{"requestId", std::string_view(req.request_id)}, {"path", std::string_view(req.path)},
                {"what", std::string_view(e.what())}});
    return problem_response(core::make_error(ErrorCode::Internal, "lỗi máy chủ", "internal error"), req);
  }

  // A fast path that throws is answered as a handler that throws would be.
  std::optional<Response> run_fast(const FastPath& fast, Request& req) {
    try {
      return fast(req);
    } catch (const std::exception& e) {
      return handler_threw(req, e);
    }
  }

  void fail_request(core::Error error) {
    auto req = std::make_shared<Request>();
    req->method = "-";
    req->remote = remote_;
    if (parser_) req->target = std::string(parser_->get().target());
    char buf[40];
    std::snprintf(buf, sizeof buf, "%010llx-%llu-%llu", static_cast<unsigned long long>(server_.instance_tag),
                  static_cast<unsigned long long>(worker_index_), static_cast<unsigned long long>(++worker_.next_request));
    req->request_id = buf;
    req->path = req->target.substr(0, req->target.find('?'));
    keep_alive_ = false;  // the rest of the stream cannot be trusted
    busy_ = true;
    respond(req, problem_response(error, req->path, req->request_id));
  }

  void respond(const std::shared_ptr<Request>& req, Response res) {
    const bool keep = keep_alive_ && !closing_ && !server_.stopping.load();
    auto out = std::make_shared<bhttp::response<bhttp::string_body>>();
    out->version(11);
    out->result(res.status);
    out->set(bhttp::field::server, "tienbo");
    out->set(bhttp::field::date, http_date_now());
    out->set("X-Request-Id", req->request_id);
    for (const auto& [k, v] : server_.options.default_headers) out->set(k, v);
    for (auto& [k, v] : res.headers) out->set(k, v);
    const std::size_t bytes = res.body.size();
    if (req->method == "HEAD") {
      out->set(bhttp::field::content_length, std::to_string(bytes));
    } else {
      out->body() = std::move(res.body);
      out->prepare_payload();
    }
    out->keep_alive(keep);
    const auto took = std::chrono::steady_clock::now() - started_;
    if (server_.options.metrics) {
      server_.options.metrics->observe(req->route.empty() ? std::string_view("unmatched") : req->route, method_label(req->method),
                                       res.status, took);
    }
    if (server_.options.access_log && Log::enabled(LogLevel::Info)) {
      auto micros = std::chrono::duration_cast<std::chrono::microseconds>(took).count();
      const std::string_view client = req->remote.empty() ? std::string_view(remote_) : std::string_view(req->remote);
      // Behind a trusted proxy "remote" is the forwarded client and "peer" the proxy.
      const std::string_view peer = remote_;
      Log::write(LogLevel::Info, "http.request",
                 {{"requestId", std::string_view(req->request_id)}, {"remote", client}, {"peer", peer},
                  {"method", std::string_view(req->method)}, {"path", std::string_view(req->path)},
                  {"status", static_cast<std::int64_t>(res.status)}, {"bytes", static_cast<std::int64_t>(bytes)},
                  {"micros", static_cast<std::int64_t>(micros)}});
    }
    stream_.expires_after(server_.options.request_timeout);
    bhttp::async_write(stream_, *out, [self = shared_from_this(), out, keep](beast::error_code ec, std::size_t) {
      if (ec || !keep) return self->close();
      self->read_next();
    });
  }

  //! The client behind a trusted proxy: every X-Forwarded-For value, joined in order.
  std::string resolve_client(const Request& req) const {
    std::string forwarded;
    for (const auto& [name, value] : req.headers) {
      if (!iequals(name, "X-Forwarded-For")) continue;
      if (!forwarded.empty()) forwarded += ',';
      forwarded += value;
    }
    return client_address(remote_, forwarded, server_.options.trusted_proxies);
  }

  //! The method as a metrics label: the methods the API knows, anything else "other".
  static std::string_view method_label(std::string_view method) {
    for (std::string_view known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
      if (method == known) return known;
    }
    return "other";
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Server::Impl& server_;
  Worker& worker_;
  std::size_t worker_index_;
  std::string remote_;
  std::chrono::steady_clock::time_point started_;
  bool busy_ = false;
  bool closing_ = false;
  bool keep_alive_ = true;
  bool awaiting_handler_ = false;  // a Blocking handler is running for this connection
  bool answered_early_ = false;    // ... and its client was already answered 503
  std::shared_ptr<Request> current_;
};

}  // namespace

void Server::Impl::accept() {
  const std::size_t index = next_worker++ % workers.size();
  Worker& worker = *workers[index];
  acceptor->async_accept(worker.ioc, [this, &worker, index](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == asio::error::operation_aborted || stopping.load()) return;
      // EMFILE and friends: log, back off briefly, keep accepting.
      Log::write(LogLevel::Warn, "http.accept_failed", {{"error", std::string_view(ec.message())}});
      auto timer = std::make_shared<asio::steady_timer>(acceptor->get_executor(), std::chrono::milliseconds(50));
      timer->async_wait([this, timer](beast::error_code) { if (!stopping.load()) accept(); });
      return;
    }
    beast::error_code peer_ec;
    const auto endpoint = socket.remote_endpoint(peer_ec);
    std::string remote = peer_ec ? std::string() : endpoint.address().to_string();
    if (!admit(remote)) {
      // Past a bound: a short answer the client can act on, then the descriptor is freed at once.
      static const std::string kBusy = [] {
        const std::string body =
            "{\"type\":\"urn:tienbo:problem:too-many-connections\",\"title\":\"Quá nhiều kết nối\","
            "\"titleEn\":\"Too many connections\",\"status\":503,\"detail\":\"Máy chủ đang có quá nhiều kết nối. "
            "Hãy thử lại sau 5 giây.\",\"detailEn\":\"The server has too many connections. Try again in 5 s.\"}";
        return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json; charset=utf-8\r\n"
               "Retry-After: 5\r\nConnection: close\r\nContent-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + body;
      }();
      const std::size_t refused_before = refused.fetch_add(1);
      beast::error_code ignored;
      socket.non_blocking(true, ignored);
      socket.write_some(asio::buffer(kBusy.data(), kBusy.size()), ignored);
      socket.shutdown(tcp::socket::shutdown_both, ignored);
      socket.close(ignored);
      if (refused_before % 1000 == 0) {
        Log::write(LogLevel::Warn, "http.connection_refused",
                   {{"remote", std::string_view(remote)}, {"openConnections", static_cast<std::int64_t>(live_sessions.load())}});
      }
      return accept();
    }
    asio::post(worker.ioc, [this, &worker, index, s = std::move(socket), remote = std::move(remote)]() mutable {
      if (stopping.load()) {
        release(remote);
        return;
      }
      std::make_shared<Session>(std::move(s), std::move(remote), *this, worker, index)->start();
    });
    accept();
  });
}

void Server::Impl::begin_shutdown() {
  if (stopping.exchange(true)) return;
  Log::write(LogLevel::Info, "http.shutdown_begin", {{"openConnections", static_cast<std::int64_t>(live_sessions.load())}});
  beast::error_code ec;
  if (acceptor) acceptor->close(ec);
  if (signals) signals->cancel(ec);
  for (auto& w : workers) {
    asio::post(w->ioc, [worker = w.get()] {
      // Copy: on_shutdown may end a session, which erases it from the set.
      std::vector<Session*> sessions(worker->sessions.begin(), worker->sessions.end());
      for (Session* s : sessions) {
        if (worker->sessions.count(s)) s->on_shutdown();
      }
    });
  }
  const auto now = std::chrono::steady_clock::now();
  shutdown_deadline = now + options.shutdown_grace;
  // The last quarter of the grace (at most a second) is left for answering what is still running.
  answer_deadline = shutdown_deadline - std::min<std::chrono::steady_clock::duration>(options.shutdown_grace / 4, std::chrono::seconds(1));
  shutdown_timer.emplace(workers[0]->ioc);
  poll_shutdown();
}

void Server::Impl::poll_shutdown() {
  if (!answered_busy && std::chrono::steady_clock::now() >= answer_deadline) {
    answered_busy = true;
    for (auto& w : workers) {
      asio::post(w->ioc, [worker = w.get()] {
        std::vector<Session*> sessions(worker->sessions.begin(), worker->sessions.end());
        for (Session* s : sessions) {
          if (worker->sessions.count(s)) s->on_grace_ending();
        }
      });
    }
  }
  const bool drained = live_sessions.load() == 0;
  if (drained || std::chrono::steady_clock::now() >= shutdown_deadline) {
    if (!drained) {
      Log::write(LogLevel::Warn, "http.shutdown_forced", {{"openConnections", static_cast<std::int64_t>(live_sessions.load())}});
    }
    if (flush_timer) flush_timer->cancel();
    for (auto& w : workers) {
      w->guard.reset();
      w->ioc.stop();
    }
    return;
  }
  const auto next = std::min(std::chrono::steady_clock::now() + std::chrono::milliseconds(20),
                             answered_busy ? shutdown_deadline : answer_deadline);
  shutdown_timer->expires_at(next);
  shutdown_timer->async_wait([this](beast::error_code) { poll_shutdown(); });
}

Server::Server(ServerOptions options, const Router& router) : impl_(std::make_unique<Impl>(std::move(options), router)) {}

Server::~Server() {
  impl_->pool.join();
  impl_->credentials_pool.join();
}

core::Result<void> Server::bind() {
  auto& ioc = impl_->workers[0]->ioc;
  beast::error_code ec;
  std::string host = impl_->options.host == "localhost" ? "127.0.0.1" : impl_->options.host;
  auto address = asio::ip::make_address(host, ec);
  if (ec) {
    return core::fail(ErrorCode::InvalidConfig, "địa chỉ lắng nghe \"" + impl_->options.host + "\" không hợp lệ",
                      "listen address \"" + impl_->options.host + "\" is not valid", "listen");
  }
  tcp::endpoint endpoint(address, impl_->options.port);
  tcp::acceptor acceptor(ioc);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    const std::string where = host + ":" + std::to_string(impl_->options.port);
    if (ec == asio::error::address_in_use) {
      return core::fail(ErrorCode::InvalidConfig,
                        "không lắng nghe được ở " + where + ": cổng đang được chương trình khác dùng; chọn cổng khác bằng --listen",
                        "cannot listen on " + where + ": the port is in use by another program; choose another with --listen",
                        "listen");
    }
    return core::fail(ErrorCode::InvalidConfig, "không lắng nghe được ở " + where + ": " + ec.message(),
                      "cannot listen on " + where + ": " + ec.message(), "listen");
  }
  impl_->bound_port = acceptor.local_endpoint().port();
  impl_->acceptor.emplace(std::move(acceptor));
  return {};
}

unsigned short Server::port() const { return impl_->bound_port; }

std::size_t Server::open_connections() const { return impl_->live_sessions.load(); }

std::size_t Server::refused_connections() const { return impl_->refused.load(); }

std::size_t Server::handlers_running() const { return impl_->handlers_running.load(); }

void Server::request_stop() {
  auto* impl = impl_.get();
  asio::post(impl->workers[0]->ioc, [impl] { impl->begin_shutdown(); });
}

void Server::run() {
  Impl& s = *impl_;
  if (!s.acceptor) {
    auto bound = bind();
    if (!bound) throw std::runtime_error(bound.error().message_en);
  }
  auto& ioc0 = s.workers[0]->ioc;
  if (s.options.handle_signals) {
    s.signals.emplace(ioc0, SIGINT, SIGTERM);
    s.signals->async_wait([&s](beast::error_code ec, int signo) {
      if (ec) return;
      Log::write(LogLevel::Info, "http.signal", {{"signal", static_cast<std::int64_t>(signo)}});
      s.begin_shutdown();
    });
  }
  // The access log is buffered; flush it once a second.
  s.flush_timer.emplace(ioc0);
  std::function<void()> schedule_flush = [&s, &schedule_flush] {
    s.flush_timer->expires_after(std::chrono::seconds(1));
    s.flush_timer->async_wait([&s, &schedule_flush](beast::error_code ec) {
      Log::flush();
      if (!ec && !s.stopping.load()) schedule_flush();
    });
  };
  schedule_flush();
  s.accept();
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < s.workers.size(); ++i) {
    threads.emplace_back([&s, i] { s.workers[i]->ioc.run(); });
  }
  s.workers[0]->ioc.run();
  for (auto& t : threads) t.join();
  // A handler that overran the grace period is not waited for here (its client was answered 503);
  // ~Server waits for it, and a process that must end now does not destroy the server.
  if (s.handlers_running.load() == 0) {
    s.pool.join();
    s.credentials_pool.join();
  } else {
    Log::write(LogLevel::Warn, "http.shutdown_handlers_abandoned", {{"handlers", static_cast<std::int64_t>(s.handlers_running.load())}});
  }
  Log::write(LogLevel::Info, "http.shutdown_done");
  Log::flush();
}

}  // namespace tienbo::http
