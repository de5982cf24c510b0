#!/usr/bin/env bash
# The web app in headless Chromium: the initial JavaScript size and the time to show the full
# annual report forms on the demo data (Release server, demo database of Hà Nội).
#   bash bench/web_bench.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh > /dev/null
bash scripts/build.sh release > /dev/null
bash scripts/build_web.sh | tail -n 1
mkdir -p bench/data
db="bench/data/web-demo.db"
if [[ ! -f "$db" ]]; then
  ./build/bin/tienbo init --db "sqlite:$db" --demo > /dev/null
  ./build/bin/tienbo demo generate --db "sqlite:$db" --scale province > /dev/null
fi
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
./build/bin/tienbo serve --db "sqlite:$db" --listen "127.0.0.1:$port" --web-root web/dist --access-log off > /dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/healthz" > /dev/null 2>&1 && break; sleep 0.2; done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(chromium --version 2>/dev/null | head -n1)"
node bench/web_render_bench.mjs "http://127.0.0.1:$port" "${1:-20}"
