// ECharts options of the dashboard's three charts. Numbers go through fmtNumber (1.234,5 in
// Vietnamese), texts through t(); colours are paired with patterns (aria decals) and legends.
import { t } from "../../lib/i18n";
import { fmtNumber } from "../../lib/format";
import type { ChartOption } from "./dashboard-chart";
import {
  FIRST_YEAR,
  LAST_YEAR,
  coverageShort,
  isPartial,
  isPercent,
  minCoverage,
  opSymbol,
  partialLegend,
  unitText,
  years,
  type AnalyticsRow,
  type Indicator,
} from "./dashboard-data";

export const COLORS = {
  value: "#8a1f4f",
  target: "#3d4650",
  female: "#8a1f4f",
  male: "#0b57a4",
  bar: "#0b57a4",
};

const TEXT = { color: "#1f2328", fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif" };

function num(v: unknown, decimals: number): string {
  if (typeof v === "number") return fmtNumber(v, decimals);
  if (Array.isArray(v) && typeof v[v.length - 1] === "number") return fmtNumber(v[v.length - 1] as number, decimals);
  return "—";
}

export interface PathPoint {
  year: number;
  value: number;
  kind: "baseline" | "first" | "target";
  operator?: string;
}

/** The target path: from the baseline (or the first value) through each later target. */
export function targetPath(ind: Indicator, series: Map<number, AnalyticsRow> | undefined): PathPoint[] {
  const pts: PathPoint[] = [];
  if (ind.baseline) pts.push({ year: ind.baseline.year, value: ind.baseline.value, kind: "baseline" });
  else if (series) {
    // a partial figure is no starting point
    const first = [...series.entries()].filter(([, r]) => r.value !== null && r.value !== undefined && !isPartial(r)).sort((a, b) => a[0] - b[0])[0];
    if (first) pts.push({ year: first[0], value: first[1].value as number, kind: "first" });
  }
  if (pts.length === 0) return [];
  for (const tg of [...ind.targets].sort((a, b) => a.year - b.year)) {
    if (tg.year > pts[0].year) pts.push({ year: tg.year, value: tg.value, kind: "target", operator: tg.operator });
  }
  return pts.length > 1 ? pts : [];
}

export function trendYears(path: PathPoint[]): number[] {
  const lo = Math.min(FIRST_YEAR, ...path.map((p) => p.year));
  const hi = Math.max(LAST_YEAR, ...path.map((p) => p.year));
  return years(lo, hi);
}

export function trendOption(ind: Indicator, series: Map<number, AnalyticsRow> | undefined, path: PathPoint[], narrow: boolean): ChartOption {
  const ys = trendYears(path);
  const has = (r: AnalyticsRow | undefined): r is AnalyticsRow & { value: number } => !!r && r.value !== null && r.value !== undefined;
  // Years that rest on enough reporting units on the solid line; partial years apart (hollow
  // points, dotted segments from the neighbouring complete years).
  const values = ys.map((y) => {
    const r = series?.get(y);
    return has(r) && !isPartial(r) ? r.value : null;
  });
  const partialData = ys.map((y, i) => {
    const r = series?.get(y);
    if (!has(r)) return null;
    if (isPartial(r)) return { value: r.value };
    const near = [series?.get(ys[i - 1]), series?.get(ys[i + 1])].some((x) => has(x) && isPartial(x));
    return near ? { value: r.value, symbol: "none", label: { show: false }, bridge: true } : null;
  });
  const anyPartial = partialData.some((d) => d !== null && !("bridge" in d));
  const partialName = partialLegend(minCoverage(series?.values()));
  const lower = ind.direction === "lower";
  const pathData = ys.map((y) => {
    const p = path.find((x) => x.year === y);
    if (!p) return null;
    return p.kind === "baseline" ? { value: p.value, label: { position: "right" } } : p.value;
  });
  const unit = unitText(ind);
  const pct = isPercent(ind);
  const valueName = t("Giá trị", "Value");
  const pathName = t("Lộ trình đến mục tiêu", "Path to the target");
  return {
    textStyle: TEXT,
    aria: { enabled: true, label: { enabled: false }, decal: { show: false } },
    grid: { left: 8, right: 16, top: 62, bottom: 34 },
    legend: { top: 0, left: "center", data: anyPartial ? [valueName, partialName, pathName] : [valueName, pathName], textStyle: TEXT },
    tooltip: {
      trigger: "axis",
      formatter: (ps: unknown) => {
        const list = (Array.isArray(ps) ? ps : [ps]) as { axisValue?: string; seriesName?: string; marker?: string; value?: unknown; data?: unknown }[];
        const year = Number(list[0]?.axisValue);
        const r = series?.get(year);
        const lines = [String(list[0]?.axisValue ?? "")];
        for (const p of list) {
          if (p.value === null || p.value === undefined) continue;
          if (p.data && typeof p.data === "object" && "bridge" in p.data) continue;
          lines.push(`${p.marker ?? ""}${esc(p.seriesName ?? "")}: ${num(p.value, ind.decimals)}${pct ? " %" : ""}`);
        }
        if (r?.basis === "official") lines.push(esc(r.dataSource ? t(`Số liệu chính thức: ${r.dataSource}`, `Official figure: ${r.dataSource}`) : t("Số liệu chính thức", "Official figure")));
        else {
          const cov = coverageShort(r?.coverage?.reported, r?.coverage?.expected);
          if (cov) lines.push(esc(`${t("Đơn vị báo cáo: ", "Reporting units: ")}${cov}${isPartial(r) ? t(" — chưa đầy đủ", " — partial") : ""}`));
        }
        return lines.join("<br/>");
      },
    },
    xAxis: {
      type: "category",
      data: ys.map(String),
      name: t("Năm", "Year"),
      nameLocation: "middle",
      nameGap: 28,
      boundaryGap: false,
      axisLabel: { hideOverlap: true },
    },
    yAxis: {
      type: "value",
      name: unit,
      nameGap: 14,
      nameTextStyle: { align: "left" },
      scale: !pct,
      min: pct ? 0 : undefined,
      max: pct ? (v: { max: number }) => (v.max > 100 ? Math.ceil(v.max / 10) * 10 : 100) : undefined,
      axisLabel: { formatter: (v: number) => fmtNumber(v, 2) },
    },
    series: [
      {
        name: valueName,
        type: "line",
        data: values,
        connectNulls: false,
        symbol: "circle",
        symbolSize: 8,
        lineStyle: { width: 3, color: COLORS.value },
        itemStyle: { color: COLORS.value },
        label: { show: !narrow, position: lower ? "bottom" : "top", formatter: (p: { value: unknown }) => num(p.value, ind.decimals), color: COLORS.value, fontWeight: 600 },
      },
      ...(anyPartial
        ? [
            {
              name: partialName,
              type: "line",
              data: partialData,
              connectNulls: false,
              symbol: "emptyCircle",
              symbolSize: 10,
              lineStyle: { width: 2, type: "dotted", color: COLORS.value },
              itemStyle: { color: COLORS.value, borderWidth: 2 },
              label: { show: !narrow, position: lower ? "bottom" : "top", formatter: (p: { value: unknown }) => `${num(p.value, ind.decimals)}*`, color: COLORS.value },
              z: 3,
            },
          ]
        : []),
      {
        name: pathName,
        type: "line",
        data: pathData,
        connectNulls: true,
        symbol: "diamond",
        symbolSize: 10,
        lineStyle: { width: 2, type: "dashed", color: COLORS.target },
        itemStyle: { color: COLORS.target },
        label: {
          show: true,
          position: lower ? "top" : "bottom",
          color: COLORS.target,
          formatter: (p: { value: unknown; dataIndex: number }) => {
            const pt = path.find((x) => x.year === ys[p.dataIndex]);
            if (!pt) return "";
            if (pt.kind === "target") return `${opSymbol(pt.operator)} ${num(p.value, ind.decimals)}`;
            if (pt.kind === "baseline") return t(`gốc ${num(p.value, ind.decimals)}`, `baseline ${num(p.value, ind.decimals)}`);
            return "";
          },
        },
        z: 1,
      },
    ],
  };
}

export interface BarItem {
  code: string;
  name: string;
  value: number;
  /** The figure rests on too few reporting units: a hollow bar labelled "*". */
  partial?: boolean;
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string);
}

/** Horizontal bars, the largest on top, with the target as a dashed vertical line. */
export function childrenOption(ind: Indicator, items: BarItem[], target: { value: number; operator: string; year: number } | null, narrow: boolean): ChartOption {
  const rev = [...items].reverse();
  const pct = isPercent(ind);
  return {
    textStyle: TEXT,
    aria: { enabled: true, label: { enabled: false } },
    grid: { left: 8, right: narrow ? 36 : 56, top: 28, bottom: 8 },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      valueFormatter: (v: unknown) => `${num(v, ind.decimals)}${pct ? " %" : ""}`,
    },
    xAxis: {
      type: "value",
      name: unitText(ind),
      nameLocation: "middle",
      nameGap: 26,
      min: 0,
      axisLabel: { formatter: (v: number) => fmtNumber(v, 2), hideOverlap: true },
    },
    yAxis: {
      type: "category",
      data: rev.map((x) => x.name),
      axisLabel: { width: narrow ? 110 : 200, overflow: "truncate", interval: 0 },
      triggerEvent: true,
    },
    series: [
      {
        name: t("Giá trị", "Value"),
        type: "bar",
        data: rev.map((x) =>
          x.partial
            ? { value: x.value, code: x.code, partial: true, itemStyle: { color: "#ffffff", borderColor: COLORS.bar, borderWidth: 2, borderType: "dashed" } }
            : { value: x.value, code: x.code },
        ),
        itemStyle: { color: COLORS.bar },
        cursor: "pointer",
        barMaxWidth: 22,
        label: {
          show: true,
          position: "right",
          formatter: (p: { value: unknown; data?: { partial?: boolean } }) => `${num(p.value, ind.decimals)}${p.data?.partial ? "*" : ""}`,
          fontSize: 11,
        },
        markLine: target
          ? {
              symbol: "none",
              silent: true,
              lineStyle: { type: "dashed", color: COLORS.target, width: 2 },
              label: { formatter: `${t("Mục tiêu", "Target")} ${target.year}: ${opSymbol(target.operator)} ${fmtNumber(target.value, ind.decimals)}`, position: "end", align: "right", color: COLORS.target },
              data: [{ xAxis: target.value }],
            }
          : undefined,
      },
    ],
  };
}

export interface GenderYear {
  year: number;
  female: number | null;
  male: number | null;
  total: number | null;
  /** A figure of the year rests on too few reporting units. */
  partial?: boolean;
}

/** A bar of a partial year: faded, with a dashed outline, labelled "*". */
function bar(v: number | null, partial: boolean | undefined, color: string): unknown {
  if (v === null || !partial) return v;
  // faded by the fill's alpha, not by opacity (which would fade the "*" too)
  return { value: v, partial: true, itemStyle: { color: `${color}73`, borderColor: color, borderWidth: 2, borderType: "dashed" } };
}

const partialLabel = {
  show: true,
  position: "top",
  color: "#1f2328",
  fontWeight: 700,
  formatter: (p: { data?: unknown }) => (p.data && typeof p.data === "object" && "partial" in p.data ? "*" : ""),
};

/** Female and male side by side for each year, with patterns so the two differ without colour. */
export function genderOption(rows: GenderYear[]): ChartOption {
  const f = t("Nữ", "Female");
  const m = t("Nam", "Male");
  return {
    textStyle: TEXT,
    aria: {
      enabled: true,
      label: { enabled: false },
      decal: { show: true, decals: [{ symbol: "rect", dashArrayX: [1, 0], dashArrayY: [2, 5], rotation: -Math.PI / 4, color: "rgba(255,255,255,0.35)" }, { symbol: "circle", symbolSize: 0.6, dashArrayX: [[4, 4]], dashArrayY: [4, 4], color: "rgba(255,255,255,0.35)" }] },
    },
    color: [COLORS.female, COLORS.male],
    grid: { left: 8, right: 16, top: 62, bottom: 34 },
    legend: { top: 0, left: "center", data: [f, m], textStyle: TEXT },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v: unknown) => num(v, 2) },
    xAxis: { type: "category", data: rows.map((r) => String(r.year)), name: t("Năm", "Year"), nameLocation: "middle", nameGap: 28 },
    yAxis: { type: "value", name: t("Số lượng", "Number"), nameGap: 14, nameTextStyle: { align: "left" }, axisLabel: { formatter: (v: number) => fmtNumber(v, 2) } },
    series: [
      { name: f, type: "bar", data: rows.map((r) => bar(r.female, r.partial, COLORS.female)), barMaxWidth: 36, label: partialLabel },
      { name: m, type: "bar", data: rows.map((r) => bar(r.male, r.partial, COLORS.male)), barMaxWidth: 36, label: partialLabel },
    ],
  };
}
