// Data and wording of the indicator dashboard: loaders over the API (few requests: one
// analytics call for every indicator of a unit), the progress statuses with their labels,
// targets with their operators and the one-sentence explanation of a status.
import { api, call, type Schemas } from "../../lib/api";
import { t } from "../../lib/i18n";
import { fmtNumber, todayIso } from "../../lib/format";
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
export function latestPartial(s: Map<number, AnalyticsRow> | undefined, after: number | null): AnalyticsRow | undefined {
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
    call(api.GET("/api/v1/units/{code}/ancestors", { params: { path: { code } } })).catch(() => ({ units: [] as Unit[] })),
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
    const forms = await mapLimit(list.forms, 4, (f) => call(api.GET("/api/v1/forms/{code}", { params: { path: { code: f.code } } })));
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

// ---------------------------------------------------------------- wording

export type StatusCode = Progress["status"];

interface StatusInfo {
  vi: string;
  en: string;
  icon: string;
}

export const STATUS: Record<StatusCode, StatusInfo> = {
  target_achieved: { vi: "Đã đạt mục tiêu", en: "Target achieved", icon: "✓" },
  on_track: { vi: "Đúng tiến độ", en: "On track", icon: "↗" },
  needs_acceleration: { vi: "Cần đẩy nhanh", en: "Needs attention", icon: "!" },
  off_track: { vi: "Chậm tiến độ", en: "Off track", icon: "✕" },
  deteriorating: { vi: "Đang xấu đi", en: "Deteriorating", icon: "↘" },
  no_data: { vi: "Chưa đủ số liệu", en: "No data", icon: "–" },
  insufficient_coverage: { vi: "Chưa đủ đơn vị báo cáo", en: "Not enough units reported", icon: "◔" },
};

export function statusText(s: StatusCode): string {
  const i = STATUS[s];
  return i ? t(i.vi, i.en) : s;
}

/**
 * "97 %" in Vietnamese, "97%" in English: whole numbers from 10 %, decimals below. A share
 * under 100 % (or under the threshold `below`) is never rounded up to it: 99,6 % stays "99,6 %".
 */
export function fmtShare(p: number | null | undefined, below?: number): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "—";
  let digits = p > 0 && p < 1 ? 2 : p < 10 ? 1 : 0;
  const limit = [100, below ?? Infinity].find((x) => p < x && Math.round(p) >= x);
  let v = p;
  if (limit !== undefined) {
    digits = 1;
    v = Math.floor(p * 10) / 10;
  }
  const n = fmtNumber(v, digits);
  return t(`${n} %`, `${n}%`);
}

function share(reported: number, expected: number): number | null {
  return expected > 0 ? Math.min(100, (reported / expected) * 100) : null;
}

/** "Dựa trên 126/130 đơn vị báo cáo (97 %)". */
export function coverageLine(reported: number, expected: number): string {
  const p = share(reported, expected);
  const pv = p === null ? "" : ` (${fmtShare(p)})`;
  return t(
    `Dựa trên ${fmtNumber(reported, 0)}/${fmtNumber(expected, 0)} đơn vị báo cáo${pv}`,
    `Based on ${fmtNumber(reported, 0)} of ${fmtNumber(expected, 0)} reporting units${pv}`,
  );
}

/** "126/130 đơn vị (97 %)" for tooltips; "126/130 (97 %)" (`compact`) for table cells under a heading that names the units. */
export function coverageShort(reported: number | null | undefined, expected: number | null | undefined, compact = false): string {
  if (reported === null || reported === undefined || expected === null || expected === undefined) return "";
  const p = share(reported, expected);
  const pv = p === null ? "" : ` (${fmtShare(p)})`;
  if (compact) return `${fmtNumber(reported, 0)}/${fmtNumber(expected, 0)}${pv}`;
  return t(`${fmtNumber(reported, 0)}/${fmtNumber(expected, 0)} đơn vị${pv}`, `${fmtNumber(reported, 0)} of ${fmtNumber(expected, 0)} units${pv}`);
}

/** The coverage of an analytics row as a title (hover) text; "" without coverage. */
export function coverageTitle(r: AnalyticsRow | undefined | null): string {
  const c = r?.coverage;
  if (!c || c.reported === null || c.expected === null) return "";
  const base = coverageLine(c.reported, c.expected);
  return c.partial
    ? t(`${base} — số liệu chưa đầy đủ (dưới ${fmtShare(c.minimum)})`, `${base} — partial (below ${fmtShare(c.minimum)})`)
    : base;
}

/** "— số liệu chưa đầy đủ (1/3.364 đơn vị)". */
export function partialNote(reported: number | null | undefined, expected: number | null | undefined): string {
  const has = reported !== null && reported !== undefined && expected !== null && expected !== undefined;
  return has
    ? t(`— số liệu chưa đầy đủ (${fmtNumber(reported, 0)}/${fmtNumber(expected, 0)} đơn vị)`, `— partial (${fmtNumber(reported, 0)} of ${fmtNumber(expected, 0)} units)`)
    : t("— số liệu chưa đầy đủ", "— partial");
}

/** "* số liệu chưa đầy đủ: dưới 80 % đơn vị báo cáo". */
export function partialFootnote(minimum: number): string {
  return t(`* số liệu chưa đầy đủ: dưới ${fmtShare(minimum)} đơn vị báo cáo`, `* partial figure: fewer than ${fmtShare(minimum)} of the units reported`);
}

/** "Chưa đầy đủ (dưới 80 % đơn vị báo cáo)": the legend of partial years. */
export function partialLegend(minimum: number): string {
  return t(`Chưa đầy đủ (dưới ${fmtShare(minimum)} đơn vị báo cáo)`, `Partial (fewer than ${fmtShare(minimum)} of units reported)`);
}

const OPS: Record<string, [string, string]> = {
  ge: ["≥", "≥"],
  gt: [">", ">"],
  le: ["≤", "≤"],
  lt: ["<", "<"],
  eq: ["=", "="],
  about: ["khoảng", "about"],
};

export function opSymbol(op: string | null | undefined): string {
  if (!op) return "";
  const o = OPS[op];
  return o ? t(o[0], o[1]) : op;
}

export function isPercent(ind: Indicator): boolean {
  return ind.unitVi.trim() === "%";
}

export function unitText(ind: Indicator): string {
  return t(ind.unitVi, ind.unitEn || ind.unitVi);
}

/** "58,9 %" or "112,3 bé trai/100 bé gái". */
export function fmtValue(v: number | null | undefined, ind: Indicator): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const n = fmtNumber(v, ind.decimals);
  const u = unitText(ind);
  if (!u) return n;
  return u.startsWith("/") ? `${n}${u}` : `${n} ${u}`;
}

/** "≥ 60 % (2030)". */
export function fmtTarget(ind: Indicator, year: number | null | undefined, value: number | null | undefined, op: string | null | undefined): string {
  if (value === null || value === undefined || !year) return t("chưa có mục tiêu", "no target");
  return `${opSymbol(op)} ${fmtValue(value, ind)} (${year})`;
}

/** The target of the indicator that applies to a year: the next one at or after it, else the last. */
export function targetFor(ind: Indicator, year: number): Schemas["IndicatorTarget"] | undefined {
  const ts = [...ind.targets].sort((a, b) => a.year - b.year);
  return ts.find((x) => x.year >= year) ?? ts.filter((x) => x.onward).pop() ?? ts[ts.length - 1];
}

function meets(v: number, target: number, op: string): boolean {
  switch (op) {
    case "ge": return v >= target;
    case "gt": return v > target;
    case "le": return v <= target;
    case "lt": return v < target;
    case "eq": return Math.abs(v - target) < 1e-9;
    case "about": return Math.abs(v - target) <= Math.max(1, Math.abs(target) * 0.02);
    default: return false;
  }
}

/** One sentence explaining the status from the numbers behind it. */
export function explain(ind: Indicator, p: Progress | null | undefined, fallback?: AnalyticsRow): string {
  const cur = p?.currentValue ?? fallback?.value ?? null;
  const curYear = p?.currentYear ?? (fallback ? Number(fallback.pe) : null);
  // the assessment's target, else the indicator's for the year shown (an assessment without
  // a current year, as for insufficient coverage, names none)
  const own = p?.targetYear ? null : targetFor(ind, curYear ?? p?.partial?.year ?? LAST_YEAR);
  const tYear = p?.targetYear ?? own?.year ?? null;
  const tValue = p?.targetYear ? p.targetValue ?? null : own?.value ?? null;
  const tOp = p?.targetYear ? p.targetOperator ?? null : own?.operator ?? null;
  const target = tValue !== null && tYear ? t(`mục tiêu ${tYear}: ${opSymbol(tOp)} ${fmtValue(tValue, ind)}`, `target ${tYear}: ${opSymbol(tOp)} ${fmtValue(tValue, ind)}`) : t("chưa có mục tiêu", "no target");
  if (p?.status === "insufficient_coverage" || ((cur === null || curYear === null) && p?.partial)) {
    const min = fmtShare(p?.minCoverage ?? DEFAULT_MIN_COVERAGE);
    return t(
      `Chưa năm nào đủ ${min} đơn vị báo cáo nên chưa đánh giá được tiến độ; ${target}.`,
      `No year has ${min} of the units reporting, so progress cannot be assessed yet; ${target}.`,
    );
  }
  if (cur === null || curYear === null) return t(`Chưa có số liệu của đơn vị này; ${target}.`, `No values for this unit yet; ${target}.`);
  const now = t(`Năm ${curYear}: ${fmtValue(cur, ind)}`, `${curYear}: ${fmtValue(cur, ind)}`);
  if (tValue === null || !tYear || !tOp) return `${now}; ${target}.`;
  if (p ? p.status === "target_achieved" : meets(cur, tValue, tOp)) return t(`${now}; ${target} — đã đạt.`, `${now}; ${target} — achieved.`);
  if (p?.status === "no_data") return t(`${now}; ${target}; chưa đủ số liệu nhiều năm để đánh giá xu hướng.`, `${now}; ${target}; not enough years of data to judge the trend.`);
  const gap = tValue - cur;
  const pts = isPercent(ind) ? t(" điểm %", " points") : "";
  const up = gap > 0;
  if (tYear > curYear) {
    const perYear = Math.abs(gap) / (tYear - curYear);
    const amount = `${fmtNumber(perYear, Math.max(ind.decimals, 1))}${pts}`;
    return up
      ? t(`${now}; ${target}; cần tăng ${amount}/năm.`, `${now}; ${target}; needs to rise ${amount} a year.`)
      : t(`${now}; ${target}; cần giảm ${amount}/năm.`, `${now}; ${target}; needs to fall ${amount} a year.`);
  }
  const amount = `${fmtNumber(Math.abs(gap), Math.max(ind.decimals, 1))}${pts}`;
  return up
    ? t(`${now}; ${target}; còn thiếu ${amount}.`, `${now}; ${target}; ${amount} short.`)
    : t(`${now}; ${target}; còn cao hơn ${amount}.`, `${now}; ${target}; ${amount} too high.`);
}

/** The growth numbers of the Statistics Canada method, as a short line; "" when not computed. */
export function growthLine(p: Progress | null | undefined): string {
  if (!p || p.observedGrowth === null || p.requiredGrowth === null || p.baseYear === null || p.currentYear === null) return "";
  const pct = (x: number) => `${x >= 0 ? "+" : ""}${fmtNumber(x * 100, 1)} %`;
  return t(
    `Tăng bình quân ${p.baseYear}–${p.currentYear}: ${pct(p.observedGrowth)}/năm; cần ${pct(p.requiredGrowth)}/năm.`,
    `Average growth ${p.baseYear}–${p.currentYear}: ${pct(p.observedGrowth)} a year; needed ${pct(p.requiredGrowth)} a year.`,
  );
}

export function hierarchyLabel(h: string, children: Unit[]): string {
  if (h === "territorial") return t("Theo lãnh thổ", "Territorial");
  const code = h.replace(/^sector:/, "");
  const u = children.find((c) => c.code === code);
  if (u) return t(u.nameVi, u.nameEn || u.nameVi);
  return t(`Ngành ${code}`, `Sector ${code}`);
}

export { unitTypeLabel as typeLabel } from "../../lib/labels";
