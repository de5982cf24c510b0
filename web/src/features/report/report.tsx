// A report: entry with autosave and conflict handling, the workflow (submit, return with a reason per section, approve,
// reopen, withdraw), its history with the difference between submissions, and its evidence files.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, ApiError, call, type Problem } from "../../lib/api";
import { Dialog } from "../../lib/dialog";
import { fmtDate, fmtPercent, fmtStored } from "../../lib/format";
import { pick, t } from "../../lib/i18n";
import { periodLabel } from "../../lib/periods";
import { href } from "../../lib/router";
import { ErrorBox, Loading, Notice, Page, SeverityIcon, StatusBadge } from "../../lib/ui";
import { ConsolidationLegend, DataSectionView, NarrativeSectionView, type EntryProps } from "./report-entry";
import { EvidenceTab } from "./report-evidence";
import { HistoryTab } from "./report-history";
import { LockedAlert, type Lock } from "./report-locked";
import {
  cellKey, checkComment, checkNarrative, checkValue, elementBounds, elementIndex, filledShare, isDataSection, keyLabel, sectionHasConsolidated,
  serverCells, serverInputCells, serverNarratives,
  type Cell, type Report, type Violation,
} from "./report-model";

type SaveState = "saved" | "unsaved" | "saving" | "invalid" | "error" | "conflict";
const AUTOSAVE_MS = 1200;
const EMPTY: Cell = { value: "", comment: "" };

interface Conflict {
  current: Report;
  mine: Map<string, Cell>;
  mineNarr: Map<string, string>;
}

/** How many times the report was submitted: every autosave is a version, so the version is not shown. */
function submissionsLabel(submissions: number): string {
  if (submissions === 0) return t("Chưa nộp lần nào", "Not submitted yet");
  return t(`Đã nộp ${submissions} lần`, submissions === 1 ? "Submitted once" : `Submitted ${submissions} times`);
}

export function ReportScreen(props: { form: string; unit: string; period: string; tab?: string }) {
  const path = { form: props.form, unit: props.unit, period: props.period };
  const [report, setReport] = useState<Report | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [edits, setEdits] = useState<Map<string, Cell>>(new Map());
  const [narrEdits, setNarrEdits] = useState<Map<string, string>>(new Map());
  const [saveState, setSaveState] = useState<SaveState>("saved");
  const [saveError, setSaveError] = useState<unknown>(null);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  // A save refused because another form's submitted/approved report holds a value (not a conflict).
  const [lock, setLock] = useState<Lock | null>(null);
  // The field a refused value (422 values[i]) belongs to, as "ELEMENT.OPTION".
  const [errorKey, setErrorKey] = useState<string | null>(null);
  const [dialog, setDialog] = useState<null | "submit" | "return" | "approve" | "reopen" | "withdraw">(null);
  const [flash, setFlash] = useState<string | null>(null);

  // Refs mirror the state for the autosave timer and in-flight saves.
  const reportRef = useRef<Report | null>(null);
  const editsRef = useRef(edits);
  const narrRef = useRef(narrEdits);
  const saving = useRef<Promise<boolean> | null>(null);
  const timer = useRef<number | undefined>(undefined);
  reportRef.current = report;
  editsRef.current = edits;
  narrRef.current = narrEdits;

  const load = async () => {
    setLoadError(null);
    try {
      const r = await call(api.GET("/api/v1/reports/{form}/{unit}/{period}", { params: { path } }));
      setReport(r);
      setEdits(new Map());
      setNarrEdits(new Map());
      setSaveState("saved");
      setLock(null);
      setErrorKey(null);
    } catch (err) {
      setLoadError(err);
    }
  };
  useEffect(() => {
    setReport(null);
    void load();
    // Leaving the report (another route or another report) saves what is pending, as autosave would.
    return () => {
      if (editsRef.current.size > 0 || narrRef.current.size > 0) void saveNow();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per report; load and saveNow read the current state through refs
  }, [props.form, props.unit, props.period]);

  // The server's values in their typed form ("1,25" for the stored "1.25"): what the inputs show and
  // what a cell edited from them sends, so a canonical server value is never sent back as such.
  const server = useMemo(() => (report ? serverInputCells(report) : new Map<string, Cell>()), [report]);
  const serverNarr = useMemo(() => (report ? serverNarratives(report) : new Map<string, string>()), [report]);
  const cell = (key: string): Cell => edits.get(key) ?? server.get(key) ?? EMPTY;
  const narrative = (code: string): string => narrEdits.get(code) ?? serverNarr.get(code) ?? "";

  // Unsaved changes survive neither a reload nor a route change without a warning.
  useEffect(() => {
    const dirty = edits.size > 0 || narrEdits.size > 0;
    const f = (e: BeforeUnloadEvent) => {
      if (dirty) e.preventDefault();
    };
    window.addEventListener("beforeunload", f);
    return () => window.removeEventListener("beforeunload", f);
  }, [edits, narrEdits]);

  /** Sends the valid pending edits; resolves true when everything pending is saved. */
  const saveNow = async (): Promise<boolean> => {
    window.clearTimeout(timer.current);
    if (saving.current) await saving.current;
    const r = reportRef.current;
    if (!r || !r.editable) return true;
    const pending = editsRef.current;
    const pendingNarr = narrRef.current;
    if (pending.size === 0 && pendingNarr.size === 0) {
      setSaveState("saved");
      setLock(null);
      return true;
    }
    const idx = elementIndex(r);
    const values: { element: string; option?: string; value: string; comment?: string }[] = [];
    const sent = new Map<string, Cell>();
    let invalid = 0;
    for (const [key, c] of pending) {
      const [code, option] = key.split(".");
      const found = idx.get(code);
      if (!found || checkValue(found.el.valueType, c.value, elementBounds(found.el)) || checkComment(c.comment)) {
        invalid++;
        continue;
      }
      // Sent as typed ("1.250", "12,5"): the server reads it by the same rules.
      values.push({ element: code, ...(found.el.disaggregated ? { option } : {}), value: c.value.trim(), comment: c.comment });
      sent.set(key, c);
    }
    const narratives: Record<string, string> = {};
    const sentNarr = new Map<string, string>();
    for (const [code, text] of pendingNarr) {
      if (checkNarrative(text)) {
        invalid++;
        continue;
      }
      narratives[code] = text;
      sentNarr.set(code, text);
    }
    if (values.length === 0 && sentNarr.size === 0) {
      setSaveState("invalid");
      return false;
    }
    const sentKeys = [...sent.keys()]; // in the order of `values`, for a 422 naming values[i]
    setSaveState("saving");
    const job = (async () => {
      try {
        const next = await call(api.PUT("/api/v1/reports/{form}/{unit}/{period}", {
          params: { path },
          body: { version: r.version, values, narratives },
        }));
        setReport(next);
        reportRef.current = next;
        // Keep only edits made while the save was in flight.
        const restEdits = new Map(editsRef.current);
        for (const [k, c] of sent) if (restEdits.get(k) === c) restEdits.delete(k);
        const restNarr = new Map(narrRef.current);
        for (const [k, s] of sentNarr) if (restNarr.get(k) === s) restNarr.delete(k);
        editsRef.current = restEdits;
        narrRef.current = restNarr;
        setEdits(restEdits);
        setNarrEdits(restNarr);
        setSaveError(null);
        setLock(null);
        setErrorKey(null);
        setSavedAt(new Date());
        const done = restEdits.size === 0 && restNarr.size === 0;
        setSaveState(done ? "saved" : invalid ? "invalid" : "unsaved");
        return done && invalid === 0;
      } catch (err) {
        const problem: Problem | null = err instanceof ApiError ? err.problem : null;
        if (err instanceof ApiError && err.status === 409 && problem?.reason === "locked_by_other_report") {
          // Not a version conflict: nobody else saved this report. The typed values stay in the
          // inputs, unsaved, and the alert says which report holds them.
          setLock({ problem: problem, forms: problem.lockedBy ?? [] });
          setSaveError(null);
          setErrorKey(null);
          setSaveState("unsaved");
        } else if (err instanceof ApiError && err.status === 409 && problem?.current &&
                   (problem.reason === "stale_version" || (problem.reason === undefined && problem.field === "version"))) {
          setLock(null);
          setConflict({ current: problem.current, mine: new Map(editsRef.current), mineNarr: new Map(narrRef.current) });
          setSaveState("conflict");
        } else {
          // A value the server refused (422, field values[i]): name the field it belongs to.
          const m = err instanceof ApiError && err.status === 422 ? /^values\[(\d+)\]/.exec(problem?.field ?? "") : null;
          setErrorKey(m ? sentKeys[Number(m[1])] ?? null : null);
          setSaveError(err);
          setSaveState("error");
        }
        return false;
      }
    })();
    saving.current = job;
    try {
      return await job;
    } finally {
      saving.current = null;
    }
  };

  const schedule = () => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void saveNow(), AUTOSAVE_MS);
  };
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const setCell = (key: string, c: Cell) => {
    const next = new Map(editsRef.current);
    const s = server.get(key) ?? EMPTY;
    if (s.value === c.value && s.comment === c.comment) next.delete(key);
    else next.set(key, c);
    editsRef.current = next;
    setEdits(next);
    setSaveState("unsaved");
    schedule();
  };
  const setNarrative = (code: string, text: string) => {
    const next = new Map(narrRef.current);
    if ((serverNarr.get(code) ?? "") === text) next.delete(code);
    else next.set(code, text);
    narrRef.current = next;
    setNarrEdits(next);
    setSaveState("unsaved");
    schedule();
  };

  if (loadError) {
    return (
      <Page title={t("Báo cáo", "Report")}>
        <ErrorBox error={loadError} />
        <p><a href={href("/")}>{t("Về trang chủ", "Go home")}</a></p>
      </Page>
    );
  }
  if (!report) return <Page title={t("Báo cáo", "Report")}><Loading /></Page>;

  const tab = props.tab ?? "entry";
  const violationsByElement = new Map<string, Violation[]>();
  for (const v of report.violations) for (const e of v.elements) violationsByElement.set(e, [...(violationsByElement.get(e) ?? []), v]);
  const lastReturn = [...report.history].reverse().find((h) => h.action === "return" || h.action === "reopen");
  const reasons: Record<string, string> = report.status === "returned" && lastReturn?.details?.reasons ? lastReturn.details.reasons : {};
  const entry: EntryProps = {
    cell, setCell, editable: report.editable, violationsByElement, reasons,
    previousLabel: `${t("Kỳ trước", "Last period")} (${periodLabel(report.previousPeriod)})`,
  };
  // The server says which steps this user may take now (its one rule set), so no button leads to a refusal.
  const may = (action: Report["actions"][number]) => report.actions.includes(action);
  const blocking = report.violations.filter((v) => v.severity === "blocking");
  const base = ["reports", props.form, props.unit, props.period];
  const sectionHasProblem = (code: string) => {
    const s = report.sections.find((x) => x.code === code);
    if (!s) return false;
    if (reasons[code]) return true;
    if (!isDataSection(s)) return !!checkNarrative(narrative(code));
    return s.elements.some((el) => (violationsByElement.get(el.code) ?? []).length > 0 || el.options.some((o) => !!checkValue(el.valueType, cell(cellKey(el.code, o.code)).value, elementBounds(el))) || !!reasons[el.code]);
  };

  const transition = async (action: "submit" | "return" | "approve" | "reopen" | "withdraw", body: { comment?: string; reasons?: Record<string, string> }) => {
    const r = reportRef.current!;
    const paths = {
      submit: "/api/v1/reports/{form}/{unit}/{period}/submit",
      return: "/api/v1/reports/{form}/{unit}/{period}/return",
      approve: "/api/v1/reports/{form}/{unit}/{period}/approve",
      reopen: "/api/v1/reports/{form}/{unit}/{period}/reopen",
      withdraw: "/api/v1/reports/{form}/{unit}/{period}/withdraw",
    } as const;
    const next = await call(api.POST(paths[action], { params: { path }, body: { version: r.version, ...body } }));
    setReport(next);
    setDialog(null);
    window.scrollTo({ top: 0 });
    setFlash(
      {
        submit: t("Đã nộp báo cáo. Cấp trên sẽ xem xét và phê duyệt.", "The report was submitted. The level above will review it."),
        return: t("Đã trả lại báo cáo kèm lý do.", "The report was returned with the reasons."),
        approve: t("Đã phê duyệt báo cáo.", "The report was approved."),
        reopen: t("Đã mở lại báo cáo để sửa.", "The report was reopened for correction."),
        withdraw: t("Đã rút lại báo cáo. Sửa xong, hãy nộp lại.", "The report was withdrawn. Submit it again once corrected."),
      }[action],
    );
  };

  const unsavedCount = edits.size + narrEdits.size;
  const stateText: Record<SaveState, string> = {
    saved: savedAt ? t(`Đã lưu lúc ${savedAt.toLocaleTimeString("vi-VN")}`, `Saved at ${savedAt.toLocaleTimeString("en-GB")}`) : t("Đã lưu", "Saved"),
    unsaved: t(`Chưa lưu (${unsavedCount} thay đổi)`, `Unsaved (${unsavedCount} change(s))`),
    saving: t("Đang lưu…", "Saving…"),
    invalid: t("Có ô chưa hợp lệ — chưa lưu các ô đó", "Some fields are invalid — those are not saved"),
    error: t("Lưu không thành công", "Saving failed"),
    conflict: t("Xung đột: người khác vừa lưu", "Conflict: someone else saved"),
  };

  return (
    <Page
      wide
      title={pick(report.form)}
      subtitle={
        <span class="report-head">
          <span>{report.unit.nameVi} · {periodLabel(report.period.code)}</span>
          <span id="report-status"><StatusBadge status={report.status} /></span>
          {report.dueBefore && <span>{t(`Hạn nộp: trước ${fmtDate(report.dueBefore)}`, `Due before ${fmtDate(report.dueBefore)}`)}</span>}
          <span class="muted small" id="report-submissions">{submissionsLabel(report.history.filter((h) => h.action === "submit").length)}</span>
        </span>
      }
    >
      {flash && <Notice kind="ok">{flash}</Notice>}
      {report.status === "returned" && lastReturn && (
        <div class="alert alert-warn" role="note" id="return-note">
          <strong>{t("Báo cáo bị trả lại", "The report was returned")}</strong> — {lastReturn.actor}, {fmtDate(lastReturn.at)}
          {lastReturn.comment && <p class="pre">{lastReturn.comment}</p>}
          {Object.keys(reasons).length > 0 && (
            <ul>
              {Object.entries(reasons).map(([code, why]) => (
                <li><a href={`#s-${code}`} onClick={(e) => { e.preventDefault(); document.getElementById(`s-${code}`)?.scrollIntoView(); }}>{keyLabel(report, code, pick)}</a>: {why}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {(report.warnings ?? []).map((w) => (
        <div class="alert alert-warn" role="note" data-warning={w.code}>
          {t(w.messageVi, w.messageEn)}
          {w.code === "no_committee" && (
            <>
              {" — "}
              <a href={href("/committees", { unit: report.unit.code })}>{t("mở sổ đăng ký Ban", "open the committee register")}</a>
              {t("; số thành viên Ban được nhập trực tiếp trong báo cáo.", "; the committee's members are typed in the report.")}
            </>
          )}
        </div>
      ))}
      {!report.editable && report.status !== "submitted" && report.status !== "approved" && (
        <Notice kind="info">{t("Bạn chỉ có quyền xem báo cáo này.", "You can only read this report.")}</Notice>
      )}
      <nav class="tabs" aria-label={t("Phần của báo cáo", "Report parts")}>
        <a href={href(base)} aria-current={tab === "entry" ? "page" : undefined}>{t("Nhập liệu", "Entry")}</a>
        <a href={href(base, { tab: "history" })} aria-current={tab === "history" ? "page" : undefined} id="tab-history">{t("Lịch sử và so sánh", "History and changes")}</a>
        <a href={href(base, { tab: "evidence" })} aria-current={tab === "evidence" ? "page" : undefined}>{t("Minh chứng", "Evidence")}</a>
        <a href={href(["reports", props.form, props.unit, props.period, "consolidate"])}>{t("Tổng hợp từ cấp dưới", "Consolidation")}</a>
        <a href={href("/audit", { type: "report", id: `${report.form.code}/${report.unit.code}/${report.period.code}` })}>{t("Nhật ký", "Audit trail")}</a>
      </nav>
      {conflict && (
        <ConflictPanel
          conflict={conflict}
          report={report}
          onResolve={(keep, keepNarr) => {
            setReport(conflict.current);
            reportRef.current = conflict.current;
            editsRef.current = keep;
            narrRef.current = keepNarr;
            setEdits(keep);
            setNarrEdits(keepNarr);
            setConflict(null);
            setSaveState(keep.size || keepNarr.size ? "unsaved" : "saved");
            if (keep.size || keepNarr.size) void saveNow();
          }}
        />
      )}
      {tab === "history" && <HistoryTab report={report} />}
      {tab === "evidence" && <EvidenceTab report={report} />}
      {tab === "entry" && (
        <div class="report-layout">
          <aside class="section-nav card" aria-label={t("Các phần", "Sections")}>
            <ol>
              {report.sections.map((s) => (
                <li class={sectionHasProblem(s.code) ? "has-error" : undefined}>
                  <a href={`#s-${s.code}`} onClick={(e) => { e.preventDefault(); const el = document.getElementById(`s-${s.code}`); el?.scrollIntoView(); el?.querySelector<HTMLElement>("input,textarea,select")?.focus(); }}>
                    {t(s.titleVi, s.titleEn || s.titleVi)}
                  </a>
                </li>
              ))}
            </ol>
            <p class="small muted">{t("Số liệu đã nhập", "Figures entered")}: {fmtPercent(100 * filledShare(report, cell, narrative), 0)}</p>
          </aside>
          <div>
            {report.sections.some((s) => isDataSection(s) && sectionHasConsolidated(s)) && <ConsolidationLegend />}
            {report.sections.map((s) =>
              isDataSection(s)
                ? <DataSectionView section={s} entry={entry} />
                : <NarrativeSectionView section={s} text={narrative(s.code)} setText={(x) => setNarrative(s.code, x)} editable={report.editable} reason={reasons[s.code]} />,
            )}
          </div>
        </div>
      )}
      <div class="sticky-actions" role="region" aria-label={t("Thao tác", "Actions")}>
        <StatusBadge status={report.status} />
        {flash && <span class="small" role="status">{flash}</span>}
        {report.editable && (
          <span id="save-state" class={`save-state ${saveState === "saved" ? "saved" : saveState === "error" || saveState === "conflict" || saveState === "invalid" ? "error" : "unsaved"}`} role="status" aria-live="polite" data-state={saveState}>
            {stateText[saveState]}
          </span>
        )}
        {report.editable && (
          <button type="button" class="btn" id="save-report" disabled={saveState === "saving" || unsavedCount === 0} onClick={() => void saveNow()}>
            {t("Lưu ngay", "Save now")}
          </button>
        )}
        {may("submit") && (
          <button type="button" class="btn btn-primary" id="submit-report" onClick={async () => { await saveNow(); setDialog("submit"); }}>
            {t("Nộp báo cáo…", "Submit…")}
          </button>
        )}
        {may("approve") && (
          <button type="button" class="btn btn-primary" id="approve-report" onClick={() => setDialog("approve")}>{t("Phê duyệt…", "Approve…")}</button>
        )}
        {may("return") && (
          <button type="button" class="btn btn-danger" id="return-report" onClick={() => setDialog("return")}>{t("Trả lại…", "Return…")}</button>
        )}
        {may("reopen") && (
          <button type="button" class="btn" id="reopen-report" onClick={() => setDialog("reopen")}>{t("Mở lại…", "Reopen…")}</button>
        )}
        {may("withdraw") && (
          <button type="button" class="btn" id="withdraw-report" onClick={() => setDialog("withdraw")}>{t("Rút lại để sửa…", "Withdraw…")}</button>
        )}
        {lock && (
          <LockedAlert
            lock={lock}
            report={report}
            pending={edits}
            onDiscard={(keys) => {
              const next = new Map(editsRef.current);
              for (const k of keys) next.delete(k);
              editsRef.current = next;
              setEdits(next);
              void saveNow();
            }}
          />
        )}
        <ErrorBox error={saveError} />
        {saveError && errorKey && (
          <p class="small" id="save-error-field">
            {t("Ô có lỗi: ", "The field: ")}
            <a href={`#v-${errorKey.replace(".", "-")}`} onClick={(e) => { e.preventDefault(); const el = document.getElementById(`v-${errorKey.replace(".", "-")}`); el?.scrollIntoView({ block: "center" }); el?.focus(); }}>
              {keyLabel(report, errorKey, pick)}
            </a>
          </p>
        )}
      </div>
      <SubmitDialog open={dialog === "submit"} report={report} blocking={blocking} unsaved={unsavedCount} locked={lock ? lock.forms : null} filled={filledShare(report, cell, narrative)}
        onClose={() => setDialog(null)} onConfirm={(comment) => transition("submit", { comment })} />
      <ReturnDialog open={dialog === "return"} report={report} onClose={() => setDialog(null)} onConfirm={(comment, rs) => transition("return", { comment, reasons: rs })} />
      <CommentDialog open={dialog === "approve"} id="approve-dialog" title={t("Phê duyệt báo cáo", "Approve the report")} required={false}
        confirm={t("Phê duyệt", "Approve")} onClose={() => setDialog(null)} onConfirm={(comment) => transition("approve", { comment })} />
      <CommentDialog open={dialog === "reopen"} id="reopen-dialog" title={t("Mở lại báo cáo đã duyệt", "Reopen the approved report")} required
        confirm={t("Mở lại", "Reopen")} onClose={() => setDialog(null)} onConfirm={(comment) => transition("reopen", { comment })} />
      <CommentDialog open={dialog === "withdraw"} id="withdraw-dialog" title={t("Rút lại báo cáo đã nộp để sửa", "Withdraw the submitted report")} required={false}
        note={t("Cấp trên chưa xem xét báo cáo này. Sau khi rút lại, báo cáo trở về trạng thái đang soạn; sửa xong hãy nộp lại.",
          "The level above has not reviewed it yet. Withdrawn, it is a draft again; submit it again once corrected.")}
        confirm={t("Rút lại", "Withdraw")} onClose={() => setDialog(null)} onConfirm={(comment) => transition("withdraw", { comment })} />
    </Page>
  );
}

function SubmitDialog(props: {
  open: boolean; report: Report; blocking: Violation[]; unsaved: number; locked: string[] | null; filled: number;
  onClose: () => void; onConfirm: (comment: string) => Promise<void>;
}) {
  const [comment, setComment] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const warnings = props.report.violations.filter((v) => v.severity === "warning");
  const problemViolations = error instanceof ApiError ? error.problem.violations ?? [] : [];
  const blocked = props.blocking.length > 0 || props.unsaved > 0;
  return (
    <Dialog open={props.open} id="submit-dialog" title={t("Kiểm tra trước khi nộp", "Check before submitting")} onClose={props.onClose}>
      <ul class="violations" id="submit-summary">
        <li>{t("Số liệu đã nhập", "Figures entered")}: {fmtPercent(100 * props.filled, 0)}</li>
        {props.unsaved > 0 && !props.locked && <li class="violation-blocking">{t(`${props.unsaved} ô chưa lưu được (chưa hợp lệ) — hãy sửa trước khi nộp.`, `${props.unsaved} field(s) could not be saved (invalid) — fix them first.`)}</li>}
        {props.unsaved > 0 && props.locked && (
          <li class="violation-blocking">
            {t(`${props.unsaved} thay đổi chưa lưu được vì số liệu đang bị khóa bởi báo cáo ${props.locked.join(", ")} — bỏ các thay đổi đó (nút ở cuối trang) hoặc chờ báo cáo kia được trả lại hoặc mở lại.`,
              `${props.unsaved} change(s) could not be saved: the figures are locked by the report ${props.locked.join(", ")} — drop those changes (button at the bottom) or wait until that report is returned or reopened.`)}
          </li>
        )}
        {props.blocking.length === 0 && props.unsaved === 0 && <li class="ok"><SeverityIcon kind="ok" />{t("Không có lỗi chặn việc nộp.", "No error stops the submission.")}</li>}
        {props.blocking.map((v) => <li class="violation-blocking"><SeverityIcon kind="blocking" />{t(v.message, v.messageEn)}</li>)}
        {warnings.map((v) => <li class="violation-warning"><SeverityIcon kind="warning" />{t(v.message, v.messageEn)}</li>)}
        {problemViolations.map((v) => <li class="violation-blocking"><SeverityIcon kind="blocking" />{t(v.message, v.messageEn)}</li>)}
      </ul>
      <div class="field">
        <label for="submit-comment">{t("Lời nhắn gửi cấp trên (không bắt buộc)", "Message to the level above (optional)")}</label>
        <textarea id="submit-comment" rows={3} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      </div>
      <ErrorBox error={error} />
      <div class="row">
        <button type="button" class="btn btn-primary" id="confirm-submit" disabled={busy || blocked}
          onClick={async () => { setBusy(true); setError(null); try { await props.onConfirm(comment); setComment(""); } catch (e) { setError(e); } finally { setBusy(false); } }}>
          {t("Nộp báo cáo", "Submit the report")}
        </button>
        <button type="button" class="btn" onClick={props.onClose}>{t("Quay lại sửa", "Back to editing")}</button>
      </div>
    </Dialog>
  );
}

function ReturnDialog(props: { open: boolean; report: Report; onClose: () => void; onConfirm: (comment: string, reasons: Record<string, string>) => Promise<void> }) {
  const [comment, setComment] = useState("");
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const filled = Object.fromEntries(Object.entries(reasons).filter(([, v]) => v.trim() !== ""));
  const empty = comment.trim() === "" && Object.keys(filled).length === 0;
  return (
    <Dialog open={props.open} id="return-dialog" title={t("Trả lại báo cáo để sửa", "Return the report for correction")} onClose={props.onClose}>
      <p class="hint">{t("Ghi lý do chung và/hoặc lý do cho từng phần cần sửa; cần ít nhất một lý do.", "Give a general reason and/or a reason for each part to correct; at least one is needed.")}</p>
      <div class="field">
        <label for="return-comment">{t("Lý do chung", "General reason")}</label>
        <textarea id="return-comment" rows={2} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      </div>
      <details open>
        <summary>{t("Lý do theo từng phần", "Reasons per section")}</summary>
        {props.report.sections.map((s) => (
          <div class="field">
            <label for={`reason-${s.code}`}>{t(s.titleVi, s.titleEn || s.titleVi)}</label>
            <input id={`reason-${s.code}`} type="text" value={reasons[s.code] ?? ""} onInput={(e) => setReasons({ ...reasons, [s.code]: e.currentTarget.value })} />
          </div>
        ))}
      </details>
      <ErrorBox error={error} />
      <div class="row">
        <button type="button" class="btn btn-danger" id="confirm-return" disabled={busy || empty}
          onClick={async () => { setBusy(true); setError(null); try { await props.onConfirm(comment.trim(), filled); setComment(""); setReasons({}); } catch (e) { setError(e); } finally { setBusy(false); } }}>
          {t("Trả lại", "Return")}
        </button>
        <button type="button" class="btn" onClick={props.onClose}>{t("Hủy", "Cancel")}</button>
      </div>
    </Dialog>
  );
}

function CommentDialog(props: { open: boolean; id: string; title: string; confirm: string; required: boolean; note?: string; onClose: () => void; onConfirm: (comment: string) => Promise<void> }) {
  const [comment, setComment] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog open={props.open} id={props.id} title={props.title} onClose={props.onClose}>
      {props.note && <p class="muted">{props.note}</p>}
      <div class="field">
        <label for={`${props.id}-comment`}>{props.required ? t("Lý do (bắt buộc)", "Reason (required)") : t("Ý kiến (không bắt buộc)", "Comment (optional)")}</label>
        <textarea id={`${props.id}-comment`} rows={3} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      </div>
      <ErrorBox error={error} />
      <div class="row">
        <button type="button" class="btn btn-primary" id={`${props.id}-confirm`} disabled={busy || (props.required && comment.trim() === "")}
          onClick={async () => { setBusy(true); setError(null); try { await props.onConfirm(comment.trim()); setComment(""); } catch (e) { setError(e); } finally { setBusy(false); } }}>
          {props.confirm}
        </button>
        <button type="button" class="btn" onClick={props.onClose}>{t("Hủy", "Cancel")}</button>
      </div>
    </Dialog>
  );
}

/** Someone else saved meanwhile: each of my changes beside the value now on the server; the user picks. */
function ConflictPanel(props: { conflict: Conflict; report: Report; onResolve: (keep: Map<string, Cell>, keepNarr: Map<string, string>) => void }) {
  const { conflict } = props;
  const theirs = serverCells(conflict.current);
  const theirsNarr = serverNarratives(conflict.current);
  const keys = [...conflict.mine.keys()];
  const narrKeys = [...conflict.mineNarr.keys()];
  const [choice, setChoice] = useState<Record<string, "mine" | "theirs">>(() => Object.fromEntries([...keys, ...narrKeys.map((k) => "n:" + k)].map((k) => [k, "mine"])));
  const resolve = () => {
    const keep = new Map<string, Cell>();
    for (const k of keys) if (choice[k] === "mine") keep.set(k, conflict.mine.get(k)!);
    const keepNarr = new Map<string, string>();
    for (const k of narrKeys) if (choice["n:" + k] === "mine") keepNarr.set(k, conflict.mineNarr.get(k)!);
    props.onResolve(keep, keepNarr);
  };
  const setAll = (v: "mine" | "theirs") => setChoice(Object.fromEntries(Object.keys(choice).map((k) => [k, v])));
  const row = (id: string, label: string, mine: string, other: string) => (
    <tr>
      <th scope="row">{label}</th>
      <td><label><input type="radio" name={`cf-${id}`} checked={choice[id] === "mine"} onChange={() => setChoice({ ...choice, [id]: "mine" })} /> {mine || "—"}</label></td>
      <td><label><input type="radio" name={`cf-${id}`} checked={choice[id] === "theirs"} onChange={() => setChoice({ ...choice, [id]: "theirs" })} /> {other || "—"}</label></td>
    </tr>
  );
  return (
    <section class="card alert-warn" id="conflict" role="alert">
      <h2>{t("Người khác vừa lưu báo cáo này", "Someone else just saved this report")}</h2>
      <p>{t(`Báo cáo trên máy chủ đã ở phiên bản ${conflict.current.version}. Với mỗi thay đổi của bạn, hãy chọn giữ giá trị của bạn hay giá trị hiện có.`,
        `The report on the server is at version ${conflict.current.version}. For each of your changes, keep yours or the one there now.`)}</p>
      <div class="table-scroll">
        <table class="data">
          <thead><tr><th scope="col">{t("Ô", "Field")}</th><th scope="col">{t("Của bạn", "Yours")}</th><th scope="col">{t("Trên máy chủ", "On the server")}</th></tr></thead>
          <tbody>
            {keys.map((k) => row(k, keyLabel(props.report, k, pick), conflict.mine.get(k)!.value, fmtStored(theirs.get(k)?.value ?? "")))}
            {narrKeys.map((k) => row("n:" + k, keyLabel(props.report, k, pick), conflict.mineNarr.get(k)!.slice(0, 200), (theirsNarr.get(k) ?? "").slice(0, 200)))}
          </tbody>
        </table>
      </div>
      <div class="row">
        <button type="button" class="btn" onClick={() => setAll("mine")}>{t("Chọn tất cả của tôi", "All mine")}</button>
        <button type="button" class="btn" onClick={() => setAll("theirs")}>{t("Chọn tất cả trên máy chủ", "All from the server")}</button>
        <button type="button" class="btn btn-primary" id="resolve-conflict" onClick={resolve}>{t("Áp dụng lựa chọn", "Apply my choices")}</button>
      </div>
    </section>
  );
}
