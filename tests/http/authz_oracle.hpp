#pragma once
// The authorization probe's own model of who may do what (tests/http/authz_test.cpp).
//
// Nothing here calls tienbo code: the unit tree and the 2025 reform's lineage are read from the
// bundled data files (data/admin-units/*.csv, mapping_new_to_old.json) with a parser of the test's
// own; the demo's member agencies are a table of the test's own; the grants are the ones the test
// itself made through the API; the role permissions are the test's own table.

#include <boost/json.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace tienbo::test::oracle {

// ---- the oracle's own permission table ------------------------------------------------

enum class Act {
  UnitRead,
  UnitManage,
  CommitteeRead,
  CommitteeManage,
  UserRead,
  UserManage,
  AuditRead,
  DataRead,
  DataEdit,
  DataApprove
};

inline bool role_has(const std::string& role, Act a) {
  static const std::map<std::string, std::set<Act>> kTable{
      {"administrator",
       {Act::UnitRead, Act::UnitManage, Act::CommitteeRead, Act::CommitteeManage, Act::UserRead, Act::UserManage,
        Act::AuditRead, Act::DataRead, Act::DataEdit, Act::DataApprove}},
      {"manager",
       {Act::UnitRead, Act::CommitteeRead, Act::CommitteeManage, Act::UserRead, Act::AuditRead, Act::DataRead,
        Act::DataEdit}},
      {"editor", {Act::UnitRead, Act::CommitteeRead, Act::DataRead, Act::DataEdit}},
      {"approver", {Act::UnitRead, Act::CommitteeRead, Act::AuditRead, Act::DataRead, Act::DataApprove}},
      {"viewer", {Act::UnitRead, Act::CommitteeRead, Act::DataRead}},
  };
  return kTable.at(role).count(a) > 0;
}

inline bool is_write(Act a) {
  return a == Act::UnitManage || a == Act::CommitteeManage || a == Act::UserManage || a == Act::DataEdit ||
         a == Act::DataApprove;
}

//! The read right that lets a caller see what a write changes (a refused write it cannot see is "missing").
inline Act seeing(Act a) {
  switch (a) {
    case Act::UnitManage:
      return Act::UnitRead;
    case Act::CommitteeManage:
      return Act::CommitteeRead;
    case Act::UserManage:
      return Act::UserRead;
    case Act::DataEdit:
    case Act::DataApprove:
      return Act::DataRead;
    default:
      return a;
  }
}

// ---- the unit tree and lineage, from the data files ----------------------------------

inline constexpr const char* kReform = "2025-07-01";

struct Unit {
  std::string code;
  bool former = false;  // valid until 2025-06-30
  bool always = false;  // VN: no validity
  int parent = -1;
  std::vector<int> successors;  // former units: what they became
};

struct Grant {
  std::string role;
  std::string unit;  // a code of today
};

//! Splits one line of a bundled CSV file (the files have no quoted cells; a quote fails loudly).
inline std::vector<std::string> split_csv_line(const std::string& line) {
  if (line.find('"') != std::string::npos)
    throw std::runtime_error("a quoted CSV cell: the oracle's parser is too small");
  std::vector<std::string> out;
  std::stringstream in(line);
  for (std::string cell; std::getline(in, cell, ',');) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

//! The rows of a CSV file as maps from its header's names.
inline std::vector<std::map<std::string, std::string>> read_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::string line;
  std::getline(in, line);
  const auto header = split_csv_line(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    auto cells = split_csv_line(line);
    if (cells.size() != header.size())
      throw std::runtime_error(path + ": a row of " + std::to_string(cells.size()) + " cells");
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

class Model {
 public:
  //! Reads `<dir>/provinces.csv`, `communes.csv`, `mapping_old_to_new.csv` and `mapping_new_to_old.json`.
  explicit Model(const std::string& dir) {
    vn_ = add({"VN", false, true, -1, {}});
    for (auto& r : read_csv(dir + "/provinces.csv")) add({r["province_code"], false, false, vn_, {}});
    for (auto& r : read_csv(dir + "/communes.csv"))
      add({r["commune_code"], false, false, current_.at(r["province_code"]), {}});
    // Former units: provinces under VN, communes and island districts under their former province.
    auto old_rows = read_csv(dir + "/mapping_old_to_new.csv");
    for (auto& r : old_rows) {
      if (r["old_level"] == "province" && !former_.count(r["old_code"])) add({r["old_code"], true, false, vn_, {}});
    }
    for (auto& r : old_rows) {
      if (r["old_level"] != "province" && !former_.count(r["old_code"])) {
        add({r["old_code"], true, false, former_.at(r["old_province_code"]), {}});
      }
    }
    // Successors: each new unit lists the former units merged into it.
    std::ifstream in(dir + "/mapping_new_to_old.json");
    std::stringstream text;
    text << in.rdbuf();
    const auto doc = boost::json::parse(text.str());
    for (const auto& p : doc.at("data").as_array()) {
      const int province = current_.at(std::string(p.at("level1_id").as_string()));
      for (const auto& m : p.at("merges").as_array()) link(std::string(m.at("old_id").as_string()), province);
      for (const auto& c : p.at("level2s").as_array()) {
        const int commune = current_.at(std::string(c.at("level2_id").as_string()));
        for (const auto& m : c.at("merges").as_array()) link(std::string(m.at("old_id").as_string()), commune);
      }
    }
  }

  //! A unit of today (an agency, a sector) under a unit of today.
  void add_current(const std::string& code, const std::string& parent) {
    const int at = resolve(parent, "2099-01-01");
    if (at < 0) throw std::runtime_error("no unit " + parent + " today");
    add({code, false, false, at, {}});
  }

  //! What `code` names on `date` (YYYY-MM-DD), or -1.
  [[nodiscard]] int resolve(const std::string& code, const std::string& date) const {
    if (code == "VN") return vn_;
    const auto& era = date >= kReform ? current_ : former_;
    auto it = era.find(code);
    return it == era.end() ? -1 : it->second;
  }
  //! Today's unit of that code, else the former one (as analytics resolves `ou`).
  [[nodiscard]] int latest(const std::string& code) const {
    int u = resolve(code, "2099-01-01");
    return u >= 0 ? u : resolve(code, "2000-01-01");
  }
  [[nodiscard]] const Unit& unit(int u) const { return units_.at(static_cast<std::size_t>(u)); }
  [[nodiscard]] std::size_t size() const { return units_.size(); }
  [[nodiscard]] std::size_t former_count() const { return former_.size(); }
  [[nodiscard]] std::size_t edge_count() const { return edges_; }

  //! True when `ancestor` is `u` or above it.
  [[nodiscard]] bool under(int ancestor, int u) const {
    for (int at = u; at >= 0; at = unit(at).parent) {
      if (at == ancestor) return true;
    }
    return false;
  }

  //! A grant on today's unit `g` covers `u`: its subtree, and for reads a former unit through what it became.
  [[nodiscard]] bool covers(int g, int u, bool write) const {
    if (g < 0 || u < 0) return false;
    if (under(g, u)) return true;
    if (write) return false;
    for (int s : unit(u).successors) {
      if (under(g, s)) return true;
    }
    return false;
  }

  //! Whether grants allow `act` on unit `u`.
  [[nodiscard]] bool allows(const std::vector<Grant>& grants, Act act, int u) const {
    for (const auto& g : grants) {
      if (role_has(g.role, act) && covers(resolve(g.unit, "2099-01-01"), u, is_write(act))) return true;
    }
    return false;
  }

 private:
  int add(Unit u) {
    const int id = static_cast<int>(units_.size());
    if (!u.always) (u.former ? former_ : current_)[u.code] = id;
    units_.push_back(std::move(u));
    return id;
  }
  void link(const std::string& old_code, int to) {
    auto it = former_.find(old_code);
    if (it == former_.end()) throw std::runtime_error("lineage names an unknown former unit " + old_code);
    auto& s = units_[static_cast<std::size_t>(it->second)].successors;
    if (std::find(s.begin(), s.end(), to) == s.end()) s.push_back(to);
    ++edges_;
  }
  std::vector<Unit> units_;
  std::map<std::string, int> current_;
  std::map<std::string, int> former_;
  int vn_ = -1;
  std::size_t edges_ = 0;
};

}  // namespace tienbo::test::oracle
