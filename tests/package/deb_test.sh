#!/usr/bin/env bash
# The Debian package's test (issue #12 item 8), as root on Debian 12 with or without systemd
# as PID 1:
#   1. builds the .deb (scripts/package.sh: Release build in build-release/, cpack) unless
#      given one, and runs lintian on it: any error (E:) fails;
#   2. dpkg -i: the tienbo system user, the files, the conffile, /var/lib/tienbo owned by tienbo;
#   3. runs the unit's ExecStartPre and ExecStart lines, parsed from the installed unit file
#      with the EnvironmentFile it names, as the unit's User (setpriv, no new privileges) in its
#      WorkingDirectory, and checks that /healthz answers 200 and /metrics answers on loopback;
#   4. dpkg -r: program, web app and unit gone, configuration and data kept;
#      dpkg -P: configuration, data and systemd state gone (the tienbo user stays, as Debian advises).
# It installs into this machine's real /usr, /etc and /var: it refuses to run where a tienbo
# package it did not install is present.
#   tests/package/deb_test.sh [PATH.deb]
set -euo pipefail
cd "$(dirname "$0")/../.."
[[ "$(id -u)" == 0 ]] || { echo "package test: needs root (dpkg -i)" >&2; exit 1; }
started=$(date +%s)
exec 9>/run/lock/tienbo-package-test.lock
flock -w 600 9 || { echo "package test: another run holds the lock" >&2; exit 1; }

marker=/var/lib/tienbo/.installed-by-package-test
if dpkg-query -W -f='${Status}' tienbo 2>/dev/null | grep -qE 'installed|config-files'; then
  if [[ -f $marker ]] || ! [[ -d /var/lib/tienbo ]]; then
    echo "package test: purging a tienbo package an earlier run left"
    dpkg -P tienbo >/dev/null
  else
    echo "package test: a tienbo package is installed here (not by this test); not touching it" >&2
    exit 1
  fi
fi

deb="${1:-}"
if [[ -z "$deb" ]]; then
  bash scripts/package.sh
  deb=$(ls build-release/tienbo_*.deb)
fi
built=$(date +%s)
fail() { echo "package test: FAILED: $*" >&2; exit 1; }
pass=0
ok() { pass=$((pass + 1)); echo "  ok: $*"; }

echo "== package test: $deb ($(du -k "$deb" | cut -f1) KiB)"
dpkg-deb -I "$deb" | sed -n '/Package:/,$p'
# Every shared library the packaged binary loads comes from a package its Depends names (libcurl4
# for the e-mail outbox among them), so `apt install ./tienbo_*.deb` brings what it needs.
depends=$(dpkg-deb -f "$deb" Depends)
bin_dir=$(mktemp -d)
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$bin_dir" ./usr/bin/tienbo
# The package names in Depends, each between spaces (versions and alternatives' bars dropped).
depends_names=" $(sed 's/([^)]*)//g; s/[,|]/ /g' <<<"$depends" | tr -s ' ') "
missing=""
resolved=$(ldd "$bin_dir/usr/bin/tienbo")
for lib in $(readelf -d "$bin_dir/usr/bin/tienbo" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
  path=$(awk -v l="$lib" '$1 == l && $2 == "=>" { print $3; exit }' <<<"$resolved")
  [[ -n "$path" && "$path" != "not" ]] || fail "$lib is not found on this system (ldd)"
  owner=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1 || true)
  [[ -n "$owner" ]] || owner=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1 || true)
  [[ -n "$owner" ]] || fail "no Debian package owns $lib ($path)"
  [[ "$depends_names" == *" $owner "* ]] || missing+=" $owner($lib)"
done
rm -rf "$bin_dir"
[[ -z "$missing" ]] || fail "Depends lacks:$missing (Depends: $depends)"
[[ "$depends_names" == *" libcurl4 "* ]] || fail "Depends lacks libcurl4 (Depends: $depends)"
ok "Depends names the package of every library the binary loads ($depends)"
echo "== lintian"
lintian_out=$(lintian --fail-on none --display-info "$deb" 2>&1 || true)
echo "${lintian_out:-  (no tags)}"
if grep -q '^E:' <<<"$lintian_out"; then fail "lintian reports errors"; fi
if grep -q 'no-manual-page' <<<"$lintian_out"; then fail "lintian finds no manual page"; fi
# The manual page, read from the package (a system may exclude /usr/share/man from installs).
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/man/man1/tienbo.1.gz | zcat | grep -q '^\.SH COMMANDS' ||
  fail "no manual page with its COMMANDS in the package"
ok "lintian: no errors ($(grep -c '^W:' <<<"$lintian_out" || true) warnings, $(grep -c '^I:' <<<"$lintian_out" || true) info)"
lint_done=$(date +%s)

server_pid=""
cleanup() {
  local rc=$?
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  if dpkg-query -W -f='${Status}' tienbo 2>/dev/null | grep -qE 'installed|config-files'; then dpkg -P tienbo >/dev/null 2>&1 || true; fi
  exit $rc
}
trap cleanup EXIT

echo "== dpkg -i"
DEBIAN_FRONTEND=noninteractive dpkg -i "$deb"
touch "$marker"
getent passwd tienbo >/dev/null || fail "no tienbo user"
IFS=: read -r _ _ uid gid _ home shell < <(getent passwd tienbo)
((uid < 1000)) || fail "tienbo is not a system user (uid $uid)"
[[ "$home" == /var/lib/tienbo ]] || fail "tienbo's home is $home"
[[ "$shell" == */nologin || "$shell" == /bin/false ]] || fail "tienbo's shell is $shell"
[[ "$(getent group tienbo | cut -d: -f3)" == "$gid" ]] || fail "no tienbo group"
ok "system user tienbo (uid $uid, home $home, shell $shell)"
for f in /usr/bin/tienbo /usr/share/tienbo/web/index.html /lib/systemd/system/tienbo.service /etc/tienbo/tienbo.conf \
         /usr/share/doc/tienbo/copyright /usr/share/doc/tienbo/changelog.gz; do
  [[ -f $f ]] || fail "$f missing"
done
ok "files installed"
[[ "$(stat -c %U:%G:%a /var/lib/tienbo)" == tienbo:tienbo:750 ]] || fail "/var/lib/tienbo is $(stat -c %U:%G:%a /var/lib/tienbo)"
[[ "$(stat -c %U:%G:%a /etc/tienbo/tienbo.conf)" == root:tienbo:640 ]] || fail "tienbo.conf is $(stat -c %U:%G:%a /etc/tienbo/tienbo.conf)"
dpkg-query -W -f='${Conffiles}\n' tienbo | grep -q '/etc/tienbo/tienbo.conf' || fail "tienbo.conf is not a conffile"
ok "data directory tienbo:tienbo 750, configuration root:tienbo 640 and a conffile"
[[ -L /etc/systemd/system/multi-user.target.wants/tienbo.service ]] || fail "the service was not enabled"
ok "service enabled (multi-user.target.wants)"
/usr/bin/tienbo version | grep -q tienbo || fail "tienbo version"

echo "== the unit's commands"
unit=/lib/systemd/system/tienbo.service
key() { sed -n "s/^$1=//p" "$unit"; }
user=$(key User); workdir=$(key WorkingDirectory); envfile=$(key EnvironmentFile)
[[ -n "$user" && -n "$workdir" && -n "$envfile" ]] || fail "unit lacks User, WorkingDirectory or EnvironmentFile"
grep -q '^SystemCallFilter=@system-service' "$unit" && grep -q '^ProtectSystem=strict' "$unit" && grep -q '^NoNewPrivileges=yes' "$unit" ||
  fail "unit lost its hardening"
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify "$unit" 2>&1 | grep -v -e 'Failed to connect' -e 'Falling back' | sed 's/^/  systemd-analyze: /' || true
fi
# What an administrator does: another port (a free one), in the configuration file.
port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[[ -n "$port" ]] || fail "no free port"
sed -i "s|^TIENBO_SERVE_OPTIONS=.*|TIENBO_SERVE_OPTIONS=--listen 127.0.0.1:$port|" /etc/tienbo/tienbo.conf
# systemd's EnvironmentFile (KEY=value lines) into an environment of its own, then each
# command's $VAR expanded into words as systemd does.
declare -a envv=()
while IFS= read -r line; do
  [[ "$line" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] && envv+=("$line")
done <"$envfile"
# Sets `cmd` to a unit command line as the unit would run it: as its User, without new
# privileges, in a clean environment of the EnvironmentFile's variables.
unit_command() {
  local cmdline="$1" word
  cmd=(setpriv --reuid="$user" --regid="$user" --init-groups --no-new-privs --inh-caps=-all
       env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$workdir" "${envv[@]}")
  for word in $cmdline; do
    if [[ "$word" =~ ^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$ ]]; then
      local name="${BASH_REMATCH[1]}" entry value=""
      for entry in "${envv[@]}"; do [[ "$entry" == "$name="* ]] && value="${entry#*=}"; done
      # shellcheck disable=SC2206  # systemd splits an unbraced $VAR at whitespace
      cmd+=($value)
    else
      cmd+=("$word")
    fi
  done
}
while IFS= read -r pre; do
  echo "  ExecStartPre: $pre"
  unit_command "$pre"
  (cd "$workdir" && exec "${cmd[@]}" 9>&-) >/dev/null || fail "ExecStartPre failed: $pre"
done < <(key ExecStartPre)
ok "ExecStartPre (tienbo init) created the database as $user"
[[ "$(stat -c %U /var/lib/tienbo/tienbo.db)" == "$user" ]] || fail "the database is not $user's"
execstart=$(key ExecStart)
echo "  ExecStart: $execstart"
log=$(mktemp)
unit_command "$execstart"
(cd "$workdir" && exec "${cmd[@]}" 9>&-) >"$log" 2>&1 &
server_pid=$!
status=""
for _ in $(seq 1 300); do
  status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz" || true)
  [[ "$status" == 200 ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; fail "the server exited"; }
  sleep 0.1
done
[[ "$status" == 200 ]] || { cat "$log" >&2; fail "/healthz answered '$status'"; }
ok "/healthz 200 from the unit's ExecStart as $user on port $port"
metrics=$(curl -s "http://127.0.0.1:$port/metrics")
grep -q '^tienbo_http_requests_total{route="/healthz",method="GET",status="200"} ' <<<"$metrics" || fail "/metrics does not count /healthz"
[[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-For: 203.0.113.9' "http://127.0.0.1:$port/metrics")" == 404 ]] ||
  fail "/metrics answers a proxied request"
ok "/metrics on loopback (and 404 through a proxy)"
curl -s "http://127.0.0.1:$port/" | grep -qi '<!doctype html' || fail "the web app is not served from /usr/share/tienbo/web"
ok "web app served"
kill -TERM "$server_pid"
wait "$server_pid" || fail "the server did not stop cleanly on SIGTERM"
server_pid=""
rm -f "$log"

echo "== dpkg -r"
dpkg -r tienbo
for f in /usr/bin/tienbo /usr/share/tienbo /lib/systemd/system/tienbo.service /usr/share/doc/tienbo /usr/share/man/man1/tienbo.1.gz; do
  [[ ! -e $f ]] || fail "$f left after dpkg -r"
done
[[ -f /etc/tienbo/tienbo.conf && -f /var/lib/tienbo/tienbo.db ]] || fail "dpkg -r removed the configuration or the data"
ok "removed: program, web app, unit, docs, manual page; kept: /etc/tienbo/tienbo.conf and /var/lib/tienbo/tienbo.db"
echo "== dpkg -P"
dpkg -P tienbo
for f in /etc/tienbo /var/lib/tienbo /etc/systemd/system/multi-user.target.wants/tienbo.service /etc/systemd/system/tienbo.service; do
  [[ ! -e $f && ! -L $f ]] || fail "$f left after dpkg -P"
done
! dpkg-statoverride --list /etc/tienbo/tienbo.conf >/dev/null || fail "statoverride left after dpkg -P"
! dpkg-query -W tienbo >/dev/null 2>&1 || fail "dpkg still knows tienbo"
getent passwd tienbo >/dev/null || fail "the tienbo user went (it is meant to stay)"
ok "purged: /etc/tienbo, /var/lib/tienbo, systemd links and state gone; the tienbo user stays"
end=$(date +%s)
echo "package test: build $((built - started)) s, lintian $((lint_done - built)) s, install/run/remove $((end - lint_done)) s, total $((end - started)) s"
echo "package: $pass passed, 0 failed"
