#!/usr/bin/env bash
# The crash harness, run longer than the test suite runs it: `tienbo serve` is killed with SIGKILL
# at random moments while clients save values and move their reports through the workflow; after
# every kill `tienbo audit verify` must pass and every acknowledged write must be there
# (tests/crash/crash_test.cpp says exactly what is checked). SQLite, then PostgreSQL (a throwaway
# cluster from scripts/with_postgres.sh).
#
#   bash bench/crash.sh [KILLS] [CLIENTS]     (default 100 kills per backend, 8 clients)
#
# Environment: TIENBO_CRASH_SEED (repeat a run), TIENBO_CRASH_MIN_MS / TIENBO_CRASH_MAX_MS (how long
# the clients write before a kill; default 200 / 1200), BACKENDS="Sqlite Postgres".
# It uses the debug build the tests use (build-debug/, ASan + UBSan), building it if needed.
# Prints one summary line per backend for docs/RELIABILITY.md ("Crash harness").
set -euo pipefail
cd "$(dirname "$0")/.."
export TIENBO_CRASH_KILLS="${1:-100}"
export TIENBO_CRASH_CLIENTS="${2:-8}"
BACKENDS="${BACKENDS:-Sqlite Postgres}"

bash scripts/build.sh debug >/dev/null
summary="$(mktemp /tmp/tienbo-crash.XXXXXX)"
trap 'rm -f "$summary"' EXIT
export TIENBO_CRASH_SUMMARY="$summary"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
rc=0
for backend in $BACKENDS; do
  echo "== $backend: $TIENBO_CRASH_KILLS kills, $TIENBO_CRASH_CLIENTS clients"
  filter="Backends/CrashTest.*/$backend"
  if [[ $backend == Postgres ]]; then
    bash scripts/with_postgres.sh ./build-debug/tests/crash_tests --gtest_filter="$filter" || rc=1
  else
    ./build-debug/tests/crash_tests --gtest_filter="$filter" || rc=1
  fi
done
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo)," \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$summary"
exit $rc
