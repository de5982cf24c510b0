#!/usr/bin/env bash
# Prettier over web/ seen failing: a badly formatted file (single quotes, no semicolons, one long line)
# fails the check with web/.prettierrc.json; the same file once formatted passes; the tree passes
# `npm run format:check`. The probe lives in a temporary directory, never under web/src, so tests
# running beside this one (ESLint over the tree, the shape check) never see it.
# Needs web/node_modules (scripts/setup.sh installs it).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root/web"
[[ -x node_modules/.bin/prettier ]] || { echo "check_format_web_test: web/node_modules missing (run scripts/setup.sh)" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
probe="$tmp/format-probe.ts"
fails=0
expect() { if ! eval "$2"; then echo "FAIL: $1" >&2; fails=$((fails + 1)); else echo "ok: $1"; fi; }
check() { set +e; out="$(node_modules/.bin/prettier --config .prettierrc.json --check "$probe" 2>&1)"; rc=$?; set -e; }

printf '%s\n' "export const probe = { first: 'one', second: 'two', third: 'three', fourth: 'four', fifth: 'five', sixth: 'six' }" \
  "export function twice(x:number){return x*2}" >"$probe"
check
expect "a badly formatted file fails" '[[ $rc -ne 0 && "$out" == *"format-probe.ts"* ]]'
node_modules/.bin/prettier --config .prettierrc.json --write "$probe" >/dev/null
check
expect "the same file formatted passes" '[[ $rc -eq 0 ]]'
expect "the tree passes" 'npm run --silent format:check >/dev/null 2>&1'
((fails == 0)) || { echo "$fails check(s) failed" >&2; exit 1; }
