#!/usr/bin/env bash
# Analytics benchmarks (issue #5) on national-scale demo data, SQLite by default:
#
#   bash bench/analytics_bench.sh              # SQLite: bench/data/national.db (made once, reused)
#   bash bench/analytics_bench.sh --postgres   # the same on a throwaway PostgreSQL cluster
#   FROM=2016 bash bench/analytics_bench.sh    # more history: ~2x the values
#
# Builds the release binaries, generates the data when missing (deterministic seed,
# progress bar), runs bench/analytics_bench.cpp (Google Benchmark) and prints a
# Markdown table for docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "$0")/.."
FROM="${FROM:-2021}"
bash scripts/build.sh release >/dev/null
bin=build/bin
out="$(mktemp /tmp/tienbo-analytics-bench.XXXXXX)"
trap 'rm -f "$out"' EXIT

run_bench() {  # URL
  TIENBO_BENCH_DB="$1" "$bin/analytics_bench" --benchmark_format=console | tee "$out"
}

if [[ "${1:-}" == "--postgres" ]]; then
  # A throwaway cluster: scripts/with_postgres.sh exports TIENBO_TEST_PG_URL (…/postgres).
  bash scripts/with_postgres.sh bash -c '
    set -euo pipefail
    url="${TIENBO_TEST_PG_URL%/*}/tienbo_bench"
    psql -q "$TIENBO_TEST_PG_URL" -c "CREATE DATABASE tienbo_bench" >/dev/null
    '"$bin"'/tienbo init --db "$url" >/dev/null
    '"$bin"'/tienbo demo generate --db "$url" --scale national --from '"$FROM"'
    TIENBO_BENCH_DB="$url" '"$bin"'/analytics_bench --benchmark_format=console' | tee "$out"
  backend=PostgreSQL
else
  mkdir -p bench/data
  db="bench/data/national-$FROM.db"
  if [[ ! -f "$db" ]]; then
    "$bin/tienbo" init --db "sqlite:$db" >/dev/null
    "$bin/tienbo" demo generate --db "sqlite:$db" --scale national --from "$FROM"
  fi
  run_bench "sqlite:$db"
  backend=SQLite
fi

r() { awk -v k="$1" '$1 == "RESULT" && $2 == k { print $3 }' "$out"; }
ms() { awk -v k="$1" 'index($1, k) == 1 && $1 !~ /^RESULT/ { print $2; exit }' "$out"; }
cube=$(ms national_table/cube)
sql=$(ms national_table/sql)
echo
echo "| $backend, $(r values) values | result |"
echo "|---|---|"
echo "| (a) national table from the cube ($(r table_cells) cells, $(r cells_with_values) with values) | $cube ms |"
echo "| (a) the same by SQL recursive subtree + GROUP BY | $sql ms |"
echo "| (a) SQL ÷ cube | $(awk -v a="$sql" -v b="$cube" 'BEGIN { printf "%.0f×", a / b }') |"
echo "| (a) answers equal | $(r cells_compared) cells compared, $(r cells_mismatched) differ (max relative difference $(r max_relative_difference)) |"
echo "| (b) one indicator, one province subtree | $(ms one_indicator_one_province/cube) µs |"
echo "| (c) write to visible (save through the service + national query) | $(ms write_to_visible) ms |"
echo "| (d) rebuild at start-up | $(r rebuild_seconds) s |"
echo "| (d) cube memory per value | $(r bytes_per_value) bytes ($(r series) series; process grew $(r process_rss_growth_mb) MB) |"
rate() { awk -v k="$1" 'index($1, k) == 1 { for (i = 1; i <= NF; i++) if ($i ~ /items_per_second=/) { sub("items_per_second=", "", $i); print $i; exit } }' "$out"; }
echo "| (e) ingest through ReportService::save (24 values a report, one transaction each) | $(rate ingest/service) |"
echo "| (e) the same rows as single-row prepared INSERTs, one transaction per 24 | $(rate ingest/raw_insert) |"
