// Data of the indicator dashboard: loaders over the API (few requests: one analytics call for
// every indicator of a unit), series by year, partial figures and coverage thresholds. Their
// wording is in dashboard-wording.ts.
import { api, call, type Schemas } from "../../lib/api";
import { todayIso } from "../../lib/format";
import { onSessionEnd, sessionMap } from "../../lib/session-cache";

export type Indicator = Schemas["Indicator"];
export type IndicatorGroup = Schemas["IndicatorGroup"];
export type Progress = Schemas["ProgressAssessment"];
export type AnalyticsRow = Schemas["AnalyticsRow"];
export type Unit = Schemas["Unit"];
export const FIRST_YEAR = 2021;
export const LAST_YEAR = Math.max(Number(todayIso().slice(0, 4)) || 2026, FIRST_YEAR);

export function years(from = FIRST_YEAR, to = LAST_YEAR): number[] {
  const out: number[] = [];
  for (let y = from; y <= to; y++) out.push(y);
  return out;
}

export const PE = years().join(";");

// ---------------------------------------------------------------- requests

export async function loadIndicators(): Promise<IndicatorGroup[]> {
  const r = await call(api.GET("/api/v1/indicators"));
  return r.groups;
}

export async function analytics(dx: string, ou: string, pe = PE): Promise<AnalyticsRow[]> {
  const r = await call(api.GET("/api/v1/analytics", { params: { query: { dx, ou, pe, format: "json" } } }));
  if (typeof r === "string") throw new Error("analytics: unexpected text answer");
  return r.rows;
}

/** dx → year → row. Rows of periods that are not years are left out. */
export type Series = Map<string, Map<number, AnalyticsRow>>;

export function bySeries(rows: AnalyticsRow[], ou?: string): Series {
  const m: Series = new Map();
  for (const r of rows) {
    if (ou && r.ou !== ou) continue;
    if (!/^\d{4}$/.test(r.pe)) continue;
    let s = m.get(r.dx);
    if (!s) m.set(r.dx, (s = new Map()));
    s.set(Number(r.pe), r);
  }
  return m;
}

/** The row's figure rests on too few reporting units (coverage below the threshold). */
export function isPartial(r: AnalyticsRow | undefined | null): boolean {
  return !!r && r.coverage?.partial === true;
}

/** The latest year with a value (not null) whose coverage reaches the threshold. */
export function latestComplete(s: Map<number, AnalyticsRow> | undefined): AnalyticsRow | undefined {
  if (!s) return undefined;
  let best: AnalyticsRow | undefined;
  for (const [y, r] of s) {
    if (r.value === null || r.value === undefined || isPartial(r)) continue;
    if (!best || y > Number(best.pe)) best = r;
  }
  return best;
}

/** The latest partial year with a value after `after` (any year when null). */
export function latestPartial(
  s: Map<number, AnalyticsRow> | undefined,
  after: number | null,
): AnalyticsRow | undefined {
  if (!s) return undefined;
  let best: AnalyticsRow | undefined;
  for (const [y, r] of s) {
    if (r.value === null || r.value === undefined || !isPartial(r)) continue;
    if (after !== null && y <= after) continue;
    if (!best || y > Number(best.pe)) best = r;
  }
  return best;
}

/** The threshold of coverage (%) of a series' rows; 80 when the server gives none. */
export function minCoverage(s: Iterable<AnalyticsRow> | undefined, fallback = DEFAULT_MIN_COVERAGE): number {
  for (const r of s ?? []) if (typeof r.coverage?.minimum === "number") return r.coverage.minimum;
  return fallback;
}

export const DEFAULT_MIN_COVERAGE = 80;

/** The latest year with a value (not null) in a series. */
export function latest(s: Map<number, AnalyticsRow> | undefined): AnalyticsRow | undefined {
  if (!s) return undefined;
  let best: AnalyticsRow | undefined;
  for (const [y, r] of s) {
    if (r.value === null || r.value === undefined) continue;
    if (!best || y > Number(best.pe)) best = r;
  }
  return best;
}

/** Runs the loader over the items, at most `limit` at a time. */
export async function mapLimit<T, R>(items: T[], limit: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const progressCache = sessionMap<string, Promise<Map<string, Progress>>>();

/** The progress of every indicator at a unit, in one request (cached for the life of the page). */
export function loadAllProgress(ou: string): Promise<Map<string, Progress>> {
  const hit = progressCache.get(ou);
  if (hit) return hit;
  const p = call(api.GET("/api/v1/progress", { params: { query: { ou, year: LAST_YEAR } } })).then(
    (r) => new Map(r.indicators.map((x) => [x.indicator, x] as const)),
    () => new Map<string, Progress>(),
  );
  progressCache.set(ou, p);
  return p;
}

export interface UnitContext {
  unit: Unit;
  ancestors: Unit[];
}

export async function loadUnitContext(code: string): Promise<UnitContext> {
  const [unit, anc] = await Promise.all([
    call(api.GET("/api/v1/units/{code}", { params: { path: { code } } })),
    call(api.GET("/api/v1/units/{code}/ancestors", { params: { path: { code } } })).catch(() => ({
      units: [] as Unit[],
    })),
  ]);
  return { unit, ancestors: anc.units };
}

export async function loadChildren(code: string): Promise<Unit[]> {
  const r = await call(api.GET("/api/v1/units", { params: { query: { parent: code } } }));
  return r.units;
}

export interface ElementInfo {
  code: string;
  nameVi: string;
  nameEn: string;
  options: { code: string; nameVi: string; nameEn: string }[];
  /** Has both options NU and NAM. */
  bySex: boolean;
  forms: string[];
}

let elementsPromise: Promise<ElementInfo[]> | null = null;
onSessionEnd(() => (elementsPromise = null));

/** Every data element of every form (newest versions), de-duplicated by code. */
export function loadElements(): Promise<ElementInfo[]> {
  if (elementsPromise) return elementsPromise;
  elementsPromise = (async () => {
    const list = await call(api.GET("/api/v1/forms"));
    const forms = await mapLimit(list.forms, 4, (f) =>
      call(api.GET("/api/v1/forms/{code}", { params: { path: { code: f.code } } })),
    );
    const m = new Map<string, ElementInfo>();
    for (const f of forms) {
      for (const s of f.sections) {
        for (const e of s.elements) {
          const old = m.get(e.code);
          if (old) {
            if (!old.forms.includes(f.code)) old.forms.push(f.code);
            continue;
          }
          const codes = e.options.map((o) => o.code);
          m.set(e.code, {
            code: e.code,
            nameVi: e.nameVi,
            nameEn: e.nameEn ?? "",
            options: e.options.map((o) => ({ code: o.code, nameVi: o.nameVi, nameEn: o.nameEn ?? "" })),
            bySex: codes.includes("NU") && codes.includes("NAM"),
            forms: [f.code],
          });
        }
      }
    }
    return [...m.values()];
  })();
  elementsPromise.catch(() => {
    elementsPromise = null;
  });
  return elementsPromise;
}
