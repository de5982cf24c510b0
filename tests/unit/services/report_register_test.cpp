// The committee's figures come from the committee register (issue #11, own versus consolidated):
// offered read-only while a report can be edited, stored with source "register" on save and
// submission, never changed in a submitted or approved report; a unit that should have a
// committee and has none is flagged. On both backends.

#include <gtest/gtest.h>

#include <algorithm>

#include "report_fixture.hpp"

namespace tienbo::services {
namespace {

using test_fixture::ReportServicesTest;

const std::string kForm = "BC_BDG_NAM";
const std::string kPeriod = "2025";

ValueInput typed(const std::string& element, const std::string& option, const std::string& value) {
  ValueInput v;
  v.element = element;
  v.option = option;
  v.value = value;
  return v;
}

MemberCommand member(const std::string& name, const std::string& sex, const std::string& role,
                     const std::string& start) {
  MemberCommand m;
  m.full_name = name;
  m.sex = sex;
  m.position = "Chuyên viên";
  m.role = role;
  m.term_start = start;
  return m;
}

bool has_warning(const ReportView& v, const std::string& code) {
  return std::any_of(v.warnings.begin(), v.warnings.end(), [&](const auto& w) { return w.code == code; });
}

class ReportRegisterTest : public ReportServicesTest {};

TEST_P(ReportRegisterTest, CommitteeMembersComeFromTheRegisterUntilTheReportIsSubmitted) {
  auto& s = *services_;
  const auto province = add_unit("P01", "Tỉnh Một", "province", nation_.id);
  const auto commune = add_unit("C0001", "Xã Một", "commune", province.id);
  add_unit("P01-A", "Sở Một", "agency", province.id);

  // Without a committee: the province is flagged, the agency is not; the figures are typed.
  auto empty = s.reports.get(admin_, kForm, "P01", kPeriod);
  ASSERT_TRUE(empty) << empty.error().message_en;
  ASSERT_TRUE(has_warning(*empty, "no_committee"));
  const auto& w = empty->warnings.front();
  EXPECT_EQ(w.message_vi, "Đơn vị chưa có Ban Vì sự tiến bộ của phụ nữ trong sổ đăng ký");
  EXPECT_FALSE(w.message_en.empty());
  EXPECT_TRUE(empty->from_register.empty());
  auto agency = s.reports.get(admin_, kForm, "P01-A", kPeriod);
  ASSERT_TRUE(agency) << agency.error().message_en;
  EXPECT_TRUE(agency->warnings.empty());
  EXPECT_TRUE(has_warning(*s.reports.get(admin_, kForm, "C0001", kPeriod), "no_committee"));
  {
    SaveCommand cmd;
    cmd.values = {typed("BAN_THANH_VIEN", "NU", "4"), typed("BAN_THANH_VIEN", "NAM", "1")};
    auto saved = s.reports.save(admin_, kForm, "C0001", kPeriod, cmd);
    ASSERT_TRUE(saved) << saved.error().message_en;
    EXPECT_EQ(saved->values.at("BAN_THANH_VIEN").at("NU").source, "entered");
    EXPECT_EQ(stored("BAN_THANH_VIEN", commune.id, kPeriod).at("NU").source, "entered");
  }

  // The province's committee: three women and two men serve on 31/12/2025; a woman left in June
  // and a man joins in 2026 — neither is counted.
  CommitteeCommand cc;
  cc.decision_number = "12/QĐ-UBND";
  cc.decision_date = "2025-03-01";
  cc.established_on = "2025-03-01";
  auto committee = s.committees.create(admin_, "P01", cc);
  ASSERT_TRUE(committee) << committee.error().message_en;
  const auto id = committee->committee.id;
  for (const auto& m :
       {member("Nguyễn Thị An", "F", "chair", "2025-03-01"), member("Lê Thị Bình", "F", "member", "2025-03-01"),
        member("Trần Thị Chi", "F", "secretary", "2025-04-01"),
        member("Phạm Văn Dũng", "M", "vice_chair", "2025-03-01"), member("Hoàng Văn Em", "M", "member", "2025-03-01"),
        member("Vũ Văn Giang", "M", "member", "2026-01-15")}) {
    ASSERT_TRUE(s.committees.add_member(admin_, id, m));
  }
  auto leaving = s.committees.add_member(admin_, id, member("Đỗ Thị Hoa", "F", "member", "2025-03-01"));
  ASSERT_TRUE(leaving);
  ASSERT_TRUE(s.committees.end_member(admin_, id, leaving->member.id, "2025-06-30"));

  auto offered = s.reports.get(admin_, kForm, "P01", kPeriod);
  ASSERT_TRUE(offered) << offered.error().message_en;
  EXPECT_FALSE(has_warning(*offered, "no_committee"));
  const auto& members = offered->values.at("BAN_THANH_VIEN");
  EXPECT_EQ(members.at("NU").value, "3");
  EXPECT_EQ(members.at("NAM").value, "2");
  EXPECT_EQ(members.at("NU").source, "register");
  EXPECT_NE(members.at("NU").data_source.find("QĐ số 12/QĐ-UBND ngày 01/03/2025"), std::string::npos)
      << members.at("NU").data_source;
  EXPECT_EQ(offered->values.at("BAN_DA_KIEN_TOAN").at("TONG").value, "true");
  ASSERT_TRUE(offered->from_register.count("BAN_THANH_VIEN"));
  EXPECT_EQ(offered->from_register.at("BAN_THANH_VIEN").committee_id, id);
  EXPECT_EQ(offered->from_register.at("BAN_THANH_VIEN").as_of, "2025-12-31");
  EXPECT_EQ(offered->totals.at("BAN_THANH_VIEN"), 5);
  EXPECT_TRUE(stored("BAN_THANH_VIEN", province.id, kPeriod).empty());  // offered, not yet stored

  // A figure that differs from the register is refused, naming the field; so is deleting it.
  {
    SaveCommand cmd;
    cmd.values = {typed("BAN_CUOC_HOP", "", "2"), typed("BAN_THANH_VIEN", "NU", "9")};
    auto refused = s.reports.save(admin_, kForm, "P01", kPeriod, cmd);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, core::ErrorCode::InvalidValue);
    EXPECT_EQ(refused.error().field, "values[1]");
    EXPECT_NE(refused.error().message_vi.find("sổ đăng ký Ban"), std::string::npos) << refused.error().message_vi;
    EXPECT_NE(refused.error().message_en.find("BAN_THANH_VIEN.NU"), std::string::npos) << refused.error().message_en;
    cmd.values = {typed("BAN_THANH_VIEN", "NAM", "")};
    auto deleted = s.reports.save(admin_, kForm, "P01", kPeriod, cmd);
    ASSERT_FALSE(deleted);
    EXPECT_EQ(deleted.error().field, "values[0]");
    cmd.values = {typed("BAN_DA_KIEN_TOAN", "", "không")};
    EXPECT_FALSE(s.reports.save(admin_, kForm, "P01", kPeriod, cmd));
    EXPECT_TRUE(stored("BAN_CUOC_HOP", province.id, kPeriod).empty());  // nothing half-written
  }
  // The same figure with a note is fine; the save stores the register's figures, audited.
  {
    SaveCommand cmd;
    cmd.values = {typed("BAN_CUOC_HOP", "", "2"), typed("BAN_THANH_VIEN", "NU", "3")};
    cmd.values[1].comment = "theo quyết định kiện toàn";
    auto saved = s.reports.save(admin_, kForm, "P01", kPeriod, cmd);
    ASSERT_TRUE(saved) << saved.error().message_en;
    auto rows = stored("BAN_THANH_VIEN", province.id, kPeriod);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows.at("NU").value, "3");
    EXPECT_EQ(rows.at("NU").source, "register");
    EXPECT_EQ(rows.at("NU").comment, "theo quyết định kiện toàn");
    EXPECT_NE(rows.at("NU").data_source.find("Sổ đăng ký Ban"), std::string::npos);
    EXPECT_EQ(rows.at("NAM").value, "2");
    EXPECT_EQ(rows.at("NAM").source, "register");
    EXPECT_EQ(stored("BAN_DA_KIEN_TOAN", province.id, kPeriod).at("TONG").value, "true");
    EXPECT_EQ(stored("BAN_CUOC_HOP", province.id, kPeriod).at("TONG").source, "entered");
    AuditQuery f;
    f.entity_type = "report";
    f.entity_id = "BC_BDG_NAM/P01/2025";
    auto audit = s.audit.list(admin_, f);
    ASSERT_TRUE(audit) << audit.error().message_en;
    EXPECT_TRUE(
        std::any_of(audit->begin(), audit->end(), [](const auto& e) { return e.record.action == "register_figures"; }));
  }

  // The register changes (a woman joins in September): the draft offers it, and submitting
  // stores it even though nobody saved since.
  ASSERT_TRUE(s.committees.add_member(admin_, id, member("Ngô Thị Kim", "F", "member", "2025-09-01")));
  auto draft = s.reports.get(admin_, kForm, "P01", kPeriod);
  ASSERT_TRUE(draft);
  EXPECT_EQ(draft->values.at("BAN_THANH_VIEN").at("NU").value, "4");
  EXPECT_EQ(draft->values.at("BAN_THANH_VIEN").at("NU").comment, "theo quyết định kiện toàn");
  EXPECT_EQ(stored("BAN_THANH_VIEN", province.id, kPeriod).at("NU").value, "3");
  TransitionCommand submit;
  submit.version = draft->version;
  auto submitted = s.reports.submit(admin_, kForm, "P01", kPeriod, submit);
  ASSERT_TRUE(submitted) << submitted.error().message_en;
  EXPECT_EQ(stored("BAN_THANH_VIEN", province.id, kPeriod).at("NU").value, "4");
  EXPECT_EQ(submitted->values.at("BAN_THANH_VIEN").at("NU").value, "4");

  // Numbers are sacred: a later register change does not reach the submitted or approved report.
  ASSERT_TRUE(s.committees.add_member(admin_, id, member("Mai Thị Lan", "F", "member", "2025-10-01")));
  auto locked = s.reports.get(admin_, kForm, "P01", kPeriod);
  ASSERT_TRUE(locked);
  EXPECT_EQ(locked->values.at("BAN_THANH_VIEN").at("NU").value, "4");
  EXPECT_TRUE(locked->from_register.empty());
  TransitionCommand approve;
  approve.version = locked->version;
  // The province's children must be approved or waived first.
  ASSERT_TRUE(s.reports.waive_children(admin_, kForm, "P01", kPeriod, {}, "chưa thành lập"));
  auto approved = s.reports.approve(admin_, kForm, "P01", kPeriod, approve);
  ASSERT_TRUE(approved) << approved.error().message_en;
  EXPECT_EQ(approved->values.at("BAN_THANH_VIEN").at("NU").value, "4");
  EXPECT_EQ(stored("BAN_THANH_VIEN", province.id, kPeriod).at("NU").value, "4");

  // Reopened, the report offers the register again.
  TransitionCommand reopen;
  reopen.version = approved->version;
  reopen.comment = "cập nhật thành viên Ban";
  auto reopened = s.reports.reopen(admin_, kForm, "P01", kPeriod, reopen);
  ASSERT_TRUE(reopened) << reopened.error().message_en;
  EXPECT_EQ(reopened->values.at("BAN_THANH_VIEN").at("NU").value, "5");
}

// Women's and men's average hours of unpaid care work (3,7 and 2,3) are not a total of 6 hours a
// day: only elements aggregated by sum get a total; counts still do.
TEST_P(ReportRegisterTest, OnlyElementsThatAddUpHaveATotal) {
  const auto province = add_unit("P02", "Tỉnh Thử", "province", nation_.id);
  SaveCommand cmd;
  cmd.values = {typed("CL_GIO_NOI_TRO", "NU", "3.7"), typed("CL_GIO_NOI_TRO", "NAM", "2.3"),
                typed("BL_NAN_NHAN", "NU", "4"), typed("BL_NAN_NHAN", "NAM", "1")};
  auto saved = services_->reports.save(admin_, "BC_CHIEN_LUOC", "P02", "2025", cmd);
  ASSERT_TRUE(saved) << saved.error().message_en;
  EXPECT_EQ(saved->values.at("CL_GIO_NOI_TRO").at("NU").value, "3.7");
  EXPECT_EQ(saved->totals.count("CL_GIO_NOI_TRO"), 0U) << "an average has no total";
  ASSERT_EQ(saved->totals.count("BL_NAN_NHAN"), 1U);
  EXPECT_EQ(saved->totals.at("BL_NAN_NHAN"), 5);
  (void)province;
}

TEST_P(ReportRegisterTest, ACommitteeDissolvedBeforeThePeriodEndsIsNotTheRegistersFigure) {
  auto& s = *services_;
  add_unit("P02", "Tỉnh Hai", "province", nation_.id);
  CommitteeCommand cc;
  cc.established_on = "2020-01-01";
  cc.dissolved_on = "2025-06-30";
  auto committee = s.committees.create(admin_, "P02", cc);
  ASSERT_TRUE(committee) << committee.error().message_en;
  ASSERT_TRUE(
      s.committees.add_member(admin_, committee->committee.id, member("Nguyễn Thị An", "F", "chair", "2020-01-01")));
  auto now = s.reports.get(admin_, kForm, "P02", kPeriod);
  ASSERT_TRUE(now);
  EXPECT_TRUE(has_warning(*now, "no_committee"));
  EXPECT_TRUE(now->from_register.empty());
  // For the first half of 2025 it still served.
  auto first_half = s.reports.get(admin_, "BC_BDG_6T", "P02", "2025S1");
  ASSERT_TRUE(first_half) << first_half.error().message_en;
  EXPECT_FALSE(has_warning(*first_half, "no_committee"));
  EXPECT_EQ(first_half->values.at("BAN_THANH_VIEN").at("NU").value, "1");
  EXPECT_EQ(first_half->values.at("BAN_THANH_VIEN").at("NAM").value, "0");
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportRegisterTest, ::testing::Values(db::Backend::Sqlite, db::Backend::Postgres),
                         test::BackendName{});

}  // namespace
}  // namespace tienbo::services
