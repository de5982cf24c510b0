#!/usr/bin/env bash
# scripts/check_format.sh seen failing: a C++ file not formatted as .clang-format says fails, named;
# the same file after `--fix` passes; the tree passes.
source "$(dirname "$0")/probe_lib.sh"
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
finish
