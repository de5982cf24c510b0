#pragma once
// Reporting periods in the ISO-like codes tienbo uses everywhere:
//   "2025" (year), "2025S1" / "2025S2" (half-year), "2025Q3" (quarter), "202507" (month).
// A period knows its calendar dates, its Decree 09/2019 data cut-off window
// (annual: 15/12 of the year before → 14/12; first half: 15/12 → 14/6; second
// half: 15/6 → 14/12; quarter: 15th of the month before the quarter → 14th of
// its last month; month: 15th of the month before → 14th), its neighbours and
// the periods it contains.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tienbo/core/result.hpp"

namespace tienbo::core {

//! The years tienbo accepts anywhere (period codes, year parameters, targets): a bound, so
//! that no request can make a loop run over billions of years.
inline constexpr int kMinYear = 2000;
inline constexpr int kMaxYear = 2100;

enum class PeriodType : std::uint8_t { Year, HalfYear, Quarter, Month };

std::string_view period_type_name(PeriodType type);  //!< "year", "half_year", "quarter", "month"
std::optional<PeriodType> parse_period_type(std::string_view name);

class Period {
 public:
  //! Parses a period code; the error names the field "period" and says which forms are accepted.
  static Result<Period> parse(std::string_view code);
  static Period year(int y) { return Period(PeriodType::Year, y, 1); }

  [[nodiscard]] PeriodType type() const { return type_; }
  [[nodiscard]] int year() const { return year_; }
  //! 1-based index within the year (half, quarter or month); 1 for a year.
  [[nodiscard]] int index() const { return index_; }
  [[nodiscard]] std::string code() const;
  //! "6 tháng đầu năm 2025", "Năm 2025", "Quý 3/2025", "Tháng 7/2025".
  [[nodiscard]] std::string label_vi() const;
  [[nodiscard]] std::string label_en() const;

  [[nodiscard]] std::string start_date() const;  //!< first calendar day, ISO
  [[nodiscard]] std::string end_date() const;    //!< last calendar day, ISO
  [[nodiscard]] int first_month() const;
  [[nodiscard]] int last_month() const;
  //! Decree 09/2019 data window: values count from cutoff_start() to cutoff_end() inclusive.
  [[nodiscard]] std::string cutoff_start() const;
  [[nodiscard]] std::string cutoff_end() const;

  [[nodiscard]] Period previous() const;
  [[nodiscard]] Period next() const;
  //! The same period one year earlier (2025S1 → 2024S1).
  [[nodiscard]] Period same_period_last_year() const;
  //! The periods of `type` inside this one (a year holds 2 halves, 4 quarters, 12 months).
  [[nodiscard]] std::vector<Period> split(PeriodType type) const;
  //! True when `other` lies entirely within this period.
  [[nodiscard]] bool contains(const Period& other) const;
  //! The period of `type` containing the given ISO date.
  static Period containing(PeriodType type, std::string_view iso_date);

  auto operator<=>(const Period&) const = default;

 private:
  Period(PeriodType type, int year, int index) : type_(type), year_(year), index_(index) {}
  PeriodType type_;
  int year_;
  int index_;
};

}  // namespace tienbo::core
