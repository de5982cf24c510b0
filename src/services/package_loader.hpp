#pragma once
// How a metadata package gets into the database (MetadataService::load_package): the parsed
// package checked as a whole (package_check.cpp), then what it adds or changes written in the
// caller's transaction (package_loader.cpp). Not a public header.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tienbo/core/result.hpp"
#include "tienbo/io/metadata_package.hpp"
#include "tienbo/services/metadata_service.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services::package_detail {

//! InvalidValue "gói dữ liệu lỗi: …" / "package error: …" on the field "package".
core::Unexpected package_error(const std::string& vi, const std::string& en);
//! Whether `op` is an operator a target may have: ge, gt, le, lt, eq or about.

//! One option combination: its code and its Vietnamese and English names.
using OptionCombo = std::pair<std::string, std::pair<std::string, std::string>>;
//! The option combinations of a combo: the cartesian product of its categories' options
//! ("TONG", Tổng/Total, for a combo without categories).
std::vector<OptionCombo> option_combos(const io::PackageCombo& combo,
                                       const std::map<std::string, const io::PackageCategory*>& categories);

//! The package as a whole: codes unique, every reference resolved, every enumeration known,
//! every expression parsed and numeric where it must be.
core::Result<void> check_package(const io::MetadataPackage& pkg);

//! Writes a checked package: categories and combos are added (an existing combo keeps its
//! options); elements, rules, forms, indicator groups, indicators and their national targets
//! are inserted or updated by code; a form whose sections changed gets a new version from the
//! package's fromPeriod; deadlines the standing agency set are kept. Refuses a change of an
//! element's value type or disaggregation and of a form's period type. Counts what it did.
core::Result<PackageLoadReport> write_package(store::MetadataRepository& md, const io::MetadataPackage& pkg);

}  // namespace tienbo::services::package_detail
