#!/usr/bin/env bash
# Prettier over web/ seen failing: a badly formatted file (single quotes, no semicolons, one long line)
# fails `npm run format:check`; the same file once formatted passes; the tree passes. The file is a
# temporary one under web/src, removed on exit. Needs web/node_modules (scripts/setup.sh installs it).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root/web"
[[ -x node_modules/.bin/prettier ]] || { echo "check_format_web_test: web/node_modules missing (run scripts/setup.sh)" >&2; exit 1; }
probe="src/format-probe-$$.ts"
trap 'rm -f "$probe"' EXIT
fails=0
expect() { if ! eval "$2"; then echo "FAIL: $1" >&2; fails=$((fails + 1)); else echo "ok: $1"; fi; }
check() { set +e; out="$(npm run --silent format:check 2>&1)"; rc=$?; set -e; }

printf '%s\n' "export const probe = { first: 'one', second: 'two', third: 'three', fourth: 'four', fifth: 'five', sixth: 'six' }" \
  "export function twice(x:number){return x*2}" >"$probe"
check
expect "a badly formatted file fails" '[[ $rc -ne 0 && "$out" == *"$probe"* ]]'
node_modules/.bin/prettier --write "$probe" >/dev/null
check
expect "the same file formatted passes" '[[ $rc -eq 0 ]]'
rm -f "$probe"
check
expect "the tree passes" '[[ $rc -eq 0 ]]'
((fails == 0)) || { echo "$fails check(s) failed" >&2; exit 1; }
