// Period codes (core::Period::parse): "2025", "2025S1", "2025Q3", "202507" from
// URLs, JSON bodies, CSV files and packages. A parsed period must give back its
// own code and answer every question about it.

#include "fuzz_check.hpp"
#include "tienbo/core/date.hpp"
#include "tienbo/core/period.hpp"

using namespace tienbo;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  (void)core::parse_period_type(text);
  auto p = core::Period::parse(text);
  if (!p) {
    FUZZ_CHECK(!p.error().message_en.empty(), "a refused period says why");
    return 0;
  }
  const std::string code = p->code();
  auto again = core::Period::parse(code);
  FUZZ_CHECK(again && *again == *p, "a period's code reads back as the same period");
  FUZZ_CHECK(!p->label_vi().empty() && !p->label_en().empty(), "labels");
  const std::string start = p->start_date();
  const std::string end = p->end_date();
  FUZZ_CHECK(core::is_iso_date(start) && core::is_iso_date(end) && start <= end, "calendar dates");
  FUZZ_CHECK(core::is_iso_date(p->cutoff_start()) && core::is_iso_date(p->cutoff_end()) &&
                 p->cutoff_start() <= p->cutoff_end(),
             "cut-off window");
  FUZZ_CHECK(p->previous().next() == *p && p->next().previous() == *p, "neighbours");
  FUZZ_CHECK(p->same_period_last_year().type() == p->type(), "same period last year");
  FUZZ_CHECK(core::Period::containing(p->type(), start) == *p && core::Period::containing(p->type(), end) == *p,
             "containing");
  for (auto type :
       {core::PeriodType::Year, core::PeriodType::HalfYear, core::PeriodType::Quarter, core::PeriodType::Month}) {
    for (const auto& part : p->split(type)) FUZZ_CHECK(p->contains(part), "split parts lie inside");
  }
  return 0;
}
