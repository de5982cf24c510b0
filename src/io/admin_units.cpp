#include "tienbo/io/admin_units.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <set>

#include "tienbo/io/csv.hpp"

namespace tienbo::io {

using core::ErrorCode;
using core::fail;

std::string category_from_name(std::string_view name) {
  for (std::string_view prefix :
       {"Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã"}) {
    if (name.starts_with(prefix) && (name.size() == prefix.size() || name[prefix.size()] == ' '))
      return std::string(prefix);
  }
  return "";
}

namespace {

core::Result<std::vector<std::map<std::string, std::string>>> csv_records(
    std::string_view text, std::string_view file, std::initializer_list<std::string_view> need) {
  auto rows = parse_csv(text);
  if (!rows) return core::Unexpected{std::move(rows).error()};
  if (rows->empty())
    return fail(ErrorCode::InvalidValue, std::string(file) + " trống", std::string(file) + " is empty", "file");
  const auto& header = rows->front();
  for (auto col : need) {
    if (std::find(header.begin(), header.end(), col) == header.end()) {
      return fail(ErrorCode::InvalidValue, std::string(file) + " thiếu cột " + std::string(col),
                  std::string(file) + " has no column " + std::string(col), "file");
    }
  }
  std::vector<std::map<std::string, std::string>> out;
  for (std::size_t i = 1; i < rows->size(); ++i) {
    const auto& row = (*rows)[i];
    if (row.size() == 1 && row[0].empty()) continue;
    if (row.size() != header.size()) {
      return fail(ErrorCode::InvalidValue,
                  std::string(file) + ": dòng " + std::to_string(i + 1) + " có " + std::to_string(row.size()) +
                      " cột, cần " + std::to_string(header.size()),
                  std::string(file) + ": line " + std::to_string(i + 1) + " has " + std::to_string(row.size()) +
                      " columns, expected " + std::to_string(header.size()),
                  "file");
    }
    std::map<std::string, std::string> rec;
    for (std::size_t c = 0; c < header.size(); ++c) rec[header[c]] = row[c];
    out.push_back(std::move(rec));
  }
  return out;
}

std::string str(const boost::json::value& v, std::string_view key) {
  const auto* p = v.as_object().if_contains(key);
  return p && p->is_string() ? std::string(p->as_string()) : std::string();
}

}  // namespace

core::Result<AdminUnitDataset> parse_admin_units(const AdminUnitFiles& files) {
  AdminUnitDataset out;

  auto provinces =
      csv_records(files.provinces_csv, "provinces.csv", {"province_code", "province_name", "province_type"});
  if (!provinces) return core::Unexpected{std::move(provinces).error()};
  for (auto& r : *provinces) {
    out.current.push_back({r["province_code"], r["province_name"], "province", r["province_type"], ""});
  }
  auto communes = csv_records(files.communes_csv, "communes.csv",
                              {"commune_code", "commune_name", "commune_type", "province_code"});
  if (!communes) return core::Unexpected{std::move(communes).error()};
  for (auto& r : *communes) {
    out.current.push_back({r["commune_code"], r["commune_name"], "commune", r["commune_type"], r["province_code"]});
  }

  // Former units and their province, from the flattened old -> new mapping.
  auto old_rows = csv_records(files.old_to_new_csv, "mapping_old_to_new.csv",
                              {"old_level", "old_code", "old_name", "old_province_code", "new_code"});
  if (!old_rows) return core::Unexpected{std::move(old_rows).error()};
  std::set<std::pair<std::string, std::string>> seen;  // (level, code)
  std::map<std::string, std::string> old_level_of;
  for (auto& r : *old_rows) {
    const std::string& level = r["old_level"];
    const std::string& code = r["old_code"];
    std::string key = code;
    key += '/';
    key += level;
    old_level_of[key] = level;
    if (!seen.insert({level, code}).second) continue;  // an old commune split in several rows
    AdminUnit u{code, r["old_name"], level, "", level == "province" ? "" : r["old_province_code"]};
    u.category = category_from_name(u.name);
    if (level == "province") u.category = u.category == "Thành phố" ? "Thành phố trực thuộc trung ương" : "Tỉnh";
    out.former.push_back(std::move(u));
  }

  // Edges with their kind (full / partial), from the MIT merges file.
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(files.new_to_old_json, ec);
  if (ec || !doc.is_object() || !doc.as_object().contains("data")) {
    return fail(ErrorCode::InvalidValue, "mapping_new_to_old.json không đọc được: " + ec.message(),
                "cannot read mapping_new_to_old.json: " + ec.message(), "file");
  }
  std::set<std::string> old_provinces;
  std::set<std::string> old_districts;
  for (const auto& u : out.former) {
    if (u.level == "province") old_provinces.insert(u.code);
    if (u.level == "district") old_districts.insert(u.code);
  }
  for (const auto& p : doc.at("data").as_array()) {
    const std::string new_province = str(p, "level1_id");
    for (const auto& m : p.at("merges").as_array()) {
      out.edges.push_back({str(m, "old_id"), "province", new_province, "province", str(m, "type")});
    }
    for (const auto& c : p.at("level2s").as_array()) {
      const std::string new_commune = str(c, "level2_id");
      for (const auto& m : c.at("merges").as_array()) {
        const std::string old_id = str(m, "old_id");
        // Three-digit old ids are the island districts that became đặc khu.
        const std::string level = old_id.size() == 3 && old_districts.count(old_id) ? "district" : "commune";
        out.edges.push_back({old_id, level, new_commune, "commune", str(m, "type")});
      }
    }
  }
  return out;
}

}  // namespace tienbo::io
