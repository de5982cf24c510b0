#pragma once
// The metadata repository's readers of wide rows (forms, data elements, indicators and their
// targets), each finding its columns by name once per result.

#include <vector>

#include "sql_common.hpp"

namespace tienbo::store::sql {

//! Rows of id, code, name_vi, name_en, period_type, expected_periods.
std::vector<FormRecord> read_forms(const db::Rows& r);
//! Rows of the data_element columns; a value type outside core::ValueType is an error naming it.
Result<std::vector<DataElementRecord>> read_data_elements(const db::Rows& r);
//! Rows of the indicator columns.
std::vector<IndicatorRecord> read_indicators(const db::Rows& r);
//! Rows of the indicator_target columns; an operator outside core::TargetOperator is an error naming it.
Result<std::vector<IndicatorTargetRecord>> read_indicator_targets(const db::Rows& r);

}  // namespace tienbo::store::sql
