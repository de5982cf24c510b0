// The HTTP request path as the server runs it once Beast has parsed a request:
// percent-decoding of the path and query string (http::split_target), the
// router's pattern matching, the handlers' JSON body readers and every service
// command behind them, on SQLite with the package and the demo units loaded,
// signed in as a national administrator (so the commands get past
// authorization). Input: "METHOD TARGET", header lines, an empty line, the body
// (fuzz/support/fuzz_env.hpp); what Beast's parser would refuse is skipped. A
// crash, a sanitizer report, an exception escaping a handler or a 5xx answer
// is a finding.

#include "fuzz_check.hpp"
#include "fuzz_env.hpp"

using namespace tienbo;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  auto& env = fuzz::ApiEnv::instance();
  env.next_input();
  http::Request req = fuzz::request_from_text(fuzz::as_text(data, size));
  if (!fuzz::parsable_by_beast(req)) return 0;
  const http::Response res = env.handle(std::move(req));
  FUZZ_CHECK(res.status >= 200 && res.status < 500, res.body.c_str());
  return 0;
}
