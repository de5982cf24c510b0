#pragma once
// Test helpers: temporary directories, throwaway databases on both backends,
// a minimal blocking HTTP/1.1 client over POSIX sockets, and child processes.

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "tienbo/db/database.hpp"

namespace tienbo::db {
//! Prints "Sqlite"/"Postgres" in test names and failure messages.
inline void PrintTo(Backend backend, std::ostream* os) { *os << (backend == Backend::Sqlite ? "Sqlite" : "Postgres"); }
}  // namespace tienbo::db

namespace tienbo::test {

//! A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

//! The PostgreSQL server URL from TIENBO_TEST_PG_URL (a database to connect to
//! for CREATE DATABASE), or nullopt.
std::optional<std::string> pg_admin_url();
//! True when TIENBO_REQUIRE_PG=1: PostgreSQL tests must run, not skip.
bool pg_required();

//! Fills a template database at `url`; returns "" on success or what went wrong.
using PrepareTemplate = std::function<std::string(const std::string& url)>;

//! A new database on one backend, dropped on destruction: empty, or a copy of
//! a template that `prepare` fills once per (backend, name, build of the test
//! executable) and that every later test process copies in milliseconds
//! (a file copy on SQLite, CREATE DATABASE ... TEMPLATE on PostgreSQL).
class ScratchDatabase {
 public:
  explicit ScratchDatabase(db::Backend backend);
  ScratchDatabase(db::Backend backend, const std::string& template_name, const PrepareTemplate& prepare);
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;
  //! False when the backend is not available here (PostgreSQL without a server).
  [[nodiscard]] bool available() const { return available_; }
  [[nodiscard]] const std::string& url() const { return url_; }
  //! Why the template could not be made or copied; empty otherwise.
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  db::Backend backend_;
  bool available_ = false;
  std::string url_;
  std::string pg_name_;
  std::string error_;
  std::unique_ptr<TempDir> dir_;
};

//! Skips (or fails, when PostgreSQL is required) a test whose database is unavailable.
#define TIENBO_REQUIRE_DATABASE(scratch)                               \
  do {                                                                 \
    if (!(scratch).available()) {                                      \
      if (::tienbo::test::pg_required())                               \
        FAIL() << "PostgreSQL is required (TIENBO_REQUIRE_PG=1) "      \
                  "but TIENBO_TEST_PG_URL is not usable";              \
      GTEST_SKIP() << "no PostgreSQL server (set TIENBO_TEST_PG_URL)"; \
    }                                                                  \
  } while (false)

std::string backend_test_name(db::Backend backend);

//! Names parameterised instances "Sqlite" / "Postgres".
struct BackendName {
  template <typename ParamInfo>
  std::string operator()(const ParamInfo& p) const {
    return backend_test_name(p.param);
  }
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  //!< lower-case names
  std::string body;
  [[nodiscard]] std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

//! One TCP connection to 127.0.0.1:port; sends raw requests, reads responses.
class HttpConnection {
 public:
  explicit HttpConnection(unsigned short port);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;
  [[nodiscard]] bool connected() const { return fd_ >= 0; }
  bool send_raw(const std::string& bytes);
  //! Reads one response (Content-Length bodies; HEAD-style empty when asked).
  std::optional<HttpResponse> read_response(bool head_request = false,
                                            std::chrono::milliseconds timeout = std::chrono::seconds(10));
  //! True when the server closed the connection (read returns 0) within `timeout`.
  bool closed_by_peer(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
  std::string buffer_;
};

//! A complete request helper: opens a connection, sends, reads, closes.
std::optional<HttpResponse> http_request(unsigned short port, const std::string& method, const std::string& target,
                                         const std::string& body = "",
                                         const std::vector<std::pair<std::string, std::string>>& headers = {});

//! A child process with captured stdout/stderr (to files).
class Child {
 public:
  Child(const std::vector<std::string>& argv, const std::string& stdin_text = "");
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  //! Waits for exit (kills after `timeout`); returns the exit code, or 128+signal.
  int wait(std::chrono::milliseconds timeout = std::chrono::seconds(60));
  void signal(int signo);
  [[nodiscard]] std::string out() const;
  [[nodiscard]] std::string err() const;
  [[nodiscard]] int pid() const { return pid_; }
  //! Waits until stdout contains `text`.
  bool wait_for_output(const std::string& text, std::chrono::milliseconds timeout);

 private:
  int pid_ = -1;
  std::optional<int> status_;
  TempDir dir_;
};

//! Path of the built tienbo binary (from the TIENBO_BINARY compile definition).
std::string tienbo_binary();

}  // namespace tienbo::test
