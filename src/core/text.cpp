#include "tienbo/core/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <unordered_map>
#include <vector>

namespace tienbo::core {
namespace {

struct Composition {
  char32_t base;
  std::array<char32_t, 2> marks;
  char32_t composed;
};

constexpr Composition kTable[] = {
#include "vietnamese_nfc_table.inc"
};

std::uint64_t key(char32_t base, char32_t m1, char32_t m2) {
  return (static_cast<std::uint64_t>(base) << 32) | (static_cast<std::uint64_t>(m1 & 0xFFFF) << 16) | (m2 & 0xFFFF);
}

struct Tables {
  std::unordered_map<std::uint64_t, char32_t> compose;
  std::unordered_map<char32_t, Composition> decompose;
  Tables() {
    for (const auto& c : kTable) {
      compose.emplace(key(c.base, c.marks[0], c.marks[1]), c.composed);
      decompose.emplace(c.composed, c);
    }
  }
};

const Tables& tables() {
  static const Tables t;
  return t;
}

// Canonical combining classes of the marks Vietnamese uses; others count as 230.
int combining_class(char32_t m) {
  switch (m) {
    case 0x031B:
      return 216;  // horn
    case 0x0323:   // dot below
    case 0x0324:
    case 0x0325:
    case 0x0326:
    case 0x0327:
    case 0x0328:
    case 0x032D:
    case 0x032E:
    case 0x0330:
    case 0x0331:
      return 220;
    default:
      return 230;
  }
}

bool is_mark(char32_t c) { return c >= 0x0300 && c <= 0x036F; }

std::vector<char32_t> decode(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    char32_t cp;
    std::size_t len;
    if (c < 0x80) {
      cp = c;
      len = 1;
    } else if ((c >> 5) == 0x6) {
      cp = c & 0x1F;
      len = 2;
    } else if ((c >> 4) == 0xE) {
      cp = c & 0x0F;
      len = 3;
    } else {
      cp = c & 0x07;
      len = 4;
    }
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

void encode(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  std::size_t len;
  char32_t cp;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07;
  } else
    return 0;
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
    return 0;
  return len;
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = utf8_sequence_length(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string to_valid_utf8(std::string_view s) {
  if (is_valid_utf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = utf8_sequence_length(s, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string_view truncate_utf8(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t end = max_bytes;
  // Step back over continuation bytes to the start of the character that would be cut.
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

std::string to_nfc_vietnamese(std::string_view s) {
  // Fast path: no combining mark (U+0300–U+036F is encoded as CC 80–CD AF).
  bool has_mark = false;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xCC || (c == 0xCD && static_cast<unsigned char>(s[i + 1]) <= 0xAF)) {
      has_mark = true;
      break;
    }
  }
  if (!has_mark) return std::string(s);

  const auto& t = tables();
  const std::vector<char32_t> cps = decode(s);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < cps.size();) {
    char32_t base = cps[i];
    std::size_t j = i + 1;
    if (j >= cps.size() || !is_mark(cps[j]) || is_mark(base)) {
      encode(base, out);
      ++i;
      continue;
    }
    std::vector<char32_t> marks;
    // A precomposed base ("ă" + dot below) is first taken apart.
    if (auto d = t.decompose.find(base); d != t.decompose.end()) {
      base = d->second.base;
      for (char32_t m : d->second.marks) {
        if (m != 0) marks.push_back(m);
      }
    }
    while (j < cps.size() && is_mark(cps[j])) marks.push_back(cps[j++]);
    std::stable_sort(marks.begin(), marks.end(),
                     [](char32_t a, char32_t b) { return combining_class(a) < combining_class(b); });
    // Compose as many leading marks as the table knows; keep the rest.
    char32_t composed = base;
    std::size_t used = 0;
    if (marks.size() >= 2) {
      if (auto it = t.compose.find(key(base, marks[0], marks[1])); it != t.compose.end()) {
        composed = it->second;
        used = 2;
      }
    }
    if (used == 0) {
      if (auto it = t.compose.find(key(base, marks[0], 0)); it != t.compose.end()) {
        composed = it->second;
        used = 1;
      }
    }
    encode(composed, out);
    for (std::size_t k = used; k < marks.size(); ++k) encode(marks[k], out);
    i = j;
  }
  return out;
}

std::string fold_for_search(std::string_view s) {
  const auto& t = tables();
  const std::vector<char32_t> cps = decode(to_nfc_vietnamese(s));
  std::string out;
  out.reserve(s.size());
  bool space = true;
  auto put = [&](char c) {
    out += c;
    space = false;
  };
  for (char32_t cp : cps) {
    if (is_mark(cp)) continue;
    if (auto d = t.decompose.find(cp); d != t.decompose.end()) cp = d->second.base;
    if (cp == 0x0110 || cp == 0x0111) cp = 'd';  // Đ đ
    if (cp < 0x80) {
      const auto c = static_cast<unsigned char>(cp);
      if (std::isalnum(c)) {
        put(static_cast<char>(std::tolower(c)));
      } else if (!space) {
        out += ' ';
        space = true;
      }
    } else {
      // Other scripts are kept as they are (lower-casing them is not needed for Vietnamese).
      encode(cp, out);
      space = false;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

std::string format_number_vi(double value, int max_decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", max_decimals, value);
  std::string raw = buf;
  std::string sign;
  if (!raw.empty() && raw[0] == '-') {
    sign = "-";
    raw.erase(0, 1);
  }
  std::string int_part = raw.substr(0, raw.find('.'));
  std::string frac = raw.find('.') == std::string::npos ? "" : raw.substr(raw.find('.') + 1);
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  std::string grouped;
  for (std::size_t i = 0; i < int_part.size(); ++i) {
    if (i > 0 && (int_part.size() - i) % 3 == 0) grouped += '.';
    grouped += int_part[i];
  }
  if (grouped == "0" && frac.empty()) sign.clear();
  return sign + grouped + (frac.empty() ? "" : "," + frac);
}

}  // namespace tienbo::core
