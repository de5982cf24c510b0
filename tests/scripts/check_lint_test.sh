#!/usr/bin/env bash
# ESLint over web/ seen failing: code with an unused variable, a hook called conditionally, or a
# warning (a hook's missing dependency), or a feature importing another feature's folder fails `npm run lint`'s rules; the same code fixed passes;
# the tree passes. Needs web/node_modules (scripts/setup.sh installs it).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root/web"
[[ -x node_modules/.bin/eslint ]] || { echo "check_lint_test: web/node_modules missing (run scripts/setup.sh)" >&2; exit 1; }
fails=0
expect() { if ! eval "$2"; then echo "FAIL: $1" >&2; fails=$((fails + 1)); else echo "ok: $1"; fi; }
lint() { set +e; out="$(printf '%s\n' "$2" | node_modules/.bin/eslint --max-warnings=0 --stdin --stdin-filename "$1" 2>&1)"; rc=$?; set -e; }

lint src/probe.ts 'const unused = 1;
export const used = 2;'
expect "an unused variable fails" '[[ $rc -ne 0 && "$out" == *"no-unused-vars"* ]]'
lint src/probe.tsx 'import { useState } from "preact/hooks";
export function P(props: { on: boolean }) { if (props.on) { const [x] = useState(0); return x; } return 0; }'
expect "a hook called conditionally fails" '[[ $rc -ne 0 && "$out" == *"rules-of-hooks"* ]]'
lint src/probe.tsx 'import { useEffect } from "preact/hooks";
export function P(props: { id: string }) { useEffect(() => { document.title = props.id; }, []); return null; }'
expect "a warning fails too (no warning allowed)" '[[ $rc -ne 0 && "$out" == *"exhaustive-deps"* ]]'
lint src/features/audit/probe.ts 'export { roleLabel } from "../org/org-common";'
expect "a feature importing another feature's folder fails" '[[ $rc -ne 0 && "$out" == *"no-restricted-imports"* ]]'
lint src/features/consolidation/probe.ts 'export { type Report } from "../report/report-model";
export { unitTypeLabel } from "../../lib/labels";'
expect "the report model and lib/ may be imported" '[[ $rc -eq 0 ]]'
lint src/probe.ts 'export const used = 2;'
expect "clean code passes" '[[ $rc -eq 0 ]]'
expect "the tree passes" 'node_modules/.bin/eslint --max-warnings=0 . >/dev/null'
((fails == 0)) || { echo "$fails check(s) failed" >&2; exit 1; }
