// Consolidation (tổng hợp từ cấp dưới): the sums of the direct children's reports
// (POST …/consolidate) kept apart from the parent's own entries — each element's `consolidated`
// figures, shown beside the unit's own values and, for area elements, the whole area (own +
// children) — the children still missing (from completeness) with the option to waive them
// (POST …/waive-children, approvers), and a "Recompute" button that shows what changed (old → new).
import type { ComponentChildren } from "preact";
import { useMemo, useRef, useState } from "preact/hooks";
import { api, ApiError, call, type Schemas } from "../../lib/api";
import { fmtDate, fmtDateTime, fmtNumber, fmtPercent, fmtStored } from "../../lib/format";
import { pick, pickField, t } from "../../lib/i18n";
import { periodLabel } from "../../lib/periods";
import { href } from "../../lib/router";
import { DataTable, ErrorBox, Loading, Notice, Page, StatusBadge, statusLabel, useAsync, type Column } from "../../lib/ui";
import { isReceived, periodAsOf, unitTypeLabel } from "../completeness/completeness-shared";
import { addsUp, addDecimal, consolidatedTotal, consolidationStamp, stampText } from "../report/report-model";
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

/** A consolidated figure as shown: the number, or "3 / 5 đơn vị" for a yes/no item (children answering yes / children used). */
function showConsolidated(el: Element, opt: string): string {
  const c = el.consolidated?.[opt];
  if (!c) return "";
  if (el.valueType === "boolean") return t(`${fmtStored(c.value)} / ${fmtNumber(c.childrenUsed)} đơn vị`, `${fmtStored(c.value)} / ${fmtNumber(c.childrenUsed)} units`);
  return fmtStored(c.value);
}

/** Own + consolidated for an area element summed numerically, when the children's figure exists (own empty = 0). */
function areaValue(el: Element, opt: string): string {
  if (!addsUp(el)) return "";
  const c = el.consolidated?.[opt];
  if (!c || !/^-?\d+(\.\d+)?$/.test(c.value)) return "";
  const own = el.values[opt]?.value ?? "";
  if (own !== "" && !/^-?\d+(\.\d+)?$/.test(own)) return "";
  return fmtStored(own === "" ? c.value : addDecimal(own, c.value));
}

interface Change {
  key: string;
  section: string;
  label: string;
  before: string;
  after: string;
}

/**
 * What a consolidation changed: every (element, option) consolidated figure and narrative text
 * that differs. The unit's own values are never touched by a consolidation.
 */
function diffReports(before: Report, after: Report): Change[] {
  const out: Change[] = [];
  const old = new Map<string, Element>();
  const oldText = new Map<string, string>();
  for (const s of before.sections) {
    if (isData(s)) for (const e of s.elements) old.set(e.code, e);
    else if (isNarrative(s)) oldText.set(s.code, s.text);
  }
  for (const s of after.sections) {
    const title = pickField(s, "title");
    if (isData(s)) {
      for (const e of s.elements) {
        const prev = old.get(e.code);
        for (const o of e.options) {
          const key = `${e.code}.${o.code}`;
          const a = e.consolidated?.[o.code]?.value ?? "";
          const b = prev?.consolidated?.[o.code]?.value ?? "";
          if (a !== b) {
            const label = e.disaggregated ? `${pick(e)} — ${pick(o)}` : pick(e);
            out.push({ key, section: title, label, before: prev ? showConsolidated(prev, o.code) : "", after: showConsolidated(e, o.code) });
          }
        }
      }
    } else if (isNarrative(s)) {
      const b = oldText.get(s.code) ?? "";
      if (b !== s.text) {
        const len = (x: string) => (x ? t(`văn bản ${fmtNumber(x.length)} ký tự`, `text of ${fmtNumber(x.length)} characters`) : "");
        out.push({ key: s.code, section: title, label: t("Nội dung báo cáo", "Report text"), before: len(b), after: len(s.text) });
      }
    }
  }
  return out;
}

/** The children's figure of one option, with what it was before the last run when it changed. */
function ConsCell(props: { el: Element; opt: string; changed: Map<string, Change>; total?: boolean }) {
  const { el, opt } = props;
  const key = `${el.code}.${opt}`;
  const text = props.total ? fmtStored(consolidatedTotal(el) ?? "") : showConsolidated(el, opt);
  const ch = props.total ? undefined : props.changed.get(key);
  const ref = text && el.scope !== "area" ? <span class="ref-tag">{t("tham khảo", "for reference")}</span> : null;
  if (!ch) return <td class="num consolidated" data-consolidated={key}>{text || <span class="muted">—</span>}{ref}</td>;
  return (
    <td class="num consolidated changed" data-consolidated={key}>
      {ch.before && <del class="diff-old" aria-label={t(`trước: ${ch.before}`, `before: ${ch.before}`)}>{ch.before}</del>}
      {ch.before && " "}
      <span class="diff-new">{text || "∅"}</span>
      {ref}
    </td>
  );
}

function OwnCell(props: { el: Element; opt: string; total?: boolean }) {
  const { el } = props;
  const text = props.total
    ? (el.total !== undefined && el.total !== null ? fmtNumber(el.total, 10) : "")
    : showValue(el, el.values[props.opt]?.value);
  return <td class="num">{text || <span class="muted">—</span>}</td>;
}

function AreaCell(props: { el: Element; opt: string; total?: boolean }) {
  const { el } = props;
  let text = "";
  if (props.total) {
    const c = consolidatedTotal(el);
    if (addsUp(el) && c !== null) {
      let own: string | null = null;
      for (const o of el.options) {
        const v = el.values[o.code]?.value;
        if (v && /^-?\d+(\.\d+)?$/.test(v)) own = own === null ? v : addDecimal(own, v);
      }
      text = fmtStored(own === null ? c : addDecimal(own, c));
    }
  } else text = areaValue(el, props.opt);
  const title = addsUp(el) ? undefined : t("Không cộng: chỉ tiêu riêng của đơn vị, trung bình hoặc câu có/không", "Not added: the unit's own item, an average or a yes/no item");
  return <td class="num area" data-area={`${el.code}.${props.total ? "TOTAL" : props.opt}`} title={title}>{text || <span class="muted">—</span>}</td>;
}

/** The server's consolidation comment ("Tổng hợp từ 5/160 đơn vị") in the current language. */
function consolidationComment(c: string): string {
  const m = /^Tổng hợp từ (\d+)(?:\/(\d+))? đơn vị$/.exec(c.normalize("NFC"));
  if (!m) return c;
  return m[2] ? t(c, `Consolidated from ${m[1]}/${m[2]} units`) : t(c, `Consolidated from ${m[1]} unit(s)`);
}

function Stamp(props: { el: Element }) {
  const s = consolidationStamp(props.el);
  return <td class="small muted">{s ? stampText(s) : ""}</td>;
}

function ValuesTable(props: { report: Report; changed: Map<string, Change> }) {
  const sections = props.report.sections.filter(isData);
  const narratives = props.report.sections.filter(isNarrative);
  return (
    <>
      <div class="table-scroll">
        <table class="data consolidation-values" id="consolidation-values">
          <caption>{t("Số liệu của đơn vị và số liệu tổng hợp từ cấp dưới (để riêng, không ghi đè)", "The unit's own figures and the figures consolidated from below (kept apart, never overwritten)")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("Chỉ tiêu", "Item")}</th>
              <th scope="col" class="num">{t("Số của đơn vị", "This unit's own")}</th>
              <th scope="col" class="num">{t("Cấp dưới (tổng hợp)", "Below (consolidated)")}</th>
              <th scope="col" class="num">{t("Toàn địa bàn", "Whole area")}</th>
              <th scope="col">{t("Nguồn tổng hợp", "Consolidated from")}</th>
            </tr>
          </thead>
          {sections.map((s) => (
            <tbody>
              <tr class="section-row">
                <th scope="colgroup" colSpan={5}>{pickField(s, "title")}</th>
              </tr>
              {s.elements.map((el) => {
                const rows: ComponentChildren[] = [];
                const name = (
                  <th scope="row" class="el-name">
                    {pick(el)}
                    {el.scope !== "area" && <span class="ref-tag">{t("chỉ tiêu riêng của đơn vị", "the unit's own item")}</span>}
                  </th>
                );
                if (!el.disaggregated) {
                  rows.push(
                    <tr>
                      {name}
                      <OwnCell el={el} opt="TONG" />
                      <ConsCell el={el} opt="TONG" changed={props.changed} />
                      <AreaCell el={el} opt="TONG" />
                      <Stamp el={el} />
                    </tr>,
                  );
                } else {
                  rows.push(
                    <tr class="element-total-row">
                      {name}
                      <OwnCell el={el} opt="" total />
                      <ConsCell el={el} opt="TOTAL" changed={props.changed} total />
                      <AreaCell el={el} opt="" total />
                      <Stamp el={el} />
                    </tr>,
                  );
                  for (const o of el.options) {
                    rows.push(
                      <tr class="option-row">
                        <th scope="row" class="el-option">{pick(o)}</th>
                        <OwnCell el={el} opt={o.code} />
                        <ConsCell el={el} opt={o.code} changed={props.changed} />
                        <AreaCell el={el} opt={o.code} />
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
          <h3>{t("Nội dung báo cáo (ghép từ báo cáo cấp dưới)", "Report text (compiled from the lower units' reports)")}</h3>
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
            noCsv: true,
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
    { key: "filled", label: t("Số liệu đã nhập (%)", "Figures entered (%)"), value: (r) => Math.round(r.filled * 1000) / 10, render: (r) => fmtPercent(r.filled * 100), numeric: true },
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
  const asOf = periodAsOf(period);
  const path = { form, unit, period };

  const rep = useAsync(() => call(api.GET("/api/v1/reports/{form}/{unit}/{period}", { params: { path } })), [form, unit, period]);
  const comp = useAsync(() => call(api.GET("/api/v1/completeness", { params: { query: { form, period, unit } } })), [form, unit, period]);
  const kids = useAsync(() => call(api.GET("/api/v1/units", { params: { query: { parent: unit, asOf } } })), [unit, asOf]);

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
  // What the server says this user may do to the report (its one rule set).
  const canWaive = !!report?.actions.includes("waive");
  const canConsolidate = !!report?.actions.includes("consolidate");
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
      if (err instanceof ApiError && err.problem.current) rep.setData(err.problem.current);
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
            {!locked && !canConsolidate && (
              <Notice kind="warn">
                {t(
                  "Bạn có thể xem tình hình báo cáo của các đơn vị cấp dưới, nhưng việc tổng hợp do người có quyền nhập số liệu của đơn vị này thực hiện.",
                  "You can follow the lower units' reports here; consolidating is done by whoever may enter this unit's figures.",
                )}
              </Notice>
            )}
            {comp.data && kids.data && children.length === 0 && (
              <Notice kind="info">
                {t("Đơn vị này không có đơn vị cấp dưới trực tiếp nào báo cáo biểu mẫu này.", "No direct child of this unit reports this form.")}
              </Notice>
            )}

            {canConsolidate && <div class="row consolidate-actions">
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
            </div>}
            <p class="hint" id="consolidate-include-hint">
              {t(
                "Số liệu của các đơn vị cấp dưới trực tiếp được cộng (hoặc lấy trung bình; câu có/không: đếm số đơn vị trả lời “Có”) vào cột “Cấp dưới (tổng hợp)”, để riêng: số liệu đơn vị tự nhập không bao giờ bị ghi đè. Tổng hợp lại bất cứ lúc nào; lần sau thay thế lần trước.",
                "The direct children's figures are summed (or averaged; yes/no items: how many answered “Yes”) into the column “Below (consolidated)”, kept apart: the unit's own entries are never overwritten. Recompute at will; each run replaces the last.",
              )}
            </p>
            <ErrorBox error={error} id="consolidate-error" />
            {result && (
              <div class="alert alert-ok consolidate-result" role="status" tabIndex={-1} ref={resultRef} id="consolidate-result">
                <p>
                  <strong>{t("Đã tổng hợp.", "Consolidated.")}</strong>{" "}
                  {t(
                    `Dùng báo cáo của ${fmtNumber(result.res.childrenUsed)} đơn vị; ${fmtNumber(result.res.missing.length)} đơn vị chưa có báo cáo dùng được.`,
                    `Used the reports of ${fmtNumber(result.res.childrenUsed)} unit(s); ${fmtNumber(result.res.missing.length)} had no usable report.`,
                  )}
                </p>
                <ul class="consolidate-counts" id="consolidate-counts">
                  <li data-count="written">
                    {t(
                      `${fmtNumber(result.res.valuesWritten)} số liệu tổng hợp được ghi vào cột “Cấp dưới (tổng hợp)” — để riêng, số liệu đơn vị tự nhập không thay đổi.`,
                      `${fmtNumber(result.res.valuesWritten)} consolidated figure(s) written to the column “Below (consolidated)” — kept apart; the unit's own entries are unchanged.`,
                    )}
                  </li>
                  {result.res.valuesKept > 0 && (
                    <li data-count="kept">
                      {t(
                        `${fmtNumber(result.res.valuesKept)} trong số đó là số liệu đơn vị cũng tự nhập: hai số được hiển thị song song (số của đơn vị và số cấp dưới).`,
                        `${fmtNumber(result.res.valuesKept)} of them the unit also entered itself: both are shown side by side (own and below).`,
                      )}
                    </li>
                  )}
                  {(result.res.valuesLocked ?? 0) > 0 && (
                    <li data-count="locked">
                      {t(
                        `${fmtNumber(result.res.valuesLocked ?? 0)} chỉ tiêu giữ nguyên như lần tổng hợp trước vì cũng nằm trong một báo cáo khác của đơn vị đã nộp hoặc đã duyệt; chúng được tổng hợp lại sau khi báo cáo đó bị trả lại hoặc được mở lại.`,
                        `${fmtNumber(result.res.valuesLocked ?? 0)} item(s) were left as they were: they are also in another report of this unit that is submitted or approved; they are recomputed once that report is returned or reopened.`,
                      )}
                    </li>
                  )}
                </ul>
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
                <p class="muted">{t("Không có số liệu tổng hợp nào thay đổi so với lần trước.", "No consolidated figure changed since the last run.")}</p>
              ) : (
                <div class="table-scroll changes-scroll">
                  <table class="data" id="consolidation-changes-table">
                    <caption class="sr-only">{t("Số liệu cấp dưới (tổng hợp) trước và sau lần tổng hợp này", "The consolidated figures before and after this run")}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("Phần", "Section")}</th>
                        <th scope="col">{t("Chỉ tiêu", "Item")}</th>
                        <th scope="col" class="num">{t("Cấp dưới — trước", "Below — before")}</th>
                        <th scope="col" class="num">{t("Cấp dưới — sau", "Below — after")}</th>
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
            <h2 id="consolidation-values-h">{t("Số liệu tổng hợp", "Consolidated figures")}</h2>
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
