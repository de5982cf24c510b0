// The append-only, hash-chained audit log. Each entry's hash covers the
// previous entry's hash and every field of its own, so editing, inserting or
// deleting any entry breaks the chain from that point; audit_head holds the
// newest (seq, hash), so cutting entries off the end is detected as well.

#include "sql_common.hpp"
#include "tienbo/db/migrations.hpp"

namespace tienbo::store::sql {
namespace {

constexpr std::string_view kCols =
    "seq, occurred_at, actor, request_id, action, entity_type, entity_id, unit_id, before_json, after_json, prev_hash, "
    "hash";

std::string entry_hash(const std::string& prev_hash, std::int64_t seq, const std::string& occurred_at,
                       const AuditRecord& r) {
  constexpr char kSep = '\x1f';
  constexpr std::string_view kNull = "\x1e";
  std::string payload = prev_hash;
  payload += '\n';
  payload += std::to_string(seq);
  for (std::string_view field :
       {std::string_view(occurred_at), std::string_view(r.actor), std::string_view(r.request_id),
        std::string_view(r.action), std::string_view(r.entity_type), std::string_view(r.entity_id)}) {
    payload += kSep;
    payload += field;
  }
  payload += kSep;
  payload += r.unit_id ? std::to_string(*r.unit_id) : std::string(kNull);
  payload += kSep;
  payload += r.before_json ? *r.before_json : std::string(kNull);
  payload += kSep;
  payload += r.after_json ? *r.after_json : std::string(kNull);
  return db::sha256_hex(payload);
}

std::vector<AuditEntry> read_entries(const db::Rows& r) {
  std::vector<AuditEntry> out;
  out.reserve(r.size());
  const auto seq = r.column("seq");
  const auto occurred_at = r.column("occurred_at");
  const auto actor = r.column("actor");
  const auto request_id = r.column("request_id");
  const auto action = r.column("action");
  const auto entity_type = r.column("entity_type");
  const auto entity_id = r.column("entity_id");
  const auto unit_id = r.column("unit_id");
  const auto before_json = r.column("before_json");
  const auto after_json = r.column("after_json");
  const auto prev_hash = r.column("prev_hash");
  const auto hash = r.column("hash");
  for (std::size_t i = 0; i < r.size(); ++i) {
    AuditEntry e;
    e.seq = r.get_int(i, seq);
    e.occurred_at = r.get_text(i, occurred_at);
    e.record.actor = r.get_text(i, actor);
    e.record.request_id = r.get_text(i, request_id);
    e.record.action = r.get_text(i, action);
    e.record.entity_type = r.get_text(i, entity_type);
    e.record.entity_id = r.get_text(i, entity_id);
    e.record.unit_id = opt_int_at(r, i, unit_id);
    e.record.before_json = r.get_optional_text(i, before_json);
    e.record.after_json = r.get_optional_text(i, after_json);
    e.prev_hash = r.get_text(i, prev_hash);
    e.hash = r.get_text(i, hash);
    out.push_back(std::move(e));
  }
  return out;
}

// Appends the entries, chained, after the newest. PostgreSQL: the head row is locked (FOR UPDATE)
// so concurrent writers chain one after the other, until the transaction ends; SQLite write
// transactions (BEGIN IMMEDIATE) are serial already.
Result<void> write_entries(db::Connection& c, const std::vector<AuditRecord>& records) {
  if (records.empty()) return {};
  auto head = c.query(c.backend() == db::Backend::Postgres ? "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE"
                                                           : "SELECT seq, hash FROM audit_head WHERE id = 1");
  if (!head) return Unexpected{std::move(head).error()};
  std::int64_t seq = head->get_int(0, head->column("seq"));
  std::string prev = head->get_text(0, head->column("hash"));
  for (const auto& e : records) {
    ++seq;
    const std::string ts = now();
    std::string hash = entry_hash(prev, seq, ts, e);
    auto n = c.execute(
        "INSERT INTO audit_event (seq, occurred_at, actor, request_id, action, entity_type, entity_id, unit_id,"
        " before_json, after_json, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        {seq, std::string_view(ts), std::string_view(e.actor), std::string_view(e.request_id),
         std::string_view(e.action), std::string_view(e.entity_type), std::string_view(e.entity_id), opt_int(e.unit_id),
         opt_text(e.before_json), opt_text(e.after_json), std::string_view(prev), std::string_view(hash)});
    if (!n) return Unexpected{std::move(n).error()};
    prev = std::move(hash);
  }
  auto h = c.execute("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", {seq, std::string_view(prev)});
  if (!h) return Unexpected{std::move(h).error()};
  return {};
}

class SqlAuditRepository final : public AuditRepository {
 public:
  SqlAuditRepository(db::Connection& c, PendingAudit* pending) : c_(c), pending_(pending) {}

  Result<void> append(const AuditRecord& e) override {
    if (pending_ == nullptr) return write_entries(c_, {e});
    pending_->records.push_back(e);
    return {};
  }

  Result<std::int64_t> count() override {
    TIENBO_TRY(flush());
    auto r = c_.query("SELECT COUNT(*) FROM audit_event");
    if (!r) return Unexpected{std::move(r).error()};
    return r->get_int(0, 0);
  }

  Result<std::vector<AuditEntry>> list(const AuditFilter& f) override {
    TIENBO_TRY(flush());
    std::vector<Param> params;
    std::string where = " WHERE 1 = 1";
    auto add = [&](std::string_view clause, Param p) {
      params.push_back(p);
      where += " AND ";
      where += clause;
      where += " $" + std::to_string(params.size());
    };
    if (f.entity_type) add("entity_type =", std::string_view(*f.entity_type));
    if (f.entity_id) add("entity_id =", std::string_view(*f.entity_id));
    if (f.actor) add("actor =", std::string_view(*f.actor));
    if (f.from) add("occurred_at >=", std::string_view(*f.from));
    if (f.to) add("occurred_at <", std::string_view(*f.to));
    if (f.before_seq) add("seq <", *f.before_seq);
    std::string cte;
    if (!f.scope_roots.empty()) {
      const std::size_t first = params.size() + 1;
      for (auto id : f.scope_roots) params.emplace_back(id);
      cte = "WITH RECURSIVE scope(id) AS (SELECT id FROM unit WHERE id IN (" +
            placeholders(first, f.scope_roots.size()) +
            ") UNION SELECT u.id FROM unit u JOIN scope s ON u.parent_id = s.id) ";
      where += f.include_unitless ? " AND (unit_id IS NULL OR unit_id IN (SELECT id FROM scope))"
                                  : " AND unit_id IN (SELECT id FROM scope)";
    } else if (!f.include_unitless) {
      where += " AND unit_id IS NOT NULL";
    }
    params.emplace_back(f.limit);
    auto r = c_.query(cte + "SELECT " + std::string(kCols) +
                          ", (SELECT code FROM unit WHERE unit.id = audit_event.unit_id) AS unit_code"
                          " FROM audit_event" +
                          where + " ORDER BY seq DESC LIMIT $" + std::to_string(params.size()),
                      std::span<const Param>(params));
    if (!r) return Unexpected{std::move(r).error()};
    auto entries = read_entries(*r);
    const auto unit_code = r->column("unit_code");
    for (std::size_t i = 0; i < entries.size(); ++i)
      entries[i].unit_code = r->get_optional_text(i, unit_code).value_or("");
    return entries;
  }

  Result<AuditVerification> verify(const std::function<void(std::int64_t)>& progress) override {
    TIENBO_TRY(flush());
    AuditVerification v;
    std::int64_t expected_seq = 1;
    std::string prev_hash;
    auto broken = [&](std::int64_t seq, std::string vi, std::string en) {
      v.ok = false;
      v.broken_seq = seq;
      v.reason_vi = std::move(vi);
      v.reason_en = std::move(en);
      return v;
    };
    constexpr std::int64_t kPage = 5000;
    std::int64_t after = 0;
    while (true) {
      auto r = c_.query("SELECT " + std::string(kCols) + " FROM audit_event WHERE seq > $1 ORDER BY seq LIMIT $2",
                        {after, kPage});
      if (!r) return Unexpected{std::move(r).error()};
      auto entries = read_entries(*r);
      for (const auto& e : entries) {
        const std::string seq = std::to_string(e.seq);
        if (e.seq != expected_seq) {
          return broken(expected_seq, "thiếu mục nhật ký số " + std::to_string(expected_seq) + " (đã bị xóa)",
                        "audit entry " + std::to_string(expected_seq) + " is missing (deleted)");
        }
        if (e.prev_hash != prev_hash) {
          return broken(e.seq, "mục nhật ký số " + seq + " không nối với mục trước (prev_hash sai)",
                        "audit entry " + seq + " does not chain to the previous entry (prev_hash mismatch)");
        }
        if (entry_hash(e.prev_hash, e.seq, e.occurred_at, e.record) != e.hash) {
          return broken(e.seq,
                        "mục nhật ký số " + seq + " (" + e.record.action + " " + e.record.entity_type + " " +
                            e.record.entity_id + ", " + e.occurred_at + ") đã bị sửa",
                        "audit entry " + seq + " (" + e.record.action + " " + e.record.entity_type + " " +
                            e.record.entity_id + ", " + e.occurred_at + ") was altered");
        }
        prev_hash = e.hash;
        ++expected_seq;
        ++v.entries;
      }
      if (progress) progress(v.entries);
      if (static_cast<std::int64_t>(entries.size()) < kPage) break;
      after = entries.back().seq;
    }
    auto head = c_.query("SELECT seq, hash FROM audit_head WHERE id = 1");
    if (!head) return Unexpected{std::move(head).error()};
    const auto head_seq_col = head->column("seq");
    if (head->empty() || head->get_int(0, head_seq_col) != expected_seq - 1 ||
        head->get_text(0, head->column("hash")) != prev_hash) {
      const std::int64_t head_seq = head->empty() ? 0 : head->get_int(0, head_seq_col);
      return broken(expected_seq,
                    "nhật ký dừng ở mục " + std::to_string(expected_seq - 1) + " nhưng đầu chuỗi ghi mục " +
                        std::to_string(head_seq) + ": các mục cuối đã bị xóa hoặc đầu chuỗi bị sửa",
                    "the log ends at entry " + std::to_string(expected_seq - 1) + " but its head records entry " +
                        std::to_string(head_seq) + ": entries at the end were removed or the head was altered");
    }
    return v;
  }

 private:
  // What this transaction appended so far, written before it reads the log itself.
  Result<void> flush() { return pending_ == nullptr ? Result<void>{} : write_pending_audit(c_, *pending_); }

  db::Connection& c_;
  PendingAudit* pending_;
};

}  // namespace

std::unique_ptr<AuditRepository> make_audit_repository(db::Connection& c, PendingAudit* pending) {
  return std::make_unique<SqlAuditRepository>(c, pending);
}

Result<void> write_pending_audit(db::Connection& c, PendingAudit& pending) {
  auto written = write_entries(c, pending.records);
  pending.records.clear();
  return written;
}

}  // namespace tienbo::store::sql
