// The package loader: the JSON files of a metadata package (categories,
// data elements, forms, validation rules, indicators) read by
// io::parse_metadata_package and loaded by MetadataService::load_package_files,
// which parses every formula and checks every code before anything is stored,
// and upgrades the package already in the fuzz database. Also the stored
// content of a submission (io::parse_string_groups).
// Input: files, each starting with a line "=== NAME" (e.g. "=== forms.json").

#include <map>

#include "fuzz_check.hpp"
#include "fuzz_env.hpp"
#include "tienbo/io/metadata_package.hpp"

using namespace tienbo;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::string_view text = fuzz::as_text(data, size);
  std::map<std::string, std::string_view> files;
  constexpr std::string_view kMarker = "=== ";
  while (text.starts_with(kMarker)) {
    const auto nl = text.find('\n');
    if (nl == std::string_view::npos) break;
    const std::string name(text.substr(kMarker.size(), nl - kMarker.size()));
    text.remove_prefix(nl + 1);
    auto next = text.find("\n=== ");
    files[name] = text.substr(0, next);
    text = next == std::string_view::npos ? std::string_view{} : text.substr(next + 1);
  }
  for (const auto& [name, content] : files) (void)io::parse_string_groups(content);
  auto pkg = io::parse_metadata_package(files);
  if (!pkg) return 0;
  auto& env = fuzz::ApiEnv::instance();
  env.next_input();
  auto r = env.services().metadata.load_package_files("fuzz", files, env.admin().actor());
  if (!r) FUZZ_CHECK(r.error().code != core::ErrorCode::Internal, r.error().message_en.c_str());
  return 0;
}
