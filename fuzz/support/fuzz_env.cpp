#include "fuzz_env.hpp"

#include <unistd.h>
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "tienbo/core/log.hpp"
#include "tienbo/db/database.hpp"
#include "tienbo/db/migrations.hpp"
#include "tienbo/http/problem.hpp"
#include "tienbo/http/routes.hpp"
#include "tienbo/services/setup_service.hpp"
#include "tienbo/store/sql_store.hpp"

namespace tienbo::fuzz {

namespace fs = std::filesystem;

namespace {

const services::Actor kSetup{"fuzz-setup", "fuzz"};
const char* kAdminLogin = "fuzz.admin";
const char* kAdminPassword = "Fuzz-admin-2026";

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "fuzz environment: %s\n", what.c_str());
  std::abort();
}

template <typename T>
T must(core::Result<T> r, const char* what) {
  if (!r) die(std::string(what) + ": " + r.error().message_en);
  return std::move(*r);
}

void must(core::Result<void> r, const char* what) {
  if (!r) die(std::string(what) + ": " + r.error().message_en);
}

std::unique_ptr<db::Database> open_db(const fs::path& file, db::OpenMode mode) {
  auto url = must(db::parse_database_url("sqlite:" + file.string()), "database URL");
  db::PoolOptions o;
  o.mode = mode;
  o.max_connections = 4;
  return must(db::open_database(url, o), "open database");
}

fs::path scratch_root() {
  // tmpfs when there is one: SQLite's fsyncs cost nothing there.
  std::error_code ec;
  if (fs::is_directory("/dev/shm", ec) && ::access("/dev/shm", W_OK) == 0) return "/dev/shm";
  return fs::temp_directory_path();
}

}  // namespace

http::Request request_from_text(std::string_view text) {
  http::Request r;
  auto line_end = text.find('\n');
  std::string_view first = text.substr(0, line_end);
  text = line_end == std::string_view::npos ? std::string_view{} : text.substr(line_end + 1);
  auto sp = first.find(' ');
  r.method = std::string(first.substr(0, sp));
  r.target = sp == std::string_view::npos ? std::string() : std::string(first.substr(sp + 1));
  while (!text.empty()) {
    line_end = text.find('\n');
    std::string_view line = text.substr(0, line_end);
    text = line_end == std::string_view::npos ? std::string_view{} : text.substr(line_end + 1);
    if (line.empty()) break;
    auto colon = line.find(':');
    std::string_view name = line.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    r.headers.emplace_back(std::string(name), std::string(value));
  }
  r.body = std::string(text);
  return r;
}

bool parsable_by_beast(const http::Request& r) {
  const auto token = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) ||
             std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    });
  };
  const auto control = [](char c) { return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F; };
  if (!token(r.method) || r.target.empty()) return false;
  if (std::any_of(r.target.begin(), r.target.end(),
                  [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F; })) {
    return false;
  }
  for (const auto& [name, value] : r.headers) {
    if (!token(name) || std::any_of(value.begin(), value.end(), control)) return false;
  }
  return true;
}

struct ApiEnv::State {
  std::unique_ptr<db::Database> database;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<services::ServiceSet> services;
  std::unique_ptr<http::ApiServices> api;
  http::Router router;
  std::string cookie;
  std::string csrf;
  services::Principal admin;
};

ApiEnv& ApiEnv::instance() {
  static ApiEnv env;
  return env;
}

ApiEnv::ApiEnv() {
  core::Log::set_level(core::LogLevel::Off);
  std::string pattern = (scratch_root() / "tienbo-fuzz-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) die("mkdtemp failed");
  dir_ = pattern;
  template_db_ = dir_ / "template.db";
  work_db_ = dir_ / "work.db";
  // scripts/fuzz.sh names a template shared by the targets of one build (keyed by the sources
  // that shape it), so only the first target of a run spends seconds loading the package.
  const char* shared = std::getenv("TIENBO_FUZZ_TEMPLATE");
  std::error_code ec;
  if (shared != nullptr && *shared != '\0' && fs::exists(shared, ec)) {
    fs::copy_file(shared, template_db_, fs::copy_options::overwrite_existing);
    open();
    return;
  }
  {
    auto database = open_db(template_db_, db::OpenMode::CreateIfMissing);
    {
      auto conn = must(database->acquire(), "connection");
      must(
          db::migrate(*conn, must(db::select_migrations(db::embedded_migrations(), db::Backend::Sqlite), "migrations")),
          "migrate");
    }
    auto st = store::make_sql_store(*database);
    services::SetupService setup(*st);
    must(setup.load_package("vn-gender-equality", kSetup), "load package");
    must(setup.load_demo(kSetup), "load demo");
    services::UserService users(*st, auth::PasswordHashOptions{1, 1024, 1});
    must(users.add_user({kAdminLogin, "Fuzz admin", "", "administrator", "VN", kAdminPassword, false}, kSetup),
         "add admin");
  }
  if (shared != nullptr && *shared != '\0') {
    const std::string partial = std::string(shared) + ".partial-" + std::to_string(::getpid());
    fs::copy_file(template_db_, partial, fs::copy_options::overwrite_existing, ec);
    if (!ec) fs::rename(partial, shared, ec);
  }
  open();
}

ApiEnv::~ApiEnv() {
  state_.reset();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void ApiEnv::open() {
  state_.reset();
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(work_db_.string() + suffix, ec);
  fs::copy_file(template_db_, work_db_, fs::copy_options::overwrite_existing);
  auto s = std::make_unique<State>();
  s->database = open_db(work_db_, db::OpenMode::MustExist);
  s->store = store::make_sql_store(*s->database);
  services::ServiceOptions options;
  options.hashing = auth::PasswordHashOptions{1, 1024, 1};
  s->services = std::make_unique<services::ServiceSet>(*s->store, options);
  must(s->services->analytics.rebuild(), "analytics snapshot");
  s->api = std::make_unique<http::ApiServices>(http::api_services(*s->services));
  http::register_routes(s->router, *s->api, std::nullopt);
  auto signed_in =
      must(s->services->sessions.sign_in(kAdminLogin, kAdminPassword, "127.0.0.1", "fuzz", "fuzz"), "sign in");
  s->cookie = "tienbo_session=" + signed_in.token;
  s->csrf = signed_in.csrf_token;
  s->admin = signed_in.principal;
  state_ = std::move(s);
}

services::ServiceSet& ApiEnv::services() { return *state_->services; }

const services::Principal& ApiEnv::admin() const { return state_->admin; }

void ApiEnv::next_input() {
  if (++inputs_ % kResetEvery == 0) open();
}

http::Response ApiEnv::handle(http::Request req) {
  using core::ErrorCode;
  State& s = *state_;
  if (req.header("Cookie").empty()) {
    req.headers.emplace_back("Cookie", s.cookie);
    req.headers.emplace_back("X-CSRF-Token", s.csrf);
  }
  req.request_id = "fuzz";
  req.remote = "127.0.0.1";
  if (!http::split_target(req.target, req.path, req.query)) {
    return http::problem_response(
        core::make_error(ErrorCode::BadRequest, "đường dẫn yêu cầu không hợp lệ", "malformed request target"),
        req.target, req.request_id);
  }
  // As http/server.cpp's Session::dispatch.
  http::RouteMatch m = s.router.match(req);
  if (m.route == nullptr) {
    if (m.path_matched) {
      std::string allow;
      for (const auto& a : m.allowed) allow += (allow.empty() ? "" : ", ") + a;
      return http::problem_response(core::make_error(ErrorCode::MethodNotAllowed, "phương thức không dùng được",
                                                     "method " + req.method + " is not allowed; allowed: " + allow),
                                    req);
    }
    return http::problem_response(
        core::make_error(ErrorCode::NotFound, "không có tài nguyên", "there is no resource at " + req.path), req);
  }
  try {
    return m.route->handler(req);
  } catch (const std::exception& e) {
    // The server turns this into a 500; for the fuzzer an escaped exception is a bug to see.
    std::fprintf(stderr, "handler exception on %s %s: %s\n", req.method.c_str(), req.target.c_str(), e.what());
    std::abort();
  }
}

}  // namespace tienbo::fuzz
