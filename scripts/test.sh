#!/usr/bin/env bash
# README command (b): install, build and run every test.
#   - layering, migration, wording (docs/glossary.md) and code shape checks (scripts/check_shape.sh:
#     file lengths, handler lengths, routes outside the route table, JSON built by hand), and the
#     C++ format check (scripts/check_format.sh: clang-format 14 with .clang-format)
#   - the Debug build with AddressSanitizer + UndefinedBehaviorSanitizer, then clang-tidy 14 over
#     every source of src/ with the checks of .clang-tidy (scripts/check_tidy.sh; a finding fails)
#   - the web build (type check and the initial-JS size budget), ESLint over web/ and Prettier's
#     check of web/ (npm run format:check; `npm run format` in web/ formats)
#   - every GoogleTest suite under ctest, with a throwaway PostgreSQL 15 cluster
#     so the PostgreSQL half of each parameterised suite runs (it fails, not skips,
#     when PostgreSQL is unusable)
#   - the browser tests: Chromium driven by playwright-core against a tienbo server
#     on a loopback port with a fresh demo database (scripts/test_web.sh)
#   - every libFuzzer target of fuzz/ for FUZZ_SECONDS each (default 15; scripts/fuzz.sh,
#     clang-14 with ASan + UBSan in build-fuzz/); a crash fails the run
#   - the Debian package (tests/package/deb_test.sh): a Release build in build-release/, cpack,
#     lintian, then dpkg -i, the unit's commands run as the tienbo user, dpkg -r and dpkg -P
#     on this machine (as root; skipped with a notice for a non-root user)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== layering";   bash scripts/check_layering.sh
echo "== migrations"; bash scripts/check_migrations.sh
echo "== wording";    bash scripts/check_wording.sh
echo "== shape";      bash scripts/check_shape.sh
echo "== format";     bash scripts/check_format.sh
echo "== build (debug, ASan + UBSan)"
bash scripts/build.sh debug
echo "== tidy (clang-tidy over src/, .clang-tidy)"; bash scripts/check_tidy.sh
echo "== web build"
bash scripts/build_web.sh
echo "== web lint (ESLint, no warning allowed)"
(cd web && npm run --silent lint)
echo "== web format (Prettier)"; (cd web && npm run --silent format:check)
echo "== tests"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
log="$(mktemp)"
set +e
bash scripts/with_postgres.sh ctest --test-dir build-debug -j "$(nproc)" --output-on-failure --timeout 300 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
pg_passed=$(grep -cE 'Test +#[0-9]+: (Backends/[A-Za-z]+\.[A-Za-z]+/Postgres|CliPostgres\.)[^ ]* .* Passed' "$log" || true)
echo "PostgreSQL tests passed: $pg_passed"
rm -f "$log"
if ((rc == 0 && pg_passed == 0)); then
  echo "test: no PostgreSQL test ran; failing" >&2
  exit 1
fi
echo "== browser tests (Chromium)"
set +e
bash scripts/test_web.sh build-debug/bin/tienbo
web_rc=$?
set -e
echo "== fuzz (${FUZZ_SECONDS:-15} s per target)"
set +e
bash scripts/fuzz.sh "${FUZZ_SECONDS:-15}"
fuzz_rc=$?
set -e
echo "== package (.deb: build, lintian, install, run, remove)"
package_rc=0
if [[ "$(id -u)" == 0 ]]; then
  set +e
  TIENBO_WEB_BUILT=1 bash tests/package/deb_test.sh
  package_rc=$?
  set -e
  package_result=$([[ $package_rc == 0 ]] && echo passed || echo FAILED)
else
  package_result="skipped (needs root)"
  echo "test: the package test installs with dpkg and needs root; skipped"
fi
echo "PostgreSQL tests passed: $pg_passed; browser tests: $([[ $web_rc == 0 ]] && echo passed || echo FAILED);" \
  "fuzzing: $([[ $fuzz_rc == 0 ]] && echo passed || echo FAILED); package: $package_result"
if ((rc != 0)); then exit $rc; fi
if ((web_rc != 0)); then exit $web_rc; fi
if ((fuzz_rc != 0)); then exit $fuzz_rc; fi
exit $package_rc
