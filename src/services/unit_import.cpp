// UnitService's imports: the bundled administrative units of Viet Nam with the 2025 lineage
// (tienbo init, tienbo units import --dataset), and units from a CSV file (all or none).
#include "tienbo/services/unit_service.hpp"

#include "unit_internal.hpp"

#include <algorithm>
#include <map>

#include "tienbo/core/embedded_file.hpp"
#include "tienbo/core/json_writer.hpp"
#include "tienbo/io/admin_units.hpp"
#include "tienbo/io/csv.hpp"
#include "tienbo/services/search_service.hpp"

namespace tienbo::services {

std::span<const core::EmbeddedFile> embedded_admin_units();

using core::ErrorCode;
using core::fail;
using core::Unexpected;
using unit_detail::check_command;

namespace {

constexpr std::string_view kReformDate = "2025-07-01";
constexpr std::string_view kLastDayBefore = "2025-06-30";

// Inserting the bundled units and their lineage in one transaction, with progress. Units are
// keyed by level + code + era, since codes were reused across the reform.
struct AdminUnitsWriter {
  store::Tx& tx;
  std::int64_t vn = 0;  // the root unit
  const Progress& progress;
  std::size_t total = 0;
  std::size_t done = 0;
  std::map<std::string, std::int64_t> ids;

  void tick(std::string_view stage, std::size_t n, std::size_t of) const {
    if (progress && (n % 500 == 0 || n == of)) progress(stage, n, of);
  }

  // One era's units (former: valid until the reform; current: from it).
  core::Result<void> insert_units(std::vector<io::AdminUnit>& units, bool current) {
    for (int pass = 0; pass < 2; ++pass) {  // provinces first, then what hangs under them
      for (auto& a : units) {
        const bool top = a.level == "province";
        if ((pass == 0) != top) continue;
        TIENBO_TRY(insert_unit(a, top, current));
      }
    }
    return {};
  }

  core::Result<void> insert_unit(const io::AdminUnit& a, bool top, bool current) {
    const auto type = core::parse_unit_type(a.level);
    if (!type) {
      return fail(ErrorCode::InvalidValue, "đơn vị " + a.code + " có cấp " + a.level + " không phải loại đơn vị",
                  "unit " + a.code + " has level " + a.level + ", which is not a unit type");
    }
    store::UnitRecord r;
    r.code = a.code;
    r.name_vi = a.name;
    r.unit_type = *type;
    r.category = a.category;
    if (current)
      r.valid_from = std::string(kReformDate);
    else
      r.valid_to = std::string(kLastDayBefore);
    if (top) {
      r.parent_id = vn;
    } else {
      auto parent = ids.find(std::string("province/") + a.parent_code + (current ? "/new" : "/old"));
      if (parent == ids.end()) {
        return fail(ErrorCode::InvalidValue,
                    "đơn vị " + a.code + " thuộc tỉnh " + a.parent_code + " không có trong dữ liệu",
                    "unit " + a.code + " belongs to province " + a.parent_code + ", which is not in the data");
      }
      r.parent_id = parent->second;
    }
    auto id = tx.units().insert(r);
    if (!id) return Unexpected{std::move(id).error()};
    r.id = *id;
    TIENBO_TRY(index_unit(tx, r));
    ids[a.level + "/" + a.code + (current ? "/new" : "/old")] = *id;
    tick("units", ++done, total);
    return {};
  }

  // The reform's lineage edges. Partial splits share an old unit's data equally among its new units.
  core::Result<void> insert_lineage(const std::vector<io::AdminUnitEdge>& edges, ImportReport& report) {
    std::map<std::string, int> split_count;
    for (const auto& e : edges) ++split_count[e.old_level + "/" + e.old_code];
    std::size_t edges_done = 0;
    for (const auto& e : edges) {
      auto from = ids.find(e.old_level + "/" + e.old_code + "/old");
      auto to = ids.find(e.new_level + "/" + e.new_code + "/new");
      if (from == ids.end() || to == ids.end()) {
        return fail(ErrorCode::InvalidValue,
                    "cạnh kế thừa " + e.old_code + " → " + e.new_code + " trỏ tới đơn vị không có",
                    "lineage edge " + e.old_code + " -> " + e.new_code + " names a unit that is not in the data");
      }
      const int n = split_count[e.old_level + "/" + e.old_code];
      store::LineageRecord edge{from->second, to->second, e.kind, n > 1 ? 1.0 / n : 1.0, std::string(kReformDate)};
      auto inserted = tx.units().insert_lineage(edge);
      if (!inserted) {
        // The source lists a few pairs twice; one edge per pair is enough.
        if (inserted.error().code == ErrorCode::Conflict) continue;
        return Unexpected{std::move(inserted).error()};
      }
      ++report.lineage_edges;
      tick("lineage", ++edges_done, edges.size());
    }
    return {};
  }
};

}  // namespace

core::Result<ImportReport> UnitService::load_admin_units(const Actor& actor, const Progress& progress) {
  std::map<std::string, std::string_view> files;
  for (const auto& f : embedded_admin_units()) files[std::string(f.name)] = f.contents;
  auto data = io::parse_admin_units({files["provinces.csv"], files["communes.csv"], files["mapping_new_to_old.json"],
                                     files["mapping_old_to_new.csv"]});
  if (!data) return Unexpected{std::move(data).error()};

  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  auto root = (*tx)->units().find_by_code("VN", kReformDate);
  if (!root) return Unexpected{std::move(root).error()};
  if (!*root) {
    return fail(ErrorCode::NotFound, "chưa có đơn vị gốc VN; hãy chạy tienbo init",
                "the root unit VN is missing; run tienbo init");
  }
  const std::int64_t vn = (*root)->id;
  auto existing = (*tx)->units().count(kReformDate, std::string("province"));
  if (!existing) return Unexpected{std::move(existing).error()};
  ImportReport report;
  if (*existing > 0) {
    report.already_loaded = true;
    return report;
  }

  AdminUnitsWriter w{**tx, vn, progress, data->current.size() + data->former.size(), 0, {}};
  TIENBO_TRY(w.insert_units(data->former, false));
  TIENBO_TRY(w.insert_units(data->current, true));
  report.units = static_cast<std::int64_t>(w.done);
  TIENBO_TRY(w.insert_lineage(data->edges, report));
  TIENBO_TRY((*tx)->audit().append(
      {actor.login, actor.request_id, "import", "unit", "vn-admin-units", vn, std::nullopt,
       core::JsonObject().add("units", report.units).add("lineageEdges", report.lineage_edges).str()}));
  TIENBO_TRY(commit_and_publish(**tx, changes_, change::kUnits | change::kLineage));
  return report;
}

core::Result<ImportReport> UnitService::import_csv(const Actor& actor, std::string_view text,
                                                   const Progress& progress) {
  auto rows = io::parse_csv(text);
  if (!rows) return Unexpected{std::move(rows).error()};
  if (rows->empty()) return fail(ErrorCode::InvalidValue, "tệp CSV trống", "the CSV file is empty", "file");
  const auto& header = rows->front();
  auto col = [&](std::string_view name) -> int {
    auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
  };
  for (std::string_view required : {"code", "name_vi", "unit_type", "parent_code"}) {
    if (col(required) < 0) {
      return fail(
          ErrorCode::InvalidValue,
          "tệp CSV thiếu cột " + std::string(required) +
              " (cần: code,name_vi,name_en,unit_type,category,parent_code,valid_from,valid_to,hierarchy,location_code)",
          "the CSV file has no column " + std::string(required) +
              " (expected: "
              "code,name_vi,name_en,unit_type,category,parent_code,valid_from,valid_to,hierarchy,location_code)",
          "file");
    }
  }
  auto tx = store_.begin(store::Access::Write);
  if (!tx) return Unexpected{std::move(tx).error()};
  ImportReport report;
  std::vector<std::int64_t> imported;
  std::string errors_vi;
  std::string errors_en;
  int bad = 0;
  const std::size_t total = rows->size() - 1;
  for (std::size_t i = 1; i < rows->size(); ++i) {
    const auto& row = (*rows)[i];
    auto get = [&](std::string_view name) {
      int c = col(name);
      return c >= 0 && static_cast<std::size_t>(c) < row.size() ? row[static_cast<std::size_t>(c)] : std::string();
    };
    if (row.size() == 1 && row[0].empty()) continue;
    UnitCommand cmd{get("code"),      get("name_vi"),     get("name_en"),       get("unit_type"),  get("category"),
                    get("hierarchy"), get("parent_code"), get("location_code"), get("valid_from"), get("valid_to")};
    store::UnitRecord rec;
    auto ok = check_command(**tx, cmd, rec, true);
    core::Result<std::int64_t> id = ok ? (*tx)->units().insert(rec) : core::Result<std::int64_t>(ok.error());
    if (id) {
      rec.id = *id;
      auto indexed = index_unit(**tx, rec);
      if (!indexed) id = indexed.error();
    }
    if (!id) {
      if (++bad <= 50) {
        errors_vi += "\n  dòng " + std::to_string(i + 1) + " (" + cmd.code + "): " + id.error().message_vi;
        errors_en += "\n  line " + std::to_string(i + 1) + " (" + cmd.code + "): " + id.error().message_en;
      }
      continue;
    }
    ++report.units;
    imported.push_back(rec.id);
    if (progress && (i % 500 == 0 || i == total)) progress("units", i, total);
  }
  if (bad > 0) {
    return fail(ErrorCode::InvalidValue, std::to_string(bad) + " dòng lỗi, không đơn vị nào được nhập:" + errors_vi,
                std::to_string(bad) + " bad line(s), no unit was imported:" + errors_en, "file");
  }
  TIENBO_TRY((*tx)->audit().append({actor.login, actor.request_id, "import", "unit", "csv", std::nullopt, std::nullopt,
                                    core::JsonObject().add("units", report.units).str()}));
  TIENBO_TRY(commit_and_publish(**tx, changes_, Changes(change::kUnits, std::move(imported))));
  return report;
}

}  // namespace tienbo::services
