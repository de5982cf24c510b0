// The dashboard's comparison of the unit's children for the selected indicator: hierarchy, type and year filters, bars
// (click to drill down) and the table with coverage and whether each unit meets the target.
import type { ComponentChildren } from "preact";
import { useMemo, useState } from "preact/hooks";
import { lang, pick, t } from "../../lib/i18n";
import { fmtNumber } from "../../lib/format";
import { href } from "../../lib/router";
import { DataTable, ErrorBox, Loading, Notice, useAsync, type Column } from "../../lib/ui";
import { Chart, type ChartClick } from "./dashboard-chart";
import {
  analytics,
  isPartial,
  loadChildren,
  minCoverage,
  type AnalyticsRow,
  type Indicator,
  type Unit,
} from "./dashboard-data";
import {
  coverageShort,
  hierarchyLabel,
  opSymbol,
  partialFootnote,
  targetFor,
  typeLabel,
  unitText,
} from "./dashboard-wording";
import { childrenOption, type BarItem } from "./dashboard-options";
import type { Query } from "./dashboard-crumbs";
import { Figure, PartialMark, coverageAttr } from "./dashboard-figures";

interface ChildRow {
  unit: Unit;
  row: AnalyticsRow | undefined;
}

const TOP = 25;

export function ChildrenCard(props: {
  ind: Indicator;
  ou: string;
  unitName: string;
  hierarchy: string;
  onHierarchy: (h: string) => void;
  onDrill: (code: string) => void;
  query: (o: Query) => Query;
  narrow: boolean;
}) {
  const { ind, ou } = props;
  const data = useAsync(async () => {
    const [children, rows] = await Promise.all([loadChildren(ou), analytics(ind.code, `${ou}:children`)]);
    return { children, rows };
  }, [ou, ind.code]);
  const [type, setType] = useState<string>("");
  const [year, setYear] = useState<number | null>(null);
  const [showAll, setShowAll] = useState(false);
  const [withEmpty, setWithEmpty] = useState(false);

  const children = data.data?.children ?? [];
  const hierarchies = [...new Set(children.map((c) => c.hierarchy))].sort((a, b) =>
    a === "territorial" ? -1 : b === "territorial" ? 1 : a.localeCompare(b),
  );
  const h = hierarchies.includes(props.hierarchy)
    ? props.hierarchy
    : hierarchies.includes("territorial")
      ? "territorial"
      : (hierarchies[0] ?? "");
  const inH = children.filter((c) => c.hierarchy === h);
  const types: string[] = [...new Set(inH.map((c) => c.type as string))];
  const ty: string = types.includes(type) ? type : "";
  const shown = inH.filter((c) => !ty || c.type === ty);
  const codes = new Set(shown.map((c) => c.code));

  // year → unit → row, for the shown children
  const byYear = new Map<number, Map<string, AnalyticsRow>>();
  for (const r of data.data?.rows ?? []) {
    if (!codes.has(r.ou) || !/^\d{4}$/.test(r.pe)) continue;
    const y = Number(r.pe);
    let m = byYear.get(y);
    if (!m) byYear.set(y, (m = new Map()));
    m.set(r.ou, r);
  }
  const withData = [...byYear.entries()]
    .filter(([, m]) => [...m.values()].some((r) => r.value !== null && r.value !== undefined))
    .map(([y]) => y)
    .sort((a, b) => b - a);
  const yr = year !== null && withData.includes(year) ? year : (withData[0] ?? null);
  const cells = yr !== null ? (byYear.get(yr) ?? new Map<string, AnalyticsRow>()) : new Map<string, AnalyticsRow>();
  const has = (r: ChildRow) => r.row?.value !== null && r.row?.value !== undefined;
  const allRows: ChildRow[] = shown
    .map((u) => ({ unit: u, row: cells.get(u.code) }))
    .sort((a, b) =>
      has(a) && has(b) ? (b.row!.value as number) - (a.row!.value as number) : has(a) ? -1 : has(b) ? 1 : 0,
    );
  const empties = allRows.filter((r) => !has(r)).length;
  const showEmpty = withEmpty || empties === allRows.length;
  const rows = showEmpty ? allRows : allRows.filter(has);
  const items: BarItem[] = rows
    .filter((r) => r.row && r.row.value !== null && r.row.value !== undefined)
    .map((r) => ({ code: r.unit.code, name: pick(r.unit), value: r.row!.value as number, partial: isPartial(r.row) }))
    .sort((a, b) => b.value - a.value);
  const visible = showAll ? items : items.slice(0, TOP);
  const tgRow = [...cells.values()].find((r) => r.target !== null && r.target !== undefined);
  const tgNext = yr !== null ? targetFor(ind, yr) : undefined;
  const target = tgRow
    ? { value: tgRow.target as number, operator: tgRow.targetOperator ?? "", year: yr as number }
    : tgNext
      ? { value: tgNext.value, operator: tgNext.operator, year: tgNext.year }
      : null;
  const option = useMemo(
    () => childrenOption(ind, visible, target, props.narrow),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ind, JSON.stringify(visible), target?.value, target?.operator, target?.year, props.narrow, lang()],
  );
  const title =
    yr !== null
      ? t(`So sánh các đơn vị trực thuộc ${props.unitName}, năm ${yr}`, `Units under ${props.unitName}, ${yr}`)
      : t(`So sánh các đơn vị trực thuộc ${props.unitName}`, `Units under ${props.unitName}`);

  const onBar = (p: ChartClick) => {
    const d = p.data as { code?: string } | undefined;
    const name = typeof p.value === "string" ? p.value : p.name;
    const code = d?.code ?? visible.find((x) => x.name === name)?.code;
    if (code) props.onDrill(code);
  };
  // the category axis lists the bars bottom-up (the largest is drawn on top)
  const onRow = (i: number) => {
    const x = visible[visible.length - 1 - i];
    if (x) props.onDrill(x.code);
  };

  const meets = (v: number): boolean | null => {
    if (!target) return null;
    const x = target.value;
    switch (target.operator) {
      case "ge":
        return v >= x;
      case "gt":
        return v > x;
      case "le":
        return v <= x;
      case "lt":
        return v < x;
      case "eq":
        return Math.abs(v - x) < 1e-9;
      default:
        return null;
    }
  };

  const columns: Column<ChildRow>[] = [
    {
      key: "name",
      label: t("Đơn vị", "Unit"),
      value: (r) => pick(r.unit),
      render: (r) => (
        <a
          href={href("/dashboard", props.query({ ou: r.unit.code, h: undefined }))}
          data-unit={r.unit.code}
          class="dash-drill"
        >
          {pick(r.unit)}
        </a>
      ),
    },
    { key: "type", label: t("Loại", "Type"), value: (r) => typeLabel(r.unit.type) },
    {
      key: "value",
      label: `${t("Giá trị", "Value")} (${unitText(ind)})`,
      numeric: true,
      value: (r) => r.row?.value ?? null,
      render: (r) => <Figure row={r.row} decimals={ind.decimals} unit={r.unit.code} />,
    },
    {
      key: "coverage",
      label: t("Đơn vị báo cáo (%)", "Reporting units (%)"),
      numeric: true,
      // sorting and CSV: the share of the units that reported (%)
      value: (r) => (r.row?.basis === "official" ? t("chính thức", "official") : (r.row?.coverage?.percent ?? null)),
      render: (r) => (
        <span
          class="dash-cov"
          data-coverage={coverageAttr(r.row?.coverage?.reported, r.row?.coverage?.expected) ?? ""}
          data-coverage-unit={r.unit.code}
        >
          {r.row?.basis === "official"
            ? t("chính thức", "official")
            : coverageShort(r.row?.coverage?.reported, r.row?.coverage?.expected, true)}
          {isPartial(r.row) && <PartialMark />}
        </span>
      ),
    },
    {
      key: "num",
      label: t("Tử số", "Numerator"),
      numeric: true,
      value: (r) => r.row?.numerator ?? null,
      render: (r) => fmtNumber(r.row?.numerator, 2),
    },
    {
      key: "den",
      label: t("Mẫu số", "Denominator"),
      numeric: true,
      value: (r) => r.row?.denominator ?? null,
      render: (r) => fmtNumber(r.row?.denominator, 2),
    },
  ];
  if (target) {
    columns.push({
      key: "meets",
      label: t(
        `Đạt ${opSymbol(target.operator)} ${fmtNumber(target.value, ind.decimals)}`,
        `Meets ${opSymbol(target.operator)} ${fmtNumber(target.value, ind.decimals)}`,
      ),
      value: (r) => {
        const v = r.row?.value;
        if (v === null || v === undefined) return "";
        const m = meets(v);
        return m === null ? "" : m ? t("Đạt", "Yes") : t("Chưa đạt", "Not yet");
      },
    });
  }

  let body: ComponentChildren;
  if (data.loading && !data.data) body = <Loading />;
  else if (data.error) body = <ErrorBox error={data.error} />;
  else if (children.length === 0)
    body = <Notice>{t("Đơn vị này không có đơn vị trực thuộc.", "This unit has no units under it.")}</Notice>;
  else {
    body = (
      <>
        <div class="dash-filters">
          {hierarchies.length > 1 && (
            <div class="field">
              <label for="children-hierarchy">{t("Hệ thống đơn vị", "Hierarchy")}</label>
              <select id="children-hierarchy" value={h} onChange={(e) => props.onHierarchy(e.currentTarget.value)}>
                {hierarchies.map((x) => (
                  <option value={x} key={x}>
                    {hierarchyLabel(x, children)}
                  </option>
                ))}
              </select>
            </div>
          )}
          {types.length > 1 && (
            <div class="field">
              <label for="children-type">{t("Loại đơn vị", "Unit type")}</label>
              <select id="children-type" value={ty} onChange={(e) => setType(e.currentTarget.value)}>
                <option value="">{t("Tất cả", "All")}</option>
                {types.map((x) => (
                  <option value={x} key={x}>
                    {typeLabel(x)}
                  </option>
                ))}
              </select>
            </div>
          )}
          {withData.length > 0 && (
            <div class="field">
              <label for="children-year">{t("Năm", "Year")}</label>
              <select
                id="children-year"
                value={String(yr ?? "")}
                onChange={(e) => setYear(Number(e.currentTarget.value))}
              >
                {withData.map((y) => (
                  <option value={String(y)} key={y}>
                    {y}
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
        {items.length === 0 ? (
          <Notice>
            {t(
              "Các đơn vị trực thuộc chưa có số liệu cho chỉ tiêu này (chỉ tiêu có thể chỉ được báo cáo ở cấp trên).",
              "The units under this one have no values for this indicator (it may be reported at the upper level only).",
            )}
          </Notice>
        ) : (
          <>
            <p class="hint" id="children-hint">
              {t(
                `Nhấn vào một thanh hoặc tên đơn vị trong bảng để xem chi tiết đơn vị đó. ${visible.length}/${items.length} đơn vị có số liệu, xếp từ cao xuống thấp.`,
                `Click a bar or a unit's name in the table to look into that unit. ${visible.length} of ${items.length} units with values, highest first.`,
              )}
            </p>
            <Chart
              id="children-chart"
              option={option}
              label={title}
              height={Math.max(220, visible.length * 26 + 70)}
              onClick={onBar}
              onCategoryClick={onRow}
              categoryAxis="y"
            />
            {items.length > TOP && (
              <button
                type="button"
                class="btn btn-small"
                aria-expanded={showAll}
                aria-controls="children-chart"
                onClick={() => setShowAll(!showAll)}
              >
                {showAll
                  ? t(`Chỉ hiện ${TOP} đơn vị cao nhất`, `Show the top ${TOP} only`)
                  : t(`Hiện cả ${items.length} đơn vị`, `Show all ${items.length} units`)}
              </button>
            )}
          </>
        )}
        {empties > 0 && empties < allRows.length && (
          <div class="dash-check">
            <input
              type="checkbox"
              id="children-empty"
              checked={withEmpty}
              onChange={(e) => setWithEmpty(e.currentTarget.checked)}
            />
            <label for="children-empty">
              {t(`Hiện cả ${empties} đơn vị chưa có số liệu`, `Also show the ${empties} units without values`)}
            </label>
          </div>
        )}
        <div
          class="dash-table-box"
          tabIndex={0}
          role="region"
          aria-label={t(
            "Bảng so sánh các đơn vị trực thuộc (cuộn được)",
            "Table of the units under this one (scrollable)",
          )}
        >
          <DataTable
            id="children-table"
            caption={title}
            columns={columns}
            rows={rows}
            rowKey={(r) => r.unit.code}
            csvName={`tienbo-${ind.code}-${ou}-${yr ?? ""}.csv`}
          />
        </div>
        {rows.some((r) => isPartial(r.row) && r.row?.value !== null) && (
          <p class="hint dash-footnote" id="children-footnote">
            {partialFootnote(minCoverage(rows.flatMap((r) => (r.row ? [r.row] : []))))}
          </p>
        )}
      </>
    );
  }
  return (
    <section class="card dash-chart-card dash-children" aria-labelledby="children-title">
      <h3 id="children-title">{title}</h3>
      {body}
    </section>
  );
}
