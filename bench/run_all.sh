#!/usr/bin/env bash
# Every benchmark, one command: the HTTP benchmark (tienbo vs a bare Beast server), the
# analytics benchmarks on SQLite and on PostgreSQL, the web app in Chromium, then the deadline-day
# replay on both backends. Each prints its Markdown table; the figures
# and the machine are recorded in docs/PERFORMANCE.md.
#
#   bash bench/run_all.sh          (FROM=2014 for the 10-million-value data set)
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== HTTP =="
bash bench/http_bench.sh
echo
echo "== Analytics, SQLite =="
bash bench/analytics_bench.sh
echo
echo "== Analytics, PostgreSQL =="
bash bench/analytics_bench.sh --postgres
echo
echo "== Web app (Chromium) =="
bash bench/web_bench.sh
echo
echo "== Deadline day (SQLite and PostgreSQL) =="
bash bench/deadline_day.sh
