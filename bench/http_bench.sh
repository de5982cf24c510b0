#!/usr/bin/env bash
# HTTP benchmark: tienbo versus a bare Boost.Beast server built in the same
# tree, same machine, same run, same wrk settings; then a 2,000-connection
# keep-alive soak that checks the server neither crashes nor leaks.
#
#   bash bench/http_bench.sh            (DURATION=10 CONNS=64 THREADS=2 to change)
#
# Everything runs on 127.0.0.1. Prints a Markdown table for docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-10}"
CONNS="${CONNS:-64}"
WRK_THREADS="${THREADS:-2}"
SOAK_CONNS="${SOAK_CONNS:-2000}"
SERVER_THREADS="${SERVER_THREADS:-$(nproc)}"

command -v wrk >/dev/null || { echo "http_bench: wrk is missing; run scripts/setup.sh" >&2; exit 1; }
bash scripts/build.sh release >/dev/null
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

work="$(mktemp -d /tmp/tienbo-bench.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { local p; while :; do p=$((20000 + RANDOM % 40000)); (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }; done; }
wait_port() { for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; return 1; }

# wrk -> "req/s p50 p99 errors"
run_wrk() {
  local url="$1" conns="$2" out
  out="$(wrk -t"$WRK_THREADS" -c"$conns" -d"${DURATION}s" --latency --timeout 5s "$url" 2>&1)"
  local rps p50 p99 errs
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  errs="$(awk '/Socket errors/ {print $0}' <<<"$out" | sed 's/^ *Socket errors: //')"
  local non2xx; non2xx="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
  echo "${rps:-0}|${p50:-?}|${p99:-?}|${errs:-none}${non2xx:+, non-2xx $non2xx}"
}

bare_port="$(free_port)"
./build/bin/bare_beast_server "$bare_port" "$SERVER_THREADS" >/dev/null & pids+=($!)
./build/bin/tienbo init --db "sqlite:$work/bench.db" --demo >/dev/null
tb_port="$(free_port)"
./build/bin/tienbo serve --db "sqlite:$work/bench.db" --listen "127.0.0.1:$tb_port" --access-log off \
  --io-threads "$SERVER_THREADS" >/dev/null 2>"$work/tienbo.err" & tb_pid=$!; pids+=($tb_pid)
tb_log_port="$(free_port)"
./build/bin/tienbo serve --db "sqlite:$work/bench.db" --listen "127.0.0.1:$tb_log_port" --access-log "$work/access.log" \
  --io-threads "$SERVER_THREADS" >/dev/null 2>&1 & pids+=($!)
wait_port "$bare_port"; wait_port "$tb_port"; wait_port "$tb_log_port"

echo "# HTTP benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | xargs)"
echo "wrk -t$WRK_THREADS -c$CONNS -d${DURATION}s --latency (wrk shares the machine with the server); server I/O threads: $SERVER_THREADS"
echo
echo "| server | path | req/s | p50 | p99 | errors |"
echo "|---|---|---|---|---|---|"
IFS='|' read -r bare_rps p50 p99 err <<<"$(run_wrk "http://127.0.0.1:$bare_port/" "$CONNS")"
echo "| bare Beast (same tree) | / (fixed JSON) | $bare_rps | $p50 | $p99 | $err |"
IFS='|' read -r ver_rps p50 p99 err <<<"$(run_wrk "http://127.0.0.1:$tb_port/api/v1/version" "$CONNS")"
echo "| tienbo | /api/v1/version (router, no database) | $ver_rps | $p50 | $p99 | $err |"
IFS='|' read -r hz_rps p50 p99 err <<<"$(run_wrk "http://127.0.0.1:$tb_port/healthz" "$CONNS")"
echo "| tienbo | /healthz (database query on the worker pool) | $hz_rps | $p50 | $p99 | $err |"
IFS='|' read -r hzl_rps p50 p99 err <<<"$(run_wrk "http://127.0.0.1:$tb_log_port/healthz" "$CONNS")"
echo "| tienbo, access log to a file | /healthz | $hzl_rps | $p50 | $p99 | $err |"
cookie="$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"login":"hanoi.quanly","password":"TienBo-demo-2026"}' "http://127.0.0.1:$tb_port/api/v1/session" |
  awk -F': ' 'tolower($1)=="set-cookie" {split($2, a, ";"); print a[1]}')"
# Server CPU time (user + system, seconds) of the tienbo process, from /proc.
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$tb_pid/stat"; }
# wrk with the session cookie -> "req/s|p50|p99|errors|server CPU µs per request"
run_signed_in() {
  local url="$1" out c0 c1
  c0="$(cpu_s)"
  out="$(wrk -t"$WRK_THREADS" -c"$CONNS" -d"${DURATION}s" --latency --timeout 5s -H "Cookie: $cookie" "$url" 2>&1)"
  c1="$(cpu_s)"
  local rps total non2xx
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  total="$(awk '/requests in/ {print $1}' <<<"$out")"
  non2xx="$(awk '/Non-2xx/ {print "non-2xx " $NF}' <<<"$out")"
  echo "${rps:-0}|$(awk '$1=="50%" {print $2}' <<<"$out")|$(awk '$1=="99%" {print $2}' <<<"$out")|${non2xx:-none}|$(awk -v a="$c0" -v b="$c1" -v n="${total:-0}" 'BEGIN {if (n > 0) printf "%.0f", (b - a) * 1e6 / n; else print "?"}')"
}
IFS='|' read -r unit_rps p50 p99 err cpu <<<"$(run_signed_in "http://127.0.0.1:$tb_port/api/v1/units/00070")"
echo "| tienbo, signed in | /api/v1/units/00070 (session, grants, scope check, unit) | $unit_rps | $p50 | $p99 | $err; server CPU $cpu µs/request |"
report_bytes="$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$tb_port/api/v1/reports/BC_BDG_NAM/00070/2025" | wc -c)"
IFS='|' read -r rep_rps p50 p99 err cpu <<<"$(run_signed_in "http://127.0.0.1:$tb_port/api/v1/reports/BC_BDG_NAM/00070/2025")"
echo "| tienbo, signed in | /api/v1/reports/BC_BDG_NAM/00070/2025 (a report, $report_bytes bytes) | $rep_rps | $p50 | $p99 | $err; server CPU $cpu µs/request |"
echo
awk -v a="$ver_rps" -v b="$bare_rps" -v h="$hz_rps" -v r="$rep_rps" 'BEGIN {printf "ratio tienbo/bare: /api/v1/version %.2f, /healthz %.2f, signed-in report %.2f\n", a/b, h/b, r/b}'

# Soak: 2,000 keep-alive connections at once.
rss() { awk '/VmRSS/ {print $2}' "/proc/$tb_pid/status"; }
fds() { ls "/proc/$tb_pid/fd" | wc -l; }
run_wrk "http://127.0.0.1:$tb_port/healthz" 64 >/dev/null   # warm up
rss0="$(rss)"; fds0="$(fds)"
IFS='|' read -r soak_rps p50 p99 err <<<"$(run_wrk "http://127.0.0.1:$tb_port/healthz" "$SOAK_CONNS")"
sleep 1
rss1="$(rss)"; fds1="$(fds)"
IFS='|' read -r soak2_rps _ _ err2 <<<"$(run_wrk "http://127.0.0.1:$tb_port/healthz" "$SOAK_CONNS")"
sleep 1
rss2="$(rss)"; fds2="$(fds)"
alive="yes"; kill -0 "$tb_pid" 2>/dev/null || alive="NO"
echo
echo "| soak: $SOAK_CONNS keep-alive connections on /healthz | req/s | p50 | p99 | errors | RSS KiB after | open fds after |"
echo "|---|---|---|---|---|---|---|"
echo "| before | | | | | $rss0 | $fds0 |"
echo "| run 1 | $soak_rps | $p50 | $p99 | $err | $rss1 | $fds1 |"
echo "| run 2 | $soak2_rps | | | $err2 | $rss2 | $fds2 |"
echo "server alive after soak: $alive; open fds back to the idle count: $([[ "$fds2" == "$fds0" ]] && echo yes || echo "no ($fds0 -> $fds2)")"
kill -TERM "$tb_pid"; rc=0; wait "$tb_pid" || rc=$?; echo "tienbo exit code after SIGTERM: $rc"
[[ "$alive" == "yes" && "$fds2" == "$fds0" ]]
