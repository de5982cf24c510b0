#include "tienbo/core/value_syntax.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>

#include "tienbo/core/text.hpp"

namespace tienbo::core {

namespace {

constexpr std::array<std::pair<std::string_view, ValueType>, 7> kTypes{{{"integer", ValueType::Integer},
                                                                        {"number", ValueType::Number},
                                                                        {"percent", ValueType::Percent},
                                                                        {"boolean", ValueType::Boolean},
                                                                        {"text", ValueType::Text},
                                                                        {"long_text", ValueType::LongText},
                                                                        {"date", ValueType::Date}}};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool all_digits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_digit); }

// Strips ASCII white space and the no-break spaces U+00A0 and U+202F at both ends, and
// turns those inside into plain spaces (they separate thousands when people paste from Word).
std::string trim_spaces(std::string_view in) {
  std::string s;
  s.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in.compare(i, 2, "\xC2\xA0") == 0) {
      s += ' ';
      i += 1;
    } else if (in.compare(i, 3, "\xE2\x80\xAF") == 0) {
      s += ' ';
      i += 2;
    } else if (in[i] == '\t' || in[i] == '\n' || in[i] == '\r') {
      s += ' ';
    } else {
      s += in[i];
    }
  }
  const auto b = s.find_first_not_of(' ');
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(' ');
  return s.substr(b, e - b + 1);
}

std::size_t utf8_length(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// "1.250.000" or "1 250": groups of three after a first group of one to three digits.
bool valid_grouping(std::string_view s, char sep, std::string& digits) {
  std::size_t start = 0;
  bool first = true;
  while (true) {
    const auto end = s.find(sep, start);
    const std::string_view g = s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!all_digits(g)) return false;
    if (first ? (g.size() > 3 || (g[0] == '0' && end != std::string_view::npos)) : g.size() != 3) return false;
    digits += g;
    first = false;
    if (end == std::string_view::npos) return true;
    start = end + 1;
  }
}

// The integer part before a decimal comma: plain digits, or digits grouped by '.' or ' '.
bool integer_part(std::string_view s, std::string& digits) {
  if (all_digits(s)) {
    digits = s;
    return true;
  }
  const bool dot = s.find('.') != std::string_view::npos;
  const bool space = s.find(' ') != std::string_view::npos;
  if (dot && space) return false;
  return valid_grouping(s, dot ? '.' : ' ', digits);
}

struct Decimal {
  std::string integer;   // digits, maybe with leading zeros
  std::string fraction;  // digits, maybe with trailing zeros
};

std::variant<Decimal, ValueProblem> split_typed(std::string_view s) {
  if (!std::all_of(s.begin(), s.end(), [](char c) { return is_digit(c) || c == '.' || c == ',' || c == ' '; })) {
    return ValueProblem::Format;
  }
  Decimal d;
  const auto commas = std::count(s.begin(), s.end(), ',');
  if (commas > 1) return ValueProblem::Format;
  if (commas == 1) {
    const auto c = s.find(',');
    d.fraction = s.substr(c + 1);
    if (!all_digits(d.fraction) || !integer_part(s.substr(0, c), d.integer)) return ValueProblem::Format;
    return d;
  }
  const auto dots = std::count(s.begin(), s.end(), '.');
  const auto spaces = std::count(s.begin(), s.end(), ' ');
  if (dots == 1 && spaces == 0) {
    const auto p = s.find('.');
    const std::string_view a = s.substr(0, p);
    const std::string_view b = s.substr(p + 1);
    if (!all_digits(a) || !all_digits(b)) return ValueProblem::Format;
    if (b.size() == 1 || a[0] == '0' || a.size() > 3)
      return Decimal{std::string(a), std::string(b)};                        // 12.5, 0.25, 1234.56
    if (b.size() == 3) return Decimal{std::string(a) + std::string(b), {}};  // 1.250
    return ValueProblem::Ambiguous;                                          // 1.25: 1,25 or 1.250?
  }
  if (!integer_part(s, d.integer)) return ValueProblem::Format;
  return d;
}

std::variant<Decimal, ValueProblem> split_machine(std::string_view s) {
  const auto p = s.find('.');
  Decimal d{std::string(s.substr(0, p)), p == std::string_view::npos ? std::string() : std::string(s.substr(p + 1))};
  if (!all_digits(d.integer) || (p != std::string_view::npos && !all_digits(d.fraction))) return ValueProblem::Format;
  return d;
}

std::variant<std::string, ValueProblem> read_number(ValueType t, std::string_view input, const ValueBounds& bounds,
                                                    NumberSyntax syntax) {
  std::string s = trim_spaces(input);
  if (s.empty()) return ValueProblem::Empty;
  if (syntax == NumberSyntax::Typed && utf8_length(s) > kMaxValueInput) return ValueProblem::TooLong;
  const bool negative = s[0] == '-';
  const std::string_view body = std::string_view(s).substr(negative ? 1 : 0);
  auto split = syntax == NumberSyntax::Typed ? split_typed(body) : split_machine(body);
  if (auto* p = std::get_if<ValueProblem>(&split)) return *p;
  Decimal d = std::get<Decimal>(std::move(split));
  d.integer.erase(0, std::min(d.integer.find_first_not_of('0'), d.integer.size()));
  if (d.integer.empty()) d.integer = "0";
  while (!d.fraction.empty() && d.fraction.back() == '0') d.fraction.pop_back();
  const std::size_t significant =
      d.integer != "0" ? d.integer.size() + d.fraction.size()
                       : d.fraction.size() - std::min(d.fraction.find_first_not_of('0'), d.fraction.size());
  if (significant > static_cast<std::size_t>(kMaxSignificantDigits)) return ValueProblem::TooManyDigits;
  if (t == ValueType::Integer && !d.fraction.empty()) return ValueProblem::NotWhole;
  const bool zero = d.integer == "0" && d.fraction.empty();
  std::string canonical = (negative && !zero ? "-" : "") + d.integer + (d.fraction.empty() ? "" : "." + d.fraction);
  const double v = std::strtod(canonical.c_str(), nullptr);
  if (v < effective_min(bounds)) return ValueProblem::BelowMin;
  if (v > effective_max(t, bounds)) return ValueProblem::AboveMax;
  return canonical;
}

std::variant<std::string, ValueProblem> read_boolean(std::string_view input) {
  const std::string s = trim_spaces(input);
  if (s.empty()) return ValueProblem::Empty;
  if (utf8_length(s) > kMaxValueInput) return ValueProblem::TooLong;
  if (!is_valid_utf8(s)) return ValueProblem::Format;
  // Letters and digits only ("có không" and "-1" are not yes/no).
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && !std::isalnum(u)) return ValueProblem::Format;
  }
  const std::string w = fold_for_search(s);
  for (std::string_view yes : {"true", "1", "yes", "co", "c", "x"}) {
    if (w == yes) return std::string("true");
  }
  for (std::string_view no : {"false", "0", "no", "khong", "k"}) {
    if (w == no) return std::string("false");
  }
  return ValueProblem::Format;
}

bool real_date(int y, int m, int d) {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[static_cast<std::size_t>(m - 1)] + (m == 2 && leap ? 1 : 0);
}

int to_int(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

std::variant<std::string, ValueProblem> read_date(std::string_view input) {
  const std::string s = trim_spaces(input);
  if (s.empty()) return ValueProblem::Empty;
  if (utf8_length(s) > kMaxValueInput) return ValueProblem::TooLong;
  int y = 0;
  int m = 0;
  int d = 0;
  if (s.size() == 10 && s[4] == '-' && s[7] == '-' && all_digits(s.substr(0, 4)) && all_digits(s.substr(5, 2)) &&
      all_digits(s.substr(8, 2))) {
    y = to_int(s.substr(0, 4));
    m = to_int(s.substr(5, 2));
    d = to_int(s.substr(8, 2));
  } else {
    // Day first, as Vietnamese write dates: 15/06/2025, 5/6/2025, 15-06-2025, 15.06.2025.
    const auto p1 = s.find_first_not_of("0123456789");
    if (p1 == std::string::npos || (s[p1] != '/' && s[p1] != '-' && s[p1] != '.')) return ValueProblem::Format;
    const char sep = s[p1];
    const auto p2 = s.find(sep, p1 + 1);
    if (p2 == std::string::npos) return ValueProblem::Format;
    const std::string_view ds = std::string_view(s).substr(0, p1);
    const std::string_view ms = std::string_view(s).substr(p1 + 1, p2 - p1 - 1);
    const std::string_view ys = std::string_view(s).substr(p2 + 1);
    if (!all_digits(ds) || !all_digits(ms) || !all_digits(ys) || ds.size() > 2 || ms.size() > 2 || ys.size() != 4) {
      return ValueProblem::Format;
    }
    d = to_int(ds);
    m = to_int(ms);
    y = to_int(ys);
  }
  if (!real_date(y, m, d)) return ValueProblem::Format;
  char buf[40];  // room for any three ints: GCC -O3 checks the format against int ranges
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return std::string(buf);
}

std::string bound_text(double v) {
  std::string s = format_number_vi(v, 6);
  return s;
}

}  // namespace

std::optional<ValueType> value_type_from_string(std::string_view s) {
  for (const auto& [name, t] : kTypes) {
    if (name == s) return t;
  }
  return std::nullopt;
}

std::string_view to_string(ValueType t) {
  for (const auto& [name, type] : kTypes) {
    if (type == t) return name;
  }
  return "text";
}

bool is_numeric(ValueType t) { return t == ValueType::Integer || t == ValueType::Number || t == ValueType::Percent; }

bool holds_number(ValueType t) { return is_numeric(t) || t == ValueType::Boolean; }

std::string_view to_string(ValueProblem p) {
  switch (p) {
    case ValueProblem::Empty:
      return "empty";
    case ValueProblem::TooLong:
      return "too_long";
    case ValueProblem::Format:
      return "format";
    case ValueProblem::Ambiguous:
      return "ambiguous";
    case ValueProblem::NotWhole:
      return "not_whole";
    case ValueProblem::TooManyDigits:
      return "too_many_digits";
    case ValueProblem::BelowMin:
      return "below_min";
    case ValueProblem::AboveMax:
      return "above_max";
  }
  return "format";
}

double effective_min(const ValueBounds& b) { return b.min.value_or(0.0); }
double effective_max(ValueType t, const ValueBounds& b) {
  if (b.max) return *b.max;
  return t == ValueType::Percent ? 100.0 : 1e15;
}

std::variant<std::string, ValueProblem> read_value(ValueType t, std::string_view input, const ValueBounds& bounds,
                                                   NumberSyntax syntax) {
  switch (t) {
    case ValueType::Integer:
    case ValueType::Number:
    case ValueType::Percent:
      return read_number(t, input, bounds, syntax);
    case ValueType::Boolean:
      return read_boolean(input);
    case ValueType::Date:
      return read_date(input);
    case ValueType::Text:
    case ValueType::LongText:
      break;
  }
  return std::string(input);
}

ValueProblemText describe(ValueProblem p, ValueType t, const ValueBounds& bounds) {
  switch (p) {
    case ValueProblem::Empty:
      return {"chưa nhập giá trị", "no value entered"};
    case ValueProblem::TooLong:
      return {"dài quá " + std::to_string(kMaxValueInput) + " ký tự",
              "longer than " + std::to_string(kMaxValueInput) + " characters"};
    case ValueProblem::Ambiguous:
      return {
          "không rõ dấu chấm là phần nghìn hay phần thập phân; viết 1,25 (một phẩy hai mươi lăm) hoặc 1.250 (một nghìn "
          "hai trăm "
          "năm mươi)",
          "it is unclear whether the dot separates thousands or decimals; write 1,25 (one point two five) or 1.250 "
          "(one "
          "thousand two hundred and fifty)"};
    case ValueProblem::NotWhole:
      return {"phải là số nguyên, ví dụ 12", "must be a whole number, e.g. 12"};
    case ValueProblem::TooManyDigits:
      return {"quá " + std::to_string(kMaxSignificantDigits) + " chữ số có nghĩa",
              "more than " + std::to_string(kMaxSignificantDigits) + " significant digits"};
    case ValueProblem::BelowMin: {
      const double min = effective_min(bounds);
      if (min == 0) return {"không được âm", "must not be negative"};
      return {"không được nhỏ hơn " + bound_text(min), "must not be less than " + decimal_text(min)};
    }
    case ValueProblem::AboveMax: {
      const double max = effective_max(t, bounds);
      if (t == ValueType::Percent && max == 100) return {"phải từ 0 đến 100", "must be between 0 and 100"};
      return {"không được lớn hơn " + bound_text(max), "must not be greater than " + decimal_text(max)};
    }
    case ValueProblem::Format:
      break;
  }
  switch (t) {
    case ValueType::Integer:
      return {"phải là số nguyên, ví dụ 12 hoặc 1.250",
              "must be a whole number, e.g. 12 or 1.250 (thousands with a dot)"};
    case ValueType::Number:
    case ValueType::Percent:
      return {"phải là một số, dấu phẩy thập phân, dấu chấm phần nghìn, ví dụ 12,5 hoặc 1.250,5",
              "must be a number with a decimal comma and thousands dots, e.g. 12,5 or 1.250,5"};
    case ValueType::Boolean:
      return {"phải là Có hoặc Không", "must be yes (có) or no (không)"};
    case ValueType::Date:
      return {"phải là một ngày có thật, viết 15/06/2025", "must be a real date, written 15/06/2025 (day/month/year)"};
    case ValueType::Text:
    case ValueType::LongText:
      break;
  }
  return {"giá trị không hợp lệ", "invalid value"};
}

std::string decimal_text(double v) {
  char buf[400];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  if (r.ec != std::errc()) return "0";
  std::string s(buf, r.ptr);
  if (s == "-0") s = "0";
  return s;
}

}  // namespace tienbo::core
