// An audit entry's before and after as a small key/value difference (old → new).
import type { ComponentChildren } from "preact";
import { Fragment } from "preact";
import { t } from "../../lib/i18n";
import { fieldLabel } from "../../lib/labels";

function show(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "string") return v === "" ? "“”" : v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  const s = JSON.stringify(v);
  return s.length > 300 ? s.slice(0, 300) + "…" : s;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

/** Before/after as key: old → new (only changed keys when both are objects). */
export function Diff(props: { before: unknown; after: unknown }): ComponentChildren {
  const { before, after } = props;
  if ((before === null || before === undefined) && (after === null || after === undefined))
    return <span class="muted">—</span>;
  if (isObj(before) || isObj(after)) {
    const b = isObj(before) ? before : {};
    const a = isObj(after) ? after : {};
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    const rows = keys.filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
    const shown = rows.length > 0 ? rows : keys;
    if (shown.length === 0) return <span class="muted">{t("không thay đổi", "no change")}</span>;
    return (
      <dl class="org-diff">
        {shown.slice(0, 30).map((k) => (
          <Fragment key={k}>
            <dt title={k}>{fieldLabel(k) ?? k}</dt>
            <dd>
              {k in b && isObj(before) && <span class="diff-old">{show(b[k])}</span>}
              {k in b && k in a && isObj(before) && isObj(after) && <span aria-hidden="true"> → </span>}
              {k in b && k in a && isObj(before) && isObj(after) && <span class="sr-only">{t(" thành ", " to ")}</span>}
              {k in a && isObj(after) && <span class={isObj(before) ? "diff-new" : ""}>{show(a[k])}</span>}
            </dd>
          </Fragment>
        ))}
        {shown.length > 30 && (
          <>
            <dt>…</dt>
            <dd class="muted">{t(`và ${shown.length - 30} trường khác`, `and ${shown.length - 30} more fields`)}</dd>
          </>
        )}
      </dl>
    );
  }
  return (
    <span>
      {before !== null && before !== undefined && <span class="diff-old">{show(before)}</span>}
      {before !== null && before !== undefined && after !== null && after !== undefined && " → "}
      {after !== null && after !== undefined && <span class="diff-new">{show(after)}</span>}
    </span>
  );
}
