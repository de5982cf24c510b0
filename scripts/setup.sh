#!/usr/bin/env bash
# Installs every Debian package the build, the tests, the benchmarks and the
# server need, and the web app's npm packages (npm ci, committed lockfile).
# Idempotent: on a machine that already has everything it installs nothing.
# Works as root on a fresh Debian 12; as another user it uses sudo for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git ca-certificates curl
  # C++ libraries (Debian 12: Boost 1.81)
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libpq-dev libssl-dev libargon2-dev libcli11-dev
  libcurl4-openssl-dev  # SMTP (src/mail: e-mail of notifications)
  libxlsxwriter-dev libzip-dev libpugixml-dev
  # fuzzing (scripts/fuzz.sh): clang-14, and libFuzzer + the sanitizer runtimes (libclang_rt.fuzzer)
  clang-14 libclang-rt-14-dev
  clang-format-14  # scripts/check_format.sh (the C++ format check)
  clang-tidy-14  # scripts/check_tidy.sh (the C++ linter, .clang-tidy)
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev postgresql-15 postgresql-client-15 wrk
  python3  # scripts/test_web.sh (a free port), scripts/check_shape.sh (handler lengths)
  # the Debian package (scripts/package.sh, tests/package/deb_test.sh)
  lintian
  libyaml-cpp-dev  # the hostile-input suite reads docs/openapi.yaml (tests/http/spec_hostile_test.cpp)
  # browser tests
  chromium
)

SUDO=""
if [[ "$(id -u)" != "0" ]]; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then missing+=("$p"); fi
done
# Node.js: any installed node >= 18 will do (Debian's nodejs 18, or a newer one already present).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then missing+=(nodejs npm); fi

if ((${#missing[@]})); then
  echo "setup: installing ${#missing[@]} Debian package(s): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup: all Debian packages present"
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if ((node_major < 18)); then
  echo "setup: Node.js $(node --version) is too old; the web build needs Node.js 18 or newer" >&2
  exit 1
fi

# Web packages: npm ci when node_modules is missing or older than the lockfile.
if [[ ! -f web/node_modules/.package-lock.json || web/package-lock.json -nt web/node_modules/.package-lock.json ]]; then
  echo "setup: npm ci (web/)"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
else
  echo "setup: web/node_modules up to date"
fi
