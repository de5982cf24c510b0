#pragma once
// How a value typed by a person is read, for each value type: "1.250" is one
// thousand two hundred and fifty, "12,5" twelve and a half, "1.25" is refused as
// ambiguous; "có"/"không" are yes/no; "15/06/2025" is a date. The result is the
// canonical text that is stored exactly as read ("1250", "12.5", "true",
// "2025-06-15"), never a binary float. tests/data/value_cases.json is the table
// both this reader and the web app's (web/src/lib/values.ts) are tested against.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace tienbo::core {

//! A data element's value type, stored and sent as the text of to_string ("integer", "number",
//! "percent", "boolean", "text", "long_text", "date"); docs/openapi.yaml (ValueType) lists the
//! same seven and the data_element table's CHECK allows only them.
enum class ValueType { Integer, Number, Percent, Boolean, Text, LongText, Date };

//! Every value type, in the order of the enum.
inline constexpr std::array<ValueType, 7> kValueTypes{ValueType::Integer, ValueType::Number, ValueType::Percent,
                                                      ValueType::Boolean, ValueType::Text,   ValueType::LongText,
                                                      ValueType::Date};

//! "integer" -> ValueType::Integer; nullopt for an unknown name (no trimming, no case folding).
std::optional<ValueType> value_type_from_string(std::string_view s);
std::string_view to_string(ValueType t);
//! Integer, number and percent: values that are summed and compared.
bool is_numeric(ValueType t);
//! The numeric types and boolean (true/false as 1/0): values stored with a number, consolidated
//! (yes/no as counts) and fed to the analytics cube.
bool holds_number(ValueType t);

//! Why a typed value was refused.
enum class ValueProblem { Empty, TooLong, Format, Ambiguous, NotWhole, TooManyDigits, BelowMin, AboveMax };
std::string_view to_string(ValueProblem p);  //!< "empty", "too_long", ..., as in value_cases.json

//! The inclusive bounds of a numeric element; the defaults are those of the package.
struct ValueBounds {
  std::optional<double> min;  //!< default 0
  std::optional<double> max;  //!< default 10^15 (100 for a percent)
};
double effective_min(const ValueBounds& b);
double effective_max(ValueType t, const ValueBounds& b);

//! Longest input read (characters beyond are refused as too long).
inline constexpr std::size_t kMaxValueInput = 64;
//! Most significant digits a number may have (what a double holds exactly).
inline constexpr int kMaxSignificantDigits = 15;

//! How a numeric input is written: typed by a person (Vietnamese rules above), or
//! a machine's number (a JSON number: '.' is the decimal point, no thousands).
enum class NumberSyntax { Typed, Machine };

//! Reads `input` for a value of type `t` (integer, number, percent, boolean, date;
//! text types are not read here). The canonical value, or the problem.
std::variant<std::string, ValueProblem> read_value(ValueType t, std::string_view input, const ValueBounds& bounds = {},
                                                   NumberSyntax syntax = NumberSyntax::Typed);

//! What is wrong and how to write it, in Vietnamese and English ("viết 1,25 hoặc 1.250").
struct ValueProblemText {
  std::string vi;
  std::string en;
};
ValueProblemText describe(ValueProblem p, ValueType t, const ValueBounds& bounds);

//! The shortest decimal text of a finite double ("12.5", "1234567890123", "0.1"), no exponent.
std::string decimal_text(double v);

}  // namespace tienbo::core
