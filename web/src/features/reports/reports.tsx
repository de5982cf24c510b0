// Reports across units (GET /api/v1/reports): the approver's inbox — sorted, filtered, with the
// editor's message first and approval of several at once after a confirmation — the unit's own
// past reports, and every report the user may read. Filters are kept in the URL.
import { useState } from "preact/hooks";
import { api, call } from "../../lib/api";
import { fmtDateTime, fmtNumber } from "../../lib/format";
import { pick, t } from "../../lib/i18n";
import { unitTypeLabel } from "../../lib/labels";
import { href, replaceQuery, type Route } from "../../lib/router";
import { can, useSession, type Me } from "../../lib/session";
import { ErrorBox, Loading, Page, StatusBadge, statusLabel, useAsync } from "../../lib/ui";
import "./reports.css";
import { keyOf, type Batch, type Item } from "./reports-types";
import { ApproveDialog, BatchOutcome } from "./reports-batch";

type Scope = "approve" | "edit" | "read";
const PAGE = 50;

const SCOPES: { scope: Scope; vi: string; en: string; needs?: Me["abilities"][number] }[] = [
  { scope: "approve", vi: "Chờ tôi duyệt", en: "For my approval", needs: "reports.approve" },
  { scope: "edit", vi: "Báo cáo của đơn vị tôi", en: "My units' reports", needs: "reports.edit" },
  { scope: "read", vi: "Tất cả báo cáo tôi được xem", en: "All reports I may read" },
];

const SORTS: { value: string; vi: string; en: string }[] = [
  { value: "-submittedAt", vi: "Nộp gần đây nhất trước", en: "Newest submission first" },
  { value: "submittedAt", vi: "Nộp lâu nhất trước", en: "Oldest submission first" },
  { value: "unit", vi: "Đơn vị (theo thứ tự danh mục)", en: "Unit (official list order)" },
  { value: "-updatedAt", vi: "Cập nhật gần đây nhất trước", en: "Recently updated first" },
  { value: "period", vi: "Kỳ báo cáo (cũ trước)", en: "Period (oldest first)" },
  { value: "-period", vi: "Kỳ báo cáo (mới trước)", en: "Period (newest first)" },
];

const UNIT_TYPES = ["province", "commune", "agency", "ministry", "sector", "nation"];

function scopesFor(me: Me) {
  return SCOPES.filter((s) => !s.needs || can(me, s.needs));
}

export default function ReportsScreen(props: { route: Route }) {
  const { me } = useSession();
  const q = props.route.query;
  const scopes = scopesFor(me);
  const scope = (scopes.find((s) => s.scope === q.get("scope")) ?? scopes[0]).scope;
  const status = q.get("status") ?? (scope === "approve" ? "submitted" : "");
  const form = q.get("form") ?? "";
  const year = q.get("year") ?? "";
  const unitType = q.get("unitType") ?? "";
  const sort = q.get("sort") ?? "-submittedAt";
  const page = Math.max(0, Number(q.get("page") ?? "0") || 0);
  const setQuery = (next: Record<string, string | undefined>) =>
    replaceQuery({
      scope,
      status,
      form: form || undefined,
      year: year || undefined,
      unitType: unitType || undefined,
      sort,
      page: undefined,
      ...next,
    });

  const forms = useAsync(() => call(api.GET("/api/v1/forms")), []);
  const list = useAsync(
    () =>
      call(
        api.GET("/api/v1/reports", {
          params: {
            query: {
              scope,
              status: status || undefined,
              form: form || undefined,
              year: year ? Number(year) : undefined,
              unitType: (unitType || undefined) as Item["unitType"] | undefined,
              sort: sort as "-submittedAt",
              limit: PAGE,
              offset: page * PAGE,
            },
          },
        }),
      ),
    [scope, status, form, year, unitType, sort, page],
  );
  const [selected, setSelected] = useState<Map<string, Item>>(new Map());
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<Batch | null>(null);
  const selectable = scope === "approve";
  const rows = list.data?.reports ?? [];
  const thisYear = new Date().getFullYear();

  const toggle = (r: Item, on: boolean) => {
    const next = new Map(selected);
    if (on) next.set(keyOf(r), r);
    else next.delete(keyOf(r));
    setSelected(next);
  };
  const approvable = rows.filter((r) => r.status === "submitted");
  const allOn = approvable.length > 0 && approvable.every((r) => selected.has(keyOf(r)));

  return (
    <Page
      wide
      title={t("Báo cáo", "Reports")}
      subtitle={t("Báo cáo của các đơn vị trong phạm vi của bạn", "Reports of the units within your scope")}
    >
      <nav class="tabs" aria-label={t("Danh sách", "Lists")}>
        {scopes.map((s) => (
          <a
            aria-current={s.scope === scope ? "page" : undefined}
            id={`reports-tab-${s.scope}`}
            href={href("/reports", { scope: s.scope })}
          >
            {t(s.vi, s.en)}
          </a>
        ))}
      </nav>
      <form class="card reports-filters" onSubmit={(e) => e.preventDefault()} aria-label={t("Bộ lọc", "Filters")}>
        <div class="field">
          <label for="reports-status">{t("Trạng thái", "Status")}</label>
          <select id="reports-status" value={status} onChange={(e) => setQuery({ status: e.currentTarget.value })}>
            <option value="">{t("Mọi trạng thái", "Any status")}</option>
            {["submitted", "returned", "draft", "approved"].map((s) => (
              <option value={s}>{statusLabel(s)}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="reports-form">{t("Biểu mẫu", "Form")}</label>
          <select
            id="reports-form"
            value={form}
            onChange={(e) => setQuery({ form: e.currentTarget.value || undefined })}
          >
            <option value="">{t("Mọi biểu mẫu", "Every form")}</option>
            {(forms.data?.forms ?? []).map((f) => (
              <option value={f.code}>{pick(f)}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="reports-year">{t("Năm", "Year")}</label>
          <select
            id="reports-year"
            value={year}
            onChange={(e) => setQuery({ year: e.currentTarget.value || undefined })}
          >
            <option value="">{t("Mọi năm", "Every year")}</option>
            {Array.from({ length: 6 }, (_, i) => String(thisYear - i)).map((y) => (
              <option value={y}>{y}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="reports-unit-type">{t("Loại đơn vị", "Unit type")}</label>
          <select
            id="reports-unit-type"
            value={unitType}
            onChange={(e) => setQuery({ unitType: e.currentTarget.value || undefined })}
          >
            <option value="">{t("Mọi loại", "Every type")}</option>
            {UNIT_TYPES.map((u) => (
              <option value={u}>{unitTypeLabel(u)}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="reports-sort">{t("Sắp xếp", "Sort")}</label>
          <select id="reports-sort" value={sort} onChange={(e) => setQuery({ sort: e.currentTarget.value })}>
            {SORTS.map((s) => (
              <option value={s.value}>{t(s.vi, s.en)}</option>
            ))}
          </select>
        </div>
      </form>

      {outcome && (
        <BatchOutcome outcome={outcome} rows={[...selected.values(), ...rows]} onClose={() => setOutcome(null)} />
      )}
      <ErrorBox error={list.error} />
      {list.loading && <Loading />}
      {list.data && !list.loading && (
        <section class="card" aria-labelledby="reports-list-h">
          <div class="row reports-head">
            <h2 id="reports-list-h">
              {t(`${fmtNumber(list.data.total)} báo cáo`, `${fmtNumber(list.data.total)} report(s)`)}
            </h2>
            {selectable && (
              <button
                type="button"
                class="btn btn-primary"
                id="approve-selected"
                disabled={selected.size === 0}
                onClick={() => setConfirming(true)}
              >
                {selected.size === 0
                  ? t("Chọn báo cáo để phê duyệt", "Select reports to approve")
                  : t(`Phê duyệt ${selected.size} báo cáo đã chọn…`, `Approve the ${selected.size} selected…`)}
              </button>
            )}
          </div>
          {rows.length === 0 ? (
            <p class="muted" id="reports-empty">
              {scope === "approve" && status === "submitted"
                ? t("Không có báo cáo nào chờ bạn duyệt.", "Nothing awaits your approval.")
                : t("Không có báo cáo nào khớp bộ lọc.", "No report matches the filters.")}
            </p>
          ) : (
            <div class="table-scroll">
              <table class="data reports-table" id="reports-table">
                <caption class="sr-only">{t("Danh sách báo cáo", "Reports")}</caption>
                <thead>
                  <tr>
                    {selectable && (
                      <th scope="col" class="pick">
                        <input
                          type="checkbox"
                          id="reports-select-all"
                          aria-label={t(
                            "Chọn mọi báo cáo đã nộp trên trang",
                            "Select every submitted report on the page",
                          )}
                          checked={allOn}
                          disabled={approvable.length === 0}
                          onChange={(e) => {
                            const on = e.currentTarget.checked;
                            const next = new Map(selected);
                            for (const r of approvable) {
                              if (on) next.set(keyOf(r), r);
                              else next.delete(keyOf(r));
                            }
                            setSelected(next);
                          }}
                        />
                      </th>
                    )}
                    <th scope="col">{t("Đơn vị", "Unit")}</th>
                    <th scope="col">{t("Báo cáo", "Report")}</th>
                    <th scope="col">{t("Trạng thái", "Status")}</th>
                    <th scope="col">{t("Nộp lúc", "Submitted")}</th>
                    <th scope="col" class="message">
                      {t("Lời nhắn khi nộp", "Message with the submission")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={keyOf(r)} data-report={keyOf(r)}>
                      {selectable && (
                        <td class="pick">
                          {r.status === "submitted" && (
                            <input
                              type="checkbox"
                              aria-label={t(`Chọn ${r.unitNameVi}`, `Select ${r.unitNameVi}`)}
                              checked={selected.has(keyOf(r))}
                              onChange={(e) => toggle(r, e.currentTarget.checked)}
                            />
                          )}
                        </td>
                      )}
                      <td>
                        <a href={href(["reports", r.form, r.unit, r.period])}>{r.unitNameVi}</a>
                        <div class="muted small">{unitTypeLabel(r.unitType)}</div>
                      </td>
                      <td>
                        {t(r.formNameVi, r.formNameEn || r.formNameVi)}
                        <div class="muted small">{r.periodLabelVi}</div>
                      </td>
                      <td>
                        <StatusBadge status={r.status} />
                      </td>
                      <td>
                        {r.submittedAt ? fmtDateTime(r.submittedAt) : "—"}
                        <div class="muted small">{r.submittedByName || r.submittedBy || ""}</div>
                      </td>
                      <td class="message">{r.message || <span class="muted">—</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager total={list.data.total} page={page} onPage={(p) => setQuery({ page: p ? String(p) : undefined })} />
        </section>
      )}
      <ApproveDialog
        open={confirming}
        items={[...selected.values()]}
        onClose={() => setConfirming(false)}
        onDone={(result) => {
          setConfirming(false);
          setOutcome(result);
          setSelected(new Map());
          list.reload();
        }}
      />
    </Page>
  );
}

function Pager(props: { total: number; page: number; onPage: (p: number) => void }) {
  const pages = Math.ceil(props.total / PAGE);
  if (pages <= 1) return null;
  return (
    <nav class="row pager" aria-label={t("Trang", "Pages")}>
      <button
        type="button"
        class="btn btn-small"
        disabled={props.page === 0}
        onClick={() => props.onPage(props.page - 1)}
      >
        {t("← Trang trước", "← Previous")}
      </button>
      <span class="muted small">{t(`Trang ${props.page + 1} / ${pages}`, `Page ${props.page + 1} of ${pages}`)}</span>
      <button
        type="button"
        class="btn btn-small"
        disabled={props.page + 1 >= pages}
        onClick={() => props.onPage(props.page + 1)}
      >
        {t("Trang sau →", "Next →")}
      </button>
    </nav>
  );
}

/** Confirms the approval of the selected reports, then sends them at once. */
