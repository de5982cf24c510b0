#pragma once
// The expression language of indicators and validation rules, in the DHIS2
// style implementers know:
//   #{DE}                a data element (the total over its disaggregation)
//   #{DE.OPTION}         one option combination, e.g. #{CB_LANH_DAO.NU}
//   12.5, + - * / %, ( ), == != < <= > >=, && ||, !
//   if(c, a, b)  isNull(x)  isNotNull(x)  firstNonNull(a, b, ...)  greatest(...)  least(...)
//   previous(x)          x evaluated in the previous period
//   halfYear(1, x)       x evaluated in the first (or, with 2, the second) half of the current
//                        year: an annual report's rule "the year's cumulative count is at least
//                        each half-year's"; the resolver gets periods_back = -1 or -2
//   unitCount("province", ...)  how many units of these types the evaluated subtree holds
// Missing values are null; arithmetic and comparisons with null give null
// (the caller decides what a null result means). Parsing happens when metadata
// is loaded, so a bad formula is refused with its position and what was expected.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tienbo/core/result.hpp"

namespace tienbo::core {

struct ExpressionRef {
  std::string element;  //!< data element code
  std::string option;   //!< option combination code, empty for the element's total
  bool operator==(const ExpressionRef&) const = default;
};

//! Answers a reference: the value of (element, option) `periods_back` periods
//! before the current one (0 = current), or in half-year -periods_back of the
//! current year when negative (halfYear), or nullopt when missing.
using ExpressionResolver = std::function<std::optional<double>(const ExpressionRef& ref, int periods_back)>;

//! Answers unitCount(...): how many units of these types the subtree being
//! evaluated holds `periods_back` periods before the current one; nullopt when unknown
//! (e.g. while validating one unit's form).
using UnitCounter = std::function<std::optional<double>(const std::vector<std::string>& unit_types, int periods_back)>;

class Expression {
 public:
  //! Parses `text`; errors name `field` and give the position (1-based) and what was expected.
  static Result<Expression> parse(std::string_view text, std::string_view field = "expression");

  [[nodiscard]] std::optional<double> evaluate(const ExpressionResolver& resolve) const;
  [[nodiscard]] std::optional<double> evaluate(const ExpressionResolver& resolve, const UnitCounter& count_units) const;
  //! The unit types unitCount(...) names, without duplicates.
  [[nodiscard]] const std::vector<std::string>& unit_types() const { return unit_types_; }
  //! Every reference, in order of appearance, without duplicates.
  [[nodiscard]] const std::vector<ExpressionRef>& references() const { return refs_; }
  [[nodiscard]] const std::string& text() const { return text_; }
  //! True when the expression references the previous period.
  [[nodiscard]] bool uses_previous_period() const { return uses_previous_; }
  //! True when the expression references a half-year of the current year (halfYear).
  [[nodiscard]] bool uses_half_years() const { return uses_half_years_; }

  struct Node;

 private:
  std::shared_ptr<const Node> root_;
  std::vector<ExpressionRef> refs_;
  std::vector<std::string> unit_types_;
  std::string text_;
  bool uses_previous_ = false;
  bool uses_half_years_ = false;
};

}  // namespace tienbo::core
