#!/usr/bin/env bash
# Browser tests: a fresh demo database, a tienbo server on a free loopback port serving
# web/dist, and the Playwright tests in web/tests driving Debian's Chromium (headless, kept off
# the network). Screenshots of each main screen go to screenshots/ (git-ignored).
#   scripts/test_web.sh [path/to/tienbo]     (default build-debug/bin/tienbo)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-build-debug/bin/tienbo}"
[[ -x "$bin" ]] || { echo "test_web: $bin not found (build first)" >&2; exit 1; }
[[ -f web/dist/index.html ]] || { echo "test_web: web/dist not built (scripts/build_web.sh)" >&2; exit 1; }
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
db="sqlite:$work/web.db"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
"$bin" init --db "$db" --demo > "$work/init.log"
"$bin" demo generate --db "$db" --scale province > "$work/demo.log"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
"$bin" serve --db "$db" --listen "127.0.0.1:$port" --web-root web/dist --access-log off > "$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do
  if curl -fs "http://127.0.0.1:$port/healthz" > /dev/null 2>&1; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then cat "$work/serve.log" >&2; echo "test_web: server did not start" >&2; exit 1; fi
  sleep 0.2
done
echo "test_web: server on http://127.0.0.1:$port"
mkdir -p screenshots
set +e
(cd web && TIENBO_URL="http://127.0.0.1:$port" TIENBO_SCREENSHOTS="$PWD/../screenshots" node --test --test-concurrency=1 tests/)
rc=$?
set -e
if ((rc != 0)); then echo "--- server log (tail)"; tail -n 40 "$work/serve.log"; fi
exit $rc
