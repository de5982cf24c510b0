// Work across reports over real HTTP, on both backends (issue #13, item 6): the approver's inbox
// (GET /api/v1/reports, sorted and filtered), approving many at once, withdrawing a submission
// before review, the unit told when its report is returned, approved or reopened, and reminding
// the units that have not reported from the completeness screen.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "api_fixture.hpp"
#include "test_support.hpp"

namespace tienbo::test {
namespace {

namespace json = boost::json;
using Client = ApiClient;

const char* kFirstPassword = "Inbox-first-2026";
const char* kPassword = "Inbox-pass-2026";
std::string report_path(const std::string& unit) { return "/api/v1/reports/BC_BDG_NAM/" + unit + "/2025"; }

class InboxTest : public ::testing::TestWithParam<db::Backend> {
 protected:
  void SetUp() override {
    env_ = start_api(GetParam(), "inbox");
    TIENBO_REQUIRE_DATABASE(*env_->scratch);
    ASSERT_EQ(env_->error, "");
    Client admin(port(), "admin", kDemoPassword);
    // Editors of two more Hà Nội wards (Cửa Nam 00082, Ba Đình 00004), and a viewer of the city.
    for (const auto& [login, role, unit] :
         std::vector<std::tuple<std::string, std::string, std::string>>{{"cuanam.nhaplieu", "editor", "00082"},
                                                                        {"badinh.nhaplieu", "editor", "00004"},
                                                                        {"hanoi.xem", "viewer", "01"}}) {
      auto made = admin.call("POST", "/api/v1/users",
                             json::object{{"login", login},
                                          {"displayName", "Cán bộ " + login},
                                          {"role", role},
                                          {"unit", unit},
                                          {"password", kFirstPassword}});
      ASSERT_EQ(made.status, 201) << made.body;
      Client first(port(), login, kFirstPassword);  // a password set by someone else is changed first
      ASSERT_EQ(first
                    .call("PUT", "/api/v1/me/password",
                          json::object{{"currentPassword", kFirstPassword}, {"newPassword", kPassword}})
                    .status,
                204);
    }
  }
  unsigned short port() const { return env_->server->port(); }

  //! Saves one value in the ward's report and submits it with `message`; the version after.
  static std::int64_t submit(Client& editor, const std::string& unit, const std::string& message) {
    auto saved = editor.call(
        "PUT", report_path(unit),
        json::object{
            {"version", 0},
            {"values", json::array{json::object{{"element", "BAN_CUOC_HOP"}, {"option", ""}, {"value", "2"}}}}});
    EXPECT_EQ(saved.status, 200) << saved.body;
    auto sent = editor.call("POST", report_path(unit) + "/submit", json::object{{"version", 1}, {"comment", message}});
    EXPECT_EQ(sent.status, 200) << sent.body;
    return json::parse(sent.body).at("version").as_int64();
  }

  static std::vector<std::string> units_of(const json::object& page) {
    std::vector<std::string> out;
    for (const auto& r : page.at("reports").as_array()) out.emplace_back(r.at("unit").as_string());
    return out;
  }

  //! The titles of the user's notifications of `kind`.
  static std::vector<std::string> notes(Client& c, const std::string& kind) {
    std::vector<std::string> out;
    const auto list = c.get("/api/v1/me/notifications?limit=100");
    for (const auto& n : list.at("notifications").as_array()) {
      if (n.at("kind").as_string() == kind) out.emplace_back(n.at("title").as_string());
    }
    return out;
  }

  std::unique_ptr<ApiEnv> env_;
};

TEST_P(InboxTest, TheApproversInboxIsSortedFilteredAndScoped) {
  Client hk(port(), "hoankiem.nhaplieu", kDemoPassword);
  Client cn(port(), "cuanam.nhaplieu", kPassword);
  Client bd(port(), "badinh.nhaplieu", kPassword);
  Client chair(port(), "hanoi.truongban", kDemoPassword);
  submit(hk, "00070", "Gửi báo cáo năm của phường Hoàn Kiếm");
  submit(cn, "00082", "Cửa Nam gửi");
  submit(bd, "00004", "Ba Đình gửi");

  const auto inbox = chair.get("/api/v1/reports?scope=approve&status=submitted");
  EXPECT_EQ(inbox.at("total").as_int64(), 3);
  EXPECT_EQ(units_of(inbox), (std::vector<std::string>{"00004", "00082", "00070"}));  // newest first
  const auto& first = inbox.at("reports").as_array().back().as_object();
  EXPECT_EQ(first.at("message").as_string(), "Gửi báo cáo năm của phường Hoàn Kiếm");  // the editor's message
  EXPECT_EQ(first.at("submittedByName").as_string(), "Cán bộ nhập liệu phường Hoàn Kiếm");
  EXPECT_EQ(first.at("unitNameVi").as_string(), "Phường Hoàn Kiếm");
  EXPECT_EQ(first.at("unitType").as_string(), "commune");
  EXPECT_EQ(first.at("periodLabelVi").as_string(), "Năm 2025");
  EXPECT_EQ(first.at("version").as_int64(), 2);

  EXPECT_EQ(units_of(chair.get("/api/v1/reports?scope=approve&sort=submittedAt")),
            (std::vector<std::string>{"00070", "00082", "00004"}));
  EXPECT_EQ(units_of(chair.get("/api/v1/reports?scope=approve&sort=unit")),
            (std::vector<std::string>{"00004", "00070", "00082"}));
  EXPECT_EQ(units_of(chair.get("/api/v1/reports?scope=approve&sort=-unit")),
            (std::vector<std::string>{"00082", "00070", "00004"}));
  const auto page = chair.get("/api/v1/reports?scope=approve&sort=unit&limit=1&offset=1");
  EXPECT_EQ(page.at("total").as_int64(), 3);
  EXPECT_EQ(units_of(page), std::vector<std::string>{"00070"});
  EXPECT_EQ(
      chair.get("/api/v1/reports?scope=approve&year=2025&form=BC_BDG_NAM&unitType=commune").at("total").as_int64(), 3);
  EXPECT_EQ(chair.get("/api/v1/reports?scope=approve&year=2024").at("total").as_int64(), 0);
  EXPECT_EQ(chair.get("/api/v1/reports?scope=approve&period=2025").at("total").as_int64(), 3);
  EXPECT_EQ(chair.get("/api/v1/reports?scope=approve&unitType=province").at("total").as_int64(), 0);
  EXPECT_EQ(chair.get("/api/v1/reports?scope=approve&status=approved,draft").at("total").as_int64(), 0);
  EXPECT_EQ(chair.get("/api/v1/reports?scope=approve&form=BC_KHAC").at("total").as_int64(), 0);

  // Scope: an editor approves nothing and sees only its own unit's reports; a viewer elsewhere, none.
  EXPECT_EQ(hk.get("/api/v1/reports?scope=approve").at("total").as_int64(), 0);
  EXPECT_EQ(units_of(hk.get("/api/v1/reports?scope=edit")), std::vector<std::string>{"00070"});
  Client hcm(port(), "hcm.xem", kDemoPassword);
  EXPECT_EQ(hcm.get("/api/v1/reports").at("total").as_int64(), 0);
  Client city_viewer(port(), "hanoi.xem", kPassword);
  EXPECT_EQ(city_viewer.get("/api/v1/reports").at("total").as_int64(), 3);
  EXPECT_EQ(city_viewer.get("/api/v1/reports?scope=approve").at("total").as_int64(), 0);

  // Every parameter bounded, named when wrong.
  for (const auto& [query, field] :
       std::vector<std::pair<std::string, std::string>>{{"status=nope", "status"},
                                                        {"status=submitted,", "status"},
                                                        {"sort=bogus", "sort"},
                                                        {"sort=--unit", "sort"},
                                                        {"limit=0", "limit"},
                                                        {"limit=201", "limit"},
                                                        {"offset=-1", "offset"},
                                                        {"offset=100001", "offset"},
                                                        {"unitType=town", "unitType"},
                                                        {"period=20x5", "period"},
                                                        {"year=1999", "year"},
                                                        {"year=2025a", "year"},
                                                        {"scope=all", "scope"},
                                                        {"form=" + std::string(65, 'A'), "form"}}) {
    auto r = chair.call("GET", "/api/v1/reports?" + query);
    EXPECT_EQ(r.status, 422) << query << " " << r.body;
    EXPECT_EQ(json::parse(r.body).at("field").as_string(), field) << query;
  }
}

TEST_P(InboxTest, ApprovingManyApprovesEachAndSaysWhyOthersWereRefused) {
  Client hk(port(), "hoankiem.nhaplieu", kDemoPassword);
  Client cn(port(), "cuanam.nhaplieu", kPassword);
  Client bd(port(), "badinh.nhaplieu", kPassword);
  Client chair(port(), "hanoi.truongban", kDemoPassword);
  const auto v70 = submit(hk, "00070", "");
  const auto v82 = submit(cn, "00082", "");
  const auto v04 = submit(bd, "00004", "");
  auto item = [](const std::string& unit, std::int64_t version) {
    return json::object{{"form", "BC_BDG_NAM"}, {"unit", unit}, {"period", "2025"}, {"version", version}};
  };
  const json::array batch{item("00070", v70), item("00082", v82 - 1), item("26506", 2), item("00004", v04),
                          item("00070", v70)};
  auto r = chair.call("POST", "/api/v1/reports/approvals", json::object{{"reports", batch}, {"comment", "Đồng ý"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto out = json::parse(r.body).as_object();
  EXPECT_EQ(out.at("approved").as_int64(), 2);
  EXPECT_EQ(out.at("refused").as_int64(), 3);
  const auto& results = out.at("results").as_array();
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[0].at("status").as_string(), "approved");
  EXPECT_EQ(results[1].at("problem").at("status").as_int64(), 409);  // stale: someone changed it since
  EXPECT_EQ(results[1].at("problem").at("field").as_string(), "version");
  EXPECT_EQ(results[2].at("problem").at("status").as_int64(),
            404);  // Hồ Chí Minh City's ward: not in the chair's scope
  EXPECT_EQ(results[3].at("status").as_string(), "approved");
  EXPECT_EQ(results[4].at("problem").at("status").as_int64(), 409);  // already approved by the first
  EXPECT_NE(std::string(results[4].at("problem").at("detail").as_string()).find("chỉ phê duyệt được báo cáo đã nộp"),
            std::string::npos);
  EXPECT_EQ(hk.get(report_path("00070")).at("status").as_string(), "approved");
  EXPECT_EQ(cn.get(report_path("00082")).at("status").as_string(), "submitted");
  EXPECT_EQ(bd.get(report_path("00004")).at("status").as_string(), "approved");
  // Each approval is its own step in the history, with the comment.
  const auto history = hk.get(report_path("00070")).at("history").as_array();
  EXPECT_EQ(history.back().at("action").as_string(), "approve");
  EXPECT_EQ(history.back().at("comment").as_string(), "Đồng ý");

  // An editor's batch: each refused, nothing changed.
  auto mine = hk.call("POST", "/api/v1/reports/approvals", json::object{{"reports", json::array{item("00082", v82)}}});
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(json::parse(mine.body).at("approved").as_int64(), 0);
  EXPECT_EQ(cn.get(report_path("00082")).at("status").as_string(), "submitted");

  // Bad batches are refused whole, naming the field.
  json::array too_many;
  for (int i = 0; i < 201; ++i) too_many.push_back(item("00082", v82));
  json::object no_version = item("00082", v82);
  no_version.erase("version");
  for (const auto& [body, field] : std::vector<std::pair<json::object, std::string>>{
           {json::object{{"reports", json::array{}}}, "reports"},
           {json::object{{"reports", too_many}}, "reports"},
           {json::object{{"reports", "00082"}}, "reports"},
           {json::object{{"reports", json::array{no_version}}}, "reports[0].version"},
           {json::object{{"reports", json::array{item("", 1)}}}, "reports[0].unit"},
           {json::object{{"reports", json::array{item("00082", v82), 7}}}, "reports[1]"}}) {
    auto bad = chair.call("POST", "/api/v1/reports/approvals", body);
    EXPECT_EQ(bad.status, 422) << json::serialize(body).substr(0, 200) << " " << bad.body;
    EXPECT_EQ(json::parse(bad.body).at("field").as_string(), field);
  }
  EXPECT_EQ(cn.get(report_path("00082")).at("status").as_string(), "submitted");
}

TEST_P(InboxTest, AUnitWithdrawsItsSubmissionOnlyBeforeReview) {
  Client hk(port(), "hoankiem.nhaplieu", kDemoPassword);
  Client chair(port(), "hanoi.truongban", kDemoPassword);
  const std::string path = report_path("00070");
  const auto v = submit(hk, "00070", "Gửi nhầm");
  auto actions = [](const json::object& report) {
    std::set<std::string> out;
    for (const auto& a : report.at("actions").as_array()) out.emplace(a.as_string());
    return out;
  };
  EXPECT_EQ(actions(hk.get(path)), std::set<std::string>{"withdraw"});
  EXPECT_EQ(actions(chair.get(path)), (std::set<std::string>{"approve", "return"}));
  EXPECT_EQ(chair.call("POST", path + "/withdraw", json::object{{"version", v}}).status, 403);  // not the unit's editor
  EXPECT_EQ(hk.call("POST", path + "/withdraw", json::object{{"version", v - 1}}).status, 409);  // stale
  auto back = hk.call("POST", path + "/withdraw", json::object{{"version", v}, {"comment", "Còn thiếu số liệu"}});
  ASSERT_EQ(back.status, 200) << back.body;
  const auto draft = json::parse(back.body).as_object();
  EXPECT_EQ(draft.at("status").as_string(), "draft");
  EXPECT_EQ(actions(draft), (std::set<std::string>{"save", "attach", "submit"}));
  EXPECT_EQ(draft.at("history").as_array().back().at("action").as_string(), "withdraw");
  // No longer submitted: out of the inbox, not counted as received.
  EXPECT_EQ(chair.get("/api/v1/reports?scope=approve&status=submitted").at("total").as_int64(), 0);
  const auto listed = hk.get("/api/v1/reports?scope=edit").at("reports").as_array();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_TRUE(listed[0].at("submittedAt").is_null());
  EXPECT_EQ(chair.get("/api/v1/completeness?form=BC_BDG_NAM&period=2025&unit=01").at("received").as_int64(), 0);
  EXPECT_EQ(chair.call("POST", path + "/approve", json::object{{"version", v + 1}}).status, 409);
  // Submitted again and approved: too late to withdraw.
  ASSERT_EQ(hk.call("POST", path + "/submit", json::object{{"version", v + 1}}).status, 200);
  ASSERT_EQ(chair.call("POST", path + "/approve", json::object{{"version", v + 2}}).status, 200);
  auto late = hk.call("POST", path + "/withdraw", json::object{{"version", v + 3}});
  EXPECT_EQ(late.status, 409);
  EXPECT_NE(late.body.find("chỉ rút lại được báo cáo đã nộp và chưa được xem xét"), std::string::npos) << late.body;
  // The first submission stays among the revisions.
  EXPECT_EQ(hk.get(path + "/revisions").at("revisions").as_array().size(), 2u);
}

TEST_P(InboxTest, TheUnitIsToldWhenItsReportIsReturnedApprovedOrReopened) {
  Client hk(port(), "hoankiem.nhaplieu", kDemoPassword);
  Client chair(port(), "hanoi.truongban", kDemoPassword);
  const std::string path = report_path("00070");
  const auto v = submit(hk, "00070", "");
  ASSERT_EQ(
      chair.call("POST", path + "/return", json::object{{"version", v}, {"comment", "Thiếu   số liệu\nvề tập huấn"}})
          .status,
      200);
  auto returned = notes(hk, "report_return");
  ASSERT_EQ(returned.size(), 1u);
  EXPECT_EQ(returned[0],
            "Báo cáo bị trả lại để sửa: Báo cáo tổng kết năm công tác bình đẳng giới và vì sự tiến bộ của phụ nữ — "
            "Phường Hoàn Kiếm, Năm 2025. Lý do: Thiếu số liệu về tập huấn");
  EXPECT_TRUE(notes(chair, "report_return").empty());  // not whoever did it
  ASSERT_EQ(hk.call("POST", path + "/submit", json::object{{"version", v + 1}}).status, 200);
  ASSERT_EQ(chair.call("POST", path + "/approve", json::object{{"version", v + 2}}).status, 200);
  const auto approved = notes(hk, "report_approve");
  ASSERT_EQ(approved.size(), 1u);
  EXPECT_EQ(approved[0].rfind("Báo cáo đã được phê duyệt: ", 0), 0u) << approved[0];
  ASSERT_EQ(chair.call("POST", path + "/reopen", json::object{{"version", v + 3}, {"comment", "Phát hiện sai số liệu"}})
                .status,
            200);
  const auto reopened = notes(hk, "report_reopen");
  ASSERT_EQ(reopened.size(), 1u);
  EXPECT_NE(reopened[0].find("Lý do: Phát hiện sai số liệu"), std::string::npos) << reopened[0];
  // Each links to the report.
  const auto all = hk.get("/api/v1/me/notifications");
  for (const auto& n : all.at("notifications").as_array()) {
    EXPECT_EQ(n.at("link").as_string(), "/reports/BC_BDG_NAM/00070/2025");
  }
  // Another ward's editor hears nothing of it.
  Client cn(port(), "cuanam.nhaplieu", kPassword);
  EXPECT_TRUE(cn.get("/api/v1/me/notifications").at("notifications").as_array().empty());
}

TEST_P(InboxTest, TheLevelAboveRemindsTheUnitsThatHaveNotReported) {
  Client hk(port(), "hoankiem.nhaplieu", kDemoPassword);
  Client cn(port(), "cuanam.nhaplieu", kPassword);
  Client bd(port(), "badinh.nhaplieu", kPassword);
  Client chair(port(), "hanoi.truongban", kDemoPassword);
  submit(hk, "00070", "");
  // Ba Đình saved a draft; Cửa Nam has nothing; Hoàn Kiếm submitted.
  ASSERT_EQ(bd.call("PUT", report_path("00004"), json::object{{"version", 0}, {"values", json::array{}}}).status, 200);
  const json::object ask{{"form", "BC_BDG_NAM"}, {"period", "2025"}, {"unit", "01"}};
  auto r = chair.call("POST", "/api/v1/completeness/reminders", ask);
  ASSERT_EQ(r.status, 200) << r.body;
  auto out = json::parse(r.body).as_object();
  EXPECT_EQ(out.at("units").as_int64(), 2);  // Cửa Nam and Ba Đình: the wards with an editor that have not reported
  EXPECT_EQ(out.at("notified").as_int64(), 2);
  EXPECT_EQ(out.at("alreadyToday").as_int64(), 0);
  // Every other ward of Hà Nội has no editor account: named, to be called instead.
  const auto& without = out.at("withoutAccount").as_array();
  EXPECT_GT(without.size(), 100u);
  std::set<std::string> named;
  for (const auto& w : without) named.emplace(w.at("unit").as_string());
  EXPECT_FALSE(named.count("00070") || named.count("00082") || named.count("00004"));
  EXPECT_TRUE(named.count("00025"));  // Phường Giảng Võ
  ASSERT_EQ(notes(cn, "report_reminder").size(), 1u);
  EXPECT_EQ(notes(cn, "report_reminder")[0].rfind("Đề nghị nộp báo cáo (hạn trước ngày 15/12/2025): ", 0), 0u)
      << notes(cn, "report_reminder")[0];
  EXPECT_EQ(notes(bd, "report_reminder").size(), 1u);
  EXPECT_TRUE(notes(hk, "report_reminder").empty());  // it has reported
  // Once a day: asking again sends nothing new.
  auto again = json::parse(chair.call("POST", "/api/v1/completeness/reminders", ask).body).as_object();
  EXPECT_EQ(again.at("notified").as_int64(), 0);
  EXPECT_EQ(again.at("alreadyToday").as_int64(), 2);
  EXPECT_EQ(notes(cn, "report_reminder").size(), 1u);
  // The manager may too; a viewer of the city may not (403); outside one's scope it does not exist (404).
  Client manager(port(), "hanoi.quanly", kDemoPassword);
  EXPECT_EQ(manager.call("POST", "/api/v1/completeness/reminders", ask).status, 200);
  Client viewer(port(), "hanoi.xem", kPassword);
  EXPECT_EQ(viewer.call("POST", "/api/v1/completeness/reminders", ask).status, 403);
  Client hcm(port(), "hcm.xem", kDemoPassword);
  EXPECT_EQ(hcm.call("POST", "/api/v1/completeness/reminders", ask).status, 404);
  auto missing =
      chair.call("POST", "/api/v1/completeness/reminders", json::object{{"form", "BC_BDG_NAM"}, {"period", "2025"}});
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(json::parse(missing.body).at("field").as_string(), "unit");
  // Audited, with what was done.
  const auto audit = chair.get("/api/v1/audit?entityType=report&entityId=BC_BDG_NAM/01/2025");
  ASSERT_FALSE(audit.at("entries").as_array().empty());
  EXPECT_EQ(audit.at("entries").as_array()[0].at("action").as_string(), "remind");
}

// The app offers menus by what GET /me says the grants open; each ability left out is a request the
// server refuses, and each one given is one it allows.
TEST_P(InboxTest, TheAppIsToldWhatEachUsersGrantsOpen) {
  using Set = std::set<std::string>;
  auto abilities = [&](Client& c) {
    Set out;
    const auto me = c.get("/api/v1/me");
    for (const auto& a : me.at("abilities").as_array()) out.emplace(a.as_string());
    return out;
  };
  Client admin(port(), "admin", kDemoPassword);
  Client manager(port(), "hanoi.quanly", kDemoPassword);
  Client chair(port(), "hanoi.truongban", kDemoPassword);
  Client editor(port(), "hoankiem.nhaplieu", kDemoPassword);
  Client viewer(port(), "hcm.xem", kDemoPassword);
  EXPECT_EQ(abilities(admin), (Set{"reports.edit", "reports.approve", "audit.read", "users.manage", "deadlines.edit"}));
  EXPECT_EQ(abilities(manager), (Set{"reports.edit", "audit.read"}));
  EXPECT_EQ(abilities(chair), (Set{"reports.approve", "audit.read"}));
  EXPECT_EQ(abilities(editor), Set{"reports.edit"});
  EXPECT_EQ(abilities(viewer), Set{});
  // Left out means refused...
  EXPECT_EQ(viewer.call("GET", "/api/v1/audit").status, 403);
  EXPECT_EQ(editor.call("GET", "/api/v1/audit").status, 403);
  const json::object deadline{{"monthOffset", 0}, {"day", 15}, {"source", "Thử"}};
  EXPECT_EQ(manager.call("PUT", "/api/v1/forms/BC_BDG_NAM/deadlines/commune", deadline).status, 403);
  EXPECT_EQ(
      manager
          .call("POST", "/api/v1/users",
                json::object{{"login", "x.thu"}, {"role", "viewer"}, {"unit", "01"}, {"password", kFirstPassword}})
          .status,
      403);
  // ...and given means allowed.
  EXPECT_EQ(chair.call("GET", "/api/v1/audit").status, 200);
  EXPECT_EQ(admin.call("PUT", "/api/v1/forms/BC_BDG_NAM/deadlines/commune", deadline).status, 200);
}

// Each committee says what the caller may do with it; the oracle is the server itself answering
// the change: offered means the appointment is made, not offered means it is refused.
TEST_P(InboxTest, EachCommitteeSaysWhatTheUserMayDoWithIt) {
  using Set = std::set<std::string>;
  Client admin(port(), "admin", kDemoPassword);
  Client manager(port(), "hanoi.quanly", kDemoPassword);
  Client chair(port(), "hanoi.truongban", kDemoPassword);
  auto first = [](Client& c) {
    const auto list = c.get("/api/v1/committees?unit=01");
    return list.at("committees").as_array().at(0).as_object();
  };
  auto actions = [](const json::object& committee) {
    Set out;
    for (const auto& a : committee.at("actions").as_array()) out.emplace(a.as_string());
    return out;
  };
  const json::object committee = first(manager);
  const std::string path = "/api/v1/committees/" + std::to_string(committee.at("id").as_int64());
  const Set all{"edit", "appoint", "end_member"};
  EXPECT_EQ(actions(committee), all);
  EXPECT_EQ(actions(manager.get(path)), all);
  EXPECT_EQ(actions(first(admin)), all);
  EXPECT_EQ(actions(first(chair)), Set{});
  EXPECT_EQ(actions(chair.get(path)), Set{});
  const json::object member{{"fullName", "Lê Thị Hoa"}, {"sex", "F"}, {"role", "member"}, {"termStart", "2026-01-05"}};
  EXPECT_EQ(chair.call("POST", path + "/members", member).status, 403);
  EXPECT_EQ(manager.call("POST", path + "/members", member).status, 201);
}

INSTANTIATE_TEST_SUITE_P(Backends, InboxTest, ::testing::Values(db::Backend::Sqlite, db::Backend::Postgres),
                         BackendName());

}  // namespace
}  // namespace tienbo::test
