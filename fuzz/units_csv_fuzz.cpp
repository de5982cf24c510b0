// The units CSV import (tienbo units import, UnitService::import_csv):
// code,name_vi,name_en,unit_type,category,parent_code,valid_from,valid_to,hierarchy,location_code.
// All rows or none; a refusal lists the bad rows. Runs on the fuzz database.

#include "fuzz_check.hpp"
#include "fuzz_env.hpp"

using namespace tienbo;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  auto& env = fuzz::ApiEnv::instance();
  env.next_input();
  auto r = env.services().units.import_csv(env.admin().actor(), fuzz::as_text(data, size), {});
  if (!r) FUZZ_CHECK(r.error().code != core::ErrorCode::Internal, r.error().message_en.c_str());
  return 0;
}
