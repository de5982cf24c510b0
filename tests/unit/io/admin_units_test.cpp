// The bundled administrative units of the 2025 reform, parsed from the files in data/admin-units/.

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "tienbo/io/admin_units.hpp"

#ifndef TIENBO_SOURCE_DIR
#error "TIENBO_SOURCE_DIR must name the source tree (tests/CMakeLists.txt defines it)"
#endif

namespace tienbo::io {
namespace {

std::string read_data_file(const std::string& name) {
  const std::string path = std::string(TIENBO_SOURCE_DIR) + "/data/admin-units/" + name;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot open " << path;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class AdminUnitsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    provinces_ = new std::string(read_data_file("provinces.csv"));
    communes_ = new std::string(read_data_file("communes.csv"));
    new_to_old_ = new std::string(read_data_file("mapping_new_to_old.json"));
    old_to_new_ = new std::string(read_data_file("mapping_old_to_new.csv"));
    auto parsed = parse_admin_units({*provinces_, *communes_, *new_to_old_, *old_to_new_});
    if (parsed) {
      data_ = new AdminUnitDataset(std::move(*parsed));
    } else {
      error_ = new std::string(parsed.error().message_en);
    }
  }
  static void TearDownTestSuite() {
    delete data_;
    delete error_;
    delete provinces_;
    delete communes_;
    delete new_to_old_;
    delete old_to_new_;
    data_ = nullptr;
    error_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(data_, nullptr) << (error_ ? *error_ : std::string("not parsed")); }

  static std::map<std::string, int> count_by(const std::vector<AdminUnit>& units, const std::string& level,
                                             std::string AdminUnit::*field) {
    std::map<std::string, int> out;
    for (const auto& u : units) {
      if (u.level == level) ++out[u.*field];
    }
    return out;
  }
  static int count_level(const std::vector<AdminUnit>& units, const std::string& level) {
    int n = 0;
    for (const auto& u : units) n += u.level == level ? 1 : 0;
    return n;
  }

  static inline std::string* provinces_ = nullptr;
  static inline std::string* communes_ = nullptr;
  static inline std::string* new_to_old_ = nullptr;
  static inline std::string* old_to_new_ = nullptr;
  static inline AdminUnitDataset* data_ = nullptr;
  static inline std::string* error_ = nullptr;
};

TEST_F(AdminUnitsTest, CurrentUnitsAre34ProvincesAnd3321Communes) {
  EXPECT_EQ(count_level(data_->current, "province"), 34);
  EXPECT_EQ(count_level(data_->current, "commune"), 3321);
  EXPECT_EQ(data_->current.size(), 34u + 3321u);
  const auto by_category = count_by(data_->current, "commune", &AdminUnit::category);
  EXPECT_EQ(by_category.size(), 3u);
  EXPECT_EQ(by_category.count("Xã") ? by_category.at("Xã") : 0, 2621);
  EXPECT_EQ(by_category.count("Phường") ? by_category.at("Phường") : 0, 687);
  EXPECT_EQ(by_category.count("Đặc khu") ? by_category.at("Đặc khu") : 0, 13);
  const auto provinces = count_by(data_->current, "province", &AdminUnit::category);
  EXPECT_EQ(provinces.count("Thành phố trực thuộc trung ương") ? provinces.at("Thành phố trực thuộc trung ương") : 0,
            6);
  EXPECT_EQ(provinces.count("Tỉnh") ? provinces.at("Tỉnh") : 0, 28);
}

TEST_F(AdminUnitsTest, CurrentCodesAreUniqueAndCommunesHangUnderTheProvinces) {
  std::set<std::string> provinces;
  for (const auto& u : data_->current) {
    if (u.level == "province") {
      EXPECT_TRUE(u.parent_code.empty()) << u.code;
      provinces.insert(u.code);
    }
  }
  ASSERT_EQ(provinces.size(), 34u);
  std::set<std::string> communes;
  std::map<std::string, int> per_province;
  for (const auto& u : data_->current) {
    if (u.level != "commune") continue;
    EXPECT_TRUE(communes.insert(u.code).second) << "duplicate commune code " << u.code;
    EXPECT_EQ(provinces.count(u.parent_code), 1u) << u.code << " → " << u.parent_code;
    EXPECT_EQ(u.code.size(), 5u) << u.code;
    ++per_province[u.parent_code];
  }
  EXPECT_EQ(per_province["01"], 126);  // Hà Nội
  EXPECT_EQ(per_province.size(), 34u);
}

TEST_F(AdminUnitsTest, WellKnownCurrentUnits) {
  std::map<std::string, const AdminUnit*> by_code;
  for (const auto& u : data_->current) by_code[u.level + "/" + u.code] = &u;
  ASSERT_TRUE(by_code.count("province/01"));
  EXPECT_EQ(by_code["province/01"]->name, "Thành phố Hà Nội");
  EXPECT_EQ(by_code["province/01"]->category, "Thành phố trực thuộc trung ương");
  ASSERT_TRUE(by_code.count("province/08"));
  EXPECT_EQ(by_code["province/08"]->name, "Tuyên Quang");
  ASSERT_TRUE(by_code.count("commune/00070"));
  EXPECT_EQ(by_code["commune/00070"]->name, "Phường Hoàn Kiếm");
  EXPECT_EQ(by_code["commune/00070"]->category, "Phường");
  EXPECT_EQ(by_code["commune/00070"]->parent_code, "01");
}

TEST_F(AdminUnitsTest, FormerUnitsAre63Provinces10047CommunesAnd5Districts) {
  EXPECT_EQ(count_level(data_->former, "province"), 63);
  EXPECT_EQ(count_level(data_->former, "commune"), 10047);
  EXPECT_EQ(count_level(data_->former, "district"), 5);
  EXPECT_EQ(data_->former.size(), 63u + 10047u + 5u);
  std::set<std::pair<std::string, std::string>> seen;
  std::set<std::string> provinces;
  for (const auto& u : data_->former) {
    EXPECT_TRUE(seen.insert({u.level, u.code}).second) << "duplicate former unit " << u.level << " " << u.code;
    if (u.level == "province") provinces.insert(u.code);
  }
  for (const auto& u : data_->former) {
    if (u.level == "province") {
      EXPECT_TRUE(u.category == "Tỉnh" || u.category == "Thành phố trực thuộc trung ương")
          << u.code << " " << u.category;
    } else {
      EXPECT_EQ(provinces.count(u.parent_code), 1u) << u.level << " " << u.code << " → " << u.parent_code;
    }
  }
  const auto districts = count_by(data_->former, "district", &AdminUnit::category);
  EXPECT_EQ(districts.count("Huyện") ? districts.at("Huyện") : 0, 5);
}

TEST_F(AdminUnitsTest, ProvinceEdgesAre63AndAllFull) {
  std::set<std::string> current_provinces;
  for (const auto& u : data_->current) {
    if (u.level == "province") current_provinces.insert(u.code);
  }
  int province_edges = 0;
  std::set<std::string> old_sources;
  for (const auto& e : data_->edges) {
    if (e.old_level != "province") continue;
    ++province_edges;
    EXPECT_EQ(e.kind, "full") << e.old_code << " → " << e.new_code;
    EXPECT_EQ(e.new_level, "province");
    EXPECT_EQ(current_provinces.count(e.new_code), 1u) << e.new_code;
    old_sources.insert(e.old_code);
  }
  EXPECT_EQ(province_edges, 63);
  EXPECT_EQ(old_sources.size(), 63u);
}

TEST_F(AdminUnitsTest, EveryFormerUnitHasAnEdgeToACurrentUnit) {
  std::set<std::pair<std::string, std::string>> current;
  for (const auto& u : data_->current) current.insert({u.level, u.code});
  std::set<std::pair<std::string, std::string>> with_edge;
  for (const auto& e : data_->edges) {
    EXPECT_TRUE(e.kind == "full" || e.kind == "partial") << e.kind;
    EXPECT_EQ(current.count({e.new_level, e.new_code}), 1u) << e.old_code << " → " << e.new_level << " " << e.new_code;
    with_edge.insert({e.old_level, e.old_code});
  }
  int missing = 0;
  for (const auto& u : data_->former) {
    if (!with_edge.count({u.level, u.code})) {
      ++missing;
      ADD_FAILURE() << "former " << u.level << " " << u.code << " (" << u.name << ") has no edge";
    }
  }
  EXPECT_EQ(missing, 0);
  // Every edge starts at a former unit.
  std::set<std::pair<std::string, std::string>> former;
  for (const auto& u : data_->former) former.insert({u.level, u.code});
  for (const auto& e : data_->edges) {
    EXPECT_EQ(former.count({e.old_level, e.old_code}), 1u) << e.old_level << " " << e.old_code;
  }
}

TEST_F(AdminUnitsTest, EdgeKindsCount1012PartialAndTheRestFull) {
  int partial = 0;
  int full = 0;
  int district = 0;
  for (const auto& e : data_->edges) {
    if (e.kind == "partial") ++partial;
    if (e.kind == "full") ++full;
    if (e.old_level == "district") {
      ++district;
      EXPECT_EQ(e.new_level, "commune");
    }
  }
  EXPECT_EQ(partial, 1012);
  EXPECT_EQ(partial + full, static_cast<int>(data_->edges.size()));
  EXPECT_GE(district, 5);
}

TEST_F(AdminUnitsTest, KnownLineage) {
  // Phường Phúc Xá (00001) went wholly into Phường Hồng Hà (00097).
  int edges_of_00001 = 0;
  // Old Hà Giang (02) and old Tuyên Quang (08) both became the new Tuyên Quang (08).
  std::set<std::string> into_08;
  for (const auto& e : data_->edges) {
    if (e.old_level == "commune" && e.old_code == "00001") {
      ++edges_of_00001;
      EXPECT_EQ(e.new_code, "00097");
      EXPECT_EQ(e.kind, "full");
    }
    if (e.old_level == "province" && e.new_code == "08") into_08.insert(e.old_code);
  }
  EXPECT_EQ(edges_of_00001, 1);
  EXPECT_EQ(into_08, (std::set<std::string>{"02", "08"}));
}

TEST(AdminUnitCategory, FromName) {
  EXPECT_EQ(category_from_name("Phường Phúc Xá"), "Phường");
  EXPECT_EQ(category_from_name("Xã Ia Mơ"), "Xã");
  EXPECT_EQ(category_from_name("Thị trấn Đông Anh"), "Thị trấn");
  EXPECT_EQ(category_from_name("Thị xã Sơn Tây"), "Thị xã");
  EXPECT_EQ(category_from_name("Đặc khu Phú Quốc"), "Đặc khu");
  EXPECT_EQ(category_from_name("Huyện Côn Đảo"), "Huyện");
  EXPECT_EQ(category_from_name("Quận Ba Đình"), "Quận");
  EXPECT_EQ(category_from_name("Thành phố Hà Nội"), "Thành phố");
  EXPECT_EQ(category_from_name("Tỉnh Hà Giang"), "Tỉnh");
  EXPECT_EQ(category_from_name("Phường"), "Phường");
  // The prefix must be a whole word.
  EXPECT_EQ(category_from_name("Xãx"), "");
  EXPECT_EQ(category_from_name("Phườngabc"), "");
  EXPECT_EQ(category_from_name("Bắc Ninh"), "");
  EXPECT_EQ(category_from_name(""), "");
}

TEST(AdminUnitParse, MissingColumnIsNamed) {
  auto r = parse_admin_units({"province_code,province_name\n01,Hà Nội\n", "", "{}", ""});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "file");
  EXPECT_NE(r.error().message_en.find("province_type"), std::string::npos) << r.error().message_en;
}

}  // namespace
}  // namespace tienbo::io
