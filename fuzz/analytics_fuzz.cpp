// The analytics query (GET /api/v1/analytics?dx=…&ou=…&pe=…): the lists of
// indicators and data elements, units (CODE, CODE:children, CODE:level=N) and
// periods (codes and THIS_YEAR, LAST_5_YEARS, …), with asOf and format=csv,
// answered from the served snapshot. Input: the query string.

#include "fuzz_check.hpp"
#include "fuzz_env.hpp"

using namespace tienbo;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  auto& env = fuzz::ApiEnv::instance();
  env.next_input();
  const std::string_view qs = fuzz::as_text(data, size);
  if (qs.find_first_of("\r\n") != std::string_view::npos) return 0;
  http::Request req;
  req.method = "GET";
  req.target = "/api/v1/analytics?" + std::string(qs);
  const http::Response res = env.handle(std::move(req));
  FUZZ_CHECK(res.status >= 200 && res.status < 500, res.body.c_str());
  return 0;
}
