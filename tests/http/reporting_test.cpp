// The reporting workflow end to end over real HTTP, on both backends: a
// commune editor enters values and narratives, a blocking rule stops the
// submission with a Vietnamese message, the province returns the report with a
// reason, it is fixed and resubmitted, approved and locked, and a second
// editor saving with a stale version gets 409 while nothing is lost.

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include <algorithm>
#include <boost/json.hpp>
#include <random>
#include <thread>

#include "api_fixture.hpp"
#include "test_support.hpp"
#include "tienbo/auth/token.hpp"
#include "tienbo/core/value_syntax.hpp"
#include "tienbo/db/migrations.hpp"
#include "tienbo/http/routes.hpp"
#include "tienbo/http/server.hpp"
#include "tienbo/services/setup_service.hpp"
#include "tienbo/store/sql_store.hpp"

namespace tienbo::test {
namespace {

namespace json = boost::json;

const services::Actor kSetup{"test-setup", "setup"};
const std::string kReport = "/api/v1/reports/BC_BDG_NAM/00070/2025";
using Client = ApiClient;

json::object value(const std::string& element, const std::string& option, const std::string& v) {
  return json::object{{"element", element}, {"option", option}, {"value", v}};
}

class ReportingTest : public ::testing::TestWithParam<db::Backend> {
 protected:
  void SetUp() override {
    env_ = start_api(GetParam(), "reporting");
    TIENBO_REQUIRE_DATABASE(*env_->scratch);
    ASSERT_EQ(env_->error, "");
  }
  unsigned short port() const { return env_->server->port(); }
  std::unique_ptr<ApiEnv> env_;
};

TEST_P(ReportingTest, CommuneReportGoesThroughTheWholeWorkflow) {
  Client editor(port(), "hoankiem.nhaplieu", kDemoPassword);
  Client province(port(), "hanoi.truongban", kDemoPassword);

  auto empty = editor.get(kReport);
  EXPECT_EQ(empty.at("status").as_string(), "draft");
  EXPECT_EQ(empty.at("version").as_int64(), 0);
  EXPECT_TRUE(empty.at("editable").as_bool());
  EXPECT_EQ(empty.at("dueBefore").as_string(), "2025-12-15");  // communes report before 15/12 (Công văn 56/BVSTBPN)
  EXPECT_EQ(empty.at("period").as_object().at("cutoffEnd").as_string(), "2025-12-14");
  // Hoàn Kiếm has no committee in the register: the report says so, and its members are typed.
  ASSERT_EQ(empty.at("warnings").as_array().size(), 1u) << json::serialize(empty.at("warnings"));
  EXPECT_EQ(empty.at("warnings").as_array()[0].as_object().at("code").as_string(), "no_committee");
  EXPECT_EQ(empty.at("warnings").as_array()[0].as_object().at("messageVi").as_string(),
            "Đơn vị chưa có Ban Vì sự tiến bộ của phụ nữ trong sổ đăng ký");

  // A typed field refuses "12a", naming the field in both languages; nothing is saved.
  auto bad = editor.call("PUT", kReport,
                         json::object{{"version", 0}, {"values", json::array{value("BAN_CUOC_HOP", "", "12a")}}});
  EXPECT_EQ(bad.status, 422);
  auto bad_body = json::parse(bad.body).as_object();
  EXPECT_NE(std::string(bad_body.at("detail").as_string()).find("Số cuộc họp của Ban"), std::string::npos) << bad.body;
  EXPECT_NE(std::string(bad_body.at("detailEn").as_string()).find("Committee meetings"), std::string::npos);
  EXPECT_EQ(bad_body.at("field").as_string(), "values[0]");
  EXPECT_EQ(editor.get(kReport).at("version").as_int64(), 0);

  // Values and narratives; more victims reached than detected breaks a blocking rule.
  json::array values{value("BAN_CUOC_HOP", "", "4"),      value("BAN_THANH_VIEN", "NU", "5"),
                     value("BAN_THANH_VIEN", "NAM", "7"), value("BL_NAN_NHAN", "NU", "3"),
                     value("BL_TIEP_CAN", "NU", "5"),     value("TH_LOP", "", "2"),
                     value("TH_NGUOI", "NU", "40"),       value("TH_NGUOI", "NAM", "25"),
                     value("KP_DU_TOAN", "", "12,5"),     value("LANH_DAO_CHU_CHOT_NU", "", "có")};
  auto saved =
      editor.call("PUT", kReport,
                  json::object{{"version", 0},
                               {"values", values},
                               {"narratives", json::object{{"KET_QUA", "Tổ chức 4 cuộc họp, 2 lớp tập huấn."}}}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  auto view = json::parse(saved.body).as_object();
  EXPECT_EQ(view.at("version").as_int64(), 1);
  const auto& members = view.at("sections").as_array().at(0).as_object().at("elements").as_array().at(1).as_object();
  EXPECT_EQ(members.at("code").as_string(), "BAN_THANH_VIEN");
  EXPECT_EQ(members.at("total").as_int64(), 12);  // Tổng = Nữ + Nam, computed
  ASSERT_EQ(view.at("violations").as_array().size(), 1u);
  EXPECT_EQ(view.at("violations").as_array()[0].as_object().at("severity").as_string(), "blocking");

  auto refused = editor.call("POST", kReport + "/submit", json::object{{"version", 1}});
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("không được lớn hơn số người bị bạo lực được phát hiện"), std::string::npos)
      << refused.body;
  EXPECT_NE(refused.body.find("\"violations\""), std::string::npos);

  auto fixed = editor.call("PUT", kReport,
                           json::object{{"version", 1}, {"values", json::array{value("BL_NAN_NHAN", "NU", "6")}}});
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  auto submitted =
      editor.call("POST", kReport + "/submit", json::object{{"version", 2}, {"comment", "Gửi báo cáo năm"}});
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(json::parse(submitted.body).as_object().at("status").as_string(), "submitted");
  EXPECT_EQ(editor.call("PUT", kReport, json::object{{"version", 3}, {"values", json::array{}}}).status,
            409);  // locked

  // The province returns it with a reason for one section.
  auto no_reason = province.call("POST", kReport + "/return", json::object{{"version", 3}});
  EXPECT_EQ(no_reason.status, 422);
  auto returned = province.call("POST", kReport + "/return",
                                json::object{{"version", 3},
                                             {"comment", "Cần bổ sung"},
                                             {"reasons", json::object{{"KINH_PHI", "Thiếu kinh phí thực hiện"}}}});
  ASSERT_EQ(returned.status, 200) << returned.body;
  auto rv = json::parse(returned.body).as_object();
  EXPECT_EQ(rv.at("status").as_string(), "returned");
  const auto& last = rv.at("history").as_array().back().as_object();
  EXPECT_EQ(last.at("action").as_string(), "return");
  EXPECT_EQ(last.at("actor").as_string(), "hanoi.truongban");
  EXPECT_EQ(last.at("details").as_object().at("reasons").as_object().at("KINH_PHI").as_string(),
            "Thiếu kinh phí thực hiện");

  // Fixed and resubmitted, then approved and locked.
  ASSERT_EQ(
      editor
          .call("PUT", kReport, json::object{{"version", 4}, {"values", json::array{value("KP_THUC_HIEN", "", "10")}}})
          .status,
      200);
  ASSERT_EQ(editor.call("POST", kReport + "/submit", json::object{{"version", 5}}).status, 200);
  EXPECT_EQ(editor.call("POST", kReport + "/approve", json::object{{"version", 6}}).status,
            403);  // editors do not approve
  auto approved = province.call("POST", kReport + "/approve", json::object{{"version", 6}, {"comment", "Đồng ý"}});
  ASSERT_EQ(approved.status, 200) << approved.body;
  auto av = json::parse(approved.body).as_object();
  EXPECT_EQ(av.at("status").as_string(), "approved");
  EXPECT_FALSE(av.at("editable").as_bool());
  EXPECT_EQ(editor.call("PUT", kReport, json::object{{"version", 7}, {"values", json::array{}}}).status, 409);

  // Reopening needs the level above: the province approver may, the commune editor may not.
  EXPECT_EQ(editor.call("POST", kReport + "/reopen", json::object{{"version", 7}, {"comment", "Sửa"}}).status, 403);
  auto reopened =
      province.call("POST", kReport + "/reopen", json::object{{"version", 7}, {"comment", "Phát hiện sai số liệu"}});
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_EQ(json::parse(reopened.body).as_object().at("status").as_string(), "returned");

  // What changed between the first and the second submission.
  auto revisions = editor.get(kReport + "/revisions");
  ASSERT_EQ(revisions.at("revisions").as_array().size(), 2u);
  auto diff = editor.get(kReport + "/diff?from=1&to=2");
  ASSERT_EQ(diff.at("changes").as_array().size(), 1u);
  const auto& change = diff.at("changes").as_array()[0].as_object();
  EXPECT_EQ(change.at("key").as_string(), "KP_THUC_HIEN.TONG");
  EXPECT_TRUE(change.at("before").is_null());
  EXPECT_EQ(change.at("after").as_string(), "10");
  EXPECT_EQ(editor.call("GET", kReport + "/diff?from=1&to=3").status, 404);

  // Every step is in the history and the values survived.
  auto final_view = editor.get(kReport);
  std::vector<std::string> actions;
  for (const auto& h : final_view.at("history").as_array())
    actions.emplace_back(h.as_object().at("action").as_string());
  EXPECT_EQ(actions, (std::vector<std::string>{"submit", "return", "submit", "approve", "reopen"}));
  EXPECT_EQ(final_view.at("sections").as_array().at(7).as_object().at("text").as_string(),
            "Tổ chức 4 cuộc họp, 2 lớp tập huấn.");
}

TEST_P(ReportingTest, AStaleVersionGets409AndNothingIsLost) {
  Client first(port(), "hoankiem.nhaplieu", kDemoPassword);
  Client second(port(), "hoankiem.thuky", kPassword);
  ASSERT_EQ(
      first.call("PUT", kReport, json::object{{"version", 0}, {"values", json::array{value("BAN_CUOC_HOP", "", "3")}}})
          .status,
      200);
  // Both open version 1; the first saves, then the second saves on top of version 1.
  ASSERT_EQ(second.get(kReport).at("version").as_int64(), 1);
  auto a =
      first.call("PUT", kReport, json::object{{"version", 1}, {"values", json::array{value("BAN_VAN_BAN", "", "8")}}});
  ASSERT_EQ(a.status, 200);
  auto b =
      second.call("PUT", kReport, json::object{{"version", 1}, {"values", json::array{value("BAN_VAN_BAN", "", "2")}}});
  ASSERT_EQ(b.status, 409) << b.body;
  auto body = json::parse(b.body).as_object();
  EXPECT_EQ(body.at("current").as_object().at("version").as_int64(), 2);
  EXPECT_NE(std::string(body.at("detail").as_string()).find("người khác lưu"), std::string::npos);
  auto now = first.get(kReport);
  const auto& docs = now.at("sections").as_array().at(0).as_object().at("elements").as_array().at(3).as_object();
  EXPECT_EQ(docs.at("values").as_object().at("TONG").as_object().at("value").as_string(),
            "8");  // the first save stands
}

TEST_P(ReportingTest, ScopeAndPeriodsAreChecked) {
  Client other(port(), "hcm.nhaplieu", kPassword);
  EXPECT_EQ(other.call("GET", kReport).status, 404);  // another province's commune
  // A write outside the scope is "not found" too, exactly like a unit that does not exist (issue #12).
  EXPECT_EQ(other.call("PUT", kReport, json::object{{"version", 0}, {"values", json::array{}}}).status, 404);
  Client editor(port(), "hoankiem.nhaplieu", kDemoPassword);
  auto wrong_type = editor.call("GET", "/api/v1/reports/BC_BDG_NAM/00070/2025S1");
  EXPECT_EQ(wrong_type.status, 422);
  EXPECT_NE(wrong_type.body.find("period"), std::string::npos);
  auto not_expected = editor.call("GET", "/api/v1/reports/BC_BDG_6T/00070/2025S2");
  EXPECT_EQ(not_expected.status, 422);
  EXPECT_NE(not_expected.body.find("6 tháng cuối năm 2025"), std::string::npos) << not_expected.body;
  // Before 1/7/2025 the code 00070 meant another ward, which became part of today's Hoàn Kiếm:
  // its report is readable through the lineage, as history, and not editable.
  auto former = editor.get("/api/v1/reports/BC_BDG_6T/00070/2025S1");
  EXPECT_EQ(former.at("unit").as_object().at("nameVi").as_string(), "Phường Hàng Trống");
  EXPECT_FALSE(former.at("editable").as_bool());
  EXPECT_EQ(editor
                .call("PUT", "/api/v1/reports/BC_BDG_6T/00070/2025S1",
                      json::object{{"version", 0}, {"values", json::array{}}})
                .status,
            403);
  auto forms = editor.get("/api/v1/forms");
  EXPECT_EQ(forms.at("forms").as_array().size(), 4u);
  auto strategy = editor.get("/api/v1/forms/BC_CHIEN_LUOC");
  EXPECT_EQ(strategy.at("nameVi").as_string(),
            "Báo cáo kết quả thực hiện các chỉ tiêu của Chiến lược quốc gia về bình đẳng giới giai đoạn 2021–2030");
  EXPECT_EQ(strategy.at("sections").as_array().size(), 9u);  // the six objectives and three narratives
  auto action_month = editor.get("/api/v1/forms/BC_THANG_HANH_DONG");
  const auto& activity =
      action_month.at("sections").as_array().at(0).as_object().at("elements").as_array().at(1).as_object();
  EXPECT_EQ(activity.at("code").as_string(), "THD_HOAT_DONG");
  EXPECT_EQ(activity.at("options").as_array().size(), 13u);  // the activity forms of seed 002, and "other"
  // Every element of every form, and of a report, comes with its definition and how to count it.
  const auto texts_of = [](const json::object& doc, const std::string& what) {
    int seen = 0;
    for (const auto& s : doc.at("sections").as_array()) {
      const auto* elements = s.as_object().if_contains("elements");  // a report's narrative section has none
      if (elements == nullptr) continue;
      for (const auto& el : elements->as_array()) {
        const auto& o = el.as_object();
        for (const char* key : {"descriptionVi", "instructionVi", "instructionEn"}) {
          EXPECT_FALSE(o.at(key).as_string().empty()) << what << " " << o.at("code").as_string() << " " << key;
        }
        ++seen;
      }
    }
    EXPECT_GT(seen, 0) << what;
  };
  for (const auto& f : forms.at("forms").as_array()) {
    const std::string code(f.as_object().at("code").as_string());
    texts_of(editor.get("/api/v1/forms/" + code), code);
  }
  texts_of(former, "report BC_BDG_6T/00070/2025S1");
  EXPECT_NE(std::string(activity.at("descriptionVi").as_string()).find("1790/QĐ-TTg"), std::string::npos);
}

TEST_P(ReportingTest, ReportsDueCompletenessAndConsolidation) {
  Client editor(port(), "hoankiem.nhaplieu", kDemoPassword);
  Client manager(port(), "hanoi.quanly", kDemoPassword);
  Client province(port(), "hanoi.truongban", kDemoPassword);

  // "My reports due", overdue first; the commune's annual report is due before 15/12.
  auto due = editor.get("/api/v1/me/reports-due?today=2025-11-30");
  std::vector<std::string> due_forms;
  for (const auto& d : due.at("reports").as_array()) {
    const auto& o = d.as_object();
    EXPECT_EQ(o.at("unit").as_string(), "00070");
    due_forms.emplace_back(o.at("form").as_string());
    if (o.at("form").as_string() == "BC_BDG_NAM") {
      EXPECT_EQ(o.at("dueBefore").as_string(), "2025-12-15");
      EXPECT_EQ(o.at("daysLeft").as_int64(), 14);
      EXPECT_FALSE(o.at("overdue").as_bool());
    }
  }
  EXPECT_NE(std::find(due_forms.begin(), due_forms.end(), "BC_BDG_NAM"), due_forms.end());
  auto late = editor.get("/api/v1/me/reports-due?today=2025-12-16");
  ASSERT_FALSE(late.at("reports").as_array().empty());
  EXPECT_TRUE(late.at("reports").as_array()[0].as_object().at("overdue").as_bool());  // overdue first

  // Two communes report; one is approved.
  const std::string hk = "/api/v1/reports/BC_BDG_NAM/00070/2025";
  const std::string cn = "/api/v1/reports/BC_BDG_NAM/00082/2025";
  ASSERT_EQ(
      editor
          .call("PUT", hk,
                json::object{{"version", 0},
                             {"values", json::array{value("BAN_CUOC_HOP", "", "4"), value("BAN_THANH_VIEN", "NU", "5"),
                                                    value("BAN_THANH_VIEN", "NAM", "7")}},
                             {"narratives", json::object{{"KET_QUA", "Hoàn Kiếm làm tốt."}}}})
          .status,
      200);
  ASSERT_EQ(editor.call("POST", hk + "/submit", json::object{{"version", 1}}).status, 200);
  ASSERT_EQ(manager
                .call("PUT", cn,
                      json::object{
                          {"version", 0},
                          {"values", json::array{value("BAN_CUOC_HOP", "", "6"), value("BAN_THANH_VIEN", "NU", "2")}},
                          {"narratives", json::object{{"KET_QUA", "Cửa Nam cần cố gắng."}}}})
                .status,
            200);
  ASSERT_EQ(manager.call("POST", cn + "/submit", json::object{{"version", 1}}).status, 200);
  ASSERT_EQ(province.call("POST", hk + "/approve", json::object{{"version", 2}}).status, 200);

  auto c = manager.get("/api/v1/completeness?form=BC_BDG_NAM&period=2025&unit=01");
  EXPECT_EQ(c.at("expected").as_int64(), 1 + 126 + 4);  // the city, its 126 communes, its 4 member agencies
  EXPECT_EQ(c.at("received").as_int64(), 2);
  EXPECT_EQ(c.at("approved").as_int64(), 1);
  EXPECT_EQ(c.at("onTime").as_int64(), 0);  // submitted now, long after 5/12/2025
  EXPECT_EQ(c.at("rows").as_array()[0].as_object().at("status").as_string(), "missing");
  EXPECT_GT(c.at("filledAverage").as_double(), 0.0);
  EXPECT_EQ(editor.call("GET", "/api/v1/completeness?form=BC_BDG_NAM&period=2025&unit=01").status,
            404);  // above the commune

  // Consolidation from approved children only, then also submitted ones; the city's own entry stays.
  const std::string city = "/api/v1/reports/BC_BDG_NAM/01/2025";
  auto first = manager.call("POST", city + "/consolidate", json::object{{"version", 0}});
  ASSERT_EQ(first.status, 200) << first.body;
  auto f = json::parse(first.body).as_object();
  EXPECT_EQ(f.at("childrenUsed").as_int64(), 1);
  EXPECT_EQ(f.at("missing").as_array().size(), 129u);
  // The children's figures are the city's consolidated column, apart from its own entries.
  auto meetings = [](const json::object& report) {
    const auto& e = report.at("sections").as_array().at(0).as_object().at("elements").as_array().at(2).as_object();
    EXPECT_FALSE(e.at("values").as_object().contains("TONG"))
        << "a consolidated figure written into the city's own cell";
    return std::string(e.at("consolidated").as_object().at("TONG").as_object().at("value").as_string());
  };
  EXPECT_EQ(meetings(f.at("report").as_object()), "4");
  const std::int64_t v1 = f.at("report").as_object().at("version").as_int64();
  // The city's committee is in the register (5 women and 2 men on 31/12/2025): its members are the
  // register's, read-only — typing another figure is refused, naming the field.
  auto typed_members = manager.call(
      "PUT", city, json::object{{"version", v1}, {"values", json::array{value("BAN_THANH_VIEN", "NU", "20")}}});
  EXPECT_EQ(typed_members.status, 422) << typed_members.body;
  EXPECT_EQ(json::parse(typed_members.body).as_object().at("field").as_string(), "values[0]");
  EXPECT_NE(typed_members.body.find("sổ đăng ký Ban"), std::string::npos) << typed_members.body;
  {
    const auto offered = manager.get(city);
    EXPECT_TRUE(offered.at("warnings").as_array().empty());
    const auto& m = offered.at("sections").as_array().at(0).as_object().at("elements").as_array().at(1).as_object();
    EXPECT_TRUE(m.at("readOnly").as_bool());
    EXPECT_EQ(m.at("register").as_object().at("asOf").as_string(), "2025-12-31");
    EXPECT_EQ(m.at("values").as_object().at("NU").as_object().at("source").as_string(), "register");
    EXPECT_NE(std::string(m.at("values").as_object().at("NU").as_object().at("dataSource").as_string())
                  .find("QĐ số 1234/QĐ-UBND"),
              std::string::npos);
  }
  ASSERT_EQ(
      manager.call("PUT", city, json::object{{"version", v1}, {"values", json::array{value("BAN_VAN_BAN", "", "3")}}})
          .status,
      200);
  auto second =
      manager.call("POST", city + "/consolidate", json::object{{"version", v1 + 1}, {"includeSubmitted", true}});
  ASSERT_EQ(second.status, 200) << second.body;
  auto s2 = json::parse(second.body).as_object();
  EXPECT_EQ(s2.at("childrenUsed").as_int64(), 2);
  EXPECT_EQ(s2.at("valuesKept").as_int64(),
            2);  // the city's own 5 women and 2 men (register), beside the children's 7 and 7
  const auto& report = s2.at("report").as_object();
  EXPECT_EQ(meetings(report), "10");  // 4 + 6
  const auto& members = report.at("sections").as_array().at(0).as_object().at("elements").as_array().at(1).as_object();
  EXPECT_EQ(members.at("values").as_object().at("NU").as_object().at("value").as_string(),
            "5");  // the register's, stored on save
  EXPECT_EQ(members.at("values").as_object().at("NAM").as_object().at("value").as_string(), "2");
  EXPECT_EQ(members.at("consolidated").as_object().at("NU").as_object().at("value").as_string(), "7");  // 5 + 2
  EXPECT_EQ(members.at("consolidated").as_object().at("NAM").as_object().at("value").as_string(), "7");
  EXPECT_EQ(members.at("consolidated").as_object().at("NU").as_object().at("childrenUsed").as_int64(), 2);
  EXPECT_EQ(members.at("consolidated").as_object().at("NAM").as_object().at("childrenUsed").as_int64(), 1);
  const std::string results(report.at("sections").as_array().at(7).as_object().at("text").as_string());
  EXPECT_NE(results.find("— Phường Hoàn Kiếm: Hoàn Kiếm làm tốt."), std::string::npos) << results;
  EXPECT_NE(results.find("— Phường Cửa Nam: Cửa Nam cần cố gắng."), std::string::npos) << results;

  // Bottom-up approval: the city waits for its children, approved or waived.
  const std::int64_t cv = report.at("version").as_int64();
  ASSERT_EQ(manager.call("POST", city + "/submit", json::object{{"version", cv}}).status, 200);
  auto blocked = province.call("POST", city + "/approve", json::object{{"version", cv + 1}});
  EXPECT_EQ(blocked.status, 409);
  EXPECT_NE(blocked.body.find("129 đơn vị cấp dưới"), std::string::npos)
      << blocked.body;  // Cửa Nam is submitted, not approved
  ASSERT_EQ(province.call("POST", cn + "/approve", json::object{{"version", 2}}).status, 200);
  EXPECT_EQ(editor.call("POST", city + "/waive-children", json::object{{"reason", "x"}}).status,
            404);  // not in its scope
  auto waived =
      province.call("POST", city + "/waive-children", json::object{{"reason", "Đơn vị mới thành lập sau sắp xếp"}});
  ASSERT_EQ(waived.status, 200) << waived.body;
  EXPECT_EQ(json::parse(waived.body).as_object().at("waived").as_int64(), 128);
  auto after = manager.get("/api/v1/completeness?form=BC_BDG_NAM&period=2025&unit=01");
  EXPECT_EQ(after.at("expected").as_int64(), 3);  // the city and its two reporting communes
  EXPECT_EQ(after.at("received").as_int64(), 3);
  auto ok = province.call("POST", city + "/approve", json::object{{"version", cv + 1}});
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST_P(ReportingTest, NumbersTextAndCommentsAreKeptAsPeopleWroteThem) {
  Client editor(port(), "hoankiem.nhaplieu", kDemoPassword);
  json::array values{json::object{{"element", "KP_DU_TOAN"}, {"value", 12.5}},
                     json::object{{"element", "BAN_CUOC_HOP"}, {"value", 3}, {"comment", "Họp quý\nvà họp đột xuất"}},
                     json::object{{"element", "LANH_DAO_CHU_CHOT_NU"}, {"value", "CÓ"}}};
  auto saved = editor.call(
      "PUT", kReport,
      json::object{
          {"version", 0}, {"values", values}, {"narratives", json::object{{"KET_QUA", "Đoạn một.\n\nĐoạn hai."}}}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  auto v = json::parse(saved.body).as_object();
  const auto& sections = v.at("sections").as_array();
  auto cell = [&](std::size_t section, std::size_t element) {
    return sections.at(section)
        .as_object()
        .at("elements")
        .as_array()
        .at(element)
        .as_object()
        .at("values")
        .as_object()
        .at("TONG")
        .as_object();
  };
  EXPECT_EQ(cell(4, 0).at("value").as_string(), "12.5");  // a JSON decimal
  EXPECT_EQ(cell(0, 2).at("comment").as_string(), "Họp quý\nvà họp đột xuất");
  EXPECT_EQ(cell(5, 4).at("value").as_string(), "true");
  EXPECT_EQ(sections.at(7).as_object().at("text").as_string(), "Đoạn một.\n\nĐoạn hai.");
  // A save without a comment keeps the stored one; a save that changes nothing keeps the version.
  auto again = editor.call("PUT", kReport,
                           json::object{{"version", 1}, {"values", json::array{value("BAN_CUOC_HOP", "", "4")}}});
  ASSERT_EQ(again.status, 200);
  auto a = json::parse(again.body).as_object();
  EXPECT_EQ(a.at("sections")
                .as_array()
                .at(0)
                .as_object()
                .at("elements")
                .as_array()
                .at(2)
                .as_object()
                .at("values")
                .as_object()
                .at("TONG")
                .as_object()
                .at("comment")
                .as_string(),
            "Họp quý\nvà họp đột xuất");
  EXPECT_EQ(a.at("version").as_int64(), 2);
  auto same = editor.call("PUT", kReport,
                          json::object{{"version", 2}, {"values", json::array{value("BAN_CUOC_HOP", "", "4")}}});
  EXPECT_EQ(json::parse(same.body).as_object().at("version").as_int64(), 2);
}

TEST_P(ReportingTest, EvidenceIsTypedHashedAndScoped) {
  Client editor(port(), "hoankiem.nhaplieu", kDemoPassword);
  Client other(port(), "hcm.nhaplieu", kPassword);
  const std::string pdf = std::string("%PDF-1.4\n", 9) + std::string("\x00\xff\x10 biên bản họp", 20) + "\n%%EOF";
  auto up =
      editor.call_raw("POST", kReport + "/evidence?target=KET_QUA", pdf,
                      {{"Content-Type", "application/octet-stream"}, {"X-File-Name", "Bi%C3%AAn%20b%E1%BA%A3n.pdf"}});
  ASSERT_EQ(up.status, 201) << up.body;
  auto e = json::parse(up.body).as_object();
  EXPECT_EQ(e.at("contentType").as_string(), "application/pdf");
  EXPECT_EQ(e.at("fileName").as_string(), "Biên bản.pdf");
  EXPECT_EQ(e.at("sha256").as_string(), auth::sha256_hex(pdf));
  EXPECT_EQ(e.at("size").as_int64(), static_cast<std::int64_t>(pdf.size()));
  const std::string id = std::to_string(e.at("id").as_int64());
  // A program renamed .pdf is refused: the type comes from the bytes.
  auto exe = editor.call_raw("POST", kReport + "/evidence", std::string("MZ\x90\x00\x03\x00", 6),
                             {{"X-File-Name", "bao-cao.pdf"}});
  EXPECT_EQ(exe.status, 415) << exe.body;
  auto unknown_target = editor.call_raw("POST", kReport + "/evidence?target=NOPE", pdf, {{"X-File-Name", "a.pdf"}});
  EXPECT_EQ(unknown_target.status, 422);
  EXPECT_EQ(editor.get(kReport + "/evidence").at("evidence").as_array().size(), 1u);
  auto file = editor.call("GET", "/api/v1/evidence/" + id);
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.body, pdf);
  EXPECT_EQ(file.header("content-type"), "application/pdf");
  EXPECT_NE(file.header("content-disposition").find("filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n.pdf"), std::string::npos)
      << file.header("content-disposition");
  EXPECT_EQ(other.call("GET", "/api/v1/evidence/" + id).status, 404);  // another province
  EXPECT_EQ(other.call("DELETE", "/api/v1/evidence/" + id).status, 404);
  EXPECT_EQ(editor.call("DELETE", "/api/v1/evidence/" + id).status, 204);
  EXPECT_TRUE(editor.get(kReport + "/evidence").at("evidence").as_array().empty());
}

// Issue #12: SQLite gave a deleted file's id to the next upload, so the audit entry "delete
// evidence <id>" came to name another file (of any unit). An id is never given twice.
TEST_P(ReportingTest, ADeletedEvidenceIdIsNeverGivenAgain) {
  Client editor(port(), "hoankiem.nhaplieu", kDemoPassword);
  const std::string pdf = "%PDF-1.4\n% bien ban\n%%EOF";
  auto upload = [&](const std::string& name) {
    auto up = editor.call_raw("POST", kReport + "/evidence", pdf, {{"X-File-Name", name}});
    EXPECT_EQ(up.status, 201) << up.body;
    return up.status == 201 ? json::parse(up.body).as_object().at("id").as_int64() : std::int64_t{-1};
  };
  const std::int64_t first = upload("a.pdf");
  ASSERT_GT(first, 0);
  ASSERT_EQ(editor.call("DELETE", "/api/v1/evidence/" + std::to_string(first)).status, 204);
  const std::int64_t second = upload("b.pdf");
  EXPECT_GT(second, first);
  ASSERT_EQ(editor.call("DELETE", "/api/v1/evidence/" + std::to_string(second)).status, 204);
  EXPECT_GT(upload("c.pdf"), second);
  EXPECT_EQ(editor.call("GET", "/api/v1/evidence/" + std::to_string(first)).status, 404);
}

// Issue #12: CSV cells starting with = + - @ (or tab, CR) are formulas to a spreadsheet. Text cells
// get a leading apostrophe; numbers the server writes from numbers stay numbers.
TEST_P(ReportingTest, CsvTextCellsCannotBeFormulas) {
  Client admin(port(), "admin", kDemoPassword);
  const std::string formula = "=HYPERLINK(\"http://example.invalid\",\"Bấm\")";
  for (const auto& [element, value] : {std::pair{"CL_LD_HUONG_LUONG", "5"}, std::pair{"CL_LD_CO_VIEC_LAM", "10"}}) {
    auto r = admin.call("PUT", std::string("/api/v1/official-values/") + element + "/VN/2025",
                        json::object{{"option", "NU"}, {"value", value}, {"dataSource", formula}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  auto made = admin.call("POST", "/api/v1/units",
                         json::object{{"code", "CSV-1"},
                                      {"nameVi", "@SUM(A1:A9)"},
                                      {"type", "agency"},
                                      {"parent", "00070"},
                                      {"validFrom", "2025-07-01"}});
  ASSERT_EQ(made.status, 201) << made.body;
  auto saved = admin.call("PUT", "/api/v1/reports/BC_BDG_NAM/CSV-1/2025",
                          json::object{{"version", 0}, {"values", json::array{value("BL_NAN_NHAN", "NU", "3")}}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  ASSERT_TRUE(env_->services->analytics.wait_until_current(std::chrono::seconds(10)));
  const auto official = admin.call("GET", "/api/v1/analytics?dx=CL_2_1&ou=VN&pe=2025&format=csv");
  ASSERT_EQ(official.status, 200);
  EXPECT_NE(official.body.find(",2025,50,5,10,"), std::string::npos) << official.body;  // numbers stay numbers
  EXPECT_NE(official.body.find(",official,\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"Bấm\"\")\"\r\n"),
            std::string::npos)
      << official.body;
  const auto unit = admin.call("GET", "/api/v1/analytics?dx=BL_NAN_NHAN.NU&ou=CSV-1&pe=2025&format=csv");
  ASSERT_EQ(unit.status, 200);
  EXPECT_NE(unit.body.find(",CSV-1,'@SUM(A1:A9),2025,3,"), std::string::npos) << unit.body;
  for (const std::string& body : {official.body, unit.body}) {
    for (const char* bad : {",=", ",@", ",+", ",-", ",\t", "\n=", "\n@"}) {
      EXPECT_EQ(body.find(bad), std::string::npos) << "a cell starts with " << bad << ":\n" << body;
    }
  }
}

// Issue #12: an upload kept whatever name it came with (evil.html with a PDF header, invoice.pdf.exe,
// U+202E, control characters, path separators) and a unit could fill the disk. The stored and served
// name is cleaned and ends in an extension of the type read from the bytes; each unit has a quota.
TEST_P(ReportingTest, EvidenceNamesAreCleanedAndEachUnitHasAQuota) {
  Client editor(port(), "hoankiem.nhaplieu", kDemoPassword);
  const std::string pdf = "%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF";
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(16, '\0');
  const std::string zip = std::string("PK\x03\x04", 4) + std::string(26, '\0');
  struct Case {
    std::string header;  // X-File-Name, percent-encoded
    std::string bytes;
    std::string stored;
  };
  const std::vector<Case> cases{
      {"evil.html", pdf, "evil.pdf"},
      {"invoice.pdf.exe", pdf, "invoice.pdf"},
      {"photo.jpg", png, "photo.png"},
      {"ho%E1%BA%A1t-%C4%91%E1%BB%99ng%E2%80%AEgpj.exe", pdf, "hoạt-độnggpj.pdf"},  // U+202E right-to-left override
      {"bie%CC%82n%20ba%CC%89n%E2%81%A6.PDF", pdf, "biên bản.PDF"},                 // NFD and U+2066 (bidi isolate)
      {"a%01b%7F%C2%9Fc%09d.pdf", pdf, "abcd.pdf"},                                 // C0, DEL, C1, tab
      {"..%2F..%2Fetc%2Fpasswd", pdf, "passwd.pdf"},
      {"C%3A%5CUsers%5Cme%5Cb%C3%A1o%20c%C3%A1o.pdf", pdf, "báo cáo.pdf"},
      {"x%EF%BC%8Fy%E2%88%95z.pdf", pdf, "x_y_z.pdf"},  // fullwidth and division slashes
      {"%E2%80%AE.pdf", pdf, "minh-chung.pdf"},         // nothing left of the name
      {"bang.xlsx", zip, "bang.xlsx"},
  };
  for (const auto& c : cases) {
    auto up = editor.call_raw("POST", kReport + "/evidence", c.bytes, {{"X-File-Name", c.header}});
    ASSERT_EQ(up.status, 201) << c.header << ": " << up.body;
    const auto e = json::parse(up.body).as_object();
    EXPECT_EQ(e.at("fileName").as_string(), c.stored) << c.header;
    const std::string id = std::to_string(e.at("id").as_int64());
    auto file = editor.call("GET", "/api/v1/evidence/" + id);
    ASSERT_EQ(file.status, 200);
    EXPECT_EQ(file.header("content-disposition").rfind("attachment;", 0), 0u) << file.header("content-disposition");
    EXPECT_EQ(file.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(editor.call("DELETE", "/api/v1/evidence/" + id).status, 204);
  }
  // A name the type cannot carry at all: a ZIP that is not an Office document stays refused.
  EXPECT_EQ(editor.call_raw("POST", kReport + "/evidence", zip, {{"X-File-Name", "a.zip"}}).status, 415);

  // The quota: what a unit's reports hold together (configurable; 200 MB by default).
  env_->services->reports.set_evidence_quota(3000);
  const std::string big = "%PDF-1.4\n" + std::string(1400, 'x');
  auto first = editor.call_raw("POST", kReport + "/evidence", big, {{"X-File-Name", "a.pdf"}});
  ASSERT_EQ(first.status, 201) << first.body;
  auto second = editor.call_raw("POST", "/api/v1/reports/BC_THANG_HANH_DONG/00070/2025/evidence", big,
                                {{"X-File-Name", "b.pdf"}});
  ASSERT_EQ(second.status, 201) << second.body;
  auto over = editor.call_raw("POST", kReport + "/evidence", big, {{"X-File-Name", "c.pdf"}});
  EXPECT_EQ(over.status, 413) << over.body;
  const auto problem = json::parse(over.body).as_object();
  EXPECT_EQ(problem.at("field").as_string(), "file");
  EXPECT_NE(std::string(problem.at("detail").as_string()).find("dung lượng"), std::string::npos) << over.body;
  EXPECT_NE(std::string(problem.at("detailEn").as_string()).find("quota"), std::string::npos) << over.body;
  // Another unit has its own quota; removing a file frees room.
  Client other(port(), "hcm.nhaplieu", kPassword);
  auto elsewhere =
      other.call_raw("POST", "/api/v1/reports/BC_BDG_NAM/79/2025/evidence", big, {{"X-File-Name", "a.pdf"}});
  EXPECT_EQ(elsewhere.status, 201) << elsewhere.body;
  EXPECT_EQ(
      editor
          .call("DELETE", "/api/v1/evidence/" + std::to_string(json::parse(first.body).as_object().at("id").as_int64()))
          .status,
      204);
  EXPECT_EQ(editor.call_raw("POST", kReport + "/evidence", big, {{"X-File-Name", "c.pdf"}}).status, 201);
}

TEST_P(ReportingTest, SearchIgnoresDiacriticsAndStaysInScope) {
  Client editor(port(), "hoankiem.nhaplieu", kDemoPassword);
  Client other(port(), "hcm.nhaplieu", kPassword);
  ASSERT_EQ(
      editor
          .call("PUT", kReport,
                json::object{
                    {"version", 0},
                    {"narratives",
                     json::object{{"HAN_CHE", "Công tác phòng, chống bạo lực gia đình ở khu dân cư còn hạn chế."}}}})
          .status,
      200);
  for (const char* q : {"bao%20luc%20gia%20dinh", "B%E1%BA%A0O%20L%E1%BB%B0C", "gia%20%C4%91inh", "GIA%20DINH"}) {
    auto r = editor.get(std::string("/api/v1/search?q=") + q);
    ASSERT_EQ(r.at("narratives").as_array().size(), 1u) << q;
    const auto& hit = r.at("narratives").as_array()[0].as_object();
    EXPECT_EQ(hit.at("ref").as_string(), "BC_BDG_NAM/00070/2025/HAN_CHE");
    EXPECT_NE(std::string(hit.at("snippet").as_string()).find("bạo lực gia đình"), std::string::npos);
    EXPECT_NE(std::string(hit.at("title").as_string()).find("Hạn chế, tồn tại"), std::string::npos);
  }
  auto units = editor.get("/api/v1/search?q=hoan%20kiem");
  ASSERT_FALSE(units.at("units").as_array().empty());
  EXPECT_EQ(units.at("units").as_array()[0].as_object().at("code").as_string(), "00070");
  // Another province sees neither the narrative nor Hà Nội's wards.
  EXPECT_TRUE(other.get("/api/v1/search?q=bao%20luc%20gia%20dinh").at("narratives").as_array().empty());
  EXPECT_TRUE(other.get("/api/v1/search?q=hoan%20kiem").at("units").as_array().empty());
  EXPECT_EQ(editor.call("GET", "/api/v1/search?q=%20%2C").status, 422);
}

TEST_P(ReportingTest, RemindersAtEachStageOnceAndOnlyToTheirUsers) {
  Client editor(port(), "hoankiem.nhaplieu", kDemoPassword);
  Client other(port(), "hcm.nhaplieu", kPassword);
  auto titles = [&](Client& c) {
    std::vector<std::string> out;
    const json::object list = c.get("/api/v1/me/notifications");
    for (const auto& n : list.at("notifications").as_array()) {
      out.emplace_back(n.as_object().at("title").as_string());
    }
    return out;
  };
  auto mentions = [](const std::vector<std::string>& list, const std::string& what) {
    return std::count_if(list.begin(), list.end(),
                         [&](const std::string& t) { return t.find(what) != std::string::npos; });
  };
  ASSERT_TRUE(env_->services->notifications.send_due_reminders("2025-12-09"));  // 5 days before "before 15/12"
  ASSERT_TRUE(env_->services->notifications.send_due_reminders("2025-12-09"));  // twice: still once
  auto week = titles(editor);
  EXPECT_EQ(mentions(week, "Còn 5 ngày đến hạn nộp báo cáo (trước ngày 15/12/2025): Báo cáo tổng kết năm"), 1)
      << week.size();
  ASSERT_TRUE(env_->services->notifications.send_due_reminders("2025-12-12"));
  ASSERT_TRUE(env_->services->notifications.send_due_reminders("2025-12-14"));
  ASSERT_TRUE(env_->services->notifications.send_due_reminders("2025-12-16"));
  auto all = titles(editor);
  EXPECT_EQ(
      mentions(all,
               "Báo cáo tổng kết năm công tác bình đẳng giới và vì sự tiến bộ của phụ nữ — Phường Hoàn Kiếm, Năm 2025"),
      4);
  EXPECT_EQ(mentions(all, "Còn 2 ngày"), 1);
  EXPECT_EQ(mentions(all, "Hôm nay là ngày cuối"), 1);
  EXPECT_EQ(mentions(all, "Quá hạn nộp báo cáo"), 1);  // the Action Month report (before 20/12) is not late yet
  EXPECT_EQ(mentions(titles(other), "Phường Hoàn Kiếm"), 0);
  // Marking one as read.
  auto list = editor.get("/api/v1/me/notifications");
  const std::string id = std::to_string(list.at("notifications").as_array()[0].as_object().at("id").as_int64());
  EXPECT_EQ(editor.call("POST", "/api/v1/me/notifications/" + id + "/read").status, 204);
  EXPECT_EQ(other.call("POST", "/api/v1/me/notifications/" + id + "/read").status, 404);
  auto unread = editor.get("/api/v1/me/notifications?unread=true");
  EXPECT_EQ(unread.at("notifications").as_array().size(), list.at("notifications").as_array().size() - 1);
}

TEST_P(ReportingTest, AnalyticsShowsASavedValueInEveryAggregateAbove) {
  Client editor(port(), "hoankiem.nhaplieu", kDemoPassword);
  Client province(port(), "hanoi.truongban", kDemoPassword);
  Client admin(port(), "admin", kDemoPassword);
  Client viewer(port(), "hcm.xem", kDemoPassword);
  const std::string kAnnual = "/api/v1/reports/BC_BDG_NAM/00070/2025";
  ASSERT_EQ(editor
                .call("PUT", kAnnual,
                      json::object{
                          {"version", 0},
                          {"values", json::array{value("BL_NAN_NHAN", "NU", "10"), value("BL_NAN_NHAN", "NAM", "2"),
                                                 value("BL_TIEP_CAN", "NU", "8"), value("BL_TIEP_CAN", "NAM", "1")}}})
                .status,
            200);
  // The next request sees it at the commune, the province and the nation.
  const auto cells = [](const json::object& result) {
    std::map<std::string, json::object> out;
    for (const auto& r : result.at("rows").as_array()) {
      const auto& o = r.as_object();
      out[std::string(o.at("dx").as_string()) + "@" + std::string(o.at("ou").as_string())] = o;
    }
    return out;
  };
  auto a = cells(admin.get("/api/v1/analytics?dx=BL_NAN_NHAN;BL_NAN_NHAN.NU;CL_3_2A&ou=00070;01;VN&pe=2025"));
  for (const char* ou : {"00070", "01", "VN"}) {
    ASSERT_TRUE(a.count(std::string("BL_NAN_NHAN@") + ou)) << ou;
    EXPECT_EQ(a[std::string("BL_NAN_NHAN@") + ou].at("value").to_number<double>(), 12) << ou;
    EXPECT_EQ(a[std::string("BL_NAN_NHAN.NU@") + ou].at("value").to_number<double>(), 10) << ou;
    const auto& ind = a[std::string("CL_3_2A@") + ou];
    EXPECT_EQ(ind.at("numerator").to_number<double>(), 9);
    EXPECT_EQ(ind.at("denominator").to_number<double>(), 12);
    EXPECT_DOUBLE_EQ(ind.at("value").to_number<double>(), 75.0);
    EXPECT_EQ(ind.at("target").to_number<double>(), 80);  // NQ 28: 80% by 2025
    EXPECT_EQ(ind.at("targetOperator").as_string(), "ge");
  }
  // A change, and a removal, show on the next request; nothing to rebuild.
  ASSERT_EQ(editor
                .call("PUT", kAnnual,
                      json::object{
                          {"version", 1},
                          {"values", json::array{value("BL_NAN_NHAN", "NU", "20"), value("BL_TIEP_CAN", "NAM", "")}}})
                .status,
            200);
  a = cells(province.get("/api/v1/analytics?dx=BL_NAN_NHAN;CL_3_2A&ou=01:children;01&pe=2025"));
  EXPECT_EQ(a["BL_NAN_NHAN@01"].at("value").to_number<double>(), 22);
  EXPECT_EQ(a["BL_NAN_NHAN@00070"].at("value").to_number<double>(), 22);  // 00070 is among Hà Nội's children
  EXPECT_EQ(a["CL_3_2A@01"].at("numerator").to_number<double>(), 8);
  EXPECT_EQ(a.count("BL_NAN_NHAN@00082"), 0u);  // no data, no row
  // Yearly value of a half-year form: 2025 is made of 2025S1 when no annual figure exists.
  ASSERT_EQ(editor
                .call("PUT", "/api/v1/reports/BC_BDG_6T/00070/2026S1",
                      json::object{{"version", 0},
                                   {"values", json::array{value("TH_LOP", "", "4"), value("TH_NGUOI", "NU", "30")}}})
                .status,
            200);
  a = cells(admin.get("/api/v1/analytics?dx=TH_LOP&ou=VN:level=2&pe=2026;2026S1"));
  ASSERT_EQ(a.count("TH_LOP@01"), 1u);
  EXPECT_EQ(a["TH_LOP@01"].at("value").to_number<double>(), 4);
  // Scope: Hồ Chí Minh City's viewer cannot read Hà Nội; bad input names the parameter.
  EXPECT_EQ(viewer.call("GET", "/api/v1/analytics?dx=BL_NAN_NHAN&ou=01&pe=2025").status, 404);
  auto bad = admin.call("GET", "/api/v1/analytics?dx=NOPE&ou=VN&pe=2025");
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("\"dx\""), std::string::npos) << bad.body;
  EXPECT_NE(bad.body.find("NOPE"), std::string::npos) << bad.body;
  EXPECT_EQ(admin.call("GET", "/api/v1/analytics?dx=BL_NAN_NHAN&ou=VN&pe=2025X").status, 422);
  EXPECT_EQ(admin.call("GET", "/api/v1/analytics?dx=BL_NAN_NHAN&ou=VN:grandchildren&pe=2025").status, 422);
  // The completeness dimension: Hà Nội expects reports from its communes and agencies; 00070's arrived? not yet.
  auto rates = cells(province.get("/api/v1/analytics?dx=BC_BDG_NAM.REPORTING_RATE&ou=01;00070&pe=2025"));
  ASSERT_EQ(rates.count("BC_BDG_NAM.REPORTING_RATE@01"), 1u);
  const auto& rate = rates["BC_BDG_NAM.REPORTING_RATE@01"];
  EXPECT_EQ(rate.at("dxKind").as_string(), "reportingRate");
  EXPECT_GT(rate.at("expected").to_number<double>(), 126);  // 126 communes, the city and its agencies
  EXPECT_EQ(rate.at("received").to_number<double>(), 0);
  EXPECT_EQ(rate.at("value").to_number<double>(), 0);
  EXPECT_EQ(rates["BC_BDG_NAM.REPORTING_RATE@00070"].at("expected").to_number<double>(), 1);
  // CSV for spreadsheets, with the Vietnamese names.
  auto csv = admin.call("GET", "/api/v1/analytics?dx=BL_NAN_NHAN&ou=00070&pe=2025&format=csv");
  EXPECT_EQ(csv.status, 200);
  EXPECT_NE(csv.header("content-type").find("text/csv"), std::string::npos);
  EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.body.find("BL_NAN_NHAN,Số người bị bạo lực được phát hiện,00070,Phường Hoàn Kiếm,2025,22,"),
            std::string::npos)
      << csv.body;

  // A province sets its own, higher target; the nation keeps NQ 28's 80%.
  Client manager(port(), "hanoi.quanly", kDemoPassword);
  const json::object own_target{
      {"targets", json::array{json::object{{"year", 2025}, {"value", 85}, {"operator", "ge"}}}}};
  auto set = manager.call("PUT", "/api/v1/indicators/CL_3_2A/targets/01", own_target);
  EXPECT_EQ(set.status, 200) << set.body;
  // The analytics snapshot with the new target is built in the background, not in the request.
  ASSERT_TRUE(env_->services->analytics.wait_until_current(std::chrono::seconds(10)));
  a = cells(admin.get("/api/v1/analytics?dx=CL_3_2A&ou=01;VN&pe=2025"));
  EXPECT_EQ(a["CL_3_2A@01"].at("target").to_number<double>(), 85);
  EXPECT_EQ(a["CL_3_2A@VN"].at("target").to_number<double>(), 80);
  EXPECT_EQ(editor.call("PUT", "/api/v1/indicators/CL_3_2A/targets/01", own_target).status,
            404);  // 01 is outside its scope
  auto bad_target = manager.call(
      "PUT", "/api/v1/indicators/CL_3_2A/targets/01",
      json::object{{"targets", json::array{json::object{{"year", 2025}, {"value", 85}, {"operator", "over"}}}}});
  EXPECT_EQ(bad_target.status, 422);
  EXPECT_NE(bad_target.body.find("targets[0].operator"), std::string::npos) << bad_target.body;
  EXPECT_EQ(
      manager.call("PUT", "/api/v1/indicators/CL_3_2A/targets/01", json::object{{"targets", json::array{}}}).status,
      200);
  ASSERT_TRUE(env_->services->analytics.wait_until_current(std::chrono::seconds(10)));
  a = cells(admin.get("/api/v1/analytics?dx=CL_3_2A&ou=01&pe=2025"));
  EXPECT_EQ(a["CL_3_2A@01"].at("target").to_number<double>(), 80);  // back to the national target
  // The catalogue: all six objectives and the two programmes, targets as package data.
  auto catalogue = viewer.get("/api/v1/indicators");
  EXPECT_EQ(catalogue.at("count").to_number<int>(), 22);
  const auto& groups = catalogue.at("groups").as_array();
  ASSERT_EQ(groups.size(), 8u);
  EXPECT_EQ(groups[0].as_object().at("nameVi").as_string(), "Mục tiêu 1: Trong lĩnh vực chính trị");
  auto trafficking = viewer.get("/api/v1/indicators/CL_3_3");
  EXPECT_TRUE(trafficking.at("targets").as_array()[0].as_object().at("onward").as_bool());
  EXPECT_EQ(viewer.get("/api/v1/indicators/CL_4_4").at("denominator").as_string(), "unitCount(\"province\")");
  // Two wards of some 3,300 units: the nation's figure is shown as partial, never as its headline.
  auto progress = admin.get("/api/v1/indicators/CL_3_2A/progress?ou=VN&year=2025");
  EXPECT_TRUE(progress.at("currentValue").is_null());
  EXPECT_EQ(progress.at("partial").at("value").to_number<double>(), 100.0 * 8 / 22);
  EXPECT_EQ(progress.at("targetValue").to_number<double>(), 80);
  EXPECT_EQ(progress.at("status").as_string(), "insufficient_coverage");
  // The ward itself is covered: one year, no trend yet.
  auto ward = admin.get("/api/v1/indicators/CL_3_2A/progress?ou=00070&year=2025");
  EXPECT_EQ(ward.at("currentValue").to_number<double>(), 100.0 * 8 / 22);
  EXPECT_EQ(ward.at("status").as_string(), "no_data");
  // Every indicator's progress at a unit in one request (the dashboard's cards), the same figures.
  auto all = admin.get("/api/v1/progress?ou=VN&year=2025");
  EXPECT_EQ(all.at("ou").as_string(), "VN");
  const auto& items = all.at("indicators").as_array();
  ASSERT_EQ(items.size(), 22u);
  const json::object* same = nullptr;
  for (const auto& item : items) {
    if (item.as_object().at("indicator").as_string() == "CL_3_2A") same = &item.as_object();
  }
  ASSERT_NE(same, nullptr);
  EXPECT_EQ(same->at("partial").at("value").to_number<double>(),
            progress.at("partial").at("value").to_number<double>());
  EXPECT_EQ(same->at("targetValue").to_number<double>(), 80);
  EXPECT_EQ(same->at("status").as_string(), "insufficient_coverage");
  EXPECT_EQ(viewer.call("GET", "/api/v1/progress?ou=01").status, 404);  // outside the viewer's scope
  auto bad_year = admin.call("GET", "/api/v1/progress?ou=VN&year=nam-nay");
  EXPECT_EQ(bad_year.status, 422);
  EXPECT_NE(bad_year.body.find("\"field\":\"year\""), std::string::npos) << bad_year.body;
}

// The figures of one element of a report: option -> value.
std::map<std::string, std::string> figures_of(const json::object& report, const std::string& element) {
  std::map<std::string, std::string> out;
  for (const auto& sec : report.at("sections").as_array()) {
    const auto& so = sec.as_object();
    if (!so.contains("elements")) continue;
    for (const auto& e : so.at("elements").as_array()) {
      const auto& eo = e.as_object();
      if (eo.at("code").as_string() != element) continue;
      for (const auto& [option, cell] : eo.at("values").as_object())
        out[std::string(option)] = std::string(cell.as_object().at("value").as_string());
    }
  }
  return out;
}

// Issue #11, problem 1: BL_NAN_NHAN is in the annual report and in the Strategy report. Once the
// annual report is approved, a save through the Strategy report must not change it.
TEST_P(ReportingTest, AValueSharedByTwoFormsNeverChangesAnApprovedReport) {
  Client manager(port(), "hanoi.quanly", kDemoPassword);
  Client province(port(), "hanoi.truongban", kDemoPassword);
  Client admin(port(), "admin", kDemoPassword);
  const std::string annual = "/api/v1/reports/BC_BDG_NAM/01/2025";
  const std::string strategy = "/api/v1/reports/BC_CHIEN_LUOC/01/2025";
  ASSERT_EQ(
      manager
          .call("PUT", annual, json::object{{"version", 0}, {"values", json::array{value("BL_NAN_NHAN", "NU", "74")}}})
          .status,
      200);
  ASSERT_EQ(manager.call("POST", annual + "/submit", json::object{{"version", 1}}).status, 200);
  ASSERT_EQ(province.call("POST", annual + "/waive-children", json::object{{"reason", "Kiểm thử"}}).status, 200);
  auto approved = province.call("POST", annual + "/approve", json::object{{"version", 2}});
  ASSERT_EQ(approved.status, 200) << approved.body;

  auto locked = manager.call(
      "PUT", strategy, json::object{{"version", 0}, {"values", json::array{value("BL_NAN_NHAN", "NU", "99999")}}});
  EXPECT_EQ(locked.status, 409) << locked.body;
  EXPECT_NE(locked.body.find("BC_BDG_NAM"), std::string::npos)
      << locked.body;  // names the report that holds the figure
  EXPECT_NE(locked.body.find("locked_by_other_report"), std::string::npos) << locked.body;
  auto a = manager.get(annual);
  EXPECT_EQ(a.at("status").as_string(), "approved");
  EXPECT_EQ(a.at("version").as_int64(), 3);
  EXPECT_EQ(figures_of(a, "BL_NAN_NHAN")["NU"], "74");
  // Elements the two forms do not share stay free; consolidation leaves the locked figure alone.
  EXPECT_EQ(
      manager
          .call("PUT", strategy, json::object{{"version", 0}, {"values", json::array{value("CL_DAN_SO", "", "1000")}}})
          .status,
      200);
  auto c = manager.call("POST", strategy + "/consolidate", json::object{{"version", 1}});
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_GE(json::parse(c.body).as_object().at("valuesLocked").as_int64(), 1);

  // After the annual report's own transition (reopened with a reason) the figure can change, and
  // the annual report's history says so.
  ASSERT_EQ(admin.call("POST", annual + "/reopen", json::object{{"version", 3}, {"comment", "Sửa số nạn nhân"}}).status,
            200);
  auto now_free = manager.call("PUT", strategy,
                               json::object{{"version", 2}, {"values", json::array{value("BL_NAN_NHAN", "NU", "75")}}});
  EXPECT_EQ(now_free.status, 200) << now_free.body;
  a = manager.get(annual);
  EXPECT_EQ(a.at("status").as_string(), "returned");
  EXPECT_EQ(figures_of(a, "BL_NAN_NHAN")["NU"], "75");
  EXPECT_EQ(a.at("history").as_array().back().as_object().at("action").as_string(), "reopen");
}

// A randomised sequence of saves, submissions, approvals, returns and reopenings over two forms
// that share elements never changes the values of a submitted or approved report.
TEST_P(ReportingTest, RandomWorkflowsOverSharedElementsNeverChangeALockedReport) {
  Client manager(port(), "hanoi.quanly", kDemoPassword);
  Client province(port(), "hanoi.truongban", kDemoPassword);
  Client admin(port(), "admin", kDemoPassword);
  const std::vector<std::string> forms{"BC_BDG_NAM", "BC_CHIEN_LUOC"};
  for (const auto& f : forms) {
    ASSERT_EQ(
        province.call("POST", "/api/v1/reports/" + f + "/01/2025/waive-children", json::object{{"reason", "Kiểm thử"}})
            .status,
        200);
  }
  struct State {
    std::string status = "draft";
    std::int64_t version = 0;
    std::optional<std::map<std::string, std::map<std::string, std::string>>> locked;  // figures when it was submitted
  };
  std::map<std::string, State> st;
  const std::vector<std::pair<std::string, std::string>> cells{
      {"BL_NAN_NHAN", "NU"}, {"BL_NAN_NHAN", "NAM"}, {"BL_TIEP_CAN", "NU"}, {"BL_TIEP_CAN", "NAM"}};
  auto snapshot = [&](const json::object& report) {
    std::map<std::string, std::map<std::string, std::string>> out;
    for (const char* e : {"BL_NAN_NHAN", "BL_TIEP_CAN"}) out[e] = figures_of(report, e);
    return out;
  };
  auto url = [](const std::string& f) { return "/api/v1/reports/" + f + "/01/2025"; };
  auto take = [&](const std::string& f, const HttpResponse& r) {
    if (r.status != 200) return false;
    auto o = json::parse(r.body).as_object();
    st[f].status = std::string(o.at("status").as_string());
    st[f].version = o.at("version").as_int64();
    return true;
  };
  std::uint64_t seed = 0x9E3779B97F4A7C15ull ^ static_cast<std::uint64_t>(GetParam() == db::Backend::Sqlite ? 1 : 2);
  auto next = [&] {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
  };
  int saves = 0, refused = 0, approvals = 0, reopens = 0;
  for (int step = 0; step < 200; ++step) {
    const std::string f = forms[next() % 2];
    auto& s = st[f];
    const auto action = next() % 10;
    if (action < 5) {
      json::array values;
      const int n = 1 + static_cast<int>(next() % 3);
      for (int k = 0; k < n; ++k) {
        const auto& [e, o] = cells[next() % cells.size()];
        // Victims 50-99, supported 0-49: the blocking rule "supported <= victims" always holds.
        const auto v = e == "BL_NAN_NHAN" ? 50 + next() % 50 : next() % 50;
        values.push_back(value(e, o, std::to_string(v)));
      }
      auto r = manager.call("PUT", url(f), json::object{{"version", s.version}, {"values", values}});
      if (take(f, r))
        ++saves;
      else if (r.status == 409 && r.body.find("locked_by_other_report") != std::string::npos)
        ++refused;
      else if (r.status != 409)
        ADD_FAILURE() << r.status << " " << r.body;  // 409 otherwise: the form itself is locked
    } else if (action < 7) {
      auto r = manager.call("POST", url(f) + "/submit", json::object{{"version", s.version}});
      if (take(f, r)) s.locked = snapshot(json::parse(r.body).as_object());
    } else if (action < 8) {
      if (take(f, province.call("POST", url(f) + "/approve", json::object{{"version", s.version}}))) ++approvals;
    } else if (action < 9) {
      if (take(f,
               province.call("POST", url(f) + "/return", json::object{{"version", s.version}, {"comment", "Xem lại"}})))
        s.locked.reset();
    } else {
      if (take(f,
               admin.call("POST", url(f) + "/reopen", json::object{{"version", s.version}, {"comment", "Mở lại"}}))) {
        s.locked.reset();
        ++reopens;
      }
    }
    for (const auto& g : forms) {
      if (!st[g].locked) continue;
      auto now = manager.get(url(g));
      ASSERT_EQ(snapshot(now), *st[g].locked)
          << g << " (" << now.at("status").as_string() << ") changed at step " << step;
    }
  }
  // The sequence really exercised the lock.
  EXPECT_GT(saves, 5);
  EXPECT_GT(refused, 0);  // saves refused because the other form's report held the figure
  EXPECT_GT(approvals, 0);
  std::cout << "saves " << saves << ", refused " << refused << ", approvals " << approvals << ", reopens " << reopens
            << "\n";
}

// Problems 2 and 6: what was typed is stored exactly, read as Vietnamese write numbers, and the same
// digits come back through GET, the analytics and their CSV.
TEST_P(ReportingTest, NumbersAreStoredExactlyAsVietnameseWriteThem) {
  Client editor(port(), "hoankiem.nhaplieu", kDemoPassword);
  std::int64_t version = 0;
  auto put = [&](const json::value& v, const std::string& element = "KP_DU_TOAN") {
    return editor.call(
        "PUT", kReport,
        json::object{{"version", version}, {"values", json::array{json::object{{"element", element}, {"value", v}}}}});
  };
  auto stored = [&](const HttpResponse& r, const std::string& element = "KP_DU_TOAN") {
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return std::string();
    auto o = json::parse(r.body).as_object();
    version = o.at("version").as_int64();
    return figures_of(o, element)["TONG"];
  };
  EXPECT_EQ(stored(put("1234567890123")), "1234567890123");  // not 1.23456789e+12
  EXPECT_EQ(stored(put(12.5)), "12.5");                      // a JSON number with a fraction
  EXPECT_EQ(stored(put(json::value(std::int64_t{12}))), "12");
  EXPECT_EQ(stored(put("12,5")), "12.5");
  EXPECT_EQ(stored(put("1.250")), "1250");  // one thousand two hundred and fifty, not 1,25
  EXPECT_EQ(stored(put("1.250,5")), "1250.5");
  EXPECT_EQ(stored(put(1.25)), "1.25");                                     // a machine's number is never ambiguous
  EXPECT_EQ(stored(put("1.250", "BAN_CUOC_HOP"), "BAN_CUOC_HOP"), "1250");  // the same in a whole-number cell
  auto ambiguous = put("1.25");
  EXPECT_EQ(ambiguous.status, 422);
  EXPECT_NE(ambiguous.body.find("1,25"), std::string::npos) << ambiguous.body;  // says how to write it
  EXPECT_NE(ambiguous.body.find("values[0]"), std::string::npos) << ambiguous.body;
  for (const json::value& bad :
       {json::value(1e308), json::value("1e308"), json::value("1000000000000000"), json::value("-5")}) {
    auto r = put(bad);
    EXPECT_EQ(r.status, 422) << json::serialize(bad) << " " << r.body;
  }
  EXPECT_EQ(stored(editor.call("PUT", kReport, json::object{{"version", version}, {"values", json::array{}}})),
            "1.25");  // nothing lost

  // Random decimals of up to 15 significant digits, typed the Vietnamese way (thousands dots,
  // decimal comma), come back with the same digits from GET, the analytics and the CSV.
  std::uint64_t seed = 42;
  auto next = [&] {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
  };
  for (int i = 0; i < 30; ++i) {
    const int int_digits = 1 + static_cast<int>(next() % 12);
    const int frac_digits = static_cast<int>(next() % static_cast<std::uint64_t>(16 - int_digits));
    std::string integer = std::to_string(1 + next() % 9);
    while (static_cast<int>(integer.size()) < int_digits) integer += static_cast<char>('0' + next() % 10);
    std::string fraction;
    for (int k = 0; k < frac_digits; ++k) fraction += static_cast<char>('0' + next() % 10);
    if (!fraction.empty()) fraction.back() = static_cast<char>('1' + next() % 9);
    std::string typed;  // 1.234.567,89
    for (std::size_t k = 0; k < integer.size(); ++k) {
      if (k > 0 && (integer.size() - k) % 3 == 0) typed += '.';
      typed += integer[k];
    }
    if (!fraction.empty()) typed += "," + fraction;
    const std::string canonical = integer + (fraction.empty() ? "" : "." + fraction);
    ASSERT_EQ(stored(put(json::value(typed))), canonical) << typed;
    auto a = editor.get("/api/v1/analytics?dx=KP_DU_TOAN&ou=00070&pe=2025");
    ASSERT_EQ(a.at("rows").as_array().size(), 1u);
    EXPECT_EQ(core::decimal_text(a.at("rows").as_array()[0].as_object().at("value").to_number<double>()), canonical)
        << typed;
    auto csv = editor.call("GET", "/api/v1/analytics?dx=KP_DU_TOAN&ou=00070&pe=2025&format=csv");
    EXPECT_NE(csv.body.find("," + canonical + ","), std::string::npos) << typed << "\n" << csv.body;
  }
}

// Problem 3: consolidation keeps the children's figures apart from the parent's own; the
// analytics count every entry once, whether or not the parent consolidated; yes/no become counts.
TEST_P(ReportingTest, ConsolidatedFiguresAreKeptApartAndNeverCountedTwice) {
  Client editor(port(), "hoankiem.nhaplieu", kDemoPassword);
  Client manager(port(), "hanoi.quanly", kDemoPassword);
  Client province(port(), "hanoi.truongban", kDemoPassword);
  const std::string hk = "/api/v1/reports/BC_BDG_NAM/00070/2025";
  const std::string cn = "/api/v1/reports/BC_BDG_NAM/00082/2025";
  const std::string city = "/api/v1/reports/BC_BDG_NAM/01/2025";
  ASSERT_EQ(editor
                .call("PUT", hk,
                      json::object{{"version", 0},
                                   {"values", json::array{value("BL_NAN_NHAN", "NU", "10"),
                                                          value("BAN_DA_KIEN_TOAN", "", "có")}}})
                .status,
            200);
  ASSERT_EQ(editor.call("POST", hk + "/submit", json::object{{"version", 1}}).status, 200);
  ASSERT_EQ(manager
                .call("PUT", cn,
                      json::object{{"version", 0},
                                   {"values", json::array{value("BL_NAN_NHAN", "NU", "7"),
                                                          value("BAN_DA_KIEN_TOAN", "", "không")}}})
                .status,
            200);
  ASSERT_EQ(manager.call("POST", cn + "/submit", json::object{{"version", 1}}).status, 200);
  // The city's own figure: victims the city's own agencies handled directly.
  ASSERT_EQ(
      manager.call("PUT", city, json::object{{"version", 0}, {"values", json::array{value("BL_NAN_NHAN", "NU", "3")}}})
          .status,
      200);
  auto total = [&] {
    auto a = manager.get("/api/v1/analytics?dx=BL_NAN_NHAN.NU&ou=01&pe=2025");
    return a.at("rows").as_array().at(0).as_object().at("value").to_number<double>();
  };
  EXPECT_EQ(total(), 20);  // 3 + 10 + 7
  auto r = manager.call("POST", city + "/consolidate", json::object{{"version", 1}, {"includeSubmitted", true}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto report = json::parse(r.body).as_object().at("report").as_object();
  EXPECT_EQ(figures_of(report, "BL_NAN_NHAN")["NU"], "3");  // own entry untouched
  for (const auto& sec : report.at("sections").as_array()) {
    if (!sec.as_object().contains("elements")) continue;
    for (const auto& e : sec.as_object().at("elements").as_array()) {
      const auto& eo = e.as_object();
      if (eo.at("code") == "BL_NAN_NHAN") {
        EXPECT_EQ(eo.at("consolidated").at("NU").at("value").as_string(), "17");
        EXPECT_EQ(eo.at("scope").as_string(), "area");
      }
      if (eo.at("code") == "BAN_DA_KIEN_TOAN") {
        EXPECT_EQ(eo.at("consolidated").at("TONG").at("value").as_string(), "1");  // 1 of the 2 communes: yes
        EXPECT_EQ(eo.at("consolidated").at("TONG").at("childrenUsed").as_int64(), 2);
        // The city's own answer is its register's (it has a committee), never the children's count.
        EXPECT_EQ(eo.at("values").at("TONG").at("value").as_string(), "true");
        EXPECT_EQ(eo.at("values").at("TONG").at("source").as_string(), "register");
      }
      if (eo.at("code") == "BAN_THANH_VIEN") {
        EXPECT_EQ(eo.at("scope").as_string(), "own");
      }
    }
  }
  EXPECT_EQ(total(), 20);  // consolidation adds nothing to the analytics
  // A rebuilt cube (a restart) gives the same figure: consolidated rows are not read into it.
  ASSERT_TRUE(env_->services->analytics.rebuild());
  EXPECT_EQ(total(), 20);
}

TEST_P(ReportingTest, DeadlinesComeWithTheirSourcesAndTheNationCanChangeThem) {
  Client editor(port(), "hoankiem.nhaplieu", kDemoPassword);
  Client admin(port(), "admin", kDemoPassword);
  Client province_manager(port(), "hanoi.quanly", kDemoPassword);

  // The package's defaults: communes send to the standing agency before 15/6 and 15/12 (Công văn 56/BVSTBPN).
  EXPECT_EQ(editor.get("/api/v1/reports/BC_BDG_NAM/00070/2025").at("dueBefore").as_string(), "2025-12-15");
  EXPECT_EQ(editor.get("/api/v1/reports/BC_BDG_6T/00070/2025S1").at("dueBefore").as_string(), "2025-06-15");
  for (const std::string form : {"BC_BDG_6T", "BC_BDG_NAM", "BC_THANG_HANH_DONG", "BC_CHIEN_LUOC"}) {
    const auto f = editor.get("/api/v1/forms/" + form);
    ASSERT_FALSE(f.at("dueBefore").as_array().empty()) << form;
    for (const auto& d : f.at("dueBefore").as_array()) {
      const std::string source(d.as_object().at("source").as_string());
      EXPECT_FALSE(source.empty()) << form << " " << d.as_object().at("unitType").as_string();
      EXPECT_EQ(d.as_object().at("setBy").as_string(), "package") << form;  // who set it: the package's default
      if (d.as_object().at("unitType").as_string() == "commune" && form != "BC_THANG_HANH_DONG") {
        EXPECT_NE(source.find("56/BVSTBPN"), std::string::npos) << source;
      }
    }
  }
  // The Strategy's annual statistics exist only after the year: due before 15/01 of the next year.
  {
    const auto f = editor.get("/api/v1/forms/BC_CHIEN_LUOC");
    for (const auto& d : f.at("dueBefore").as_array()) {
      EXPECT_EQ(d.as_object().at("monthOffset").as_int64(), 1);
      EXPECT_EQ(d.as_object().at("day").as_int64(), 15);
    }
  }

  auto due_of = [&](const std::string& today) {
    const auto due = editor.get("/api/v1/me/reports-due?today=" + today);
    for (const auto& d : due.at("reports").as_array()) {
      const auto& o = d.as_object();
      if (o.at("form").as_string() == "BC_BDG_NAM") return std::string(o.at("dueBefore").as_string());
    }
    return std::string("none");
  };
  EXPECT_EQ(due_of("2025-11-30"), "2025-12-15");

  // Only the nation may change them; fields are checked and named.
  const std::string url = "/api/v1/forms/BC_BDG_NAM/deadlines/commune";
  const json::object change{{"monthOffset", 0}, {"day", 10}, {"source", "Quyết định thử nghiệm / test decision"}};
  const auto by_editor = editor.call("PUT", url, change);
  EXPECT_TRUE(by_editor.status == 403 || by_editor.status == 404) << by_editor.status;
  const auto by_province = province_manager.call("PUT", url, change);
  EXPECT_TRUE(by_province.status == 403 || by_province.status == 404) << by_province.status;
  const auto bad_day = admin.call("PUT", url, json::object{{"monthOffset", 0}, {"day", 32}, {"source", ""}});
  EXPECT_EQ(bad_day.status, 422);
  EXPECT_EQ(json::parse(bad_day.body).as_object().at("field").as_string(), "day") << bad_day.body;
  const auto bad_offset = admin.call("PUT", url, json::object{{"monthOffset", 13}, {"day", 5}, {"source", ""}});
  EXPECT_EQ(bad_offset.status, 422);
  EXPECT_EQ(json::parse(bad_offset.body).as_object().at("field").as_string(), "monthOffset");
  const auto long_source =
      admin.call("PUT", url, json::object{{"monthOffset", 0}, {"day", 5}, {"source", std::string(501, 'x')}});
  EXPECT_EQ(long_source.status, 422);
  EXPECT_EQ(json::parse(long_source.body).as_object().at("field").as_string(), "source");
  const auto not_reporter = admin.call("PUT", "/api/v1/forms/BC_CHIEN_LUOC/deadlines/commune", change);
  EXPECT_EQ(not_reporter.status, 422);
  EXPECT_EQ(json::parse(not_reporter.body).as_object().at("field").as_string(), "unitType");
  EXPECT_EQ(due_of("2025-11-30"), "2025-12-15");  // nothing changed

  const auto ok = admin.call("PUT", url, change);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(json::parse(ok.body).as_object().at("setBy").as_string(), "admin") << ok.body;
  // Seen at once: in "my reports due", the report and the form.
  EXPECT_EQ(due_of("2025-11-30"), "2025-12-10");
  EXPECT_EQ(editor.get("/api/v1/reports/BC_BDG_NAM/00070/2025").at("dueBefore").as_string(), "2025-12-10");
  bool seen = false;
  const auto changed = editor.get("/api/v1/forms/BC_BDG_NAM");
  for (const auto& d : changed.at("dueBefore").as_array()) {
    if (d.as_object().at("unitType").as_string() != "commune") continue;
    seen = true;
    EXPECT_EQ(d.as_object().at("day").as_int64(), 10);
    EXPECT_EQ(d.as_object().at("source").as_string(), "Quyết định thử nghiệm / test decision");
    EXPECT_EQ(d.as_object().at("setBy").as_string(), "admin");  // the screen shows who set it last
  }
  EXPECT_TRUE(seen);
  // Audited, with the deadline before and after.
  const auto audit = admin.get("/api/v1/audit?entityType=form_deadline");
  ASSERT_EQ(audit.at("entries").as_array().size(), 1u) << json::serialize(audit);
  const auto& entry = audit.at("entries").as_array()[0].as_object();
  EXPECT_EQ(entry.at("entityId").as_string(), "BC_BDG_NAM/commune");
  EXPECT_EQ(entry.at("actor").as_string(), "admin");
  EXPECT_EQ(entry.at("before").as_object().at("day").as_int64(), 15);
  EXPECT_EQ(entry.at("after").as_object().at("day").as_int64(), 10);

  // The package is loaded again at every `tienbo init` (the demo runs one at each start): the
  // standing agency's deadline stays; the package's own ones are as before.
  ASSERT_TRUE(env_->services->metadata.load_package("vn-gender-equality", kSetup));
  EXPECT_EQ(due_of("2025-11-30"), "2025-12-10");
  EXPECT_EQ(editor.get("/api/v1/reports/BC_BDG_NAM/00070/2025").at("dueBefore").as_string(), "2025-12-10");
  const auto reloaded = editor.get("/api/v1/forms/BC_BDG_NAM");
  for (const auto& d : reloaded.at("dueBefore").as_array()) {
    if (d.as_object().at("unitType").as_string() == "province") {
      EXPECT_EQ(d.as_object().at("day").as_int64(), 25);
      EXPECT_EQ(d.as_object().at("setBy").as_string(), "package");
    }
    if (d.as_object().at("unitType").as_string() == "commune") {
      EXPECT_EQ(d.as_object().at("setBy").as_string(), "admin");
    }
  }
}

// Issue #11, items 4 and 7: the nation's total of an area figure adds the territory once (never the
// sectors' own returns, which count the same people again); an official statistic entered with its
// source replaces the sum where the indicator says so; every figure says how many units it rests on.
TEST_P(ReportingTest, NationalTotalsCountEachFigureOnceSayWhatTheyRestOnAndUseOfficialFigures) {
  Client admin(port(), "admin", kDemoPassword);
  Client editor(port(), "hoankiem.nhaplieu", kDemoPassword);
  const std::string province = "/api/v1/reports/BC_CHIEN_LUOC/01/2025";
  const std::string sector = "/api/v1/reports/BC_CHIEN_LUOC/KSND/2025";
  auto r = admin.call(
      "PUT", province,
      json::object{
          {"version", 0},
          {"values", json::array{value("BL_NAN_NHAN", "NU", "100"), value("BL_TIEP_CAN", "NU", "90"),
                                 value("CL_THAC_SI", "NU", "50"), value("CL_CQ_TONG", "", "10"),
                                 value("CL_LD_HUONG_LUONG", "NU", "30"), value("CL_LD_CO_VIEC_LAM", "NU", "100")}}});
  ASSERT_EQ(r.status, 200) << r.body;
  // Every value can say where it comes from.
  json::object sourced = value("BL_NAN_NHAN", "NAM", "20");
  sourced["dataSource"] = "Sổ theo dõi của Công an thành phố";
  r = admin.call("PUT", province, json::object{{"version", 1}, {"values", json::array{sourced}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(figures_of(json::parse(r.body).as_object(), "BL_NAN_NHAN")["NAM"], "20");
  {
    const auto rep = admin.get(province);
    bool seen = false;
    for (const auto& sec : rep.at("sections").as_array()) {
      if (!sec.as_object().contains("elements")) continue;
      for (const auto& e : sec.as_object().at("elements").as_array()) {
        if (e.as_object().at("code") != "BL_NAN_NHAN") continue;
        seen = true;
        EXPECT_EQ(e.as_object().at("values").at("NAM").at("dataSource").as_string(),
                  "Sổ theo dõi của Công an thành phố");
      }
    }
    EXPECT_TRUE(seen);
  }
  r = admin.call("PUT", sector,
                 json::object{{"version", 0},
                              {"values", json::array{value("BL_NAN_NHAN", "NU", "40"), value("CL_THAC_SI", "NU", "30"),
                                                     value("CL_CQ_TONG", "", "2")}}});
  ASSERT_EQ(r.status, 200) << r.body;

  const auto row = [&](const std::string& dx, const std::string& ou) {
    const auto a = admin.get("/api/v1/analytics?dx=" + dx + "&ou=" + ou + "&pe=2025");
    const auto& rows = a.at("rows").as_array();
    EXPECT_EQ(rows.size(), 1u) << dx << " " << ou << " " << json::serialize(a);
    return rows.empty() ? json::object{} : rows.at(0).as_object();
  };
  const auto number = [](const json::object& o) {
    return o.contains("value") ? o.at("value").to_number<double>() : -1.0;
  };
  // Victims (territorial): the province's 100, not 100 + the procuracy's 40.
  EXPECT_EQ(number(row("BL_NAN_NHAN.NU", "VN")), 100);
  EXPECT_EQ(number(row("BL_NAN_NHAN.NU", "KSND")), 40);  // the sector's own view keeps its figure
  // Masters (sector): the national count is the sector's.
  EXPECT_EQ(number(row("CL_THAC_SI.NU", "VN")), 30);
  EXPECT_EQ(number(row("CL_THAC_SI.NU", "01")), 50);
  // State agencies (both): each unit's agencies are its own.
  EXPECT_EQ(number(row("CL_CQ_TONG", "VN")), 12);

  // What the national figure rests on: 1 unit reported, of every territorial unit expected to report
  // a form holding the element (provinces, communes, member agencies) — counted here from the units.
  std::int64_t territorial = 0;
  {
    auto tx = env_->store->begin(store::Access::Read);
    ASSERT_TRUE(tx);
    auto units = (*tx)->units().all();
    ASSERT_TRUE(units);
    for (const auto& u : *units) {
      const bool type = u.unit_type == core::UnitType::Province || u.unit_type == core::UnitType::Commune ||
                        u.unit_type == core::UnitType::Agency;
      if (type && u.valid_from <= "2025-12-31" && "2025-12-31" <= u.valid_to) ++territorial;
    }
  }
  ASSERT_GT(territorial, 3000);
  {
    const auto v = row("BL_NAN_NHAN.NU", "VN");
    const auto& c = v.at("coverage").as_object();
    EXPECT_EQ(c.at("reported").as_int64(), 1);
    EXPECT_EQ(c.at("expected").as_int64(), territorial);
    EXPECT_TRUE(c.at("partial").as_bool());
    EXPECT_EQ(c.at("minimum").to_number<double>(), 80);
    EXPECT_EQ(v.at("basis").as_string(), "sum");
  }
  {
    const auto v = row("CL_3_2A", "VN");
    EXPECT_EQ(number(v), 75.0);  // 90 reached support of 100 + 20 victims
    EXPECT_EQ(v.at("coverage").at("reported").as_int64(), 1);
    EXPECT_TRUE(v.at("coverage").at("partial").as_bool());
  }
  // The card does not take a partial year as its headline: it shows it apart, marked.
  {
    const auto p = admin.get("/api/v1/indicators/CL_3_2A/progress?ou=VN&year=2025");
    EXPECT_EQ(p.at("status").as_string(), "insufficient_coverage") << json::serialize(p);
    EXPECT_EQ(p.at("partial").at("year").as_int64(), 2025);
    EXPECT_EQ(p.at("partial").at("reported").as_int64(), 1);
    EXPECT_TRUE(p.at("currentYear").is_null());
  }
  // A commune that reported is fully covered: its figure is the headline.
  {
    r = editor.call(
        "PUT", "/api/v1/reports/BC_BDG_NAM/00070/2025",
        json::object{{"version", 0},
                     {"values", json::array{value("BL_NAN_NHAN", "NU", "4"), value("BL_TIEP_CAN", "NU", "3")}}});
    ASSERT_EQ(r.status, 200) << r.body;
    const auto p = editor.get("/api/v1/indicators/CL_3_2A/progress?ou=00070&year=2025");
    EXPECT_EQ(p.at("currentYear").as_int64(), 2025) << json::serialize(p);
    EXPECT_EQ(p.at("currentCoverage").at("reported").as_int64(), 1);
    EXPECT_EQ(p.at("currentCoverage").at("expected").as_int64(), 1);
    EXPECT_TRUE(p.at("partial").is_null());
  }

  // Official figures: the statistics office's survey replaces the sum at the nation.
  EXPECT_EQ(number(row("CL_2_1", "VN")), 30);
  const std::string official = "/api/v1/official-values/CL_LD_HUONG_LUONG/VN/2025";
  const std::string lfs = "Cục Thống kê — Điều tra lao động việc làm 2025";
  const auto field_of = [](const HttpResponse& h) {
    return std::string(json::parse(h.body).as_object().at("field").as_string());
  };
  {
    const auto no_source = admin.call("PUT", official, json::object{{"option", "NU"}, {"value", "5.000.000"}});
    EXPECT_EQ(no_source.status, 422);
    EXPECT_EQ(field_of(no_source), "dataSource");
    const auto bad_option =
        admin.call("PUT", official, json::object{{"option", "XX"}, {"value", "5"}, {"dataSource", lfs}});
    EXPECT_EQ(bad_option.status, 422);
    EXPECT_EQ(field_of(bad_option), "option");
    const auto ambiguous =
        admin.call("PUT", official, json::object{{"option", "NU"}, {"value", "1.25"}, {"dataSource", lfs}});
    EXPECT_EQ(ambiguous.status, 422);
    EXPECT_EQ(field_of(ambiguous), "value");
    const auto bad_period = admin.call("PUT", "/api/v1/official-values/CL_LD_HUONG_LUONG/VN/20x5",
                                       json::object{{"option", "NU"}, {"value", "5"}, {"dataSource", lfs}});
    EXPECT_EQ(bad_period.status, 422);
    EXPECT_EQ(field_of(bad_period), "period");
    const auto text_element = admin.call("PUT", "/api/v1/official-values/NOPE/VN/2025",
                                         json::object{{"option", "NU"}, {"value", "5"}, {"dataSource", lfs}});
    EXPECT_EQ(text_element.status, 404);
    const auto by_editor =
        editor.call("PUT", official, json::object{{"option", "NU"}, {"value", "5"}, {"dataSource", lfs}});
    EXPECT_TRUE(by_editor.status == 403 || by_editor.status == 404) << by_editor.status;
  }
  r = admin.call("PUT", official, json::object{{"option", "NU"}, {"value", "5.000.000"}, {"dataSource", lfs}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body).as_object().at("value").as_string(), "5000000");
  r = admin.call("PUT", "/api/v1/official-values/CL_LD_CO_VIEC_LAM/VN/2025",
                 json::object{{"option", "NU"}, {"value", 10000000}, {"dataSource", lfs}});
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(env_->services->analytics.wait_until_current(std::chrono::seconds(10)));
  {
    const auto v = row("CL_2_1", "VN");
    EXPECT_EQ(number(v), 50);
    EXPECT_EQ(v.at("basis").as_string(), "official");
    EXPECT_EQ(v.at("dataSource").as_string(), lfs);
    EXPECT_FALSE(v.at("coverage").at("partial").as_bool());
    EXPECT_EQ(number(row("CL_2_1", "01")), 30);  // the province keeps its reported figure
    // Never summed: the element's national total is still the reports'.
    EXPECT_EQ(number(row("CL_LD_HUONG_LUONG.NU", "VN")), 30);
    const auto p = admin.get("/api/v1/indicators/CL_2_1/progress?ou=VN&year=2025");
    EXPECT_EQ(p.at("currentYear").as_int64(), 2025) << json::serialize(p);
    EXPECT_EQ(p.at("currentBasis").as_string(), "official");
  }
  const auto listed = admin.get("/api/v1/official-values?ou=VN&pe=2025");
  EXPECT_EQ(listed.at("officialValues").as_array().size(), 2u);
  const auto out_of_scope = editor.call("GET", "/api/v1/official-values?ou=VN").status;
  EXPECT_TRUE(out_of_scope == 403 || out_of_scope == 404) << out_of_scope;
  // Removed: the indicator takes official figures only when every figure it needs has one, so
  // numerator and denominator never mix a survey with a sum of reports. Every change is audited.
  EXPECT_EQ(admin.call("DELETE", official + "?option=NU").status, 204);
  EXPECT_EQ(admin.call("DELETE", official + "?option=NU").status, 404);
  ASSERT_TRUE(env_->services->analytics.wait_until_current(std::chrono::seconds(10)));
  EXPECT_EQ(number(row("CL_2_1", "VN")), 30);
  const auto audit = admin.get("/api/v1/audit?entityType=official_value");
  EXPECT_EQ(audit.at("entries").as_array().size(), 3u) << json::serialize(audit);

  // The CSV carries what each figure rests on.
  const auto csv = admin.call("GET", "/api/v1/analytics?dx=BL_NAN_NHAN.NU&ou=VN&pe=2025&format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("unitsReported,unitsExpected,coverage,partial,basis,dataSource"), std::string::npos);
  EXPECT_NE(csv.body.find(",2," + std::to_string(territorial) + ","), std::string::npos)
      << csv.body;  // the province and the ward
}

// Issue #11, item 7: an annual report's cumulative count may not be below the same unit's half-year
// figure (halfYear(n, …) in the package's rules), checked where the annual report is read.
TEST_P(ReportingTest, AnAnnualCountBelowAHalfYearIsFlagged) {
  Client editor(port(), "hoankiem.nhaplieu", kDemoPassword);
  // The ward exists from 1/7/2025: its first half-year is 2026S1.
  const std::string annual = "/api/v1/reports/BC_BDG_NAM/00070/2026";
  auto r = editor.call("PUT", "/api/v1/reports/BC_BDG_6T/00070/2026S1",
                       json::object{{"version", 0}, {"values", json::array{value("BL_NAN_NHAN", "NU", "10")}}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto flagged = [&](const json::object& report) {
    for (const auto& v : report.at("violations").as_array()) {
      if (v.as_object().at("rule").as_string() == "BL_NAN_NHAN_NAM_KHONG_DUOI_6T1") return true;
    }
    return false;
  };
  r = editor.call("PUT", annual,
                  json::object{{"version", 0}, {"values", json::array{value("BL_NAN_NHAN", "NU", "4")}}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto report = editor.get(annual);
  EXPECT_TRUE(flagged(report)) << json::serialize(report.at("violations"));
  for (const auto& v : report.at("violations").as_array()) {
    if (v.as_object().at("rule").as_string() != "BL_NAN_NHAN_NAM_KHONG_DUOI_6T1") continue;
    EXPECT_EQ(v.as_object().at("severity").as_string(), "warning");
    EXPECT_NE(std::string(v.as_object().at("message").as_string()).find("6 tháng đầu năm (10)"), std::string::npos)
        << v.as_object().at("message").as_string();
  }
  // The half-year's own report has no such rule.
  EXPECT_FALSE(flagged(editor.get("/api/v1/reports/BC_BDG_6T/00070/2026S1")));
  r = editor.call("PUT", annual,
                  json::object{{"version", 1}, {"values", json::array{value("BL_NAN_NHAN", "NU", "12")}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(flagged(editor.get(annual)));
}

// Issue #11, item 2: random decimals of up to 15 significant digits, typed the Vietnamese way or sent as
// JSON numbers, come back with the same digits from the report, from the analytics and in the CSV.
// The expected text is written by the test from the digits it drew, never by the code under test.
TEST_P(ReportingTest, RandomDecimalsKeepTheirDigitsThroughSaveReportAnalyticsAndCsv) {
  Client editor(port(), "hoankiem.nhaplieu", kDemoPassword);
  const std::uint64_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  const auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::int64_t version = 0;
  for (int round = 0; round < 30; ++round) {
    // Digits: an integer part of 1–12 digits (no leading zero) and a fraction of 0–3 digits (no trailing zero).
    std::string whole(static_cast<std::size_t>(pick(1, 12)), '0');
    for (auto& c : whole) c = static_cast<char>('0' + pick(0, 9));
    if (whole.size() > 1 && whole[0] == '0') whole[0] = static_cast<char>('1' + pick(0, 8));
    std::string fraction(static_cast<std::size_t>(pick(0, 3)), '0');
    for (auto& c : fraction) c = static_cast<char>('0' + pick(0, 9));
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
    const std::string canonical = fraction.empty() ? whole : whole + "." + fraction;
    json::object cell{{"element", "KP_DU_TOAN"}};
    if (round % 2 == 0) {
      // As a person types it: thousands with '.', decimals with ','.
      std::string typed;
      for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) typed += '.';
        typed += whole[i];
      }
      if (!fraction.empty()) typed += "," + fraction;
      cell["value"] = typed;
    } else {
      cell["value"] = json::value(std::strtod(canonical.c_str(), nullptr));  // a machine's number
    }
    auto r = editor.call("PUT", kReport, json::object{{"version", version}, {"values", json::array{cell}}});
    ASSERT_EQ(r.status, 200) << json::serialize(cell) << "\n" << r.body;
    version = json::parse(r.body).as_object().at("version").as_int64();
    EXPECT_EQ(figures_of(editor.get(kReport), "KP_DU_TOAN")["TONG"], canonical) << json::serialize(cell);
    const auto a = editor.get("/api/v1/analytics?dx=KP_DU_TOAN&ou=00070&pe=2025");
    ASSERT_EQ(a.at("rows").as_array().size(), 1u);
    EXPECT_EQ(a.at("rows").as_array()[0].as_object().at("value").to_number<double>(),
              std::strtod(canonical.c_str(), nullptr))
        << canonical;
    const auto csv = editor.call("GET", "/api/v1/analytics?dx=KP_DU_TOAN&ou=00070&pe=2025&format=csv");
    EXPECT_NE(csv.body.find(",2025," + canonical + ","), std::string::npos) << canonical << "\n" << csv.body;
  }
}

// Issue #13: the web app offers no step the server would refuse. `actions` is checked against a
// table written from the role table (DESIGN) by hand, at each status, for each kind of reader —
// and, for every step offered or withheld, against what the server does when asked.
TEST_P(ReportingTest, AReportOffersExactlyTheStepsTheServerTakes) {
  Client editor(port(), "hoankiem.nhaplieu", kDemoPassword);  // editor at 00070
  Client manager(port(), "hanoi.quanly", kDemoPassword);      // manager at 01: edits, does not approve
  Client chair(port(), "hanoi.truongban", kDemoPassword);     // approver at 01 (the committee's chair)
  Client admin(port(), "admin", kDemoPassword);               // administrator at VN
  using Set = std::set<std::string>;
  auto actions = [](Client& c, const std::string& path) {
    Set out;
    const auto report = c.get(path);  // kept: the loop reads into it
    for (const auto& a : report.at("actions").as_array()) out.insert(std::string(a.as_string()));
    return out;
  };
  const std::string hk = kReport;  // a commune: nothing to consolidate or excuse
  const std::string city = "/api/v1/reports/BC_BDG_NAM/01/2025";

  // nothing saved yet: nothing to submit
  EXPECT_EQ(actions(editor, hk), (Set{"save", "attach"}));
  EXPECT_EQ(actions(manager, hk), (Set{"save", "attach"}));
  EXPECT_EQ(actions(chair, hk), Set{});
  EXPECT_EQ(actions(admin, hk), (Set{"save", "attach"}));
  EXPECT_EQ(actions(manager, city), (Set{"save", "attach", "consolidate"}));
  EXPECT_EQ(actions(chair, city), Set{"waive"});
  EXPECT_EQ(actions(admin, city), (Set{"save", "attach", "consolidate", "waive"}));
  EXPECT_EQ(editor.call("POST", hk + "/submit", json::object{{"version", 0}}).status, 409);
  // The chair is not offered "consolidate" and the server refuses it; the manager is, and may.
  EXPECT_EQ(chair.call("POST", city + "/consolidate", json::object{{"version", 0}}).status, 403);
  EXPECT_EQ(manager.call("POST", city + "/consolidate", json::object{{"version", 0}}).status, 200);
  EXPECT_EQ(chair.call("PUT", hk, json::object{{"version", 0}, {"values", json::array{value("BAN_CUOC_HOP", "", "2")}}})
                .status,
            403);
  ASSERT_EQ(
      editor.call("PUT", hk, json::object{{"version", 0}, {"values", json::array{value("BAN_CUOC_HOP", "", "2")}}})
          .status,
      200);

  // draft, saved
  EXPECT_EQ(actions(editor, hk), (Set{"save", "attach", "submit"}));
  EXPECT_EQ(actions(manager, hk), (Set{"save", "attach", "submit"}));
  EXPECT_EQ(actions(chair, hk), Set{});
  EXPECT_EQ(actions(manager, city), (Set{"save", "attach", "submit", "consolidate"}));
  ASSERT_EQ(editor.call("POST", hk + "/submit", json::object{{"version", 1}}).status, 200);

  // submitted: the unit may take it back before review (POST …/withdraw, tested in inbox_test.cpp)
  EXPECT_EQ(actions(editor, hk), Set{"withdraw"});
  EXPECT_EQ(actions(manager, hk), Set{"withdraw"});
  EXPECT_EQ(actions(chair, hk), (Set{"approve", "return"}));
  EXPECT_EQ(actions(admin, hk), (Set{"approve", "return", "withdraw"}));
  EXPECT_EQ(editor.call("POST", hk + "/approve", json::object{{"version", 2}}).status, 403);
  EXPECT_EQ(manager.call("POST", hk + "/approve", json::object{{"version", 2}}).status, 403);
  EXPECT_EQ(editor.call("POST", hk + "/submit", json::object{{"version", 2}}).status, 409);
  ASSERT_EQ(chair.call("POST", hk + "/approve", json::object{{"version", 2}}).status, 200);

  // approved: only the level above (or an administrator) reopens
  EXPECT_EQ(actions(editor, hk), Set{});
  EXPECT_EQ(actions(manager, hk), Set{});
  EXPECT_EQ(actions(chair, hk), Set{"reopen"});
  EXPECT_EQ(actions(admin, hk), Set{"reopen"});
  EXPECT_EQ(editor.call("POST", hk + "/reopen", json::object{{"version", 3}, {"comment", "sai"}}).status, 403);
  EXPECT_EQ(chair.call("POST", hk + "/return", json::object{{"version", 3}, {"comment", "sai"}}).status, 409);
  EXPECT_EQ(
      chair.call("POST", hk + "/reopen", json::object{{"version", 3}, {"comment", "Phát hiện sai số liệu"}}).status,
      200);

  // returned by the reopening: the editor's turn again
  EXPECT_EQ(actions(editor, hk), (Set{"save", "attach", "submit"}));
  EXPECT_EQ(actions(chair, hk), Set{});
}

// The rendered-report cache (http/report_cache.hpp) never shows what the database no longer
// holds: a server keeping reports for ten minutes answers, after every kind of write that
// reaches a report, exactly what a server over the same services that keeps nothing answers.
TEST_P(ReportingTest, AKeptReportIsAlwaysTheDatabasesAfterEveryKindOfWrite) {
  http::ApiOptions keeping;
  keeping.report_cache_ttl = std::chrono::minutes(10);
  keeping.metrics = std::make_shared<http::Metrics>();
  auto kept = start_api(GetParam(), "reporting", {}, keeping);
  ASSERT_EQ(kept->error, "");
  http::Router plain_router;
  http::ApiOptions nothing_kept;
  nothing_kept.report_cache_ttl = std::chrono::milliseconds(0);
  http::register_routes(plain_router, *kept->api, std::nullopt, nothing_kept);
  http::ServerOptions so;
  so.port = 0;
  so.handle_signals = false;
  so.access_log = false;
  http::Server plain(so, plain_router);
  ASSERT_TRUE(plain.bind());
  std::thread plain_thread([&] { plain.run(); });

  const unsigned short port = kept->server->port();
  Client editor(port, "hoankiem.nhaplieu", kDemoPassword);  // edits 00070
  Client manager(port, "hanoi.quanly", kDemoPassword);      // edits Hà Nội and below
  Client province(port, "hanoi.truongban", kDemoPassword);  // approves
  Client viewer(port, "hcm.xem", kDemoPassword);            // reads Hồ Chí Minh only
  Client admin(port, "admin", kDemoPassword);
  const std::string hk = "/api/v1/reports/BC_BDG_NAM/00070/2025";
  const std::string city = "/api/v1/reports/BC_BDG_NAM/01/2025";
  const std::string cn = "/api/v1/reports/BC_BDG_NAM/00082/2025";
  // Every reader of every report, from the keeping server twice (the second from memory) and
  // from the plain one: the same status and the same bytes.
  const std::vector<std::pair<Client*, std::string>> reads{{&editor, hk}, {&manager, hk},   {&province, hk},
                                                           {&viewer, hk}, {&manager, city}, {&province, city},
                                                           {&manager, cn}};
  auto same = [&](const std::string& after) {
    for (const auto& [client, path] : reads) {
      for (int round = 0; round < 2; ++round) {
        auto k = client->call("GET", path);
        auto p = http_request(plain.port(), "GET", path, "", client->auth_headers());
        ASSERT_TRUE(p) << after;
        EXPECT_EQ(k.status, p->status) << after << ": " << path;
        if (k.status == 200) {
          EXPECT_EQ(k.body, p->body) << after << ": " << path << " differs from the database";
        } else {  // a problem names its own request
          EXPECT_EQ(json::parse(k.body).as_object().at("detailEn"), json::parse(p->body).as_object().at("detailEn"))
              << after;
        }
      }
    }
  };
  auto version_of = [&](const std::string& path) { return manager.get(path).at("version").as_int64(); };
  same("at the start");
  ASSERT_EQ(
      editor.call("PUT", hk, json::object{{"version", 0}, {"values", json::array{value("BAN_CUOC_HOP", "", "4")}}})
          .status,
      200);
  same("a value saved");
  ASSERT_EQ(editor
                .call("PUT", hk,
                      json::object{{"version", 1},
                                   {"values", json::array{value("BAN_CUOC_HOP", "", "")}},
                                   {"narratives", json::object{{"KET_QUA", "Đã họp đủ."}}}})
                .status,
            200);
  same("a value removed and a narrative written");
  ASSERT_EQ(editor
                .call("PUT", hk,
                      json::object{
                          {"version", 2},
                          {"values", json::array{value("BAN_CUOC_HOP", "", "5"), value("BAN_THANH_VIEN", "NU", "3")}}})
                .status,
            200);
  ASSERT_EQ(editor.call("POST", hk + "/submit", json::object{{"version", 3}}).status, 200);
  same("submitted");
  ASSERT_EQ(province.call("POST", hk + "/return", json::object{{"version", 4}, {"comment", "Bổ sung số liệu"}}).status,
            200);
  same("returned");
  ASSERT_EQ(editor.call("POST", hk + "/submit", json::object{{"version", 5}}).status, 200);
  ASSERT_EQ(province.call("POST", hk + "/approve", json::object{{"version", 6}}).status, 200);
  same("approved");
  ASSERT_EQ(
      manager.call("PUT", cn, json::object{{"version", 0}, {"values", json::array{value("BAN_CUOC_HOP", "", "6")}}})
          .status,
      200);
  ASSERT_EQ(
      manager
          .call("POST", city + "/consolidate", json::object{{"version", version_of(city)}, {"includeSubmitted", true}})
          .status,
      200);
  same("the city consolidated");
  auto committees = manager.get("/api/v1/committees?unit=01");
  ASSERT_FALSE(committees.at("committees").as_array().empty()) << json::serialize(committees);
  const auto committee = committees.at("committees").as_array()[0].as_object().at("id").as_int64();
  ASSERT_EQ(manager
                .call("POST", "/api/v1/committees/" + std::to_string(committee) + "/members",
                      json::object{
                          {"fullName", "Trần Thị Bình"}, {"sex", "F"}, {"role", "member"}, {"termStart", "2025-06-01"}})
                .status,
            201);
  same("a member joined the city's committee (the register's figures)");
  ASSERT_EQ(
      province.call("POST", hk + "/reopen", json::object{{"version", 7}, {"comment", "Phát hiện sai số liệu"}}).status,
      200);
  same("reopened");
  ASSERT_EQ(admin.call("PUT", "/api/v1/units/00070", json::object{{"nameVi", "Phường Hoàn Kiếm (đổi tên thử)"}}).status,
            200);
  same("the unit renamed");
  ASSERT_EQ(admin
                .call("PUT", "/api/v1/forms/BC_BDG_NAM/deadlines/commune",
                      json::object{{"monthOffset", 0}, {"day", 10}, {"source", "Quyết định thử / test"}})
                .status,
            200);
  same("the commune deadline changed");

  // The cache was used: otherwise this test would prove nothing.
  const std::string metrics = keeping.metrics->render();
  const auto at = metrics.find("tienbo_report_cache_requests_total{result=\"hit\"} ");
  ASSERT_NE(at, std::string::npos) << metrics;
  EXPECT_GT(
      std::stod(metrics.substr(at + std::string_view("tienbo_report_cache_requests_total{result=\"hit\"} ").size())),
      20.0);
  plain.request_stop();
  plain_thread.join();
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportingTest, ::testing::Values(db::Backend::Sqlite, db::Backend::Postgres),
                         BackendName());

}  // namespace
}  // namespace tienbo::test
