#pragma once
// How committed changes of units, lineage, metadata and targets reach every cache built
// from them — in this process and in every other `tienbo serve` on the same PostgreSQL.
//
// A service that changes them commits through commit_and_publish(): inside the
// transaction it announces the change (a NOTIFY on kChangesChannel, which PostgreSQL
// delivers only if the transaction commits), and after the commit it publishes it to this
// process's subscribers. The LISTEN thread hands the other instances' notifications to
// ChangeFeed::apply_notification, which publishes them to the same subscribers: a change
// is applied by the same code wherever it was made. Subscribers (the metadata caches, the
// analytics snapshot) must return quickly: they invalidate, or schedule work on their own
// thread. Changes of data values travel on their own channel (value_listener.hpp).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tienbo/core/result.hpp"
#include "tienbo/store/store.hpp"

namespace tienbo::services {

//! What changed: a set of these bits.
namespace change {
inline constexpr unsigned kUnits = 1U << 0;     //!< units added, moved, renamed, their validity changed
inline constexpr unsigned kLineage = 1U << 1;   //!< lineage edges
inline constexpr unsigned kMetadata = 1U << 2;  //!< data elements, forms, rules, indicators
inline constexpr unsigned kTargets = 1U << 3;   //!< indicator targets
inline constexpr unsigned kValues = 1U << 4;    //!< data values in bulk (re-read them all)
inline constexpr unsigned kAccounts = 1U << 5;  //!< users, their grants, passwords or sessions (signed-in caches)
inline constexpr unsigned kEverything = kUnits | kLineage | kMetadata | kTargets | kValues | kAccounts;
}  // namespace change

//! What committed: change:: bits and, for units, which ones when they are few and known.
struct Changes {
  unsigned what = 0;
  std::vector<std::int64_t> units;  //!< with kUnits: the units changed (empty: any unit may have changed)
  Changes() = default;
  Changes(unsigned w) : what(w) {}  // NOLINT(google-explicit-constructor): a bare set of bits is a Changes
  Changes(unsigned w, std::vector<std::int64_t> ids) : what(w), units(std::move(ids)) {}
};

//! The most unit ids one notification names; more become "any unit".
inline constexpr std::size_t kMaxNamedUnits = 200;

//! The PostgreSQL channel on which these changes travel between instances.
inline constexpr std::string_view kChangesChannel = "tienbo_changes";

//! "origin|units,lineage,metadata,targets,values[|id,id,...]": the names of the bits set, then
//! the units changed when they are named.
std::string encode_changes(std::string_view origin, const Changes& changes);
struct DecodedChangeSet {
  std::string origin;
  Changes changes;
};
//! nullopt for a payload that is not ours; a name it does not know means "everything".
std::optional<DecodedChangeSet> decode_changes(std::string_view payload);
//! "units,targets" — for logs and status.
std::string describe_changes(unsigned what);

//! Told about committed changes, here or on another instance. Must not block for long.
class ChangeSubscriber {
 public:
  virtual ~ChangeSubscriber() = default;
  virtual void changes_committed(const Changes& changes) = 0;
};

class ChangeFeed {
 public:
  ChangeFeed();
  //! Adds a subscriber; call while composing the program, before any change is published.
  void subscribe(ChangeSubscriber& subscriber) { subscribers_.push_back(&subscriber); }
  //! Inside the writing transaction, before it commits: tells the other instances (PostgreSQL NOTIFY).
  core::Result<void> announce(store::Tx& tx, const Changes& changes) const;
  //! After the commit: every subscriber in this process.
  void publish(const Changes& changes) const;
  //! A payload heard on kChangesChannel: another instance's changes are published here; our own
  //! were published when they committed and are skipped.
  void apply_notification(std::string_view payload) const;
  [[nodiscard]] const std::string& origin() const { return origin_; }

 private:
  std::string origin_;
  std::vector<ChangeSubscriber*> subscribers_;
};

//! Commits `tx`, announcing `what` inside it and publishing it after (nothing when `feed` is null).
core::Result<void> commit_and_publish(store::Tx& tx, const ChangeFeed* feed, const Changes& changes);

}  // namespace tienbo::services
