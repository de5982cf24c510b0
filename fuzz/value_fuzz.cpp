// Values as people type them (core::read_value): "1.250,5", "12,5", "có",
// "15/06/2025", for every value type, typed (Vietnamese rules) or as a JSON
// number's text. An accepted value's canonical text must read back to itself as
// a machine number, and the messages for a refusal must be there.
// Input: byte 0 picks the value type and the syntax, byte 1 the bounds, the rest is typed.

#include <cmath>
#include <cstdlib>

#include "fuzz_check.hpp"
#include "tienbo/core/date.hpp"
#include "tienbo/core/text.hpp"
#include "tienbo/core/value_syntax.hpp"

using namespace tienbo;

namespace {

constexpr core::ValueType kTypes[] = {core::ValueType::Integer, core::ValueType::Number, core::ValueType::Percent,
                                      core::ValueType::Boolean, core::ValueType::Text,   core::ValueType::LongText,
                                      core::ValueType::Date};

core::ValueBounds bounds_for(unsigned char b) {
  switch (b % 6) {
    case 0:
      return {};
    case 1:
      return {-1000.0, 1000.0};
    case 2:
      return {0.0, 100.0};
    case 3:
      return {-1e15, 1e15};
    case 4:
      return {0.5, 2.5};
    default:
      return {std::nullopt, 1e300};
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  if (size < 2) return 0;
  const core::ValueType type = kTypes[data[0] % 7];
  const auto syntax = (data[0] / 7) % 2 == 0 ? core::NumberSyntax::Typed : core::NumberSyntax::Machine;
  const core::ValueBounds bounds = bounds_for(data[1]);
  const std::string_view input = fuzz::as_text(data + 2, size - 2);

  auto read = core::read_value(type, input, bounds, syntax);
  if (const auto* problem = std::get_if<core::ValueProblem>(&read)) {
    const auto text = core::describe(*problem, type, bounds);
    FUZZ_CHECK(!text.vi.empty() && !text.en.empty() && !core::to_string(*problem).empty(), "a refusal says why");
    return 0;
  }
  const std::string& canonical = std::get<std::string>(read);
  if (core::is_numeric(type)) {
    auto again = core::read_value(type, canonical, bounds, core::NumberSyntax::Machine);
    FUZZ_CHECK(std::holds_alternative<std::string>(again) && std::get<std::string>(again) == canonical,
               "a number's canonical text reads back to itself");
    const double v = std::strtod(canonical.c_str(), nullptr);
    FUZZ_CHECK(std::isfinite(v) && v >= core::effective_min(bounds) && v <= core::effective_max(type, bounds),
               "within bounds");
    FUZZ_CHECK(!core::format_number_vi(v, 6).empty() && !core::decimal_text(v).empty(), "formatting");
  } else if (type == core::ValueType::Boolean) {
    FUZZ_CHECK(canonical == "true" || canonical == "false", "yes/no");
  } else if (type == core::ValueType::Date) {
    FUZZ_CHECK(core::is_iso_date(canonical), "an ISO date");
    auto again = core::read_value(type, canonical, bounds, syntax);
    FUZZ_CHECK(std::holds_alternative<std::string>(again) && std::get<std::string>(again) == canonical,
               "a date reads back");
    (void)core::format_date_vi(canonical);
  }
  return 0;
}
