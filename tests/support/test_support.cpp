#include "test_support.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

namespace tienbo::test {

namespace fs = std::filesystem;

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  path_ = fs::temp_directory_path() / ("tienbo-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
                                       "-" + std::to_string(rd() % 100000));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::optional<std::string> pg_admin_url() {
  const char* url = std::getenv("TIENBO_TEST_PG_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

bool pg_required() {
  const char* v = std::getenv("TIENBO_REQUIRE_PG");
  return v != nullptr && std::string(v) == "1";
}

std::string backend_test_name(db::Backend backend) { return backend == db::Backend::Sqlite ? "Sqlite" : "Postgres"; }

namespace {

// Replaces the database name of a postgresql:// URL.
std::string with_dbname(const std::string& url, const std::string& name) {
  auto scheme = url.find("://");
  auto slash = url.find('/', scheme + 3);
  auto query = url.find('?', slash == std::string::npos ? 0 : slash);
  std::string base = slash == std::string::npos ? url : url.substr(0, slash);
  return base + "/" + name + (query == std::string::npos ? "" : url.substr(query));
}

std::unique_ptr<db::Database> open_admin(const std::string& url) {
  auto parsed = db::parse_database_url(url);
  if (!parsed) return nullptr;
  db::PoolOptions o;
  o.max_connections = 1;
  auto d = db::open_database(*parsed, o);
  if (!d) return nullptr;
  return std::move(*d);
}

}  // namespace

ScratchDatabase::ScratchDatabase(db::Backend backend) : backend_(backend) {
  static std::atomic<int> counter{0};
  if (backend == db::Backend::Sqlite) {
    dir_ = std::make_unique<TempDir>();
    url_ = "sqlite:" + (dir_->path() / "test.db").string();
    available_ = true;
    return;
  }
  auto admin_url = pg_admin_url();
  if (!admin_url) return;
  auto admin = open_admin(*admin_url);
  if (!admin) return;
  std::random_device rd;
  pg_name_ =
      "tienbo_t_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" + std::to_string(rd() % 100000);
  auto conn = admin->acquire();
  if (!conn) return;
  // CREATE DATABASE takes no parameters; the name is generated above from digits only.
  if (!(*conn)->execute_script("CREATE DATABASE " + pg_name_)) return;
  url_ = with_dbname(*admin_url, pg_name_);
  available_ = true;
}

namespace {

// Changes with every build of the running test executable, so a template made
// by an older build (other set-up code, other migrations) is never reused.
std::string build_key() {
  struct stat st {};
  if (::stat("/proc/self/exe", &st) != 0) return "0";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%llx%llx", static_cast<unsigned long long>(st.st_mtim.tv_sec),
                static_cast<unsigned long long>(st.st_size));
  return buf;
}

std::string pg_identifier(std::string s) {
  for (auto& c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return s;
}

}  // namespace

ScratchDatabase::ScratchDatabase(db::Backend backend, const std::string& template_name, const PrepareTemplate& prepare)
    : backend_(backend) {
  static std::atomic<int> counter{0};
  const std::string key = pg_identifier(template_name) + "_" + build_key();
  if (backend == db::Backend::Sqlite) {
    // Templates live beside the test executable, in the build tree.
    std::error_code ec;
    const fs::path dir = fs::read_symlink("/proc/self/exe", ec).parent_path() / "db-templates";
    fs::create_directories(dir, ec);
    const fs::path tpl = dir / (key + ".db");
    const int lock = ::open((dir / (key + ".lock")).c_str(), O_CREAT | O_RDWR, 0644);
    if (lock < 0 || ::flock(lock, LOCK_EX) != 0) {
      error_ = "cannot lock the template " + tpl.string();
      if (lock >= 0) ::close(lock);
      return;
    }
    if (!fs::exists(tpl)) {
      const fs::path tmp = dir / (key + ".db.tmp");
      fs::remove(tmp, ec);
      error_ = prepare("sqlite:" + tmp.string());
      if (error_.empty()) fs::rename(tmp, tpl, ec);
      if (ec) error_ = "cannot keep the template: " + ec.message();
    }
    ::flock(lock, LOCK_UN);
    ::close(lock);
    if (!error_.empty()) return;
    dir_ = std::make_unique<TempDir>();
    fs::copy_file(tpl, dir_->path() / "test.db", ec);
    if (ec) {
      error_ = "cannot copy the template: " + ec.message();
      return;
    }
    url_ = "sqlite:" + (dir_->path() / "test.db").string();
    available_ = true;
    return;
  }
  auto admin_url = pg_admin_url();
  if (!admin_url) return;
  auto admin = open_admin(*admin_url);
  if (!admin) return;
  auto conn = admin->acquire();
  if (!conn) return;
  const std::string tpl = "tienbo_tpl_" + key;
  // One process makes the template; the others wait for it (a session-level advisory lock).
  if (!(*conn)->query("SELECT pg_advisory_lock(hashtext($1))", {std::string_view(tpl)})) {
    error_ = "cannot lock the template";
    return;
  }
  auto exists = (*conn)->query("SELECT 1 FROM pg_database WHERE datname = $1", {std::string_view(tpl)});
  if (exists && exists->empty()) {
    // Database names cannot be bound as parameters; these are made of [a-z0-9_] above.
    if ((*conn)->execute_script("CREATE DATABASE " + tpl)) {
      error_ = prepare(with_dbname(*admin_url, tpl));
      if (!error_.empty()) (void)(*conn)->execute_script("DROP DATABASE IF EXISTS " + tpl + " WITH (FORCE)");
    } else {
      error_ = "cannot create the template database";
    }
  }
  if (error_.empty()) {
    pg_name_ = "tienbo_t_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    if (!(*conn)->execute_script("CREATE DATABASE " + pg_name_ + " TEMPLATE " + tpl)) {
      error_ = "cannot copy the template database";
      pg_name_.clear();
    }
  }
  (void)(*conn)->query("SELECT pg_advisory_unlock(hashtext($1))", {std::string_view(tpl)});
  if (!error_.empty()) return;
  url_ = with_dbname(*admin_url, pg_name_);
  available_ = true;
}

ScratchDatabase::~ScratchDatabase() {
  if (backend_ != db::Backend::Postgres || pg_name_.empty() || !available_) return;
  auto admin_url = pg_admin_url();
  if (!admin_url) return;
  auto admin = open_admin(*admin_url);
  if (!admin) return;
  auto conn = admin->acquire();
  if (!conn) return;
  (void)(*conn)->execute_script("DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
}

// ---- HTTP client --------------------------------------------------------------

HttpConnection::HttpConnection(unsigned short port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) return;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);
    fd_ = -1;
    return;
  }
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

HttpConnection::~HttpConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool HttpConnection::send_raw(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

namespace {
bool read_more(int fd, std::string& buffer, std::chrono::steady_clock::time_point deadline) {
  auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
  if (left <= 0) return false;
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
  char chunk[65536];
  ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
  if (n <= 0) return false;
  buffer.append(chunk, static_cast<std::size_t>(n));
  return true;
}
}  // namespace

std::optional<HttpResponse> HttpConnection::read_response(bool head_request, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t header_end;
  while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!read_more(fd_, buffer_, deadline)) return std::nullopt;
  }
  HttpResponse r;
  std::istringstream head(buffer_.substr(0, header_end));
  std::string line;
  std::getline(head, line);
  if (line.size() < 12) return std::nullopt;
  r.status = std::stoi(line.substr(9, 3));
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    r.headers[name] = value;
  }
  buffer_.erase(0, header_end + 4);
  std::size_t length = 0;
  if (auto it = r.headers.find("content-length"); it != r.headers.end() && !head_request && r.status != 304) {
    length = std::stoul(it->second);
  }
  while (buffer_.size() < length) {
    if (!read_more(fd_, buffer_, deadline)) return std::nullopt;
  }
  r.body = buffer_.substr(0, length);
  buffer_.erase(0, length);
  return r;
}

bool HttpConnection::closed_by_peer(std::chrono::milliseconds timeout) {
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
  char c;
  return ::recv(fd_, &c, 1, MSG_PEEK) == 0;
}

std::optional<HttpResponse> http_request(unsigned short port, const std::string& method, const std::string& target,
                                         const std::string& body,
                                         const std::vector<std::pair<std::string, std::string>>& headers) {
  HttpConnection c(port);
  if (!c.connected()) return std::nullopt;
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST" || method == "PUT")
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n" + body;
  if (!c.send_raw(req)) return std::nullopt;
  return c.read_response(method == "HEAD");
}

// ---- Child processes ------------------------------------------------------------

Child::Child(const std::vector<std::string>& argv, const std::string& stdin_text) {
  const std::string out = (dir_.path() / "stdout").string();
  const std::string err = (dir_.path() / "stderr").string();
  const std::string in = (dir_.path() / "stdin").string();
  std::ofstream(in) << stdin_text;
  pid_ = ::fork();
  if (pid_ == 0) {
    int ifd = ::open(in.c_str(), O_RDONLY);
    int ofd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int efd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(ifd, 0);
    ::dup2(ofd, 1);
    ::dup2(efd, 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
}

Child::~Child() {
  if (pid_ > 0 && !status_) {
    ::kill(pid_, SIGKILL);
    int st;
    ::waitpid(pid_, &st, 0);
  }
}

int Child::wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!status_) {
    int st = 0;
    pid_t r = ::waitpid(pid_, &st, WNOHANG);
    if (r == pid_) {
      status_ = st;
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &st, 0);
      status_ = st;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (WIFEXITED(*status_)) return WEXITSTATUS(*status_);
  return 128 + WTERMSIG(*status_);
}

void Child::signal(int signo) { ::kill(pid_, signo); }

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

std::string Child::out() const { return slurp(dir_.path() / "stdout"); }
std::string Child::err() const { return slurp(dir_.path() / "stderr"); }

bool Child::wait_for_output(const std::string& text, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (out().find(text) != std::string::npos) return true;
    int st;
    if (::waitpid(pid_, &st, WNOHANG) == pid_) {
      status_ = st;
      return out().find(text) != std::string::npos;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

std::string tienbo_binary() { return TIENBO_BINARY; }

}  // namespace tienbo::test
