// The expression language of indicators and validation rules (core::Expression):
// formulas come from package files and from the indicator API. Parsing must
// refuse or accept without crashing; an accepted formula evaluates (values and
// unit counts made up from the references, some missing) and parses again from
// its own text to the same references.

#include <functional>

#include "fuzz_check.hpp"
#include "tienbo/core/expression.hpp"

using namespace tienbo;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  auto e = core::Expression::parse(text, "formula");
  if (!e) {
    FUZZ_CHECK(e.error().field == "formula", "errors name the field");
    return 0;
  }
  const std::size_t seed = std::hash<std::string_view>{}(text);
  const core::ExpressionResolver resolve = [seed](const core::ExpressionRef& ref, int back) -> std::optional<double> {
    const std::size_t h =
        std::hash<std::string>{}(ref.element + "." + ref.option) ^ seed ^ static_cast<std::size_t>(back + 7);
    if (h % 7 == 0) return std::nullopt;
    return static_cast<double>(h % 2001) - 1000.0 + (h % 3 == 0 ? 0.5 : 0.0);
  };
  const core::UnitCounter count = [seed](const std::vector<std::string>& types, int back) -> std::optional<double> {
    if ((seed + types.size()) % 5 == 0) return std::nullopt;
    return static_cast<double>((seed >> 3) % 50 + types.size() + static_cast<std::size_t>(back < 0 ? 0 : back));
  };
  (void)e->evaluate(resolve);
  (void)e->evaluate(resolve, count);
  auto again = core::Expression::parse(e->text(), "formula");
  FUZZ_CHECK(again && again->references() == e->references() && again->unit_types() == e->unit_types(),
             "a formula parses again from its own text");
  FUZZ_CHECK(
      again->uses_previous_period() == e->uses_previous_period() && again->uses_half_years() == e->uses_half_years(),
      "flags");
  return 0;
}
