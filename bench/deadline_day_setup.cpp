// Set-up for the deadline-day replay (bench/deadline_day.sh): picks the reporting units and creates
// their accounts in a database made by `tienbo init` + `tienbo demo generate --scale national`.
//
//   deadline_day_setup DB_URL UNITS PASSWORD OUT.tsv [THREADS]
//
// UNITS communes and member agencies that report FORM for PERIOD (below) are drawn with a fixed
// seed from every current one; each gets an editor account `dd.<code>` and each province that
// holds one of them an approver account `dd.duyet.<province>`. Accounts go through
// UserService::add_user, the path of `tienbo user add`: the same checks, the server's argon2id
// hashing with a fresh salt per account, the role grant and the audit entry. The hashing runs on
// THREADS threads (default: one per core) because one `tienbo user add` process per account would
// spend most of its time starting up. Writes one line per editor to OUT.tsv:
//   login  unit  unitType  province  approverLogin

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "tienbo/core/period.hpp"
#include "tienbo/db/database.hpp"
#include "tienbo/services/metadata_service.hpp"
#include "tienbo/services/user_service.hpp"
#include "tienbo/store/sql_store.hpp"

namespace {

using namespace tienbo;

constexpr const char* kForm = "BC_BDG_NAM";
constexpr const char* kPeriod = "2026";

[[noreturn]] void die(const std::string& what) {
  std::cerr << "deadline_day_setup: " << what << "\n";
  std::exit(1);
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

struct Account {
  services::AddUserCommand command;
  bool editor = true;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) die("usage: deadline_day_setup DB_URL UNITS PASSWORD OUT.tsv [THREADS]");
  const std::string url_text = argv[1];
  const auto wanted = static_cast<std::size_t>(std::stoul(argv[2]));
  const std::string password = argv[3];
  const std::string out_path = argv[4];
  const unsigned threads =
      argc > 5 ? static_cast<unsigned>(std::stoul(argv[5])) : std::max(1u, std::thread::hardware_concurrency());

  auto url = db::parse_database_url(url_text);
  if (!url) die(url.error().message_en);
  db::PoolOptions po;
  po.mode = db::OpenMode::MustExist;
  po.max_connections = threads + 1;
  auto database = db::open_database(*url, po);
  if (!database) die(database.error().message_en);
  auto store = store::make_sql_store(**database);
  services::MetadataService metadata(*store);
  auto period = core::Period::parse(kPeriod);
  if (!period) die("bad period");
  auto def = metadata.definition(kForm, *period);
  if (!def) die(def.error().message_en);

  // Every current commune and member agency that reports the form, by code; then a fixed-seed draw.
  std::vector<store::UnitRecord> all;
  {
    auto tx = store->begin(store::Access::Read);
    if (!tx) die(tx.error().message_en);
    auto units = (*tx)->units().all();
    if (!units) die(units.error().message_en);
    all = std::move(*units);
  }
  std::map<std::int64_t, const store::UnitRecord*> by_id;
  for (const auto& u : all) by_id[u.id] = &u;
  std::vector<const store::UnitRecord*> candidates;
  for (const auto& u : all) {
    if (u.valid_to != "9999-12-31" || (u.unit_type != core::UnitType::Commune && u.unit_type != core::UnitType::Agency))
      continue;
    if (!(*def)->reported_by(u.unit_type, u.hierarchy)) continue;
    candidates.push_back(&u);
  }
  std::sort(candidates.begin(), candidates.end(), [](auto* a, auto* b) { return a->code < b->code; });
  std::mt19937_64 rng(2026);
  std::shuffle(candidates.begin(), candidates.end(), rng);
  if (wanted > candidates.size()) {
    die("asked for " + std::to_string(wanted) + " units, the database has " + std::to_string(candidates.size()) +
        " current communes and agencies reporting " + kForm + " (run tienbo demo generate --scale national)");
  }
  const std::size_t candidate_count = candidates.size();
  candidates.resize(wanted);
  std::sort(candidates.begin(), candidates.end(), [](auto* a, auto* b) { return a->code < b->code; });

  const auto province_of = [&](const store::UnitRecord& u) -> std::string {
    const store::UnitRecord* cur = &u;
    while (cur && cur->unit_type != core::UnitType::Province) cur = cur->parent_id ? by_id[*cur->parent_id] : nullptr;
    return cur ? cur->code : "";
  };
  std::vector<Account> accounts;
  std::map<std::string, bool> provinces;
  std::ofstream out(out_path);
  if (!out) die("cannot write " + out_path);
  std::size_t communes = 0;
  for (const auto* u : candidates) {
    const std::string province = province_of(*u);
    if (province.empty()) die("unit " + u->code + " lies under no province");
    Account a;
    a.command.login = "dd." + lower(u->code);
    a.command.display_name = "Nhập liệu " + u->name_vi;
    a.command.role = "editor";
    a.command.unit_code = u->code;
    a.command.password = password;
    accounts.push_back(a);
    const std::string approver = "dd.duyet." + lower(province);
    if (!provinces[province]) {
      provinces[province] = true;
      Account b;
      b.command.login = approver;
      b.command.display_name = "Phê duyệt " + province;
      b.command.role = "approver";
      b.command.unit_code = province;
      b.command.password = password;
      b.editor = false;
      accounts.push_back(b);
    }
    communes += u->unit_type == core::UnitType::Commune;
    out << a.command.login << '\t' << u->code << '\t' << core::to_string(u->unit_type) << '\t' << province << '\t'
        << approver << '\n';
  }
  out.close();
  std::cout << "units: " << wanted << " (" << communes << " communes, " << wanted - communes << " agencies) of "
            << candidate_count << " candidates; provinces: " << provinces.size() << "; accounts: " << accounts.size()
            << " on " << threads << " thread(s)\n"
            << std::flush;

  services::UserService users(*store);
  const services::Actor actor{"bench:deadline_day", "setup"};
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::mutex error_mutex;
  std::string first_error;
  const auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (std::size_t i; (i = next++) < accounts.size();) {
        auto id = users.add_user(accounts[i].command, actor);
        if (!id && id.error().code != core::ErrorCode::Conflict) {  // Conflict: made by an earlier run
          std::lock_guard lock(error_mutex);
          if (first_error.empty()) first_error = accounts[i].command.login + ": " + id.error().message_en;
          next = accounts.size();
          return;
        }
        const auto n = ++done;
        if (n % 500 == 0 || n == accounts.size()) std::cerr << "  accounts: " << n << "/" << accounts.size() << "\n";
      }
    });
  }
  for (auto& t : pool) t.join();
  if (!first_error.empty()) die(first_error);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf(
      "accounts created in %.1f s (%.1f ms each on %u thread(s): argon2id m=19 MiB t=2 p=1 plus one transaction)\n",
      seconds, seconds * 1000 * threads / static_cast<double>(accounts.size()), threads);
  return 0;
}
