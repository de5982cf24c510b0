#pragma once
// The client's address behind a reverse proxy (issue #12 item 8). Sign-in throttling and the
// audit log key on the client's address; behind nginx every TCP peer is nginx. With
// `--trusted-proxy CIDR[,CIDR]` the server takes the address from X-Forwarded-For, but only
// when the TCP peer is in a trusted range, and then the rightmost hop that is not itself
// trusted (the one a trusted proxy saw connect): a client cannot choose its own address by
// sending the header, because hops left of the first untrusted one are never read.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tienbo/core/result.hpp"

namespace tienbo::http {

//! An IPv4 or IPv6 network. IPv4 is held as its IPv4-mapped IPv6 form (::ffff:a.b.c.d), so a
//! dual-stack listener's mapped peers match IPv4 ranges.
struct Cidr {
  std::array<std::uint8_t, 16> address{};
  unsigned prefix = 128;  //!< in bits of the 128-bit form (an IPv4 /24 is 96 + 24)
};

//! An address as 16 bytes (IPv4 mapped), or nullopt when `text` is not an IP address.
std::optional<std::array<std::uint8_t, 16>> parse_ip(std::string_view text);

//! "10.0.0.0/8,127.0.0.1,::1/128": comma-separated networks; a bare address is one host.
//! An empty text is an empty list. Fails (InvalidConfig, field "trusted-proxy") naming the bad item.
core::Result<std::vector<Cidr>> parse_cidr_list(std::string_view text);

//! Whether `address` (an IP address's text) lies in one of `networks`.
bool in_networks(std::string_view address, const std::vector<Cidr>& networks);

//! The client's address: `peer` unless it is trusted, else the rightmost untrusted hop of
//! `forwarded_for` (every X-Forwarded-For value joined by commas, in order). When every hop is
//! trusted, the leftmost; when a hop is not an IP address, the trusted hop to its right (so a
//! malformed header never yields a chosen string). IPv4-mapped IPv6 answers are given as IPv4.
std::string client_address(std::string_view peer, std::string_view forwarded_for, const std::vector<Cidr>& trusted);

}  // namespace tienbo::http
