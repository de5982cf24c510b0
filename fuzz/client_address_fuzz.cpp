// The client's address behind a reverse proxy (http/client_address.hpp): the `--trusted-proxy`
// list (from the command line or /etc/tienbo/tienbo.conf), the TCP peer and the X-Forwarded-For
// chain a client may write. The input is three lines: the CIDR list, the peer, the header (the
// rest). Properties: a refused list names its field; the answer is the peer itself unless the
// peer is trusted; otherwise it is the peer or a hop of the chain, and every hop to its right is
// a trusted address (a client cannot choose its address by writing hops in front); the answer's
// text is canonical (it gives itself back); an address's text holds nothing but the address.

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "tienbo/http/client_address.hpp"

using namespace tienbo;

namespace {

std::string_view next_line(std::string_view& rest) {
  const auto nl = rest.find('\n');
  const std::string_view line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  return line;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

//! The hops of the header, left to right, without empty ones.
std::vector<std::string_view> hops_of(std::string_view header) {
  std::vector<std::string_view> out;
  while (true) {
    const auto comma = header.find(',');
    const std::string_view hop = trim(header.substr(0, comma));
    if (!hop.empty()) out.push_back(hop);
    if (comma == std::string_view::npos) break;
    header = header.substr(comma + 1);
  }
  return out;
}

const std::vector<http::Cidr>& everything() {
  static const std::vector<http::Cidr> all = *http::parse_cidr_list("::/0");
  return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::string_view rest = fuzz::as_text(data, size);
  const std::string_view list = next_line(rest);
  const std::string_view peer = next_line(rest);
  const std::string_view forwarded = rest;

  // Any address: its canonical text (through a proxy that trusts every address) reads back as
  // the same 16 bytes and is its own canonical text.
  for (std::string_view text : {peer, list, forwarded}) {
    const auto ip = http::parse_ip(text);
    if (!ip) continue;
    FUZZ_CHECK(std::all_of(text.begin(), text.end(),
                           [](char c) {
                             return std::isxdigit(static_cast<unsigned char>(c)) || c == '.' || c == ':' || c == '[' ||
                                    c == ']';
                           }),
               "an address is written with hex digits, dots, colons and brackets only");
    const std::string canonical = http::client_address(text, "", everything());
    FUZZ_CHECK(http::parse_ip(canonical) == ip, "an address's canonical text is the same address");
    FUZZ_CHECK(http::client_address(canonical, "", everything()) == canonical, "canonical text is a fixed point");
    FUZZ_CHECK(http::in_networks(text, everything()), "::/0 holds every address");
  }

  auto trusted = http::parse_cidr_list(list);
  if (!trusted) {
    FUZZ_CHECK(trusted.error().field == "trusted-proxy", "a refused list names its option");
    FUZZ_CHECK(!trusted.error().message_vi.empty() && !trusted.error().message_en.empty(), "a refused list says why");
    return 0;
  }
  for (const auto& net : *trusted) {
    FUZZ_CHECK(net.prefix <= 128, "a prefix fits 128 bits");
  }

  const std::string client = http::client_address(peer, forwarded, *trusted);
  const bool peer_trusted = http::in_networks(peer, *trusted);
  FUZZ_CHECK(!peer_trusted || http::parse_ip(peer), "only an address can be trusted");
  if (!peer_trusted) {
    FUZZ_CHECK(client == peer, "an untrusted peer is the client, whatever it writes");
    return 0;
  }
  const auto answer = http::parse_ip(client);
  FUZZ_CHECK(answer.has_value(), "behind a trusted proxy the client is an address");
  FUZZ_CHECK(http::client_address(client, "", *trusted) == client, "the answer is canonical");
  // The answer is the peer, or a hop with only trusted addresses to its right.
  bool explained = answer == http::parse_ip(peer);
  const auto hops = hops_of(forwarded);
  for (std::size_t j = hops.size(); j-- > 0 && !explained;) {
    if (http::parse_ip(hops[j]) == answer) explained = true;
    if (!http::in_networks(hops[j], *trusted)) break;  // nothing left of an untrusted hop is read
  }
  FUZZ_CHECK(explained, "the client is the peer or a hop reached through trusted hops only");
  return 0;
}
