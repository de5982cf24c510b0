#pragma once
// Calendar dates as ISO-8601 text ("2025-07-01"): the form stored in the
// database and exchanged in the API, so comparisons are string comparisons.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace tienbo::core {

inline constexpr std::string_view kDateMin = "0001-01-01";
inline constexpr std::string_view kDateMax = "9999-12-31";

//! True for a real calendar date written YYYY-MM-DD (leap years checked).
bool is_iso_date(std::string_view s);

//! Today's date in Viet Nam (UTC+7).
std::string today_in_vietnam();

//! The day before `date` (a valid ISO date).
std::string previous_day(std::string_view date);

//! "01/07/2025" for "2025-07-01": the Vietnamese way of writing a date.
std::string format_date_vi(std::string_view iso);

//! "2026-11-21T20:20:00.123Z" (UTC, milliseconds): the timestamp form stored in the database.
std::string utc_timestamp(std::chrono::system_clock::time_point t);
//! Parses utc_timestamp()'s form back; nullopt when malformed.
std::optional<std::chrono::system_clock::time_point> parse_utc_timestamp(std::string_view s);
//! "20:45:10" in Viet Nam time (UTC+7), for messages.
std::string vietnam_clock_time(std::chrono::system_clock::time_point t);

}  // namespace tienbo::core
