// ECharts options of the dashboard's children and gender charts, and what they share with the
// trend's (dashboard-trend-option.ts). Numbers go through fmtNumber (1.234,5 in Vietnamese), texts
// through t(); colours are paired with patterns (aria decals) and legends.
import { t } from "../../lib/i18n";
import { fmtNumber } from "../../lib/format";
import type { ChartOption } from "./dashboard-chart";
import type { Indicator } from "./dashboard-data";
import { isPercent, opSymbol, unitText } from "./dashboard-wording";

export const COLORS = {
  value: "#8a1f4f",
  target: "#3d4650",
  female: "#8a1f4f",
  male: "#0b57a4",
  bar: "#0b57a4",
};

export const TEXT = {
  color: "#1f2328",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif",
};

export function num(v: unknown, decimals: number): string {
  if (typeof v === "number") return fmtNumber(v, decimals);
  if (Array.isArray(v) && typeof v[v.length - 1] === "number") return fmtNumber(v[v.length - 1] as number, decimals);
  return "—";
}

export interface BarItem {
  code: string;
  name: string;
  value: number;
  /** The figure rests on too few reporting units: a hollow bar labelled "*". */
  partial?: boolean;
}

export function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string);
}

/** Horizontal bars, the largest on top, with the target as a dashed vertical line. */
export function childrenOption(
  ind: Indicator,
  items: BarItem[],
  target: { value: number; operator: string; year: number } | null,
  narrow: boolean,
): ChartOption {
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
            ? {
                value: x.value,
                code: x.code,
                partial: true,
                itemStyle: { color: "#ffffff", borderColor: COLORS.bar, borderWidth: 2, borderType: "dashed" },
              }
            : { value: x.value, code: x.code },
        ),
        itemStyle: { color: COLORS.bar },
        cursor: "pointer",
        barMaxWidth: 22,
        label: {
          show: true,
          position: "right",
          formatter: (p: { value: unknown; data?: { partial?: boolean } }) =>
            `${num(p.value, ind.decimals)}${p.data?.partial ? "*" : ""}`,
          fontSize: 11,
        },
        markLine: target
          ? {
              symbol: "none",
              silent: true,
              lineStyle: { type: "dashed", color: COLORS.target, width: 2 },
              label: {
                formatter: `${t("Mục tiêu", "Target")} ${target.year}: ${opSymbol(target.operator)} ${fmtNumber(target.value, ind.decimals)}`,
                position: "end",
                align: "right",
                color: COLORS.target,
              },
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
  return {
    value: v,
    partial: true,
    itemStyle: { color: `${color}73`, borderColor: color, borderWidth: 2, borderType: "dashed" },
  };
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
      decal: {
        show: true,
        decals: [
          {
            symbol: "rect",
            dashArrayX: [1, 0],
            dashArrayY: [2, 5],
            rotation: -Math.PI / 4,
            color: "rgba(255,255,255,0.35)",
          },
          {
            symbol: "circle",
            symbolSize: 0.6,
            dashArrayX: [[4, 4]],
            dashArrayY: [4, 4],
            color: "rgba(255,255,255,0.35)",
          },
        ],
      },
    },
    color: [COLORS.female, COLORS.male],
    grid: { left: 8, right: 16, top: 62, bottom: 34 },
    legend: { top: 0, left: "center", data: [f, m], textStyle: TEXT },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v: unknown) => num(v, 2) },
    xAxis: {
      type: "category",
      data: rows.map((r) => String(r.year)),
      name: t("Năm", "Year"),
      nameLocation: "middle",
      nameGap: 28,
    },
    yAxis: {
      type: "value",
      name: t("Số lượng", "Number"),
      nameGap: 14,
      nameTextStyle: { align: "left" },
      axisLabel: { formatter: (v: number) => fmtNumber(v, 2) },
    },
    series: [
      {
        name: f,
        type: "bar",
        data: rows.map((r) => bar(r.female, r.partial, COLORS.female)),
        barMaxWidth: 36,
        label: partialLabel,
      },
      {
        name: m,
        type: "bar",
        data: rows.map((r) => bar(r.male, r.partial, COLORS.male)),
        barMaxWidth: 36,
        label: partialLabel,
      },
    ],
  };
}
