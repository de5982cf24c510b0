// The parts of an analytics snapshot read from the store: the unit tree numbered in pre-order
// with its lineage, the numeric data elements, the official figures, and every numeric value into
// a cube; and one committed value applied to a cube.
#include "analytics_internal.hpp"

#include <algorithm>

#include "tienbo/core/domain.hpp"
#include "tienbo/core/value_syntax.hpp"

namespace tienbo::services {

using core::Unexpected;
using namespace analytics_detail;

namespace {

analytics::PeriodRule rule_of(const std::string& aggregation) {
  if (aggregation == "average") return analytics::PeriodRule::Average;
  if (aggregation == "last") return analytics::PeriodRule::Last;
  if (aggregation == "none") return analytics::PeriodRule::None;
  return analytics::PeriodRule::Sum;
}

Contributors contributors_of(const std::string& c) {
  if (c == "territorial") return Contributors::Territorial;
  if (c == "sector") return Contributors::Sector;
  return Contributors::Both;
}

//! One bit per unit type, for "which types report this element" masks.
std::uint32_t unit_type_bit(core::UnitType type) { return 1U << static_cast<unsigned>(type); }

bool sector_type(core::UnitType type) { return type == core::UnitType::Ministry || type == core::UnitType::Sector; }

// The tree in pre-order from units ordered by id.
core::Result<std::shared_ptr<const Units>> index_units(std::vector<store::UnitRecord> list,
                                                       std::shared_ptr<const Units::Lineage> lineage) {
  auto model = std::make_shared<Units>();
  model->list = std::move(list);
  model->predecessors = std::move(lineage);
  const std::size_t n = model->list.size();
  std::vector<std::int64_t> parents(n, analytics::kNoParent);
  for (std::size_t i = 0; i < n; ++i) model->pos_by_id[model->list[i].id] = i;
  model->children.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& u = model->list[i];
    model->by_code[u.code].push_back(i);
    if (u.parent_id) {
      auto it = model->pos_by_id.find(*u.parent_id);
      if (it != model->pos_by_id.end()) {
        parents[i] = static_cast<std::int64_t>(it->second);
        model->children[it->second].push_back(i);
      }
    }
  }
  auto index = analytics::PreorderIndex::build(parents);
  if (!index) return Unexpected{std::move(index).error()};
  model->index = std::move(*index);
  // Parents come before their children in pre-order.
  model->type_bits.resize(n);
  model->in_sector.assign(n, 0);
  for (std::uint32_t k = 0; k < n; ++k) {
    const auto u = model->index.unit_at(k);
    model->type_bits[u] = unit_type_bit(model->list[u].unit_type);
    const bool own = sector_type(model->list[u].unit_type);
    const bool under =
        parents[u] != analytics::kNoParent && model->in_sector[static_cast<std::size_t>(parents[u])] != 0;
    model->in_sector[u] = (own || under) ? 1 : 0;
    if (own && !under) model->sector_roots.push_back(model->index.range(u));
  }
  return std::shared_ptr<const Units>(std::move(model));
}

}  // namespace

namespace analytics_detail {

core::Result<std::shared_ptr<const Units>> read_units(store::Tx& tx) {
  auto all = tx.units().all();
  if (!all) return Unexpected{std::move(all).error()};
  auto edges = tx.units().all_lineage();
  if (!edges) return Unexpected{std::move(edges).error()};
  auto lineage = std::make_shared<Units::Lineage>();
  for (auto& e : *edges) (*lineage)[e.new_unit_id].push_back(std::move(e));
  return index_units(std::move(*all), std::move(lineage));
}

core::Result<std::shared_ptr<const Units>> patch_units(store::Tx& tx, const Units& base,
                                                       std::span<const std::int64_t> ids) {
  auto changed = tx.units().find_by_ids(ids);
  if (!changed) return Unexpected{std::move(changed).error()};
  std::vector<store::UnitRecord> list = base.list;
  bool appended = false;
  for (auto& u : *changed) {
    if (auto it = base.pos_by_id.find(u.id); it != base.pos_by_id.end()) {
      list[it->second] = std::move(u);
    } else {
      list.push_back(std::move(u));
      appended = true;
    }
  }
  if (appended) std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return index_units(std::move(list), base.predecessors);
}

core::Result<std::shared_ptr<const Elements>> read_elements(
    store::Tx& tx, const std::vector<std::shared_ptr<const FormDefinition>>& forms) {
  std::map<std::int64_t, std::uint32_t> reporters;  // element id -> unit types reporting a form holding it
  for (const auto& f : forms) {
    std::uint32_t mask = 0;
    for (const auto& r : f->reporters) mask |= unit_type_bit(r.unit_type);
    for (const auto& section : f->sections) {
      for (auto id : section.element_ids) reporters[id] |= mask;
    }
  }
  auto out = std::make_shared<Elements>();
  auto combos = tx.metadata().combos();
  if (!combos) return Unexpected{std::move(combos).error()};
  auto elements = tx.metadata().data_elements();
  if (!elements) return Unexpected{std::move(elements).error()};
  for (const auto& e : *elements) {
    if (!core::holds_number(e.value_type)) continue;
    ElementMeta m{e.id, e.code, e.name_vi, e.name_en, rule_of(e.aggregation), contributors_of(e.contributors),
                  0,    {},     {}};
    if (auto r = reporters.find(e.id); r != reporters.end()) m.reporters = r->second;
    for (const auto& c : *combos) {
      if (c.id != e.combo_id) continue;
      for (const auto& o : c.option_combos) {
        m.all_options.push_back(static_cast<std::uint32_t>(o.id));
        m.options[o.code] = static_cast<std::uint32_t>(o.id);
      }
    }
    out->by_code.emplace(e.code, std::move(m));
  }
  for (const auto& [code, m] : out->by_code) out->by_id[m.id] = &m;
  return std::shared_ptr<const Elements>(std::move(out));
}

core::Result<std::shared_ptr<const OfficialFigures>> read_officials(store::Tx& tx) {
  auto list = tx.figures().official_values();
  if (!list) return Unexpected{std::move(list).error()};
  auto out = std::make_shared<OfficialFigures>();
  for (auto& v : *list) {
    out->by_key[{v.data_element_id, v.option_combo_id, v.period, v.unit_id}] = {v.numeric_value,
                                                                                std::move(v.data_source)};
  }
  return std::shared_ptr<const OfficialFigures>(std::move(out));
}

core::Result<std::unique_ptr<analytics::Cube>> read_values(store::Tx& tx, const Units& units, const Elements& elements,
                                                           const Progress& progress) {
  std::vector<analytics::Cube::Entry> entries;
  // Period codes are few: parse each once. Unit ids map to pre-order indices through one table.
  std::unordered_map<std::string, std::optional<std::uint32_t>> period_keys;
  std::string last_period;
  std::optional<std::uint32_t> last_key;
  auto scanned = tx.values().scan_all_numeric_values(
      [&](std::int64_t element_id, std::string_view period, std::int64_t unit_id, std::int64_t option_id,
          double value) {
        if (!elements.by_id.count(element_id)) return;  // not a numeric element
        if (period != last_period) {
          last_period = std::string(period);
          auto it = period_keys.find(last_period);
          if (it == period_keys.end()) {
            auto p = core::Period::parse(period);
            it = period_keys
                     .emplace(last_period, p ? std::optional<std::uint32_t>(analytics::period_key(*p)) : std::nullopt)
                     .first;
          }
          last_key = it->second;
        }
        auto index = units.index_of(unit_id);
        if (!last_key || !index) return;
        entries.push_back(
            {static_cast<std::uint32_t>(element_id), static_cast<std::uint32_t>(option_id), *last_key, *index, value});
      },
      [&](std::size_t done, std::size_t total) {
        if (progress) progress("analytics", done, total);
      });
  if (!scanned) return Unexpected{std::move(scanned).error()};
  auto cube = std::make_unique<analytics::Cube>();
  cube->load(std::move(entries));
  return cube;
}

bool apply_value(analytics::Cube& cube, const Units& units, const Elements& elements, const ValueChange& c) {
  auto p = core::Period::parse(c.period);
  if (!p) return true;  // not a period: nothing to keep
  auto index = units.index_of(c.unit_id);
  if (!index || !elements.by_id.count(c.element_id)) return false;
  cube.set(static_cast<std::uint32_t>(c.element_id), static_cast<std::uint32_t>(c.option_id), *p, *index, c.value);
  return true;
}

}  // namespace analytics_detail

}  // namespace tienbo::services
