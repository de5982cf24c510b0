// One connection of tienbo's server: reads requests with Boost.Beast, dispatches them through the
// router (inline, or on a pool for database and credential work) and writes the answers.

#include "server_impl.hpp"

namespace tienbo::http {

using core::ErrorCode;
using core::Log;
using core::LogLevel;

namespace {

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
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

class Session final : public Connection, public std::enable_shared_from_this<Session> {
 public:
  //! `remote` was admitted (counted) by Server::Impl::admit.
  Session(tcp::socket socket, std::string remote, Server::Impl& server, Worker& worker, std::size_t worker_index)
      : stream_(std::move(socket)),
        server_(server),
        worker_(worker),
        worker_index_(worker_index),
        remote_(std::move(remote)) {
    worker_.sessions.insert(this);
    beast::error_code ec;
    stream_.socket().set_option(tcp::no_delay(true), ec);
  }
  ~Session() override {
    worker_.sessions.erase(this);
    server_.release(remote_);
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() { read_next(); }

  //! Called on this session's thread when the server begins shutting down.
  void on_shutdown() override {
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
  void on_grace_ending() override {
    if (awaiting_handler_ && !answered_early_ && current_) {
      answered_early_ = true;
      keep_alive_ = false;
      Response r = problem_response(
          core::make_error(
              ErrorCode::ShuttingDown, "máy chủ đang dừng và không kịp trả lời yêu cầu này; hãy thử lại sau ít phút",
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
      if (ec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category() &&
          ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
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
    for (const auto& field : msg)
      req->headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    req->from_trusted_proxy =
        !server_.options.trusted_proxies.empty() && in_networks(remote_, server_.options.trusted_proxies);
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
      return respond(
          req, problem_response(core::make_error(ErrorCode::BadRequest, "đường dẫn yêu cầu không hợp lệ (mã %XX sai)",
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
      return respond(req, problem_response(core::make_error(ErrorCode::NotFound, "không có tài nguyên " + req->path,
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
      Response busy =
          problem_response(core::make_error(ErrorCode::TooManyRequests,
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
    asio::post(credentials ? server_.credentials_pool : server_.pool,
               [self = shared_from_this(), req, handler, credentials]() mutable {
                 const int pool = credentials ? 1 : 0;
                 self->server_.pool_waiting[pool].fetch_sub(1);
                 self->server_.pool_active[pool].fetch_add(1);
                 Response res = self->run_handler(*handler, *req);
                 self->server_.pool_active[pool].fetch_sub(1);
                 if (credentials) self->server_.credentials_queued.fetch_sub(1);
                 auto executor = self->stream_.get_executor();
                 auto* server = &self->server_;
                 asio::post(executor, [self = std::move(self), req, res = std::move(res)]() mutable {
                   self->awaiting_handler_ = false;
                   self->current_.reset();
                   if (self->answered_early_) return;  // answered 503 when the grace period ran out
                   self->respond(req, std::move(res));
                 });
                 server->handlers_running.fetch_sub(1);
               });
  }

  Response run_handler(const Handler& handler, Request& req) const {
    const core::RequestDeadline deadline(server_.options.request_deadline);
    try {
      return handler(req);
    } catch (const std::exception& e) {
      return handler_threw(req, e);
    }
  }

  static Response handler_threw(const Request& req, const std::exception& e) {
    Log::write(LogLevel::Error, "http.handler_exception",
               {{"requestId", std::string_view(req.request_id)},
                {"path", std::string_view(req.path)},
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

  void fail_request(const core::Error& error) {
    auto req = std::make_shared<Request>();
    req->method = "-";
    req->remote = remote_;
    if (parser_) req->target = std::string(parser_->get().target());
    char buf[40];
    std::snprintf(buf, sizeof buf, "%010llx-%llu-%llu", static_cast<unsigned long long>(server_.instance_tag),
                  static_cast<unsigned long long>(worker_index_),
                  static_cast<unsigned long long>(++worker_.next_request));
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
      server_.options.metrics->observe(req->route.empty() ? std::string_view("unmatched") : req->route,
                                       method_label(req->method), res.status, took);
    }
    if (server_.options.access_log && Log::enabled(LogLevel::Info)) {
      auto micros = std::chrono::duration_cast<std::chrono::microseconds>(took).count();
      const std::string_view client = req->remote.empty() ? std::string_view(remote_) : std::string_view(req->remote);
      // Behind a trusted proxy "remote" is the forwarded client and "peer" the proxy.
      const std::string_view peer = remote_;
      Log::write(LogLevel::Info, "http.request",
                 {{"requestId", std::string_view(req->request_id)},
                  {"remote", client},
                  {"peer", peer},
                  {"method", std::string_view(req->method)},
                  {"path", std::string_view(req->path)},
                  {"status", static_cast<std::int64_t>(res.status)},
                  {"bytes", static_cast<std::int64_t>(bytes)},
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

void start_connection(tcp::socket socket, std::string remote, Server::Impl& server, Worker& worker,
                      std::size_t worker_index) {
  std::make_shared<Session>(std::move(socket), std::move(remote), server, worker, worker_index)->start();
}

}  // namespace tienbo::http
