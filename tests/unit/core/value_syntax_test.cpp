// Every case of tests/data/value_cases.json (the table the web tests read too) read by
// core::read_value, plus what a machine's number (a JSON number) reads as.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <sstream>

#include "tienbo/core/value_syntax.hpp"

namespace {

using tienbo::core::NumberSyntax;
using tienbo::core::read_value;
using tienbo::core::ValueBounds;
using tienbo::core::ValueProblem;
using tienbo::core::ValueType;

boost::json::value load_cases() {
  std::ifstream in(std::string(TIENBO_SOURCE_DIR) + "/tests/data/value_cases.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return boost::json::parse(ss.str());
}

TEST(ValueSyntax, EveryCaseOfTheSharedTable) {
  const auto doc = load_cases();
  std::map<std::string, int> per_type;
  int failures = 0;
  for (const auto& c : doc.at("cases").as_array()) {
    const auto& o = c.as_object();
    const std::string type(o.at("type").as_string());
    const std::string input(o.at("input").as_string());
    ValueBounds b;
    if (o.contains("min")) b.min = o.at("min").to_number<double>();
    if (o.contains("max")) b.max = o.at("max").to_number<double>();
    auto t = tienbo::core::value_type_from_string(type);
    ASSERT_TRUE(t) << type;
    auto got = read_value(*t, input, b);
    std::string got_text = std::holds_alternative<std::string>(got)
                               ? "value " + std::get<std::string>(got)
                               : "error " + std::string(tienbo::core::to_string(std::get<ValueProblem>(got)));
    std::string want = o.contains("value") ? "value " + std::string(o.at("value").as_string())
                                           : "error " + std::string(o.at("error").as_string());
    EXPECT_EQ(got_text, want) << type << " \"" << input << "\"";
    if (got_text != want) ++failures;
    ++per_type[type];
  }
  for (const auto& [type, n] : per_type) {
    EXPECT_GE(n, 30) << "at least 30 cases per value type: " << type;
    std::cout << type << ": " << n << " cases\n";
  }
  EXPECT_EQ(per_type.size(), 5u);
  EXPECT_EQ(failures, 0);
}

TEST(ValueSyntax, MachineNumbersUseTheDecimalPoint) {
  // A JSON number: 1.25 is one and a quarter, never ambiguous; no thousands separators.
  EXPECT_EQ(std::get<std::string>(read_value(ValueType::Number, "1.25", {}, NumberSyntax::Machine)), "1.25");
  EXPECT_EQ(std::get<std::string>(read_value(ValueType::Number, "1.250", {}, NumberSyntax::Machine)), "1.25");
  EXPECT_EQ(std::get<std::string>(read_value(ValueType::Integer, "1234567890123", {}, NumberSyntax::Machine)),
            "1234567890123");
  EXPECT_EQ(std::get<ValueProblem>(read_value(ValueType::Number, "1,5", {}, NumberSyntax::Machine)),
            ValueProblem::Format);
  EXPECT_EQ(std::get<ValueProblem>(read_value(ValueType::Integer, "12.5", {}, NumberSyntax::Machine)),
            ValueProblem::NotWhole);
  EXPECT_EQ(tienbo::core::decimal_text(12.5), "12.5");
  EXPECT_EQ(tienbo::core::decimal_text(1234567890123.0), "1234567890123");
  EXPECT_EQ(tienbo::core::decimal_text(0.1), "0.1");
  EXPECT_EQ(tienbo::core::decimal_text(1e15), "1000000000000000");
  EXPECT_EQ(tienbo::core::decimal_text(-0.0), "0");
}

TEST(ValueSyntax, RandomDecimalsRoundTripThroughDouble) {
  // Any canonical value of at most 15 significant digits survives the double of the cube.
  std::uint64_t s = 88172645463325252ull;
  auto next = [&] {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  };
  for (int i = 0; i < 20000; ++i) {
    const int digits = 1 + static_cast<int>(next() % 15);
    std::string d;
    for (int k = 0; k < digits; ++k) d += static_cast<char>('0' + next() % 10);
    const int point = static_cast<int>(next() % static_cast<std::uint64_t>(digits + 1));
    std::string typed = d.substr(0, static_cast<std::size_t>(point));
    if (typed.empty()) typed = "0";
    if (point < digits) typed += "," + d.substr(static_cast<std::size_t>(point));
    auto got = read_value(ValueType::Number, typed);
    ASSERT_TRUE(std::holds_alternative<std::string>(got)) << typed;
    const std::string canonical = std::get<std::string>(got);
    EXPECT_EQ(tienbo::core::decimal_text(std::strtod(canonical.c_str(), nullptr)), canonical) << typed;
  }
}

}  // namespace
