// The dashboard's trend of the selected indicator with its target path, and the chart's data table.
import { useMemo } from "preact/hooks";
import { lang, t } from "../../lib/i18n";
import { fmtNumber } from "../../lib/format";
import { Loading, Notice } from "../../lib/ui";
import { Chart } from "./dashboard-chart";
import {
  FIRST_YEAR,
  LAST_YEAR,
  isPartial,
  latest,
  minCoverage,
  type AnalyticsRow,
  type Indicator,
} from "./dashboard-data";
import { coverageShort, fmtShare, opSymbol, partialFootnote, unitText } from "./dashboard-wording";
import { targetPath, trendOption, trendYears } from "./dashboard-trend-option";
import { Figure, coverageAttr } from "./dashboard-figures";

export function TrendCard(props: {
  ind: Indicator;
  series: Map<number, AnalyticsRow> | undefined;
  loading: boolean;
  unitName: string;
  narrow: boolean;
}) {
  const { ind, series } = props;
  const path = useMemo(() => targetPath(ind, series), [ind, series]);
  const language = lang();
  const option = useMemo(
    () => trendOption(ind, series, path, props.narrow),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the option's labels follow the language (t() inside trendOption), which the rule cannot see
    [ind, series, path, props.narrow, language],
  );
  const ys = trendYears(path);
  const title = t(
    `Xu hướng ${FIRST_YEAR}–${LAST_YEAR} và lộ trình đến mục tiêu — ${props.unitName}`,
    `Trend ${FIRST_YEAR}–${LAST_YEAR} and path to the target — ${props.unitName}`,
  );
  const hasValues = !!latest(series);
  const rows = ys.filter((y) => series?.has(y) || path.some((p) => p.year === y));
  const anyPartial = rows.some((y) => isPartial(series?.get(y)) && series?.get(y)?.value !== null);
  const min = minCoverage(series?.values());
  return (
    <section class="card dash-chart-card dash-trend" aria-labelledby="trend-title">
      <h3 id="trend-title">{title}</h3>
      {props.loading && !series && <Loading />}
      {!props.loading && !hasValues && (
        <Notice>
          {t("Đơn vị này chưa có số liệu cho chỉ tiêu này.", "This unit has no values for this indicator.")}
        </Notice>
      )}
      <Chart id="trend-chart" option={option} label={title} />
      <p class="hint">
        {path.length > 0 && (
          <>
            {t("Đường nét đứt: lộ trình tuyến tính từ ", "Dashed line: the straight path from ")}
            {path[0]?.kind === "baseline" ? t("mức gốc", "the baseline") : t("giá trị đầu tiên", "the first value")}
            {t(" đến giá trị mục tiêu của từng năm mục tiêu.", " to the target value of each target year.")}
          </>
        )}
        {anyPartial && (
          <span id="trend-partial-hint">
            {" "}
            {t(
              `Điểm rỗng, nét chấm, dấu *: năm có số liệu chưa đầy đủ (dưới ${fmtShare(min)} đơn vị báo cáo), không dùng để đánh giá tiến độ.`,
              `Hollow points, dotted line, *: years with partial figures (fewer than ${fmtShare(min)} of the units reported), not used to assess progress.`,
            )}
          </span>
        )}
      </p>
      <details class="dash-table-toggle">
        <summary>{t("Bảng số liệu của biểu đồ", "Data table of the chart")}</summary>
        <div class="table-scroll">
          <table class="data" id="trend-table">
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t("Năm", "Year")}</th>
                <th scope="col" class="num">
                  {t("Giá trị", "Value")} ({unitText(ind)})
                </th>
                <th scope="col" class="num">
                  {t("Tử số", "Numerator")}
                </th>
                <th scope="col" class="num">
                  {t("Mẫu số", "Denominator")}
                </th>
                <th scope="col" class="num">
                  {t("Đơn vị báo cáo (%)", "Reporting units (%)")}
                </th>
                <th scope="col" class="num">
                  {t("Lộ trình / mục tiêu", "Path / target")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((y) => {
                const r = series?.get(y);
                const p = path.find((x) => x.year === y);
                return (
                  <tr key={y} data-year={y} data-partial={isPartial(r) ? "true" : undefined}>
                    <th scope="row">{y}</th>
                    <td class="num" data-value={r?.value ?? ""}>
                      <Figure row={r} decimals={ind.decimals} />
                    </td>
                    <td class="num">{fmtNumber(r?.numerator, 2)}</td>
                    <td class="num">{fmtNumber(r?.denominator, 2)}</td>
                    <td
                      class="num dash-cov"
                      data-coverage={coverageAttr(r?.coverage?.reported, r?.coverage?.expected) ?? ""}
                    >
                      {r?.basis === "official"
                        ? t("chính thức", "official")
                        : coverageShort(r?.coverage?.reported, r?.coverage?.expected, true)}
                    </td>
                    <td class="num">
                      {p
                        ? p.kind === "target"
                          ? `${opSymbol(p.operator)} ${fmtNumber(p.value, ind.decimals)}`
                          : `${fmtNumber(p.value, ind.decimals)} (${p.kind === "baseline" ? t("mức gốc", "baseline") : t("điểm đầu", "start")})`
                        : ""}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {anyPartial && <p class="hint dash-footnote">{partialFootnote(min)}</p>}
      </details>
    </section>
  );
}
