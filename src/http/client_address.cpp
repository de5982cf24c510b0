#include "tienbo/http/client_address.hpp"

#include <arpa/inet.h>

#include <algorithm>

namespace tienbo::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_mapped_v4(const std::array<std::uint8_t, 16>& a) {
  return std::all_of(a.begin(), a.begin() + 10, [](std::uint8_t b) { return b == 0; }) && a[10] == 0xff &&
         a[11] == 0xff;
}

//! The canonical text of an address: IPv4 for a mapped one, else inet_ntop's IPv6.
std::string to_text(const std::array<std::uint8_t, 16>& a) {
  char buf[INET6_ADDRSTRLEN];
  if (is_mapped_v4(a)) return inet_ntop(AF_INET, a.data() + 12, buf, sizeof buf) ? buf : "";
  return inet_ntop(AF_INET6, a.data(), buf, sizeof buf) ? buf : "";
}

bool contains(const Cidr& net, const std::array<std::uint8_t, 16>& a) {
  unsigned bits = net.prefix;
  for (std::size_t i = 0; i < 16 && bits > 0; ++i) {
    const unsigned take = std::min(bits, 8u);
    const auto mask = static_cast<std::uint8_t>(0xFFu << (8 - take));
    if ((net.address[i] & mask) != (a[i] & mask)) return false;
    bits -= take;
  }
  return true;
}

bool trusted_address(const std::array<std::uint8_t, 16>& a, const std::vector<Cidr>& networks) {
  return std::any_of(networks.begin(), networks.end(), [&](const Cidr& n) { return contains(n, a); });
}

}  // namespace

std::optional<std::array<std::uint8_t, 16>> parse_ip(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  if (text.size() > 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  // inet_pton reads a C string: "127.0.0.1\0anything" would be 127.0.0.1 (found by client_address_fuzz).
  if (text.find('\0') != std::string_view::npos) return std::nullopt;
  const std::string s(text);
  std::array<std::uint8_t, 16> out{};
  if (inet_pton(AF_INET6, s.c_str(), out.data()) == 1) return out;
  std::uint8_t v4[4];
  if (inet_pton(AF_INET, s.c_str(), v4) == 1) {
    out = {};
    out[10] = out[11] = 0xff;
    std::copy(v4, v4 + 4, out.begin() + 12);
    return out;
  }
  return std::nullopt;
}

core::Result<std::vector<Cidr>> parse_cidr_list(std::string_view text) {
  std::vector<Cidr> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view item = trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (item.empty()) continue;
    const auto slash = item.find('/');
    const auto ip = parse_ip(item.substr(0, slash));
    bool ok = ip.has_value();
    Cidr net;
    if (ok) {
      net.address = *ip;
      const bool v4 = is_mapped_v4(*ip) && item.substr(0, slash).find(':') == std::string_view::npos;
      const unsigned width = v4 ? 32 : 128;
      unsigned prefix = width;
      if (slash != std::string_view::npos) {
        const std::string_view digits = item.substr(slash + 1);
        ok = !digits.empty() && digits.size() <= 3 &&
             std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (ok) prefix = static_cast<unsigned>(std::stoul(std::string(digits)));
        ok = ok && prefix <= width;
      }
      net.prefix = prefix + (128 - width);
    }
    if (!ok) {
      return core::fail(core::ErrorCode::InvalidConfig,
                        "--trusted-proxy: \"" + std::string(item) +
                            "\" không phải địa chỉ IP hay dải CIDR (ví dụ 127.0.0.1/32, 10.0.0.0/8, ::1)",
                        "--trusted-proxy: \"" + std::string(item) +
                            "\" is not an IP address or CIDR range (e.g. 127.0.0.1/32, 10.0.0.0/8, ::1)",
                        "trusted-proxy");
    }
    out.push_back(net);
  }
  return out;
}

bool in_networks(std::string_view address, const std::vector<Cidr>& networks) {
  const auto a = parse_ip(address);
  return a && trusted_address(*a, networks);
}

std::string client_address(std::string_view peer, std::string_view forwarded_for, const std::vector<Cidr>& trusted) {
  if (trusted.empty()) return std::string(peer);
  auto current = parse_ip(peer);
  if (!current || !trusted_address(*current, trusted)) return std::string(peer);
  // From the right: each hop was appended by the (trusted) hop to its right.
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    const auto comma = rest.rfind(',');
    const std::string_view hop = trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    if (hop.empty()) continue;
    const auto a = parse_ip(hop);
    if (!a) break;  // not an address: keep the trusted hop that passed it on
    current = a;
    if (!trusted_address(*a, trusted)) break;
  }
  return to_text(*current);
}

}  // namespace tienbo::http
