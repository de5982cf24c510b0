// Audit trail: filter by entity, actor and dates; newest first, paged backwards by `seq`;
// each entry's before/after shown as a small key/value difference.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, call, type Schemas } from "../../lib/api";
import { fmtDateTime } from "../../lib/format";
import { t } from "../../lib/i18n";
import { href, navigate, type Route } from "../../lib/router";
import { can, useSession } from "../../lib/session";
import { ErrorBox, Loading, Page } from "../../lib/ui";
import { Field } from "../../lib/form-field";
import { useUnitNames, UnitRef } from "../../lib/units";
import "../../lib/org.css";
import { DateInput } from "../../lib/date-input";
import { ENTITY_TYPES, actionLabel, entityHref, typeLabel } from "./audit-labels";
import { Diff } from "./audit-diff";

type Entry = Schemas["AuditEntry"];

const DEFAULT_PAGE = 100;

interface Filters {
  type: string;
  id: string;
  actor: string;
  from: string;
  to: string;
}

function filtersOf(q: URLSearchParams): Filters {
  return {
    type: q.get("type") ?? "",
    id: q.get("id") ?? "",
    actor: q.get("actor") ?? "",
    from: q.get("from") ?? "",
    to: q.get("to") ?? "",
  };
}

/** "to" in the form is the last day shown (inclusive); the API's `to` is exclusive. */
function nextDay(iso: string): string {
  const d = new Date(iso + "T00:00:00Z");
  if (Number.isNaN(d.getTime())) return iso;
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export default function AuditGuard(props: { route: Route }) {
  // the shell may render this screen for a moment with the next screen's route
  if (props.route.path[0] !== "audit") return null;
  return <AuditInner route={props.route} />;
}

function AuditInner(props: { route: Route }) {
  const { me } = useSession();
  // a user entry links to the users screen only for whom the server opens it
  const manageUsers = can(me, "users.manage");
  const f = filtersOf(props.route.query);
  const PAGE = Math.min(1000, Math.max(1, Number(props.route.query.get("limit")) || DEFAULT_PAGE));
  const key = JSON.stringify(f) + PAGE;
  const [form, setForm] = useState<Filters>(f);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [more, setMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [seq, setSeq] = useState(0);
  const tokenRef = useRef(0);

  const load = async (before: number | undefined, token: number) => {
    setLoading(true);
    setError(null);
    try {
      const r = await call(
        api.GET("/api/v1/audit", {
          params: {
            query: {
              entityType: f.type || undefined,
              entityId: f.id || undefined,
              actor: f.actor || undefined,
              from: f.from || undefined,
              to: f.to ? nextDay(f.to) : undefined,
              before,
              limit: PAGE,
            },
          },
        }),
      );
      if (token !== tokenRef.current) return;
      setEntries((old) => (before === undefined ? r.entries : [...old, ...r.entries]));
      setMore(r.entries.length === PAGE);
    } catch (err) {
      if (token !== tokenRef.current) return;
      setError(err);
    } finally {
      if (token === tokenRef.current) setLoading(false);
    }
  };

  useEffect(() => {
    setForm(f);
    const token = ++tokenRef.current;
    setEntries([]);
    void load(undefined, token);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, seq]);

  const names = useUnitNames(entries.map((e) => e.unit));
  const apply = (e: Event) => {
    e.preventDefault();
    const q: Record<string, string> = {};
    for (const [k, v] of Object.entries(form)) if (v.trim()) q[k] = v.trim();
    if (JSON.stringify({ ...{ type: "", id: "", actor: "", from: "", to: "" }, ...q }) + PAGE === key)
      setSeq((x) => x + 1);
    else navigate("/audit", q);
  };
  const set = (k: keyof Filters) => (e: Event) =>
    setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  const oldest = entries.length ? entries[entries.length - 1].seq : undefined;
  const filtered = !!(f.type || f.id || f.actor || f.from || f.to);

  if (error instanceof ApiError && error.status === 403 && error.problem.code === "E3003")
    return (
      <Page title={t("Nhật ký hệ thống", "Audit trail")}>
        <ErrorBox error={error} id="audit-forbidden" />
        <p class="muted">
          {t(
            "Nhật ký chỉ dành cho quản trị viên, cán bộ quản lý và người phê duyệt.",
            "The audit trail is for administrators, managers and approvers.",
          )}
        </p>
      </Page>
    );
  return (
    <Page
      wide
      title={t("Nhật ký hệ thống", "Audit trail")}
      subtitle={
        f.type && f.id
          ? t(
              `Lịch sử của ${typeLabel(f.type).toLowerCase()} ${f.id}`,
              `History of ${typeLabel(f.type).toLowerCase()} ${f.id}`,
            )
          : t(
              "Mọi thay đổi được ghi lại theo chuỗi băm, mới nhất trước.",
              "Every change is recorded in a hash chain, newest first.",
            )
      }
    >
      <form class="card org-filters" onSubmit={apply} aria-label={t("Lọc nhật ký", "Filter the audit trail")}>
        <Field id="audit-type" label={t("Loại đối tượng", "Entity type")} error={error} names={["entityType"]}>
          {(a) => (
            <select {...a} value={form.type} onChange={set("type")}>
              <option value="">{t("Tất cả", "All")}</option>
              {ENTITY_TYPES.map(([v, vi, en]) => (
                <option value={v}>{t(vi, en)}</option>
              ))}
              {form.type && !ENTITY_TYPES.some((e) => e[0] === form.type) && (
                <option value={form.type}>{form.type}</option>
              )}
            </select>
          )}
        </Field>
        <Field id="audit-id" label={t("Mã đối tượng", "Entity id")} error={error} names={["entityId"]}>
          {(a) => (
            <input
              {...a}
              value={form.id}
              onInput={set("id")}
              placeholder="BC_BDG_NAM/00070/2026"
              style={{ minWidth: "15rem" }}
            />
          )}
        </Field>
        <Field id="audit-actor" label={t("Người thực hiện", "Actor")} error={error} names={["actor"]}>
          {(a) => (
            <input {...a} value={form.actor} onInput={set("actor")} placeholder="hanoi.quanly" autocomplete="off" />
          )}
        </Field>
        <Field id="audit-from" label={t("Từ ngày", "From")} error={error} names={["from"]}>
          {(a) => <DateInput {...a} value={form.from} onValue={(v) => setForm({ ...form, from: v })} />}
        </Field>
        <Field id="audit-to" label={t("Đến ngày", "To")} error={error} names={["to"]}>
          {(a) => <DateInput {...a} value={form.to} onValue={(v) => setForm({ ...form, to: v })} />}
        </Field>
        <div class="org-actions">
          <button type="submit" class="btn btn-primary">
            {t("Lọc", "Filter")}
          </button>
          {filtered && (
            <a class="btn" href={href("/audit")}>
              {t("Bỏ lọc", "Clear")}
            </a>
          )}
        </div>
      </form>
      <ErrorBox error={error} />
      <div class="table-block">
        <div class="table-scroll">
          <table class="data" id="audit-table">
            <caption>
              {t(
                `Các mục nhật ký (${entries.length}${more ? "+" : ""})`,
                `Audit entries (${entries.length}${more ? "+" : ""})`,
              )}
            </caption>
            <thead>
              <tr>
                <th scope="col" class="num">
                  #
                </th>
                <th scope="col">{t("Thời gian", "Time")}</th>
                <th scope="col">{t("Người thực hiện", "Actor")}</th>
                <th scope="col">{t("Thao tác", "Action")}</th>
                <th scope="col">{t("Đối tượng", "Entity")}</th>
                <th scope="col">{t("Đơn vị", "Unit")}</th>
                <th scope="col">{t("Chi tiết (trước → sau)", "Details (before → after)")}</th>
              </tr>
            </thead>
            <tbody>
              {!loading && entries.length === 0 && !error && (
                <tr>
                  <td colSpan={7} class="muted">
                    {t("Không có mục nào.", "No entries.")}
                  </td>
                </tr>
              )}
              {entries.map((e) => {
                const link = entityHref(e.entityType, e.entityId, manageUsers);
                const same = f.type === e.entityType && f.id === e.entityId;
                return (
                  <tr key={e.seq}>
                    <td class="num" data-label="#">
                      {e.seq}
                    </td>
                    <td class="org-nowrap" data-label={t("Thời gian", "Time")}>
                      {fmtDateTime(e.occurredAt)}
                    </td>
                    <td data-label={t("Người thực hiện", "Actor")}>
                      <a
                        href={href("/audit", { actor: e.actor })}
                        title={t("Lọc theo người này", "Filter by this actor")}
                      >
                        {e.actor}
                      </a>
                    </td>
                    <td data-label={t("Thao tác", "Action")}>
                      <span title={e.action}>{actionLabel(e.action, e.entityType)}</span>
                    </td>
                    <td class="org-audit-entity" data-label={t("Đối tượng", "Entity")}>
                      <div>
                        <span class="muted small">{typeLabel(e.entityType)}</span>
                        <br />
                        {link ? <a href={link}>{e.entityId}</a> : e.entityId}{" "}
                        {!same && (
                          <a
                            class="small"
                            href={href("/audit", { type: e.entityType, id: e.entityId })}
                            aria-label={t(`Lịch sử của ${e.entityId}`, `History of ${e.entityId}`)}
                          >
                            {t("[lịch sử]", "[history]")}
                          </a>
                        )}
                      </div>
                    </td>
                    <td data-label={t("Đơn vị", "Unit")}>
                      <UnitRef code={e.unit} names={names} />
                    </td>
                    <td data-label={t("Chi tiết", "Details")}>
                      <Diff before={e.before} after={e.after} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>
      {loading && <Loading />}
      {more && !loading && oldest !== undefined && (
        <button type="button" class="btn" id="audit-more" onClick={() => void load(oldest, tokenRef.current)}>
          {t("Xem các mục cũ hơn", "Show older entries")}
        </button>
      )}
    </Page>
  );
}
