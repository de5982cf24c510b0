#!/usr/bin/env bash
# scripts/check_format.sh seen failing: a C++ file not formatted as .clang-format says fails, named;
# the same file after `--fix` passes; the tree passes.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fails=0
expect() { if ! eval "$2"; then echo "FAIL: $1" >&2; fails=$((fails + 1)); else echo "ok: $1"; fi; }
run() { set +e; out="$(bash "$root/scripts/check_format.sh" "$@" 2>&1)"; rc=$?; set -e; }

mkdir -p "$tmp/t/src/core"
cp "$root/.clang-format" "$tmp/t/"
printf 'int  twice( int x ){\nreturn x*2 ;}\n' >"$tmp/t/src/core/probe.cpp"
run "$tmp/t"
expect "a badly formatted file fails, named" '[[ $rc -ne 0 && "$out" == *"src/core/probe.cpp is not formatted"* ]]'
run --fix "$tmp/t"
run "$tmp/t"
expect "the same file after --fix passes" '[[ $rc -eq 0 ]]'
expect "this tree is formatted" 'bash "$root/scripts/check_format.sh" >/dev/null 2>&1'
((fails == 0)) || { echo "$fails check(s) failed" >&2; exit 1; }
