// Wording of the indicator dashboard: the progress statuses with their labels, shares and coverage as
// text, targets with their operators, the one-sentence explanation of a status.
import type { Schemas } from "../../lib/api";
import { t } from "../../lib/i18n";
import { fmtNumber } from "../../lib/format";
import {
  DEFAULT_MIN_COVERAGE,
  LAST_YEAR,
  type AnalyticsRow,
  type Indicator,
  type Progress,
  type Unit,
} from "./dashboard-data";

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
export function coverageShort(
  reported: number | null | undefined,
  expected: number | null | undefined,
  compact = false,
): string {
  if (reported === null || reported === undefined || expected === null || expected === undefined) return "";
  const p = share(reported, expected);
  const pv = p === null ? "" : ` (${fmtShare(p)})`;
  if (compact) return `${fmtNumber(reported, 0)}/${fmtNumber(expected, 0)}${pv}`;
  return t(
    `${fmtNumber(reported, 0)}/${fmtNumber(expected, 0)} đơn vị${pv}`,
    `${fmtNumber(reported, 0)} of ${fmtNumber(expected, 0)} units${pv}`,
  );
}

/** The coverage of an analytics row as a title (hover) text; "" without coverage. */
export function coverageTitle(r: AnalyticsRow | undefined | null): string {
  const c = r?.coverage;
  if (!c || c.reported === null || c.expected === null) return "";
  const base = coverageLine(c.reported, c.expected);
  return c.partial
    ? t(
        `${base} — số liệu chưa đầy đủ (dưới ${fmtShare(c.minimum)})`,
        `${base} — partial (below ${fmtShare(c.minimum)})`,
      )
    : base;
}

/** "— số liệu chưa đầy đủ (1/3.364 đơn vị)". */
export function partialNote(reported: number | null | undefined, expected: number | null | undefined): string {
  const has = reported !== null && reported !== undefined && expected !== null && expected !== undefined;
  return has
    ? t(
        `— số liệu chưa đầy đủ (${fmtNumber(reported, 0)}/${fmtNumber(expected, 0)} đơn vị)`,
        `— partial (${fmtNumber(reported, 0)} of ${fmtNumber(expected, 0)} units)`,
      )
    : t("— số liệu chưa đầy đủ", "— partial");
}

/** "* số liệu chưa đầy đủ: dưới 80 % đơn vị báo cáo". */
export function partialFootnote(minimum: number): string {
  return t(
    `* số liệu chưa đầy đủ: dưới ${fmtShare(minimum)} đơn vị báo cáo`,
    `* partial figure: fewer than ${fmtShare(minimum)} of the units reported`,
  );
}

/** "Chưa đầy đủ (dưới 80 % đơn vị báo cáo)": the legend of partial years. */
export function partialLegend(minimum: number): string {
  return t(
    `Chưa đầy đủ (dưới ${fmtShare(minimum)} đơn vị báo cáo)`,
    `Partial (fewer than ${fmtShare(minimum)} of units reported)`,
  );
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
export function fmtTarget(
  ind: Indicator,
  year: number | null | undefined,
  value: number | null | undefined,
  op: string | null | undefined,
): string {
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
    case "ge":
      return v >= target;
    case "gt":
      return v > target;
    case "le":
      return v <= target;
    case "lt":
      return v < target;
    case "eq":
      return Math.abs(v - target) < 1e-9;
    case "about":
      return Math.abs(v - target) <= Math.max(1, Math.abs(target) * 0.02);
    default:
      return false;
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
  const tValue = p?.targetYear ? (p.targetValue ?? null) : (own?.value ?? null);
  const tOp = p?.targetYear ? (p.targetOperator ?? null) : (own?.operator ?? null);
  const target =
    tValue !== null && tYear
      ? t(
          `mục tiêu ${tYear}: ${opSymbol(tOp)} ${fmtValue(tValue, ind)}`,
          `target ${tYear}: ${opSymbol(tOp)} ${fmtValue(tValue, ind)}`,
        )
      : t("chưa có mục tiêu", "no target");
  if (p?.status === "insufficient_coverage" || ((cur === null || curYear === null) && p?.partial)) {
    const min = fmtShare(p?.minCoverage ?? DEFAULT_MIN_COVERAGE);
    return t(
      `Chưa năm nào đủ ${min} đơn vị báo cáo nên chưa đánh giá được tiến độ; ${target}.`,
      `No year has ${min} of the units reporting, so progress cannot be assessed yet; ${target}.`,
    );
  }
  if (cur === null || curYear === null)
    return t(`Chưa có số liệu của đơn vị này; ${target}.`, `No values for this unit yet; ${target}.`);
  const now = t(`Năm ${curYear}: ${fmtValue(cur, ind)}`, `${curYear}: ${fmtValue(cur, ind)}`);
  if (tValue === null || !tYear || !tOp) return `${now}; ${target}.`;
  if (p ? p.status === "target_achieved" : meets(cur, tValue, tOp))
    return t(`${now}; ${target} — đã đạt.`, `${now}; ${target} — achieved.`);
  if (p?.status === "no_data")
    return t(
      `${now}; ${target}; chưa đủ số liệu nhiều năm để đánh giá xu hướng.`,
      `${now}; ${target}; not enough years of data to judge the trend.`,
    );
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
  if (!p || p.observedGrowth === null || p.requiredGrowth === null || p.baseYear === null || p.currentYear === null)
    return "";
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
