// Small building blocks every screen uses: page frame, loading and error states, the
// sortable table with CSV export, status badges.
import type { ComponentChildren, JSX } from "preact";
import { useEffect, useRef, useState, useCallback } from "preact/hooks";
import { ApiError } from "./api";
import { csvText } from "./csv";
import { t } from "./i18n";
import { fieldLabel } from "./labels";

/** A screen: its heading gets the focus when the screen opens (screen readers announce it). */
export function Page(props: {
  title: string;
  subtitle?: ComponentChildren;
  actions?: ComponentChildren;
  children: ComponentChildren;
  wide?: boolean;
}) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · tienbo`;
    h1.current?.focus({ preventScroll: false });
  }, [props.title]);
  return (
    <section class={props.wide ? "page page-wide" : "page"} aria-labelledby="page-title">
      <header class="page-head">
        <div>
          <h1 id="page-title" tabIndex={-1} ref={h1}>
            {props.title}
          </h1>
          {props.subtitle && <p class="subtitle">{props.subtitle}</p>}
        </div>
        {props.actions && <div class="page-actions">{props.actions}</div>}
      </header>
      {props.children}
    </section>
  );
}

export function Loading(props: { label?: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      {props.label ?? t("Đang tải…", "Loading…")}
    </p>
  );
}

/** Shows an error in the current language, with its code and the field concerned. */
export function ErrorBox(props: { error: unknown; id?: string }) {
  const e = props.error;
  if (!e) return null;
  let text: string;
  let extra = "";
  if (e instanceof ApiError) {
    const p = e.problem;
    text = t(p.detail, p.detailEn || p.detail);
    const bits = [];
    // The field by the name its screen gives it; the code last, for whoever the user asks for help.
    const field = p.field ? fieldLabel(p.field) : undefined;
    if (field) bits.push(t("Ô cần sửa: ", "Field: ") + field);
    if (p.retryAfter) bits.push(t(`Thử lại sau ${p.retryAfter} giây`, `Try again in ${p.retryAfter} s`));
    if (p.code) bits.push(t("Mã lỗi ", "Error code ") + p.code);
    extra = bits.join(" · ");
  } else {
    text = e instanceof Error ? e.message : String(e);
  }
  return (
    <div class="alert alert-error" role="alert" id={props.id}>
      <p class="pre">{text}</p>
      {extra && <p class="muted small">{extra}</p>}
    </div>
  );
}

export function Notice(props: { kind?: "ok" | "info" | "warn"; children: ComponentChildren }) {
  return (
    <div class={`alert alert-${props.kind ?? "info"}`} role="status">
      {props.children}
    </div>
  );
}

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (d: T) => void;
}

/** Runs an async loader when deps change; ignores answers that arrive after a newer request. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    load().then(
      (d) => {
        if (mine === seq.current) {
          setData(d);
          setLoading(false);
        }
      },
      (err) => {
        if (mine === seq.current) {
          setError(err);
          setLoading(false);
        }
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((x) => x + 1), []);
  return { data, error, loading, reload, setData };
}

const STATUS: Record<string, [string, string]> = {
  draft: ["Đang soạn", "Draft"],
  submitted: ["Đã nộp", "Submitted"],
  returned: ["Bị trả lại", "Returned"],
  approved: ["Đã duyệt", "Approved"],
  missing: ["Chưa nộp", "Missing"],
};

export function statusLabel(status: string): string {
  const s = STATUS[status];
  return s ? t(s[0], s[1]) : status;
}

export function StatusBadge(props: { status: string }) {
  return <span class={`badge badge-${props.status}`}>{statusLabel(props.status)}</span>;
}

export interface Column<T> {
  key: string;
  label: string;
  /** The value written to CSV, and used for sorting unless sortValue is given. */
  value: (row: T) => string | number | null | undefined;
  /** The value used for sorting when it differs from what a person reads (a role's rank). */
  sortValue?: (row: T) => string | number | null | undefined;
  render?: (row: T) => ComponentChildren;
  numeric?: boolean;
  /** Buttons and other controls: not written to CSV. */
  noCsv?: boolean;
}

/** Writes rows as a UTF-8 CSV with a BOM (Excel opens the Vietnamese correctly) and downloads it. */
export function downloadCsv<T>(name: string, columns: Column<T>[], rows: T[]): void {
  const kept = columns.filter((c) => !c.noCsv);
  const text = csvText(
    kept.map((c) => c.label),
    rows.map((r) => kept.map((c) => c.value(r))),
  );
  const blob = new Blob([text], { type: "text/csv;charset=utf-8" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** A table sortable by any column (click or Enter on the header), with an optional CSV export. */
export function DataTable<T>(props: {
  columns: Column<T>[];
  rows: T[];
  caption?: string;
  csvName?: string;
  initialSort?: { key: string; dir: "asc" | "desc" };
  rowKey: (row: T) => string;
  empty?: string;
  id?: string;
  /** Rows shown before "show more" (long tables stay fast); CSV always has every row. */
  pageSize?: number;
}) {
  const [sort, setSort] = useState(props.initialSort ?? null);
  const pageSize = props.pageSize ?? 300;
  const [limit, setLimit] = useState(pageSize);
  const col = sort ? props.columns.find((c) => c.key === sort.key) : undefined;
  const rows = col
    ? [...props.rows].sort((a, b) => {
        const key = col.sortValue ?? col.value;
        const x = key(a);
        const y = key(b);
        let r: number;
        if (x === y) r = 0;
        else if (x === null || x === undefined || x === "") r = 1;
        else if (y === null || y === undefined || y === "") r = -1;
        else if (typeof x === "number" && typeof y === "number") r = x - y;
        else r = String(x).localeCompare(String(y), "vi");
        return sort!.dir === "asc" ? r : -r;
      })
    : props.rows;
  const toggle = (key: string) =>
    setSort((s) => (s && s.key === key ? { key, dir: s.dir === "asc" ? "desc" : "asc" } : { key, dir: "asc" }));
  return (
    <div class="table-block">
      {props.csvName && (
        <div class="table-tools">
          <button type="button" class="btn btn-small" onClick={() => downloadCsv(props.csvName!, props.columns, rows)}>
            {t("Tải CSV", "Download CSV")}
          </button>
        </div>
      )}
      <div class="table-scroll">
        <table class="data" id={props.id}>
          {props.caption && <caption>{props.caption}</caption>}
          <thead>
            <tr>
              {props.columns.map((c) => {
                const active = sort?.key === c.key;
                const aria: JSX.AriaAttributes["aria-sort"] = active
                  ? sort!.dir === "asc"
                    ? "ascending"
                    : "descending"
                  : "none";
                return (
                  <th scope="col" aria-sort={aria} class={c.numeric ? "num" : undefined}>
                    <button type="button" class="sort" onClick={() => toggle(c.key)}>
                      {c.label}
                      <span aria-hidden="true" class="sort-mark">
                        {active ? (sort!.dir === "asc" ? " ▲" : " ▼") : ""}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={props.columns.length} class="muted">
                  {props.empty ?? t("Không có dữ liệu", "No data")}
                </td>
              </tr>
            )}
            {rows.slice(0, limit).map((r) => (
              <tr key={props.rowKey(r)}>
                {props.columns.map((c) => (
                  <td class={c.numeric ? "num" : undefined}>{c.render ? c.render(r) : (c.value(r) ?? "")}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > limit && (
        <div class="row table-more">
          <span class="muted small">
            {t(`Đang hiện ${limit} / ${rows.length} dòng`, `Showing ${limit} of ${rows.length} rows`)}
          </span>
          <button type="button" class="btn btn-small" onClick={() => setLimit(limit + pageSize)}>
            {t("Hiện thêm", "Show more")}
          </button>
          <button type="button" class="btn btn-small" onClick={() => setLimit(rows.length)}>
            {t("Hiện tất cả", "Show all")}
          </button>
        </div>
      )}
    </div>
  );
}

/** Loads a module on first render (code splitting for heavy screens). A screen is never shown
 * with another screen's props: until the new module is there, the loading line is. */
export function Lazy<P extends object>(props: {
  load: () => Promise<{ default: (p: P) => JSX.Element | null }>;
  props: P;
}) {
  const [loaded, setLoaded] = useState<{ load: unknown; Comp: (p: P) => JSX.Element | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    setError(null);
    props.load().then(
      (m) => live && setLoaded({ load: props.load, Comp: m.default }),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only another module is loaded again, not other props
  }, [props.load]);
  if (error) return <ErrorBox error={error} />;
  if (!loaded || loaded.load !== props.load) return <Loading />;
  const Comp = loaded.Comp;
  return <Comp {...props.props} />;
}

/**
 * The mark of a blocking error, a warning or a pass, drawn (not an emoji: ⛔ and ⚠ show as empty
 * boxes where no emoji font is installed), with its meaning for screen readers.
 */
export function SeverityIcon(props: { kind: "blocking" | "warning" | "ok" }) {
  const label = { blocking: t("Lỗi chặn: ", "Blocking: "), warning: t("Cảnh báo: ", "Warning: "), ok: "" }[props.kind];
  return (
    <>
      <svg
        class={`sev-icon sev-${props.kind}`}
        viewBox="0 0 16 16"
        width="1em"
        height="1em"
        aria-hidden="true"
        focusable="false"
      >
        {props.kind === "blocking" && (
          <>
            <circle cx="8" cy="8" r="7" fill="currentColor" />
            <rect x="3.5" y="6.75" width="9" height="2.5" rx="0.5" fill="#fff" />
          </>
        )}
        {props.kind === "warning" && (
          <>
            <path d="M8 1.2 15.2 14.5H0.8Z" fill="currentColor" />
            <rect x="7.1" y="5.5" width="1.8" height="5" fill="#fff" />
            <rect x="7.1" y="11.6" width="1.8" height="1.8" fill="#fff" />
          </>
        )}
        {props.kind === "ok" && <path d="M2 8.5 6.2 12.5 14 4" fill="none" stroke="currentColor" stroke-width="2.4" />}
      </svg>
      {label && <span class="sr-only">{label}</span>}{" "}
    </>
  );
}
