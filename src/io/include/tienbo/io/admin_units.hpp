#pragma once
// Parses the administrative-unit files bundled in data/admin-units/ (see its
// README): the 34 provinces and 3,321 communes from 1/7/2025, the 63 provinces,
// 10,047 communes and 5 island districts before, and the old -> new edges
// (full or partial) of the 2025 reform.

#include <string>
#include <string_view>
#include <vector>

#include "tienbo/core/result.hpp"

namespace tienbo::io {

struct AdminUnit {
  std::string code;
  std::string name;
  std::string level;  //!< "province", "district" or "commune"
  std::string category;  //!< "Tỉnh", "Thành phố trực thuộc trung ương", "Xã", "Phường", "Đặc khu", "Thị trấn", "Huyện"
  std::string parent_code;  //!< the province, for districts and communes
};

struct AdminUnitEdge {
  std::string old_code;
  std::string old_level;  //!< "province", "district" or "commune"
  std::string new_code;
  std::string new_level;  //!< "province" or "commune"
  std::string kind;       //!< "full" or "partial"
};

struct AdminUnitDataset {
  std::vector<AdminUnit> current;  //!< valid from 2025-07-01
  std::vector<AdminUnit> former;   //!< valid until 2025-06-30
  std::vector<AdminUnitEdge> edges;
};

struct AdminUnitFiles {
  std::string_view provinces_csv;    //!< provinces.csv
  std::string_view communes_csv;     //!< communes.csv
  std::string_view new_to_old_json;  //!< mapping_new_to_old.json
  std::string_view old_to_new_csv;   //!< mapping_old_to_new.csv
};

core::Result<AdminUnitDataset> parse_admin_units(const AdminUnitFiles& files);

//! "Xã", "Phường", "Thị trấn", "Đặc khu", "Huyện", ... from a name such as "Phường Phúc Xá".
std::string category_from_name(std::string_view name);

}  // namespace tienbo::io
