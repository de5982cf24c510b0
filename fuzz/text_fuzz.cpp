// Text from people: UTF-8 validation, NFC composition of Vietnamese letters
// (Unicode tổ hợp input), search folding, space collapsing, and the dates and
// timestamps read from URLs and the database (core/text.hpp, core/date.hpp).

#include "fuzz_check.hpp"
#include "tienbo/core/date.hpp"
#include "tienbo/core/text.hpp"

using namespace tienbo;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  if (core::is_valid_utf8(text)) {
    const std::string nfc = core::to_nfc_vietnamese(text);
    FUZZ_CHECK(core::is_valid_utf8(nfc), "NFC text is UTF-8");
    FUZZ_CHECK(core::to_nfc_vietnamese(nfc) == nfc, "NFC is idempotent");
    const std::string folded = core::fold_for_search(nfc);
    FUZZ_CHECK(core::is_valid_utf8(folded), "folded text is UTF-8");
    FUZZ_CHECK(core::fold_for_search(folded) == folded, "folding is idempotent");
    const std::string collapsed = core::collapse_spaces(nfc);
    FUZZ_CHECK(core::collapse_spaces(collapsed) == collapsed, "collapsing is idempotent");
  }
  if (core::is_iso_date(text)) {
    const std::string day_before = core::previous_day(text);
    FUZZ_CHECK(core::is_iso_date(day_before) || text == core::kDateMin, "the day before is a date");
    FUZZ_CHECK(!core::format_date_vi(text).empty(), "Vietnamese date");
  }
  if (auto t = core::parse_utc_timestamp(text)) (void)core::utc_timestamp(*t);
  return 0;
}
