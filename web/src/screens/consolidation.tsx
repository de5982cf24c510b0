// Consolidation (tổng hợp từ cấp dưới): the parent's report prefilled with the sums of its
// direct children's reports (POST …/consolidate), the children still missing (from
// completeness) with the option to waive them (POST …/waive-children, approvers), and a
// "Recompute" button that shows what changed (old → new).
import type { ComponentChildren } from "preact";
import { useMemo, useRef, useState } from "preact/hooks";
import { api, ApiError, call, type Schemas } from "../lib/api";
import { fmtDate, fmtDateTime, fmtNumber, fmtPercent, fmtStored } from "../lib/format";
import { pick, pickField, t } from "../lib/i18n";
import { periodLabel } from "../lib/periods";
import { href } from "../lib/router";
import { useSession } from "../lib/session";
import { DataTable, ErrorBox, Loading, Notice, Page, StatusBadge, statusLabel, useAsync, type Column } from "../lib/ui";
import { canApproveAt, isReceived, periodAsOf, unitTypeLabel } from "./completeness-shared";
import "./consolidation.css";

type Report = Schemas["Report"];
type DataSection = Schemas["ReportDataSection"];
type NarrativeSection = Schemas["ReportNarrativeSection"];
type Element = Schemas["ReportElement"];
type Result = Schemas["ConsolidationResult"];
type CRow = Schemas["CompletenessRow"];

function isData(s: Report["sections"][number]): s is DataSection {
  return s.kind === "data";
}
function isNarrative(s: Report["sections"][number]): s is NarrativeSection {
  return s.kind === "narrative";
}

/** A stored value in the current language and locale. */
function showValue(el: Element, raw: string | null | undefined): string {
  if (raw === null || raw === undefined || raw === "") return "";
  switch (el.valueType) {
    case "boolean":
      return raw === "true" || raw === "1" ? t("Có", "Yes") : raw === "false" || raw === "0" ? t("Không", "No") : raw;
    case "date":
      return fmtDate(raw);
    case "integer":
    case "number":
    case "percent":
      return fmtStored(raw);
    default:
      return raw;
  }
}

interface Change {
  key: string;
  section: string;
  label: string;
  before: string;
  after: string;
}

/** What a consolidation changed: every (element, option) value and narrative text that differs. */
function diffReports(before: Report, after: Report): Change[] {
  const out: Change[] = [];
  const old = new Map<string, string>();
  const oldText = new Map<string, string>();
  for (const s of before.sections) {
    if (isData(s)) for (const e of s.elements) for (const [o, c] of Object.entries(e.values)) old.set(`${e.code}.${o}`, c.value);
    else if (isNarrative(s)) oldText.set(s.code, s.text);
  }
  for (const s of after.sections) {
    const title = pickField(s, "title");
    if (isData(s)) {
      for (const e of s.elements) {
        for (const o of e.options) {
          const key = `${e.code}.${o.code}`;
          const a = e.values[o.code]?.value ?? "";
          const b = old.get(key) ?? "";
          if (a !== b) {
            const label = e.disaggregated ? `${pick(e)} — ${pick(o)}` : pick(e);
            out.push({ key, section: title, label, before: showValue(e, b), after: showValue(e, a) });
          }
        }
      }
    } else if (isNarrative(s)) {
      const b = oldText.get(s.code) ?? "";
      if (b !== s.text) {
        const len = (x: string) => (x ? t(`văn bản ${fmtNumber(x.length)} ký tự`, `text of ${fmtNumber(x.length)} characters`) : "");
        out.push({ key: s.code, section: title, label: t("Phần lời văn", "Narrative"), before: len(b), after: len(s.text) });
      }
    }
  }
  return out;
}

function Cell(props: { el: Element; opt: string; changed: Map<string, Change> }) {
  const v = props.el.values[props.opt];
  const ch = props.changed.get(`${props.el.code}.${props.opt}`);
  const text = showValue(props.el, v?.value);
  if (!ch) return <td class="num">{text}</td>;
  return (
    <td class="num changed">
      {ch.before && <del class="diff-old" aria-label={t(`trước: ${ch.before}`, `before: ${ch.before}`)}>{ch.before}</del>}
      {ch.before && " "}
      <span class="diff-new">{text || "∅"}</span>
    </td>
  );
}

/** The server's consolidation comment ("Tổng hợp từ 5/160 đơn vị") in the current language. */
function consolidationComment(c: string): string {
  const m = /^Tổng hợp từ (\d+)(?:\/(\d+))? đơn vị$/.exec(c.normalize("NFC"));
  if (!m) return c;
  return m[2] ? t(c, `Consolidated from ${m[1]}/${m[2]} units`) : t(c, `Consolidated from ${m[1]} unit(s)`);
}

function uniqueComments(el: Element): string {
  const set = new Set<string>();
  for (const c of Object.values(el.values)) if (c.comment) set.add(consolidationComment(c.comment));
  return [...set].join("; ");
}

function ValuesTable(props: { report: Report; changed: Map<string, Change> }) {
  const sections = props.report.sections.filter(isData);
  const narratives = props.report.sections.filter(isNarrative);
  const total = (el: Element) =>
    el.disaggregated ? (el.total !== undefined && el.total !== null ? fmtNumber(el.total) : "") : showValue(el, el.values.TONG?.value);
  const sexSplit = (el: Element) => el.options.length === 2 && el.options[0].code === "NU" && el.options[1].code === "NAM";
  return (
    <>
      <div class="table-scroll">
        <table class="data consolidation-values" id="consolidation-values">
          <caption>{t("Số liệu của báo cáo cấp trên (sau tổng hợp)", "The parent report's values (after consolidation)")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("Chỉ tiêu", "Item")}</th>
              <th scope="col" class="num">{t("Nữ", "Female")}</th>
              <th scope="col" class="num">{t("Nam", "Male")}</th>
              <th scope="col" class="num">{t("Tổng", "Total")}</th>
              <th scope="col">{t("Ghi chú", "Note")}</th>
            </tr>
          </thead>
          {sections.map((s) => (
            <tbody>
              <tr class="section-row">
                <th scope="colgroup" colSpan={5}>{pickField(s, "title")}</th>
              </tr>
              {s.elements.map((el) => {
                const rows: ComponentChildren[] = [];
                if (!el.disaggregated) {
                  rows.push(
                    <tr>
                      <th scope="row" class="el-name">{pick(el)}</th>
                      <td class="num muted" aria-hidden="true"></td>
                      <td class="num muted" aria-hidden="true"></td>
                      <Cell el={el} opt="TONG" changed={props.changed} />
                      <td class="small muted">{uniqueComments(el)}</td>
                    </tr>,
                  );
                } else if (sexSplit(el)) {
                  rows.push(
                    <tr>
                      <th scope="row" class="el-name">{pick(el)}</th>
                      <Cell el={el} opt="NU" changed={props.changed} />
                      <Cell el={el} opt="NAM" changed={props.changed} />
                      <td class="num total">{total(el)}</td>
                      <td class="small muted">{uniqueComments(el)}</td>
                    </tr>,
                  );
                } else {
                  rows.push(
                    <tr>
                      <th scope="row" class="el-name">{pick(el)}</th>
                      <td class="num muted" aria-hidden="true"></td>
                      <td class="num muted" aria-hidden="true"></td>
                      <td class="num total">{total(el)}</td>
                      <td class="small muted">{uniqueComments(el)}</td>
                    </tr>,
                  );
                  for (const o of el.options) {
                    rows.push(
                      <tr class="option-row">
                        <th scope="row" class="el-option">{pick(o)}</th>
                        <td class="num muted" aria-hidden="true"></td>
                        <td class="num muted" aria-hidden="true"></td>
                        <Cell el={el} opt={o.code} changed={props.changed} />
                        <td></td>
                      </tr>,
                    );
                  }
                }
                return rows;
              })}
            </tbody>
          ))}
        </table>
      </div>
      {narratives.length > 0 && (
        <div class="consolidation-narratives" id="consolidation-narratives">
          <h3>{t("Phần lời văn (ghép từ báo cáo cấp dưới)", "Narratives (compiled from the children's reports)")}</h3>
          {narratives.map((s) => (
            <details>
              <summary>
                {pickField(s, "title")}{" "}
                <span class="muted small">
                  {s.text ? t(`(${fmtNumber(s.text.length)} ký tự)`, `(${fmtNumber(s.text.length)} characters)`) : t("(trống)", "(empty)")}
                </span>
              </summary>
              {s.text ? <p class="pre narrative-text">{s.text}</p> : <p class="muted">{t("Chưa có nội dung.", "Nothing written.")}</p>}
            </details>
          ))}
        </div>
      )}
    </>
  );
}

function MissingChildren(props: {
  form: string;
  unit: string;
  period: string;
  children: CRow[];
  canWaive: boolean;
  includeSubmitted: boolean;
  onWaived: () => void;
}) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string>("");
  const missing = props.children.filter((r) => r.status !== "approved" && r.status !== "waived");
  const counts = new Map<string, number>();
  for (const r of props.children) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const waivable = missing.filter((r) => r.status !== "submitted" || !props.includeSubmitted);

  const toggle = (code: string, on: boolean) =>
    setSelected((s) => {
      const n = new Set(s);
      if (on) n.add(code);
      else n.delete(code);
      return n;
    });

  const waive = async (e: Event) => {
    e.preventDefault();
    setDone("");
    setError(null);
    const r = reason.trim();
    if (!r) {
      setReasonError(t("Hãy ghi lý do miễn báo cáo.", "Give the reason for the waiver."));
      document.getElementById("waive-reason")?.focus();
      return;
    }
    setReasonError("");
    const children = [...selected].filter((c) => missing.some((m) => m.unit === c));
    if (children.length === 0) return;
    setBusy(true);
    try {
      const res = await call(
        api.POST("/api/v1/reports/{form}/{unit}/{period}/waive-children", {
          params: { path: { form: props.form, unit: props.unit, period: props.period } },
          body: { reason: r, children },
        }),
      );
      setDone(t(`Đã miễn báo cáo cho ${res.waived} đơn vị.`, `${res.waived} unit(s) waived.`));
      setSelected(new Set());
      setReason("");
      props.onWaived();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const columns: Column<CRow>[] = [
    ...(props.canWaive
      ? [
          {
            key: "select",
            label: t("Chọn", "Select"),
            value: () => "",
            render: (r: CRow) => (
              <input
                type="checkbox"
                class="waive-check"
                aria-label={t(`Chọn ${r.nameVi} để miễn báo cáo`, `Select ${r.nameVi} to waive`)}
                checked={selected.has(r.unit)}
                onChange={(e) => toggle(r.unit, e.currentTarget.checked)}
              />
            ),
          } as Column<CRow>,
        ]
      : []),
    { key: "code", label: t("Mã", "Code"), value: (r) => r.unit },
    {
      key: "name",
      label: t("Đơn vị", "Unit"),
      value: (r) => r.nameVi,
      render: (r) => <a href={href(["reports", props.form, r.unit, props.period])}>{r.nameVi}</a>,
    },
    { key: "type", label: t("Loại", "Type"), value: (r) => unitTypeLabel(r.type) },
    {
      key: "status",
      label: t("Trạng thái", "Status"),
      value: (r) => statusLabel(r.status),
      render: (r) => (
        <>
          <StatusBadge status={r.status} />
          {r.status === "submitted" && (
            <span class="muted small"> {props.includeSubmitted ? t("(được dùng)", "(used)") : t("(chưa dùng)", "(not used)")}</span>
          )}
        </>
      ),
    },
    { key: "dueBefore", label: t("Hạn (trước ngày)", "Due before"), value: (r) => r.dueBefore ?? "", render: (r) => fmtDate(r.dueBefore) },
    { key: "filled", label: t("Mức điền (%)", "Filled (%)"), value: (r) => Math.round(r.filled * 1000) / 10, render: (r) => fmtPercent(r.filled * 100), numeric: true },
  ];

  const order = ["missing", "draft", "returned", "submitted", "approved", "waived"];
  return (
    <section class="card" aria-labelledby="consolidation-missing-h" id="consolidation-missing">
      <h2 id="consolidation-missing-h">{t("Đơn vị cấp dưới chưa được duyệt", "Children not yet approved")}</h2>
      <p>
        {t(
          `${fmtNumber(missing.length)} trong ${fmtNumber(props.children.length)} đơn vị cấp dưới trực tiếp báo cáo biểu mẫu này chưa có báo cáo được duyệt.`,
          `${fmtNumber(missing.length)} of the ${fmtNumber(props.children.length)} direct children that report this form have no approved report.`,
        )}
      </p>
      <ul class="status-counts" aria-label={t("Số đơn vị theo trạng thái", "Units by status")}>
        {order
          .filter((s) => counts.has(s))
          .map((s) => (
            <li>
              <StatusBadge status={s === "waived" ? "waived" : s} /> {fmtNumber(counts.get(s) ?? 0)}
            </li>
          ))}
      </ul>
      <p class="hint">
        {t(
          "Chỉ báo cáo đã duyệt được tổng hợp (và báo cáo đã nộp khi chọn “Dùng cả báo cáo đã nộp”). Đơn vị được miễn báo cáo không cần báo cáo để cấp trên được duyệt.",
          "Only approved reports are consolidated (and submitted ones with “Also use submitted reports”). A waived unit is not needed for the parent's approval.",
        )}
      </p>
      {missing.length > 0 && (
        <DataTable
          id="consolidation-missing-table"
          caption={t("Đơn vị cấp dưới chưa được duyệt", "Children not yet approved")}
          columns={columns}
          rows={missing}
          rowKey={(r) => r.unit}
          csvName={`chua-duyet-${props.form}-${props.period}-${props.unit}.csv`}
        />
      )}
      {props.canWaive && missing.length > 0 && (
        <form class="waive-form" onSubmit={waive} aria-labelledby="waive-h">
          <h3 id="waive-h">{t("Miễn báo cáo", "Waive reports")}</h3>
          <div class="row">
            <button type="button" class="btn btn-small" onClick={() => setSelected(new Set(waivable.map((r) => r.unit)))}>
              {t("Chọn tất cả", "Select all")}
            </button>
            <button type="button" class="btn btn-small" onClick={() => setSelected(new Set())} disabled={selected.size === 0}>
              {t("Bỏ chọn", "Clear selection")}
            </button>
            <span class="muted small" aria-live="polite">{t(`Đã chọn ${selected.size} đơn vị`, `${selected.size} selected`)}</span>
          </div>
          <div class="field">
            <label for="waive-reason">{t("Lý do miễn báo cáo", "Reason for the waiver")}</label>
            <textarea
              id="waive-reason"
              rows={2}
              value={reason}
              maxLength={2000}
              aria-invalid={reasonError ? "true" : undefined}
              aria-describedby="waive-reason-error waive-reason-hint"
              onInput={(e) => setReason(e.currentTarget.value)}
            />
            <p class="hint" id="waive-reason-hint">
              {t("Việc miễn báo cáo được ghi vào nhật ký và không thu hồi được.", "The waiver is recorded in the audit trail and cannot be withdrawn.")}
            </p>
            <p class="field-error" id="waive-reason-error" role="alert">{reasonError}</p>
          </div>
          <ErrorBox error={error} />
          {done && <Notice kind="ok">{done}</Notice>}
          <button type="submit" class="btn" id="waive-button" disabled={busy || selected.size === 0}>
            {busy ? t("Đang ghi…", "Saving…") : t(`Miễn báo cáo cho ${selected.size} đơn vị đã chọn`, `Waive the ${selected.size} selected unit(s)`)}
          </button>
        </form>
      )}
    </section>
  );
}

export default function Consolidation(props: { form: string; unit: string; period: string }) {
  const { form, unit, period } = props;
  const { me } = useSession();
  const asOf = periodAsOf(period);
  const path = { form, unit, period };

  const rep = useAsync(() => call(api.GET("/api/v1/reports/{form}/{unit}/{period}", { params: { path } })), [form, unit, period]);
  const comp = useAsync(() => call(api.GET("/api/v1/completeness", { params: { query: { form, period, unit } } })), [form, unit, period]);
  const kids = useAsync(() => call(api.GET("/api/v1/units", { params: { query: { parent: unit, asOf } } })), [unit, asOf]);
  const anc = useAsync(() => call(api.GET("/api/v1/units/{code}/ancestors", { params: { path: { code: unit }, query: { asOf } } })), [unit, asOf]);

  const [includeSubmitted, setIncludeSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<{ res: Result; changes: Change[] } | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  const report = rep.data;
  const children = useMemo(() => {
    if (!comp.data) return [];
    const rows = comp.data.rows.filter((r) => r.unit !== unit);
    if (!kids.data) return rows;
    const direct = new Set(kids.data.units.map((u) => u.code));
    return rows.filter((r) => direct.has(r.unit));
  }, [comp.data, kids.data, unit]);
  const canWaive = canApproveAt(me, [...(anc.data?.units.map((u) => u.code) ?? []), unit]);
  const changed = useMemo(() => new Map((result?.changes ?? []).map((c) => [c.key, c])), [result]);

  const consolidations = (report?.history ?? []).filter((h) => h.action === "consolidate");
  const last = consolidations[consolidations.length - 1];
  const locked = report && (report.status === "submitted" || report.status === "approved");

  const run = async () => {
    if (!report) return;
    setBusy(true);
    setError(null);
    try {
      const res = await call(
        api.POST("/api/v1/reports/{form}/{unit}/{period}/consolidate", { params: { path }, body: { version: report.version, includeSubmitted } }),
      );
      const changes = diffReports(report, res.report);
      rep.setData(res.report);
      setResult({ res, changes });
      setTimeout(() => resultRef.current?.focus(), 0);
    } catch (err) {
      setError(err);
      // A stale version: the server sends the report as it is now; show it and let the person run again.
      if (err instanceof ApiError && err.problem.current && typeof err.problem.current === "object") rep.setData(err.problem.current as Report);
    } finally {
      setBusy(false);
    }
  };

  const title = t("Tổng hợp báo cáo từ cấp dưới", "Consolidate from subordinate units");
  const reportHref = href(["reports", form, unit, period]);
  return (
    <Page
      title={title}
      wide
      subtitle={report ? `${pick(report.form)} · ${report.unit.nameVi} · ${periodLabel(period)}` : `${form} · ${unit} · ${periodLabel(period)}`}
      actions={
        <a class="btn" href={reportHref} id="consolidation-report-link">
          {t("Mở báo cáo để sửa, nộp", "Open the report to edit or submit")}
        </a>
      }
    >
      {rep.loading && !report && <Loading />}
      <ErrorBox error={rep.error} />
      {report && (
        <>
          <section class="card consolidation-head" aria-labelledby="consolidation-state-h">
            <h2 id="consolidation-state-h" class="sr-only">{t("Tình trạng báo cáo", "Report state")}</h2>
            <dl class="consolidation-facts">
              <div>
                <dt>{t("Đơn vị", "Unit")}</dt>
                <dd>{report.unit.nameVi} <span class="muted">({report.unit.code})</span></dd>
              </div>
              <div>
                <dt>{t("Trạng thái", "Status")}</dt>
                <dd><StatusBadge status={report.status} /> <span class="muted small">{t(`phiên bản ${report.version}`, `version ${report.version}`)}</span></dd>
              </div>
              <div>
                <dt>{t("Hạn nộp", "Due")}</dt>
                <dd>{report.dueBefore ? t(`trước ${fmtDate(report.dueBefore)}`, `before ${fmtDate(report.dueBefore)}`) : t("không có hạn", "no deadline")}</dd>
              </div>
              <div id="consolidation-last">
                <dt>{t("Lần tổng hợp gần nhất", "Last consolidation")}</dt>
                <dd>
                  {last ? (
                    <>
                      {fmtDateTime(last.at)} · {t("bởi", "by")} <strong>{last.actor}</strong>
                      {last.comment && <span class="muted small consolidation-comment">{consolidationComment(last.comment)}</span>}
                    </>
                  ) : (
                    <span class="muted">{t("Chưa tổng hợp lần nào", "Never consolidated")}</span>
                  )}
                </dd>
              </div>
            </dl>
            {consolidations.length > 1 && (
              <details class="consolidation-history">
                <summary>{t(`Các lần tổng hợp (${consolidations.length})`, `All consolidations (${consolidations.length})`)}</summary>
                <ul>
                  {[...consolidations].reverse().map((h) => (
                    <li>{fmtDateTime(h.at)} · {h.actor}{h.comment ? ` · ${consolidationComment(h.comment)}` : ""}</li>
                  ))}
                </ul>
              </details>
            )}

            {locked && (
              <Notice kind="warn">
                {t(
                  `Báo cáo đang ở trạng thái “${statusLabel(report.status)}” nên không tổng hợp lại được; cần trả lại hoặc mở lại báo cáo trước.`,
                  `The report is “${statusLabel(report.status)}”, so it cannot be consolidated again; it must be returned or reopened first.`,
                )}
              </Notice>
            )}
            {!locked && !report.editable && (
              <Notice kind="warn">
                {t(
                  "Bạn không có quyền sửa báo cáo của đơn vị này, nên máy chủ sẽ không cho tổng hợp.",
                  "You may not edit this unit's report, so the server will refuse to consolidate it.",
                )}
              </Notice>
            )}
            {comp.data && kids.data && children.length === 0 && (
              <Notice kind="info">
                {t("Đơn vị này không có đơn vị cấp dưới trực tiếp nào báo cáo biểu mẫu này.", "No direct child of this unit reports this form.")}
              </Notice>
            )}

            <div class="row consolidate-actions">
              <div class="check">
                <input
                  type="checkbox"
                  id="consolidate-include-submitted"
                  checked={includeSubmitted}
                  onChange={(e) => setIncludeSubmitted(e.currentTarget.checked)}
                  aria-describedby="consolidate-include-hint"
                />
                <label for="consolidate-include-submitted">{t("Dùng cả báo cáo đã nộp nhưng chưa duyệt", "Also use submitted reports not yet approved")}</label>
              </div>
              <button type="button" class="btn btn-primary" id="consolidate-button" disabled={busy} onClick={() => void run()}>
                {busy ? t("Đang tổng hợp…", "Consolidating…") : last ? t("Tổng hợp lại", "Recompute") : t("Tổng hợp", "Consolidate")}
              </button>
            </div>
            <p class="hint" id="consolidate-include-hint">
              {t(
                "Số liệu được cộng (hoặc lấy trung bình) từ báo cáo của các đơn vị cấp dưới trực tiếp; giá trị do cán bộ cấp trên tự nhập được giữ nguyên, giá trị của lần tổng hợp trước được tính lại.",
                "Values are summed (or averaged) from the direct children's reports; values the parent's people typed are kept, values from an earlier consolidation are recomputed.",
              )}
            </p>
            <ErrorBox error={error} id="consolidate-error" />
            {result && (
              <div class="alert alert-ok consolidate-result" role="status" tabIndex={-1} ref={resultRef} id="consolidate-result">
                <p>
                  <strong>{t("Đã tổng hợp.", "Consolidated.")}</strong>{" "}
                  {t(
                    `Dùng báo cáo của ${fmtNumber(result.res.childrenUsed)} đơn vị; ${fmtNumber(result.res.missing.length)} đơn vị chưa có báo cáo dùng được. Ghi ${fmtNumber(result.res.valuesWritten)} giá trị, giữ nguyên ${fmtNumber(result.res.valuesKept)} giá trị do cán bộ nhập.`,
                    `Used the reports of ${fmtNumber(result.res.childrenUsed)} unit(s); ${fmtNumber(result.res.missing.length)} had no usable report. Wrote ${fmtNumber(result.res.valuesWritten)} value(s), kept ${fmtNumber(result.res.valuesKept)} typed value(s).`,
                  )}
                </p>
                {result.res.childrenUsed === 0 && (
                  <p>
                    {t(
                      "Không có báo cáo cấp dưới nào dùng được: chưa có báo cáo nào được duyệt (hoặc đã nộp, nếu chọn dùng cả báo cáo đã nộp).",
                      "There was nothing to consolidate: no child report is approved (or submitted, when that option is on).",
                    )}
                  </p>
                )}
              </div>
            )}
          </section>

          {result && (
            <section class="card" aria-labelledby="consolidation-changes-h" id="consolidation-changes">
              <h2 id="consolidation-changes-h">{t("Những gì đã thay đổi", "What changed")}</h2>
              {result.changes.length === 0 ? (
                <p class="muted">{t("Không có giá trị nào thay đổi so với trước khi tổng hợp.", "No value changed compared with before.")}</p>
              ) : (
                <div class="table-scroll changes-scroll">
                  <table class="data" id="consolidation-changes-table">
                    <caption class="sr-only">{t("Giá trị trước và sau khi tổng hợp", "Values before and after consolidation")}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("Phần", "Section")}</th>
                        <th scope="col">{t("Chỉ tiêu", "Item")}</th>
                        <th scope="col" class="num">{t("Trước", "Before")}</th>
                        <th scope="col" class="num">{t("Sau", "After")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {result.changes.map((c) => (
                        <tr>
                          <td>{c.section}</td>
                          <td>{c.label}</td>
                          <td class="num">{c.before ? <span class="diff-old">{c.before}</span> : <span class="muted">—</span>}</td>
                          <td class="num">{c.after ? <span class="diff-new">{c.after}</span> : <span class="muted">—</span>}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          )}

          {comp.loading && !comp.data && <Loading />}
          <ErrorBox error={comp.error} />
          {comp.data && children.length > 0 && (
            <MissingChildren
              form={form}
              unit={unit}
              period={period}
              children={children}
              canWaive={canWaive}
              includeSubmitted={includeSubmitted}
              onWaived={comp.reload}
            />
          )}

          <section class="card" aria-labelledby="consolidation-values-h">
            <h2 id="consolidation-values-h">{t("Số liệu tổng hợp", "Consolidated values")}</h2>
            {children.length > 0 && comp.data && (
              <p class="muted small">
                {t(
                  `${fmtNumber(children.filter((r) => isReceived(r.status)).length)}/${fmtNumber(children.length)} đơn vị cấp dưới đã nộp hoặc được duyệt.`,
                  `${fmtNumber(children.filter((r) => isReceived(r.status)).length)}/${fmtNumber(children.length)} children submitted or approved.`,
                )}
              </p>
            )}
            <ValuesTable report={report} changed={changed} />
          </section>
        </>
      )}
    </Page>
  );
}
