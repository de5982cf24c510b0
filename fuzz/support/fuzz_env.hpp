#pragma once
// What the fuzz targets that reach the database share: a SQLite database made
// once per process (migrated, the vn-gender-equality package and the demo units,
// committees and accounts loaded, plus an administrator with a cheap password
// hash), copied to a working file that the services of `tienbo serve` run on
// (services::ServiceSet, the route table of http::register_routes), and
// copied back every kResetEvery inputs (TIENBO_FUZZ_TEMPLATE, when set, names a file
// where the template is kept for the next process) so that what the fuzzer created does
// not pile up. Requests are answered the way the server's session answers
// them (router match, 405 with Allow, 404, a handler's exception -> 500).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "tienbo/http/message.hpp"
#include "tienbo/http/router.hpp"
#include "tienbo/services/service_set.hpp"

namespace tienbo::fuzz {

//! Splits fuzzer bytes into the parts of a request written as text:
//!   METHOD SP TARGET LF
//!   Name: value LF        (any number of header lines)
//!   LF
//!   body
//! Missing parts are empty; no limit beyond the input's own size.
http::Request request_from_text(std::string_view text);

//! False for what Beast's parser refuses before the server sees it: a method or header name
//! that is not an RFC 9110 token, a target with spaces or control bytes, a header value with
//! control bytes other than tab. Fuzz targets skip those (no handler could receive them).
bool parsable_by_beast(const http::Request& request);

class ApiEnv {
 public:
  //! The process's environment, made on first use (a few seconds: the package and units).
  static ApiEnv& instance();
  ApiEnv(const ApiEnv&) = delete;
  ApiEnv& operator=(const ApiEnv&) = delete;
  ~ApiEnv();

  //! Answers `request` as the server would once it is parsed: split_target, router, handler.
  //! Signs the request in as the administrator (Cookie and X-CSRF-Token) unless it has a Cookie.
  http::Response handle(http::Request request);
  //! Counts one input; every kResetEvery inputs the working database is replaced by the template.
  void next_input();

  services::ServiceSet& services();
  //! The signed-in administrator (national scope), as the services see it.
  [[nodiscard]] const services::Principal& admin() const;

  static constexpr std::size_t kResetEvery = 5000;

 private:
  ApiEnv();
  struct State;
  void open();
  std::filesystem::path dir_;
  std::filesystem::path template_db_;
  std::filesystem::path work_db_;
  std::unique_ptr<State> state_;
  std::size_t inputs_ = 0;
};

}  // namespace tienbo::fuzz
