#include "tienbo/services/change_feed.hpp"

#include <cstdio>
#include <random>

namespace tienbo::services {

namespace {

struct Name {
  unsigned bit;
  std::string_view name;
};
constexpr Name kNames[] = {{change::kUnits, "units"},       {change::kLineage, "lineage"},
                           {change::kMetadata, "metadata"}, {change::kTargets, "targets"},
                           {change::kValues, "values"},     {change::kAccounts, "accounts"}};

std::string make_origin() {
  std::random_device rd;
  char buf[24];
  std::snprintf(buf, sizeof buf, "%08x%08x", rd(), rd());
  return buf;
}

// Calls f(item) for each comma-separated item of `list`.
template <typename F>
void for_each_item(std::string_view list, F&& f) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    f(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
}

}  // namespace

std::string describe_changes(unsigned what) {
  std::string out;
  for (const auto& n : kNames) {
    if ((what & n.bit) == 0) continue;
    if (!out.empty()) out += ',';
    out += n.name;
  }
  return out;
}

std::string encode_changes(std::string_view origin, const Changes& changes) {
  std::string out = std::string(origin) + "|" + describe_changes(changes.what);
  if ((changes.what & change::kUnits) != 0 && !changes.units.empty() && changes.units.size() <= kMaxNamedUnits) {
    out += '|';
    for (std::size_t i = 0; i < changes.units.size(); ++i) out += (i ? "," : "") + std::to_string(changes.units[i]);
  }
  return out;
}

std::optional<DecodedChangeSet> decode_changes(std::string_view payload) {
  const auto bar = payload.find('|');
  if (bar == std::string_view::npos || bar == 0) return std::nullopt;
  DecodedChangeSet d;
  d.origin = std::string(payload.substr(0, bar));
  std::string_view rest = payload.substr(bar + 1);
  const auto ids_at = rest.find('|');
  const std::string_view names = rest.substr(0, ids_at);
  for_each_item(names, [&](std::string_view item) {
    bool known = false;
    for (const auto& n : kNames) {
      if (n.name == item) {
        d.changes.what |= n.bit;
        known = true;
      }
    }
    if (!known) d.changes.what |= change::kEverything;  // a newer instance's change we cannot name: refresh all
  });
  if (ids_at != std::string_view::npos) {
    bool bad = false;
    for_each_item(rest.substr(ids_at + 1), [&](std::string_view item) {
      std::int64_t id = 0;
      if (item.empty()) bad = true;
      for (char c : item) {
        if (c < '0' || c > '9')
          bad = true;
        else
          id = id * 10 + (c - '0');
      }
      d.changes.units.push_back(id);
    });
    if (bad) d.changes.units.clear();  // cannot tell which: any unit
  }
  return d;
}

ChangeFeed::ChangeFeed() : origin_(make_origin()) {}

core::Result<void> ChangeFeed::announce(store::Tx& tx, const Changes& changes) const {
  if (changes.what == 0) return {};
  return tx.notify(kChangesChannel, encode_changes(origin_, changes));
}

void ChangeFeed::publish(const Changes& changes) const {
  if (changes.what == 0) return;
  if (changes.units.size() > kMaxNamedUnits) {
    publish(Changes(changes.what));  // as the other instances hear it: any unit
    return;
  }
  for (auto* s : subscribers_) s->changes_committed(changes);
}

void ChangeFeed::apply_notification(std::string_view payload) const {
  auto decoded = decode_changes(payload);
  if (!decoded || decoded->origin == origin_) return;
  publish(decoded->changes);
}

core::Result<void> commit_and_publish(store::Tx& tx, const ChangeFeed* feed, const Changes& changes) {
  if (feed != nullptr) TIENBO_TRY(feed->announce(tx, changes));
  TIENBO_TRY(tx.commit());
  if (feed != nullptr) feed->publish(changes);
  return {};
}

}  // namespace tienbo::services
