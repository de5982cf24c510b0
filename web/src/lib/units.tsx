// Units as every screen shows them: validity across the 1/7/2025 reform, links, and names by code
// (fetched once per session).
import { useEffect, useState } from "preact/hooks";
import { api, call, type Schemas } from "./api";
import { pick, t } from "./i18n";
import { todayIso } from "./format";
import { href } from "./router";
import { sessionMap } from "./session-cache";

export type Unit = Schemas["Unit"];

/** The first day of the units of the 1/7/2025 reform. */
export const REFORM_DAY = "2025-07-01";
export const OPEN_END = "9999-12-31";

/** "01/07/2025 – nay" style validity. */
export function validityText(u: { validFrom: string; validTo: string }): string {
  const to = u.validTo === OPEN_END ? t("đến nay", "to date") : `${t("đến", "to")} ${fmtDay(u.validTo)}`;
  if (u.validFrom === "0001-01-01")
    return u.validTo === OPEN_END
      ? t("không thời hạn", "open-ended")
      : u.validTo === "2025-06-30"
        ? t("đến 30/06/2025 (đơn vị cũ)", "until 30/06/2025 (former unit)")
        : `${t("đến", "until")} ${fmtDay(u.validTo)}`;
  return `${t("từ", "from")} ${fmtDay(u.validFrom)} ${to}`;
}

function fmtDay(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

export function isFormer(u: { validTo: string }): boolean {
  return u.validTo < todayIso();
}

/** The date to address a unit by in a link: none for today's units, its last day for a former one. */
export function unitAsOf(u: { validFrom: string; validTo: string }): string | undefined {
  const today = todayIso();
  if (u.validFrom <= today && u.validTo >= today) return undefined;
  if (u.validTo < today) return u.validTo;
  return u.validFrom;
}

export function unitHref(u: { code: string; validFrom: string; validTo: string }): string {
  return href(["units", u.code], { asOf: unitAsOf(u) });
}

// ---------------------------------------------------------------- unit names

const nameCache = sessionMap<string, Promise<Unit | null>>();

/** One unit (as of today), cached; null when it cannot be read. */
export function fetchUnit(code: string): Promise<Unit | null> {
  let p = nameCache.get(code);
  if (!p) {
    p = call(api.GET("/api/v1/units/{code}", { params: { path: { code } } })).catch(() => null);
    nameCache.set(code, p);
  }
  return p;
}

/** Names of units by code, filled in as they arrive. */
export function useUnitNames(codes: (string | null | undefined)[]): Record<string, Unit | null> {
  const [names, setNames] = useState<Record<string, Unit | null>>({});
  const key = [...new Set(codes.filter((c): c is string => !!c))].sort().join("|");
  useEffect(() => {
    let live = true;
    const list = key ? key.split("|") : [];
    for (const code of list) {
      void fetchUnit(code).then((u) => {
        if (live) setNames((n) => (code in n ? n : { ...n, [code]: u }));
      });
    }
    return () => {
      live = false;
    };
  }, [key]);
  return names;
}

/** A unit code shown with its name when known, as a link to the unit. */
export function UnitRef(props: {
  code: string | null | undefined;
  names: Record<string, Unit | null>;
  link?: boolean;
}) {
  const code = props.code;
  if (!code) return <span class="muted">—</span>;
  const u = props.names[code];
  const label = u ? pick(u) : "";
  const body = (
    <>
      {label || code}
      {label && <span class="org-code"> ({code})</span>}
    </>
  );
  if (props.link === false) return <span>{body}</span>;
  return <a href={href(["units", code])}>{body}</a>;
}

// ---------------------------------------------------------------- forms
