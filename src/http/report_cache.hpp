#pragma once
// Rendered report views kept in memory, so that reading a report again costs no database work
// and no JSON building (GET /api/v1/reports/{form}/{unit}/{period}, served on the I/O thread
// when the entry is current).
//
// An entry is the rendered body of one report as of one day (the unit a code names depends on
// the date), in one variant per kind of caller: by the rights over the unit that the answer's
// "editable" and "actions" were decided from (services::ReportRights: edit, approve, reopen). It is good while the
// unit's report-data version in the store is the one it was kept under (services::ReportService::data_version: every
// committed write of the unit's report data, here or — on PostgreSQL — on another instance, moves it; a change of
// units, metadata or committees moves every unit's) and for at most `ttl` (a one-shot command writing the same SQLite
// file from another process tells no one). A caller is served from it only if a grant allows reading through the unit's
// ancestry as it was kept; anything else — a former unit read through its successor, an error, a caller who must change
// the password — takes the handler's path, which decides as always.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "tienbo/auth/policy.hpp"
#include "tienbo/services/access_control.hpp"
#include "tienbo/services/report_service.hpp"

namespace tienbo::http {

class ReportCache {
 public:
  struct Options {
    std::chrono::milliseconds ttl{2000};  //!< 0: nothing is kept
    std::size_t max_bytes =
        std::size_t{64} * 1024 * 1024;  //!< bodies and keys together; past it, expired entries go, then all
  };
  struct Stats {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::size_t entries = 0;
    std::size_t bytes = 0;
  };

  explicit ReportCache(Options options) : options_(options) {}
  [[nodiscard]] bool enabled() const { return options_.ttl.count() > 0; }

  //! The key of a report as of a day: form, unit code and period as requested, and the day.
  static std::string key(std::string_view form, std::string_view unit, std::string_view period, std::string_view as_of);

  //! The body kept for a caller with `grants`, or null (not kept, out of date, or the caller's
  //! access is not decided by the kept ancestry alone).
  std::shared_ptr<const std::string> find(const std::string& key, std::span<const auth::Grant> grants,
                                          const services::ReportService& reports);
  //! Keeps `body`, rendered for a caller with `view.rights`, under `version` — read after
  //! the view, and only when the data epoch did not move since before it (see ReportService).
  void put(const std::string& key, const services::ReportView& view, std::uint64_t version, std::string body);

  [[nodiscard]] Stats stats() const;
  //! The counters and gauges above in the Prometheus text format, for /metrics.
  void write_metrics(std::string& out) const;

 private:
  struct Entry {
    std::int64_t unit_id = 0;
    std::vector<std::int64_t> ancestry;
    std::uint64_t version = 0;
    std::chrono::steady_clock::time_point kept;
    std::shared_ptr<const std::string> body[services::ReportRights::kVariants];  // [ReportRights::bits()]
    std::size_t bytes = 0;
  };
  [[nodiscard]] bool fresh(const Entry& e, std::chrono::steady_clock::time_point now) const {
    return now - e.kept < options_.ttl;
  }
  void make_room(std::chrono::steady_clock::time_point now);

  Options options_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::size_t bytes_ = 0;
  std::atomic<std::uint64_t> hits_{0};
  std::atomic<std::uint64_t> misses_{0};
};

}  // namespace tienbo::http
