#pragma once
// Result<T>: a value or an Error. The API follows C++23 std::expected
// (has_value, value, error, operator*, operator->, and_then), so moving to
// std::expected later is a rename.

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include "tienbo/core/error.hpp"

namespace tienbo::core {

//! Wraps an Error so that Result<T> can be built from it unambiguously.
struct Unexpected {
  Error error;
};
inline Unexpected fail(Error e) { return Unexpected{std::move(e)}; }
inline Unexpected fail(ErrorCode code, std::string vi, std::string en, std::string field = {}) {
  return Unexpected{make_error(code, std::move(vi), std::move(en), std::move(field))};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::in_place_index<0>, std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Unexpected u) : data_(std::in_place_index<1>, std::move(u.error)) {}  // NOLINT
  Result(Error e) : data_(std::in_place_index<1>, std::move(e)) {}             // NOLINT

  [[nodiscard]] bool has_value() const noexcept { return data_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & {
    assert(has_value());
    return std::get<0>(data_);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<0>(data_);
  }
  T&& value() && {
    assert(has_value());
    return std::get<0>(std::move(data_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  Error& error() & {
    assert(!has_value());
    return std::get<1>(data_);
  }
  const Error& error() const& {
    assert(!has_value());
    return std::get<1>(data_);
  }
  Error&& error() && {
    assert(!has_value());
    return std::get<1>(std::move(data_));
  }

  template <typename F>
  auto and_then(F&& f) && -> std::invoke_result_t<F, T&&> {
    if (!has_value()) return Unexpected{std::move(*this).error()};
    return std::forward<F>(f)(std::move(*this).value());
  }

 private:
  std::variant<T, Error> data_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Unexpected u) : error_(std::move(u.error)), ok_(false) {}  // NOLINT
  Result(Error e) : error_(std::move(e)), ok_(false) {}             // NOLINT

  [[nodiscard]] bool has_value() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }
  void value() const { assert(ok_); }
  const Error& error() const& {
    assert(!ok_);
    return error_;
  }
  Error&& error() && {
    assert(!ok_);
    return std::move(error_);
  }

 private:
  Error error_;
  bool ok_ = true;
};

//! Returns early from a function returning Result<U> when `expr` failed.
#define TIENBO_TRY(expr)                                                                               \
  do {                                                                                                 \
    auto tienbo_try_result_ = (expr);                                                                  \
    if (!tienbo_try_result_) return ::tienbo::core::Unexpected{std::move(tienbo_try_result_).error()}; \
  } while (false)

}  // namespace tienbo::core
