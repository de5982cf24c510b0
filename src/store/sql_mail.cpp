// The e-mail outbox (mail_outbox): queued in the transaction of the notification it carries,
// taken one attempt at a time by a sender (a claim that moves the next attempt on, so two
// senders never send one message at once), marked sent or failed.

#include "sql_common.hpp"

namespace tienbo::store::sql {
namespace {

constexpr const char* kColumns =
    "SELECT id, user_id, kind, address, subject, body, created_at, attempts, next_attempt_at, sent_at, failed_at,"
    " last_error FROM mail_outbox";

std::vector<MailRecord> read_mail(const db::Rows& r) {
  std::vector<MailRecord> out;
  out.reserve(r.size());
  const auto id = r.column("id");
  const auto user_id = r.column("user_id");
  const auto kind = r.column("kind");
  const auto address = r.column("address");
  const auto subject = r.column("subject");
  const auto body = r.column("body");
  const auto created_at = r.column("created_at");
  const auto attempts = r.column("attempts");
  const auto next_attempt_at = r.column("next_attempt_at");
  const auto sent_at = r.column("sent_at");
  const auto failed_at = r.column("failed_at");
  const auto last_error = r.column("last_error");
  for (std::size_t i = 0; i < r.size(); ++i) {
    MailRecord m;
    m.id = r.get_int(i, id);
    m.user_id = r.get_int(i, user_id);
    m.kind = r.get_text(i, kind);
    m.address = r.get_text(i, address);
    m.subject = r.get_text(i, subject);
    m.body = r.get_text(i, body);
    m.created_at = r.get_text(i, created_at);
    m.attempts = r.get_int(i, attempts);
    m.next_attempt_at = r.get_text(i, next_attempt_at);
    m.sent_at = r.get_optional_text(i, sent_at);
    m.failed_at = r.get_optional_text(i, failed_at);
    m.last_error = r.get_optional_text(i, last_error);
    out.push_back(std::move(m));
  }
  return out;
}

class SqlMailOutboxRepository final : public MailOutboxRepository {
 public:
  explicit SqlMailOutboxRepository(db::Connection& c) : c_(c) {}

  Result<bool> queue(const MailRecord& m) override {
    auto n = c_.execute(
        "INSERT INTO mail_outbox (notification_id, kind, user_id, address, subject, body, created_at,"
        " next_attempt_at) VALUES ((SELECT id FROM notification WHERE user_id = $1 AND dedupe_key = $2), $3, $1,"
        " $4, $5, $6, $7, $7) ON CONFLICT DO NOTHING",
        {m.user_id, std::string_view(m.dedupe_key), std::string_view(m.kind), std::string_view(m.address),
         std::string_view(m.subject), std::string_view(m.body), std::string_view(m.created_at)});
    if (!n) return Unexpected{std::move(n).error()};
    return *n == 1;
  }

  Result<std::vector<MailRecord>> due(std::string_view now, std::int64_t limit) override {
    auto r = c_.query(std::string(kColumns) +
                          " WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1"
                          " ORDER BY next_attempt_at, id LIMIT $2",
                      {now, limit});
    if (!r) return Unexpected{std::move(r).error()};
    return read_mail(*r);
  }

  Result<bool> claim(std::int64_t id, std::string_view seen_next_attempt_at, std::string_view retry_at) override {
    auto n = c_.execute(
        "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = $3"
        " WHERE id = $1 AND next_attempt_at = $2 AND sent_at IS NULL AND failed_at IS NULL",
        {id, seen_next_attempt_at, retry_at});
    if (!n) return Unexpected{std::move(n).error()};
    return *n == 1;
  }

  Result<void> mark_sent(std::int64_t id, std::string_view at) override {
    auto n = c_.execute("UPDATE mail_outbox SET sent_at = $2, last_error = NULL WHERE id = $1", {id, at});
    if (!n) return Unexpected{std::move(n).error()};
    return {};
  }

  Result<void> mark_failed(std::int64_t id, std::string_view error, std::optional<std::string> gave_up_at) override {
    auto n = c_.execute("UPDATE mail_outbox SET last_error = $2, failed_at = $3 WHERE id = $1",
                        {id, error, opt_text(gave_up_at)});
    if (!n) return Unexpected{std::move(n).error()};
    return {};
  }

  Result<MailCounts> counts() override {
    auto r = c_.query(
        "SELECT COALESCE(SUM(CASE WHEN sent_at IS NULL AND failed_at IS NULL THEN 1 ELSE 0 END), 0),"
        " COALESCE(SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), 0),"
        " COALESCE(SUM(CASE WHEN sent_at IS NULL AND failed_at IS NOT NULL THEN 1 ELSE 0 END), 0) FROM mail_outbox",
        {});
    if (!r) return Unexpected{std::move(r).error()};
    return MailCounts{r->get_int(0, 0), r->get_int(0, 1), r->get_int(0, 2)};
  }

  Result<std::vector<MailRecord>> recent(std::int64_t limit) override {
    auto r = c_.query(std::string(kColumns) + " ORDER BY id DESC LIMIT $1", {limit});
    if (!r) return Unexpected{std::move(r).error()};
    return read_mail(*r);
  }

 private:
  db::Connection& c_;
};

}  // namespace

std::unique_ptr<MailOutboxRepository> make_mail_outbox_repository(db::Connection& c) {
  return std::make_unique<SqlMailOutboxRepository>(c);
}

}  // namespace tienbo::store::sql
