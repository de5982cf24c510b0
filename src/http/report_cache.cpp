#include "report_cache.hpp"

#include <algorithm>
#include <iterator>
#include <mutex>

#include "tienbo/http/metrics.hpp"

namespace tienbo::http {

std::string ReportCache::key(std::string_view form, std::string_view unit, std::string_view period,
                             std::string_view as_of) {
  std::string k;
  k.reserve(form.size() + unit.size() + period.size() + as_of.size() + 3);
  // '\n' cannot be in a path segment that reached here (control characters are refused at the edge).
  k.append(form).append(1, '\n').append(unit).append(1, '\n').append(period).append(1, '\n').append(as_of);
  return k;
}

std::shared_ptr<const std::string> ReportCache::find(const std::string& key, std::span<const auth::Grant> grants,
                                                     const services::ReportService& reports) {
  if (!enabled() || grants.empty()) return nullptr;
  const auto now = std::chrono::steady_clock::now();
  std::shared_ptr<const std::string> body;
  {
    std::shared_lock lock(mutex_);
    auto it = entries_.find(key);
    if (it != entries_.end()) {
      const Entry& e = it->second;
      if (fresh(e, now) && reports.data_version(e.unit_id) == e.version &&
          auth::allows(grants, auth::Action::DataRead, e.ancestry)) {
        // The body rendered for a caller with the same rights over the unit (its "editable" and
        // "actions" were decided from them), as the view decides them.
        body = e.body[services::AccessControl::report_rights(grants, e.ancestry).bits()];
      }
    }
  }
  (body ? hits_ : misses_).fetch_add(1, std::memory_order_relaxed);
  return body;
}

void ReportCache::put(const std::string& key, const services::ReportView& view, std::uint64_t version,
                      std::string body) {
  if (!enabled()) return;
  const auto now = std::chrono::steady_clock::now();
  const std::size_t size = body.size();
  std::unique_lock lock(mutex_);
  Entry& e = entries_[key];
  if (std::all_of(std::begin(e.body), std::end(e.body), [](const auto& b) { return b == nullptr; })) {
    e.bytes = key.size();
    bytes_ += e.bytes;
  } else if (e.unit_id != view.unit_id || e.version != version || !fresh(e, now) || e.ancestry != view.unit_ancestry) {
    // What is kept of an older state goes; the variant for the other kind of caller is read again.
    bytes_ -= e.bytes - key.size();
    e.bytes = key.size();
    for (auto& b : e.body) b.reset();
  }
  if (std::all_of(std::begin(e.body), std::end(e.body), [](const auto& b) { return b == nullptr; })) {
    e.unit_id = view.unit_id;
    e.ancestry = view.unit_ancestry;
    e.version = version;
    e.kept = now;
  }
  auto& slot = e.body[view.rights.bits()];
  if (slot != nullptr) {
    bytes_ -= slot->size();
    e.bytes -= slot->size();
  }
  slot = std::make_shared<const std::string>(std::move(body));
  bytes_ += size;
  e.bytes += size;
  if (bytes_ > options_.max_bytes) make_room(now);
}

void ReportCache::make_room(std::chrono::steady_clock::time_point now) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (fresh(it->second, now)) {
      ++it;
      continue;
    }
    bytes_ -= it->second.bytes;
    it = entries_.erase(it);
  }
  if (bytes_ > options_.max_bytes) {
    entries_.clear();
    bytes_ = 0;
  }
}

ReportCache::Stats ReportCache::stats() const {
  std::shared_lock lock(mutex_);
  return Stats{hits_.load(), misses_.load(), entries_.size(), bytes_};
}

void ReportCache::write_metrics(std::string& out) const {
  const auto st = stats();
  metric_header(out, "tienbo_report_cache_requests_total", "counter",
                "Report reads that asked the rendered-report cache, by result.");
  metric_sample(out, "tienbo_report_cache_requests_total", "result=\"hit\"", static_cast<double>(st.hits));
  metric_sample(out, "tienbo_report_cache_requests_total", "result=\"miss\"", static_cast<double>(st.misses));
  metric_header(out, "tienbo_report_cache_entries", "gauge", "Reports kept rendered in memory.");
  metric_sample(out, "tienbo_report_cache_entries", "", static_cast<double>(st.entries));
  metric_header(out, "tienbo_report_cache_bytes", "gauge", "Bytes the kept reports hold.");
  metric_sample(out, "tienbo_report_cache_bytes", "", static_cast<double>(st.bytes));
}

}  // namespace tienbo::http
