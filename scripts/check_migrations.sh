#!/usr/bin/env bash
# Checks db/migrations/: file names (V<yyyymmddhhmm>__<snake_name>[.sqlite|.pg].sql),
# unique versions, complete sqlite/pg pairs, a header comment, and that no
# migration listed in db/migrations/CHECKSUMS has changed since it was merged.
# A new migration is added to CHECKSUMS with:  scripts/check_migrations.sh --record
set -euo pipefail
cd "$(dirname "$0")/../db/migrations"
fail=0
declare -A names portable sqlite pg
for f in *.sql; do
  if [[ ! "$f" =~ ^V([0-9]{12})__([a-z0-9_]+)(\.(sqlite|pg))?\.sql$ ]]; then
    echo "migrations: bad file name $f" >&2; fail=1; continue
  fi
  v="${BASH_REMATCH[1]}"; n="${BASH_REMATCH[2]}"; d="${BASH_REMATCH[4]}"
  if [[ -n "${names[$v]:-}" && "${names[$v]}" != "$n" ]]; then
    echo "migrations: version $v used by ${names[$v]} and $n" >&2; fail=1
  fi
  names[$v]="$n"
  case "$d" in "") portable[$v]=1 ;; sqlite) sqlite[$v]=1 ;; pg) pg[$v]=1 ;; esac
  head -1 "$f" | grep -q '^--' || { echo "migrations: $f must start with a -- header comment (purpose, issue)" >&2; fail=1; }
done
for v in "${!names[@]}"; do
  if [[ -n "${portable[$v]:-}" && ( -n "${sqlite[$v]:-}" || -n "${pg[$v]:-}" ) ]]; then
    echo "migrations: $v has both a portable file and dialect files" >&2; fail=1
  fi
  if [[ -z "${portable[$v]:-}" && ( -z "${sqlite[$v]:-}" || -z "${pg[$v]:-}" ) ]]; then
    echo "migrations: $v needs both .sqlite.sql and .pg.sql" >&2; fail=1
  fi
done
if [[ "${1:-}" == "--record" ]]; then
  sha256sum *.sql > CHECKSUMS
  echo "migrations: recorded $(wc -l < CHECKSUMS) checksum(s) in db/migrations/CHECKSUMS"
  exit $fail
fi
if ! sha256sum --quiet -c CHECKSUMS; then
  echo "migrations: a merged migration was changed (above). Never edit one: add a new migration." >&2; fail=1
fi
for f in *.sql; do
  grep -q "  $f\$" CHECKSUMS || { echo "migrations: $f is not in CHECKSUMS; run scripts/check_migrations.sh --record" >&2; fail=1; }
done
if ((fail)); then exit 1; fi
echo "migrations: ok (${#names[@]} version(s))"
