// The history of a report: every workflow step with its comment and reasons, the numbered
// submissions, and what changed between two of them.
import { useState } from "preact/hooks";
import { api, call } from "../../lib/api";
import { fmtDateTime, fmtStored } from "../../lib/format";
import { pick, t } from "../../lib/i18n";
import { ErrorBox, Loading, StatusBadge, useAsync } from "../../lib/ui";
import { keyLabel, type Report } from "./report-model";

const ACTION: Record<string, [string, string]> = {
  submit: ["Nộp", "Submitted"],
  return: ["Trả lại", "Returned"],
  approve: ["Phê duyệt", "Approved"],
  reopen: ["Mở lại", "Reopened"],
  withdraw: ["Rút lại để sửa", "Withdrawn"],
  consolidate: ["Tổng hợp", "Consolidated"],
};

export function HistoryTab(props: { report: Report }) {
  const { report } = props;
  const path = { form: report.form.code, unit: report.unit.code, period: report.period.code };
  const revisions = useAsync(
    () => call(api.GET("/api/v1/reports/{form}/{unit}/{period}/revisions", { params: { path } })),
    [report.version],
  );
  const revs = revisions.data?.revisions ?? [];
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const a = from ?? Math.max(1, revs.length - 1);
  const b = to ?? revs.length;
  const diff = useAsync(
    async () =>
      revs.length >= 2
        ? call(api.GET("/api/v1/reports/{form}/{unit}/{period}/diff", { params: { path, query: { from: a, to: b } } }))
        : null,
    [a, b, revs.length],
  );
  return (
    <div class="grid-2">
      <section class="card" aria-labelledby="hist-h">
        <h2 id="hist-h">{t("Các bước xử lý", "Workflow steps")}</h2>
        {report.history.length === 0 && <p class="muted">{t("Chưa nộp lần nào.", "Not submitted yet.")}</p>}
        <ol class="history-list" id="report-history">
          {report.history.map((h) => (
            <li data-action={h.action}>
              <strong>{t(...(ACTION[h.action] ?? [h.action, h.action]))}</strong> · {h.actor} · {fmtDateTime(h.at)}
              <div class="small">
                <StatusBadge status={h.from} /> → <StatusBadge status={h.to} />
              </div>
              {h.comment && <p class="pre">{h.comment}</p>}
              {h.details?.reasons && (
                <ul class="small">
                  {Object.entries(h.details.reasons).map(([code, why]) => (
                    <li>
                      <strong>{keyLabel(report, code, pick)}</strong>: {why}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      </section>
      <section class="card" aria-labelledby="rev-h">
        <h2 id="rev-h">{t("Các lần nộp và thay đổi", "Submissions and changes")}</h2>
        {revisions.loading && <Loading />}
        <ErrorBox error={revisions.error} />
        <ol>
          {revs.map((r) => (
            <li>
              {t("Lần", "No.")} {r.revision}: {r.submittedBy}, {fmtDateTime(r.submittedAt)}
            </li>
          ))}
        </ol>
        {revs.length < 2 && revisions.data && (
          <p class="muted">{t("Cần ít nhất hai lần nộp để so sánh.", "Two submissions are needed to compare.")}</p>
        )}
        {revs.length >= 2 && (
          <>
            <div class="row">
              <label for="diff-from">{t("So sánh lần", "Compare")}</label>
              <select id="diff-from" value={a} onChange={(e) => setFrom(Number(e.currentTarget.value))}>
                {revs.map((r) => (
                  <option value={r.revision}>{r.revision}</option>
                ))}
              </select>
              <label for="diff-to">{t("với lần", "with")}</label>
              <select id="diff-to" value={b} onChange={(e) => setTo(Number(e.currentTarget.value))}>
                {revs.map((r) => (
                  <option value={r.revision}>{r.revision}</option>
                ))}
              </select>
            </div>
            <ErrorBox error={diff.error} />
            {diff.data && diff.data.changes.length === 0 && (
              <p class="muted">{t("Không có thay đổi.", "No changes.")}</p>
            )}
            {diff.data && diff.data.changes.length > 0 && (
              <table class="data" id="report-diff">
                <thead>
                  <tr>
                    <th scope="col">{t("Ô", "Field")}</th>
                    <th scope="col">{t("Trước", "Before")}</th>
                    <th scope="col">{t("Sau", "After")}</th>
                  </tr>
                </thead>
                <tbody>
                  {diff.data.changes.map((c) => (
                    <tr>
                      <th scope="row">{keyLabel(report, c.key, pick)}</th>
                      <td class="diff-old">
                        {c.before === null ? "—" : c.kind === "value" ? fmtStored(c.before) : c.before}
                      </td>
                      <td class="diff-new">
                        {c.after === null ? "—" : c.kind === "value" ? fmtStored(c.after) : c.after}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </section>
    </div>
  );
}
