#!/usr/bin/env bash
# Builds the Debian package: a Release build in build-release/ (hardening flags as
# dpkg-buildflags gives them, plus -z now), the web app into web/dist, then CPack's DEB
# generator (cmake/TienboPackage.cmake, files in packaging/deb/). Prints the .deb's path.
#   scripts/package.sh            -> build-release/tienbo_<version>_<arch>.deb
# Environment: JOBS (build parallelism, default nproc), TIENBO_WEB_BUILT=1 (web/dist is
# already current: skip scripts/build_web.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${JOBS:-$(nproc)}"
started=$(date +%s)
if [[ "${TIENBO_WEB_BUILT:-0}" != 1 ]]; then bash scripts/build_web.sh; fi
[[ -f web/dist/index.html ]] || { echo "package: web/dist/index.html missing; run scripts/build_web.sh" >&2; exit 1; }
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
# Debian's hardening (dpkg-buildflags: stack protector, _FORTIFY_SOURCE, format security, RELRO)
# and immediate binding; -O3 -DNDEBUG come from the Release configuration.
cxxflags="-fstack-protector-strong -D_FORTIFY_SOURCE=2 -Wformat -Werror=format-security"
ldflags="-Wl,-z,relro -Wl,-z,now"
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DTIENBO_BUILD_TESTS=OFF -DTIENBO_BUILD_BENCH=OFF \
  -DTIENBO_PACKAGE=ON -DCMAKE_CXX_FLAGS="$cxxflags" -DCMAKE_EXE_LINKER_FLAGS="$ldflags" >/dev/null
cmake --build build-release -j "$jobs"
built=$(date +%s)
rm -f build-release/tienbo_*.deb
(cd build-release && cpack -G DEB >/dev/null)
deb=$(ls build-release/tienbo_*.deb)
echo "package: $deb ($(du -k "$deb" | cut -f1) KiB; build $((built - started)) s, cpack $(($(date +%s) - built)) s)"
