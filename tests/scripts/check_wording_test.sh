#!/usr/bin/env bash
# scripts/check_wording.sh seen failing: a screen that says "Chỉ số" for the Strategy's chỉ tiêu,
# or "Bổ nhiệm thành viên" for adding a member, fails the check with the file, the line and the
# word; the same file with the glossary's words passes; the tree passes.
source "$(dirname "$0")/probe_lib.sh"

mkdir -p "$tmp/bad" "$tmp/good"
cat >"$tmp/bad/nav.tsx" <<'TSX'
const NAV = [{ path: "/dashboard", vi: "Chỉ số", en: "Indicators" }];
export const add = t("Bổ nhiệm thành viên", "Appoint a member");
TSX
cat >"$tmp/good/nav.tsx" <<'TSX'
const NAV = [{ path: "/dashboard", vi: "Chỉ tiêu", en: "Targets" }];
export const add = t("Bổ sung thành viên", "Add a member");
TSX

set +e
out="$(bash "$root/scripts/check_wording.sh" "$tmp/bad" 2>&1)"; rc=$?
set -e
expect "a screen with avoided words fails" '[[ $rc -ne 0 ]]'
expect "the failure names the word and where it is" '[[ "$out" == *"\"Chỉ số\" is not the field'"'"'s word"*"bad/nav.tsx:1:"* ]]'
expect "every avoided word is reported, not only the first" '[[ "$out" == *"\"Bổ nhiệm thành viên\""*"bad/nav.tsx:2:"* ]]'
expect "the glossary's words pass" 'bash "$root/scripts/check_wording.sh" "$tmp/good" >/dev/null'
expect "the tree uses the glossary's words" 'bash "$root/scripts/check_wording.sh" >/dev/null'
finish
