// Home: the reports I must submit (overdue first), the reports waiting for my approval,
// and my notifications.
import { api, call, type Schemas } from "../../lib/api";
import { fmtDate, fmtDateTime } from "../../lib/format";
import { t } from "../../lib/i18n";
import { periodLabel } from "../../lib/periods";
import { href } from "../../lib/router";
import { can, useSession } from "../../lib/session";
import { ErrorBox, Loading, Page, StatusBadge, useAsync } from "../../lib/ui";

type Due = Schemas["DueReport"];

function dueText(r: Due): string {
  if (r.daysLeft === null || r.dueBefore === null) return t("Không có hạn", "No deadline");
  if (r.overdue) return t(`Quá hạn ${-r.daysLeft} ngày`, `${-r.daysLeft} day(s) overdue`);
  if (r.daysLeft === 0) return t("Hôm nay là ngày cuối", "Today is the last day");
  return t(`Còn ${r.daysLeft} ngày`, `${r.daysLeft} day(s) left`);
}

export function Home() {
  const { me } = useSession();
  const due = useAsync(() => call(api.GET("/api/v1/me/reports-due")), []);
  const notes = useAsync(() => call(api.GET("/api/v1/me/notifications", { params: { query: { limit: 20 } } })), []);
  const reviewer = can(me, "reports.approve");
  const editor = can(me, "reports.edit");
  const markRead = async (id: number) => {
    await call(api.POST("/api/v1/me/notifications/{id}/read", { params: { path: { id } } }));
    notes.reload();
  };
  return (
    <Page
      title={t("Trang chủ", "Home")}
      subtitle={t(`Xin chào, ${me.displayName || me.login}`, `Welcome, ${me.displayName || me.login}`)}
    >
      <div class="grid-2">
        <section class="card" aria-labelledby="due-h">
          <h2 id="due-h">{t("Báo cáo cần nộp", "My reports due")}</h2>
          {due.loading && <Loading />}
          <ErrorBox error={due.error} />
          {due.data && due.data.reports.length === 0 && (
            <p class="muted">
              {t("Không có báo cáo nào đang chờ bạn nộp.", "No report is waiting for you.")} {t("Xem ", "See ")}
              <a href={href("/completeness")}>
                {t("tiến độ nộp báo cáo của các đơn vị", "the units' reporting progress")}
              </a>
              {t(" hoặc ", " or ")}
              <a href={href("/dashboard")}>{t("bảng theo dõi chỉ tiêu", "the targets dashboard")}</a>.
            </p>
          )}
          {due.data && due.data.reports.length > 0 && (
            <ul class="due-list" id="reports-due">
              {due.data.reports.map((r) => (
                <li class={r.overdue ? "due overdue" : "due"}>
                  <a href={href(["reports", r.form, r.unit, r.period])} class="due-link">
                    <span class="due-title">{r.formNameVi}</span>
                    <span class="due-meta">
                      {r.unitNameVi} · {periodLabel(r.period)}
                    </span>
                  </a>
                  <span class="due-when">
                    <StatusBadge status={r.status} />
                    <span class={r.overdue ? "deadline overdue" : "deadline"}>
                      {r.dueBefore ? t(`Hạn: trước ${fmtDate(r.dueBefore)}`, `Due before ${fmtDate(r.dueBefore)}`) : ""}{" "}
                      · {dueText(r)}
                    </span>
                  </span>
                </li>
              ))}
            </ul>
          )}
          {editor && (
            <p class="small">
              <a href={href("/reports", { scope: "edit" })} id="my-reports-link">
                {t("Các báo cáo đơn vị đã gửi và đang soạn", "The reports my units sent and are writing")}
              </a>
            </p>
          )}
        </section>
        <section class="card" aria-labelledby="notes-h">
          <h2 id="notes-h">{t("Thông báo", "Notifications")}</h2>
          {notes.loading && <Loading />}
          <ErrorBox error={notes.error} />
          {notes.data && notes.data.notifications.length === 0 && (
            <p class="muted">{t("Không có thông báo.", "No notifications.")}</p>
          )}
          {notes.data && notes.data.notifications.length > 0 && (
            <ul class="notes">
              {notes.data.notifications.map((n) => (
                <li class={n.readAt ? "note read" : "note unread"}>
                  <a href={"#" + n.link}>{t(n.title, n.titleEn)}</a>
                  <span class="muted small"> · {fmtDateTime(n.createdAt)}</span>
                  {!n.readAt && (
                    <button type="button" class="btn btn-ghost btn-small" onClick={() => void markRead(n.id)}>
                      {t("Đánh dấu đã đọc", "Mark as read")}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      {reviewer && <AwaitingReview />}
    </Page>
  );
}

/** The newest reports waiting for my approval (the inbox's first page), with a link to all of them. */
function AwaitingReview() {
  const state = useAsync(
    () =>
      call(
        api.GET("/api/v1/reports", {
          params: { query: { scope: "approve", status: "submitted", sort: "-submittedAt", limit: 10 } },
        }),
      ),
    [],
  );
  return (
    <section class="card" aria-labelledby="review-h">
      <h2 id="review-h">{t("Báo cáo chờ duyệt", "Reports awaiting review")}</h2>
      {state.loading && <Loading />}
      <ErrorBox error={state.error} />
      {state.data && state.data.total === 0 && (
        <p class="muted">{t("Không có báo cáo nào chờ duyệt.", "Nothing awaits your review.")}</p>
      )}
      {state.data && state.data.total > 0 && (
        <>
          <ul class="due-list" id="awaiting-review">
            {state.data.reports.map((r) => (
              <li class="due">
                <a class="due-link" href={href(["reports", r.form, r.unit, r.period])}>
                  <span class="due-title">{r.unitNameVi}</span>
                  <span class="due-meta">
                    {t(r.formNameVi, r.formNameEn || r.formNameVi)} · {periodLabel(r.period)}
                  </span>
                  {r.message && <span class="due-meta due-message">“{r.message}”</span>}
                </a>
                <span class="due-when">
                  <StatusBadge status="submitted" />
                  <span class="deadline">
                    {t("Nộp lúc ", "Submitted ")}
                    {fmtDateTime(r.submittedAt)}
                  </span>
                </span>
              </li>
            ))}
          </ul>
          <p>
            <a class="btn" id="all-awaiting" href={href("/reports", { scope: "approve", status: "submitted" })}>
              {t(`Xem và phê duyệt cả ${state.data.total} báo cáo`, `See and approve all ${state.data.total}`)}
            </a>
          </p>
        </>
      )}
    </section>
  );
}
