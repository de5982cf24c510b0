#pragma once
// Deterministic demo data at two scales, for the README's demo and for the
// national benchmarks: member agencies for each province and, for every
// reporting unit, the semi-annual, annual, Action Month and (provinces)
// Strategy reports from 2021 to the first half of 2026 with plausible values.
// Before 1/7/2025 the former units report (63 provinces, 10,047 communes);
// from then on today's (34 provinces, 3,321 communes) — so trends for today's
// units exercise the lineage.

#include <cstdint>
#include <string>

#include "tienbo/core/result.hpp"
#include "tienbo/services/change_feed.hpp"
#include "tienbo/services/context.hpp"
#include "tienbo/services/metadata_service.hpp"
#include "tienbo/services/unit_service.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services {

enum class DemoScale { Province, National };

struct DemoReport {
  std::size_t agencies = 0;
  std::size_t reports = 0;
  std::size_t values = 0;
  double seconds = 0;
};

class DemoGenerator {
 public:
  DemoGenerator(store::Store& store, MetadataService& metadata) : store_(store), metadata_(metadata) {}
  //! Where the finished load is announced (running servers on the same PostgreSQL re-read their cubes).
  void set_change_feed(const ChangeFeed* feed) { changes_ = feed; }
  //! Province scale: Hà Nội (01) only. National: every province. Reports from `from_year` (2021 =
  //! the Strategy's start; earlier years add the previous strategy's history). Refuses to run twice.
  core::Result<DemoReport> generate(DemoScale scale, std::uint64_t seed, const Actor& actor,
                                    const Progress& progress = {}, int from_year = 2021);

 private:
  store::Store& store_;
  MetadataService& metadata_;
  const ChangeFeed* changes_ = nullptr;
};

}  // namespace tienbo::services
