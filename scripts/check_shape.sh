#!/usr/bin/env bash
# Fails on code of a shape issue #13 rules out:
#   lines  a source file longer than 600 lines in src/ (*.cpp, *.hpp) or 400 in web/src (*.ts, *.tsx;
#          the generated api/schema.gen.ts aside);
#   json   a JSON text built by hand in src/: a string literal holding an escaped key ("{\"status\":"),
#          where Boost.JSON (or core::JsonObject below http/) belongs;
#   handler an HTTP handler in src/http/ over 30 lines (parse, one service call, render;
#          scripts/handler_lengths.py measures them);
#   route  a route registered outside the route table (src/http/routes.cpp: every route, one row each).
# Files that had such code when the check came are recorded in scripts/shape-debt.txt with how much
# ("lines FILE N", "json FILE N"): a recorded file may shrink, never grow, and its line must go once
# it is within bounds — the debt only goes down. A file not recorded must be within bounds.
#   scripts/check_shape.sh          check this tree
#   scripts/check_shape.sh ROOT     check the tree at ROOT against ROOT/scripts/shape-debt.txt (its test)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="${1:-$(cd "$here/.." && pwd)}"
cd "$root"
debt=scripts/shape-debt.txt
declare -A allowed=()
if [[ -f "$debt" ]]; then
  while read -r kind file n; do
    [[ -z "${kind:-}" || "$kind" == \#* ]] && continue
    allowed["$kind $file"]="$n"
  done <"$debt"
fi

fail=0
declare -A seen=()
check() {  # kind file measured limit what
  local kind="$1" file="$2" n="$3" limit="$4" what="$5"
  local key="$kind $file"
  if [[ -n "${allowed[$key]:-}" ]]; then
    seen["$key"]=1
    if ((n > allowed[$key])); then
      echo "shape: $file: $what $n, more than the $((allowed[$key])) recorded in $debt (the debt only goes down)" >&2; fail=1
    elif ((n <= limit)); then
      echo "shape: $file is within bounds now ($what $n): remove its line \"$key\" from $debt" >&2; fail=1
    fi
  elif ((n > limit)); then
    echo "shape: $file: $what $n (at most $limit)" >&2; fail=1
  fi
}

while IFS= read -r f; do
  check lines "$f" "$(wc -l <"$f")" 600 "lines"
done < <(find src -type f \( -name '*.cpp' -o -name '*.hpp' \) | sort)
while IFS= read -r f; do
  check lines "$f" "$(wc -l <"$f")" 400 "lines"
done < <(find web/src -type f \( -name '*.ts' -o -name '*.tsx' \) ! -name 'schema.gen.ts' 2>/dev/null | sort)
while IFS= read -r f; do
  n=$(grep -cE '\\"[A-Za-z_][A-Za-z0-9_]*\\":' "$f" || true)
  check json "$f" "$n" 0 "hand-built JSON strings"
done < <(find src -type f \( -name '*.cpp' -o -name '*.hpp' \) | sort)
while read -r key n; do
  check handler "$key" "$n" 30 "lines in the handler"
done < <(python3 "$here/handler_lengths.py" $(find src/http -maxdepth 1 \( -name 'api_*.cpp' -o -name 'routes.cpp' \) | sort))
while IFS= read -r hit; do
  echo "shape: ${hit%%:*}: a route registered outside the route table (add its row to src/http/routes.cpp)" >&2; fail=1
done < <(grep -rlE 'router\.add\(|\.add\("(GET|POST|PUT|DELETE|PATCH)"' src --include='*.cpp' --include='*.hpp' |
           grep -vx 'src/http/routes.cpp' | sort || true)

for key in "${!allowed[@]}"; do
  if [[ -z "${seen[$key]:-}" ]]; then
    echo "shape: $debt records \"$key\", which is gone: remove its line" >&2; fail=1
  fi
done
if ((fail == 0)); then echo "shape: files within bounds (${#allowed[@]} recorded in $debt, none grown)"; fi
exit $fail
