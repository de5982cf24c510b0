#include "tienbo/core/period.hpp"

#include "tienbo/core/text.hpp"

#include <chrono>
#include <cstdio>

namespace tienbo::core {

namespace {

int months_per(PeriodType t) {
  switch (t) {
    case PeriodType::Year:
      return 12;
    case PeriodType::HalfYear:
      return 6;
    case PeriodType::Quarter:
      return 3;
    case PeriodType::Month:
      return 1;
  }
  return 12;
}

int count_per_year(PeriodType t) { return 12 / months_per(t); }

std::string iso(int y, int m, int d) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

int days_in_month(int y, int m) {
  using namespace std::chrono;
  return static_cast<int>(
      static_cast<unsigned>(year_month_day_last(year(y) / month(static_cast<unsigned>(m)) / last).day()));
}

// The 15th of the month before month (y, m), as an ISO date.
std::string fifteenth_before(int y, int m) { return m == 1 ? iso(y - 1, 12, 15) : iso(y, m - 1, 15); }

}  // namespace

std::string_view period_type_name(PeriodType type) {
  switch (type) {
    case PeriodType::Year:
      return "year";
    case PeriodType::HalfYear:
      return "half_year";
    case PeriodType::Quarter:
      return "quarter";
    case PeriodType::Month:
      return "month";
  }
  return "year";
}

std::optional<PeriodType> parse_period_type(std::string_view name) {
  if (name == "year") return PeriodType::Year;
  if (name == "half_year") return PeriodType::HalfYear;
  if (name == "quarter") return PeriodType::Quarter;
  if (name == "month") return PeriodType::Month;
  return std::nullopt;
}

Result<Period> Period::parse(std::string_view code) {
  auto bad = [&] {
    const std::string shown(truncate_utf8(code, 24));  // echo a bounded, well-formed piece of it
    return fail(ErrorCode::InvalidValue,
                "kỳ báo cáo \"" + shown +
                    "\" không hợp lệ; dùng 2025 (năm), 2025S1 hoặc 2025S2 (6 tháng), "
                    "2025Q1–2025Q4 (quý) hoặc 202501–202512 (tháng), năm từ 2000 đến 2100",
                "period \"" + shown +
                    "\" is not valid; use 2025 (year), 2025S1 or 2025S2 (half-year), "
                    "2025Q1-2025Q4 (quarter) or 202501-202512 (month), years 2000 to 2100",
                "period");
  };
  auto digits = [](std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  };
  if (code.size() < 4 || !digits(code.substr(0, 4))) return bad();
  const int y = std::stoi(std::string(code.substr(0, 4)));
  if (y < kMinYear || y > kMaxYear) return bad();
  if (code.size() == 4) return Period(PeriodType::Year, y, 1);
  if (code.size() == 6 && (code[4] == 'S' || code[4] == 's') && (code[5] == '1' || code[5] == '2')) {
    return Period(PeriodType::HalfYear, y, code[5] - '0');
  }
  if (code.size() == 6 && (code[4] == 'Q' || code[4] == 'q') && code[5] >= '1' && code[5] <= '4') {
    return Period(PeriodType::Quarter, y, code[5] - '0');
  }
  if (code.size() == 6 && digits(code.substr(4))) {
    const int m = std::stoi(std::string(code.substr(4)));
    if (m >= 1 && m <= 12) return Period(PeriodType::Month, y, m);
  }
  return bad();
}

std::string Period::code() const {
  char buf[40];
  switch (type_) {
    case PeriodType::Year:
      std::snprintf(buf, sizeof buf, "%04d", year_);
      break;
    case PeriodType::HalfYear:
      std::snprintf(buf, sizeof buf, "%04dS%d", year_, index_);
      break;
    case PeriodType::Quarter:
      std::snprintf(buf, sizeof buf, "%04dQ%d", year_, index_);
      break;
    case PeriodType::Month:
      std::snprintf(buf, sizeof buf, "%04d%02d", year_, index_);
      break;
  }
  return buf;
}

std::string Period::label_vi() const {
  std::string y = std::to_string(year_);
  switch (type_) {
    case PeriodType::Year:
      return "Năm " + y;
    case PeriodType::HalfYear:
      return (index_ == 1 ? "6 tháng đầu năm " : "6 tháng cuối năm ") + y;
    case PeriodType::Quarter:
      return "Quý " + std::to_string(index_) + "/" + y;
    case PeriodType::Month:
      return "Tháng " + std::to_string(index_) + "/" + y;
  }
  return y;
}

std::string Period::label_en() const {
  static const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                  "July",    "August",   "September", "October", "November", "December"};
  std::string y = std::to_string(year_);
  switch (type_) {
    case PeriodType::Year:
      return "Year " + y;
    case PeriodType::HalfYear:
      return (index_ == 1 ? "First half of " : "Second half of ") + y;
    case PeriodType::Quarter:
      return "Q" + std::to_string(index_) + " " + y;
    case PeriodType::Month:
      return std::string(kMonths[index_ - 1]) + " " + y;
  }
  return y;
}

int Period::first_month() const { return (index_ - 1) * months_per(type_) + 1; }
int Period::last_month() const { return index_ * months_per(type_); }
std::string Period::start_date() const { return iso(year_, first_month(), 1); }
std::string Period::end_date() const { return iso(year_, last_month(), days_in_month(year_, last_month())); }

std::string Period::cutoff_start() const {
  // Years and first halves start counting on 15/12 of the year before; the
  // others on the 15th of the month before their first month.
  return fifteenth_before(year_, first_month());
}

std::string Period::cutoff_end() const { return iso(year_, last_month(), 14); }

Period Period::previous() const {
  if (index_ > 1) return Period(type_, year_, index_ - 1);
  return Period(type_, year_ - 1, count_per_year(type_));
}

Period Period::next() const {
  if (index_ < count_per_year(type_)) return Period(type_, year_, index_ + 1);
  return Period(type_, year_ + 1, 1);
}

Period Period::same_period_last_year() const { return Period(type_, year_ - 1, index_); }

std::vector<Period> Period::split(PeriodType type) const {
  std::vector<Period> out;
  if (months_per(type) > months_per(type_)) return out;
  const int per = months_per(type);
  for (int m = first_month(); m <= last_month(); m += per) out.push_back(Period(type, year_, (m - 1) / per + 1));
  return out;
}

bool Period::contains(const Period& other) const {
  return other.year_ == year_ && other.first_month() >= first_month() && other.last_month() <= last_month();
}

Period Period::containing(PeriodType type, std::string_view iso_date) {
  const int y = std::stoi(std::string(iso_date.substr(0, 4)));
  const int m = std::stoi(std::string(iso_date.substr(5, 2)));
  return Period(type, y, (m - 1) / months_per(type) + 1);
}

}  // namespace tienbo::core
