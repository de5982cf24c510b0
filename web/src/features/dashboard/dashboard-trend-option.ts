// ECharts option of the dashboard's trend chart: the values by year (partial years apart) and the
// target path from the baseline or the first value through each later target.
import { t } from "../../lib/i18n";
import { fmtNumber } from "../../lib/format";
import type { ChartOption } from "./dashboard-chart";
import {
  FIRST_YEAR,
  LAST_YEAR,
  isPartial,
  minCoverage,
  years,
  type AnalyticsRow,
  type Indicator,
} from "./dashboard-data";
import { COLORS, TEXT, esc, num } from "./dashboard-options";
import { coverageShort, isPercent, opSymbol, partialLegend, unitText } from "./dashboard-wording";

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
    const first = [...series.entries()]
      .filter(([, r]) => r.value !== null && r.value !== undefined && !isPartial(r))
      .sort((a, b) => a[0] - b[0])[0];
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

export function trendOption(
  ind: Indicator,
  series: Map<number, AnalyticsRow> | undefined,
  path: PathPoint[],
  narrow: boolean,
): ChartOption {
  const ys = trendYears(path);
  const has = (r: AnalyticsRow | undefined): r is AnalyticsRow & { value: number } =>
    !!r && r.value !== null && r.value !== undefined;
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
    legend: {
      top: 0,
      left: "center",
      data: anyPartial ? [valueName, partialName, pathName] : [valueName, pathName],
      textStyle: TEXT,
    },
    tooltip: {
      trigger: "axis",
      formatter: (ps: unknown) => {
        const list = (Array.isArray(ps) ? ps : [ps]) as {
          axisValue?: string;
          seriesName?: string;
          marker?: string;
          value?: unknown;
          data?: unknown;
        }[];
        const year = Number(list[0]?.axisValue);
        const r = series?.get(year);
        const lines = [String(list[0]?.axisValue ?? "")];
        for (const p of list) {
          if (p.value === null || p.value === undefined) continue;
          if (p.data && typeof p.data === "object" && "bridge" in p.data) continue;
          lines.push(`${p.marker ?? ""}${esc(p.seriesName ?? "")}: ${num(p.value, ind.decimals)}${pct ? " %" : ""}`);
        }
        if (r?.basis === "official")
          lines.push(
            esc(
              r.dataSource
                ? t(`Số liệu chính thức: ${r.dataSource}`, `Official figure: ${r.dataSource}`)
                : t("Số liệu chính thức", "Official figure"),
            ),
          );
        else {
          const cov = coverageShort(r?.coverage?.reported, r?.coverage?.expected);
          if (cov)
            lines.push(
              esc(
                `${t("Đơn vị báo cáo: ", "Reporting units: ")}${cov}${isPartial(r) ? t(" — chưa đầy đủ", " — partial") : ""}`,
              ),
            );
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
        label: {
          show: !narrow,
          position: lower ? "bottom" : "top",
          formatter: (p: { value: unknown }) => num(p.value, ind.decimals),
          color: COLORS.value,
          fontWeight: 600,
        },
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
              label: {
                show: !narrow,
                position: lower ? "bottom" : "top",
                formatter: (p: { value: unknown }) => `${num(p.value, ind.decimals)}*`,
                color: COLORS.value,
              },
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
            if (pt.kind === "baseline")
              return t(`gốc ${num(p.value, ind.decimals)}`, `baseline ${num(p.value, ind.decimals)}`);
            return "";
          },
        },
        z: 1,
      },
    ],
  };
}
