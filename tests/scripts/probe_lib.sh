# Sourced by the tests of scripts/check_*.sh: $root (the repository), $tmp (removed at exit), and
# `expect NAME CONDITION` which counts the failures `finish` reports.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fails=0
expect() { if ! eval "$2"; then echo "FAIL: $1" >&2; fails=$((fails + 1)); else echo "ok: $1"; fi; }
finish() { ((fails == 0)) || { echo "$fails check(s) failed" >&2; exit 1; }; }
