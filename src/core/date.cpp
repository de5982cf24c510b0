#include "tienbo/core/date.hpp"

#include <chrono>
#include <cstdio>

namespace tienbo::core {

bool is_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  const auto m = static_cast<unsigned>((s[5] - '0') * 10 + (s[6] - '0'));
  const auto d = static_cast<unsigned>((s[8] - '0') * 10 + (s[9] - '0'));
  return y >= 1 && std::chrono::year_month_day(std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)).ok();
}

namespace {
std::string format(std::chrono::year_month_day ymd) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}
}  // namespace

std::string today_in_vietnam() {
  using namespace std::chrono;
  const auto now = system_clock::now() + hours(7);
  return format(year_month_day(floor<days>(now)));
}

std::string previous_day(std::string_view date) {
  using namespace std::chrono;
  const int y = std::stoi(std::string(date.substr(0, 4)));
  const unsigned m = static_cast<unsigned>(std::stoi(std::string(date.substr(5, 2))));
  const unsigned d = static_cast<unsigned>(std::stoi(std::string(date.substr(8, 2))));
  const sys_days day = year_month_day(year(y), month(m), std::chrono::day(d));
  return format(year_month_day(day - days(1)));
}

std::string format_date_vi(std::string_view iso) {
  if (!is_iso_date(iso)) return std::string(iso);
  return std::string(iso.substr(8, 2)) + "/" + std::string(iso.substr(5, 2)) + "/" + std::string(iso.substr(0, 4));
}

std::string utc_timestamp(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto day = floor<days>(t);
  const year_month_day ymd(day);
  const hh_mm_ss hms(floor<milliseconds>(t - day));
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()), static_cast<int>(hms.subseconds().count()));
  return buf;
}

std::optional<std::chrono::system_clock::time_point> parse_utc_timestamp(std::string_view s) {
  using namespace std::chrono;
  if (s.size() != 24 || s[10] != 'T' || s[23] != 'Z' || !is_iso_date(s.substr(0, 10))) return std::nullopt;
  auto num = [&](std::size_t pos, std::size_t len) {
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  const int h = num(11, 2), m = num(14, 2), sec = num(17, 2), ms = num(20, 3);
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60 || ms < 0) return std::nullopt;
  const sys_days day = year_month_day(year(num(0, 4)), month(static_cast<unsigned>(num(5, 2))),
                                      std::chrono::day(static_cast<unsigned>(num(8, 2))));
  const sys_time<milliseconds> t = day + hours(h) + minutes(m) + seconds(sec) + milliseconds(ms);
  // system_clock counts nanoseconds in 64 bits (years 1678 to 2261): anything outside would overflow.
  if (t < time_point_cast<milliseconds>(system_clock::time_point::min()) ||
      t > time_point_cast<milliseconds>(system_clock::time_point::max())) {
    return std::nullopt;
  }
  return time_point_cast<system_clock::duration>(t);
}

std::string vietnam_clock_time(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto local = t + hours(7);
  const hh_mm_ss hms(floor<seconds>(local - floor<days>(local)));
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return buf;
}

}  // namespace tienbo::core
