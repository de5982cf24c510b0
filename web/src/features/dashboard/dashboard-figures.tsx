// Small pieces the dashboard's cards and tables share: the status badge, the mark of a partial figure, a figure with
// its coverage.
import { t } from "../../lib/i18n";
import { fmtNumber } from "../../lib/format";
import { isPartial, type AnalyticsRow, type Progress } from "./dashboard-data";
import { STATUS, coverageTitle, statusText } from "./dashboard-wording";

export function StatusBadge(props: { status?: Progress["status"]; loading?: boolean }) {
  if (props.loading) return <span class="dash-status st-loading">{t("Đang đánh giá…", "Assessing…")}</span>;
  const s = props.status ?? "no_data";
  const info = STATUS[s];
  return (
    <span class={`dash-status st-${s}`}>
      <span aria-hidden="true" class="dash-status-icon">
        {info?.icon ?? "?"}
      </span>
      {statusText(s)}
    </span>
  );
}

/** The visible mark of a partial figure ("*"), with its meaning for screen readers. */
export function PartialMark() {
  return (
    <>
      <span aria-hidden="true" class="dash-partial-star">
        *
      </span>
      <span class="sr-only">{t(" (số liệu chưa đầy đủ)", " (partial figure)")}</span>
    </>
  );
}

/** "126/130": the data-coverage attribute of a figure; undefined without coverage. */
export function coverageAttr(
  reported: number | null | undefined,
  expected: number | null | undefined,
): string | undefined {
  return reported === null || reported === undefined || expected === null || expected === undefined
    ? undefined
    : `${reported}/${expected}`;
}

/** A figure of a table: its value, its coverage on hover and a mark when partial. */
export function Figure(props: { row: AnalyticsRow | undefined; decimals: number; unit?: string }) {
  const r = props.row;
  const partial = isPartial(r);
  return (
    <span
      data-value={r?.value ?? ""}
      data-unit={props.unit}
      data-partial={partial ? "true" : undefined}
      data-coverage={coverageAttr(r?.coverage?.reported, r?.coverage?.expected)}
      title={coverageTitle(r) || undefined}
      class={partial ? "dash-partial-figure" : undefined}
    >
      {fmtNumber(r?.value, props.decimals)}
      {partial && r?.value !== null && r?.value !== undefined && <PartialMark />}
    </span>
  );
}
