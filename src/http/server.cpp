// tienbo's HTTP server: accepting connections within bounds, the pools, shutting down within the
// grace period (connection.cpp serves each connection; server_impl.hpp holds the shared state).

#include "server_impl.hpp"

namespace tienbo::http {

using core::ErrorCode;
using core::Log;
using core::LogLevel;

std::vector<std::pair<std::string, std::string>> security_headers() {
  return {{"Content-Security-Policy",
           "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
           "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
          {"X-Content-Type-Options", "nosniff"},
          {"X-Frame-Options", "DENY"},
          {"Referrer-Policy", "no-referrer"}};
}

void Server::Impl::collect(std::string& out) const {
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
  pools("tienbo_pool_threads", "gauge",
        "Threads of the handler pools (blocking: database work; credentials: sign-in hashing).",
        [&](int i) { return i == 0 ? options.worker_threads : options.credentials_threads; });
  pools("tienbo_pool_active", "gauge", "Handlers running on the pool now.",
        [&](int i) { return pool_active[i].load(); });
  pools("tienbo_pool_queue_depth", "gauge", "Handlers waiting for a thread of the pool.",
        [&](int i) { return pool_waiting[i].load(); });
  metric_header(out, "tienbo_pool_queue_limit", "gauge",
                "Requests the credentials pool takes, waiting or running (more get 429).");
  metric_sample(out, "tienbo_pool_queue_limit", "pool=\"credentials\"",
                static_cast<double>(options.credentials_queue_limit));
  metric_header(out, "tienbo_pool_rejected_total", "counter",
                "Requests answered 429 because the pool's queue was full.");
  metric_sample(out, "tienbo_pool_rejected_total", "pool=\"credentials\"",
                static_cast<double>(credentials_rejected.load()));
  metric_header(out, "tienbo_argon2_running", "gauge", "argon2id computations running now (at most one per core).");
  metric_sample(out, "tienbo_argon2_running", "", static_cast<double>(auth::hashing_now()));
  metric_header(out, "tienbo_argon2_slots", "gauge", "argon2id computations that may run at once.");
  metric_sample(out, "tienbo_argon2_slots", "", static_cast<double>(auth::hashing_capacity()));
}

void Server::Impl::accept() {
  const std::size_t index = next_worker++ % workers.size();
  Worker& worker = *workers[index];
  acceptor->async_accept(worker.ioc, [this, &worker, index](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == asio::error::operation_aborted || stopping.load()) return;
      // EMFILE and friends: log, back off briefly, keep accepting.
      Log::write(LogLevel::Warn, "http.accept_failed", {{"error", std::string_view(ec.message())}});
      auto timer = std::make_shared<asio::steady_timer>(acceptor->get_executor(), std::chrono::milliseconds(50));
      timer->async_wait([this, timer](beast::error_code) {
        if (!stopping.load()) accept();
      });
      return;
    }
    beast::error_code peer_ec;
    const auto endpoint = socket.remote_endpoint(peer_ec);
    std::string remote = peer_ec ? std::string() : endpoint.address().to_string();
    if (!admit(remote)) {
      // Past a bound: a short answer the client can act on, then the descriptor is freed at once.
      static const std::string kBusy = [] {
        const std::string body = core::JsonObject()
                                     .add("type", "urn:tienbo:problem:too-many-connections")
                                     .add("title", "Quá nhiều kết nối")
                                     .add("titleEn", "Too many connections")
                                     .add("status", std::int64_t{503})
                                     .add("detail", "Máy chủ đang có quá nhiều kết nối. Hãy thử lại sau 5 giây.")
                                     .add("detailEn", "The server has too many connections. Try again in 5 s.")
                                     .str();
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
                   {{"remote", std::string_view(remote)},
                    {"openConnections", static_cast<std::int64_t>(live_sessions.load())}});
      }
      return accept();
    }
    asio::post(worker.ioc, [this, &worker, index, s = std::move(socket), remote = std::move(remote)]() mutable {
      if (stopping.load()) {
        release(remote);
        return;
      }
      start_connection(std::move(s), std::move(remote), *this, worker, index);
    });
    accept();
  });
}

void Server::Impl::begin_shutdown() {
  if (stopping.exchange(true)) return;
  Log::write(LogLevel::Info, "http.shutdown_begin",
             {{"openConnections", static_cast<std::int64_t>(live_sessions.load())}});
  beast::error_code ec;
  if (acceptor) acceptor->close(ec);
  if (signals) signals->cancel(ec);
  for (auto& w : workers) {
    asio::post(w->ioc, [worker = w.get()] {
      // Copy: on_shutdown may end a session, which erases it from the set.
      std::vector<Connection*> sessions(worker->sessions.begin(), worker->sessions.end());
      for (Connection* s : sessions) {
        if (worker->sessions.count(s)) s->on_shutdown();
      }
    });
  }
  const auto now = std::chrono::steady_clock::now();
  shutdown_deadline = now + options.shutdown_grace;
  // The last quarter of the grace (at most a second) is left for answering what is still running.
  answer_deadline = shutdown_deadline -
                    std::min<std::chrono::steady_clock::duration>(options.shutdown_grace / 4, std::chrono::seconds(1));
  shutdown_timer.emplace(workers[0]->ioc);
  poll_shutdown();
}

void Server::Impl::poll_shutdown() {
  if (!answered_busy && std::chrono::steady_clock::now() >= answer_deadline) {
    answered_busy = true;
    for (auto& w : workers) {
      asio::post(w->ioc, [worker = w.get()] {
        std::vector<Connection*> sessions(worker->sessions.begin(), worker->sessions.end());
        for (Connection* s : sessions) {
          if (worker->sessions.count(s)) s->on_grace_ending();
        }
      });
    }
  }
  const bool drained = live_sessions.load() == 0;
  if (drained || std::chrono::steady_clock::now() >= shutdown_deadline) {
    if (!drained) {
      Log::write(LogLevel::Warn, "http.shutdown_forced",
                 {{"openConnections", static_cast<std::int64_t>(live_sessions.load())}});
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

Server::Server(ServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}

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
      return core::fail(
          ErrorCode::InvalidConfig,
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
    Log::write(LogLevel::Warn, "http.shutdown_handlers_abandoned",
               {{"handlers", static_cast<std::int64_t>(s.handlers_running.load())}});
  }
  Log::write(LogLevel::Info, "http.shutdown_done");
  Log::flush();
}

}  // namespace tienbo::http
