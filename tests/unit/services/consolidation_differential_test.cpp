// A differential test of consolidation and analytics (issue #11, own versus consolidated): random
// unit trees (nation → provinces → communes, member agencies under provinces and sometimes under
// a commune, so that a commune consolidates too), random own figures typed through
// ReportService, random committees in the register, children submitted or approved at random,
// parents consolidated — then every figure is checked against a brute-force recount written
// here, over the values this test generated (it never asks the code under test):
//   (a) a parent's consolidated figure = Σ over its approved children of the child's own entry,
//       plus, for an area element, the child's own consolidated figure; yes/no as counts of "yes";
//   (b) the parent's own values are exactly what it entered (or its register's figures);
//   (c) analytics over every unit = Σ of the own entries in its subtree (nothing counted twice,
//       consolidated figures never), through the live cube and after a rebuild.
// The seed is printed on failure; TIENBO_TEST_SEED=<n> replays one.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "report_fixture.hpp"

namespace tienbo::services {
namespace {

using test_fixture::ReportServicesTest;

const std::string kForm = "BC_BDG_NAM";
const std::string kPeriod = "2025";

enum class Kind { Integer, Number, Boolean };

struct Spec {
  std::string code;
  std::vector<std::string> options;
  Kind kind;
  bool area;
  bool from_register;  // the committee register owns it when the unit has a committee
};

// The form's elements this test fills (none of them in a blocking rule together).
const std::vector<Spec> kElements = {
    {"BAN_CUOC_HOP", {"TONG"}, Kind::Integer, false, false},
    {"BAN_VAN_BAN", {"TONG"}, Kind::Integer, false, false},
    {"CB_LANH_DAO", {"NU", "NAM"}, Kind::Integer, false, false},
    {"KP_DU_TOAN", {"TONG"}, Kind::Number, false, false},
    {"LANH_DAO_CHU_CHOT_NU", {"TONG"}, Kind::Boolean, false, false},
    {"BAN_THANH_VIEN", {"NU", "NAM"}, Kind::Integer, false, true},
    {"BAN_DA_KIEN_TOAN", {"TONG"}, Kind::Boolean, false, true},
    {"TT_HOAT_DONG", {"TONG"}, Kind::Integer, true, false},
    {"TT_TIN_BAI", {"TONG"}, Kind::Integer, true, false},
    {"TT_NGUOI_THAM_GIA", {"NU", "NAM"}, Kind::Integer, true, false},
    {"BL_NAN_NHAN", {"NU", "NAM"}, Kind::Integer, true, false},
};

struct Figure {
  std::string text;  // the canonical stored text
  double number = 0;
};
using Figures = std::map<std::string, std::map<std::string, Figure>>;  // element -> option -> figure

struct Node {
  store::UnitRecord unit;
  int parent = -1;
  std::vector<int> children;
  bool committee = false;
  int women = 0;
  int men = 0;
  std::string status = "draft";
  bool must_approve = false;  // the first commune with an agency below it: the path through a consolidating child
  Figures own;                // what the unit's report holds as its own
  Figures consolidated;       // the oracle's consolidation (only for units with children)
};

class ConsolidationDifferentialTest : public ReportServicesTest {};

TEST_P(ConsolidationDifferentialTest, RandomTreesAgreeWithABruteForceRecount) {
  std::uint64_t seed = std::random_device{}();
  if (const char* fixed = std::getenv("TIENBO_TEST_SEED")) seed = std::strtoull(fixed, nullptr, 10);
  SCOPED_TRACE("seed " + std::to_string(seed) + " (replay: TIENBO_TEST_SEED=" + std::to_string(seed) + ")");
  std::mt19937_64 rng(seed);
  const auto rnd = [&rng](int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); };
  const auto chance = [&rng](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  auto& s = *services_;

  // ---- the tree ----
  std::vector<Node> nodes;
  const auto add = [&](const std::string& code, const std::string& type, int parent) {
    Node n;
    n.parent = parent;
    n.unit = add_unit(code, "Đơn vị " + code, type,
                      parent < 0 ? nation_.id : nodes[static_cast<std::size_t>(parent)].unit.id);
    nodes.push_back(n);
    const int i = static_cast<int>(nodes.size()) - 1;
    if (parent >= 0) nodes[static_cast<std::size_t>(parent)].children.push_back(i);
    return i;
  };
  const int provinces = 2 + rnd(3);
  for (int p = 0; p < provinces; ++p) {
    const std::string pc = "P" + std::to_string(10 + p);
    const int pi = add(pc, "province", -1);
    const int communes = 1 + rnd(5);
    for (int c = 0; c < communes; ++c) {
      const int ci = add(pc + "C" + std::to_string(c), "commune", pi);
      // Sometimes a member agency under a commune, so that the commune consolidates too (always once).
      if (p == 0 && c == 0) {
        nodes[static_cast<std::size_t>(ci)].must_approve = true;
        nodes[static_cast<std::size_t>(add(pc + "C0A", "agency", ci))].must_approve = true;
      } else if (chance(0.25)) {
        add(pc + "C" + std::to_string(c) + "A", "agency", ci);
      }
    }
    const int agencies = rnd(3);
    for (int a = 0; a < agencies; ++a) add(pc + "A" + std::to_string(a), "agency", pi);
  }

  // ---- committees in the register ----
  for (auto& n : nodes) {
    if (!chance(0.4)) continue;
    CommitteeCommand cc;
    cc.decision_number = std::to_string(100 + rnd(900)) + "/QĐ-UBND";
    cc.decision_date = "2025-02-01";
    cc.established_on = "2025-02-01";
    auto committee = s.committees.create(admin_, n.unit.code, cc);
    ASSERT_TRUE(committee) << committee.error().message_en;
    n.committee = true;
    n.women = rnd(7);
    n.men = rnd(7);
    const auto add_member = [&](const std::string& sex, const std::string& start) {
      MemberCommand m;
      m.full_name = "Thành viên " + std::to_string(rnd(100000));
      m.sex = sex;
      m.role = "member";
      m.term_start = start;
      auto added = s.committees.add_member(admin_, committee->committee.id, m);
      EXPECT_TRUE(added) << added.error().message_en;
      return added ? added->member.id : 0;
    };
    for (int k = 0; k < n.women; ++k) add_member("F", "2025-02-01");
    for (int k = 0; k < n.men; ++k) add_member("M", "2025-02-01");
    if (chance(0.5)) add_member(chance(0.5) ? "F" : "M", "2026-02-01");  // joins after the period: not counted
    if (chance(0.5)) {                                                   // left before the period's end: not counted
      const auto id = add_member(chance(0.5) ? "F" : "M", "2025-02-01");
      ASSERT_TRUE(s.committees.end_member(admin_, committee->committee.id, id, "2025-06-30"));
    }
  }

  // The analytics cube knows the units before any value is saved; saves reach it as `serve` does.
  ASSERT_TRUE(s.analytics.rebuild());

  // ---- the reports, children before parents ----
  const auto random_own = [&](Node& n) {
    SaveCommand cmd;
    for (const auto& e : kElements) {
      if (e.from_register && n.committee) {
        if (e.code == "BAN_THANH_VIEN") {
          n.own[e.code]["NU"] = {std::to_string(n.women), static_cast<double>(n.women)};
          n.own[e.code]["NAM"] = {std::to_string(n.men), static_cast<double>(n.men)};
        } else {
          n.own[e.code]["TONG"] = {"true", 1};
        }
        continue;
      }
      for (const auto& o : e.options) {
        if (!chance(0.75)) continue;
        ValueInput in;
        in.element = e.code;
        in.option = e.options.size() > 1 ? o : "";
        Figure f;
        if (e.kind == Kind::Boolean) {
          const bool yes = chance(0.5);
          in.value = yes ? "có" : "không";
          f = {yes ? "true" : "false", yes ? 1.0 : 0.0};
        } else if (e.kind == Kind::Number) {
          const int tenths = rnd(50000);
          f.text = std::to_string(tenths / 10) + (tenths % 10 ? "." + std::to_string(tenths % 10) : "");
          f.number = tenths / 10.0;
          in.value = tenths % 10 ? std::to_string(tenths / 10) + "," + std::to_string(tenths % 10)
                                 : f.text;  // a decimal comma
        } else {
          const int v = rnd(500);
          f = {std::to_string(v), static_cast<double>(v)};
          in.value = f.text;
        }
        n.own[e.code][o] = f;
        cmd.values.push_back(in);
      }
    }
    return cmd;
  };
  const auto version_of = [&](const Node& n) {
    auto v = s.reports.get(admin_, kForm, n.unit.code, kPeriod);
    EXPECT_TRUE(v) << v.error().message_en;
    return v ? v->version : 0;
  };
  std::function<void(int)> report = [&](int i) {
    for (int c : nodes[static_cast<std::size_t>(i)].children) report(c);
    Node& n = nodes[static_cast<std::size_t>(i)];
    const bool parent = !n.children.empty();
    const bool consolidate_first = chance(0.5);
    const auto consolidate = [&] {
      ConsolidateCommand cmd;
      cmd.version = version_of(n);
      auto r = s.reports.consolidate(admin_, kForm, n.unit.code, kPeriod, cmd);
      ASSERT_TRUE(r) << n.unit.code << ": " << r.error().message_en;
    };
    if (parent && consolidate_first) consolidate();
    SaveCommand cmd = random_own(n);
    cmd.version = version_of(n);
    auto saved = s.reports.save(admin_, kForm, n.unit.code, kPeriod, cmd);
    ASSERT_TRUE(saved) << n.unit.code << ": " << saved.error().message_en;
    if (parent && !consolidate_first) consolidate();
    const double drawn = std::uniform_real_distribution<double>(0, 1)(rng);
    const double roll = n.must_approve ? 1.0 : drawn;
    if (roll < 0.15) return;  // stays a draft
    TransitionCommand t;
    t.version = version_of(n);
    auto submitted = s.reports.submit(admin_, kForm, n.unit.code, kPeriod, t);
    ASSERT_TRUE(submitted) << n.unit.code << ": " << submitted.error().message_en;
    n.status = "submitted";
    if (roll < 0.35) return;
    if (parent) {
      bool pending = false;
      for (int c : n.children) pending = pending || nodes[static_cast<std::size_t>(c)].status != "approved";
      if (pending) {
        ASSERT_TRUE(s.reports.waive_children(admin_, kForm, n.unit.code, kPeriod, {}, "chưa gửi báo cáo"));
      }
    }
    t.version = version_of(n);
    auto approved = s.reports.approve(admin_, kForm, n.unit.code, kPeriod, t);
    ASSERT_TRUE(approved) << n.unit.code << ": " << approved.error().message_en;
    n.status = "approved";
  };
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].parent < 0) report(static_cast<int>(i));
    ASSERT_FALSE(HasFatalFailure());
  }

  // ---- the oracle: plain loops over what this test generated ----
  std::function<void(int)> recount = [&](int i) {
    Node& n = nodes[static_cast<std::size_t>(i)];
    for (int c : n.children) recount(c);
    if (n.children.empty()) return;
    for (const auto& e : kElements) {
      for (const auto& o : e.options) {
        bool present = false;
        double sum = 0;
        for (int c : n.children) {
          const Node& child = nodes[static_cast<std::size_t>(c)];
          if (child.status != "approved") continue;
          if (auto el = child.own.find(e.code); el != child.own.end() && el->second.count(o)) {
            present = true;
            sum += el->second.at(o).number;
          }
          if (!e.area) continue;
          if (auto el = child.consolidated.find(e.code); el != child.consolidated.end() && el->second.count(o)) {
            present = true;
            sum += el->second.at(o).number;
          }
        }
        if (present) n.consolidated[e.code][o] = {"", sum};
      }
    }
  };
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].parent < 0) recount(static_cast<int>(i));
  }

  // (a) consolidated figures and (b) own values, unit by unit.
  int consolidated_checked = 0;
  int area_through_a_child = 0;
  for (const auto& n : nodes) {
    auto view = s.reports.get(admin_, kForm, n.unit.code, kPeriod);
    ASSERT_TRUE(view) << view.error().message_en;
    for (const auto& e : kElements) {
      // (b): exactly the unit's own figures, nothing added by a consolidation.
      const auto got_own = view->values.find(e.code);
      const auto want_own = n.own.find(e.code);
      std::set<std::string> got_options;
      if (got_own != view->values.end()) {
        for (const auto& [o, cell] : got_own->second) got_options.insert(o);
      }
      std::set<std::string> want_options;
      if (want_own != n.own.end()) {
        for (const auto& [o, f] : want_own->second) want_options.insert(o);
      }
      EXPECT_EQ(got_options, want_options) << n.unit.code << " own " << e.code;
      for (const auto& o : want_options) {
        if (!got_options.count(o)) continue;
        const auto& cell = got_own->second.at(o);
        EXPECT_EQ(cell.value, want_own->second.at(o).text) << n.unit.code << " own " << e.code << "." << o;
        EXPECT_EQ(cell.source, e.from_register && n.committee ? "register" : "entered")
            << n.unit.code << " " << e.code << "." << o;
      }
      // (a): the consolidated column.
      const auto got_cons = view->consolidated.find(e.code);
      const auto want_cons = n.consolidated.find(e.code);
      for (const auto& o : e.options) {
        const bool got = got_cons != view->consolidated.end() && got_cons->second.count(o);
        const bool want = want_cons != n.consolidated.end() && want_cons->second.count(o);
        EXPECT_EQ(got, want) << n.unit.code << " consolidated " << e.code << "." << o;
        if (!got || !want) continue;
        ++consolidated_checked;
        const double value = std::stod(got_cons->second.at(o).value);
        EXPECT_NEAR(value, want_cons->second.at(o).number, 1e-6)
            << n.unit.code << " consolidated " << e.code << "." << o;
      }
    }
    for (int c : n.children) {
      const Node& child = nodes[static_cast<std::size_t>(c)];
      if (child.status == "approved" && !child.consolidated.empty()) ++area_through_a_child;
    }
  }
  EXPECT_GT(consolidated_checked, 0) << "no consolidated figure was compared";
  EXPECT_GT(area_through_a_child, 0) << "no parent consolidated through a child that consolidated";

  // (c) analytics: every unit (the nation too), every element, = Σ own entries of its subtree.
  const auto subtree_sum = [&](const std::string& code, std::int64_t root_id) {
    // Whether each node lies under the root (the nation holds every node).
    std::optional<double> sum;
    for (const auto& n : nodes) {
      bool under = root_id == nation_.id;
      for (int k = static_cast<int>(&n - nodes.data()); !under && k >= 0;
           k = nodes[static_cast<std::size_t>(k)].parent) {
        under = nodes[static_cast<std::size_t>(k)].unit.id == root_id;
      }
      if (!under) continue;
      if (auto el = n.own.find(code); el != n.own.end()) {
        for (const auto& [o, f] : el->second) sum = sum.value_or(0) + f.number;
      }
    }
    return sum;
  };
  const auto check_analytics = [&](const std::string& when) {
    std::vector<store::UnitRecord> units{nation_};
    for (const auto& n : nodes) units.push_back(n.unit);
    for (const auto& u : units) {
      for (const auto& e : kElements) {
        AnalyticsQuery q;
        q.dx = {e.code};
        q.ou = {u.code};
        q.pe = {kPeriod};
        auto got = s.analytics.query(admin_, q);
        ASSERT_TRUE(got) << got.error().message_en;
        const auto want = subtree_sum(e.code, u.id);
        if (!want) {
          EXPECT_TRUE(got->rows.empty()) << when << ": " << e.code << " at " << u.code;
        } else if (got->rows.empty()) {
          EXPECT_EQ(*want, 0) << when << ": no answer for " << e.code << " at " << u.code;
        } else {
          ASSERT_EQ(got->rows.size(), 1u) << when << ": " << e.code << " at " << u.code;
          ASSERT_TRUE(got->rows[0].value) << when << ": " << e.code << " at " << u.code;
          EXPECT_NEAR(*got->rows[0].value, *want, 1e-6) << when << ": " << e.code << " at " << u.code;
        }
      }
    }
  };
  check_analytics("live cube");
  ASSERT_TRUE(s.analytics.rebuild());
  check_analytics("after a rebuild");
}

INSTANTIATE_TEST_SUITE_P(Backends, ConsolidationDifferentialTest,
                         ::testing::Values(db::Backend::Sqlite, db::Backend::Postgres), test::BackendName{});

}  // namespace
}  // namespace tienbo::services
