// The crash harness (issue #12, item 4): the real `tienbo serve` is killed with SIGKILL at random
// moments while N clients save values and move their reports through the workflow, as the web
// app does (PUT of values with the version being edited; submit; the approver's return, approve
// and reopen). Each client keeps a model of what the server acknowledged (2xx). After every kill,
// before the next restart, `tienbo audit verify` must pass on the database as the crash left it;
// after the restart, every report must be exactly what its acknowledged writes made it:
//   - every acknowledged value is present with the acknowledged value (later acknowledged saves
//     win); a request that was in flight when the server died (no answer) is either wholly applied
//     (version + 1, all of its values) or not at all (version unchanged) — nothing else;
//   - the status, the history and the audit trail agree with the acknowledged transitions (one
//     audit entry per version step; the transitions in the same order);
//   - each submission's revision holds the values the report had when the submission was
//     acknowledged (checked through …/diff between consecutive revisions).
//
// SIGKILL ends the process, not the machine: what the kernel has been given (written but not yet
// on disk) survives it. So this proves that tienbo answers 2xx only after its transaction
// committed, that a transaction is all or nothing, and that the databases' own recovery (SQLite's
// WAL, PostgreSQL's connections dying mid-transaction) leaves the audit chain intact; it says
// nothing about power loss (for that, SQLite runs with synchronous=FULL; PostgreSQL's fsync is the
// operator's setting).
//
// Settings (environment): TIENBO_CRASH_KILLS (20), TIENBO_CRASH_CLIENTS (4, at most 24),
// TIENBO_CRASH_SEED (random; printed), TIENBO_CRASH_MIN_MS / TIENBO_CRASH_MAX_MS (200 / 1200: how
// long the clients write before the kill), TIENBO_CRASH_SUMMARY (a file the summary line is
// appended to). bench/crash.sh runs it longer.

#include <gtest/gtest.h>
#include <signal.h>

#include <array>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "test_support.hpp"

namespace tienbo::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kDemoPassword = "TienBo-demo-2026";     // the demo accounts of `tienbo init --demo`
constexpr const char* kEditorPassword = "TienBo-crash-2026";  // the editors this harness adds
// Hà Nội communes (data/admin-units/communes.csv): one editor each.
constexpr std::array<const char*, 24> kCommunes = {
    "00082", "00004", "00008", "00025", "00256", "00283", "00292", "00235", "00229", "00226", "00199", "00190",
    "00097", "00328", "00331", "00301", "00322", "00316", "00337", "00340", "00367", "00364", "00352", "00166"};
// Each client edits its commune's annual report for these two years.
constexpr std::array<const char*, 2> kPeriods = {"2025", "2026"};
// The cells a save picks from: none takes part in a blocking rule of BC_BDG_NAM, so any state can
// be submitted; none comes from the committee register.
struct Cell {
  const char* element;
  const char* option;  // "" for an element without disaggregation (read back as TONG)
};
constexpr std::array<Cell, 10> kCells = {{{"BAN_CUOC_HOP", ""},
                                          {"BAN_VAN_BAN", ""},
                                          {"TT_TIN_BAI", ""},
                                          {"TT_PHAT_THANH", ""},
                                          {"CB_LANH_DAO", "NU"},
                                          {"CB_LANH_DAO", "NAM"},
                                          {"CB_DAO_TAO", "NU"},
                                          {"CB_DAO_TAO", "NAM"},
                                          {"BL_LUOT_HO_TRO", "Y_TE"},
                                          {"BL_LUOT_HO_TRO", "PHAP_LY"}}};
constexpr const char* kNarrative = "KET_QUA";

std::string cell_key(const Cell& c) { return std::string(c.element) + "." + (*c.option ? c.option : "TONG"); }

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  return std::atoi(v);
}

struct Settings {
  int kills = 20;
  int clients = 4;
  unsigned seed = 0;
  int min_ms = 200;
  int max_ms = 1200;
  std::string summary_file;
};

Settings settings_from_env() {
  Settings s;
  s.kills = std::max(1, env_int("TIENBO_CRASH_KILLS", s.kills));
  s.clients = std::clamp(env_int("TIENBO_CRASH_CLIENTS", s.clients), 1, static_cast<int>(kCommunes.size()));
  s.seed = static_cast<unsigned>(env_int("TIENBO_CRASH_SEED", static_cast<int>(std::random_device{}() & 0x7fffffff)));
  s.min_ms = std::max(10, env_int("TIENBO_CRASH_MIN_MS", s.min_ms));
  s.max_ms = std::max(s.min_ms, env_int("TIENBO_CRASH_MAX_MS", s.max_ms));
  if (const char* f = std::getenv("TIENBO_CRASH_SUMMARY")) s.summary_file = f;
  return s;
}

// ---- HTTP, told apart by what the client can know ---------------------------------------------

enum class Sent {
  No,        // no connection: the server is gone, the request never left
  Unknown,   // sent (perhaps partly), no answer: in flight when the server died
  Answered,  // a complete answer
};

struct Outcome {
  Sent sent = Sent::No;
  HttpResponse response;
};

class Session {
 public:
  Session(std::string login, std::string password) : login_(std::move(login)), password_(std::move(password)) {}

  Outcome call(unsigned short port, const std::string& method, const std::string& path,
               const json::value& body = nullptr) const {
    HttpConnection c(port);
    if (!c.connected()) return {};
    const std::string text = body.is_null() ? "" : json::serialize(body);
    std::string req = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!cookie_.empty()) req += "Cookie: " + cookie_ + "\r\nX-CSRF-Token: " + csrf_ + "\r\n";
    if (!body.is_null())
      req += "Content-Type: application/json\r\nContent-Length: " + std::to_string(text.size()) + "\r\n";
    req += "\r\n" + text;
    if (!c.send_raw(req)) return {Sent::Unknown, {}};
    auto r = c.read_response(false, 120s);
    if (!r) return {Sent::Unknown, {}};
    return {Sent::Answered, std::move(*r)};
  }

  //! Signs in (again); true when the server answered 200.
  bool sign_in(unsigned short port) {
    cookie_.clear();
    auto out = call(port, "POST", "/api/v1/session", json::object{{"login", login_}, {"password", password_}});
    if (out.sent != Sent::Answered || out.response.status != 200) return false;
    const auto set_cookie = out.response.header("set-cookie");
    cookie_ = set_cookie.substr(0, set_cookie.find(';'));
    csrf_ = std::string(json::parse(out.response.body).as_object().at("csrfToken").as_string());
    return true;
  }
  [[nodiscard]] bool signed_in() const { return !cookie_.empty(); }
  [[nodiscard]] const std::string& login() const { return login_; }

 private:
  std::string login_;
  std::string password_;
  std::string cookie_;
  std::string csrf_;
};

// ---- What the server acknowledged ------------------------------------------------------------

using Values = std::map<std::string, std::string>;  // cell key -> stored value; absent = empty

struct Snapshot {
  Values values;
  std::string narrative;
};

enum class Action { Save, Submit, Return, Approve, Reopen };
const char* action_name(Action a) {
  switch (a) {
    case Action::Save:
      return "save";
    case Action::Submit:
      return "submit";
    case Action::Return:
      return "return";
    case Action::Approve:
      return "approve";
    case Action::Reopen:
      return "reopen";
  }
  return "?";
}

struct Op {
  Action action = Action::Save;
  Values values;                         // for a save: "" deletes
  std::optional<std::string> narrative;  // for a save
};

struct ReportModel {
  std::string entity;  // BC_BDG_NAM/<unit>/<period>
  std::string path;    // /api/v1/reports/<entity>
  std::int64_t version = 0;
  std::string status = "draft";
  Snapshot content;
  std::vector<std::string> transitions;  // acknowledged workflow steps, in order
  std::vector<Snapshot> revisions;       // the content at each acknowledged submission
  std::size_t revisions_checked = 0;
  std::optional<Op> pending;  // in flight when the server died, or answered unexpectedly
  std::int64_t saves_unchecked = 0;
};

// True when a save would change nothing (it only deletes values that are not there): the
// server then keeps the version and audits nothing, once the report exists (version > 0).
bool changes_nothing(const ReportModel& r, const Op& op) {
  if (op.action != Action::Save || r.version == 0) return false;
  for (const auto& [k, v] : op.values) {
    const auto it = r.content.values.find(k);
    if ((it == r.content.values.end() ? std::string() : it->second) != v) return false;
  }
  return !op.narrative || *op.narrative == r.content.narrative;
}

void apply(ReportModel& r, const Op& op) {
  if (changes_nothing(r, op)) return;
  ++r.version;
  switch (op.action) {
    case Action::Save:
      for (const auto& [k, v] : op.values) {
        if (v.empty())
          r.content.values.erase(k);
        else
          r.content.values[k] = v;
      }
      if (op.narrative) r.content.narrative = *op.narrative;
      ++r.saves_unchecked;
      return;
    case Action::Submit:
      r.status = "submitted";
      r.revisions.push_back(r.content);
      break;
    case Action::Return:
      r.status = "returned";
      break;
    case Action::Approve:
      r.status = "approved";
      break;
    case Action::Reopen:
      r.status = "returned";
      break;
  }
  r.transitions.emplace_back(action_name(op.action));
}

// A report as GET answers it, reduced to what the harness writes.
struct Observed {
  std::int64_t version = -1;
  std::string status;
  Snapshot content;
  std::vector<std::string> history;
};

Observed observe(const json::object& report) {
  Observed o;
  o.version = report.at("version").as_int64();
  o.status = std::string(report.at("status").as_string());
  for (const auto& s : report.at("sections").as_array()) {
    const auto& section = s.as_object();
    if (section.at("kind").as_string() == "narrative") {
      if (section.at("code").as_string() == kNarrative)
        o.content.narrative = std::string(section.at("text").as_string());
      continue;
    }
    for (const auto& e : section.at("elements").as_array()) {
      const auto& element = e.as_object();
      for (const auto& [option, v] : element.at("values").as_object()) {
        const std::string key = std::string(element.at("code").as_string()) + "." + std::string(option);
        for (const auto& c : kCells) {
          if (cell_key(c) == key) o.content.values[key] = std::string(v.as_object().at("value").as_string());
        }
      }
    }
  }
  for (const auto& h : report.at("history").as_array()) o.history.emplace_back(h.as_object().at("action").as_string());
  return o;
}

// What was done and checked, counted.
enum Count : std::size_t {
  kSavesAcked,         // saves answered 200
  kCellsAcked,         // values in them
  kNarrativesAcked,    // narratives in them
  kTransitionsAcked,   // submit, return, approve, reopen answered 200
  kSubmissionsAcked,   // of which submissions
  kInFlight,           // requests without an answer at a kill
  kInFlightApplied,    // of which had committed
  kSavesChecked,       // acknowledged saves compared after a restart
  kCellsCompared,      // cells compared with the model
  kRevisionsCompared,  // revision diffs compared
  kAuditCompared,      // audit entries matched with versions and transitions
  kAnswered,           // writes answered
  kCounts
};

struct Stats {
  std::array<std::int64_t, kCounts> n{};
  double answered_seconds = 0;  // the time of the writes answered, summed
  void add(const Stats& o) {
    for (std::size_t i = 0; i < kCounts; ++i) n[i] += o.n[i];
    answered_seconds += o.answered_seconds;
  }
};

// Every report's audit entries (entity id -> actions, oldest first), read once per check.
using AuditTrail = std::map<std::string, std::vector<std::string>>;

std::optional<AuditTrail> read_audit_trail(const Session& admin, unsigned short port, std::string& why) {
  AuditTrail trail;
  std::string before;
  for (;;) {
    auto page = admin.call(port, "GET", "/api/v1/audit?entityType=report&limit=1000" + before);
    if (page.sent != Sent::Answered || page.response.status != 200) {
      why = "GET /api/v1/audit answered " + std::to_string(page.response.status) + " " + page.response.body;
      return std::nullopt;
    }
    const auto entries = json::parse(page.response.body).as_object().at("entries").as_array();  // newest first
    for (const auto& e : entries) {
      const auto& entry = e.as_object();
      auto& actions = trail[std::string(entry.at("entityId").as_string())];
      actions.insert(actions.begin(), std::string(entry.at("action").as_string()));
    }
    if (entries.size() < 1000) return trail;
    before = "&before=" + std::to_string(entries.back().as_object().at("seq").as_int64());
  }
}

// ---- One client: an editor and the province's approver ---------------------------------------

class Client {
 public:
  Client(int index, unsigned seed)
      : index_(index),
        editor_("crash.editor" + std::to_string(index + 1), kEditorPassword),
        approver_("hanoi.truongban", kDemoPassword),
        rng_(seed) {
    for (const char* period : kPeriods) {
      ReportModel r;
      r.entity = std::string("BC_BDG_NAM/") + kCommunes[static_cast<std::size_t>(index)] + "/" + period;
      r.path = "/api/v1/reports/" + r.entity;
      reports_.push_back(std::move(r));
    }
  }

  bool sign_in(unsigned short port) { return editor_.sign_in(port) && approver_.sign_in(port); }

  //! Writes until `stop` or until the server stops answering.
  void run(const std::atomic<unsigned short>& port, const std::atomic<bool>& stop) {
    while (!stop) {
      auto& r = reports_[std::uniform_int_distribution<std::size_t>(0, reports_.size() - 1)(rng_)];
      const Op op = choose(r);
      Session& who = op.action == Action::Save || op.action == Action::Submit ? editor_ : approver_;
      json::object body{{"version", r.version}};
      std::string path = r.path;
      if (op.action == Action::Save) {
        json::array values;
        for (const auto& [key, v] : op.values) {
          const auto dot = key.find('.');
          const std::string option = key.substr(dot + 1);
          values.push_back(
              json::object{{"element", key.substr(0, dot)}, {"option", option == "TONG" ? "" : option}, {"value", v}});
        }
        body["values"] = std::move(values);
        if (op.narrative) body["narratives"] = json::object{{kNarrative, *op.narrative}};
      } else {
        path += std::string("/") + action_name(op.action);
        if (op.action == Action::Return) body["comment"] = "Trả lại để kiểm tra lần " + std::to_string(r.version);
        if (op.action == Action::Reopen) body["comment"] = "Mở lại để sửa số liệu";
      }
      const auto sent_at = std::chrono::steady_clock::now();
      auto out = who.call(port, op.action == Action::Save ? "PUT" : "POST", path, body);
      if (out.sent == Sent::Answered) {
        ++stats_.n[kAnswered];
        stats_.answered_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - sent_at).count();
      }
      if (out.sent == Sent::No) return;  // the server is gone; nothing was sent
      if (out.sent == Sent::Unknown) {   // in flight when it died
        r.pending = op;
        ++stats_.n[kInFlight];
        return;
      }
      if (out.response.status == 401) {  // the session did not survive: sign in again, nothing was written
        if (!who.sign_in(port)) return;
        continue;
      }
      if (out.response.status != 200) {
        fail(r, std::string(action_name(op.action)) + " answered " + std::to_string(out.response.status) + ": " +
                    out.response.body);
        r.pending = op;  // resolved like an in-flight request at the next check
        return;
      }
      Observed answered;
      try {
        answered = observe(json::parse(out.response.body).as_object());
      } catch (const std::exception& e) {
        fail(r, std::string("unreadable answer to ") + action_name(op.action) + ": " + e.what());
        return;
      }
      apply(r, op);
      if (answered.version != r.version || answered.status != r.status) {
        fail(r, std::string(action_name(op.action)) + " acknowledged version " + std::to_string(answered.version) +
                    " (" + answered.status + "), expected " + std::to_string(r.version) + " (" + r.status + ")");
      }
      if (answered.content.values != r.content.values || answered.content.narrative != r.content.narrative) {
        fail(r, std::string(action_name(op.action)) + " was answered with other values than the acknowledged ones");
      }
      if (op.action == Action::Save) {
        ++stats_.n[kSavesAcked];
        stats_.n[kCellsAcked] += static_cast<std::int64_t>(op.values.size());
        stats_.n[kNarrativesAcked] += op.narrative ? 1 : 0;
      } else {
        ++stats_.n[kTransitionsAcked];
        stats_.n[kSubmissionsAcked] += op.action == Action::Submit ? 1 : 0;
      }
    }
  }

  //! After a restart: resolves what was in flight and compares every report with the model.
  void check(const Session& admin, unsigned short port, const AuditTrail& trail) {
    for (auto& r : reports_) check_report(r, admin, port, trail);
  }

  [[nodiscard]] const Stats& stats() const { return stats_; }
  //! What went wrong since the last call.
  std::vector<std::string> take_failures() { return std::exchange(failures_, {}); }

 private:
  Op choose(const ReportModel& r) {
    std::uniform_real_distribution<double> u(0, 1);
    Op op;
    if (r.status == "submitted") {
      op.action = u(rng_) < 0.75 ? Action::Return : Action::Approve;
      return op;
    }
    if (r.status == "approved") {
      op.action = Action::Reopen;
      return op;
    }
    if (r.version > 0 && u(rng_) < 0.1) {
      op.action = Action::Submit;
      return op;
    }
    const auto n = std::uniform_int_distribution<std::size_t>(1, 4)(rng_);
    while (op.values.size() < n) {
      const auto& c = kCells[std::uniform_int_distribution<std::size_t>(0, kCells.size() - 1)(rng_)];
      // Unique values, so a value from any other write would be noticed; sometimes a deletion.
      op.values[cell_key(c)] = u(rng_) < 0.1 ? "" : std::to_string((index_ + 1) * 10'000'000 + ++counter_);
    }
    if (u(rng_) < 0.25)
      op.narrative = "Lần ghi " + std::to_string(++counter_) + ": tổ chức hội nghị, tập huấn về bình đẳng giới.";
    return op;
  }

  void fail(const ReportModel& r, const std::string& what) { failures_.push_back(r.entity + ": " + what); }

  void check_report(ReportModel& r, const Session& admin, unsigned short port, const AuditTrail& trail) {
    auto got = admin.call(port, "GET", r.path);
    if (got.sent != Sent::Answered || got.response.status != 200) {
      fail(r, "GET answered " + std::to_string(got.response.status) + " " + got.response.body);
      return;
    }
    const Observed o = observe(json::parse(got.response.body).as_object());
    if (r.pending) {
      // In flight (or answered unexpectedly): wholly applied, or not at all.
      if (o.version == r.version + 1) {
        apply(r, *r.pending);
        ++stats_.n[kInFlightApplied];
      } else if (o.version != r.version) {
        fail(r, std::string("an unacknowledged ") + action_name(r.pending->action) + " at version " +
                    std::to_string(r.version) + " left version " + std::to_string(o.version));
      }
      r.pending.reset();
    }
    if (o.version != r.version)
      fail(r, "version " + std::to_string(o.version) + ", acknowledged " + std::to_string(r.version));
    if (o.status != r.status) fail(r, "status " + o.status + ", acknowledged " + r.status);
    for (const auto& c : kCells) {
      const std::string key = cell_key(c);
      const auto want = r.content.values.count(key) ? r.content.values.at(key) : "";
      const auto have = o.content.values.count(key) ? o.content.values.at(key) : "";
      if (want != have) fail(r, key + " = \"" + have + "\", acknowledged \"" + want + "\"");
      ++stats_.n[kCellsCompared];
    }
    if (o.content.narrative != r.content.narrative) {
      fail(r, std::string(kNarrative) + " = \"" + o.content.narrative + "\", acknowledged \"" + r.content.narrative +
                  "\"");
    }
    if (o.history != r.transitions)
      fail(r, "history of " + std::to_string(o.history.size()) + " steps, acknowledged " +
                  std::to_string(r.transitions.size()));
    stats_.n[kSavesChecked] += r.saves_unchecked;
    r.saves_unchecked = 0;
    check_revisions(r, admin, port);
    check_audit(r, trail);
  }

  // Each submission is a revision; consecutive revisions differ exactly as the acknowledged
  // contents at those submissions do.
  void check_revisions(ReportModel& r, const Session& admin, unsigned short port) {
    auto list = admin.call(port, "GET", r.path + "/revisions");
    if (list.sent != Sent::Answered || list.response.status != 200) {
      fail(r, "revisions answered " + std::to_string(list.response.status));
      return;
    }
    const auto n = json::parse(list.response.body).as_object().at("revisions").as_array().size();
    if (n != r.revisions.size()) {
      fail(r, std::to_string(n) + " revisions, " + std::to_string(r.revisions.size()) + " submissions acknowledged");
      return;
    }
    for (std::size_t k = std::max<std::size_t>(r.revisions_checked + 1, 2); k <= n; ++k) {
      auto diff = admin.call(port, "GET", r.path + "/diff?from=" + std::to_string(k - 1) + "&to=" + std::to_string(k));
      if (diff.sent != Sent::Answered || diff.response.status != 200) {
        fail(r, "diff answered " + std::to_string(diff.response.status));
        return;
      }
      std::map<std::string, std::pair<std::string, std::string>> have;
      const json::value parsed = json::parse(diff.response.body);
      for (const auto& ch : parsed.as_object().at("changes").as_array()) {
        const auto& c = ch.as_object();
        const std::string key(c.at("key").as_string());
        auto text = [](const json::value& v) { return v.is_null() ? std::string() : std::string(v.as_string()); };
        if (c.at("kind").as_string() == "narrative" ? key == kNarrative : is_cell(key)) {
          have[key] = {text(c.at("before")), text(c.at("after"))};
        }
      }
      const auto& a = r.revisions[k - 2];
      const auto& b = r.revisions[k - 1];
      std::map<std::string, std::pair<std::string, std::string>> want;
      for (const auto& c : kCells) {
        const std::string key = cell_key(c);
        const std::string before = a.values.count(key) ? a.values.at(key) : "";
        const std::string after = b.values.count(key) ? b.values.at(key) : "";
        if (before != after) want[key] = {before, after};
      }
      if (a.narrative != b.narrative) want[kNarrative] = {a.narrative, b.narrative};
      if (have != want) {
        fail(r, "revision " + std::to_string(k) + " differs from revision " + std::to_string(k - 1) + " in " +
                    std::to_string(have.size()) + " cells; the acknowledged submissions differ in " +
                    std::to_string(want.size()));
      }
      ++stats_.n[kRevisionsCompared];
    }
    r.revisions_checked = n;
  }

  static bool is_cell(const std::string& key) {
    for (const auto& c : kCells) {
      if (cell_key(c) == key) return true;
    }
    return false;
  }

  // One audit entry per version step (every save that changes something and every transition
  // is audited in its own transaction), the transitions in the acknowledged order.
  void check_audit(const ReportModel& r, const AuditTrail& trail) {
    static const std::vector<std::string> none;
    const auto it = trail.find(r.entity);
    const auto& actions = it == trail.end() ? none : it->second;
    std::vector<std::string> steps;
    std::int64_t version_steps = 0;
    for (const auto& a : actions) {
      if (a == "register_figures") continue;  // the committee register's figures, stored along with a step
      ++version_steps;
      if (a != "save") steps.push_back(a);
    }
    if (version_steps != r.version) {
      fail(r, std::to_string(version_steps) + " audit entries of saves and transitions for version " +
                  std::to_string(r.version));
    }
    if (steps != r.transitions) fail(r, "the audit trail's transitions differ from the acknowledged ones");
    stats_.n[kAuditCompared] += static_cast<std::int64_t>(actions.size());
  }

  int index_;
  Session editor_;
  Session approver_;
  std::mt19937 rng_;
  std::vector<ReportModel> reports_;
  std::int64_t counter_ = 0;
  Stats stats_;
  std::vector<std::string> failures_;
};

// ---- The server and the database ----------------------------------------------------------------

// `tienbo init --demo` and `editors` editors (one per commune), through the command line as an
// operator would.
std::string make_database(const std::string& url, int editors) {
  Child init({tienbo_binary(), "init", "--db", url, "--demo"});
  if (init.wait(900s) != 0) return "tienbo init: " + init.err();
  for (int i = 0; i < editors; ++i) {
    Child add({tienbo_binary(), "user", "add", "--db", url, "--login", "crash.editor" + std::to_string(i + 1), "--role",
               "editor", "--unit", kCommunes[static_cast<std::size_t>(i)], "--name",
               "Nhập liệu thử " + std::to_string(i + 1)},
              std::string(kEditorPassword) + "\n");
    if (add.wait(120s) != 0) return "tienbo user add: " + add.err();
  }
  return "";
}

// Waits until `tienbo serve` listens (on a free loopback port): the port, or 0 when it did not come up.
unsigned short start_server(Child& server) {
  if (!server.wait_for_output("listening on http://127.0.0.1:", 300s)) return 0;
  const std::string out = server.out();
  const auto at = out.find("listening on http://127.0.0.1:") + std::string("listening on http://127.0.0.1:").size();
  return static_cast<unsigned short>(std::stoi(out.substr(at)));
}

// `tienbo audit verify`, started.
std::unique_ptr<Child> start_audit_verify(const std::string& url) {
  return std::make_unique<Child>(std::vector<std::string>{tienbo_binary(), "audit", "verify", "--db", url});
}

// Its result: the number of entries, or -1 with the reason in `why`.
long finish_audit_verify(Child& verify, std::string& why) {
  const int rc = verify.wait(300s);
  const std::string out = verify.out();
  if (rc != 0) {
    why = "exit " + std::to_string(rc) + ": " + verify.err() + out;
    return -1;
  }
  const auto colon = out.find("intact: ");
  return colon == std::string::npos ? 0 : std::atol(out.c_str() + colon + 8);
}

class CrashTest : public ::testing::TestWithParam<db::Backend> {};

TEST_P(CrashTest, AcknowledgedWritesSurviveKillNine) {
  const Settings s = settings_from_env();
  const std::string backend = backend_test_name(GetParam());
  std::cout << "crash harness (" << backend << "): " << s.kills << " kills, " << s.clients << " clients, writes for "
            << s.min_ms << "–" << s.max_ms << " ms before each kill, seed " << s.seed << " (TIENBO_CRASH_SEED)"
            << std::endl;
  // Made once per build and number of clients, then copied for each run.
  ScratchDatabase db(GetParam(), "crash_harness_" + std::to_string(s.clients),
                     [&s](const std::string& url) { return make_database(url, s.clients); });
  TIENBO_REQUIRE_DATABASE(db);
  ASSERT_EQ(db.error(), "");

  std::mt19937 rng(s.seed);
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < s.clients; ++i)
    clients.push_back(std::make_unique<Client>(i, s.seed + 7919u * static_cast<unsigned>(i + 1)));
  Session admin("admin", kDemoPassword);
  std::vector<std::string> failures;
  const auto started = std::chrono::steady_clock::now();
  long audit_entries = 0;
  int audit_verified = 0;

  using Clock = std::chrono::steady_clock;
  auto since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };
  double starting = 0, checking = 0, writing = 0, verifying = 0;  // seconds spent in each phase
  // `tienbo audit verify` of the database as the last kill left it; it runs while the next server starts.
  std::unique_ptr<Child> verify;
  auto verified = [&](const std::string& when) {
    std::string why;
    const long entries = finish_audit_verify(*verify, why);
    verify.reset();
    if (entries < 0) {
      failures.push_back("audit verify " + when + ": " + why);
      return;
    }
    audit_entries = entries;
    ++audit_verified;
  };
  for (int round = 0; round <= s.kills && failures.empty(); ++round) {
    auto phase = Clock::now();
    Child server({tienbo_binary(), "serve", "--db", db.url(), "--listen", "127.0.0.1:0", "--access-log", "off"});
    std::atomic<unsigned short> port{start_server(server)};
    ASSERT_NE(port.load(), 0) << "round " << round << ": the server did not start\n" << server.err();
    starting += since(phase);
    phase = Clock::now();
    if (verify) verified("after kill " + std::to_string(round));
    verifying += since(phase);
    phase = Clock::now();
    // The sessions are in the database: they outlive a kill. A client signs in again only on 401.
    if (!admin.signed_in()) {
      ASSERT_TRUE(admin.sign_in(port)) << "admin cannot sign in";
    }
    std::string why;
    const auto trail = read_audit_trail(admin, port, why);
    ASSERT_TRUE(trail) << why;
    for (auto& c : clients) {
      if (round == 0) {
        ASSERT_TRUE(c->sign_in(port)) << "a client cannot sign in";
      }
      c->check(admin, port, *trail);
      for (const auto& f : c->take_failures()) failures.push_back("after kill " + std::to_string(round) + ": " + f);
    }
    checking += since(phase);
    if (round == s.kills || !failures.empty()) {
      server.signal(SIGTERM);
      EXPECT_EQ(server.wait(60s), 0) << server.err();
      break;
    }
    // Write, then kill at a random moment.
    phase = Clock::now();
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (auto& c : clients) threads.emplace_back([&c, &port, &stop] { c->run(port, stop); });
    std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(s.min_ms, s.max_ms)(rng)));
    server.signal(SIGKILL);
    stop = true;
    for (auto& t : threads) t.join();
    EXPECT_EQ(server.wait(60s), 128 + SIGKILL);
    writing += since(phase);
    verify = start_audit_verify(db.url());
  }

  Stats total;
  for (const auto& c : clients) total.add(c->stats());
  if (verify) verified("at the end");  // when a check failed
  verify = start_audit_verify(db.url());
  verified("at the end");
  const double seconds = since(started);
  std::ostringstream summary;
  summary << "crash harness (" << backend << "): " << s.kills << " kills, " << s.clients << " clients, seed " << s.seed
          << "; " << total.n[kSavesAcked] << " acknowledged saves (" << total.n[kCellsAcked] << " values, "
          << total.n[kNarrativesAcked] << " narratives) and " << total.n[kTransitionsAcked]
          << " acknowledged transitions (" << total.n[kSubmissionsAcked] << " submissions); " << total.n[kInFlight]
          << " requests in flight at a kill (" << total.n[kInFlightApplied] << " had committed, "
          << (total.n[kInFlight] - total.n[kInFlightApplied]) << " had not); " << total.n[kSavesChecked]
          << " acknowledged saves checked, " << total.n[kCellsCompared] << " cell comparisons, "
          << total.n[kRevisionsCompared] << " revision diffs, " << total.n[kAuditCompared] << " audit entries matched; "
          << failures.size() << " failures; audit verify passed " << audit_verified << " times (" << audit_entries
          << " entries at the end); " << static_cast<int>(seconds) << " s (starting the server "
          << static_cast<int>(starting) << " s, checking " << static_cast<int>(checking) << " s, writing "
          << static_cast<int>(writing) << " s, audit verify " << static_cast<int>(verifying)
          << " s; a write answered in " << std::fixed << std::setprecision(0)
          << (total.n[kAnswered] ? 1000 * total.answered_seconds / static_cast<double>(total.n[kAnswered]) : 0.0)
          << " ms on average)";
  std::cout << summary.str() << std::endl;
  if (!s.summary_file.empty()) std::ofstream(s.summary_file, std::ios::app) << summary.str() << "\n";
  for (std::size_t i = 0; i < failures.size() && i < 50; ++i) ADD_FAILURE() << failures[i];
  EXPECT_GT(total.n[kSavesAcked], 0) << "no write was acknowledged: the harness tested nothing";
}

INSTANTIATE_TEST_SUITE_P(Backends, CrashTest, ::testing::Values(db::Backend::Sqlite, db::Backend::Postgres),
                         BackendName{});

}  // namespace
}  // namespace tienbo::test
