#include "tienbo/services/setup_service.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "tienbo/core/date.hpp"
#include "tienbo/core/json_writer.hpp"
#include "tienbo/services/committee_service.hpp"
#include "tienbo/services/metadata_service.hpp"
#include "tienbo/services/search_service.hpp"
#include "tienbo/services/user_service.hpp"

namespace tienbo::services {

using core::Unexpected;

std::vector<std::string> known_packages() { return {"vn-gender-equality"}; }

std::vector<DemoAccount> demo_accounts() {
  return {
      {"admin", "TienBo-demo-2026", "administrator", "VN", "Quản trị viên toàn quốc"},
      {"hanoi.quanly", "TienBo-demo-2026", "manager", "01", "Cán bộ Sở Nội vụ Hà Nội (cơ quan thường trực)"},
      {"hanoi.truongban", "TienBo-demo-2026", "approver", "01", "Trưởng ban VSTBPN thành phố Hà Nội"},
      {"hoankiem.nhaplieu", "TienBo-demo-2026", "editor", "00070", "Cán bộ nhập liệu phường Hoàn Kiếm"},
      {"hcm.xem", "TienBo-demo-2026", "viewer", "79", "Người xem, Thành phố Hồ Chí Minh"},
  };
}

core::Result<PackageLoadReport> SetupService::load_package(const std::string& name, const Actor& actor,
                                                           const Progress& progress) {
  // A directory of package files, read whole before anything is written.
  std::map<std::string, std::string> dir_files;
  const bool is_dir = name != "vn-gender-equality" && std::filesystem::is_directory(name);
  if (is_dir) {
    for (const char* file :
         {"categories.json", "data_elements.json", "forms.json", "validation_rules.json", "indicators.json"}) {
      std::ifstream in(std::filesystem::path(name) / file, std::ios::binary);
      if (!in) {
        if (std::string_view(file) == "indicators.json") continue;  // optional
        return core::fail(core::ErrorCode::InvalidValue, "thư mục gói " + name + " thiếu tệp " + file,
                          "package directory " + name + " has no " + file, "package");
      }
      dir_files[file].assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  } else if (name != "vn-gender-equality") {
    return core::fail(
        core::ErrorCode::InvalidValue,
        "không có gói dữ liệu \"" + name +
            "\"; các gói có: vn-gender-equality, hoặc một thư mục chứa các tệp JSON của gói",
        "there is no package \"" + name + "\"; available: vn-gender-equality, or a directory of package JSON files",
        "package");
  }
  {
    auto tx = store_.begin(store::Access::Write);
    if (!tx) return Unexpected{std::move(tx).error()};
    auto root = (*tx)->units().find_by_code("VN", core::today_in_vietnam());
    if (!root) return Unexpected{std::move(root).error()};
    if (!*root) {
      store::UnitRecord vn;
      vn.code = "VN";
      vn.name_vi = "Việt Nam";
      vn.name_en = "Viet Nam";
      vn.unit_type = core::UnitType::Nation;
      vn.category = "Quốc gia";
      auto id = (*tx)->units().insert(vn);
      if (!id) return Unexpected{std::move(id).error()};
      vn.id = *id;
      TIENBO_TRY(index_unit(**tx, vn));
      TIENBO_TRY((*tx)->audit().append(
          {actor.login, actor.request_id, "create", "unit", "VN", *id, std::nullopt,
           core::JsonObject().add("code", "VN").add("nameVi", "Việt Nam").add("type", "nation").str()}));
    }
    TIENBO_TRY(commit_and_publish(**tx, changes_, change::kUnits));
  }
  UnitService units(store_);
  units.set_change_feed(changes_);
  auto report = units.load_admin_units(actor, progress);
  if (!report) return Unexpected{std::move(report).error()};
  MetadataService metadata(store_);
  metadata.set_change_feed(changes_);
  if (!is_dir) return metadata.load_package(name, actor);
  std::map<std::string, std::string_view> files;
  for (const auto& [file, text] : dir_files) files[file] = text;
  return metadata.load_package_files(std::filesystem::path(name).filename().string(), files, actor);
}

namespace {

// The demo's member agencies of Ha Noi and Ho Chi Minh City, and a sector with its branches.
core::Result<void> add_demo_units(UnitService& units, const Principal& system) {
  struct Agency {
    const char* code;
    const char* parent;
    const char* name_vi;
    const char* name_en;
    const char* type;
    const char* hierarchy;
    const char* location;
  };
  const Agency agencies[] = {
      {"01-SNV", "01", "Sở Nội vụ thành phố Hà Nội", "Ha Noi Department of Home Affairs", "agency", "", ""},
      {"01-HLHPN", "01", "Hội Liên hiệp Phụ nữ thành phố Hà Nội", "Ha Noi Women's Union", "agency", "", ""},
      {"01-SYT", "01", "Sở Y tế thành phố Hà Nội", "Ha Noi Department of Health", "agency", "", ""},
      {"01-SGDDT", "01", "Sở Giáo dục và Đào tạo thành phố Hà Nội", "Ha Noi Department of Education and Training",
       "agency", "", ""},
      {"79-SNV", "79", "Sở Nội vụ Thành phố Hồ Chí Minh", "Ho Chi Minh City Department of Home Affairs", "agency", "",
       ""},
      {"KSND", "VN", "Ngành Kiểm sát nhân dân", "People's Procuracy sector", "sector", "sector:KSND", ""},
      {"KSND-01", "KSND", "Viện kiểm sát nhân dân thành phố Hà Nội", "Ha Noi People's Procuracy", "sector",
       "sector:KSND", "01"},
      {"KSND-79", "KSND", "Viện kiểm sát nhân dân Thành phố Hồ Chí Minh", "Ho Chi Minh City People's Procuracy",
       "sector", "sector:KSND", "79"},
  };
  for (const auto& a : agencies) {
    UnitCommand cmd;
    cmd.code = a.code;
    cmd.name_vi = a.name_vi;
    cmd.name_en = a.name_en;
    cmd.unit_type = a.type;
    cmd.parent_code = a.parent;
    cmd.hierarchy = a.hierarchy;
    cmd.location_code = a.location;
    cmd.valid_from = "2025-07-01";
    auto made = units.create(system, cmd);
    if (!made) return Unexpected{std::move(made).error()};
  }
  return {};
}

// Ha Noi's committee for the advancement of women, its members, and one consolidation.
core::Result<void> add_demo_committee(store::Store& store, const Principal& system) {
  CommitteeService committees(store);
  CommitteeCommand hn;
  hn.name_vi = "Ban Vì sự tiến bộ của phụ nữ thành phố Hà Nội";
  hn.name_en = "Ha Noi Committee for the Advancement of Women";
  hn.standing_agency_code = "01-SNV";
  hn.decision_number = "1234/QĐ-UBND";
  hn.decision_date = "2025-07-15";
  hn.established_on = "2025-07-15";
  auto committee = committees.create(system, "01", hn);
  if (!committee) return Unexpected{std::move(committee).error()};
  const MemberCommand members[] = {
      {"Nguyễn Thị Thu Hà", "F", "Phó Chủ tịch UBND thành phố", "", "chair", "1234/QĐ-UBND", "2025-07-15",
       "2025-07-15"},
      {"Trần Văn Minh", "M", "Giám đốc Sở Nội vụ", "01-SNV", "standing_vice_chair", "1234/QĐ-UBND", "2025-07-15",
       "2025-07-15"},
      {"Lê Thị Hồng", "F", "Chủ tịch Hội Liên hiệp Phụ nữ thành phố", "01-HLHPN", "vice_chair", "1234/QĐ-UBND",
       "2025-07-15", "2025-07-15"},
      {"Phạm Thị Lan", "F", "Phó Giám đốc Sở Nội vụ", "01-SNV", "standing_member", "1234/QĐ-UBND", "2025-07-15",
       "2025-07-15"},
      {"Đỗ Văn Hùng", "M", "Phó Giám đốc Sở Y tế", "01-SYT", "member", "1234/QĐ-UBND", "2025-07-15", "2025-07-15"},
      {"Vũ Thị Mai", "F", "Phó Giám đốc Sở Giáo dục và Đào tạo", "01-SGDDT", "member", "1234/QĐ-UBND", "2025-07-15",
       "2025-07-15"},
      {"Hoàng Thị Ngọc", "F", "Chuyên viên Sở Nội vụ", "01-SNV", "secretary", "1234/QĐ-UBND", "2025-07-15",
       "2025-07-15"},
  };
  std::int64_t health_member = 0;
  for (const auto& m : members) {
    auto added = committees.add_member(system, committee->committee.id, m);
    if (!added) return Unexpected{std::move(added).error()};
    if (m.agency_code == std::string("01-SYT")) health_member = added->member.id;
  }
  // A consolidation (kiện toàn): the health department's member changes.
  ConsolidationCommand kt;
  kt.decision_number = "2345/QĐ-UBND";
  kt.decision_date = "2026-03-02";
  kt.effective_date = "2026-03-05";
  kt.note = "Kiện toàn thành viên do thay đổi nhân sự Sở Y tế";
  kt.end_member_ids = {health_member};
  kt.new_members = {{"Ngô Thị Bích", "F", "Phó Giám đốc Sở Y tế", "01-SYT", "member", "", "", ""}};
  auto consolidated = committees.consolidate(system, committee->committee.id, kt);
  if (!consolidated) return Unexpected{std::move(consolidated).error()};
  return {};
}

// The demo accounts (demo_accounts()); one that exists already is left as it is.
core::Result<void> add_demo_accounts(store::Store& store, const Actor& actor) {
  UserService users(store);
  for (const auto& d : demo_accounts()) {
    AddUserCommand cmd;
    cmd.login = d.login;
    cmd.display_name = d.description_vi;
    cmd.role = d.role;
    cmd.unit_code = d.unit_code;
    cmd.password = d.password;
    auto added = users.add_user(cmd, actor);
    if (!added && added.error().code != core::ErrorCode::Conflict) return Unexpected{std::move(added).error()};
  }
  return {};
}

}  // namespace

core::Result<void> SetupService::load_demo(const Actor& actor) {
  // A system principal for the demo set-up: administrator at the root.
  Principal system;
  system.login = actor.login;
  system.request_id = actor.request_id;
  {
    auto tx = store_.begin(store::Access::Read);
    if (!tx) return Unexpected{std::move(tx).error()};
    auto vn = (*tx)->units().find_by_code("VN", core::today_in_vietnam());
    if (!vn || !*vn) return core::fail(core::ErrorCode::NotFound, "thiếu đơn vị VN", "unit VN is missing");
    system.grants.push_back({auth::Role::Administrator, (*vn)->id});
    auto existing = (*tx)->units().find_by_code("01-SNV", core::today_in_vietnam());
    if (!existing) return Unexpected{std::move(existing).error()};
    if (*existing) return {};  // demo already loaded
  }
  UnitService units(store_);
  units.set_change_feed(changes_);
  TIENBO_TRY(add_demo_units(units, system));
  TIENBO_TRY(add_demo_committee(store_, system));
  return add_demo_accounts(store_, actor);
}

}  // namespace tienbo::services
