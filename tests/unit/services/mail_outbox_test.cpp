// E-mail of notifications (issue #13 item 6): the outbox row is written in the transaction of its
// notification (a rolled-back one leaves neither), only when mail is configured and the user has
// an address; its words name the report, who acted and why, with a link; the sender retries a
// failed message after 1 min, 5 min, 30 min and 2 h, then gives up keeping the last error, and
// never sends a message twice. On both backends.

#include <gtest/gtest.h>

#include "mail_fixture.hpp"
#include "mail_internal.hpp"
#include "tienbo/core/date.hpp"
#include "tienbo/core/text.hpp"

namespace tienbo::services {
namespace {

using namespace std::chrono_literals;
using test_fixture::MailFixtureTest;

//! A transport that keeps what it is given, failing while `fail` is set.
class FakeTransport : public MailTransport {
 public:
  core::Result<void> send(const OutgoingMail& m) override {
    sent.push_back(m);
    if (fail) return core::fail(core::ErrorCode::Internal, "hỏng", "relay said 451 try later");
    return {};
  }
  bool fail = false;
  std::vector<OutgoingMail> sent;
};

class MailOutboxTest : public MailFixtureTest {
 protected:
  void use_mail(bool enabled) {
    ServiceOptions o;
    o.mail.enabled = enabled;
    o.mail.public_url = "https://tienbo.example.vn/";
    services_ = std::make_unique<ServiceSet>(*store_, o);
  }

  std::size_t notifications_of(std::int64_t user_id) {
    auto tx = store_->begin(store::Access::Read);
    EXPECT_TRUE(tx);
    auto r = (*tx)->notifications().for_user(user_id, false, 100);
    EXPECT_TRUE(r);
    return r ? r->size() : 0;
  }

  //! One notification with its e-mail for `user`, committed; its outbox row.
  store::MailRecord queue_one(std::int64_t user, std::chrono::system_clock::time_point at) {
    store::NotificationRecord n;
    n.user_id = user;
    n.kind = "report_due";
    n.dedupe_key = "test/" + std::to_string(user);
    n.title_vi = "Còn 3 ngày đến hạn nộp báo cáo";
    n.link = "/reports/BC_BDG_NAM/P01/2025";
    n.created_at = core::utc_timestamp(at);
    auto tx = store_->begin(store::Access::Write);
    EXPECT_TRUE(tx);
    auto done = mail_detail::notify(**tx, services_->mail.options(), n, {"Nhắc hạn nộp", "Còn 3 ngày."});
    EXPECT_TRUE(done && *done);
    EXPECT_TRUE((*tx)->commit());
    auto rows = outbox();
    EXPECT_FALSE(rows.empty());
    return rows.empty() ? store::MailRecord{} : rows.front();
  }
};

TEST_P(MailOutboxTest, AReturnQueuesAnEMailForEachEditorWithAnAddressNamingTheReport) {
  use_mail(true);
  const auto province = add_unit("P01", "Thành phố Hà Nội", "province", nation_.id);
  const auto lan = add_editor("lan", "Nguyễn Thị Lan", "lan@example.vn", province.id);
  const auto minh = add_editor("minh", "Trần Văn Minh", "", province.id);
  submit_and_return("P01", "Thiếu số liệu về   cán bộ nữ");
  EXPECT_EQ(notifications_of(minh), 1u);  // told in the app; no address, no e-mail
  EXPECT_EQ(notifications_of(lan), 1u);
  auto rows = outbox();
  ASSERT_EQ(rows.size(), 1u) << "one editor has an address";
  const auto& m = rows.front();
  EXPECT_EQ(m.user_id, lan);
  EXPECT_EQ(m.address, "lan@example.vn");
  EXPECT_EQ(m.kind, "report_return");
  EXPECT_EQ(m.attempts, 0);
  EXPECT_EQ(m.next_attempt_at, m.created_at);
  EXPECT_FALSE(m.sent_at || m.failed_at || m.last_error);
  EXPECT_TRUE(m.subject.starts_with("Báo cáo đã bị trả lại để sửa: ")) << m.subject;
  EXPECT_TRUE(m.subject.ends_with(" — Thành phố Hà Nội, Năm 2025")) << m.subject;
  for (const char* part :
       {"Kính gửi Nguyễn Thị Lan,\n", "của Thành phố Hà Nội đã bị trả lại để sửa.\n", "Kỳ báo cáo: Năm 2025\n",
        "Người thực hiện: admin (admin)\n", "Lý do trả lại: Thiếu số liệu về cán bộ nữ\n",
        "Xem báo cáo / View the report: https://tienbo.example.vn/#/reports/BC_BDG_NAM/P01/2025\n",
        "Report BC_BDG_NAM of P01", "Year 2025"}) {
    EXPECT_NE(m.body.find(part), std::string::npos) << part << "\nin:\n" << m.body;
  }
  EXPECT_EQ(m.body, core::to_nfc_vietnamese(m.body));
  EXPECT_EQ(m.subject, core::to_nfc_vietnamese(m.subject));
}

TEST_P(MailOutboxTest, NothingIsQueuedWhenMailIsNotConfigured) {
  use_mail(false);
  const auto province = add_unit("P01", "Thành phố Hà Nội", "province", nation_.id);
  const auto lan = add_editor("lan", "Nguyễn Thị Lan", "lan@example.vn", province.id);
  submit_and_return("P01", "Thiếu số liệu về   cán bộ nữ");
  EXPECT_EQ(notifications_of(lan), 1u);
  EXPECT_TRUE(outbox().empty());
}

TEST_P(MailOutboxTest, TheEMailIsWrittenInTheNotificationsTransactionAndOnlyOnce) {
  use_mail(true);
  const auto province = add_unit("P01", "Thành phố Hà Nội", "province", nation_.id);
  const auto lan = add_editor("lan", "Nguyễn Thị Lan", "lan@example.vn", province.id);
  const auto quiet = add_editor("quiet", "Người dùng tắt", "quiet@example.vn", province.id);
  {
    auto tx = store_->begin(store::Access::Write);
    ASSERT_TRUE(tx);
    auto u = (*tx)->users().find_by_id(quiet);
    ASSERT_TRUE(u && *u);
    (*u)->disabled = true;
    ASSERT_TRUE((*tx)->users().update_profile(**u));
    ASSERT_TRUE((*tx)->commit());
  }
  store::NotificationRecord n;
  n.user_id = lan;
  n.kind = "report_due";
  n.dedupe_key = "report_due/x";
  n.title_vi = "Nhắc";
  n.created_at = core::utc_timestamp(std::chrono::system_clock::now());
  {
    auto tx = store_->begin(store::Access::Write);
    ASSERT_TRUE(tx);
    auto done = mail_detail::notify(**tx, services_->mail.options(), n, {"Nhắc", "Nội dung"});
    ASSERT_TRUE(done && *done);
    auto seen = (*tx)->mail().recent(10);  // the transaction sees its own row …
    ASSERT_TRUE(seen);
    EXPECT_EQ(seen->size(), 1u);
  }  // … and rolls back with it
  EXPECT_TRUE(outbox().empty());
  EXPECT_EQ(notifications_of(lan), 0u);
  for (int i = 0; i < 2; ++i) {
    auto tx = store_->begin(store::Access::Write);
    ASSERT_TRUE(tx);
    auto done = mail_detail::notify(**tx, services_->mail.options(), n, {"Nhắc", "Nội dung"});
    ASSERT_TRUE(done);
    EXPECT_EQ(*done, i == 0);
    ASSERT_TRUE((*tx)->commit());
  }
  EXPECT_EQ(outbox().size(), 1u);
  n.user_id = quiet;  // a disabled user is not written to
  {
    auto tx = store_->begin(store::Access::Write);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(mail_detail::notify(**tx, services_->mail.options(), n, {"Nhắc", "Nội dung"}));
    ASSERT_TRUE((*tx)->commit());
  }
  EXPECT_EQ(outbox().size(), 1u);
}

TEST_P(MailOutboxTest, AFailedMessageIsRetriedWithBackoffThenGivenUpKeepingTheError) {
  use_mail(true);
  const auto province = add_unit("P01", "Thành phố Hà Nội", "province", nation_.id);
  const auto lan = add_editor("lan", "Nguyễn Thị Lan", "lan@example.vn", province.id);
  auto t = std::chrono::system_clock::now();
  const auto queued = queue_one(lan, t);
  FakeTransport relay;
  relay.fail = true;
  const std::chrono::minutes waits[] = {1min, 5min, 30min, 120min};
  for (int attempt = 1; attempt <= 5; ++attempt) {
    auto early = services_->mail.send_pending(relay, t - 1s);
    ASSERT_TRUE(early);
    EXPECT_EQ(relay.sent.size(), static_cast<std::size_t>(attempt - 1)) << "nothing before it is due";
    auto run = services_->mail.send_pending(relay, t);
    ASSERT_TRUE(run) << run.error().message_en;
    ASSERT_EQ(relay.sent.size(), static_cast<std::size_t>(attempt));
    const auto m = outbox().front();
    EXPECT_EQ(m.attempts, attempt);
    EXPECT_EQ(m.last_error, std::optional<std::string>("relay said 451 try later"));
    EXPECT_FALSE(m.sent_at);
    if (attempt < 5) {
      EXPECT_EQ(run->retrying, 1);
      EXPECT_FALSE(m.failed_at);
      t += waits[attempt - 1];
      EXPECT_EQ(m.next_attempt_at, core::utc_timestamp(t));
    } else {
      EXPECT_EQ(run->gave_up, 1);
      EXPECT_TRUE(m.failed_at);
    }
  }
  auto after = services_->mail.send_pending(relay, t + 24h);
  ASSERT_TRUE(after);
  EXPECT_EQ(relay.sent.size(), 5u) << "given up: never tried again";
  auto counts = services_->mail.counts();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->failed, 1);
  EXPECT_EQ(counts->pending, 0);
  EXPECT_EQ(relay.sent.front().id, queued.id);
  EXPECT_EQ(relay.sent.front().to, "lan@example.vn");
  EXPECT_EQ(relay.sent.front().subject, "Nhắc hạn nộp");
  EXPECT_EQ(MailService::retry_delay(9), std::chrono::seconds(2h));
}

TEST_P(MailOutboxTest, ASentMessageIsSentOnce) {
  use_mail(true);
  const auto province = add_unit("P01", "Thành phố Hà Nội", "province", nation_.id);
  const auto lan = add_editor("lan", "Nguyễn Thị Lan", "lan@example.vn", province.id);
  const auto t = std::chrono::system_clock::now();
  queue_one(lan, t);
  FakeTransport relay;
  auto run = services_->mail.send_pending(relay, t + 1s);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->sent, 1);
  auto again = services_->mail.send_pending(relay, t + 48h);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->sent, 0);
  EXPECT_EQ(relay.sent.size(), 1u);
  const auto m = outbox().front();
  EXPECT_TRUE(m.sent_at);
  EXPECT_EQ(m.attempts, 1);
  EXPECT_TRUE(relay.sent.front().body.starts_with("Kính gửi Nguyễn Thị Lan,\n\nCòn 3 ngày.\n"));
  auto counts = services_->mail.counts();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->sent, 1);
  EXPECT_EQ(counts->pending, 0);
}

TEST_P(MailOutboxTest, ARelayThatIsDownCostsAFewAttemptsPerRunAndShutdownStopsTheRun) {
  use_mail(true);
  const auto province = add_unit("P01", "Thành phố Hà Nội", "province", nation_.id);
  const auto t = std::chrono::system_clock::now();
  for (int i = 0; i < 5; ++i) {
    queue_one(add_editor("u" + std::to_string(i), "Người " + std::to_string(i), "u" + std::to_string(i) + "@example.vn",
                         province.id),
              t);
  }
  FakeTransport relay;
  const std::atomic<bool> stopping{true};
  auto stopped = services_->mail.send_pending(relay, t, 100, &stopping);
  ASSERT_TRUE(stopped);
  EXPECT_TRUE(relay.sent.empty());
  relay.fail = true;
  auto run = services_->mail.send_pending(relay, t);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->retrying, MailService::kFailuresInARow);
  EXPECT_EQ(relay.sent.size(), static_cast<std::size_t>(MailService::kFailuresInARow));
  relay.fail = false;  // the relay is back: the two left are sent in the next run, the others after their wait
  auto next = services_->mail.send_pending(relay, t + std::chrono::seconds(15));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->sent, 5 - MailService::kFailuresInARow);
}

INSTANTIATE_TEST_SUITE_P(Backends, MailOutboxTest, ::testing::Values(db::Backend::Sqlite, db::Backend::Postgres),
                         test::BackendName{});

}  // namespace
}  // namespace tienbo::services
