#!/usr/bin/env bash
# clang-tidy (Debian's clang-tidy-14) over every translation unit of src/ with the checks of
# .clang-tidy (bugprone, performance, modernize where it reads better, readability-function-size and
# a few more; every finding is an error). Needs the compile database of a build:
#   scripts/check_tidy.sh [-p BUILD_DIR] [ROOT]     (default build-debug/, after scripts/build.sh debug)
# Lists each finding with its file, line and check; fails when there is one.
set -euo pipefail
build=build-debug
if [[ "${1:-}" == "-p" ]]; then build="$2"; shift 2; fi
root="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
cd "$root"
tidy="$(command -v clang-tidy-14 || command -v clang-tidy || true)"
[[ -n "$tidy" ]] || { echo "tidy: clang-tidy not found (scripts/setup.sh installs clang-tidy)" >&2; exit 1; }
db="$build/compile_commands.json"
[[ -f "$db" ]] || { echo "tidy: $db not found; build first (scripts/build.sh debug)" >&2; exit 1; }
# The translation units of src/ in the compile database (generated sources under the build are not ours).
mapfile -t files < <(python3 -c '
import json, os, sys
root = os.path.realpath(sys.argv[2])
for e in json.load(open(sys.argv[1])):
    f = os.path.realpath(os.path.join(e["directory"], e["file"]))
    if f.startswith(root + "/src/"):
        print(os.path.relpath(f, root))
' "$db" "$root" | sort -u)
((${#files[@]})) || { echo "tidy: no source of src/ in $db" >&2; exit 1; }
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
# GCC-only warning flags of the compile commands mean nothing to clang: not findings.
set +e
printf '%s\0' "${files[@]}" |
  xargs -0 -n 4 -P "$(nproc)" "$tidy" -p "$build" --quiet --use-color=false \
    --extra-arg=-Wno-unknown-warning-option >"$out" 2>/dev/null
rc=$?
set -e
findings="$(grep -E '^[^ :]+:[0-9]+:[0-9]+: (warning|error): ' "$out" | sort -u || true)"
if [[ -n "$findings" ]]; then
  echo "$findings" | sed -e "s|^$root/||" -e 's/,-warnings-as-errors\]/]/' >&2
  echo "tidy: $(grep -c . <<<"$findings") finding(s) in ${#files[@]} files (.clang-tidy)" >&2
  exit 1
fi
if ((rc != 0)); then cat "$out" >&2; echo "tidy: clang-tidy failed" >&2; exit 1; fi
echo "tidy: ${#files[@]} files clean (.clang-tidy)"
