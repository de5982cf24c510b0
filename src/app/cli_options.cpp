// The command line's subcommands and their options.
#include "cli_options.hpp"

namespace tienbo::app::cli {

namespace {

void add_mail_options(CLI::App* cmd, MailArgs& m, bool public_url) {
  cmd->add_option("--smtp-url", m.smtp_url,
                  "mail relay for e-mail of notifications: smtp://HOST[:PORT], smtp://HOST:587?starttls or "
                  "smtps://HOST[:465] (env TIENBO_SMTP_URL; default: no e-mail)")
      ->envname("TIENBO_SMTP_URL");
  cmd->add_option("--mail-from", m.mail_from,
                  "sender of e-mail, e.g. \"Ban VSTBPN <noreply@example.vn>\" (env TIENBO_MAIL_FROM)")
      ->envname("TIENBO_MAIL_FROM");
  if (public_url) {
    cmd->add_option("--public-url", m.public_url,
                    "address of the web app, for links in e-mail, e.g. https://tienbo.example.vn (env "
                    "TIENBO_PUBLIC_URL)")
        ->envname("TIENBO_PUBLIC_URL");
  }
}

// version, init (a new or upgraded database with its package) and migrate.
void add_setup_commands(CLI::App& app, CommandLine& cl) {
  auto* version = app.add_subcommand("version", "In phiên bản / print the version");

  auto* init = app.add_subcommand(
      "init", "Tạo hoặc nâng cấp cơ sở dữ liệu và nạp gói dữ liệu / create or upgrade a database and load a package");
  init->add_option("--db", cl.url, "sqlite:PATH | postgresql://user@host:port/dbname (env TIENBO_DB)");
  init->add_option("--package", cl.package,
                   "metadata package to load: vn-gender-equality or a directory of package JSON files")
      ->capture_default_str();
  init->add_flag("--demo", cl.demo, "also create demo data and the demo user");

  auto* migrate = app.add_subcommand("migrate", "Áp dụng migration còn thiếu / apply pending schema migrations");
  migrate->add_option("--db", cl.url, "database URL (env TIENBO_DB)");
  migrate->add_flag("--status", cl.status_only, "list applied and pending migrations only");
  cl.version = version;
  cl.init = init;
  cl.migrate = migrate;
}

// serve and the web server's options.
void add_serve_command(CLI::App& app, CommandLine& cl) {
  auto* serve = app.add_subcommand("serve", "Chạy máy chủ web và API / serve the web app and the API");
  serve->add_option("--db", cl.url, "database URL (env TIENBO_DB)");
  serve->add_option("--listen", cl.serve_args.listen, "HOST:PORT (port 0 picks a free one)")->capture_default_str();
  serve->add_option("--web-root", cl.serve_args.web_root, "directory of the built web app (default: web/dist)");
  serve->add_option("--io-threads", cl.serve_args.io_threads, "I/O threads (0 = one per core)")->capture_default_str();
  serve->add_option("--workers", cl.serve_args.workers, "threads for database work")
      ->capture_default_str()
      ->check(CLI::Range(1u, 256u));
  serve->add_option("--body-limit", cl.serve_args.body_limit, "largest request body in bytes (413 above)")
      ->capture_default_str();
  serve->add_option("--request-timeout", cl.serve_args.request_timeout, "seconds to read one request / idle keep-alive")
      ->capture_default_str();
  serve->add_option("--shutdown-grace", cl.serve_args.shutdown_grace, "seconds in-flight requests get on SIGTERM")
      ->capture_default_str();
  serve->add_option("--access-log", cl.serve_args.access_log, "stderr | off | FILE")->capture_default_str();
  serve->add_flag("--secure-cookies", cl.serve_args.secure_cookies,
                  "mark the session cookie Secure (serving behind TLS)");
  serve->add_option("--session-idle-minutes", cl.serve_args.session_idle_minutes, "sign out after this much inactivity")
      ->capture_default_str();
  serve
      ->add_option("--signin-lockout-seconds", cl.serve_args.signin_lockout_seconds,
                   "wait for one more try once a login has spent its 5 wrong passwords")
      ->capture_default_str();
  serve
      ->add_option(
          "--session-cache-ms", cl.serve_args.session_cache_ms,
          "how long a signed-in session read from the database is trusted in memory without hearing of a change "
          "(0 = read it on every request)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3600000.0));
  serve
      ->add_option("--report-cache-ms", cl.serve_args.report_cache_ms,
                   "how long a rendered report is kept in memory at most; every write of it, here or on another "
                   "instance on the same PostgreSQL, ends it at once (0 = read reports from the database every time)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3600000.0));
  serve
      ->add_option("--evidence-quota-mb", cl.serve_args.evidence_quota_mb,
                   "evidence files all reports of one unit may hold together, in MB (0 = no quota)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e7));
  serve->add_option("--trusted-proxy", cl.serve_args.trusted_proxy,
                    "CIDR[,CIDR]: reverse proxies whose X-Forwarded-For (the client's address) and X-Forwarded-Proto "
                    "(https: a Secure cookie) are believed (default: none)");
  serve->add_option("--metrics-token-file", cl.serve_args.metrics_token_file,
                    "file holding a bearer token that lets other hosts read /metrics (default: loopback only)");
  add_mail_options(serve, cl.serve_args.mail, true);
  cl.serve = serve;
}

// user add, units import.
void add_user_and_unit_commands(CLI::App& app, CommandLine& cl) {
  auto* user = app.add_subcommand("user", "Quản lý người dùng / manage users");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand(
      "add", "Thêm người dùng; mật khẩu đọc từ đầu vào chuẩn / add a user; password read from standard input");
  user_add->add_option("--db", cl.url, "database URL (env TIENBO_DB)");
  user_add->add_option("--login", cl.add_cmd.login, "login name")->required();
  user_add->add_option("--role", cl.add_cmd.role, "administrator | manager | editor | approver | viewer")->required();
  user_add->add_option("--unit", cl.add_cmd.unit_code, "unit code (scope of the role), e.g. VN")->required();
  user_add->add_option("--name", cl.add_cmd.display_name, "display name");
  user_add->add_option("--email", cl.add_cmd.email, "e-mail address");

  auto* units_cmd = app.add_subcommand("units", "Quản lý đơn vị / manage units");
  units_cmd->require_subcommand(1);
  auto* units_import = units_cmd->add_subcommand(
      "import", "Nhập đơn vị từ CSV hoặc bộ dữ liệu có sẵn / import units from CSV or a bundled dataset");
  units_import->add_option("--db", cl.url, "database URL (env TIENBO_DB)");
  units_import->add_option("--dataset", cl.units_dataset,
                           "bundled dataset: vn-admin-units (34 provinces, 3,321 communes, 2025 lineage)");
  units_import->add_option(
      "file", cl.units_file,
      "CSV: code,name_vi,name_en,unit_type,category,parent_code,valid_from,valid_to,hierarchy,location_code");
  cl.user_add = user_add;
  cl.units_import = units_import;
}

// reminders send, mail send-pending and mail test.
void add_reminder_and_mail_commands(CLI::App& app, CommandLine& cl) {
  auto* reminders_cmd = app.add_subcommand("reminders", "Nhắc hạn nộp báo cáo / report reminders");
  reminders_cmd->require_subcommand(1);
  auto* reminders_send =
      reminders_cmd->add_subcommand("send", "Gửi các nhắc nhở đến hạn / send the reminders due (serve does it hourly)");
  reminders_send->add_option("--db", cl.url, "database URL (env TIENBO_DB)");
  reminders_send->add_option("--today", cl.reminders_today,
                             "the day to act as (YYYY-MM-DD; default today in Viet Nam)");
  add_mail_options(reminders_send, cl.mail_args, true);

  auto* mail_cmd = app.add_subcommand("mail", "Thư điện tử / e-mail of notifications");
  mail_cmd->require_subcommand(1);
  auto* mail_send = mail_cmd->add_subcommand(
      "send-pending", "Gửi các thư đến lượt trong hàng đợi / send the outbox's messages that are due");
  mail_send->add_option("--db", cl.url, "database URL (env TIENBO_DB)");
  add_mail_options(mail_send, cl.mail_args, false);
  auto* mail_test =
      mail_cmd->add_subcommand("test", "Gửi một thư thử / send a test message (checks --smtp-url and --mail-from)");
  mail_test->add_option("--to", cl.mail_to, "recipient address")->required();
  add_mail_options(mail_test, cl.mail_args, false);
  cl.reminders_send = reminders_send;
  cl.mail_send = mail_send;
  cl.mail_test = mail_test;
}

// demo generate, audit verify.
void add_demo_and_audit_commands(CLI::App& app, CommandLine& cl) {
  auto* demo_cmd = app.add_subcommand("demo", "Dữ liệu demo / demo data");
  demo_cmd->require_subcommand(1);
  auto* demo_generate = demo_cmd->add_subcommand(
      "generate",
      "Tạo báo cáo 2021–2026 với số liệu hợp lý / generate 2021-2026 reports with plausible values (deterministic)");
  demo_generate->add_option("--db", cl.url, "database URL (env TIENBO_DB); run tienbo init first");
  demo_generate->add_option("--scale", cl.demo_scale, "province (Hà Nội) or national (34 provinces, 3,321 communes)")
      ->capture_default_str();
  demo_generate->add_option("--seed", cl.demo_seed, "random seed")->capture_default_str();
  demo_generate->add_option("--from", cl.demo_from, "first year (2021 = the Strategy; earlier adds history)")
      ->capture_default_str();

  auto* audit_cmd = app.add_subcommand("audit", "Nhật ký thay đổi / audit log");
  audit_cmd->require_subcommand(1);
  auto* audit_verify =
      audit_cmd->add_subcommand("verify", "Kiểm tra chuỗi băm của nhật ký / verify the audit hash chain");
  audit_verify->add_option("--db", cl.url, "database URL (env TIENBO_DB)");
  cl.demo_generate = demo_generate;
  cl.audit_verify = audit_verify;
}

}  // namespace

void add_commands(CLI::App& app, CommandLine& cl) {
  add_setup_commands(app, cl);
  add_serve_command(app, cl);
  add_user_and_unit_commands(app, cl);
  add_reminder_and_mail_commands(app, cl);
  add_demo_and_audit_commands(app, cl);
}

}  // namespace tienbo::app::cli
