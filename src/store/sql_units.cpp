#include "sql_common.hpp"

namespace tienbo::store::sql {
namespace {

constexpr std::string_view kCols =
    "id, code, name_vi, name_en, unit_type, category, hierarchy, parent_id, location_id, valid_from, valid_to";

// The units of `r`, read by column name; a unit type outside core::UnitType is an error naming it.
Result<std::vector<UnitRecord>> read_units(const db::Rows& r) {
  std::vector<UnitRecord> out;
  out.reserve(r.size());
  const auto id = r.column("id");
  const auto code = r.column("code");
  const auto name_vi = r.column("name_vi");
  const auto name_en = r.column("name_en");
  const auto unit_type = r.column("unit_type");
  const auto category = r.column("category");
  const auto hierarchy = r.column("hierarchy");
  const auto parent_id = r.column("parent_id");
  const auto location_id = r.column("location_id");
  const auto valid_from = r.column("valid_from");
  const auto valid_to = r.column("valid_to");
  for (std::size_t i = 0; i < r.size(); ++i) {
    auto type = enum_at(r, i, unit_type, &core::parse_unit_type, "unit.unit_type");
    if (!type) return Unexpected{std::move(type).error()};
    UnitRecord u;
    u.id = r.get_int(i, id);
    u.code = r.get_text(i, code);
    u.name_vi = r.get_text(i, name_vi);
    u.name_en = r.get_text(i, name_en);
    u.unit_type = *type;
    u.category = r.get_text(i, category);
    u.hierarchy = r.get_text(i, hierarchy);
    u.parent_id = opt_int_at(r, i, parent_id);
    u.location_id = opt_int_at(r, i, location_id);
    u.valid_from = r.get_text(i, valid_from);
    u.valid_to = r.get_text(i, valid_to);
    out.push_back(std::move(u));
  }
  return out;
}

std::vector<LineageRecord> read_lineage(const db::Rows& r) {
  std::vector<LineageRecord> out;
  const auto old_unit = r.column("old_unit_id");
  const auto new_unit = r.column("new_unit_id");
  const auto kind = r.column("kind");
  const auto share = r.column("share");
  const auto effective = r.column("effective_date");
  for (std::size_t i = 0; i < r.size(); ++i) {
    out.push_back({r.get_int(i, old_unit), r.get_int(i, new_unit), r.get_text(i, kind), r.get_double(i, share),
                   r.get_text(i, effective)});
  }
  return out;
}

class SqlUnitRepository final : public UnitRepository {
 public:
  SqlUnitRepository(db::Connection& c, UnitStructureCache* cache, std::uint64_t generation, bool* wrote_units)
      : c_(c), cache_(cache), generation_(generation), wrote_units_(wrote_units) {}

  Result<std::optional<UnitRecord>> find_by_code(std::string_view code, std::string_view as_of) override {
    auto r = c_.query(std::string("SELECT ") + std::string(kCols) +
                          " FROM unit WHERE code = $1 AND valid_from <= $2 AND valid_to >= $2",
                      {code, as_of});
    if (!r) return Unexpected{std::move(r).error()};
    auto units = read_units(*r);
    if (!units) return Unexpected{std::move(units).error()};
    if (units->empty()) return std::optional<UnitRecord>{};
    return std::optional<UnitRecord>(std::move(units->front()));
  }

  Result<std::vector<UnitRecord>> find_all_by_code(std::string_view code) override {
    auto r = c_.query(std::string("SELECT ") + std::string(kCols) + " FROM unit WHERE code = $1 ORDER BY valid_from",
                      {code});
    if (!r) return Unexpected{std::move(r).error()};
    return read_units(*r);
  }

  Result<std::optional<UnitRecord>> find_by_id(std::int64_t id) override {
    auto r = c_.query(std::string("SELECT ") + std::string(kCols) + " FROM unit WHERE id = $1", {id});
    if (!r) return Unexpected{std::move(r).error()};
    auto units = read_units(*r);
    if (!units) return Unexpected{std::move(units).error()};
    if (units->empty()) return std::optional<UnitRecord>{};
    return std::optional<UnitRecord>(std::move(units->front()));
  }

  Result<std::vector<UnitRecord>> find_by_ids(std::span<const std::int64_t> ids) override {
    std::vector<UnitRecord> out;
    for (std::size_t start = 0; start < ids.size(); start += 200) {
      const std::size_t n = std::min<std::size_t>(200, ids.size() - start);
      std::vector<Param> params(ids.begin() + static_cast<std::ptrdiff_t>(start),
                                ids.begin() + static_cast<std::ptrdiff_t>(start + n));
      auto r = c_.query(std::string("SELECT ") + std::string(kCols) + " FROM unit WHERE id IN (" + placeholders(1, n) +
                            ") ORDER BY code",
                        std::span<const Param>(params));
      if (!r) return Unexpected{std::move(r).error()};
      auto part = read_units(*r);
      if (!part) return Unexpected{std::move(part).error()};
      out.insert(out.end(), std::make_move_iterator(part->begin()), std::make_move_iterator(part->end()));
    }
    return out;
  }

  Result<std::vector<UnitRecord>> children(std::int64_t parent_id, std::string_view as_of) override {
    auto r = c_.query(std::string("SELECT ") + std::string(kCols) +
                          " FROM unit WHERE parent_id = $1 AND valid_from <= $2 AND valid_to >= $2 ORDER BY code",
                      {parent_id, as_of});
    if (!r) return Unexpected{std::move(r).error()};
    return read_units(*r);
  }

  Result<std::vector<std::int64_t>> ancestor_ids(std::int64_t id) override {
    const bool cached = use_cache();
    if (cached) {
      if (auto hit = cache_->ancestors(id)) return std::move(*hit);
    }
    auto r = c_.query(
        "WITH RECURSIVE anc(id, parent_id, depth) AS ("
        " SELECT id, parent_id, 0 FROM unit WHERE id = $1"
        " UNION ALL SELECT u.id, u.parent_id, a.depth + 1 FROM unit u JOIN anc a ON u.id = a.parent_id"
        " WHERE a.depth < 64)"
        " SELECT id FROM anc ORDER BY depth",
        {id});
    if (!r) return Unexpected{std::move(r).error()};
    std::vector<std::int64_t> out;
    for (std::size_t i = 0; i < r->size(); ++i) out.push_back(r->get_int(i, 0));
    if (cached) cache_->put_ancestors(generation_, id, out);
    return out;
  }

  Result<std::vector<UnitRecord>> descendants(std::int64_t id, std::string_view as_of, std::optional<std::string> type,
                                              std::int64_t limit) override {
    std::string cols;
    for (std::string_view c : {"id", "code", "name_vi", "name_en", "unit_type", "category", "hierarchy", "parent_id",
                               "location_id", "valid_from", "valid_to"}) {
      cols += (cols.empty() ? "u." : ", u.") + std::string(c);
    }
    auto r = c_.query(
        "WITH RECURSIVE sub(id) AS ("
        " SELECT id FROM unit WHERE parent_id = $1 AND valid_from <= $2 AND valid_to >= $2"
        " UNION SELECT u.id FROM unit u JOIN sub s ON u.parent_id = s.id WHERE u.valid_from <= $2 AND u.valid_to >= $2)"
        " SELECT " +
            cols +
            " FROM unit u JOIN sub ON u.id = sub.id"
            " WHERE ($3 = '' OR u.unit_type = $3) ORDER BY u.code LIMIT $4",
        {id, as_of, std::string_view(type ? *type : std::string()), limit});
    if (!r) return Unexpected{std::move(r).error()};
    return read_units(*r);
  }

  Result<std::int64_t> count(std::string_view as_of, std::optional<std::string> type) override {
    auto r =
        c_.query("SELECT COUNT(*) FROM unit WHERE valid_from <= $1 AND valid_to >= $1 AND ($2 = '' OR unit_type = $2)",
                 {as_of, std::string_view(type ? *type : std::string())});
    if (!r) return Unexpected{std::move(r).error()};
    return r->get_int(0, 0);
  }

  Result<std::int64_t> insert(const UnitRecord& u) override {
    wrote();
    const std::string ts = now();
    auto r = c_.query(
        "INSERT INTO unit (code, name_vi, name_en, unit_type, category, hierarchy, parent_id, location_id, valid_from,"
        " valid_to, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        {std::string_view(u.code), std::string_view(u.name_vi), std::string_view(u.name_en),
         core::to_string(u.unit_type), std::string_view(u.category), std::string_view(u.hierarchy),
         opt_int(u.parent_id), opt_int(u.location_id), std::string_view(u.valid_from), std::string_view(u.valid_to),
         std::string_view(ts)});
    if (!r) return Unexpected{std::move(r).error()};
    return r->get_int(0, 0);
  }

  Result<void> update(const UnitRecord& u) override {
    wrote();
    auto n = c_.execute(
        "UPDATE unit SET name_vi = $2, name_en = $3, category = $4, parent_id = $5, location_id = $6, valid_from = $7,"
        " valid_to = $8 WHERE id = $1",
        {u.id, std::string_view(u.name_vi), std::string_view(u.name_en), std::string_view(u.category),
         opt_int(u.parent_id), opt_int(u.location_id), std::string_view(u.valid_from), std::string_view(u.valid_to)});
    if (!n) return Unexpected{std::move(n).error()};
    return {};
  }

  Result<void> insert_lineage(const LineageRecord& e) override {
    wrote();
    auto n = c_.execute(
        "INSERT INTO unit_lineage (old_unit_id, new_unit_id, kind, share, effective_date) VALUES ($1, $2, $3, $4, $5)",
        {e.old_unit_id, e.new_unit_id, std::string_view(e.kind), e.share, std::string_view(e.effective_date)});
    if (!n) return Unexpected{std::move(n).error()};
    return {};
  }

  Result<std::vector<LineageRecord>> successors(std::int64_t old_unit_id) override {
    const bool cached = use_cache();
    if (cached) {
      if (auto hit = cache_->successors(old_unit_id)) return std::move(*hit);
    }
    auto r = c_.query(
        "SELECT old_unit_id, new_unit_id, kind, share, effective_date FROM unit_lineage"
        " WHERE old_unit_id = $1 ORDER BY new_unit_id",
        {old_unit_id});
    if (!r) return Unexpected{std::move(r).error()};
    auto out = read_lineage(*r);
    if (cached) cache_->put_successors(generation_, old_unit_id, out);
    return out;
  }

  Result<std::vector<LineageRecord>> predecessors(std::int64_t new_unit_id) override {
    auto r = c_.query(
        "SELECT old_unit_id, new_unit_id, kind, share, effective_date FROM unit_lineage"
        " WHERE new_unit_id = $1 ORDER BY old_unit_id",
        {new_unit_id});
    if (!r) return Unexpected{std::move(r).error()};
    return read_lineage(*r);
  }

  Result<std::vector<UnitRecord>> all() override {
    auto r = c_.query(std::string("SELECT ") + std::string(kCols) + " FROM unit ORDER BY id");
    if (!r) return Unexpected{std::move(r).error()};
    return read_units(*r);
  }
  Result<std::vector<LineageRecord>> all_lineage() override {
    auto r = c_.query(
        "SELECT old_unit_id, new_unit_id, kind, share, effective_date FROM unit_lineage ORDER BY old_unit_id, "
        "new_unit_id");
    if (!r) return Unexpected{std::move(r).error()};
    return read_lineage(*r);
  }

  Result<void> insert_many(std::vector<UnitRecord>& units, const std::function<void(std::size_t)>& on_row) override {
    for (std::size_t i = 0; i < units.size(); ++i) {
      auto id = insert(units[i]);
      if (!id) return Unexpected{std::move(id).error()};
      units[i].id = *id;
      if (on_row) on_row(i + 1);
    }
    return {};
  }

 private:
  [[nodiscard]] bool use_cache() const { return cache_ != nullptr && (wrote_units_ == nullptr || !*wrote_units_); }
  void wrote() {
    if (wrote_units_ != nullptr) *wrote_units_ = true;
  }
  db::Connection& c_;
  UnitStructureCache* cache_;
  std::uint64_t generation_;
  bool* wrote_units_;
};

}  // namespace

std::unique_ptr<UnitRepository> make_unit_repository(db::Connection& c, UnitStructureCache* cache,
                                                     std::uint64_t generation, bool* wrote_units) {
  return std::make_unique<SqlUnitRepository>(c, cache, generation, wrote_units);
}

}  // namespace tienbo::store::sql
