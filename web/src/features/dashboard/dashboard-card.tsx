// An indicator's card on the dashboard (headline value, coverage, partial year, target, status and its explanation)
// and the source and definition of the selected indicator.
import { pick, t } from "../../lib/i18n";
import { fmtNumber } from "../../lib/format";
import {
  LAST_YEAR,
  latestComplete,
  latestPartial,
  minCoverage,
  type AnalyticsRow,
  type Indicator,
  type Progress,
} from "./dashboard-data";
import {
  coverageLine,
  explain,
  fmtTarget,
  growthLine,
  fmtShare,
  fmtValue,
  partialNote,
  targetFor,
  unitText,
} from "./dashboard-wording";
import { StatusBadge, coverageAttr } from "./dashboard-figures";

export function IndicatorCard(props: {
  ind: Indicator;
  series: Map<number, AnalyticsRow> | undefined;
  valuesLoading: boolean;
  progress: Progress | null | undefined;
  progressLoaded: boolean;
  selected: boolean;
  onSelect: () => void;
}) {
  const { ind, progress, series } = props;
  // The headline: the assessed current year of the progress, else the latest row that is not
  // partial; a later partial year is shown apart, marked, never as the headline.
  const complete = latestComplete(series);
  const fromProgress = progress?.currentYear !== null && progress?.currentYear !== undefined;
  const headYear = fromProgress ? (progress.currentYear as number) : complete ? Number(complete.pe) : null;
  const headValue = fromProgress ? progress.currentValue : (complete?.value ?? null);
  const headRow = headYear !== null ? series?.get(headYear) : undefined;
  const head =
    headYear !== null && headValue !== null && headValue !== undefined ? { year: headYear, value: headValue } : null;
  const cov =
    progress?.currentCoverage ??
    (headRow?.coverage ? { reported: headRow.coverage.reported, expected: headRow.coverage.expected } : null);
  const basis = progress?.currentBasis || headRow?.basis || "";
  const rowPartial = latestPartial(series, head?.year ?? null);
  const partial =
    progress && progress.partial !== undefined
      ? progress.partial
      : rowPartial
        ? {
            year: Number(rowPartial.pe),
            value: rowPartial.value,
            reported: rowPartial.coverage?.reported ?? undefined,
            expected: rowPartial.coverage?.expected ?? undefined,
          }
        : null;
  const lastYear = head?.year ?? partial?.year ?? null;
  const tg = progress?.targetYear
    ? { year: progress.targetYear, value: progress.targetValue, operator: progress.targetOperator }
    : (() => {
        const x = targetFor(ind, lastYear ?? LAST_YEAR);
        return x ? { year: x.year, value: x.value, operator: x.operator } : null;
      })();
  const status = progress?.status ?? (props.progressLoaded ? "no_data" : undefined);
  const growth = growthLine(progress);
  const min = progress?.minCoverage ?? minCoverage(series?.values());
  const covReported = cov?.reported ?? null;
  const covExpected = cov?.expected ?? null;
  return (
    <button
      type="button"
      class={`dash-card st-${status ?? "loading"}${props.selected ? " selected" : ""}${partial ? " has-partial" : ""}`}
      data-indicator={ind.code}
      data-status={status ?? ""}
      data-coverage={head ? (coverageAttr(covReported, covExpected) ?? "") : ""}
      data-partial={partial ? "true" : "false"}
      aria-pressed={props.selected}
      onClick={props.onSelect}
    >
      <span class="dash-card-name">
        <span class="dash-card-num">{ind.number}</span> {pick(ind)}
      </span>
      <span class="dash-card-value">
        {props.valuesLoading && !head && !partial ? (
          <span class="muted small">{t("Đang tải…", "Loading…")}</span>
        ) : head ? (
          <>
            <span class="dash-card-number" data-value={String(head.value)} data-year={head.year} data-partial="false">
              {fmtNumber(head.value, ind.decimals)}
            </span>
            <span class="dash-card-unit"> {unitText(ind)}</span>
            <span class="muted small"> ({head.year})</span>
          </>
        ) : partial ? (
          <span class="muted">{t("Chưa có năm nào đủ đơn vị báo cáo", "No year with enough units reporting")}</span>
        ) : (
          <span class="muted">{t("Chưa có số liệu", "No data yet")}</span>
        )}
      </span>
      {head && basis === "official" ? (
        <span class="dash-card-coverage" data-basis="official">
          {headRow?.dataSource
            ? t(`Số liệu chính thức: ${headRow.dataSource}`, `Official figure: ${headRow.dataSource}`)
            : t("Số liệu chính thức", "Official figure")}
        </span>
      ) : head && covReported !== null && covExpected !== null ? (
        <span
          class="dash-card-coverage"
          data-basis="sum"
          data-coverage={coverageAttr(covReported, covExpected)}
          data-reported={covReported}
          data-expected={covExpected}
        >
          {coverageLine(covReported, covExpected)}
        </span>
      ) : null}
      {partial && (
        <span
          class="dash-card-partial"
          data-partial="true"
          data-year={partial.year}
          data-value={partial.value ?? ""}
          data-coverage={coverageAttr(partial.reported, partial.expected)}
          title={t(
            `Dưới ${fmtShare(min)} đơn vị báo cáo: không dùng để đánh giá tiến độ`,
            `Fewer than ${fmtShare(min)} of the units reported: not used to assess progress`,
          )}
        >
          <span aria-hidden="true" class="dash-partial-icon">
            ◐
          </span>
          {`${partial.year}: ${fmtValue(partial.value, ind)} ${partialNote(partial.reported, partial.expected)}`}
        </span>
      )}
      <span class="dash-card-target">
        {t("Mục tiêu: ", "Target: ")}
        {tg ? fmtTarget(ind, tg.year, tg.value, tg.operator) : t("chưa có", "none")}
      </span>
      <StatusBadge status={status} loading={!props.progressLoaded} />
      {props.progressLoaded && <span class="dash-card-explain">{explain(ind, progress, complete)}</span>}
      {growth && <span class="dash-card-growth">{growth}</span>}
    </button>
  );
}

export function IndicatorSource(props: { ind: Indicator }) {
  const c = props.ind.confidence;
  const conf: Record<string, [string, string]> = {
    verified: ["đã đối chiếu văn bản", "checked against the legal text"],
    implementing: ["theo văn bản hướng dẫn thực hiện", "from an implementing text"],
    secondary: ["theo nguồn thứ cấp", "from a secondary source"],
    provisional: ["tạm thời, cần đối chiếu văn bản gốc", "provisional, to be checked against the original"],
  };
  const cc = conf[c];
  return (
    <details class="dash-source">
      <summary>
        {t("Nguồn và cách tính", "Source and definition")}
        {cc && <span class={`dash-conf conf-${c}`}> · {t(cc[0], cc[1])}</span>}
      </summary>
      <p class="small">{props.ind.source}</p>
      <p class="small muted">
        {t("Cách tính: ", "Computed as: ")}
        <code>{props.ind.numerator}</code> / <code>{props.ind.denominator}</code> × {fmtNumber(props.ind.factor)}
        {" · "}
        {props.ind.direction === "higher"
          ? t("càng cao càng tốt", "higher is better")
          : t("càng thấp càng tốt", "lower is better")}
      </p>
    </details>
  );
}
