// Full-text search over folded text: FTS5 on SQLite, a GIN tsvector index on
// PostgreSQL. Words are folded by the caller; they are bound, never spliced.

#include "sql_common.hpp"

namespace tienbo::store::sql {
namespace {

class SqlSearchRepository final : public SearchRepository {
 public:
  explicit SqlSearchRepository(db::Connection& c) : c_(c), sqlite_(c.backend() == db::Backend::Sqlite) {}

  Result<void> put(const SearchDoc& d) override {
    TIENBO_TRY(remove(d.kind, d.ref));
    auto r = c_.query(
        "INSERT INTO search_doc (kind, ref, unit_id, title, body, folded) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        {std::string_view(d.kind), std::string_view(d.ref), opt_int(d.unit_id), std::string_view(d.title),
         std::string_view(d.body), std::string_view(d.folded)});
    if (!r) return Unexpected{std::move(r).error()};
    if (sqlite_) {
      auto n = c_.execute("INSERT INTO search_fts (rowid, folded) VALUES ($1, $2)",
                          {r->get_int(0, 0), std::string_view(d.folded)});
      if (!n) return Unexpected{std::move(n).error()};
    }
    return {};
  }

  Result<void> remove(std::string_view kind, std::string_view ref) override {
    if (sqlite_) {
      auto n =
          c_.execute("DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_doc WHERE kind = $1 AND ref = $2)",
                     {kind, ref});
      if (!n) return Unexpected{std::move(n).error()};
    }
    auto n = c_.execute("DELETE FROM search_doc WHERE kind = $1 AND ref = $2", {kind, ref});
    if (!n) return Unexpected{std::move(n).error()};
    return {};
  }

  Result<std::vector<SearchDoc>> find(const std::vector<std::string>& words, std::string_view kind,
                                      const std::vector<std::int64_t>& scope_roots, std::int64_t limit) override {
    std::vector<SearchDoc> out;
    if (words.empty() || scope_roots.empty()) return out;
    std::string query;
    for (const auto& w : words) {
      // Each folded word is [a-z0-9…] only; quoting keeps FTS5 operators out of it.
      if (!query.empty()) query += ' ';
      query += sqlite_ ? "\"" + w + "\"" : w;
    }
    // The scope: the roots' subtrees, and the former units that became a unit in them.
    std::vector<db::Param> params{std::string_view(query), kind, limit};
    std::string roots;
    for (const auto id : scope_roots) {
      params.emplace_back(id);
      roots += (roots.empty() ? "$" : ", $") + std::to_string(params.size());
    }
    const std::string scope =
        "WITH RECURSIVE scope(id, depth) AS (SELECT id, 0 FROM unit WHERE id IN (" + roots +
        ")"
        " UNION ALL SELECT u.id, s.depth + 1 FROM unit u JOIN scope s ON u.parent_id = s.id WHERE s.depth < 64),"
        " readable(id) AS (SELECT id FROM scope"
        " UNION SELECT l.old_unit_id FROM unit_lineage l JOIN scope s ON l.new_unit_id = s.id) ";
    auto r =
        sqlite_
            ? c_.query(scope +
                           "SELECT d.kind, d.ref, d.unit_id, d.title, d.body, d.folded FROM search_fts f"
                           " JOIN search_doc d ON d.id = f.rowid WHERE search_fts MATCH $1 AND d.kind = $2"
                           " AND d.unit_id IN (SELECT id FROM readable) ORDER BY f.rank LIMIT $3",
                       params)
            : c_.query(
                  scope +
                      "SELECT kind, ref, unit_id, title, body, folded FROM search_doc"
                      " WHERE to_tsvector('simple', folded) @@ plainto_tsquery('simple', $1) AND kind = $2"
                      " AND unit_id IN (SELECT id FROM readable)"
                      " ORDER BY ts_rank(to_tsvector('simple', folded), plainto_tsquery('simple', $1)) DESC LIMIT $3",
                  params);
    if (!r) return Unexpected{std::move(r).error()};
    const auto kind_col = r->column("kind");
    const auto ref = r->column("ref");
    const auto unit_id = r->column("unit_id");
    const auto title = r->column("title");
    const auto body = r->column("body");
    const auto folded = r->column("folded");
    for (std::size_t i = 0; i < r->size(); ++i) {
      out.push_back({r->get_text(i, kind_col), r->get_text(i, ref), opt_int_at(*r, i, unit_id), r->get_text(i, title),
                     r->get_text(i, body), r->get_text(i, folded)});
    }
    return out;
  }

 private:
  db::Connection& c_;
  bool sqlite_;
};

}  // namespace

namespace {

class SqlNotificationRepository final : public NotificationRepository {
 public:
  explicit SqlNotificationRepository(db::Connection& c) : c_(c) {}

  Result<bool> insert_once(const NotificationRecord& n) override {
    auto r = c_.execute(
        "INSERT INTO notification (user_id, kind, dedupe_key, title_vi, title_en, link, created_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (user_id, dedupe_key) DO NOTHING",
        {n.user_id, std::string_view(n.kind), std::string_view(n.dedupe_key), std::string_view(n.title_vi),
         std::string_view(n.title_en), std::string_view(n.link), std::string_view(n.created_at)});
    if (!r) return Unexpected{std::move(r).error()};
    return *r == 1;
  }

  Result<std::vector<NotificationRecord>> for_user(std::int64_t user_id, bool unread_only,
                                                   std::int64_t limit) override {
    auto r = c_.query(
        "SELECT id, user_id, kind, dedupe_key, title_vi, title_en, link, created_at, read_at FROM notification"
        " WHERE user_id = $1 AND ($2 = 0 OR read_at IS NULL) ORDER BY id DESC LIMIT $3",
        {user_id, std::int64_t{unread_only ? 1 : 0}, limit});
    if (!r) return Unexpected{std::move(r).error()};
    std::vector<NotificationRecord> out;
    const auto id = r->column("id");
    const auto user = r->column("user_id");
    const auto kind = r->column("kind");
    const auto dedupe_key = r->column("dedupe_key");
    const auto title_vi = r->column("title_vi");
    const auto title_en = r->column("title_en");
    const auto link = r->column("link");
    const auto created_at = r->column("created_at");
    const auto read_at = r->column("read_at");
    for (std::size_t i = 0; i < r->size(); ++i) {
      out.push_back({r->get_int(i, id), r->get_int(i, user), r->get_text(i, kind), r->get_text(i, dedupe_key),
                     r->get_text(i, title_vi), r->get_text(i, title_en), r->get_text(i, link),
                     r->get_text(i, created_at), r->get_optional_text(i, read_at)});
    }
    return out;
  }

  Result<bool> mark_read(std::int64_t user_id, std::int64_t id, std::string_view at) override {
    auto n = c_.execute("UPDATE notification SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND user_id = $2",
                        {id, user_id, at});
    if (!n) return Unexpected{std::move(n).error()};
    return *n == 1;
  }

 private:
  db::Connection& c_;
};

}  // namespace

std::unique_ptr<NotificationRepository> make_notification_repository(db::Connection& c) {
  return std::make_unique<SqlNotificationRepository>(c);
}

std::unique_ptr<SearchRepository> make_search_repository(db::Connection& c) {
  return std::make_unique<SqlSearchRepository>(c);
}

}  // namespace tienbo::store::sql
