// `tienbo serve`: the arguments checked and turned into options, the Application assembled over
// the database, the analytics cube built before the first request, then the server run with the
// work beside it (reminders every hour; the e-mail outbox every 15 s with --smtp-url; on PostgreSQL,
// other instances' changes heard).
#include "tienbo/app/application.hpp"

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "tienbo/core/date.hpp"
#include "tienbo/core/log.hpp"
#include "tienbo/core/version.hpp"
#include "tienbo/http/metrics.hpp"

namespace tienbo::app {

using core::ErrorCode;
using core::Log;
using core::LogLevel;
using core::Unexpected;

namespace {

bool parse_listen(const std::string& listen, std::string& host, unsigned short& port) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  try {
    std::size_t used = 0;
    int p = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1 || p < 0 || p > 65535) return false;
    port = static_cast<unsigned short>(p);
  } catch (...) {
    return false;
  }
  return true;
}

void raise_open_file_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
}

//! SQLite's single writer for /metrics: write transactions, how long they waited for the lock and
//! held it (a histogram), from db::write_lock_stats().
void collect_write_lock(std::string& out) {
  using http::metric_header;
  using http::metric_sample;
  const auto st = db::write_lock_stats();
  metric_header(out, "tienbo_db_write_lock_wait_seconds_total", "counter",
                "Seconds SQLite write transactions of this process waited for the write lock, in all.");
  metric_sample(out, "tienbo_db_write_lock_wait_seconds_total", "", st.waited_seconds);
  metric_header(out, "tienbo_db_write_lock_held_seconds", "histogram",
                "How long each SQLite write transaction of this process held the write lock (one writer at a time).");
  for (std::size_t i = 0; i < st.held_at_most.size(); ++i) {
    std::ostringstream le;
    le << "le=\"" << db::kWriteHoldBuckets[i] << "\"";
    metric_sample(out, "tienbo_db_write_lock_held_seconds_bucket", le.str(), static_cast<double>(st.held_at_most[i]));
  }
  metric_sample(out, "tienbo_db_write_lock_held_seconds_bucket", "le=\"+Inf\"", static_cast<double>(st.transactions));
  metric_sample(out, "tienbo_db_write_lock_held_seconds_sum", "", st.held_seconds);
  metric_sample(out, "tienbo_db_write_lock_held_seconds_count", "", static_cast<double>(st.transactions));
  metric_header(out, "tienbo_db_wal_flushes_total", "counter",
                "fdatasync calls that made committed SQLite writes durable (commits ending together share one).");
  metric_sample(out, "tienbo_db_wal_flushes_total", "", static_cast<double>(st.wal_flushes));
}

//! The bearer token for /metrics from its file (first line, surrounding blanks dropped).
core::Result<std::string> read_metrics_token(const std::string& file) {
  std::ifstream in(file);
  std::string token;
  if (in) std::getline(in, token);
  while (!token.empty() && (token.back() == '\r' || token.back() == ' ' || token.back() == '\t')) token.pop_back();
  while (!token.empty() && (token.front() == ' ' || token.front() == '\t')) token.erase(0, 1);
  if (!in || token.size() < 16) {
    return core::fail(ErrorCode::InvalidConfig,
                      "--metrics-token-file: không đọc được " + file + " hoặc mã trong đó ngắn hơn 16 ký tự",
                      "--metrics-token-file: cannot read " + file + " or its token is shorter than 16 characters",
                      "metrics-token-file");
  }
  return token;
}

std::optional<std::filesystem::path> find_web_root(const std::string& given, const char* argv0) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!given.empty()) return fs::path(given);
  if (const char* env = std::getenv("TIENBO_WEB_ROOT")) return fs::path(env);
  for (const fs::path& candidate :
       {fs::path("web/dist"), fs::weakly_canonical(fs::path(argv0), ec).parent_path() / "../web/dist",
        fs::weakly_canonical(fs::path(argv0), ec).parent_path() / "../../web/dist"}) {
    if (fs::is_regular_file(candidate / "index.html", ec)) return fs::weakly_canonical(candidate, ec);
  }
  return fs::path("web/dist");
}

//! The access log's file when --access-log names one: the log's sink while it is open.
class LogFile {
 public:
  LogFile() = default;
  LogFile(const LogFile&) = delete;
  LogFile& operator=(const LogFile&) = delete;
  ~LogFile() { close(); }
  core::Result<void> open(const std::string& path) {
    file_ = std::fopen(path.c_str(), "a");
    if (file_ == nullptr) {
      return core::fail(ErrorCode::InvalidConfig, "không mở được tệp nhật ký " + path, "cannot open log file " + path,
                        "access-log");
    }
    Log::set_sink(file_);
    return {};
  }
  void flush() {
    if (file_ != nullptr) std::fflush(file_);
  }
  void close() {
    if (file_ == nullptr) return;
    Log::set_sink(nullptr);
    std::fclose(file_);
    file_ = nullptr;
  }

 private:
  std::FILE* file_ = nullptr;
};

//! What the arguments of `serve` become.
struct ServeOptions {
  http::ServerOptions server;
  http::ApiOptions api;
  services::ServiceOptions services;
  MailSetup mail;
};

//! The options of `serve` from its arguments; opens the access log's file when one is named.
core::Result<ServeOptions> serve_options(const ServeArgs& a, LogFile& log_file) {
  ServeOptions o;
  if (!parse_listen(a.listen, o.server.host, o.server.port)) {
    return core::fail(ErrorCode::InvalidConfig,
                      "--listen \"" + a.listen + "\" không hợp lệ; dùng MÁY:CỔNG, ví dụ 127.0.0.1:8080",
                      "--listen \"" + a.listen + "\" is not valid; use HOST:PORT, e.g. 127.0.0.1:8080", "listen");
  }
  if (a.access_log == "off") {
    o.server.access_log = false;
  } else if (a.access_log != "stderr") {
    TIENBO_TRY(log_file.open(a.access_log));
  }
  o.server.io_threads = a.io_threads;
  o.server.worker_threads = a.workers;
  o.server.body_limit = a.body_limit;
  o.server.shutdown_grace = std::chrono::milliseconds(static_cast<long long>(a.shutdown_grace * 1000));
  o.server.request_timeout = std::chrono::milliseconds(static_cast<long long>(a.request_timeout * 1000));
  auto trusted = http::parse_cidr_list(a.trusted_proxy);
  if (!trusted) return Unexpected{std::move(trusted).error()};
  o.server.trusted_proxies = std::move(*trusted);
  o.server.metrics = std::make_shared<http::Metrics>();
  o.api = http::ApiOptions{a.secure_cookies, o.server.metrics, {}};
  if (!a.metrics_token_file.empty()) {
    auto token = read_metrics_token(a.metrics_token_file);
    if (!token) return Unexpected{std::move(token).error()};
    o.api.metrics_access.bearer_token = std::move(*token);
  }
  o.api.report_cache_ttl = std::chrono::milliseconds(static_cast<long long>(a.report_cache_ms));
  o.services.sessions.idle_timeout = std::chrono::seconds(static_cast<long long>(a.session_idle_minutes * 60));
  o.services.sessions.lockout = std::chrono::seconds(static_cast<long long>(a.signin_lockout_seconds));
  o.services.sessions.cache_ttl = std::chrono::milliseconds(static_cast<long long>(a.session_cache_ms));
  o.services.evidence_quota_bytes = static_cast<std::int64_t>(a.evidence_quota_mb * 1024 * 1024);
  auto mail = mail_setup(a.mail);
  if (!mail) return Unexpected{std::move(mail).error()};
  o.mail = std::move(*mail);
  o.services.mail = o.mail.options;
  return o;
}

//! The outbox's counts as the sender last read them, for /metrics (read without the database).
struct MailGauges {
  std::atomic<std::int64_t> pending{0};
  std::atomic<std::int64_t> sent{0};
  std::atomic<std::int64_t> failed{0};
  void collect(std::string& out) const {
    using http::metric_header;
    using http::metric_sample;
    metric_header(out, "tienbo_mail_outbox_messages", "gauge",
                  "E-mail of notifications in the outbox by state (pending: to be sent or retried; failed: given up).");
    metric_sample(out, "tienbo_mail_outbox_messages", "state=\"pending\"", static_cast<double>(pending.load()));
    metric_sample(out, "tienbo_mail_outbox_messages", "state=\"sent\"", static_cast<double>(sent.load()));
    metric_sample(out, "tienbo_mail_outbox_messages", "state=\"failed\"", static_cast<double>(failed.load()));
  }
};

// Several instances on one PostgreSQL hear each other's committed changes (LISTEN/NOTIFY).
constexpr std::string_view kChannels[] = {services::kValuesChannel, services::kChangesChannel, store::kReportsChannel};

//! The work `serve` does beside answering requests, each on a thread of its own until destroyed:
//! the reminders of reports due (at start and then every hour), and on PostgreSQL the LISTEN
//! connection — other instances' values go to the cube, their other changes to the feed (which
//! invalidates and schedules a new analytics snapshot on its builder thread); after a lost
//! connection anything may have changed meanwhile, so everything is refreshed.
class Background {
 public:
  Background(Application& app, std::unique_ptr<db::NotificationListener> first_listener, bool postgres,
             std::unique_ptr<services::MailTransport> mail, std::shared_ptr<MailGauges> gauges)
      : app_(app),
        first_listener_(std::move(first_listener)),
        listening_(postgres),
        mail_(std::move(mail)),
        gauges_(std::move(gauges)) {
    reminders_ = std::thread([this] { send_reminders(); });
    listener_ = std::thread([this] { listen(); });
    if (mail_) mailer_ = std::thread([this] { send_mail(); });
  }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
  ~Background() {
    listening_ = false;
    mail_stop_ = true;  // the sender ends after the message it is sending
    listener_.join();
    {
      std::lock_guard lock(reminder_mutex_);
      stopping_ = true;
    }
    reminder_cv_.notify_all();
    reminders_.join();
    if (mailer_.joinable()) mailer_.join();
  }

 private:
  void send_reminders() {
    std::unique_lock lock(reminder_mutex_);
    while (!stopping_) {
      lock.unlock();
      auto sent = app_.services().notifications.send_due_reminders(core::today_in_vietnam());
      if (!sent) {
        Log::write(LogLevel::Warn, "reminders.failed", {{"error", std::string_view(sent.error().message_en)}});
      } else if (*sent > 0) {
        Log::write(LogLevel::Info, "reminders.sent", {{"count", *sent}});
      }
      lock.lock();
      reminder_cv_.wait_for(lock, std::chrono::hours(1), [&] { return stopping_; });
    }
  }

  //! The outbox every 15 s, on this thread only: a slow or absent relay never holds a request.
  void send_mail() {
    std::unique_lock lock(reminder_mutex_);
    while (!stopping_) {
      lock.unlock();
      auto run = app_.services().mail.send_pending(*mail_, std::chrono::system_clock::now(), 100, &mail_stop_);
      if (!run) {
        Log::write(LogLevel::Warn, "mail.failed", {{"error", std::string_view(run.error().message_en)}});
      } else if (run->sent + run->retrying + run->gave_up > 0) {
        Log::write(LogLevel::Info, "mail.sent",
                   {{"sent", run->sent}, {"retrying", run->retrying}, {"gaveUp", run->gave_up}});
      }
      if (auto counts = app_.services().mail.counts()) {
        gauges_->pending = counts->pending;
        gauges_->sent = counts->sent;
        gauges_->failed = counts->failed;
      }
      lock.lock();
      reminder_cv_.wait_for(lock, std::chrono::seconds(15), [&] { return stopping_; });
    }
  }

  void listen() {
    auto& services = app_.services();
    bool missed = first_listener_ == nullptr;
    bool announced = false;
    std::unique_ptr<db::NotificationListener> l = std::move(first_listener_);
    while (listening_) {
      if (!l) {
        auto opened = db::listen_notifications(app_.database().url(), kChannels);
        if (!opened) {
          Log::write(LogLevel::Warn, "analytics.listen_failed",
                     {{"error", std::string_view(opened.error().message_en)}});
          for (int i = 0; i < 20 && listening_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
          missed = true;
          continue;
        }
        l = std::move(*opened);
      }
      if (missed) {
        services.changes.publish(services::change::kEverything);
        app_.store().report_data_notification("listener|*");  // whatever was missed: every kept report is out of date
        missed = false;
      }
      Log::write(LogLevel::Info, "analytics.listening", {{"channel", services::kValuesChannel}});
      if (!announced) {
        std::cout << "  phân tích đồng bộ với các máy chủ khác qua PostgreSQL / analytics in sync with other instances "
                     "(LISTEN "
                  << services::kValuesChannel << ", " << services::kChangesChannel << ")\n"
                  << std::flush;
        announced = true;
      }
      while (listening_) {
        auto heard = l->wait(std::chrono::milliseconds(200));
        if (!heard) {
          missed = true;
          l.reset();
          break;
        }
        for (const auto& n : *heard) {
          if (n.channel == services::kChangesChannel)
            services.changes.apply_notification(n.payload);
          else if (n.channel == store::kReportsChannel)
            app_.store().report_data_notification(n.payload);
          else
            services.analytics.apply_notification(n.payload);
        }
      }
    }
  }

  Application& app_;
  std::unique_ptr<db::NotificationListener> first_listener_;
  std::atomic<bool> listening_;
  std::thread listener_;
  std::mutex reminder_mutex_;
  std::condition_variable reminder_cv_;
  bool stopping_ = false;
  std::thread reminders_;
  std::unique_ptr<services::MailTransport> mail_;
  std::shared_ptr<MailGauges> gauges_;
  std::atomic<bool> mail_stop_{false};
  std::thread mailer_;
};

}  // namespace

core::Result<void> serve(const ServeArgs& args, const char* argv0, const services::Progress& progress) {
  LogFile log_file;
  auto options = serve_options(args, log_file);
  if (!options) return Unexpected{std::move(options).error()};
  auto opened = open_current_database(args.url, args.workers);
  if (!opened) return Unexpected{std::move(opened).error()};
  raise_open_file_limit();
  const bool postgres = opened->database->url().backend == db::Backend::Postgres;
  if (opened->database->url().backend == db::Backend::Sqlite)
    options->server.metrics->add_collector(collect_write_lock);
  std::unique_ptr<services::MailTransport> mail_transport;
  auto mail_gauges = std::make_shared<MailGauges>();
  if (options->mail.options.enabled) {
    mail_transport = make_smtp_transport(options->mail);
    options->server.metrics->add_collector([mail_gauges](std::string& out) { mail_gauges->collect(out); });
  }
  Application app(std::move(opened->database), options->services);
  // The first connection listens before the cube is built, so nothing committed meanwhile is missed.
  std::unique_ptr<db::NotificationListener> first_listener;
  if (postgres) {
    if (auto l = db::listen_notifications(app.database().url(), kChannels)) {
      first_listener = std::move(*l);
    } else {
      Log::write(LogLevel::Warn, "analytics.listen_failed", {{"error", std::string_view(l.error().message_en)}});
    }
  }
  // The cube is built before the first request, with progress on the console.
  auto built = app.services().analytics.rebuild(progress);
  if (!built) return Unexpected{std::move(built).error()};
  std::cout << "  phân tích / analytics: " << built->values << " giá trị / values, " << built->units
            << " đơn vị / units, " << built->build_seconds << " s\n";
  const auto web_root = find_web_root(args.web_root, argv0);
  TIENBO_TRY(app.serve_http(options->server, options->api, web_root));
  const auto& host = options->server.host;
  const std::string url = "http://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
                          std::to_string(app.server().port());
  const std::string& database = app.database().url().display;
  Log::write(LogLevel::Info, "server.start",
             {{"url", std::string_view(url)},
              {"database", std::string_view(database)},
              {"webRoot", std::string_view(web_root ? web_root->string() : "")}});
  std::cout << "tienbo " << core::program_version() << " đang chạy tại / listening on " << url
            << "  (cơ sở dữ liệu / database: " << database << "; Ctrl+C để dừng / to stop)\n"
            << std::flush;
  {
    if (mail_transport) {
      std::cout << "  thư điện tử qua / e-mail through " << options->mail.smtp.url << " từ / from "
                << options->mail.from.address << "\n"
                << std::flush;
    }
    Background background(app, std::move(first_listener), postgres, std::move(mail_transport), mail_gauges);
    app.server().run();
  }
  std::cout << "tienbo đã dừng / stopped.\n" << std::flush;
  Log::flush();
  if (app.server().handlers_running() > 0) {
    // A request overran --shutdown-grace (its client was answered 503): end now rather than wait
    // for it. Its transaction is rolled back by the database, as after any crash.
    log_file.flush();
    std::_Exit(0);
  }
  log_file.close();
  return {};
}

}  // namespace tienbo::app
