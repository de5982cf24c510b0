// The deadline-day replay (issue #12 item 7), driven by bench/deadline_day.sh: the last hour
// before the annual report's deadline, compressed, against a running `tienbo serve`.
//
//   deadline_day --port PORT --units UNITS.tsv --password PASSWORD [--compression 20] [--seed 1]
//
// UNITS.tsv comes from deadline_day_setup (one editor per unit, one approver per province). Every
// unit is a virtual user on one connection of its own, from a source address of its own
// (127.1.x.y: offices do not share one address, and the server caps connections per address).
// All of them run as coroutines on one thread. A unit arrives at a moment of the compressed hour
// (more of them towards the deadline), signs in, opens its report, makes 10–30 autosaves as the
// web app does (PUT with the version it holds; each save sends the cells typed since the last one,
// some typed twice) and submits. Each province's approver opens every submitted report of its
// units after a review delay and approves it. Think times are real-world times divided by the
// compression.
//
// Then every report is read back through the API: its values and narratives must be those of the
// unit's last acknowledged save, its status that of its last acknowledged step ("no lost update").
// Prints Markdown tables; exits 1 on any request error or lost update.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using asio::awaitable;

namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
const std::string kForm = "BC_BDG_NAM";
const std::string kPeriod = "2026";

// ---------------------------------------------------------------- measurements

enum Kind : std::size_t { SignIn, GetReport, Save, Submit, Approve, kKinds };
const std::array<const char*, kKinds> kKindNames = {
    "POST /api/v1/session (sign-in, argon2id)", "GET /api/v1/reports/{form}/{unit}/{period}",
    "PUT /api/v1/reports/… (autosave)", "POST …/submit", "POST …/approve"};

struct Sample {
  double at;  // seconds since the start of the replay
  double ms;
  Kind kind;
  bool ok;
};

struct Stats {
  std::vector<Sample> samples;
  std::vector<std::string> error_examples;
  std::map<std::string, std::size_t> error_counts;  // "kind status" -> count
};

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::clamp<std::size_t>(i, 1, v.size()) - 1];
}

// ---------------------------------------------------------------- HTTP on one connection

struct Reply {
  int status = 0;  // 0: no answer (transport error)
  std::string body;
  std::string cookie;  // name=value of Set-Cookie, when set
  double retry_after = 0;
  std::string error;
};

class Connection {
 public:
  Connection(asio::io_context& io, tcp::endpoint server, asio::ip::address source)
      : io_(io), server_(server), source_(source) {}

  awaitable<Reply> request(http::verb verb, const std::string& target, const std::string& body,
                           const std::string& cookie, const std::string& csrf) {
    Reply r;
    // The server closes keep-alive connections idle for 30 s: an idle one is replaced first, so a
    // request is never sent on a connection the server is closing.
    if (stream_ && Clock::now() - last_used_ > std::chrono::seconds(20)) close();
    if (!stream_) {
      stream_.emplace(io_);
      beast::error_code ec;
      auto& sock = stream_->socket();
      sock.open(tcp::v4(), ec);
      if (!ec) sock.set_option(tcp::socket::reuse_address(true), ec);
      if (!ec) sock.bind(tcp::endpoint(source_, 0), ec);
      if (ec) {
        r.error = "bind " + source_.to_string() + ": " + ec.message();
        close();
        co_return r;
      }
      stream_->expires_after(std::chrono::seconds(30));
      auto [cec] = co_await stream_->async_connect(server_, kTuple);
      if (cec) {
        r.error = "connect: " + cec.message();
        close();
        co_return r;
      }
      stream_->socket().set_option(tcp::no_delay(true), ec);
    }
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::user_agent, "tienbo-deadline-day/1");
    req.set(http::field::accept, "application/json");
    if (!cookie.empty()) req.set(http::field::cookie, cookie);
    if (!csrf.empty()) req.set("X-CSRF-Token", csrf);
    if (!body.empty()) {
      req.set(http::field::content_type, "application/json");
      req.body() = body;
    }
    req.keep_alive(true);
    req.prepare_payload();
    stream_->expires_after(std::chrono::seconds(60));
    auto [wec, wn] = co_await http::async_write(*stream_, req, kTuple);
    (void)wn;
    if (wec) {
      r.error = "write: " + wec.message();
      close();
      co_return r;
    }
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    auto [rec, rn] = co_await http::async_read(*stream_, buffer_, parser, kTuple);
    (void)rn;
    if (rec) {
      r.error = "read: " + rec.message();
      close();
      co_return r;
    }
    auto res = parser.release();
    r.status = static_cast<int>(res.result_int());
    if (auto it = res.find(http::field::set_cookie); it != res.end()) {
      const std::string c(it->value());
      r.cookie = c.substr(0, c.find(';'));
    }
    if (auto it = res.find(http::field::retry_after); it != res.end())
      r.retry_after = std::atof(std::string(it->value()).c_str());
    r.body = std::move(res.body());
    last_used_ = Clock::now();
    if (!res.keep_alive()) close();
    co_return r;
  }

  void close() {
    if (stream_) {
      beast::error_code ec;
      stream_->socket().shutdown(tcp::socket::shutdown_both, ec);
      stream_->socket().close(ec);
    }
    stream_.reset();
    buffer_.clear();
  }

 private:
  asio::io_context& io_;
  tcp::endpoint server_;
  asio::ip::address source_;
  std::optional<beast::tcp_stream> stream_;
  beast::flat_buffer buffer_;
  Clock::time_point last_used_{};
};

// ---------------------------------------------------------------- the report as the client sees it

struct Cell {
  std::string element;
  std::string option;  // the option code; for an element without disaggregation its only option (TONG)
  bool disaggregated = false;
  std::string value_type;
  std::optional<double> previous;  // last year's value of this cell
};

struct Edit {
  std::size_t cell = 0;
  std::string typed;     // what the user types (the web app sends the text as typed)
  std::string expected;  // what the server stores
};

struct Unit {
  std::string login, code, type, province, approver_login;
  std::size_t index = 0;
  double arrival = 0;  // seconds after the start
  // What the server acknowledged.
  std::map<std::string, std::string> values;      // "ELEMENT.OPTION" -> stored text
  std::map<std::string, std::string> narratives;  // section -> text
  std::int64_t version = 0;
  bool submitted = false;
  bool approved = false;
  bool unacknowledged_write = false;  // a save or step failed: what is stored may or may not include it
  bool finished = false;
  std::string failure;
};

struct Approver {
  std::string login;
  std::size_t index = 0;
  std::multimap<double, std::size_t> queue;  // ready at (seconds since start) -> unit
  std::string cookie, csrf;
  std::unique_ptr<Connection> conn;
};

std::string key_of(const std::string& element, const std::string& option) { return element + "." + option; }

std::string thousands(long long n) {
  // 12500 -> "12.500", as Vietnamese type it
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return out;
}

// A value for a cell: what is typed and what the server stores.
Edit make_edit(std::size_t cell_index, const Cell& c, std::mt19937_64& rng, long long integer_hint = -1) {
  Edit e;
  e.cell = cell_index;
  auto uni = [&](long long lo, long long hi) { return std::uniform_int_distribution<long long>(lo, hi)(rng); };
  if (c.value_type == "boolean") {
    const bool yes = uni(0, 3) > 0;
    e.typed = yes ? "có" : "không";
    e.expected = yes ? "true" : "false";
  } else if (c.value_type == "number" || c.value_type == "percent") {
    const long long whole = c.value_type == "percent" ? uni(0, 98) : uni(5, 400);
    const long long tenth = uni(1, 9);
    e.typed = std::to_string(whole) + "," + std::to_string(tenth);  // decimal comma
    e.expected = std::to_string(whole) + "." + std::to_string(tenth);
  } else {
    const long long n = integer_hint >= 0                  ? integer_hint
                        : c.element == "TT_NGUOI_THAM_GIA" ? uni(40, 2500)
                                                           : uni(0, 30);
    e.typed = n >= 1000 ? thousands(n) : std::to_string(n);
    e.expected = std::to_string(n);
  }
  return e;
}

// The final values of a unit's report: plausible and within the form's blocking rules (victims
// reached <= victims, units inspected >= inspections, training classes with their trainees, the
// change in cases at most half of last year's); then the order in which they are typed.
std::vector<Edit> plan_edits(const std::vector<Cell>& cells, std::mt19937_64& rng) {
  std::map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < cells.size(); ++i) at[key_of(cells[i].element, cells[i].option)] = i;
  std::vector<std::optional<Edit>> final_values(cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const auto& c = cells[i];
    if (c.element == "BL_VU_VIEC") {
      if (!c.previous) continue;  // the rule compares with last year: left empty without one
      const auto p = static_cast<long long>(*c.previous);
      final_values[i] =
          make_edit(i, c, rng, std::max(0LL, p + std::uniform_int_distribution<long long>(-p / 2, p / 2)(rng)));
      continue;
    }
    final_values[i] = make_edit(i, c, rng);
  }
  const auto number = [&](const std::string& k) -> long long {
    auto it = at.find(k);
    return it != at.end() && final_values[it->second] ? std::stoll(final_values[it->second]->expected) : -1;
  };
  const auto set = [&](const std::string& k, long long n) {
    if (auto it = at.find(k); it != at.end() && final_values[it->second])
      final_values[it->second] = make_edit(it->second, cells[it->second], rng, n);
  };
  for (const char* opt : {"NU", "NAM"}) {
    const auto victims = number(key_of("BL_NAN_NHAN", opt));
    const auto reached = number(key_of("BL_TIEP_CAN", opt));
    if (victims >= 0 && reached > victims) set(key_of("BL_TIEP_CAN", opt), victims);
  }
  for (auto& [k, i] : at) {
    if (cells[i].element == "KT_DON_VI") {
      const auto inspections = number(key_of("KT_CUOC", cells[i].option));
      if (inspections >= 0 && number(k) < inspections) set(k, inspections + 1);
    }
    if (cells[i].element == "BAN_THANH_VIEN" && cells[i].option == "NU" && number(k) == 0) set(k, 3);
  }
  if (auto du = at.find(key_of("KP_DU_TOAN", "TONG")), th = at.find(key_of("KP_THUC_HIEN", "TONG"));
      du != at.end() && th != at.end() && final_values[du->second] && final_values[th->second] &&
      std::stod(final_values[th->second]->expected) > std::stod(final_values[du->second]->expected)) {
    std::swap(final_values[du->second], final_values[th->second]);
    std::swap(final_values[du->second]->cell, final_values[th->second]->cell);
  }
  // Typed down the form; about a third of the cells first get another value, corrected a few cells later.
  std::vector<std::pair<double, Edit>> order;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (!final_values[i]) continue;
    double pos = static_cast<double>(i);
    if (std::uniform_int_distribution<int>(0, 2)(rng) == 0) {
      order.emplace_back(pos, make_edit(i, cells[i], rng));
      pos += static_cast<double>(std::uniform_int_distribution<int>(2, 6)(rng)) + 0.5;
    }
    order.emplace_back(pos, *final_values[i]);
  }
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Edit> edits;
  for (auto& [pos, e] : order) edits.push_back(std::move(e));
  return edits;
}

// ---------------------------------------------------------------- the replay

struct Options {
  unsigned short port = 0;
  std::string units_file;
  std::string password;
  double compression = 20;
  double window_minutes = 60;     // the deadline hour
  std::string arrivals = "rush";  // rush: density rising to 4x its start at the deadline; even: uniform
  std::uint64_t seed = 1;
  double think_min = 20, think_max = 60;     // real seconds between two autosaves
  double review_min = 60, review_max = 300;  // real seconds before an approver opens a submitted report
};

struct World {
  asio::io_context io;
  Options opt;
  tcp::endpoint server;
  std::vector<Unit> units;
  std::vector<Approver> approvers;
  std::map<std::string, std::size_t> approver_by_login;
  Stats stats;
  Clock::time_point start;
  std::size_t editors_finished = 0;
  std::size_t active = 0, peak_active = 0;
  std::size_t approvers_signed_in = 0;

  double now() const { return std::chrono::duration<double>(Clock::now() - start).count(); }
  double compressed(double real_seconds) const { return real_seconds / opt.compression; }

  void record(Kind kind, double t0, const Reply& r, std::initializer_list<int> ok_statuses = {200}) {
    const double t1 = now();
    const bool ok = std::find(ok_statuses.begin(), ok_statuses.end(), r.status) != ok_statuses.end();
    stats.samples.push_back({t0, (t1 - t0) * 1000, kind, ok});
    if (!ok) {
      const std::string what = std::string(kKindNames[kind]) + " " + (r.status ? std::to_string(r.status) : r.error);
      ++stats.error_counts[what];
      if (stats.error_examples.size() < 12) stats.error_examples.push_back(what + ": " + r.body.substr(0, 300));
    }
  }
};

awaitable<void> sleep_until(World& w, double at) {
  const double wait = at - w.now();
  if (wait <= 0) co_return;
  asio::steady_timer t(w.io, std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(wait)));
  co_await t.async_wait(kTuple);
}

awaitable<void> think(World& w, std::mt19937_64& rng, double lo, double hi) {
  co_await sleep_until(w, w.now() + w.compressed(std::uniform_real_distribution<double>(lo, hi)(rng)));
}

std::string report_path(const Unit& u) { return "/api/v1/reports/" + kForm + "/" + u.code + "/" + kPeriod; }

std::optional<json::object> parse_object(const std::string& body) {
  boost::system::error_code ec;
  auto v = json::parse(body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

// Request bodies, built outside the coroutines (GCC 12 cannot keep an initializer list of string
// literals in a coroutine frame: "array used as initializer").
std::string sign_in_body(const std::string& login, const std::string& password) {
  return json::serialize(json::object{{"login", login}, {"password", password}});
}

std::string transition_body(std::int64_t version, const std::string& comment) {
  return json::serialize(json::object{{"version", version}, {"comment", comment}});
}

json::object value_item(const Cell& c, const std::string& typed) {
  json::object v{{"element", c.element}, {"value", typed}, {"comment", ""}};
  if (c.disaggregated) v["option"] = c.option;
  return v;
}

std::string save_body(std::int64_t version, json::array values, const std::pair<std::string, std::string>& narrative) {
  json::object narratives;
  if (!narrative.first.empty()) narratives[narrative.first] = narrative.second;
  return json::serialize(
      json::object{{"version", version}, {"values", std::move(values)}, {"narratives", std::move(narratives)}});
}

// A sign-in refused for load (429, the sign-in queue is full) is an error; the person tries again
// when the answer's Retry-After says (compressed), at most five times.
awaitable<Reply> sign_in(World& w, Connection& conn, const std::string& login, std::string& cookie, std::string& csrf) {
  Reply r;
  for (int attempt = 0; attempt < 5; ++attempt) {
    const double t0 = w.now();
    r = co_await conn.request(http::verb::post, "/api/v1/session", sign_in_body(login, w.opt.password), "", "");
    w.record(SignIn, t0, r);
    if (r.status != 429) break;
    co_await sleep_until(w, w.now() + std::max(0.5, w.compressed(r.retry_after)));
  }
  if (r.status == 200) {
    cookie = r.cookie;
    if (auto o = parse_object(r.body); o && o->contains("csrfToken"))
      csrf = json::value_to<std::string>(o->at("csrfToken"));
  }
  co_return r;
}

std::vector<Cell> read_cells(const json::object& report, std::vector<std::string>& narrative_sections) {
  std::vector<Cell> cells;
  for (const auto& s : report.at("sections").as_array()) {
    const auto& so = s.as_object();
    if (so.at("kind").as_string() == "narrative") {
      narrative_sections.emplace_back(so.at("code").as_string());
      continue;
    }
    for (const auto& e : so.at("elements").as_array()) {
      const auto& eo = e.as_object();
      if (eo.contains("readOnly") && eo.at("readOnly").is_bool() && eo.at("readOnly").as_bool()) continue;
      const std::string type(eo.at("valueType").as_string());
      if (type != "integer" && type != "number" && type != "percent" && type != "boolean") continue;
      const bool disaggregated = eo.at("disaggregated").as_bool();
      const auto& previous = eo.at("previous").as_object();
      for (const auto& o : eo.at("options").as_array()) {
        Cell c;
        c.element = std::string(eo.at("code").as_string());
        c.option = std::string(o.as_object().at("code").as_string());
        c.disaggregated = disaggregated;
        c.value_type = type;
        if (auto it = previous.find(c.option); it != previous.end() && it->value().is_number())
          c.previous = it->value().to_number<double>();
        cells.push_back(std::move(c));
      }
    }
  }
  return cells;
}

awaitable<void> editor(World& w, Unit& u) {
  std::mt19937_64 rng(w.opt.seed * 0x9E3779B97F4A7C15ULL ^ (u.index + 1) * 0xBF58476D1CE4E5B9ULL);
  co_await sleep_until(w, u.arrival);
  ++w.active;
  w.peak_active = std::max(w.peak_active, w.active);
  const auto source = asio::ip::make_address_v4(static_cast<asio::ip::address_v4::uint_type>(
      (127u << 24) | (1u << 16) | ((1u + static_cast<unsigned>(u.index / 254)) << 8) |
      (1u + static_cast<unsigned>(u.index % 254))));
  Connection conn(w.io, w.server, source);
  auto finish = [&](std::string failure) {
    u.failure = std::move(failure);
    u.finished = true;
    ++w.editors_finished;
    --w.active;
    conn.close();
  };
  std::string cookie, csrf;
  if (Reply r = co_await sign_in(w, conn, u.login, cookie, csrf); r.status != 200) {
    finish("sign-in " + std::to_string(r.status));
    co_return;
  }
  double t0 = w.now();
  Reply r = co_await conn.request(http::verb::get, report_path(u), "", cookie, "");
  w.record(GetReport, t0, r);
  auto report = r.status == 200 ? parse_object(r.body) : std::nullopt;
  if (!report) {
    finish("open " + std::to_string(r.status));
    co_return;
  }
  u.version = report->at("version").as_int64();
  std::vector<std::string> narrative_sections;
  const auto cells = read_cells(*report, narrative_sections);
  auto edits = plan_edits(cells, rng);
  // 10–30 autosaves, each sending the cells typed since the one before (and now and then a
  // paragraph of a narrative section).
  const auto saves =
      std::min<std::size_t>(static_cast<std::size_t>(std::uniform_int_distribution<int>(10, 30)(rng)), edits.size());
  std::vector<std::size_t> cuts;
  {
    std::vector<std::size_t> positions;
    for (std::size_t i = 1; i < edits.size(); ++i) positions.push_back(i);
    std::shuffle(positions.begin(), positions.end(), rng);
    cuts.assign(positions.begin(), positions.begin() + static_cast<std::ptrdiff_t>(saves - 1));
    cuts.push_back(0);
    cuts.push_back(edits.size());
    std::sort(cuts.begin(), cuts.end());
  }
  for (std::size_t s = 0; s + 1 < cuts.size(); ++s) {
    co_await think(w, rng, w.opt.think_min, w.opt.think_max);
    json::array values;
    for (std::size_t i = cuts[s]; i < cuts[s + 1]; ++i) {
      values.push_back(value_item(cells[edits[i].cell], edits[i].typed));
    }
    std::pair<std::string, std::string> narrative;
    if (!narrative_sections.empty() && std::uniform_int_distribution<int>(0, 2)(rng) == 0) {
      narrative.first =
          narrative_sections[std::uniform_int_distribution<std::size_t>(0, narrative_sections.size() - 1)(rng)];
      narrative.second = "Năm 2026, " + u.code + " tổ chức " +
                         std::to_string(std::uniform_int_distribution<int>(2, 40)(rng)) +
                         " hoạt động truyền thông về bình đẳng giới (bản " + std::to_string(s + 1) + ").";
    }
    const std::string body = save_body(u.version, std::move(values), narrative);
    t0 = w.now();
    r = co_await conn.request(http::verb::put, report_path(u), body, cookie, csrf);
    w.record(Save, t0, r);
    if (r.status == 200) {
      for (std::size_t i = cuts[s]; i < cuts[s + 1]; ++i) {
        const auto& c = cells[edits[i].cell];
        u.values[key_of(c.element, c.option)] = edits[i].expected;
      }
      if (!narrative.first.empty()) u.narratives[narrative.first] = narrative.second;
      if (auto o = parse_object(r.body)) u.version = o->at("version").as_int64();
    } else {
      if (r.status == 0 || r.status >= 500) u.unacknowledged_write = true;
      // Take the version the server holds, as the web app's conflict dialog does.
      t0 = w.now();
      Reply g = co_await conn.request(http::verb::get, report_path(u), "", cookie, "");
      w.record(GetReport, t0, g);
      if (auto o = g.status == 200 ? parse_object(g.body) : std::nullopt) u.version = o->at("version").as_int64();
    }
  }
  co_await think(w, rng, w.opt.think_min, w.opt.think_max);
  t0 = w.now();
  r = co_await conn.request(http::verb::post, report_path(u) + "/submit",
                            transition_body(u.version, "Gửi báo cáo năm 2026"), cookie, csrf);
  w.record(Submit, t0, r);
  if (r.status == 200) {
    u.submitted = true;
    auto& a = w.approvers[w.approver_by_login.at(u.approver_login)];
    a.queue.emplace(
        w.now() + w.compressed(std::uniform_real_distribution<double>(w.opt.review_min, w.opt.review_max)(rng)),
        u.index);
  } else if (r.status == 0 || r.status >= 500) {
    u.unacknowledged_write = true;
  }
  finish(r.status == 200 ? "" : "submit " + std::to_string(r.status));
}

awaitable<void> approver(World& w, Approver& a) {
  std::mt19937_64 rng(w.opt.seed ^ (a.index + 7) * 0x94D049BB133111EBULL);
  co_await sleep_until(w, std::uniform_real_distribution<double>(0, 2)(rng));  // at their desks when the hour starts
  const auto source = asio::ip::make_address_v4(
      static_cast<asio::ip::address_v4::uint_type>((127u << 24) | (2u << 16) | (1u + a.index)));
  a.conn = std::make_unique<Connection>(w.io, w.server, source);
  Reply r = co_await sign_in(w, *a.conn, a.login, a.cookie, a.csrf);
  if (r.status != 200) {
    std::cerr << "deadline_day: approver " << a.login << " cannot sign in: " << r.status << " " << r.body << "\n";
    std::exit(1);
  }
  ++w.approvers_signed_in;
  for (;;) {
    if (a.queue.empty()) {
      if (w.editors_finished == w.units.size()) break;
      co_await sleep_until(w, w.now() + 0.1);
      continue;
    }
    auto first = a.queue.begin();
    if (first->first > w.now()) {
      co_await sleep_until(w, std::min(first->first, w.now() + 0.1));
      continue;
    }
    Unit& u = w.units[first->second];
    a.queue.erase(first);
    double t0 = w.now();
    r = co_await a.conn->request(http::verb::get, report_path(u), "", a.cookie, "");
    w.record(GetReport, t0, r);
    auto report = r.status == 200 ? parse_object(r.body) : std::nullopt;
    if (!report) continue;
    t0 = w.now();
    r = co_await a.conn->request(http::verb::post, report_path(u) + "/approve",
                                 transition_body(report->at("version").as_int64(), "Đồng ý"), a.cookie, a.csrf);
    w.record(Approve, t0, r);
    if (r.status == 200)
      u.approved = true;
    else if (r.status == 0 || r.status >= 500)
      u.unacknowledged_write = true;
  }
}

// ---------------------------------------------------------------- no lost update

struct Check {
  std::size_t checked = 0, lost = 0, unreadable = 0, skipped = 0;
  std::vector<std::string> examples;
};

awaitable<void> verify(World& w, Approver& a, Check& check) {
  for (auto& u : w.units) {
    if (u.approver_login != a.login) continue;
    if (u.unacknowledged_write) {
      ++check.skipped;
      continue;
    }
    Reply r = co_await a.conn->request(http::verb::get, report_path(u), "", a.cookie, "");
    auto report = r.status == 200 ? parse_object(r.body) : std::nullopt;
    if (!report) {
      ++check.unreadable;
      if (check.examples.size() < 10) check.examples.push_back(u.code + ": read back " + std::to_string(r.status));
      continue;
    }
    ++check.checked;
    std::vector<std::string> problems;
    const std::string expected_status = u.approved ? "approved" : u.submitted ? "submitted" : "draft";
    const std::string status(report->at("status").as_string());
    if (status != expected_status) problems.push_back("status " + status + ", acknowledged " + expected_status);
    std::map<std::string, std::string> stored, narratives;
    for (const auto& s : report->at("sections").as_array()) {
      const auto& so = s.as_object();
      if (so.at("kind").as_string() == "narrative") {
        if (!so.at("text").as_string().empty())
          narratives[std::string(so.at("code").as_string())] = std::string(so.at("text").as_string());
        continue;
      }
      for (const auto& e : so.at("elements").as_array()) {
        const auto& eo = e.as_object();
        if (eo.contains("readOnly") && eo.at("readOnly").is_bool() && eo.at("readOnly").as_bool())
          continue;  // a register's figures
        for (const auto& [option, cell] : eo.at("values").as_object()) {
          stored[key_of(std::string(eo.at("code").as_string()), std::string(option))] =
              std::string(cell.as_object().at("value").as_string());
        }
      }
    }
    for (const auto& [k, v] : u.values) {
      auto it = stored.find(k);
      if (it == stored.end())
        problems.push_back(k + " missing (acknowledged " + v + ")");
      else if (it->second != v)
        problems.push_back(k + " = " + it->second + " (acknowledged " + v + ")");
    }
    for (const auto& [k, v] : stored) {
      if (!u.values.count(k)) problems.push_back(k + " = " + v + " never acknowledged");
    }
    if (narratives != u.narratives) problems.push_back("narratives differ");
    if (!problems.empty()) {
      ++check.lost;
      if (check.examples.size() < 10) check.examples.push_back(u.code + ": " + problems.front());
    }
  }
}

// ---------------------------------------------------------------- main

[[noreturn]] void usage(const std::string& what) {
  std::cerr
      << "deadline_day: " << what
      << "\nusage: deadline_day --port PORT --units UNITS.tsv --password PASSWORD [--compression 20] [--seed 1]\n";
  std::exit(2);
}

std::string ms(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, v < 10 ? "%.2f ms" : v < 100 ? "%.1f ms" : "%.0f ms", v);
  return buf;
}

void print_row(const std::string& name, const std::vector<Sample>& all, auto&& pick) {
  std::vector<double> lat;
  std::size_t errors = 0;
  for (const auto& s : all) {
    if (!pick(s)) continue;
    lat.push_back(s.ms);
    errors += !s.ok;
  }
  if (lat.empty()) return;
  std::printf("| %s | %zu | %zu | %s | %s | %s | %s |\n", name.c_str(), lat.size(), errors,
              ms(percentile(lat, 0.5)).c_str(), ms(percentile(lat, 0.95)).c_str(), ms(percentile(lat, 0.99)).c_str(),
              ms(*std::max_element(lat.begin(), lat.end())).c_str());
}

}  // namespace

int main(int argc, char** argv) {
  World w;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) usage("missing value after " + a);
    const std::string v = argv[++i];
    if (a == "--port")
      w.opt.port = static_cast<unsigned short>(std::stoi(v));
    else if (a == "--units")
      w.opt.units_file = v;
    else if (a == "--password")
      w.opt.password = v;
    else if (a == "--compression")
      w.opt.compression = std::stod(v);
    else if (a == "--window-minutes")
      w.opt.window_minutes = std::stod(v);
    else if (a == "--seed")
      w.opt.seed = std::stoull(v);
    else if (a == "--arrivals")
      w.opt.arrivals = v;
    else
      usage("unknown option " + a);
  }
  if (!w.opt.port || w.opt.units_file.empty() || w.opt.password.empty())
    usage("--port, --units and --password are required");
  if (w.opt.compression <= 0) usage("--compression must be positive");
  if (w.opt.arrivals != "rush" && w.opt.arrivals != "even") usage("--arrivals must be rush or even");
  w.server = tcp::endpoint(asio::ip::make_address("127.0.0.1"), w.opt.port);

  std::ifstream in(w.opt.units_file);
  if (!in) usage("cannot read " + w.opt.units_file);
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    Unit u;
    if (!(fields >> u.login >> u.code >> u.type >> u.province >> u.approver_login)) continue;
    u.index = w.units.size();
    if (!w.approver_by_login.count(u.approver_login)) {
      w.approver_by_login[u.approver_login] = w.approvers.size();
      Approver a;
      a.login = u.approver_login;
      a.index = w.approvers.size();
      w.approvers.push_back(std::move(a));
    }
    w.units.push_back(std::move(u));
  }
  if (w.units.empty()) usage("no units in " + w.opt.units_file);

  // Arrivals over the compressed hour. rush: their density rising linearly to four times its
  // start at the deadline, F(x) = (x + 1.5 x^2) / 2.5 for x in [0, 1], inverted; even: uniform.
  const double window = w.opt.window_minutes * 60 / w.opt.compression;
  std::mt19937_64 rng(w.opt.seed);
  const bool rush = w.opt.arrivals == "rush";
  for (auto& u : w.units) {
    const double q = std::uniform_real_distribution<double>(0, 1)(rng);
    u.arrival = rush ? window * (-1 + std::sqrt(1 + 15 * q)) / 3 : window * q;
  }
  std::printf(
      "deadline day: %zu units, %zu approvers, the %.0f-minute hour compressed %.0fx into %.0f s of arrivals (%s);"
      " autosave every %.1f–%.1f s, approval %.1f–%.1f s after submission (compressed)\n",
      w.units.size(), w.approvers.size(), w.opt.window_minutes, w.opt.compression, window,
      rush ? "rush: 4x as many a second at the deadline as at its start" : "even", w.compressed(w.opt.think_min),
      w.compressed(w.opt.think_max), w.compressed(w.opt.review_min), w.compressed(w.opt.review_max));
  std::fflush(stdout);

  w.start = Clock::now();
  for (auto& a : w.approvers) asio::co_spawn(w.io, approver(w, a), asio::detached);
  for (auto& u : w.units) asio::co_spawn(w.io, editor(w, u), asio::detached);
  // A line of progress every 10 s on standard error.
  asio::co_spawn(
      w.io,
      [&]() -> awaitable<void> {
        std::size_t last = 0;
        while (w.editors_finished < w.units.size()) {
          co_await sleep_until(w, w.now() + 10);
          const auto n = w.stats.samples.size();
          std::fprintf(stderr, "  t=%4.0fs  active users %zu, finished %zu/%zu, %zu requests (%.0f/s)\n", w.now(),
                       w.active, w.editors_finished, w.units.size(), n, static_cast<double>(n - last) / 10);
          last = n;
        }
      },
      asio::detached);
  w.io.run();
  const double duration = w.now();
  w.io.restart();

  Check check;
  for (auto& a : w.approvers) asio::co_spawn(w.io, verify(w, a, check), asio::detached);
  w.io.run();

  // ---- report
  const auto& all = w.stats.samples;
  std::size_t submitted = 0, approved = 0, failed = 0;
  for (const auto& u : w.units) {
    submitted += u.submitted;
    approved += u.approved;
    failed += !u.failure.empty();
  }
  std::size_t errors = 0;
  for (const auto& s : all) errors += !s.ok;
  std::printf(
      "\nrun: %.0f s, %zu requests (%.0f/s on average), at most %zu users signed in at once; %zu reports submitted, "
      "%zu approved\n\n",
      duration, all.size(), static_cast<double>(all.size()) / duration, w.peak_active, submitted, approved);
  std::printf("| request | count | errors | p50 | p95 | p99 | max |\n|---|---:|---:|---:|---:|---:|---:|\n");
  for (std::size_t k = 0; k < kKinds; ++k) print_row(kKindNames[k], all, [k](const Sample& s) { return s.kind == k; });
  print_row("**all but sign-in**", all, [](const Sample& s) { return s.kind != SignIn; });
  print_row("all", all, [](const Sample&) { return true; });

  // Over time: the load rises towards the deadline.
  const double bucket = std::max(10.0, std::ceil(duration / 8 / 10) * 10);
  std::printf(
      "\n| seconds | requests/s (all but sign-in) | p50 | p99 | sign-ins/s | sign-in p50 | sign-in p99 "
      "|\n|---|---:|---:|---:|---:|---:|---:|\n");
  for (double from = 0; from < duration; from += bucket) {
    std::vector<double> req, sig;
    for (const auto& s : all) {
      if (s.at < from || s.at >= from + bucket) continue;
      (s.kind == SignIn ? sig : req).push_back(s.ms);
    }
    const double span = std::min(bucket, duration - from);
    std::printf("| %.0f–%.0f | %.0f | %s | %s | %.1f | %s | %s |\n", from, from + span,
                static_cast<double>(req.size()) / span, ms(percentile(req, 0.5)).c_str(),
                ms(percentile(req, 0.99)).c_str(), static_cast<double>(sig.size()) / span,
                ms(percentile(sig, 0.5)).c_str(), ms(percentile(sig, 0.99)).c_str());
  }
  std::printf("\nerrors: %zu", errors);
  for (const auto& [what, n] : w.stats.error_counts) std::printf("; %s ×%zu", what.c_str(), n);
  std::printf("\nunits that did not finish: %zu\n", failed);
  for (const auto& e : w.stats.error_examples) std::printf("  e.g. %s\n", e.c_str());
  std::printf(
      "no lost update: %zu reports read back, %zu differ from the last acknowledged save or step, %zu unreadable, "
      "%zu not checkable (a write went unanswered)\n",
      check.checked, check.lost, check.unreadable, check.skipped);
  for (const auto& e : check.examples) std::printf("  %s\n", e.c_str());
  std::printf("RESULT errors=%zu lost=%zu unreadable=%zu checked=%zu\n", errors, check.lost, check.unreadable,
              check.checked);
  return errors == 0 && check.lost == 0 && check.unreadable == 0 && check.checked == w.units.size() ? 0 : 1;
}
