// What the report's page says above the entry: its heading (unit, period, status, deadline, submissions),
// why it was returned (with a link to each section concerned) and the server's warnings about it.
import { fmtDate } from "../../lib/format";
import { pick, t } from "../../lib/i18n";
import { periodLabel } from "../../lib/periods";
import { href } from "../../lib/router";
import { StatusBadge } from "../../lib/ui";
import { keyLabel, type Report } from "./report-model";

/** How many times the report was submitted: every autosave is a version, so the version is not shown. */
function submissionsLabel(submissions: number): string {
  if (submissions === 0) return t("Chưa nộp lần nào", "Not submitted yet");
  return t(`Đã nộp ${submissions} lần`, submissions === 1 ? "Submitted once" : `Submitted ${submissions} times`);
}

export function ReportHeading(props: { report: Report }) {
  const { report } = props;
  return (
    <span class="report-head">
      <span>
        {report.unit.nameVi} · {periodLabel(report.period.code)}
      </span>
      <span id="report-status">
        <StatusBadge status={report.status} />
      </span>
      {report.dueBefore && (
        <span>{t(`Hạn nộp: trước ${fmtDate(report.dueBefore)}`, `Due before ${fmtDate(report.dueBefore)}`)}</span>
      )}
      <span class="muted small" id="report-submissions">
        {submissionsLabel(report.history.filter((h) => h.action === "submit").length)}
      </span>
    </span>
  );
}

/** Why the report was returned or reopened: the comment and a reason per section. */
export function ReturnNote(props: {
  report: Report;
  lastReturn: Report["history"][number];
  reasons: Record<string, string>;
}) {
  const { report, lastReturn, reasons } = props;
  return (
    <div class="alert alert-warn" role="note" id="return-note">
      <strong>{t("Báo cáo bị trả lại", "The report was returned")}</strong> — {lastReturn.actor},{" "}
      {fmtDate(lastReturn.at)}
      {lastReturn.comment && <p class="pre">{lastReturn.comment}</p>}
      {Object.keys(reasons).length > 0 && (
        <ul>
          {Object.entries(reasons).map(([code, why]) => (
            <li>
              <a
                href={`#s-${code}`}
                onClick={(e) => {
                  e.preventDefault();
                  document.getElementById(`s-${code}`)?.scrollIntoView();
                }}
              >
                {keyLabel(report, code, pick)}
              </a>
              : {why}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ReportWarnings(props: { report: Report }) {
  const { report } = props;
  return (
    <>
      {(report.warnings ?? []).map((w) => (
        <div class="alert alert-warn" role="note" data-warning={w.code}>
          {t(w.messageVi, w.messageEn)}
          {w.code === "no_committee" && (
            <>
              {" — "}
              <a href={href("/committees", { unit: report.unit.code })}>
                {t("mở sổ đăng ký Ban", "open the committee register")}
              </a>
              {t(
                "; số thành viên Ban được nhập trực tiếp trong báo cáo.",
                "; the committee's members are typed in the report.",
              )}
            </>
          )}
        </div>
      ))}
    </>
  );
}
