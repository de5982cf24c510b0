#!/usr/bin/env bash
# README command (a): install, build, create the demo database on SQLite and
# start the server. Prints the URL and the demo login. Ctrl+C stops it.
#   TIENBO_LISTEN=127.0.0.1:8080 (default)   TIENBO_DEMO_DB=demo/tienbo.db (default)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh release
bash scripts/build_web.sh
db="${TIENBO_DEMO_DB:-demo/tienbo.db}"
listen="${TIENBO_LISTEN:-127.0.0.1:8080}"
mkdir -p "$(dirname "$db")"
fresh=0
[[ -f "$db" ]] || fresh=1
./build/bin/tienbo init --db "sqlite:$db" --demo
# A new demo database gets Hà Nội's 2021–2026 reports (deterministic, with a progress bar).
if [[ $fresh == 1 ]]; then ./build/bin/tienbo demo generate --db "sqlite:$db" --scale province; fi
echo
echo "================================================================"
echo " tienbo: http://$listen"
echo " Đăng nhập demo / demo login (mật khẩu / password TienBo-demo-2026):"
echo "   hoankiem.nhaplieu  nhập và nộp báo cáo của phường / enter and submit a ward's reports"
echo "   hanoi.truongban    duyệt, trả lại báo cáo / review and approve (Hà Nội)"
echo "   admin              quản trị toàn quốc / administrator (whole country)"
echo "================================================================"
exec ./build/bin/tienbo serve --db "sqlite:$db" --listen "$listen" --web-root web/dist
