// An evidence upload (POST …/evidence): the X-File-Name header (percent-encoded
// UTF-8) and the file's bytes, whose type is read from the bytes. Input: the
// header value, a line feed, then the file. The upload through the services and
// the database is in http_fuzz (route …/evidence); this target runs the part
// that needs no database many times faster.

#include "fuzz_check.hpp"
#include "tienbo/core/text.hpp"
#include "tienbo/http/message.hpp"
#include "tienbo/io/file_types.hpp"
#include "tienbo/services/text_input.hpp"

using namespace tienbo;

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  const auto nl = text.find('\n');
  const std::string_view header = text.substr(0, nl);
  const std::string_view bytes = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
  // Beast refuses a header value with control characters (other than tab) before any handler runs.
  for (char c : header) {
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) return 0;
  }
  auto name = http::percent_decode(header, false);
  if (!name) return 0;
  FUZZ_CHECK(name->find('\0') == std::string::npos, "no NUL in a decoded name");
  auto clean = services::clean_text(*name, "fileName", 200, services::Required::Yes);
  if (!clean) return 0;
  FUZZ_CHECK(core::is_valid_utf8(*clean) && clean->size() <= 200 && !clean->empty(), "a clean file name");
  auto type = io::sniff_content_type(bytes, *clean);
  if (type && type->starts_with("text/")) FUZZ_CHECK(core::is_valid_utf8(bytes), "text evidence is UTF-8");
  return 0;
}
