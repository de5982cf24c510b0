#pragma once
// What UnitService's files share (unit_service.cpp: reads and edits; unit_import.cpp: the
// bundled administrative units and CSV imports). Not a public header.

#include "tienbo/core/result.hpp"
#include "tienbo/services/unit_service.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services::unit_detail {

//! Reads, validates and normalises a unit command into `rec` (the parent resolved as of its
//! valid_from); `creating` also checks and sets the code and the type. Refuses a code whose
//! validity would overlap another unit's with the same code (Conflict).
core::Result<void> check_command(store::Tx& tx, const UnitCommand& cmd, store::UnitRecord& rec, bool creating);

}  // namespace tienbo::services::unit_detail
