// PostgreSQL implementation of db::Connection on libpq: prepared statements
// cached per connection, parameters sent as text with server-inferred types.

#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>

#include <charconv>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "connection_pool.hpp"

namespace tienbo::db {
namespace {

using core::ErrorCode;
using core::fail;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

// libpq messages span lines ("...failed: Connection refused\n\tIs the server
// running..."); make them one line for logs and CLI output.
std::string trim(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\n' || c == '\t' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// bytea in text format is "\\x" followed by hex digits.
std::string decode_bytea(std::string_view text) {
  if (!text.starts_with("\\x")) return std::string(text);
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return 0;
  };
  std::string out;
  out.reserve((text.size() - 2) / 2);
  for (std::size_t i = 2; i + 1 < text.size(); i += 2) out += static_cast<char>(hex(text[i]) * 16 + hex(text[i + 1]));
  return out;
}

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override { PQfinish(conn_); }

  [[nodiscard]] Backend backend() const override { return Backend::Postgres; }
  [[nodiscard]] bool healthy() const override { return PQstatus(conn_) == CONNECTION_OK && !broken_; }

  Result<Rows> query(std::string_view sql, std::span<const Param> params) override {
    auto res = run(sql, params);
    if (!res) return core::Unexpected{std::move(res).error()};
    PGresult* r = res->get();
    const int nrows = PQntuples(r);
    const int ncols = PQnfields(r);
    std::vector<std::string> columns;
    columns.reserve(static_cast<std::size_t>(ncols));
    for (int c = 0; c < ncols; ++c) columns.emplace_back(PQfname(r, c));
    std::vector<Rows::Cell> cells;
    cells.reserve(static_cast<std::size_t>(nrows) * static_cast<std::size_t>(ncols));
    constexpr Oid kByteaOid = 17;
    for (int row = 0; row < nrows; ++row) {
      for (int c = 0; c < ncols; ++c) {
        if (PQgetisnull(r, row, c)) {
          cells.emplace_back(std::monostate{});
        } else if (PQftype(r, c) == kByteaOid) {
          cells.emplace_back(
              decode_bytea(std::string_view(PQgetvalue(r, row, c), static_cast<std::size_t>(PQgetlength(r, row, c)))));
        } else {
          cells.emplace_back(std::string(PQgetvalue(r, row, c), static_cast<std::size_t>(PQgetlength(r, row, c))));
        }
      }
    }
    return Rows(std::move(columns), std::move(cells));
  }

  Result<std::int64_t> execute(std::string_view sql, std::span<const Param> params) override {
    auto res = run(sql, params);
    if (!res) return core::Unexpected{std::move(res).error()};
    const char* tuples = PQcmdTuples(res->get());
    std::int64_t n = 0;
    if (tuples != nullptr && *tuples != '\0') std::from_chars(tuples, tuples + std::strlen(tuples), n);
    return n;
  }

  Result<void> execute_script(std::string_view sql) override {
    std::string text(sql);
    PgResult r(PQexec(conn_, text.c_str()));
    return check(r.get(), sql);
  }

  Result<void> begin(TxMode mode) override {
    return simple(mode == TxMode::Write ? "BEGIN ISOLATION LEVEL READ COMMITTED" : "BEGIN READ ONLY");
  }
  Result<void> commit() override { return simple("COMMIT"); }
  // Writers do not take turns on PostgreSQL: the transaction goes on and commits at commit().
  Result<bool> commit_writes_keep_reading() override { return false; }
  Result<void> rollback() override {
    if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return {};
    return simple("ROLLBACK");
  }

 private:
  Result<void> simple(const char* sql) {
    PgResult r(PQexec(conn_, sql));
    return check(r.get(), sql);
  }

  Result<void> check(PGresult* r, std::string_view sql) {
    auto status = PQresultStatus(r);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) return {};
    return core::Unexpected{error_from(r, sql)};
  }

  core::Error error_from(PGresult* r, std::string_view sql) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      broken_ = true;
      std::string m = trim(PQerrorMessage(conn_));
      return core::make_error(ErrorCode::DatabaseUnavailable, "mất kết nối tới PostgreSQL: " + m,
                              "lost the connection to PostgreSQL: " + m);
    }
    std::string m = trim(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    std::string sqlstate = state ? state : "";
    core::Error e;
    if (sqlstate.starts_with("23")) {
      e = core::make_error(ErrorCode::Conflict, "vi phạm ràng buộc dữ liệu: " + m, "data constraint violated: " + m);
    } else if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") {
      e = core::make_error(ErrorCode::DatabaseUnavailable, "cơ sở dữ liệu đang bận, hãy thử lại: " + m,
                           "the database is busy, try again: " + m);
    } else {
      e = core::make_error(ErrorCode::DatabaseError, "lỗi PostgreSQL: " + m, "PostgreSQL error: " + m);
    }
    e.details["sqlstate"] = sqlstate;
    e.details["sql"] = std::string(sql);
    return e;
  }

  Result<PgResult> run(std::string_view sql, std::span<const Param> params) {
    auto key = std::string(sql);
    auto it = names_.find(key);
    if (it == names_.end()) {
      std::string name = "t" + std::to_string(names_.size() + 1);
      PgResult prep(PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr));
      if (PQresultStatus(prep.get()) != PGRES_COMMAND_OK) return core::Unexpected{error_from(prep.get(), sql)};
      it = names_.emplace(std::move(key), std::move(name)).first;
    }
    // Parameters go as text; the server infers their types from the statement.
    std::vector<std::string> storage(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    std::vector<int> lengths(params.size(), 0);
    std::vector<int> formats(params.size(), 0);  // text, except bytes which go as binary
    for (std::size_t i = 0; i < params.size(); ++i) {
      std::visit(
          [&](const auto& v) {
            using V = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<V, std::nullptr_t>) {
              return;
            } else if constexpr (std::is_same_v<V, bool>) {
              storage[i] = v ? "true" : "false";
            } else if constexpr (std::is_same_v<V, std::string_view>) {
              storage[i].assign(v.data(), v.size());
            } else if constexpr (std::is_same_v<V, Blob>) {
              storage[i].assign(v.bytes.data(), v.bytes.size());
              formats[i] = 1;
            } else {
              char buf[32];
              auto res = std::to_chars(buf, buf + sizeof buf, v);
              storage[i].assign(buf, res.ptr);
            }
            values[i] = storage[i].c_str();
            lengths[i] = static_cast<int>(storage[i].size());
          },
          params[i]);
    }
    PgResult r(PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(params.size()), values.data(), lengths.data(),
                              formats.data(), 0));
    auto status = PQresultStatus(r.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return core::Unexpected{error_from(r.get(), sql)};
    return r;
  }

  PGconn* conn_;
  bool broken_ = false;
  std::unordered_map<std::string, std::string> names_;
};

}  // namespace

namespace {

// Connects with the defaults first so that settings in the URL itself override them;
// connect_timeout bounds the wait on an unreachable host.
Result<PGconn*> connect(const DatabaseUrl& url, const char* application_name) {
  const char* keys[] = {"connect_timeout", "application_name", "client_encoding", "dbname", nullptr};
  const char* vals[] = {"5", application_name, "UTF8", url.conninfo.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, vals, 1);
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    std::string m = conn ? trim(PQerrorMessage(conn)) : "out of memory";
    PQfinish(conn);
    return fail(ErrorCode::DatabaseUnavailable,
                "không kết nối được PostgreSQL " + url.display + ": " + m +
                    "; hãy kiểm tra máy chủ đang chạy và URL, người dùng, mật khẩu",
                "cannot connect to PostgreSQL " + url.display + ": " + m +
                    "; check that the server is running and the URL, user and password are right",
                "db");
  }
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  return conn;
}

}  // namespace

Result<std::unique_ptr<Connection>> open_pg_connection(const DatabaseUrl& url) {
  auto conn = connect(url, "tienbo");
  if (!conn) return core::Unexpected{std::move(conn).error()};
  return std::unique_ptr<Connection>(std::make_unique<PgConnection>(*conn));
}

namespace {

class PgListener final : public NotificationListener {
 public:
  explicit PgListener(PGconn* conn) : conn_(conn) {}
  ~PgListener() override { PQfinish(conn_); }
  PgListener(const PgListener&) = delete;
  PgListener& operator=(const PgListener&) = delete;

  Result<std::vector<Notification>> wait(std::chrono::milliseconds timeout) override {
    std::vector<Notification> out;
    if (!drain(out)) return broken();
    if (!out.empty()) return out;
    pollfd fd{PQsocket(conn_), POLLIN, 0};
    if (fd.fd < 0) return broken();
    const int ready = ::poll(&fd, 1, static_cast<int>(timeout.count()));
    if (ready < 0 && errno != EINTR) return broken();
    if (!drain(out)) return broken();
    return out;
  }

 private:
  bool drain(std::vector<Notification>& out) {
    if (PQconsumeInput(conn_) == 0) return false;
    while (PGnotify* n = PQnotifies(conn_)) {
      out.push_back({n->relname ? n->relname : "", n->extra ? n->extra : ""});
      PQfreemem(n);
    }
    return PQstatus(conn_) == CONNECTION_OK;
  }
  core::Unexpected broken() const {
    return fail(ErrorCode::DatabaseUnavailable, "mất kết nối LISTEN tới PostgreSQL: " + trim(PQerrorMessage(conn_)),
                "lost the PostgreSQL LISTEN connection: " + trim(PQerrorMessage(conn_)), "db");
  }
  PGconn* conn_;
};

}  // namespace

Result<std::unique_ptr<NotificationListener>> open_pg_listener(const DatabaseUrl& url,
                                                               std::span<const std::string_view> channels) {
  auto connected = connect(url, "tienbo-listen");
  if (!connected) return core::Unexpected{std::move(connected).error()};
  PGconn* conn = *connected;
  std::string sql;
  for (auto channel : channels)
    sql += "LISTEN " + std::string(channel) + ";";  // channels checked: letters, digits, '_'
  PGresult* r = PQexec(conn, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  if (!ok) {
    std::string m = trim(PQerrorMessage(conn));
    PQfinish(conn);
    return fail(ErrorCode::DatabaseUnavailable, "LISTEN thất bại: " + m, "LISTEN failed: " + m, "db");
  }
  return std::unique_ptr<NotificationListener>(std::make_unique<PgListener>(conn));
}

}  // namespace tienbo::db
