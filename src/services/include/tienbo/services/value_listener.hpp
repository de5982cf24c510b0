#pragma once
// How services that write data values tell the analytics cube, after the
// transaction committed, what changed (the cube never reads the database).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

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
  //! Names this process in the notifications it sends, so it can skip its own.
  [[nodiscard]] virtual std::string origin() const = 0;
};

//! The PostgreSQL channel on which committed changes travel between instances.
inline constexpr std::string_view kValuesChannel = "tienbo_values";

//! "origin|element,option,unit,period,value;..." (an empty value = removed); changes
//! too many for one NOTIFY (8,000 bytes) become "origin|rebuild".
std::string encode_value_changes(std::string_view origin, std::span<const ValueChange> changes);
struct DecodedChanges {
  std::string origin;
  bool rebuild = false;
  std::vector<ValueChange> changes;
};
//! nullopt for a payload that is not ours.
std::optional<DecodedChanges> decode_value_changes(std::string_view payload);

}  // namespace tienbo::services
