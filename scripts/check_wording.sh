#!/usr/bin/env bash
# Fails when a word that docs/glossary.md marks "Không dùng / avoid" appears where a person reads
# it: the web app (web/src/), the server's messages (src/), the form package (data/packages/) and
# the API docs (docs/openapi.yaml). The avoided words are the backticked words of the glossary's
# last column; a phrase matches anywhere, exactly and case-sensitively (write phrases long enough
# not to match inside a word the field does use: `số liệu tách theo giới`, not `tách theo giới`).
#   scripts/check_wording.sh            check the tree
#   scripts/check_wording.sh DIR...     check these directories or files instead (used by its test)
set -euo pipefail
cd "$(dirname "$0")/.."
glossary=docs/glossary.md
[[ -f "$glossary" ]] || { echo "wording: $glossary is missing" >&2; exit 2; }
if (($# > 0)); then targets=("$@"); else targets=(web/src src data/packages docs/openapi.yaml); fi

# The last cell of each table row, then each `word` in it.
mapfile -t avoid < <(grep -E '^\|' "$glossary" | sed -E 's/\|[[:space:]]*$//; s/.*\|//' |
  grep -oE '`[^`]+`' | tr -d '`' | sort -u)
((${#avoid[@]} > 0)) || { echo "wording: no avoided word found in $glossary" >&2; exit 2; }

fail=0
for word in "${avoid[@]}"; do
  hits=$(grep -rnF --include='*.ts' --include='*.tsx' --include='*.cpp' --include='*.hpp' --include='*.json' \
    --include='*.yaml' --include='*.csv' --include='*.md' -- "$word" "${targets[@]}" 2>/dev/null || true)
  [[ -z "$hits" ]] && continue
  while IFS= read -r hit; do
    echo "wording: \"$word\" is not the field's word (docs/glossary.md): $hit" >&2
    fail=1
  done <<<"$hits"
done
if ((fail == 0)); then echo "wording: ${#avoid[@]} avoided word(s), none found"; fi
exit $fail
