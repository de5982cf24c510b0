#!/usr/bin/env bash
# Fails when a C++ file of src/, tests/, bench/ or fuzz/ is not formatted as .clang-format says
# (Debian's clang-format 14: Google base, 120 columns). Lists the files and the first lines that
# differ; `scripts/check_format.sh --fix` formats them in place.
#   scripts/check_format.sh [--fix] [ROOT]
set -euo pipefail
fix=0
if [[ "${1:-}" == "--fix" ]]; then fix=1; shift; fi
root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
cd "$root"
fmt="$(command -v clang-format-14 || command -v clang-format || true)"
[[ -n "$fmt" ]] || { echo "format: clang-format not found (scripts/setup.sh installs clang-format)" >&2; exit 1; }
mapfile -t files < <(find src tests bench fuzz -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' -o -name '*.cc' \) 2>/dev/null | sort)
if ((fix)); then
  printf '%s\0' "${files[@]}" | xargs -0 -n 20 -P "$(nproc)" "$fmt" -i --style=file
  echo "format: ${#files[@]} files formatted"
  exit 0
fi
# One clang-format per batch of files (one at a time, so their reports do not interleave); it names
# each line that would change.
set +e
report="$(printf '%s\0' "${files[@]}" | xargs -0 -n 50 "$fmt" --style=file --dry-run --Werror 2>&1)"
set -e
mapfile -t bad < <(grep -oE '^[^:]+:[0-9]+:[0-9]+: error' <<<"$report" | cut -d: -f1 | sort -u)
if ((${#bad[@]})); then
  for f in "${bad[@]}"; do
    echo "format: $f is not formatted (scripts/check_format.sh --fix):" >&2
    grep -m 2 -A 2 "^$f:" <<<"$report" >&2 || true
  done
  echo "format: ${#bad[@]} of ${#files[@]} files not formatted" >&2
  exit 1
fi
if grep -q 'error' <<<"$report"; then echo "$report" >&2; exit 1; fi
echo "format: ${#files[@]} files formatted as .clang-format says"
