#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang-14 (-fsanitize=fuzzer,address,undefined)
# in build-fuzz/ and runs each for SECONDS on its committed seeds (fuzz/corpus/<name>/) and
# dictionary (fuzz/dict/<name>.dict). Fails when any target crashes, reports a sanitizer
# error, breaks a property (FUZZ_CHECK), times out on one input or runs out of memory; the
# input that did it is kept in build-fuzz/artifacts/<name>/ (replay: build-fuzz/fuzz/<name>_fuzz FILE).
# Prints the executions of each target. Warnings are not errors here: GCC 12 in build-debug/
# holds the code to -Werror, and clang-14 warns differently (-Wdouble-promotion on long double).
#
#   scripts/fuzz.sh [SECONDS] [NAME...]    SECONDS per target (default 20); NAMEs: period,
#                                          expression, value, text, csv, evidence,
#                                          client_address, http, analytics, units_csv,
#                                          package (default: all)
# Environment: JOBS (build parallelism, default nproc), FUZZ_CORPUS_DIR (keep the grown
# corpora there instead of a temporary directory), FUZZ_NICE (nice level, default 0).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
shift || true
jobs="${JOBS:-$(nproc)}"
nice_level="${FUZZ_NICE:-0}"
all=(period expression value text csv evidence client_address http analytics units_csv package)
names=("$@")
((${#names[@]})) || names=("${all[@]}")

export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
started=$(date +%s)
echo "== fuzz: build (clang-14, ASan + UBSan + libFuzzer) in build-fuzz/"
# -O1 with line tables: quicker to build than -O2 -g, fast enough to fuzz, symbolised stacks; no NDEBUG.
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" -DTIENBO_FUZZ=ON \
  -DTIENBO_BUILD_TESTS=OFF -DTIENBO_BUILD_BENCH=OFF -DTIENBO_WARNINGS_AS_ERRORS=OFF >/dev/null
targets=()
for n in "${names[@]}"; do targets+=("${n}_fuzz"); done
nice -n "$nice_level" cmake --build build-fuzz -j "$jobs" --target "${targets[@]}"
echo "fuzz: built in $(($(date +%s) - started)) s"

work="${FUZZ_CORPUS_DIR:-}"
cleanup=""
if [[ -z "$work" ]]; then
  work="$(mktemp -d)"
  cleanup="$work"
fi
trap '[[ -n "$cleanup" ]] && rm -rf "$cleanup"' EXIT
# The database the http, analytics, units_csv and package targets start from is made by the
# first of them and shared, keyed by what shapes it.
key=$(cat db/migrations/* data/packages/*/* data/admin-units/* src/*/*.cpp src/*/include/tienbo/*/*.hpp fuzz/support/* |
  sha256sum | cut -c1-16)
export TIENBO_FUZZ_TEMPLATE="$PWD/build-fuzz/fuzz-db-$key.sqlite"
find build-fuzz -maxdepth 1 -name 'fuzz-db-*' ! -name "fuzz-db-$key.sqlite" -delete
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=()
total=0
summary=""
for n in "${names[@]}"; do
  bin="build-fuzz/fuzz/${n}_fuzz"
  seeds="fuzz/corpus/$n"
  grown="$work/$n"
  artifacts="build-fuzz/artifacts/$n/"
  mkdir -p "$grown" "$artifacts"
  args=(-max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$artifacts")
  [[ -f "fuzz/dict/$n.dict" ]] && args+=(-dict="fuzz/dict/$n.dict")
  case "$n" in
    package) args+=(-max_len=16384) ;;
    http) args+=(-max_len=8192) ;;
    *) args+=(-max_len=4096) ;;
  esac
  log="$work/$n.log"
  echo "== fuzz: $n ($seconds s)"
  set +e
  nice -n "$nice_level" "$bin" "${args[@]}" "$grown" "$seeds" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  execs=${execs:-0}
  total=$((total + execs))
  if ((rc != 0)); then
    failed+=("$n")
    echo "fuzz: $n FAILED (exit $rc); the end of its log:" >&2
    grep -vE '^#[0-9]+ ' "$log" | tail -60 >&2
    ls -1 "$artifacts" >&2 || true
    summary+=$(printf '%-12s %12s execs %8s/s  FAILED' "$n" "$execs" "${rate:-0}")$'\n'
  else
    summary+=$(printf '%-12s %12s execs %8s/s  ok' "$n" "$execs" "${rate:-0}")$'\n'
  fi
done
echo "== fuzz: summary ($seconds s per target)"
printf '%s' "$summary"
echo "fuzz: $total executions in total, $(($(date +%s) - started)) s with the build"
if ((${#failed[@]})); then
  echo "fuzz: failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: ${#names[@]} passed, 0 failed"
