// The ECharts wrapper of the dashboard: a Preact component that creates a chart in its own
// div, applies the option, follows the size of its box and disposes of the chart on unmount.
// ECharts is imported here only (tree-shaken, SVG renderer), so it stays in the lazily loaded
// dashboard chunk and never reaches the initial bundle.
import { useEffect, useRef } from "preact/hooks";
import * as echarts from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

echarts.use([
  LineChart,
  BarChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  TitleComponent,
  MarkLineComponent,
  AriaComponent,
  SVGRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

export interface ChartClick {
  name: string;
  dataIndex: number;
  seriesIndex?: number;
  value: unknown;
  data: unknown;
}

/**
 * A chart. `label` names it for screen readers (the div is an image; the data table next to
 * it carries the numbers). `onClick` gets the clicked item (a bar, a point).
 */
export function Chart(props: {
  option: ChartOption;
  label: string;
  height?: number;
  id?: string;
  onClick?: (p: ChartClick) => void;
  /** A click anywhere in the plot area: the index of the category under the pointer on the category axis. */
  onCategoryClick?: (index: number) => void;
  categoryAxis?: "x" | "y";
  class?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const onClick = useRef(props.onClick);
  onClick.current = props.onClick;
  const onCategory = useRef(props.onCategoryClick);
  onCategory.current = props.onCategoryClick;
  const axis = props.categoryAxis ?? "x";

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = echarts.init(el, null, { renderer: "svg" });
    chart.current = c;
    let handled = false;
    c.on("click", (p) => {
      const q = p as unknown as ChartClick;
      if (onClick.current) {
        handled = true;
        onClick.current({
          name: q.name,
          dataIndex: q.dataIndex,
          seriesIndex: q.seriesIndex,
          value: q.value,
          data: q.data,
        });
      }
    });
    c.getZr().on("click", (e) => {
      // runs after the series' click: a click on a bar is not reported twice
      if (handled) {
        handled = false;
        return;
      }
      if (!onCategory.current) return;
      const pt = [e.offsetX, e.offsetY];
      if (!c.containPixel("grid", pt)) return;
      const v = c.convertFromPixel("grid", pt) as number[];
      const i = Math.round(axis === "y" ? v[1] : v[0]);
      if (Number.isFinite(i) && i >= 0) onCategory.current(i);
    });
    const resize = () => {
      if (!c.isDisposed()) c.resize();
    };
    window.addEventListener("resize", resize);
    let ro: ResizeObserver | undefined;
    if (typeof ResizeObserver !== "undefined") {
      ro = new ResizeObserver(() => resize());
      ro.observe(el);
    }
    return () => {
      window.removeEventListener("resize", resize);
      ro?.disconnect();
      c.dispose();
      chart.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the chart is made once; later options reach it through setOption
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.setOption(props.option, { notMerge: true });
  }, [props.option]);

  useEffect(() => {
    chart.current?.resize();
  }, [props.height]);

  return (
    <div
      ref={box}
      id={props.id}
      class={props.class ? `chart ${props.class}` : "chart"}
      role="img"
      aria-label={props.label}
      style={props.height ? { height: `${props.height}px` } : undefined}
    />
  );
}
