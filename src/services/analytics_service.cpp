#include "tienbo/services/analytics_service.hpp"

#include "analytics_internal.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <random>
#include <utility>

#include "tienbo/core/date.hpp"
#include "tienbo/core/log.hpp"

namespace tienbo::services {

using core::Unexpected;
using namespace analytics_detail;

namespace {

constexpr unsigned kUnitBits = change::kUnits | change::kLineage;
constexpr unsigned kElementBits = change::kMetadata;
constexpr unsigned kCatalogueBits = change::kMetadata | change::kTargets;
constexpr int kDeferredTries = 3;  // snapshots a value may wait for its unit or element before it is dropped

void log_failure(std::string_view event, const core::Error& e) {
  core::Log::write(core::LogLevel::Error, event, {{"error", std::string_view(e.message_en)}});
}

// What a build reads anew: everything when `full`, else the parts `changes` names (the rest is
// shared with `base`).
struct SnapshotRequest {
  const Changes& changes;
  const AnalyticsService::Snapshot* base = nullptr;
  bool full = false;
  const Progress& progress;
};

// Reads the snapshot's parts into `next`: units (whole, or the named ones patched into the
// base's), elements, catalogue and officials, and for a full build every value.
core::Result<void> read_parts(store::Store& store, MetadataService& metadata, const SnapshotRequest& r,
                              AnalyticsService::Snapshot& next) {
  const unsigned what = r.changes.what;
  std::vector<std::shared_ptr<const FormDefinition>> forms;
  if (r.full || (what & kElementBits) != 0) {
    auto f = metadata.forms();  // which unit types report each element
    if (!f) return Unexpected{std::move(f).error()};
    forms = std::move(*f);
  }
  auto tx = store.begin(store::Access::Read);
  if (!tx) return Unexpected{std::move(tx).error()};
  if (r.full || (what & change::kLineage) != 0 || ((what & change::kUnits) != 0 && r.changes.units.empty())) {
    auto units = read_units(**tx);
    if (!units) return Unexpected{std::move(units).error()};
    next.units = std::move(*units);
  } else if ((what & change::kUnits) != 0) {
    auto units = patch_units(**tx, *r.base->units, r.changes.units);
    if (!units) return Unexpected{std::move(units).error()};
    next.units = std::move(*units);
  } else {
    next.units = r.base->units;
  }
  if (r.full || (what & kElementBits) != 0) {
    auto elements = read_elements(**tx, forms);
    if (!elements) return Unexpected{std::move(elements).error()};
    next.elements = std::move(*elements);
  } else {
    next.elements = r.base->elements;
  }
  if (r.full || (what & kCatalogueBits) != 0) {
    auto catalogue = metadata.load_indicator_catalogue(**tx);
    if (!catalogue) return Unexpected{std::move(catalogue).error()};
    next.catalogue = std::move(*catalogue);
    auto officials = read_officials(**tx);
    if (!officials) return Unexpected{std::move(officials).error()};
    next.officials = std::move(*officials);
  } else {
    next.catalogue = r.base->catalogue;
    next.officials = r.base->officials;
  }
  if (r.full) {
    auto cube = read_values(**tx, *next.units, *next.elements, r.progress);
    if (!cube) return Unexpected{std::move(cube).error()};
    next.cube = std::move(*cube);
  }
  return {};
}

// The values in memory stay; only their numbering follows the new tree.
std::shared_ptr<analytics::Cube> renumbered_cube(const AnalyticsService::Snapshot& base, const Units& after) {
  const auto& before = *base.units;
  std::vector<std::uint32_t> old_to_new(before.list.size(), analytics::Cube::kDropUnit);
  bool same = before.list.size() == after.list.size();
  for (std::uint32_t k = 0; k < before.list.size(); ++k) {
    const auto index = after.index_of(before.list[before.index.unit_at(k)].id);
    if (index) old_to_new[k] = *index;
    if (old_to_new[k] != k) same = false;
  }
  return same ? base.cube : base.cube->remapped(old_to_new);
}

}  // namespace

AnalyticsService::AnalyticsService(store::Store& store, MetadataService& metadata)
    : store_(store), metadata_(metadata) {
  worker_ = std::thread([this] { work(); });
}

AnalyticsService::~AnalyticsService() {
  {
    std::lock_guard lock(work_mutex_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  worker_.join();
}

std::shared_ptr<const AnalyticsService::Snapshot> AnalyticsService::current() const {
  std::lock_guard lock(snapshot_mutex_);
  return current_;
}

core::Result<std::shared_ptr<const AnalyticsService::Snapshot>> AnalyticsService::serving() {
  if (auto s = current()) return s;
  // Nothing built yet (serve builds at start-up; a service used on its own builds on first use, once).
  std::lock_guard once(first_build_mutex_);
  if (auto s = current()) return s;
  TIENBO_TRY(build(Changes(change::kEverything), {}));
  return current();
}

core::Result<AnalyticsStatus> AnalyticsService::rebuild(const Progress& progress) {
  TIENBO_TRY(build(Changes(change::kEverything), progress));
  return status();
}

core::Result<void> AnalyticsService::build(const Changes& changes, const Progress& progress) {
  const unsigned what = changes.what;
  const auto started = std::chrono::steady_clock::now();
  std::lock_guard one_build(build_mutex_);
  std::shared_ptr<const Snapshot> base;
  {
    std::lock_guard feed(feed_mutex_);
    recording_ = true;
    log_.clear();
    base = current();
  }
  // Values committed from here on are logged and replayed below; on failure nothing is served
  // and what waited keeps waiting.
  const auto give_up = [&](core::Error e) -> core::Result<void> {
    std::lock_guard feed(feed_mutex_);
    recording_ = false;
    const auto served = current();
    for (auto& c : log_) {
      if (!served || !served->units->index_of(c.unit_id) || !served->elements->by_id.count(c.element_id)) {
        deferred_.push_back({std::move(c), 0});
      }
    }
    log_.clear();
    return Unexpected{std::move(e)};
  };
  const bool full = !base || (what & change::kValues) != 0;
  auto next = std::make_shared<Snapshot>();
  if (auto read = read_parts(store_, metadata_, {changes, base.get(), full, progress}, *next); !read)
    return give_up(std::move(read).error());
  if (!full) next->cube = renumbered_cube(*base, *next->units);
  next->build = full ? "full" : describe_changes(what & (kUnitBits | kCatalogueBits));
  next->built_time = std::chrono::system_clock::now();
  next->built_at = core::utc_timestamp(next->built_time);
  Changes retry;
  {
    std::lock_guard feed(feed_mutex_);
    // What waited for a unit or element, then what was committed while this build read.
    std::vector<Deferred> waiting = std::move(deferred_);
    deferred_.clear();
    for (auto& c : log_) waiting.push_back({std::move(c), 0});
    log_.clear();
    recording_ = false;
    for (auto& d : waiting) {
      if (apply_value(*next->cube, *next->units, *next->elements, d.change)) continue;
      if (++d.tries >= kDeferredTries) {
        core::Log::write(core::LogLevel::Warn, "analytics.value_dropped",
                         {{"unit", d.change.unit_id},
                          {"element", d.change.element_id},
                          {"period", std::string_view(d.change.period)}});
        continue;
      }
      if (!next->units->index_of(d.change.unit_id)) {
        retry.what |= change::kUnits;
        retry.units.push_back(d.change.unit_id);
      } else {
        retry.what |= change::kMetadata;
      }
      deferred_.push_back(std::move(d));
    }
    next->build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::lock_guard lock(snapshot_mutex_);
    next->number = ++snapshots_;
    current_ = std::move(next);
  }
  // A value whose unit committed after this build read the tree: the next one will know it.
  if (retry.what != 0) schedule(retry);
  return {};
}

void AnalyticsService::values_committed(std::span<const ValueChange> changes) {
  Changes waiting;
  {
    std::lock_guard feed(feed_mutex_);
    const auto served = current();
    for (const auto& c : changes) {
      if (recording_) log_.push_back(c);
      if (!served) continue;  // not built yet: the first build reads it from the database
      if (apply_value(*served->cube, *served->units, *served->elements, c)) continue;
      // A unit or element created since the snapshot was built: the background builder
      // makes a snapshot that knows it (never this request).
      if (!recording_) deferred_.push_back({c, 0});
      if (!served->units->index_of(c.unit_id)) {
        waiting.what |= change::kUnits;
        waiting.units.push_back(c.unit_id);
      } else {
        waiting.what |= change::kMetadata;
      }
    }
  }
  if (waiting.what != 0) schedule(waiting);
}

void AnalyticsService::changes_committed(const Changes& changes) {
  constexpr unsigned kInputs =
      change::kUnits | change::kLineage | change::kMetadata | change::kTargets | change::kValues;
  if ((changes.what & kInputs) != 0) schedule(changes);
}

void AnalyticsService::schedule(const Changes& changes) {
  {
    std::lock_guard lock(work_mutex_);
    if ((changes.what & change::kUnits) != 0) {
      if (changes.units.empty()) {
        pending_all_units_ = true;
      } else if (!pending_all_units_) {
        pending_units_.insert(pending_units_.end(), changes.units.begin(), changes.units.end());
      }
    }
    pending_ |= changes.what;
  }
  work_cv_.notify_all();
}

void AnalyticsService::work() {
  std::unique_lock lock(work_mutex_);
  for (;;) {
    work_cv_.wait(lock, [&] { return stopping_ || pending_ != 0; });
    if (stopping_) return;
    Changes what(std::exchange(pending_, 0U));
    if ((what.what & change::kUnits) != 0 && !std::exchange(pending_all_units_, false)) {
      what.units = std::move(pending_units_);
      std::sort(what.units.begin(), what.units.end());
      what.units.erase(std::unique(what.units.begin(), what.units.end()), what.units.end());
    }
    pending_units_.clear();
    building_ = true;
    lock.unlock();
    const auto began = std::chrono::steady_clock::now();
    auto built = build(what, {});
    if (built) {
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
      core::Log::write(core::LogLevel::Info, "analytics.snapshot",
                       {{"refreshed", std::string_view(describe_changes(what.what))},
                        {"units", static_cast<std::int64_t>(what.units.size())},
                        {"milliseconds", static_cast<std::int64_t>(seconds * 1000)}});
    } else {
      log_failure("analytics.rebuild_failed", built.error());
    }
    lock.lock();
    building_ = false;
    if (!built) {
      // Try again in a second (the database may be back), everything that was asked for.
      pending_ |= what.what;
      if ((what.what & change::kUnits) != 0) {
        if (what.units.empty())
          pending_all_units_ = true;
        else
          pending_units_.insert(pending_units_.end(), what.units.begin(), what.units.end());
      }
      work_cv_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_; });
    }
    idle_cv_.notify_all();
  }
}

bool AnalyticsService::wait_until_current(std::chrono::milliseconds timeout) {
  std::unique_lock lock(work_mutex_);
  return idle_cv_.wait_for(lock, timeout, [&] { return pending_ == 0 && !building_; });
}

AnalyticsStatus AnalyticsService::status() const {
  AnalyticsStatus st;
  {
    std::lock_guard lock(work_mutex_);
    st.rebuild_pending = pending_ != 0 || building_;
  }
  {
    std::lock_guard feed(feed_mutex_);
    st.deferred_values = deferred_.size();
  }
  const auto s = current();
  if (!s) {
    st.rebuild_pending = true;
    return st;
  }
  const auto live = s->cube->stats();
  st.values = live.values;
  st.series = live.series;
  st.bytes = live.bytes;
  st.units = s->units->list.size();
  st.build_seconds = s->build_seconds;
  st.snapshot = s->number;
  st.built_at = s->built_at;
  st.built_time = s->built_time;
  st.build = s->build;
  return st;
}

std::string AnalyticsService::make_origin() {
  std::random_device rd;
  char buf[24];
  std::snprintf(buf, sizeof buf, "%08x%08x", rd(), rd());
  return buf;
}

void AnalyticsService::apply_notification(std::string_view payload) {
  auto decoded = decode_value_changes(payload);
  if (!decoded || decoded->origin == origin_) return;
  if (decoded->rebuild) {
    schedule(
        Changes(change::kValues));  // too many changes for one notification: read them all again, in the background
    return;
  }
  values_committed(decoded->changes);
}

std::string encode_value_changes(std::string_view origin, std::span<const ValueChange> changes) {
  std::string out(origin);
  out += '|';
  char buf[64];
  for (const auto& c : changes) {
    out += std::to_string(c.element_id) + "," + std::to_string(c.option_id) + "," + std::to_string(c.unit_id) + "," +
           c.period + ",";
    if (c.value) {
      std::snprintf(buf, sizeof buf, "%.17g", *c.value);
      out += buf;
    }
    out += ';';
    if (out.size() > 7800) return std::string(origin) + "|rebuild";
  }
  return out;
}

std::optional<DecodedChanges> decode_value_changes(std::string_view payload) {
  const auto bar = payload.find('|');
  if (bar == std::string_view::npos || bar == 0) return std::nullopt;
  DecodedChanges d;
  d.origin = std::string(payload.substr(0, bar));
  std::string_view rest = payload.substr(bar + 1);
  if (rest == "rebuild") {
    d.rebuild = true;
    return d;
  }
  while (!rest.empty()) {
    const auto end = rest.find(';');
    std::string_view item = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    std::vector<std::string> f;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= item.size(); ++i) {
      if (i == item.size() || item[i] == ',') {
        f.emplace_back(item.substr(start, i - start));
        start = i + 1;
      }
    }
    if (f.size() != 5) return std::nullopt;
    try {
      ValueChange c;
      c.element_id = std::stoll(f[0]);
      c.option_id = std::stoll(f[1]);
      c.unit_id = std::stoll(f[2]);
      c.period = f[3];
      if (!f[4].empty()) c.value = std::stod(f[4]);
      d.changes.push_back(std::move(c));
    } catch (...) {
      return std::nullopt;
    }
  }
  return d;
}

}  // namespace tienbo::services
