// tienbo: the command line. Each subcommand parses its arguments and calls the composition root
// (tienbo/app/application.hpp), which names the concrete implementations (SQL store, Beast server).

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "cli_options.hpp"
#include "tienbo/app/application.hpp"
#include "tienbo/app/mail.hpp"
#include "tienbo/core/date.hpp"
#include "tienbo/core/version.hpp"
#include "tienbo/db/database.hpp"
#include "tienbo/db/migrations.hpp"
#include "tienbo/services/audit_service.hpp"
#include "tienbo/services/change_feed.hpp"
#include "tienbo/services/committee_service.hpp"
#include "tienbo/services/completeness_service.hpp"
#include "tienbo/services/demo_generator.hpp"
#include "tienbo/services/mail_service.hpp"
#include "tienbo/services/metadata_service.hpp"
#include "tienbo/services/notification_service.hpp"
#include "tienbo/services/setup_service.hpp"
#include "tienbo/services/unit_service.hpp"
#include "tienbo/services/user_service.hpp"
#include "tienbo/store/sql_store.hpp"

namespace {

using tienbo::core::Error;
using tienbo::core::ErrorCode;

// Exit codes (documented in README and `tienbo --help`).
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kExitConfig = 3;
constexpr int kExitDatabaseUnavailable = 4;
constexpr int kExitSchema = 5;

// Progress of long work on standard error: a line rewritten in place on a
// terminal, a line per quarter otherwise (logs, CI).
class ProgressPrinter {
 public:
  void operator()(std::string_view stage, std::size_t done, std::size_t total) {
    const bool tty = isatty(2) != 0;
    const int pct = total ? static_cast<int>(done * 100 / total) : 100;
    if (!tty && stage == stage_ && pct / 25 == last_quarter_ && done != total) return;
    stage_ = std::string(stage);
    last_quarter_ = pct / 25;
    std::cerr << (tty ? "\r" : "") << "  " << stage << ": " << done << "/" << total << " (" << pct << "%)"
              << (tty && done != total ? "" : "\n") << std::flush;
  }

 private:
  std::string stage_;
  int last_quarter_ = -1;
};

int exit_code_for(const Error& e) {
  switch (e.code) {
    case ErrorCode::InvalidDatabaseUrl:
    case ErrorCode::InvalidConfig:
      return kExitConfig;
    case ErrorCode::DatabaseUnavailable:
      return kExitDatabaseUnavailable;
    case ErrorCode::SchemaTooNew:
    case ErrorCode::SchemaOutdated:
    case ErrorCode::MigrationChanged:
    case ErrorCode::MigrationFailed:
      return kExitSchema;
    case ErrorCode::InvalidValue:
    case ErrorCode::Conflict:
      return kExitUsage;
    default:
      return kExitFailure;
  }
}

// One line on standard error, Vietnamese first, then English.
int report(const Error& e) {
  std::cerr << "tienbo: lỗi: " << e.message_vi;
  if (!e.message_en.empty()) std::cerr << " | error: " << e.message_en;
  std::cerr << "\n";
  return exit_code_for(e);
}

std::string default_db_url() {
  const char* env = std::getenv("TIENBO_DB");
  return env ? env : "";
}

tienbo::services::Actor cli_actor() {
  const char* user = std::getenv("USER");
  return {std::string("cli:") + (user ? user : "unknown"), "cli"};
}

using OpenedDb = tienbo::app::OpenedDatabase;
using tienbo::app::open_current_database;
using tienbo::app::open_database;

tienbo::core::Result<std::vector<std::string>> run_migrations(OpenedDb& db) {
  auto conn = db.database->acquire();
  if (!conn) return tienbo::core::Unexpected{std::move(conn).error()};
  return tienbo::db::migrate(**conn, db.migrations, [](const tienbo::db::Migration& m, std::size_t i, std::size_t n) {
    std::cout << "  [" << (i + 1) << "/" << n << "] " << m.file << "\n" << std::flush;
  });
}

int cmd_migrate(const std::string& url, bool status_only) {
  auto db = open_database(url, tienbo::db::OpenMode::MustExist, 1);
  if (!db) return report(db.error());
  if (status_only) {
    auto conn = db->database->acquire();
    if (!conn) return report(conn.error());
    auto status = tienbo::db::migration_status(**conn, db->migrations);
    if (!status) return report(status.error());
    for (const auto& a : status->applied)
      std::cout << "đã áp dụng / applied  " << a.version << "  " << a.name << "  " << a.applied_at << "\n";
    for (const auto& p : status->pending) std::cout << "chờ áp dụng / pending  " << p.version << "  " << p.name << "\n";
    return kExitOk;
  }
  std::cout << "Áp dụng migration cho / migrating " << db->database->url().display << "\n";
  auto done = run_migrations(*db);
  if (!done) return report(done.error());
  std::cout << (done->empty() ? "Lược đồ đã mới nhất / schema already current"
                              : "Đã áp dụng / applied " + std::to_string(done->size()) + " migration")
            << " (" << db->migrations.back().version << ")\n";
  return kExitOk;
}

int cmd_init(const std::string& url, const std::string& package, bool demo) {
  auto db = open_database(url, tienbo::db::OpenMode::CreateIfMissing, 2);
  if (!db) return report(db.error());
  std::cout << "Khởi tạo / initialising " << db->database->url().display << "\n";
  auto done = run_migrations(*db);
  if (!done) return report(done.error());
  auto store = tienbo::store::make_sql_store(*db->database);
  tienbo::services::SetupService setup(*store);
  tienbo::services::ChangeFeed changes;  // running servers on the same PostgreSQL hear of what init changes
  setup.set_change_feed(&changes);
  std::cout << "  gói dữ liệu / package: " << package << "\n" << std::flush;
  ProgressPrinter progress;
  auto loaded = setup.load_package(package, cli_actor(), std::ref(progress));
  if (!loaded) return report(loaded.error());
  if (loaded->created + loaded->updated == 0 && loaded->new_versions.empty()) {
    std::cout << "  gói dữ liệu không đổi / package unchanged\n";
  } else {
    std::cout << "  gói dữ liệu: thêm " << loaded->created << ", cập nhật " << loaded->updated
              << " / package: " << loaded->created << " added, " << loaded->updated << " updated\n";
    for (const auto& v : loaded->new_versions)
      std::cout << "  phiên bản biểu mẫu mới / new form version: " << v << "\n";
  }
  if (demo) {
    std::cout << "  dữ liệu demo / demo data\n";
    if (auto demo_loaded = setup.load_demo(cli_actor()); !demo_loaded) return report(demo_loaded.error());
    std::cout << "  tài khoản demo / demo accounts (mật khẩu / password: "
              << tienbo::services::demo_accounts().front().password << "):\n";
    for (const auto& a : tienbo::services::demo_accounts()) {
      std::cout << "    " << a.login << "  (" << a.role << " @ " << a.unit_code << ") — " << a.description_vi << "\n";
    }
  }
  std::cout << "Xong / done.\n";
  return kExitOk;
}

int cmd_units_import(const std::string& url, const std::string& file, const std::string& dataset) {
  auto db = open_current_database(url, 1);
  if (!db) return report(db.error());
  auto store = tienbo::store::make_sql_store(*db->database);
  tienbo::services::UnitService units(*store);
  tienbo::services::ChangeFeed changes;  // running servers on the same PostgreSQL hear of the import
  units.set_change_feed(&changes);
  ProgressPrinter progress;
  if (!dataset.empty()) {
    if (dataset != "vn-admin-units") {
      return report(tienbo::core::make_error(
          ErrorCode::InvalidValue, "không có bộ dữ liệu \"" + dataset + "\"; có: vn-admin-units",
          "there is no dataset \"" + dataset + "\"; available: vn-admin-units", "dataset"));
    }
    auto r = units.load_admin_units(cli_actor(), std::ref(progress));
    if (!r) return report(r.error());
    std::cout << (r->already_loaded ? "Đã có sẵn / already loaded"
                                    : "Đã nạp / loaded " + std::to_string(r->units) + " đơn vị / units, " +
                                          std::to_string(r->lineage_edges) + " quan hệ kế thừa / lineage edges")
              << "\n";
    return kExitOk;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return report(tienbo::core::make_error(ErrorCode::InvalidValue, "không đọc được tệp " + file,
                                           "cannot read file " + file, "file"));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto r = units.import_csv(cli_actor(), buffer.str(), std::ref(progress));
  if (!r) {
    std::cerr << "tienbo: lỗi: " << r.error().message_vi << "\n"
              << "tienbo: error: " << r.error().message_en << "\n";
    return kExitUsage;
  }
  std::cout << "Đã nhập / imported " << r->units << " đơn vị / units\n";
  return kExitOk;
}

//! Sends the outbox's messages that are due; prints what it did.
int send_outbox(tienbo::store::Store& store, const tienbo::app::MailSetup& setup) {
  tienbo::services::MailService mail(store, setup.options);
  auto transport = tienbo::app::make_smtp_transport(setup);
  auto run = mail.send_pending(*transport, std::chrono::system_clock::now(), 100000);
  if (!run) return report(run.error());
  auto counts = mail.counts();
  if (!counts) return report(counts.error());
  std::cout << "Thư / e-mail: đã gửi / sent " << run->sent << ", sẽ thử lại / to retry " << run->retrying
            << ", bỏ / gave up " << run->gave_up << " (hàng đợi / outbox: " << counts->pending << " chờ / pending, "
            << counts->failed << " lỗi / failed)\n";
  return run->retrying + run->gave_up > 0 ? kExitFailure : kExitOk;
}

int cmd_mail_send_pending(const std::string& url, const tienbo::app::MailArgs& args) {
  auto setup = tienbo::app::mail_setup(args);
  if (!setup) return report(setup.error());
  if (!setup->options.enabled) {
    return report(tienbo::core::make_error(ErrorCode::InvalidConfig, "hãy cho --smtp-url (máy chủ thư để gửi)",
                                           "give --smtp-url (the mail relay to send through)", "smtp-url"));
  }
  auto db = open_current_database(url, 1);
  if (!db) return report(db.error());
  auto store = tienbo::store::make_sql_store(*db->database);
  return send_outbox(*store, *setup);
}

int cmd_mail_test(const tienbo::app::MailArgs& args, const std::string& to) {
  auto setup = tienbo::app::mail_setup(args);
  if (!setup) return report(setup.error());
  if (!setup->options.enabled) {
    return report(tienbo::core::make_error(ErrorCode::InvalidConfig, "hãy cho --smtp-url (máy chủ thư để gửi)",
                                           "give --smtp-url (the mail relay to send through)", "smtp-url"));
  }
  tienbo::services::OutgoingMail m;
  m.to = to;
  m.subject = "Thư thử của tienbo — cấu hình thư điện tử đã dùng được";
  m.body = "Thư này xác nhận máy chủ tienbo gửi được thư điện tử qua " + setup->smtp.url +
           ".\nCác thông báo (báo cáo bị trả lại, được phê duyệt, mở lại; nhắc hạn nộp) sẽ được gửi cả bằng thư.\n\n"
           "This message confirms that tienbo can send e-mail through " +
           setup->smtp.url + ".\n";
  auto sent = tienbo::app::make_smtp_transport(*setup)->send(m);
  if (!sent) return report(sent.error());
  std::cout << "Đã gửi thư thử đến / test message sent to " << to << "\n";
  return kExitOk;
}

int cmd_reminders_send(const std::string& url, const std::string& today_arg, const tienbo::app::MailArgs& mail_args) {
  auto setup = tienbo::app::mail_setup(mail_args);
  if (!setup) return report(setup.error());
  auto db = open_database(url, tienbo::db::OpenMode::MustExist, 1);
  if (!db) return report(db.error());
  const std::string today = today_arg.empty() ? tienbo::core::today_in_vietnam() : today_arg;
  if (!tienbo::core::is_iso_date(today)) {
    return report(tienbo::core::make_error(ErrorCode::InvalidValue,
                                           "--today \"" + today + "\" không phải ngày YYYY-MM-DD",
                                           "--today \"" + today + "\" is not a YYYY-MM-DD date", "today"));
  }
  auto store = tienbo::store::make_sql_store(*db->database);
  tienbo::services::MetadataService metadata(*store);
  tienbo::services::CompletenessService completeness(*store, metadata);
  tienbo::services::NotificationService notifications(*store, completeness);
  notifications.set_mail(setup->options);
  auto sent = notifications.send_due_reminders(today);
  if (!sent) return report(sent.error());
  std::cout << "Đã gửi / sent " << *sent << " nhắc nhở / reminder(s) (" << today << ")\n";
  return setup->options.enabled ? send_outbox(*store, *setup) : kExitOk;
}

int cmd_demo_generate(const std::string& url, const std::string& scale, std::uint64_t seed, int from_year) {
  if (scale != "province" && scale != "national") {
    return report(tienbo::core::make_error(ErrorCode::InvalidValue, "--scale phải là province hoặc national",
                                           "--scale must be province or national", "scale"));
  }
  auto db = open_current_database(url, 2);
  if (!db) return report(db.error());
  auto store = tienbo::store::make_sql_store(*db->database);
  tienbo::services::MetadataService metadata(*store);
  tienbo::services::DemoGenerator generator(*store, metadata);
  tienbo::services::ChangeFeed changes;  // running servers on the same PostgreSQL re-read their cubes when it is done
  generator.set_change_feed(&changes);
  std::cout << "Tạo dữ liệu demo / generating demo data (" << scale << ", seed " << seed << ")\n" << std::flush;
  ProgressPrinter progress;
  auto r = generator.generate(
      scale == "national" ? tienbo::services::DemoScale::National : tienbo::services::DemoScale::Province, seed,
      cli_actor(), std::ref(progress), from_year);
  if (!r) return report(r.error());
  std::cout << "Xong / done: " << r->agencies << " cơ quan thành viên / member agencies, " << r->reports
            << " báo cáo / reports, " << r->values << " giá trị / values, " << r->seconds << " s\n";
  return kExitOk;
}

int cmd_audit_verify(const std::string& url) {
  auto db = open_database(url, tienbo::db::OpenMode::MustExist, 1);
  if (!db) return report(db.error());
  auto store = tienbo::store::make_sql_store(*db->database);
  tienbo::services::AuditService audit(*store);
  auto v = audit.verify([](std::int64_t n) {
    if (isatty(2)) std::cerr << "\r  đã kiểm / checked: " << n << std::flush;
  });
  if (isatty(2)) std::cerr << "\n";
  if (!v) return report(v.error());
  if (!v->ok) {
    std::cerr << "tienbo: nhật ký bị can thiệp / audit log tampered: " << v->reason_vi << " | " << v->reason_en << "\n";
    return kExitFailure;
  }
  std::cout << "Nhật ký toàn vẹn / audit log intact: " << v->entries << " mục / entries\n";
  return kExitOk;
}

int cmd_user_add(const std::string& url, tienbo::services::AddUserCommand cmd) {
  auto db = open_current_database(url, 1);
  if (!db) return report(db.error());
  if (!std::getline(std::cin, cmd.password) || cmd.password.empty()) {
    return report(tienbo::core::make_error(
        ErrorCode::InvalidValue,
        "hãy nhập mật khẩu ở đầu vào chuẩn (một dòng), ví dụ: echo 'MatKhau2026' | tienbo user add ...",
        "give the password on standard input (one line), e.g. echo 'Passw0rd2026' | tienbo user add ...", "password"));
  }
  if (!cmd.password.empty() && cmd.password.back() == '\r') cmd.password.pop_back();
  auto store = tienbo::store::make_sql_store(*db->database);
  tienbo::services::UserService users(*store);
  auto id = users.add_user(cmd, cli_actor());
  if (!id) return report(id.error());
  std::cout << "Đã tạo người dùng / created user " << cmd.login << " (" << cmd.role << " @ " << cmd.unit_code << ")\n";
  return kExitOk;
}

int cmd_serve(const tienbo::app::ServeArgs& args, const char* argv0) {
  ProgressPrinter progress;  // the analytics cube's build, before the first request
  auto served = tienbo::app::serve(args, argv0, std::ref(progress));
  return served ? kExitOk : report(served.error());
}

// The subcommand the command line names, run; its exit code.
int run_command(tienbo::app::cli::CommandLine& cl, const char* argv0) {
  if (*cl.version) {
    std::cout << "tienbo " << tienbo::core::program_version() << "\n";
    return kExitOk;
  }
  if (*cl.init) return cmd_init(cl.url, cl.package, cl.demo);
  if (*cl.migrate) return cmd_migrate(cl.url, cl.status_only);
  if (*cl.serve) {
    cl.serve_args.url = cl.url;
    return cmd_serve(cl.serve_args, argv0);
  }
  if (*cl.user_add) return cmd_user_add(cl.url, cl.add_cmd);
  if (*cl.units_import) {
    if (cl.units_file.empty() == cl.units_dataset.empty()) {
      return report(tienbo::core::make_error(ErrorCode::InvalidValue,
                                             "hãy cho một tệp CSV hoặc --dataset vn-admin-units",
                                             "give either a CSV file or --dataset vn-admin-units", "file"));
    }
    return cmd_units_import(cl.url, cl.units_file, cl.units_dataset);
  }
  if (*cl.audit_verify) return cmd_audit_verify(cl.url);
  if (*cl.reminders_send) return cmd_reminders_send(cl.url, cl.reminders_today, cl.mail_args);
  if (*cl.mail_send) return cmd_mail_send_pending(cl.url, cl.mail_args);
  if (*cl.mail_test) return cmd_mail_test(cl.mail_args, cl.mail_to);
  if (*cl.demo_generate) return cmd_demo_generate(cl.url, cl.demo_scale, cl.demo_seed, cl.demo_from);
  return kExitUsage;
}

int run(int argc, char** argv) {
  CLI::App app{
      "tienbo — hệ thống thông tin về bình đẳng giới và vì sự tiến bộ của phụ nữ\n"
      "tienbo — information system for gender equality and the advancement of women\n\n"
      "Exit codes: 0 ok, 1 failure, 2 usage or invalid input, 3 configuration or URL,\n"
      "4 database unreachable, 5 schema (not initialised, newer than the binary, changed migration)."};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(tienbo::core::program_version()));
  tienbo::app::cli::CommandLine cl;
  cl.url = default_db_url();
  tienbo::app::cli::add_commands(app, cl);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }

  try {
    return run_command(cl, argv[0]);
  } catch (const std::exception& e) {
    std::cerr << "tienbo: lỗi không mong đợi / unexpected error: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (...) {  // the command line's own set-up failing (out of memory): no exception leaves main
    std::cerr << "tienbo: lỗi không mong đợi / unexpected error\n";
    return kExitFailure;
  }
}
