#!/usr/bin/env bash
# Fails when an #include breaks the module dependency table (docs/architecture.md):
#   core: -            db: core             store: db core
#   analytics: core    io: core             auth: core     mail: core (the only libcurl user)
#   services: store analytics io auth core
#   http: services auth core (never store or db)
#   app: everything
# Also rejects includes that climb out of a module ("../") and Boost.Beast/Asio outside
# src/http/server_impl.hpp, which only src/http/server.cpp and connection.cpp include (keeps
# compile times low: two translation units with Beast).
set -euo pipefail
cd "$(dirname "$0")/.."
declare -A allowed=(
  [core]=""
  [db]="core"
  [store]="db core"
  [analytics]="core"
  [io]="core"
  [auth]="core"
  [mail]="core"
  [services]="store analytics io auth core"
  [http]="services auth core"
  [app]="http services store db analytics io auth mail core"
)
fail=0
for module in "${!allowed[@]}"; do
  dir="src/$module"
  [[ -d "$dir" ]] || { echo "layering: missing module directory $dir" >&2; fail=1; continue; }
  while IFS= read -r line; do
    file="${line%%:*}"
    other="$(sed -E 's/.*#include +"tienbo\/([a-z_]+)\/.*/\1/' <<<"$line")"
    [[ "$other" == "$module" ]] && continue
    if ! [[ " ${allowed[$module]} " == *" $other "* ]]; then
      echo "layering: $file includes tienbo/$other/, but $module may use only: ${allowed[$module]:-std}" >&2
      fail=1
    fi
  done < <(grep -rnE '#include +"tienbo/[a-z_]+/' "$dir" || true)
  if grep -rnE '#include +"\.\./' "$dir"; then
    echo "layering: relative include climbing out of $dir (above)" >&2
    fail=1
  fi
done
# Module directories not in the table are an error too.
for d in src/*/; do
  m="$(basename "$d")"
  [[ -v "allowed[$m]" ]] || { echo "layering: module src/$m is not in the dependency table" >&2; fail=1; }
done
if grep -rlE '#include +<curl/' src | grep -v '^src/mail/'; then
  echo "layering: libcurl included outside src/mail (files above)" >&2
  fail=1
fi
if grep -rlE '#include +<boost/(beast|asio)' src | grep -v '^src/http/server_impl.hpp$'; then
  echo "layering: Boost.Beast/Asio included outside src/http/server_impl.hpp (files above)" >&2
  fail=1
fi
if grep -rlE '#include +"server_impl.hpp"' src | grep -vE '^src/http/(server|connection)\.cpp$'; then
  echo "layering: src/http/server_impl.hpp (Boost.Beast/Asio) included outside server.cpp and connection.cpp (files above)" >&2
  fail=1
fi
if ((fail)); then exit 1; fi
echo "layering: ok (${#allowed[@]} modules)"
