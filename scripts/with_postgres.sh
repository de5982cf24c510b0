#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL 15 cluster on a free loopback port.
#
#   scripts/with_postgres.sh ctest --test-dir build-debug
#
# The cluster lives in a temporary directory (initdb + pg_ctl), is reachable as
# TIENBO_TEST_PG_URL=postgresql://tienbo@127.0.0.1:PORT/postgres, and is stopped
# and deleted when the command ends, whether it passed or failed. TIENBO_REQUIRE_PG=1
# makes the PostgreSQL tests fail instead of skipping if the server is unusable.
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
if [[ ! -x "$PG_BIN/initdb" ]]; then
  echo "with_postgres: $PG_BIN/initdb not found; install postgresql-15 (scripts/setup.sh does)" >&2
  exit 1
fi

WORK="$(mktemp -d /tmp/tienbo-pg.XXXXXX)"
as_pg() { "$@"; }
if [[ "$(id -u)" == "0" ]]; then
  # initdb refuses to run as root: run the cluster as the 'postgres' system user.
  chown postgres:postgres "$WORK"
  as_pg() { runuser -u postgres -- "$@"; }
fi

cleanup() {
  local rc=$?
  as_pg "$PG_BIN/pg_ctl" -D "$WORK/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
as_pg "$PG_BIN/initdb" -D "$WORK/data" -U tienbo --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
  || { cat "$WORK/initdb.log" >&2; exit 1; }
# Ports below the kernel's ephemeral range (32768–60999), which busy test clients fill with their
# own outgoing connections; a port taken between the check and the bind is tried again.
# Durability settings are off: this cluster is thrown away after the tests. TIENBO_PG_DURABLE=1
# keeps PostgreSQL's defaults (fsync, synchronous commit) for benchmarks that compare with SQLite.
durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
[[ "${TIENBO_PG_DURABLE:-0}" == 1 ]] && durability=""
PORT=""
for _ in $(seq 1 20); do
  candidate=$(( 20000 + RANDOM % 12000 ))
  port_free "$candidate" || continue
  if as_pg "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -t 60 \
    -o "-p $candidate -k $WORK -c listen_addresses=127.0.0.1 $durability -c max_connections=300" \
    start >/dev/null; then
    PORT=$candidate
    break
  fi
done
[[ -n "$PORT" ]] || { echo "with_postgres: PostgreSQL did not start on any free port" >&2; cat "$WORK/server.log" >&2; exit 1; }

export TIENBO_TEST_PG_URL="postgresql://tienbo@127.0.0.1:$PORT/postgres"
export TIENBO_REQUIRE_PG=1
echo "with_postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') running on 127.0.0.1:$PORT ($WORK)"
set +e
"$@"
rc=$?
set -e
exit $rc
