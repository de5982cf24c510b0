// E-mail end to end: a report returned with mail configured, sent by the sender through libcurl's
// SMTP to a real SMTP server on loopback (tests/mail/smtp_sink.py, Python's smtpd), which decodes
// what it received: the recipient, the subject with its Vietnamese diacritics, the body, the
// headers. A refused recipient and an unreachable relay are retried later with the error kept.
// The CLI: `tienbo mail test` through the same relay, and bad options refused naming the option.
// On both backends.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "mail_fixture.hpp"
#include "test_support.hpp"
#include "tienbo/app/mail.hpp"

namespace tienbo::services {
namespace {

using test_fixture::MailFixtureTest;
namespace fs = std::filesystem;

const std::string kFrom = "Ban Vì sự tiến bộ của phụ nữ <noreply@tienbo.example.vn>";

//! tests/mail/smtp_sink.py on a free loopback port, writing what it receives to a directory.
class SmtpSink {
 public:
  SmtpSink()
      : child_(
            {"/usr/bin/python3", std::string(TIENBO_SOURCE_DIR) + "/tests/mail/smtp_sink.py", dir_.path().string()}) {
    if (child_.wait_for_output("listening ", std::chrono::seconds(20))) {
      std::istringstream in(child_.out());
      std::string word;
      in >> word >> port_;
    }
  }
  ~SmtpSink() { child_.signal(SIGTERM); }
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  //! The n-th message received (1-based), waiting up to 10 s for it.
  std::optional<boost::json::object> message(int n) {
    char name[16];
    std::snprintf(name, sizeof name, "%03d.json", n);
    const auto path = dir_.path() / name;
    for (int i = 0; i < 200 && !fs::exists(path); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::stringstream text;
    text << in.rdbuf();
    return boost::json::parse(text.str()).as_object();
  }
  [[nodiscard]] std::size_t received() const {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir_.path())) n += e.path().extension() == ".json" ? 1U : 0U;
    return n;
  }
  [[nodiscard]] std::string log() const { return child_.out() + child_.err(); }

 private:
  test::TempDir dir_;
  test::Child child_;
  int port_ = 0;
};

std::string text(const boost::json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

class MailSinkTest : public MailFixtureTest {
 protected:
  void SetUp() override {
    MailFixtureTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_GT(sink_.port(), 0) << sink_.log();
  }

  void use_relay(const std::string& smtp_url) {
    auto setup = app::mail_setup({smtp_url, kFrom, "https://tienbo.example.vn"});
    ASSERT_TRUE(setup) << setup.error().message_en;
    setup_ = *setup;
    ServiceOptions o;
    o.mail = setup_.options;
    services_ = std::make_unique<ServiceSet>(*store_, o);
    transport_ = app::make_smtp_transport(setup_);
  }

  SmtpSink sink_;
  app::MailSetup setup_;
  std::unique_ptr<MailTransport> transport_;
};

TEST_P(MailSinkTest, AReturnedReportReachesTheRelayInVietnamese) {
  use_relay(sink_.url());
  const auto province = add_unit("P01", "Thành phố Hà Nội", "province", nation_.id);
  add_editor("lan", "Nguyễn Thị Lan", "lan@example.vn", province.id);
  submit_and_return("P01", "Thiếu số liệu về tỷ lệ nữ đại biểu");
  const auto queued = outbox();
  ASSERT_EQ(queued.size(), 1u);
  auto run = services_->mail.send_pending(*transport_, std::chrono::system_clock::now());
  ASSERT_TRUE(run) << run.error().message_en;
  EXPECT_EQ(run->sent, 1) << outbox().front().last_error.value_or("") << "\n" << sink_.log();
  auto got = sink_.message(1);
  ASSERT_TRUE(got) << sink_.log();
  const auto& m = *got;
  EXPECT_EQ(text(m, "mailFrom"), "noreply@tienbo.example.vn");
  ASSERT_EQ(m.at("rcptTo").as_array().size(), 1u);
  EXPECT_EQ(m.at("rcptTo").as_array()[0].as_string(), "lan@example.vn");
  EXPECT_EQ(text(m, "to"), "lan@example.vn");
  EXPECT_EQ(text(m, "from"), kFrom);
  EXPECT_EQ(text(m, "subject"), queued.front().subject);
  EXPECT_TRUE(text(m, "subject").starts_with("Báo cáo đã bị trả lại để sửa: ")) << text(m, "subject");
  EXPECT_TRUE(text(m, "subject").ends_with(" — Thành phố Hà Nội, Năm 2025")) << text(m, "subject");
  EXPECT_EQ(text(m, "contentType"), "text/plain");
  EXPECT_EQ(text(m, "charset"), "utf-8");
  EXPECT_EQ(text(m, "transferEncoding"), "quoted-printable");
  EXPECT_FALSE(m.at("raw").is_null()) << "the message on the wire is 7-bit ASCII";
  EXPECT_NE(text(m, "messageId").find("@tienbo.example.vn>"), std::string::npos);
  EXPECT_FALSE(text(m, "date").empty());
  const auto body = text(m, "body");
  for (const char* part : {"Kính gửi Nguyễn Thị Lan,\n", "của Thành phố Hà Nội đã bị trả lại để sửa.\n",
                           "Kỳ báo cáo: Năm 2025\n", "Lý do trả lại: Thiếu số liệu về tỷ lệ nữ đại biểu\n",
                           "https://tienbo.example.vn/#/reports/BC_BDG_NAM/P01/2025\n"}) {
    EXPECT_NE(body.find(part), std::string::npos) << part << "\nin:\n" << body;
  }
  const auto after = outbox().front();
  EXPECT_TRUE(after.sent_at);
  EXPECT_EQ(after.attempts, 1);
}

TEST_P(MailSinkTest, ARefusedRecipientAndAnUnreachableRelayAreRetriedLaterWithTheError) {
  use_relay(sink_.url());
  const auto province = add_unit("P01", "Thành phố Hà Nội", "province", nation_.id);
  add_editor("rejected", "Lê Thị Hoa", "reject@example.vn", province.id);
  submit_and_return("P01", "Sai số liệu");
  auto run = services_->mail.send_pending(*transport_, std::chrono::system_clock::now());
  ASSERT_TRUE(run) << run.error().message_en;
  EXPECT_EQ(run->retrying, 1);
  ASSERT_EQ(outbox().size(), 1u);
  auto m = outbox().front();
  EXPECT_FALSE(m.sent_at);
  ASSERT_TRUE(m.last_error);
  EXPECT_NE(m.last_error->find("550"), std::string::npos) << *m.last_error;
  EXPECT_EQ(sink_.received(), 0u);

  // Nothing listens on the relay's port any more: an error, promptly, never a hang.
  use_relay("smtp://127.0.0.1:1");
  const auto started = std::chrono::steady_clock::now();
  auto later = services_->mail.send_pending(*transport_, std::chrono::system_clock::now() + std::chrono::minutes(2));
  ASSERT_TRUE(later);
  EXPECT_EQ(later->retrying, 1);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(15));
  m = outbox().front();
  EXPECT_EQ(m.attempts, 2);
  ASSERT_TRUE(m.last_error);
  EXPECT_NE(m.last_error->find("smtp://127.0.0.1:1"), std::string::npos) << *m.last_error;
}

INSTANTIATE_TEST_SUITE_P(Backends, MailSinkTest, ::testing::Values(db::Backend::Sqlite, db::Backend::Postgres),
                         test::BackendName{});

TEST(MailCliTest, MailTestSendsThroughTheRelay) {
  SmtpSink sink;
  ASSERT_GT(sink.port(), 0) << sink.log();
  test::Child cli({test::tienbo_binary(), "mail", "test", "--to", "lan@example.vn", "--smtp-url", sink.url(),
                   "--mail-from", kFrom});
  EXPECT_EQ(cli.wait(), 0) << cli.out() << cli.err();
  auto got = sink.message(1);
  ASSERT_TRUE(got) << sink.log();
  EXPECT_EQ(text(*got, "subject"), "Thư thử của tienbo — cấu hình thư điện tử đã dùng được");
  EXPECT_EQ(text(*got, "to"), "lan@example.vn");
}

TEST(MailCliTest, BadMailOptionsAreRefusedNamingTheOption) {
  struct Case {
    std::vector<std::string> args;
    std::string option;
  };
  const std::vector<Case> cases = {
      {{"serve", "--db", "sqlite:/nonexistent/x.db", "--smtp-url", "smtp://relay:25"}, "--mail-from"},
      {{"serve", "--db", "sqlite:/nonexistent/x.db", "--smtp-url", "relay:25", "--mail-from", "a@b.vn"}, "--smtp-url"},
      {{"serve", "--db", "sqlite:/nonexistent/x.db", "--mail-from", "a@b.vn"}, "--mail-from"},
      {{"serve", "--db", "sqlite:/nonexistent/x.db", "--smtp-url", "smtp://relay", "--mail-from", "nobody"},
       "--mail-from"},
      {{"mail", "test", "--to", "a@b.vn", "--smtp-url", "smtp://relay:99999", "--mail-from", "a@b.vn"}, "--smtp-url"},
      {{"mail", "send-pending", "--db", "sqlite:/nonexistent/x.db"}, "--smtp-url"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> argv = {test::tienbo_binary()};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    test::Child cli(argv);
    EXPECT_EQ(cli.wait(), 3) << c.args[0] << " " << c.option << ": " << cli.err();
    const auto err = cli.err();
    const auto split = err.find(" | error: ");
    ASSERT_NE(split, std::string::npos) << err;
    EXPECT_NE(err.substr(0, split).find(c.option), std::string::npos) << "Vietnamese: " << err;
    EXPECT_NE(err.substr(split).find(c.option), std::string::npos) << "English: " << err;
  }
}

}  // namespace
}  // namespace tienbo::services
