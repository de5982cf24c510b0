// Completeness: for one form, period and unit, how many reports of the unit's subtree were
// expected, received, on time and approved, and the table of the subtree's reports
// (sortable, CSV export, "only not received" filter). Pickers are kept in the URL.
import { useMemo, useState } from "preact/hooks";
import { api, call, type Schemas } from "../../lib/api";
import { fmtDate, fmtDateTime, fmtNumber, fmtPercent, fold, todayIso } from "../../lib/format";
import { pick, t } from "../../lib/i18n";
import { formPeriods, periodLabel } from "../../lib/periods";
import { href, replaceQuery, type Route } from "../../lib/router";
import { useSession } from "../../lib/session";
import { DataTable, ErrorBox, Loading, Page, StatusBadge, statusLabel, useAsync, type Column } from "../../lib/ui";
import { UnitPicker } from "../../lib/unit-picker";
import { isReceived, periodAsOf, unitTypeLabel } from "./completeness-shared";
import { RemindDialog } from "./completeness-remind";
import "./completeness.css";

type Row = Schemas["CompletenessRow"];
type Completeness = Schemas["Completeness"];

function pct(part: number, whole: number): string {
  return whole > 0 ? fmtPercent((part / whole) * 100) : "—";
}

function Kpi(props: { id: string; label: string; value: string; sub?: string }) {
  return (
    <div class="kpi" id={props.id}>
      <div class="kpi-label">{props.label}</div>
      <div class="kpi-value">{props.value}</div>
      {props.sub && <div class="kpi-sub muted small">{props.sub}</div>}
    </div>
  );
}

function Summary(props: { c: Completeness }) {
  const c = props.c;
  return (
    <section aria-labelledby="completeness-summary-h" class="completeness-summary-block">
      <h2 id="completeness-summary-h" class="sr-only">
        {t("Tóm tắt", "Summary")}
      </h2>
      <div class="cards completeness-kpis" id="completeness-summary">
        <Kpi
          id="kpi-expected"
          label={t("Phải nộp", "Expected")}
          value={fmtNumber(c.expected)}
          sub={t("đơn vị có báo cáo này", "units that report this form")}
        />
        <Kpi
          id="kpi-received"
          label={t("Đã nhận", "Received")}
          value={fmtNumber(c.received)}
          sub={t(`${pct(c.received, c.expected)} số phải nộp`, `${pct(c.received, c.expected)} of expected`)}
        />
        <Kpi
          id="kpi-ontime"
          label={t("Đúng hạn", "On time")}
          value={fmtNumber(c.onTime)}
          sub={t(`${pct(c.onTime, c.received)} số đã nhận`, `${pct(c.onTime, c.received)} of received`)}
        />
        <Kpi
          id="kpi-approved"
          label={t("Đã duyệt", "Approved")}
          value={fmtNumber(c.approved)}
          sub={t(`${pct(c.approved, c.expected)} số phải nộp`, `${pct(c.approved, c.expected)} of expected`)}
        />
        <Kpi
          id="kpi-filled"
          label={t("Tỷ lệ số liệu đã nhập (trung bình)", "Share of figures entered (mean)")}
          value={fmtPercent(c.filledAverage * 100)}
          sub={t("của các báo cáo đã nhận", "of the received reports")}
        />
      </div>
    </section>
  );
}

function onTimeLabel(v: boolean | null): string {
  if (v === null) return "—";
  return v ? t("Có", "Yes") : t("Không", "No");
}

export default function CompletenessScreen(props: { route: Route }) {
  const { me } = useSession();
  const q = props.route.query;
  const thisYear = Number(todayIso().slice(0, 4));

  const forms = useAsync(() => call(api.GET("/api/v1/forms")), []);
  const formList = forms.data?.forms ?? [];
  const formCode = q.get("form") || formList[0]?.code || "";
  const form = formList.find((f) => f.code === formCode);
  const periods = useMemo(() => (form ? formPeriods(form, thisYear, 12) : []), [form, thisYear]);
  const period = q.get("period") || periods[0] || "";
  const periodOptions = period && !periods.includes(period) ? [period, ...periods] : periods;
  const unit = q.get("unit") || me.unit;
  const onlyMissing = q.get("missing") === "1";
  const asOf = period ? periodAsOf(period) : todayIso();

  const setQuery = (next: { form?: string; period?: string; unit?: string; missing?: string }) => {
    const cur = { form: formCode, period, unit, missing: onlyMissing ? "1" : undefined };
    replaceQuery({ ...cur, ...next });
  };

  const unitInfo = useAsync(
    () => call(api.GET("/api/v1/units/{code}", { params: { path: { code: unit }, query: { asOf } } })),
    [unit, asOf],
  );
  const data = useAsync(
    () =>
      formCode && period
        ? call(api.GET("/api/v1/completeness", { params: { query: { form: formCode, period, unit } } }))
        : Promise.resolve(undefined),
    [formCode, period, unit],
  );

  const [search, setSearch] = useState("");
  const c = data.error ? undefined : data.data;
  const rows = useMemo(() => {
    if (!c) return [];
    const f = fold(search.trim());
    return c.rows.filter(
      (r) =>
        (!onlyMissing || (!isReceived(r.status) && r.status !== "waived")) &&
        (!f || fold(r.nameVi).includes(f) || fold(r.unit).includes(f)),
    );
  }, [c, onlyMissing, search]);

  // The server says what this user may do here (its one rule set).
  const canConsolidate = !!c && c.actions.includes("consolidate");
  const canRemind =
    !!c &&
    c.actions.includes("remind") &&
    c.rows.some((r) => r.unit !== unit && !isReceived(r.status) && r.status !== "waived");
  const [reminding, setReminding] = useState(false);

  const columns: Column<Row>[] = [
    { key: "code", label: t("Mã", "Code"), value: (r) => r.unit },
    {
      key: "name",
      label: t("Đơn vị", "Unit"),
      value: (r) => r.nameVi,
      render: (r) => <a href={href(["reports", formCode, r.unit, period])}>{r.nameVi}</a>,
    },
    { key: "type", label: t("Loại", "Type"), value: (r) => unitTypeLabel(r.type) },
    {
      key: "status",
      label: t("Trạng thái", "Status"),
      value: (r) => statusLabel(r.status),
      render: (r) => <StatusBadge status={r.status} />,
    },
    {
      key: "submittedAt",
      label: t("Nộp lúc", "Submitted at"),
      value: (r) => r.submittedAt ?? "",
      render: (r) => fmtDateTime(r.submittedAt),
    },
    {
      key: "dueBefore",
      label: t("Hạn (trước ngày)", "Due before"),
      value: (r) => r.dueBefore ?? "",
      render: (r) => fmtDate(r.dueBefore),
    },
    {
      key: "onTime",
      label: t("Đúng hạn", "On time"),
      value: (r) => onTimeLabel(r.onTime),
      render: (r) => (
        <span class={r.onTime === false ? "late" : r.onTime ? "ontime" : "muted"}>{onTimeLabel(r.onTime)}</span>
      ),
    },
    {
      key: "filled",
      label: t("Số liệu đã nhập (%)", "Figures entered (%)"),
      value: (r) => Math.round(r.filled * 1000) / 10,
      render: (r) => fmtPercent(r.filled * 100),
      numeric: true,
    },
  ];

  const unitName = unitInfo.data && !unitInfo.error ? pick(unitInfo.data) : "";
  const title = t("Tiến độ nộp báo cáo", "Report completeness");

  return (
    <Page
      title={title}
      wide
      subtitle={form ? `${pick(form)} · ${periodLabel(period)}${unitName ? " · " + unitName : ""}` : undefined}
      actions={
        <>
          {canRemind && (
            <button type="button" class="btn" id="completeness-remind" onClick={() => setReminding(true)}>
              {t("Nhắc các đơn vị chưa nộp…", "Remind the units not reported…")}
            </button>
          )}
          {canConsolidate && (
            <a
              class="btn btn-primary"
              id="completeness-consolidate"
              href={href(["reports", formCode, unit, period, "consolidate"])}
            >
              {t("Tổng hợp từ cấp dưới", "Consolidate")}
            </a>
          )}
        </>
      }
    >
      <ErrorBox error={forms.error} />
      {forms.loading && !forms.data && <Loading />}
      {forms.data && (
        <form class="card completeness-pickers" onSubmit={(e) => e.preventDefault()}>
          <div class="field">
            <label for="completeness-form">{t("Biểu mẫu", "Form")}</label>
            <select
              id="completeness-form"
              value={formCode}
              onChange={(e) => {
                const f = formList.find((x) => x.code === e.currentTarget.value);
                const ps = f ? formPeriods(f, thisYear, 12) : [];
                setQuery({ form: e.currentTarget.value, period: ps.includes(period) ? period : ps[0] });
              }}
            >
              {formList.map((f) => (
                <option value={f.code}>
                  {f.code} — {pick(f)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="completeness-period">{t("Kỳ báo cáo", "Period")}</label>
            <select
              id="completeness-period"
              value={period}
              onChange={(e) => setQuery({ period: e.currentTarget.value })}
            >
              {periodOptions.map((p) => (
                <option value={p}>{periodLabel(p)}</option>
              ))}
            </select>
          </div>
          <div class="field completeness-unit-field">
            <label for="completeness-unit">{t("Đơn vị", "Unit")}</label>
            <UnitPicker
              id="completeness-unit"
              value={unit}
              describedBy="completeness-unit-name"
              invalid={!!unitInfo.error}
              onChoose={(code) => {
                if (code !== unit) setQuery({ unit: code });
              }}
            />
            <p id="completeness-unit-name" class={unitInfo.error ? "field-error" : "hint"} aria-live="polite">
              {unitInfo.error
                ? t(
                    `Không tìm thấy đơn vị “${unit}” (hoặc bạn không có quyền xem).`,
                    `No unit “${unit}” (or you may not see it).`,
                  )
                : unitInfo.data && !unitInfo.loading
                  ? `${pick(unitInfo.data)} · ${unitTypeLabel(unitInfo.data.type)}`
                  : "…"}
            </p>
          </div>
        </form>
      )}

      {c && (
        <RemindDialog
          open={reminding}
          onClose={() => setReminding(false)}
          form={formCode}
          period={period}
          unit={unit}
          count={c.rows.filter((r) => r.unit !== unit && !isReceived(r.status) && r.status !== "waived").length}
        />
      )}
      <ErrorBox error={data.error} />
      {data.loading && <Loading />}
      {c && !data.loading && (
        <>
          <Summary c={c} />
          <section class="card" aria-labelledby="completeness-table-h">
            <h2 id="completeness-table-h">{t("Báo cáo của các đơn vị", "Reports of the units")}</h2>
            <div class="row completeness-filters">
              <div class="check">
                <input
                  type="checkbox"
                  id="completeness-only-missing"
                  checked={onlyMissing}
                  onChange={(e) => setQuery({ missing: e.currentTarget.checked ? "1" : undefined })}
                />
                <label for="completeness-only-missing">
                  {t("Chỉ hiện đơn vị chưa nộp", "Only units not received")}
                </label>
              </div>
              <div class="completeness-search">
                <label for="completeness-search" class="sr-only">
                  {t("Lọc theo tên hoặc mã đơn vị", "Filter by unit name or code")}
                </label>
                <input
                  id="completeness-search"
                  type="search"
                  value={search}
                  placeholder={t("Lọc theo tên, mã…", "Filter by name, code…")}
                  onInput={(e) => setSearch(e.currentTarget.value)}
                />
              </div>
              <span class="muted small" aria-live="polite" id="completeness-count">
                {t(
                  `${fmtNumber(rows.length)} / ${fmtNumber(c.rows.length)} đơn vị`,
                  `${fmtNumber(rows.length)} of ${fmtNumber(c.rows.length)} units`,
                )}
              </span>
            </div>
            <DataTable
              id="completeness-table"
              caption={t(
                `Tiến độ ${formCode} · ${periodLabel(period)} · ${unitName || unit}`,
                `Completeness of ${formCode} · ${periodLabel(period)} · ${unitName || unit}`,
              )}
              columns={columns}
              rows={rows}
              rowKey={(r) => r.unit}
              csvName={`tien-do-${formCode}-${period}-${unit}.csv`}
              empty={
                onlyMissing
                  ? t("Mọi đơn vị đã nộp.", "Every unit has reported.")
                  : t("Không có đơn vị nào.", "No units.")
              }
            />
          </section>
        </>
      )}
    </Page>
  );
}
