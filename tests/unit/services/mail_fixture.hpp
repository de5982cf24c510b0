#pragma once
// The e-mail tests' fixture (services' outbox test, the SMTP sink test): a report fixture with
// editors that have addresses, a report submitted and returned, and the outbox read back.

#include <string>
#include <vector>

#include "report_fixture.hpp"

namespace tienbo::services::test_fixture {

class MailFixtureTest : public ReportServicesTest {
 protected:
  static constexpr const char* kForm = "BC_BDG_NAM";
  static constexpr const char* kPeriod = "2025";

  //! A user with the editor role at `unit_id` (no password: never signs in).
  std::int64_t add_editor(const std::string& login, const std::string& name, const std::string& email,
                          std::int64_t unit_id) {
    store::UserRecord u;
    u.login = login;
    u.display_name = name;
    u.email = email;
    u.unit_id = unit_id;
    u.password_hash = "not-a-hash";
    auto tx = store_->begin(store::Access::Write);
    EXPECT_TRUE(tx);
    auto id = (*tx)->users().insert(u);
    EXPECT_TRUE(id) << id.error().message_en;
    EXPECT_TRUE((*tx)->users().grant_role(*id, "editor", unit_id));
    EXPECT_TRUE((*tx)->commit());
    return id ? *id : 0;
  }

  //! The unit's report saved, submitted and returned by the administrator with `reason`.
  void submit_and_return(const std::string& unit, const std::string& reason) {
    SaveCommand save;  // a report with no data cannot be submitted
    save.values.resize(1);
    save.values[0].element = "BAN_CUOC_HOP";
    save.values[0].value = "2";
    auto draft = services_->reports.save(admin_, kForm, unit, kPeriod, save);
    ASSERT_TRUE(draft) << draft.error().message_en;
    TransitionCommand submit;
    submit.version = draft->version;
    auto submitted = services_->reports.submit(admin_, kForm, unit, kPeriod, submit);
    ASSERT_TRUE(submitted) << submitted.error().message_en;
    TransitionCommand back;
    back.version = submitted->version;
    back.comment = reason;
    auto returned = services_->reports.return_report(admin_, kForm, unit, kPeriod, back);
    ASSERT_TRUE(returned) << returned.error().message_en;
  }

  //! The outbox, newest first.
  std::vector<store::MailRecord> outbox() {
    auto tx = store_->begin(store::Access::Read);
    EXPECT_TRUE(tx);
    auto r = (*tx)->mail().recent(100);
    EXPECT_TRUE(r) << r.error().message_en;
    return r ? *r : std::vector<store::MailRecord>{};
  }
};

}  // namespace tienbo::services::test_fixture
