// A report: entry with autosave and conflict handling, the workflow (submit, return with a reason per section, approve,
// reopen, withdraw), its history with the difference between submissions, and its evidence files.
import { useState } from "preact/hooks";
import { api, call } from "../../lib/api";
import { fmtPercent } from "../../lib/format";
import { pick, t } from "../../lib/i18n";
import { periodLabel } from "../../lib/periods";
import { href } from "../../lib/router";
import { ErrorBox, Loading, Notice, Page, StatusBadge } from "../../lib/ui";
import { ConsolidationLegend, DataSectionView, NarrativeSectionView, type EntryProps } from "./report-entry";
import { EvidenceTab } from "./report-evidence";
import { HistoryTab } from "./report-history";
import { LockedAlert } from "./report-locked";
import { ConflictPanel } from "./report-conflict";
import { CommentDialog, ReturnDialog, SubmitDialog } from "./report-dialogs";
import { ReportHeading, ReportWarnings, ReturnNote } from "./report-notes";
import { saveStateText, useReportEntry } from "./report-save";
import {
  cellKey,
  checkNarrative,
  checkValue,
  elementBounds,
  filledShare,
  isDataSection,
  keyLabel,
  sectionHasConsolidated,
  type Report,
  type Violation,
} from "./report-model";

export function ReportScreen(props: { form: string; unit: string; period: string; tab?: string }) {
  const path = { form: props.form, unit: props.unit, period: props.period };
  const {
    report,
    setReport,
    reportRef,
    loadError,
    edits,
    narrEdits,
    saveState,
    saveError,
    savedAt,
    conflict,
    lock,
    errorKey,
    cell,
    narrative,
    saveNow,
    setCell,
    setNarrative,
    resolveConflict,
    discard,
  } = useReportEntry(props.form, props.unit, props.period);
  const [dialog, setDialog] = useState<null | "submit" | "return" | "approve" | "reopen" | "withdraw">(null);
  const [flash, setFlash] = useState<string | null>(null);

  if (loadError) {
    return (
      <Page title={t("Báo cáo", "Report")}>
        <ErrorBox error={loadError} />
        <p>
          <a href={href("/")}>{t("Về trang chủ", "Go home")}</a>
        </p>
      </Page>
    );
  }
  if (!report)
    return (
      <Page title={t("Báo cáo", "Report")}>
        <Loading />
      </Page>
    );

  const tab = props.tab ?? "entry";
  const violationsByElement = new Map<string, Violation[]>();
  for (const v of report.violations)
    for (const e of v.elements) violationsByElement.set(e, [...(violationsByElement.get(e) ?? []), v]);
  const lastReturn = [...report.history].reverse().find((h) => h.action === "return" || h.action === "reopen");
  const reasons: Record<string, string> =
    report.status === "returned" && lastReturn?.details?.reasons ? lastReturn.details.reasons : {};
  const entry: EntryProps = {
    cell,
    setCell,
    editable: report.editable,
    violationsByElement,
    reasons,
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
    return s.elements.some(
      (el) =>
        (violationsByElement.get(el.code) ?? []).length > 0 ||
        el.options.some((o) => !!checkValue(el.valueType, cell(cellKey(el.code, o.code)).value, elementBounds(el))) ||
        !!reasons[el.code],
    );
  };

  const transition = async (
    action: "submit" | "return" | "approve" | "reopen" | "withdraw",
    body: { comment?: string; reasons?: Record<string, string> },
  ) => {
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
        submit: t(
          "Đã nộp báo cáo. Cấp trên sẽ xem xét và phê duyệt.",
          "The report was submitted. The level above will review it.",
        ),
        return: t("Đã trả lại báo cáo kèm lý do.", "The report was returned with the reasons."),
        approve: t("Đã phê duyệt báo cáo.", "The report was approved."),
        reopen: t("Đã mở lại báo cáo để sửa.", "The report was reopened for correction."),
        withdraw: t(
          "Đã rút lại báo cáo. Sửa xong, hãy nộp lại.",
          "The report was withdrawn. Submit it again once corrected.",
        ),
      }[action],
    );
  };

  const unsavedCount = edits.size + narrEdits.size;

  return (
    <Page wide title={pick(report.form)} subtitle={<ReportHeading report={report} />}>
      {flash && <Notice kind="ok">{flash}</Notice>}
      {report.status === "returned" && lastReturn && (
        <ReturnNote report={report} lastReturn={lastReturn} reasons={reasons} />
      )}
      <ReportWarnings report={report} />
      {!report.editable && report.status !== "submitted" && report.status !== "approved" && (
        <Notice kind="info">{t("Bạn chỉ có quyền xem báo cáo này.", "You can only read this report.")}</Notice>
      )}
      <nav class="tabs" aria-label={t("Phần của báo cáo", "Report parts")}>
        <a href={href(base)} aria-current={tab === "entry" ? "page" : undefined}>
          {t("Nhập liệu", "Entry")}
        </a>
        <a href={href(base, { tab: "history" })} aria-current={tab === "history" ? "page" : undefined} id="tab-history">
          {t("Lịch sử và so sánh", "History and changes")}
        </a>
        <a href={href(base, { tab: "evidence" })} aria-current={tab === "evidence" ? "page" : undefined}>
          {t("Minh chứng", "Evidence")}
        </a>
        <a href={href(["reports", props.form, props.unit, props.period, "consolidate"])}>
          {t("Tổng hợp từ cấp dưới", "Consolidation")}
        </a>
        <a
          href={href("/audit", { type: "report", id: `${report.form.code}/${report.unit.code}/${report.period.code}` })}
        >
          {t("Nhật ký", "Audit trail")}
        </a>
      </nav>
      {conflict && (
        <ConflictPanel
          conflict={conflict}
          report={report}
          onResolve={(keep, keepNarr) => resolveConflict(conflict.current, keep, keepNarr)}
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
                  <a
                    href={`#s-${s.code}`}
                    onClick={(e) => {
                      e.preventDefault();
                      const el = document.getElementById(`s-${s.code}`);
                      el?.scrollIntoView();
                      el?.querySelector<HTMLElement>("input,textarea,select")?.focus();
                    }}
                  >
                    {t(s.titleVi, s.titleEn || s.titleVi)}
                  </a>
                </li>
              ))}
            </ol>
            <p class="small muted">
              {t("Số liệu đã nhập", "Figures entered")}: {fmtPercent(100 * filledShare(report, cell, narrative), 0)}
            </p>
          </aside>
          <div>
            {report.sections.some((s) => isDataSection(s) && sectionHasConsolidated(s)) && <ConsolidationLegend />}
            {report.sections.map((s) =>
              isDataSection(s) ? (
                <DataSectionView section={s} entry={entry} />
              ) : (
                <NarrativeSectionView
                  section={s}
                  text={narrative(s.code)}
                  setText={(x) => setNarrative(s.code, x)}
                  editable={report.editable}
                  reason={reasons[s.code]}
                />
              ),
            )}
          </div>
        </div>
      )}
      <div class="sticky-actions" role="region" aria-label={t("Thao tác", "Actions")}>
        <StatusBadge status={report.status} />
        {flash && (
          <span class="small" role="status">
            {flash}
          </span>
        )}
        {report.editable && (
          <span
            id="save-state"
            class={`save-state ${saveState === "saved" ? "saved" : saveState === "error" || saveState === "conflict" || saveState === "invalid" ? "error" : "unsaved"}`}
            role="status"
            aria-live="polite"
            data-state={saveState}
          >
            {saveStateText(saveState, savedAt, unsavedCount)}
          </span>
        )}
        {report.editable && (
          <button
            type="button"
            class="btn"
            id="save-report"
            disabled={saveState === "saving" || unsavedCount === 0}
            onClick={() => void saveNow()}
          >
            {t("Lưu ngay", "Save now")}
          </button>
        )}
        {may("submit") && (
          <button
            type="button"
            class="btn btn-primary"
            id="submit-report"
            onClick={async () => {
              await saveNow();
              setDialog("submit");
            }}
          >
            {t("Nộp báo cáo…", "Submit…")}
          </button>
        )}
        {may("approve") && (
          <button type="button" class="btn btn-primary" id="approve-report" onClick={() => setDialog("approve")}>
            {t("Phê duyệt…", "Approve…")}
          </button>
        )}
        {may("return") && (
          <button type="button" class="btn btn-danger" id="return-report" onClick={() => setDialog("return")}>
            {t("Trả lại…", "Return…")}
          </button>
        )}
        {may("reopen") && (
          <button type="button" class="btn" id="reopen-report" onClick={() => setDialog("reopen")}>
            {t("Mở lại…", "Reopen…")}
          </button>
        )}
        {may("withdraw") && (
          <button type="button" class="btn" id="withdraw-report" onClick={() => setDialog("withdraw")}>
            {t("Rút lại để sửa…", "Withdraw…")}
          </button>
        )}
        {lock && <LockedAlert lock={lock} report={report} pending={edits} onDiscard={discard} />}
        <ErrorBox error={saveError} />
        {saveError && errorKey && (
          <p class="small" id="save-error-field">
            {t("Ô có lỗi: ", "The field: ")}
            <a
              href={`#v-${errorKey.replace(".", "-")}`}
              onClick={(e) => {
                e.preventDefault();
                const el = document.getElementById(`v-${errorKey.replace(".", "-")}`);
                el?.scrollIntoView({ block: "center" });
                el?.focus();
              }}
            >
              {keyLabel(report, errorKey, pick)}
            </a>
          </p>
        )}
      </div>
      <SubmitDialog
        open={dialog === "submit"}
        report={report}
        blocking={blocking}
        unsaved={unsavedCount}
        locked={lock ? lock.forms : null}
        filled={filledShare(report, cell, narrative)}
        onClose={() => setDialog(null)}
        onConfirm={(comment) => transition("submit", { comment })}
      />
      <ReturnDialog
        open={dialog === "return"}
        report={report}
        onClose={() => setDialog(null)}
        onConfirm={(comment, rs) => transition("return", { comment, reasons: rs })}
      />
      <CommentDialog
        open={dialog === "approve"}
        id="approve-dialog"
        title={t("Phê duyệt báo cáo", "Approve the report")}
        required={false}
        confirm={t("Phê duyệt", "Approve")}
        onClose={() => setDialog(null)}
        onConfirm={(comment) => transition("approve", { comment })}
      />
      <CommentDialog
        open={dialog === "reopen"}
        id="reopen-dialog"
        title={t("Mở lại báo cáo đã duyệt", "Reopen the approved report")}
        required
        confirm={t("Mở lại", "Reopen")}
        onClose={() => setDialog(null)}
        onConfirm={(comment) => transition("reopen", { comment })}
      />
      <CommentDialog
        open={dialog === "withdraw"}
        id="withdraw-dialog"
        title={t("Rút lại báo cáo đã nộp để sửa", "Withdraw the submitted report")}
        required={false}
        note={t(
          "Cấp trên chưa xem xét báo cáo này. Sau khi rút lại, báo cáo trở về trạng thái đang soạn; sửa xong hãy nộp lại.",
          "The level above has not reviewed it yet. Withdrawn, it is a draft again; submit it again once corrected.",
        )}
        confirm={t("Rút lại", "Withdraw")}
        onClose={() => setDialog(null)}
        onConfirm={(comment) => transition("withdraw", { comment })}
      />
    </Page>
  );
}
