// Consolidation (tổng hợp từ cấp dưới): the sums of the direct children's reports
// (POST …/consolidate) kept apart from the parent's own entries — each element's `consolidated`
// figures, shown beside the unit's own values and, for area elements, the whole area (own +
// children) — the children still missing (from completeness) with the option to waive them
// (POST …/waive-children, approvers), and a "Recompute" button that shows what changed (old → new).
import { useMemo, useRef, useState } from "preact/hooks";
import { api, ApiError, call } from "../../lib/api";
import { fmtDate, fmtDateTime, fmtNumber } from "../../lib/format";
import { pick, t } from "../../lib/i18n";
import { useMutation } from "../../lib/mutation";
import { periodLabel } from "../../lib/periods";
import { href } from "../../lib/router";
import { ErrorBox, Loading, Notice, Page, StatusBadge, statusLabel, useAsync } from "../../lib/ui";
import { isReceived, periodAsOf } from "../completeness/completeness-shared";
import "./consolidation.css";
import { consolidationComment, diffReports, type Change, type Report, type Result } from "./consolidation-model";
import { ValuesTable } from "./consolidation-values";
import { MissingChildren } from "./consolidation-missing";

export default function Consolidation(props: { form: string; unit: string; period: string }) {
  const { form, unit, period } = props;
  const asOf = periodAsOf(period);
  const path = { form, unit, period };

  const rep = useAsync(
    () => call(api.GET("/api/v1/reports/{form}/{unit}/{period}", { params: { path } })),
    [form, unit, period],
  );
  const comp = useAsync(
    () => call(api.GET("/api/v1/completeness", { params: { query: { form, period, unit } } })),
    [form, unit, period],
  );
  const kids = useAsync(
    () => call(api.GET("/api/v1/units", { params: { query: { parent: unit, asOf } } })),
    [unit, asOf],
  );

  const [includeSubmitted, setIncludeSubmitted] = useState(false);
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

  const consolidate = useMutation(async (r: Report) => {
    try {
      return await call(
        api.POST("/api/v1/reports/{form}/{unit}/{period}/consolidate", {
          params: { path },
          body: { version: r.version, includeSubmitted },
        }),
      );
    } catch (err) {
      // A stale version: the server sends the report as it is now; show it and let the person run again.
      if (err instanceof ApiError && err.problem.current) rep.setData(err.problem.current);
      throw err;
    }
  });
  const run = async () => {
    if (!report) return;
    const res = await consolidate.run(report);
    if (!res) return;
    const changes = diffReports(report, res.report);
    rep.setData(res.report);
    setResult({ res, changes });
    setTimeout(() => resultRef.current?.focus(), 0);
  };

  const title = t("Tổng hợp báo cáo từ cấp dưới", "Consolidate from subordinate units");
  const reportHref = href(["reports", form, unit, period]);
  return (
    <Page
      title={title}
      wide
      subtitle={
        report
          ? `${pick(report.form)} · ${report.unit.nameVi} · ${periodLabel(period)}`
          : `${form} · ${unit} · ${periodLabel(period)}`
      }
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
            <h2 id="consolidation-state-h" class="sr-only">
              {t("Tình trạng báo cáo", "Report state")}
            </h2>
            <dl class="consolidation-facts">
              <div>
                <dt>{t("Đơn vị", "Unit")}</dt>
                <dd>
                  {report.unit.nameVi} <span class="muted">({report.unit.code})</span>
                </dd>
              </div>
              <div>
                <dt>{t("Trạng thái", "Status")}</dt>
                <dd>
                  <StatusBadge status={report.status} />{" "}
                  <span class="muted small">{t(`phiên bản ${report.version}`, `version ${report.version}`)}</span>
                </dd>
              </div>
              <div>
                <dt>{t("Hạn nộp", "Due")}</dt>
                <dd>
                  {report.dueBefore
                    ? t(`trước ${fmtDate(report.dueBefore)}`, `before ${fmtDate(report.dueBefore)}`)
                    : t("không có hạn", "no deadline")}
                </dd>
              </div>
              <div id="consolidation-last">
                <dt>{t("Lần tổng hợp gần nhất", "Last consolidation")}</dt>
                <dd>
                  {last ? (
                    <>
                      {fmtDateTime(last.at)} · {t("bởi", "by")} <strong>{last.actor}</strong>
                      {last.comment && (
                        <span class="muted small consolidation-comment">{consolidationComment(last.comment)}</span>
                      )}
                    </>
                  ) : (
                    <span class="muted">{t("Chưa tổng hợp lần nào", "Never consolidated")}</span>
                  )}
                </dd>
              </div>
            </dl>
            {consolidations.length > 1 && (
              <details class="consolidation-history">
                <summary>
                  {t(`Các lần tổng hợp (${consolidations.length})`, `All consolidations (${consolidations.length})`)}
                </summary>
                <ul>
                  {[...consolidations].reverse().map((h) => (
                    <li>
                      {fmtDateTime(h.at)} · {h.actor}
                      {h.comment ? ` · ${consolidationComment(h.comment)}` : ""}
                    </li>
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
                {t(
                  "Đơn vị này không có đơn vị cấp dưới trực tiếp nào báo cáo biểu mẫu này.",
                  "No direct child of this unit reports this form.",
                )}
              </Notice>
            )}

            {canConsolidate && (
              <div class="row consolidate-actions">
                <div class="check">
                  <input
                    type="checkbox"
                    id="consolidate-include-submitted"
                    checked={includeSubmitted}
                    onChange={(e) => setIncludeSubmitted(e.currentTarget.checked)}
                    aria-describedby="consolidate-include-hint"
                  />
                  <label for="consolidate-include-submitted">
                    {t("Dùng cả báo cáo đã nộp nhưng chưa duyệt", "Also use submitted reports not yet approved")}
                  </label>
                </div>
                <button
                  type="button"
                  class="btn btn-primary"
                  id="consolidate-button"
                  disabled={consolidate.busy}
                  onClick={() => void run()}
                >
                  {consolidate.busy
                    ? t("Đang tổng hợp…", "Consolidating…")
                    : last
                      ? t("Tổng hợp lại", "Recompute")
                      : t("Tổng hợp", "Consolidate")}
                </button>
              </div>
            )}
            <p class="hint" id="consolidate-include-hint">
              {t(
                "Số liệu của các đơn vị cấp dưới trực tiếp được cộng (hoặc lấy trung bình; câu có/không: đếm số đơn vị trả lời “Có”) vào cột “Cấp dưới (tổng hợp)”, để riêng: số liệu đơn vị tự nhập không bao giờ bị ghi đè. Tổng hợp lại bất cứ lúc nào; lần sau thay thế lần trước.",
                "The direct children's figures are summed (or averaged; yes/no items: how many answered “Yes”) into the column “Below (consolidated)”, kept apart: the unit's own entries are never overwritten. Recompute at will; each run replaces the last.",
              )}
            </p>
            <ErrorBox error={consolidate.error} id="consolidate-error" />
            {result && (
              <div
                class="alert alert-ok consolidate-result"
                role="status"
                tabIndex={-1}
                ref={resultRef}
                id="consolidate-result"
              >
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
                <p class="muted">
                  {t(
                    "Không có số liệu tổng hợp nào thay đổi so với lần trước.",
                    "No consolidated figure changed since the last run.",
                  )}
                </p>
              ) : (
                <div class="table-scroll changes-scroll">
                  <table class="data" id="consolidation-changes-table">
                    <caption class="sr-only">
                      {t(
                        "Số liệu cấp dưới (tổng hợp) trước và sau lần tổng hợp này",
                        "The consolidated figures before and after this run",
                      )}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("Phần", "Section")}</th>
                        <th scope="col">{t("Chỉ tiêu", "Item")}</th>
                        <th scope="col" class="num">
                          {t("Cấp dưới — trước", "Below — before")}
                        </th>
                        <th scope="col" class="num">
                          {t("Cấp dưới — sau", "Below — after")}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {result.changes.map((c) => (
                        <tr>
                          <td>{c.section}</td>
                          <td>{c.label}</td>
                          <td class="num">
                            {c.before ? <span class="diff-old">{c.before}</span> : <span class="muted">—</span>}
                          </td>
                          <td class="num">
                            {c.after ? <span class="diff-new">{c.after}</span> : <span class="muted">—</span>}
                          </td>
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
