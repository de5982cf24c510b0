#include "tienbo/core/expression.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace tienbo::core {

struct Expression::Node {
  enum class Kind { Number, Ref, Unary, Binary, Call, UnitCount } kind = Kind::Number;
  double number = 0;
  ExpressionRef ref;
  std::string op;  // operator or function name
  std::vector<std::shared_ptr<const Node>> args;
  std::vector<std::string> unit_types;  // unitCount("province", ...)
};

namespace {

using Node = Expression::Node;
using NodePtr = std::shared_ptr<const Node>;

class Parser {
 public:
  Parser(std::string_view text, std::string_view field) : s_(text), field_(field) {}

  Result<NodePtr> parse_all() {
    auto n = parse_or();
    if (!n) return n;
    skip();
    if (pos_ < s_.size()) return error("hết biểu thức", "the end of the expression");
    return n;
  }

  std::vector<ExpressionRef> refs;
  std::vector<std::string> unit_types;
  bool uses_previous = false;
  bool uses_half_years = false;

 private:
  void skip() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool eat(std::string_view tok) {
    skip();
    if (s_.substr(pos_, tok.size()) == tok) {
      pos_ += tok.size();
      return true;
    }
    return false;
  }
  std::string found() const {
    if (pos_ >= s_.size()) return "hết biểu thức|the end";
    std::string_view rest = s_.substr(pos_, 12);
    return "'" + std::string(rest) + "'|'" + std::string(rest) + "'";
  }
  Unexpected error(const std::string& expected_vi, const std::string& expected_en) const {
    const std::string f = found();
    const auto bar = f.find('|');
    return fail(ErrorCode::InvalidValue,
                "công thức lỗi ở vị trí " + std::to_string(pos_ + 1) + ": cần " + expected_vi + " nhưng gặp " +
                    f.substr(0, bar) + " — trong \"" + std::string(s_) + "\"",
                "formula error at position " + std::to_string(pos_ + 1) + ": expected " + expected_en + " but found " +
                    f.substr(bar + 1) + " in \"" + std::string(s_) + "\"",
                std::string(field_));
  }

  static NodePtr binary(std::string op, NodePtr a, NodePtr b) {
    auto n = std::make_shared<Node>();
    n->kind = Node::Kind::Binary;
    n->op = std::move(op);
    n->args = {std::move(a), std::move(b)};
    return n;
  }

  // Brackets, function arguments and signs nest the recursive descent (and the evaluation);
  // a bound keeps "((((…" of a 4000-character formula from overflowing the stack.
  static constexpr int kMaxNesting = 64;
  struct Nesting {
    explicit Nesting(int& depth) : counter_(++depth) {}
    ~Nesting() { --counter_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
    int& counter_;
  };
  Unexpected too_deep() const {
    return error("ít hơn " + std::to_string(kMaxNesting) + " mức lồng nhau (ngoặc, hàm, dấu)",
                 "fewer than " + std::to_string(kMaxNesting) + " levels of nesting (brackets, functions, signs)");
  }

  Result<NodePtr> parse_or() {
    const Nesting nesting(depth_);
    if (depth_ > kMaxNesting) return too_deep();
    auto left = parse_and();
    if (!left) return left;
    NodePtr n = *left;
    while (eat("||")) {
      auto right = parse_and();
      if (!right) return right;
      n = binary("||", n, *right);
    }
    return n;
  }
  Result<NodePtr> parse_and() {
    auto left = parse_cmp();
    if (!left) return left;
    NodePtr n = *left;
    while (eat("&&")) {
      auto right = parse_cmp();
      if (!right) return right;
      n = binary("&&", n, *right);
    }
    return n;
  }
  Result<NodePtr> parse_cmp() {
    auto left = parse_add();
    if (!left) return left;
    for (std::string_view op : {"==", "!=", "<=", ">=", "<", ">"}) {
      if (eat(op)) {
        auto right = parse_add();
        if (!right) return right;
        return binary(std::string(op), *left, *right);
      }
    }
    return left;
  }
  Result<NodePtr> parse_add() {
    auto left = parse_mul();
    if (!left) return left;
    NodePtr n = *left;
    while (true) {
      std::string op;
      if (eat("+"))
        op = "+";
      else if (eat("-"))
        op = "-";
      else
        break;
      auto right = parse_mul();
      if (!right) return right;
      n = binary(op, n, *right);
    }
    return n;
  }
  Result<NodePtr> parse_mul() {
    auto left = parse_unary();
    if (!left) return left;
    NodePtr n = *left;
    while (true) {
      std::string op;
      if (eat("*"))
        op = "*";
      else if (eat("/"))
        op = "/";
      else if (eat("%"))
        op = "%";
      else
        break;
      auto right = parse_unary();
      if (!right) return right;
      n = binary(op, n, *right);
    }
    return n;
  }
  Result<NodePtr> parse_unary() {
    skip();
    if (pos_ < s_.size() && (s_[pos_] == '-' || (s_[pos_] == '!' && s_.substr(pos_, 2) != "!="))) {
      const Nesting nesting(depth_);
      if (depth_ > kMaxNesting) return too_deep();
      const char op = s_[pos_++];
      auto operand = parse_unary();
      if (!operand) return operand;
      auto n = std::make_shared<Node>();
      n->kind = Node::Kind::Unary;
      n->op = std::string(1, op);
      n->args = {*operand};
      return NodePtr(n);
    }
    return parse_primary();
  }
  Result<NodePtr> parse_primary() {
    skip();
    if (pos_ >= s_.size()) return error("một số, #{...}, một hàm hoặc '('", "a number, #{...}, a function or '('");
    const char c = s_[pos_];
    if (c == '(') {
      ++pos_;
      auto inner = parse_or();
      if (!inner) return inner;
      if (!eat(")")) return error("')'", "')'");
      return inner;
    }
    if (c == '#') return parse_ref();
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') return parse_number();
    if (std::isalpha(static_cast<unsigned char>(c))) return parse_name();
    return error("một số, #{...}, một hàm hoặc '('", "a number, #{...}, a function or '('");
  }

  // #{CODE} or #{CODE.OPTION}: a data element's value, or one of its options.
  Result<NodePtr> parse_ref() {
    if (!eat("#{")) return error("'#{'", "'#{'");
    const std::size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] != '}') ++pos_;
    if (pos_ >= s_.size()) return error("'}'", "'}'");
    std::string_view inside = s_.substr(start, pos_ - start);
    ++pos_;
    auto dot = inside.find('.');
    ExpressionRef ref{std::string(inside.substr(0, dot)),
                      dot == std::string_view::npos ? "" : std::string(inside.substr(dot + 1))};
    auto valid = [](std::string_view code) {
      return !code.empty() && std::all_of(code.begin(), code.end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-';
      });
    };
    if (!valid(ref.element) || (dot != std::string_view::npos && !valid(ref.option))) {
      pos_ = start;
      return error("mã chỉ tiêu dạng #{MA} hoặc #{MA.PHAN_TO}", "a reference like #{CODE} or #{CODE.OPTION}");
    }
    if (std::find(refs.begin(), refs.end(), ref) == refs.end()) refs.push_back(ref);
    auto n = std::make_shared<Node>();
    n->kind = Node::Kind::Ref;
    n->ref = std::move(ref);
    return NodePtr(n);
  }

  Result<NodePtr> parse_number() {
    const std::size_t start = pos_;
    while (pos_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '.')) ++pos_;
    double v = 0;
    auto res = std::from_chars(s_.data() + start, s_.data() + pos_, v);
    if (res.ec != std::errc{} || res.ptr != s_.data() + pos_) {
      pos_ = start;
      return error("một số", "a number");
    }
    auto n = std::make_shared<Node>();
    n->number = v;
    return NodePtr(n);
  }

  // true, false, unitCount(...) or a function call.
  Result<NodePtr> parse_name() {
    const std::size_t start = pos_;
    while (pos_ < s_.size() && std::isalnum(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    const std::string name(s_.substr(start, pos_ - start));
    if (name == "true" || name == "false") {
      auto n = std::make_shared<Node>();
      n->number = name == "true" ? 1 : 0;
      return NodePtr(n);
    }
    if (name == "unitCount") return parse_unit_count();
    static const std::vector<std::pair<std::string, std::pair<int, int>>> kFunctions{
        {"if", {3, 3}},        {"isNull", {1, 1}},  {"isNotNull", {1, 1}}, {"firstNonNull", {1, 99}},
        {"greatest", {1, 99}}, {"least", {1, 99}},  {"previous", {1, 1}},  {"abs", {1, 1}},
        {"round", {1, 2}},     {"halfYear", {2, 2}}};
    auto f = std::find_if(kFunctions.begin(), kFunctions.end(), [&](const auto& e) { return e.first == name; });
    if (f == kFunctions.end()) {
      pos_ = start;
      return error(
          "một hàm (if, isNull, isNotNull, firstNonNull, greatest, least, previous, halfYear, abs, round, unitCount)",
          "a function (if, isNull, isNotNull, firstNonNull, greatest, least, previous, halfYear, abs, round, "
          "unitCount)");
    }
    if (!eat("(")) return error("'(' sau " + name, "'(' after " + name);
    auto n = std::make_shared<Node>();
    n->kind = Node::Kind::Call;
    n->op = name;
    if (name == "previous") uses_previous = true;
    if (name == "halfYear") return parse_half_year(n);
    if (!eat(")")) {
      do {
        auto arg = parse_or();
        if (!arg) return arg;
        n->args.push_back(*arg);
      } while (eat(","));
      if (!eat(")")) return error("',' hoặc ')'", "',' or ')'");
    }
    const int count = static_cast<int>(n->args.size());
    if (count < f->second.first || count > f->second.second) {
      return fail(ErrorCode::InvalidValue,
                  "hàm " + name + " cần " + std::to_string(f->second.first) +
                      (f->second.second != f->second.first ? " tham số trở lên" : " tham số") + ", có " +
                      std::to_string(count) + " — trong \"" + std::string(s_) + "\"",
                  "function " + name + " takes " + std::to_string(f->second.first) +
                      (f->second.second != f->second.first ? " or more arguments" : " argument(s)") + ", got " +
                      std::to_string(count) + " in \"" + std::string(s_) + "\"",
                  std::string(field_));
    }
    return NodePtr(n);
  }

  // The arguments of halfYear after its "(" (the call node is made).
  Result<NodePtr> parse_half_year(const std::shared_ptr<Node>& n) {
    // halfYear(1 or 2, x): x in that half of the current year; not nested in previous().
    uses_half_years = true;
    skip();
    const std::size_t at = pos_;
    if (!(eat("1") || eat("2")) || !eat(","))
      return error("halfYear(1, …) hoặc halfYear(2, …)", "halfYear(1, …) or halfYear(2, …)");
    auto half = std::make_shared<Node>();
    half->number = s_[at] == '1' ? 1 : 2;
    n->args.push_back(NodePtr(half));
    auto arg = parse_or();
    if (!arg) return arg;
    n->args.push_back(*arg);
    if (!eat(")")) return error("')'", "')'");
    return NodePtr(n);
  }

  // unitCount("type", ...): how many units of these types the subtree holds.
  Result<NodePtr> parse_unit_count() {
    if (!eat("(")) return error("'(' sau unitCount", "'(' after unitCount");
    auto n = std::make_shared<Node>();
    n->kind = Node::Kind::UnitCount;
    do {
      skip();
      if (pos_ >= s_.size() || s_[pos_] != '"')
        return error("tên loại đơn vị trong ngoặc kép, ví dụ \"province\"",
                     "a unit type in double quotes, e.g. \"province\"");
      const std::size_t start = ++pos_;
      while (pos_ < s_.size() && s_[pos_] != '"') ++pos_;
      if (pos_ >= s_.size()) return error("'\"' đóng", "a closing '\"'");
      std::string type(s_.substr(start, pos_ - start));
      ++pos_;
      if (type.empty()) {
        pos_ = start;
        return error("tên loại đơn vị", "a unit type");
      }
      if (std::find(unit_types.begin(), unit_types.end(), type) == unit_types.end()) unit_types.push_back(type);
      n->unit_types.push_back(std::move(type));
    } while (eat(","));
    if (!eat(")")) return error("',' hoặc ')'", "',' or ')'");
    return NodePtr(n);
  }

  std::string_view s_;
  std::string_view field_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

using Value = std::optional<double>;

struct Resolvers {
  const ExpressionResolver& values;
  const UnitCounter& units;
};

Value eval(const Node& n, const Resolvers& r, int back);

Value eval_binary(const Node& n, const Resolvers& r, int back) {
  const std::string& op = n.op;
  Value a = eval(*n.args[0], r, back);
  Value b = eval(*n.args[1], r, back);
  if (!a || !b) return std::nullopt;
  if (op == "&&") return *a != 0 && *b != 0 ? 1.0 : 0.0;
  if (op == "||") return *a != 0 || *b != 0 ? 1.0 : 0.0;
  if (op == "+") return *a + *b;
  if (op == "-") return *a - *b;
  if (op == "*") return *a * *b;
  if (op == "/") return *b == 0 ? Value() : Value(*a / *b);
  if (op == "%") return *b == 0 ? Value() : Value(std::fmod(*a, *b));
  constexpr double kEps = 1e-9;
  if (op == "==") return std::fabs(*a - *b) <= kEps ? 1.0 : 0.0;
  if (op == "!=") return std::fabs(*a - *b) > kEps ? 1.0 : 0.0;
  if (op == "<") return *a < *b - kEps ? 1.0 : 0.0;
  if (op == "<=") return *a <= *b + kEps ? 1.0 : 0.0;
  if (op == ">") return *a > *b + kEps ? 1.0 : 0.0;
  if (op == ">=") return *a >= *b - kEps ? 1.0 : 0.0;
  return std::nullopt;
}

Value eval_call(const Node& n, const Resolvers& r, int back) {
  const std::string& f = n.op;
  if (f == "previous") return back < 0 ? std::nullopt : eval(*n.args[0], r, back + 1);
  if (f == "halfYear") return back != 0 ? std::nullopt : eval(*n.args[1], r, -static_cast<int>(n.args[0]->number));
  if (f == "isNull") return eval(*n.args[0], r, back) ? 0.0 : 1.0;
  if (f == "isNotNull") return eval(*n.args[0], r, back) ? 1.0 : 0.0;
  if (f == "if") {
    Value c = eval(*n.args[0], r, back);
    if (!c) return std::nullopt;
    return eval(*n.args[*c != 0 ? 1 : 2], r, back);
  }
  if (f == "firstNonNull") {
    for (const auto& a : n.args) {
      if (Value v = eval(*a, r, back)) return v;
    }
    return std::nullopt;
  }
  if (f == "greatest" || f == "least") {
    Value best;
    for (const auto& a : n.args) {
      Value v = eval(*a, r, back);
      if (!v) continue;
      if (!best || (f == "greatest" ? *v > *best : *v < *best)) best = v;
    }
    return best;
  }
  if (f == "abs") {
    Value v = eval(*n.args[0], r, back);
    return v ? Value(std::fabs(*v)) : Value();
  }
  if (f == "round") {
    Value v = eval(*n.args[0], r, back);
    if (!v) return std::nullopt;
    double places = 0;
    if (n.args.size() > 1) {
      Value p = eval(*n.args[1], r, back);
      if (!p) return std::nullopt;
      places = *p;
    }
    const double scale = std::pow(10.0, places);
    return std::round(*v * scale) / scale;
  }
  return std::nullopt;
}

Value eval(const Node& n, const Resolvers& r, int back) {
  const ExpressionResolver& resolve = r.values;
  switch (n.kind) {
    case Node::Kind::Number:
      return n.number;
    case Node::Kind::UnitCount:
      return r.units ? r.units(n.unit_types, back) : Value();
    case Node::Kind::Ref:
      return resolve(n.ref, back);
    case Node::Kind::Unary: {
      Value v = eval(*n.args[0], r, back);
      if (!v) return std::nullopt;
      return n.op == "-" ? -*v : (*v == 0 ? 1.0 : 0.0);
    }
    case Node::Kind::Binary:
      return eval_binary(n, r, back);
    case Node::Kind::Call:
      return eval_call(n, r, back);
  }
  return std::nullopt;
}

}  // namespace

Result<Expression> Expression::parse(std::string_view text, std::string_view field) {
  if (text.size() > 4000) {
    return fail(ErrorCode::InvalidValue, "công thức dài quá 4000 ký tự", "the formula is longer than 4000 characters",
                std::string(field));
  }
  Parser p(text, field);
  auto root = p.parse_all();
  if (!root) return Unexpected{std::move(root).error()};
  Expression e;
  e.root_ = std::move(*root);
  e.refs_ = std::move(p.refs);
  e.text_ = std::string(text);
  e.uses_previous_ = p.uses_previous;
  e.uses_half_years_ = p.uses_half_years;
  e.unit_types_ = std::move(p.unit_types);
  return e;
}

std::optional<double> Expression::evaluate(const ExpressionResolver& resolve) const {
  static const UnitCounter kNone;
  return evaluate(resolve, kNone);
}

std::optional<double> Expression::evaluate(const ExpressionResolver& resolve, const UnitCounter& count_units) const {
  if (!root_) return std::nullopt;
  return eval(*root_, Resolvers{resolve, count_units}, 0);
}

}  // namespace tienbo::core
