// The comparison point for bench/http_bench.sh: the smallest reasonable
// Boost.Beast HTTP/1.1 keep-alive server, answering every request with a
// fixed JSON body. It gets the fastest layout measured on this machine
// (../shared/baselines.md §1): one io_context per thread, SO_REUSEPORT.
//   bare_beast_server PORT THREADS

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

const std::string kBody = R"({"status":"ok","database":"none","schemaVersion":"000000000000","version":"bare"})";

class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(tcp::socket s) : stream_(std::move(s)) { stream_.socket().set_option(tcp::no_delay(true)); }
  void start() { read(); }

 private:
  void read() {
    req_ = {};
    stream_.expires_after(std::chrono::seconds(30));
    http::async_read(stream_, buffer_, req_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      self->write();
    });
  }
  void write() {
    res_ = {};
    res_.version(11);
    res_.result(http::status::ok);
    res_.set(http::field::server, "bare");
    res_.set(http::field::content_type, "application/json");
    res_.body() = kBody;
    res_.keep_alive(req_.keep_alive());
    res_.prepare_payload();
    http::async_write(stream_, res_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec || !self->res_.keep_alive()) return self->close();
      self->read();
    });
  }
  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
  http::response<http::string_body> res_;
};

void accept(tcp::acceptor& acceptor) {
  acceptor.async_accept([&acceptor](beast::error_code ec, tcp::socket socket) {
    if (!ec) std::make_shared<Session>(std::move(socket))->start();
    if (acceptor.is_open()) accept(acceptor);
  });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: bare_beast_server PORT THREADS\n";
    return 2;
  }
  const auto port = static_cast<unsigned short>(std::atoi(argv[1]));
  const int threads = std::max(1, std::atoi(argv[2]));
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
  for (int i = 0; i < threads; ++i) {
    contexts.push_back(std::make_unique<asio::io_context>(1));
    auto acceptor = std::make_unique<tcp::acceptor>(*contexts.back());
    tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), port);
    acceptor->open(ep.protocol());
    acceptor->set_option(asio::socket_base::reuse_address(true));
    int one = 1;
    ::setsockopt(acceptor->native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    acceptor->bind(ep);
    acceptor->listen(asio::socket_base::max_listen_connections);
    accept(*acceptor);
    acceptors.push_back(std::move(acceptor));
  }
  asio::signal_set signals(*contexts[0], SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code, int) {
    for (auto& c : contexts) c->stop();
  });
  std::cout << "bare_beast_server listening on 127.0.0.1:" << port << std::endl;
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&, i] { contexts[static_cast<std::size_t>(i)]->run(); });
  contexts[0]->run();
  for (auto& t : pool) t.join();
  return 0;
}
