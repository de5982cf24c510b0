#!/usr/bin/env bash
# Configures and builds tienbo. Usage: scripts/build.sh [release|debug]
#   release -> build/        (-O2/-O3, the binary users run)
#   debug   -> build-debug/  (AddressSanitizer + UndefinedBehaviorSanitizer; used by the tests)
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-release}"
jobs="${JOBS:-$(nproc)}"
case "$kind" in
  release) dir=build; flags=(-DCMAKE_BUILD_TYPE=Release -DTIENBO_BUILD_TESTS=OFF -DTIENBO_BUILD_BENCH=ON) ;;
  # The Debug build of the test command compiles bench/ too, so that a change the benchmarks (and the
  # Release build of scripts/demo.sh) no longer compile with fails the tests.
  debug) dir=build-debug; flags=(-DCMAKE_BUILD_TYPE=Debug -DTIENBO_SANITIZE=ON -DTIENBO_BUILD_TESTS=ON -DTIENBO_BUILD_BENCH=ON) ;;
  *) echo "usage: scripts/build.sh [release|debug]" >&2; exit 2 ;;
esac
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
cmake -S . -B "$dir" -G Ninja "${flags[@]}" >/dev/null
cmake --build "$dir" -j "$jobs"
