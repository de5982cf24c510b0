#!/usr/bin/env bash
# The deadline-day replay (issue #12 item 7): the last hour before the annual report's deadline,
# compressed, on SQLite and on PostgreSQL. Builds the release binaries, makes the national demo
# database, creates an editor account per reporting unit and an approver per province, starts
# `tienbo serve` and runs bench/deadline_day.cpp against it; prints Markdown tables for
# docs/PERFORMANCE.md.
#
#   bash bench/deadline_day.sh                           # 4,000 units, the hour in 3 minutes, both backends
#   UNITS=300 COMPRESSION=60 bash bench/deadline_day.sh  # a quick run (the hour in 1 minute)
#   BACKENDS=sqlite bash bench/deadline_day.sh           # one backend (sqlite | postgres)
#   PERF=1 bash bench/deadline_day.sh                    # also `perf record -g` the server, print its top symbols
#     (PERF_CALLGRAPH=dwarf PERF_FREQ=99 KEEP_PERF=/tmp/p.data: whole call stacks, kept for perf report)
#
# Other settings: ARRIVALS=rush (4x as many arrivals a second at the deadline as at the hour's
# start) or even (uniform over the hour), FROM=2021 (first year of demo history), SEED=1, SERVER_THREADS (default: cores),
# WORKERS=8 (the server's database threads). The national demo has 3,321 communes and the member
# agencies of 34 provinces; UNITS of them (all current communes and agencies that report
# BC_BDG_NAM) are drawn with a fixed seed; their report for 2026 is due on 15/12.
# The SQLite template database is kept in bench/data/ (git-ignored) and copied for each run.
# PostgreSQL runs on the throwaway cluster of scripts/with_postgres.sh with its durability
# settings kept on (TIENBO_PG_DURABLE=1), as SQLite syncs its WAL before a commit answers.
set -euo pipefail
cd "$(dirname "$0")/.."
UNITS="${UNITS:-4000}"
COMPRESSION="${COMPRESSION:-20}"
FROM="${FROM:-2021}"
SEED="${SEED:-1}"
ARRIVALS="${ARRIVALS:-rush}"
BACKENDS="${BACKENDS:-sqlite postgres}"
PERF="${PERF:-0}"
SERVER_THREADS="${SERVER_THREADS:-$(nproc)}"
WORKERS="${WORKERS:-8}"
PASSWORD='Han-chot-2026-ngay'
export UNITS COMPRESSION FROM SEED ARRIVALS PERF SERVER_THREADS WORKERS PASSWORD

if [[ "${1:-}" != "--inner" ]]; then
  bash scripts/build.sh release >/dev/null
  ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
  echo "# Deadline day — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | xargs)," \
       "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "UNITS=$UNITS COMPRESSION=$COMPRESSION ARRIVALS=$ARRIVALS FROM=$FROM SEED=$SEED SERVER_THREADS=$SERVER_THREADS WORKERS=$WORKERS"
  rc=0
  for backend in $BACKENDS; do
    case "$backend" in
      sqlite) bash "$0" --inner sqlite || rc=1 ;;
      postgres) TIENBO_PG_DURABLE=1 bash scripts/with_postgres.sh bash "$0" --inner postgres || rc=1 ;;
      *) echo "deadline_day: unknown backend $backend (sqlite | postgres)" >&2; exit 2 ;;
    esac
  done
  exit "$rc"
fi

# ---- one backend (inside with_postgres.sh for PostgreSQL)
backend="$2"
bin=build/bin
work="$(mktemp -d /tmp/tienbo-deadline.XXXXXX)"
server_pid=""
perf_pid=""
cleanup() {
  [[ -n "$perf_pid" ]] && kill -INT "$perf_pid" 2>/dev/null || true
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

echo
echo "## $backend"
t0=$SECONDS
if [[ "$backend" == sqlite ]]; then
  mkdir -p bench/data
  template="bench/data/deadline-national-$FROM.db"
  if [[ ! -f "$template" ]]; then
    "$bin/tienbo" init --db "sqlite:$template.tmp" --demo >/dev/null
    "$bin/tienbo" demo generate --db "sqlite:$template.tmp" --scale national --from "$FROM" | tail -n 1
    mv "$template.tmp" "$template"
  fi
  cp "$template" "$work/deadline.db"
  url="sqlite:$work/deadline.db"
else
  url="${TIENBO_TEST_PG_URL%/*}/tienbo_deadline"
  psql -q "$TIENBO_TEST_PG_URL" -c "CREATE DATABASE tienbo_deadline" >/dev/null
  "$bin/tienbo" init --db "$url" --demo >/dev/null
  "$bin/tienbo" demo generate --db "$url" --scale national --from "$FROM" | tail -n 1
  echo "PostgreSQL settings: $(psql -At "$url" -c "SELECT string_agg(name || '=' || setting, ' ') FROM pg_settings
    WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'max_connections')")"
fi
if [[ "$backend" == sqlite ]]; then
  # The accounts (argon2id each, minutes for 4,000) are made once per template, count and seed.
  accounts="bench/data/deadline-national-$FROM-units$UNITS-seed$SEED"
  if [[ ! -f "$accounts.db" || ! -f "$accounts.tsv" || "$accounts.db" -ot "$template" ]]; then
    "$bin/deadline_day_setup" "$url" "$UNITS" "$PASSWORD" "$work/units.tsv" "$(nproc)"
    cp "$work/deadline.db" "$accounts.db.tmp" && mv "$accounts.db.tmp" "$accounts.db"
    cp "$work/units.tsv" "$accounts.tsv"
  else
    cp "$accounts.db" "$work/deadline.db"
    cp "$accounts.tsv" "$work/units.tsv"
    echo "accounts: kept from $accounts.db"
  fi
else
  "$bin/deadline_day_setup" "$url" "$UNITS" "$PASSWORD" "$work/units.tsv" "$(nproc)"
fi
echo "set-up (database and accounts): $((SECONDS - t0)) s"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
"$bin/tienbo" serve --db "$url" --listen "127.0.0.1:$port" --access-log "$work/access.log" \
  --io-threads "$SERVER_THREADS" --workers "$WORKERS" >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/serve.err" >&2; exit 1; }
if [[ "$PERF" == 1 ]]; then
  perf record --call-graph "${PERF_CALLGRAPH:-fp}" -F "${PERF_FREQ:-499}" -p "$server_pid" -o "$work/perf.data" >/dev/null 2>"$work/perf.err" &
  perf_pid=$!
fi
rss_before="$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")"
cpu_before="$(awk '{print $14 + $15}' "/proc/$server_pid/stat")"
rc=0
TIMEFORMAT="load client: %U s user + %S s system CPU in %R s"
time "$bin/deadline_day" --port "$port" --units "$work/units.tsv" --password "$PASSWORD" --compression "$COMPRESSION" \
  --seed "$SEED" --arrivals "$ARRIVALS" || rc=$?
cpu_after="$(awk '{print $14 + $15}' "/proc/$server_pid/stat")"
# SQLite's single writer: how long write transactions held it (tienbo_db_write_lock_* in /metrics).
curl -fs "http://127.0.0.1:$port/metrics" | awk '
  /^tienbo_db_write_lock_held_seconds_sum/ {sum = $2} /^tienbo_db_write_lock_held_seconds_count/ {n = $2}
  /^tienbo_db_write_lock_wait_seconds_total/ {wait = $2} /^tienbo_db_wal_flushes_total/ {flushes = $2}
  /^tienbo_db_write_lock_held_seconds_bucket/ {b[++k] = $0}
  END { if (n > 0) { printf "write lock: %d write transactions held it %.1f s in all (%.2f ms each on average), waited %.1f s in all; %d WAL flushes\n", n, sum, 1000 * sum / n, wait, flushes
          for (i = 1; i <= k; i++) print "  " b[i] } }' || true
rss_after="$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")"
requests="$(wc -l <"$work/access.log")"
echo
echo "server: $(awk -v a="$cpu_before" -v b="$cpu_after" -v t="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", (b - a) / t}') s of CPU" \
     "for $requests logged requests (incl. the read-back), RSS $((rss_before / 1024)) → $((rss_after / 1024)) MiB;" \
     "server errors in its log: $(grep -c '"level":"error"' "$work/serve.err" || true)"
if [[ -n "$perf_pid" ]]; then
  kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true; perf_pid=""
  echo
  echo "perf: the server's hottest symbols (self time, all threads)"
  perf report -i "$work/perf.data" --no-children --sort dso,symbol --stdio 2>/dev/null | grep -E '^ +[0-9]' |
    sed -E 's/ +/ /g; s/ - - *$//' | cut -c1-160 | head -n 30 || true  # head closes the pipe early
  echo
  echo "perf: by shared object"
  perf report -i "$work/perf.data" --no-children --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9]' |
    sed -E 's/ +/ /g; s/ - - *$//' | head -n 12 || true
  [[ -n "${KEEP_PERF:-}" ]] && cp "$work/perf.data" "$KEEP_PERF"
fi
kill -TERM "$server_pid"; wait "$server_pid" || true; server_pid=""
"$bin/tienbo" audit verify --db "$url" | tail -n 1
exit "$rc"
