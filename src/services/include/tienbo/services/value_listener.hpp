#pragma once
// How services that write data values tell the analytics cube, after the
// transaction committed, what changed (the cube never reads the database).

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace tienbo::services {

//! One committed change of a numeric value (nullopt = removed).
struct ValueChange {
  std::int64_t element_id = 0;
  std::int64_t option_id = 0;
  std::int64_t unit_id = 0;
  std::string period;
  std::optional<double> value;
};

//! Told about numeric values after their transaction committed.
class ValueListener {
 public:
  virtual ~ValueListener() = default;
  virtual void values_committed(std::span<const ValueChange> changes) = 0;
};

}  // namespace tienbo::services
